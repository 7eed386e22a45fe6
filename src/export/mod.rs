//! Exports of a session for a ticket: plain text, one self-contained HTML file, and JSON for
//! tools. One pure function per format (`text::render`, `html::render`, `json::render`), all
//! from the same `SessionRecord`.
//!
//! A record holds the session's intent (`crate::intent::SessionIntent`, no secret) and the events, which the engine has already
//! redacted. Each renderer also passes its output through `scrub` with any secret the caller
//! still holds, as a last guard. Renderers never do IO; `write` and `read` (a JSON export read
//! back, to compare it) are the only functions here that touch the filesystem.

pub mod detect;
pub mod html;
pub mod json;
pub mod text;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::engine::{Event, SessionRequest, TlsInfo};
use crate::intent::SessionIntent;
use crate::knowledge::{Explanation, explain_answered};
use crate::present;
use crate::present::verdict::{Report, report};
use crate::proto::session::Outcome;

/// The version of the JSON schema written by `json::render`. Version 2: events carry typed
/// remarks, AUTH asides and problems instead of sentences, and what each reply answered with its
/// values (`{"context": "auth", "mechanism": ..., "step": ...}`); the settings are the session
/// intent; `lang` names the language of the human text values.
pub const SCHEMA: &str = "smtp-lens.session/2";

/// A whole session, as exported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionRecord {
    pub tool: String,
    #[serde(with = "time::serde::rfc3339")]
    pub started_at: OffsetDateTime,
    /// What the session was asked to do, as the user gave it (no secret).
    pub settings: SessionIntent,
    pub events: Vec<Event>,
}

