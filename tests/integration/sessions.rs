//! The engine against real servers: each AUTH mechanism, refusals, TLS modes and failures.

use std::time::Duration;

use smtp_lens::engine::{CancelToken, CertProblem, Event, Timeouts, TlsVia};
use smtp_lens::present;
use smtp_lens::proto::session::{
    Awaiting, Ending, Override, Problem, ReplyContext, Security, StageStatus, StopAfter, Verdict,
};
use smtp_lens::proto::{Cause, Mechanism, Stage};

use crate::util::*;

fn tls_events(events: &[Event]) -> Vec<smtp_lens::engine::TlsInfo> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Tls(info) => Some(info.clone()),
            _ => None,
        })
        .collect()
}

fn full_send_over_postfix_submission(mechanism: Mechanism) {
    let servers = Servers::get();
    let (user, password) = servers.postfix_user();
    let tag = unique_tag(&format!("postfix-{}", mechanism.name()));
    let mut req = request(
        &servers.postfix_submission(),
        Security::StartTlsRequired,
        StopAfter::Send,
    );
    req = trusting_test_ca(with_auth(req, &user, &password, Some(mechanism)), &servers);
    req.plan.mail_from = String::from("alice@example.test");
    req.plan.rcpt_to = vec![String::from("bob@example.test")];
    req.plan.message = Some(message(&tag).into());
    let (outcome, events) = run(req);
    let text = transcript(&events);
    assert_eq!(outcome.verdict, Verdict::Success, "{text}");
    assert_eq!(outcome.auth_mechanism, Some(mechanism));
    assert!(outcome.tls);
    let tls = tls_events(&events);
    assert_eq!(tls.len(), 1, "one STARTTLS handshake");
    assert!(tls[0].established);
    assert_eq!(
        tls[0].verification.as_ref().map(|v| v.valid),
        Some(true),
        "{:?}",
        tls[0].verification
    );
    assert!(
        tls[0]
            .protocol
            .as_deref()
            .is_some_and(|p| p.starts_with("TLS 1."))
    );
    assert!(!tls[0].chain.is_empty() && tls[0].chain[0].san.iter().any(|s| s == "IP:127.0.0.1"));
    assert!(
        !text.contains(&password),
        "the password leaked into the transcript"
    );
    assert!(text.contains("~> MAIL FROM:<alice@example.test>"), "{text}");
    if mechanism == Mechanism::Login {
        assert!(
            text.contains("<~ 334 VXNlcm5hbWU6  [decoded: Username:]"),
            "{text}"
        );
    }
    let delivered = find_delivered(&servers.postfix_maildir(), &tag);
    assert!(
        delivered.is_some(),
        "the message did not arrive in a Postfix maildir"
    );
}

#[test]
fn postfix_submission_full_send_with_auth_plain() {
    full_send_over_postfix_submission(Mechanism::Plain);
}

#[test]
fn postfix_submission_full_send_with_auth_login() {
    full_send_over_postfix_submission(Mechanism::Login);
}

#[test]
fn postfix_submission_full_send_with_auth_cram_md5() {
    full_send_over_postfix_submission(Mechanism::CramMd5);
}

#[test]
fn postfix_wrong_password_is_refused_with_535() {
    let servers = Servers::get();
    let (user, _) = servers.postfix_user();
    let req = trusting_test_ca(
        with_auth(
            request(
                &servers.postfix_submission(),
                Security::StartTlsRequired,
                StopAfter::Auth,
            ),
            &user,
            "wrong password",
            Some(Mechanism::Plain),
        ),
        &servers,
    );
    let (outcome, events) = run(req);
    assert_eq!(
        outcome.verdict,
        Verdict::AuthFailed,
        "{}",
        transcript(&events)
    );
    assert_eq!(outcome.deciding_reply.as_ref().map(|r| r.code), Some(535));
    assert!(!transcript(&events).contains("wrong password"));
}

