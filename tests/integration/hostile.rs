//! Misbehaving servers, scripted on a loopback socket: no real server does these things on
//! purpose, which is why they are played here. Each must end with a clear message, never a hang.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::time::Duration;

use smtp_lens::engine::{Direction, Event, Timeouts};
use smtp_lens::present;
use smtp_lens::proto::Cause;
use smtp_lens::proto::reply::ReplyError;
use smtp_lens::proto::session::{Ending, Problem, Security, StopAfter, Verdict};

use crate::util::*;

/// Serves one connection: writes each `(expect, reply)` pair's reply after reading a line that
/// starts with `expect` (an empty `expect` writes at once).
fn scripted(script: Vec<(&'static str, Vec<u8>)>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr").to_string();
    std::thread::spawn(move || {
        let Ok((stream, _)) = listener.accept() else {
            return;
        };
        let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
        let mut reader = BufReader::new(stream.try_clone().expect("clone"));
        let mut writer = stream;
        for (expect, reply) in script {
            if !expect.is_empty() {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || !line.starts_with(expect) {
                    return;
                }
            }
            if writer.write_all(&reply).is_err() {
                return;
            }
        }
        // Keep the connection open briefly so the client sees what it sees, then hang up.
        std::thread::sleep(Duration::from_millis(500));
    });
    addr
}

fn lines_of(events: &[Event], direction: Direction) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Line(l) if l.direction == direction => Some(present::line_text(l)),
            _ => None,
        })
        .collect()
}

#[test]
fn bytes_injected_after_the_starttls_220_are_flagged_and_discarded() {
    let addr = scripted(vec![
        ("", b"220 fake ESMTP\r\n".to_vec()),
        ("EHLO", b"250-fake\r\n250 STARTTLS\r\n".to_vec()),
        (
            "STARTTLS",
            b"220 2.0.0 Ready\r\n250 injected reply\r\n".to_vec(),
        ),
    ]);
    let mut req = request(&addr, Security::StartTlsRequired, StopAfter::Tls);
    req.timeouts = Timeouts::all(Duration::from_secs(3));
    let (outcome, events) = run(req);
    let warnings = lines_of(&events, Direction::Warning);
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("possible command injection") && w.contains("250 injected reply")),
        "{warnings:?}"
    );
    // The fake server cannot do TLS, so the session fails there, after the warning.
    assert_ne!(outcome.verdict, Verdict::Success);
}

#[test]
fn an_endless_reply_line_is_cut_off_at_the_limit() {
    let mut flood = b"220 ".to_vec();
    flood.extend(std::iter::repeat_n(b'x', 100_000));
    let addr = scripted(vec![("", flood)]);
    let req = request(&addr, Security::None, StopAfter::Ehlo);
    let (outcome, _) = run(req);
    assert_eq!(outcome.verdict, Verdict::ProtocolError);
    assert_eq!(outcome.cause, Some(Cause::ProtocolError));
    assert_eq!(
        outcome.ending,
        Ending::Problem {
            problem: Problem::Reply {
                error: ReplyError::LineTooLong { limit: 4096 }
            }
        }
    );
}

#[test]
fn a_reply_of_too_many_lines_is_cut_off() {
    let mut many = Vec::new();
    for _ in 0..1500 {
        many.extend_from_slice(b"220-more\r\n");
    }
    let addr = scripted(vec![("", many)]);
    let (outcome, _) = run(request(&addr, Security::None, StopAfter::Ehlo));
    assert_eq!(outcome.verdict, Verdict::ProtocolError);
    assert_eq!(
        outcome.ending,
        Ending::Problem {
            problem: Problem::Reply {
                error: ReplyError::TooManyLines { limit: 1000 }
            }
        }
    );
}

#[test]
fn a_tls_record_instead_of_a_greeting_names_implicit_tls() {
    // A TLS alert record: what an implicit-TLS server may send to a client that speaks first.
    let addr = scripted(vec![("", vec![0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46])]);
    let (outcome, _) = run(request(&addr, Security::StartTlsRequired, StopAfter::Ehlo));
    assert_eq!(outcome.verdict, Verdict::TlsFailed);
    assert_eq!(outcome.cause, Some(Cause::ImplicitTlsPort));
    let report = present::verdict::report(&outcome);
    assert_eq!(
        report.first_fix.as_deref(),
        Some("Keep this port and use implicit TLS.")
    );
    let said = present::ending(&outcome.ending);
    assert!(said.contains("use implicit TLS"), "{said}");
}

