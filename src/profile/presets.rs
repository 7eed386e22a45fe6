//! Known submission settings of common providers, to fill in a new profile. Host names, ports and
//! modes are the providers' published ones; the notes say what the account needs for SMTP.

use super::{AuthSettings, Profile};
use crate::proto::session::Security;

/// One provider's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    pub name: &'static str,
    pub server: &'static str,
    pub port: u16,
    pub security: Security,
    /// Whether the provider wants a login (a local relay may not).
    pub login: bool,
    /// What the user must know before the login works.
    pub note: &'static str,
}

pub const PRESETS: &[Preset] = &[
    Preset {
        name: "Gmail / Google Workspace",
        server: "smtp.gmail.com",
        port: 587,
        security: Security::StartTlsRequired,
        login: true,
        note: "User: the full address. Password: an app password (2-Step Verification on) or OAuth.",
    },
    Preset {
        name: "Microsoft 365",
        server: "smtp.office365.com",
        port: 587,
        security: Security::StartTlsRequired,
        login: true,
        note: "Authenticated SMTP must be on for the mailbox (admin center > user > Mail > Manage email apps).",
    },
    Preset {
        name: "Outlook.com / Hotmail",
        server: "smtp-mail.outlook.com",
        port: 587,
        security: Security::StartTlsRequired,
        login: true,
        note: "Microsoft accepts OAuth for Outlook.com accounts; passwords are refused.",
    },
    Preset {
        name: "Yahoo Mail",
        server: "smtp.mail.yahoo.com",
        port: 465,
        security: Security::ImplicitTls,
        login: true,
        note: "Password: an app password made in Yahoo's account security settings.",
    },
    Preset {
        name: "iCloud Mail",
        server: "smtp.mail.me.com",
        port: 587,
        security: Security::StartTlsRequired,
        login: true,
        note: "Password: an app-specific password from account.apple.com.",
    },
    Preset {
        name: "Fastmail",
        server: "smtp.fastmail.com",
        port: 465,
        security: Security::ImplicitTls,
        login: true,
        note: "Password: an app password from Fastmail's settings (Privacy & Security).",
    },
    Preset {
        name: "Zoho Mail",
        server: "smtp.zoho.com",
        port: 465,
        security: Security::ImplicitTls,
        login: true,
        note: "Accounts in the EU data centre use smtp.zoho.eu; with 2FA use an app-specific password.",
    },
    Preset {
        name: "SendGrid",
        server: "smtp.sendgrid.net",
        port: 587,
        security: Security::StartTlsRequired,
        login: true,
        note: "User: the word apikey. Password: an API key with Mail Send permission.",
    },
    Preset {
        name: "Mailgun",
        server: "smtp.mailgun.org",
        port: 587,
        security: Security::StartTlsRequired,
        login: true,
        note: "User and password: an SMTP credential of the sending domain; EU domains use smtp.eu.mailgun.org.",
    },
    Preset {
        name: "Amazon SES (us-east-1)",
        server: "email-smtp.us-east-1.amazonaws.com",
        port: 587,
        security: Security::StartTlsRequired,
        login: true,
        note: "SMTP credentials from the SES console, for the region of the endpoint; sender must be verified.",
    },
    Preset {
        name: "Postmark",
        server: "smtp.postmarkapp.com",
        port: 587,
        security: Security::StartTlsRequired,
        login: true,
        note: "User and password: the server API token (both fields).",
    },
    Preset {
        name: "Brevo",
        server: "smtp-relay.brevo.com",
        port: 587,
        security: Security::StartTlsRequired,
        login: true,
        note: "User: the login shown under SMTP & API; password: an SMTP key.",
    },
    Preset {
        name: "Local relay (localhost:25)",
        server: "localhost",
        port: 25,
        security: Security::StartTlsIfOffered,
        login: false,
        note: "A mail server on this machine; usually takes mail from localhost without a login.",
    },
];

impl Preset {
    /// A new profile with this provider's settings.
    pub fn profile(&self) -> Profile {
        Profile {
            name: self.name.to_string(),
            server: self.server.to_string(),
            port: self.port,
            security: self.security,
            auth: AuthSettings {
                enabled: self.login,
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
