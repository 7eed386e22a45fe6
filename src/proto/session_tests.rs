//! Byte scripts for the session state machine: a scripted server feeds replies, the test checks
//! every byte the client sent and the outcome. No sockets, no clock.

use std::time::{Duration, Instant};

use super::*;
use crate::proto::auth::{Credentials, Mechanism, Secret, TokenError};

/// What a scripted conversation produced.
struct Run {
    /// Everything the client put on the wire, in order.
    wire: String,
    /// Everything the client logged as sent.
    logged: String,
    notes: Vec<Note>,
    contexts: Vec<ReplyContext>,
    answered: Vec<Answered>,
    starttls: usize,
    /// The outcomes of the transactions before the last (`SessionPlan::transactions`).
    transactions: Vec<Outcome>,
    outcome: Outcome,
}

/// Feeds `server` chunks one at a time, draining the session's outputs after each. A STARTTLS
/// request is answered with an established handshake. `closed` ends with an end of stream.
fn converse(plan: SessionPlan, server: &[&str]) -> Run {
    converse_with(plan, server, false)
}

fn converse_with(plan: SessionPlan, server: &[&str], close_at_end: bool) -> Run {
    let mut session = Session::new(plan);
    session.handle_connected(Instant::now(), "[127.0.0.1]", false);
    let mut run = Run {
        wire: String::new(),
        logged: String::new(),
        notes: Vec::new(),
        contexts: Vec::new(),
        answered: Vec::new(),
        starttls: 0,
        transactions: Vec::new(),
        outcome: Outcome {
            verdict: Verdict::Cancelled,
            ending: Ending::StartTlsRefused,
            deciding_stage: Stage::Connect,
            deciding_reply: None,
            deciding_answered: None,
            stages: Vec::new(),
            recipients: Vec::new(),
            capabilities: None,
            tls: false,
            auth_mechanism: None,
            auth_tried: Vec::new(),
            overrides: Vec::new(),
            message_size: None,
            used_pipelining: false,
            used_chunking: false,
            cause: None,
        },
    };
    let mut finished = false;
    let drain = |session: &mut Session, run: &mut Run, finished: &mut bool| {
        while let Some(out) = session.poll_output() {
            match out {
                Output::Send { wire, log } => {
                    run.wire.push_str(&String::from_utf8_lossy(&wire));
                    for l in log {
                        run.logged.push_str(&String::from_utf8_lossy(&l.raw));
                        run.logged.push_str(&l.text);
                        run.logged.push('\n');
                    }
                }
                Output::Received { answered, .. } => {
                    run.contexts.push(answered.context());
                    run.answered.push(answered);
                }
                Output::Note(n) => run.notes.push(n),
                Output::StartTls => {
                    run.starttls += 1;
                    session.handle_tls_established(Instant::now());
                }
                Output::TransactionDone(o) => run.transactions.push(*o),
                Output::Finished(o) => {
                    run.outcome = *o;
                    *finished = true;
                }
                Output::StageChanged(_) | Output::Close => {}
            }
        }
    };
    drain(&mut session, &mut run, &mut finished);
    for chunk in server {
        assert!(
            !finished,
            "the session finished before the server chunk {chunk:?}"
        );
        session.handle_bytes(Instant::now(), chunk.as_bytes());
        drain(&mut session, &mut run, &mut finished);
    }
    if close_at_end && !finished {
        session.handle_failure(Failure::Closed);
        drain(&mut session, &mut run, &mut finished);
    }
    assert!(
        finished,
        "the session did not finish; client sent:\n{}",
        run.wire
    );
    run
}

fn plan(stop_after: StopAfter) -> SessionPlan {
    let mut p = SessionPlan::new(Security::None);
    p.mail_from = String::from("alice@example.test");
    p.rcpt_to = vec![String::from("bob@example.test")];
    p.stop_after = stop_after;
    p.message = Some(b"Subject: hi\r\n\r\nhello\r\n".to_vec().into());
    p
}

const EHLO_PLAIN: &str = "250-mx.example.test\r\n250-SIZE 10240000\r\n250 8BITMIME\r\n";
const EHLO_PIPE: &str = "250-mx.example.test\r\n250-PIPELINING\r\n250 SIZE 10240000\r\n";

#[test]
fn several_messages_go_over_one_connection_with_quit_only_at_the_end() {
    let mut p = plan(StopAfter::Send);
    p.transactions = 3;
    let accepted = [
        "250 2.1.0 Ok\r\n",
        "250 2.1.5 Ok\r\n",
        "354 go\r\n",
        "250 2.0.0 queued\r\n",
    ];
    let mut server = vec!["220 mx ESMTP\r\n", EHLO_PLAIN];
    for _ in 0..3 {
        server.extend(accepted);
    }
    server.push("221 bye\r\n");
    let run = converse(p, &server);
    let one = "MAIL FROM:<alice@example.test> SIZE=22\r\nRCPT TO:<bob@example.test>\r\nDATA\r\nSubject: hi\r\n\r\nhello\r\n.\r\n";
    assert_eq!(
        run.wire,
        format!("EHLO [127.0.0.1]\r\n{one}{one}{one}QUIT\r\n")
    );
    assert_eq!(run.transactions.len(), 2);
    assert!(
        run.transactions
            .iter()
            .all(|o| o.verdict == Verdict::Success)
    );
    assert_eq!(run.outcome.verdict, Verdict::Success);
}

