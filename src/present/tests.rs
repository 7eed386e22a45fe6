//! Every fact the lower layers can report has words, and every cause has an explanation.

use super::*;
use crate::knowledge::Knowledge;
use crate::knowledge::transport::knows;
use crate::proto::auth::{AuthError, Mechanism};
use crate::proto::command::{CommandError, Field};
use crate::proto::reply::ReplyError;
use crate::proto::session::{Elided, PlanError};

fn failure(cause: Cause) -> TransportFailure {
    TransportFailure::new(cause, "os said no")
}

/// Every cause the engine puts in a `TransportFailure` (src/engine/mod.rs, src/engine/tls.rs).
const ENGINE_CAUSES: &[Cause] = &[
    Cause::NameNotFound,
    Cause::NoAddress,
    Cause::ConnectionRefused,
    Cause::ConnectionTimeout,
    Cause::ConnectionReset,
    Cause::PortBlocked,
    Cause::WrongSecurityMode,
    Cause::ImplicitTlsPort,
    Cause::TlsClosedByServer,
    Cause::TlsHandshakeFailed,
    Cause::TlsProtocolMismatch,
    Cause::CertificateExpired,
    Cause::CertificateNotYetValid,
    Cause::CertificateSelfSigned,
    Cause::CertificateUntrusted,
    Cause::CertificateWrongHost,
    Cause::CertificateKeyTooWeak,
    Cause::Timeout,
];

/// One problem of every kind.
fn problems() -> Vec<Problem> {
    let mut out = vec![
        Problem::Closed {
            awaiting: Some(ReplyContext::Rcpt),
        },
        Problem::Closed { awaiting: None },
        Problem::Timeout {
            awaiting: Awaiting::Reply(ReplyContext::Greeting),
            limit_ms: 30_000,
            silent: true,
        },
        Problem::Timeout {
            awaiting: Awaiting::Handshake,
            limit_ms: 1_500,
            silent: false,
        },
        Problem::Cancelled,
        Problem::Invalid {
            error: PlanError::NoRecipients,
        },
        Problem::Command {
            verb: String::from("RCPT"),
            error: CommandError::Empty {
                field: Field::Recipient,
            },
        },
        Problem::Data {
            error: crate::proto::command::DataError::LineTooLong {
                line_number: 3,
                len: 1200,
            },
        },
        Problem::Auth {
            error: AuthError::NoneOffered,
        },
        Problem::Auth {
            error: AuthError::NoCommonMechanism {
                offered: vec![String::from("GSSAPI")],
                usable: vec![Mechanism::Plain],
            },
        },
        Problem::Reply {
            error: ReplyError::TooManyLines { limit: 1000 },
        },
        Problem::StartTlsNotOffered,
        Problem::NoResult,
    ];
    for &cause in ENGINE_CAUSES {
        out.push(Problem::Connect {
            failure: failure(cause),
        });
        out.push(Problem::Tls {
            failure: failure(cause),
        });
    }
    out
}

fn assert_worded(text: &str, what: &str) {
    assert!(!text.trim().is_empty(), "{what}: empty");
    assert!(
        !text.contains("{$") && !text.contains("{ $"),
        "{what}: an argument is missing: {text}"
    );
}

#[test]
fn every_cause_is_in_the_knowledge_data() {
    let k = Knowledge::get().expect("the knowledge data parses");
    for &cause in Cause::ALL {
        assert!(
            k.cause_summary(cause).is_some(),
            "{cause} is missing from assets/knowledge/causes.toml"
        );
    }
}

#[test]
fn every_cause_a_failure_can_have_is_explained_by_the_transport_data() {
    for p in problems() {
        let cause = p.cause();
        assert!(
            knows(cause),
            "{cause} (from {p:?}) has no entry in assets/knowledge/transport.toml"
        );
    }
}

#[test]
fn a_failure_without_details_has_no_empty_brackets() {
    for &cause in ENGINE_CAUSES {
        let words = transport(&TransportFailure::new(cause, ""), None);
        assert!(
            !words.contains("()") && !words.ends_with(": "),
            "{cause}: {words}"
        );
    }
}

