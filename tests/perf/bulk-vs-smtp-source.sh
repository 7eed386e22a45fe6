#!/usr/bin/env bash
# Speed, side by side, on this machine (not run by CI):
#   1. smtp-lens bulk vs Postfix's smtp-source into smtp-sink on 127.0.0.1, 20 connections, 4 KB
#      messages, 20,000 messages: one message a connection, then 1,000 a connection
#      (smtp-source -d), ROUNDS times each in turn. Prints messages a second for each run, checks
#      smtp-sink's own counter, and gives the medians.
#   2. One STARTTLS + AUTH + send session against the test Postfix: smtp-lens check vs swaks,
#      each run RUNS times in turn, the median wall time of each and of the paired ratios.
# Usage: bash tests/perf/bulk-vs-smtp-source.sh   (SKIP_BUILD=1 to use target/release as it is;
# MESSAGES=..., ROUNDS=... (part 1), RUNS=... (part 2) to change the counts). Needs postfix
# (smtp-sink, smtp-source), swaks and the test servers (tests/servers/run/servers.env) for part 2.
set -euo pipefail
cd "$(dirname "$0")/../.."

MESSAGES=${MESSAGES:-20000}
ROUNDS=${ROUNDS:-3}
RUNS=${RUNS:-31}
BIN=${BIN:-target/release/smtp-lens}
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    cargo build --release --bin smtp-lens
fi

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

SINK_PID=
SINK_OUT=$(mktemp)
stop_sink() {
    if [ -n "$SINK_PID" ]; then
        kill "$SINK_PID" 2>/dev/null || true
        wait "$SINK_PID" 2>/dev/null || true
        SINK_PID=
    fi
}
trap 'stop_sink; rm -f "$SINK_OUT"' EXIT

