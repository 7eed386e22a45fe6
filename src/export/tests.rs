//! Golden files: a session recorded from the test Postfix (STARTTLS, AUTH, one refused recipient,
//! a message sent), rendered in each format and compared with the reviewed output. Set
//! SMTP_LENS_BLESS=1 to rewrite the golden files after a deliberate change, then review the diff.

use super::*;

#[path = "../../tests/support/golden.rs"]
mod golden;
use golden::check_golden;

const RECORDED: &str = include_str!("../../tests/data/recorded-session.json");

fn record() -> SessionRecord {
    serde_json::from_str(RECORDED)
        .unwrap_or_else(|e| panic!("the recorded session does not load: {e}"))
}

#[test]
fn text_export_matches_its_golden_file() {
    check_golden("session.txt", &text::render(&record()));
}

#[test]
fn html_export_matches_its_golden_file() {
    check_golden("session.html", &html::render(&record()));
}

#[test]
fn json_export_matches_its_golden_file() {
    check_golden("session.json", &json::render(&record()));
}

#[test]
fn exports_carry_the_verdict_the_explanations_and_labels() {
    let r = record();
    let text = text::render(&r);
    assert!(text.contains("VERDICT: Some recipients rejected"), "{text}");
    assert!(text.contains("^ 550 permanent negative (5.1.1)"), "{text}");
    assert!(
        text.contains("TLS (starttls) established: TLS 1.3"),
        "{text}"
    );
    let html = html::render(&r);
    assert!(html.contains("5xx permanent negative"));
    assert!(html.contains("2xx positive completion"));
    assert!(
        !html.contains("<script") && !html.contains("http://") && !html.contains("src="),
        "self-contained"
    );
    let json: serde_json::Value = serde_json::from_str(&json::render(&r)).unwrap();
    assert_eq!(json["schema"], SCHEMA);
    assert_eq!(json["verdict"]["verdict"], "some-recipients-rejected");
    assert!(
        json["explanations"]
            .as_array()
            .is_some_and(|a| !a.is_empty())
    );
}

#[test]
fn scrub_removes_raw_and_base64_secrets() {
    let out = scrub(
        String::from("pw=correct horse b64=Y29ycmVjdCBob3JzZQ=="),
        &["correct horse"],
    );
    assert!(
        !out.contains("correct horse") && !out.contains("Y29ycmVjdCBob3JzZQ"),
        "{out}"
    );
}

#[test]
fn html_escapes_what_a_server_sends() {
    assert_eq!(
        html::escape("<script>&\"'"),
        "&lt;script&gt;&amp;&quot;&#39;"
    );
}

#[test]
fn export_file_names_carry_server_and_utc_time_and_nothing_unsafe() {
    let mut r = record();
    // A fixed time, so re-recording the session does not change what this checks.
    r.started_at = time::macros::datetime!(2026-11-25 14:57:17.61 +01:00);
    assert_eq!(
        r.file_name(Format::Html),
        "smtp-lens-127.0.0.1-20261125-135717Z.html"
    );
    r.settings.server = String::from("::1/../x");
    let name = r.file_name(Format::Text);
    assert!(
        !name.contains(['/', ':', '\\']) && name.ends_with(".txt"),
        "{name}"
    );
}