#[test]
fn a_refused_transaction_is_reported_and_rset_clears_the_way_for_the_next() {
    let mut p = plan(StopAfter::Send);
    p.transactions = 2;
    let run = converse(
        p,
        &[
            "220 mx ESMTP\r\n",
            EHLO_PLAIN,
            "250 2.1.0 Ok\r\n",
            "550 5.1.1 no such user\r\n",
            "250 2.0.0 Ok\r\n",
            "250 2.1.0 Ok\r\n",
            "250 2.1.5 Ok\r\n",
            "354 go\r\n",
            "250 2.0.0 queued\r\n",
            "221 bye\r\n",
        ],
    );
    assert!(
        run.wire
            .contains("RCPT TO:<bob@example.test>\r\nRSET\r\nMAIL FROM:"),
        "{}",
        run.wire
    );
    assert!(run.answered.contains(&Answered::Rset));
    assert_eq!(run.transactions.len(), 1);
    assert_eq!(run.transactions[0].verdict, Verdict::AllRecipientsRejected);
    assert_eq!(
        run.transactions[0].deciding_reply.as_ref().map(|r| r.code),
        Some(550)
    );
    assert_eq!(run.outcome.verdict, Verdict::Success);
    assert!(run.outcome.recipients.iter().all(|r| r.accepted));
}

#[test]
fn a_421_ends_the_connection_even_with_messages_left() {
    let mut p = plan(StopAfter::Send);
    p.transactions = 5;
    let run = converse_with(
        p,
        &["220 mx ESMTP\r\n", EHLO_PLAIN, "421 4.7.0 too many\r\n"],
        true,
    );
    assert!(run.transactions.is_empty());
    // The server closes the session: not a verdict on the sender.
    assert_eq!(run.outcome.verdict, Verdict::ServerRefused);
    assert!(!run.wire.contains("RSET"));
}

#[test]
fn a_plain_session_sends_every_command_in_order() {
    let run = converse(
        plan(StopAfter::Send),
        &[
            "220 mx ESMTP\r\n",
            EHLO_PLAIN,
            "250 2.1.0 Ok\r\n",
            "250 2.1.5 Ok\r\n",
            "354 go\r\n",
            "250 2.0.0 queued\r\n",
            "221 bye\r\n",
        ],
    );
    assert_eq!(
        run.wire,
        "EHLO [127.0.0.1]\r\nMAIL FROM:<alice@example.test> SIZE=22\r\nRCPT TO:<bob@example.test>\r\nDATA\r\nSubject: hi\r\n\r\nhello\r\n.\r\nQUIT\r\n"
    );
    assert_eq!(run.outcome.verdict, Verdict::Success);
    assert_eq!(
        run.outcome.stage(Stage::Data).map(|s| s.status),
        Some(StageStatus::Passed)
    );
    assert_eq!(
        run.outcome.deciding_reply.as_ref().map(|r| r.code),
        Some(250)
    );
    assert_eq!(
        run.contexts,
        vec![
            ReplyContext::Greeting,
            ReplyContext::Ehlo,
            ReplyContext::Mail,
            ReplyContext::Rcpt,
            ReplyContext::Data,
            ReplyContext::EndOfData,
            ReplyContext::Quit
        ]
    );
}

#[test]
fn pipelining_sends_the_envelope_and_data_as_one_group() {
    let mut p = plan(StopAfter::Send);
    p.rcpt_to.push(String::from("carol@example.test"));
    let run = converse(
        p,
        &[
            "220 mx\r\n",
            EHLO_PIPE,
            "250 ok\r\n250 ok\r\n250 ok\r\n354 go\r\n",
            "250 queued\r\n",
            "221 bye\r\n",
        ],
    );
    assert!(run.wire.contains(
        "MAIL FROM:<alice@example.test> SIZE=22\r\nRCPT TO:<bob@example.test>\r\nRCPT TO:<carol@example.test>\r\nDATA\r\n"
    ));
    assert!(run.outcome.used_pipelining);
    assert_eq!(run.outcome.verdict, Verdict::Success);
}

#[test]
fn one_refused_recipient_gives_a_partial_verdict_and_the_message_still_goes() {
    let mut p = plan(StopAfter::Send);
    p.rcpt_to = vec![
        String::from("bob@example.test"),
        String::from("nobody@example.test"),
    ];
    let run = converse(
        p,
        &[
            "220 mx\r\n",
            EHLO_PLAIN,
            "250 ok\r\n",
            "250 ok\r\n",
            "550 5.1.1 <nobody@example.test>: Recipient address rejected: User unknown\r\n",
            "354 go\r\n",
            "250 queued\r\n",
            "221 bye\r\n",
        ],
    );
    assert_eq!(run.outcome.verdict, Verdict::SomeRecipientsRejected);
    assert_eq!(
        run.outcome.deciding_reply.as_ref().map(|r| r.code),
        Some(550)
    );
    let accepted: Vec<bool> = run.outcome.recipients.iter().map(|r| r.accepted).collect();
    assert_eq!(accepted, vec![true, false]);
    assert!(run.wire.contains("DATA\r\n"));
}

#[test]
fn every_recipient_refused_in_a_pipeline_ends_without_a_message() {
    let run = converse(
        plan(StopAfter::Send),
        &[
            "220 mx\r\n",
            EHLO_PIPE,
            "250 ok\r\n554 5.7.1 Relay access denied\r\n554 5.5.1 Error: no valid recipients\r\n",
            "221 bye\r\n",
        ],
    );
    assert_eq!(run.outcome.verdict, Verdict::AllRecipientsRejected);
    assert!(
        !run.wire.contains("Subject: hi"),
        "the message must not be sent: {}",
        run.wire
    );
    assert!(run.wire.ends_with("DATA\r\nQUIT\r\n"), "{}", run.wire);
}

