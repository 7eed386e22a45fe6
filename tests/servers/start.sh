#!/usr/bin/env bash
# Starts the real SMTP servers smtp-lens's integration tests talk to, all on
# 127.0.0.1 and all state under tests/servers/run/:
#   Postfix (own instance, own config/queue/data dirs)
#     10025 smtp        no TLS, no AUTH, virtual domain example.test
#     10587 submission  STARTTLS required before AUTH (Cyrus SASL, sasldb)
#     10465 smtps       implicit TLS, same AUTH
#   aiosmtpd (aiosmtpd_server.py)
#     11025             STARTTLS offered, AUTH PLAIN/LOGIN after TLS
#     11026             plain, no STARTTLS, no AUTH
#   the detect test world (detect_world.sh): DNS, HTTPS and SMTP on 127.0.0.2-127.0.0.6
# Writes run/servers.env for the tests. Safe to re-run: stops what runs first.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
RUN=$HERE/run
PF=$RUN/postfix              # Postfix instance: conf/ queue/ data/
PF_CONF=$PF/conf
# Debian patches Postfix to read Cyrus config from $config_directory/sasl,
# whatever cyrus_sasl_config_path says; keep both pointing at the same place.
PF_SASL=$PF_CONF/sasl
PF_LOG=$PF/postfix.log
MAILDIRS=$RUN/maildirs       # virtual_mailbox_base
AIO_MAIL=$RUN/aiosmtpd-mail
AIO_LOG=$RUN/aiosmtpd.log
AIO_PID=$RUN/aiosmtpd.pid
# A second aiosmtpd whose STARTTLS certificate is self-signed (no CA at all).
AIO_SELF_PID=$RUN/aiosmtpd-selfsigned.pid
# A third one whose certificate has a 1024-bit RSA key (too weak for today's clients).
AIO_WEAK_PID=$RUN/aiosmtpd-weakkey.pid
TLS=$RUN/tls

LISTEN=127.0.0.1
PORT_SMTP=10025 PORT_SUBMISSION=10587 PORT_SMTPS=10465
PORT_AIO_STARTTLS=11025 PORT_AIO_PLAIN=11026 PORT_AIO_SELFSIGNED=11027 PORT_AIO_SELF_PLAIN=11028
PORT_AIO_WEAKKEY=11029 PORT_AIO_WEAK_PLAIN=11030

# Test-only credentials (also published in servers.env).
PF_USER=alice@example.test PF_PASSWORD='correct horse'
AIO_USER=bob@example.test AIO_PASSWORD='s3cret pass'
# Mailbox owner for virtual(8): must not be root; nobody keeps it unprivileged.
VMAIL_UID=$(id -u nobody) VMAIL_GID=$(id -g nobody)

