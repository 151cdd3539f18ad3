#!/usr/bin/env bash
# Local Apache Jena Fuseki (SPARQL 1.1 Query/Update + Graph Store Protocol) for development and CI.
#
#   scripts/fuseki.sh install   fetch org.apache.jena:jena-fuseki-server (one jar) from Maven Central
#   scripts/fuseki.sh start     start it in the background with a persistent TDB2 dataset /dkg whose
#                               default graph is the union of the named graphs (scripts/fuseki/dkg-tdb2.ttl)
#   scripts/fuseki.sh stop      SIGTERM, then SIGKILL after a timeout
#   scripts/fuseki.sh status    exit 0 if it is running and answering
#   scripts/fuseki.sh uri       print http://127.0.0.1:PORT/dkg
#   scripts/fuseki.sh jar       print the path of the Fuseki/Jena jar
#
# The same jar carries Jena's command-line tools; scripts/jena-shacl.sh runs its SHACL validator.
# Environment: DKG_FUSEKI_PORT (3030), DKG_JENA_VERSION (5.6.0), DKG_FUSEKI_HEAP (1g),
# DKG_FUSEKI_START_TIMEOUT (120 s), DKG_FUSEKI_STOP_TIMEOUT (30 s), DKG_PYTHON, DKG_MVN_ARGS,
# DKG_FUSEKI_DB (the TDB2 directory, default .services/fuseki/tdb2), DKG_FUSEKI_STATE (the state
# directory, default .services/fuseki: a second instance on another port needs its own),
# DKG_FUSEKI_MEM=1 (the old in-memory dataset, emptied by a restart).
# State lives in .services/fuseki/ (gitignored). The dataset persists across restarts.
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd -- "$SCRIPT_DIR/.." && pwd)

HOST=127.0.0.1
PORT=${DKG_FUSEKI_PORT:-3030}
DATASET=dkg
BASE_URL="http://$HOST:$PORT"
URI="$BASE_URL/$DATASET"
JENA_VERSION=${DKG_JENA_VERSION:-5.6.0}
HEAP=${DKG_FUSEKI_HEAP:-1g}
START_TIMEOUT=${DKG_FUSEKI_START_TIMEOUT:-120}
STOP_TIMEOUT=${DKG_FUSEKI_STOP_TIMEOUT:-30}
DEP_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.6.1

STATE=${DKG_FUSEKI_STATE:-$ROOT/.services/fuseki}
LIB=${DKG_FUSEKI_LIB:-$STATE/lib}
DB=${DKG_FUSEKI_DB:-$STATE/tdb2}
CONFIG_TEMPLATE=$SCRIPT_DIR/fuseki/dkg-tdb2.ttl
JAR=$LIB/jena-fuseki-server-$JENA_VERSION.jar
PIDFILE=$STATE/fuseki.pid
LOG=$STATE/fuseki.log
INSTALL_LOG=$STATE/install.log

SERVICE=fuseki
PROCESS_MARK=jena-fuseki-server
# shellcheck source=lib-service.sh
source "$SCRIPT_DIR/lib-service.sh"

# Wait until /$/ping answers and `ASK {}` on /dkg/query returns true.
# Args: TIMEOUT_SECONDS [PID]. Exit 0 ready, 1 timeout, 2 the process died.
service_ready() {
    "$(python_bin)" "$SCRIPT_DIR/wait_for_service.py" sparql "$URI" "$1" "${2:-}"
}

cmd_install() {
    command -v java >/dev/null || die "java not found (Java 17+ is needed)"
    if [[ -s $JAR ]] && "$(python_bin)" -m zipfile -l "$JAR" >/dev/null 2>&1; then
        log "already installed (${JAR#"$ROOT"/})"
        return 0
    fi
    command -v mvn >/dev/null || die "mvn not found (apt-get install maven)"
    mkdir -p "$LIB"
    local -a extra=()
    read -r -a extra <<<"${DKG_MVN_ARGS:-}"
    log "fetching org.apache.jena:jena-fuseki-server:$JENA_VERSION (Maven; log: ${INSTALL_LOG#"$ROOT"/})"
    rm -f "$JAR"
    mvn_with_retries "fetched" "${extra[@]}" "$DEP_PLUGIN:copy" \
        -Dartifact="org.apache.jena:jena-fuseki-server:$JENA_VERSION" -DoutputDirectory="$LIB"
    [[ -s $JAR ]] || die "Maven finished but $JAR is missing; see $INSTALL_LOG"
    log "installed: ${JAR#"$ROOT"/} ($(du -h "$JAR" | cut -f1))"
}

cmd_start() {
    already_serving && return 0
    [[ -s $JAR ]] || die "not installed: run $0 install"

    mkdir -p "$STATE/base"
    local -a cmd=(java "-Xmx$HEAP" -XX:+ExitOnOutOfMemoryError -jar "$JAR" --localhost --port "$PORT" --ping)
    if [[ ${DKG_FUSEKI_MEM:-} == 1 ]]; then
        cmd+=(--mem --update "/$DATASET")
    else
        # the TDB2 dataset: persistent, default graph = union of the named graphs
        mkdir -p "$DB"
        local db
        db=$(cd -- "$DB" && pwd)
        [[ $db != *'"'* && $db != *'\'* ]] || die "DKG_FUSEKI_DB must not contain quotes or backslashes: $db"
        sed "s|@LOCATION@|$db|" "$CONFIG_TEMPLATE" >"$STATE/config.ttl"
        cmd+=(--config "$STATE/config.ttl")
    fi
    log "starting Fuseki $JENA_VERSION at $URI (log: ${LOG#"$ROOT"/})"
    # FUSEKI_BASE: where Fuseki writes its run area (shiro.ini, config, logs).
    launch FUSEKI_BASE="$STATE/base" -- "${cmd[@]}"
    await_start
}

cmd_jar() { printf '%s\n' "$JAR"; }

dispatch "${1:-}" jar