#[test]
fn a_354_after_every_recipient_refused_gets_an_empty_message() {
    let run = converse(
        plan(StopAfter::Send),
        &[
            "220 mx\r\n",
            EHLO_PIPE,
            "250 ok\r\n550 no\r\n354 go ahead\r\n",
            "554 no valid recipients\r\n",
            "221 bye\r\n",
        ],
    );
    assert!(run.wire.ends_with("DATA\r\n.\r\nQUIT\r\n"), "{}", run.wire);
    assert_eq!(run.outcome.verdict, Verdict::AllRecipientsRejected);
}

#[test]
fn a_refused_sender_in_a_pipeline_waits_for_every_reply_before_quit() {
    let run = converse(
        plan(StopAfter::Send),
        &[
            "220 mx\r\n",
            EHLO_PIPE,
            "553 5.7.1 Sender address rejected\r\n503 5.5.1 need MAIL\r\n503 5.5.1 need RCPT\r\n",
            "221 bye\r\n",
        ],
    );
    assert_eq!(run.outcome.verdict, Verdict::SenderRejected);
    assert_eq!(
        run.outcome.deciding_reply.as_ref().map(|r| r.code),
        Some(553)
    );
    assert!(run.wire.ends_with("DATA\r\nQUIT\r\n"));
}

#[test]
fn stop_after_rcpt_sends_no_data() {
    let run = converse(
        plan(StopAfter::Rcpt),
        &[
            "220 mx\r\n",
            EHLO_PIPE,
            "250 ok\r\n250 ok\r\n",
            "221 bye\r\n",
        ],
    );
    assert!(!run.wire.contains("DATA"));
    assert_eq!(run.outcome.verdict, Verdict::Success);
    assert_eq!(run.outcome.message_size, None);
}

#[test]
fn each_stop_point_ends_with_quit_right_there() {
    let cases: &[(StopAfter, &[&str], &str)] = &[
        (
            StopAfter::Greeting,
            &["220 mx\r\n", "221 bye\r\n"],
            "QUIT\r\n",
        ),
        (
            StopAfter::Ehlo,
            &["220 mx\r\n", EHLO_PLAIN, "221 bye\r\n"],
            "EHLO [127.0.0.1]\r\nQUIT\r\n",
        ),
        (
            StopAfter::Tls,
            &["220 mx\r\n", EHLO_PLAIN, "221 bye\r\n"],
            "EHLO [127.0.0.1]\r\nQUIT\r\n",
        ),
        (
            StopAfter::Mail,
            &["220 mx\r\n", EHLO_PIPE, "250 ok\r\n", "221 bye\r\n"],
            "EHLO [127.0.0.1]\r\nMAIL FROM:<alice@example.test>\r\nQUIT\r\n",
        ),
    ];
    for (stop, server, expected) in cases {
        let run = converse(plan(*stop), server);
        assert_eq!(run.wire, *expected, "{stop:?}");
        assert_eq!(run.outcome.verdict, Verdict::Success, "{stop:?}");
    }
}

#[test]
fn ehlo_refused_with_502_falls_back_to_helo() {
    let run = converse(
        plan(StopAfter::Rcpt),
        &[
            "220 old\r\n",
            "502 5.5.2 Command not recognized\r\n",
            "250 old.example.test\r\n",
            "250 ok\r\n",
            "250 ok\r\n",
            "221 bye\r\n",
        ],
    );
    assert!(
        run.wire
            .starts_with("EHLO [127.0.0.1]\r\nHELO [127.0.0.1]\r\nMAIL FROM:"),
        "{}",
        run.wire
    );
    assert_eq!(run.outcome.verdict, Verdict::Success);
}

#[test]
fn starttls_required_but_not_offered_stops_before_auth() {
    let mut p = plan(StopAfter::Send);
    p.security = Security::StartTlsRequired;
    let run = converse(p, &["220 mx\r\n", EHLO_PLAIN, "221 bye\r\n"]);
    assert_eq!(run.wire, "EHLO [127.0.0.1]\r\nQUIT\r\n");
    assert_eq!(run.outcome.verdict, Verdict::TlsFailed);
    assert_eq!(
        run.outcome.stage(Stage::Tls).map(|s| s.status),
        Some(StageStatus::Failed)
    );
}

#[test]
fn starttls_optional_goes_on_in_plain_text_when_not_offered() {
    let mut p = plan(StopAfter::Rcpt);
    p.security = Security::StartTlsIfOffered;
    let run = converse(
        p,
        &[
            "220 mx\r\n",
            EHLO_PLAIN,
            "250 ok\r\n",
            "250 ok\r\n",
            "221 bye\r\n",
        ],
    );
    assert_eq!(run.outcome.verdict, Verdict::Success);
    assert!(run.notes.contains(&Note::StartTlsNotOfferedGoingOn));
    // A pass in plain text is not a clean pass: the verdict says it went unencrypted.
    assert_eq!(run.outcome.overrides, vec![Override::NoEncryption]);
    let report = crate::present::verdict::report(&run.outcome);
    assert_eq!(crate::present::banner(&report), "PASSED WITH AN OVERRIDE");
    assert!(
        report
            .overrides
            .iter()
            .any(|o| crate::present::override_words(o).contains("plain text")),
        "{:?}",
        report.overrides
    );
}