impl SessionRecord {
    /// The record of a session run from `intent`.
    pub fn from_intent(
        intent: &SessionIntent,
        started_at: OffsetDateTime,
        events: Vec<Event>,
    ) -> SessionRecord {
        SessionRecord {
            tool: format!("{} {}", env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION")),
            started_at,
            settings: intent.clone(),
            events,
        }
    }

    /// The record of a session when only its request is at hand (the window, until it keeps the
    /// intent): see `SessionIntent::from_request` for what a request cannot tell.
    pub fn new(
        req: &SessionRequest,
        started_at: OffsetDateTime,
        events: Vec<Event>,
    ) -> SessionRecord {
        SessionRecord::from_intent(&SessionIntent::from_request(req), started_at, events)
    }

    /// A file name for the export: server and UTC start time, safe on every file system.
    pub fn file_name(&self, format: Format) -> String {
        let stamp = present::record::utc(self.started_at)
            .replace(['-', ':'], "")
            .replace(' ', "-")
            .replace("-UTC", "Z");
        let server: String = self
            .settings
            .server
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '.' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        format!("smtp-lens-{server}-{stamp}.{}", format.extension())
    }

    /// The session's settings and connection facts, each with its label, in the order reports show
    /// them. No secret is among them: the record holds none.
    pub fn facts(&self) -> Vec<(String, String)> {
        let record = self;
        let s = &record.settings;
        let mut out = vec![
            (present::t!("export-tool"), record.tool.clone()),
            (
                present::t!("export-started"),
                present::record::utc(record.started_at),
            ),
            (
                present::t!("export-server"),
                format!(
                    "{}:{} ({})",
                    s.server,
                    s.port,
                    present::security(s.security)
                ),
            ),
        ];
        if let Some(h) = &s.helo {
            out.push((present::t!("export-helo"), h.clone()));
        }
        let auth = match &s.auth_user {
            Some(user) => {
                let mechanism = s
                    .auth_mechanism
                    .map(|m| m.name().to_string())
                    .unwrap_or_else(|| present::t!("export-auth-chosen"));
                let kind = if s.uses_token() {
                    present::t!("export-auth-token")
                } else {
                    present::t!("export-auth-password")
                };
                present::t!(
                    "export-auth-user",
                    user = user.as_str(),
                    mechanism = mechanism,
                    kind = kind
                )
            }
            None => present::t!("export-auth-not-asked"),
        };
        out.push((present::t!("export-auth"), auth));
        let sender = if s.mail_from.is_empty() {
            String::from("<>")
        } else {
            s.mail_from.clone()
        };
        out.push((present::t!("export-sender"), sender));
        let recipients = if s.rcpt_to.is_empty() {
            present::t!("export-none")
        } else {
            s.rcpt_to.join(", ")
        };
        out.push((present::t!("export-recipients"), recipients));
        out.push((
            present::t!("export-stop-after"),
            stop_after_name(s.stop_after),
        ));
        if let Some(d) = &s.dsn {
            let mut parts = Vec::new();
            if !d.notify.is_empty() {
                parts.push(format!("NOTIFY={}", d.notify.join(",")));
            }
            if let Some(ret) = &d.ret {
                parts.push(format!("RET={ret}"));
            }
            if let Some(envid) = &d.envid {
                parts.push(format!("ENVID={envid}"));
            }
            if d.orcpt {
                parts.push(String::from("ORCPT"));
            }
            out.push((present::t!("export-dsn"), parts.join(" ")));
        }
        if let Some(ca) = &s.ca_file {
            out.push((present::t!("export-ca-file"), ca.display().to_string()));
        }
        if let Some(secs) = s.timeout_secs {
            out.push((
                present::t!("export-timeout"),
                present::t!("export-timeout-value", seconds = secs.to_string()),
            ));
        }
        out.push((
            present::t!("export-certificates"),
            if s.accept_invalid_certificates {
                present::t!("export-certificates-accepted")
            } else {
                present::t!("export-certificates-refused")
            },
        ));
        if let Some((host, addrs)) = record.resolved() {
            out.push((
                present::t!("export-resolved"),
                format!("{host} -> {}", addrs.join(", ")),
            ));
        }
        if let Some((peer, local)) = record.connected() {
            out.push((
                present::t!("export-connected"),
                present::t!(
                    "export-connected-value",
                    peer = peer.as_str(),
                    local = local.as_str()
                ),
            ));
        }
        out
    }

    pub fn outcome(&self) -> Option<&Outcome> {
        self.events.iter().rev().find_map(|e| match e {
            Event::Finished(o) => Some(o.as_ref()),
            _ => None,
        })
    }

    pub fn report(&self) -> Option<Report> {
        self.outcome().map(report)
    }

    pub fn tls(&self) -> Vec<&TlsInfo> {
        self.events
            .iter()
            .filter_map(|e| match e {
                Event::Tls(t) => Some(t),
                _ => None,
            })
            .collect()
    }

    pub fn resolved(&self) -> Option<(String, Vec<String>)> {
        self.events.iter().find_map(|e| match e {
            Event::Resolved { host, addresses } => Some((host.clone(), addresses.clone())),
            _ => None,
        })
    }

    pub fn connected(&self) -> Option<(String, String)> {
        self.events.iter().find_map(|e| match e {
            Event::Connected { peer, local } => Some((peer.clone(), local.clone())),
            _ => None,
        })
    }

    /// The explanation of each reply, by the index of the event that completes it.
    pub fn explanations(&self) -> Vec<(usize, Explanation)> {
        self.events
            .iter()
            .enumerate()
            .filter_map(|(i, e)| match e {
                Event::Line(l) => l
                    .reply
                    .as_ref()
                    .map(|r| (i, explain_answered(&r.reply, &r.answered))),
                _ => None,
            })
            .collect()
    }
}

/// The stop-after id as on the command line (`rcpt`, `send`).
fn stop_after_name(stop: crate::proto::StopAfter) -> String {
    serde_json::to_value(stop)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}

/// Removes every occurrence of each secret, raw and in base64, from an export.
pub fn scrub(mut output: String, secrets: &[&str]) -> String {
    use base64::Engine as _;
    for secret in secrets.iter().filter(|s| !s.is_empty()) {
        output = output.replace(secret, "<redacted>");
        let b64 = base64::engine::general_purpose::STANDARD.encode(secret);
        if b64.len() >= 8 {
            output = output.replace(b64.trim_end_matches('='), "<redacted>");
        }
    }
    output
}

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Html,
    Json,
}

impl Format {
    /// The format a file name asks for, by its extension.
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "txt" | "log" | "text" => Some(Format::Text),
            "html" | "htm" => Some(Format::Html),
            "json" => Some(Format::Json),
            _ => None,
        }
    }

    /// The usual file extension of the format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Html => "html",
            Format::Json => "json",
        }
    }

    pub fn render(self, record: &SessionRecord, secrets: &[&str]) -> String {
        let out = match self {
            Format::Text => text::render(record),
            Format::Html => html::render(record),
            Format::Json => json::render(record),
        };
        scrub(out, secrets)
    }
}

/// Why a session file cannot be read back.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} is not a session export: {source}")]
    Parse {
        path: String,
        source: serde_json::Error,
    },
}

/// Reads a session back from its JSON export (or a recorded session: the same fields), to
/// compare it.
pub fn read(path: &std::path::Path) -> Result<SessionRecord, ReadError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| ReadError::Read {
        path: shown.clone(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|source| ReadError::Parse {
        path: shown,
        source,
    })
}

/// Writes an export atomically, so a failure never leaves half a report.
pub fn write(path: &std::path::Path, contents: &str) -> std::io::Result<()> {
    crate::fs::write_atomically(path, contents.as_bytes())
}

#[cfg(test)]
mod tests;
