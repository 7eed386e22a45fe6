# Sourced by the test and packaging scripts: installs Debian packages that are missing.
#   missing_packages PKG...   prints the ones not installed
#   ensure_packages PKG...    installs the missing ones (as root, or with sudo)

missing_packages() {
    local pkg status
    for pkg in "$@"; do
        status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
        [[ $status == "install ok installed" ]] || printf '%s\n' "$pkg"
    done
}

ensure_packages() {
    local missing sudo=()
    mapfile -t missing < <(missing_packages "$@")
    ((${#missing[@]})) || return 0
    [[ $(id -u) -eq 0 ]] || sudo=(sudo)
    printf '%s: installing %s\n' "$(basename "$0")" "${missing[*]}" >&2
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
