#!/usr/bin/env bash
# Checks that cargo-packager reads packaging/Packager.toml (its parser rejects unknown keys) by
# building the one format it can build here, a .deb, into target/packager/. The Windows and macOS
# formats of the same file are built on those systems (packaging/README.md).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v cargo-packager >/dev/null || cargo install --locked cargo-packager
cargo packager -c packaging/Packager.toml --release --formats deb
