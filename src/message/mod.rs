//! The test message: headers, text and HTML bodies, attachments and extra headers, built into
//! RFC 5322 bytes with lettre's builder (only the builder; sessions are ours).
//!
//! lettre picks a transfer encoding (7bit, quoted-printable or base64) that keeps every line
//! within RFC 5322 2.1.1's 998 octets and folds or encodes long and non-ASCII headers, so the
//! result can go through DATA unchanged. This module never reads a secret and never sends.

use crate::present::t;
use std::sync::atomic::{AtomicU64, Ordering};

use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use serde::{Deserialize, Serialize};

/// What the user wants in the test message. Empty fields get sensible defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TestMessage {
    /// The From header; empty uses the envelope sender.
    pub from: String,
    /// Header recipients; when `to` and `cc` are both empty, To lists the envelope recipients.
    pub to: Vec<String>,
    pub cc: Vec<String>,
    /// Never written into the message (the envelope carries Bcc recipients).
    pub bcc: Vec<String>,
    pub reply_to: Option<String>,
    pub subject: Option<String>,
    /// With neither body set, the default body says what sent the message and when.
    pub text_body: Option<String>,
    pub html_body: Option<String>,
    pub attachments: Vec<std::path::PathBuf>,
    /// Extra headers, name and value.
    pub headers: Vec<(String, String)>,
}

/// Facts for the default body and the generated headers. Holds no secret.
#[derive(Debug, Clone)]
pub struct SendContext {
    /// "smtp-lens 0.1.0"
    pub tool: String,
    /// Settings worth stating in the body, e.g. ("server", "mail.example.com:587").
    pub profile_summary: Vec<(String, String)>,
    pub envelope_from: String,
    pub envelope_to: Vec<String>,
    pub now: time::OffsetDateTime,
    /// The domain of the Message-ID.
    pub message_id_domain: String,
}

/// Reads one extra header written as `Name: value`; the error says how to write it.
pub fn parse_header(line: &str) -> Result<(String, String), MessageError> {
    match line.split_once(':') {
        Some((name, value)) => Ok((name.trim().to_string(), value.trim().to_string())),
        None => Err(MessageError::HeaderSyntax(line.escape_debug().to_string())),
    }
}

impl SendContext {
    /// The context of a session's test message: the settings worth stating in its body (never a
    /// secret), the envelope, the time, and a Message-ID domain taken from the sender.
    pub fn for_session(
        profile: Option<&str>,
        server: &str,
        plan: &crate::proto::session::SessionPlan,
    ) -> SendContext {
        // Without SMTPUTF8 the headers carry the addresses as the envelope does: an
        // internationalised domain in its ASCII form (RFC 5891).
        let utf8 = plan.extensions.smtputf8;
        let shown = |address: &str| -> String {
            if utf8 {
                address.to_string()
            } else {
                crate::proto::command::ascii_form(address).into_owned()
            }
        };
        let mut summary = Vec::new();
        if let Some(name) = profile {
            summary.push((t!("message-setting-profile"), name.to_string()));
        }
        summary.push((t!("message-setting-server"), server.to_string()));
        summary.push((
            t!("message-setting-security"),
            crate::present::security(plan.security),
        ));
        if let Some(auth) = &plan.auth {
            summary.push((
                t!("message-setting-auth-user"),
                auth.credentials.user.clone(),
            ));
        }
        let domain = plan
            .mail_from
            .rsplit_once('@')
            .map(|(_, d)| d.to_string())
            .filter(|d| !d.is_empty())
            .unwrap_or_else(|| String::from("smtp-lens.invalid"));
        SendContext {
            tool: format!("{} {}", env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION")),
            profile_summary: summary,
            envelope_from: shown(&plan.mail_from),
            envelope_to: plan.rcpt_to.iter().map(|a| shown(a)).collect(),
            now: time::OffsetDateTime::now_utc(),
            message_id_domain: domain,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum MessageError {
    #[error(
        "the {field} address \"{value}\" is not valid: {reason}; write it as name@example.com or \"Name <name@example.com>\""
    )]
    Address {
        field: &'static str,
        value: String,
        reason: String,
    },
    #[error("the header \"{name}\" cannot be used: {reason}")]
    Header { name: String, reason: HeaderProblem },
    /// An extra header written without ':' (the line, escaped).
    #[error("the header \"{0}\" has no ':'; write it as 'Name: value'")]
    HeaderSyntax(String),
    #[error("cannot read the attachment {}: {source}; check the path and its permissions", path.display())]
    Attachment {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("cannot build the message: {0}")]
    Build(String),
}

/// Why an extra header cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeaderProblem {
    /// Its value holds CR, LF or NUL (header injection).
    #[error("its value contains {} (header injection); remove line breaks", char_name(*.0))]
    LineBreak(char),
    /// The name is not printable ASCII without spaces or ':' (RFC 5322 2.2).
    #[error("a header name is printable ASCII without spaces or ':' (RFC 5322 2.2)")]
    BadName,
    /// The message builder writes this header itself.
    #[error("it is set from the message fields; use those instead")]
    Managed,
    /// The message builder refused the name (its own words).
    #[error("{0}")]
    Refused(String),
}

fn char_name(c: char) -> &'static str {
    match c {
        '\r' => "a carriage return",
        '\n' => "a line feed",
        _ => "a NUL byte",
    }
}

