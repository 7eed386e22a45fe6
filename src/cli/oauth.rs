//! OAuth 2.0 on the command line: `check --oauth-provider ...` gets its access token here
//! (stored, refreshed or signed in), and `smtp-lens oauth sign-out` deletes the stored tokens.
//! The steps are printed to standard error in `present::oauth`'s words; never a token.

use std::io::IsTerminal;
use std::time::Duration;

use super::{CheckArgs, ExitCode, OauthCommand, OauthProviderArg, SignOutArgs};
use crate::oauth::{
    Client, ClientConfig, Flow, Http, OAuthError, Pages, Provider, TokenKey, TokenStore,
};
use crate::present;
use crate::proto::Secret;
use crate::secrets::Secrets;

use crate::oauth::HTTP_TIMEOUT;

/// Everything `check` needs to get and renew its token.
pub struct Signer {
    pub client: Client,
    pub store: TokenStore,
    pub key: TokenKey,
    pub flow: Flow,
    pub wait: Duration,
    pub pages: Pages,
    pub interactive: bool,
}

impl Signer {
    /// The library's view of this sign-in.
    pub fn session(&self) -> crate::oauth::Session<'_> {
        crate::oauth::Session {
            client: &self.client,
            store: &self.store,
            key: &self.key,
            flow: self.flow,
            interactive: self.interactive,
            wait: self.wait,
            pages: &self.pages,
        }
    }
}

/// The exit code of a sign-in that gave no token: the authentication code for a sign-in that
/// was denied, timed out, came back with another state or was refused.
pub fn exit_code(e: &OAuthError) -> ExitCode {
    match e {
        OAuthError::BadUrl { .. } | OAuthError::NotHttps { .. } | OAuthError::NoDeviceEndpoint => {
            ExitCode::BadArguments
        }
        OAuthError::Listener { .. } | OAuthError::Keychain(_) | OAuthError::BadAnswer { .. } => {
            ExitCode::Internal
        }
        OAuthError::Http { .. } => ExitCode::Connect,
        OAuthError::Cancelled => ExitCode::Cancelled,
        OAuthError::Denied { .. }
        | OAuthError::TimedOut { .. }
        | OAuthError::WrongState
        | OAuthError::DeviceExpired
        | OAuthError::TokenEndpoint { .. }
        | OAuthError::RefreshRefused { .. }
        | OAuthError::SignInNeeded => ExitCode::Auth,
    }
}

fn provider(args: &CheckArgs, which: OauthProviderArg) -> Provider {
    match which {
        OauthProviderArg::Microsoft => Provider::Microsoft {
            tenant: args
                .oauth_tenant
                .clone()
                .unwrap_or_else(|| String::from("common")),
        },
        OauthProviderArg::Google => Provider::Google,
        OauthProviderArg::Custom => Provider::Custom {
            auth_url: args.oauth_auth_url.clone().unwrap_or_default(),
            token_url: args.oauth_token_url.clone().unwrap_or_default(),
            device_url: args.oauth_device_url.clone(),
        },
    }
}

/// The signer `check`'s arguments ask for, if they name a provider. Opens the keychain (call
/// it outside the runtime). Errors are words and an exit code.
pub fn signer(args: &CheckArgs) -> Result<Option<Signer>, (ExitCode, String)> {
    let Some(which) = args.oauth_provider else {
        return Ok(None);
    };
    let client_secret = match &args.oauth_client_secret_env {
        None => None,
        Some(var) => Some(Secret::new(std::env::var(var).map_err(|_| {
            (
                ExitCode::BadArguments,
                present::t!("cli-oauth-client-secret-env", var = var.as_str()),
            )
        })?)),
    };
    let config = ClientConfig {
        provider: provider(args, which),
        client_id: args.oauth_client_id.clone().unwrap_or_default(),
        client_secret,
        scopes: args.oauth_scope.clone(),
    };
    let failed = |e: OAuthError| (exit_code(&e), present::oauth::error(&e));
    let http = Http::new(HTTP_TIMEOUT).map_err(failed)?;
    let client = Client::new(config, http).map_err(failed)?;
    let key = TokenKey {
        provider: which.id().to_string(),
        client_id: args.oauth_client_id.clone().unwrap_or_default(),
        account: args.user.clone().unwrap_or_default(),
    };
    Ok(Some(Signer {
        client,
        store: TokenStore::new(Secrets::open_system()),
        key,
        flow: args.oauth_flow.into(),
        wait: Duration::from_secs(args.oauth_wait),
        pages: present::oauth::pages(),
        // RFC 8252 needs a person at the browser; without a terminal a refused refresh token
        // ends the run ("sign in again") rather than waiting for a sign-in nobody will do.
        interactive: std::io::stdin().is_terminal() && std::io::stderr().is_terminal(),
    }))
}

/// Runs `smtp-lens oauth ...` and returns the exit code.
pub fn run(command: &OauthCommand) -> u8 {
    match command {
        OauthCommand::SignOut(args) => sign_out(args) as u8,
    }
}

fn sign_out(args: &SignOutArgs) -> ExitCode {
    let store = TokenStore::new(Secrets::open_system());
    let key = TokenKey {
        provider: args.oauth_provider.id().to_string(),
        client_id: args.oauth_client_id.clone(),
        account: args.user.clone(),
    };
    match store.delete(&key) {
        Ok(had) => {
            eprintln!(
                "smtp-lens: {}",
                present::oauth::signed_out(&key.account, &key.provider, had)
            );
            ExitCode::Success
        }
        Err(e) => {
            eprintln!("smtp-lens: {}", present::oauth::error(&e));
            exit_code(&e)
        }
    }
}
