#!/usr/bin/env bash
# Install, start, stop or check both local services: Neo4j (scripts/neo4j.sh) and Fuseki (scripts/fuseki.sh).
#
#   scripts/services.sh {install|start|stop|status|env}
#
# Runs the subcommand for both services (even when the first one fails) and exits non-zero if
# either failed. `env` prints, as `export` lines for `eval`, exactly the variables dkg reads to reach
# them (directive_kg/cli/options.py: NEO4J_ENV) plus DKG_FUSEKI_URL for the tests; the servers these
# scripts start have authentication off, so DKG_NEO4J_USER and DKG_NEO4J_PASSWORD stay unset.
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)

usage() {
    printf 'usage: %s {install|start|stop|status|env}\n' "$0" >&2
    exit 2
}

[[ $# -eq 1 ]] || usage
case $1 in
    install | start | stop | status) ;;
    env)
        # dkg neo4j push, dkg cypher, dkg query --engine neo4j read these (and DKG_NEO4J_USER /
        # DKG_NEO4J_PASSWORD / DKG_NEO4J_DATABASE when a server needs them); dkg takes the Fuseki
        # dataset URL as --store or DKG_STORE, the tests read DKG_FUSEKI_URL
        printf 'export DKG_NEO4J_URI=%s\n' "$("$SCRIPT_DIR/neo4j.sh" uri)"
        printf 'export DKG_FUSEKI_URL=%s\n' "$("$SCRIPT_DIR/fuseki.sh" uri)"
        exit 0
        ;;
    *) usage ;;
esac

failed=()
for service in neo4j fuseki; do
    if ! "$SCRIPT_DIR/$service.sh" "$1"; then
        failed+=("$service")
    fi
done

if ((${#failed[@]})); then
    printf 'services: %s failed for: %s\n' "$1" "${failed[*]}" >&2
    exit 1
fi
if [[ $1 == start || $1 == status ]]; then
    printf 'services: DKG_NEO4J_URI=%s DKG_FUSEKI_URL=%s\n' \
        "$("$SCRIPT_DIR/neo4j.sh" uri)" "$("$SCRIPT_DIR/fuseki.sh" uri)"
fi
