#!/usr/bin/env python3
"""A small OAuth 2.0 world for smtp-lens's sign-in tests, all on 127.0.0.1.

One process, two listeners on free ports, one shared table of grants:
  * an authorization server (stdlib http.server, one thread a request):
      GET  /authorize   authorization code with PKCE (S256 only) and state (RFC 6749 4.1,
                        RFC 7636); signs in the login_hint (or alice@example.test) at once and
                        redirects to the client's loopback redirect_uri.
                        client_id "deny" gets error=access_denied, "wrong-state" gets another
                        state back, "silent" never redirects (the client's wait times out).
      POST /token       authorization_code, refresh_token (the refresh token is rotated: the
                        old one stops working) and the device code grant (RFC 8628 3.4): the
                        first poll is answered authorization_pending, the second slow_down, the
                        third (if it honours the longer interval) the tokens.
      POST /device      RFC 8628 3.1-3.2: device_code, user_code, verification_uri, interval 1.
      POST /revoke      RFC 7009: a refresh token (its whole grant) or one access token.
  * an SMTP server (aiosmtpd) offering AUTH XOAUTH2 and OAUTHBEARER without TLS. It accepts
    only an access token this server issued, still valid, for the user named in the exchange.
    A bad token is answered the way Gmail does: 334 with base64 JSON
    {"status":"401","schemes":"Bearer","scope":"https://mail.google.com/"}, then, after the
    client's empty line, 535 5.7.8. Messages are saved to <state>/mail/.

Access tokens live --access-ttl seconds (short, to force refreshes). Every token and code
issued is appended to <state>/issued.txt so a test can look for each in what smtp-lens wrote;
each device poll is logged to <state>/device.log (time and answer) and each grant to
<state>/grants.log. <state>/ports.json ({"http": N, "smtp": N}) is written once both listen.
Stops on SIGTERM.
"""

import argparse
import asyncio
import base64
import hashlib
import json
import os
import secrets
import signal
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import logging

from aiosmtpd.smtp import SMTP, AuthResult

# aiosmtpd sets the deprecated Session.login_data itself and warns about it: noise.
logging.getLogger("mail.log").addFilter(
    lambda record: "login_data is deprecated" not in record.getMessage()
)

DEFAULT_USER = "alice@example.test"
ERROR_CHALLENGE = {"status": "401", "schemes": "Bearer", "scope": "https://mail.google.com/"}