#[test]
fn postfix_denies_relay_for_an_unauthenticated_client() {
    let servers = Servers::get();
    let mut req = request(&servers.postfix_smtp(), Security::None, StopAfter::Rcpt);
    req.plan.mail_from = String::from("alice@example.test");
    req.plan.rcpt_to = vec![String::from("someone@elsewhere.invalid")];
    let (outcome, events) = run(req);
    assert_eq!(
        outcome.verdict,
        Verdict::AllRecipientsRejected,
        "{}",
        transcript(&events)
    );
    let reply = outcome.recipients[0]
        .reply
        .clone()
        .expect("a reply to RCPT");
    assert_eq!(reply.code, 554);
    assert_eq!(
        reply.enhanced.map(|e| e.to_string()).as_deref(),
        Some("5.7.1")
    );
    assert!(reply.text().contains("Relay access denied"));
}

#[test]
fn postfix_unknown_recipient_beside_a_known_one_is_a_partial_success() {
    let servers = Servers::get();
    let tag = unique_tag("partial");
    let mut req = request(&servers.postfix_smtp(), Security::None, StopAfter::Send);
    req.plan.mail_from = String::from("alice@example.test");
    req.plan.rcpt_to = vec![
        String::from("nobody@example.test"),
        String::from("alice@example.test"),
    ];
    req.plan.message = Some(message(&tag).into());
    let (outcome, events) = run(req);
    assert_eq!(
        outcome.verdict,
        Verdict::SomeRecipientsRejected,
        "{}",
        transcript(&events)
    );
    assert_eq!(
        outcome.recipients[0].reply.as_ref().map(|r| r.code),
        Some(550)
    );
    assert!(outcome.recipients[1].accepted);
    assert_eq!(
        outcome.stage(Stage::Data).map(|s| s.status),
        Some(StageStatus::Passed)
    );
    assert!(find_delivered(&servers.postfix_maildir(), &tag).is_some());
}

#[test]
fn starttls_required_but_not_offered_stops_before_any_secret_is_sent() {
    let servers = Servers::get();
    let req = with_auth(
        request(
            &servers.aiosmtpd_plain(),
            Security::StartTlsRequired,
            StopAfter::Auth,
        ),
        "bob@example.test",
        "never sent",
        None,
    );
    let (outcome, events) = run(req);
    let text = transcript(&events);
    assert_eq!(outcome.verdict, Verdict::TlsFailed, "{text}");
    assert!(text.contains("STARTTLS is required but the server does not offer it"));
    assert!(!text.contains("AUTH"), "no AUTH may be attempted: {text}");
}

#[test]
fn an_untrusted_certificate_fails_unless_invalid_ones_are_accepted() {
    let servers = Servers::get();
    let req = request(
        &servers.postfix_submission(),
        Security::StartTlsRequired,
        StopAfter::Tls,
    );
    let (outcome, events) = run(req.clone());
    assert_eq!(
        outcome.verdict,
        Verdict::TlsFailed,
        "{}",
        transcript(&events)
    );
    let tls = tls_events(&events);
    let verdict = tls[0].verification.clone().expect("a verdict");
    assert!(!verdict.valid);
    assert!(
        matches!(
            verdict.problem,
            Some(CertProblem::UnknownIssuer | CertProblem::SelfSigned)
        ),
        "{verdict:?}"
    );
    assert!(
        matches!(
            outcome.cause,
            Some(Cause::CertificateUntrusted | Cause::CertificateSelfSigned)
        ),
        "{:?}",
        outcome.cause
    );
    let said = present::ending(&outcome.ending);
    assert!(said.contains("accept invalid certificates"), "{said}");

    let mut insecure = req;
    insecure.tls.accept_invalid = true;
    let (outcome, events) = run(insecure);
    assert_eq!(outcome.verdict, Verdict::Success, "{}", transcript(&events));
    let tls = tls_events(&events);
    assert!(tls[0].established && tls[0].accepted_invalid);
    assert_eq!(
        tls[0].verification.as_ref().map(|v| v.valid),
        Some(false),
        "the verdict stays invalid"
    );
}

#[test]
fn postfix_implicit_tls_with_auth() {
    let servers = Servers::get();
    let (user, password) = servers.postfix_user();
    let req = trusting_test_ca(
        with_auth(
            request(
                &servers.postfix_smtps(),
                Security::ImplicitTls,
                StopAfter::Auth,
            ),
            &user,
            &password,
            None,
        ),
        &servers,
    );
    let (outcome, events) = run(req);
    assert_eq!(outcome.verdict, Verdict::Success, "{}", transcript(&events));
    assert_eq!(tls_events(&events)[0].via, TlsVia::Implicit);
    // Every line after connecting went through TLS.
    assert!(transcript(&events).contains("<~ 220 "));
}