log() { printf 'start.sh: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Postfix splits list-valued settings on whitespace and commas.
[[ $RUN != *[[:space:],]* ]] || die "checkout path must not contain spaces or commas: $RUN"

"$HERE/install.sh"
"$HERE/stop.sh"

mkdir -p "$RUN" "$PF_CONF" "$PF/queue" "$PF/data" "$PF_SASL" "$MAILDIRS" "$AIO_MAIL" "$TLS"

# --- TLS: a throwaway CA and a leaf for localhost/127.0.0.1 ----------------
# A separate CA (rather than one self-signed leaf) because webpki/rustls
# refuses a CA:TRUE certificate as the server's own certificate, and
# `openssl req -x509` marks its output CA:TRUE. Kept across restarts; renewed
# when it would expire within two days.
if [[ ! -s $TLS/cert.pem || ! -s $TLS/key.pem || ! -s $TLS/ca.pem ]] ||
    ! openssl x509 -in "$TLS/cert.pem" -noout -checkend $((2 * 86400)) >/dev/null 2>&1; then
    log "creating test CA and certificate in $TLS"
    rm -f "$TLS"/*
    openssl req -x509 -new -nodes -days 30 -subj "/CN=smtp-lens test CA" \
        -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
        -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" \
        -keyout "$TLS/ca.key" -out "$TLS/ca.pem" 2>/dev/null
    openssl req -new -nodes -subj "/CN=localhost" \
        -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
        -keyout "$TLS/key.pem" -out "$TLS/cert.csr" 2>/dev/null
    printf '%s\n' \
        "basicConstraints=critical,CA:FALSE" \
        "keyUsage=critical,digitalSignature" \
        "extendedKeyUsage=serverAuth" \
        "subjectAltName=DNS:localhost,IP:127.0.0.1" >"$TLS/leaf.ext"
    openssl x509 -req -days 30 -in "$TLS/cert.csr" -CA "$TLS/ca.pem" -CAkey "$TLS/ca.key" \
        -CAcreateserial -extfile "$TLS/leaf.ext" -out "$TLS/cert.pem" 2>/dev/null
    rm -f "$TLS/cert.csr" "$TLS/leaf.ext"
fi
# Full chain for the servers, so clients that only trust ca.pem can build it.
cat "$TLS/cert.pem" "$TLS/ca.pem" >"$TLS/chain.pem"
# A self-signed leaf, CA:FALSE (a certificate that vouches for itself, as many small servers use).
if [[ ! -s $TLS/selfsigned.pem || ! -s $TLS/selfsigned.key ]] ||
    ! openssl x509 -in "$TLS/selfsigned.pem" -noout -checkend $((2 * 86400)) >/dev/null 2>&1; then
    openssl req -x509 -new -nodes -days 30 -subj "/CN=localhost" \
        -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
        -addext "basicConstraints=critical,CA:FALSE" \
        -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
        -keyout "$TLS/selfsigned.key" -out "$TLS/selfsigned.pem" 2>/dev/null
fi
# A self-signed leaf with a 1024-bit RSA key: under the 2048 bits today's TLS stacks require.
if [[ ! -s $TLS/weakkey.pem || ! -s $TLS/weakkey.key ]] ||
    ! openssl x509 -in "$TLS/weakkey.pem" -noout -checkend $((2 * 86400)) >/dev/null 2>&1; then
    openssl req -x509 -new -nodes -days 30 -subj "/CN=localhost" \
        -newkey rsa:1024 \
        -addext "basicConstraints=critical,CA:FALSE" \
        -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
        -keyout "$TLS/weakkey.key" -out "$TLS/weakkey.pem" 2>/dev/null
fi
chown root:postfix "$TLS/key.pem" && chmod 0640 "$TLS/key.pem"

# --- Postfix: a separate instance configured entirely under run/ -----------
# Root-owned, as postfix(1) checks; post-install creates the queue subdirs.
chown root:root "$PF/queue" && chmod 0755 "$PF/queue"
chown postfix:postfix "$PF/data" && chmod 0700 "$PF/data"
chown "$VMAIL_UID:$VMAIL_GID" "$MAILDIRS" && chmod 0755 "$MAILDIRS"

cat >"$PF_CONF/main.cf" <<EOF
# Generated by tests/servers/start.sh; edits are overwritten.
compatibility_level = 3.6
queue_directory = $PF/queue
data_directory = $PF/data
mail_owner = postfix
setgid_group = postdrop
syslog_name = postfix-smtp-lens

# No syslog here: postlogd(8) writes this file. Postfix refuses log paths
# outside maillog_file_prefixes (default /var, /dev/stdout).
maillog_file = $PF_LOG
maillog_file_prefixes = $RUN

myhostname = mail.smtp-lens.test
mydomain = smtp-lens.test
myorigin = \$myhostname
inet_interfaces = $LISTEN
inet_protocols = ipv4
# Empty on purpose: loopback clients must not be trusted relays.
mynetworks =
mydestination =
local_recipient_maps =
alias_maps =
alias_database =
biff = no
smtpd_banner = \$myhostname ESMTP Postfix (smtp-lens test instance)

# example.test is the only local (virtual) domain; unknown users there are
# rejected at RCPT (smtpd_reject_unlisted_recipient, 550 5.1.1).
virtual_mailbox_domains = example.test
virtual_mailbox_base = $MAILDIRS
virtual_mailbox_maps = texthash:$PF_CONF/virtual_mailboxes
virtual_uid_maps = static:$VMAIL_UID
virtual_gid_maps = static:$VMAIL_GID
# Anything not local (authenticated relay, bounces) never leaves the box.
default_transport = discard:smtp-lens test instance delivers nothing remotely
relay_transport = \$default_transport

# reject_unauth_destination (554 5.7.1) instead of the default
# defer_unauth_destination, which would answer 454 4.7.1.
smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination

smtpd_tls_chain_files = $TLS/key.pem, $TLS/chain.pem
smtpd_tls_loglevel = 1
smtpd_tls_security_level = none
smtpd_sasl_auth_enable = no
smtpd_sasl_type = cyrus
# Cyrus reads \$cyrus_sasl_config_path/\$smtpd_sasl_path.conf = sasl/smtpd.conf
smtpd_sasl_path = smtpd
cyrus_sasl_config_path = $PF_SASL
smtpd_sasl_security_options = noanonymous
smtpd_sasl_tls_security_options = noanonymous
smtpd_tls_auth_only = yes
broken_sasl_auth_clients = no
EOF

printf '%s\n' \
    "alice@example.test example.test/alice/" \
    "bob@example.test example.test/bob/" >"$PF_CONF/virtual_mailboxes"

# Chroot column "n" everywhere: the daemons read the sasldb and certificates
# from run/, which a chroot under the queue directory could not see.
cat >"$PF_CONF/master.cf" <<EOF
# Generated by tests/servers/start.sh; edits are overwritten.
# service type  private unpriv  chroot  wakeup  maxproc command + args
$LISTEN:$PORT_SMTP inet n - n - - smtpd
  -o syslog_name=postfix-smtp-lens/smtp
  -o smtpd_tls_security_level=none
  -o smtpd_sasl_auth_enable=no
$LISTEN:$PORT_SUBMISSION inet n - n - - smtpd
  -o syslog_name=postfix-smtp-lens/submission
  -o smtpd_tls_security_level=encrypt
  -o smtpd_tls_auth_only=yes
  -o smtpd_sasl_auth_enable=yes
$LISTEN:$PORT_SMTPS inet n - n - - smtpd
  -o syslog_name=postfix-smtp-lens/smtps
  -o smtpd_tls_wrappermode=yes
  -o smtpd_tls_security_level=encrypt
  -o smtpd_sasl_auth_enable=yes
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
virtual   unix  -       n       n       -       -       virtual
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF

# Cyrus SASL: auxprop/sasldb keeps plaintext secrets, which CRAM-MD5 needs.
SASLDB=$PF_SASL/sasldb2
cat >"$PF_SASL/smtpd.conf" <<EOF
pwcheck_method: auxprop
auxprop_plugin: sasldb
sasldb_path: $SASLDB
mech_list: PLAIN LOGIN CRAM-MD5
EOF
rm -f "$SASLDB"
# -u realm + bare user stores "alice@example.test", which is what a client
# sending that full address as its authcid is looked up as.
printf '%s' "$PF_PASSWORD" | saslpasswd2 -f "$SASLDB" -p -c -u "${PF_USER#*@}" "${PF_USER%@*}"
chown root:postfix "$SASLDB" && chmod 0640 "$SASLDB"

# The unprivileged daemons open these by absolute path, so every directory
# above them must be searchable (a clone under /root would not be).
check_access() { # user, test flag, path
    if ! runuser -u "$1" -- test "$2" "$3"; then
        die "user $1 cannot access $3; make its parent directories world-searchable (chmod o+x)"
    fi
}
check_access postfix -r "$SASLDB"
check_access postfix -r "$TLS/key.pem"
check_access nobody -w "$MAILDIRS"
: >>"$PF_LOG"

postfix -c "$PF_CONF" check
postfix -c "$PF_CONF" start >/dev/null 2>&1 ||
    { tail -n 30 "$PF_LOG" >&2 || true; die "postfix failed to start"; }

# --- aiosmtpd ---------------------------------------------------------------
# setsid + closed stdio: detached from the caller's session and pipes, so a
# harness waiting on start.sh's output does not wait on the server too.
setsid python3 "$HERE/aiosmtpd_server.py" \
    --starttls "$LISTEN:$PORT_AIO_STARTTLS" --plain "$LISTEN:$PORT_AIO_PLAIN" \
    --cert "$TLS/chain.pem" --key "$TLS/key.pem" \
    --maildir "$AIO_MAIL" --pidfile "$AIO_PID" \
    --user "$AIO_USER" --password "$AIO_PASSWORD" \
    </dev/null >>"$AIO_LOG" 2>&1 &
setsid python3 "$HERE/aiosmtpd_server.py" \
    --starttls "$LISTEN:$PORT_AIO_SELFSIGNED" --plain "$LISTEN:$PORT_AIO_SELF_PLAIN" \
    --cert "$TLS/selfsigned.pem" --key "$TLS/selfsigned.key" \
    --maildir "$AIO_MAIL" --pidfile "$AIO_SELF_PID" \
    --user "$AIO_USER" --password "$AIO_PASSWORD" \
    </dev/null >>"$AIO_LOG" 2>&1 &
setsid python3 "$HERE/aiosmtpd_server.py" \
    --starttls "$LISTEN:$PORT_AIO_WEAKKEY" --plain "$LISTEN:$PORT_AIO_WEAK_PLAIN" \
    --cert "$TLS/weakkey.pem" --key "$TLS/weakkey.key" --weak-keys \
    --maildir "$AIO_MAIL" --pidfile "$AIO_WEAK_PID" \
    --user "$AIO_USER" --password "$AIO_PASSWORD" \
    </dev/null >>"$AIO_LOG" 2>&1 &

# --- wait for every greeting ------------------------------------------------
# One shared deadline; a port counts as up once it sends a 220 banner
# (through TLS for the implicit-TLS port).
wait_for_greetings() {
    python3 - "$@" <<'PY'
import socket, ssl, sys, time
deadline = time.monotonic() + 20
pending = [(a.rsplit(":", 1)[0], int(a.rsplit(":", 1)[1]), tls == "tls")
           for a, tls in (x.split(",") for x in sys.argv[1:])]
last = {}
while pending and time.monotonic() < deadline:
    for host, port, tls in list(pending):
        try:
            with socket.create_connection((host, port), timeout=2) as s:
                if tls:
                    ctx = ssl.create_default_context()
                    ctx.check_hostname = False
                    ctx.verify_mode = ssl.CERT_NONE
                    s = ctx.wrap_socket(s, server_hostname=host)
                s.settimeout(max(0.5, deadline - time.monotonic()))
                line = s.makefile("rb").readline()
                if line.startswith(b"220"):
                    pending.remove((host, port, tls))
                    s.sendall(b"QUIT\r\n")
                else:
                    last[port] = line
        except OSError as e:
            last[port] = e
    if pending:
        time.sleep(0.2)
for host, port, _ in pending:
    print(f"{host}:{port} did not greet with 220 (last: {last.get(port)!r})", file=sys.stderr)
sys.exit(1 if pending else 0)
PY
}
if ! wait_for_greetings \
    "$LISTEN:$PORT_SMTP,plain" "$LISTEN:$PORT_SUBMISSION,plain" "$LISTEN:$PORT_SMTPS,tls" \
    "$LISTEN:$PORT_AIO_STARTTLS,plain" "$LISTEN:$PORT_AIO_PLAIN,plain" "$LISTEN:$PORT_AIO_SELFSIGNED,plain" \
    "$LISTEN:$PORT_AIO_WEAKKEY,plain"; then
    log "--- tail of $PF_LOG"; tail -n 30 "$PF_LOG" >&2 || true
    log "--- tail of $AIO_LOG"; tail -n 30 "$AIO_LOG" >&2 || true
    die "not every server came up"
fi

# --- the detect test world (DNS, HTTPS, SMTP on 127.0.0.2-127.0.0.6) ----------
bash "$HERE/detect_world.sh" start

# --- tell the tests where everything is -------------------------------------
cat >"$RUN/servers.env" <<EOF
# Generated by tests/servers/start.sh. Test-only credentials.
SMTP_LENS_POSTFIX_SMTP=$LISTEN:$PORT_SMTP
SMTP_LENS_POSTFIX_SUBMISSION=$LISTEN:$PORT_SUBMISSION
SMTP_LENS_POSTFIX_SMTPS=$LISTEN:$PORT_SMTPS
SMTP_LENS_AIOSMTPD_STARTTLS=$LISTEN:$PORT_AIO_STARTTLS
SMTP_LENS_AIOSMTPD_PLAIN=$LISTEN:$PORT_AIO_PLAIN
SMTP_LENS_AIOSMTPD_SELFSIGNED=$LISTEN:$PORT_AIO_SELFSIGNED
SMTP_LENS_AIOSMTPD_WEAKKEY=$LISTEN:$PORT_AIO_WEAKKEY
SMTP_LENS_CA_CERT=$TLS/ca.pem
SMTP_LENS_SERVER_CERT=$TLS/cert.pem
SMTP_LENS_POSTFIX_MAILDIR=$MAILDIRS
SMTP_LENS_AIOSMTPD_MAILDIR=$AIO_MAIL
SMTP_LENS_POSTFIX_USER=$PF_USER
SMTP_LENS_POSTFIX_PASSWORD=$PF_PASSWORD
SMTP_LENS_AIOSMTPD_USER=$AIO_USER
SMTP_LENS_AIOSMTPD_PASSWORD=$AIO_PASSWORD
EOF
# servers.env is plain KEY=VALUE (value = rest of line, unquoted; passwords
# contain spaces), easy to parse from Rust. servers.sh is the same, quoted
# for `source` in a shell.
while IFS= read -r line; do
    [[ $line == SMTP_LENS_* ]] || continue
    printf 'export %s=%q\n' "${line%%=*}" "${line#*=}"
done <"$RUN/servers.env" >"$RUN/servers.sh"
log "all servers up; settings in $RUN/servers.env (shell: $RUN/servers.sh)"
