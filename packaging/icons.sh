#!/usr/bin/env bash
# Generates every icon from assets/icons/smtp-lens.svg: the hicolor PNG sizes for Linux, an .ico
# for Windows and an .icns for macOS. Needs rsvg-convert (Debian: librsvg2-bin) and Pillow.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SVG=assets/icons/smtp-lens.svg
ID=io.github.smtplens.SmtpLens
OUT=packaging/icons
command -v rsvg-convert >/dev/null || { echo "icons.sh: install librsvg2-bin (rsvg-convert)" >&2; exit 1; }

rm -rf "$OUT"
for size in 16 24 32 48 64 128 256 512; do
    dir="$OUT/hicolor/${size}x${size}/apps"
    mkdir -p "$dir"
    rsvg-convert -w "$size" -h "$size" "$SVG" -o "$dir/$ID.png"
done
mkdir -p "$OUT/hicolor/scalable/apps"
cp "$SVG" "$OUT/hicolor/scalable/apps/$ID.svg"

python3 - "$OUT" "$ID" <<'PY'
import sys
from PIL import Image
out, app_id = sys.argv[1], sys.argv[2]
big = Image.open(f"{out}/hicolor/512x512/apps/{app_id}.png").convert("RGBA")
big.save(f"{out}/smtp-lens.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
big.save(f"{out}/smtp-lens.icns")
PY
echo "icons.sh: icons written under $OUT" >&2