#[test]
fn implicit_tls_against_a_plain_port_names_the_mode_that_works() {
    let servers = Servers::get();
    let req = request(
        &servers.postfix_smtp(),
        Security::ImplicitTls,
        StopAfter::Ehlo,
    );
    let (outcome, events) = run(req);
    assert_eq!(
        outcome.verdict,
        Verdict::TlsFailed,
        "{}",
        transcript(&events)
    );
    assert_eq!(outcome.cause, Some(Cause::WrongSecurityMode));
    assert_eq!(
        present::verdict::report(&outcome).first_fix.as_deref(),
        Some("Keep this port and use STARTTLS (security mode starttls)."),
        "the first fix is the mode that works on this port"
    );
    let said = present::ending(&outcome.ending);
    assert!(said.contains("plain-text SMTP greeting"), "{said}");
    assert!(said.contains("starttls"), "{said}");
    // Whatever the plain-text server said to the TLS bytes is in the transcript, each line with
    // its marker (Postfix answers the ClientHello with "500 5.5.2 ..." lines, when they arrive
    // before the close).
    for e in &events {
        if let Event::Line(l) = e {
            assert!(
                !l.text.contains(['\n', '\r']),
                "one transcript line holds several: {:?}",
                l.text
            );
        }
    }
    let cli = present::control_hints(Cause::WrongSecurityMode, present::Front::Cli);
    assert!(
        cli.iter().any(|h| h.contains("--security starttls")),
        "{cli:?}"
    );
}

#[test]
fn starttls_against_an_implicit_tls_port_names_the_mode_that_works() {
    let servers = Servers::get();
    let mut req = request(
        &servers.postfix_smtps(),
        Security::StartTlsRequired,
        StopAfter::Ehlo,
    );
    req.timeouts.greeting = Duration::from_secs(2);
    let (outcome, events) = run(req);
    assert_eq!(outcome.verdict, Verdict::Timeout, "{}", transcript(&events));
    // Not a slow server: one that said nothing at all, which is what an implicit-TLS port does.
    assert_eq!(outcome.cause, Some(Cause::SilentGreeting));
    let said = present::ending(&outcome.ending);
    assert!(said.contains("use implicit TLS"), "{said}");
    let report = present::verdict::report(&outcome);
    assert_eq!(
        report.first_fix.as_deref(),
        Some("If the port is 465 (or another implicit-TLS port), use implicit TLS.")
    );
    let cli = present::control_hints(Cause::SilentGreeting, present::Front::Cli);
    assert!(cli.iter().any(|h| h.contains("--security tls")), "{cli:?}");
    let window = present::control_hints(Cause::SilentGreeting, present::Front::Window);
    assert!(
        window.iter().any(|h| h.contains("\"implicit TLS\""))
            && !window.iter().any(|h| h.contains("--")),
        "{window:?}"
    );
}

#[test]
fn aiosmtpd_starttls_auth_plain_send_with_one_unknown_recipient() {
    let servers = Servers::get();
    let (user, password) = servers.aiosmtpd_user();
    let tag = unique_tag("aiosmtpd");
    let mut req = trusting_test_ca(
        with_auth(
            request(
                &servers.aiosmtpd_starttls(),
                Security::StartTlsRequired,
                StopAfter::Send,
            ),
            &user,
            &password,
            Some(Mechanism::Plain),
        ),
        &servers,
    );
    req.plan.mail_from = String::from("bob@example.test");
    req.plan.rcpt_to = vec![
        String::from("carol@example.test"),
        String::from("nobody@example.test"),
    ];
    req.plan.message = Some(message(&tag).into());
    let (outcome, events) = run(req);
    assert_eq!(
        outcome.verdict,
        Verdict::SomeRecipientsRejected,
        "{}",
        transcript(&events)
    );
    assert_eq!(
        outcome.recipients[1].reply.as_ref().map(|r| r.code),
        Some(550)
    );
    assert!(find_delivered(&servers.aiosmtpd_maildir(), &tag).is_some());
}

