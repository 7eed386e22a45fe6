//! The token endpoint conversations, through the `oauth2` crate over our own reqwest client
//! (rustls on ring, the platform's trust roots, no redirects followed).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use oauth2::basic::{BasicClient, BasicErrorResponseType};
use oauth2::{
    AuthType, AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken,
    DeviceAuthorizationUrl, DeviceCodeErrorResponseType, PkceCodeChallenge, RedirectUrl,
    RefreshToken, RequestTokenError, Scope, StandardDeviceAuthorizationResponse, TokenResponse,
    TokenUrl,
};

use super::loopback::{self, Pages};
use super::{ClientConfig, OAuthError, SignInStep, Tokens, check_url, now_unix};
use crate::engine::CancelToken;
use crate::proto::Secret;

/// The HTTP client of the token endpoints.
#[derive(Clone)]
pub struct Http(reqwest::Client);

/// What went wrong below HTTP, as text (reqwest's error is not `Clone`).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct HttpError(String);

impl Http {
    /// A client trusting the system's roots, giving up after `timeout` a request.
    pub fn new(timeout: Duration) -> Result<Http, OAuthError> {
        let failed = |e: &dyn std::fmt::Display| OAuthError::Http {
            detail: e.to_string(),
        };
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let verifier =
            rustls_platform_verifier::Verifier::new(provider.clone()).map_err(|e| failed(&e))?;
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| failed(&e))?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(verifier))
            .with_no_client_auth();
        let client = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .no_proxy()
            // RFC 6749 does not redirect token requests; following one could leak a code.
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(timeout)
            .timeout(timeout)
            .build()
            .map_err(|e| failed(&e))?;
        Ok(Http(client))
    }
}

impl<'c> oauth2::AsyncHttpClient<'c> for Http {
    type Error = HttpError;
    type Future =
        Pin<Box<dyn Future<Output = Result<oauth2::HttpResponse, HttpError>> + Send + 'c>>;

    fn call(&'c self, request: oauth2::HttpRequest) -> Self::Future {
        Box::pin(async move {
            let request =
                reqwest::Request::try_from(request).map_err(|e| HttpError(error_chain(&e)))?;
            let response = self
                .0
                .execute(request)
                .await
                .map_err(|e| HttpError(error_chain(&e)))?;
            let mut builder = oauth2::http::Response::builder().status(response.status());
            for (name, value) in response.headers() {
                builder = builder.header(name, value);
            }
            let body = response
                .bytes()
                .await
                .map_err(|e| HttpError(error_chain(&e)))?;
            builder
                .body(body.to_vec())
                .map_err(|e| HttpError(e.to_string()))
        })
    }
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// One provider's client: its configuration and the HTTP client.
pub struct Client {
    pub config: ClientConfig,
    http: Http,
}

type Refused<T> = RequestTokenError<HttpError, oauth2::StandardErrorResponse<T>>;

/// A failed token request as a fact: the server's error (`make` chooses which), or the
/// transport's, or an answer that cannot be read.
fn token_error<T: oauth2::ErrorResponseType + AsRef<str> + std::fmt::Display + 'static>(
    e: Refused<T>,
    make: fn(String, Option<String>) -> OAuthError,
) -> OAuthError {
    match e {
        RequestTokenError::ServerResponse(r) => make(
            r.error().as_ref().to_string(),
            r.error_description().cloned(),
        ),
        RequestTokenError::Request(e) => OAuthError::Http { detail: e.0 },
        RequestTokenError::Parse(e, _) => OAuthError::BadAnswer {
            detail: e.to_string(),
        },
        RequestTokenError::Other(detail) => OAuthError::BadAnswer { detail },
    }
}

fn tokens_of(r: &impl TokenResponse) -> Tokens {
    Tokens {
        access: Secret::new(r.access_token().secret().clone()),
        expires_at: r.expires_in().map(|d| now_unix() + d.as_secs() as i64),
        refresh: r.refresh_token().map(|t| Secret::new(t.secret().clone())),
    }
}

impl Client {
    /// A client for `config`; checks its endpoints (HTTPS, or loopback).
    pub fn new(config: ClientConfig, http: Http) -> Result<Client, OAuthError> {
        let endpoints = config.provider.endpoints();
        check_url(&endpoints.auth)?;
        check_url(&endpoints.token)?;
        if let Some(d) = &endpoints.device {
            check_url(d)?;
        }
        Ok(Client { config, http })
    }

    fn base(&self) -> BasicClient {
        let mut client = BasicClient::new(ClientId::new(self.config.client_id.clone()))
            .set_auth_type(
                // Public clients (Microsoft's desktop apps) have no secret; Google's desktop
                // clients take theirs in the body too.
                AuthType::RequestBody,
            );
        if let Some(secret) = &self.config.client_secret {
            client = client.set_client_secret(ClientSecret::new(secret.expose().to_string()));
        }
        client
    }

    fn token_url(&self) -> Result<TokenUrl, OAuthError> {
        let url = self.config.provider.endpoints().token;
        TokenUrl::new(url.clone()).map_err(|_| OAuthError::BadUrl { url })
    }

    fn scopes(&self) -> Vec<Scope> {
        self.config.scopes().into_iter().map(Scope::new).collect()
    }

