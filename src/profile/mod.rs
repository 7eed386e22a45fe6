//! Saved server profiles: what to connect to and what to send, without any secret.
//!
//! A profile is plain data (serde); `intent` turns it into the same `SessionIntent` the CLI fills,
//! `validate` names every problem field by field, as the user types (the shared checks are the
//! intent's), and `to_request` goes through `SessionIntent::into_request` as the CLI does. The secret itself lives in the OS keychain (`crate::secrets`), never here.

pub mod presets;
pub mod store;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::engine::SessionRequest;
use crate::intent::{IntentField, MessageIntent, RequestError, SessionIntent};
use crate::message::MessageError;
use crate::present::t;
use crate::proto::session::{DsnOptions, Security, StopAfter};
use crate::proto::{Mechanism, Secret};

/// How to log in. The password or token is not here: it is in the keychain under the profile's id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct AuthSettings {
    pub enabled: bool,
    pub user: String,
    /// `None` chooses from what the server offers.
    pub mechanism: Option<Mechanism>,
    /// The secret is an OAuth 2.0 access token (XOAUTH2 / OAUTHBEARER), not a password.
    pub oauth: bool,
    /// Sign in with OAuth 2.0 instead of a password or a pasted token: the access token is
    /// got (stored, refreshed or signed in) before each session. Its tokens are in the
    /// keychain, never here; a client secret (Google) is kept as the profile's secret.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sign_in: Option<SignIn>,
}

/// Which authorization server signs the user in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum SignInProvider {
    /// Microsoft 365 and Outlook.com (Microsoft identity platform).
    #[default]
    Microsoft,
    /// Gmail and Google Workspace.
    Google,
    /// Endpoints given in the profile.
    Custom,
}

/// How the user signs in when no stored token will do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum SignInFlow {
    /// In the system browser, back to a loopback listener.
    #[default]
    Browser,
    /// With a code entered on another device (RFC 8628).
    Device,
}

/// An OAuth 2.0 sign-in: provider, client id and what the provider needs. No token, no
/// client secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct SignIn {
    /// Who signs the user in.
    pub provider: SignInProvider,
    /// The id of the client the user registered (README: "Signing in with OAuth 2.0").
    pub client_id: String,
    /// Microsoft's tenant; empty is `common`.
    pub tenant: String,
    /// A custom provider's authorization endpoint.
    pub auth_url: String,
    /// A custom provider's token endpoint.
    pub token_url: String,
    /// A custom provider's device authorization endpoint; empty: none.
    pub device_url: String,
    /// Scopes separated by spaces; empty: the provider's defaults.
    pub scopes: String,
    /// The browser, or a code on another device.
    pub flow: SignInFlow,
}

impl SignIn {
    /// The sign-in of a provider, with its defaults.
    pub fn with(provider: SignInProvider) -> SignIn {
        SignIn {
            provider,
            ..SignIn::default()
        }
    }

    /// The library's provider, with its endpoints.
    pub fn provider(&self) -> crate::oauth::Provider {
        let trimmed = |s: &str| s.trim().to_string();
        match self.provider {
            SignInProvider::Microsoft => crate::oauth::Provider::Microsoft {
                tenant: Some(trimmed(&self.tenant))
                    .filter(|t| !t.is_empty())
                    .unwrap_or_else(|| String::from("common")),
            },
            SignInProvider::Google => crate::oauth::Provider::Google,
            SignInProvider::Custom => crate::oauth::Provider::Custom {
                auth_url: trimmed(&self.auth_url),
                token_url: trimmed(&self.token_url),
                device_url: Some(trimmed(&self.device_url)).filter(|d| !d.is_empty()),
            },
        }
    }

    /// What the library needs to ask for tokens; `client_secret` is the profile's secret.
    pub fn client_config(&self, client_secret: Option<Secret>) -> crate::oauth::ClientConfig {
        crate::oauth::ClientConfig {
            provider: self.provider(),
            client_id: self.client_id.trim().to_string(),
            client_secret,
            scopes: self.scopes.split_whitespace().map(str::to_string).collect(),
        }
    }

