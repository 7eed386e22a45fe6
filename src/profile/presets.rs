//! Known submission settings of common providers, to fill in a new profile. Host names, ports and
//! modes are the providers' published ones; the notes say what the account needs for SMTP.

use super::{AuthSettings, Profile, SignIn, SignInProvider};
use crate::proto::session::Security;

/// One provider's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    /// The provider's name as it stays in a profile (`Profile::preset`) whatever the language.
    pub name: &'static str,
    pub server: &'static str,
    pub port: u16,
    pub security: Security,
    /// Whether the provider wants a login (a local relay may not).
    pub login: bool,
    /// The provider's id in the catalogue: its note is `preset-note-<key>`, and a name that
    /// is no brand has its words as `preset-title-<key>`.
    pub key: &'static str,
    /// The provider signs in with OAuth 2.0 (its note says a client id must be registered).
    pub sign_in: Option<SignInProvider>,
}

pub const PRESETS: &[Preset] = &[
    Preset {
        name: "Gmail / Google Workspace",
        server: "smtp.gmail.com",
        port: 587,
        security: Security::StartTlsRequired,
        login: true,
        key: "gmail",
        sign_in: Some(SignInProvider::Google),
    },
    Preset {
        name: "Microsoft 365",
        server: "smtp.office365.com",
        port: 587,
        security: Security::StartTlsRequired,
        login: true,
        key: "microsoft-365",
        sign_in: Some(SignInProvider::Microsoft),
    },
    Preset {
        name: "Outlook.com / Hotmail",
        server: "smtp-mail.outlook.com",
        port: 587,
        security: Security::StartTlsRequired,
        login: true,
        key: "outlook",
        sign_in: Some(SignInProvider::Microsoft),
    },
    Preset {
        name: "Yahoo Mail",
        server: "smtp.mail.yahoo.com",
        port: 465,
        security: Security::ImplicitTls,
        login: true,
        key: "yahoo",
        sign_in: None,
    },
    Preset {
        name: "iCloud Mail",
        server: "smtp.mail.me.com",
        port: 587,
        security: Security::StartTlsRequired,
        login: true,
        key: "icloud",
        sign_in: None,
    },
    Preset {
        name: "Fastmail",
        server: "smtp.fastmail.com",
        port: 465,
        security: Security::ImplicitTls,
        login: true,
        key: "fastmail",
        sign_in: None,
    },
    Preset {
        name: "Zoho Mail",
        server: "smtp.zoho.com",
        port: 465,
        security: Security::ImplicitTls,
        login: true,
        key: "zoho",
        sign_in: None,
    },
    Preset {
        name: "SendGrid",
        server: "smtp.sendgrid.net",
        port: 587,
        security: Security::StartTlsRequired,
        login: true,
        key: "sendgrid",
        sign_in: None,
    },
    Preset {
        name: "Mailgun",
        server: "smtp.mailgun.org",
        port: 587,
        security: Security::StartTlsRequired,
        login: true,
        key: "mailgun",
        sign_in: None,
    },
    Preset {
        name: "Amazon SES (us-east-1)",
        server: "email-smtp.us-east-1.amazonaws.com",
        port: 587,
        security: Security::StartTlsRequired,
        login: true,
        key: "amazon-ses",
        sign_in: None,
    },
    Preset {
        name: "Postmark",
        server: "smtp.postmarkapp.com",
        port: 587,
        security: Security::StartTlsRequired,
        login: true,
        key: "postmark",
        sign_in: None,
    },
    Preset {
        name: "Brevo",
        server: "smtp-relay.brevo.com",
        port: 587,
        security: Security::StartTlsRequired,
        login: true,
        key: "brevo",
        sign_in: None,
    },
    Preset {
        name: "Local relay (localhost:25)",
        server: "localhost",
        port: 25,
        security: Security::StartTlsIfOffered,
        login: false,
        key: "local-relay",
        sign_in: None,
    },
];

impl Preset {
    /// The provider's name for people: its words in the catalogue where it is no brand
    /// ("Local relay"), else its name.
    pub fn title(&self) -> String {
        crate::present::message(&format!("preset-title-{}", self.key))
            .unwrap_or_else(|| self.name.to_string())
    }

    /// What the user must know before the login works, in the user's language.
    pub fn note(&self) -> String {
        crate::present::message(&format!("preset-note-{}", self.key)).unwrap_or_default()
    }

    /// A new profile with this provider's settings, named by `title`.
    pub fn profile(&self) -> Profile {
        Profile {
            name: self.title(),
            server: self.server.to_string(),
            port: self.port,
            security: self.security,
            auth: AuthSettings {
                enabled: self.login,
                sign_in: self.sign_in.map(SignIn::with),
                ..AuthSettings::default()
            },
            preset: self.name.to_string(),
            ..Profile::default()
        }
    }
}

/// The preset named `name` (a profile's `preset`), if this build knows it.
pub fn find(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

/// The preset whose server `host` is, when it is a public provider's (not a local relay): a
/// load test against it is refused unless the user says the operator permits it.
pub fn public_provider(host: &str) -> Option<&'static Preset> {
    let host = host.trim_end_matches('.');
    PRESETS
        .iter()
        .filter(|p| p.server != "localhost")
        .find(|p| p.server.eq_ignore_ascii_case(host))
}

/// The name of the public provider whose server `host` is (`public_provider`).
pub fn public_provider_name(host: &str) -> Option<&'static str> {
    public_provider(host).map(|p| p.name)
}

#[cfg(test)]
mod public_provider_tests {
    use super::*;

    #[test]
    fn public_providers_are_known_by_their_server_and_a_local_relay_is_not() {
        assert!(public_provider("smtp.gmail.com").is_some());
        assert!(public_provider("SMTP.Gmail.com.").is_some());
        assert!(public_provider("localhost").is_none());
        assert!(public_provider("127.0.0.1").is_none());
    }
}
