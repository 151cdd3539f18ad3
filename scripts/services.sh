#!/usr/bin/env bash
# Install, start, stop or check both local services: Neo4j (scripts/neo4j.sh) and Fuseki (scripts/fuseki.sh).
#
#   scripts/services.sh {install|start|stop|status}
#
# Runs the subcommand for both services (even when the first one fails) and exits non-zero if
# either failed.
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)

usage() {
    printf 'usage: %s {install|start|stop|status}\n' "$0" >&2
    exit 2
}

[[ $# -eq 1 ]] || usage
case $1 in
    install | start | stop | status) ;;
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