#[test]
fn starttls_is_followed_by_a_second_ehlo() {
    let mut p = plan(StopAfter::Tls);
    p.security = Security::StartTlsRequired;
    let run = converse(
        p,
        &[
            "220 mx\r\n",
            "250-mx\r\n250 STARTTLS\r\n",
            "220 2.0.0 Ready to start TLS\r\n",
            "250-mx\r\n250 AUTH PLAIN\r\n",
            "221 bye\r\n",
        ],
    );
    assert_eq!(run.starttls, 1);
    assert_eq!(
        run.wire,
        "EHLO [127.0.0.1]\r\nSTARTTLS\r\nEHLO [127.0.0.1]\r\nQUIT\r\n"
    );
    assert!(run.outcome.tls);
    assert_eq!(run.outcome.verdict, Verdict::Success);
    assert_eq!(
        run.outcome.capabilities.map(|c| c.auth_mechanisms()),
        Some(vec![String::from("PLAIN")])
    );
}

fn auth_plan(mechanism: Option<Mechanism>) -> SessionPlan {
    let mut p = plan(StopAfter::Auth);
    p.auth = Some(AuthPlan {
        credentials: Credentials {
            user: String::from("alice@example.test"),
            secret: Secret::new("correct horse"),
            host: String::from("mx.example.test"),
            port: 587,
        },
        mechanism,
        token: false,
    });
    p
}

#[test]
fn auth_login_answers_each_challenge_and_never_logs_the_password() {
    let run = converse(
        auth_plan(Some(Mechanism::Login)),
        &[
            "220 mx\r\n",
            "250-mx\r\n250 AUTH PLAIN LOGIN\r\n",
            "334 VXNlcm5hbWU6\r\n",
            "334 UGFzc3dvcmQ6\r\n",
            "235 2.7.0 Authentication successful\r\n",
            "221 bye\r\n",
        ],
    );
    // base64("alice@example.test") and base64("correct horse")
    assert!(
        run.wire
            .contains("AUTH LOGIN\r\nYWxpY2VAZXhhbXBsZS50ZXN0\r\nY29ycmVjdCBob3JzZQ==\r\n"),
        "{}",
        run.wire
    );
    assert_eq!(run.outcome.verdict, Verdict::Success);
    assert_eq!(run.outcome.auth_mechanism, Some(Mechanism::Login));
    assert!(!run.logged.contains("correct horse"));
    assert!(!run.logged.contains("Y29ycmVjdCBob3JzZQ"), "{}", run.logged);
}

#[test]
fn a_refused_login_is_an_auth_failure() {
    let run = converse(
        auth_plan(None),
        &[
            "220 mx\r\n",
            "250-mx\r\n250 AUTH PLAIN\r\n",
            "535 5.7.8 Error: authentication failed\r\n",
            "221 bye\r\n",
        ],
    );
    assert_eq!(run.outcome.verdict, Verdict::AuthFailed);
    assert_eq!(
        run.outcome.deciding_reply.as_ref().map(|r| r.code),
        Some(535)
    );
    assert!(run.wire.ends_with("QUIT\r\n"));
    assert!(!run.logged.contains("correct horse"));
    // base64 of "\0alice@example.test\0correct horse"
    assert!(
        !run.logged
            .contains("AGFsaWNlQGV4YW1wbGUudGVzdABjb3JyZWN0IGhvcnNl")
    );
}

#[test]
fn a_554_greeting_is_answered_with_quit_and_a_421_is_not() {
    let run = converse(
        plan(StopAfter::Send),
        &["554 5.7.1 No SMTP service here\r\n", "221 bye\r\n"],
    );
    assert_eq!(run.wire, "QUIT\r\n");
    assert_eq!(run.outcome.verdict, Verdict::ServerRefused);
    let run = converse(
        plan(StopAfter::Send),
        &["421 4.3.2 Service shutting down\r\n"],
    );
    assert_eq!(run.wire, "");
    assert_eq!(run.outcome.verdict, Verdict::ServerRefused);
}

#[test]
fn a_malformed_reply_ends_the_session_as_a_protocol_error() {
    let run = converse(plan(StopAfter::Send), &["hello there\r\n"]);
    assert_eq!(run.outcome.verdict, Verdict::ProtocolError);
    assert_eq!(
        run.outcome.stage(Stage::Greeting).map(|s| s.status),
        Some(StageStatus::Failed)
    );
}

#[test]
fn a_hang_up_mid_session_is_a_lost_connection_but_after_quit_it_is_not() {
    let run = converse_with(plan(StopAfter::Send), &["220 mx\r\n"], true);
    assert_eq!(run.outcome.verdict, Verdict::ConnectionLost);
    let run = converse_with(plan(StopAfter::Ehlo), &["220 mx\r\n", EHLO_PLAIN], true);
    assert_eq!(run.outcome.verdict, Verdict::Success);
}

#[test]
fn message_lines_starting_with_a_dot_are_stuffed() {
    let mut p = plan(StopAfter::Send);
    p.message = Some(b"Subject: dots\r\n\r\n.\r\n..x\nend".to_vec().into());
    let run = converse(
        p,
        &[
            "220 mx\r\n",
            EHLO_PLAIN,
            "250 ok\r\n",
            "250 ok\r\n",
            "354 go\r\n",
            "250 ok\r\n",
            "221 bye\r\n",
        ],
    );
    assert!(
        run.wire
            .contains("DATA\r\nSubject: dots\r\n\r\n..\r\n...x\r\nend\r\n.\r\nQUIT\r\n"),
        "{}",
        run.wire
    );
}

