//! The words of the errors of the layers below: values that cannot be sent, targets, TLS set-up,
//! AUTH, replies, plans, pasted replies and the keychain. Their `#[error]` texts stay for logs
//! and `Display`; what a person reads comes from here, in the chosen language. The English
//! messages say what those texts say, word for word.

use crate::engine::tls::TlsSetupError;
use crate::engine::{TargetError, TargetProblem};
use crate::knowledge::PastedReplyError;
use crate::present::t;
use crate::proto::auth::{AuthError, Mechanism};
use crate::proto::command::{CommandError, DataError, Field, LengthRule, Malformed};
use crate::proto::plan::PlanError;
use crate::proto::reply::ReplyError;
use crate::secrets::{KeychainNote, SecretsError};

/// A value's name: "sender address".
pub fn field(field: Field) -> String {
    match field {
        Field::Server => t!("field-server"),
        Field::HeloName => t!("field-helo"),
        Field::Sender => t!("field-sender"),
        Field::Recipient => t!("field-recipient"),
        Field::AuthUser => t!("field-auth-user"),
        Field::AuthMechanism => t!("field-auth-mechanism"),
        Field::AuthInitialResponse => t!("field-auth-initial-response"),
        Field::AuthResponse => t!("field-auth-response"),
        Field::ParameterName => t!("field-parameter-name"),
        Field::ParameterValue => t!("field-parameter-value"),
        Field::Header => t!("field-header"),
    }
}

/// A character that may not be in a value: "a line feed (LF)".
pub fn forbidden_char(ch: char) -> String {
    match ch {
        '\r' => t!("char-cr"),
        '\n' => t!("char-lf"),
        '\0' => t!("char-nul"),
        _ => t!("char-control"),
    }
}

fn length_rule(rule: LengthRule) -> String {
    match rule {
        LengthRule::LocalPart => t!("length-rule-local-part"),
        LengthRule::Domain => t!("length-rule-domain"),
        LengthRule::Path => t!("length-rule-path"),
    }
}

/// Why an address or a domain is not valid.
pub fn malformed(m: &Malformed) -> String {
    let text = |s: &String| s.clone();
    match m {
        Malformed::UnclosedLiteral => t!("malformed-unclosed-literal"),
        Malformed::BadLiteral(s) => t!("malformed-bad-literal", text = text(s)),
        Malformed::EmptyLabel => t!("malformed-empty-label"),
        Malformed::LongLabel(s) => t!("malformed-long-label", text = text(s)),
        Malformed::HyphenLabel(s) => t!("malformed-hyphen-label", text = text(s)),
        Malformed::DomainChar(s) => t!("malformed-domain-char", text = text(s)),
        Malformed::NoAt => t!("malformed-no-at"),
        Malformed::EmptyLocal => t!("malformed-empty-local"),
        Malformed::UnclosedQuote => t!("malformed-unclosed-quote"),
        Malformed::LocalChar(s) => t!("malformed-local-char", text = text(s)),
        Malformed::Dots => t!("malformed-dots"),
        Malformed::Domain(inner) => t!("malformed-domain", reason = malformed(inner)),
        Malformed::Keyword(s) => t!("malformed-keyword", text = text(s)),
        Malformed::Base64(s) => t!("malformed-base64", text = text(s)),
        Malformed::ParameterName(s) => t!("malformed-parameter-name", text = text(s)),
        Malformed::ParameterValue(s) => t!("malformed-parameter-value", text = text(s)),
    }
}

/// A value that cannot be sent, and what to do about it.
pub fn command_error(e: &CommandError) -> String {
    match e {
        CommandError::ForbiddenChar {
            field: f,
            ch,
            position,
        } => t!(
            "command-forbidden-char",
            field = field(*f),
            char = forbidden_char(*ch),
            position = (*position)
        ),
        CommandError::Empty { field: f } => t!("command-empty", field = field(*f)),
        CommandError::TooLong {
            field: f,
            len,
            limit,
            rule,
        } => t!(
            "command-too-long",
            field = field(*f),
            len = (*len),
            limit = (*limit),
            rule = length_rule(*rule)
        ),
        CommandError::InvalidAddress { field: f, reason } => t!(
            "command-invalid-address",
            field = field(*f),
            reason = malformed(reason)
        ),
        CommandError::InvalidDomain { field: f, reason } => t!(
            "command-invalid-domain",
            field = field(*f),
            reason = malformed(reason)
        ),
        CommandError::LineTooLong { len, limit } => {
            t!("command-line-too-long", len = (*len), limit = (*limit))
        }
        CommandError::NonAscii { field: f } => t!("command-non-ascii", field = field(*f)),
    }
}

/// A message that cannot be sent as it is.
pub fn data_error(e: &DataError) -> String {
    match e {
        DataError::LineTooLong { line_number, len } => {
            t!("data-line-too-long", line = (*line_number), len = (*len))
        }
    }
}

