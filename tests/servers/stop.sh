#!/usr/bin/env bash
# Stops the test servers started by start.sh. Succeeds whether or not they
# run; keeps run/ (certificates, maildirs, logs) for inspection.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
RUN=$HERE/run
PF_CONF=$RUN/postfix/conf
AIO_PID=$RUN/aiosmtpd.pid

log() { printf 'stop.sh: %s\n' "$*" >&2; }

# Postfix: only our instance, addressed by its config directory.
if [[ -f $PF_CONF/main.cf ]] && command -v postfix >/dev/null &&
    postfix -c "$PF_CONF" status >/dev/null 2>&1; then
    log "stopping postfix ($PF_CONF)"
    postfix -c "$PF_CONF" stop >/dev/null 2>&1 || true
    # "postfix stop" returns before the master has exited and freed the ports.
    for _ in $(seq 50); do
        postfix -c "$PF_CONF" status >/dev/null 2>&1 || break
        sleep 0.1
    done
fi

# aiosmtpd: only the pids we recorded, and only if they still are our script
# (a pid may have been reused after a crash or reboot).
stop_aiosmtpd() {
    local pidfile=$1 pid
    [[ -f $pidfile ]] || return 0
    pid=$(<"$pidfile")
    if [[ $pid =~ ^[0-9]+$ ]] && grep -qs aiosmtpd_server.py "/proc/$pid/cmdline"; then
        log "stopping aiosmtpd (pid $pid)"
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
    fi
    rm -f "$pidfile"
}
stop_aiosmtpd "$AIO_PID"
stop_aiosmtpd "$RUN/aiosmtpd-selfsigned.pid"
stop_aiosmtpd "$RUN/aiosmtpd-weakkey.pid"
bash "$HERE/detect_world.sh" stop
