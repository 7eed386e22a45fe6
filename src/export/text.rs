//! The plain-text export: a header block (tool, time, settings, addresses, TLS, verdict), then
//! the transcript with swaks-style markers, a timestamp and latency per line, and each reply's
//! explanation beneath it. Meant to be pasted into a ticket as it is.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::{SessionRecord, reply_line};
use crate::engine::{Event, TlsInfo};
use crate::knowledge::Explanation;
use crate::proto::session::StageStatus;

/// A time as `2026-11-25 14:57:17 UTC`, the form every export uses.
pub fn utc(t: time::OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

fn clock(t: time::OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond()
    )
}

/// One line per fact of a TLS handshake, shared by the text export and the verdict.
pub fn tls_summary(t: &TlsInfo) -> Vec<String> {
    let mut out = Vec::new();
    let state = if t.established {
        "established"
    } else {
        "FAILED"
    };
    out.push(format!(
        "TLS ({}) {state}: {}, {}{}",
        t.via,
        t.protocol.as_deref().unwrap_or("no protocol agreed"),
        t.cipher_suite.as_deref().unwrap_or("no cipher suite"),
        t.sni
            .as_ref()
            .map(|s| format!(", SNI {s}"))
            .unwrap_or_else(|| String::from(", no SNI (address)"))
    ));
    if let Some(v) = &t.verification {
        let accepted = if t.accepted_invalid {
            " (accepted anyway, as asked)"
        } else {
            ""
        };
        out.push(format!(
            "Certificate check for {}: {} ({}){accepted}",
            t.checked_name,
            if v.valid { "valid" } else { "NOT VALID" },
            v.reason
        ));
    }
    for (i, c) in t.chain.iter().enumerate() {
        out.push(format!("  [{i}] {}", c.summary()));
        out.push(format!("      SHA-256 {}", c.sha256));
    }
    if let Some(e) = &t.error {
        out.push(format!("TLS error: {e}"));
    }
    out
}

fn explanation_lines(x: &Explanation, indent: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut head = format!("{indent}^ {} {}", x.code, x.class_label);
    if let Some(e) = &x.enhanced {
        let _ = write!(head, " ({e})");
    }
    let _ = write!(head, ": {}", x.title);
    if let Some(p) = &x.provider {
        let _ = write!(head, " [{p}]");
    }
    out.push(head);
    if x.class.is_positive() {
        return out;
    }
    out.push(format!("{indent}  Meaning: {}", x.meaning));
    if !x.when.is_empty() {
        out.push(format!("{indent}  Seen when: {}", x.when));
    }
    for (i, f) in x.fixes.iter().enumerate() {
        out.push(format!("{indent}  Fix {}: {f}", i + 1));
    }
    out.push(format!(
        "{indent}  Retry: {}; cause: {}",
        x.retry.describe(),
        x.cause
    ));
    for n in &x.notes {
        out.push(format!("{indent}  Note: {n}"));
    }
    if !x.references.is_empty() {
        out.push(format!("{indent}  See: {}", x.references.join("; ")));
    }
    out
}

/// Renders the record as text.
pub fn render(record: &SessionRecord) -> String {
    let s = &record.settings;
    let mut out = String::new();
    let _ = writeln!(out, "SMTP session report, {}", record.tool);
    let _ = writeln!(out, "Started: {}", utc(record.started_at));
    let _ = writeln!(
        out,
        "Server: {}:{} ({})",
        s.server,
        s.port,
        s.security.describe()
    );
    if let Some(h) = &s.helo {
        let _ = writeln!(out, "EHLO name: {h}");
    }
    match &s.auth_user {
        Some(u) => {
            let mech = s
                .auth_mechanism
                .map(|m| m.name().to_string())
                .unwrap_or_else(|| String::from("chosen from the offer"));
            let kind = if s.uses_token() {
                "OAuth token"
            } else {
                "password"
            };
            let _ = writeln!(out, "AUTH: user {u}, mechanism {mech}, {kind} not recorded");
        }
        None => {
            let _ = writeln!(out, "AUTH: not asked");
        }
    }
    let from = if s.mail_from.is_empty() {
        "<>"
    } else {
        &s.mail_from
    };
    let _ = writeln!(
        out,
        "Envelope: from {from} to {}",
        if s.rcpt_to.is_empty() {
            String::from("(none)")
        } else {
            s.rcpt_to.join(", ")
        }
    );
    let _ = writeln!(
        out,
        "Stop after: {:?}; invalid certificates {}",
        s.stop_after,
        if s.accept_invalid_certificates {
            "accepted"
        } else {
            "refused"
        }
    );
    if let Some((host, addrs)) = record.resolved() {
        let _ = writeln!(out, "Resolved: {host} -> {}", addrs.join(", "));
    }
    if let Some((peer, local)) = record.connected() {
        let _ = writeln!(out, "Connected: {peer} from {local}");
    }
    for t in record.tls() {
        for line in tls_summary(t) {
            let _ = writeln!(out, "{line}");
        }
    }
    if let Some(report) = record.report() {
        let _ = writeln!(out);
        let _ = writeln!(out, "VERDICT: {}", report.sentence);
        for st in &report.stages {
            let status = match st.status {
                StageStatus::Passed => "passed",
                StageStatus::Failed => "FAILED",
                StageStatus::Skipped => "skipped",
            };
            let reply = st
                .reply
                .as_ref()
                .map(|r| format!(" - {r}"))
                .unwrap_or_default();
            let detail = if st.detail.is_empty() {
                String::new()
            } else {
                format!(" ({})", st.detail)
            };
            let _ = writeln!(out, "  {:<10} {status}{detail}{reply}", st.stage.name());
        }
        for r in &report.recipients {
            let state = if r.accepted { "accepted" } else { "REFUSED" };
            let _ = writeln!(
                out,
                "  recipient {} {state}{}",
                r.address,
                r.reply
                    .as_ref()
                    .map(|x| format!(": {x}"))
                    .unwrap_or_default()
            );
        }
        if let Some(f) = &report.failure {
            let _ = writeln!(out, "  {}: {}", f.title, f.meaning);
            for (i, fix) in f.fixes.iter().enumerate() {
                let _ = writeln!(out, "  Fix {}: {fix}", i + 1);
            }
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "TRANSCRIPT (time UTC, +seconds since start, latency of replies)"
    );
    let explanations: HashMap<usize, Explanation> = record.explanations().into_iter().collect();
    for (i, event) in record.events.iter().enumerate() {
        let Event::Line(l) = event else { continue };
        let latency = l
            .reply
            .as_ref()
            .map(|r| format!("{:>5}ms", r.latency_ms))
            .unwrap_or_else(|| String::from("       "));
        let _ = writeln!(
            out,
            "{} +{:>7.3}s {latency} {} {}",
            clock(l.at),
            l.elapsed_ms as f64 / 1000.0,
            l.marker(),
            l.text
        );
        if let Some(x) = explanations.get(&i) {
            for line in explanation_lines(x, "                                  ") {
                let _ = writeln!(out, "{line}");
            }
        }
    }
    if let Some(o) = record.outcome()
        && let Some(reply) = &o.deciding_reply
    {
        let _ = writeln!(out);
        let _ = writeln!(out, "Deciding reply: {}", reply_line(reply));
    }
    out
}
