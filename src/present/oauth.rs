//! The words of OAuth 2.0 sign-in: each step, each failure, the page the browser is shown,
//! sign-out, and why tokens last for the run only.

use super::t;
use crate::oauth::{OAuthError, Pages, SignInStep};
use crate::secrets::KeychainNote;

/// A sign-in step in words.
pub fn step(step: &SignInStep) -> String {
    match step {
        SignInStep::OpenBrowser { url, opened: true } => {
            t!("oauth-step-open-browser", url = url.as_str())
        }
        SignInStep::OpenBrowser { url, opened: false } => {
            t!("oauth-step-no-browser", url = url.as_str())
        }
        SignInStep::DeviceCode {
            user_code,
            verification_uri,
            expires_in,
        } => t!(
            "oauth-step-device-code",
            uri = verification_uri.as_str(),
            code = user_code.as_str(),
            minutes = expires_in.div_ceil(60)
        ),
        SignInStep::UsingStored {
            expires_at: Some(at),
        } => match time::OffsetDateTime::from_unix_timestamp(*at) {
            Ok(until) => t!("oauth-step-using-stored", until = super::record::utc(until)),
            Err(_) => t!("oauth-step-using-stored-no-expiry"),
        },
        SignInStep::UsingStored { expires_at: None } => t!("oauth-step-using-stored-no-expiry"),
        SignInStep::Refreshed => t!("oauth-step-refreshed"),
        SignInStep::SignedIn => t!("oauth-step-signed-in"),
    }
}

/// Why no token could be had, in words that say what to do.
pub fn error(e: &OAuthError) -> String {
    match e {
        OAuthError::BadUrl { url } => t!("oauth-error-bad-url", url = url.as_str()),
        OAuthError::NotHttps { url } => t!("oauth-error-not-https", url = url.as_str()),
        OAuthError::NoDeviceEndpoint => t!("oauth-error-no-device"),
        OAuthError::Listener { detail } => t!("oauth-error-listener", detail = detail.as_str()),
        OAuthError::Denied {
            error,
            description: Some(d),
        } => t!(
            "oauth-error-denied-description",
            error = error.as_str(),
            description = d.as_str()
        ),
        OAuthError::Denied {
            error,
            description: None,
        } => t!("oauth-error-denied", error = error.as_str()),
        OAuthError::TimedOut { secs } => t!("oauth-error-timed-out", secs = (*secs)),
        OAuthError::WrongState => t!("oauth-error-wrong-state"),
        OAuthError::Cancelled => t!("oauth-error-cancelled"),
        OAuthError::DeviceExpired => t!("oauth-error-device-expired"),
        OAuthError::TokenEndpoint {
            error,
            description: Some(d),
        } => t!(
            "oauth-error-token-endpoint-description",
            error = error.as_str(),
            description = d.as_str()
        ),
        OAuthError::TokenEndpoint {
            error,
            description: None,
        } => t!("oauth-error-token-endpoint", error = error.as_str()),
        OAuthError::RefreshRefused { error, .. } => {
            t!("oauth-error-refresh-refused", error = error.as_str())
        }
        OAuthError::Http { detail } => t!("oauth-error-http", detail = detail.as_str()),
        OAuthError::BadAnswer { detail } => t!("oauth-error-bad-answer", detail = detail.as_str()),
        OAuthError::SignInNeeded => t!("oauth-error-sign-in-needed"),
        OAuthError::Keychain(e) => super::errors::secrets_error(e),
    }
}

/// Why a session of the window has no token: as `error`, except that a sign-in is asked for
/// with the editor's button rather than in a terminal.
pub fn window_error(e: &OAuthError) -> String {
    match e {
        OAuthError::SignInNeeded => t!("oauth-window-sign-in-needed"),
        OAuthError::RefreshRefused { error, .. } => {
            t!("oauth-window-refresh-refused", error = error.as_str())
        }
        e => error(e),
    }
}

/// The pages the loopback listener shows in the browser.
pub fn pages() -> Pages {
    Pages {
        signed_in: t!("oauth-page-signed-in"),
        failed: t!("oauth-page-failed"),
    }
}

/// Tokens last for this run only, and why.
pub fn tokens_in_memory(note: &KeychainNote) -> String {
    let detail = match note {
        KeychainNote::NotAnswering(d) | KeychainNote::Unavailable(d) | KeychainNote::Refused(d) => {
            d.as_str()
        }
    };
    t!("oauth-tokens-memory", detail = detail)
}

/// The server refused the access token; it is renewed and the session tried once more.
pub fn retry() -> String {
    t!("oauth-retry")
}

/// Who is signed in, and until when the access token is valid (Unix seconds).
pub fn signed_in(account: &str, expires_at: Option<i64>) -> String {
    match expires_at.and_then(|at| time::OffsetDateTime::from_unix_timestamp(at).ok()) {
        Some(until) => t!(
            "oauth-signed-in-until",
            account = account,
            until = super::record::utc(until)
        ),
        None => t!("oauth-signed-in-no-expiry", account = account),
    }
}

/// Sign-out's result: whether tokens were deleted.
pub fn signed_out(account: &str, provider: &str, had: bool) -> String {
    if had {
        t!("oauth-signed-out", account = account, provider = provider)
    } else {
        t!(
            "oauth-nothing-stored",
            account = account,
            provider = provider
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_refresh_token_says_sign_in_again_and_a_wrong_state_says_so() {
        let refused = error(&OAuthError::RefreshRefused {
            error: String::from("invalid_grant"),
            description: None,
        });
        assert!(refused.contains("invalid_grant") && refused.contains("Sign in again"));
        assert!(error(&OAuthError::WrongState).contains("another state"));
        assert!(error(&OAuthError::TimedOut { secs: 300 }).contains("300"));
        let code = step(&SignInStep::DeviceCode {
            user_code: String::from("WDJB-MJHT"),
            verification_uri: String::from("https://login.example/device"),
            expires_in: 900,
        });
        assert!(
            code.contains("WDJB-MJHT") && code.contains("15 min"),
            "{code}"
        );
    }
}