    /// Where the tokens of `user` are kept: the same key the command line uses.
    pub fn token_key(&self, user: &str) -> crate::oauth::TokenKey {
        crate::oauth::TokenKey {
            provider: self.provider().id().to_string(),
            client_id: self.client_id.trim().to_string(),
            account: user.trim().to_string(),
        }
    }

    /// The library's flow.
    pub fn flow(&self) -> crate::oauth::Flow {
        match self.flow {
            SignInFlow::Browser => crate::oauth::Flow::Browser,
            SignInFlow::Device => crate::oauth::Flow::Device,
        }
    }
}

/// The test message.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MessageSettings {
    pub subject: String,
    pub text: String,
    pub html: String,
    pub attachments: Vec<PathBuf>,
    /// Extra header lines, `Name: value`, one per line.
    pub headers: String,
}

/// Session options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Options {
    /// Seconds per phase (connect, greeting, TLS, each command), within the range of
    /// `SessionIntent::problems` (0 < t <= `intent::MAX_TIMEOUT_SECS`).
    pub timeout_secs: f64,
    pub accept_invalid_certificates: bool,
    pub smtputf8: bool,
    /// Ask for delivery status notifications on failure (RFC 3461).
    pub dsn: bool,
    pub pipelining: bool,
    pub bdat: bool,
    /// Extra trusted certificate authorities (PEM), e.g. a company's internal CA.
    pub ca_file: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            timeout_secs: 20.0,
            accept_invalid_certificates: false,
            smtputf8: false,
            dsn: false,
            pipelining: true,
            bdat: false,
            ca_file: None,
        }
    }
}

/// One saved server profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Profile {
    /// Stable id, also the keychain account name of its secret.
    pub id: String,
    pub name: String,
    pub server: String,
    pub port: u16,
    pub security: Security,
    /// Empty: the address literal of our side of the connection.
    pub helo: String,
    pub auth: AuthSettings,
    pub mail_from: String,
    /// Recipients, one per line (or separated by commas).
    pub rcpt_to: String,
    pub message: MessageSettings,
    pub options: Options,
    /// The name of the provider preset the profile was made from (its note stays shown in
    /// the editor); empty when it was made by hand.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub preset: String,
}

impl Default for Profile {
    fn default() -> Self {
        Profile {
            id: new_id(),
            name: String::from("New profile"),
            server: String::new(),
            port: 587,
            security: Security::StartTlsRequired,
            helo: String::new(),
            auth: AuthSettings::default(),
            mail_from: String::new(),
            rcpt_to: String::new(),
            message: MessageSettings::default(),
            options: Options::default(),
            preset: String::new(),
        }
    }
}

/// A new profile id: time and a counter, unique within this machine.
pub fn new_id() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = time::OffsetDateTime::now_utc().unix_timestamp_nanos();
    format!("p{nanos:x}{:x}", COUNTER.fetch_add(1, Ordering::Relaxed))
}

/// The port a security mode uses unless told otherwise (RFC 8314 3.3, RFC 6409 3.1, RFC 5321).
pub fn default_port(security: Security) -> u16 {
    match security {
        Security::ImplicitTls => 465,
        Security::StartTlsRequired | Security::StartTlsIfOffered => 587,
        Security::None => 25,
    }
}

/// A field of the editor, for validation messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Name,
    Server,
    Port,
    Helo,
    User,
    MailFrom,
    RcptTo,
    Headers,
    Attachments,
    Timeout,
    CaFile,
    /// The OAuth 2.0 client id (and a custom provider's endpoints).
    ClientId,
    /// Delivery status notifications (fixed values in a profile, so never flagged today).
    Dsn,
}

/// One problem with a field, in words that say what to change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: Field,
    pub message: String,
}

/// What the session is asked to do: the four actions of the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Action {
    /// Stops after TLS (or EHLO without TLS).
    TestConnection,
    /// Stops after AUTH.
    TestLogin,
    /// Stops after RCPT: sends no message.
    TestRecipients,
    SendTestMessage,
}

impl Action {
    /// The action's name on its button and in its menu, in the user's language.
    pub fn label(self) -> String {
        match self {
            Action::TestConnection => t!("action-test-connection"),
            Action::TestLogin => t!("action-test-login"),
            Action::TestRecipients => t!("action-test-recipients"),
            Action::SendTestMessage => t!("action-send-test-message"),
        }
    }

