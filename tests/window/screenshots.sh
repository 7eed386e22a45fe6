#!/usr/bin/env bash
# Retakes the README screenshots: the real window under Xvfb at WxH (the screen is the window),
# a profile with 30 recipients against the test Postfix (port 25, already running), Ctrl+3
# (Test recipients), then with CLICK="X Y" a click (a transcript row) and a second screenshot.
# Used: CLICK="1150 522" bash tests/window/screenshots.sh 1400x900 /tmp/shots/s1400
# The window speaks the language of LANG (as the desktop would pass it; English by default):
# LANG=ru_RU.UTF-8 CLICK="..." bash tests/window/screenshots.sh 1024x700 /tmp/shots/ru
# usage: run.sh WxH out-prefix
set -euo pipefail
size=$1; out=$2; w=${size%x*}; h=${size#*x}
work=$(mktemp -d); display=:$((70 + RANDOM % 9))
Xvfb "$display" -screen 0 ${w}x${h}x24 -nolisten tcp >/dev/null 2>&1 & xvfb=$!
trap 'kill $xvfb 2>/dev/null; rm -rf "$work"' EXIT
sleep 1
mkdir -p "$work/config/smtp-lens"
rcpt=""; for i in $(seq 1 30); do if (( i % 6 == 0 )); then rcpt+="nobody$i@example.test\n"; else rcpt+="bob$i@example.test\n"; fi; done
cat > "$work/config/smtp-lens/profiles.toml" <<TOML
version = 1
[[profile]]
id = "p1"
name = "Local Postfix (port 25)"
server = "127.0.0.1"
port = 10025
security = "starttls-optional"
helo = "client.example.test"
mail_from = "alice@example.test"
rcpt_to = "$(printf "$rcpt" | sed "s/bob[0-9]*@/bob@/" | sed -z "s/\n/\\\\n/g")"
[profile.options]
ca_file = "/work/main/tests/servers/run/tls/ca.pem"
TOML
cd /work/wt-gui
env -i PATH="$PATH" LANG="${LANG:-C.UTF-8}" HOME="$work" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" \
  DISPLAY="$display" SMTP_LENS_WINDOW_SIZE="$size" SMTP_LENS_EXIT_AFTER=20 ./target/debug/smtp-lens >"$work/app.log" 2>&1 & app=$!
sleep 4
DISPLAY=$display xdotool search --name smtp-lens windowfocus --sync 2>/dev/null || true
DISPLAY=$display xdotool key ctrl+3
sleep 4
python3 -c "from PIL import ImageGrab; ImageGrab.grab(xdisplay='$display').save('${out}-a.png')"
if [[ -n ${CLICK:-} ]]; then
  DISPLAY=$display xdotool mousemove $CLICK click 1
  sleep 1.5
  DISPLAY=$display xdotool mousemove 5 5
  sleep 0.5
  python3 -c "from PIL import ImageGrab; ImageGrab.grab(xdisplay='$display').save('${out}-b.png')"
fi
sleep "${HOLD:-0}"
wait $app || { cat "$work/app.log"; exit 1; }
