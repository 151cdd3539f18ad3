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

log() { printf 'neo4j: %s\n' "$*"; }
die() { printf 'neo4j: ERROR: %s\n' "$*" >&2; exit 1; }

python_bin() {
    if [[ -n ${DKG_PYTHON:-} ]]; then
        printf '%s\n' "$DKG_PYTHON"
    elif [[ -x $ROOT/.venv/bin/python ]]; then
        printf '%s\n' "$ROOT/.venv/bin/python"
    else
        command -v python3 || die "no python3 found (set DKG_PYTHON)"
    fi
}

# Wait until Bolt answers `RETURN 1` (neo4j driver) or, without the driver, a Bolt handshake.
# Args: TIMEOUT_SECONDS [PID]. Exit 0 ready, 1 timeout, 2 the process died.
wait_for_bolt() {
    local py
    py=$(python_bin)
    "$py" - "$URI" "$1" "${2:-}" <<'PY'
import os, socket, sys, time
uri, timeout, pid = sys.argv[1], float(sys.argv[2]), sys.argv[3]
host, port = uri.rsplit("/", 1)[1].rsplit(":", 1)
try:
    from neo4j import GraphDatabase
except ImportError:
    GraphDatabase = None

def alive():
    if not pid:
        return True
    try:
        os.kill(int(pid), 0)
        return True
    except OSError:
        return False

def probe():
    if GraphDatabase is not None:
        # session.run, not execute_query: no built-in retries (and their log noise) per probe.
        with GraphDatabase.driver(uri, auth=None, connection_timeout=3) as driver, \
                driver.session() as session:
            return session.run("RETURN 1 AS ok").single()["ok"] == 1
    # Fallback: Bolt handshake (magic + four version proposals); server replies with 4 bytes.
    with socket.create_connection((host, int(port)), timeout=3) as s:
        s.sendall(bytes.fromhex("6060B017") + bytes.fromhex("00000405") + bytes(12))
        return len(s.recv(4)) == 4

deadline = time.monotonic() + timeout
last = ""
while True:
    try:
        if probe():
            sys.exit(0)
    except Exception as e:  # not up yet
        last = f"{type(e).__name__}: {e}"
    if not alive():
        print(f"process {pid} exited; last error: {last}", file=sys.stderr)
        sys.exit(2)
    if time.monotonic() >= deadline:
        print(f"no answer at {uri} after {timeout:.0f}s; last error: {last}", file=sys.stderr)
        sys.exit(1)
    time.sleep(1)
PY
}

# PID from the pid file if that process is alive and is our launcher; empty otherwise.
running_pid() {
    local pid cmdline
    [[ -f $PIDFILE ]] || return 0
    pid=$(<"$PIDFILE")
    [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 0
    cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)
    if [[ $cmdline == *"$MAIN_CLASS"* ]]; then
        printf '%s\n' "$pid"
    fi
}

port_in_use() {
    "$(python_bin)" - "$HOST" "$PORT" <<'PY'
import socket, sys
s = socket.socket()
s.settimeout(1)
sys.exit(0 if s.connect_ex((sys.argv[1], int(sys.argv[2]))) == 0 else 1)
PY
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
    local attempt start=$SECONDS
    for attempt in 1 2 3; do
        if mvn -B -ntp -f "$LAUNCHER_DIR/pom.xml" \
            -Dneo4j.version="$NEO4J_VERSION" \
            -Dmaven.wagon.http.retryHandler.count=3 \
            "${extra[@]}" package >"$INSTALL_LOG" 2>&1; then
            printf '%s' "$NEO4J_VERSION" >"$STAMP"
            log "installed in $((SECONDS - start))s: $(find "$TARGET/lib" -name '*.jar' | wc -l) jars in ${TARGET#"$ROOT"/}/lib"
            return 0
        fi
        log "mvn failed (attempt $attempt/3)"
        sleep $((attempt * 5))
    done
    tail -n 40 "$INSTALL_LOG" >&2
    die "install failed; see $INSTALL_LOG"
}

