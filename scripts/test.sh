#!/usr/bin/env bash
# The README's test command: install the test extras, install and start the real Neo4j and Fuseki when they
# are not running, then run the whole suite against them (arguments go to pytest).
#
#   scripts/test.sh            # everything
#   scripts/test.sh -k neo4j   # a subset
#
# A newcomer on a fresh machine gets the integration tests run, not skipped. Services started here keep
# running afterwards (scripts/services.sh stop ends them); .ci/run calls this script with CI=true, where a
# service that does not come up fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."

[[ -x .venv/bin/python ]] || python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -e '.[test]'

if ! scripts/services.sh status >/dev/null 2>&1; then
    scripts/services.sh install
    scripts/services.sh start
fi
eval "$(scripts/services.sh env)"  # exactly the variables dkg and the tests read
scripts/kglab-env.sh >/dev/null     # kglab in its own venv, for the export test (tests/test_exports.py)

exec .venv/bin/pytest -q -p no:cacheprovider "$@"