/// Headers lettre writes itself; a second copy would make the message ambiguous.
const MANAGED_HEADERS: &[&str] = &[
    "content-type",
    "content-transfer-encoding",
    "mime-version",
    "from",
    "to",
    "cc",
    "bcc",
    "subject",
    "reply-to",
];

static COUNTER: AtomicU64 = AtomicU64::new(0);

impl TestMessage {
    /// The message as RFC 5322 bytes with CRLF line endings.
    pub fn build(&self, ctx: &SendContext) -> Result<Vec<u8>, MessageError> {
        for (name, value) in &self.headers {
            check_header(name, value)?;
        }
        let from_text = if self.from.trim().is_empty() {
            if ctx.envelope_from.is_empty() {
                String::from("smtp-lens <smtp-lens@invalid>")
            } else {
                ctx.envelope_from.clone()
            }
        } else {
            self.from.clone()
        };
        let mut builder = lettre::Message::builder().from(mailbox("From", &from_text)?);
        let header_to: Vec<String> = if self.to.is_empty() && self.cc.is_empty() {
            ctx.envelope_to.clone()
        } else {
            self.to.clone()
        };
        for to in &header_to {
            builder = builder.to(mailbox("To", to)?);
        }
        for cc in &self.cc {
            builder = builder.cc(mailbox("Cc", cc)?);
        }
        for bcc in &self.bcc {
            // Validated for the user's sake; lettre drops Bcc from the output.
            builder = builder.bcc(mailbox("Bcc", bcc)?);
        }
        if let Some(reply_to) = &self.reply_to {
            builder = builder.reply_to(mailbox("Reply-To", reply_to)?);
        }
        let subject = match &self.subject {
            Some(s) => {
                no_line_breaks("Subject", s)?;
                s.clone()
            }
            None => t!("message-subject", time = format_time(ctx.now)),
        };
        builder = match fold_long_words(&subject) {
            // A word too long to fold (no spaces to break at) goes as RFC 2047 encoded words.
            Some(encoded) => builder.raw_header(HeaderValue::dangerous_new_pre_encoded(
                HeaderName::new_from_ascii_str("Subject"),
                subject.clone(),
                encoded,
            )),
            None => builder.subject(subject),
        };
        let has_date = self
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("date"));
        if !has_date {
            builder = builder.date(std::time::SystemTime::from(ctx.now));
        }
        let has_id = self
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("message-id"));
        if !has_id {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let stamp = ctx.now.unix_timestamp_nanos();
            let domain = if ctx.message_id_domain.is_empty() {
                "smtp-lens.invalid"
            } else {
                &ctx.message_id_domain
            };
            builder = builder.message_id(Some(format!(
                "<smtp-lens.{stamp:x}.{}.{n}@{domain}>",
                std::process::id()
            )));
        }
        for (name, value) in &self.headers {
            let header_name =
                HeaderName::new_from_ascii(name.clone()).map_err(|e| MessageError::Header {
                    name: name.clone(),
                    reason: HeaderProblem::Refused(e.to_string()),
                })?;
            let header = match fold_long_words(value) {
                Some(encoded) => {
                    HeaderValue::dangerous_new_pre_encoded(header_name, value.clone(), encoded)
                }
                None => HeaderValue::new(header_name, value.clone()),
            };
            builder = builder.raw_header(header);
        }

        let text = match (&self.text_body, &self.html_body) {
            (None, None) => Some(default_body(ctx)),
            (t, _) => t.clone(),
        };
        let body: Option<MultiPart> = match (text, &self.html_body) {
            (Some(t), Some(h)) => Some(MultiPart::alternative_plain_html(t, h.clone())),
            _ => None,
        };
        let single = |text: &Option<String>| -> SinglePart {
            match (text, &self.html_body) {
                (_, Some(h)) => SinglePart::html(h.clone()),
                (Some(t), None) => SinglePart::plain(t.clone()),
                (None, None) => SinglePart::plain(String::new()),
            }
        };
        let text_for_single = match (&self.text_body, &self.html_body) {
            (None, None) => Some(default_body(ctx)),
            (t, _) => t.clone(),
        };
        let message = if self.attachments.is_empty() {
            match body {
                Some(alt) => builder.multipart(alt),
                None => builder.singlepart(single(&text_for_single)),
            }
        } else {
            let mut mixed = match body {
                Some(alt) => MultiPart::mixed().multipart(alt),
                None => MultiPart::mixed().singlepart(single(&text_for_single)),
            };
            for path in &self.attachments {
                let content = std::fs::read(path).map_err(|source| MessageError::Attachment {
                    path: path.clone(),
                    source,
                })?;
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| String::from("attachment"));
                let mime = mime_guess::from_path(path).first_or_octet_stream();
                let content_type = ContentType::parse(mime.as_ref())
                    .or_else(|_| ContentType::parse("application/octet-stream"))
                    .map_err(|e| MessageError::Build(e.to_string()))?;
                mixed = mixed.singlepart(Attachment::new(name).body(content, content_type));
            }
            builder.multipart(mixed)
        };
        let message = message.map_err(|e| MessageError::Build(e.to_string()))?;
        Ok(message.formatted())
    }
}

