# The message catalogue of smtp-lens, in English (the fallback language).
# Every sentence and label a person reads comes from here, through src/present/. Protocol words
# (EHLO, STARTTLS, RCPT TO, AUTH PLAIN), replies, addresses and host names stay as they are.
# Ids say what a message is for; arguments are named. A language is one more folder beside this.

## Reply classes (RFC 5321 4.2.1)

class-positive-preliminary = positive preliminary
class-positive-completion = positive completion
class-positive-intermediate = positive intermediate
class-transient-negative = transient negative
class-permanent-negative = permanent negative
# The short form beside a reply: its first digit and the class.
class-tag = { $digit }xx { $class }

## Stages of a session

stage-connect = connect
stage-greeting = greeting
stage-ehlo = EHLO
stage-tls = TLS
stage-auth = AUTH
stage-mail = MAIL FROM
stage-rcpt = RCPT TO
stage-data = message
stage-quit = QUIT

status-passed = passed
status-partial = PARTIAL
status-failed = FAILED
status-skipped = skipped

recipient-label = recipient
recipient-accepted = accepted
recipient-refused = REFUSED
recipient-not-tried = not tried

## Why a stage ended the way it did

## What a reply answered (after "answering")

context-greeting = the greeting
context-ehlo = EHLO
context-helo = HELO
context-starttls = STARTTLS
context-auth = AUTH
context-mail = MAIL FROM
context-rcpt = RCPT TO
context-data = DATA
context-end-of-data = the end of the data
context-bdat = BDAT
context-rset = RSET
context-quit = QUIT
context-unsolicited = nothing (it came unasked)

stage-detail-not-reached = not reached
stage-detail-implicit-tls = implicit TLS
stage-detail-starttls = STARTTLS
stage-detail-starttls-overridden = STARTTLS; the certificate is not valid, accepted for this test
stage-detail-implicit-tls-overridden = implicit TLS; the certificate is not valid, accepted for this test
stage-detail-not-offered = not offered
stage-detail-not-asked = not asked
stage-detail-no-auth = no AUTH asked
stage-detail-refused = STARTTLS refused
stage-detail-recipients = { $total ->
        [one] { $accepted } of 1 recipient accepted
       *[other] { $accepted } of { $total } recipients accepted
    }

## Verdicts

verdict-success = all accepted
verdict-invalid-input = invalid input
verdict-connect-failed = could not connect
verdict-connection-lost = connection lost
verdict-tls-failed = TLS failed
verdict-server-refused = server refused the session
verdict-auth-failed = authentication failed
verdict-sender-rejected = sender rejected
verdict-some-recipients-rejected = some recipients rejected
verdict-all-recipients-rejected = all recipients rejected
verdict-message-rejected = message rejected
verdict-protocol-error = protocol error
verdict-timeout = timed out
verdict-cancelled = cancelled
verdict-passed = PASSED
verdict-passed-overridden = PASSED WITH AN OVERRIDE
verdict-with-override = { $verdict }, with an override
verdict-failed = FAILED

## Security modes

security-none = no TLS (plain text)
security-starttls = STARTTLS required
security-starttls-optional = STARTTLS if offered
security-tls = implicit TLS

## What to do next

retry-none = nothing to do
retry-continue = the session goes on
retry-later = retry later (temporary)
retry-fix-first = fix the cause first, then try again
retry-do-not = do not retry as it is

## How a session ended

ending-stopped-connect = connected; stopped as asked
ending-stopped-greeting = greeted; stopped as asked
ending-stopped-ehlo = EHLO accepted; stopped as asked
ending-stopped-tls = TLS checked; stopped as asked
ending-stopped-tls-plain = connection checked, without TLS; stopped before AUTH as asked
ending-stopped-auth = logged in; stopped as asked
ending-stopped-mail = sender accepted; stopped as asked
ending-stopped-send = message sent; stopped as asked
ending-recipients-all = every recipient accepted; stopped before the message as asked
ending-recipients-some = { $total ->
        [one] { $accepted } of 1 recipient accepted; stopped before the message as asked
       *[other] { $accepted } of { $total } recipients accepted; stopped before the message as asked
    }
ending-message-all = message accepted for every recipient
ending-message-all-queued = message accepted for every recipient and queued as { $id }
ending-message-some = { $total ->
        [one] message accepted for { $accepted } of 1 recipient
       *[other] message accepted for { $accepted } of { $total } recipients
    }
ending-message-some-queued = { $total ->
        [one] message accepted for { $accepted } of 1 recipient and queued as { $id }
       *[other] message accepted for { $accepted } of { $total } recipients and queued as { $id }
    }
ending-refused-greeting = the server refused the session in its greeting
ending-refused-ehlo = the server refused EHLO
ending-refused-helo = the server refused HELO
ending-refused-starttls = the server refused STARTTLS
ending-refused-auth = the server refused the login with { $mechanism }
ending-refused-auth-all = the server refused the login with every mechanism tried: { $mechanisms }
ending-refused-mail = the server refused the sender
ending-refused-rcpt = the server refused every recipient
ending-refused-data = the server refused DATA
ending-refused-message = the server refused the message
ending-refused-other = the server refused { $command }
ending-starttls-refused = STARTTLS refused
ending-too-large = the message is too large: { $size } kB, the server allows { $limit } kB
ending-too-large-plain = the message is too large for the server: { $size } kB
ending-service-closing = the server closed the session (421) in reply to { $command } { $address }
ending-service-closing-plain = the server closed the session (421) in reply to { $command }

## What went wrong, other than a reply

problem-connect = could not connect: { $failure }
problem-tls = { $failure }
problem-io = { $failure }
problem-closed = the server closed the connection while we waited for { $awaited }
problem-timeout = timed out waiting for { $awaited } ({ $seconds } s)
problem-timeout-silent = timed out waiting for { $awaited } ({ $seconds } s; the server sent nothing: if this port expects implicit TLS, as 465 usually does, use implicit TLS)
problem-cancelled = cancelled by the user
problem-invalid = not started: { $error }
problem-command = cannot send { $verb }: { $error }
problem-data = cannot send the message: { $error }
problem-auth = { $error }
problem-reply = cannot read the server's reply: { $error }
problem-starttls-not-offered = STARTTLS is required but the server does not offer it
problem-no-result = the session ended before a result

awaited-greeting = the server's greeting
awaited-end-of-data = the reply to the end of the message
awaited-reply = the reply to { $command }
awaited-handshake = the TLS handshake
awaited-server = the server

## Failures of the transport, by cause; $detail is what the system or TLS library said

failure-name-not-found = cannot resolve the server name ({ $detail }); check its spelling and this machine's DNS
failure-name-not-found-plain = cannot resolve the server name in time; check its spelling and this machine's DNS
failure-no-address = the server name has no address; check the server name
failure-connection-refused = connection refused (nothing listens on that port, or a firewall rejects it; check the port and the security mode)
failure-connection-timeout = the connection attempt timed out
failure-connection-reset = the connection was reset or broke off ({ $detail })
failure-connection-reset-plain = the connection was reset or broke off
failure-port-blocked = no answer within { $seconds } s (a firewall may drop the packets; outbound port 25 is often blocked: try 587 or 465)
failure-wrong-mode-tls = the server answered with TLS where a plain-text greeting was expected: this port uses implicit TLS; use implicit TLS (usually port 465)
failure-wrong-mode-plain = the server sent a plain-text SMTP greeting where a TLS handshake was expected: this port speaks plain SMTP; use security mode starttls (or none)
failure-certificate = the server's certificate is not valid: { $reason }; fix the certificate, or to test anyway accept invalid certificates
failure-tls-protocol = TLS handshake failed: no TLS version in common (this client speaks TLS 1.2 and 1.3): { $detail }
failure-tls-protocol-plain = TLS handshake failed: no TLS version in common (this client speaks TLS 1.2 and 1.3)
failure-tls-handshake = TLS handshake failed: { $detail }
failure-tls-handshake-plain = TLS handshake failed
failure-tls-timeout = the TLS handshake timed out
failure-key-too-weak = the server's certificate has a key too weak for TLS today (RSA under 2048 bits; an RSA key of 2048 bits or more, or ECDSA, is needed); accepting invalid certificates cannot get past it
failure-tls-closed = the server agreed to TLS, then closed the connection before sending any of the handshake: its TLS set-up is broken (a missing or unreadable certificate or key, for example)
failure-other = { $detail }
failure-other-plain = the connection failed

## Notes of the session

