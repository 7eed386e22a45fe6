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
