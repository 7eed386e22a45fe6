//! The plain-text export: a header block (tool, time, settings, addresses, TLS, verdict), then
//! the transcript with swaks-style markers, a timestamp and latency per line, and each reply's
//! explanation beneath it. Meant to be pasted into a ticket as it is. The words come from
//! `present`; this module only lays them out.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::SessionRecord;
use crate::engine::Event;
use crate::knowledge::Explanation;
use crate::present;

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

/// Renders the record as text.
pub fn render(record: &SessionRecord) -> String {
    let h = present::record::headings();
    let mut out = String::new();
    let _ = writeln!(out, "{}", present::record::title());
    for (label, value) in record.facts() {
        let _ = writeln!(out, "{label}: {value}");
    }
    for t in record.tls() {
        for line in present::tls_lines(t) {
            let _ = writeln!(out, "{line}");
        }
    }
    if let Some(report) = record.report() {
        let _ = writeln!(out);
        let _ = writeln!(out, "{}: {}", h.verdict.to_uppercase(), report.sentence);
        for st in &report.stages {
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
            let _ = writeln!(out, "  {:<10} {}{detail}{reply}", st.name, st.state);
        }
        for r in &report.recipients {
            let _ = writeln!(
                out,
                "  {} {} {}{}",
                present::recipient_label(),
                r.address,
                r.state,
                r.reply
                    .as_ref()
                    .map(|x| format!(": {x}"))
                    .unwrap_or_default()
            );
        }
        if report.deciding.is_none()
            && let Some(w) = &report.deciding_words
        {
            for line in present::explain::lines(w, "  ", "") {
                let _ = writeln!(out, "{line}");
            }
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "{} ({})", h.transcript.to_uppercase(), h.columns);
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
            present::line_text(l)
        );
        if let Some(x) = explanations.get(&i) {
            let words = present::explain::reply(x);
            for line in present::explain::lines(&words, "                                  ", "^ ")
            {
                let _ = writeln!(out, "{line}");
            }
        }
    }
    if let Some(o) = record.outcome()
        && let Some(reply) = &o.deciding_reply
    {
        let _ = writeln!(out);
        let _ = writeln!(out, "{}: {}", h.deciding_reply, present::reply_line(reply));
    }
    out
}