note-ehlo-refused = EHLO refused with { $code }; trying HELO (no extensions)
note-starttls-offered-not-used = the server offers STARTTLS, not used (security: none)
note-starttls-not-offered = the server does not offer STARTTLS; going on in plain text
note-starttls-refused = STARTTLS was refused; going on in plain text as the mode allows
note-token-refused = the server refused the access token: status { $status } ({ $meaning })
note-token-refused-scope = the server refused the access token: status { $status } ({ $meaning }); it wants the scope { $scope }
note-token-status-401 = invalid or expired token, or one issued for another account
note-token-status-400 = the request was malformed
note-token-status-403 = the token lacks the permission or scope needed
note-token-status-other = see the server's documentation
note-mechanism-not-offered = { $mechanism } is not among the mechanisms the server offers; trying it anyway as forced
note-smtputf8-not-offered = SMTPUTF8 is switched on but the server does not offer it
note-ascii-domain = { $address } is sent as { $ascii }: the domain's ASCII form (IDNA), which needs no SMTPUTF8
note-trying-next-mechanism = { $failed } was refused; trying { $next }, which the server also offers
note-trying-next-mechanism-plain = { $failed } was refused; trying { $next }, which the server also offers (this connection is not encrypted: the password goes as it is)
note-message-too-large = the message is { $size } bytes; the server accepts at most { $limit }
note-eight-bit = the message has 8-bit bytes but 8BITMIME is not in use
note-dsn-not-offered = DSN is switched on but the server does not offer it
note-chunking-not-offered = BDAT is switched on but the server does not offer CHUNKING; using DATA
note-pipelining = PIPELINING: sending the envelope as one group
note-no-recipient = no recipient was accepted: ending DATA without a message
note-unsolicited = the server sent a reply nobody asked for; it is shown but ignored
note-bare-lf = the server ended a reply line with a bare LF; RFC 5321 2.3.8 requires CRLF
note-follows-refused-mail = this reply only follows from the refusal of MAIL earlier in the same pipelined group (RFC 2920 3.1); it says nothing of its own, and the recipient counts as not tried

## Our remarks in the transcript

remark-started = { $tool }: { $target } with { $security }
remark-resolving = resolving { $host }
remark-resolved = { $host } has { $count ->
        [one] 1 address
       *[other] { $count } addresses
    }: { $addresses }
remark-trying = trying { $address }
remark-connected = connected to { $peer } from { $local }
remark-attempt-failed = { $address }: { $failure }
remark-handshake = TLS handshake ({ $via })
remark-handshake-sni = TLS handshake ({ $via }), SNI { $sni }
remark-tls-established = TLS established: { $protocol }, { $cipher }
remark-certificate = certificate { $index }: { $summary }
remark-fingerprint = certificate { $index } SHA-256 { $sha256 }
remark-certificate-verified = certificate verified: the certificate chain is trusted and matches the host name
remark-certificate-accepted = certificate NOT valid ({ $code }): { $reason }; going on only because invalid certificates are accepted for this test
remark-injected = the server sent { $count } bytes after its 220 to STARTTLS and before the handshake (possible command injection, RFC 3207 5); discarded: { $bytes }
elided-lines = [{ $lines } more lines, { $bytes } bytes, sent but not shown]
challenge-decoded = [decoded: { $text }]
challenge-empty = (empty challenge)
challenge-binary = <{ $count } bytes of binary data>
challenge-not-base64 = (not base64: { $text })

## TLS and certificates

tls-unknown-protocol = unknown protocol
tls-unknown-cipher = unknown cipher
tls-no-protocol = no protocol agreed
tls-no-cipher = no cipher suite
tls-summary = TLS ({ $via }) { $state }: { $protocol }, { $cipher }, { $sni }
tls-state-established = established
tls-state-failed = FAILED
tls-sni = SNI { $sni }
tls-no-sni = no SNI (address)
tls-check = Certificate check for { $name }: { $state } ({ $reason })
tls-check-accepted = Certificate check for { $name }: { $state } ({ $reason }; accepted anyway, as asked)
tls-cert-valid = valid
tls-cert-invalid = NOT VALID
tls-error = TLS error: { $error }

cert-summary = { $subject } issued by { $issuer }; { $left }; { $key }; { $names }
cert-expired-ago = expired { $days } days ago
cert-days-left = { $days } days left
cert-validity-unknown = validity unknown
cert-no-names = no alternative names
cert-valid = the certificate chain is trusted and matches the host name
cert-expired = the certificate has expired
cert-not-yet-valid = the certificate is not valid yet (check the clocks of both machines)
cert-self-signed = the certificate is self-signed, so no trusted authority vouches for it
cert-unknown-issuer = the certificate was issued by an authority this system does not trust, or the server did not send the intermediate certificates
cert-wrong-host = the certificate is for { $presented } but the host connected to is { $expected }
cert-wrong-host-unknown = the certificate does not name the host that was connected to
cert-no-name = no name
cert-revoked = the certificate has been revoked
cert-bad-signature = the certificate's signature does not verify
cert-weak-key = its RSA key has only { $bits } bits, under the 2048 that TLS requires today
cert-invalid = the certificate could not be verified: { $detail }

key-rsa = RSA { $bits } bits
key-ecdsa = ECDSA P-{ $bits }
key-ed25519 = Ed25519
key-ed448 = Ed448
key-other = key algorithm { $oid }

## Explanations of replies and failures

explain-meaning = What it means
explain-when = When you see it
explain-fixes = How to fix it
explain-retry = Retry
explain-cause = Cause
explain-note = Note
explain-references = References
explain-code = code { $code }
explain-enhanced = enhanced { $enhanced }
explain-answering = answering { $context }
explain-from = from { $provider }
explain-class-meaning = The server's reply is a { $class } reply.
explain-note-class-mismatch = The enhanced code { $enhanced } is of class { $enhanced_class } but the basic code { $code } is of class { $class }; RFC 3463 requires them to agree. The basic code decides what the client does.
explain-note-enhanced-out-of-place = The enhanced code { $enhanced } speaks of an address, a mailbox or the message, but this reply answered { $context }, before any of them was sent: the server chose the code badly, so this explanation follows the basic code.
explain-note-non-standard = { $code } is not a standard SMTP reply code. { $likely }
explain-note-undefined = { $code } is not a reply code any RFC defines; the first digit still tells its class: { $class }.

## The verdict

report-success = Success: { $summary }.
report-success-overridden = Passed only with an override: { $summary }. { $overridden }
override-no-encryption = The session went in plain text: the server did not offer STARTTLS (or refused it), and the mode "STARTTLS if offered" allows going on without it. What was sent crossed the network unencrypted; choose "STARTTLS required" to make that a failure.
override-certificate = The server's certificate is not valid ({ $reason }); it was accepted for this test only, and clients that check certificates will refuse it.
report-failure = { $verdict }: { $summary }.
report-server-said = The server said "{ $reply }" ({ $title }).
report-first-try = First try: { $fix }
report-verdict = Verdict
report-deciding-reply = Deciding reply

## Exports and the command line

export-title = SMTP session report
export-started = Started
export-tool = Tool
export-server = Server
export-helo = EHLO name
export-auth = AUTH
export-auth-user = user { $user }, mechanism { $mechanism }, { $kind } not recorded
export-auth-chosen = chosen from the offer
export-auth-password = password
export-auth-token = OAuth token
export-auth-not-asked = not asked
export-sender = Envelope sender
export-recipients = Recipients
export-none = (none)
export-stop-after = Stop after
export-certificates = Invalid certificates
export-certificates-accepted = accepted
export-certificates-refused = refused
export-dsn = DSN
export-resolved = Resolved
export-connected = Connected
export-connected-value = { $peer } from { $local }
export-settings = Settings
export-tls = TLS
export-transcript = Transcript
export-transcript-columns = time UTC, +seconds since start, latency of replies
export-markers = Markers: -> sent, <- received, ~> and <~ inside TLS, === remark, =!= warning, *** error. Secrets are never recorded.
export-written = session written to { $path }
# Under a refused reply in the command line's transcript.
reply-try = try: { $fix }

## What a line of the AUTH exchange holds (the secret itself is never shown)

aside-password-hidden = (user { $user }, password hidden)
aside-token-hidden = (user { $user }, token hidden)
aside-digest-hidden = (user { $user } and HMAC-MD5 digest, hidden)
aside-user-name = (user name { $user }, base64)
aside-acknowledges-error = (acknowledges the error)

## The window

