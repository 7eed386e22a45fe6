//! The JSON export, for tools: the record (settings and every event) with the verdict and each
//! reply's explanation, under a versioned schema name.

use serde::Serialize;

use super::{SCHEMA, SessionRecord};
use crate::engine::Event;
use crate::intent::SessionIntent;
use crate::knowledge::Explanation;
use crate::present::verdict::Report;

#[derive(Serialize)]
struct Export<'a> {
    schema: &'static str,
    /// The language of the human text values (`en`, `ru`); keys and ids stay English.
    lang: &'static str,
    tool: &'a str,
    #[serde(with = "time::serde::rfc3339")]
    started_at: time::OffsetDateTime,
    settings: &'a SessionIntent,
    verdict: Option<Report>,
    explanations: Vec<Explained>,
    events: &'a [Event],
}

#[derive(Serialize)]
struct Explained {
    /// Index in `events` of the line that completes the reply.
    event: usize,
    explanation: Explanation,
}

/// Renders the record as pretty-printed JSON.
pub fn render(record: &SessionRecord) -> String {
    let export = Export {
        schema: SCHEMA,
        lang: crate::lang::current().tag(),
        tool: &record.tool,
        started_at: record.started_at,
        settings: &record.settings,
        verdict: record.report(),
        explanations: record
            .explanations()
            .into_iter()
            .map(|(event, explanation)| Explained { event, explanation })
            .collect(),
        events: &record.events,
    };
    match serde_json::to_string_pretty(&export) {
        Ok(s) => s + "\n",
        // Serializing plain data cannot fail; say so in the output rather than panic.
        Err(e) => format!("{{\"schema\":\"{SCHEMA}\",\"error\":\"{e}\"}}\n"),
    }
}
