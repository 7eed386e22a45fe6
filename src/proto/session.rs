//! The SMTP client session as a state machine, free of IO and of time.
//!
//! The driver feeds it what happened on the wire (`handle_connected`, `handle_bytes`,
//! `handle_tls_established`, `handle_failure`) and drains what to do next with `poll_output`:
//! bytes to send, replies to show, notes, a request to start TLS, and finally the `Outcome`.
//! A server reply, positive or negative, is always data: it becomes an `Output::Received` and a
//! line in the outcome, never a Rust error.
//!
//! The order follows RFC 5321 3 and its extensions: greeting, EHLO (HELO when EHLO is refused with
//! 500 or 502), STARTTLS (RFC 3207) and EHLO again, AUTH (RFC 4954), MAIL, one RCPT per recipient,
//! DATA or BDAT (RFC 3030), QUIT. Replies are matched to commands through a queue, so PIPELINING
//! (RFC 2920) needs no special reply handling: the replies come back in the order the commands went.
//!
//! This module must never see a secret leave it unredacted: every logged line of an AUTH exchange
//! is the redacted form, and every logged line is passed through `auth::redact` as a last guard.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use super::auth::{AuthError, AuthExchange, Credentials, Mechanism, choose_mechanism, redact};
use super::capability::Capabilities;
use super::command::{self, Command, CommandError};
use super::reply::{Reply, ReplyError, ReplyLimits, ReplyParser};

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

    /// The name used on the command line and in profiles.
    pub fn name(self) -> &'static str {
        match self {
            Security::None => "none",
            Security::StartTlsRequired => "starttls",
            Security::StartTlsIfOffered => "starttls-optional",
            Security::ImplicitTls => "tls",
        }
    }

    /// Words for a person.
    pub fn describe(self) -> &'static str {
        match self {
            Security::None => "no TLS (plain text)",
            Security::StartTlsRequired => "STARTTLS required",
            Security::StartTlsIfOffered => "STARTTLS if offered",
            Security::ImplicitTls => "implicit TLS",
        }
    }
}

/// The stages of a session, in order. Each ends passed, failed or skipped in the outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    Connect,
    Greeting,
    Ehlo,
    Tls,
    Auth,
    Mail,
    Rcpt,
    Data,
    Quit,
}

impl Stage {
    pub const ALL: [Stage; 9] = [
        Stage::Connect,
        Stage::Greeting,
        Stage::Ehlo,
        Stage::Tls,
        Stage::Auth,
        Stage::Mail,
        Stage::Rcpt,
        Stage::Data,
        Stage::Quit,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Stage::Connect => "connect",
            Stage::Greeting => "greeting",
            Stage::Ehlo => "EHLO",
            Stage::Tls => "TLS",
            Stage::Auth => "AUTH",
            Stage::Mail => "MAIL FROM",
            Stage::Rcpt => "RCPT TO",
            Stage::Data => "message",
            Stage::Quit => "QUIT",
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
    pub pipelining: bool,
    pub chunking: bool,
    pub smtputf8: bool,
    pub size: bool,
    pub eight_bit_mime: bool,
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
    /// The message (RFC 5322 bytes); needed only when `stop_after` is `Send`.
    pub message: Option<Vec<u8>>,
    pub stop_after: StopAfter,
    pub extensions: Extensions,
    pub reply_limits: ReplyLimits,
    /// DATA lines logged in full before the middle of a long message is summarised.
    pub max_logged_data_lines: usize,
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
        }
    }

    /// Checks every user-supplied value before a byte is sent, so a typo is reported at once and
    /// never reaches the server half-way through a session.
    pub fn validate(&self) -> Result<(), PlanError> {
        if let Some(name) = &self.helo_name {
            command::check_domain("HELO name", name)?;
        }
        let utf8 = self.extensions.smtputf8;
        let needs = |stage: StopAfter| self.stop_after >= stage;
        if needs(StopAfter::Mail) && !self.mail_from.is_empty() {
            command::check_mailbox("sender address", &self.mail_from, utf8)?;
        }
        if needs(StopAfter::Rcpt) {
            if self.rcpt_to.is_empty() {
                return Err(PlanError::NoRecipients);
            }
            for rcpt in &self.rcpt_to {
                command::check_mailbox("recipient address", rcpt, utf8)?;
            }
        }
        if needs(StopAfter::Send) && self.message.is_none() {
            return Err(PlanError::NoMessage);
        }
        if let Some(auth) = &self.auth {
            command::check_value("AUTH user", &auth.credentials.user)?;
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
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
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

/// What the answered command was, so a reply can be explained in its context
/// (a 550 to RCPT is not a 550 to MAIL).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReplyContext {
    Greeting,
    Ehlo,
    Helo,
    Starttls,
    Auth,
    Mail,
    Rcpt,
    Data,
    EndOfData,
    Bdat,
    Rset,
    Quit,
}

impl ReplyContext {
    pub fn name(self) -> &'static str {
        match self {
            ReplyContext::Greeting => "greeting",
            ReplyContext::Ehlo => "ehlo",
            ReplyContext::Helo => "helo",
            ReplyContext::Starttls => "starttls",
            ReplyContext::Auth => "auth",
            ReplyContext::Mail => "mail",
            ReplyContext::Rcpt => "rcpt",
            ReplyContext::Data => "data",
            ReplyContext::EndOfData => "end-of-data",
            ReplyContext::Bdat => "bdat",
            ReplyContext::Rset => "rset",
            ReplyContext::Quit => "quit",
        }
    }
}

/// The command a reply answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answered {
    pub context: ReplyContext,
    /// For RCPT: the recipient; for MAIL: the sender.
    pub address: Option<String>,
}

/// One line we sent, as it goes into the transcript (already redacted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SentLine {
    /// The bytes, including CRLF. For AUTH lines, the redacted form.
    pub raw: Vec<u8>,
    /// The text to show.
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NoteLevel {
    Info,
    Warning,
    Error,
}

/// Something the session wants the user to know that is not a line on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    pub level: NoteLevel,
    pub text: String,
}

