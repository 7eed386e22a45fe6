//! `smtp-lens check --output` against the local Postfix: the three export formats from a real
//! session, each complete and free of the password in every form it could take on the wire.

use base64::Engine as _;

use crate::util::*;

/// Every form a password can take in an SMTP session: raw, and base64 of each SASL message that
/// carries it (PLAIN, LOGIN, XOAUTH2), so none survives in an export.
fn secret_forms(user: &str, secret: &str) -> Vec<String> {
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    vec![
        secret.to_string(),
        b64(secret),
        b64(&format!("\0{user}\0{secret}")),
        b64(&format!("{user}\0{user}\0{secret}")),
        b64(&format!("user={user}\x01auth=Bearer {secret}\x01\x01")),
        b64(&format!("n,a={user},\x01auth=Bearer {secret}\x01\x01")),
    ]
}

fn run_and_export(
    args: &[&str],
    secret_env: (&str, &str),
    dir: &std::path::Path,
) -> Vec<(String, String)> {
    let servers = Servers::get();
    let ca = servers.ca_cert();
    let mut outputs = Vec::new();
    for name in ["session.txt", "session.html", "session.json"] {
        let path = dir.join(name);
        let path_str = path.to_str().expect("utf-8 path").to_string();
        let mut full: Vec<&str> = args.to_vec();
        full.extend([
            "--ca-file",
            ca.to_str().expect("utf-8 path"),
            "-o",
            &path_str,
        ]);
        let out = smtp_lens(&full, &[secret_env]);
        assert!(
            path.exists(),
            "no export written: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        outputs.push((
            name.to_string(),
            std::fs::read_to_string(&path).expect("read export"),
        ));
    }
    outputs
}

#[test]
fn a_real_session_exports_to_text_html_and_json_without_the_password() {
    let servers = Servers::get();
    let (user, password) = servers.postfix_user();
    let dir = tempfile::tempdir().expect("temp dir");
    for mechanism in ["plain", "login", "cram-md5"] {
        let exports = run_and_export(
            &[
                "check",
                "--server",
                &servers.postfix_submission(),
                "--security",
                "starttls",
                "--user",
                &user,
                "--password-env",
                "SMTP_LENS_TEST_PASSWORD",
                "--auth",
                mechanism,
                "--from",
                "alice@example.test",
                "--to",
                "bob@example.test",
                "--to",
                "nobody@example.test",
                "--helo",
                "client.example.test",
            ],
            ("SMTP_LENS_TEST_PASSWORD", &password),
            dir.path(),
        );
        for (name, content) in &exports {
            for form in secret_forms(&user, &password) {
                assert!(
                    !content.contains(&form),
                    "{mechanism}: {name} holds the password as {form:?}"
                );
            }
            assert!(content.contains("nobody@example.test"), "{name}");
            assert!(
                content.contains("5.1.1"),
                "{name}: the refused recipient's reply is missing"
            );
            assert!(
                content.contains("unknown-user"),
                "{name}: the explanation's cause is missing"
            );
            assert!(
                content.contains("TLS 1.3"),
                "{name}: the TLS summary is missing"
            );
        }
        let (_, text) = &exports[0];
        assert!(
            text.starts_with("SMTP session report\nTool: smtp-lens "),
            "{text}"
        );
        assert!(text.contains("VERDICT: Some recipients rejected"), "{text}");
        assert!(
            text.contains("<~ 235 "),
            "{mechanism}: the login did not succeed:\n{text}"
        );
        let (_, html) = &exports[1];
        assert!(
            html.starts_with("<!DOCTYPE html>"),
            "{}",
            &html[..200.min(html.len())]
        );
        for label in [
            "2xx positive completion",
            "3xx positive intermediate",
            "5xx permanent negative",
        ] {
            assert!(
                html.contains(label),
                "{mechanism}: no {label:?} label in the HTML"
            );
        }
        assert!(
            !html.contains("<script") && !html.contains(" src="),
            "the HTML must be self-contained"
        );
        let (_, json) = &exports[2];
        let v: serde_json::Value = serde_json::from_str(json).expect("the JSON export parses");
        assert_eq!(v["schema"], "smtp-lens.session/2");
        assert_eq!(v["verdict"]["verdict"], "some-recipients-rejected");
        assert_eq!(v["settings"]["auth_user"], user.as_str());
        let record: smtp_lens::export::SessionRecord =
            serde_json::from_str(json).expect("the JSON export loads back as a session record");
        assert!(record.outcome().is_some());
    }
}