/// Why the AUTH exchange cannot start or go on.
pub fn auth_error(e: &AuthError) -> String {
    match e {
        AuthError::NoneOffered => t!("auth-none-offered"),
        AuthError::NoCommonMechanism { offered, usable } => {
            // The usable mechanisms follow the secret: token ones for a token.
            let token = usable.iter().all(|m| m.takes_token());
            let usable: Vec<&str> = usable.iter().map(|m| m.name()).collect();
            let only_tokens = offered
                .iter()
                .all(|o| Mechanism::parse(o).is_some_and(Mechanism::takes_token));
            if !token && only_tokens {
                t!(
                    "auth-no-common-mechanism-wants-token",
                    offered = offered.join(" ")
                )
            } else if token {
                t!(
                    "auth-no-common-mechanism-token",
                    offered = offered.join(" "),
                    usable = usable.join(", ")
                )
            } else {
                t!(
                    "auth-no-common-mechanism",
                    offered = offered.join(" "),
                    usable = usable.join(", ")
                )
            }
        }
        AuthError::UnexpectedChallenge { step } => {
            t!("auth-unexpected-challenge", step = (*step))
        }
        AuthError::BadChallenge { detail } => t!("auth-bad-challenge", detail = detail.as_str()),
        AuthError::Value(e) => command_error(e),
    }
}

/// Why the bytes from the server are not a usable reply.
pub fn reply_error(e: &ReplyError) -> String {
    match e {
        ReplyError::LineTooLong { limit } => t!("reply-line-too-long", limit = (*limit)),
        ReplyError::TooManyLines { limit } => t!("reply-too-many-lines", limit = (*limit)),
        ReplyError::Malformed { line } => t!("reply-malformed", line = line.as_str()),
        ReplyError::CodeChanged { first, then } => {
            t!("reply-code-changed", first = (*first), then = (*then))
        }
    }
}

/// Why a session plan is refused before it starts.
pub fn plan_error(e: &PlanError) -> String {
    match e {
        PlanError::Value(e) => command_error(e),
        PlanError::NoRecipients => t!("plan-no-recipients"),
        PlanError::NoMessage => t!("plan-no-message"),
        PlanError::EmptySecret => t!("plan-empty-secret"),
        PlanError::StopAfterAuthWithoutAuth => t!("plan-stop-after-auth"),
    }
}

/// Why a server is not a host to connect to.
pub fn target_error(e: &TargetError) -> String {
    match e {
        TargetError::Empty => t!("target-empty"),
        TargetError::Invalid { text, reason } => {
            let reason = match reason {
                TargetProblem::UnclosedBracket => t!("target-unclosed-bracket"),
                TargetProblem::AfterBracket(s) => t!("target-after-bracket", text = s.as_str()),
                TargetProblem::Port(s) => t!("target-port", text = s.as_str()),
                TargetProblem::Value(e) => command_error(e),
            };
            t!("target-invalid", text = text.as_str(), reason = reason)
        }
    }
}

/// Why TLS cannot be set up (the extra CA file, mostly).
pub fn tls_setup_error(e: &TlsSetupError) -> String {
    match e {
        TlsSetupError::CaFile { path, reason } => t!(
            "tls-setup-ca-file",
            path = path.as_str(),
            reason = reason.as_str()
        ),
        TlsSetupError::NoCertificate { path } => {
            t!("tls-setup-no-certificate", path = path.as_str())
        }
        TlsSetupError::Config(detail) => t!("tls-setup-config", detail = detail.as_str()),
    }
}

/// Why pasted text is not a reply.
pub fn pasted_reply_error(e: &PastedReplyError) -> String {
    match e {
        PastedReplyError::Empty => t!("pasted-empty"),
        PastedReplyError::Incomplete => t!("pasted-incomplete"),
        PastedReplyError::NotAReply(text) => t!("pasted-not-a-reply", text = text.as_str()),
    }
}

/// Why the keychain could not do what was asked.
pub fn secrets_error(e: &SecretsError) -> String {
    match e {
        SecretsError::Read(detail) => t!("keychain-cannot-read", detail = detail.as_str()),
        SecretsError::Delete(detail) => t!("keychain-cannot-delete", detail = detail.as_str()),
        SecretsError::Poisoned => t!("keychain-poisoned"),
    }
}

/// Why passwords are kept in memory rather than in the keychain.
pub fn keychain_note(note: &KeychainNote) -> String {
    match note {
        KeychainNote::NotAnswering(detail) => {
            t!("keychain-not-answering", detail = detail.as_str())
        }
        KeychainNote::Unavailable(detail) => t!("keychain-unavailable", detail = detail.as_str()),
        KeychainNote::Refused(detail) => t!("keychain-refused", detail = detail.as_str()),
    }
}