/// What the driver must do or show next.
#[derive(Debug, Clone)]
pub enum Output {
    /// Write `wire` to the connection; log `log`.
    Send {
        wire: Vec<u8>,
        log: Vec<SentLine>,
    },
    /// A complete reply arrived, answering `answered`.
    Received {
        reply: Reply,
        answered: Answered,
    },
    Note(Note),
    StageChanged(Stage),
    /// Perform the TLS handshake now (after a 220 to STARTTLS), then call
    /// `handle_tls_established` or `handle_failure`.
    StartTls,
    /// Close the connection; `Finished` follows.
    Close,
    Finished(Outcome),
}

/// How a stage ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StageStatus {
    Passed,
    Failed,
    /// Not needed (no AUTH asked, TLS not used) or not reached.
    Skipped,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageResult {
    pub stage: Stage,
    pub status: StageStatus,
    pub detail: String,
    pub reply: Option<Reply>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecipientResult {
    pub address: String,
    pub accepted: bool,
    /// `None` when the session ended before this recipient's reply came.
    pub reply: Option<Reply>,
}

/// The overall result. Each value maps to one exit code of the command line tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Everything asked for was accepted.
    Success,
    /// A value given by the user could not be sent (found only during the session).
    InvalidInput,
    ConnectFailed,
    /// The server closed the connection when a reply was due.
    ConnectionLost,
    TlsFailed,
    /// The greeting or EHLO/HELO was refused.
    ServerRefused,
    AuthFailed,
    SenderRejected,
    SomeRecipientsRejected,
    AllRecipientsRejected,
    MessageRejected,
    /// The server broke the protocol (malformed reply, limits exceeded).
    ProtocolError,
    Timeout,
    Cancelled,
}

impl Verdict {
    pub fn is_success(self) -> bool {
        self == Verdict::Success
    }

    pub fn describe(self) -> &'static str {
        match self {
            Verdict::Success => "all accepted",
            Verdict::InvalidInput => "invalid input",
            Verdict::ConnectFailed => "could not connect",
            Verdict::ConnectionLost => "connection lost",
            Verdict::TlsFailed => "TLS failed",
            Verdict::ServerRefused => "server refused the session",
            Verdict::AuthFailed => "authentication failed",
            Verdict::SenderRejected => "sender rejected",
            Verdict::SomeRecipientsRejected => "some recipients rejected",
            Verdict::AllRecipientsRejected => "all recipients rejected",
            Verdict::MessageRejected => "message rejected",
            Verdict::ProtocolError => "protocol error",
            Verdict::Timeout => "timed out",
            Verdict::Cancelled => "cancelled",
        }
    }
}

/// A failure seen by the driver, not by the protocol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    Connect(String),
    Tls(String),
    Timeout {
        waiting_for: String,
    },
    /// The peer closed the connection (end of stream).
    Closed,
    Io(String),
    Cancelled,
}

/// The end of a session: each stage, each recipient, the verdict and the reply that decided it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub verdict: Verdict,
    /// One sentence about what happened.
    pub summary: String,
    /// The stage that decided the verdict (the failed one, or the last one run).
    pub deciding_stage: Stage,
    pub deciding_reply: Option<Reply>,
    pub stages: Vec<StageResult>,
    pub recipients: Vec<RecipientResult>,
    pub capabilities: Option<Capabilities>,
    pub tls: bool,
    pub auth_mechanism: Option<Mechanism>,
    pub message_size: Option<usize>,
    pub used_pipelining: bool,
    pub used_chunking: bool,
    /// For a failure not decided by a reply (transport, TLS, protocol): the cause id from
    /// `assets/knowledge/causes.toml`. A reply-decided verdict leaves it `None`; the reply's
    /// explanation names the cause.
    pub cause: Option<String>,
}

impl Outcome {
    pub fn stage(&self, stage: Stage) -> Option<&StageResult> {
        self.stages.iter().find(|s| s.stage == stage)
    }
}

/// A command sent and waiting for its reply.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Pending {
    Greeting,
    Ehlo,
    Helo,
    StartTls,
    Auth,
    Mail,
    Rcpt(usize),
    Data,
    EndOfData,
    Bdat { last: bool },
    Quit,
}

impl Pending {
    fn context(&self) -> ReplyContext {
        match self {
            Pending::Greeting => ReplyContext::Greeting,
            Pending::Ehlo => ReplyContext::Ehlo,
            Pending::Helo => ReplyContext::Helo,
            Pending::StartTls => ReplyContext::Starttls,
            Pending::Auth => ReplyContext::Auth,
            Pending::Mail => ReplyContext::Mail,
            Pending::Rcpt(_) => ReplyContext::Rcpt,
            Pending::Data => ReplyContext::Data,
            Pending::EndOfData => ReplyContext::EndOfData,
            Pending::Bdat { .. } => ReplyContext::Bdat,
            Pending::Quit => ReplyContext::Quit,
        }
    }
}

/// Where the session is between replies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Before `handle_connected`.
    Idle,
    /// Commands are out, replies are awaited.
    Talking,
    /// The driver is doing the TLS handshake.
    Handshaking,
    /// QUIT sent (or the connection is to be closed); waiting for the end.
    Closing,
    Done,
}

/// The SMTP client session. See the module documentation for the contract.
pub struct Session {
    plan: SessionPlan,
    parser: ReplyParser,
    out: VecDeque<Output>,
    pending: VecDeque<Pending>,
    phase: Phase,
    helo_name: String,
    caps: Option<Capabilities>,
    tls: bool,
    tls_done_by_starttls: bool,
    auth: Option<AuthExchange>,
    auth_mechanism: Option<Mechanism>,
    stages: Vec<StageResult>,
    recipients: Vec<RecipientResult>,
    pipelined: bool,
    chunking: bool,
    smtputf8: bool,
    result: Option<(Verdict, Stage, Option<Reply>, String)>,
    cause: Option<String>,
    bdat_queue: VecDeque<(Command, Vec<u8>)>,
}

