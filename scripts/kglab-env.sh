#!/usr/bin/env bash
# A separate virtual environment with kglab, for the test that kglab reads `dkg export --format turtle`
# with the project's prefixes (issue 19). Separate because kglab brings ~120 packages the project does not
# use (JupyterLab, pyarrow…) and pyarrow would change pandas' string storage in the project's own venv.
#
#   scripts/kglab-env.sh          # creates .venv-kglab once (about 2 minutes); prints its python
set -euo pipefail
cd "$(dirname "$0")/.."
KGLAB_VERSION=1.0.1
if ! .venv-kglab/bin/python -c "import kglab" >/dev/null 2>&1; then
    python3 -m venv .venv-kglab
    .venv-kglab/bin/pip install -q --disable-pip-version-check "kglab==${KGLAB_VERSION}"
fi
echo "$PWD/.venv-kglab/bin/python"