window-running = Running...
window-explain-hint = Click a reply in the transcript to read what it means and how to fix it.
window-copy-explanation = Copy reply and explanation
window-tls-card = TLS ({ $via }): { $protocol }, { $cipher }, { $certificate }
window-tls-card-failed = TLS ({ $via }): handshake failed, { $certificate }
window-certificate-valid = certificate valid
window-certificate-invalid = certificate INVALID ({ $code })
window-certificate-unchecked = certificate not checked
window-accepted-invalid = Continued although the certificate is invalid, as the profile allows.
window-override-not-enough = The profile allows an invalid certificate, but the handshake failed all the same: the override cannot get past this.
export-ca-file = Extra trusted CA
export-timeout = Timeout
export-timeout-value = { $seconds } s for each phase
# After a verdict decided by an invalid certificate, on the command line.
cli-hint-insecure = To test the rest of the session anyway: --insecure (-k) accepts an invalid certificate; the finding is still shown.
cli-hint-ca-file = If the server uses a private CA, --ca-file PEM trusts it for this session.
window-hint-insecure = To test the rest of the session anyway: in the profile's Options, tick "Continue even if the certificate is invalid"; the finding is still shown.
window-hint-ca-file = If the server uses a private CA, pick its certificate (PEM) under the profile's Options.
cli-hint-starttls-port = In this command: --security starttls keeps this port; --security tls needs the implicit-TLS port (--server HOST:465).
window-hint-starttls-port = In the profile's Server section: set Security to "STARTTLS required" for this port, or to "implicit TLS" with port 465.
cli-hint-tls-port = In this command: --security tls keeps this port; --security starttls needs the submission port (--server HOST:587).
window-hint-tls-port = In the profile's Server section: set Security to "implicit TLS" for this port, or to "STARTTLS required" with port 587.
cli-hint-encrypt = In this command: --security starttls (port 587) or --security tls (port 465) encrypts the session before the login.
window-hint-encrypt = In the profile's Server section: set Security to "STARTTLS required" (port 587) or "implicit TLS" (port 465).
cli-hint-login = In this command: --user NAME with --password-env VAR (or --password-stdin) logs in before MAIL FROM.
window-hint-login = In the profile's Login section: tick "Log in (SMTP AUTH)" and fill in the user name and password.
cli-hint-mechanism = In this command: --auth names the mechanism (leave it out and one the server lists is chosen); --oauth sends the secret as an OAuth token, which only XOAUTH2 and OAUTHBEARER carry: leave it out for a password.
window-hint-mechanism = In the profile's Login section: set Mechanism to "automatic", or to one the server lists; untick "The secret is an OAuth 2.0 access token" if the secret is a password.
cli-hint-silent-greeting = In this command: --security tls if this port expects implicit TLS (465 does); --timeout SECONDS for a server that delays its greeting.
window-hint-silent-greeting = In the profile's Server section: set Security to "implicit TLS" if this port expects it (465 does); for a server that delays its greeting, raise "Timeout per step (s)" under Options.
cli-hint-timeout = In this command: --timeout SECONDS gives each step more time.
window-hint-timeout = In the profile's Options section: raise "Timeout per step (s)".

## The test message (its default subject and body)

message-subject = smtp-lens test message { $time }
message-body-intro = This is a test message sent by { $tool } at { $time }.
message-body-settings = Settings used:
message-setting-profile = profile
message-setting-server = server
message-setting-security = security
message-setting-auth-user = auth user
message-body-envelope = Envelope: from { $from } to { $to }.
message-body-outro = If you received it, mail from that server to this mailbox works.

## Command-line help (clap's own texts, such as "Print help", stay as clap has them)

help-about = Test SMTP servers and send test mail, with every line of the session shown and explained
help-lang = The language of everything printed (and of the window): en or ru; by default the system's (LC_ALL, LC_MESSAGES, LANG), English when it is neither
help-exit-codes =
    Exit codes:
        0    everything asked for was accepted
        1    internal error
        2    bad arguments (or a value the server cannot be sent)
        3    could not connect (name not found, refused, unreachable)
        4    TLS failed (STARTTLS not offered or refused, handshake failed, certificate invalid)
        5    authentication failed
        6    sender (MAIL FROM) rejected
        7    some recipients rejected (the others accepted)
        8    all recipients rejected
        9    message rejected (DATA or end of data)
        10   timed out
        11   server refused the session (greeting or EHLO), broke the protocol or hung up
        130  cancelled (Ctrl-C)
help-check-about = Run one SMTP session against a server and print its transcript and verdict
help-check-server = The server: HOST, HOST:PORT or [IPv6]:PORT (the port defaults from --security)
help-check-security = How the connection is secured: starttls (STARTTLS required, port 587 by default), starttls-optional (STARTTLS when offered, plain text otherwise), tls (implicit TLS, port 465 by default), none (no TLS, port 25 by default)
help-check-helo = The EHLO name (default: our address as a literal, e.g. [192.0.2.1])
help-check-user = Log in as this user (AUTH); the password comes from --password-env or --password-stdin
help-check-password-env = Read the password (or OAuth token) from this environment variable
help-check-password-stdin = Read the password (or OAuth token) from the first line of standard input
help-check-oauth = The secret is an OAuth 2.0 access token (XOAUTH2 or OAUTHBEARER), not a password
help-check-auth = Force this AUTH mechanism instead of choosing from what the server offers
help-check-from = The envelope sender (MAIL FROM); empty for the null sender
help-check-to = An envelope recipient (RCPT TO); repeat for more
help-check-stop-after = Where to stop: the session ends with QUIT after this stage (rcpt sends no message)
help-check-subject = Subject of the test message
help-check-body = Plain-text body of the test message (default: a body naming the tool, the settings and the time)
help-check-html-file = HTML body of the test message, read from this file
help-check-attach = Attach this file; repeat for more
help-check-header = An extra header, 'Name: value'; repeat for more
help-check-timeout = Timeout in seconds for each phase (connect, greeting, TLS, each reply)
help-check-insecure = Go on even if the server's certificate is not valid (the finding is still shown)
help-check-ca-file = Also trust the CA certificates in this PEM file
help-check-no-pipelining = Do not use PIPELINING even when offered
help-check-bdat = Send the message with BDAT (CHUNKING) when offered
help-check-smtputf8 = Use SMTPUTF8 when offered (for addresses with non-ASCII characters)
help-check-dsn-notify = Ask for delivery status notifications: NEVER, or SUCCESS,FAILURE,DELAY
help-check-dsn-ret = What a DSN returns: FULL or HDRS
help-check-max-reply-line = Longest reply line accepted from the server, in bytes
help-check-json = Print one JSON object per event instead of the transcript
help-check-no-times = Leave out each line's time, offset from the start and reply latency
help-check-output = Also write the session to this file for a ticket (.txt, .html or .json)
help-check-format = The format of --output when its extension does not say
help-check-color = Colour replies by class
help-explain-about = Explain an SMTP reply: its class, meaning, when it is seen and how to fix it
help-explain-reply = The reply, e.g. "550 5.1.1 <x@example.com>: Recipient address rejected"; "-" or nothing reads it from standard input (for multi-line replies)
help-explain-context = The command the reply answered: greeting, ehlo, helo, starttls, auth, mail, rcpt, data, end-of-data, bdat, rset, quit
help-explain-json = Print the explanation as JSON
help-explain-color = Colour the reply by class
help-completions-about = Print a shell completion script (bash, zsh, fish, powershell, elvish)
help-completions-shell = The shell to write the script for
help-man-about = Print the manual page (roff) to standard output
help-man-subcommand = A subcommand, for its own page (e.g. check)

## The window's menus

menu-session = Session
menu-cancel = Cancel (Esc)
menu-profiles = Profiles
menu-import-profiles = Import profiles...
menu-export-profiles = Export profiles (without passwords)...
menu-export = Export
menu-export-html = Export as HTML...
menu-export-text = Export as text...
menu-export-json = Export as JSON...
menu-copy-text = Copy as text
menu-view = View
menu-show-profiles = Show the profile list
menu-show-editor = Show the profile editor
menu-about = About
menu-compare = Compare sessions... (Ctrl+D)

## The window's panels, messages and files

window-panel-profiles = Profile list
window-panel-profiles-hint = Show or fold the list of profiles (folded, the transcript gets its width)
window-panel-editor = Editor
window-panel-editor-hint = Show or fold the profile editor (folded, the transcript gets its width)
window-profiles-heading = Profiles
window-search-profiles = Search profiles
window-search-hint = name or server
window-new = New
window-new-hint = New empty profile (Ctrl+N)
window-duplicate = Duplicate
window-delete = Delete
window-preset = Preset
window-preset-choose = New from preset...
window-no-name = (no name)
window-no-profiles = No profiles yet: press New or pick a preset.
window-sessions-heading = Sessions (the last { $count } are kept)
window-session-entry = { $time }  { $title } ({ $verdict })
window-unfinished = unfinished
window-profile-copy = { $name } (copy)
window-no-session = Pick a profile and press an action: the transcript appears here as it happens.
window-cancel = Cancel
window-close = Close
window-replies-only = Replies only
window-problems-only = Problems only
window-find = Find
window-copy-visible = Copy visible
window-copy-all = Copy all
window-no-line-matches = No line matches the filters.
window-clear-filters = Clear the filters
window-transcript = Transcript (Up and Down choose a line, Enter opens its explanation)
window-empty-line = (empty line)
window-explanation-heading = Selected line
window-explanation-larger = Enlarge
window-explanation-smaller = Make smaller
window-recipients-summary = { $total ->
        [one] 1 recipient: { $accepted } accepted, { $refused } refused
       *[other] { $total } recipients: { $accepted } accepted, { $refused } refused
    }{ $not_tried ->
        [0] {""}
       *[other] , { $not_tried } not tried
    }
