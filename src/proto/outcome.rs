//! What a session found: what each reply answered, the notes along the way, how each stage and
//! each recipient ended, the verdict, and the problem or refusal that decided it. Typed facts with
//! their values; the presentation layer words them.

use serde::{Deserialize, Serialize};

use super::auth::{AuthError, Mechanism, TokenError};
use super::capability::Capabilities;
use super::cause::Cause;
use super::command::{CommandError, DataError};
use super::plan::{PlanError, StopAfter};
use super::reply::{Reply, ReplyError};

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
    /// Every stage, in session order.
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
}

/// The kind of command a reply answered, for explaining a reply in its context (a 550 to RCPT
/// is not a 550 to MAIL). The ids (`rcpt`, `end-of-data`, ...) are used on the command line and
/// in the knowledge data.
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
    /// A reply nothing was waiting for.
    Unsolicited,
}

impl ReplyContext {
    /// Every context, for the command line's list of accepted names.
    pub const ALL: [ReplyContext; 13] = [
        ReplyContext::Greeting,
        ReplyContext::Ehlo,
        ReplyContext::Helo,
        ReplyContext::Starttls,
        ReplyContext::Auth,
        ReplyContext::Mail,
        ReplyContext::Rcpt,
        ReplyContext::Data,
        ReplyContext::EndOfData,
        ReplyContext::Bdat,
        ReplyContext::Rset,
        ReplyContext::Quit,
        ReplyContext::Unsolicited,
    ];

    /// The id (`rcpt`, `end-of-data`, ...).
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
            ReplyContext::Unsolicited => "unsolicited",
        }
    }

    /// The context with this id; `connect` is taken for the greeting.
    pub fn parse(name: &str) -> Option<ReplyContext> {
        let name = name.trim().to_ascii_lowercase();
        if name == "connect" {
            return Some(ReplyContext::Greeting);
        }
        ReplyContext::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// Exactly what a reply answered: the command with its values. The session keeps one of these
/// for every command in flight, so each reply, and the outcome's deciding reply, says what it
/// answered; nothing is guessed from the stage afterwards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "context", rename_all = "kebab-case")]
pub enum Answered {
    /// The greeting that opens the session (RFC 5321 4.3.1).
    Greeting,
    Ehlo,
    Helo,
    Starttls,
    /// A line of the AUTH exchange: step 0 answers the AUTH command, step n the n-th response
    /// to a 334 challenge (RFC 4954 4).
    Auth {
        mechanism: Mechanism,
        step: u32,
    },
    Mail {
        address: String,
    },
    Rcpt {
        address: String,
        /// The recipient's place in the plan (0-based).
        #[serde(default)]
        index: usize,
    },
    Data,
    /// The "." that ends the message data (RFC 5321 4.1.1.4).
    EndOfData,
    Bdat {
        #[serde(default)]
        last: bool,
    },
    /// RSET between two transactions on one connection (RFC 5321 4.1.1.5).
    Rset,
    Quit,
    /// A reply that arrived when nothing was waiting for one.
    Unsolicited,
}

impl Answered {
    /// The kind of command, for the knowledge's refinements by context.
    pub fn context(&self) -> ReplyContext {
        match self {
            Answered::Greeting => ReplyContext::Greeting,
            Answered::Ehlo => ReplyContext::Ehlo,
            Answered::Helo => ReplyContext::Helo,
            Answered::Starttls => ReplyContext::Starttls,
            Answered::Auth { .. } => ReplyContext::Auth,
            Answered::Mail { .. } => ReplyContext::Mail,
            Answered::Rcpt { .. } => ReplyContext::Rcpt,
            Answered::Data => ReplyContext::Data,
            Answered::EndOfData => ReplyContext::EndOfData,
            Answered::Bdat { .. } => ReplyContext::Bdat,
            Answered::Rset => ReplyContext::Rset,
            Answered::Quit => ReplyContext::Quit,
            Answered::Unsolicited => ReplyContext::Unsolicited,
        }
    }

    /// The stage the command belongs to.
    pub fn stage(&self) -> Stage {
        match self {
            Answered::Greeting => Stage::Greeting,
            Answered::Ehlo | Answered::Helo => Stage::Ehlo,
            Answered::Starttls => Stage::Tls,
            Answered::Auth { .. } => Stage::Auth,
            Answered::Mail { .. } => Stage::Mail,
            Answered::Rcpt { .. } => Stage::Rcpt,
            Answered::Data | Answered::EndOfData | Answered::Bdat { .. } => Stage::Data,
            // RSET ends a transaction: it belongs with the MAIL it clears the way for.
            Answered::Rset => Stage::Mail,
            Answered::Quit | Answered::Unsolicited => Stage::Quit,
        }
    }
}

/// How much a note matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NoteLevel {
    Info,
    Warning,
    Error,
}

