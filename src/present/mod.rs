//! The presentation layer: the one place where facts become words for people.
//!
//! `proto`, `engine` and `knowledge` report typed facts (a `Verdict`, a `Note`, a `Problem`, a
//! `Remark`, certificate facts, an `Explanation` from the data); this module turns them into
//! sentences and labelled lines, taking every word from the message catalogue
//! (`assets/i18n/<language>/smtp_lens.ftl`, Fluent, compiled in). The command line, the exports
//! and the window only style what it returns: colour, layout, markup.
//!
//! It never does IO, never decides anything about a session, and never changes a fact; a server's
//! reply, a command, an address or a host name is shown as it is. A new language is a new folder
//! of `.ftl` files; a new fact is a new message here and in the catalogue.

pub mod bulk;
pub mod compare;
pub mod detect;
pub mod errors;
pub mod explain;
pub mod oauth;
pub mod record;
pub mod verdict;

use std::sync::LazyLock;

use i18n_embed::LanguageLoader;
use i18n_embed::fluent::{FluentLanguageLoader, fluent_language_loader};
use rust_embed::RustEmbed;

use crate::engine::{CertInfo, CertProblem, KeyInfo, Remark, TlsInfo, TlsVia, TranscriptLine};
use crate::knowledge::Retry;
use crate::proto::auth::{AuthAside, Challenge, SecretKind, decode_challenge};
use crate::proto::session::{
    Answered, Awaiting, Ending, Note, Problem, ReplyContext, Security, Stage, StageDetail,
    StageStatus, StopAfter, TransportFailure, Verdict,
};
use crate::proto::{Cause, Mechanism, Reply, ReplyClass};

#[derive(RustEmbed)]
#[folder = "assets/i18n/"]
struct Catalogues;

/// The message catalogue, loaded once: the fallback language (English) first.
pub static LOADER: LazyLock<FluentLanguageLoader> = LazyLock::new(|| {
    let loader: FluentLanguageLoader = fluent_language_loader!();
    if let Err(err) = loader.load_fallback_language(&Catalogues) {
        // The catalogue is compiled in and checked by the tests; a broken one shows message ids.
        eprintln!("smtp-lens: {err}");
    }
    // egui's fonts and many terminals draw Unicode isolation marks as boxes; set after loading,
    // as it applies to the bundles loaded.
    loader.set_use_isolating(false);
    loader
});

/// Chooses the language of every word from here on: loads its catalogue (English stays the
/// fallback for any message it lacks) and tells the knowledge which overlay to read. Call it
/// once at start, before anything is worded; the window calls it again when the user switches.
pub fn set_language(language: crate::lang::Language) {
    crate::lang::set(language);
    let mut ids: Vec<unic_langid::LanguageIdentifier> =
        [language.tag(), crate::lang::Language::En.tag()]
            .iter()
            .filter_map(|t| t.parse().ok())
            .collect();
    ids.dedup();
    // Parsing a catalogue is most of a short command's start-up: English, loaded first as the
    // fallback, is not parsed again when it is also the language asked for.
    if LOADER.current_languages() == ids {
        return;
    }
    if let Err(err) = LOADER.load_languages(&Catalogues, &ids) {
        eprintln!("smtp-lens: {err}");
    }
    // Isolation marks are a property of the loaded bundles: switched off again after loading.
    LOADER.set_use_isolating(false);
}

/// A message from the catalogue chosen at run time by its id (the `t!` macro checks its ids at
/// compile time and is the one to use where the id is fixed); `None` if no language has it.
pub fn message(id: &str) -> Option<String> {
    LOADER.has(id).then(|| LOADER.get(id))
}

/// A message from the catalogue by its id, with named arguments; the id and the argument names
/// are checked against the English catalogue at compile time.
macro_rules! t {
    ($id:literal) => {
        i18n_embed_fl::fl!($crate::present::LOADER, $id)
    };
    ($id:literal, $($args:tt)*) => {
        i18n_embed_fl::fl!($crate::present::LOADER, $id, $($args)*)
    };
}
pub(crate) use t;

/// The first digit of a reply class (RFC 5321 4.2.1).
pub fn class_digit(class: ReplyClass) -> u8 {
    match class {
        ReplyClass::PositivePreliminary => 1,
        ReplyClass::PositiveCompletion => 2,
        ReplyClass::PositiveIntermediate => 3,
        ReplyClass::TransientNegative => 4,
        ReplyClass::PermanentNegative => 5,
    }
}

