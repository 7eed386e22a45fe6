//! The detect report for a ticket, in the three export formats: plain text, one self-contained
//! HTML file (no script, no external asset, a text label beside every colour) and JSON. Pure
//! functions of a `DetectReport`; the words come from `present::detect`.
//!
//! The JSON object has the keys the issue promises to tools: `recommended` {host, port,
//! security: tls|starttls|none, source: autoconfig|srv|mx|guess|given} or null, `matrix`
//! [{host, port, security, result, ...}], `mx` [{host, preference, addresses, result, ...}] and
//! `dns` [{check, status, detail, ...}], with the ids of `detect` and the words beside them.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::Format;
use super::html::escape;
use crate::detect::{Cell, DetectReport, MxReport};
use crate::engine::Event;
use crate::present;
use crate::present::detect::Tone;

/// The schema of the JSON detect report.
pub const SCHEMA: &str = "smtp-lens.detect/1";

/// Renders the report in `format`; `transcripts` adds every probe's transcript.
pub fn render(report: &DetectReport, format: Format, transcripts: bool) -> String {
    match format {
        Format::Text => text(report, transcripts),
        Format::Html => html(report),
        Format::Json => {
            let mut s =
                serde_json::to_string_pretty(&json(report, transcripts)).unwrap_or_default();
            s.push('\n');
            s
        }
    }
}

/// The file name a report is saved under: `smtp-lens-detect-TARGET-YYYYMMDD-HHMMSSZ.EXT`, the
/// target's characters other than letters, digits, `.` and `@` made `_`.
pub fn file_name(report: &DetectReport, format: Format) -> String {
    let stamp = present::record::utc(report.started_at)
        .replace(['-', ':'], "")
        .replace(' ', "-")
        .replace("-UTC", "Z");
    let target: String = report
        .target
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '@' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("smtp-lens-detect-{target}-{stamp}.{}", format.extension())
}

/// The transcript of a probe as text lines: stamp, marker, the line in words.
pub fn transcript_lines(events: &[Event], times: bool) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Line(l) => Some(if times {
                format!(
                    "{} {} {}",
                    present::record::stamp(l),
                    l.marker(),
                    present::line_text(l)
                )
            } else {
                format!("{} {}", l.marker(), present::line_text(l))
            }),
            _ => None,
        })
        .collect()
}

fn cell_json(c: &Cell, transcripts: bool) -> Value {
    let mut v = json!({
        "host": c.host,
        "port": c.port,
        "security": c.security.id(),
        "source": c.source.id(),
        "result": c.result.id(),
        "detail": present::detect::result(&c.result, c.port, &c.seen),
        "facts": c.result,
        "seen": c.seen,
    });
    if transcripts && let Some(map) = v.as_object_mut() {
        map.insert(
            String::from("transcript"),
            json!(transcript_lines(&c.events, false)),
        );
    }
    v
}

fn mx_json(m: &MxReport, transcripts: bool) -> Value {
    let mut v = json!({
        "host": m.host,
        "preference": m.preference,
        "addresses": m.addresses.iter().map(|a| a.to_string()).collect::<Vec<_>>(),
        "result": m.result.id(),
        "detail": present::detect::result(&m.result, 25, &m.seen),
        "facts": m.result,
        "seen": m.seen,
    });
    if transcripts && let Some(map) = v.as_object_mut() {
        map.insert(
            String::from("transcript"),
            json!(transcript_lines(&m.events, false)),
        );
    }
    v
}

/// The report as one JSON value.
pub fn json(report: &DetectReport, transcripts: bool) -> Value {
    let recommended = report.recommended.as_ref().map(|r| {
        json!({
            "host": r.host,
            "port": r.port,
            "security": r.security.id(),
            "source": r.source.id(),
        })
    });
    let dns: Vec<Value> = report
        .dns
        .iter()
        .map(|f| {
            let w = present::detect::finding(f);
            json!({
                "check": w.check,
                "status": w.status,
                "id": w.id,
                "detail": w.detail,
                "title": w.title,
                "meaning": w.meaning,
                "fixes": w.fixes,
                "references": w.references,
                "facts": f,
            })
        })
        .collect();
    json!({
        "schema": SCHEMA,
        "lang": crate::lang::current().tag(),
        "tool": report.tool,
        "started_at": time::OffsetDateTime::format(report.started_at, &time::format_description::well_known::Rfc3339).unwrap_or_default(),
        "target": report.target,
        "kind": report.kind,
        "dns_server": report.dns_server,
        "ports": report.ports,
        "recommended": recommended,
        "recommended_words": present::detect::recommended(report),
        "autoconfig": report.autoconfig,
        "srv": report.srv,
        "candidates": report.candidates,
        "matrix": report.matrix.iter().map(|c| cell_json(c, transcripts)).collect::<Vec<_>>(),
        "mx": report.mx.iter().map(|m| mx_json(m, transcripts)).collect::<Vec<_>>(),
        "dns": dns,
    })
}

