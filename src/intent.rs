//! The session intent: what the user asked one session to do, in one typed value that the command
//! line (`cli::check`) and the saved profiles (`profile`) both fill, that is checked once
//! (`SessionIntent::validate`) with one set of ranges, and that exports record as it was.
//!
//! Two steps, kept apart on purpose:
//! - `validate` and `problems` are pure: no filesystem, no clock, no network, no secret.
//! - `into_request` turns a valid intent plus the secret into the engine's `SessionRequest`; it
//!   is the only place here that reads files (the CA certificates, the HTML body, attachments).
//!
//! This module must never hold a secret: the password or token is passed to `into_request` and
//! goes straight into the session plan. Anything added to `SessionIntent` ends up in exports.

use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::engine::{
    SessionRequest, Target, TargetError, Timeouts, TlsOptions, tls::TlsSetupError,
};
use crate::message::{MessageError, SendContext, TestMessage};
use crate::proto::command::{CommandError, Field, check_domain, check_mailbox, check_value};
use crate::proto::session::{AuthPlan, DsnOptions, PlanError, Security, SessionPlan, StopAfter};
use crate::proto::{Credentials, Mechanism, ReplyLimits, Secret};

/// The longest timeout accepted for a phase, in seconds (one day).
pub const MAX_TIMEOUT_SECS: f64 = 86_400.0;

/// The shortest reply line we accept as a limit, in bytes: RFC 5321 4.5.3.1.5 makes 512 octets
/// the minimum a client must handle, so a smaller limit is raised to it.
pub const MIN_REPLY_LINE: usize = 512;

/// The default limit of a reply line, in bytes (line ending included).
pub const DEFAULT_REPLY_LINE: usize = 4096;

/// What one session is asked to do, without any secret. Serialized into exports as `settings`;
/// the field names of the first export schema are kept, so older files still load (fields they
/// lack take their defaults).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SessionIntent {
    /// Host name or IP address, without port or brackets.
    pub server: String,
    /// TCP port, 1 to 65535.
    pub port: u16,
    pub security: Security,
    /// The EHLO name; `None` uses the address literal of our side (RFC 5321 4.1.4).
    pub helo: Option<String>,
    /// Log in as this user (RFC 4954); `None` skips AUTH.
    pub auth_user: Option<String>,
    /// The forced mechanism; `None` chooses from what the server offers.
    pub auth_mechanism: Option<Mechanism>,
    /// The user said the secret is an OAuth 2.0 access token; see `uses_token`.
    pub oauth_token: bool,
    /// The envelope sender (MAIL FROM); empty for the null sender.
    pub mail_from: String,
    /// The envelope recipients (RCPT TO).
    pub rcpt_to: Vec<String>,
    /// The session ends with QUIT after this stage.
    pub stop_after: StopAfter,
    /// Go on after a certificate fails verification (the finding is still shown).
    pub accept_invalid_certificates: bool,
    /// Use PIPELINING (RFC 2920) when offered.
    pub pipelining: bool,
    /// Send the message with BDAT (RFC 3030) when offered.
    pub chunking: bool,
    /// Use SMTPUTF8 (RFC 6531) when offered.
    pub smtputf8: bool,
    /// Delivery status notifications to ask for (RFC 3461); `None` asks for none.
    pub dsn: Option<DsnOptions>,
    /// A PEM file of extra trusted certificate authorities.
    pub ca_file: Option<PathBuf>,
    /// One limit for every phase, in seconds (0 < t <= `MAX_TIMEOUT_SECS`); `None` keeps the
    /// engine's per-phase defaults (`Timeouts::default`).
    pub timeout_secs: Option<f64>,
    /// Longest reply line accepted from the server, in bytes; raised to `MIN_REPLY_LINE`.
    pub max_reply_line: usize,
    /// The saved profile this came from, named in the test message's body.
    pub profile: Option<String>,
    /// The test message, used when `stop_after` is `Send`.
    pub message: MessageIntent,
}

impl Default for SessionIntent {
    fn default() -> Self {
        SessionIntent {
            server: String::new(),
            port: Security::StartTlsRequired.default_port(),
            security: Security::StartTlsRequired,
            helo: None,
            auth_user: None,
            auth_mechanism: None,
            oauth_token: false,
            mail_from: String::new(),
            rcpt_to: Vec::new(),
            stop_after: StopAfter::Ehlo,
            accept_invalid_certificates: false,
            pipelining: true,
            chunking: false,
            smtputf8: false,
            dsn: None,
            ca_file: None,
            timeout_secs: None,
            max_reply_line: DEFAULT_REPLY_LINE,
            profile: None,
            message: MessageIntent::default(),
        }
    }
}