#[test]
fn a_refused_oauth_token_is_redacted_in_every_export() {
    // Postfix offers no XOAUTH2: forcing it sends the token in the AUTH line and gets a refusal,
    // the worst case for a leak.
    let servers = Servers::get();
    let (user, _) = servers.postfix_user();
    let token = "ya29.smtp-lens-test-token-0123456789";
    let dir = tempfile::tempdir().expect("temp dir");
    let exports = run_and_export(
        &[
            "check",
            "--server",
            &servers.postfix_submission(),
            "--security",
            "starttls",
            "--user",
            &user,
            "--oauth",
            "--password-env",
            "SMTP_LENS_TEST_TOKEN",
            "--auth",
            "xoauth2",
            "--from",
            "alice@example.test",
            "--to",
            "bob@example.test",
        ],
        ("SMTP_LENS_TEST_TOKEN", token),
        dir.path(),
    );
    for (name, content) in &exports {
        assert!(
            content.contains("XOAUTH2"),
            "{name}: the AUTH attempt is missing"
        );
        for form in secret_forms(&user, token) {
            assert!(
                !content.contains(&form),
                "{name} holds the token as {form:?}"
            );
        }
        assert!(content.contains("auth"), "{name}");
    }
}

#[test]
fn explain_gives_the_provider_specific_fix_for_real_replies() {
    let cases = [
        (
            "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.",
            "auth",
            "smtp-auth-disabled",
            "Authenticated SMTP",
        ),
        (
            "534-5.7.9 Application-specific password required. Learn more at\n534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor - gsmtp",
            "auth",
            "app-password-required",
            "app password",
        ),
        (
            "550 5.7.1 <x@example.org>... Relaying denied",
            "rcpt",
            "relay-denied",
            "Log in",
        ),
    ];
    for (reply, context, cause, fix) in cases {
        let out = smtp_lens(&["explain", "--json", "--context", context, reply], &[]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value =
            serde_json::from_slice(&out.stdout).expect("explain --json parses");
        assert_eq!(v["cause"], cause, "{reply}");
        assert_eq!(
            v["words"]["cause"], cause,
            "{reply}: the words beside the facts"
        );
        let fixes = v["fixes"].to_string();
        assert!(fixes.contains(fix), "{reply}: {fixes}");
        let text = smtp_lens(&["explain", "--context", context, reply], &[]);
        let text = String::from_utf8_lossy(&text.stdout);
        assert!(
            text.contains("How to fix it:") && text.contains(cause),
            "{text}"
        );
    }
    // A multi-line reply on standard input, and a clear error for something that is no reply.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_smtp-lens"))
        .args(["explain", "--json", "--context", "rcpt"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("run smtp-lens explain");
    {
        use std::io::Write as _;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin
            .write_all(b"550-5.1.1 The email account that you tried to reach does not exist. Please try\n550-5.1.1 double-checking the recipient's email address for typos or\n550 5.1.1 unnecessary spaces. https://support.google.com/mail/?p=NoSuchUser - gsmtp\n")
            .expect("write the reply");
    }
    let out = child.wait_with_output().expect("explain finishes");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("explain --json parses");
    assert_eq!(
        (v["cause"].as_str(), v["provider"].as_str()),
        (Some("unknown-user"), Some("Gmail"))
    );
    assert_eq!(v["enhanced"], "5.1.1");
    let bad = smtp_lens(&["explain", "hello"], &[]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("three-digit code"));
}
