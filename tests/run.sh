#!/usr/bin/env bash
# Runs every test of smtp-lens. Installs what the tests need when missing (Debian packages postfix,
# sasl2-bin, libsasl2-modules, swaks, openssl; aiosmtpd from PyPI), starts the test SMTP servers on
# 127.0.0.1, runs `cargo test`, and stops the servers again. Then starts the real window under
# Xvfb and takes a screenshot (tests/window/smoke.sh), and runs the keychain test against a real
# Secret Service in a private D-Bus session (tests/keychain/run.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash tests/servers/start.sh
trap 'bash tests/servers/stop.sh' EXIT

cargo test --all-targets "$@"

bash tests/keychain/run.sh
bash tests/window/smoke.sh