    pub fn stop_after(self) -> StopAfter {
        match self {
            Action::TestConnection => StopAfter::Tls,
            Action::TestLogin => StopAfter::Auth,
            Action::TestRecipients => StopAfter::Rcpt,
            Action::SendTestMessage => StopAfter::Send,
        }
    }

    pub const ALL: [Action; 4] = [
        Action::TestConnection,
        Action::TestLogin,
        Action::TestRecipients,
        Action::SendTestMessage,
    ];
}

impl Profile {
    pub fn recipients(&self) -> Vec<String> {
        self.rcpt_to
            .split(['\n', ',', ';'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// `host:port` (`[v6]:port` for an IPv6 address), for `Target::parse`.
    pub fn host_and_port(&self) -> String {
        SessionIntent {
            server: self.server.clone(),
            port: self.port,
            ..SessionIntent::default()
        }
        .host_and_port()
    }

    fn header_lines(&self) -> impl Iterator<Item = Result<(String, String), MessageError>> {
        self.message
            .headers
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(crate::message::parse_header)
    }

    /// Whether `action` with this profile logs in: AUTH is on (or the action is Test login) and
    /// the action goes as far as AUTH (Test connection stops before it).
    pub fn logs_in(&self, action: Action) -> bool {
        (self.auth.enabled || action == Action::TestLogin) && action.stop_after() >= StopAfter::Auth
    }

    /// What `action` asks of a session with this profile. Pure: reads no file and no secret.
    /// Header lines without ':' are left out here; `validate` names them.
    pub fn intent(&self, action: Action) -> SessionIntent {
        let some = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        // An action that stops before AUTH logs in to nothing, so it needs no user or secret.
        let login = self.logs_in(action);
        SessionIntent {
            server: self.server.trim().to_string(),
            port: self.port,
            security: self.security,
            helo: some(&self.helo),
            auth_user: login.then(|| self.auth.user.trim().to_string()),
            auth_mechanism: self.auth.mechanism,
            oauth_token: self.auth.oauth || self.auth.sign_in.is_some(),
            mail_from: self.mail_from.trim().to_string(),
            rcpt_to: self.recipients(),
            stop_after: match action {
                Action::TestLogin if !self.auth.enabled && self.auth.user.is_empty() => {
                    StopAfter::Tls
                }
                a => a.stop_after(),
            },
            accept_invalid_certificates: self.options.accept_invalid_certificates,
            pipelining: self.options.pipelining,
            chunking: self.options.bdat,
            smtputf8: self.options.smtputf8,
            // RFC 3461: a report on failure or delay, headers only.
            dsn: self.options.dsn.then(|| DsnOptions {
                notify: vec![String::from("FAILURE"), String::from("DELAY")],
                ret: Some(String::from("HDRS")),
                envid: None,
                orcpt: false,
            }),
            ca_file: self.options.ca_file.clone(),
            timeout_secs: Some(self.options.timeout_secs),
            max_reply_line: crate::intent::DEFAULT_REPLY_LINE,
            profile: Some(self.name.clone()),
            message: MessageIntent {
                subject: some(&self.message.subject),
                text_body: some(&self.message.text),
                html_body: some(&self.message.html),
                html_file: None,
                attachments: self.message.attachments.clone(),
                headers: self.header_lines().filter_map(Result::ok).collect(),
            },
        }
    }

    /// Every problem that would stop `action`, field by field. Empty when the profile can run.
    /// Reads the filesystem (see `check_files`); `check_fields` is the part without files.
    pub fn validate(&self, action: Action) -> Vec<Problem> {
        let mut problems = self.check_fields(action);
        problems.extend(self.check_files());
        problems
    }

    /// The problems of the fields themselves, without looking at any file: cheap and pure, so
    /// the window runs it as the user types.
    pub fn check_fields(&self, action: Action) -> Vec<Problem> {
        let mut problems = Vec::new();
        let mut bad = |field: Field, message: String| problems.push(Problem { field, message });
        if self.name.trim().is_empty() {
            bad(Field::Name, t!("profile-need-name"));
        }
        let server = self.server.trim();
        if server.is_empty() {
            bad(Field::Server, t!("profile-need-server"));
        } else if server.contains(':')
            && server.parse::<std::net::Ipv6Addr>().is_err()
            && !server.starts_with('[')
        {
            bad(Field::Server, t!("profile-port-in-server"));
        }
        // Only an action that reaches AUTH needs a user: Test connection stops before it.
        if self.logs_in(action) && self.auth.user.trim().is_empty() {
            bad(Field::User, t!("profile-need-user"));
        }
        if login_needed(self, action)
            && let Some(sign_in) = &self.auth.sign_in
            && sign_in.client_id.trim().is_empty()
        {
            bad(Field::ClientId, t!("profile-need-client-id"));
        }
        let envelope = matches!(action, Action::TestRecipients | Action::SendTestMessage);
        if envelope && self.mail_from.trim().is_empty() {
            bad(Field::MailFrom, t!("profile-need-sender"));
        }
        if envelope && self.recipients().is_empty() {
            bad(Field::RcptTo, t!("profile-need-recipients"));
        }
        for e in self.header_lines().filter_map(Result::err) {
            bad(Field::Headers, crate::words::message_error(&e));
        }
        // Then the checks every front end shares, for the fields not already flagged.
        let flagged: Vec<Field> = problems.iter().map(|p| p.field).collect();
        for e in self.intent(action).problems() {
            let field = Field::from(e.field());
            if !flagged.contains(&field) {
                problems.push(Problem {
                    field,
                    message: crate::words::intent_error(&e),
                });
            }
        }
        problems
    }

    /// Whether the files the profile names (attachments, the extra CA) are readable files. Reads
    /// the filesystem: the window runs it on its worker, never on the UI thread.
    pub fn check_files(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        let mut bad = |field: Field, message: String| problems.push(Problem { field, message });
        for path in &self.message.attachments {
            if !path.is_file() {
                bad(
                    Field::Attachments,
                    t!(
                        "profile-attachment-unreadable",
                        path = path.display().to_string()
                    ),
                );
            }
        }
        if let Some(ca) = &self.options.ca_file
            && !ca.is_file()
        {
            bad(
                Field::CaFile,
                t!(
                    "profile-ca-file-unreadable",
                    path = ca.display().to_string()
                ),
            );
        }
        problems
    }

    /// The session request for `action`, with the secret from the keychain (or memory).
    pub fn to_request(
        &self,
        action: Action,
        secret: Option<&str>,
    ) -> Result<SessionRequest, ProfileError> {
        if let Some(p) = self.validate(action).into_iter().next() {
            return Err(ProfileError::Invalid(p));
        }
        Ok(self.intent(action).into_request(secret.map(Secret::new))?)
    }
}

/// Whether `action` logs in with this profile.
fn login_needed(profile: &Profile, action: Action) -> bool {
    (profile.auth.enabled || action == Action::TestLogin)
        && action.stop_after() >= StopAfter::Auth
        && !profile.auth.user.trim().is_empty()
}

impl Profile {
    /// The sign-in `action` uses: the profile signs in with OAuth 2.0 and the action logs in.
    pub fn sign_in_for(&self, action: Action) -> Option<&SignIn> {
        self.auth
            .sign_in
            .as_ref()
            .filter(|_| login_needed(self, action))
    }
}

/// Why a profile cannot run.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    /// The first problem `Profile::validate` found.
    #[error("{}", .0.message)]
    Invalid(Problem),
    #[error(transparent)]
    Request(#[from] RequestError),
}

impl ProfileError {
    /// Why the profile cannot run, in the user's language.
    pub fn words(&self) -> String {
        match self {
            ProfileError::Invalid(problem) => problem.message.clone(),
            ProfileError::Request(e) => crate::words::request_error(e),
        }
    }
}

impl From<IntentField> for Field {
    fn from(value: IntentField) -> Field {
        match value {
            IntentField::Server => Field::Server,
            IntentField::Port => Field::Port,
            IntentField::Helo => Field::Helo,
            IntentField::User => Field::User,
            IntentField::MailFrom => Field::MailFrom,
            IntentField::RcptTo => Field::RcptTo,
            IntentField::Headers => Field::Headers,
            IntentField::Timeout => Field::Timeout,
            IntentField::Dsn => Field::Dsn,
        }
    }
}

#[cfg(test)]
mod tests;