impl Session {
    pub fn new(plan: SessionPlan) -> Session {
        let parser = ReplyParser::new(plan.reply_limits);
        let recipients = plan
            .rcpt_to
            .iter()
            .map(|address| RecipientResult {
                address: address.clone(),
                accepted: false,
                reply: None,
            })
            .collect();
        let stages = Stage::ALL
            .iter()
            .map(|&stage| StageResult {
                stage,
                status: StageStatus::Skipped,
                detail: String::from("not reached"),
                reply: None,
            })
            .collect();
        Session {
            plan,
            parser,
            out: VecDeque::new(),
            pending: VecDeque::new(),
            phase: Phase::Idle,
            helo_name: String::new(),
            caps: None,
            tls: false,
            tls_done_by_starttls: false,
            auth: None,
            auth_mechanism: None,
            stages,
            recipients,
            pipelined: false,
            chunking: false,
            smtputf8: false,
            result: None,
            cause: None,
            bdat_queue: VecDeque::new(),
        }
    }

    /// The next thing for the driver to do or show.
    pub fn poll_output(&mut self) -> Option<Output> {
        self.out.pop_front()
    }

    pub fn is_done(&self) -> bool {
        self.phase == Phase::Done
    }

    /// True while the session waits for the driver's TLS handshake.
    pub fn is_handshaking(&self) -> bool {
        self.phase == Phase::Handshaking
    }

    /// What the session is waiting for, in words, for timeout messages.
    pub fn waiting_for(&self) -> String {
        match self.pending.front() {
            Some(Pending::Greeting) => String::from("the server's greeting"),
            Some(Pending::EndOfData) => String::from("the reply to the end of the message"),
            Some(p) => format!("the reply to {}", p.context().name().to_uppercase()),
            None if self.phase == Phase::Handshaking => String::from("the TLS handshake"),
            None => String::from("the server"),
        }
    }

    /// What the session is waiting for, for choosing a timeout.
    pub fn awaiting(&self) -> Option<ReplyContext> {
        self.pending.front().map(Pending::context)
    }

    /// The connection is up (and for implicit TLS, the handshake done). `local_literal` is our
    /// side's address as an RFC 5321 4.1.3 address literal, used as EHLO name when none is set.
    pub fn handle_connected(&mut self, local_literal: &str, tls: bool) {
        if self.phase != Phase::Idle {
            return;
        }
        self.tls = tls;
        self.helo_name = self
            .plan
            .helo_name
            .clone()
            .unwrap_or_else(|| local_literal.to_string());
        self.set_stage(Stage::Connect, StageStatus::Passed, "connected", None);
        if tls {
            self.set_stage(Stage::Tls, StageStatus::Passed, "implicit TLS", None);
        }
        if self.plan.stop_after == StopAfter::Connect {
            // Nothing sent: the user only wanted to know the port answers.
            self.finish(
                Verdict::Success,
                Stage::Connect,
                None,
                "connected; stopped as asked",
            );
            self.out.push_back(Output::Close);
            self.emit_finished();
            return;
        }
        self.phase = Phase::Talking;
        self.stage(Stage::Greeting);
        self.pending.push_back(Pending::Greeting);
    }

    /// Bytes received from the server (decrypted, when TLS is active).
    pub fn handle_bytes(&mut self, bytes: &[u8]) {
        if matches!(self.phase, Phase::Done | Phase::Idle) {
            return;
        }
        self.parser.push(bytes);
        loop {
            if self.phase == Phase::Done || self.phase == Phase::Handshaking {
                return;
            }
            match self.parser.next_reply() {
                Ok(Some(reply)) => self.on_reply(reply),
                Ok(None) => return,
                Err(err) => {
                    self.on_parse_error(err);
                    return;
                }
            }
        }
    }

    /// Bytes that arrived after the 220 to STARTTLS and before the handshake (RFC 3207 5:
    /// they must be discarded; a server or a middlebox injected them). Call before handshaking.
    pub fn take_injected(&mut self) -> Vec<u8> {
        self.parser.take_buffered()
    }

    /// The STARTTLS handshake succeeded: EHLO again (RFC 3207 4.2: forget what was learnt).
    pub fn handle_tls_established(&mut self) {
        if self.phase != Phase::Handshaking {
            return;
        }
        self.tls = true;
        self.tls_done_by_starttls = true;
        self.caps = None;
        self.phase = Phase::Talking;
        self.set_stage(Stage::Tls, StageStatus::Passed, "STARTTLS", None);
        self.send_ehlo();
    }

    /// A failure of the transport or the user's cancel. Ends the session.
    pub fn handle_failure(&mut self, failure: Failure) {
        if self.phase == Phase::Done {
            return;
        }
        let stage = self.current_stage();
        let cause = match &failure {
            Failure::Timeout { .. } => "timeout",
            Failure::Cancelled => "cancelled",
            Failure::Closed | Failure::Io(_) => "connection-reset",
            Failure::Connect(_) => "connection-refused",
            Failure::Tls(_) => "tls-handshake-failed",
        };
        if self.cause.is_none() && !(self.phase == Phase::Closing && self.result.is_some()) {
            self.cause = Some(cause.to_string());
        }
        let (verdict, text) = match &failure {
            Failure::Connect(msg) => (Verdict::ConnectFailed, msg.clone()),
            Failure::Tls(msg) => (Verdict::TlsFailed, msg.clone()),
            Failure::Timeout { waiting_for } => (
                Verdict::Timeout,
                format!("timed out waiting for {waiting_for}"),
            ),
            Failure::Closed => {
                if self.phase == Phase::Closing {
                    // The server closed after QUIT (or before its 221): nothing is lost.
                    self.close_quietly();
                    return;
                }
                (
                    Verdict::ConnectionLost,
                    format!(
                        "the server closed the connection while we waited for {}",
                        self.waiting_for()
                    ),
                )
            }
            Failure::Io(msg) => (Verdict::ConnectionLost, msg.clone()),
            Failure::Cancelled => (Verdict::Cancelled, String::from("cancelled by the user")),
        };
        if self.phase == Phase::Closing && self.result.is_some() {
            // The verdict is already decided; a late problem while saying goodbye changes nothing.
            self.note(NoteLevel::Warning, text);
            self.close_quietly();
            return;
        }
        let failed_stage = if failure == Failure::Cancelled || stage == Stage::Quit {
            stage
        } else {
            self.set_stage(stage, StageStatus::Failed, &text, None);
            stage
        };
        self.note(NoteLevel::Error, text.clone());
        self.finish(verdict, failed_stage, None, &text);
        self.out.push_back(Output::Close);
        self.emit_finished();
    }