#[test]
fn bdat_is_used_when_asked_and_offered() {
    let mut p = plan(StopAfter::Send);
    p.extensions.chunking = true;
    p.extensions.size = false;
    let run = converse(
        p,
        &[
            "220 mx\r\n",
            "250-mx\r\n250 CHUNKING\r\n",
            "250 ok\r\n",
            "250 ok\r\n",
            "250 2.0.0 queued\r\n",
            "221 bye\r\n",
        ],
    );
    assert!(
        run.wire.contains(
            "RCPT TO:<bob@example.test>\r\nBDAT 22 LAST\r\nSubject: hi\r\n\r\nhello\r\nQUIT\r\n"
        ),
        "{}",
        run.wire
    );
    assert!(run.outcome.used_chunking);
    assert_eq!(run.outcome.verdict, Verdict::Success);
}

#[test]
fn a_cancel_ends_the_session_at_once() {
    let mut session = Session::new(plan(StopAfter::Send));
    session.handle_connected(Instant::now(), "[127.0.0.1]", false);
    session.handle_bytes(Instant::now(), b"220 mx\r\n");
    session.handle_failure(Failure::Cancelled);
    let mut verdict = None;
    while let Some(out) = session.poll_output() {
        if let Output::Finished(o) = out {
            verdict = Some(o.verdict);
        }
    }
    assert_eq!(verdict, Some(Verdict::Cancelled));
    assert!(session.outcome().is_some());
}

#[test]
fn a_crlf_in_an_address_is_refused_before_connecting() {
    let mut p = plan(StopAfter::Send);
    p.rcpt_to = vec![String::from(
        "bob@example.test\r\nRCPT TO:<evil@example.test>",
    )];
    assert!(p.validate().is_err());
    let mut p = plan(StopAfter::Send);
    p.helo_name = Some(String::from("host\nQUIT"));
    assert!(p.validate().is_err());
    assert!(plan(StopAfter::Send).validate().is_ok());
}

#[test]
fn dsn_and_smtputf8_parameters_are_sent_only_when_offered() {
    let mut p = plan(StopAfter::Rcpt);
    p.extensions.smtputf8 = true;
    p.extensions.dsn = Some(DsnOptions {
        notify: vec![String::from("SUCCESS"), String::from("FAILURE")],
        ret: Some(String::from("HDRS")),
        envid: Some(String::from("id+1")),
        orcpt: true,
    });
    let run = converse(
        p.clone(),
        &[
            "220 mx\r\n",
            "250-mx\r\n250-DSN\r\n250 SMTPUTF8\r\n",
            "250 ok\r\n",
            "250 ok\r\n",
            "221 bye\r\n",
        ],
    );
    assert!(
        run.wire
            .contains("MAIL FROM:<alice@example.test> SMTPUTF8 RET=HDRS ENVID=id+2B1\r\n"),
        "{}",
        run.wire
    );
    assert!(
        run.wire.contains(
            "RCPT TO:<bob@example.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob@example.test\r\n"
        ),
        "{}",
        run.wire
    );
    let run = converse(
        p,
        &[
            "220 mx\r\n",
            EHLO_PLAIN,
            "250 ok\r\n",
            "250 ok\r\n",
            "221 bye\r\n",
        ],
    );
    assert!(
        run.wire.contains("MAIL FROM:<alice@example.test>\r\n"),
        "{}",
        run.wire
    );
    assert!(run.notes.contains(&Note::DsnNotOffered));
}

#[test]
fn each_reply_says_exactly_what_it_answered() {
    // EHLO refused, HELO refused: the outcome names HELO, not EHLO.
    let run = converse(
        plan(StopAfter::Send),
        &[
            "220 mx\r\n",
            "502 no EHLO\r\n",
            "550 no HELO either\r\n",
            "221 bye\r\n",
        ],
    );
    assert_eq!(run.outcome.verdict, Verdict::ServerRefused);
    assert_eq!(run.outcome.deciding_answered, Some(Answered::Helo));
    assert_eq!(
        run.outcome.ending,
        Ending::Refused {
            answered: Answered::Helo
        }
    );
    assert_eq!(
        run.answered,
        vec![
            Answered::Greeting,
            Answered::Ehlo,
            Answered::Helo,
            Answered::Quit
        ]
    );
}

#[test]
fn a_refused_data_command_is_not_the_end_of_data() {
    let mut p = plan(StopAfter::Send);
    p.extensions.pipelining = false;
    p.message = Some(b"Subject: t\r\n\r\nhi\r\n".to_vec().into());
    let run = converse(
        p,
        &[
            "220 mx\r\n",
            "250 mx\r\n",
            "250 ok\r\n",
            "250 ok\r\n",
            "554 5.5.1 no valid recipients\r\n",
            "221 bye\r\n",
        ],
    );
    assert_eq!(run.outcome.verdict, Verdict::MessageRejected);
    assert_eq!(run.outcome.deciding_answered, Some(Answered::Data));
}

#[test]
fn auth_replies_carry_the_mechanism_and_step() {
    let mut p = plan(StopAfter::Auth);
    p.auth = Some(AuthPlan {
        credentials: Credentials {
            user: String::from("u"),
            secret: Secret::new("p"),
            host: String::new(),
            port: 25,
        },
        mechanism: Some(Mechanism::Login),
        token: false,
    });
    let run = converse(
        p,
        &[
            "220 mx\r\n",
            "250-mx\r\n250 AUTH LOGIN\r\n",
            "334 VXNlcm5hbWU6\r\n",
            "334 UGFzc3dvcmQ6\r\n",
            "535 5.7.8 bad\r\n",
            "221 bye\r\n",
        ],
    );
    assert_eq!(run.outcome.verdict, Verdict::AuthFailed);
    let auth: Vec<&Answered> = run
        .answered
        .iter()
        .filter(|a| matches!(a, Answered::Auth { .. }))
        .collect();
    assert_eq!(
        auth,
        vec![
            &Answered::Auth {
                mechanism: Mechanism::Login,
                step: 0
            },
            &Answered::Auth {
                mechanism: Mechanism::Login,
                step: 1
            },
            &Answered::Auth {
                mechanism: Mechanism::Login,
                step: 2
            },
        ]
    );
    assert_eq!(
        run.outcome.deciding_answered,
        Some(Answered::Auth {
            mechanism: Mechanism::Login,
            step: 2
        })
    );
    assert_eq!(run.outcome.cause, None, "a reply decided it");
}

