//! What a session is asked to do: the security mode, where to stop, the extensions to use, the
//! time limits and the login, checked before a byte is sent (`SessionPlan::validate`). Pure data:
//! no IO, no clock, no words for people.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::auth::{Credentials, Mechanism};
use super::command::{self, CommandError, Field};
use super::reply::ReplyLimits;

/// How the connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Security {
    /// Plain text all the way; STARTTLS is not attempted even when offered.
    None,
    /// STARTTLS must be offered and must succeed, or the session stops before AUTH.
    #[serde(rename = "starttls")]
    StartTlsRequired,
    /// STARTTLS is used when offered; without it the session goes on in plain text.
    #[serde(rename = "starttls-optional")]
    StartTlsIfOffered,
    /// TLS from the first byte (RFC 8314 3.3), as on port 465.
    #[serde(rename = "tls")]
    ImplicitTls,
}

impl Security {
    /// The port a client would normally use with this mode (RFC 8314 3.3, RFC 6409).
    pub fn default_port(self) -> u16 {
        match self {
            Security::None => 25,
            Security::StartTlsRequired | Security::StartTlsIfOffered => 587,
            Security::ImplicitTls => 465,
        }
    }

    /// The id used on the command line and in profiles (`starttls`, `tls`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Security::None => "none",
            Security::StartTlsRequired => "starttls",
            Security::StartTlsIfOffered => "starttls-optional",
            Security::ImplicitTls => "tls",
        }
    }
}

/// Where the user asked the session to stop (then it sends QUIT).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StopAfter {
    Connect,
    Greeting,
    Ehlo,
    Tls,
    Auth,
    Mail,
    /// Test the recipients: no message is sent.
    Rcpt,
    /// The whole session: the message is sent.
    Send,
}

/// DSN options (RFC 3461), used when the server offers DSN.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DsnOptions {
    /// NOTIFY values: NEVER, or any of SUCCESS, FAILURE, DELAY.
    pub notify: Vec<String>,
    /// RET=FULL or RET=HDRS.
    pub ret: Option<String>,
    /// ENVID, sent xtext-encoded.
    pub envid: Option<String>,
    /// Send ORCPT=rfc822;<recipient> with each RCPT.
    pub orcpt: bool,
}

/// Which extensions the session uses when the server offers them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Extensions {
    /// PIPELINING (RFC 2920): the envelope goes as one group.
    pub pipelining: bool,
    /// CHUNKING (RFC 3030): the message goes with BDAT instead of DATA.
    pub chunking: bool,
    /// SMTPUTF8 (RFC 6531): addresses may hold non-ASCII characters.
    pub smtputf8: bool,
    /// SIZE (RFC 1870): the message size is declared with MAIL.
    pub size: bool,
    /// 8BITMIME (RFC 6152): BODY=8BITMIME for messages with 8-bit bytes.
    pub eight_bit_mime: bool,
    /// DSN (RFC 3461) parameters, when asked for.
    pub dsn: Option<DsnOptions>,
}

impl Default for Extensions {
    fn default() -> Self {
        Extensions {
            pipelining: true,
            chunking: false,
            smtputf8: false,
            size: true,
            eight_bit_mime: true,
            dsn: None,
        }
    }
}

/// A time limit for each phase of a session. A tester wants an answer soon, so the defaults are
/// short. Serialised as seconds (a float); 0 to 86400 s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Timeouts {
    /// Resolving the name and opening the TCP connection, per address.
    #[serde(with = "secs")]
    pub connect: Duration,
    /// The server's greeting after the connection opens.
    #[serde(with = "secs")]
    pub greeting: Duration,
    /// A TLS handshake.
    #[serde(with = "secs")]
    pub tls: Duration,
    /// Any other command's reply.
    #[serde(with = "secs")]
    pub command: Duration,
    /// Sending the message and waiting for the reply to its end (RFC 5321 4.5.3.2.6 allows 10
    /// minutes; a tester waits less).
    #[serde(with = "secs")]
    pub data: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(10),
            greeting: Duration::from_secs(30),
            tls: Duration::from_secs(15),
            command: Duration::from_secs(30),
            data: Duration::from_secs(120),
        }
    }
}

impl Timeouts {
    /// The longest timeout accepted anywhere (one day), in seconds.
    pub const MAX_SECS: f64 = 86_400.0;

    /// The same limit for every phase.
    pub fn all(limit: Duration) -> Timeouts {
        Timeouts {
            connect: limit,
            greeting: limit,
            tls: limit,
            command: limit,
            data: limit,
        }
    }
}

mod secs {
    use serde::{Deserialize, Deserializer, Serializer};
    use std::time::Duration;

    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(d.as_secs_f64())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        let v = f64::deserialize(d)?;
        if !(0.0..=super::Timeouts::MAX_SECS).contains(&v) {
            return Err(serde::de::Error::invalid_value(
                serde::de::Unexpected::Float(v),
                &"0 to 86400 (seconds)",
            ));
        }
        Ok(Duration::from_secs_f64(v))
    }
}

/// Login details: the credentials and, optionally, a mechanism forced by the user.
#[derive(Debug, Clone)]
pub struct AuthPlan {
    pub credentials: Credentials,
    pub mechanism: Option<Mechanism>,
    /// The secret is an OAuth access token rather than a password.
    pub token: bool,
}

