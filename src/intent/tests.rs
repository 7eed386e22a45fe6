//! The session intent: one validation for the CLI and the profiles, the request it makes, and
//! what exports keep of it.

use clap::Parser;

use super::*;
use crate::cli::{Cli, Command};
use crate::profile::{Action, AuthSettings, Field, Profile};

fn cli_intent(args: &[&str]) -> Result<SessionIntent, crate::cli::check::CheckError> {
    let cli = Cli::try_parse_from(["smtp-lens", "check"].iter().chain(args))
        .unwrap_or_else(|e| panic!("arguments: {e}"));
    match cli.command {
        Some(Command::Check(args)) => crate::cli::check::intent(&args),
        other => panic!("not a check: {other:?}"),
    }
}

fn profile() -> Profile {
    Profile {
        name: String::from("Local"),
        server: String::from("127.0.0.1"),
        port: 10587,
        mail_from: String::from("alice@example.test"),
        rcpt_to: String::from("bob@example.test"),
        auth: AuthSettings {
            enabled: true,
            user: String::from("alice@example.test"),
            ..AuthSettings::default()
        },
        ..Profile::default()
    }
}

#[test]
fn the_cli_and_a_profile_asking_the_same_fill_the_same_intent() {
    let cli = cli_intent(&[
        "--server",
        "127.0.0.1:10587",
        "--user",
        "alice@example.test",
        "--from",
        "alice@example.test",
        "--to",
        "bob@example.test",
        "--stop-after",
        "rcpt",
        "--timeout",
        "20",
        "--dsn-notify",
        "failure,delay",
        "--dsn-ret",
        "hdrs",
    ])
    .expect("intent");
    let mut p = profile();
    p.options.dsn = true;
    let from_profile = p.intent(Action::TestRecipients);
    assert_eq!(
        SessionIntent {
            profile: None,
            ..from_profile
        },
        cli
    );
}

#[test]
fn one_timeout_range_for_every_front_end() {
    for (secs, ok) in [
        (0.0, false),
        (-1.0, false),
        (f64::NAN, false),
        (86_400.5, false),
        (0.5, true),
        (3_601.0, true),
        (86_400.0, true),
    ] {
        let intent = SessionIntent {
            server: String::from("mail.example.test"),
            timeout_secs: Some(secs),
            ..SessionIntent::default()
        };
        assert_eq!(intent.validate().is_ok(), ok, "{secs} s");
        let mut p = profile();
        p.options.timeout_secs = secs;
        let flagged = p
            .validate(Action::TestConnection)
            .iter()
            .any(|x| x.field == Field::Timeout);
        assert_eq!(flagged, !ok, "profile, {secs} s");
    }
    let err = cli_intent(&["--server", "mail.example.test", "--timeout", "0"])
        .expect("intent")
        .validate()
        .expect_err("0 s");
    assert!(matches!(err, IntentError::Timeout { .. }), "{err}");
}

#[test]
fn the_request_carries_dsn_timeouts_and_the_secret_but_the_intent_never_the_secret() {
    let intent = cli_intent(&[
        "--server",
        "127.0.0.1:10587",
        "--user",
        "alice@example.test",
        "--auth",
        "xoauth2",
        "--stop-after",
        "auth",
        "--timeout",
        "7",
        "--dsn-notify",
        "never",
    ])
    .expect("intent");
    assert!(intent.uses_token(), "XOAUTH2 takes a token");
    let req = intent
        .into_request(Some(Secret::new("correct horse")))
        .expect("request");
    let auth = req.plan.auth.as_ref().expect("auth");
    assert!(auth.token);
    assert_eq!(auth.credentials.secret.expose(), "correct horse");
    assert_eq!(req.timeouts, Timeouts::all(Duration::from_secs(7)));
    assert_eq!(
        req.plan.extensions.dsn.as_ref().map(|d| d.notify.clone()),
        Some(vec![String::from("NEVER")])
    );
    let json = serde_json::to_string(&intent).expect("serializes");
    assert!(!json.contains("correct horse"), "{json}");
    assert!(json.contains("\"dsn\":{\"notify\":[\"NEVER\"]"), "{json}");
    let back: SessionIntent = serde_json::from_str(&json).expect("loads");
    assert_eq!(back, intent);
}

