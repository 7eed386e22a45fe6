//! The words of the errors of the layers above `present` that it cannot import (the message
//! builder and the session intent import the catalogue themselves): a message that cannot be
//! built, an intent that is not valid, a request that cannot be made, a session export that
//! cannot be read back, a load-test field that is not valid. Like `present`, every word
//! comes from the catalogue; the `#[error]` texts of these types stay for logs and `Display`.

use crate::intent::{IntentError, RequestError};
use crate::message::{HeaderProblem, MessageError};
use crate::present::errors::{command_error, plan_error, target_error, tls_setup_error};
use crate::present::t;

/// Why a session export cannot be read back (to compare it).
pub fn read_error(e: &crate::export::ReadError) -> String {
    use crate::export::ReadError;
    match e {
        ReadError::Read { path, source } => t!(
            "compare-error-read",
            path = path.as_str(),
            error = source.to_string()
        ),
        ReadError::Parse { path, source } => t!(
            "compare-error-parse",
            path = path.as_str(),
            error = source.to_string()
        ),
    }
}

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
                    let char = match c {
                        '\r' => t!("message-char-cr"),
                        '\n' => t!("message-char-lf"),
                        _ => t!("message-char-nul"),
                    };
                    t!("message-header-line-break", char = char)
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

/// A problem with a field of the window's load-test view (`intent::load`), shown beside the
/// field (so the field is not named again).
pub fn load_problem(p: &crate::intent::load::InputProblem) -> String {
    use crate::bulk::PlanProblem;
    use crate::intent::load::InputProblem;
    match p {
        InputProblem::NotANumber { text, .. } => {
            t!("window-load-not-a-number", text = text.as_str())
        }
        InputProblem::TooLarge { max, .. } => {
            let max: u64 = *max;
            t!("window-load-too-large", max = max)
        }
        InputProblem::Plan(PlanProblem::PublicProvider { host, provider }) => {
            let provider: &str = provider;
            t!(
                "window-load-public-provider",
                host = host.as_str(),
                provider = provider
            )
        }
        InputProblem::Plan(PlanProblem::AtLeastOne(_)) => t!("window-load-at-least-one"),
        InputProblem::Plan(PlanProblem::Positive(_)) => t!("window-load-positive"),
        InputProblem::Plan(PlanProblem::TooLarge { max, .. }) => {
            let max: u64 = *max;
            t!("window-load-too-large", max = max)
        }
        InputProblem::Intent(e) => intent_error(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::tls::TlsSetupError;
    use crate::engine::{TargetError, TargetProblem};
    use crate::knowledge::PastedReplyError;
    use crate::present::errors;
    use crate::proto::Mechanism;
    use crate::proto::auth::AuthError;
    use crate::proto::command::{CommandError, DataError, Field, LengthRule, Malformed};
    use crate::proto::plan::PlanError;
    use crate::proto::reply::ReplyError;
    use crate::secrets::{KeychainNote, SecretsError};

    fn s(text: &str) -> String {
        text.to_string()
    }

    fn command_errors() -> Vec<CommandError> {
        let malformed = vec![
            Malformed::UnclosedLiteral,
            Malformed::BadLiteral(s("1.2.3")),
            Malformed::EmptyLabel,
            Malformed::LongLabel(s("x")),
            Malformed::HyphenLabel(s("-a")),
            Malformed::DomainChar(s("_")),
            Malformed::NoAt,
            Malformed::EmptyLocal,
            Malformed::UnclosedQuote,
            Malformed::LocalChar(s(",")),
            Malformed::Dots,
            Malformed::Domain(Box::new(Malformed::EmptyLabel)),
            Malformed::Keyword(s("a b")),
            Malformed::Base64(s("!")),
            Malformed::ParameterName(s("a=")),
            Malformed::ParameterValue(s("a b")),
        ];
        let mut all = vec![
            CommandError::ForbiddenChar {
                field: Field::Recipient,
                ch: '\n',
                position: 3,
            },
            CommandError::ForbiddenChar {
                field: Field::AuthUser,
                ch: '\u{7}',
                position: 0,
            },
            CommandError::Empty {
                field: Field::HeloName,
            },
            CommandError::LineTooLong {
                len: 600,
                limit: 512,
            },
            CommandError::NonAscii {
                field: Field::Sender,
            },
        ];
        for (field, rule) in [
            (Field::Sender, LengthRule::LocalPart),
            (Field::Recipient, LengthRule::Domain),
            (Field::ParameterValue, LengthRule::Path),
        ] {
            all.push(CommandError::TooLong {
                field,
                len: 70,
                limit: 64,
                rule,
            });
        }
        for reason in malformed {
            all.push(CommandError::InvalidAddress {
                field: Field::Recipient,
                reason: reason.clone(),
            });
            all.push(CommandError::InvalidDomain {
                field: Field::Server,
                reason,
            });
        }
        all
    }

    /// English is the fallback and today's output: its words are the `#[error]` texts, word for
    /// word, for every error a person reads.
    #[test]
    fn in_english_the_words_of_every_error_are_its_display_text() {
        for e in command_errors() {
            assert_eq!(errors::command_error(&e), e.to_string());
            let plan = PlanError::Value(e.clone());
            assert_eq!(errors::plan_error(&plan), plan.to_string());
            let auth = AuthError::Value(e);
            assert_eq!(errors::auth_error(&auth), auth.to_string());
        }
        for f in [
            Field::AuthMechanism,
            Field::AuthInitialResponse,
            Field::AuthResponse,
            Field::ParameterName,
            Field::Header,
        ] {
            let e = CommandError::Empty { field: f };
            assert_eq!(errors::command_error(&e), e.to_string());
        }
        let data = DataError::LineTooLong {
            line_number: 7,
            len: 1200,
        };
        assert_eq!(errors::data_error(&data), data.to_string());
        for e in [
            AuthError::NoneOffered,
            AuthError::NoCommonMechanism {
                offered: vec![s("CRAM-MD5"), s("GSSAPI")],
                usable: vec![Mechanism::Plain, Mechanism::Login],
            },
            AuthError::UnexpectedChallenge { step: 2 },
            AuthError::BadChallenge { detail: s("odd") },
        ] {
            assert_eq!(errors::auth_error(&e), e.to_string());
        }
        for e in [
            ReplyError::LineTooLong { limit: 4096 },
            ReplyError::TooManyLines { limit: 1000 },
            ReplyError::Malformed {
                line: s("HTTP/1.1"),
            },
            ReplyError::CodeChanged {
                first: 250,
                then: 550,
            },
        ] {
            assert_eq!(errors::reply_error(&e), e.to_string());
        }
        for e in [
            PlanError::NoRecipients,
            PlanError::NoMessage,
            PlanError::EmptySecret,
            PlanError::StopAfterAuthWithoutAuth,
        ] {
            assert_eq!(errors::plan_error(&e), e.to_string());
        }
        for e in [
            TargetError::Empty,
            TargetError::Invalid {
                text: s("[::1"),
                reason: TargetProblem::UnclosedBracket,
            },
            TargetError::Invalid {
                text: s("[::1]x"),
                reason: TargetProblem::AfterBracket(s("x")),
            },
            TargetError::Invalid {
                text: s("h:0"),
                reason: TargetProblem::Port(s("0")),
            },
            TargetError::Invalid {
                text: s("a b"),
                reason: TargetProblem::Value(CommandError::Empty {
                    field: Field::Server,
                }),
            },
        ] {
            assert_eq!(errors::target_error(&e), e.to_string());
            let intent = IntentError::Server(e);
            assert_eq!(intent_error(&intent), intent.to_string());
        }
        for e in [
            TlsSetupError::CaFile {
                path: s("/ca.pem"),
                reason: s("No such file"),
            },
            TlsSetupError::NoCertificate { path: s("/ca.pem") },
            TlsSetupError::Config(s("bad")),
        ] {
            assert_eq!(errors::tls_setup_error(&e), e.to_string());
        }
        for e in [
            PastedReplyError::Empty,
            PastedReplyError::Incomplete,
            PastedReplyError::NotAReply(s("hello")),
        ] {
            assert_eq!(errors::pasted_reply_error(&e), e.to_string());
        }
        for e in [
            SecretsError::Read(s("locked")),
            SecretsError::Delete(s("locked")),
            SecretsError::Poisoned,
        ] {
            assert_eq!(errors::secrets_error(&e), e.to_string());
        }
        let messages = || {
            vec![
                MessageError::Address {
                    field: "To",
                    value: s("x@"),
                    reason: s("invalid"),
                },
                MessageError::Header {
                    name: s("X-A"),
                    reason: HeaderProblem::LineBreak('\r'),
                },
                MessageError::Header {
                    name: s("X A"),
                    reason: HeaderProblem::BadName,
                },
                MessageError::Header {
                    name: s("Subject"),
                    reason: HeaderProblem::Managed,
                },
                MessageError::Header {
                    name: s("X-A"),
                    reason: HeaderProblem::Refused(s("refused")),
                },
                MessageError::HeaderSyntax(s("No colon")),
                MessageError::Attachment {
                    path: std::path::PathBuf::from("/a.pdf"),
                    source: std::io::Error::other("gone"),
                },
                MessageError::Build(s("odd")),
            ]
        };
        for e in messages() {
            assert_eq!(message_error(&e), e.to_string());
        }
        let mut intents = vec![
            IntentError::Port,
            IntentError::StopAfterAuthWithoutUser,
            IntentError::NoRecipients,
            IntentError::Timeout { secs: 90000.0 },
            IntentError::Timeout { secs: 2.5 },
            IntentError::DsnNotify(s("SOMETIMES")),
            IntentError::DsnRet(s("ALL")),
        ];
        intents.extend(messages().into_iter().map(IntentError::Header));
        for e in intents {
            assert_eq!(intent_error(&e), e.to_string());
            let request = RequestError::Invalid(e);
            assert_eq!(request_error(&request), request.to_string());
        }
        for e in [
            RequestError::MissingSecret {
                user: s("u"),
                token: false,
            },
            RequestError::MissingSecret {
                user: s("u"),
                token: true,
            },
            RequestError::HtmlFile {
                path: std::path::PathBuf::from("/b.html"),
                source: std::io::Error::other("gone"),
            },
            RequestError::Plan(PlanError::NoMessage),
            RequestError::CaFile(TlsSetupError::Config(s("bad"))),
        ] {
            assert_eq!(request_error(&e), e.to_string());
        }
        // The keychain's notes are sentences of their own in the window.
        let note = errors::keychain_note(&KeychainNote::Refused(s("denied")));
        assert!(note.starts_with("The keychain refused the password (denied)"));
    }
}
