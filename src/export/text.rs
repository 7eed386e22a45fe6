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
            let _ = writeln!(out, "  {}", st.line(true));
        }
        for r in &report.recipients {
            let _ = writeln!(out, "  {}", r.line());
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
        let _ = writeln!(
            out,
            "{} {} {}",
            present::record::stamp(l),
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