/// A reply class in words: "permanent negative".
pub fn class(class: ReplyClass) -> String {
    match class {
        ReplyClass::PositivePreliminary => t!("class-positive-preliminary"),
        ReplyClass::PositiveCompletion => t!("class-positive-completion"),
        ReplyClass::PositiveIntermediate => t!("class-positive-intermediate"),
        ReplyClass::TransientNegative => t!("class-transient-negative"),
        ReplyClass::PermanentNegative => t!("class-permanent-negative"),
    }
}

/// The label beside a reply: "5xx permanent negative".
pub fn class_tag(c: ReplyClass) -> String {
    t!("class-tag", digit = class_digit(c), class = class(c))
}

/// A stage's name.
pub fn stage(stage: Stage) -> String {
    match stage {
        Stage::Connect => t!("stage-connect"),
        Stage::Greeting => t!("stage-greeting"),
        Stage::Ehlo => t!("stage-ehlo"),
        Stage::Tls => t!("stage-tls"),
        Stage::Auth => t!("stage-auth"),
        Stage::Mail => t!("stage-mail"),
        Stage::Rcpt => t!("stage-rcpt"),
        Stage::Data => t!("stage-data"),
        Stage::Quit => t!("stage-quit"),
    }
}

/// What a reply answered, as a person names it: "RCPT TO", "the end of the data".
pub fn context(context: ReplyContext) -> String {
    match context {
        ReplyContext::Greeting => t!("context-greeting"),
        ReplyContext::Ehlo => t!("context-ehlo"),
        ReplyContext::Helo => t!("context-helo"),
        ReplyContext::Starttls => t!("context-starttls"),
        ReplyContext::Auth => t!("context-auth"),
        ReplyContext::Mail => t!("context-mail"),
        ReplyContext::Rcpt => t!("context-rcpt"),
        ReplyContext::Data => t!("context-data"),
        ReplyContext::EndOfData => t!("context-end-of-data"),
        ReplyContext::Bdat => t!("context-bdat"),
        ReplyContext::Rset => t!("context-rset"),
        ReplyContext::Quit => t!("context-quit"),
        ReplyContext::Unsolicited => t!("context-unsolicited"),
    }
}

/// How a stage ended: "passed", "FAILED", "skipped".
pub fn status(status: StageStatus) -> String {
    match status {
        StageStatus::Passed => t!("status-passed"),
        StageStatus::Partial => t!("status-partial"),
        StageStatus::Failed => t!("status-failed"),
        StageStatus::Skipped => t!("status-skipped"),
    }
}

/// A verdict in a few words: "authentication failed".
pub fn verdict(verdict: Verdict) -> String {
    match verdict {
        Verdict::Success => t!("verdict-success"),
        Verdict::InvalidInput => t!("verdict-invalid-input"),
        Verdict::ConnectFailed => t!("verdict-connect-failed"),
        Verdict::ConnectionLost => t!("verdict-connection-lost"),
        Verdict::TlsFailed => t!("verdict-tls-failed"),
        Verdict::ServerRefused => t!("verdict-server-refused"),
        Verdict::AuthFailed => t!("verdict-auth-failed"),
        Verdict::SenderRejected => t!("verdict-sender-rejected"),
        Verdict::SomeRecipientsRejected => t!("verdict-some-recipients-rejected"),
        Verdict::AllRecipientsRejected => t!("verdict-all-recipients-rejected"),
        Verdict::MessageRejected => t!("verdict-message-rejected"),
        Verdict::ProtocolError => t!("verdict-protocol-error"),
        Verdict::Timeout => t!("verdict-timeout"),
        Verdict::Cancelled => t!("verdict-cancelled"),
    }
}

/// "PASSED" or "FAILED", for banners.
pub fn passed(ok: bool) -> String {
    if ok {
        t!("verdict-passed")
    } else {
        t!("verdict-failed")
    }
}

/// The banner word of a report: "PASSED", "PASSED WITH AN OVERRIDE" (a pass that needed the
/// user to override a check) or "FAILED".
pub fn banner(report: &verdict::Report) -> String {
    match (report.verdict.is_success(), report.overrides.is_empty()) {
        (true, false) => t!("verdict-passed-overridden"),
        (ok, _) => passed(ok),
    }
}

