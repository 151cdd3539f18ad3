#!/usr/bin/env bash
# Validate RDF data against SHACL shapes with Apache Jena's command-line validator and print the report.
#
#   scripts/jena-shacl.sh SHAPES DATA [extra `shacl validate` options, e.g. --text]
#
# Runs `shacl validate --shapes SHAPES --data DATA` (main class shacl.shacl) from the
# jena-fuseki-server jar that scripts/fuseki.sh installs (it bundles jena-shacl and Jena's command
# classes); installs that jar first if it is missing. The report (Turtle by default, or text with
# --text) goes to stdout. The exit status is 0 whether or not the data conforms (read sh:conforms);
# it is non-zero when a file cannot be read or parsed.
# Environment: DKG_JENA_VERSION (5.6.0), DKG_JENA_JAVA_OPTS (default -Xmx1g).
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)

if [[ $# -lt 2 ]]; then
    printf 'usage: %s SHAPES DATA [shacl validate options]\n' "$0" >&2
    exit 2
fi
shapes=$1
data=$2
shift 2
[[ -r $shapes ]] || { printf 'jena-shacl: cannot read shapes file %s\n' "$shapes" >&2; exit 2; }
[[ -r $data ]] || { printf 'jena-shacl: cannot read data file %s\n' "$data" >&2; exit 2; }

jar=$("$SCRIPT_DIR/fuseki.sh" jar)
if [[ ! -s $jar ]]; then
    "$SCRIPT_DIR/fuseki.sh" install >&2
fi

read -r -a java_opts <<<"${DKG_JENA_JAVA_OPTS:--Xmx1g}"
exec java "${java_opts[@]}" -cp "$jar" shacl.shacl validate "$@" --shapes "$shapes" --data "$data"