window-show-all-recipients = Show all { $count } recipients
window-show-refused-only = Show only the refused recipients
window-dismiss = Dismiss
window-dismiss-hint = Remove this message from view (it stays in the message log)
window-dismiss-all = Dismiss all
window-more-messages = and { $count } more in the message log
window-messages = Messages ({ $count })
window-log-title = Messages of this run (newest first, times in UTC)
window-level-warning = Warning:
window-level-error = Error:
window-undo-delete = Undo delete
window-forget-deleted = Forget
window-forget-deleted-hint = Forget the deleted profile and its password
window-deleted = Deleted "{ $name }". Undo brings it back.
window-restored = Restored "{ $name }".
window-started = { $action } started.
window-finished = { $action } finished: { $verdict }.
window-no-verdict = ended without a verdict
window-cancelling = Cancelling...
window-busy = A session is running: cancel it first (Esc).
window-pick-profile = Pick or create a profile first.
window-not-started = { $action }: { $error }
window-not-prepared = the session could not be prepared
window-copied = The transcript was copied as text.
window-export-nothing = Run a session first, then export it.
window-no-config-folder = No configuration folder is known on this system: profiles live for this run only.
window-close-failed = a background thread stopped with an error while the window closed
window-export-title = Export the transcript
window-export-profiles-title = Export profiles
window-import-title = Import profiles
window-attach-title = Attach a file
window-ca-file-title = Choose the extra trusted CA (PEM)
window-profiles-filter = smtp-lens profiles
window-what-transcript = the transcript
window-what-profiles = the profiles (without passwords)
window-save-title = Save { $what }
window-no-dialog = No file dialog can be shown on this desktop: type the file's path.
window-path-label = File path
window-path-hint = /home/you/file
window-path-open = Import
window-path-attach = Attach
window-path-choose = Choose
window-path-save = Save
window-path-replace = Replace
window-path-exists = A file is already at this path. Replace it, or type another path.
window-path-empty = Type a file path first.
window-nothing-picked = No file was picked.
window-save-cancelled = Saving { $what } cancelled.
window-save-not-prepared = Preparing { $what } failed.
window-saved = Saved { $what } to { $path }
window-not-saved = Cannot save { $what } to { $path }: { $error }
window-profiles-merged = Another smtp-lens window changed the profiles file: its profiles { $names } were kept and are listed here too.
window-profiles-not-saved = Cannot save the profiles to { $path }: { $error }
window-profiles-not-exported = Cannot export the profiles: { $error }
window-imported = { $count ->
        [one] Imported 1 profile from { $path }.
       *[other] Imported { $count } profiles from { $path }.
    }
window-not-a-profiles-file = { $path } is not a profiles file smtp-lens can read: { $error }
window-cannot-read = Cannot read { $path }: { $error }
window-too-large = { $path } is { $bytes } bytes: too large to be a profiles file (4 MiB at most).
window-history-not-saved = Cannot save the session history to { $path }: { $error }
window-history-not-kept = The session could not be kept in the history: { $error }

## Comparing two sessions in the window

window-compare-heading = Compare two sessions
window-compare-first = First session (before)
window-compare-second = Second session (after)
window-compare-choose = Choose a session...
window-compare-no-sessions = No session yet: run one, or open an exported file.
window-compare-from-file = From a file...
window-compare-from-file-hint = Open a session exported as JSON (Export > Export as JSON..., or smtp-lens check -o FILE.json)
window-compare-file = file { $name }
window-compare-swap = Swap
window-compare-close = Close (Esc)
window-compare-pick-two = Choose the two sessions to compare: from the window's sessions, or exported files.
window-compare-summary = What changed
window-compare-steps = Step by step
window-compare-step = Step
window-compare-marked = Rows marked * differ.
window-tone-better = Better: { $change }
window-tone-worse = Worse: { $change }
window-compare-with = Compare
window-compare-with-hint = Compare this session with the one shown
window-compare-with-label = Compare { $entry } with the session shown
window-compare-open-title = Open a session to compare
window-compare-filter = smtp-lens session (JSON)
window-path-compare = Open

## The profile editor

editor-no-profile = No profile
editor-no-profile-hint = Create a profile with New (Ctrl+N), or start from a known provider's preset in the profile list.
editor-no-profile-new = New profile
editor-no-profile-presets = Show the profile list and its presets
editor-heading = Profile
editor-preset-note = Made from the { $preset } preset:
editor-name = Profile name
editor-name-hint = e.g. Customer X submission
editor-server-section = Server
editor-server = Server
editor-security = Security
editor-port = Port
editor-use-port = use { $port }
editor-helo = HELO name
editor-helo-hint = empty: this machine's address
editor-login-section = Login
editor-log-in = Log in (SMTP AUTH)
editor-user = User name
editor-user-hint = often the full address
editor-oauth = The secret is an OAuth 2.0 access token
editor-password = Password
editor-token = OAuth token
editor-password-hint = kept in the system keychain
editor-password-hint-memory = kept in memory for this run only: no system keychain
editor-mechanism = Mechanism
editor-mechanism-automatic = automatic
editor-sign-in-oauth = Sign in with OAuth 2.0 (no password)
editor-oauth-provider = Provider
editor-oauth-provider-microsoft = Microsoft
editor-oauth-provider-google = Google
editor-oauth-provider-custom = Other (endpoints below)
editor-oauth-client-id = Client id
editor-oauth-client-id-hint = yours, registered once (README: Signing in with OAuth 2.0)
editor-oauth-tenant = Tenant
editor-oauth-tenant-hint = common
editor-oauth-auth-url = Authorization endpoint
editor-oauth-token-url = Token endpoint
editor-oauth-device-url = Device authorization endpoint
editor-oauth-scopes = Scopes
editor-oauth-scopes-hint = the provider's defaults
editor-oauth-flow = How to sign in
editor-oauth-flow-browser = In the browser
editor-oauth-flow-device = With a code on another device
editor-oauth-client-secret = Client secret
editor-sign-in-microsoft = Sign in with Microsoft
editor-sign-in-google = Sign in with Google
editor-sign-in = Sign in
editor-sign-out = Sign out
editor-sign-in-cancel = Cancel the sign-in
editor-sign-in-waiting = Waiting for the sign-in to finish…
editor-sign-in-url = Sign-in address
editor-copy-url = Copy the address
editor-not-signed-in = Not signed in yet.
editor-tokens-memory = No system keychain: tokens are kept for this run only.
editor-envelope-section = Envelope
editor-mail-from = Sender (MAIL FROM)
editor-rcpt-to = Recipients (RCPT TO)
editor-rcpt-to-hint = one address per line
editor-message-section = Message
editor-subject = Subject
editor-subject-hint = empty: a dated test subject
editor-text-body = Text body
editor-text-body-hint = empty: a body saying which tool and profile sent it
editor-html-body = HTML body
editor-optional = optional
editor-headers = Extra headers
editor-attachments = Attachments
editor-attachments-hint = one file path per line
editor-add-attachment = Add attachment...
editor-options-section = Options
editor-timeout = Timeout per step (s)
editor-accept-invalid = Continue even if the certificate is invalid
editor-ca-file = Extra trusted CA (PEM file)
editor-ca-file-hint = optional: a company's own CA
editor-pick-ca-file = Choose CA file...
editor-pipelining = PIPELINING (send the envelope as one group)
editor-bdat = BDAT (CHUNKING) instead of DATA
editor-smtputf8 = SMTPUTF8 (international addresses)
editor-dsn = Ask for delivery status notifications (DSN)

## Comparing two sessions (smtp-lens compare)

compare-step-greeting = greeting
compare-step-end-of-data = end of the data
compare-absent = (not in this session)
compare-not-reached = not reached
compare-tls-none = no TLS
compare-tls-failed = TLS failed
compare-tls-invalid = { $protocol } with an invalid certificate
compare-verdict = Verdict: now { $after } (was { $before })
compare-stage-now-passes = { $stage } now passes (it failed before)
compare-stage-now-fails = { $stage } now fails (it passed before)
compare-stage = { $stage }: now { $after } (was { $before })
compare-capability-added = EHLO now offers { $capability }
compare-capability-removed = EHLO no longer offers { $capability }
compare-tls = TLS: now { $after } (was { $before })
compare-reply = { $step }: now { $after } instead of { $before }
compare-reply-new = { $step }: only in the second session, { $after }
compare-reply-gone = { $step }: only in the first session, { $before }
compare-reply-text = { $step }: same code, other words: now "{ $after }" (was "{ $before }")
compare-same = No difference in the SMTP conversation.
compare-heading = Step by step, first session ({ $before }); a line marked * differs, and -> gives the second session ({ $after }):
compare-masked = Times, latencies and every word of a reply that holds a digit (queue ids, dates, message ids) are not compared.
help-compare-about = Compare two sessions (their JSON exports, smtp-lens check -o FILE.json): a summary of what changed first, then each step aligned by the command it answered. Exit code 0 when nothing differs, 1 when something does, 2 when a file cannot be read
help-compare-before = The session before the change: a JSON export
help-compare-after = The session after the change: a JSON export
help-compare-json = Print the comparison as JSON
compare-error-read = cannot read { $path }: { $error }
compare-error-parse = { $path } is not a session export (smtp-lens check -o FILE.json writes one): { $error }
compare-only-after = Only in the second session: { $steps }
compare-only-before = Only in the first session: { $steps }

