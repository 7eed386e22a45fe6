//! Passwords and tokens of profiles: kept in the OS keychain through keyring-core (Secret Service
//! on Linux, the login keychain on macOS, Credential Manager on Windows), never in a file. Where
//! no keychain answers, they are kept in memory for this run only, and the caller is told once.
//!
//! Every call may block (D-Bus, a keychain prompt): the window calls these from its worker
//! thread, never from the UI thread.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The keychain service name all entries are stored under; the account is the profile id.
pub const SERVICE: &str = "smtp-lens";

/// Where secrets go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// The OS keychain.
    Keychain,
    /// Memory only: lost when the app quits.
    Memory,
}

/// Why the keychain could not do what was asked. The keychain's own error is kept as its text
/// (keyring-core's error type is neither `Clone` nor comparable).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretsError {
    #[error("cannot read the password from the keychain: {0}")]
    Read(String),
    #[error("cannot delete the password from the keychain: {0}")]
    Delete(String),
    /// A thread panicked while holding the in-memory store.
    #[error("secret store poisoned")]
    Poisoned,
}

/// Why passwords are kept in memory rather than in the keychain: a fact the window words
/// (`present::errors::keychain_note`). The keychain's own error is kept as its text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeychainNote {
    /// The keychain exists but does not answer.
    #[error("the system keychain does not answer ({0}); passwords are kept in memory")]
    NotAnswering(String),
    /// No keychain at all.
    #[error("no system keychain is available ({0}); passwords are kept in memory")]
    Unavailable(String),
    /// The keychain refused one password, which is kept in memory.
    #[error("the keychain refused the password ({0}); it is kept in memory")]
    Refused(String),
}

/// The secrets of this run.
#[derive(Clone)]
pub struct Secrets {
    store: Option<Arc<keyring_core::CredentialStore>>,
    memory: Arc<Mutex<HashMap<String, String>>>,
    /// Why the keychain is not used, when it is not.
    pub unavailable: Option<KeychainNote>,
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Secrets")
            .field("backend", &self.backend())
            .field("unavailable", &self.unavailable)
            .finish_non_exhaustive()
    }
}

impl Secrets {
    /// Secrets in the given keyring-core store.
    pub fn with_store(store: Arc<keyring_core::CredentialStore>) -> Secrets {
        Secrets {
            store: Some(store),
            memory: Arc::default(),
            unavailable: None,
        }
    }

    /// Secrets in memory only, with the reason (what the system said about its keychain).
    pub fn memory_only(reason: impl Into<String>) -> Secrets {
        Secrets::in_memory(KeychainNote::Unavailable(reason.into()))
    }

    fn in_memory(note: KeychainNote) -> Secrets {
        Secrets {
            store: None,
            memory: Arc::default(),
            unavailable: Some(note),
        }
    }

    /// The OS keychain if one answers, else memory. Probes the keychain with a lookup, so a
    /// Secret Service that is not running is found out here and not at the first save.
    pub fn open_system() -> Secrets {
        match system_store() {
            Ok(store) => {
                let probe = keyring_core::Entry::new_in_store(&store, SERVICE, "smtp-lens-probe")
                    .and_then(|e| match e.get_password() {
                        Ok(_) | Err(keyring_core::Error::NoEntry) => Ok(()),
                        Err(e) => Err(e),
                    });
                match probe {
                    Ok(()) => Secrets::with_store(store),
                    Err(e) => Secrets::in_memory(KeychainNote::NotAnswering(e.to_string())),
                }
            }
            Err(e) => Secrets::memory_only(e.to_string()),
        }
    }

    pub fn backend(&self) -> Backend {
        if self.store.is_some() {
            Backend::Keychain
        } else {
            Backend::Memory
        }
    }

    fn entry(&self, id: &str) -> Option<keyring_core::Entry> {
        let store = self.store.as_ref()?;
        keyring_core::Entry::new_in_store(store, SERVICE, id).ok()
    }

    /// The secret of profile `id`, if one is stored.
    pub fn get(&self, id: &str) -> Result<Option<String>, SecretsError> {
        if let Some(s) = self
            .memory
            .lock()
            .map_err(|_| SecretsError::Poisoned)?
            .get(id)
        {
            return Ok(Some(s.clone()));
        }
        let Some(entry) = self.entry(id) else {
            return Ok(None);
        };
        match entry.get_password() {
            Ok(p) => Ok(Some(p)),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(e) => Err(SecretsError::Read(e.to_string())),
        }
    }

