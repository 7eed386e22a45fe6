//! The HTML export: one self-contained file (inline style, no scripts, no external assets) that
//! reads well on screen, printed, and pasted into a ticketing system. Replies are coloured by
//! class and always carry a text label too, so colour is never the only signal.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::SessionRecord;
use super::text::tls_summary;
use crate::engine::{Direction, Event};
use crate::knowledge::Explanation;
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
.stages td{padding:.1em .8em .1em 0}.passed{color:#1a7f37}.failed{color:#c62828;font-weight:bold}.skipped{color:#777}
.transcript{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em;border-collapse:collapse;width:100%}
.transcript td{padding:.05em .5em;vertical-align:top;white-space:pre-wrap;word-break:break-all}
.transcript td.t{color:#777;white-space:nowrap}.transcript td.m{white-space:nowrap;font-weight:bold}
tr.sent td.x{color:#0b3d91}tr.info td.x{color:#555}tr.warning td.x{color:#8a5a00}tr.error td.x{color:#c62828;font-weight:bold}
.label{display:inline-block;font-size:.75em;font-weight:bold;padding:0 .4em;border-radius:3px;margin-right:.4em;font-family:system-ui,sans-serif}
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

fn class_tag(class: ReplyClass) -> (&'static str, &'static str) {
    match class {
        ReplyClass::PositiveCompletion => ("c2", "2xx positive completion"),
        ReplyClass::PositivePreliminary | ReplyClass::PositiveIntermediate => {
            ("c3", "3xx positive intermediate")
        }
        ReplyClass::TransientNegative => ("c4", "4xx transient negative"),
        ReplyClass::PermanentNegative => ("c5", "5xx permanent negative"),
    }
}

fn explanation_row(x: &Explanation) -> String {
    let (css, _) = class_tag(x.class);
    let mut h = String::new();
    let _ = write!(
        h,
        "<tr class=\"explain {css}\"><td colspan=\"4\"><b>{}</b>",
        escape(&x.title)
    );
    if let Some(p) = &x.provider {
        let _ = write!(h, " <i>({})</i>", escape(p));
    }
    if !x.class.is_positive() {
        let _ = write!(h, "<br>{}", escape(&x.meaning));
        if !x.when.is_empty() {
            let _ = write!(h, "<br><i>Seen when:</i> {}", escape(&x.when));
        }
        if !x.fixes.is_empty() {
            h.push_str("<ol>");
            for f in &x.fixes {
                let _ = write!(h, "<li>{}</li>", escape(f));
            }
            h.push_str("</ol>");
        }
        let _ = write!(
            h,
            "<i>Retry:</i> {} &middot; <i>cause:</i> <code>{}</code>",
            escape(x.retry.describe()),
            escape(&x.cause)
        );
        for n in &x.notes {
            let _ = write!(h, "<br><i>Note:</i> {}", escape(n));
        }
        if !x.references.is_empty() {
            let _ = write!(h, "<br><i>See:</i> {}", escape(&x.references.join("; ")));
        }
    }
    h.push_str("</td></tr>\n");
    h
}

/// Renders the record as one HTML document.
pub fn render(record: &SessionRecord) -> String {
    let s = &record.settings;
    let mut h = String::new();
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
    let _ = writeln!(
        h,
        "<title>SMTP session {}:{} - {}</title>",
        escape(&s.server),
        s.port,
        escape(&record.tool)
    );
    let _ = writeln!(h, "<style>{STYLE}</style></head><body>");
    let _ = writeln!(
        h,
        "<h1>SMTP session report: {}:{}</h1>",
        escape(&s.server),
        s.port
    );

    if let Some(report) = record.report() {
        let ok = report.verdict.is_success();
        let _ = writeln!(
            h,
            "<div class=\"verdict {}\"><b>{}</b> {}</div>",
            if ok { "ok" } else { "bad" },
            if ok { "PASSED" } else { "FAILED" },
            escape(&report.sentence)
        );
        h.push_str("<table class=\"stages\">");
        for st in &report.stages {
            let (css, word) = match st.status {
                StageStatus::Passed => ("passed", "passed"),
                StageStatus::Failed => ("failed", "FAILED"),
                StageStatus::Skipped => ("skipped", "skipped"),
            };
            let _ = write!(
                h,
                "<tr><td>{}</td><td class=\"{css}\">{word}</td><td>{}</td><td>{}</td></tr>",
                escape(st.stage.name()),
                escape(&st.detail),
                escape(st.reply.as_deref().unwrap_or(""))
            );
        }
        for r in &report.recipients {
            let (css, word) = if r.accepted {
                ("passed", "accepted")
            } else {
                ("failed", "REFUSED")
            };
            let _ = write!(
                h,
                "<tr><td>recipient</td><td class=\"{css}\">{word}</td><td>{}</td><td>{}</td></tr>",
                escape(&r.address),
                escape(r.reply.as_deref().unwrap_or(""))
            );
        }
        h.push_str("</table>\n");
    }

    h.push_str("<h2>Settings</h2><table class=\"facts\">");
    let mut fact = |k: &str, v: String| {
        let _ = write!(h, "<tr><td>{}</td><td>{}</td></tr>", escape(k), escape(&v));
    };
    fact("Tool", record.tool.clone());
    fact("Started", super::text::utc(record.started_at));
    fact(
        "Server",
        format!("{}:{} ({})", s.server, s.port, s.security.describe()),
    );
    if let Some(helo) = &s.helo {
        fact("EHLO name", helo.clone());
    }
    fact(
        "AUTH",
        match &s.auth_user {
            Some(u) => format!("user {u}; secret not recorded"),
            None => String::from("not asked"),
        },
    );
    fact(
        "Envelope sender",
        if s.mail_from.is_empty() {
            String::from("<>")
        } else {
            s.mail_from.clone()
        },
    );
    fact("Recipients", s.rcpt_to.join(", "));
    fact("Stop after", format!("{:?}", s.stop_after));
    if let Some((host, addrs)) = record.resolved() {
        fact("Resolved", format!("{host} -> {}", addrs.join(", ")));
    }
    if let Some((peer, local)) = record.connected() {
        fact("Connected", format!("{peer} from {local}"));
    }
    h.push_str("</table>\n");

    let tls = record.tls();
    if !tls.is_empty() {
        h.push_str("<h2>TLS</h2>");
        for t in tls {
            let _ = writeln!(
                h,
                "<div class=\"tls\">{}</div>",
                escape(&tls_summary(t).join("\n"))
            );
        }
    }

    h.push_str("<h2>Transcript</h2>\n<table class=\"transcript\">\n");
    let explanations: HashMap<usize, Explanation> = record.explanations().into_iter().collect();
    let mut current: Option<(&'static str, &'static str)> = None;
    for (i, event) in record.events.iter().enumerate() {
        let Event::Line(l) = event else { continue };
        let (row_class, label) = match l.direction {
            Direction::Received => {
                let class = l.text.get(..1).and_then(|d| match d {
                    "2" => Some(ReplyClass::PositiveCompletion),
                    "3" => Some(ReplyClass::PositiveIntermediate),
                    "4" => Some(ReplyClass::TransientNegative),
                    "5" => Some(ReplyClass::PermanentNegative),
                    _ => None,
                });
                match class.map(class_tag) {
                    Some(tag) => {
                        let first = current != Some(tag);
                        current = Some(tag);
                        (tag.0, first.then_some(tag.1))
                    }
                    None => ("received", None),
                }
            }
            Direction::Sent => {
                current = None;
                ("sent", None)
            }
            Direction::Info => ("info", None),
            Direction::Warning => ("warning", None),
            Direction::Error => ("error", None),
        };
        let label_html = label
            .map(|t| format!("<span class=\"label\">{}</span>", escape(t)))
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
            escape(&l.text),
            escape(&latency)
        );
        if l.reply.is_some() {
            current = None;
        }
        if let Some(x) = explanations.get(&i) {
            h.push_str(&explanation_row(x));
        }
    }
    h.push_str("</table>\n");
    let _ = writeln!(
        h,
        "<p style=\"color:#777;font-size:.8em\">Markers: -&gt; sent, &lt;- received, ~&gt; and &lt;~ inside TLS, === remark, =!= warning, *** error. Secrets are never recorded.</p>"
    );
    h.push_str("</body></html>\n");
    h
}