    fn close_quietly(&mut self) {
        self.out.push_back(Output::Close);
        self.emit_finished();
    }

    fn current_stage(&self) -> Stage {
        if self.phase == Phase::Idle {
            return Stage::Connect;
        }
        if self.phase == Phase::Handshaking {
            return Stage::Tls;
        }
        match self.pending.front() {
            Some(Pending::Greeting) => Stage::Greeting,
            Some(Pending::Ehlo | Pending::Helo) => Stage::Ehlo,
            Some(Pending::StartTls) => Stage::Tls,
            Some(Pending::Auth) => Stage::Auth,
            Some(Pending::Mail) => Stage::Mail,
            Some(Pending::Rcpt(_)) => Stage::Rcpt,
            Some(Pending::Data | Pending::EndOfData | Pending::Bdat { .. }) => Stage::Data,
            Some(Pending::Quit) => Stage::Quit,
            None => Stage::Quit,
        }
    }

    fn on_parse_error(&mut self, err: ReplyError) {
        let stage = self.current_stage();
        let text = format!("cannot read the server's reply: {err}");
        self.cause = Some(String::from("protocol-error"));
        self.set_stage(stage, StageStatus::Failed, &text, None);
        self.note(NoteLevel::Error, text.clone());
        self.finish(Verdict::ProtocolError, stage, None, &text);
        self.pending.clear();
        self.out.push_back(Output::Close);
        self.emit_finished();
    }

    fn on_reply(&mut self, reply: Reply) {
        let Some(pending) = self.pending.pop_front() else {
            self.note(
                NoteLevel::Warning,
                String::from("the server sent a reply nobody asked for; it is shown but ignored"),
            );
            self.out.push_back(Output::Received {
                reply,
                answered: Answered {
                    context: ReplyContext::Quit,
                    address: None,
                },
            });
            return;
        };
        let address = match &pending {
            Pending::Rcpt(i) => self.plan.rcpt_to.get(*i).cloned(),
            Pending::Mail => Some(self.plan.mail_from.clone()),
            _ => None,
        };
        self.out.push_back(Output::Received {
            reply: reply.clone(),
            answered: Answered {
                context: pending.context(),
                address,
            },
        });
        if reply.has_bare_lf() {
            self.note(
                NoteLevel::Warning,
                String::from(
                    "the server ended a reply line with a bare LF; RFC 5321 2.3.8 requires CRLF",
                ),
            );
        }
        match pending {
            Pending::Greeting => self.on_greeting(reply),
            Pending::Ehlo => self.on_ehlo(reply),
            Pending::Helo => self.on_helo(reply),
            Pending::StartTls => self.on_starttls(reply),
            Pending::Auth => self.on_auth(reply),
            Pending::Mail => self.on_mail(reply),
            Pending::Rcpt(i) => self.on_rcpt(i, reply),
            Pending::Data => self.on_data(reply),
            Pending::EndOfData => self.on_end_of_data(reply),
            Pending::Bdat { last } => self.on_bdat(last, reply),
            Pending::Quit => self.on_quit(reply),
        }
    }

    fn on_greeting(&mut self, reply: Reply) {
        if reply.code / 100 == 2 {
            self.set_stage(Stage::Greeting, StageStatus::Passed, "", Some(reply));
            if self.plan.stop_after == StopAfter::Greeting {
                self.finish(
                    Verdict::Success,
                    Stage::Greeting,
                    None,
                    "greeted; stopped as asked",
                );
                self.quit();
            } else {
                self.send_ehlo();
            }
        } else {
            // RFC 5321 3.1: after a 554 greeting the client should send QUIT; after 421 the
            // server closes by itself.
            self.fail(
                Stage::Greeting,
                Verdict::ServerRefused,
                reply,
                "the server refused the session in its greeting",
            );
        }
    }

    fn send_ehlo(&mut self) {
        self.stage(Stage::Ehlo);
        let cmd = Command::Ehlo(self.helo_name.clone());
        if self.send(&cmd) {
            self.pending.push_back(Pending::Ehlo);
        }
    }

    fn on_ehlo(&mut self, reply: Reply) {
        if reply.code / 100 == 2 {
            let caps = Capabilities::from_ehlo(&reply);
            self.after_hello(caps, reply);
        } else if (reply.code == 500 || reply.code == 502) && !self.tls_done_by_starttls {
            // RFC 5321 3.2: a server that does not know EHLO gets HELO.
            self.note(
                NoteLevel::Info,
                format!(
                    "EHLO refused with {}; trying HELO (no extensions)",
                    reply.code
                ),
            );
            let cmd = Command::Helo(self.helo_name.clone());
            if self.send(&cmd) {
                self.pending.push_back(Pending::Helo);
            }
        } else {
            self.fail(
                Stage::Ehlo,
                Verdict::ServerRefused,
                reply,
                "the server refused EHLO",
            );
        }
    }

    fn on_helo(&mut self, reply: Reply) {
        if reply.code / 100 == 2 {
            self.after_hello(Capabilities::none(), reply);
        } else {
            self.fail(
                Stage::Ehlo,
                Verdict::ServerRefused,
                reply,
                "the server refused HELO",
            );
        }
    }

