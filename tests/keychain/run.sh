#!/usr/bin/env bash
# Runs the system-keychain tests (a round trip, closing the window with the keychain, and the
# OAuth tokens kept between runs: no browser the second time, refresh with rotation, a refused
# token renewed once, revocation, sign-out) against a real Secret Service: a private D-Bus session with
# gnome-keyring's secrets component, unlocked with a throwaway password. Installs gnome-keyring
# and the D-Bus session tools when missing (Debian 12, root).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

APT_PACKAGES=(gnome-keyring dbus-bin dbus-daemon)
source tests/lib/apt.sh
ensure_packages "${APT_PACKAGES[@]}"

# A fresh keyring directory, so the unlock password always matches the keyring it creates.
keyrings=$(mktemp -d)
trap 'rm -rf "$keyrings"' EXIT
XDG_DATA_HOME=$keyrings dbus-run-session -- sh -c '
    printf "throwaway" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
    cargo test --lib secrets::system -- --ignored
    cargo test --test integration gui::closing_the_window_with_the_system_keychain -- --ignored
    cargo test --test integration oauth::oauth_keychain -- --ignored
' 2> >(grep -v "Failed to set fd limit" >&2)