/// An override the user made, in one sentence.
pub fn override_words(o: &crate::proto::Override) -> String {
    match o {
        crate::proto::Override::InvalidCertificate { cause } => {
            let problem = match cause {
                Cause::CertificateExpired => CertProblem::Expired,
                Cause::CertificateNotYetValid => CertProblem::NotYetValid,
                Cause::CertificateSelfSigned => CertProblem::SelfSigned,
                Cause::CertificateWrongHost => CertProblem::WrongHostName {
                    presented: Vec::new(),
                    expected: None,
                },
                _ => CertProblem::UnknownIssuer,
            };
            t!("override-certificate", reason = cert_problem(&problem).1)
        }
        crate::proto::Override::NoEncryption => t!("override-no-encryption"),
    }
}

/// A security mode in words: "STARTTLS required".
pub fn security(security: Security) -> String {
    match security {
        Security::None => t!("security-none"),
        Security::StartTlsRequired => t!("security-starttls"),
        Security::StartTlsIfOffered => t!("security-starttls-optional"),
        Security::ImplicitTls => t!("security-tls"),
    }
}

/// The front end a person is using: advice names its own controls (a flag, or a field of the
/// profile), never the other's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Front {
    Cli,
    Window,
}

/// Advice for a failed session's `cause` that names the control to change in `front`: the flag
/// in the CLI, the field of the profile in the window. Empty when no control changes the outcome.
pub fn control_hints(cause: Cause, front: Front) -> Vec<String> {
    let cli = front == Front::Cli;
    let pick = |c: String, w: String| if cli { c } else { w };
    let mut hints = Vec::new();
    match cause {
        Cause::WrongSecurityMode => hints.push(pick(
            t!("cli-hint-starttls-port"),
            t!("window-hint-starttls-port"),
        )),
        Cause::ImplicitTlsPort => {
            hints.push(pick(t!("cli-hint-tls-port"), t!("window-hint-tls-port")))
        }
        Cause::TlsRequired => hints.push(pick(t!("cli-hint-encrypt"), t!("window-hint-encrypt"))),
        Cause::AuthRequired => hints.push(pick(t!("cli-hint-login"), t!("window-hint-login"))),
        Cause::AuthMechanismUnsupported | Cause::ChallengeResponseRefused => {
            hints.push(pick(t!("cli-hint-mechanism"), t!("window-hint-mechanism")))
        }
        Cause::SilentGreeting => hints.push(pick(
            t!("cli-hint-silent-greeting"),
            t!("window-hint-silent-greeting"),
        )),
        Cause::Timeout | Cause::ConnectionTimeout => {
            hints.push(pick(t!("cli-hint-timeout"), t!("window-hint-timeout")))
        }
        _ => {}
    }
    if cause == Cause::CertificateUntrusted {
        hints.push(pick(t!("cli-hint-ca-file"), t!("window-hint-ca-file")));
    }
    if cause.is_overridable_certificate() {
        hints.push(pick(t!("cli-hint-insecure"), t!("window-hint-insecure")));
    }
    hints
}

/// What to do next, in words.
pub fn retry(retry: Retry) -> String {
    match retry {
        Retry::None => t!("retry-none"),
        Retry::Continue => t!("retry-continue"),
        Retry::RetryLater => t!("retry-later"),
        Retry::FixFirst => t!("retry-fix-first"),
        Retry::DoNotRetry => t!("retry-do-not"),
    }
}

/// A recipient's state: "accepted", "REFUSED", "not tried".
pub fn recipient_state(accepted: bool, replied: bool) -> String {
    match (replied, accepted) {
        (false, _) => t!("recipient-not-tried"),
        (true, true) => t!("recipient-accepted"),
        (true, false) => t!("recipient-refused"),
    }
}

/// The word for a recipient row.
pub fn recipient_label() -> String {
    t!("recipient-label")
}

/// Why a stage ended the way it did; empty when there is nothing to add to its status.
pub fn stage_detail(stage: Stage, detail: Option<&StageDetail>) -> String {
    match detail {
        None => String::new(),
        Some(StageDetail::NotReached) => t!("stage-detail-not-reached"),
        Some(StageDetail::ImplicitTls) => t!("stage-detail-implicit-tls"),
        Some(StageDetail::StartTls) => t!("stage-detail-starttls"),
        Some(StageDetail::CertificateOverridden { starttls: true }) => {
            t!("stage-detail-starttls-overridden")
        }
        Some(StageDetail::CertificateOverridden { starttls: false }) => {
            t!("stage-detail-implicit-tls-overridden")
        }
        Some(StageDetail::NotOffered) => t!("stage-detail-not-offered"),
        Some(StageDetail::NotAsked) if stage == Stage::Auth => t!("stage-detail-no-auth"),
        Some(StageDetail::NotAsked) => t!("stage-detail-not-asked"),
        Some(StageDetail::Refused) => t!("stage-detail-refused"),
        Some(StageDetail::Recipients { accepted, total }) => {
            t!(
                "stage-detail-recipients",
                accepted = (*accepted),
                total = (*total)
            )
        }
        // The problem is the verdict's sentence and a line of the transcript; said once more
        // beside the stage it would only repeat itself.
        Some(StageDetail::Problem(_)) => String::new(),
    }
}