    fn after_hello(&mut self, caps: Capabilities, reply: Reply) {
        let first_time = !self.tls_done_by_starttls;
        self.caps = Some(caps.clone());
        if first_time || self.stage_status(Stage::Ehlo) != StageStatus::Passed {
            self.set_stage(Stage::Ehlo, StageStatus::Passed, "", Some(reply));
        }
        if first_time && self.plan.stop_after == StopAfter::Ehlo {
            self.finish(
                Verdict::Success,
                Stage::Ehlo,
                None,
                "EHLO accepted; stopped as asked",
            );
            self.quit();
            return;
        }
        if first_time && !self.tls {
            match self.plan.security {
                Security::StartTlsRequired | Security::StartTlsIfOffered if caps.starttls() => {
                    self.stage(Stage::Tls);
                    if self.send(&Command::StartTls) {
                        self.pending.push_back(Pending::StartTls);
                    }
                    return;
                }
                Security::StartTlsRequired => {
                    let text = "STARTTLS is required but the server does not offer it";
                    self.cause = Some(String::from("tls-unavailable"));
                    self.set_stage(Stage::Tls, StageStatus::Failed, text, None);
                    self.note(NoteLevel::Error, text.to_string());
                    self.finish(Verdict::TlsFailed, Stage::Tls, None, text);
                    self.quit();
                    return;
                }
                Security::StartTlsIfOffered => {
                    self.note(
                        NoteLevel::Warning,
                        String::from("the server does not offer STARTTLS; going on in plain text"),
                    );
                    self.set_stage(Stage::Tls, StageStatus::Skipped, "not offered", None);
                }
                Security::None => {
                    if caps.starttls() {
                        self.note(
                            NoteLevel::Info,
                            String::from("the server offers STARTTLS, not used (security: none)"),
                        );
                    }
                    self.set_stage(Stage::Tls, StageStatus::Skipped, "not asked", None);
                }
                Security::ImplicitTls => {}
            }
        }
        if self.plan.stop_after == StopAfter::Tls {
            self.finish(
                Verdict::Success,
                Stage::Tls,
                None,
                "TLS checked; stopped as asked",
            );
            self.quit();
            return;
        }
        self.start_auth();
    }

    fn on_starttls(&mut self, reply: Reply) {
        if reply.code == 220 {
            self.phase = Phase::Handshaking;
            self.out.push_back(Output::StartTls);
            return;
        }
        if self.plan.security == Security::StartTlsIfOffered && reply.code / 100 == 4 {
            self.set_stage(
                Stage::Tls,
                StageStatus::Failed,
                "STARTTLS refused",
                Some(reply),
            );
            self.note(
                NoteLevel::Warning,
                String::from("STARTTLS was refused; going on in plain text as the mode allows"),
            );
            if self.plan.stop_after == StopAfter::Tls {
                self.finish(Verdict::TlsFailed, Stage::Tls, None, "STARTTLS refused");
                self.quit();
            } else {
                self.start_auth();
            }
            return;
        }
        self.fail(
            Stage::Tls,
            Verdict::TlsFailed,
            reply,
            "the server refused STARTTLS",
        );
    }

    fn start_auth(&mut self) {
        let Some(auth) = self.plan.auth.clone() else {
            self.set_stage(Stage::Auth, StageStatus::Skipped, "no AUTH asked", None);
            self.after_auth();
            return;
        };
        self.stage(Stage::Auth);
        let offered = self
            .caps
            .as_ref()
            .map(Capabilities::auth_mechanisms)
            .unwrap_or_default();
        if let Some(forced) = auth.mechanism
            && !offered
                .iter()
                .any(|m| m.eq_ignore_ascii_case(forced.name()))
        {
            self.note(
                NoteLevel::Warning,
                format!("{forced} is not among the mechanisms the server offers; trying it anyway as forced"),
            );
        }
        let mechanism = match choose_mechanism(&offered, auth.mechanism, auth.token, self.tls) {
            Ok(m) => m,
            Err(err) => {
                self.auth_error(err);
                return;
            }
        };
        self.auth_mechanism = Some(mechanism);
        match AuthExchange::new(mechanism, auth.credentials) {
            Ok(mut exchange) => {
                let line = exchange.start();
                self.auth = Some(exchange);
                self.send_auth_line(line.wire, line.logged, line.display);
                self.pending.push_back(Pending::Auth);
            }
            Err(err) => self.auth_error(err),
        }
    }

    fn auth_error(&mut self, err: AuthError) {
        let text = err.to_string();
        self.set_stage(Stage::Auth, StageStatus::Failed, &text, None);
        self.note(NoteLevel::Error, text.clone());
        self.finish(Verdict::AuthFailed, Stage::Auth, None, &text);
        self.quit();
    }

    fn on_auth(&mut self, reply: Reply) {
        if reply.code == 334 {
            let challenge = reply
                .lines
                .first()
                .map(|l| l.text.trim().to_string())
                .unwrap_or_default();
            let answer = match self.auth.as_mut() {
                Some(exchange) => exchange.respond(&challenge),
                None => Err(AuthError::UnexpectedChallenge { step: 0 }),
            };
            match answer {
                Ok(line) => {
                    self.send_auth_line(line.wire, line.logged, line.display);
                    self.pending.push_back(Pending::Auth);
                }
                Err(err) => {
                    // RFC 4954 4: "*" cancels the exchange; the server answers 501.
                    self.note(NoteLevel::Error, err.to_string());
                    self.send_auth_line(b"*\r\n".to_vec(), b"*\r\n".to_vec(), String::from("*"));
                    self.pending.push_back(Pending::Auth);
                    self.auth = None;
                    self.set_stage(Stage::Auth, StageStatus::Failed, &err.to_string(), None);
                }
            }
            return;
        }
        self.auth = None;
        if reply.code / 100 == 2 && self.stage_status(Stage::Auth) != StageStatus::Failed {
            self.set_stage(Stage::Auth, StageStatus::Passed, "", Some(reply));
            self.after_auth();
        } else {
            self.fail(
                Stage::Auth,
                Verdict::AuthFailed,
                reply,
                "the server refused the login",
            );
        }
    }

    fn after_auth(&mut self) {
        if self.plan.stop_after == StopAfter::Auth {
            self.finish(
                Verdict::Success,
                Stage::Auth,
                None,
                "logged in; stopped as asked",
            );
            self.quit();
            return;
        }
        self.start_transaction();
    }