#[test]
fn a_closed_port_is_a_connect_failure() {
    let req = request(
        &format!("127.0.0.1:{}", closed_port()),
        Security::None,
        StopAfter::Ehlo,
    );
    let (outcome, events) = run(req);
    assert_eq!(outcome.verdict, Verdict::ConnectFailed);
    assert!(transcript(&events).contains("connection refused"));
}

/// A listener that accepts and never says a word.
fn silent_server() -> (std::net::TcpListener, String) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr").to_string();
    (listener, addr)
}

#[test]
fn a_silent_server_hits_the_greeting_timeout() {
    let (_listener, addr) = silent_server();
    let mut req = request(&addr, Security::None, StopAfter::Ehlo);
    req.timeouts = Timeouts::all(Duration::from_millis(700));
    let started = std::time::Instant::now();
    let (outcome, _) = run(req);
    assert_eq!(outcome.verdict, Verdict::Timeout);
    assert_eq!(
        outcome.ending,
        Ending::Problem {
            problem: Problem::Timeout {
                awaiting: Awaiting::Reply(ReplyContext::Greeting),
                limit_ms: 700,
                silent: true,
            }
        }
    );
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "the timeout was not honoured"
    );
}

#[test]
fn cancel_ends_a_waiting_session() {
    let (_listener, addr) = silent_server();
    let req = request(&addr, Security::None, StopAfter::Ehlo);
    let started = std::time::Instant::now();
    let (outcome, _) = run_with_cancel(req, CancelToken::new(), Some(Duration::from_millis(300)));
    assert_eq!(outcome.verdict, Verdict::Cancelled);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "cancel was not prompt"
    );
}

#[test]
fn a_host_name_is_resolved_and_each_address_tried_in_turn() {
    let servers = Servers::get();
    let port = servers
        .postfix_smtp()
        .rsplit_once(':')
        .map(|(_, p)| p.to_string())
        .expect("port");
    let (outcome, events) = run(request(
        &format!("localhost:{port}"),
        Security::None,
        StopAfter::Ehlo,
    ));
    assert_eq!(outcome.verdict, Verdict::Success, "{}", transcript(&events));
    let resolved: Vec<String> = events
        .iter()
        .find_map(|e| match e {
            Event::Resolved { addresses, .. } => Some(addresses.clone()),
            _ => None,
        })
        .expect("a Resolved event");
    assert!(resolved.iter().any(|a| a == "127.0.0.1"), "{resolved:?}");
    let text = transcript(&events);
    // Every address before 127.0.0.1 was tried and its failure shown (the servers listen on
    // 127.0.0.1 only, so ::1, when listed first, is refused).
    for addr in resolved.iter().take_while(|a| *a != "127.0.0.1") {
        assert!(text.contains(&format!("trying [{addr}]:{port}")), "{text}");
    }
    assert!(text.contains(&format!("trying 127.0.0.1:{port}")), "{text}");
}

#[test]
fn no_event_of_an_authenticated_session_holds_the_password_in_any_form() {
    use base64::Engine as _;
    let servers = Servers::get();
    let (user, password) = servers.postfix_user();
    for mechanism in [Mechanism::Plain, Mechanism::Login, Mechanism::CramMd5] {
        let req = trusting_test_ca(
            with_auth(
                request(
                    &servers.postfix_submission(),
                    Security::StartTlsRequired,
                    StopAfter::Auth,
                ),
                &user,
                &password,
                Some(mechanism),
            ),
            &servers,
        );
        let (outcome, events) = run(req);
        assert_eq!(outcome.verdict, Verdict::Success);
        let json = serde_json::to_string(&events).expect("events serialize");
        let b64 = base64::engine::general_purpose::STANDARD;
        for form in [
            password.clone(),
            b64.encode(&password),
            b64.encode(format!("\0{user}\0{password}")),
        ] {
            assert!(
                !json.contains(&form),
                "{mechanism}: {form:?} found in the events"
            );
        }
    }
}