/// The body used when the user gives none: what sent it, with which settings, and when.
pub fn default_body(ctx: &SendContext) -> String {
    let mut out = t!(
        "message-body-intro",
        tool = ctx.tool.as_str(),
        time = format_time(ctx.now)
    );
    out.push_str("\r\n\r\n");
    if !ctx.profile_summary.is_empty() {
        out.push_str(&t!("message-body-settings"));
        out.push_str("\r\n");
        for (k, v) in &ctx.profile_summary {
            out.push_str(&format!("  {k}: {v}\r\n"));
        }
        out.push_str("\r\n");
    }
    let from = if ctx.envelope_from.is_empty() {
        "<>"
    } else {
        &ctx.envelope_from
    };
    out.push_str(&t!(
        "message-body-envelope",
        from = from,
        to = ctx.envelope_to.join(", ")
    ));
    out.push_str("\r\n\r\n");
    out.push_str(&t!("message-body-outro"));
    out.push_str("\r\n");
    out
}

fn format_time(t: time::OffsetDateTime) -> String {
    let utc = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
        utc.year(),
        u8::from(utc.month()),
        utc.day(),
        utc.hour(),
        utc.minute(),
        utc.second()
    )
}

/// A header value with a word longer than a folded line allows cannot be folded at spaces
/// (RFC 5322 2.2.3); it is sent as RFC 2047 4.1 "B" encoded words of at most 75 characters,
/// one per folded line. `None` when the value needs nothing of the kind.
fn fold_long_words(value: &str) -> Option<String> {
    const LONGEST_WORD: usize = 70;
    if value.split([' ', '\t']).all(|w| w.len() <= LONGEST_WORD) {
        return None;
    }
    use base64::Engine as _;
    let mut words = Vec::new();
    let mut chunk = String::new();
    for c in value.chars() {
        // 45 input bytes make 60 base64 characters: "=?utf-8?b?" + 60 + "?=" is 72.
        if chunk.len() + c.len_utf8() > 45 {
            words.push(std::mem::take(&mut chunk));
        }
        chunk.push(c);
    }
    if !chunk.is_empty() {
        words.push(chunk);
    }
    let encoded: Vec<String> = words
        .iter()
        .map(|w| {
            format!(
                "=?utf-8?b?{}?=",
                base64::engine::general_purpose::STANDARD.encode(w)
            )
        })
        .collect();
    Some(encoded.join("\r\n "))
}