    fn start_transaction(&mut self) {
        let caps = self.caps.clone().unwrap_or_default();
        let ext = self.plan.extensions.clone();
        self.smtputf8 = ext.smtputf8 && caps.smtputf8();
        if ext.smtputf8 && !caps.smtputf8() {
            self.note(
                NoteLevel::Warning,
                String::from("SMTPUTF8 is switched on but the server does not offer it"),
            );
        }
        let sending = self.plan.stop_after == StopAfter::Send;
        let message = if sending {
            self.plan.message.clone()
        } else {
            None
        };
        let mut params: Vec<(String, Option<String>)> = Vec::new();
        if let Some(msg) = &message {
            if ext.size && caps.has("SIZE") {
                // RFC 1870 4: declare the size so the server can refuse early.
                params.push((String::from("SIZE"), Some(msg.len().to_string())));
            }
            if let Some(limit) = caps.size_limit()
                && msg.len() as u64 > limit
            {
                self.note(
                    NoteLevel::Warning,
                    format!(
                        "the message is {} bytes; the server accepts at most {limit}",
                        msg.len()
                    ),
                );
            }
            if msg.iter().any(|&b| b >= 0x80) {
                if ext.eight_bit_mime && caps.eight_bit_mime() {
                    params.push((String::from("BODY"), Some(String::from("8BITMIME"))));
                } else {
                    self.note(
                        NoteLevel::Warning,
                        String::from("the message has 8-bit bytes but 8BITMIME is not in use"),
                    );
                }
            }
        }
        if self.smtputf8 {
            params.push((String::from("SMTPUTF8"), None));
        }
        let dsn = ext.dsn.clone().filter(|_| caps.dsn());
        if ext.dsn.is_some() && dsn.is_none() {
            self.note(
                NoteLevel::Warning,
                String::from("DSN is switched on but the server does not offer it"),
            );
        }
        if let Some(d) = &dsn {
            if let Some(ret) = &d.ret {
                params.push((String::from("RET"), Some(ret.clone())));
            }
            if let Some(envid) = &d.envid {
                params.push((String::from("ENVID"), Some(command::xtext_encode(envid))));
            }
        }
        self.pipelined =
            ext.pipelining && caps.pipelining() && self.plan.stop_after >= StopAfter::Rcpt;
        self.chunking = sending && ext.chunking && caps.chunking();
        if ext.chunking && sending && !caps.chunking() {
            self.note(
                NoteLevel::Warning,
                String::from(
                    "BDAT is switched on but the server does not offer CHUNKING; using DATA",
                ),
            );
        }
        self.stage(Stage::Mail);
        let mut wire = Vec::new();
        let mut log = Vec::new();
        let mail = Command::MailFrom {
            reverse_path: self.plan.mail_from.clone(),
            params,
        };
        if !self.encode_into(&mail, &mut wire, &mut log) {
            return;
        }
        self.pending.push_back(Pending::Mail);
        if self.pipelined && self.plan.stop_after >= StopAfter::Rcpt {
            // RFC 2920 3.1: MAIL, the RCPTs and DATA may go as one group; DATA ends the group.
            for i in 0..self.plan.rcpt_to.len() {
                let rcpt = self.rcpt_command(i, dsn.as_ref());
                if !self.encode_into(&rcpt, &mut wire, &mut log) {
                    return;
                }
                self.pending.push_back(Pending::Rcpt(i));
            }
            if sending && !self.chunking {
                if !self.encode_into(&Command::Data, &mut wire, &mut log) {
                    return;
                }
                self.pending.push_back(Pending::Data);
            }
            self.note(
                NoteLevel::Info,
                String::from("PIPELINING: sending the envelope as one group"),
            );
        }
        self.out.push_back(Output::Send { wire, log });
    }

    fn rcpt_command(&self, i: usize, dsn: Option<&DsnOptions>) -> Command {
        let address = self.plan.rcpt_to.get(i).cloned().unwrap_or_default();
        let mut params = Vec::new();
        if let Some(d) = dsn {
            if !d.notify.is_empty() {
                params.push((String::from("NOTIFY"), Some(d.notify.join(","))));
            }
            if d.orcpt {
                params.push((
                    String::from("ORCPT"),
                    Some(format!("rfc822;{}", command::xtext_encode(&address))),
                ));
            }
        }
        Command::RcptTo {
            forward_path: address,
            params,
        }
    }

    fn on_mail(&mut self, reply: Reply) {
        if reply.code / 100 == 2 {
            self.set_stage(Stage::Mail, StageStatus::Passed, "", Some(reply));
            if self.plan.stop_after == StopAfter::Mail {
                // With pipelining the RCPTs are already out; their replies are shown as they come.
                self.finish(
                    Verdict::Success,
                    Stage::Mail,
                    None,
                    "sender accepted; stopped as asked",
                );
                self.quit();
                return;
            }
            self.stage(Stage::Rcpt);
            if !self.pipelined {
                self.send_rcpt(0);
            }
        } else {
            let text = "the server refused the sender";
            self.set_stage(Stage::Mail, StageStatus::Failed, text, Some(reply.clone()));
            self.finish(Verdict::SenderRejected, Stage::Mail, Some(reply), text);
            if !self.pipelined {
                self.quit();
            }
            // Pipelined: the RCPT and DATA replies are still due; QUIT goes after them.
        }
    }

    fn send_rcpt(&mut self, i: usize) {
        let dsn = self
            .plan
            .extensions
            .dsn
            .clone()
            .filter(|_| self.caps.as_ref().is_some_and(Capabilities::dsn));
        let cmd = self.rcpt_command(i, dsn.as_ref());
        if self.send(&cmd) {
            self.pending.push_back(Pending::Rcpt(i));
        }
    }

    fn on_rcpt(&mut self, i: usize, reply: Reply) {
        let accepted = reply.code / 100 == 2;
        if let Some(r) = self.recipients.get_mut(i) {
            r.accepted = accepted;
            r.reply = Some(reply.clone());
        }
        if i + 1 < self.plan.rcpt_to.len() {
            if !self.pipelined && self.result.is_none() {
                self.send_rcpt(i + 1);
            }
            return;
        }
        // The last recipient's reply: decide.
        let accepted_count = self.recipients.iter().filter(|r| r.accepted).count();
        let total = self.recipients.len();
        let last_refusal = self
            .recipients
            .iter()
            .rev()
            .find(|r| !r.accepted)
            .and_then(|r| r.reply.clone());
        let detail = format!("{accepted_count} of {total} recipients accepted");
        if self.result.is_some() {
            // The sender was refused (pipelined): these replies are shown, nothing more is sent.
            self.set_stage(
                Stage::Rcpt,
                if accepted_count == 0 {
                    StageStatus::Failed
                } else {
                    StageStatus::Passed
                },
                &detail,
                None,
            );
            if !self.pending.iter().any(|p| *p == Pending::Data) {
                self.quit();
            }
            return;
        }
        if accepted_count == 0 {
            self.set_stage(
                Stage::Rcpt,
                StageStatus::Failed,
                &detail,
                last_refusal.clone(),
            );
            self.finish(
                Verdict::AllRecipientsRejected,
                Stage::Rcpt,
                last_refusal,
                "the server refused every recipient",
            );
            if !self.pending.iter().any(|p| *p == Pending::Data) {
                self.quit();
            }
            return;
        }
        self.set_stage(Stage::Rcpt, StageStatus::Passed, &detail, None);
        let partial = accepted_count < total;
        if self.plan.stop_after != StopAfter::Send {
            if partial {
                self.finish(
                    Verdict::SomeRecipientsRejected,
                    Stage::Rcpt,
                    last_refusal,
                    &format!("{detail}; stopped before the message as asked"),
                );
            } else {
                self.finish(
                    Verdict::Success,
                    Stage::Rcpt,
                    None,
                    "every recipient accepted; stopped before the message as asked",
                );
            }
            self.quit();
            return;
        }
        self.stage(Stage::Data);
        if self.pipelined && !self.chunking {
            return; // DATA went with the group; its reply comes next.
        }
        if self.chunking {
            self.start_bdat();
        } else if self.send(&Command::Data) {
            self.pending.push_back(Pending::Data);
        }
    }