/// How the session ended, as the clause of the verdict ("the server refused the sender").
pub fn ending(ending: &Ending) -> String {
    ending_with(ending, true)
}

/// How `outcome` ended: as `ending`, knowing whether TLS was in use and which AUTH mechanisms
/// were tried.
pub fn outcome_ending(outcome: &crate::proto::Outcome) -> String {
    let refused_login = matches!(
        outcome.ending,
        Ending::Refused {
            answered: Answered::Auth { .. }
        }
    );
    if refused_login && outcome.auth_tried.len() > 1 {
        let names: Vec<&str> = outcome.auth_tried.iter().map(|m| m.name()).collect();
        return t!("ending-refused-auth-all", mechanisms = names.join(", "));
    }
    ending_with(&outcome.ending, outcome.tls)
}

fn ending_with(ending: &Ending, tls: bool) -> String {
    match ending {
        Ending::StoppedAsAsked {
            after: StopAfter::Tls,
        } if !tls => t!("ending-stopped-tls-plain"),
        Ending::StoppedAsAsked { after } => match after {
            StopAfter::Connect => t!("ending-stopped-connect"),
            StopAfter::Greeting => t!("ending-stopped-greeting"),
            StopAfter::Ehlo => t!("ending-stopped-ehlo"),
            StopAfter::Tls => t!("ending-stopped-tls"),
            StopAfter::Auth => t!("ending-stopped-auth"),
            StopAfter::Mail => t!("ending-stopped-mail"),
            StopAfter::Rcpt | StopAfter::Send => t!("ending-stopped-send"),
        },
        Ending::RecipientsTested { accepted, total } if accepted == total => {
            t!("ending-recipients-all")
        }
        Ending::RecipientsTested { accepted, total } => {
            t!(
                "ending-recipients-some",
                accepted = (*accepted),
                total = (*total)
            )
        }
        Ending::MessageAccepted {
            accepted,
            total,
            queue_id,
        } => match (accepted == total, queue_id) {
            (true, None) => t!("ending-message-all"),
            (true, Some(id)) => t!("ending-message-all-queued", id = id.as_str()),
            (false, None) => {
                t!(
                    "ending-message-some",
                    accepted = (*accepted),
                    total = (*total)
                )
            }
            (false, Some(id)) => t!(
                "ending-message-some-queued",
                accepted = (*accepted),
                total = (*total),
                id = id.as_str()
            ),
        },
        Ending::Refused { answered } => match answered {
            Answered::Greeting => t!("ending-refused-greeting"),
            Answered::Ehlo => t!("ending-refused-ehlo"),
            Answered::Helo => t!("ending-refused-helo"),
            Answered::Starttls => t!("ending-refused-starttls"),
            Answered::Auth { mechanism, .. } => {
                t!("ending-refused-auth", mechanism = mechanism.name())
            }
            Answered::Mail { .. } => t!("ending-refused-mail"),
            Answered::Rcpt { .. } => t!("ending-refused-rcpt"),
            Answered::Data => t!("ending-refused-data"),
            Answered::EndOfData | Answered::Bdat { .. } => t!("ending-refused-message"),
            other => t!(
                "ending-refused-other",
                command = command_name(other.context())
            ),
        },
        Ending::StartTlsRefused => t!("ending-starttls-refused"),
        Ending::MessageTooLarge { size, limit } => {
            let kb = |bytes: u64| bytes.div_ceil(1000).to_string();
            match limit {
                Some(limit) if *limit > 0 => t!(
                    "ending-too-large",
                    size = kb(*size as u64),
                    limit = kb(*limit)
                ),
                _ => t!("ending-too-large-plain", size = kb(*size as u64)),
            }
        }
        Ending::ServiceClosing { answered } => {
            let command = command_name(answered.context());
            match answered {
                Answered::Rcpt { address, .. } | Answered::Mail { address } => t!(
                    "ending-service-closing",
                    command = command,
                    address = format!("<{address}>")
                ),
                _ => t!("ending-service-closing-plain", command = command),
            }
        }
        // The verdict already says "could not connect": the clause is the failure itself.
        Ending::Problem {
            problem: Problem::Connect { failure },
        } => transport(failure, None),
        Ending::Problem { problem: p } => problem(p),
    }
}