    /// RFC 6749 6: a new access token (and, where the server rotates them, a new refresh
    /// token) for `refresh`. A refusal is `RefreshRefused`.
    pub async fn refresh(&self, refresh: &Secret) -> Result<Tokens, OAuthError> {
        let client = self.base().set_token_uri(self.token_url()?);
        let token = RefreshToken::new(refresh.expose().to_string());
        let answer = client
            .exchange_refresh_token(&token)
            .add_scopes(self.scopes())
            .request_async(&self.http)
            .await
            .map_err(|e| {
                token_error::<BasicErrorResponseType>(e, |error, description| {
                    OAuthError::RefreshRefused { error, description }
                })
            })?;
        Ok(tokens_of(&answer))
    }

    /// The browser flow: a loopback listener on 127.0.0.1 at a free port (RFC 8252 7.3), the
    /// authorization URL with PKCE S256 (RFC 7636 4.2) and a random `state`, opened in the
    /// browser (`BROWSER` is honoured) and shown; waits at most `wait` for the answer, which
    /// must carry our `state` (RFC 6749 10.12), then exchanges the code.
    pub async fn browser(
        &self,
        account: &str,
        wait: Duration,
        cancel: &CancelToken,
        pages: &Pages,
        on_step: &(dyn Fn(SignInStep) + Sync),
    ) -> Result<Tokens, OAuthError> {
        let endpoints = self.config.provider.endpoints();
        let auth_url = AuthUrl::new(endpoints.auth.clone()).map_err(|_| OAuthError::BadUrl {
            url: endpoints.auth.clone(),
        })?;
        let listener = loopback::Listener::bind().await?;
        let redirect = listener.redirect_uri();
        let redirect_url =
            RedirectUrl::new(redirect.clone()).map_err(|_| OAuthError::BadUrl { url: redirect })?;
        let client = self
            .base()
            .set_auth_uri(auth_url)
            .set_token_uri(self.token_url()?)
            .set_redirect_uri(redirect_url);
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client
            .authorize_url(CsrfToken::new_random)
            .add_scopes(self.scopes())
            .set_pkce_challenge(challenge);
        if !account.is_empty() {
            request = request.add_extra_param("login_hint", account.to_string());
        }
        for (k, v) in self.config.provider.extra_auth_params() {
            request = request.add_extra_param(*k, *v);
        }
        let (url, state) = request.url();
        let opened = webbrowser::open(url.as_str()).is_ok();
        on_step(SignInStep::OpenBrowser {
            url: url.to_string(),
            opened,
        });
        let answer = tokio::select! {
            a = listener.answer(state.secret(), pages) => a?,
            () = tokio::time::sleep(wait) => {
                return Err(OAuthError::TimedOut { secs: wait.as_secs() });
            }
            () = cancel.cancelled() => return Err(OAuthError::Cancelled),
        };
        let tokens = client
            .exchange_code(AuthorizationCode::new(answer))
            .set_pkce_verifier(verifier)
            .request_async(&self.http)
            .await
            .map_err(|e| {
                token_error::<BasicErrorResponseType>(e, |error, description| {
                    OAuthError::TokenEndpoint { error, description }
                })
            })?;
        Ok(tokens_of(&tokens))
    }

    /// The device flow (RFC 8628): asks for a device code, shows the user code and where to
    /// enter it, then polls the token endpoint at the server's `interval`, five seconds longer
    /// after each `slow_down` (3.5), until the tokens come, the user says no, the code expires,
    /// `wait` passes or the run is cancelled.
    pub async fn device(
        &self,
        account: &str,
        wait: Duration,
        cancel: &CancelToken,
        on_step: &(dyn Fn(SignInStep) + Sync),
    ) -> Result<Tokens, OAuthError> {
        let url = self
            .config
            .provider
            .endpoints()
            .device
            .ok_or(OAuthError::NoDeviceEndpoint)?;
        let device_url =
            DeviceAuthorizationUrl::new(url.clone()).map_err(|_| OAuthError::BadUrl { url })?;
        let client = self
            .base()
            .set_token_uri(self.token_url()?)
            .set_device_authorization_url(device_url);
        let mut request = client.exchange_device_code().add_scopes(self.scopes());
        if !account.is_empty() {
            request = request.add_extra_param("login_hint", account.to_string());
        }
        let details: StandardDeviceAuthorizationResponse =
            request.request_async(&self.http).await.map_err(|e| {
                token_error::<BasicErrorResponseType>(e, |error, description| {
                    OAuthError::TokenEndpoint { error, description }
                })
            })?;
        on_step(SignInStep::DeviceCode {
            user_code: details.user_code().secret().clone(),
            verification_uri: details.verification_uri().to_string(),
            expires_in: details.expires_in().as_secs(),
        });
        let poll = client.exchange_device_access_token(&details).request_async(
            &self.http,
            tokio::time::sleep,
            Some(wait),
        );
        let answer = tokio::select! {
            a = poll => a,
            () = cancel.cancelled() => return Err(OAuthError::Cancelled),
        };
        match answer {
            Ok(tokens) => Ok(tokens_of(&tokens)),
            Err(RequestTokenError::ServerResponse(r)) => Err(match r.error() {
                DeviceCodeErrorResponseType::AccessDenied => OAuthError::Denied {
                    error: String::from("access_denied"),
                    description: r.error_description().cloned(),
                },
                DeviceCodeErrorResponseType::ExpiredToken => OAuthError::DeviceExpired,
                other => OAuthError::TokenEndpoint {
                    error: other.as_ref().to_string(),
                    description: r.error_description().cloned(),
                },
            }),
            Err(e) => Err(token_error::<DeviceCodeErrorResponseType>(
                e,
                |error, description| OAuthError::TokenEndpoint { error, description },
            )),
        }
    }
}