    fn on_data(&mut self, reply: Reply) {
        if reply.code == 354 {
            let any_accepted = self.recipients.iter().any(|r| r.accepted);
            if self.result.is_some() || !any_accepted {
                // RFC 2920 3.1: DATA was pipelined but nobody can receive the message; end the
                // data at once with an empty body so the server discards the transaction.
                self.note(
                    NoteLevel::Info,
                    String::from("no recipient was accepted: ending DATA without a message"),
                );
                self.out.push_back(Output::Send {
                    wire: b".\r\n".to_vec(),
                    log: vec![SentLine {
                        raw: b".\r\n".to_vec(),
                        text: String::from("."),
                    }],
                });
                self.pending.push_back(Pending::EndOfData);
                return;
            }
            let message = self.plan.message.clone().unwrap_or_default();
            match command::encode_data(&message) {
                Ok(wire) => {
                    let log = self.data_log(&wire);
                    self.out.push_back(Output::Send { wire, log });
                    self.pending.push_back(Pending::EndOfData);
                }
                Err(err) => {
                    let text = err.to_string();
                    self.note(NoteLevel::Error, text.clone());
                    self.set_stage(Stage::Data, StageStatus::Failed, &text, None);
                    self.finish(Verdict::InvalidInput, Stage::Data, None, &text);
                    // The server waits for the data; an empty one ends the transaction cleanly.
                    self.out.push_back(Output::Send {
                        wire: b".\r\n".to_vec(),
                        log: vec![SentLine {
                            raw: b".\r\n".to_vec(),
                            text: String::from("."),
                        }],
                    });
                    self.pending.push_back(Pending::EndOfData);
                }
            }
            return;
        }
        if self.result.is_some() {
            self.quit();
            return;
        }
        self.fail(
            Stage::Data,
            Verdict::MessageRejected,
            reply,
            "the server refused DATA",
        );
    }

    fn on_end_of_data(&mut self, reply: Reply) {
        if self.result.is_some() {
            self.quit();
            return;
        }
        if reply.code / 100 == 2 {
            self.message_accepted(reply);
        } else {
            self.fail(
                Stage::Data,
                Verdict::MessageRejected,
                reply,
                "the server refused the message",
            );
        }
    }

    fn message_accepted(&mut self, reply: Reply) {
        self.set_stage(Stage::Data, StageStatus::Passed, "", Some(reply.clone()));
        let total = self.recipients.len();
        let accepted = self.recipients.iter().filter(|r| r.accepted).count();
        if accepted < total {
            let refusal = self
                .recipients
                .iter()
                .rev()
                .find(|r| !r.accepted)
                .and_then(|r| r.reply.clone());
            self.finish(
                Verdict::SomeRecipientsRejected,
                Stage::Rcpt,
                refusal,
                &format!("message accepted for {accepted} of {total} recipients"),
            );
        } else {
            self.finish(
                Verdict::Success,
                Stage::Data,
                Some(reply),
                "message accepted for every recipient",
            );
        }
        self.quit();
    }

    fn start_bdat(&mut self) {
        let message = self.plan.message.clone().unwrap_or_default();
        // RFC 3030 2: no dot-stuffing, CRLF line endings; 64 KiB chunks keep each write small.
        self.bdat_queue = command::bdat_chunks(&message, 64 * 1024).into();
        self.send_next_bdat();
    }

    fn send_next_bdat(&mut self) {
        let Some((cmd, chunk)) = self.bdat_queue.pop_front() else {
            return;
        };
        let last = matches!(cmd, Command::Bdat { last: true, .. });
        let mut wire = Vec::new();
        let mut log = Vec::new();
        if !self.encode_into(&cmd, &mut wire, &mut log) {
            return;
        }
        log.extend(self.data_log(&chunk));
        wire.extend_from_slice(&chunk);
        self.out.push_back(Output::Send { wire, log });
        self.pending.push_back(Pending::Bdat { last });
    }

    fn on_bdat(&mut self, last: bool, reply: Reply) {
        if reply.code / 100 != 2 {
            self.bdat_queue.clear();
            self.fail(
                Stage::Data,
                Verdict::MessageRejected,
                reply,
                "the server refused the message",
            );
            return;
        }
        if last {
            self.message_accepted(reply);
        } else {
            self.send_next_bdat();
        }
    }

    fn on_quit(&mut self, reply: Reply) {
        let status = if reply.code == 221 {
            StageStatus::Passed
        } else {
            StageStatus::Failed
        };
        self.set_stage(Stage::Quit, status, "", Some(reply));
        self.out.push_back(Output::Close);
        self.emit_finished();
    }

