//! The words of the errors of the layers above `present` that it cannot import (the message
//! builder and the session intent import the catalogue themselves): a message that cannot be
//! built, an intent that is not valid, a request that cannot be made. Like `present`, every word
//! comes from the catalogue; the `#[error]` texts of these types stay for logs and `Display`.

use crate::intent::{IntentError, RequestError};
use crate::message::{HeaderProblem, MessageError};
use crate::present::errors::{
    command_error, forbidden_char, plan_error, target_error, tls_setup_error,
};
use crate::present::t;

/// Why the test message cannot be built. Header names, addresses and what lettre or the system
/// said are shown as they are.
pub fn message_error(e: &MessageError) -> String {
    match e {
        MessageError::Address {
            field,
            value,
            reason,
        } => t!(
            "message-bad-address",
            field = field.to_string(),
            value = value.as_str(),
            reason = reason.as_str()
        ),
        MessageError::Header { name, reason } => {
            let reason = match reason {
                HeaderProblem::LineBreak(c) => {
                    t!("message-header-line-break", char = forbidden_char(*c))
                }
                HeaderProblem::BadName => t!("message-header-name"),
                HeaderProblem::Managed => t!("message-header-managed"),
                HeaderProblem::Refused(text) => text.clone(),
            };
            t!("message-bad-header", name = name.as_str(), reason = reason)
        }
        MessageError::HeaderSyntax(line) => t!("message-header-syntax", line = line.as_str()),
        MessageError::Attachment { path, source } => t!(
            "message-attachment",
            path = path.display().to_string(),
            error = source.to_string()
        ),
        MessageError::Build(detail) => t!("message-build", detail = detail.as_str()),
    }
}

/// Why a session intent is not valid, naming what to change.
pub fn intent_error(e: &IntentError) -> String {
    match e {
        IntentError::Server(e) => target_error(e),
        IntentError::Port => t!("intent-port"),
        IntentError::Helo(e)
        | IntentError::User(e)
        | IntentError::Sender(e)
        | IntentError::Recipient(e) => command_error(e),
        IntentError::StopAfterAuthWithoutUser => t!("intent-stop-after-auth"),
        IntentError::NoRecipients => t!("intent-no-recipients"),
        IntentError::Header(e) => message_error(e),
        IntentError::Timeout { secs } => t!("intent-timeout", secs = (*secs)),
        IntentError::DsnNotify(value) => t!("intent-dsn-notify", value = value.as_str()),
        IntentError::DsnRet(value) => t!("intent-dsn-ret", value = value.as_str()),
    }
}

/// Why a session request cannot be made from an intent.
pub fn request_error(e: &RequestError) -> String {
    match e {
        RequestError::Invalid(e) => intent_error(e),
        RequestError::MissingSecret { user, token: false } => {
            t!("request-missing-password", user = user.as_str())
        }
        RequestError::MissingSecret { user, token: true } => {
            t!("request-missing-token", user = user.as_str())
        }
        RequestError::HtmlFile { path, source } => t!(
            "request-html-file",
            path = path.display().to_string(),
            error = source.to_string()
        ),
        RequestError::Message(e) => message_error(e),
        RequestError::CaFile(e) => tls_setup_error(e),
        RequestError::Plan(e) => plan_error(e),
    }
}
