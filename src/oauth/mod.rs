//! OAuth 2.0 sign-in for SMTP AUTH (XOAUTH2, OAUTHBEARER): which provider and client, the
//! browser flow (authorization code with PKCE, RFC 6749 4.1 and RFC 7636, redirected to a
//! loopback listener, RFC 8252 7.3), the device flow (RFC 8628), refreshing, and the tokens
//! kept in the keychain between runs.
//!
//! Facts only: what happened is a typed `SignInStep` or `OAuthError`; `present::oauth` words
//! them, and the one page the listener serves gets its words from the caller. Never prints,
//! never writes a token anywhere but the keychain (`store`), and never ships a client id: the
//! user registers one (README) and gives it.

mod flow;
mod loopback;
pub mod store;

use std::time::Duration;

use crate::proto::Secret;

pub use flow::{Client, Http};
pub use loopback::Pages;
pub use store::{TokenKey, TokenStore};

/// Who issues the tokens. The endpoints of Microsoft and Google are their documented ones
/// (Microsoft identity platform v2.0; Google's OAuth 2.0 for installed applications).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Provider {
    /// Microsoft 365 and Outlook.com: `tenant` is `common`, `organizations`, `consumers`, a
    /// domain or a tenant id.
    Microsoft { tenant: String },
    /// Gmail and Google Workspace.
    Google,
    /// Any other authorization server, by its endpoints.
    Custom {
        auth_url: String,
        token_url: String,
        device_url: Option<String>,
    },
}

/// The endpoints of a provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    pub auth: String,
    pub token: String,
    /// RFC 8628 3.1 device authorization endpoint, where the provider offers one for mail.
    pub device: Option<String>,
}

impl Provider {
    /// The stable name used in the keychain key and on the command line.
    pub fn id(&self) -> &'static str {
        match self {
            Provider::Microsoft { .. } => "microsoft",
            Provider::Google => "google",
            Provider::Custom { .. } => "custom",
        }
    }

    /// The scopes SMTP sending needs when the user names none: Microsoft's
    /// `https://outlook.office.com/SMTP.Send` with `offline_access` (for a refresh token),
    /// Google's `https://mail.google.com/` (the only scope Gmail's SMTP accepts).
    pub fn default_scopes(&self) -> Vec<String> {
        match self {
            Provider::Microsoft { .. } => vec![
                String::from("https://outlook.office.com/SMTP.Send"),
                String::from("offline_access"),
            ],
            Provider::Google => vec![String::from("https://mail.google.com/")],
            Provider::Custom { .. } => Vec::new(),
        }
    }

    /// The provider's endpoints. Google offers no device flow for the mail scope.
    pub fn endpoints(&self) -> Endpoints {
        match self {
            Provider::Microsoft { tenant } => {
                let base = format!("https://login.microsoftonline.com/{tenant}/oauth2/v2.0");
                Endpoints {
                    auth: format!("{base}/authorize"),
                    token: format!("{base}/token"),
                    device: Some(format!("{base}/devicecode")),
                }
            }
            Provider::Google => Endpoints {
                auth: String::from("https://accounts.google.com/o/oauth2/v2/auth"),
                token: String::from("https://oauth2.googleapis.com/token"),
                device: None,
            },
            Provider::Custom {
                auth_url,
                token_url,
                device_url,
            } => Endpoints {
                auth: auth_url.clone(),
                token: token_url.clone(),
                device: device_url.clone(),
            },
        }
    }

    /// Extra parameters of the authorization request. Google gives a refresh token only with
    /// `access_type=offline`, and again on a later sign-in only with `prompt=consent`.
    fn extra_auth_params(&self) -> &'static [(&'static str, &'static str)] {
        match self {
            Provider::Google => &[("access_type", "offline"), ("prompt", "consent")],
            _ => &[],
        }
    }
}

/// How the user signs in when no stored token will do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Flow {
    /// Authorization code with PKCE in the system browser, back to a loopback listener.
    #[default]
    Browser,
    /// RFC 8628: a code the user enters on another device.
    Device,
}

/// Everything needed to ask for tokens: provider, client, scopes. No token.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    pub provider: Provider,
    pub client_id: String,
    /// Google's desktop clients have a secret (not secret in practice, but not ours to ship).
    pub client_secret: Option<Secret>,
    /// Empty: the provider's default scopes.
    pub scopes: Vec<String>,
}

impl ClientConfig {
    /// The scopes asked for: the given ones, else the provider's defaults.
    pub fn scopes(&self) -> Vec<String> {
        if self.scopes.is_empty() {
            self.provider.default_scopes()
        } else {
            self.scopes.clone()
        }
    }
}

/// An access token, when it stops being valid, and the refresh token that gets the next one.
#[derive(Debug, Clone)]
pub struct Tokens {
    pub access: Secret,
    /// Seconds since the Unix epoch; `None` when the provider did not say.
    pub expires_at: Option<i64>,
    pub refresh: Option<Secret>,
}