/// The protocol name of the command a context stands for: "RCPT", "end of data" is "."
fn command_name(context: ReplyContext) -> &'static str {
    match context {
        ReplyContext::Greeting => "220",
        ReplyContext::Ehlo => "EHLO",
        ReplyContext::Helo => "HELO",
        ReplyContext::Starttls => "STARTTLS",
        ReplyContext::Auth => "AUTH",
        ReplyContext::Mail => "MAIL",
        ReplyContext::Rcpt => "RCPT",
        ReplyContext::Data => "DATA",
        ReplyContext::EndOfData => ".",
        ReplyContext::Bdat => "BDAT",
        ReplyContext::Rset => "RSET",
        ReplyContext::Quit => "QUIT",
        ReplyContext::Unsolicited => "-",
    }
}

/// What the session was waiting for.
fn awaited(awaiting: Option<ReplyContext>) -> String {
    match awaiting {
        Some(ReplyContext::Greeting) => t!("awaited-greeting"),
        Some(ReplyContext::EndOfData) => t!("awaited-end-of-data"),
        Some(ctx) => t!("awaited-reply", command = command_name(ctx)),
        None => t!("awaited-server"),
    }
}

/// Seconds from milliseconds, as people write them ("10", "2.5").
fn seconds(ms: u64) -> String {
    let s = ms as f64 / 1000.0;
    if ms.is_multiple_of(1000) {
        format!("{}", ms / 1000)
    } else {
        format!("{s}")
    }
}

/// A problem in one sentence.
pub fn problem(problem: &Problem) -> String {
    match problem {
        Problem::Connect { failure: f } => t!("problem-connect", failure = transport(f, None)),
        Problem::Tls { failure: f } => t!("problem-tls", failure = transport(f, None)),
        Problem::Io { failure: f } => t!("problem-io", failure = transport(f, None)),
        Problem::Closed { awaiting } => t!("problem-closed", awaited = awaited(*awaiting)),
        Problem::Timeout {
            awaiting,
            limit_ms,
            silent,
        } => {
            let what = match awaiting {
                Awaiting::Reply(ctx) => awaited(Some(*ctx)),
                Awaiting::Handshake => t!("awaited-handshake"),
            };
            let secs = seconds(*limit_ms);
            if *silent && *awaiting == Awaiting::Reply(ReplyContext::Greeting) {
                t!("problem-timeout-silent", awaited = what, seconds = secs)
            } else {
                t!("problem-timeout", awaited = what, seconds = secs)
            }
        }
        Problem::Cancelled => t!("problem-cancelled"),
        Problem::Invalid { error } => t!("problem-invalid", error = errors::plan_error(error)),
        Problem::Command { verb, error } => {
            t!(
                "problem-command",
                verb = verb.as_str(),
                error = errors::command_error(error)
            )
        }
        Problem::Data { error } => t!("problem-data", error = errors::data_error(error)),
        Problem::Auth { error } => t!("problem-auth", error = errors::auth_error(error)),
        Problem::Reply { error } => t!("problem-reply", error = errors::reply_error(error)),
        Problem::StartTlsNotOffered => t!("problem-starttls-not-offered"),
        Problem::NoResult => t!("problem-no-result"),
    }
}

