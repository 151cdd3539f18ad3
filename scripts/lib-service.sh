# Shared process handling for the local services (sourced by scripts/neo4j.sh and scripts/fuseki.sh).
#
# The sourcing script sets SERVICE (its name in messages), ROOT, HOST, PORT, URI, STATE, PIDFILE, LOG,
# START_TIMEOUT, STOP_TIMEOUT and PROCESS_MARK (a string found in the server's command line), and defines
#   service_ready TIMEOUT [PID]   exit 0 when the server answers, 1 on timeout, 2 when PID died
#   cmd_install / cmd_start       its own install and start (start calls launch, then await_start)
# and gets log, die, python_bin, running_pid, port_in_use, launch, await_start, cmd_stop, cmd_status
# and dispatch from here.

log() { printf '%s: %s\n' "$SERVICE" "$*"; }
die() { printf '%s: ERROR: %s\n' "$SERVICE" "$*" >&2; exit 1; }

python_bin() {
    if [[ -n ${DKG_PYTHON:-} ]]; then
        printf '%s\n' "$DKG_PYTHON"
    elif [[ -x $ROOT/.venv/bin/python ]]; then
        printf '%s\n' "$ROOT/.venv/bin/python"
    else
        command -v python3 || die "no python3 found (set DKG_PYTHON)"
    fi
}

# The pid in PIDFILE, if that process is alive and is our server (not a recycled pid).
running_pid() {
    local pid cmdline
    [[ -f $PIDFILE ]] || return 0
    pid=$(<"$PIDFILE")
    [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 0
    cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)
    if [[ $cmdline == *"$PROCESS_MARK"* ]]; then
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

# launch ENV_ASSIGNMENTS... -- COMMAND...: start COMMAND in the background in its own session
# (it outlives the shell that started it and Ctrl-C there), output appended to LOG, pid to PIDFILE.
launch() {
    local -a envs=()
    while [[ $1 != -- ]]; do envs+=("$1"); shift; done
    shift
    printf '\n=== %s start\n' "$(date -u +%FT%TZ)" >>"$LOG"
    if command -v setsid >/dev/null; then
        (cd "$STATE" && exec env "${envs[@]}" setsid "$@" </dev/null >>"$LOG" 2>&1) &
    else
        (cd "$STATE" && exec env "${envs[@]}" nohup "$@" </dev/null >>"$LOG" 2>&1) &
    fi
    printf '%s\n' "$!" >"$PIDFILE"
}

# Wait for the launched server; on failure print the log of this start (and EXTRA_LOG if newer), kill it,
# and exit 1 — CI relies on a service that does not come up failing the run.
await_start() {
    local pid rc=0
    pid=$(<"$PIDFILE")
    service_ready "$START_TIMEOUT" "$pid" || rc=$?
    if [[ $rc -eq 0 ]]; then
        log "up (pid $pid) at $URI after ${SECONDS}s"
        return 0
    fi
    log "did not come up (rc=$rc); last lines of $LOG from this start:" >&2
    awk '/^=== .* start$/ { n = 0 } { line[n++] = $0 } END { for (i = (n > 60 ? n - 60 : 0); i < n; i++) print line[i] }' \
        "$LOG" >&2 || true
    if [[ -n ${EXTRA_LOG:-} && -n $(find "$EXTRA_LOG" -newer "$PIDFILE" 2>/dev/null) ]]; then
        log "last lines of $EXTRA_LOG:" >&2
        tail -n 20 "$EXTRA_LOG" >&2 || true
    fi
    if kill -0 "$pid" 2>/dev/null; then
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$PIDFILE"
    exit 1
}

# Is something already serving? 0: ours is running and answering (nothing to do); 1: free to start.
already_serving() {
    local pid
    pid=$(running_pid)
    if [[ -n $pid ]]; then
        if service_ready 10 "$pid"; then
            log "already running (pid $pid) at $URI"
            return 0
        fi
        die "running (pid $pid) but not answering at $URI; try: $0 stop && $0 start"
    fi
    rm -f "$PIDFILE"
    if port_in_use; then
        if service_ready 5; then
            log "a server not started by this script already answers at $URI; using it"
            return 0
        fi
        die "port $PORT on $HOST is taken by something else (set the port variable)"
    fi
    return 1
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
        if service_ready 5 "$pid" 2>/dev/null; then
            log "running (pid $pid) at $URI"
            return 0
        fi
        log "process $pid is alive but not answering at $URI"
        return 1
    fi
    if port_in_use && service_ready 5 2>/dev/null; then
        log "answering at $URI (not started by this script)"
        return 0
    fi
    log "not running"
    return 3
}

# dispatch COMMAND EXTRA_COMMANDS...: run cmd_install/start/stop/status, `uri`, or one of the extra
# commands the script defines as cmd_NAME.
dispatch() {
    local command=${1:-}
    shift || true
    local -a extra=("$@")
    case $command in
        install | start | stop | status) "cmd_$command" ;;
        uri) printf '%s\n' "$URI" ;;
        *)
            if [[ -n $command ]] && printf '%s\n' "${extra[@]}" | grep -qx -- "$command"; then
                "cmd_$command"
            else
                printf 'usage: %s {install|start|stop|status|uri%s}\n' "$0" \
                    "$( ((${#extra[@]})) && printf '|%s' "${extra[@]}")" >&2
                exit 2
            fi
            ;;
    esac
}

# mvn_with_retries WHAT MVN_ARGS...: run Maven (three tries, log in INSTALL_LOG; Maven Central can be slow
# or refuse a connection now and then); exit through die with the log's tail when all three fail.
mvn_with_retries() {
    local what=$1 attempt start=$SECONDS
    shift
    for attempt in 1 2 3; do
        if mvn -B -ntp -Dmaven.wagon.http.retryHandler.count=3 "$@" >"$INSTALL_LOG" 2>&1; then
            log "$what in $((SECONDS - start))s"
            return 0
        fi
        log "mvn failed (attempt $attempt/3)"
        sleep $((attempt * 5))
    done
    tail -n 40 "$INSTALL_LOG" >&2
    die "install failed; see $INSTALL_LOG"
}