## The window's language menu and About box

menu-language = Language
menu-theme-system = System
menu-theme-dark = Dark
menu-theme-light = Light
about-title = About smtp-lens
about-description = Test SMTP servers and send test mail, with a byte-accurate, explained transcript
about-licence = Licence: { $licence }
about-secrets = Passwords and tokens are kept in the system keychain and never written to files or exports.
about-secrets-memory = No system keychain is available: passwords and tokens are kept in memory for this run only, and never written to files or exports.
about-third-party = Third-party licences
window-cannot-open = cannot open the window: { $error }. Without a display, use `smtp-lens check` instead.

## The four actions of the window

action-test-connection = Test connection
action-test-login = Test login
action-test-recipients = Test recipients
action-send-test-message = Send test message

## Presets: what the account needs for SMTP (the provider names are brands and stay)

preset-title-local-relay = Local relay (localhost:25)
preset-note-gmail = Signs in with OAuth 2.0: enter your own client id and secret (README: Signing in with OAuth 2.0). Or a password: an app password (2-Step Verification on).
preset-note-microsoft-365 = Signs in with OAuth 2.0: enter the client id you registered in Microsoft Entra (README: Signing in with OAuth 2.0). Authenticated SMTP must be on for the mailbox.
preset-note-outlook = Signs in with OAuth 2.0 (passwords are refused): enter the client id you registered in Microsoft Entra (README: Signing in with OAuth 2.0).
preset-note-yahoo = Password: an app password made in Yahoo's account security settings.
preset-note-icloud = Password: an app-specific password from account.apple.com.
preset-note-fastmail = Password: an app password from Fastmail's settings (Privacy & Security).
preset-note-zoho = Accounts in the EU data centre use smtp.zoho.eu; with 2FA use an app-specific password.
preset-note-sendgrid = User: the word apikey. Password: an API key with Mail Send permission.
preset-note-mailgun = User and password: an SMTP credential of the sending domain; EU domains use smtp.eu.mailgun.org.
preset-note-amazon-ses = SMTP credentials from the SES console, for the region of the endpoint; sender must be verified.
preset-note-postmark = User and password: the server API token (both fields).
preset-note-brevo = User: the login shown under SMTP & API; password: an SMTP key.
preset-note-local-relay = A mail server on this machine; usually takes mail from localhost without a login.

## A profile's fields that need the user

profile-need-name = Give the profile a name.
profile-need-server = Enter the server's host name or IP address, e.g. smtp.example.com.
profile-port-in-server = Put only the host name here and the port in the Port field.
profile-need-user = Enter the user name to log in with (often the full e-mail address).
profile-need-client-id = Enter the client id you registered with the provider (see the README).
profile-need-sender = Enter the envelope sender (MAIL FROM), e.g. you@example.com.
profile-need-recipients = Enter at least one recipient, one per line.
profile-attachment-unreadable = { $path } is not a readable file; remove it or pick it again
profile-ca-file-unreadable = { $path } is not a readable file; pick the CA certificate (PEM) again or clear it

## The profiles file

store-newer-version = it was written by a newer smtp-lens (file version { $version }, this one reads up to { $supported })
store-cannot-read = Cannot read the profiles file { $path }: { $error }. Starting without profiles; the file is left as it is.
store-kept-aside = The profiles file { $path } could not be read ({ $reason }); it was kept as { $aside }. Starting without profiles: to get them back, fix that file and open it with Profiles > Import profiles...
store-not-moved = The profiles file { $path } could not be read ({ $reason }); it could not be moved aside ({ $error }) and is left as it is. Starting without profiles: to get them back, fix that file and open it with Profiles > Import profiles...

## The session history file

history-other-format = its first line names another format ({ $format })
history-bad-line = line { $line } cannot be read: { $error }
history-cannot-read = Cannot read the session history { $path }: { $error }. It is left as it is, and this run's sessions are not added to it.
history-kept-aside = The session history { $path } could not be read whole ({ $reason }); it was kept as { $aside }. { $count ->
        [one] 1 session was read from it.
       *[other] { $count } sessions were read from it.
    } A session exported as JSON can still be compared: Session > Compare sessions..., then From a file...
history-not-moved = The session history { $path } could not be read whole ({ $reason }); it could not be moved aside ({ $error }) and is left as it is: this run's sessions are not added to it. A session exported as JSON can still be compared: Session > Compare sessions..., then From a file...

## The system keychain

keychain-not-answering = The system keychain does not answer ({ $detail }); passwords are kept in memory for this run only.
keychain-unavailable = No system keychain is available ({ $detail }); passwords are kept in memory for this run only.
keychain-refused = The keychain refused the password ({ $detail }); it is kept in memory for this run only.
keychain-cannot-read = cannot read the password from the keychain: { $detail }
keychain-cannot-delete = cannot delete the password from the keychain: { $detail }
keychain-poisoned = secret store poisoned

## Values that cannot be sent ($field is one of the field-* words)

field-server = server
field-helo = HELO name
field-sender = sender address
field-recipient = recipient address
field-auth-user = AUTH user
field-auth-mechanism = AUTH mechanism
field-auth-initial-response = AUTH initial response
field-auth-response = AUTH response
field-parameter-name = parameter name
field-parameter-value = parameter value
field-header = header
char-cr = a carriage return (CR)
char-lf = a line feed (LF)
char-nul = a NUL byte
char-control = a control character
length-rule-local-part = RFC 5321 4.5.3.1.1, the local part
length-rule-domain = RFC 5321 4.5.3.1.2
length-rule-path = RFC 5321 4.5.3.1.3, the path with its <>
command-forbidden-char = the { $field } contains { $char } at position { $position }; remove it (it would end the command early)
command-empty = the { $field } is empty; fill it in
command-too-long = the { $field } is { $len } octets long, over the limit of { $limit } ({ $rule }); shorten it
command-invalid-address = the { $field } is not a valid address: { $reason }; write it as name@example.com
command-invalid-domain = the { $field } is not a valid domain: { $reason }; write a host name such as mail.example.com or an address literal such as [192.0.2.1]
command-line-too-long = the command line would be { $len } octets, over the limit of { $limit } (RFC 5321 4.5.3.1.4); use shorter values or fewer parameters
command-non-ascii = the { $field } has non-ASCII characters; switch on SMTPUTF8 (the server must offer it) or use an ASCII address
malformed-unclosed-literal = an address literal must end with ']'
malformed-bad-literal = [{ $text }] is not an IPv4 address or IPv6:address
malformed-empty-label = it has an empty label (two dots in a row, or a leading dot)
malformed-long-label = the label "{ $text }" is longer than 63 octets
malformed-hyphen-label = the label "{ $text }" starts or ends with '-'
malformed-domain-char = '{ $text }' is not allowed in a domain
malformed-no-at = it has no '@' followed by a domain
malformed-empty-local = the part before '@' is empty
malformed-unclosed-quote = a quoted local part must end with '"'
malformed-local-char = '{ $text }' may not stand unquoted before '@' (<, >, spaces and commas are no part of it)
malformed-dots = dots before '@' may not lead, trail or follow each other
malformed-domain = the domain { $reason }
malformed-keyword = "{ $text }" has characters other than letters, digits and '-'
malformed-base64 = '{ $text }' is not a base64 character
malformed-parameter-name = "{ $text }" must be letters, digits and '-'
malformed-parameter-value = "{ $text }" must be printable ASCII without spaces or '='
data-line-too-long = line { $line } of the message is { $len } octets, over the 998 allowed (RFC 5321 4.5.3.1.6); the message must be re-encoded (quoted-printable or base64)

## Why a session cannot be planned or started

