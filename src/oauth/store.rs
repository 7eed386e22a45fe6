//! Tokens between runs: one keychain entry per provider, client id and account, holding the
//! refresh token and the access token with its expiry (JSON, only ever inside the keychain).
//! Without a keychain `Secrets` keeps them in memory, so they last for the run only.

use serde::{Deserialize, Serialize};

use super::{OAuthError, Tokens};
use crate::proto::Secret;
use crate::secrets::{KeychainNote, Secrets, SecretsError};

/// What the tokens are kept under: provider id (`microsoft`, `google`, `custom`), client id
/// and the account (the mail address signed in).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenKey {
    pub provider: String,
    pub client_id: String,
    pub account: String,
}

impl TokenKey {
    /// The keychain account name of the entry (the service is `secrets::SERVICE`).
    pub fn entry_id(&self) -> String {
        format!(
            "oauth:{}:{}:{}",
            self.provider, self.client_id, self.account
        )
    }
}

/// The keychain entry's content.
#[derive(Serialize, Deserialize)]
struct Stored {
    access_token: String,
    #[serde(default)]
    expires_at: Option<i64>,
    #[serde(default)]
    refresh_token: Option<String>,
}

/// The tokens of every signed-in account, in the keychain (or memory).
#[derive(Debug, Clone)]
pub struct TokenStore {
    secrets: Secrets,
}

impl TokenStore {
    pub fn new(secrets: Secrets) -> TokenStore {
        TokenStore { secrets }
    }

    /// Why tokens last for this run only, when they do.
    pub fn unavailable(&self) -> Option<&KeychainNote> {
        self.secrets.unavailable.as_ref()
    }

    /// The stored tokens of `key`, if any. An entry that cannot be read as tokens counts as
    /// none (the next sign-in overwrites it).
    pub fn load(&self, key: &TokenKey) -> Result<Option<Tokens>, OAuthError> {
        let Some(text) = off_runtime(|| self.secrets.get(&key.entry_id()))? else {
            return Ok(None);
        };
        let Ok(stored) = serde_json::from_str::<Stored>(&text) else {
            return Ok(None);
        };
        Ok(Some(Tokens {
            access: Secret::new(stored.access_token),
            expires_at: stored.expires_at,
            refresh: stored.refresh_token.map(Secret::new),
        }))
    }

    /// Keeps `tokens` under `key`, replacing what was there (a rotated refresh token included).
    pub fn save(&self, key: &TokenKey, tokens: &Tokens) -> Result<(), OAuthError> {
        let stored = Stored {
            access_token: tokens.access.expose().to_string(),
            expires_at: tokens.expires_at,
            refresh_token: tokens.refresh.as_ref().map(|r| r.expose().to_string()),
        };
        let text = serde_json::to_string(&stored).map_err(|e| OAuthError::BadAnswer {
            detail: e.to_string(),
        })?;
        off_runtime(|| self.secrets.set(&key.entry_id(), &text))?;
        Ok(())
    }

    /// Forgets the tokens of `key`; true when there were some. Nothing stored is not an error.
    pub fn delete(&self, key: &TokenKey) -> Result<bool, OAuthError> {
        let had = off_runtime(|| self.secrets.get(&key.entry_id()))?.is_some();
        off_runtime(|| self.secrets.delete(&key.entry_id()))?;
        Ok(had)
    }
}

/// Runs a keychain call on a plain thread of its own: the Secret Service client blocks on a
/// runtime of its own, which cannot start on a thread of the caller's tokio runtime.
fn off_runtime<T: Send>(
    call: impl FnOnce() -> Result<T, SecretsError> + Send,
) -> Result<T, SecretsError> {
    std::thread::scope(|s| s.spawn(call).join()).unwrap_or(Err(SecretsError::Poisoned))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn tokens_round_trip_by_provider_client_and_account_and_sign_out_deletes_them() {
        let store: Arc<keyring_core::CredentialStore> =
            keyring_core::mock::Store::new().expect("mock store");
        let tokens = TokenStore::new(Secrets::with_store(store));
        let key = TokenKey {
            provider: String::from("custom"),
            client_id: String::from("c1"),
            account: String::from("alice@example.test"),
        };
        let other = TokenKey {
            account: String::from("bob@example.test"),
            ..key.clone()
        };
        assert!(tokens.load(&key).expect("load").is_none());
        tokens
            .save(
                &key,
                &Tokens {
                    access: Secret::new("at-1"),
                    expires_at: Some(1234),
                    refresh: Some(Secret::new("rt-1")),
                },
            )
            .expect("save");
        let back = tokens.load(&key).expect("load").expect("stored");
        assert_eq!(back.access.expose(), "at-1");
        assert_eq!(back.expires_at, Some(1234));
        assert_eq!(back.refresh.as_ref().map(Secret::expose), Some("rt-1"));
        assert!(tokens.load(&other).expect("load").is_none());
        assert_eq!(tokens.delete(&key), Ok(true));
        assert_eq!(tokens.delete(&key), Ok(false));
        assert!(tokens.load(&key).expect("load").is_none());
    }
}