    /// Stores the secret of profile `id`. Falls back to memory if the keychain refuses, and
    /// says so in the returned note.
    pub fn set(&self, id: &str, secret: &str) -> Result<Option<KeychainNote>, SecretsError> {
        let mut memory = self.memory.lock().map_err(|_| SecretsError::Poisoned)?;
        if let Some(entry) = self.entry(id) {
            match entry.set_password(secret) {
                Ok(()) => {
                    memory.remove(id);
                    return Ok(None);
                }
                Err(e) => {
                    memory.insert(id.to_string(), secret.to_string());
                    return Ok(Some(KeychainNote::Refused(e.to_string())));
                }
            }
        }
        memory.insert(id.to_string(), secret.to_string());
        Ok(None)
    }

    /// Forgets the secret of profile `id`, wherever it is.
    pub fn delete(&self, id: &str) -> Result<(), SecretsError> {
        self.memory
            .lock()
            .map_err(|_| SecretsError::Poisoned)?
            .remove(id);
        if let Some(entry) = self.entry(id) {
            match entry.delete_credential() {
                Ok(()) | Err(keyring_core::Error::NoEntry) => {}
                Err(e) => return Err(SecretsError::Delete(e.to_string())),
            }
        }
        Ok(())
    }
}

#[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd"))]
fn system_store() -> keyring_core::Result<Arc<keyring_core::CredentialStore>> {
    Ok(zbus_secret_service_keyring_store::Store::new()?)
}

#[cfg(target_os = "macos")]
fn system_store() -> keyring_core::Result<Arc<keyring_core::CredentialStore>> {
    Ok(apple_native_keyring_store::keychain::Store::new()?)
}

#[cfg(target_os = "windows")]
fn system_store() -> keyring_core::Result<Arc<keyring_core::CredentialStore>> {
    Ok(windows_native_keyring_store::Store::new()?)
}

#[cfg(not(any(
    target_os = "linux",
    target_os = "freebsd",
    target_os = "openbsd",
    target_os = "macos",
    target_os = "windows"
)))]
fn system_store() -> keyring_core::Result<Arc<keyring_core::CredentialStore>> {
    Err(keyring_core::Error::NoDefaultStore)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_round_trip_through_keyring_cores_mock_store() {
        let store: Arc<keyring_core::CredentialStore> =
            keyring_core::mock::Store::new().expect("mock store");
        let secrets = Secrets::with_store(store);
        assert_eq!(secrets.backend(), Backend::Keychain);
        assert_eq!(secrets.get("p1"), Ok(None));
        assert_eq!(secrets.set("p1", "correct horse"), Ok(None));
        assert_eq!(secrets.get("p1"), Ok(Some(String::from("correct horse"))));
        secrets.delete("p1").expect("delete");
        assert_eq!(secrets.get("p1"), Ok(None));
    }

    #[test]
    fn without_a_keychain_secrets_live_in_memory_and_say_why() {
        let secrets = Secrets::memory_only("no keychain in this test");
        assert_eq!(secrets.backend(), Backend::Memory);
        secrets.set("p2", "s3cret").expect("set");
        assert_eq!(secrets.get("p2"), Ok(Some(String::from("s3cret"))));
        assert!(
            secrets
                .unavailable
                .as_ref()
                .is_some_and(|w| crate::present::errors::keychain_note(w).contains("no keychain"))
        );
        assert!(
            !format!("{secrets:?}").contains("s3cret"),
            "Debug must not show secrets"
        );
    }
}

/// The real system keychain. Needs one running, so it is run by hand (see the closing notes):
/// `dbus-run-session -- sh -c 'printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; cargo test --lib secrets::system -- --ignored'`
#[cfg(test)]
mod system {
    use super::*;

    #[test]
    #[ignore = "needs a running Secret Service, keychain or credential manager"]
    fn secrets_round_trip_through_the_system_keychain() {
        let secrets = Secrets::open_system();
        assert_eq!(
            secrets.backend(),
            Backend::Keychain,
            "{:?}",
            secrets.unavailable
        );
        let id = format!("test-{}", crate::profile::new_id());
        assert_eq!(
            secrets.set(&id, "correct horse"),
            Ok(None),
            "stored in the keychain, not in memory"
        );
        let fresh = Secrets::open_system();
        assert_eq!(
            fresh.get(&id),
            Ok(Some(String::from("correct horse"))),
            "read back by a new handle"
        );
        fresh.delete(&id).expect("delete");
        assert_eq!(Secrets::open_system().get(&id), Ok(None));
    }
}
