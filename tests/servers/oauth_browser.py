#!/usr/bin/env python3
"""A stand-in for a person's browser, for the sign-in tests: set BROWSER to this script.

Logs each call to $OAUTH_BROWSER_LOG (one line each: the authorization URL's path, never its
query), asks the authorization server for the URL without following the redirect, then follows
it once to the app's loopback listener and saves the page it answers to $OAUTH_BROWSER_LOG.page.
Runs in the background (the caller may wait for it or not) and exits 0 either way.
"""

import os
import sys
import urllib.error
import urllib.parse
import urllib.request


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def main():
    url = sys.argv[1] if len(sys.argv) > 1 else ""
    log = os.environ.get("OAUTH_BROWSER_LOG")
    if log:
        with open(log, "a") as f:
            f.write("opened " + urllib.parse.urlsplit(url).path + "\n")
    # Do not keep the opener waiting.
    if os.fork() != 0:
        return
    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(url, timeout=10)
        return  # no redirect: the server keeps the user waiting
    except urllib.error.HTTPError as e:
        location = e.headers.get("Location")
    except OSError:
        return
    if not location:
        return
    try:
        page = urllib.request.urlopen(location, timeout=10).read()
    except urllib.error.HTTPError as e:
        page = e.read()
    except OSError:
        return
    if log:
        with open(log + ".page", "wb") as f:
            f.write(page)


if __name__ == "__main__":
    main()