# A fresh smtp-sink for each run, so its counter counts that run only.
start_sink() {
    PORT=$(free_port)
    local user=()
    [ "$(id -u)" = 0 ] && user=(-u nobody)
    /usr/sbin/smtp-sink "${user[@]}" -c "127.0.0.1:$PORT" 256 >"$SINK_OUT" 2>&1 &
    SINK_PID=$!
    for _ in $(seq 50); do
        (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && return 0
        sleep 0.05
    done
    echo "smtp-sink did not start" >&2
    exit 1
}

# smtp-sink -c prints its running counters ("sess=N quit=N mesg=N"), each update after a
# carriage return: the last mesg= is the messages it received.
sink_count() {
    tr '\r' '\n' <"$SINK_OUT" | grep -o 'mesg=[0-9]*' | tail -1 | cut -d= -f2 || true
}

now_ns() { date +%s%N; }

# run LABEL COMMAND...: times one run into a fresh smtp-sink, prints msg/s and the sink's count,
# and adds the rate to RATES_<LABEL's key> for the median.
run() {
    local key=$1 label=$2
    shift 2
    start_sink
    local args=("${@//PORT/$PORT}")
    local t0 t1
    t0=$(now_ns)
    "${args[@]}" >/dev/null
    t1=$(now_ns)
    sleep 0.3
    local count
    count=$(sink_count)
    stop_sink
    local secs rate
    secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
    rate=$(awk -v n="$MESSAGES" -v s="$secs" 'BEGIN { printf "%.0f", n / s }')
    printf '  %-44s %8s s %8s msg/s   smtp-sink counted %s of %s\n' "$label" "$secs" "$rate" "${count:-0}" "$MESSAGES"
    if [ "${count:-0}" != "$MESSAGES" ]; then
        echo "  ^ smtp-sink's count differs" >&2
        STATUS=1
    fi
    eval "RATES_$key+=(\"$rate\")"
}

median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# compare KEY_A KEY_B: the medians of the two and their ratio.
compare() {
    local a b
    eval "a=\$(median \"\${RATES_$1[@]}\")"
    eval "b=\$(median \"\${RATES_$2[@]}\")"
    awk -v a="$a" -v b="$b" -v na="$3" -v nb="$4" -v rounds="$ROUNDS" 'BEGIN { printf "median of %d rounds: %s %d msg/s, %s %d msg/s: %s / %s = %.2f\n", rounds, na, a, nb, b, na, nb, a / b }'
}

STATUS=0
FROM=a@example.test
TO=b@example.test
PER=$((MESSAGES / 20))
RATES_source1=() RATES_lens1=() RATES_sourced=() RATES_lensd=()

echo "== one message a connection: 20 connections, 4096-byte messages, $MESSAGES messages, $ROUNDS rounds"
for _ in $(seq "$ROUNDS"); do
    run source1 "smtp-source -s 20 -l 4096 -m $MESSAGES" \
        smtp-source -s 20 -l 4096 -m "$MESSAGES" -f "$FROM" -t "$TO" 127.0.0.1:PORT
    run lens1 "smtp-lens bulk -c 20 --per-connection 1" \
        "$BIN" bulk --server 127.0.0.1:PORT --security none --connections 20 --messages "$MESSAGES" \
        --size 4096 --per-connection 1 --from "$FROM" --to "$TO"
done
compare lens1 source1 "smtp-lens bulk" "smtp-source"
echo "== connections reused: 20 connections, $PER messages each, $ROUNDS rounds"
for _ in $(seq "$ROUNDS"); do
    run sourced "smtp-source -d -s 20 -l 4096 -m $MESSAGES" \
        smtp-source -d -s 20 -l 4096 -m "$MESSAGES" -f "$FROM" -t "$TO" 127.0.0.1:PORT
    run lensd "smtp-lens bulk -c 20 --per-connection $PER" \
        "$BIN" bulk --server 127.0.0.1:PORT --security none --connections 20 --messages "$MESSAGES" \
        --size 4096 --per-connection "$PER" --from "$FROM" --to "$TO"
done
compare lensd sourced "smtp-lens bulk" "smtp-source -d"

ENV=tests/servers/run/servers.env
if [ ! -f "$ENV" ]; then
    echo "== no test servers ($ENV): the single-session comparison is skipped"
    exit "$STATUS"
fi
# Values may hold spaces (the test password does): read them, do not source the file.
val() { grep "^$1=" "$ENV" | head -1 | cut -d= -f2-; }
SMTP_LENS_POSTFIX_SUBMISSION=$(val SMTP_LENS_POSTFIX_SUBMISSION)
SMTP_LENS_POSTFIX_USER=$(val SMTP_LENS_POSTFIX_USER)
SMTP_LENS_POSTFIX_PASSWORD=$(val SMTP_LENS_POSTFIX_PASSWORD)
SMTP_LENS_CA_CERT=$(val SMTP_LENS_CA_CERT)
echo "== one STARTTLS + AUTH + send session against the test Postfix ($SMTP_LENS_POSTFIX_SUBMISSION), $RUNS runs each"
export BENCH_PASSWORD=$SMTP_LENS_POSTFIX_PASSWORD
lens=(
    "$BIN" check --server "$SMTP_LENS_POSTFIX_SUBMISSION" --security starttls
    --ca-file "$SMTP_LENS_CA_CERT" --user "$SMTP_LENS_POSTFIX_USER" --password-env BENCH_PASSWORD
    --from "$SMTP_LENS_POSTFIX_USER" --to bob@example.test --color never
)
swaks_cmd=(
    swaks --server "$SMTP_LENS_POSTFIX_SUBMISSION" --tls --auth-user "$SMTP_LENS_POSTFIX_USER"
    --auth-password "$SMTP_LENS_POSTFIX_PASSWORD" --from "$SMTP_LENS_POSTFIX_USER"
    --to bob@example.test
)
# Timed from Python (a monotonic clock around each child), the two tools in turn.
python3 - "$RUNS" "${lens[@]}" -- "${swaks_cmd[@]}" <<'PY'
import statistics, subprocess, sys, time
runs = int(sys.argv[1])
rest = sys.argv[2:]
cut = rest.index("--")
lens, swaks = rest[:cut], rest[cut + 1:]
times = {"lens": [], "swaks": []}
ratios = []
for _ in range(runs):
    pair = []
    for name, cmd in (("lens", lens), ("swaks", swaks)):
        t0 = time.perf_counter()
        done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        took = time.perf_counter() - t0
        if done.returncode != 0:
            sys.exit(f"{name} failed (exit {done.returncode}): {cmd}")
        times[name].append(took * 1000)
        pair.append(took)
    ratios.append(pair[0] / pair[1])
l = statistics.median(times["lens"])
s = statistics.median(times["swaks"])
print(f"smtp-lens check: {l:.1f} ms   swaks: {s:.1f} ms   (medians of {runs})   "
      f"median of the paired ratios smtp-lens / swaks: {100 * statistics.median(ratios):.0f}%")
PY
exit "$STATUS"
