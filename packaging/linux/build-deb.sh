#!/usr/bin/env bash
# Builds the Debian package: the release binary, its man pages and shell completions (generated
# from the clap definitions), then `cargo deb`. Installs cargo-deb when missing. The package is
# written to target/debian/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

command -v cargo-deb >/dev/null || cargo install --locked cargo-deb
cargo build --release --locked

bin=target/release/smtp-lens
rm -rf target/assets && mkdir -p target/assets/man target/assets/completions
"$bin" man | gzip -9n > target/assets/man/smtp-lens.1.gz
for sub in check explain completions; do
    "$bin" man "$sub" | gzip -9n > "target/assets/man/smtp-lens-$sub.1.gz"
done
"$bin" completions bash > target/assets/completions/smtp-lens
"$bin" completions zsh > target/assets/completions/_smtp-lens
"$bin" completions fish > target/assets/completions/smtp-lens.fish
"$bin" completions powershell > target/assets/completions/smtp-lens.ps1

cargo deb --no-build --locked
ls -l target/debian/*.deb