fn no_line_breaks(field: &str, value: &str) -> Result<(), MessageError> {
    if let Some(c) = value.chars().find(|c| matches!(c, '\r' | '\n' | '\0')) {
        return Err(MessageError::Header {
            name: field.to_string(),
            reason: HeaderProblem::LineBreak(c),
        });
    }
    Ok(())
}

/// Checks an extra header before the message is built: no line breaks, a printable name
/// (RFC 5322 2.2), and not one of the headers the builder writes itself.
pub fn check_header(name: &str, value: &str) -> Result<(), MessageError> {
    no_line_breaks(name, name)?;
    no_line_breaks(name, value)?;
    if name.is_empty() || !name.bytes().all(|b| (33..=126).contains(&b) && b != b':') {
        return Err(MessageError::Header {
            name: name.escape_debug().to_string(),
            reason: HeaderProblem::BadName,
        });
    }
    if MANAGED_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
        return Err(MessageError::Header {
            name: name.to_string(),
            reason: HeaderProblem::Managed,
        });
    }
    Ok(())
}

fn mailbox(field: &'static str, value: &str) -> Result<Mailbox, MessageError> {
    no_line_breaks(field, value)?;
    value
        .trim()
        .parse::<Mailbox>()
        .map_err(|e| MessageError::Address {
            field,
            value: value.to_string(),
            reason: e.to_string(),
        })
}

