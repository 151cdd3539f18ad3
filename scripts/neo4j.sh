#!/usr/bin/env bash
# Local Neo4j 5.26 Community (embedded, Bolt only) for development and CI.
#
#   scripts/neo4j.sh install   build the launcher in scripts/neo4j/ (Neo4j jars come from Maven Central)
#   scripts/neo4j.sh start     start it in the background and wait until Bolt answers RETURN 1
#   scripts/neo4j.sh stop      SIGTERM (clean DBMS shutdown), then SIGKILL after a timeout
#   scripts/neo4j.sh status    exit 0 if it is running and answering
#   scripts/neo4j.sh uri       print bolt://127.0.0.1:PORT
#
# Environment: DKG_NEO4J_PORT (7687), DKG_NEO4J_VERSION (5.26.31), DKG_NEO4J_HEAP (1g),
# DKG_NEO4J_START_TIMEOUT (120 s), DKG_NEO4J_STOP_TIMEOUT (60 s), DKG_PYTHON (.venv/bin/python),
# DKG_MVN_ARGS (extra arguments for mvn). State lives in .services/neo4j/ (gitignored).
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd -- "$SCRIPT_DIR/.." && pwd)

HOST=127.0.0.1
PORT=${DKG_NEO4J_PORT:-7687}
URI="bolt://$HOST:$PORT"
NEO4J_VERSION=${DKG_NEO4J_VERSION:-5.26.31}
HEAP=${DKG_NEO4J_HEAP:-1g}
START_TIMEOUT=${DKG_NEO4J_START_TIMEOUT:-120}
STOP_TIMEOUT=${DKG_NEO4J_STOP_TIMEOUT:-60}
MAIN_CLASS=dkg.services.Neo4jServer

LAUNCHER_DIR=$SCRIPT_DIR/neo4j
TARGET=$LAUNCHER_DIR/target
JAR=$TARGET/dkg-neo4j-server.jar
STAMP=$TARGET/.dkg-neo4j-version
STATE=$ROOT/.services/neo4j
HOME_DIR=$STATE/home
PIDFILE=$STATE/neo4j.pid
LOG=$STATE/neo4j.log
INSTALL_LOG=$STATE/install.log

SERVICE=neo4j
PROCESS_MARK="$MAIN_CLASS"
# shellcheck source=lib-service.sh
source "$SCRIPT_DIR/lib-service.sh"

# Wait until Bolt answers `RETURN 1` (neo4j driver) or, without the driver, a Bolt handshake.
# Args: TIMEOUT_SECONDS [PID]. Exit 0 ready, 1 timeout, 2 the process died.
service_ready() {
    "$(python_bin)" "$SCRIPT_DIR/wait_for_service.py" bolt "$URI" "$1" "${2:-}"
}

is_installed() {
    [[ -f $JAR && -f $STAMP && -d $TARGET/lib ]] || return 1
    [[ $(<"$STAMP") == "$NEO4J_VERSION" ]] || return 1
    # Rebuild when the launcher's sources changed after the last build.
    [[ -z $(find "$LAUNCHER_DIR/pom.xml" "$LAUNCHER_DIR/src" -newer "$JAR" -type f -print -quit) ]]
}

cmd_install() {
    command -v java >/dev/null || die "java not found (Java 17+ is needed)"
    command -v mvn >/dev/null || die "mvn not found (apt-get install maven)"
    if is_installed; then
        log "already installed (Neo4j $NEO4J_VERSION, $(find "$TARGET/lib" -name '*.jar' | wc -l) jars in ${TARGET#"$ROOT"/}/lib)"
        return 0
    fi
    mkdir -p "$STATE"
    local -a extra=()
    read -r -a extra <<<"${DKG_MVN_ARGS:-}"
    log "building launcher with Neo4j $NEO4J_VERSION (Maven; log: ${INSTALL_LOG#"$ROOT"/})"
    rm -rf "${TARGET:?}/lib" "$STAMP"
    mvn_with_retries "built" -f "$LAUNCHER_DIR/pom.xml" -Dneo4j.version="$NEO4J_VERSION" "${extra[@]}" package
    printf '%s' "$NEO4J_VERSION" >"$STAMP"
    log "installed: $(find "$TARGET/lib" -name '*.jar' | wc -l) jars in ${TARGET#"$ROOT"/}/lib"
}

cmd_start() {
    already_serving && return 0
    is_installed || die "not installed: run $0 install"

    mkdir -p "$HOME_DIR"
    local -a cmd=(java "-Xms256m" "-Xmx$HEAP" -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError
        -XX:-OmitStackTraceInFastThrow -Djdk.nio.maxCachedBufferSize=1024
        -Dio.netty.tryReflectionSetAccessible=true -Dlog4j2.disable.jmx=true
        --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
        --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
        -cp "$JAR:$TARGET/lib/*" "$MAIN_CLASS" "$HOME_DIR" "$PORT" "$HOST")
    log "starting Neo4j $NEO4J_VERSION at $URI (log: ${LOG#"$ROOT"/}, data: ${HOME_DIR#"$ROOT"/})"
    launch -- "${cmd[@]}"
    EXTRA_LOG=$HOME_DIR/logs/debug.log await_start
}

dispatch "${1:-}"