/// The report as plain text; `transcripts` appends every probe's transcript.
pub fn text(report: &DetectReport, transcripts: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", present::t!("detect-title"));
    for (label, value) in present::detect::facts(report) {
        let _ = writeln!(out, "{label}: {value}");
    }
    for s in present::detect::sections(report) {
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", s.heading.to_uppercase());
        for l in s.lines {
            let _ = writeln!(out, "{}{}", "  ".repeat(usize::from(l.depth) + 1), l.text);
        }
    }
    if transcripts {
        for c in report.matrix.iter().filter(|c| !c.events.is_empty()) {
            let _ = writeln!(out);
            let _ = writeln!(
                out,
                "{}",
                present::detect::transcript_heading(&c.host, c.port, c.security).to_uppercase()
            );
            for l in transcript_lines(&c.events, true) {
                let _ = writeln!(out, "  {l}");
            }
        }
        for m in report.mx.iter().filter(|m| !m.events.is_empty()) {
            let _ = writeln!(out);
            let _ = writeln!(
                out,
                "{}",
                present::detect::transcript_heading(&m.host, 25, crate::detect::Mode::Starttls)
                    .to_uppercase()
            );
            for l in transcript_lines(&m.events, true) {
                let _ = writeln!(out, "  {l}");
            }
        }
    }
    out
}

const STYLE: &str = "
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:1.5em;color:#1d1d1f;background:#fff;max-width:70em}
h1{font-size:1.4em;margin:0 0 .3em}h2{font-size:1.1em;margin:1.4em 0 .4em;border-bottom:1px solid #ccc}
table.facts td{padding:.1em .8em .1em 0;vertical-align:top}table.facts td:first-child{color:#555;white-space:nowrap}
ul{margin:.2em 0;padding-left:1.2em}li{margin:.1em 0}li.d1{margin-left:1.5em;list-style:circle}
.good{color:#1a7f37}.warn{color:#8a5a00}.bad{color:#c62828;font-weight:bold}
details{margin:.3em 0}summary{cursor:pointer}
pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em;white-space:pre-wrap;word-break:break-all;background:#f6f6f6;padding:.5em}
@media print{body{margin:0;max-width:none}details{display:block}}
";

fn tone_css(t: Tone) -> &'static str {
    match t {
        Tone::Good => "good",
        Tone::Warn => "warn",
        Tone::Bad => "bad",
        Tone::Plain => "plain",
    }
}

/// The report as one HTML file, every probe's transcript folded under its cell.
pub fn html(report: &DetectReport) -> String {
    let title = escape(&present::t!("detect-title"));
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{title}</title><style>{STYLE}</style></head><body>\n<h1>{title}</h1>\n<table class=\"facts\">\n",
        crate::lang::current().tag()
    );
    for (label, value) in present::detect::facts(report) {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td></tr>",
            escape(&label),
            escape(&value)
        );
    }
    out.push_str("</table>\n");
    for s in present::detect::sections(report) {
        let _ = writeln!(out, "<h2>{}</h2>\n<ul>", escape(&s.heading));
        for l in s.lines {
            let _ = writeln!(
                out,
                "<li class=\"d{} {}\">{}</li>",
                l.depth,
                tone_css(l.tone),
                escape(&l.text)
            );
        }
        out.push_str("</ul>\n");
    }
    let probes = report
        .matrix
        .iter()
        .filter(|c| !c.events.is_empty())
        .map(|c| (&c.host, c.port, c.security, &c.events))
        .chain(
            report
                .mx
                .iter()
                .filter(|m| !m.events.is_empty())
                .map(|m| (&m.host, 25, crate::detect::Mode::Starttls, &m.events)),
        );
    let _ = writeln!(
        out,
        "<h2>{}</h2>",
        escape(&present::t!("export-transcript"))
    );
    for (host, port, security, events) in probes {
        let _ = writeln!(
            out,
            "<details><summary>{}</summary><pre>{}</pre></details>",
            escape(&present::detect::transcript_heading(host, port, security)),
            escape(&transcript_lines(events, true).join("\n"))
        );
    }
    out.push_str("</body></html>\n");
    out
}
