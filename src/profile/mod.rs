//! Saved server profiles: what to connect to and what to send, without any secret.
//!
//! A profile is plain data (serde); `validate` names every problem field by field, as the user
//! types; `to_request` turns a profile plus a secret into the same `SessionRequest` the CLI
//! builds. The secret itself lives in the OS keychain (`crate::secrets`), never here.

pub mod presets;
pub mod store;

use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::engine::{SessionRequest, Target, Timeouts, TlsOptions};
use crate::message::{SendContext, TestMessage};
use crate::proto::command::{Field as CommandField, check_domain, check_mailbox, check_value};
use crate::proto::session::{AuthPlan, DsnOptions, Security, SessionPlan, StopAfter};
use crate::proto::{Credentials, Mechanism, Secret};

/// How to log in. The password or token is not here: it is in the keychain under the profile's id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct AuthSettings {
    pub enabled: bool,
    pub user: String,
    /// `None` chooses from what the server offers.
    pub mechanism: Option<Mechanism>,
    /// The secret is an OAuth 2.0 access token (XOAUTH2 / OAUTHBEARER), not a password.
    pub oauth: bool,
}

/// The test message.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MessageSettings {
    pub subject: String,
    pub text: String,
    pub html: String,
    pub attachments: Vec<PathBuf>,
    /// Extra header lines, `Name: value`, one per line.
    pub headers: String,
}

/// Session options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Options {
    /// Seconds per phase (connect, greeting, TLS, each command).
    pub timeout_secs: f64,
    pub accept_invalid_certificates: bool,
    pub smtputf8: bool,
    /// Ask for delivery status notifications on failure (RFC 3461).
    pub dsn: bool,
    pub pipelining: bool,
    pub bdat: bool,
    /// Extra trusted certificate authorities (PEM), e.g. a company's internal CA.
    pub ca_file: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            timeout_secs: 20.0,
            accept_invalid_certificates: false,
            smtputf8: false,
            dsn: false,
            pipelining: true,
            bdat: false,
            ca_file: None,
        }
    }
}

/// One saved server profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Profile {
    /// Stable id, also the keychain account name of its secret.
    pub id: String,
    pub name: String,
    pub server: String,
    pub port: u16,
    pub security: Security,
    /// Empty: the address literal of our side of the connection.
    pub helo: String,
    pub auth: AuthSettings,
    pub mail_from: String,
    /// Recipients, one per line (or separated by commas).
    pub rcpt_to: String,
    pub message: MessageSettings,
    pub options: Options,
}

impl Default for Profile {
    fn default() -> Self {
        Profile {
            id: new_id(),
            name: String::from("New profile"),
            server: String::new(),
            port: 587,
            security: Security::StartTlsRequired,
            helo: String::new(),
            auth: AuthSettings::default(),
            mail_from: String::new(),
            rcpt_to: String::new(),
            message: MessageSettings::default(),
            options: Options::default(),
        }
    }
}

/// A new profile id: time and a counter, unique within this machine.
pub fn new_id() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = time::OffsetDateTime::now_utc().unix_timestamp_nanos();
    format!("p{nanos:x}{:x}", COUNTER.fetch_add(1, Ordering::Relaxed))
}

/// The port a security mode uses unless told otherwise (RFC 8314 3.3, RFC 6409 3.1, RFC 5321).
pub fn default_port(security: Security) -> u16 {
    match security {
        Security::ImplicitTls => 465,
        Security::StartTlsRequired | Security::StartTlsIfOffered => 587,
        Security::None => 25,
    }
}

/// A field of the editor, for validation messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Name,
    Server,
    Port,
    Helo,
    User,
    MailFrom,
    RcptTo,
    Headers,
    Attachments,
    Timeout,
    CaFile,
}

/// One problem with a field, in words that say what to change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: Field,
    pub message: String,
}

/// What the session is asked to do: the four actions of the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Action {
    /// Stops after TLS (or EHLO without TLS).
    TestConnection,
    /// Stops after AUTH.
    TestLogin,
    /// Stops after RCPT: sends no message.
    TestRecipients,
    SendTestMessage,
}

impl Action {
    pub fn label(self) -> &'static str {
        match self {
            Action::TestConnection => "Test connection",
            Action::TestLogin => "Test login",
            Action::TestRecipients => "Test recipients",
            Action::SendTestMessage => "Send test message",
        }
    }

    pub fn stop_after(self) -> StopAfter {
        match self {
            Action::TestConnection => StopAfter::Tls,
            Action::TestLogin => StopAfter::Auth,
            Action::TestRecipients => StopAfter::Rcpt,
            Action::SendTestMessage => StopAfter::Send,
        }
    }

    pub const ALL: [Action; 4] = [
        Action::TestConnection,
        Action::TestLogin,
        Action::TestRecipients,
        Action::SendTestMessage,
    ];
}

