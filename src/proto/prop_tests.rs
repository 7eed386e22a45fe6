//! Property tests of the protocol core: the quick part of the fuzzing (`fuzz/` holds the
//! coverage-guided targets). Each property is checked on a few hundred generated cases, so the
//! whole file runs in seconds.
//!
//! The reply parser gives back any well-formed reply exactly and never panics on any bytes; EHLO
//! keywords are read case-insensitively, as a set; an encoded command is one line within RFC 5321
//! 4.5.3.1.4 or a typed error; the session ends whatever the server replies.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use proptest::prelude::*;

use super::auth::{Credentials, Mechanism, Secret};
use super::capability::Capabilities;
use super::command::{self, Command, CommandError, MAX_AUTH_LINE, MAX_COMMAND_LINE};
use super::plan::AuthPlan;
use super::reply::{EnhancedCode, ReplyLimits, ReplyParser};
use super::session::{Failure, Output, Security, Session, SessionPlan, StopAfter};

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// One line of a generated reply: its text (no CR or LF) and whether it ends in a bare LF.
fn reply_line() -> impl Strategy<Value = (String, bool)> {
    ("[^\r\n]{0,80}", proptest::bool::weighted(0.2))
}

/// A well-formed reply: a code and one to twelve lines.
fn reply() -> impl Strategy<Value = (u16, Vec<(String, bool)>)> {
    (100u16..=599, proptest::collection::vec(reply_line(), 1..12))
}

/// The bytes a server sends for `lines` under `code`: "250-" on every line but the last, which
/// has "250 " (or the bare code when its text is empty).
fn encode_reply(code: u16, lines: &[(String, bool)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, (text, bare_lf)) in lines.iter().enumerate() {
        out.extend_from_slice(code.to_string().as_bytes());
        let last = i + 1 == lines.len();
        if !last {
            out.push(b'-');
        } else if !text.is_empty() {
            out.push(b' ');
        }
        out.extend_from_slice(text.as_bytes());
        out.extend_from_slice(if *bare_lf { b"\n" } else { b"\r\n" });
    }
    out
}

/// Splits `bytes` at the given points (taken modulo its length).
fn split_at_points<'a>(bytes: &'a [u8], points: &[usize]) -> Vec<&'a [u8]> {
    let mut cuts: Vec<usize> = points.iter().map(|p| p % (bytes.len() + 1)).collect();
    cuts.push(0);
    cuts.push(bytes.len());
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2).map(|w| &bytes[w[0]..w[1]]).collect()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_well_formed_reply_sequence_is_parsed_back_exactly(
        replies in proptest::collection::vec(reply(), 1..5),
        points in proptest::collection::vec(any::<usize>(), 0..8),
    ) {
        let wire: Vec<u8> = replies
            .iter()
            .flat_map(|(code, lines)| encode_reply(*code, lines))
            .collect();
        let mut parser = ReplyParser::new(ReplyLimits::default());
        let mut parsed = Vec::new();
        for piece in split_at_points(&wire, &points) {
            parser.push(piece);
            while let Some(reply) = parser.next_reply().expect("a well-formed reply") {
                parsed.push(reply);
            }
        }
        prop_assert_eq!(parser.buffered_len(), 0);
        prop_assert_eq!(parsed.len(), replies.len());
        for (reply, (code, lines)) in parsed.iter().zip(&replies) {
            prop_assert_eq!(reply.code, *code);
            prop_assert_eq!(reply.raw(), encode_reply(*code, lines));
            prop_assert_eq!(reply.lines.len(), lines.len());
            for (line, (text, bare_lf)) in reply.lines.iter().zip(lines) {
                prop_assert_eq!(&line.text, text);
                prop_assert_eq!(line.bare_lf, *bare_lf);
                prop_assert!(!line.invalid_utf8);
            }
            let first_enhanced = lines
                .iter()
                .find_map(|(text, _)| EnhancedCode::parse_prefix(text).map(|(code, _)| code));
            prop_assert_eq!(reply.enhanced, first_enhanced);
        }
    }

    #[test]
    fn the_reply_parser_accounts_for_every_byte_of_any_input(
        bytes in proptest::collection::vec(any::<u8>(), 0..600),
        points in proptest::collection::vec(any::<usize>(), 0..8),
        max_line_len in 0usize..100,
        max_lines in 0usize..6,
    ) {
        let limits = ReplyLimits { max_line_len, max_lines };
        let mut parser = ReplyParser::new(limits);
        let mut returned = Vec::new();
        let mut failed = None;
        'pushing: for piece in split_at_points(&bytes, &points) {
            parser.push(piece);
            loop {
                match parser.next_reply() {
                    Ok(Some(reply)) => {
                        prop_assert!((100..=599).contains(&reply.code));
                        prop_assert!(reply.lines.len() <= max_lines);
                        prop_assert!(reply.lines.iter().all(|l| l.raw.len() <= max_line_len));
                        returned.extend_from_slice(&reply.raw());
                    }
                    Ok(None) => break,
                    Err(err) => {
                        failed = Some(err);
                        break 'pushing;
                    }
                }
            }
        }
        match failed {
            // Once refused, always refused: the parser does not guess where a reply starts.
            Some(err) => prop_assert_eq!(parser.next_reply(), Err(err)),
            None => {
                returned.extend_from_slice(&parser.take_buffered());
                prop_assert_eq!(returned, bytes);
            }
        }
    }
}