/// A failure of the transport in words, by its cause; `limit_ms` is the time waited when an
/// attempt timed out.
pub fn transport(f: &TransportFailure, limit_ms: Option<u64>) -> String {
    let detail = f.detail.as_str();
    let plain = detail.is_empty();
    match f.cause {
        Cause::NameNotFound if plain => t!("failure-name-not-found-plain"),
        Cause::NameNotFound => t!("failure-name-not-found", detail = detail),
        Cause::NoAddress => t!("failure-no-address"),
        Cause::ConnectionRefused => t!("failure-connection-refused"),
        Cause::ConnectionTimeout => t!("failure-connection-timeout"),
        Cause::ConnectionReset if plain => t!("failure-connection-reset-plain"),
        Cause::ConnectionReset => t!("failure-connection-reset", detail = detail),
        Cause::PortBlocked => t!(
            "failure-port-blocked",
            seconds = limit_ms.map(seconds).unwrap_or_default()
        ),
        Cause::ImplicitTlsPort => t!("failure-wrong-mode-tls"),
        Cause::WrongSecurityMode => t!("failure-wrong-mode-plain"),
        Cause::CertificateExpired => certificate_failure(&CertProblem::Expired),
        Cause::CertificateNotYetValid => certificate_failure(&CertProblem::NotYetValid),
        Cause::CertificateSelfSigned => certificate_failure(&CertProblem::SelfSigned),
        Cause::CertificateUntrusted => certificate_failure(&CertProblem::UnknownIssuer),
        Cause::CertificateWrongHost => certificate_failure(&CertProblem::WrongHostName {
            presented: Vec::new(),
            expected: None,
        }),
        Cause::TlsProtocolMismatch if plain => t!("failure-tls-protocol-plain"),
        Cause::TlsProtocolMismatch => t!("failure-tls-protocol", detail = detail),
        Cause::TlsHandshakeFailed if plain => t!("failure-tls-handshake-plain"),
        Cause::TlsHandshakeFailed => t!("failure-tls-handshake", detail = detail),
        Cause::Timeout => t!("failure-tls-timeout"),
        Cause::TlsClosedByServer => t!("failure-tls-closed"),
        Cause::CertificateKeyTooWeak => t!("failure-key-too-weak"),
        _ if plain => t!("failure-other-plain"),
        _ => t!("failure-other", detail = detail),
    }
}

fn certificate_failure(p: &CertProblem) -> String {
    t!("failure-certificate", reason = cert_problem(p).1)
}

/// A certificate problem: its stable code (`self-signed`) and its words.
pub fn cert_problem(p: &CertProblem) -> (&'static str, String) {
    match p {
        CertProblem::Expired => ("expired", t!("cert-expired")),
        CertProblem::NotYetValid => ("not-yet-valid", t!("cert-not-yet-valid")),
        CertProblem::SelfSigned => ("self-signed", t!("cert-self-signed")),
        CertProblem::UnknownIssuer => ("unknown-issuer", t!("cert-unknown-issuer")),
        CertProblem::WrongHostName {
            presented,
            expected: Some(expected),
        } => {
            let presented = if presented.is_empty() {
                t!("cert-no-name")
            } else {
                presented.join(", ")
            };
            (
                "wrong-host-name",
                t!(
                    "cert-wrong-host",
                    presented = presented,
                    expected = expected.as_str()
                ),
            )
        }
        CertProblem::WrongHostName { .. } => ("wrong-host-name", t!("cert-wrong-host-unknown")),
        CertProblem::Revoked => ("revoked", t!("cert-revoked")),
        CertProblem::BadSignature => ("bad-signature", t!("cert-bad-signature")),
        CertProblem::WeakKey { bits } => ("weak-key", t!("cert-weak-key", bits = (*bits))),
        CertProblem::Invalid { detail } => {
            ("invalid", t!("cert-invalid", detail = detail.as_str()))
        }
    }
}

/// A note of the session in one sentence.
pub fn note(note: &Note) -> String {
    match note {
        Note::EhloRefusedTryingHelo { code } => t!("note-ehlo-refused", code = (*code)),
        Note::StartTlsOfferedNotUsed => t!("note-starttls-offered-not-used"),
        Note::StartTlsNotOfferedGoingOn => t!("note-starttls-not-offered"),
        Note::StartTlsRefusedGoingOn => t!("note-starttls-refused"),
        Note::MechanismNotOffered { mechanism } => {
            t!("note-mechanism-not-offered", mechanism = mechanism.name())
        }
        Note::TokenRefused { error } => {
            let status = error.status.as_deref().unwrap_or("?");
            let meaning = match status {
                "401" => t!("note-token-status-401"),
                "400" => t!("note-token-status-400"),
                "403" => t!("note-token-status-403"),
                _ => t!("note-token-status-other"),
            };
            match &error.scope {
                Some(scope) => t!(
                    "note-token-refused-scope",
                    status = status,
                    meaning = meaning,
                    scope = scope.as_str()
                ),
                None => t!("note-token-refused", status = status, meaning = meaning),
            }
        }
        Note::SmtpUtf8NotOffered => t!("note-smtputf8-not-offered"),
        Note::AsciiDomain { address, ascii } => t!(
            "note-ascii-domain",
            address = address.as_str(),
            ascii = ascii.as_str()
        ),
        Note::TryingNextMechanism {
            failed,
            next,
            encrypted,
        } => {
            // PLAIN and LOGIN carry the password itself (base64 only).
            let plain_secret = matches!(next, Mechanism::Plain | Mechanism::Login);
            let (failed, next) = (failed.name(), next.name());
            if *encrypted || !plain_secret {
                t!("note-trying-next-mechanism", failed = failed, next = next)
            } else {
                t!(
                    "note-trying-next-mechanism-plain",
                    failed = failed,
                    next = next
                )
            }
        }
        Note::MessageTooLarge { size, limit } => {
            t!(
                "note-message-too-large",
                size = (*size),
                limit = limit.to_string()
            )
        }
        Note::EightBitWithoutMime => t!("note-eight-bit"),
        Note::DsnNotOffered => t!("note-dsn-not-offered"),
        Note::ChunkingNotOffered => t!("note-chunking-not-offered"),
        Note::Pipelining => t!("note-pipelining"),
        Note::NoRecipientEndingData => t!("note-no-recipient"),
        Note::UnsolicitedReply => t!("note-unsolicited"),
        Note::BareLf => t!("note-bare-lf"),
        Note::FollowsRefusedMail => t!("note-follows-refused-mail"),
        Note::Problem(p) => problem(p),
    }
}

