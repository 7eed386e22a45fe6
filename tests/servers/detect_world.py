#!/usr/bin/env python3
"""The test world of `smtp-lens detect`: one process serving, on loopback addresses only,

  DNS    an authoritative server (dnslib, UDP and TCP) for good.test, broken.test and the
         reverse zone of 192.0.2.0/24 (documentation addresses: the resolver answers reverse
         lookups of 127.x itself, so PTR data needs other addresses; nothing connects to them)
  HTTPS  autoconfig.good.test (Mozilla clientConfig) and mta-sts.good.test (the MTA-STS policy)
  SMTP   aiosmtpd listeners, plain, STARTTLS and implicit TLS, on 127.0.0.3/.4/.6

good.test:   autoconfig -> smtp.good.test 465 (SSL) and 587 (STARTTLS); SRV _submissions;
             MX 10 mx1.good.test (answers, STARTTLS), MX 20 mx2.good.test (nothing listens);
             SPF pass (2 lookups, -all), DMARC p=none, MTA-STS enforce, TLSA 3 1 1 for mx1
             (matches its certificate; the zone is unsigned)
broken.test: no MX, no autoconfig; mail.broken.test answers on 587 (STARTTLS) and 25 (plain,
             no STARTTLS); SPF over the 10-lookup limit; DMARC with a syntax error

Started and stopped by tests/servers/detect_world.sh; every address and port comes from the
command line.
"""
import argparse
import asyncio
import os
import signal
import socketserver
import ssl
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword
from dnslib import QTYPE, RCODE, RR, DNSRecord
from dnslib.server import BaseResolver, DNSServer

USER, PASSWORD = "carol@good.test", "detect pass"


def zone(tlsa_hex):
    # Eleven includes, so eleven lookups (RFC 7208 4.6.4 allows ten), in two strings as a long
    # record must be (RFC 7208 3.3: joined without a space).
    first = " ".join(f"include:s{i}.broken.test" for i in range(1, 7))
    second = " ".join(f"include:s{i}.broken.test" for i in range(7, 12))
    spf_includes = f'{first} " "{second}'
    records = f"""
good.test.                 300 IN MX    10 mx1.good.test.
good.test.                 300 IN MX    20 mx2.good.test.
good.test.                 300 IN TXT   "v=spf1 mx include:_spf.good.test -all"
_spf.good.test.            300 IN TXT   "v=spf1 ip4:192.0.2.0/24 -all"
_dmarc.good.test.          300 IN TXT   "v=DMARC1; p=none; rua=mailto:dmarc@good.test"
_mta-sts.good.test.        300 IN TXT   "v=STSv1; id=20260101T000000"
_submissions._tcp.good.test. 300 IN SRV 0 1 465 smtp.good.test.
_submission._tcp.good.test.  300 IN SRV 0 1 587 smtp.good.test.
smtp.good.test.            300 IN A     127.0.0.3
mx1.good.test.             300 IN A     127.0.0.4
mx1.good.test.             300 IN A     192.0.2.10
mx2.good.test.             300 IN A     127.0.0.5
mx2.good.test.             300 IN A     192.0.2.11
elsewhere.good.test.       300 IN A     192.0.2.99
autoconfig.good.test.      300 IN A     127.0.0.2
mta-sts.good.test.         300 IN A     127.0.0.2
_25._tcp.mx1.good.test.    300 IN TLSA  3 1 1 {tlsa_hex}
10.2.0.192.in-addr.arpa.   300 IN PTR   mx1.good.test.
11.2.0.192.in-addr.arpa.   300 IN PTR   elsewhere.good.test.
broken.test.               300 IN A     127.0.0.6
broken.test.               300 IN TXT   "v=spf1 {spf_includes} -all"
_dmarc.broken.test.        300 IN TXT   "v=DMARC1; p=rejectt; pct=200"
mail.broken.test.          300 IN A     127.0.0.6
"""
    for i in range(1, 12):
        records += f's{i}.broken.test. 300 IN TXT "v=spf1 ip4:192.0.2.{i} -all"\n'
    return RR.fromZone(records)


class ZoneResolver(BaseResolver):
    """Answers from the zone: the records of the name and type, NOERROR with no answer for a
    name that has other types, NXDOMAIN for a name it does not have."""

    def __init__(self, records):
        self.records = records

    def resolve(self, request, handler):
        reply = request.reply()
        reply.header.ra = 0
        qname, qtype = request.q.qname, QTYPE[request.q.qtype]
        found = [r for r in self.records if r.rname == qname]
        if not found:
            reply.header.rcode = RCODE.NXDOMAIN
            return reply
        for r in found:
            if QTYPE[r.rtype] == qtype or qtype == "ANY":
                reply.add_answer(r)
        return reply