plan-no-recipients = no recipient given: add at least one recipient (--to)
plan-no-message = no message to send: give a message or stop after RCPT (--stop-after rcpt)
plan-empty-secret = the password or token is empty: give one, or leave out the AUTH user to skip AUTH
plan-stop-after-auth = stop after AUTH was asked but no AUTH user is set: give a user and password
target-empty = no server given: name a host, e.g. mail.example.com:587
target-invalid = the server "{ $text }" is not valid: { $reason }; write it as HOST, HOST:PORT or [IPv6]:PORT
target-unclosed-bracket = an opening '[' has no closing ']'
target-after-bracket = unexpected text after ']': { $text }
target-port = '{ $text }' is not a port number (1 to 65535)
tls-setup-ca-file = cannot read the CA file { $path }: { $reason }; give a PEM file with one or more certificates
tls-setup-no-certificate = cannot read the CA file { $path }: no PEM certificate; give a PEM file with one or more certificates
tls-setup-config = cannot set up TLS: { $detail }
auth-none-offered = the server offers no AUTH at this point: it may want STARTTLS first, or this is a port for receiving mail (25) rather than submission (587 or 465)
auth-no-common-mechanism-token = the server offers AUTH { $offered }, and none of those takes an OAuth token (smtp-lens sends one with { $usable }); if the secret is a password, it is not a token: turn the OAuth setting off
auth-no-common-mechanism-wants-token = the server offers only AUTH { $offered }, which carry an OAuth token, not a password: sign in for a token (the OAuth setting), or log in where the provider takes an app password
auth-no-common-mechanism = the server offers AUTH { $offered } but none of those fits: with this secret smtp-lens can use { $usable }
auth-unexpected-challenge = the server sent more challenges (334) than the mechanism has steps (step { $step }); the exchange was cancelled
auth-bad-challenge = the server's challenge cannot be read: { $detail }
reply-line-too-long = the server sent a reply line longer than { $limit } bytes, which looks like a runaway or non-SMTP peer (raise the line limit if this server is known to send such lines)
reply-too-many-lines = the server sent a reply of more than { $limit } lines, which looks like a runaway peer (raise the line count limit if this server is known to send such replies)
reply-malformed = the server sent a line that is not an SMTP reply: "{ $line }"; a reply line starts with a code from 100 to 599 followed by a space, a hyphen or the line end (check that the host and port belong to an SMTP server and whether the port expects implicit TLS)
reply-code-changed = the server changed the reply code from { $first } to { $then } inside one multi-line reply, which RFC 5321 4.2.1 forbids (this is a server bug to report to its operator)
message-bad-address = the { $field } address "{ $value }" is not valid: { $reason }; write it as name@example.com or "Name <name@example.com>"
message-bad-header = the header "{ $name }" cannot be used: { $reason }
message-char-cr = a carriage return
message-char-lf = a line feed
message-char-nul = a NUL byte
message-header-line-break = its value contains { $char } (header injection); remove line breaks
message-header-name = a header name is printable ASCII without spaces or ':' (RFC 5322 2.2)
message-header-managed = it is set from the message fields; use those instead
message-header-syntax = the header "{ $line }" has no ':'; write it as 'Name: value'
message-attachment = cannot read the attachment { $path }: { $error }; check the path and its permissions
message-build = cannot build the message: { $detail }
intent-port = the port must be between 1 and 65535 (587 for STARTTLS, 465 for TLS, 25 for relay)
intent-stop-after-auth = stop after AUTH was asked but no AUTH user is set: give a user and password
intent-no-recipients = no recipient given: add at least one recipient
intent-timeout = the timeout { $secs } s is out of range: give more than 0 and at most 86400 seconds
intent-dsn-notify = the DSN NOTIFY value "{ $value }" is not valid: use NEVER, or any of SUCCESS, FAILURE, DELAY (RFC 3461 4.1)
intent-dsn-ret = the DSN RET value "{ $value }" is not valid: use FULL or HDRS (RFC 3461 4.3)
request-missing-password = no password for { $user }: give one to log in, or do not log in (no AUTH)
request-missing-token = no OAuth token for { $user }: give one to log in, or do not log in (no AUTH)
request-html-file = cannot read the HTML body { $path }; check the path: { $error }

## What the command line says when it cannot go on

cli-password-env = the environment variable { $var } is not set (or not UTF-8); export it with the password first
cli-password-stdin = cannot read the password from standard input: { $error }
cli-no-password-source = --user needs a password: give --password-env VAR or --password-stdin (a password on the command line would be visible to other users)
cli-password-without-user = a password was given but no --user: add --user to log in
cli-timeout = --timeout { $secs } is out of range: give more than 0 and at most 86400 seconds
cli-no-recipients = no recipient given: add at least one recipient (--to)
cli-no-runtime = cannot start the async runtime: { $error }
cli-unknown-format = cannot tell the format of { $path } from its extension; name it .txt, .html or .json, or give --format
cli-cannot-write = cannot write { $path }: { $error }; check the folder exists and is writable
cli-session-failed = the session task failed: { $error }
cli-cannot-write-manual = cannot write the manual page: { $error }
cli-cannot-read-stdin = cannot read the reply from standard input: { $error }
cli-unknown-context = unknown context "{ $context }"; use greeting, ehlo, helo, starttls, auth, mail, rcpt, data, end-of-data, bdat, rset or quit
cli-cannot-write-explanation = cannot write the explanation: { $error }
pasted-empty = no reply given: pass it as an argument, e.g. "550 5.1.1 User unknown", or on standard input
pasted-incomplete = the reply is incomplete
pasted-not-a-reply = "{ $text }" is not an SMTP reply: a reply starts with a three-digit code from 200 to 599 (RFC 5321 4.2), such as 550
cli-unknown-language = "{ $value }" is not a language smtp-lens speaks; use one of { $known }

## smtp-lens detect: settings that work, each MX, the domain's DNS health