    /// Lines of the message as they go into the transcript; a very long message is shown with its
    /// middle summarised (the bytes on the wire are always complete).
    fn data_log(&self, wire: &[u8]) -> Vec<SentLine> {
        let lines: Vec<&[u8]> = wire.split_inclusive(|&b| b == b'\n').collect();
        let max = self.plan.max_logged_data_lines.max(2);
        let to_line = |raw: &[u8]| SentLine {
            raw: self.redacted(raw),
            text: String::from_utf8_lossy(raw.strip_suffix(b"\r\n").unwrap_or(raw)).into_owned(),
        };
        if lines.len() <= max {
            return lines.iter().map(|l| to_line(l)).collect();
        }
        let head = max * 3 / 4;
        let tail = max - head;
        let skipped = &lines[head..lines.len() - tail];
        let skipped_bytes: usize = skipped.iter().map(|l| l.len()).sum();
        let mut out: Vec<SentLine> = lines[..head].iter().map(|l| to_line(l)).collect();
        out.push(SentLine {
            raw: Vec::new(),
            text: format!(
                "[{} more lines, {skipped_bytes} bytes, sent but not shown]",
                skipped.len()
            ),
        });
        out.extend(lines[lines.len() - tail..].iter().map(|l| to_line(l)));
        out
    }

    fn redacted(&self, raw: &[u8]) -> Vec<u8> {
        match &self.plan.auth {
            Some(auth) => redact(raw, &auth.credentials),
            None => raw.to_vec(),
        }
    }

    /// Encodes `cmd` and appends it to a group being built. On failure the session ends.
    fn encode_into(&mut self, cmd: &Command, wire: &mut Vec<u8>, log: &mut Vec<SentLine>) -> bool {
        match cmd.encode(self.smtputf8) {
            Ok(bytes) => {
                let raw = self.redacted(&bytes);
                let text =
                    String::from_utf8_lossy(raw.strip_suffix(b"\r\n").unwrap_or(&raw)).into_owned();
                wire.extend_from_slice(&bytes);
                log.push(SentLine { raw, text });
                true
            }
            Err(err) => {
                let stage = match cmd {
                    Command::Ehlo(_) | Command::Helo(_) => Stage::Ehlo,
                    Command::MailFrom { .. } => Stage::Mail,
                    Command::RcptTo { .. } => Stage::Rcpt,
                    _ => self.current_stage(),
                };
                let text = format!("cannot send {}: {err}", cmd.verb());
                self.set_stage(stage, StageStatus::Failed, &text, None);
                self.note(NoteLevel::Error, text.clone());
                self.finish(Verdict::InvalidInput, stage, None, &text);
                if wire.is_empty() {
                    self.quit();
                } else {
                    // Part of a group was built but nothing sent yet: drop it all.
                    wire.clear();
                    log.clear();
                    self.pending.clear();
                    self.quit();
                }
                false
            }
        }
    }

    /// Encodes and sends one command; false (and the session ends) if it cannot be encoded.
    fn send(&mut self, cmd: &Command) -> bool {
        let mut wire = Vec::new();
        let mut log = Vec::new();
        if !self.encode_into(cmd, &mut wire, &mut log) {
            return false;
        }
        self.out.push_back(Output::Send { wire, log });
        true
    }

    fn send_auth_line(&mut self, wire: Vec<u8>, logged: Vec<u8>, display: String) {
        let raw = self.redacted(&logged);
        self.out.push_back(Output::Send {
            wire,
            log: vec![SentLine { raw, text: display }],
        });
    }

    fn quit(&mut self) {
        if self.phase == Phase::Closing || self.phase == Phase::Done {
            return;
        }
        self.phase = Phase::Closing;
        let wire = b"QUIT\r\n".to_vec();
        self.out.push_back(Output::Send {
            log: vec![SentLine {
                raw: wire.clone(),
                text: String::from("QUIT"),
            }],
            wire,
        });
        self.pending.push_back(Pending::Quit);
    }

    /// A negative reply ends the session at `stage`.
    fn fail(&mut self, stage: Stage, verdict: Verdict, reply: Reply, text: &str) {
        let closing = reply.code == 421;
        self.set_stage(stage, StageStatus::Failed, text, Some(reply.clone()));
        self.finish(verdict, stage, Some(reply), text);
        if closing {
            // RFC 5321 3.8: after 421 the server closes the channel; nothing more is sent.
            self.pending.clear();
            self.phase = Phase::Closing;
            self.out.push_back(Output::Close);
            self.emit_finished();
        } else {
            self.quit();
        }
    }

    fn finish(&mut self, verdict: Verdict, stage: Stage, reply: Option<Reply>, text: &str) {
        if self.result.is_none() {
            self.result = Some((verdict, stage, reply, text.to_string()));
        }
    }

    fn emit_finished(&mut self) {
        if self.phase == Phase::Done {
            return;
        }
        self.phase = Phase::Done;
        let (verdict, deciding_stage, deciding_reply, summary) = self.result.clone().unwrap_or((
            Verdict::ConnectionLost,
            self.current_stage(),
            None,
            String::from("the session ended before a result"),
        ));
        let outcome = Outcome {
            verdict,
            summary,
            deciding_stage,
            deciding_reply,
            stages: self.stages.clone(),
            recipients: self.recipients.clone(),
            capabilities: self.caps.clone(),
            tls: self.tls,
            auth_mechanism: self.auth_mechanism,
            message_size: self
                .plan
                .message
                .as_ref()
                .map(Vec::len)
                .filter(|_| self.plan.stop_after == StopAfter::Send),
            used_pipelining: self.pipelined,
            used_chunking: self.chunking,
            cause: self.cause.clone(),
        };
        self.out.push_back(Output::Finished(outcome));
    }

    fn stage(&mut self, stage: Stage) {
        self.out.push_back(Output::StageChanged(stage));
    }

    fn stage_status(&self, stage: Stage) -> StageStatus {
        self.stages
            .iter()
            .find(|s| s.stage == stage)
            .map_or(StageStatus::Skipped, |s| s.status)
    }

    fn set_stage(&mut self, stage: Stage, status: StageStatus, detail: &str, reply: Option<Reply>) {
        if let Some(s) = self.stages.iter_mut().find(|s| s.stage == stage) {
            s.status = status;
            s.detail = detail.to_string();
            if reply.is_some() {
                s.reply = reply;
            }
        }
    }

    fn note(&mut self, level: NoteLevel, text: String) {
        self.out.push_back(Output::Note(Note { level, text }));
    }
}

#[cfg(test)]
#[path = "session_tests.rs"]
mod tests;