/// How long one request to a token endpoint may take.
pub const HTTP_TIMEOUT: Duration = Duration::from_secs(30);

/// How long a sign-in waits for the browser's answer or the device code by default.
pub const SIGN_IN_WAIT: Duration = Duration::from_secs(300);

/// How long before its expiry an access token is no longer used: a session takes a few seconds.
pub const EXPIRY_MARGIN: Duration = Duration::from_secs(5);

impl Tokens {
    /// The access token can still be used at `now` (seconds since the Unix epoch), with
    /// `EXPIRY_MARGIN` to spare. One without a stated expiry is tried (a refusal refreshes it).
    pub fn access_valid_at(&self, now: i64) -> bool {
        self.expires_at
            .is_none_or(|at| at - EXPIRY_MARGIN.as_secs() as i64 > now)
    }

    /// Every secret held, for the exports' last scrub.
    pub fn secrets(&self) -> Vec<String> {
        let mut all = vec![self.access.expose().to_string()];
        if let Some(r) = &self.refresh {
            all.push(r.expose().to_string());
        }
        all
    }
}

/// The current time in seconds since the Unix epoch.
pub fn now_unix() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// What the sign-in is doing, for the caller to show (words by `present::oauth`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInStep {
    /// The authorization URL, and whether a browser could be started with it. Shown in any
    /// case, for copying (RFC 8252 asks for the system browser; one may not start).
    OpenBrowser { url: String, opened: bool },
    /// RFC 8628 3.3: the code to enter and where, valid for `expires_in` seconds.
    DeviceCode {
        user_code: String,
        verification_uri: String,
        expires_in: u64,
    },
    /// A stored access token still valid until `expires_at` (Unix seconds) is used.
    UsingStored { expires_at: Option<i64> },
    /// The access token was refreshed with the stored refresh token.
    Refreshed,
    /// The sign-in finished; tokens are kept (in the keychain, or for this run only).
    SignedIn,
}

/// Why no token could be had. Each is the user's or the provider's to fix, except the
/// listener's and the keychain's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OAuthError {
    #[error("not a valid endpoint address: {url}")]
    BadUrl { url: String },
    /// Tokens travel only over HTTPS, except to a loopback address (tests, local servers).
    #[error("the endpoint {url} is not HTTPS")]
    NotHttps { url: String },
    #[error("the provider has no device flow for mail; use the browser flow")]
    NoDeviceEndpoint,
    #[error("cannot listen for the browser on 127.0.0.1: {detail}")]
    Listener { detail: String },
    /// RFC 6749 4.1.2.1 / RFC 8628 3.5: the user or the provider said no.
    #[error("the sign-in was denied: {error}")]
    Denied {
        error: String,
        description: Option<String>,
    },
    #[error("no answer from the sign-in within {secs} seconds")]
    TimedOut { secs: u64 },
    /// RFC 6749 10.12: the answer's `state` is not the one sent; it is not ours.
    #[error("the answer to the sign-in carried another state")]
    WrongState,
    #[error("the sign-in was cancelled")]
    Cancelled,
    /// RFC 8628 3.5 `expired_token`.
    #[error("the device code expired before the sign-in finished")]
    DeviceExpired,
    /// The token endpoint refused a code or a device grant (RFC 6749 5.2).
    #[error("the token endpoint refused: {error}")]
    TokenEndpoint {
        error: String,
        description: Option<String>,
    },
    /// The refresh token was refused (`invalid_grant`: revoked, expired, password changed).
    #[error("the refresh token was refused: {error}")]
    RefreshRefused {
        error: String,
        description: Option<String>,
    },
    #[error("cannot reach the token endpoint: {detail}")]
    Http { detail: String },
    #[error("the token endpoint's answer cannot be read: {detail}")]
    BadAnswer { detail: String },
    /// No stored token will do and no person is there to sign in.
    #[error("not signed in; sign in again")]
    SignInNeeded,
    #[error("keychain: {0}")]
    Keychain(#[from] crate::secrets::SecretsError),
}

/// Checks an endpoint address: a URL, HTTPS unless its host is a loopback address.
pub fn check_url(url: &str) -> Result<(), OAuthError> {
    let parsed = oauth2::url::Url::parse(url).map_err(|_| OAuthError::BadUrl {
        url: url.to_string(),
    })?;
    let loopback = match parsed.host() {
        Some(oauth2::url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(oauth2::url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(oauth2::url::Host::Domain(d)) => d == "localhost",
        None => false,
    };
    match parsed.scheme() {
        "https" => Ok(()),
        "http" if loopback => Ok(()),
        _ => Err(OAuthError::NotHttps {
            url: url.to_string(),
        }),
    }
}

/// Where the tokens of this run came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Stored,
    Refreshed,
    SignedIn,
}

/// How a run gets its access token: from the keychain, by a silent refresh, or by signing in.
pub struct Session<'a> {
    pub client: &'a Client,
    pub store: &'a TokenStore,
    pub key: &'a TokenKey,
    pub flow: Flow,
    /// A person is there to sign in (else a refused refresh ends with `SignInNeeded`).
    pub interactive: bool,
    /// How long to wait for the browser's answer or the device sign-in.
    pub wait: Duration,
    pub pages: &'a Pages,
}