/// Everything the session needs to know; built from a profile or from command-line arguments.
#[derive(Debug, Clone)]
pub struct SessionPlan {
    /// The EHLO name; `None` uses the address literal of our side of the connection (RFC 5321 4.1.4).
    pub helo_name: Option<String>,
    pub security: Security,
    pub auth: Option<AuthPlan>,
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    /// The message (RFC 5322 bytes); needed only when `stop_after` is `Send`. Shared, so a
    /// bulk run builds it once for every session.
    pub message: Option<std::sync::Arc<[u8]>>,
    pub stop_after: StopAfter,
    pub extensions: Extensions,
    pub reply_limits: ReplyLimits,
    /// DATA lines logged in full before the middle of a long message is summarised.
    pub max_logged_data_lines: usize,
    /// How long to wait for each reply and handshake.
    pub timeouts: Timeouts,
    /// Messages sent over this one connection (1 or more, when `stop_after` is `Send`): after
    /// each transaction the next one starts on the same connection (RSET first when the last one
    /// did not end with the message accepted; RFC 5321 4.1.1.5), then QUIT. Each finished
    /// transaction but the last is reported as `Output::TransactionDone`.
    pub transactions: u32,
    /// Whether the lines sent are logged (`Output::Send`'s `log`) and the engine reports every
    /// line as an event. Off, only outcomes and each reply's timing are reported: bulk runs
    /// turn it off for the sessions whose transcript they would not keep.
    pub transcript: bool,
    /// Numbers each message sent with this plan, so that a message sent many times (a bulk
    /// run) still has a Message-ID of its own (RFC 5322 3.6.4).
    pub serial: Option<MessageSerial>,
}

/// Where a message's Message-ID takes a number: `id` is the Message-ID as the message holds it
/// (with its angle brackets), `digits` the place in it of the zeros that each message replaces
/// with the next value of `next`, in lower-case hexadecimal.
#[derive(Debug, Clone)]
pub struct MessageSerial {
    pub id: Vec<u8>,
    pub digits: std::ops::Range<usize>,
    /// Shared by every session of a run: each message takes one number.
    pub next: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl MessageSerial {
    /// Writes the next number into the first copy of `id` in `bytes`; false when `bytes` holds
    /// none (the message was changed). The length never changes.
    pub fn stamp(&self, bytes: &mut [u8]) -> bool {
        let Some(at) = bytes
            .windows(self.id.len().max(1))
            .position(|w| w == self.id.as_slice())
        else {
            return false;
        };
        let n = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let width = self.digits.len();
        let text = format!("{n:0width$x}");
        // A number wider than the zeros keeps its low digits: the place holds 16 of them.
        let text = &text.as_bytes()[text.len().saturating_sub(width)..];
        let start = at + self.digits.start;
        if let Some(place) = bytes.get_mut(start..start + width) {
            place.copy_from_slice(text);
        }
        true
    }
}

impl SessionPlan {
    /// A plan that stops after EHLO, for quick checks and tests.
    pub fn new(security: Security) -> SessionPlan {
        SessionPlan {
            helo_name: None,
            security,
            auth: None,
            mail_from: String::new(),
            rcpt_to: Vec::new(),
            message: None,
            stop_after: StopAfter::Ehlo,
            extensions: Extensions::default(),
            reply_limits: ReplyLimits::default(),
            max_logged_data_lines: 400,
            timeouts: Timeouts::default(),
            transactions: 1,
            transcript: true,
            serial: None,
        }
    }

    /// Checks every user-supplied value before a byte is sent, so a typo is reported at once and
    /// never reaches the server half-way through a session.
    pub fn validate(&self) -> Result<(), PlanError> {
        if let Some(name) = &self.helo_name {
            command::check_domain(Field::HeloName, name)?;
        }
        let utf8 = self.extensions.smtputf8;
        let needs = |stage: StopAfter| self.stop_after >= stage;
        if needs(StopAfter::Mail) && !self.mail_from.is_empty() {
            command::check_mailbox(Field::Sender, &self.mail_from, utf8)?;
        }
        if needs(StopAfter::Rcpt) {
            if self.rcpt_to.is_empty() {
                return Err(PlanError::NoRecipients);
            }
            for rcpt in &self.rcpt_to {
                command::check_mailbox(Field::Recipient, rcpt, utf8)?;
            }
        }
        if needs(StopAfter::Send) && self.message.is_none() {
            return Err(PlanError::NoMessage);
        }
        if let Some(auth) = &self.auth {
            command::check_value(Field::AuthUser, &auth.credentials.user)?;
            if auth.credentials.secret.is_empty() {
                return Err(PlanError::EmptySecret);
            }
        } else if self.stop_after == StopAfter::Auth {
            return Err(PlanError::StopAfterAuthWithoutAuth);
        }
        Ok(())
    }
}

/// A plan that cannot be run, found before connecting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "kebab-case")]
pub enum PlanError {
    #[error(transparent)]
    Value(#[from] CommandError),
    #[error("no recipient given: add at least one recipient (--to)")]
    NoRecipients,
    #[error("no message to send: give a message or stop after RCPT (--stop-after rcpt)")]
    NoMessage,
    #[error("the password or token is empty: give one, or leave out the AUTH user to skip AUTH")]
    EmptySecret,
    #[error("stop after AUTH was asked but no AUTH user is set: give a user and password")]
    StopAfterAuthWithoutAuth,
}