/// Something the session wants the user to know that is not a line on the wire: a kind with
/// its values. The presentation layer words it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "note", rename_all = "kebab-case")]
pub enum Note {
    /// EHLO was refused with 500 or 502; HELO follows (RFC 5321 3.2).
    EhloRefusedTryingHelo { code: u16 },
    /// The server offers STARTTLS but the mode is `none`.
    StartTlsOfferedNotUsed,
    /// STARTTLS is not offered; the optional mode goes on in plain text.
    StartTlsNotOfferedGoingOn,
    /// STARTTLS was refused with 4yz; the optional mode goes on in plain text.
    StartTlsRefusedGoingOn,
    /// The forced mechanism is not among those offered; it is tried anyway.
    MechanismNotOffered { mechanism: Mechanism },
    /// `failed` was refused; `next`, also offered, is tried in the same session. `encrypted`:
    /// the connection is inside TLS (otherwise PLAIN and LOGIN send the password as it is).
    TryingNextMechanism {
        failed: Mechanism,
        next: Mechanism,
        encrypted: bool,
    },
    /// The server refused the OAuth 2.0 token during the exchange and said why (its error
    /// challenge, decoded).
    TokenRefused { error: TokenError },
    /// SMTPUTF8 is switched on but not offered.
    SmtpUtf8NotOffered,
    /// An internationalised domain goes into the envelope in its ASCII form (IDNA A-label,
    /// RFC 5891), as SMTPUTF8 is not in use.
    AsciiDomain { address: String, ascii: String },
    /// The message is larger than the server's SIZE (RFC 1870), in bytes.
    MessageTooLarge { size: usize, limit: u64 },
    /// The message has 8-bit bytes but 8BITMIME is not in use.
    EightBitWithoutMime,
    /// DSN is switched on but not offered.
    DsnNotOffered,
    /// BDAT is switched on but CHUNKING is not offered; DATA is used.
    ChunkingNotOffered,
    /// The envelope goes as one PIPELINING group (RFC 2920 3.1).
    Pipelining,
    /// DATA was accepted but no recipient was: the data is ended at once, empty.
    NoRecipientEndingData,
    /// A reply arrived when nothing was waiting for one; shown and ignored.
    UnsolicitedReply,
    /// A reply line ended with a bare LF (RFC 5321 2.3.8 requires CRLF).
    BareLf,
    /// The reply before this note only follows from the refusal of MAIL earlier in the same
    /// pipelined group (RFC 2920 3.1); it says nothing of its own.
    FollowsRefusedMail,
    /// The problem that ended the session (or a late one after the verdict was decided).
    Problem(Problem),
}

impl Note {
    /// How much the note matters.
    pub fn level(&self) -> NoteLevel {
        match self {
            Note::EhloRefusedTryingHelo { .. }
            | Note::TryingNextMechanism { .. }
            | Note::AsciiDomain { .. }
            | Note::StartTlsOfferedNotUsed
            | Note::Pipelining
            | Note::NoRecipientEndingData
            | Note::FollowsRefusedMail => NoteLevel::Info,
            Note::Problem(_) => NoteLevel::Error,
            _ => NoteLevel::Warning,
        }
    }
}

/// How a stage ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StageStatus {
    Passed,
    /// Some of it was accepted, some refused (recipients).
    Partial,
    Failed,
    /// Not needed (no AUTH asked, TLS not used) or not reached.
    Skipped,
}

/// Why a stage ended the way it did, beyond its reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "detail", rename_all = "kebab-case")]
pub enum StageDetail {
    /// The session ended before this stage.
    NotReached,
    /// TLS from the first byte.
    ImplicitTls,
    /// TLS started with STARTTLS.
    StartTls,
    /// TLS started (`starttls` tells how) with a certificate that is not valid, accepted for this
    /// test only.
    CertificateOverridden { starttls: bool },
    /// TLS was asked for only if offered, and was not offered.
    NotOffered,
    /// Not asked for (security `none`, or no AUTH user).
    NotAsked,
    /// STARTTLS was refused with 4yz and the optional mode went on without it.
    Refused,
    /// How many recipients the server took.
    Recipients { accepted: usize, total: usize },
    /// What went wrong.
    Problem(Problem),
}

