//! The words of an exported session: the settings as labelled facts and the labels of the
//! export's parts, shared by the text and HTML exports.

use super::t;
use crate::export::SessionRecord;

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

/// The session's settings and connection facts, each with its label, in the order reports show
/// them. No secret is among them: the record holds none.
pub fn facts(record: &SessionRecord) -> Vec<(String, String)> {
    let s = &record.settings;
    let mut out = vec![
        (t!("export-tool"), record.tool.clone()),
        (
            t!("export-started"),
            crate::export::text::utc(record.started_at),
        ),
        (
            t!("export-server"),
            format!("{}:{} ({})", s.server, s.port, super::security(s.security)),
        ),
    ];
    if let Some(h) = &s.helo {
        out.push((t!("export-helo"), h.clone()));
    }
    let auth = match &s.auth_user {
        Some(user) => {
            let mechanism = s
                .auth_mechanism
                .map(|m| m.name().to_string())
                .unwrap_or_else(|| t!("export-auth-chosen"));
            let kind = if s.uses_token() {
                t!("export-auth-token")
            } else {
                t!("export-auth-password")
            };
            t!(
                "export-auth-user",
                user = user.as_str(),
                mechanism = mechanism,
                kind = kind
            )
        }
        None => t!("export-auth-not-asked"),
    };
    out.push((t!("export-auth"), auth));
    let sender = if s.mail_from.is_empty() {
        String::from("<>")
    } else {
        s.mail_from.clone()
    };
    out.push((t!("export-sender"), sender));
    let recipients = if s.rcpt_to.is_empty() {
        t!("export-none")
    } else {
        s.rcpt_to.join(", ")
    };
    out.push((t!("export-recipients"), recipients));
    out.push((t!("export-stop-after"), stop_after_name(s.stop_after)));
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
        out.push((t!("export-dsn"), parts.join(" ")));
    }
    out.push((
        t!("export-certificates"),
        if s.accept_invalid_certificates {
            t!("export-certificates-accepted")
        } else {
            t!("export-certificates-refused")
        },
    ));
    if let Some((host, addrs)) = record.resolved() {
        out.push((
            t!("export-resolved"),
            format!("{host} -> {}", addrs.join(", ")),
        ));
    }
    if let Some((peer, local)) = record.connected() {
        out.push((
            t!("export-connected"),
            t!(
                "export-connected-value",
                peer = peer.as_str(),
                local = local.as_str()
            ),
        ));
    }
    out
}

/// The stop-after id as on the command line (`rcpt`, `send`).
fn stop_after_name(stop: crate::proto::StopAfter) -> String {
    serde_json::to_value(stop)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}
