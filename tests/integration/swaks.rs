//! swaks, a tester nobody here wrote, runs the same sessions: the reply codes must match ours.

use smtp_lens::proto::Mechanism;
use smtp_lens::proto::session::{Security, StopAfter};

use crate::util::*;

fn compare(swaks_args: &[&str], req: smtp_lens::engine::SessionRequest) {
    let (theirs, swaks_text) = swaks_codes(swaks_args);
    let (_, events) = run(req);
    let ours = reply_codes(&events);
    assert!(!theirs.is_empty(), "swaks showed no replies:\n{swaks_text}");
    assert_eq!(
        ours,
        theirs,
        "ours:\n{}\nswaks:\n{swaks_text}",
        transcript(&events)
    );
}

#[test]
fn swaks_and_smtp_lens_see_the_same_replies_for_a_relay_denial() {
    let servers = Servers::get();
    let server = servers.postfix_smtp();
    let mut req = request(&server, Security::None, StopAfter::Rcpt);
    req.plan.extensions.pipelining = false;
    req.plan.mail_from = String::from("alice@example.test");
    req.plan.rcpt_to = vec![String::from("someone@elsewhere.invalid")];
    compare(
        &[
            "--server",
            &server,
            "--ehlo",
            "client.example.test",
            "--from",
            "alice@example.test",
            "--to",
            "someone@elsewhere.invalid",
            "--quit-after",
            "RCPT",
        ],
        req,
    );
}

#[test]
fn swaks_and_smtp_lens_see_the_same_replies_for_starttls_auth_and_send() {
    let servers = Servers::get();
    let server = servers.postfix_submission();
    let (user, password) = servers.postfix_user();
    let mut req = trusting_test_ca(
        with_auth(
            request(&server, Security::StartTlsRequired, StopAfter::Send),
            &user,
            &password,
            Some(Mechanism::Login),
        ),
        &servers,
    );
    req.plan.extensions.pipelining = false;
    req.plan.mail_from = String::from("alice@example.test");
    req.plan.rcpt_to = vec![String::from("bob@example.test")];
    req.plan.message = Some(message(&unique_tag("swaks-compare")).into());
    compare(
        &[
            "--server",
            &server,
            "--ehlo",
            "client.example.test",
            "--tls",
            "--auth",
            "LOGIN",
            "--auth-user",
            &user,
            "--auth-password",
            &password,
            "--from",
            "alice@example.test",
            "--to",
            "bob@example.test",
        ],
        req,
    );
}

#[test]
fn swaks_and_smtp_lens_see_the_same_replies_for_a_wrong_password() {
    let servers = Servers::get();
    let server = servers.postfix_smtps();
    let (user, _) = servers.postfix_user();
    let req = trusting_test_ca(
        with_auth(
            request(&server, Security::ImplicitTls, StopAfter::Auth),
            &user,
            "not the password",
            Some(Mechanism::Plain),
        ),
        &servers,
    );
    compare(
        &[
            "--server",
            &server,
            "--ehlo",
            "client.example.test",
            "--tlsc",
            "--auth",
            "PLAIN",
            "--auth-user",
            &user,
            "--auth-password",
            "not the password",
            "--quit-after",
            "AUTH",
        ],
        req,
    );
}

#[test]
fn swaks_and_smtp_lens_see_the_same_replies_for_a_partial_recipient_list() {
    let servers = Servers::get();
    let server = servers.aiosmtpd_plain();
    let mut req = request(&server, Security::None, StopAfter::Rcpt);
    req.plan.extensions.pipelining = false;
    req.plan.mail_from = String::from("bob@example.test");
    req.plan.rcpt_to = vec![
        String::from("carol@example.test"),
        String::from("dave@example.test"),
    ];
    compare(
        &[
            "--server",
            &server,
            "--ehlo",
            "client.example.test",
            "--from",
            "bob@example.test",
            "--to",
            "carol@example.test,dave@example.test",
            "--quit-after",
            "RCPT",
        ],
        req,
    );
}