#[test]
fn every_problem_has_a_sentence() {
    for p in problems() {
        assert_worded(&problem(&p), &format!("{p:?}"));
    }
    let timeout = problem(&Problem::Timeout {
        awaiting: Awaiting::Reply(ReplyContext::Greeting),
        limit_ms: 30_000,
        silent: true,
    });
    assert!(timeout.contains("use implicit TLS"), "{timeout}");
    assert!(timeout.contains("30 s"), "{timeout}");
    let selfsigned = problem(&Problem::Tls {
        failure: failure(Cause::CertificateSelfSigned),
    });
    assert!(selfsigned.contains("self-signed"), "{selfsigned}");
}

#[test]
fn every_note_and_ending_has_words() {
    let notes = [
        Note::EhloRefusedTryingHelo { code: 502 },
        Note::StartTlsOfferedNotUsed,
        Note::StartTlsNotOfferedGoingOn,
        Note::StartTlsRefusedGoingOn,
        Note::MechanismNotOffered {
            mechanism: Mechanism::CramMd5,
        },
        Note::SmtpUtf8NotOffered,
        Note::MessageTooLarge {
            size: 2_000_000,
            limit: 1_000_000,
        },
        Note::EightBitWithoutMime,
        Note::DsnNotOffered,
        Note::ChunkingNotOffered,
        Note::Pipelining,
        Note::NoRecipientEndingData,
        Note::UnsolicitedReply,
        Note::BareLf,
        Note::FollowsRefusedMail,
        Note::AsciiDomain {
            address: String::from("info@bücher.example"),
            ascii: String::from("info@xn--bcher-kva.example"),
        },
        Note::TryingNextMechanism {
            failed: Mechanism::CramMd5,
            next: Mechanism::Plain,
            encrypted: false,
        },
        Note::TokenRefused {
            error: crate::proto::auth::TokenError {
                status: Some(String::from("401")),
                scope: Some(String::from("https://mail.google.com/")),
                schemes: None,
            },
        },
    ];
    for n in &notes {
        assert_worded(&note(n), &format!("{n:?}"));
    }
    assert!(note(&notes[4]).starts_with("CRAM-MD5 "));
    let token = note(&notes[notes.len() - 1]);
    assert!(
        token.contains("401")
            && token.contains("expired")
            && token.contains("https://mail.google.com/"),
        "{token}"
    );
    let endings = [
        Ending::StoppedAsAsked {
            after: StopAfter::Auth,
        },
        Ending::RecipientsTested {
            accepted: 1,
            total: 3,
        },
        Ending::MessageAccepted {
            accepted: 2,
            total: 2,
            queue_id: Some(String::from("8C52C512547")),
        },
        Ending::Refused {
            answered: Answered::Auth {
                mechanism: Mechanism::Plain,
                step: 1,
            },
        },
        Ending::Refused {
            answered: Answered::Helo,
        },
        Ending::Refused {
            answered: Answered::Data,
        },
        Ending::Refused {
            answered: Answered::EndOfData,
        },
        Ending::StartTlsRefused,
        Ending::MessageTooLarge {
            size: 3000,
            limit: Some(1000),
        },
        Ending::ServiceClosing {
            answered: Answered::Rcpt {
                address: String::from("b@example.test"),
                index: 1,
            },
        },
    ];
    for e in &endings {
        assert_worded(&ending(e), &format!("{e:?}"));
    }
    // What a reply answered is told exactly: HELO is not EHLO, DATA is not the end of data.
    assert_eq!(ending(&endings[4]), "the server refused HELO");
    assert_eq!(ending(&endings[5]), "the server refused DATA");
    assert_eq!(ending(&endings[6]), "the server refused the message");
    assert!(ending(&endings[3]).ends_with("with PLAIN"));
    assert_eq!(
        ending(&endings[8]),
        "the message is too large: 3 kB, the server allows 1 kB"
    );
    assert_eq!(
        ending(&endings[9]),
        "the server closed the session (421) in reply to RCPT <b@example.test>"
    );
    assert_eq!(
        ending(&endings[1]),
        "1 of 3 recipients accepted; stopped before the message as asked"
    );
}