/// The longest line in `bytes`, without its line ending.
pub fn max_line_len(bytes: &[u8]) -> usize {
    bytes
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l).len())
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> SendContext {
        SendContext {
            tool: String::from("smtp-lens 0.1.0"),
            profile_summary: vec![
                (String::from("server"), String::from("mx.example.test:587")),
                (String::from("security"), String::from("STARTTLS required")),
            ],
            envelope_from: String::from("alice@example.test"),
            envelope_to: vec![String::from("bob@example.test")],
            now: time::macros::datetime!(2026-11-24 21:30:00 UTC),
            message_id_domain: String::from("example.test"),
        }
    }

    fn text(b: &[u8]) -> String {
        String::from_utf8_lossy(b).into_owned()
    }

    fn crlf_only(b: &[u8]) -> bool {
        b.iter()
            .enumerate()
            .all(|(i, &c)| c != b'\n' || (i > 0 && b[i - 1] == b'\r'))
    }

    #[test]
    fn the_default_message_names_tool_settings_and_time() {
        let out = TestMessage::default().build(&ctx()).unwrap();
        let t = text(&out);
        for expected in [
            "From: alice@example.test",
            "To: bob@example.test",
            "Subject: smtp-lens test message 2026-11-24 21:30:00 UTC",
            "Date: Tue, 24 Nov 2026 21:30:00 +0000",
            "Message-ID: <smtp-lens.",
            "smtp-lens 0.1.0",
            "server: mx.example.test:587",
            "security: STARTTLS required",
        ] {
            assert!(t.contains(expected), "missing {expected:?} in\n{t}");
        }
        assert!(crlf_only(&out));
    }

    #[test]
    fn message_ids_differ_between_builds() {
        let a = text(&TestMessage::default().build(&ctx()).unwrap());
        let b = text(&TestMessage::default().build(&ctx()).unwrap());
        let id = |t: &str| {
            t.lines()
                .find(|l| l.starts_with("Message-ID:"))
                .map(str::to_string)
        };
        assert_ne!(id(&a), id(&b));
    }

    #[test]
    fn text_and_html_make_an_alternative_and_attachments_a_mixed_message() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.pdf");
        let content: Vec<u8> = (0..=255u8).cycle().take(600).collect();
        std::fs::write(&path, &content).unwrap();
        let m = TestMessage {
            text_body: Some(String::from("plain words")),
            html_body: Some(String::from("<p>html words</p>")),
            attachments: vec![path],
            ..TestMessage::default()
        };
        let t = text(&m.build(&ctx()).unwrap());
        assert!(t.contains("multipart/mixed"), "{t}");
        assert!(t.contains("multipart/alternative"), "{t}");
        assert!(t.contains("filename=\"report.pdf\""), "{t}");
        assert!(t.contains("application/pdf"), "{t}");
        use base64::Engine as _;
        assert!(t.contains("Content-Transfer-Encoding: base64"), "{t}");
        let start = t.find("filename=\"report.pdf\"").unwrap();
        let body_start = start + t[start..].find("\r\n\r\n").unwrap() + 4;
        let body_end = body_start + t[body_start..].find("\r\n--").unwrap();
        let joined: String = t[body_start..body_end].split("\r\n").collect();
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(joined)
            .unwrap();
        assert_eq!(decoded, content);
    }

    #[test]
    fn long_lines_are_encoded_below_998_octets() {
        let m = TestMessage {
            subject: Some("s".repeat(2000)),
            text_body: Some("word ".repeat(1000)),
            ..TestMessage::default()
        };
        let out = m.build(&ctx()).unwrap();
        assert!(max_line_len(&out) <= 998, "{}", max_line_len(&out));
        let t = text(&out);
        assert!(
            t.contains("Content-Transfer-Encoding: quoted-printable")
                || t.contains("Content-Transfer-Encoding: base64"),
            "{t}"
        );
        // The subject comes back whole from its encoded words.
        use base64::Engine as _;
        let subject: String = t
            .split("=?utf-8?b?")
            .skip(1)
            .map(|w| w.split("?=").next().unwrap_or_default())
            .map(|b| {
                String::from_utf8(base64::engine::general_purpose::STANDARD.decode(b).unwrap())
                    .unwrap()
            })
            .collect();
        assert_eq!(subject, "s".repeat(2000));
    }

    #[test]
    fn injection_in_headers_and_addresses_is_refused() {
        let cases = [
            TestMessage {
                headers: vec![(
                    String::from("X-A"),
                    String::from("v\r\nBcc: evil@example.test"),
                )],
                ..TestMessage::default()
            },
            TestMessage {
                headers: vec![(String::from("X-A\n"), String::from("v"))],
                ..TestMessage::default()
            },
            TestMessage {
                headers: vec![(String::from("X A"), String::from("v"))],
                ..TestMessage::default()
            },
            TestMessage {
                headers: vec![(String::from("Content-Type"), String::from("text/html"))],
                ..TestMessage::default()
            },
            TestMessage {
                subject: Some(String::from("hi\r\nBcc: x@example.test")),
                ..TestMessage::default()
            },
            TestMessage {
                to: vec![String::from("a@example.test\nBcc: x@example.test")],
                ..TestMessage::default()
            },
            TestMessage {
                to: vec![String::from("not an address")],
                ..TestMessage::default()
            },
        ];
        for m in cases {
            assert!(m.build(&ctx()).is_err(), "{m:?}");
        }
    }

    #[test]
    fn a_missing_attachment_names_its_path() {
        let m = TestMessage {
            attachments: vec!["/nonexistent/file.txt".into()],
            ..TestMessage::default()
        };
        let err = m.build(&ctx()).unwrap_err().to_string();
        assert!(err.contains("/nonexistent/file.txt"), "{err}");
    }

    #[test]
    fn bcc_never_appears_and_unicode_survives() {
        let m = TestMessage {
            bcc: vec![String::from("hidden@example.test")],
            subject: Some(String::from("Grüße ✓")),
            text_body: Some(String::from("Größe: 5 €")),
            headers: vec![(String::from("X-Test-Run"), String::from("42"))],
            ..TestMessage::default()
        };
        let out = m.build(&ctx()).unwrap();
        let t = text(&out);
        assert!(!t.contains("hidden@example.test"), "{t}");
        assert!(t.contains("Subject: =?utf-8?"), "{t}");
        assert!(t.contains("X-Test-Run: 42"), "{t}");
        assert!(crlf_only(&out));
    }
}
