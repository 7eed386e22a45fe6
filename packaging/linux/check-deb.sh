#!/usr/bin/env bash
# Installs the package built by build-deb.sh on this machine and checks it as a user would get
# it: dpkg -i (then apt-get -f install for its dependencies), the installed binary, the desktop
# entry, the AppStream metainfo and lintian. Needs root on Debian 12.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

APT_PACKAGES=(desktop-file-utils appstream lintian)
source tests/lib/apt.sh
ensure_packages "${APT_PACKAGES[@]}"
SUDO=(); [[ $(id -u) -eq 0 ]] || SUDO=(sudo)

deb=$(ls -t target/debian/smtp-lens_*.deb | head -1)
echo "check-deb.sh: $deb, $(stat -c %s "$deb") bytes"
if ! "${SUDO[@]}" dpkg -i "$deb"; then
    DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get -f install -y -qq
fi
dpkg -s smtp-lens | grep -E '^(Status|Version|Installed-Size|Depends|Recommends):'

/usr/bin/smtp-lens --version
/usr/bin/smtp-lens explain --context rcpt "550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in local recipient table" | head -4
man -w smtp-lens >/dev/null && echo "check-deb.sh: man page installed"
for f in /usr/share/bash-completion/completions/smtp-lens /usr/share/zsh/vendor-completions/_smtp-lens \
         /usr/share/fish/vendor_completions.d/smtp-lens.fish /usr/share/doc/smtp-lens/THIRD-PARTY-LICENSES.txt \
         /usr/share/icons/hicolor/256x256/apps/io.github.smtplens.SmtpLens.png; do
    [[ -s $f ]] || { echo "check-deb.sh: missing $f" >&2; exit 1; }
done

desktop-file-validate /usr/share/applications/io.github.smtplens.SmtpLens.desktop
echo "check-deb.sh: desktop-file-validate passed"
appstreamcli validate --no-net /usr/share/metainfo/io.github.smtplens.SmtpLens.metainfo.xml
lintian --fail-on error "$deb"
echo "check-deb.sh: lintian found no errors"