#[test]
fn enums_have_words_and_classes_their_own_label() {
    for v in Verdict::ALL {
        assert_worded(&verdict(v), &format!("{v:?}"));
    }
    for s in Stage::ALL {
        assert_worded(&stage(s), &format!("{s:?}"));
    }
    assert_eq!(
        class_tag(ReplyClass::PositivePreliminary),
        "1xx positive preliminary"
    );
    assert_eq!(
        class_tag(ReplyClass::PositiveIntermediate),
        "3xx positive intermediate"
    );
    assert_eq!(
        class_tag(ReplyClass::PermanentNegative),
        "5xx permanent negative"
    );
    assert_eq!(security(Security::StartTlsRequired), "STARTTLS required");
}

#[test]
fn remarks_have_words() {
    let plural = remark(
        &Remark::Resolved {
            host: String::from("mail.example.test"),
            addresses: vec![String::from("192.0.2.1"), String::from("192.0.2.2")],
        },
        &[],
    );
    assert_eq!(
        plural,
        "mail.example.test has 2 addresses: 192.0.2.1, 192.0.2.2"
    );
    let one = remark(
        &Remark::Resolved {
            host: String::from("mail.example.test"),
            addresses: vec![String::from("192.0.2.1")],
        },
        &[],
    );
    assert_eq!(one, "mail.example.test has 1 address: 192.0.2.1");
    let blocked = remark(
        &Remark::AttemptFailed {
            address: String::from("192.0.2.1:25"),
            failure: TransportFailure::new(Cause::PortBlocked, ""),
            limit_ms: Some(10_000),
        },
        &[],
    );
    assert!(blocked.contains("no answer within 10 s"), "{blocked}");
    let injected = remark(&Remark::Injected { count: 6 }, b"250 x\n");
    assert!(injected.contains("discarded: 250 x\\n"), "{injected}");
}

#[test]
fn lines_show_decoded_challenges_and_elided_data() {
    use crate::engine::{Direction, RawBytes, ReplyEvent};
    let mut parser = crate::proto::ReplyParser::new(Default::default());
    parser.push(b"334 VXNlcm5hbWU6\r\n");
    let reply = parser.next_reply().expect("parses").expect("complete");
    let mut line = TranscriptLine {
        at: time::OffsetDateTime::UNIX_EPOCH,
        elapsed_ms: 0,
        direction: Direction::Received,
        tls: true,
        raw: RawBytes(b"334 VXNlcm5hbWU6\r\n".to_vec()),
        text: String::from("334 VXNlcm5hbWU6"),
        remark: None,
        elided: None,
        aside: None,
        reply: Some(ReplyEvent {
            reply,
            answered: Answered::Auth {
                mechanism: Mechanism::Login,
                step: 0,
            },
            latency_ms: 3,
            latency_us: 3000,
        }),
    };
    assert_eq!(line_text(&line), "334 VXNlcm5hbWU6  [decoded: Username:]");
    line.reply = None;
    line.text = String::new();
    line.elided = Some(Elided {
        lines: 10,
        bytes: 700,
    });
    assert_eq!(
        line_text(&line),
        "[10 more lines, 700 bytes, sent but not shown]"
    );
}

#[test]
fn an_expired_certificate_says_how_long_ago_not_a_negative_count() {
    let mut cert = CertInfo {
        subject: String::from("CN=mx.example.test"),
        issuer: String::from("CN=Example CA"),
        san: vec![String::from("DNS:mx.example.test")],
        not_before: None,
        not_after: None,
        days_left: Some(-12),
        sha256: String::new(),
        spki_sha256: None,
        key: KeyInfo::Rsa { bits: 2048 },
        self_signed: false,
    };
    let expired = cert_summary(&cert);
    assert!(expired.contains("expired 12 days ago"), "{expired}");
    assert!(!expired.contains("-12"), "{expired}");
    cert.days_left = Some(30);
    let valid = cert_summary(&cert);
    assert!(valid.contains("30"), "{valid}");
    assert!(!valid.contains("expired"), "{valid}");
}