#[test]
fn a_self_signed_certificate_is_named_as_such_and_accepted_only_when_asked() {
    let servers = Servers::get();
    let req = request(
        &servers.aiosmtpd_selfsigned(),
        Security::StartTlsRequired,
        StopAfter::Tls,
    );
    let (outcome, events) = run(req.clone());
    assert_eq!(
        outcome.verdict,
        Verdict::TlsFailed,
        "{}",
        transcript(&events)
    );
    let tls = tls_events(&events);
    let verdict = tls[0].verification.clone().expect("a verdict");
    assert_eq!(
        (verdict.valid, verdict.problem.clone()),
        (false, Some(CertProblem::SelfSigned)),
        "{verdict:?}"
    );
    assert_eq!(outcome.cause, Some(Cause::CertificateSelfSigned));
    assert!(tls[0].chain[0].self_signed);

    let mut insecure = req;
    insecure.tls.accept_invalid = true;
    let (outcome, events) = run(insecure);
    assert_eq!(outcome.verdict, Verdict::Success, "{}", transcript(&events));
    let tls = tls_events(&events);
    assert!(tls[0].established && tls[0].accepted_invalid);
    assert_eq!(
        tls[0].verification.as_ref().map(|v| v.problem.clone()),
        Some(Some(CertProblem::SelfSigned))
    );
    assert_eq!(
        outcome.overrides,
        vec![Override::InvalidCertificate {
            cause: Cause::CertificateSelfSigned
        }],
        "the pass says what was overridden"
    );
    assert_eq!(
        present::banner(&present::verdict::report(&outcome)),
        "PASSED WITH AN OVERRIDE"
    );

    // The CLI: exit 4 without --insecure, 0 with it, the finding shown either way.
    let strict = smtp_lens(
        &[
            "check",
            "--server",
            &servers.aiosmtpd_selfsigned(),
            "--stop-after",
            "tls",
        ],
        &[],
    );
    assert_eq!(strict.status.code(), Some(4));
    let said = String::from_utf8_lossy(&strict.stdout);
    assert!(said.contains("self-signed"), "{said}");
    assert!(said.contains("Cause: certificate-self-signed"), "{said}");
    assert!(
        said.contains("--insecure (-k)"),
        "the flag that goes on: {said}"
    );
    let lenient = smtp_lens(
        &[
            "check",
            "--server",
            &servers.aiosmtpd_selfsigned(),
            "--stop-after",
            "tls",
            "--insecure",
        ],
        &[],
    );
    assert_eq!(lenient.status.code(), Some(0));
    let said = String::from_utf8_lossy(&lenient.stdout);
    assert!(
        said.contains("Verdict: all accepted, with an override"),
        "not a clean pass: {said}"
    );
    assert!(said.contains("accepted for this test only"), "{said}");
    assert!(
        String::from_utf8_lossy(&lenient.stdout).contains("certificate NOT valid (self-signed)")
    );
}

#[test]
fn a_key_too_weak_is_named_and_accepting_invalid_certificates_does_not_hide_it() {
    let servers = Servers::get();
    for insecure in [false, true] {
        let mut req = request(
            &servers.aiosmtpd_weakkey(),
            Security::StartTlsRequired,
            StopAfter::Tls,
        );
        req.tls.accept_invalid = insecure;
        let (outcome, events) = run(req);
        assert_eq!(
            outcome.verdict,
            Verdict::TlsFailed,
            "{}",
            transcript(&events)
        );
        assert_eq!(
            outcome.cause,
            Some(Cause::CertificateKeyTooWeak),
            "insecure={insecure}"
        );
        let tls = tls_events(&events);
        assert_eq!(
            tls[0].verification.as_ref().and_then(|v| v.problem.clone()),
            Some(CertProblem::WeakKey { bits: 1024 })
        );
        assert_eq!(
            tls[0].accepted_invalid, insecure,
            "the override is recorded even though the handshake failed"
        );
        let shown = transcript(&events);
        assert!(
            shown.contains("RSA 1024 bits"),
            "the chain is shown: {shown}"
        );
        let said = present::ending(&outcome.ending);
        assert!(said.contains("cannot get past it"), "{said}");
    }
    let cli = smtp_lens(
        &[
            "check",
            "--server",
            &servers.aiosmtpd_weakkey(),
            "--stop-after",
            "tls",
            "--insecure",
        ],
        &[],
    );
    let said = String::from_utf8_lossy(&cli.stdout);
    assert_eq!(cli.status.code(), Some(4), "{said}");
    assert!(said.contains("Cause: certificate-key-too-weak"), "{said}");
    assert!(
        !said.contains("--insecure (-k)"),
        "no advice to use what was used: {said}"
    );
}
