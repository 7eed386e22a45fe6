//! The `smtp-lens check` binary end to end: transcript markers, verdict, exit codes, JSON.

use crate::util::*;

#[test]
fn check_prints_a_starttls_auth_send_session_with_tls_facts_and_exits_0() {
    let servers = Servers::get();
    let (user, password) = servers.postfix_user();
    let ca = servers.ca_cert();
    let out = smtp_lens(
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
            "--from",
            "alice@example.test",
            "--to",
            "bob@example.test",
            "--ca-file",
            ca.to_str().expect("utf-8 path"),
            "--helo",
            "client.example.test",
            "--header",
            "X-Test-Run: cli",
            "--timeout",
            "10",
        ],
        &[("SMTP_LENS_TEST_PASSWORD", &password)],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for expected in [
        "<- 220 ",
        "-> EHLO client.example.test",
        "-> STARTTLS",
        "TLS established: TLS 1.",
        "~> EHLO client.example.test",
        "~> AUTH ",
        "<~ 235 ",
        "~> DATA",
        "<~ 354 ",
        "~> X-Test-Run: cli",
        "<~ 250 2.0.0 Ok: queued",
        "Verdict: all accepted",
    ] {
        assert!(
            stdout.contains(expected),
            "missing {expected:?} in:\n{stdout}"
        );
    }
    assert!(!stdout.contains(&password), "the password leaked");
}

#[test]
fn check_exit_code_7_for_some_recipients_refused() {
    let servers = Servers::get();
    let out = smtp_lens(
        &[
            "check",
            "--server",
            &servers.postfix_smtp(),
            "--security",
            "none",
            "--from",
            "alice@example.test",
            "--to",
            "alice@example.test",
            "--to",
            "nobody@example.test",
            "--stop-after",
            "rcpt",
        ],
        &[],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(7), "{stdout}");
    assert!(
        stdout.contains("recipient nobody@example.test REFUSED: 550"),
        "{stdout}"
    );
}

#[test]
fn check_exit_codes_for_auth_relay_tls_connect_and_arguments() {
    let servers = Servers::get();
    let (user, _) = servers.postfix_user();
    let ca = servers.ca_cert();
    let ca = ca.to_str().expect("utf-8 path");
    let closed = format!("127.0.0.1:{}", closed_port());
    let (submission, smtp, plain) = (
        servers.postfix_submission(),
        servers.postfix_smtp(),
        servers.aiosmtpd_plain(),
    );
    let cases: Vec<(Vec<&str>, i32)> = vec![
        (
            vec![
                "check",
                "--server",
                &submission,
                "--user",
                &user,
                "--password-env",
                "BAD_PW",
                "--ca-file",
                ca,
            ],
            5,
        ),
        (
            vec![
                "check",
                "--server",
                &smtp,
                "--security",
                "none",
                "--from",
                "a@example.test",
                "--to",
                "x@elsewhere.invalid",
                "--stop-after",
                "rcpt",
            ],
            8,
        ),
        (
            vec![
                "check",
                "--server",
                &plain,
                "--security",
                "starttls",
                "--stop-after",
                "tls",
            ],
            4,
        ),
        (vec!["check", "--server", &closed, "--security", "none"], 3),
        (
            vec!["check", "--server", "bad host name", "--security", "none"],
            2,
        ),
        (
            vec!["check", "--server", &smtp, "--to", "a\rb@example.test"],
            2,
        ),
        (vec!["check", "--server", &smtp, "--user", "x"], 2),
    ];
    for (args, code) in cases {
        let out = smtp_lens(&args, &[("BAD_PW", "definitely wrong")]);
        assert_eq!(
            out.status.code(),
            Some(code),
            "{args:?}\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn check_json_prints_one_parsable_event_per_line() {
    let servers = Servers::get();
    let out = smtp_lens(
        &[
            "check",
            "--server",
            &servers.postfix_smtp(),
            "--security",
            "none",
            "--stop-after",
            "ehlo",
            "--json",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let events: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    assert!(events.iter().any(|e| e["event"] == "line"
        && e["direction"] == "received"
        && e["reply"]["reply"]["code"] == 220));
    let last = events.last().expect("events");
    assert_eq!(last["event"], "finished");
    assert_eq!(last["verdict"], "success");
}

#[test]
fn check_reads_the_password_from_stdin() {
    use std::io::Write;
    let servers = Servers::get();
    let (user, password) = servers.postfix_user();
    let ca = servers.ca_cert();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_smtp-lens"))
        .args([
            "check",
            "--server",
            &servers.postfix_smtps(),
            "--security",
            "tls",
            "--user",
            &user,
            "--password-stdin",
            "--ca-file",
            ca.to_str().expect("utf-8 path"),
            "--stop-after",
            "auth",
        ])
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(format!("{password}\n").as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("<~ 235 "), "{stdout}");
}

#[test]
fn version_names_the_git_revision_and_completions_and_man_pages_cover_every_subcommand() {
    let version = smtp_lens(&["--version"], &[]);
    let version = String::from_utf8_lossy(&version.stdout);
    assert!(
        version.starts_with("smtp-lens 0.") && version.contains("(git "),
        "{version}"
    );
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = smtp_lens(&["completions", shell], &[]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = String::from_utf8_lossy(&out.stdout);
        for word in ["check", "explain", "security", "stop-after"] {
            assert!(script.contains(word), "{shell} completion lacks {word}");
        }
    }
    let man = smtp_lens(&["man"], &[]);
    let man = String::from_utf8_lossy(&man.stdout);
    assert!(
        man.contains(".TH smtp-lens 1") && man.contains("explain"),
        "{man}"
    );
    let check = smtp_lens(&["man", "check"], &[]);
    let check = String::from_utf8_lossy(&check.stdout);
    assert!(
        check.contains("smtp\\-lens\\-check") && check.contains("\\-\\-security"),
        "{check}"
    );
    let missing = smtp_lens(&["man", "nosuch"], &[]);
    assert_ne!(missing.status.code(), Some(0));
}

#[test]
fn an_internationalised_domain_is_sent_in_its_ascii_form_to_a_server_without_smtputf8() {
    let servers = Servers::get();
    let out = smtp_lens(
        &[
            "check",
            "--server",
            &servers.postfix_smtp(),
            "--security",
            "none",
            "--from",
            "alice@example.test",
            "--to",
            "info@bücher.example",
            "--stop-after",
            "rcpt",
            "--color",
            "never",
        ],
        &[],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("-> RCPT TO:<info@xn--bcher-kva.example>"),
        "{stdout}"
    );
    // Postfix relays nothing for an unauthenticated client: refused by the server, not by us.
    assert_eq!(out.status.code(), Some(8), "{stdout}");
}
