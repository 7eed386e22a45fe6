//! `smtp-lens detect` end to end against its test world (tests/servers/detect_world.sh: a DNS
//! server, an HTTPS server and SMTP listeners on 127.0.0.2-127.0.0.6): the cases for a
//! good and a broken domain, a host, the exports, and golden reports (times, certificate dates
//! and fingerprints masked).

use std::collections::HashMap;

use serde_json::Value;

use crate::golden::check_golden;
use crate::util::smtp_lens;

/// The world's DNS server and CA, from run/detect/world.env; stops the test binary with the
/// command to run when the world is not up.
pub(crate) fn world() -> (String, String) {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/servers/run/detect/world.env");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let vars: HashMap<&str, &str> = text.lines().filter_map(|l| l.split_once('=')).collect();
    match (
        vars.get("SMTP_LENS_DETECT_DNS"),
        vars.get("SMTP_LENS_DETECT_CA"),
    ) {
        (Some(dns), Some(ca)) => (dns.to_string(), ca.to_string()),
        _ => panic!(
            "the detect test world is not running ({} is missing): run `bash tests/run.sh`, or `bash tests/servers/detect_world.sh start`",
            path.display()
        ),
    }
}

/// Runs detect on `target` against the world with `extra` arguments.
fn detect(target: &str, extra: &[&str]) -> std::process::Output {
    let (dns, ca) = world();
    let mut args = vec![
        "detect",
        target,
        "--dns-server",
        &dns,
        "--ca-file",
        &ca,
        "--timeout",
        "3",
        "--lang",
        "en",
    ];
    args.extend_from_slice(extra);
    smtp_lens(&args, &[])
}