impl Session<'_> {
    /// Tokens for the run: a stored access token still valid, else a refresh with the stored
    /// refresh token (the rotated one is stored), else a sign-in. Stores what it got.
    pub async fn tokens(
        &self,
        cancel: &crate::engine::CancelToken,
        on_step: &(dyn Fn(SignInStep) + Sync),
    ) -> Result<(Tokens, Source), OAuthError> {
        match self.without_sign_in(on_step).await {
            Err(OAuthError::SignInNeeded) => self.sign_in(cancel, on_step).await,
            Err(OAuthError::RefreshRefused { .. }) if self.interactive => {
                self.sign_in(cancel, on_step).await
            }
            got => got,
        }
    }

    /// Tokens without a sign-in: a stored access token still valid, else a refresh with the
    /// stored refresh token (the rotated one stored). `SignInNeeded` when nothing is stored
    /// or nothing stored can be refreshed; a refused refresh token is that refusal.
    pub async fn without_sign_in(
        &self,
        on_step: &(dyn Fn(SignInStep) + Sync),
    ) -> Result<(Tokens, Source), OAuthError> {
        let Some(tokens) = self.store.load(self.key)? else {
            return Err(OAuthError::SignInNeeded);
        };
        if tokens.access_valid_at(now_unix()) {
            on_step(SignInStep::UsingStored {
                expires_at: tokens.expires_at,
            });
            return Ok((tokens, Source::Stored));
        }
        if tokens.refresh.is_none() {
            return Err(OAuthError::SignInNeeded);
        }
        let fresh = self.refresh(&tokens).await?;
        on_step(SignInStep::Refreshed);
        Ok((fresh, Source::Refreshed))
    }

    /// A sign-in by the chosen flow; stores the tokens.
    pub async fn sign_in(
        &self,
        cancel: &crate::engine::CancelToken,
        on_step: &(dyn Fn(SignInStep) + Sync),
    ) -> Result<(Tokens, Source), OAuthError> {
        let tokens = match self.flow {
            Flow::Browser => {
                self.client
                    .browser(&self.key.account, self.wait, cancel, self.pages, on_step)
                    .await?
            }
            Flow::Device => {
                self.client
                    .device(&self.key.account, self.wait, cancel, on_step)
                    .await?
            }
        };
        self.store.save(self.key, &tokens)?;
        on_step(SignInStep::SignedIn);
        Ok((tokens, Source::SignedIn))
    }

    /// Refreshes `tokens` (RFC 6749 6) and stores the result; a refresh token the answer does
    /// not rotate is kept. A refused refresh token is deleted from the store.
    pub async fn refresh(&self, tokens: &Tokens) -> Result<Tokens, OAuthError> {
        let Some(refresh) = &tokens.refresh else {
            return Err(OAuthError::SignInNeeded);
        };
        match self.client.refresh(refresh).await {
            Ok(mut fresh) => {
                if fresh.refresh.is_none() {
                    fresh.refresh = Some(refresh.clone());
                }
                self.store.save(self.key, &fresh)?;
                Ok(fresh)
            }
            Err(e @ OAuthError::RefreshRefused { .. }) => {
                self.store.delete(self.key)?;
                Err(e)
            }
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_sent_only_over_https_or_to_loopback() {
        assert_eq!(check_url("https://login.example/token"), Ok(()));
        assert_eq!(check_url("http://127.0.0.1:8080/token"), Ok(()));
        assert_eq!(check_url("http://localhost/token"), Ok(()));
        assert!(matches!(
            check_url("http://login.example/token"),
            Err(OAuthError::NotHttps { .. })
        ));
        assert!(matches!(
            check_url("not a url"),
            Err(OAuthError::BadUrl { .. })
        ));
    }

    #[test]
    fn each_provider_asks_for_the_scope_its_smtp_service_documents() {
        let ms = Provider::Microsoft {
            tenant: String::from("contoso.onmicrosoft.com"),
        };
        assert_eq!(
            ms.default_scopes(),
            ["https://outlook.office.com/SMTP.Send", "offline_access"]
        );
        assert!(
            ms.endpoints()
                .token
                .starts_with("https://login.microsoftonline.com/contoso.onmicrosoft.com/")
        );
        assert_eq!(
            Provider::Google.default_scopes(),
            ["https://mail.google.com/"]
        );
        assert_eq!(Provider::Google.endpoints().device, None);
    }

    #[test]
    fn an_access_token_is_not_used_in_its_last_seconds() {
        let t = |expires_at| Tokens {
            access: Secret::new("a"),
            expires_at,
            refresh: None,
        };
        assert!(t(Some(1000)).access_valid_at(900));
        assert!(!t(Some(1000)).access_valid_at(996));
        assert!(!t(Some(1000)).access_valid_at(1200));
        assert!(t(None).access_valid_at(1200));
    }
}