/// How TLS was started, as its id: `starttls` or `implicit`.
pub fn via(via: TlsVia) -> &'static str {
    match via {
        TlsVia::Starttls => "starttls",
        TlsVia::Implicit => "implicit",
    }
}

/// One of our remarks in one line.
pub fn remark(remark: &Remark, raw: &[u8]) -> String {
    match remark {
        Remark::Started {
            tool,
            target,
            security: s,
        } => t!(
            "remark-started",
            tool = tool.as_str(),
            target = target.as_str(),
            security = security(*s)
        ),
        Remark::Resolving { host } => t!("remark-resolving", host = host.as_str()),
        Remark::Resolved { host, addresses } => t!(
            "remark-resolved",
            host = host.as_str(),
            count = addresses.len(),
            addresses = addresses.join(", ")
        ),
        Remark::Trying { address } => t!("remark-trying", address = address.as_str()),
        Remark::Connected { peer, local } => {
            t!(
                "remark-connected",
                peer = peer.as_str(),
                local = local.as_str()
            )
        }
        Remark::AttemptFailed {
            address,
            failure,
            limit_ms,
        } => t!(
            "remark-attempt-failed",
            address = address.as_str(),
            failure = transport(failure, *limit_ms)
        ),
        Remark::Handshake { via: v, sni: None } => t!("remark-handshake", via = via(*v)),
        Remark::Handshake {
            via: v,
            sni: Some(sni),
        } => t!("remark-handshake-sni", via = via(*v), sni = sni.as_str()),
        Remark::TlsEstablished {
            protocol,
            cipher_suite,
        } => t!(
            "remark-tls-established",
            protocol = protocol
                .clone()
                .unwrap_or_else(|| t!("tls-unknown-protocol")),
            cipher = cipher_suite
                .clone()
                .unwrap_or_else(|| t!("tls-unknown-cipher"))
        ),
        Remark::Certificate { index, cert } => t!(
            "remark-certificate",
            index = (*index),
            summary = cert_summary(cert)
        ),
        Remark::Fingerprint { index, sha256 } => {
            t!(
                "remark-fingerprint",
                index = (*index),
                sha256 = sha256.as_str()
            )
        }
        Remark::CertificateVerified => t!("remark-certificate-verified"),
        Remark::CertificateAccepted { problem } => {
            let (code, reason) = problem
                .as_ref()
                .map(cert_problem)
                .unwrap_or(("invalid", String::new()));
            t!("remark-certificate-accepted", code = code, reason = reason)
        }
        Remark::Injected { count } => t!(
            "remark-injected",
            count = (*count),
            bytes = String::from_utf8_lossy(raw).escape_debug().to_string()
        ),
        Remark::Session(n) => note(n),
    }
}

/// The text of a transcript line as shown: the line as sent or received (a 334 challenge with
/// its decoded text after it), or our remark in words.
pub fn line_text(line: &TranscriptLine) -> String {
    if let Some(r) = &line.remark {
        return remark(r, &line.raw.0);
    }
    if let Some(e) = &line.elided {
        return t!("elided-lines", lines = e.lines, bytes = e.bytes);
    }
    if let Some(a) = &line.aside {
        return format!("{} {}", line.text, aside(a));
    }
    match &line.reply {
        // RFC 4954 4: the challenge is base64; show what it says.
        Some(r) if r.reply.code == 334 && r.answered.context() == ReplyContext::Auth => {
            let decoded = match r.reply.lines.first().map(|l| decode_challenge(&l.text)) {
                Some(Challenge::Text(text)) => text,
                Some(Challenge::Binary(count)) => t!("challenge-binary", count = count),
                Some(Challenge::NotBase64(text)) => t!("challenge-not-base64", text = text),
                Some(Challenge::Empty) | None => t!("challenge-empty"),
            };
            format!("{}  {}", line.text, t!("challenge-decoded", text = decoded))
        }
        _ => line.text.clone(),
    }
}