/// EHLO keywords: the known ones and made-up ones (letters, digits, '-').
fn keyword() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(vec![
            "SIZE",
            "PIPELINING",
            "8BITMIME",
            "SMTPUTF8",
            "CHUNKING",
            "BINARYMIME",
            "DSN",
            "ENHANCEDSTATUSCODES",
            "REQUIRETLS",
            "STARTTLS",
            "AUTH",
            "VRFY",
            "ETRN",
        ])
        .prop_map(String::from),
        "[A-Za-z0-9][A-Za-z0-9-]{0,11}",
    ]
}

/// `word` with each letter's case chosen by `mask`.
fn recase(word: &str, mask: u64) -> String {
    word.chars()
        .enumerate()
        .map(|(i, c)| {
            if (mask >> (i % 64)) & 1 == 1 {
                c.to_ascii_lowercase()
            } else {
                c.to_ascii_uppercase()
            }
        })
        .collect()
}

fn ehlo_reply(lines: &[String]) -> super::reply::Reply {
    let mut wire = String::from("250-mx.example.test Hello\r\n");
    for (i, line) in lines.iter().enumerate() {
        let sep = if i + 1 == lines.len() { ' ' } else { '-' };
        wire.push_str(&format!("250{sep}{line}\r\n"));
    }
    if lines.is_empty() {
        wire = String::from("250 mx.example.test Hello\r\n");
    }
    let mut parser = ReplyParser::new(ReplyLimits::default());
    parser.push(wire.as_bytes());
    parser
        .next_reply()
        .ok()
        .flatten()
        .expect("a generated EHLO reply parses")
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn ehlo_keywords_are_read_as_a_set_whatever_their_case(
        entries in proptest::collection::vec(
            (keyword(), proptest::collection::vec("[A-Za-z0-9]{1,8}", 0..3), any::<u64>()),
            0..10,
        ),
        other_mask in any::<u64>(),
    ) {
        let as_sent: Vec<String> = entries
            .iter()
            .map(|(k, params, mask)| {
                std::iter::once(recase(k, *mask))
                    .chain(params.iter().cloned())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let recased: Vec<String> = entries
            .iter()
            .map(|(k, params, _)| {
                std::iter::once(recase(k, other_mask))
                    .chain(params.iter().cloned())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let caps = Capabilities::from_ehlo(&ehlo_reply(&as_sent));
        let again = Capabilities::from_ehlo(&ehlo_reply(&recased));
        // The same extensions whatever the case of their keywords.
        prop_assert_eq!(&caps, &again);
        let offered: BTreeSet<String> =
            entries.iter().map(|(k, _, _)| k.to_ascii_uppercase()).collect();
        let parsed: BTreeSet<String> = caps.list.iter().map(|c| c.keyword()).collect();
        prop_assert_eq!(&parsed, &offered);
        for keyword in &offered {
            prop_assert!(caps.has(keyword));
            prop_assert!(caps.has(&keyword.to_ascii_lowercase()));
        }
        // AUTH lines merge into one entry.
        let auth_entries = caps
            .list
            .iter()
            .filter(|c| matches!(c, super::capability::Capability::Auth(_)))
            .count();
        prop_assert_eq!(auth_entries, usize::from(offered.contains("AUTH")));
    }
}

/// Strings that are often valid in a command and sometimes hold CR, LF, NUL or other bytes.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z0-9]{1,20}(\\.[a-z0-9]{1,20}){0,3}",
        2 => "[a-z0-9.+]{1,70}@[a-z0-9]{1,60}\\.(test|example)",
        1 => "[a-zA-Z0-9+/=]{0,600}",
        1 => "[\\x00-\\x7f]{0,40}",
        1 => "\\PC{0,40}",
        1 => "[a-z]{0,10}[\r\n\0][a-z]{0,10}",
    ]
}

fn params() -> impl Strategy<Value = Vec<(String, Option<String>)>> {
    proptest::collection::vec(
        (
            prop_oneof!["[A-Z][A-Z0-9-]{0,12}", value()],
            proptest::option::of(prop_oneof!["[!-<>-~]{1,80}", value()]),
        ),
        0..8,
    )
}

fn any_command() -> impl Strategy<Value = Command> {
    prop_oneof![
        value().prop_map(Command::Ehlo),
        value().prop_map(Command::Helo),
        Just(Command::StartTls),
        (value(), proptest::option::of(value())).prop_map(|(mechanism, initial_response)| {
            Command::Auth {
                mechanism,
                initial_response,
            }
        }),
        value().prop_map(Command::AuthResponse),
        (value(), params()).prop_map(|(reverse_path, params)| Command::MailFrom {
            reverse_path,
            params
        }),
        (value(), params()).prop_map(|(forward_path, params)| Command::RcptTo {
            forward_path,
            params
        }),
        Just(Command::Data),
        (any::<usize>(), any::<bool>()).prop_map(|(size, last)| Command::Bdat { size, last }),
        Just(Command::Quit),
    ]
}

/// Every value of a command a user could have typed.
fn values_of(cmd: &Command) -> Vec<&str> {
    fn param_values(params: &[(String, Option<String>)]) -> Vec<&str> {
        params
            .iter()
            .flat_map(|(k, v)| std::iter::once(k.as_str()).chain(v.as_deref()))
            .collect()
    }
    match cmd {
        Command::Ehlo(v) | Command::Helo(v) | Command::AuthResponse(v) => vec![v.as_str()],
        Command::Auth {
            mechanism,
            initial_response,
        } => std::iter::once(mechanism.as_str())
            .chain(initial_response.as_deref())
            .collect(),
        Command::MailFrom {
            reverse_path: path,
            params,
        }
        | Command::RcptTo {
            forward_path: path,
            params,
        } => std::iter::once(path.as_str())
            .chain(param_values(params))
            .collect(),
        Command::StartTls
        | Command::Data
        | Command::Bdat { .. }
        | Command::Rset
        | Command::Quit => Vec::new(),
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn an_encoded_command_is_one_line_within_the_limit_or_refused(
        cmd in any_command(),
        smtputf8 in any::<bool>(),
    ) {
        let injected = values_of(&cmd)
            .iter()
            .any(|v| v.contains(['\r', '\n', '\0']));
        match cmd.encode(smtputf8) {
            Ok(line) => {
                prop_assert!(!injected, "a CR, LF or NUL got through: {:?}", cmd);
                prop_assert!(line.ends_with(b"\r\n"));
                let body = &line[..line.len() - 2];
                prop_assert!(!body.contains(&b'\r') && !body.contains(&b'\n'));
                let limit = match cmd {
                    Command::Auth { .. } | Command::AuthResponse(_) => MAX_AUTH_LINE,
                    _ => MAX_COMMAND_LINE,
                };
                prop_assert!(line.len() <= limit, "{} octets", line.len());
                prop_assert!(body.starts_with(cmd.verb().as_bytes()));
            }
            Err(CommandError::LineTooLong { len, limit }) => prop_assert!(len > limit),
            Err(_) => {}
        }
    }

    #[test]
    fn a_valid_rcpt_is_encoded_exactly_when_it_fits_in_512_octets(
        local in "[a-z0-9]{1,64}",
        domain in "[a-z0-9]{1,63}(\\.[a-z0-9]{1,63}){0,2}",
        params in proptest::collection::vec(("[A-Z][A-Z0-9]{0,20}", "[!-<>-~]{1,120}"), 0..6),
    ) {
        let address = format!("{local}@{domain}");
        prop_assume!(address.len() + 2 <= 256);
        let params: Vec<(String, Option<String>)> =
            params.into_iter().map(|(k, v)| (k, Some(v))).collect();
        let want: String = format!("RCPT TO:<{address}>")
            + &params
                .iter()
                .map(|(k, v)| format!(" {k}={}", v.as_deref().unwrap_or_default()))
                .collect::<String>()
            + "\r\n";
        let got = Command::RcptTo {
            forward_path: address,
            params,
        }
        .encode(false);
        if want.len() <= MAX_COMMAND_LINE {
            prop_assert_eq!(got, Ok(want.into_bytes()));
        } else {
            prop_assert_eq!(
                got,
                Err(CommandError::LineTooLong {
                    len: want.len(),
                    limit: MAX_COMMAND_LINE
                })
            );
        }
    }

    #[test]
    fn without_smtputf8_an_accepted_envelope_address_goes_out_in_ascii(
        local in "[a-z]{1,10}",
        domain in "[a-zäöüéß]{1,10}\\.(test|example)",
        rcpt in any::<bool>(),
    ) {
        let address = format!("{local}@{domain}");
        let cmd = if rcpt {
            Command::RcptTo { forward_path: address.clone(), params: Vec::new() }
        } else {
            Command::MailFrom { reverse_path: address.clone(), params: Vec::new() }
        };
        if let Ok(line) = cmd.encode(false) {
            prop_assert!(line.is_ascii(), "{}", String::from_utf8_lossy(&line));
            let ascii = command::ascii_form(&address);
            prop_assert!(
                line.windows(ascii.len()).any(|w| w == ascii.as_bytes()),
                "{} not in {}",
                ascii,
                String::from_utf8_lossy(&line)
            );
        }
    }
}

/// A reply a server could send at any point of a session: the codes a session acts on, and any
/// other; sometimes several lines, sometimes an EHLO list.
fn server_reply() -> impl Strategy<Value = Vec<u8>> {
    let code = prop_oneof![
        proptest::sample::select(vec![
            220u16, 221, 235, 250, 251, 252, 334, 354, 421, 450, 451, 452, 454, 500, 501, 502, 503,
            504, 530, 534, 535, 550, 552, 553, 554, 555,
        ]),
        100u16..=599,
    ];
    let text = prop_oneof![
        "[ -~]{0,30}",
        proptest::sample::select(vec![
            "mx.example.test",
            "STARTTLS",
            "PIPELINING",
            "CHUNKING",
            "SIZE 100",
            "AUTH PLAIN LOGIN CRAM-MD5 XOAUTH2",
            "AUTH=LOGIN",
            "SMTPUTF8",
            "8BITMIME",
            "DSN",
            "VXNlcm5hbWU6",
            "PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UuZXhhbXBsZS5uZXQ+",
            "eyJzdGF0dXMiOiI0MDEifQ==",
            "5.7.8 no",
        ])
        .prop_map(String::from),
    ];
    (code, proptest::collection::vec(text, 1..5)).prop_map(|(code, texts)| {
        let lines: Vec<(String, bool)> = texts.into_iter().map(|t| (t, false)).collect();
        encode_reply(code, &lines)
    })
}

fn session_plan(security: u8, stop: u8, flags: u8, mechanism: u8) -> SessionPlan {
    let security = [
        Security::None,
        Security::StartTlsRequired,
        Security::StartTlsIfOffered,
        Security::ImplicitTls,
    ][usize::from(security % 4)];
    let stop_after = [
        StopAfter::Connect,
        StopAfter::Greeting,
        StopAfter::Ehlo,
        StopAfter::Tls,
        StopAfter::Auth,
        StopAfter::Mail,
        StopAfter::Rcpt,
        StopAfter::Send,
    ][usize::from(stop % 8)];
    let mut plan = SessionPlan::new(security);
    plan.stop_after = stop_after;
    plan.mail_from = String::from("alice@example.test");
    plan.rcpt_to = vec![
        String::from("bob@example.test"),
        String::from("carol@example.test"),
    ];
    plan.message = Some(std::sync::Arc::from(&b"Subject: hi\r\n\r\n.hello\r\n"[..]));
    plan.extensions.pipelining = flags & 1 != 0;
    plan.extensions.chunking = flags & 2 != 0;
    plan.extensions.smtputf8 = flags & 4 != 0;
    if flags & 8 != 0 || stop_after == StopAfter::Auth {
        plan.auth = Some(AuthPlan {
            credentials: Credentials {
                user: String::from("alice"),
                secret: Secret::new("s3cret"),
                host: String::from("mx.example.test"),
                port: 587,
            },
            mechanism: Mechanism::ALL.get(usize::from(mechanism % 6)).copied(),
            token: flags & 16 != 0,
        });
    }
    plan
}

/// Drains the session's outputs, answering a STARTTLS with a handshake; counts the outcomes.
fn drain(session: &mut Session, now: Instant, finished: &mut usize) {
    let mut count = 0;
    while let Some(out) = session.poll_output() {
        count += 1;
        assert!(count < 10_000, "a runaway session");
        match out {
            Output::StartTls => {
                let _ = session.take_injected();
                session.handle_tls_established(now);
            }
            Output::Finished(_) => *finished += 1,
            _ => {}
        }
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_session_ends_once_whatever_the_server_replies(
        (security, stop, flags, mechanism) in (any::<u8>(), any::<u8>(), any::<u8>(), any::<u8>()),
        replies in proptest::collection::vec(server_reply(), 0..14),
        then_silence in any::<bool>(),
    ) {
        let plan = session_plan(security, stop, flags, mechanism);
        let implicit = plan.security == Security::ImplicitTls;
        let mut session = Session::new(plan);
        let mut now = Instant::now();
        let mut finished = 0;
        session.handle_connected(now, "[127.0.0.1]", implicit);
        drain(&mut session, now, &mut finished);
        for reply in &replies {
            now += Duration::from_millis(5);
            session.handle_bytes(now, reply);
            drain(&mut session, now, &mut finished);
        }
        if finished == 0 && then_silence {
            // A session still running waits with a deadline; passing it ends the session.
            let deadline = session.poll_timeout();
            prop_assert!(deadline.is_some(), "running without a deadline");
            if let Some(at) = deadline {
                session.handle_timeout(at.max(now));
            }
        } else {
            session.handle_failure(Failure::Closed);
        }
        drain(&mut session, now, &mut finished);
        prop_assert_eq!(finished, 1);
        prop_assert!(session.outcome().is_some());
        prop_assert!(session.poll_timeout().is_none());
    }
}

/// Line endings made CRLF one byte at a time: the plain reading of RFC 5321 2.3.8 that
/// `normalize_crlf`, which copies whole runs, must agree with.
fn normalize_byte_by_byte(message: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < message.len() {
        match message[i] {
            b'\r' => {
                out.extend_from_slice(b"\r\n");
                if message.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
            }
            b'\n' => out.extend_from_slice(b"\r\n"),
            b => out.push(b),
        }
        i += 1;
    }
    if !out.is_empty() && !out.ends_with(b"\r\n") {
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// The DATA form built the plain way: normalised first, then each line checked and stuffed
/// (RFC 5321 4.5.2), then the terminator: what `encode_data`'s one pass must give.
fn encode_in_two_passes(message: &[u8]) -> Result<Vec<u8>, command::DataError> {
    let normal = normalize_byte_by_byte(message);
    let mut out = Vec::new();
    for (n, line) in normal.split_inclusive(|&b| b == b'\n').enumerate() {
        let content = line.len() - 2;
        if content > 998 {
            return Err(command::DataError::LineTooLong {
                line_number: n + 1,
                len: content,
            });
        }
        if line.first() == Some(&b'.') {
            out.push(b'.');
        }
        out.extend_from_slice(line);
    }
    out.extend_from_slice(b".\r\n");
    Ok(out)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn data_in_one_pass_is_the_data_in_two(
        lines in proptest::collection::vec(
            (
                proptest::collection::vec(
                    prop_oneof![Just(b'.'), Just(b'x'), Just(b'\r'), any::<u8>()],
                    0..6,
                ),
                0usize..1100,
                prop_oneof![Just(&b"\r\n"[..]), Just(&b"\n"[..]), Just(&b"\r"[..]), Just(&b""[..])],
            ),
            0..8,
        ),
    ) {
        // Lines of any length around the 998-octet limit, with any ending or none.
        let mut message = Vec::new();
        for (start, filler, ending) in &lines {
            message.extend_from_slice(start);
            message.extend(std::iter::repeat_n(b'y', *filler));
            message.extend_from_slice(ending);
        }
        prop_assert_eq!(command::encode_data(&message), encode_in_two_passes(&message));
    }

    #[test]
    fn message_line_endings_are_normalised_as_byte_by_byte(
        message in proptest::collection::vec(
            prop_oneof![Just(b'\r'), Just(b'\n'), Just(b'.'), Just(b'a'), any::<u8>()],
            0..300,
        ),
    ) {
        let normal = command::normalize_crlf(&message);
        prop_assert_eq!(&normal, &normalize_byte_by_byte(&message));
        if let Ok(data) = command::encode_data(&message) {
            // The data ends with the terminator and no line of it is a lone ".".
            prop_assert!(data.ends_with(b".\r\n"));
            let body = &data[..data.len() - 3];
            prop_assert!(!body.split(|&b| b == b'\n').any(|l| l == b".\r"));
        }
    }
}