class World:
    """Every code, grant and token; one lock, shared by both listeners."""

    def __init__(self, state: Path, access_ttl: float):
        self.state = state
        self.access_ttl = access_ttl
        self.lock = threading.Lock()
        self.codes = {}  # code -> dict(client_id, redirect_uri, challenge, user, scope)
        self.refresh = {}  # refresh token -> grant id (only the current one of a grant)
        self.access = {}  # access token -> dict(user, expires, grant)
        self.revoked_grants = set()
        self.devices = {}  # device_code -> dict(polls, last, interval, user, scope, client_id)

    def new(self, prefix: str) -> str:
        token = prefix + secrets.token_urlsafe(24)
        with open(self.state / "issued.txt", "a") as f:
            f.write(token + "\n")
        return token

    def log(self, name: str, line: str):
        with open(self.state / name, "a") as f:
            f.write(line + "\n")

    def tokens(self, grant: str, user: str, scope: str) -> dict:
        """A fresh access token and a fresh (rotated) refresh token for a grant."""
        access = self.new("at-")
        refresh = self.new("rt-")
        self.access[access] = {
            "user": user,
            "expires": time.time() + self.access_ttl,
            "grant": grant,
        }
        for old in [r for r, g in self.refresh.items() if g == grant]:
            del self.refresh[old]
        self.refresh[refresh] = grant
        return {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": int(self.access_ttl),
            "refresh_token": refresh,
            "scope": scope,
        }

    def valid_access(self, token: str, user: str) -> bool:
        with self.lock:
            info = self.access.get(token)
            return (
                info is not None
                and info["user"] == user
                and info["expires"] > time.time()
                and info["grant"] not in self.revoked_grants
            )


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def make_http_handler(world: World):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, fmt, *args):
            pass

        def reply(self, status: int, body: dict, headers=None):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(data)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def error(self, code: str, status: int = 400):
            self.reply(status, {"error": code})

        def redirect(self, to: str):
            self.send_response(302)
            self.send_header("Location", to)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self):
            url = urllib.parse.urlsplit(self.path)
            if url.path != "/authorize":
                return self.error("not_found", 404)
            q = dict(urllib.parse.parse_qsl(url.query))
            redirect_uri = q.get("redirect_uri", "")
            if not redirect_uri.startswith("http://127.0.0.1:"):
                return self.error("invalid_request")
            if q.get("response_type") != "code":
                return self.error("unsupported_response_type")
            # RFC 7636 4.4.1: this server insists on S256.
            if q.get("code_challenge_method") != "S256" or not q.get("code_challenge"):
                return self.error("invalid_request")
            state = q.get("state", "")
            if not state:
                return self.error("invalid_request")
            client_id = q.get("client_id", "")
            sep = "&" if "?" in redirect_uri else "?"
            if client_id == "silent":
                # Takes the user's time: no redirect, the client's wait runs out.
                return self.reply(200, {"waiting": True})
            if client_id == "deny":
                query = urllib.parse.urlencode({"error": "access_denied", "state": state})
                return self.redirect(redirect_uri + sep + query)
            code = world.new("code-")
            with world.lock:
                world.codes[code] = {
                    "client_id": client_id,
                    "redirect_uri": redirect_uri,
                    "challenge": q["code_challenge"],
                    "user": q.get("login_hint") or DEFAULT_USER,
                    "scope": q.get("scope", ""),
                }
                if client_id == "wrong-user":
                    world.codes[code]["user"] = "mallory@example.test"
            if client_id == "wrong-state":
                state = "not-" + state
            query = urllib.parse.urlencode({"code": code, "state": state})
            self.redirect(redirect_uri + sep + query)

        def form(self) -> dict:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode()
            return dict(urllib.parse.parse_qsl(body))

        def do_POST(self):
            path = urllib.parse.urlsplit(self.path).path
            f = self.form()
            if path == "/token":
                return self.token(f)
            if path == "/device":
                return self.device(f)
            if path == "/revoke":
                return self.revoke(f)
            return self.error("not_found", 404)

        def token(self, f: dict):
            grant_type = f.get("grant_type")
            with world.lock:
                if grant_type == "authorization_code":
                    info = world.codes.pop(f.get("code", ""), None)
                    if info is None or info["redirect_uri"] != f.get("redirect_uri"):
                        return self.error("invalid_grant")
                    if info["client_id"] != f.get("client_id"):
                        return self.error("invalid_client", 401)
                    if s256(f.get("code_verifier", "")) != info["challenge"]:
                        world.log("grants.log", "pkce-mismatch")
                        return self.error("invalid_grant")
                    grant = secrets.token_hex(8)
                    world.log("grants.log", f"code {grant}")
                    return self.reply(200, world.tokens(grant, info["user"], info["scope"]))
                if grant_type == "refresh_token":
                    grant = world.refresh.get(f.get("refresh_token", ""))
                    if grant is None or grant in world.revoked_grants:
                        world.log("grants.log", "refresh refused")
                        return self.error("invalid_grant")
                    user = next(
                        (a["user"] for a in world.access.values() if a["grant"] == grant),
                        DEFAULT_USER,
                    )
                    world.log("grants.log", f"refresh {grant}")
                    return self.reply(200, world.tokens(grant, user, f.get("scope", "")))
                if grant_type == "urn:ietf:params:oauth:grant-type:device_code":
                    return self.device_poll(f.get("device_code", ""))
            return self.error("unsupported_grant_type")

        def device(self, f: dict):
            with world.lock:
                device_code = world.new("dc-")
                user_code = "WDJB-MJHT"
                world.devices[device_code] = {
                    "polls": 0,
                    "last": None,
                    "interval": 1,
                    "user": f.get("login_hint") or DEFAULT_USER,
                    "scope": f.get("scope", ""),
                }
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            self.reply(
                200,
                {
                    "device_code": device_code,
                    "user_code": user_code,
                    "verification_uri": base + "/device-login",
                    "expires_in": 300,
                    "interval": 1,
                },
            )

        def device_poll(self, device_code: str):
            """Called with the lock held."""
            info = world.devices.get(device_code)
            if info is None:
                return self.error("invalid_grant")
            now = time.time()
            too_soon = info["last"] is not None and now - info["last"] < info["interval"] - 0.2
            info["last"] = now
            info["polls"] += 1
            if too_soon:
                # RFC 8628 3.5: polling faster than the interval earns slow_down (+5 s).
                info["interval"] += 5
                world.log("device.log", f"{now:.3f} too-soon slow_down")
                return self.error("slow_down")
            if info["polls"] == 1:
                world.log("device.log", f"{now:.3f} authorization_pending")
                return self.error("authorization_pending")
            if info["polls"] == 2:
                info["interval"] += 5
                world.log("device.log", f"{now:.3f} slow_down")
                return self.error("slow_down")
            world.log("device.log", f"{now:.3f} granted")
            del world.devices[device_code]
            grant = secrets.token_hex(8)
            world.log("grants.log", f"device {grant}")
            return self.reply(200, world.tokens(grant, info["user"], info["scope"]))

        def revoke(self, f: dict):
            token = f.get("token", "")
            with world.lock:
                grant = world.refresh.get(token)
                if grant is not None:
                    world.revoked_grants.add(grant)
                    world.log("grants.log", f"revoked {grant}")
                elif token in world.access:
                    world.access[token]["expires"] = 0
                    world.log("grants.log", "revoked an access token")
            # RFC 7009 2.2: 200 also for a token that was not valid.
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

    return Handler