/// The test message as asked for; built into bytes by `SessionIntent::into_request`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MessageIntent {
    pub subject: Option<String>,
    /// The plain-text body; with no body at all, the default body names the tool and settings.
    pub text_body: Option<String>,
    /// The HTML body, given inline (the window's editor).
    pub html_body: Option<String>,
    /// The HTML body, read from this file when the request is made (the command line).
    pub html_file: Option<PathBuf>,
    /// Files to attach, read when the request is made.
    pub attachments: Vec<PathBuf>,
    /// Extra headers, name and value.
    pub headers: Vec<(String, String)>,
}

/// Which user-facing value a problem is about, so each front end can point at its own field or
/// flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IntentField {
    Server,
    Port,
    Helo,
    User,
    MailFrom,
    RcptTo,
    Headers,
    Timeout,
    Dsn,
}

/// A problem with an intent, found before anything is read or sent.
#[derive(Debug, thiserror::Error)]
pub enum IntentError {
    /// The server is not a host name or IP address.
    #[error(transparent)]
    Server(#[from] TargetError),
    /// Port 0.
    #[error("the port must be between 1 and 65535 (587 for STARTTLS, 465 for TLS, 25 for relay)")]
    Port,
    /// The EHLO name is not a domain (RFC 5321 4.1.4, 4.5.3.1.2).
    #[error(transparent)]
    Helo(CommandError),
    /// The AUTH user is empty or holds CR, LF or NUL.
    #[error(transparent)]
    User(CommandError),
    /// `stop_after` is `Auth` with no user to log in as.
    #[error("stop after AUTH was asked but no AUTH user is set: give a user and password")]
    StopAfterAuthWithoutUser,
    /// The envelope sender breaks RFC 5321 (4.1.2 syntax, 4.5.3.1 lengths).
    #[error(transparent)]
    Sender(CommandError),
    /// The session goes as far as RCPT with no recipient.
    #[error("no recipient given: add at least one recipient")]
    NoRecipients,
    /// A recipient breaks RFC 5321 (4.1.2 syntax, 4.5.3.1 lengths).
    #[error(transparent)]
    Recipient(CommandError),
    /// An extra header the message builder would refuse (RFC 5322 2.2).
    #[error(transparent)]
    Header(MessageError),
    /// A timeout outside 0 < t <= `MAX_TIMEOUT_SECS`.
    #[error("the timeout {secs} s is out of range: give more than 0 and at most 86400 seconds")]
    Timeout {
        /// The rejected value, in seconds.
        secs: f64,
    },
    /// A NOTIFY value outside RFC 3461 4.1 (NEVER alone, or SUCCESS, FAILURE, DELAY).
    #[error(
        "the DSN NOTIFY value \"{0}\" is not valid: use NEVER, or any of SUCCESS, FAILURE, DELAY (RFC 3461 4.1)"
    )]
    DsnNotify(String),
    /// A RET value other than FULL or HDRS.
    #[error("the DSN RET value \"{0}\" is not valid: use FULL or HDRS (RFC 3461 4.3)")]
    DsnRet(String),
}

impl IntentError {
    /// The value the problem is about.
    pub fn field(&self) -> IntentField {
        match self {
            IntentError::Server(_) => IntentField::Server,
            IntentError::Port => IntentField::Port,
            IntentError::Helo(_) => IntentField::Helo,
            IntentError::User(_) | IntentError::StopAfterAuthWithoutUser => IntentField::User,
            IntentError::Sender(_) => IntentField::MailFrom,
            IntentError::NoRecipients | IntentError::Recipient(_) => IntentField::RcptTo,
            IntentError::Header(_) => IntentField::Headers,
            IntentError::Timeout { .. } => IntentField::Timeout,
            IntentError::DsnNotify(_) | IntentError::DsnRet(_) => IntentField::Dsn,
        }
    }
}