#[test]
fn a_plain_greeting_and_answers_to_the_tls_bytes_each_get_their_own_marked_line() {
    // Implicit TLS against a plain-text port that greets and then answers the ClientHello as
    // if it were commands (Postfix does this), all before the client gives up.
    let addr = scripted(vec![(
        "",
        b"220 plain ESMTP\r\n500 5.5.2 Error: bad syntax\r\n500 5.5.2 Error: bad syntax\r\n"
            .to_vec(),
    )]);
    let (outcome, events) = run(request(&addr, Security::ImplicitTls, StopAfter::Ehlo));
    assert_eq!(outcome.verdict, Verdict::TlsFailed);
    assert_eq!(outcome.cause, Some(Cause::WrongSecurityMode));
    let received = lines_of(&events, Direction::Received);
    assert_eq!(
        received,
        [
            "220 plain ESMTP",
            "500 5.5.2 Error: bad syntax",
            "500 5.5.2 Error: bad syntax"
        ],
        "one line each, as the server sent them"
    );
}

#[test]
fn non_utf8_and_bare_lf_replies_are_shown_not_fatal() {
    let addr = scripted(vec![
        ("", b"220 caf\xe9 ready\n".to_vec()),
        ("EHLO", b"250 ok\r\n".to_vec()),
        ("QUIT", b"221 bye\r\n".to_vec()),
    ]);
    let (outcome, events) = run(request(&addr, Security::None, StopAfter::Ehlo));
    assert_eq!(outcome.verdict, Verdict::Success);
    let received = lines_of(&events, Direction::Received);
    assert!(received[0].contains("caf\u{fffd} ready"), "{received:?}");
    let warnings = lines_of(&events, Direction::Warning);
    assert!(
        warnings.iter().any(|w| w.contains("bare LF")),
        "{warnings:?}"
    );
}

#[test]
fn a_server_that_accepts_starttls_and_hangs_up_is_told_apart_from_a_tls_mismatch() {
    // 220 to STARTTLS, then not one byte of TLS: the server's own TLS set-up is broken.
    let addr = scripted(vec![
        ("", b"220 fake ESMTP\r\n".to_vec()),
        ("EHLO", b"250-fake\r\n250 STARTTLS\r\n".to_vec()),
        ("STARTTLS", b"220 2.0.0 Ready to start TLS\r\n".to_vec()),
    ]);
    let mut req = request(&addr, Security::StartTlsRequired, StopAfter::Tls);
    req.timeouts = Timeouts::all(Duration::from_secs(5));
    let (outcome, _) = run(req);
    assert_eq!(outcome.verdict, Verdict::TlsFailed);
    assert_eq!(
        outcome.cause,
        Some(Cause::TlsClosedByServer),
        "{:?}",
        outcome.ending
    );
    let said = present::ending(&outcome.ending);
    assert!(
        said.contains("closed the connection before sending any of the handshake"),
        "{said}"
    );
    let report = present::verdict::report(&outcome);
    assert!(
        report
            .first_fix
            .as_deref()
            .is_some_and(|f| f.contains("server's log")),
        "{:?}",
        report.first_fix
    );
    let fixes = report
        .deciding_words
        .map(|w| w.fixes.join(" "))
        .unwrap_or_default();
    assert!(fixes.contains("openssl s_client -starttls smtp"), "{fixes}");
}

#[test]
fn an_implicit_tls_port_that_hangs_up_at_once_is_a_server_tls_fault() {
    // The sibling of a 220 to STARTTLS followed by a close: a port that takes the connection
    // for implicit TLS and closes it without one byte of the handshake.
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr").to_string();
    std::thread::spawn(move || {
        if let Ok((stream, _)) = listener.accept() {
            // Read the ClientHello first, so the close is an orderly end of stream.
            let mut buf = [0u8; 4096];
            let _ = std::io::Read::read(&mut &stream, &mut buf);
            drop(stream);
        }
    });
    let mut req = request(&addr, Security::ImplicitTls, StopAfter::Tls);
    req.timeouts = Timeouts::all(Duration::from_secs(5));
    let (outcome, _) = run(req);
    assert_eq!(outcome.verdict, Verdict::TlsFailed);
    assert_eq!(
        outcome.cause,
        Some(Cause::TlsClosedByServer),
        "{:?}",
        outcome.ending
    );
    let report = present::verdict::report(&outcome);
    assert!(
        report
            .first_fix
            .as_deref()
            .is_some_and(|f| f.contains("server's log")),
        "{:?}",
        report.first_fix
    );
}