#[test]
fn a_login_without_its_secret_is_refused_before_connecting() {
    let intent = profile().intent(Action::TestLogin);
    let err = intent.into_request(None).expect_err("no secret");
    assert!(
        matches!(&err, RequestError::MissingSecret { user, token: false } if user == "alice@example.test"),
        "{err}"
    );
    let err = intent
        .into_request(Some(Secret::new("")))
        .expect_err("empty secret");
    assert!(matches!(err, RequestError::MissingSecret { .. }), "{err}");
}

#[test]
fn dsn_values_outside_rfc_3461_are_refused() {
    let err = cli_intent(&[
        "--server",
        "mail.example.test",
        "--dsn-notify",
        "never,success",
    ])
    .expect("intent")
    .validate()
    .expect_err("NEVER with SUCCESS");
    assert!(matches!(err, IntentError::DsnNotify(_)), "{err}");
    let err = cli_intent(&["--server", "mail.example.test", "--dsn-ret", "body"])
        .expect("intent")
        .validate()
        .expect_err("RET=BODY");
    assert!(
        matches!(&err, IntentError::DsnRet(r) if r == "BODY"),
        "{err}"
    );
}

#[test]
fn files_are_read_only_when_the_request_is_made() {
    let intent = SessionIntent {
        server: String::from("mail.example.test"),
        ca_file: Some(PathBuf::from("/nonexistent/ca.pem")),
        ..SessionIntent::default()
    };
    assert!(intent.validate().is_ok(), "validation reads no file");
    let err = intent.into_request(None).expect_err("no CA file");
    assert!(matches!(err, RequestError::CaFile(_)), "{err}");
    let send = SessionIntent {
        server: String::from("mail.example.test"),
        rcpt_to: vec![String::from("bob@example.test")],
        stop_after: StopAfter::Send,
        message: MessageIntent {
            html_file: Some(PathBuf::from("/nonexistent/body.html")),
            ..MessageIntent::default()
        },
        ..SessionIntent::default()
    };
    let err = send.into_request(None).expect_err("no HTML file");
    assert!(matches!(err, RequestError::HtmlFile { .. }), "{err}");
}

#[test]
fn settings_of_the_first_export_schema_still_load() {
    let old = r#"{
        "server": "127.0.0.1", "port": 10587, "security": "starttls",
        "helo": "client.example.test", "auth_user": "alice@example.test",
        "auth_mechanism": null, "oauth_token": false, "mail_from": "alice@example.test",
        "rcpt_to": ["bob@example.test"], "stop_after": "send",
        "accept_invalid_certificates": false, "pipelining": true, "chunking": false,
        "smtputf8": false
    }"#;
    let intent: SessionIntent = serde_json::from_str(old).expect("loads");
    assert_eq!(intent.port, 10587);
    assert_eq!(intent.auth_user.as_deref(), Some("alice@example.test"));
    assert_eq!(intent.dsn, None);
    assert_eq!(intent.timeout_secs, None);
    assert_eq!(intent.max_reply_line, DEFAULT_REPLY_LINE);
}

#[test]
fn an_intent_read_back_from_a_request_keeps_what_the_request_holds() {
    let mut p = profile();
    p.options.dsn = true;
    let intent = p.intent(Action::TestRecipients);
    let req = intent
        .into_request(Some(Secret::new("pw")))
        .expect("request");
    let back = SessionIntent::from_request(&req);
    assert_eq!(
        back,
        SessionIntent {
            profile: None,
            message: MessageIntent::default(),
            ..intent
        }
    );
}