def config_xml():
    return """<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="good.test">
    <domain>good.test</domain>
    <displayName>Good Test Mail</displayName>
    <incomingServer type="imap">
      <hostname>imap.good.test</hostname>
      <port>993</port>
      <socketType>SSL</socketType>
      <authentication>password-cleartext</authentication>
      <username>%EMAILADDRESS%</username>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.good.test</hostname>
      <port>465</port>
      <socketType>SSL</socketType>
      <authentication>password-cleartext</authentication>
      <username>%EMAILADDRESS%</username>
    </outgoingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.good.test</hostname>
      <port>587</port>
      <socketType>STARTTLS</socketType>
      <authentication>password-cleartext</authentication>
      <username>%EMAILADDRESS%</username>
    </outgoingServer>
  </emailProvider>
</clientConfig>
"""


POLICY = "version: STSv1\nmode: enforce\nmx: mx1.good.test\nmx: *.good.test\nmax_age: 86400\n"


class Web(BaseHTTPRequestHandler):
    def do_GET(self):
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        pages = {
            ("autoconfig.good.test", "/mail/config-v1.1.xml"): ("text/xml", config_xml()),
            ("mta-sts.good.test", "/.well-known/mta-sts.txt"): ("text/plain", POLICY),
        }
        page = pages.get((host, self.path.split("?")[0]))
        if page is None:
            self.send_error(404)
            return
        body = page[1].encode()
        self.send_response(200)
        self.send_header("Content-Type", page[0])
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        print("https:", fmt % args, flush=True)


class Handler:
    async def handle_DATA(self, server, session, envelope):
        return "250 2.0.0 OK: discarded by the detect test world"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and (
        auth_data.login.decode(), auth_data.password.decode()) == (USER, PASSWORD)
    return AuthResult(success=ok)


def host_port(text):
    host, _, port = text.rpartition(":")
    return host, int(port)


async def serve(args):
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(args.cert, args.key)
    loop = asyncio.get_running_loop()

    def factory(name, starttls):
        def make():
            return SMTP(Handler(), hostname=name, tls_context=tls if starttls else None,
                        require_starttls=False, authenticator=authenticator,
                        auth_require_tls=True)
        return make

    listeners = []
    # MODE:NAME@HOST:PORT, MODE plain | starttls | tls
    for spec in args.smtp:
        mode, _, rest = spec.partition(":")
        name, _, listen = rest.partition("@")
        host, port = host_port(listen)
        listeners.append(await loop.create_server(
            factory(name, mode == "starttls"), host=host, port=port, reuse_address=True,
            ssl=tls if mode == "tls" else None))

    dns_host, dns_port = host_port(args.dns)
    resolver = ZoneResolver(zone(args.tlsa))
    socketserver.ThreadingMixIn.daemon_threads = True
    dns = [DNSServer(resolver, address=dns_host, port=dns_port, tcp=tcp) for tcp in (False, True)]
    for d in dns:
        d.start_thread()

    web_host, web_port = host_port(args.https)
    web = ThreadingHTTPServer((web_host, web_port), Web)
    web.daemon_threads = True
    web.socket = ssl_server_context(args).wrap_socket(web.socket, server_side=True)
    threading.Thread(target=web.serve_forever, daemon=True).start()

    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    Path(args.pidfile).write_text(f"{os.getpid()}\n")
    print(f"detect_world: DNS {args.dns}, HTTPS {args.https}, SMTP {' '.join(args.smtp)}",
          flush=True)
    try:
        await stop.wait()
    finally:
        web.shutdown()
        for d in dns:
            d.stop()
        for server in listeners:
            server.close()
            await server.wait_closed()
        Path(args.pidfile).unlink(missing_ok=True)


def ssl_server_context(args):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(args.cert, args.key)
    return ctx


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dns", required=True, help="HOST:PORT of the DNS server")
    parser.add_argument("--https", required=True, help="HOST:PORT of the HTTPS server")
    parser.add_argument("--smtp", action="append", default=[],
                        help="MODE:NAME@HOST:PORT, MODE one of plain, starttls, tls")
    parser.add_argument("--cert", required=True, help="certificate chain (PEM)")
    parser.add_argument("--key", required=True)
    parser.add_argument("--tlsa", required=True,
                        help="SHA-256 of the leaf's public key (hex), for mx1's TLSA 3 1 1")
    parser.add_argument("--pidfile", required=True)
    args = parser.parse_args()
    try:
        asyncio.run(serve(args))
    except OSError as e:
        print(f"detect_world: {e}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