help-detect-about = Find the submission settings that work from this machine (autoconfig, SRV, MX and guesses, every port and security mode), test each MX and check the domain's DNS (SPF, DMARC, MTA-STS, TLSA, reverse DNS). Exit code 0 when a working submission setting was found, 3 when none was
help-detect-target = An e-mail address or a domain (its settings, MX and DNS are checked), or a host name (only that host is probed)
help-detect-ports = The ports to probe, comma-separated
help-detect-dns-server = Send every DNS query to this server, IP or IP:PORT (default: the system's name servers)
help-detect-ca-file = Also trust the CA certificates in this PEM file (for the HTTPS fetches and SMTP TLS)
help-detect-timeout = Timeout in seconds for each phase of a probe, each DNS query and each HTTPS fetch
help-detect-parallel = How many probes run at once
help-detect-json = Print one JSON object with the findings (the last line of standard output) instead of the report
help-detect-transcript = Also print the transcript of this cell, HOST:PORT:MODE (mode tls, starttls or none), or all; repeat for more
help-detect-output = Also write the report to this file for a ticket (.txt, .html or .json)
help-detect-format = The format of --output when its extension does not say
help-detect-color = Colour the results

detect-title = smtp-lens detect report
detect-target = Target
detect-kind-domain = mail domain { $domain }
detect-kind-host = host { $host }
detect-dns-server = DNS server
detect-dns-system = the system's name servers
detect-recommended = Recommended settings
detect-recommended-value = { $host } port { $port }, { $security } (from { $source })
detect-recommended-none = No working submission setting was found: no host answered on 465 with TLS or on 587 or 2525 with STARTTLS.
detect-autoconfig = Autoconfig
detect-autoconfig-found = found: { $count } SMTP server(s)
detect-autoconfig-parse = not a clientConfig file: { $detail }
detect-autoconfig-no-smtp = a clientConfig file without an SMTP server
detect-srv = SRV records
detect-srv-value = { $service } -> { $target } port { $port } (priority { $priority }, weight { $weight })
detect-srv-none = none
detect-candidates = Candidate servers
detect-candidate-value = { $host } ({ $source }): { $addresses }
detect-matrix = Ports and security modes
detect-matrix-host = { $host } ({ $source })
detect-cell = { $port } { $security }: { $result }
detect-mx = MX hosts
detect-mx-value = { $preference } { $host } [{ $addresses }]: { $result }
detect-mx-greeting = greeting: { $text }
detect-mx-ehlo = EHLO: { $text }
detect-mx-starttls-offered = STARTTLS offered
detect-mx-starttls-not-offered = STARTTLS not offered
detect-mx-none = no MX host
detect-dns = DNS health
detect-transcript = Transcript of { $host } port { $port }, { $security }
detect-fix = Fix

detect-source-autoconfig = autoconfig
detect-source-srv = SRV
detect-source-mx = MX
detect-source-guess = guess
detect-source-given = the host given

detect-mode-tls = implicit TLS
detect-mode-starttls = STARTTLS
detect-mode-none = plain text

detect-status-pass = PASS
detect-status-warn = WARN
detect-status-fail = FAIL
detect-status-none = NONE

detect-result-works = works
detect-result-works-tls = works: { $protocol }, { $cipher }, certificate valid
detect-result-refused = refused (nothing listens on this port)
detect-result-timed-out = timed out (no answer)
detect-result-timed-out-25 = timed out: outbound port 25 is often blocked by ISPs and cloud hosts
detect-result-tls-failed = TLS failed: { $reason }
detect-result-wrong-mode = wrong mode for this port
detect-result-starttls-not-offered = STARTTLS not offered
detect-result-rejected = refused by the server ({ $code })
detect-result-no-address = no address
detect-result-not-routable = only documentation addresses: not probed
detect-result-failed = failed: { $reason }
detect-result-failed-unknown = failed

detect-lookup-no-such-name = no such name
detect-lookup-no-records = no record
detect-lookup-timeout = the DNS query timed out
detect-lookup-failed = the DNS query failed: { $detail }

detect-fetch-no-address = the host name does not resolve
detect-fetch-connect = no connection: { $detail }
detect-fetch-status = HTTP status { $status }
detect-fetch-too-large = larger than 64 KiB
detect-fetch-other = { $detail }

dns-mx-ok = MX: { $hosts }
dns-mx-missing = The domain has no MX record.
dns-mx-null = The domain publishes a null MX (MX 0 .).
dns-mx-no-address = The MX host { $host } has no address.
dns-mx-lookup-failed = The MX lookup failed: { $error }.
dns-spf-ok = { $record } ({ $lookups } of 10 DNS lookups; others: { $all })
dns-spf-missing = No TXT record starting with v=spf1.
dns-spf-multiple = { $count } SPF records; only one is allowed.
dns-spf-syntax = The SPF record of { $domain } does not parse: { $record }
dns-spf-too-many-lookups = { $lookups } DNS lookups; the limit is { $limit }.
dns-spf-void-lookups = { $count } lookups found nothing; the limit is { $limit }.
dns-spf-all-pass = +all lets every host pass: { $record }
dns-spf-all-neutral = Hosts not listed are neutral: { $record }
dns-spf-include-missing = { $domain } has no SPF record.
dns-spf-lookup-failed = The lookup of { $domain } failed: { $error }.
dns-dmarc-ok = { $record } (policy { $policy })
dns-dmarc-missing = No DMARC record at _dmarc.
dns-dmarc-multiple = { $count } DMARC records; only one is allowed.
dns-dmarc-syntax = The DMARC record does not parse: { $record }
dns-dmarc-policy-none = { $record }
dns-dmarc-lookup-failed = The DMARC lookup failed: { $error }.
dns-mta-sts-ok = Policy { $id } in enforce mode, cached for { $max_age } s; every MX is covered.
dns-mta-sts-missing = No _mta-sts TXT record.
dns-mta-sts-txt-syntax = The _mta-sts record does not parse: { $record }
dns-mta-sts-policy-unreachable = { $url }: { $error }
dns-mta-sts-policy-syntax = The policy file is wrong at: { $line }
dns-mta-sts-testing = The policy is in testing mode.
dns-mta-sts-mode-none = The policy's mode is none.
dns-mta-sts-mx-not-covered = No mx pattern of the policy matches { $host }.
dns-tlsa-missing = { $host }: no TLSA record at _25._tcp.
dns-tlsa-ok = { $host }: TLSA matches the certificate, DNSSEC-validated.
dns-tlsa-unvalidated = { $host }: TLSA present ({ $matches }), but the answer was not DNSSEC-validated.
dns-tlsa-mismatch = { $host }: no TLSA record matches the certificate.
dns-tlsa-not-compared = { $host }: TLSA present; the certificate was not seen.
dns-ptr-ok = { $address } -> { $name } -> { $address }
dns-ptr-missing = { $address } has no PTR record.
dns-ptr-not-confirmed = { $address } -> { $name }, which does not resolve back to { $address }.
dns-ptr-not-checked = { $address } is a loopback or private address.

detect-tlsa-matches = it matches the certificate
detect-tlsa-does-not-match = it does not match the certificate
detect-tlsa-not-compared = the certificate was not seen
detect-all-fail = refused (-all)
detect-all-softfail = marked (~all)
detect-all-neutral = neutral (?all)
detect-all-pass = pass (+all)
detect-all-missing = neutral (no all)

## Why a detection cannot start (the window's Detect view; the command line says its own)

detect-error-empty = Nothing to detect: type an e-mail address, a domain or a host name.
detect-error-bad-name = "{ $name }" is not a domain or host name.
detect-error-resolver = Cannot set up the DNS resolver: { $detail }
detect-error-https = Cannot set up HTTPS: { $detail }
detect-input-ports = "{ $text }" is not a list of ports: give numbers from 1 to 65535, separated by commas.
detect-input-dns-server = "{ $text }" is not a DNS server: give an IP address, or IP:PORT.
detect-input-timeout = "{ $text }" is not a timeout: give seconds from 0.1 to 600.

## The window's Detect view

menu-detect = Detect settings... (Ctrl+T)
window-detect-button = Detect settings...
window-detect-button-hint = Find the host, port and security that work for an address or a domain
window-detect-heading = Detect settings
window-detect-close = Close (Esc)
window-detect-target = Address or host
window-detect-target-hint = you@example.com or smtp.example.com
window-detect-ports = Ports
window-detect-ports-hint = 25, 465, 587, 2525
window-detect-dns-server = DNS server
window-detect-dns-server-hint = the system's, or IP[:PORT]
window-detect-ca-file = Extra CA file
window-detect-ca-file-hint = a PEM file (optional)
window-detect-timeout = Timeout, seconds
window-detect-timeout-hint = 5
window-detect-start = Start
window-detect-cancel = Cancel
window-detect-running = Probing { $target }: autoconfig, SRV, MX, every port and mode...
window-detect-intro = Type an address or a domain to find its submission settings, test each MX and check its DNS; or a host name to probe only that host.
window-detect-save-profile = Save as profile
window-detect-save-profile-hint = A new profile with the recommended host, port and security
window-detect-export = Export the report:
window-detect-export-html = HTML...
window-detect-export-text = Text...
window-detect-export-json = JSON...
window-detect-host-port = Host and port
window-detect-matrix-hint = Click a cell to see its transcript.
window-detect-no-transcript = This probe made no connection, so it has no transcript.
window-detect-seen-peer = Connected to { $peer }
window-detect-dns-host = A host, not a mail domain: no MX and no DNS health to check.
window-detect-candidates = Candidate servers
window-detect-cancelled = Detection cancelled.
window-detect-finished = Detection of { $target } finished: { $recommended }
window-detect-not-started = Detection could not start: { $error }
window-detect-busy = A detection is running: wait for it, or cancel it.
window-detect-profile-name = { $host } (detected)
window-detect-nothing-to-save = No recommended settings to save: the detection found none.
window-detect-nothing-to-export = No detect report yet: run a detection first.
window-detect-export-title = Export the detect report
window-what-detect = the detect report
## OAuth 2.0 sign-in (src/oauth, worded by present::oauth)

oauth-step-open-browser = Sign in in the browser that just opened. If it did not, open this address: { $url }
oauth-step-no-browser = No browser could be started. Open this address to sign in: { $url }
oauth-step-device-code = To sign in, open { $uri } on any device and enter the code { $code } (valid for { $minutes } min).
oauth-step-using-stored = Using the stored access token, valid until { $until }.
oauth-step-using-stored-no-expiry = Using the stored access token.
oauth-step-refreshed = The access token was renewed with the stored refresh token.
oauth-step-signed-in = Signed in.
oauth-tokens-memory = No system keychain answers ({ $detail }): the tokens are kept for this run only, and the next run signs in again.
oauth-retry = The server refused the access token: renewing it and trying once more.
oauth-page-signed-in = Signed in to smtp-lens. You can close this tab.
oauth-page-failed = The sign-in did not go through. Go back to smtp-lens to see why.
oauth-signed-out = Signed out: the tokens of { $account } ({ $provider }) are deleted.
oauth-signed-in-until = Signed in as { $account } until { $until }.
oauth-signed-in-no-expiry = Signed in as { $account }.
oauth-window-sign-in-needed = Not signed in: press Sign in in the profile's login settings.
oauth-window-refresh-refused = The stored sign-in was refused ({ $error }): press Sign in in the profile's login settings.
oauth-nothing-stored = Nothing was stored for { $account } ({ $provider }): nothing to delete.
oauth-error-bad-url = not a valid endpoint address: { $url }
oauth-error-not-https = the endpoint { $url } does not use HTTPS; tokens are sent over HTTPS only (plain HTTP only to 127.0.0.1)
oauth-error-no-device = this provider offers no device sign-in for mail: use --oauth-flow browser
oauth-error-listener = cannot listen for the browser's answer on 127.0.0.1: { $detail }
oauth-error-denied = The sign-in was denied ({ $error }). Sign in again and accept the access smtp-lens asks for.
oauth-error-denied-description = The sign-in was denied ({ $error }: { $description }). Sign in again and accept the access smtp-lens asks for.
oauth-error-timed-out = The sign-in timed out: no answer came from the browser within { $secs } s. Sign in again.
oauth-error-wrong-state = The answer to the sign-in carried another state than the one sent, so it was refused (it may not come from this sign-in). Sign in again.
oauth-error-cancelled = The sign-in was cancelled.
oauth-error-device-expired = The device code expired before the sign-in was finished. Sign in again.
oauth-error-token-endpoint = The token endpoint refused the sign-in ({ $error }). Check the client id and its secret, the redirect and the scopes in the app registration.
oauth-error-token-endpoint-description = The token endpoint refused the sign-in ({ $error }: { $description }). Check the client id and its secret, the redirect and the scopes in the app registration.
oauth-error-refresh-refused = The refresh token was refused ({ $error }): it was revoked or has expired. Sign in again.
oauth-error-http = cannot reach the token endpoint: { $detail }
oauth-error-bad-answer = the token endpoint's answer cannot be read: { $detail }
oauth-error-sign-in-needed = Not signed in, and no one is here to sign in. Sign in again (run the command in a terminal).
cli-oauth-client-secret-env = the environment variable { $var } is not set (or not UTF-8); export the client secret in it first
help-check-oauth-provider = Sign in with OAuth 2.0 to this provider and log in with the token (XOAUTH2 or OAUTHBEARER); tokens are kept in the system keychain
help-check-oauth-client-id = The client id of your app registration with the provider (smtp-lens ships none; see the README)
help-check-oauth-client-secret-env = Read the client secret (Google desktop clients have one) from this environment variable
help-check-oauth-tenant = Microsoft: the tenant (a domain or a tenant id; default common)
help-check-oauth-auth-url = Custom provider: the authorization endpoint
help-check-oauth-token-url = Custom provider: the token endpoint
help-check-oauth-device-url = Custom provider: the device authorization endpoint (RFC 8628)
help-check-oauth-scope = A scope to ask for instead of the provider's default; repeat for more
help-check-oauth-flow = How to sign in when no stored token will do: in the browser, or with a code on another device
help-check-oauth-wait = How long to wait for the sign-in, in seconds
help-oauth-about = OAuth 2.0 sign-in: the tokens kept in the system keychain
help-sign-out-about = Delete the stored tokens of one account (nothing stored is not an error)
help-sign-out-user = The account signed in (the mail address)
help-sign-out-oauth-provider = The provider signed in with
help-sign-out-oauth-client-id = The client id signed in with
## smtp-lens bulk

help-bulk-about = Send many messages to one server at once (a load test): messages a second, latency per command, refusals grouped and explained. Only against servers you run or may load
help-bulk-server = The server: HOST, HOST:PORT or [IPv6]:PORT (the port defaults from --security)
help-bulk-security = How each connection is secured: starttls, starttls-optional, tls or none (as for check)
help-bulk-helo = The EHLO name (default: our address as a literal)
help-bulk-user = Log in as this user (AUTH) on every connection; the password comes from --password-env or --password-stdin
help-bulk-password-env = Read the password from this environment variable
help-bulk-password-stdin = Read the password from the first line of standard input
help-bulk-auth = Force this AUTH mechanism
help-bulk-from = The envelope sender (MAIL FROM)
help-bulk-to = An envelope recipient (RCPT TO); repeat for more
help-bulk-subject = Subject of the test message
help-bulk-body = Plain-text body of the test message
help-bulk-header = An extra header, 'Name: value'; repeat for more
help-bulk-size = Make the message this many bytes (headers included) with a filler body
help-bulk-connections = Connections open at once
help-bulk-messages = Messages to send in all (without it, at most 1000)
help-bulk-per-connection = Messages sent over one connection before QUIT
help-bulk-rate = At most this many messages a second, for the whole run
help-bulk-duration = Stop starting sessions after this many seconds (still at most --messages)
help-bulk-timeout = Timeout in seconds for each phase of each session
help-bulk-insecure = Go on even if the server's certificate is not valid
help-bulk-ca-file = Also trust the CA certificates in this PEM file
help-bulk-no-pipelining = Do not use PIPELINING even when offered
help-bulk-bdat = Send the messages with BDAT (CHUNKING) when offered
help-bulk-load-test-permitted = The server is a public provider's and you have its operator's written permission to load it
help-bulk-json = Print the summary as one JSON object

bulk-progress = { $sent } sent, { $accepted } accepted, { $transient } refused for now (4xx), { $permanent } refused (5xx), { $errors } failed without a reply, { $rate } msg/s
bulk-progress-latency = end of data p50/p95/p99 { $p50 } / { $p95 } / { $p99 } ms
bulk-summary-heading = Bulk run
bulk-totals = { $sent } of { $planned } { $planned ->
        [one] message
       *[other] messages
    } tried in { $sessions } { $sessions ->
        [one] session
       *[other] sessions
    }: { $accepted } accepted, { $transient } refused for now (4xx), { $permanent } refused (5xx), { $errors } failed without a reply
bulk-rate = { $secs } s; messages a second: { $rate }
bulk-extensions = PIPELINING { $pipelining }, CHUNKING { $chunking }
bulk-used = used
bulk-not-used = not used
bulk-cancelled = Cancelled: the numbers cover the messages tried until then
bulk-halted = Stopped early: a session failed before it could send a message and none had been accepted, so every other session would fail the same way (and a wrong password tried again and again can lock the account). Fix what the failure below says, then run again
bulk-latency-heading = Latency, p50 / p95 / p99 / max
bulk-latency-row = { $what }: { $p50 } / { $p95 } / { $p99 } / { $max } ms ({ $count })
bulk-latency-session = whole session
bulk-latency-greeting = greeting
bulk-latency-end-of-data = end of data
bulk-refusals-heading = Refusals, grouped by reply
bulk-refusal = { $count } × { $code } { $text } (to { $command })
bulk-errors-heading = Failures without a reply
bulk-error = { $count } × { $verdict }: { $cause }
bulk-all-accepted = Every message was accepted
bulk-nothing-sent = No message was tried
bulk-most-frequent-failure = Not every message was accepted; the most frequent failure: { $verdict }
bulk-first-failure = The first failing session:
bulk-cap-note = no --messages given: the run stops after { $cap } messages, even before the end of a --duration (give --messages to raise it)
bulk-out-of-time = Stopped after { $secs } s (--duration): the messages not yet tried were left out
bulk-public-provider = { $host } is a public provider's server ({ $provider }). A load test breaks its terms and gets the account blocked, so bulk does not run against it. If you have the operator's written permission, add --load-test-permitted
bulk-at-least-one = { $option } must be at least 1
bulk-positive = { $option } must be a positive number
bulk-too-large = { $option } is at most { $max }

## The window's load-test view

menu-load = Load test... (Ctrl+L)
window-load-heading = Load test
window-load-close = Close (Esc)
window-load-from-profile = Settings from the profile { $profile }: EHLO name, CA file, timeout and message; the fields below set the rest.
window-load-no-profile = No profile is selected: the EHLO name, timeout and message are the defaults.
window-load-server = Server
window-load-server-hint = host or host:port
window-load-security = Security
window-load-login = Log in with the profile's user name and password
window-load-connections = Connections
window-load-connections-hint = 1
window-load-messages = Messages
window-load-messages-hint = { $cap } (the cap)
window-load-per-connection = Messages per connection
window-load-per-connection-hint = 1
window-load-size = Message size, bytes
window-load-size-hint = the profile's message
window-load-rate = Rate, messages a second
window-load-rate-hint = as fast as the server takes them
window-load-duration = Duration, seconds
window-load-duration-hint = until the messages are sent
window-load-from = From
window-load-from-hint = sender@example.com
window-load-to = To
window-load-to-hint = one or more addresses, separated by commas
window-load-cap-note = Without a number of messages the run stops after { $cap }.
window-load-permitted = I have the operator's written permission to load this server
window-load-start = Start
window-load-cancel = Cancel
window-load-running = Load test of { $server } under way...
window-load-intro = Sends many messages to one server at once, to learn how many a second it takes and where it starts to refuse. Only for your own servers, or with their operator's permission.
window-load-progress = { $sent } of { $planned } messages
window-load-plot-rate = Messages a second
window-load-plot-latency = Latency of the message replies, ms
window-load-plot-seconds = seconds
window-load-first-failure = The first failing session
window-load-finished = Load test of { $server } finished: { $accepted } of { $sent } messages accepted, { $rate } a second.
window-load-cancelled = Load test cancelled: the summary covers the messages tried until then.
window-load-not-started = Load test could not start: { $error }
window-load-fix-fields = Load test could not start: fix the fields marked in the view.
window-load-busy = A load test is under way: wait for it, or cancel it.
window-load-not-a-number = “{ $text }” is not a number
window-load-too-large = at most { $max }
window-load-at-least-one = must be at least 1
window-load-positive = must be a positive number
window-load-public-provider = { $host } is a public provider's server ({ $provider }). A load test breaks its terms and gets the account blocked. Run one only with the operator's written permission, and tick the box below to say you have it.