#[test]
fn the_session_keeps_its_own_deadlines() {
    let mut p = plan(StopAfter::Ehlo);
    p.timeouts = Timeouts::all(Duration::from_secs(5));
    p.timeouts.greeting = Duration::from_secs(30);
    let start = Instant::now();
    let mut session = Session::new(p);
    assert_eq!(
        session.poll_timeout(),
        None,
        "nothing awaited before connecting"
    );
    session.handle_connected(start, "[127.0.0.1]", false);
    assert_eq!(
        session.poll_timeout(),
        Some(start + Duration::from_secs(30))
    );
    // Too early: nothing happens.
    session.handle_timeout(start + Duration::from_secs(29));
    assert!(session.outcome().is_none());
    // The greeting arrives; EHLO's reply has the command limit from then on.
    let later = start + Duration::from_secs(10);
    session.handle_bytes(later, b"220 mx\r\n");
    assert_eq!(session.poll_timeout(), Some(later + Duration::from_secs(5)));
    session.handle_timeout(later + Duration::from_secs(5));
    let outcome = session.outcome().expect("timed out");
    assert_eq!(outcome.verdict, Verdict::Timeout);
    assert_eq!(outcome.cause, Some(Cause::Timeout));
    assert_eq!(
        outcome.ending,
        Ending::Problem {
            problem: Problem::Timeout {
                awaiting: Awaiting::Reply(ReplyContext::Ehlo),
                limit_ms: 5000,
                silent: false
            }
        }
    );
}

#[test]
fn a_silent_server_times_out_as_silent() {
    let start = Instant::now();
    let mut session = Session::new(plan(StopAfter::Ehlo));
    session.handle_connected(start, "[127.0.0.1]", false);
    let deadline = session.poll_timeout().expect("a deadline");
    session.handle_timeout(deadline);
    let outcome = session.outcome().expect("timed out");
    assert!(matches!(
        outcome.ending,
        Ending::Problem {
            problem: Problem::Timeout { silent: true, .. }
        }
    ));
}

#[test]
fn a_value_found_unsendable_during_the_session_is_a_syntax_problem() {
    // SMTPUTF8 is asked for but not offered: the non-ASCII sender cannot be sent.
    let mut p = plan(StopAfter::Rcpt);
    p.extensions.smtputf8 = true;
    p.mail_from = String::from("jörg@example.test");
    let run = converse(p, &["220 mx\r\n", "250 mx\r\n", "221 bye\r\n"]);
    assert_eq!(run.outcome.verdict, Verdict::InvalidInput);
    assert_eq!(run.outcome.cause, Some(Cause::SyntaxError));
    assert!(matches!(
        run.outcome.ending,
        Ending::Problem {
            problem: Problem::Command { ref verb, .. }
        } if verb == "MAIL"
    ));
    assert!(run.notes.contains(&Note::SmtpUtf8NotOffered));
    assert!(!run.wire.contains("MAIL FROM"), "nothing of it was sent");
}

#[test]
fn a_failed_implicit_tls_handshake_fails_tls_not_the_connection() {
    let mut session = Session::new(plan(StopAfter::Ehlo));
    session.handle_failure(Failure::Tls(TransportFailure::new(
        Cause::WrongSecurityMode,
        "220 plain greeting",
    )));
    let outcome = session.outcome().expect("finished");
    assert_eq!(outcome.verdict, Verdict::TlsFailed);
    assert_eq!(outcome.deciding_stage, Stage::Tls);
    assert_eq!(
        outcome.stage(Stage::Connect).map(|s| s.status),
        Some(StageStatus::Passed)
    );
    assert_eq!(
        outcome.stage(Stage::Tls).map(|s| s.status),
        Some(StageStatus::Failed)
    );
    assert_eq!(outcome.cause, Some(Cause::WrongSecurityMode));
}

#[test]
fn a_421_among_recipients_decides_and_the_rest_are_not_tried() {
    let mut p = plan(StopAfter::Rcpt);
    p.extensions.pipelining = false;
    p.rcpt_to = vec![
        String::from("a@example.test"),
        String::from("b@example.test"),
        String::from("c@example.test"),
    ];
    let run = converse(
        p,
        &[
            "220 mx\r\n",
            "250 mx\r\n",
            "250 ok\r\n",
            "250 2.1.5 ok\r\n",
            "421 4.7.0 too many errors, closing\r\n",
        ],
    );
    assert_eq!(run.outcome.verdict, Verdict::SomeRecipientsRejected);
    assert_eq!(
        run.outcome.deciding_reply.as_ref().map(|r| r.code),
        Some(421)
    );
    assert_eq!(
        run.outcome.ending,
        Ending::ServiceClosing {
            answered: Answered::Rcpt {
                address: String::from("b@example.test"),
                index: 1
            }
        }
    );
    assert!(run.outcome.recipients[2].reply.is_none(), "c was not tried");
    assert!(
        !run.wire.contains("c@example.test"),
        "nothing more was sent"
    );
    assert!(
        !run.wire.contains("QUIT"),
        "after 421 the server closes; no QUIT"
    );
}

