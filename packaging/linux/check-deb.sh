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
explained=$(/usr/bin/smtp-lens explain --context rcpt "550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in local recipient table")
head -4 <<<"$explained"
grep -q "Cause: unknown-user" <<<"$explained" || { echo "check-deb.sh: the installed explain gave another cause" >&2; exit 1; }
# What the package holds (checked in the archive: minimal systems may skip /usr/share/doc and man
# pages when installing).
contents=$(dpkg-deb -c "$deb")
for f in usr/bin/smtp-lens usr/share/man/man1/smtp-lens.1.gz usr/share/man/man1/smtp-lens-check.1.gz \
         usr/share/bash-completion/completions/smtp-lens usr/share/zsh/vendor-completions/_smtp-lens \
         usr/share/fish/vendor_completions.d/smtp-lens.fish usr/share/doc/smtp-lens/THIRD-PARTY-LICENSES.txt \
         usr/share/applications/io.github.smtplens.SmtpLens.desktop \
         usr/share/metainfo/io.github.smtplens.SmtpLens.metainfo.xml \
         usr/share/icons/hicolor/256x256/apps/io.github.smtplens.SmtpLens.png \
         usr/share/icons/hicolor/scalable/apps/io.github.smtplens.SmtpLens.svg; do
    grep -q " \./$f\$" <<<"$contents" || { echo "check-deb.sh: the package lacks $f" >&2; exit 1; }
done
echo "check-deb.sh: binary, man pages, completions, desktop entry, metainfo, icons and licence notice are in the package"

desktop-file-validate /usr/share/applications/io.github.smtplens.SmtpLens.desktop
echo "check-deb.sh: desktop-file-validate passed"
appstreamcli validate --no-net /usr/share/metainfo/io.github.smtplens.SmtpLens.metainfo.xml
lintian --fail-on error "$deb"
echo "check-deb.sh: lintian found no errors"
