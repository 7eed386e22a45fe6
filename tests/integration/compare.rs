//! `smtp-lens compare` on two real sessions against the test Postfix, before and after a change.

use crate::util::*;

/// A STARTTLS + AUTH + send session against the test Postfix, exported as JSON to `out`.
fn session(password: &str, out: &std::path::Path) -> std::process::Output {
    let servers = Servers::get();
    let (user, _) = servers.postfix_user();
    let ca = servers.ca_cert();
    smtp_lens(
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
            "--to",
            "nobody@example.test",
            "--ca-file",
            ca.to_str().expect("utf-8 path"),
            "--timeout",
            "10",
            "-o",
            out.to_str().expect("utf-8 path"),
        ],
        &[("SMTP_LENS_TEST_PASSWORD", password)],
    )
}

#[test]
fn compare_names_the_change_in_its_first_line_and_ignores_what_differs_each_run() {
    let servers = Servers::get();
    let (_, password) = servers.postfix_user();
    let dir = tempfile::tempdir().expect("temp dir");
    let before = dir.path().join("before.json");
    let after = dir.path().join("after.json");
    let again = dir.path().join("again.json");
    // Before: a wrong password. After: the right one (the "configuration change").
    let b = session("not the password", &before);
    assert_eq!(
        b.status.code(),
        Some(5),
        "{}",
        String::from_utf8_lossy(&b.stdout)
    );
    assert_eq!(session(&password, &after).status.code(), Some(7));
    assert_eq!(session(&password, &again).status.code(), Some(7));

    let out = smtp_lens(
        &[
            "compare",
            before.to_str().expect("utf-8"),
            after.to_str().expect("utf-8"),
        ],
        &[],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert_eq!(
        text.lines().next(),
        Some("AUTH now passes (it failed before)"),
        "{text}"
    );
    assert!(
        text.contains(
            "Only in the second session: MAIL FROM, RCPT TO <bob@example.test>, RCPT TO <nobody@example.test>"
        ),
        "{text}"
    );
    assert!(
        text.contains("* RCPT TO <nobody@example.test>  (not in this session)"),
        "{text}"
    );
    assert!(text.contains("* AUTH PLAIN"), "{text}");

    // Two runs of the same session: queue ids, times and dates differ, the conversation does not.
    let out = smtp_lens(
        &[
            "compare",
            after.to_str().expect("utf-8"),
            again.to_str().expect("utf-8"),
        ],
        &[],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert_eq!(
        text.lines().next(),
        Some("No difference in the SMTP conversation.")
    );

    // JSON for tools, and a clear message for a file that is not an export.
    let out = smtp_lens(
        &[
            "compare",
            "--json",
            before.to_str().expect("utf-8"),
            after.to_str().expect("utf-8"),
        ],
        &[],
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["changes"][0]["change"], "stage");
    assert_eq!(v["changes"][0]["stage"], "auth");
    let junk = dir.path().join("junk.json");
    std::fs::write(&junk, "not json").expect("write");
    let out = smtp_lens(
        &[
            "compare",
            junk.to_str().expect("utf-8"),
            after.to_str().expect("utf-8"),
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("is not a session export"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
