//! The one vocabulary of causes: why a reply was negative or why a session failed.
//!
//! Every explanation and every failure carries a `Cause`. The ids (kebab-case, e.g.
//! `unknown-user`) are stable: tools reading JSON exports may rely on them, so variants are added,
//! never renamed. The knowledge data (`assets/knowledge/*.toml`) names causes by these ids and
//! fails to parse on an id that is not here; a test walks `Cause::ALL` and checks the data
//! explains each one. This module holds no words for people: those live in the presentation layer.

use serde::{Deserialize, Serialize};

macro_rules! causes {
    ($($(#[$doc:meta])* $variant:ident),* $(,)?) => {
        /// Why something went the way it did. Serialised as its kebab-case id.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum Cause {
            $($(#[$doc])* $variant,)*
        }

        impl Cause {
            /// Every cause, in declaration order.
            pub const ALL: &'static [Cause] = &[$(Cause::$variant,)*];
        }
    };
}

causes! {
    /// The server accepted what was asked.
    Success,
    /// An intermediate step (3yz): the exchange goes on.
    InProgress,
    AuthFailed,
    AuthMechanismUnsupported,
    AppPasswordRequired,
    /// The server refused the OAuth 2.0 access token (expired, revoked, for another account,
    /// or without the scope mail needs).
    TokenRefused,
    /// A CRAM-MD5 login was refused: a wrong password, or a server that cannot check CRAM-MD5
    /// because it keeps passwords hashed.
    ChallengeResponseRefused,
    SmtpAuthDisabled,
    AuthRequired,
    TlsRequired,
    TlsUnavailable,
    RelayDenied,
    UnknownUser,
    MailboxFull,
    MailboxDisabled,
    MailboxUnavailable,
    StorageFull,
    SizeExceeded,
    TooManyRecipients,
    RateLimited,
    Greylisted,
    Blocklisted,
    ReverseDns,
    HeloRejected,
    SpfFail,
    DkimFail,
    DmarcFail,
    SpamContent,
    SenderRejected,
    SenderNotAllowed,
    SenderUnauthenticated,
    MessageRejected,
    PolicyRejected,
    RoutingError,
    SyntaxError,
    BadSequence,
    NotImplemented,
    Utf8Unsupported,
    RequiretlsFailed,
    ServiceUnavailable,
    ServerError,
    /// The host name does not resolve.
    NameNotFound,
    /// The name resolves to no address.
    NoAddress,
    ConnectionRefused,
    ConnectionTimeout,
    ConnectionReset,
    /// No answer at all: a firewall drops the packets (outbound port 25 often is).
    PortBlocked,
    /// TLS spoken to a port that speaks plain SMTP (implicit TLS against 587 or 25).
    WrongSecurityMode,
    /// Plain text (or STARTTLS) spoken to a port that expects TLS from the first byte (465).
    ImplicitTlsPort,
    TlsHandshakeFailed,
    /// The server closed the connection before sending one byte of the TLS handshake.
    TlsClosedByServer,
    TlsProtocolMismatch,
    CertificateExpired,
    CertificateNotYetValid,
    CertificateSelfSigned,
    CertificateUntrusted,
    CertificateWrongHost,
    /// The certificate's key is too weak for today's TLS (RSA under 2048 bits).
    CertificateKeyTooWeak,
    /// The server broke the protocol (malformed reply, limits exceeded).
    ProtocolError,
    Timeout,
    /// The server accepted the connection and then sent nothing at all, not even a greeting:
    /// a port that waits for a TLS handshake (implicit TLS), a greeting delayed on purpose, or a
    /// proxy that holds the connection.
    SilentGreeting,
    Cancelled,
}

impl Cause {
    /// The stable id, as in the knowledge data and the JSON exports (`unknown-user`).
    pub fn id(self) -> &'static str {
        // The serde name is the id; every variant is a unit variant, so this cannot fail.
        CAUSE_IDS
            .iter()
            .find(|(c, _)| *c == self)
            .map_or("unknown", |(_, id)| id)
    }

    /// A finding about the certificate that accepting invalid certificates lets a test go past
    /// (a key too weak is not one: no TLS stack can use it).
    pub fn is_overridable_certificate(self) -> bool {
        matches!(
            self,
            Cause::CertificateExpired
                | Cause::CertificateNotYetValid
                | Cause::CertificateSelfSigned
                | Cause::CertificateUntrusted
                | Cause::CertificateWrongHost
        )
    }

    /// The cause with this id, if there is one.
    pub fn from_id(id: &str) -> Option<Cause> {
        CAUSE_IDS.iter().find(|(_, i)| *i == id).map(|(c, _)| *c)
    }
}

impl std::fmt::Display for Cause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

/// Each cause with its id, built once from the serde names.
static CAUSE_IDS: std::sync::LazyLock<Vec<(Cause, &'static str)>> =
    std::sync::LazyLock::new(|| {
        Cause::ALL
            .iter()
            .filter_map(|c| match serde_json::to_value(c) {
                Ok(serde_json::Value::String(s)) => Some((*c, &*Box::leak(s.into_boxed_str()))),
                _ => None,
            })
            .collect()
    });

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_are_kebab_case() {
        for &cause in Cause::ALL {
            let id = cause.id();
            assert_ne!(id, "unknown");
            assert!(
                id.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{id}"
            );
            assert_eq!(Cause::from_id(id), Some(cause));
        }
        assert_eq!(Cause::UnknownUser.id(), "unknown-user");
        assert_eq!(Cause::Utf8Unsupported.id(), "utf8-unsupported");
        assert_eq!(Cause::from_id("no-such-cause"), None);
    }
}
