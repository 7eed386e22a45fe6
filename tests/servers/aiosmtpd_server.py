#!/usr/bin/env python3
"""Second, non-Postfix SMTP peer for smtp-lens's integration tests.

One process, two listeners on loopback:
  * STARTTLS port: STARTTLS offered (not required), AUTH PLAIN/LOGIN offered
    only after TLS (auth_require_tls=True), one test user, rejects any
    recipient whose local part is "nobody", saves each message to a file.
  * plain port: no STARTTLS, no AUTH, accepts everything (the "STARTTLS
    required but not offered" case); saves to the same directory.
Each saved file starts with X-Smtp-Lens-* pseudo-headers (listener, peer,
envelope, TLS, AUTH identity) followed by the message bytes as received.

Started in the background by start.sh; the pid file is written only once both
listeners are bound, so its presence means "up".
"""

import argparse
import asyncio
import itertools
import os
import signal
import ssl
import logging
import time
from pathlib import Path

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

HOSTNAME = "aiosmtpd.smtp-lens.test"

# aiosmtpd itself sets the deprecated Session.login_data on every successful
# AUTH and logs a warning for it: noise this script cannot avoid.
logging.getLogger("mail.log").addFilter(
    lambda record: "login_data is deprecated" not in record.getMessage()
)


class SavingHandler:
    """Accepts mail; optionally rejects "nobody@..."; stores what arrives."""

    def __init__(self, maildir, listener, reject_nobody):
        self.maildir = maildir
        self.listener = listener
        self.reject_nobody = reject_nobody
        self.counter = itertools.count(1)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local_part = address.rsplit("@", 1)[0]
        if self.reject_nobody and local_part.lower() == "nobody":
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        name = f"{time.time_ns()}-{os.getpid()}-{next(self.counter)}"
        # Envelope as leading pseudo-headers, then the message exactly as
        # received, so tests can check both sides of the transaction.
        head = [
            f"X-Smtp-Lens-Listener: {self.listener}",
            f"X-Smtp-Lens-Peer: {session.peer[0]}",
            f"X-Smtp-Lens-Mail-From: {envelope.mail_from}",
            f"X-Smtp-Lens-Rcpt-To: {', '.join(envelope.rcpt_tos)}",
            f"X-Smtp-Lens-Tls: {'yes' if session.ssl else 'no'}",
            f"X-Smtp-Lens-Auth: {session.auth_data if session.authenticated else ''}",
        ]
        body = envelope.original_content or b""
        data = ("\r\n".join(head) + "\r\n").encode() + body
        # Write then rename, so a reader polling the directory never sees a
        # half-written file.
        tmp = self.maildir / f".{name}.tmp"
        tmp.write_bytes(data)
        tmp.rename(self.maildir / f"{name}.eml")
        return f"250 2.0.0 OK: saved as {name}"


def make_authenticator(user, password):
    def authenticate(server, session, envelope, mechanism, auth_data):
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        ok = auth_data.login == user.encode() and auth_data.password == password.encode()
        return AuthResult(success=ok, handled=False, auth_data=auth_data.login.decode() if ok else None)

    return authenticate


def host_port(text):
    host, _, port = text.rpartition(":")
    return host, int(port)


async def serve(args):
    maildir = Path(args.maildir)
    maildir.mkdir(parents=True, exist_ok=True)

    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    if args.weak_keys:
        # OpenSSL's default security level refuses keys under 2048 bits; this instance exists
        # to serve one, so a client can be tested against it.
        tls.set_ciphers("DEFAULT:@SECLEVEL=0")
    tls.load_cert_chain(args.cert, args.key)

    loop = asyncio.get_running_loop()
    saving = SavingHandler(maildir, "starttls", reject_nobody=True)
    plain = SavingHandler(maildir, "plain", reject_nobody=False)
    authenticator = make_authenticator(args.user, args.password)

    def starttls_factory():
        return SMTP(
            saving,
            hostname=HOSTNAME,
            tls_context=tls,
            require_starttls=False,
            authenticator=authenticator,
            auth_require_tls=True,
        )

    def plain_factory():
        return SMTP(plain, hostname=HOSTNAME)

    servers = []
    for listen, factory in ((args.starttls, starttls_factory), (args.plain, plain_factory)):
        host, port = host_port(listen)
        servers.append(await loop.create_server(factory, host=host, port=port, reuse_address=True))

    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)

    Path(args.pidfile).write_text(f"{os.getpid()}\n")
    print(f"aiosmtpd_server: listening on {args.starttls} (starttls) and {args.plain} (plain)", flush=True)
    try:
        await stop.wait()
    finally:
        for server in servers:
            server.close()
            await server.wait_closed()
        Path(args.pidfile).unlink(missing_ok=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--starttls", default="127.0.0.1:11025")
    parser.add_argument("--plain", default="127.0.0.1:11026")
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--pidfile", required=True)
    parser.add_argument("--weak-keys", action="store_true",
                        help="allow a certificate key OpenSSL calls too small (for tests of clients)")
    parser.add_argument("--user", default="bob@example.test")
    # Test-only credential, also published in run/servers.env.
    parser.add_argument("--password", default="s3cret pass")
    asyncio.run(serve(parser.parse_args()))


if __name__ == "__main__":
    main()
