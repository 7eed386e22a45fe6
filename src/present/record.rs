//! The words of an exported session: the title and the labels of the export's parts, shared by
//! the text and HTML exports; and how times are written in them.

use super::t;

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

/// The title of a report.
pub fn title() -> String {
    t!("export-title")
}

/// A time of day as `14:57:17.610` (UTC), the form transcripts use.
pub fn clock(t: time::OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond()
    )
}

/// A time of day as `14:57:17 UTC`, the form the window's messages and session list use.
pub fn time_of_day(t: time::OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!("{:02}:{:02}:{:02} UTC", t.hour(), t.minute(), t.second())
}

/// The columns before a transcript line: its time, its offset from the start and, for the last
/// line of a reply, the reply's latency (`14:57:17.610 +  0.033s    33ms`).
pub fn stamp(line: &crate::engine::TranscriptLine) -> String {
    let latency = line
        .reply
        .as_ref()
        .map(|r| format!("{:>5}ms", r.latency_ms))
        .unwrap_or_else(|| String::from("       "));
    format!(
        "{} +{:>7.3}s {latency}",
        clock(line.at),
        line.elapsed_ms as f64 / 1000.0
    )
}

/// The labels of an export's parts.
pub struct Headings {
    pub settings: String,
    pub tls: String,
    pub transcript: String,
    /// What the transcript's columns hold.
    pub columns: String,
    /// The legend of the markers.
    pub markers: String,
    pub verdict: String,
    pub deciding_reply: String,
}

/// The headings in the current language.
pub fn headings() -> Headings {
    Headings {
        settings: t!("export-settings"),
        tls: t!("export-tls"),
        transcript: t!("export-transcript"),
        columns: t!("export-transcript-columns"),
        markers: t!("export-markers"),
        verdict: t!("report-verdict"),
        deciding_reply: t!("report-deciding-reply"),
    }
}