def b64(data: str) -> str:
    return base64.b64encode(data.encode()).decode()


class TokenHandler:
    """XOAUTH2 and OAUTHBEARER against the world's tokens; saves accepted mail."""

    def __init__(self, world: World):
        self.world = world
        self.counter = 0

    async def _finish(self, server, user: str, token: str):
        if user and self.world.valid_access(token, user):
            self.world.log("smtp.log", f"accepted {user}")
            return AuthResult(success=True, auth_data=user)
        self.world.log("smtp.log", f"refused {user}")
        # Gmail: the error challenge, the client's empty line, then 535 5.7.8.
        await server.challenge_auth(json.dumps(ERROR_CHALLENGE), encode_to_b64=True)
        await server.push(
            "535-5.7.8 Username and Password not accepted. For more information, go to\r\n"
            "535 5.7.8  https://support.google.com/mail/?p=BadCredentials - test"
        )
        return AuthResult(success=False, handled=True)

    @staticmethod
    def _fields(decoded: str):
        # RFC 7628 3.1 (OAUTHBEARER) and Google's XOAUTH2: key=value pairs split by ^A.
        return dict(kv.split("=", 1) for kv in decoded.split("\x01") if "=" in kv)

    async def _initial(self, server, args):
        if len(args) > 1:
            return base64.b64decode(args[1]).decode(errors="replace")
        data = await server.challenge_auth("", encode_to_b64=False)
        return data.decode(errors="replace") if isinstance(data, bytes) else ""

    async def auth_XOAUTH2(self, server, args):
        fields = self._fields(await self._initial(server, args))
        token = fields.get("auth", "").removeprefix("Bearer ").strip()
        return await self._finish(server, fields.get("user", ""), token)

    async def auth_OAUTHBEARER(self, server, args):
        decoded = await self._initial(server, args)
        gs2, _, rest = decoded.partition("\x01")
        user = ""
        for part in gs2.split(","):
            if part.startswith("a="):
                user = part[2:]
        fields = self._fields(rest)
        token = fields.get("auth", "").removeprefix("Bearer ").strip()
        return await self._finish(server, user, token)

    async def handle_DATA(self, server, session, envelope):
        self.counter += 1
        mail = self.world.state / "mail"
        mail.mkdir(exist_ok=True)
        head = f"X-Smtp-Lens-Auth: {session.auth_data}\r\n".encode()
        (mail / f"{self.counter}.eml").write_bytes(head + (envelope.original_content or b""))
        return "250 2.0.0 OK: saved"


class TokenSMTP(SMTP):
    command_size_limit = 8192


async def serve(args):
    state = Path(args.state)
    state.mkdir(parents=True, exist_ok=True)
    world = World(state, args.access_ttl)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), make_http_handler(world))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    loop = asyncio.get_running_loop()
    handler = TokenHandler(world)
    smtp = await loop.create_server(
        lambda: TokenSMTP(
            handler,
            hostname="oauth.smtp-lens.test",
            auth_require_tls=False,
            auth_exclude_mechanism=["LOGIN", "PLAIN"],
        ),
        "127.0.0.1",
        0,
    )
    ports = {"http": httpd.server_address[1], "smtp": smtp.sockets[0].getsockname()[1]}
    tmp = state / ".ports.tmp"
    tmp.write_text(json.dumps(ports))
    tmp.rename(state / "ports.json")
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    await stop.wait()
    smtp.close()
    httpd.shutdown()


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--state", required=True, help="folder for ports.json, issued.txt, logs, mail")
    p.add_argument("--access-ttl", type=float, default=2.0, help="access token lifetime, seconds")
    args = p.parse_args()
    os.umask(0o077)
    asyncio.run(serve(args))


if __name__ == "__main__":
    main()