#[test]
fn a_message_over_the_size_limit_is_the_verdict_and_the_pipelined_rest_only_follows() {
    let mut p = plan(StopAfter::Send);
    p.message = Some(vec![b'x'; 3000].into());
    let run = converse(
        p,
        &[
            "220 mx\r\n",
            "250-mx\r\n250-PIPELINING\r\n250 SIZE 1000\r\n",
            "552 5.3.4 Message size exceeds fixed maximum message size\r\n\
             503 5.5.1 Error: need MAIL command\r\n\
             503 5.5.1 Error: need RCPT command\r\n",
            "221 bye\r\n",
        ],
    );
    assert_eq!(run.outcome.verdict, Verdict::MessageRejected);
    assert_eq!(
        run.outcome.ending,
        Ending::MessageTooLarge {
            size: 3000,
            limit: Some(1000)
        }
    );
    assert!(run.wire.contains("SIZE=3000"));
    assert!(
        run.outcome.recipients.iter().all(|r| r.reply.is_none()),
        "not tried"
    );
    assert_eq!(
        run.notes
            .iter()
            .filter(|n| **n == Note::FollowsRefusedMail)
            .count(),
        2,
        "the RCPT and DATA replies are marked as consequences"
    );
    assert!(run.notes.contains(&Note::MessageTooLarge {
        size: 3000,
        limit: 1000
    }));
}

#[test]
fn a_refused_cram_md5_falls_back_to_the_next_offered_mechanism() {
    // A server whose CRAM-MD5 cannot succeed (it stores no plain-text password) while PLAIN with
    // the same password works.
    let run = converse(
        auth_plan(None),
        &[
            "220 mx\r\n",
            "250-mx\r\n250 AUTH DIGEST-MD5 CRAM-MD5 PLAIN LOGIN\r\n",
            "334 PDEyMzQ1Njc4OUBteC5leGFtcGxlLnRlc3Q+\r\n",
            "535 5.7.8 Error: authentication failed\r\n",
            "235 2.7.0 Authentication successful\r\n",
            "221 bye\r\n",
        ],
    );
    assert!(run.wire.contains("AUTH CRAM-MD5\r\n"), "{}", run.wire);
    assert!(run.wire.contains("AUTH PLAIN "), "{}", run.wire);
    assert_eq!(run.outcome.verdict, Verdict::Success);
    assert_eq!(run.outcome.auth_mechanism, Some(Mechanism::Plain));
    assert!(run.notes.contains(&Note::TryingNextMechanism {
        failed: Mechanism::CramMd5,
        next: Mechanism::Plain,
        encrypted: false,
    }));
    assert_eq!(
        run.outcome.stage(Stage::Auth).map(|s| s.status),
        Some(StageStatus::Passed)
    );
    assert!(!run.logged.contains("correct horse"), "{}", run.logged);
}

#[test]
fn a_forced_mechanism_is_not_replaced_and_the_verdict_names_it() {
    let run = converse(
        auth_plan(Some(Mechanism::CramMd5)),
        &[
            "220 mx\r\n",
            "250-mx\r\n250 AUTH CRAM-MD5 PLAIN LOGIN\r\n",
            "334 PDEyMzQ1Njc4OUBteC5leGFtcGxlLnRlc3Q+\r\n",
            "535 5.7.8 Error: authentication failed\r\n",
            "221 bye\r\n",
        ],
    );
    assert_eq!(run.outcome.verdict, Verdict::AuthFailed);
    assert!(!run.wire.contains("AUTH PLAIN"), "{}", run.wire);
    assert_eq!(
        run.outcome.ending,
        Ending::Refused {
            answered: Answered::Auth {
                mechanism: Mechanism::CramMd5,
                step: 1
            }
        }
    );
}

#[test]
fn when_every_offered_mechanism_is_refused_the_last_refusal_decides() {
    let run = converse(
        auth_plan(None),
        &[
            "220 mx\r\n",
            "250-mx\r\n250 AUTH CRAM-MD5 PLAIN\r\n",
            "334 PDEyMzQ1Njc4OUBteC5leGFtcGxlLnRlc3Q+\r\n",
            "535 5.7.8 bad\r\n",
            "535 5.7.8 still bad\r\n",
            "221 bye\r\n",
        ],
    );
    assert_eq!(run.outcome.verdict, Verdict::AuthFailed);
    assert_eq!(run.outcome.auth_mechanism, Some(Mechanism::Plain));
    assert_eq!(
        run.outcome.auth_tried,
        vec![Mechanism::CramMd5, Mechanism::Plain]
    );
    assert_eq!(
        run.outcome.deciding_reply.as_ref().map(|r| r.text()),
        Some(String::from("5.7.8 still bad"))
    );
}

#[test]
fn an_internationalised_domain_goes_in_its_ascii_form_without_smtputf8() {
    let mut p = plan(StopAfter::Rcpt);
    p.rcpt_to = vec![String::from("info@bücher.example")];
    assert_eq!(
        p.validate(),
        Ok(()),
        "only a non-ASCII local part needs SMTPUTF8"
    );
    let run = converse(
        p,
        &[
            "220 mx\r\n",
            EHLO_PLAIN,
            "250 ok\r\n",
            "250 ok\r\n",
            "221 bye\r\n",
        ],
    );
    assert!(
        run.wire
            .contains("RCPT TO:<info@xn--bcher-kva.example>\r\n"),
        "{}",
        run.wire
    );
    assert_eq!(run.outcome.verdict, Verdict::Success);
    assert!(run.notes.contains(&Note::AsciiDomain {
        address: String::from("info@bücher.example"),
        ascii: String::from("info@xn--bcher-kva.example"),
    }));
    // A non-ASCII local part has no ASCII form: it still needs SMTPUTF8.
    let mut q = plan(StopAfter::Rcpt);
    q.rcpt_to = vec![String::from("jörg@bücher.example")];
    assert!(q.validate().is_err());
}

