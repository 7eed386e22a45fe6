#!/usr/bin/env bash
# Starts the real smtp-lens window under Xvfb, lets it draw, takes a screenshot into
# target/shots/window.png, and checks that it closed cleanly and drew something. Installs Xvfb,
# the Mesa OpenGL and X11 libraries the window loads at run time, and Pillow (for the screenshot)
# when missing. Needs root on Debian 12.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

APT_PACKAGES=(xvfb xauth libegl1 libgl1 libgl1-mesa-dri libx11-xcb1 libxcursor1 libxi6 libxrandr2 libxkbcommon-x11-0 fonts-dejavu-core)
log() { printf 'window/smoke.sh: %s\n' "$*" >&2; }

source tests/lib/apt.sh
ensure_packages "${APT_PACKAGES[@]}"
PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import PIL' 2>/dev/null; then
    log "installing Pillow for $PYTHON"
    # Debian's own python3 is "externally managed"; Pillow is a throwaway test tool here.
    PIP_BREAK_SYSTEM_PACKAGES=1 PIP_ROOT_USER_ACTION=ignore "$PYTHON" -m pip install -q --disable-pip-version-check 'pillow>=10' >/dev/null
fi

cargo build --quiet
mkdir -p target/shots
work=$(mktemp -d)
display=:$((90 + RANDOM % 9))
Xvfb "$display" -screen 0 1400x900x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb=$!
cleanup() { kill "$xvfb" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for _ in $(seq 50); do [[ -e /tmp/.X11-unix/X${display#:} ]] && break; sleep 0.1; done

# A fresh home: no saved profiles, no keychain; the app must still start and say so.
env -i PATH="$PATH" HOME="$work" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" \
    DISPLAY="$display" SMTP_LENS_EXIT_AFTER=6 ./target/debug/smtp-lens >"$work/app.log" 2>&1 &
app=$!
sleep 4
"$PYTHON" - "$display" target/shots/window.png <<'PY'
import sys
from PIL import ImageGrab
image = ImageGrab.grab(xdisplay=sys.argv[1])
image.save(sys.argv[2])
colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
count = len(colours) if colours else 1 << 20
print(f"window/smoke.sh: screenshot {image.size[0]}x{image.size[1]}, {count} colours")
if count < 16:
    sys.exit("window/smoke.sh: the screen is (nearly) blank: the window did not draw")
PY
if ! wait "$app"; then
    log "the app did not exit cleanly:"; cat "$work/app.log" >&2; exit 1
fi
log "the window drew and closed cleanly; screenshot in target/shots/window.png"
