//! The HTML export: one self-contained file (inline style, no scripts, no external assets) that
//! reads well on screen, printed, and pasted into a ticketing system. Replies are coloured by
//! class and always carry a text label too, so colour is never the only signal.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::SessionRecord;
use crate::engine::{Direction, Event};
use crate::knowledge::Explanation;
use crate::present;
use crate::proto::ReplyClass;
use crate::proto::session::StageStatus;

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:1.5em;color:#1d1d1f;background:#fff;max-width:70em}
h1{font-size:1.4em;margin:0 0 .3em}h2{font-size:1.1em;margin:1.4em 0 .4em;border-bottom:1px solid #ccc}
table.facts td{padding:.1em .8em .1em 0;vertical-align:top}table.facts td:first-child{color:#555;white-space:nowrap}
.verdict{padding:.7em 1em;border-radius:6px;border:2px solid;margin:.8em 0}
.verdict.ok{border-color:#1a7f37;background:#e9f7ec}.verdict.bad{border-color:#c62828;background:#fdecea}
.stages td{padding:.1em .8em .1em 0}.passed{color:#1a7f37}.failed{color:#c62828;font-weight:bold}.skipped{color:#777}.partial{color:#8a5a00;font-weight:bold}
.transcript{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em;border-collapse:collapse;width:100%}
.transcript td{padding:.05em .5em;vertical-align:top;white-space:pre-wrap;word-break:break-all}
.transcript td.t{color:#777;white-space:nowrap}.transcript td.m{white-space:nowrap;font-weight:bold}
tr.sent td.x{color:#0b3d91}tr.info td.x{color:#555}tr.warning td.x{color:#8a5a00}tr.error td.x{color:#c62828;font-weight:bold}
.label{display:inline-block;font-size:.75em;font-weight:bold;padding:0 .4em;border-radius:3px;margin-right:.4em;font-family:system-ui,sans-serif}
tr.c1 td.x{color:#00708a}.c1 .label,.label.c1{background:#00708a;color:#fff}
tr.c2 td.x{color:#1a7f37}.c2 .label,.label.c2{background:#1a7f37;color:#fff}
tr.c3 td.x{color:#00708a}.c3 .label,.label.c3{background:#00708a;color:#fff}
tr.c4 td.x{color:#8a5a00}.c4 .label,.label.c4{background:#b26a00;color:#fff}
tr.c5 td.x{color:#c62828}.c5 .label,.label.c5{background:#c62828;color:#fff}
tr.explain td{font-family:system-ui,sans-serif;font-size:.95em;white-space:normal;padding:.2em .5em .6em 2em;color:#333}
tr.explain ol{margin:.2em 0 .2em 1.2em;padding:0}
.tls{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em;white-space:pre-wrap}
@media print{body{margin:0;max-width:none}.transcript{font-size:.75em}tr{page-break-inside:avoid}
.label{border:1px solid #000;background:none!important;color:#000!important}}
";

/// The CSS class of a reply class: c1 to c5 by its first digit.
fn class_css(class: ReplyClass) -> &'static str {
    match class {
        ReplyClass::PositivePreliminary => "c1",
        ReplyClass::PositiveCompletion => "c2",
        ReplyClass::PositiveIntermediate => "c3",
        ReplyClass::TransientNegative => "c4",
        ReplyClass::PermanentNegative => "c5",
    }
}

fn explanation_row(x: &Explanation) -> String {
    let w = present::explain::reply(x);
    let l = present::explain::labels();
    let mut h = String::new();
    let _ = write!(
        h,
        "<tr class=\"explain {}\"><td colspan=\"4\"><b>{}</b>",
        class_css(x.class),
        escape(&w.title)
    );
    if let Some(p) = &w.provider {
        let _ = write!(h, " <i>({})</i>", escape(p));
    }
    if !w.positive {
        let _ = write!(h, "<br>{}", escape(&w.meaning));
        if !w.when.is_empty() {
            let _ = write!(h, "<br><i>{}:</i> {}", escape(&l.when), escape(&w.when));
        }
        if !w.fixes.is_empty() {
            let _ = write!(h, "<br><i>{}:</i><ol>", escape(&l.fixes));
            for f in &w.fixes {
                let _ = write!(h, "<li>{}</li>", escape(f));
            }
            h.push_str("</ol>");
        }
        let _ = write!(
            h,
            "<i>{}:</i> {} &middot; <i>{}:</i> <code>{}</code>",
            escape(&l.retry),
            escape(&w.retry),
            escape(&l.cause),
            escape(&w.cause)
        );
        for n in &w.notes {
            let _ = write!(h, "<br><i>{}:</i> {}", escape(&l.note), escape(n));
        }
        if !w.references.is_empty() {
            let _ = write!(
                h,
                "<br><i>{}:</i> {}",
                escape(&l.references),
                escape(&w.references.join("; "))
            );
        }
    }
    h.push_str("</td></tr>\n");
    h
}

/// The class of each received line's reply, by event index: every line of a multi-line reply
/// takes the class of the reply its last line completes.
fn reply_classes(record: &SessionRecord) -> HashMap<usize, ReplyClass> {
    let mut out = HashMap::new();
    let mut current: Option<ReplyClass> = None;
    for (i, event) in record.events.iter().enumerate().rev() {
        match event {
            Event::Line(l) if l.direction == Direction::Received => {
                if let Some(r) = &l.reply {
                    current = Some(r.reply.class());
                }
                if let Some(c) = current {
                    out.insert(i, c);
                }
            }
            Event::Line(_) => current = None,
            _ => {}
        }
    }
    out
}

/// Renders the record as one HTML document.
pub fn render(record: &SessionRecord) -> String {
    let s = &record.settings;
    let head = present::record::headings();
    let title = present::record::title();
    let mut h = String::new();
    h.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\n",
        crate::lang::current().tag()
    ));
    let _ = writeln!(
        h,
        "<title>{} {}:{} - {}</title>",
        escape(&title),
        escape(&s.server),
        s.port,
        escape(&record.tool)
    );
    let _ = writeln!(h, "<style>{STYLE}</style></head><body>");
    let _ = writeln!(
        h,
        "<h1>{}: {}:{}</h1>",
        escape(&title),
        escape(&s.server),
        s.port
    );

    if let Some(report) = record.report() {
        let ok = report.verdict.is_success();
        let _ = writeln!(
            h,
            "<div class=\"verdict {}\"><b>{}</b> {}</div>",
            if ok { "ok" } else { "bad" },
            escape(&present::banner(&report)),
            escape(&report.sentence)
        );
        h.push_str("<table class=\"stages\">");
        for st in &report.stages {
            let css = match st.status {
                StageStatus::Passed => "passed",
                StageStatus::Partial => "partial",
                StageStatus::Failed => "failed",
                StageStatus::Skipped => "skipped",
            };
            let _ = write!(
                h,
                "<tr><td>{}</td><td class=\"{css}\">{}</td><td>{}</td><td>{}</td></tr>",
                escape(&st.name),
                escape(&st.state),
                escape(&st.detail),
                escape(st.reply.as_deref().unwrap_or(""))
            );
        }
        for r in &report.recipients {
            let css = if r.accepted { "passed" } else { "failed" };
            let _ = write!(
                h,
                "<tr><td>{}</td><td class=\"{css}\">{}</td><td>{}</td><td>{}</td></tr>",
                escape(&present::recipient_label()),
                escape(&r.state),
                escape(&r.address),
                escape(r.reply.as_deref().unwrap_or(""))
            );
        }
        h.push_str("</table>\n");
    }

    let _ = write!(
        h,
        "<h2>{}</h2><table class=\"facts\">",
        escape(&head.settings)
    );
    for (k, v) in record.facts() {
        let _ = write!(h, "<tr><td>{}</td><td>{}</td></tr>", escape(&k), escape(&v));
    }
    h.push_str("</table>\n");

    let tls = record.tls();
    if !tls.is_empty() {
        let _ = write!(h, "<h2>{}</h2>", escape(&head.tls));
        for t in tls {
            let _ = writeln!(
                h,
                "<div class=\"tls\">{}</div>",
                escape(&present::tls_lines(t).join("\n"))
            );
        }
    }

    let _ = writeln!(
        h,
        "<h2>{}</h2>\n<table class=\"transcript\">",
        escape(&head.transcript)
    );
    let explanations: HashMap<usize, Explanation> = record.explanations().into_iter().collect();
    let classes = reply_classes(record);
    let mut labelled = false;
    for (i, event) in record.events.iter().enumerate() {
        let Event::Line(l) = event else { continue };
        let (row_class, label) = match l.direction {
            Direction::Received => match classes.get(&i) {
                Some(class) => {
                    // The label goes on the first line of each reply.
                    let first = !labelled;
                    labelled = true;
                    (class_css(*class), first.then(|| present::class_tag(*class)))
                }
                None => ("received", None),
            },
            Direction::Sent => ("sent", None),
            Direction::Info => ("info", None),
            Direction::Warning => ("warning", None),
            Direction::Error => ("error", None),
        };
        if l.direction != Direction::Received || l.reply.is_some() {
            labelled = false;
        }
        let label_html = label
            .map(|t| format!("<span class=\"label\">{}</span>", escape(&t)))
            .unwrap_or_default();
        let latency = l
            .reply
            .as_ref()
            .map(|r| format!("{} ms", r.latency_ms))
            .unwrap_or_default();
        let _ = writeln!(
            h,
            "<tr class=\"{row_class}\"><td class=\"t\">+{:.3}s {}</td><td class=\"m\">{}</td><td class=\"x\">{label_html}{}</td><td class=\"t\">{}</td></tr>",
            l.elapsed_ms as f64 / 1000.0,
            escape(&format!(
                "{:02}:{:02}:{:02}",
                l.at.hour(),
                l.at.minute(),
                l.at.second()
            )),
            escape(l.marker()),
            escape(&present::line_text(l)),
            escape(&latency)
        );
        if let Some(x) = explanations.get(&i) {
            h.push_str(&explanation_row(x));
        }
    }
    h.push_str("</table>\n");
    let _ = writeln!(
        h,
        "<p style=\"color:#777;font-size:.8em\">{}</p>",
        escape(&head.markers)
    );
    h.push_str("</body></html>\n");
    h
}
