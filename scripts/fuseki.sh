#!/usr/bin/env bash
# Local Apache Jena Fuseki (SPARQL 1.1 Query/Update + Graph Store Protocol) for development and CI.
#
#   scripts/fuseki.sh install   fetch org.apache.jena:jena-fuseki-server (one jar) from Maven Central
#   scripts/fuseki.sh start     start it in the background with an in-memory, updatable dataset /dkg
#   scripts/fuseki.sh stop      SIGTERM, then SIGKILL after a timeout
#   scripts/fuseki.sh status    exit 0 if it is running and answering
#   scripts/fuseki.sh uri       print http://127.0.0.1:PORT/dkg
#   scripts/fuseki.sh jar       print the path of the Fuseki/Jena jar
#
# The same jar carries Jena's command-line tools; scripts/jena-shacl.sh runs its SHACL validator.
# Environment: DKG_FUSEKI_PORT (3030), DKG_JENA_VERSION (5.6.0), DKG_FUSEKI_HEAP (1g),
# DKG_FUSEKI_START_TIMEOUT (120 s), DKG_FUSEKI_STOP_TIMEOUT (30 s), DKG_PYTHON, DKG_MVN_ARGS.
# State lives in .services/fuseki/ (gitignored). The dataset is in memory: a restart empties it.
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

STATE=$ROOT/.services/fuseki
LIB=$STATE/lib
JAR=$LIB/jena-fuseki-server-$JENA_VERSION.jar
PIDFILE=$STATE/fuseki.pid
LOG=$STATE/fuseki.log
INSTALL_LOG=$STATE/install.log

log() { printf 'fuseki: %s\n' "$*"; }
die() { printf 'fuseki: ERROR: %s\n' "$*" >&2; exit 1; }

python_bin() {
    if [[ -n ${DKG_PYTHON:-} ]]; then
        printf '%s\n' "$DKG_PYTHON"
    elif [[ -x $ROOT/.venv/bin/python ]]; then
        printf '%s\n' "$ROOT/.venv/bin/python"
    else
        command -v python3 || die "no python3 found (set DKG_PYTHON)"
    fi
}

# Wait until /$/ping answers and `ASK {}` on /dkg/query returns true.
# Args: TIMEOUT_SECONDS [PID]. Exit 0 ready, 1 timeout, 2 the process died.
wait_for_fuseki() {
    "$(python_bin)" - "$BASE_URL" "$DATASET" "$1" "${2:-}" <<'PY'
import json, os, sys, time, urllib.parse, urllib.request
base, dataset, timeout, pid = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]

def alive():
    if not pid:
        return True
    try:
        os.kill(int(pid), 0)
        return True
    except OSError:
        return False

def probe():
    with urllib.request.urlopen(base + "/$/ping", timeout=3) as r:
        r.read()
    q = urllib.parse.urlencode({"query": "ASK {}"})
    req = urllib.request.Request(f"{base}/{dataset}/query?{q}",
                                 headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=3) as r:
        return json.load(r).get("boolean") is True

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
        print(f"no answer at {base}/{dataset} after {timeout:.0f}s; last error: {last}", file=sys.stderr)
        sys.exit(1)
    time.sleep(0.5)
PY
}

# PID from the pid file if that process is alive and is our Fuseki; empty otherwise.
running_pid() {
    local pid cmdline
    [[ -f $PIDFILE ]] || return 0
    pid=$(<"$PIDFILE")
    [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 0
    cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)
    if [[ $cmdline == *jena-fuseki-server* ]]; then
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
    local attempt start=$SECONDS
    for attempt in 1 2 3; do
        rm -f "$JAR"
        if mvn -B -ntp -Dmaven.wagon.http.retryHandler.count=3 "${extra[@]}" "$DEP_PLUGIN:copy" \
            -Dartifact="org.apache.jena:jena-fuseki-server:$JENA_VERSION" \
            -DoutputDirectory="$LIB" >"$INSTALL_LOG" 2>&1 && [[ -s $JAR ]]; then
            log "installed in $((SECONDS - start))s: ${JAR#"$ROOT"/} ($(du -h "$JAR" | cut -f1))"
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
        if wait_for_fuseki "$START_TIMEOUT" "$pid"; then
            log "already running (pid $pid) at $URI"
            return 0
        fi
        die "running (pid $pid) but not answering at $URI; try: $0 stop && $0 start"
    fi
    rm -f "$PIDFILE"
    if port_in_use; then
        if wait_for_fuseki 5; then
            log "a SPARQL server not started by this script already answers at $URI; using it"
            return 0
        fi
        die "port $PORT on $HOST is taken by something that is not Fuseki with /$DATASET (set DKG_FUSEKI_PORT)"
    fi
    [[ -s $JAR ]] || die "not installed: run $0 install"

    mkdir -p "$STATE/base"
    local -a cmd=(java "-Xmx$HEAP" -XX:+ExitOnOutOfMemoryError -jar "$JAR"
        --localhost --port "$PORT" --ping --mem --update "/$DATASET")
    log "starting Fuseki $JENA_VERSION at $URI (log: ${LOG#"$ROOT"/})"
    printf '\n=== %s start\n' "$(date -u +%FT%TZ)" >>"$LOG"
    # FUSEKI_BASE: where Fuseki writes its run area (shiro.ini, config, logs).
    # setsid: own session, so the server outlives the shell that started it and Ctrl-C there.
    if command -v setsid >/dev/null; then
        (cd "$STATE" && exec env FUSEKI_BASE="$STATE/base" setsid "${cmd[@]}" </dev/null >>"$LOG" 2>&1) &
    else
        (cd "$STATE" && exec env FUSEKI_BASE="$STATE/base" nohup "${cmd[@]}" </dev/null >>"$LOG" 2>&1) &
    fi
    pid=$!
    printf '%s\n' "$pid" >"$PIDFILE"

    rc=0
    wait_for_fuseki "$START_TIMEOUT" "$pid" || rc=$?
    if [[ $rc -eq 0 ]]; then
        log "up (pid $pid) at $URI after ${SECONDS}s"
        return 0
    fi
    log "did not come up (rc=$rc); last lines of $LOG from this start:" >&2
    awk '/^=== .* start$/ { n = 0 } { line[n++] = $0 } END { for (i = (n > 60 ? n - 60 : 0); i < n; i++) print line[i] }' \
        "$LOG" >&2 || true
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
        if wait_for_fuseki 5 "$pid" 2>/dev/null; then
            log "running (pid $pid) at $URI"
            return 0
        fi
        log "process $pid is alive but not answering at $URI"
        return 1
    fi
    if port_in_use && wait_for_fuseki 5 2>/dev/null; then
        log "answering at $URI (not started by this script)"
        return 0
    fi
    log "not running"
    return 3
}

usage() {
    printf 'usage: %s {install|start|stop|status|uri|jar}\n' "$0" >&2
    exit 2
}

[[ $# -eq 1 ]] || usage
case $1 in
    install) cmd_install ;;
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    uri) printf '%s\n' "$URI" ;;
    jar) printf '%s\n' "$JAR" ;;
    *) usage ;;
esac
