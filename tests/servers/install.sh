#!/usr/bin/env bash
# Installs the real SMTP servers the integration tests talk to (Postfix with
# Cyrus SASL, aiosmtpd) plus swaks/openssl. Checks first, so a second run is
# a no-op. Needs root (or passwordless sudo) on Debian/Ubuntu.
set -euo pipefail

AIOSMTPD_VERSION=1.4.6
# The authoritative DNS server of the detect test world (tests/servers/detect_world.py).
DNSLIB_VERSION=0.9.26
# libnet-ssleay-perl: swaks needs it for --tls (only a Recommends).
# g++: the fuzz crate's libfuzzer-sys builds libFuzzer (checked by .ci/run).
APT_PACKAGES=(postfix sasl2-bin libsasl2-modules swaks libnet-ssleay-perl openssl g++)

log() { printf 'install.sh: %s\n' "$*" >&2; }

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { log "must run as root (no sudo found)"; exit 1; }
    SUDO=(sudo)
fi

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [[ $status == "install ok installed" ]] || missing+=("$pkg")
done

if ((${#missing[@]})); then
    log "installing: ${missing[*]}"
    # "No configuration" keeps the postinst from writing /etc/postfix/main.cf
    # and from starting a system instance on port 25; we run our own instance.
    echo "postfix postfix/main_mailer_type select No configuration" |
        "${SUDO[@]}" debconf-set-selections

    # Belt and braces: forbid service starts during the install. Only add a
    # policy-rc.d if none exists, and only remove the one we added.
    policy=/usr/sbin/policy-rc.d
    added_policy=0
    if [[ ! -e $policy ]]; then
        printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee "$policy" >/dev/null
        "${SUDO[@]}" chmod 755 "$policy"
        added_policy=1
    fi
    cleanup_policy() { if ((added_policy)); then "${SUDO[@]}" rm -f "$policy"; fi; }
    trap cleanup_policy EXIT

    "${SUDO[@]}" apt-get update -qq
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    cleanup_policy
    trap - EXIT
fi

# The system instance must never listen on :25. On systemd hosts the unit may
# have been enabled anyway; elsewhere a master may have been started by hand.
if command -v systemctl >/dev/null && [[ -d /run/systemd/system ]]; then
    "${SUDO[@]}" systemctl disable --now postfix.service >/dev/null 2>&1 || true
fi
if [[ -f /etc/postfix/main.cf ]] && "${SUDO[@]}" postfix status >/dev/null 2>&1; then
    log "stopping the system postfix instance"
    "${SUDO[@]}" postfix stop >/dev/null 2>&1 || true
fi

# Python side: the python3 on PATH is the one start.sh uses to run aiosmtpd.
have=$(python3 -c 'import importlib.metadata as m; print(m.version("aiosmtpd"))' 2>/dev/null || true)
if [[ $have != "$AIOSMTPD_VERSION" ]]; then
    log "installing aiosmtpd==$AIOSMTPD_VERSION for $(command -v python3)"
    # Debian's own python3 is "externally managed"; this is a throwaway test
    # dependency, so allow it there (the flag is ignored by older pips).
    PIP_BREAK_SYSTEM_PACKAGES=1 PIP_ROOT_USER_ACTION=ignore python3 -m pip install -q --disable-pip-version-check \
        "aiosmtpd==$AIOSMTPD_VERSION"
fi

have=$(python3 -c 'import importlib.metadata as m; print(m.version("dnslib"))' 2>/dev/null || true)
if [[ $have != "$DNSLIB_VERSION" ]]; then
    log "installing dnslib==$DNSLIB_VERSION for $(command -v python3)"
    PIP_BREAK_SYSTEM_PACKAGES=1 PIP_ROOT_USER_ACTION=ignore python3 -m pip install -q --disable-pip-version-check \
        "dnslib==$DNSLIB_VERSION"
fi