cmd_start() {
    local pid rc
    pid=$(running_pid)
    if [[ -n $pid ]]; then
        if wait_for_bolt "$START_TIMEOUT" "$pid"; then
            log "already running (pid $pid) at $URI"
            return 0
        fi
        die "running (pid $pid) but not answering at $URI; try: $0 stop && $0 start"
    fi
    rm -f "$PIDFILE"
    if port_in_use; then
        if wait_for_bolt 5; then
            log "something not started by this script already answers Bolt at $URI; using it"
            return 0
        fi
        die "port $PORT on $HOST is taken by something that does not speak Bolt (set DKG_NEO4J_PORT)"
    fi
    is_installed || die "not installed: run $0 install"

    mkdir -p "$HOME_DIR"
    local -a cmd=(java "-Xms256m" "-Xmx$HEAP" -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError
        -XX:-OmitStackTraceInFastThrow -Djdk.nio.maxCachedBufferSize=1024
        -Dio.netty.tryReflectionSetAccessible=true -Dlog4j2.disable.jmx=true
        --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
        --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
        -cp "$JAR:$TARGET/lib/*" "$MAIN_CLASS" "$HOME_DIR" "$PORT" "$HOST")
    log "starting Neo4j $NEO4J_VERSION at $URI (log: ${LOG#"$ROOT"/}, data: ${HOME_DIR#"$ROOT"/})"
    printf '\n=== %s start\n' "$(date -u +%FT%TZ)" >>"$LOG"
    # setsid: own session, so the server outlives the shell that started it and Ctrl-C there.
    if command -v setsid >/dev/null; then
        (cd "$STATE" && exec setsid "${cmd[@]}" </dev/null >>"$LOG" 2>&1) &
    else
        (cd "$STATE" && exec nohup "${cmd[@]}" </dev/null >>"$LOG" 2>&1) &
    fi
    pid=$!
    printf '%s\n' "$pid" >"$PIDFILE"

    rc=0
    wait_for_bolt "$START_TIMEOUT" "$pid" || rc=$?
    if [[ $rc -eq 0 ]]; then
        log "up (pid $pid) at $URI after ${SECONDS}s"
        return 0
    fi
    log "did not come up (rc=$rc); last lines of $LOG from this start:" >&2
    awk '/^=== .* start$/ { n = 0 } { line[n++] = $0 } END { for (i = (n > 60 ? n - 60 : 0); i < n; i++) print line[i] }' \
        "$LOG" >&2 || true
    if [[ -n $(find "$HOME_DIR/logs/debug.log" -newer "$PIDFILE" 2>/dev/null) ]]; then
        log "last lines of $HOME_DIR/logs/debug.log:" >&2
        tail -n 20 "$HOME_DIR/logs/debug.log" >&2 || true
    fi
    if kill -0 "$pid" 2>/dev/null; then
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$PIDFILE"
    exit 1
}

cmd_stop() {
    local pid waited=0
    pid=$(running_pid)
    if [[ -z $pid ]]; then
        rm -f "$PIDFILE"
        log "not running"
        return 0
    fi
    log "stopping (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null && ((waited < STOP_TIMEOUT)); do
        sleep 1
        waited=$((waited + 1))
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "still alive after ${STOP_TIMEOUT}s; sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        sleep 1
    fi
    rm -f "$PIDFILE"
    log "stopped"
}

cmd_status() {
    local pid
    pid=$(running_pid)
    if [[ -n $pid ]]; then
        if wait_for_bolt 5 "$pid" 2>/dev/null; then
            log "running (pid $pid) at $URI"
            return 0
        fi
        log "process $pid is alive but not answering at $URI"
        return 1
    fi
    if port_in_use && wait_for_bolt 5 2>/dev/null; then
        log "answering at $URI (not started by this script)"
        return 0
    fi
    log "not running"
    return 3
}

usage() {
    printf 'usage: %s {install|start|stop|status|uri}\n' "$0" >&2
    exit 2
}

[[ $# -eq 1 ]] || usage
case $1 in
    install) cmd_install ;;
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    uri) printf '%s\n' "$URI" ;;
    *) usage ;;
esac