/// The JSON object `--json` prints on the last line of standard output.
fn detect_json(target: &str) -> (Option<i32>, Value) {
    let out = detect(target, &["--json"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let last = stdout.lines().last().unwrap_or_default();
    let value: Value = serde_json::from_str(last)
        .unwrap_or_else(|e| panic!("{e}: {stdout}\n{}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code(), value)
}

fn cell<'a>(v: &'a Value, host: &str, port: u64, security: &str) -> &'a Value {
    v["matrix"]
        .as_array()
        .expect("matrix")
        .iter()
        .find(|c| c["host"] == host && c["port"] == port && c["security"] == security)
        .unwrap_or_else(|| panic!("no cell {host}:{port}:{security}"))
}

fn finding<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["dns"]
        .as_array()
        .expect("dns")
        .iter()
        .find(|f| f["id"] == id)
        .unwrap_or_else(|| panic!("no finding {id} in {}", v["dns"]))
}

/// The stable part of the JSON for a golden file: what the issue names, without transcripts,
/// TLS facts or times.
fn golden_json(v: &Value) -> String {
    let pick = |list: &Value, keys: &[&str]| -> Value {
        Value::Array(
            list.as_array()
                .map(|a| {
                    a.iter()
                        .map(|item| {
                            Value::Object(
                                keys.iter()
                                    .map(|k| (k.to_string(), item[*k].clone()))
                                    .collect(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default(),
        )
    };
    let stable = serde_json::json!({
        "started_at": "<masked>",
        "target": v["target"],
        "kind": v["kind"],
        "recommended": v["recommended"],
        "recommended_words": v["recommended_words"],
        "matrix": pick(&v["matrix"], &["host", "port", "security", "source", "result", "detail"]),
        "mx": pick(&v["mx"], &["host", "preference", "addresses", "result"]),
        "dns": pick(&v["dns"], &["check", "status", "id", "detail"]),
    });
    serde_json::to_string_pretty(&stable).expect("json") + "\n"
}

/// The text report with what changes from run to run masked: the start time, certificate
/// lifetimes and fingerprints.
fn masked_text(text: &str) -> String {
    text.lines()
        .map(|l| {
            let t = l.trim_start();
            if t.starts_with("Started:") {
                String::from("Started: <masked>")
            } else if t.starts_with("SHA-256 ") {
                format!("{}SHA-256 <masked>", &l[..l.len() - t.len()])
            } else if let Some(i) = l.find(" days left") {
                let start = l[..i].rfind(' ').map_or(0, |s| s + 1);
                format!("{}N{}", &l[..start], &l[i..])
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[test]
fn detect_finds_the_autoconfig_settings_and_the_good_domains_health() {
    let (code, v) = detect_json("you@good.test");
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(
        v["recommended"],
        serde_json::json!({"host": "smtp.good.test", "port": 465, "security": "tls", "source": "autoconfig"})
    );
    // Closed ports are marked.
    assert_eq!(cell(&v, "smtp.good.test", 25, "none")["result"], "refused");
    assert_eq!(
        cell(&v, "smtp.good.test", 2525, "starttls")["result"],
        "refused"
    );
    assert_eq!(
        cell(&v, "smtp.good.test", 587, "starttls")["result"],
        "works"
    );
    assert_eq!(
        cell(&v, "smtp.good.test", 587, "tls")["result"],
        "wrong-mode"
    );
    // The MX that does not answer, beside the one that does.
    let mx: Vec<(&str, &str)> = v["mx"]
        .as_array()
        .expect("mx")
        .iter()
        .map(|m| {
            (
                m["host"].as_str().unwrap_or(""),
                m["result"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        mx,
        [("mx1.good.test", "works"), ("mx2.good.test", "refused")]
    );
    assert_eq!(v["mx"][0]["seen"]["starttls_offered"], true);
    // SPF pass, DMARC p=none a warning, MTA-STS pass, TLSA present but not validated a warning.
    assert_eq!(finding(&v, "spf-ok")["status"], "pass");
    assert_eq!(finding(&v, "dmarc-policy-none")["status"], "warn");
    assert_eq!(finding(&v, "mta-sts-ok")["status"], "pass");
    let tlsa = finding(&v, "tlsa-unvalidated");
    assert_eq!(
        (&tlsa["check"], &tlsa["status"]),
        (&Value::from("tlsa"), &Value::from("warn"))
    );
    assert_eq!(
        tlsa["facts"]["matches"], true,
        "the TLSA record matches mx1's key"
    );
    // Reverse DNS of the documentation addresses (never connected to).
    assert_eq!(finding(&v, "ptr-ok")["facts"]["name"], "mx1.good.test");
    assert_eq!(finding(&v, "ptr-not-confirmed")["status"], "warn");
    check_golden("detect/good.json", &golden_json(&v));
}

#[test]
fn detect_finds_a_working_guess_and_the_broken_domains_failures() {
    let (code, v) = detect_json("broken.test");
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(
        v["recommended"],
        serde_json::json!({"host": "mail.broken.test", "port": 587, "security": "starttls", "source": "guess"})
    );
    assert_eq!(v["mx"], serde_json::json!([]));
    assert_eq!(finding(&v, "mx-missing")["status"], "warn");
    let spf = finding(&v, "spf-too-many-lookups");
    assert_eq!(
        (&spf["status"], &spf["facts"]["lookups"]),
        (&Value::from("fail"), &Value::from(11))
    );
    assert_eq!(finding(&v, "dmarc-syntax")["status"], "fail");
    assert_eq!(finding(&v, "mta-sts-missing")["status"], "none");
    // Port 25 answers without STARTTLS; the bare domain's certificate names another host.
    assert_eq!(
        cell(&v, "mail.broken.test", 25, "starttls")["result"],
        "starttls-not-offered"
    );
    let bare = cell(&v, "broken.test", 587, "starttls");
    assert_eq!(bare["result"], "tls-failed");
    assert_eq!(bare["facts"]["cause"], "certificate-wrong-host");
    // No autoconfig: both URLs were tried.
    assert_eq!(
        v["autoconfig"]["attempts"].as_array().map(Vec::len),
        Some(2)
    );
    check_golden("detect/broken.json", &golden_json(&v));
}

#[test]
fn detect_reports_in_words_match_their_golden_files() {
    for (target, golden) in [
        ("you@good.test", "detect/good.txt"),
        ("broken.test", "detect/broken.txt"),
    ] {
        let out = detect(target, &[]);
        assert_eq!(out.status.code(), Some(0));
        check_golden(golden, &masked_text(&String::from_utf8_lossy(&out.stdout)));
    }
}

#[test]
fn detect_probes_only_a_host_that_has_no_mail_records() {
    let (code, v) = detect_json("mail.broken.test");
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(v["kind"]["kind"], "host");
    assert_eq!(v["dns"], serde_json::json!([]));
    let hosts: Vec<&str> = v["candidates"]
        .as_array()
        .expect("candidates")
        .iter()
        .filter_map(|c| c["host"].as_str())
        .collect();
    assert_eq!(hosts, ["mail.broken.test"]);
}

#[test]
fn detect_exports_carry_every_probes_transcript() {
    let dir = tempfile::tempdir().expect("temp dir");
    let html = dir.path().join("report.html");
    let json = dir.path().join("report.json");
    let html_text = html.to_str().expect("utf-8");
    let out = detect(
        "you@good.test",
        &["-o", html_text, "--transcript", "smtp.good.test:465:tls"],
    );
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("Transcript of smtp.good.test port 465, implicit TLS"),
        "{stdout}"
    );
    let page = std::fs::read_to_string(&html).expect("html written");
    assert!(page.contains("<details><summary>Transcript of mx1.good.test port 25"));
    assert!(!page.contains("<script"));
    let out = detect("you@good.test", &["-o", json.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(0));
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("json written")).expect("json");
    assert_eq!(v["schema"], "smtp-lens.detect/1");
    let lines = cell(&v, "smtp.good.test", 465, "tls")["transcript"]
        .as_array()
        .expect("transcript")
        .len();
    assert!(lines > 3, "{lines}");
}