/// Each message of a Fluent file with the variables it uses: `id -> {"$n", ...}`. Enough of
/// Fluent's syntax for this check: a message starts at column 0 with `id =`, its further lines
/// are indented, variables are `$name`.
fn messages(ftl: &str) -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
    let mut out = std::collections::BTreeMap::new();
    let mut current: Option<String> = None;
    for line in ftl.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            if !line.starts_with(' ') {
                current = None;
            }
            continue;
        }
        if !line.starts_with([' ', '\t'])
            && let Some((id, _)) = line.split_once(" =")
        {
            current = Some(id.trim().to_string());
            out.entry(id.trim().to_string())
                .or_insert_with(std::collections::BTreeSet::new);
        }
        if let Some(id) = &current {
            let vars = out.entry(id.clone()).or_default();
            let mut rest = line;
            while let Some(i) = rest.find('$') {
                let name: String = rest[i + 1..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                    .collect();
                vars.insert(name);
                rest = &rest[i + 1..];
            }
        }
    }
    out
}

#[test]
fn every_message_exists_in_every_language_with_the_same_arguments() {
    let english = messages(&String::from_utf8_lossy(
        &Catalogues::get("en/smtp_lens.ftl")
            .expect("the English catalogue")
            .data,
    ));
    assert!(english.len() > 250, "{}", english.len());
    for language in crate::lang::Language::ALL {
        let path = format!("{}/smtp_lens.ftl", language.tag());
        let file = Catalogues::get(&path).unwrap_or_else(|| panic!("{path} is missing"));
        let other = messages(&String::from_utf8_lossy(&file.data));
        let extra: Vec<&String> = other.keys().filter(|k| !english.contains_key(*k)).collect();
        assert!(extra.is_empty(), "{path} has ids English lacks: {extra:?}");
        let mut missing = Vec::new();
        for (id, vars) in &english {
            match other.get(id) {
                None => missing.push(id.clone()),
                Some(v) => assert_eq!(v, vars, "{path}: {id} uses other arguments"),
            }
        }
        println!(
            "{path}: {} of {} messages missing",
            missing.len(),
            english.len()
        );
        for id in missing.iter().take(30) {
            println!("  {id}");
        }
        assert!(
            missing.is_empty(),
            "{path}: {} messages missing",
            missing.len()
        );
    }
}

#[test]
fn no_common_mechanism_says_which_kind_of_secret_the_server_wants() {
    use crate::proto::auth::AuthError;
    let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    // A token, and a server without token mechanisms: the secret may be a password.
    let token = errors::auth_error(&AuthError::NoCommonMechanism {
        offered: names(&["PLAIN", "LOGIN"]),
        usable: vec![Mechanism::XOAuth2, Mechanism::OAuthBearer],
    });
    assert!(
        token.contains("none of those takes an OAuth token"),
        "{token}"
    );
    assert!(!token.contains("with a password"), "{token}");
    // A password, and a server that only takes tokens.
    let password = errors::auth_error(&AuthError::NoCommonMechanism {
        offered: names(&["XOAUTH2", "OAUTHBEARER"]),
        usable: vec![Mechanism::Plain, Mechanism::Login, Mechanism::CramMd5],
    });
    assert!(
        password.contains("carry an OAuth token, not a password"),
        "{password}"
    );
}

#[test]
fn the_live_progress_gives_counts_then_message_latency_percentiles_once_there_are_some() {
    use std::sync::atomic::Ordering;
    let progress = crate::bulk::Progress::default();
    progress.sent.store(4, Ordering::Relaxed);
    progress.accepted.store(4, Ordering::Relaxed);
    let counts = super::bulk::progress(&progress, 2.0);
    assert!(
        counts.contains("4 sent") && counts.contains("2 msg/s"),
        "{counts}"
    );
    assert!(!counts.contains("p50"), "{counts}");
    if let Ok(mut h) = progress.message_histogram.lock() {
        for us in [1_000, 2_000, 3_000, 40_000] {
            h.record(us).expect("in range");
        }
    }
    let live = super::bulk::progress(&progress, 2.0);
    // Two significant digits: each value is given as the top of its 1% bucket.
    assert!(
        live.contains("; end of data p50/p95/p99 2.01 / 40.19 / 40.19 ms"),
        "{live}"
    );
}