/// One stage in the outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageResult {
    pub stage: Stage,
    pub status: StageStatus,
    pub detail: Option<StageDetail>,
    /// The reply that decided the stage, when one did.
    pub reply: Option<Reply>,
}

/// One recipient in the outcome.
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
    /// A value given by the user could not be sent.
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
    /// Every verdict.
    pub const ALL: [Verdict; 14] = [
        Verdict::Success,
        Verdict::InvalidInput,
        Verdict::ConnectFailed,
        Verdict::ConnectionLost,
        Verdict::TlsFailed,
        Verdict::ServerRefused,
        Verdict::AuthFailed,
        Verdict::SenderRejected,
        Verdict::SomeRecipientsRejected,
        Verdict::AllRecipientsRejected,
        Verdict::MessageRejected,
        Verdict::ProtocolError,
        Verdict::Timeout,
        Verdict::Cancelled,
    ];

    pub fn is_success(self) -> bool {
        self == Verdict::Success
    }
}

/// A failure of the transport, as the driver saw it: the cause it stands for, the operating
/// system's error kind when an IO call failed, and what the OS or TLS library said (verbatim,
/// data to show, not our words).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransportFailure {
    pub cause: Cause,
    /// `std::io::ErrorKind` as its Debug name (`ConnectionRefused`), when an IO call failed.
    pub io_kind: Option<String>,
    /// The library's or OS's own message; may be empty.
    pub detail: String,
}

impl TransportFailure {
    /// A failure with no IO error behind it.
    pub fn new(cause: Cause, detail: impl Into<String>) -> TransportFailure {
        TransportFailure {
            cause,
            io_kind: None,
            detail: detail.into(),
        }
    }

    /// A failed IO call.
    pub fn io(cause: Cause, err: &std::io::Error) -> TransportFailure {
        TransportFailure {
            cause,
            io_kind: Some(format!("{:?}", err.kind())),
            detail: err.to_string(),
        }
    }
}

/// A failure seen by the driver, not by the protocol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// No connection could be made (name, address, every connect attempt).
    Connect(TransportFailure),
    /// TLS could not be set up or its handshake failed.
    Tls(TransportFailure),
    /// Reading or writing failed.
    Io(TransportFailure),
    /// The peer closed the connection (end of stream).
    Closed,
    /// The plan cannot be run; nothing was sent.
    Invalid(PlanError),
    /// The TLS handshake took longer than the limit, in milliseconds.
    HandshakeTimeout { limit_ms: u64 },
    /// The user cancelled.
    Cancelled,
}

/// What the session was waiting for when time ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Awaiting {
    /// A reply of this kind.
    Reply(ReplyContext),
    /// The TLS handshake.
    Handshake,
}

/// What ended a session other than a reply, or what went wrong in a stage: typed, with values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "kebab-case")]
pub enum Problem {
    /// No connection could be made.
    Connect { failure: TransportFailure },
    /// TLS could not be set up or its handshake failed.
    Tls { failure: TransportFailure },
    /// Reading or writing failed.
    Io { failure: TransportFailure },
    /// The server closed the connection while a reply was due.
    Closed { awaiting: Option<ReplyContext> },
    /// No reply (or handshake) within the limit. `silent`: nothing at all came from the server,
    /// as when a port expects implicit TLS and waits for the client to speak first.
    Timeout {
        awaiting: Awaiting,
        limit_ms: u64,
        silent: bool,
    },
    /// The user cancelled.
    Cancelled,
    /// The plan could not be run; nothing was sent.
    Invalid { error: PlanError },
    /// A command could not be encoded from the user's values (found during the session).
    Command { verb: String, error: CommandError },
    /// The message could not be encoded for DATA.
    Data { error: DataError },
    /// The AUTH exchange could not go on.
    Auth { error: AuthError },
    /// The server's bytes are not a usable reply.
    Reply { error: ReplyError },
    /// STARTTLS is required but not offered.
    StartTlsNotOffered,
    /// The session ended without a result (a driver fault).
    NoResult,
}