impl Profile {
    pub fn recipients(&self) -> Vec<String> {
        self.rcpt_to
            .split(['\n', ',', ';'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// `host:port` (`[v6]:port` for an IPv6 address), for `Target::parse`.
    pub fn host_and_port(&self) -> String {
        let host = self
            .server
            .trim()
            .trim_start_matches('[')
            .trim_end_matches(']');
        if host.parse::<std::net::Ipv6Addr>().is_ok() {
            format!("[{host}]:{}", self.port)
        } else {
            format!("{host}:{}", self.port)
        }
    }

    fn header_lines(&self) -> Result<Vec<(String, String)>, String> {
        self.message
            .headers
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(crate::message::parse_header)
            .collect()
    }

    /// Every problem that would stop `action`, field by field. Empty when the profile can run.
    /// Reads the filesystem (see `check_files`).
    pub fn validate(&self, action: Action) -> Vec<Problem> {
        let mut problems = self.check_fields(action);
        problems.extend(self.check_files());
        problems
    }

    /// The problems of the fields themselves, without looking at any file: cheap and pure, so
    /// the window runs it as the user types.
    pub fn check_fields(&self, action: Action) -> Vec<Problem> {
        let mut problems = Vec::new();
        let mut bad = |field: Field, message: String| problems.push(Problem { field, message });
        if self.name.trim().is_empty() {
            bad(Field::Name, String::from("Give the profile a name."));
        }
        let server = self.server.trim();
        if server.is_empty() {
            bad(
                Field::Server,
                String::from("Enter the server's host name or IP address, e.g. smtp.example.com."),
            );
        } else if server.contains(':')
            && server.parse::<std::net::Ipv6Addr>().is_err()
            && !server.starts_with('[')
        {
            bad(
                Field::Server,
                String::from("Put only the host name here and the port in the Port field."),
            );
        } else if let Err(e) = Target::parse(&self.host_and_port(), self.security) {
            bad(Field::Server, e.to_string());
        }
        if self.port == 0 {
            bad(
                Field::Port,
                String::from(
                    "The port must be between 1 and 65535 (587 for STARTTLS, 465 for TLS, 25 for relay).",
                ),
            );
        }
        if !self.helo.trim().is_empty()
            && let Err(e) = check_domain(CommandField::HeloName, self.helo.trim())
        {
            bad(Field::Helo, e.to_string());
        }
        let utf8 = self.options.smtputf8;
        let needs_auth = matches!(action, Action::TestLogin);
        if self.auth.enabled || needs_auth {
            if self.auth.user.trim().is_empty() {
                bad(
                    Field::User,
                    String::from(
                        "Enter the user name to log in with (often the full e-mail address).",
                    ),
                );
            } else if let Err(e) = check_value(CommandField::AuthUser, &self.auth.user) {
                bad(Field::User, e.to_string());
            }
        }
        let envelope = matches!(action, Action::TestRecipients | Action::SendTestMessage);
        if envelope || !self.mail_from.trim().is_empty() {
            let from = self.mail_from.trim();
            if from.is_empty() && envelope {
                bad(
                    Field::MailFrom,
                    String::from("Enter the envelope sender (MAIL FROM), e.g. you@example.com."),
                );
            } else if !from.is_empty()
                && let Err(e) = check_mailbox(CommandField::Sender, from, utf8)
            {
                bad(Field::MailFrom, e.to_string());
            }
        }
        let recipients = self.recipients();
        if envelope && recipients.is_empty() {
            bad(
                Field::RcptTo,
                String::from("Enter at least one recipient, one per line."),
            );
        }
        for r in &recipients {
            if let Err(e) = check_mailbox(CommandField::Recipient, r, utf8) {
                bad(Field::RcptTo, format!("{r}: {e}"));
            }
        }
        match self.header_lines() {
            Ok(headers) => {
                for (name, value) in headers {
                    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_graphic() && b != b':') {
                        bad(
                            Field::Headers,
                            format!("\"{name}\" is not a header name: use letters, digits and '-'"),
                        );
                    } else if let Err(e) = check_value(CommandField::Header, &value) {
                        bad(Field::Headers, e.to_string());
                    }
                }
            }
            Err(e) => bad(Field::Headers, e),
        }
        if !(self.options.timeout_secs > 0.0 && self.options.timeout_secs <= 3600.0) {
            bad(
                Field::Timeout,
                String::from("The timeout must be between 1 and 3600 seconds."),
            );
        }
        problems
    }

    /// Whether the files the profile names (attachments, the extra CA) are readable files. Reads
    /// the filesystem: the window runs it on its worker, never on the UI thread.
    pub fn check_files(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        let mut bad = |field: Field, message: String| problems.push(Problem { field, message });
        for path in &self.message.attachments {
            if !path.is_file() {
                bad(
                    Field::Attachments,
                    format!(
                        "{} is not a readable file; remove it or pick it again",
                        path.display()
                    ),
                );
            }
        }
        if let Some(ca) = &self.options.ca_file
            && !ca.is_file()
        {
            bad(
                Field::CaFile,
                format!(
                    "{} is not a readable file; pick the CA certificate (PEM) again or clear it",
                    ca.display()
                ),
            );
        }
        problems
    }

    /// The session request for `action`, with the secret from the keychain (or memory).
    pub fn to_request(
        &self,
        action: Action,
        secret: Option<&str>,
    ) -> anyhow::Result<SessionRequest> {
        if let Some(p) = self.validate(action).first() {
            anyhow::bail!("{}", p.message);
        }
        let target = Target::parse(&self.host_and_port(), self.security)?;
        let mut plan = SessionPlan::new(self.security);
        plan.helo_name = Some(self.helo.trim().to_string()).filter(|h| !h.is_empty());
        plan.mail_from = self.mail_from.trim().to_string();
        plan.rcpt_to = self.recipients();
        plan.stop_after = match action {
            Action::TestLogin if !self.auth.enabled && self.auth.user.is_empty() => StopAfter::Tls,
            a => a.stop_after(),
        };
        plan.extensions.pipelining = self.options.pipelining;
        plan.extensions.chunking = self.options.bdat;
        plan.extensions.smtputf8 = self.options.smtputf8;
        if self.options.dsn {
            plan.extensions.dsn = Some(DsnOptions {
                notify: vec![String::from("FAILURE"), String::from("DELAY")],
                ret: Some(String::from("HDRS")),
                envid: None,
                orcpt: false,
            });
        }
        if self.auth.enabled || action == Action::TestLogin {
            let Some(secret) = secret.filter(|s| !s.is_empty()) else {
                anyhow::bail!(
                    "no {} for {}: enter it in the profile's login section",
                    if self.auth.oauth {
                        "OAuth token"
                    } else {
                        "password"
                    },
                    self.auth.user
                );
            };
            plan.auth = Some(AuthPlan {
                credentials: Credentials {
                    user: self.auth.user.trim().to_string(),
                    secret: Secret::new(secret.to_string()),
                    host: target.host.clone(),
                    port: target.port,
                },
                mechanism: self.auth.mechanism,
                token: self.auth.oauth
                    || matches!(
                        self.auth.mechanism,
                        Some(Mechanism::XOAuth2 | Mechanism::OAuthBearer)
                    ),
            });
        }
        if plan.stop_after == StopAfter::Send {
            plan.message = Some(self.build_message(&plan, &target)?);
        }
        plan.validate()?;
        let secs = self.options.timeout_secs.clamp(1.0, 3600.0);
        let mut tls = TlsOptions {
            accept_invalid: self.options.accept_invalid_certificates,
            ..TlsOptions::default()
        };
        if let Some(path) = &self.options.ca_file {
            tls.add_roots_from_pem(path)?;
        }
        Ok(SessionRequest {
            target,
            plan,
            tls,
            timeouts: Timeouts::all(Duration::from_secs_f64(secs)),
        })
    }

    fn build_message(&self, plan: &SessionPlan, target: &Target) -> anyhow::Result<Vec<u8>> {
        let some = |s: &str| Some(s.to_string()).filter(|s| !s.trim().is_empty());
        let message = TestMessage {
            subject: some(&self.message.subject),
            text_body: some(&self.message.text),
            html_body: some(&self.message.html),
            attachments: self.message.attachments.clone(),
            headers: self.header_lines().map_err(anyhow::Error::msg)?,
            ..TestMessage::default()
        };
        let ctx = SendContext::for_session(Some(&self.name), &target.to_string(), plan);
        Ok(message.build(&ctx)?)
    }
}

#[cfg(test)]
mod tests;