/// Why an intent could not become a request: a problem with the intent itself, a missing secret,
/// or a file that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum RequestError {
    /// `SessionIntent::validate` refused it.
    #[error(transparent)]
    Invalid(#[from] IntentError),
    /// A user to log in as, and no secret (or an empty one).
    #[error(
        "no {} for {user}: give one to log in, or do not log in (no AUTH)",
        secret_kind(.token)
    )]
    MissingSecret { user: String, token: bool },
    /// The HTML body file could not be read.
    #[error("cannot read the HTML body {}; check the path: {source}", path.display())]
    HtmlFile {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The message could not be built (an attachment unreadable, an address lettre refuses).
    #[error(transparent)]
    Message(#[from] MessageError),
    /// The CA file could not be read or holds no certificate.
    #[error(transparent)]
    CaFile(#[from] TlsSetupError),
    /// The plan's own last check (`SessionPlan::validate`) refused it.
    #[error(transparent)]
    Plan(#[from] PlanError),
}

fn secret_kind(token: &bool) -> &'static str {
    if *token { "OAuth token" } else { "password" }
}

impl SessionIntent {
    /// `host:port` (`[v6]:port` for an IPv6 address), as `Target::parse` reads it.
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

    /// Where to connect.
    pub fn target(&self) -> Result<Target, IntentError> {
        if self.port == 0 {
            return Err(IntentError::Port);
        }
        Ok(Target::parse(&self.host_and_port(), self.security)?)
    }

    /// The secret is an OAuth 2.0 access token: the user said so, or forced a mechanism that
    /// only takes tokens (XOAUTH2, OAUTHBEARER RFC 7628).
    pub fn uses_token(&self) -> bool {
        self.oauth_token
            || matches!(
                self.auth_mechanism,
                Some(Mechanism::XOAuth2 | Mechanism::OAuthBearer)
            )
    }

    /// The first problem, if any; see `problems`.
    pub fn validate(&self) -> Result<(), IntentError> {
        match self.problems().into_iter().next() {
            Some(problem) => Err(problem),
            None => Ok(()),
        }
    }

    /// Every problem with the intent, in the order of the session. Pure: reads no file. Values
    /// that are given are checked even when the session stops before using them, so a typo is
    /// found at once.
    pub fn problems(&self) -> Vec<IntentError> {
        let mut problems = Vec::new();
        if let Err(e) = self.target() {
            problems.push(e);
        }
        if let Some(helo) = &self.helo
            && let Err(e) = check_domain(Field::HeloName, helo)
        {
            problems.push(IntentError::Helo(e));
        }
        match &self.auth_user {
            Some(user) if user.is_empty() => {
                problems.push(IntentError::User(CommandError::Empty {
                    field: Field::AuthUser,
                }));
            }
            Some(user) => {
                if let Err(e) = check_value(Field::AuthUser, user) {
                    problems.push(IntentError::User(e));
                }
            }
            None if self.stop_after == StopAfter::Auth => {
                problems.push(IntentError::StopAfterAuthWithoutUser);
            }
            None => {}
        }
        let utf8 = self.smtputf8;
        if !self.mail_from.is_empty()
            && let Err(e) = check_mailbox(Field::Sender, &self.mail_from, utf8)
        {
            problems.push(IntentError::Sender(e));
        }
        if self.stop_after >= StopAfter::Rcpt && self.rcpt_to.is_empty() {
            problems.push(IntentError::NoRecipients);
        }
        for rcpt in &self.rcpt_to {
            if let Err(e) = check_mailbox(Field::Recipient, rcpt, utf8) {
                problems.push(IntentError::Recipient(e));
            }
        }
        for (name, value) in &self.message.headers {
            if let Err(e) = crate::message::check_header(name, value) {
                problems.push(IntentError::Header(e));
            }
        }
        if let Some(secs) = self.timeout_secs
            && !(secs > 0.0 && secs <= MAX_TIMEOUT_SECS)
        {
            problems.push(IntentError::Timeout { secs });
        }
        if let Some(dsn) = &self.dsn {
            problems.extend(dsn_problems(dsn));
        }
        problems
    }

    /// The engine's request: the intent checked, the secret added, the message built and the
    /// files read. `secret` is needed when `auth_user` is set.
    pub fn into_request(&self, secret: Option<Secret>) -> Result<SessionRequest, RequestError> {
        self.validate()?;
        let target = self.target()?;
        let mut plan = self.plan(&target, secret)?;
        let files = self.read_files(&plan, &target)?;
        plan.message = files.message.map(Into::into);
        plan.validate()?;
        let timeouts = match self.timeout_secs {
            Some(secs) => Timeouts::all(Duration::from_secs_f64(secs)),
            None => Timeouts::default(),
        };
        Ok(SessionRequest {
            target,
            plan,
            tls: files.tls,
            timeouts,
            addresses: Vec::new(),
            pacer: None,
        })
    }

    /// The session plan without the message. Pure.
    fn plan(&self, target: &Target, secret: Option<Secret>) -> Result<SessionPlan, RequestError> {
        let mut plan = SessionPlan::new(self.security);
        plan.helo_name = self.helo.clone();
        plan.mail_from = self.mail_from.clone();
        plan.rcpt_to = self.rcpt_to.clone();
        plan.stop_after = self.stop_after;
        plan.reply_limits = ReplyLimits {
            max_line_len: self.max_reply_line.max(MIN_REPLY_LINE),
            ..ReplyLimits::default()
        };
        plan.extensions.pipelining = self.pipelining;
        plan.extensions.chunking = self.chunking;
        plan.extensions.smtputf8 = self.smtputf8;
        plan.extensions.dsn = self.dsn.clone();
        if let Some(user) = &self.auth_user {
            let token = self.uses_token();
            let Some(secret) = secret.filter(|s| !s.is_empty()) else {
                return Err(RequestError::MissingSecret {
                    user: user.clone(),
                    token,
                });
            };
            plan.auth = Some(AuthPlan {
                credentials: Credentials {
                    user: user.clone(),
                    secret,
                    host: target.host.clone(),
                    port: target.port,
                },
                mechanism: self.auth_mechanism,
                token,
            });
        }
        Ok(plan)
    }

    // Everything below reads files; everything above does not.

    /// Reads the CA certificates and, when the message is sent, the HTML body and attachments.
    fn read_files(&self, plan: &SessionPlan, target: &Target) -> Result<Files, RequestError> {
        let mut tls = TlsOptions {
            accept_invalid: self.accept_invalid_certificates,
            ..TlsOptions::default()
        };
        if let Some(path) = &self.ca_file {
            tls.add_roots_from_pem(path)?;
        }
        let message = if self.stop_after == StopAfter::Send {
            Some(self.build_message(plan, target)?)
        } else {
            None
        };
        Ok(Files { tls, message })
    }

    fn build_message(&self, plan: &SessionPlan, target: &Target) -> Result<Vec<u8>, RequestError> {
        let m = &self.message;
        let html_body =
            match (&m.html_file, &m.html_body) {
                (Some(path), _) => Some(std::fs::read_to_string(path).map_err(|source| {
                    RequestError::HtmlFile {
                        path: path.clone(),
                        source,
                    }
                })?),
                (None, html) => html.clone(),
            };
        let message = TestMessage {
            subject: m.subject.clone(),
            text_body: m.text_body.clone(),
            html_body,
            attachments: m.attachments.clone(),
            headers: m.headers.clone(),
            ..TestMessage::default()
        };
        let ctx = SendContext::for_session(self.profile.as_deref(), &target.to_string(), plan);
        Ok(message.build(&ctx)?)
    }

    /// The intent behind a request, for callers that kept only the request: the CA file, the
    /// message options and the profile name are not in a request and stay empty.
    pub fn from_request(req: &SessionRequest) -> SessionIntent {
        let auth = req.plan.auth.as_ref();
        let t = req.timeouts;
        let timeout_secs = if t == Timeouts::all(t.connect) {
            Some(t.connect.as_secs_f64())
        } else {
            None
        };
        SessionIntent {
            server: req.target.host.clone(),
            port: req.target.port,
            security: req.plan.security,
            helo: req.plan.helo_name.clone(),
            auth_user: auth.map(|a| a.credentials.user.clone()),
            auth_mechanism: auth.and_then(|a| a.mechanism),
            oauth_token: auth.is_some_and(|a| a.token),
            mail_from: req.plan.mail_from.clone(),
            rcpt_to: req.plan.rcpt_to.clone(),
            stop_after: req.plan.stop_after,
            accept_invalid_certificates: req.tls.accept_invalid,
            pipelining: req.plan.extensions.pipelining,
            chunking: req.plan.extensions.chunking,
            smtputf8: req.plan.extensions.smtputf8,
            dsn: req.plan.extensions.dsn.clone(),
            ca_file: None,
            timeout_secs,
            max_reply_line: req.plan.reply_limits.max_line_len,
            profile: None,
            message: MessageIntent::default(),
        }
    }
}

/// What `read_files` read.
struct Files {
    tls: TlsOptions,
    message: Option<Vec<u8>>,
}

/// RFC 3461 4.1: NOTIFY is NEVER alone, or a list of SUCCESS, FAILURE and DELAY; 4.3: RET is
/// FULL or HDRS.
fn dsn_problems(dsn: &DsnOptions) -> Vec<IntentError> {
    let mut problems = Vec::new();
    let known = ["SUCCESS", "FAILURE", "DELAY"];
    let never = dsn.notify.iter().any(|n| n == "NEVER");
    for n in &dsn.notify {
        let ok = if never {
            dsn.notify.len() == 1
        } else {
            known.contains(&n.as_str())
        };
        if !ok {
            problems.push(IntentError::DsnNotify(n.clone()));
        }
    }
    if let Some(ret) = &dsn.ret
        && ret != "FULL"
        && ret != "HDRS"
    {
        problems.push(IntentError::DsnRet(ret.clone()));
    }
    problems
}

pub mod load;

#[cfg(test)]
mod tests;