/// What a line of the AUTH exchange holds, in words.
pub fn aside(aside: &AuthAside) -> String {
    match aside {
        AuthAside::Hidden { user, secret } => {
            let user = user.as_str();
            match secret {
                SecretKind::Password => t!("aside-password-hidden", user = user),
                SecretKind::Token => t!("aside-token-hidden", user = user),
                SecretKind::Digest => t!("aside-digest-hidden", user = user),
            }
        }
        AuthAside::UserName { user } => t!("aside-user-name", user = user.as_str()),
        AuthAside::AcknowledgesError => t!("aside-acknowledges-error"),
    }
}

/// A reply on one line: the code and its lines joined with " / ".
pub fn reply_line(reply: &Reply) -> String {
    format!("{} {}", reply.code, reply.text().replace('\n', " / "))
}

/// A public key in words: "RSA 2048 bits", "ECDSA P-256".
pub fn key(key: &KeyInfo) -> String {
    match key {
        KeyInfo::Rsa { bits } => t!("key-rsa", bits = (*bits)),
        KeyInfo::Ecdsa { bits } => t!("key-ecdsa", bits = (*bits)),
        KeyInfo::Ed25519 => t!("key-ed25519"),
        KeyInfo::Ed448 => t!("key-ed448"),
        KeyInfo::Other { oid } => t!("key-other", oid = oid.as_str()),
    }
}

/// One line per certificate: subject, issuer, time left, key, names.
pub fn cert_summary(cert: &CertInfo) -> String {
    let left = match cert.days_left {
        Some(d) if d < 0 => t!("cert-expired-ago", days = (-d).to_string()),
        Some(d) => t!("cert-days-left", days = d.to_string()),
        None => t!("cert-validity-unknown"),
    };
    let names = if cert.san.is_empty() {
        t!("cert-no-names")
    } else {
        cert.san.join(" ")
    };
    t!(
        "cert-summary",
        subject = cert.subject.as_str(),
        issuer = cert.issuer.as_str(),
        left = left,
        key = key(&cert.key),
        names = names
    )
}

/// The words for one certificate verdict: state ("valid"/"NOT VALID") and reason.
pub fn cert_verdict(valid: bool, problem: Option<&CertProblem>) -> (String, String) {
    let state = if valid {
        t!("tls-cert-valid")
    } else {
        t!("tls-cert-invalid")
    };
    let reason = match problem {
        Some(p) => cert_problem(p).1,
        None => t!("cert-valid"),
    };
    (state, reason)
}

/// One line per fact of a TLS handshake, for the exports and the verdict: the handshake, the
/// certificate check, the chain with fingerprints, the error.
pub fn tls_lines(info: &TlsInfo) -> Vec<String> {
    let mut out = Vec::new();
    let state = if info.established {
        t!("tls-state-established")
    } else {
        t!("tls-state-failed")
    };
    let sni = match &info.sni {
        Some(s) => t!("tls-sni", sni = s.as_str()),
        None => t!("tls-no-sni"),
    };
    out.push(t!(
        "tls-summary",
        via = via(info.via),
        state = state,
        protocol = info
            .protocol
            .clone()
            .unwrap_or_else(|| t!("tls-no-protocol")),
        cipher = info
            .cipher_suite
            .clone()
            .unwrap_or_else(|| t!("tls-no-cipher")),
        sni = sni
    ));
    if let Some(v) = &info.verification {
        let (state, reason) = cert_verdict(v.valid, v.problem.as_ref());
        let name = info.checked_name.as_str();
        // Accepted only when the handshake went on: an override cannot get past everything.
        out.push(if info.accepted_invalid && info.established {
            t!(
                "tls-check-accepted",
                name = name,
                state = state,
                reason = reason
            )
        } else {
            t!("tls-check", name = name, state = state, reason = reason)
        });
    }
    for (i, c) in info.chain.iter().enumerate() {
        out.push(format!("  [{i}] {}", cert_summary(c)));
        out.push(format!("      SHA-256 {}", c.sha256));
    }
    if let Some(e) = &info.error {
        out.push(t!("tls-error", error = transport(e, None)));
    }
    out
}

#[cfg(test)]
mod tests;
