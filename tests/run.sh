#!/usr/bin/env bash
# Runs every test of smtp-lens. Installs what the tests need when missing (Debian packages postfix,
# sasl2-bin, libsasl2-modules, swaks, openssl; aiosmtpd from PyPI), starts the test SMTP servers on
# 127.0.0.1, runs `cargo test` (the window's snapshots render on lavapipe, Mesa's software Vulkan,
# installed when missing), and stops the servers again. Then starts the real window under
# Xvfb and takes a screenshot (tests/window/smoke.sh), and runs the keychain test against a real
# Secret Service in a private D-Bus session (tests/keychain/run.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The window's snapshot tests render with wgpu on a software Vulkan driver (lavapipe).
source tests/lib/apt.sh
ensure_packages mesa-vulkan-drivers

bash tests/servers/start.sh
trap 'bash tests/servers/stop.sh' EXIT

cargo test --all-targets "$@"

bash tests/keychain/run.sh
bash tests/window/smoke.sh