#[test]
fn a_refused_token_is_told_from_a_refused_password_by_what_the_server_said() {
    // Gmail's answer to an expired XOAUTH2 token: an error challenge (base64 JSON), an empty
    // line from the client, then 535 in the wording it also uses for passwords.
    let mut p = auth_plan(None);
    if let Some(auth) = p.auth.as_mut() {
        auth.token = true;
    }
    let run = converse(
        p,
        &[
            "220 mx\r\n",
            "250-mx\r\n250 AUTH LOGIN PLAIN XOAUTH2 OAUTHBEARER\r\n",
            "334 eyJzdGF0dXMiOiI0MDEiLCJzY2hlbWVzIjoiYmVhcmVyIiwic2NvcGUiOiJodHRwczovL21haWwuZ29vZ2xlLmNvbS8ifQ==\r\n",
            "535-5.7.8 Username and Password not accepted. For more information, go to\r\n535 5.7.8  https://support.google.com/mail/?p=BadCredentials x - gsmtp\r\n",
            "221 bye\r\n",
        ],
    );
    assert!(run.wire.contains("AUTH XOAUTH2 "), "{}", run.wire);
    assert!(
        run.wire.contains("\r\n\r\nQUIT\r\n"),
        "the empty answer: {}",
        run.wire
    );
    assert_eq!(run.outcome.verdict, Verdict::AuthFailed);
    assert!(
        run.notes.contains(&Note::TokenRefused {
            error: TokenError {
                status: Some(String::from("401")),
                scope: Some(String::from("https://mail.google.com/")),
                schemes: Some(String::from("bearer")),
            }
        }),
        "{:?}",
        run.notes
    );
    let answered = run.outcome.deciding_answered.clone().expect("answered");
    let reply = run.outcome.deciding_reply.clone().expect("reply");
    // The same reply to a password names app passwords; to a token it names the token.
    let x = crate::knowledge::explain_answered(&reply, &answered);
    assert_eq!(x.cause, Cause::TokenRefused);
    assert!(
        x.fixes.iter().any(|f| f.contains("fresh access token")),
        "{:?}",
        x.fixes
    );
    assert!(
        !x.fixes.iter().any(|f| f.contains("app password")),
        "{:?}",
        x.fixes
    );
    let password = crate::knowledge::explain_answered(
        &reply,
        &Answered::Auth {
            mechanism: Mechanism::Plain,
            step: 0,
        },
    );
    assert_eq!(password.cause, Cause::AuthFailed);
    assert!(!run.logged.contains("correct horse"), "{}", run.logged);
}

#[test]
fn a_size_refusal_after_the_data_is_also_named_as_too_large() {
    // The sibling without SIZE announced or pipelining: the server only finds out at the end of
    // the data (Postfix: "message file too big").
    let mut p = plan(StopAfter::Send);
    p.message = Some([[b'x'; 98].as_slice(), b"\r\n"].concat().repeat(30).into());
    let run = converse(
        p,
        &[
            "220 mx\r\n",
            "250 mx\r\n",
            "250 2.1.0 Ok\r\n",
            "250 2.1.5 Ok\r\n",
            "354 go ahead\r\n",
            "552 5.3.4 Error: message file too big\r\n",
            "221 bye\r\n",
        ],
    );
    assert_eq!(run.outcome.verdict, Verdict::MessageRejected);
    assert_eq!(
        run.outcome.ending,
        Ending::MessageTooLarge {
            size: 3000,
            limit: None
        }
    );
    // A full mailbox is 552 too, but its enhanced code says so: not a size refusal.
    let mut p = plan(StopAfter::Send);
    p.message = Some(b"Subject: t\r\n\r\nhi\r\n".to_vec().into());
    let full = converse(
        p,
        &[
            "220 mx\r\n",
            "250 mx\r\n",
            "250 2.1.0 Ok\r\n",
            "250 2.1.5 Ok\r\n",
            "354 go ahead\r\n",
            "552 5.2.2 Mailbox full\r\n",
            "221 bye\r\n",
        ],
    );
    assert_eq!(
        full.outcome.ending,
        Ending::Refused {
            answered: Answered::EndOfData
        }
    );
}

#[test]
fn a_refused_plain_login_is_not_tried_again_with_another_mechanism() {
    // PLAIN sends the password as it is: its refusal is the password's. Trying LOGIN with it
    // would only add a failed login against the account.
    let run = converse(
        auth_plan(None),
        &[
            "220 mx\r\n",
            "250-mx\r\n250 AUTH PLAIN LOGIN\r\n",
            "535 5.7.8 Error: authentication failed\r\n",
            "221 bye\r\n",
        ],
    );
    assert_eq!(run.outcome.verdict, Verdict::AuthFailed);
    assert_eq!(run.wire.matches("AUTH ").count(), 1, "{}", run.wire);
    assert_eq!(run.outcome.auth_tried, vec![Mechanism::Plain]);
    assert!(
        !run.notes
            .iter()
            .any(|n| matches!(n, Note::TryingNextMechanism { .. })),
        "{:?}",
        run.notes
    );
}