impl Problem {
    /// The cause the problem stands for.
    pub fn cause(&self) -> Cause {
        match self {
            Problem::Connect { failure } | Problem::Tls { failure } | Problem::Io { failure } => {
                failure.cause
            }
            Problem::Closed { .. } | Problem::NoResult => Cause::ConnectionReset,
            Problem::Timeout {
                awaiting: Awaiting::Reply(ReplyContext::Greeting),
                silent: true,
                ..
            } => Cause::SilentGreeting,
            Problem::Timeout { .. } => Cause::Timeout,
            Problem::Cancelled => Cause::Cancelled,
            Problem::Invalid { .. } | Problem::Command { .. } | Problem::Data { .. } => {
                Cause::SyntaxError
            }
            Problem::Auth { error } => match error {
                AuthError::NoneOffered => Cause::AuthRequired,
                _ => Cause::AuthMechanismUnsupported,
            },
            Problem::Reply { .. } => Cause::ProtocolError,
            Problem::StartTlsNotOffered => Cause::TlsUnavailable,
        }
    }
}

/// How the session ended, as a typed fact for the verdict's sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "ending", rename_all = "kebab-case")]
pub enum Ending {
    /// Stopped where the user asked, everything so far accepted.
    StoppedAsAsked { after: StopAfter },
    /// Recipients tested, no message sent as asked; `accepted` of `total` taken.
    RecipientsTested { accepted: usize, total: usize },
    /// The message was accepted for `accepted` of `total` recipients, and queued under
    /// `queue_id` when the server's reply names one.
    MessageAccepted {
        accepted: usize,
        total: usize,
        #[serde(default)]
        queue_id: Option<String>,
    },
    /// The server refused the command `answered`.
    Refused { answered: Answered },
    /// STARTTLS was refused and the session was asked to stop after TLS.
    StartTlsRefused,
    /// MAIL was refused because the declared message size (bytes) is over the server's limit
    /// (its SIZE, bytes, when it announced one; RFC 1870).
    MessageTooLarge { size: usize, limit: Option<u64> },
    /// The server answered `answered` with 421 and closed the session (RFC 5321 3.8).
    ServiceClosing { answered: Answered },
    /// Something other than a reply ended it.
    Problem { problem: Problem },
}

/// A check the user chose to override for a test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "override", rename_all = "kebab-case")]
pub enum Override {
    /// The server's certificate is not valid (`cause` says why); the session went on because
    /// invalid certificates are accepted for this test.
    InvalidCertificate { cause: Cause },
    /// The session went on in plain text: STARTTLS was not offered (or was refused), and the
    /// mode (STARTTLS if offered) allows that. Whatever was sent crossed the network unencrypted.
    NoEncryption,
}

/// The end of a session: each stage, each recipient, the verdict and what decided it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub verdict: Verdict,
    /// How it ended, as a fact.
    pub ending: Ending,
    /// The stage that decided the verdict (the failed one, or the last one run).
    pub deciding_stage: Stage,
    /// The reply that decided the verdict, and exactly what it answered.
    pub deciding_reply: Option<Reply>,
    pub deciding_answered: Option<Answered>,
    pub stages: Vec<StageResult>,
    pub recipients: Vec<RecipientResult>,
    pub capabilities: Option<Capabilities>,
    pub tls: bool,
    /// The mechanism of the last AUTH attempt.
    pub auth_mechanism: Option<Mechanism>,
    /// Every mechanism tried, in order (more than one when a refused one was followed by the
    /// next offered one).
    #[serde(default)]
    pub auth_tried: Vec<Mechanism>,
    /// Checks the user chose to override for this test; a pass with any is not a clean pass.
    #[serde(default)]
    pub overrides: Vec<Override>,
    /// The size of the message sent, in bytes.
    pub message_size: Option<usize>,
    pub used_pipelining: bool,
    pub used_chunking: bool,
    /// For a failure not decided by a reply (transport, TLS, protocol): its cause. A
    /// reply-decided verdict leaves it `None`; the reply's explanation names the cause.
    pub cause: Option<Cause>,
}

impl Outcome {
    /// The result of one stage.
    pub fn stage(&self, stage: Stage) -> Option<&StageResult> {
        self.stages.iter().find(|s| s.stage == stage)
    }
}
