//! SASL client mechanisms for SMTP AUTH (RFC 4954): PLAIN (RFC 4616), LOGIN, CRAM-MD5
//! (RFC 2195), XOAUTH2 (the Google and Microsoft form) and OAUTHBEARER (RFC 7628).
//!
//! Each exchange produces two forms of every line: the wire form and the form that goes into the
//! transcript, where the password or token is replaced. A `Secret` never prints itself and cannot
//! be serialized, and `redact` is a last guard over any line before it is logged.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use hmac::{Hmac, Mac};
use md5::Md5;
use serde::{Deserialize, Serialize};

use super::command::{CommandError, check_value};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Mechanism {
    Plain,
    Login,
    CramMd5,
    XOAuth2,
    OAuthBearer,
}

impl Mechanism {
    pub const ALL: [Mechanism; 5] = [
        Mechanism::Plain,
        Mechanism::Login,
        Mechanism::CramMd5,
        Mechanism::XOAuth2,
        Mechanism::OAuthBearer,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Mechanism::Plain => "PLAIN",
            Mechanism::Login => "LOGIN",
            Mechanism::CramMd5 => "CRAM-MD5",
            Mechanism::XOAuth2 => "XOAUTH2",
            Mechanism::OAuthBearer => "OAUTHBEARER",
        }
    }

    /// The mechanism carries an OAuth 2.0 access token, not a password.
    pub fn takes_token(self) -> bool {
        matches!(self, Mechanism::XOAuth2 | Mechanism::OAuthBearer)
    }

    pub fn parse(s: &str) -> Option<Mechanism> {
        Mechanism::ALL
            .into_iter()
            .find(|m| m.name().eq_ignore_ascii_case(s.trim()))
    }
}

impl std::fmt::Display for Mechanism {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A password or an OAuth token. Shows as `<redacted>` and has no `Serialize`.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

impl std::fmt::Display for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

#[derive(Debug, Clone)]
pub struct Credentials {
    pub user: String,
    pub secret: Secret,
    /// For OAUTHBEARER's host= field; may be empty.
    pub host: String,
    pub port: u16,
}

/// Why the AUTH exchange cannot start or go on. Serialised as a fact in outcomes.
// One line per message, so each stays an #[error] attribute whole.
#[rustfmt::skip]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "kebab-case")]
pub enum AuthError {
    #[error("the server offers no AUTH at this point: it may want STARTTLS first, or this is a port for receiving mail (25) rather than submission (587 or 465)")]
    NoneOffered,
    #[error("the server offers AUTH {} but none of those fits: with this secret smtp-lens can use {}", offered.join(" "), Names(usable))]
    NoCommonMechanism {
        offered: Vec<String>,
        usable: Vec<Mechanism>,
    },
    #[error("the server sent more challenges (334) than the mechanism has steps (step {step}); the exchange was cancelled")]
    UnexpectedChallenge { step: usize },
    #[error("the server's challenge cannot be read: {detail}")]
    BadChallenge { detail: String },
    #[error(transparent)]
    Value(#[from] CommandError),
}

/// Mechanism names joined with ", ".
struct Names<'a>(&'a [Mechanism]);

impl std::fmt::Display for Names<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, m) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(m.name())?;
        }
        Ok(())
    }
}

/// Picks the mechanism. A forced one wins (tried even when not offered; the session warns).
/// Otherwise, for a token: XOAUTH2, then OAUTHBEARER. For a password: inside TLS PLAIN, LOGIN,
/// CRAM-MD5 (PLAIN is one round trip and the channel is already private); in plain text
/// CRAM-MD5 first, as it does not send the password itself.
pub fn choose_mechanism(
    offered: &[String],
    forced: Option<Mechanism>,
    have_token: bool,
    tls_active: bool,
) -> Result<Mechanism, AuthError> {
    if let Some(m) = forced {
        return Ok(m);
    }
    let preference: &[Mechanism] = if have_token {
        &[Mechanism::XOAuth2, Mechanism::OAuthBearer]
    } else if tls_active {
        &[Mechanism::Plain, Mechanism::Login, Mechanism::CramMd5]
    } else {
        &[Mechanism::CramMd5, Mechanism::Plain, Mechanism::Login]
    };
    preference
        .iter()
        .copied()
        .find(|m| offered.iter().any(|o| o.eq_ignore_ascii_case(m.name())))
        .ok_or_else(|| {
            if offered.is_empty() {
                AuthError::NoneOffered
            } else {
                AuthError::NoCommonMechanism {
                    offered: offered.to_vec(),
                    usable: preference.to_vec(),
                }
            }
        })
}

/// One line to send: the wire form, the redacted form for the transcript, and what the
/// redacted line holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthLine {
    pub wire: Vec<u8>,
    pub logged: Vec<u8>,
    pub aside: Option<AuthAside>,
}

/// What a line of the AUTH exchange holds, for the transcript; never the secret itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "aside", rename_all = "kebab-case")]
pub enum AuthAside {
    /// The secret of `user` was replaced by `<redacted>`.
    Hidden { user: String, secret: SecretKind },
    /// The user name, in base64 as sent (LOGIN).
    UserName { user: String },
    /// An empty or ^A line that acknowledges the server's error (XOAUTH2; RFC 7628 3.2.3).
    AcknowledgesError,
}

/// The kind of secret a redacted line held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SecretKind {
    Password,
    /// An OAuth 2.0 access token.
    Token,
    /// CRAM-MD5's HMAC-MD5 digest of the challenge (RFC 2195).
    Digest,
}

/// A sans-IO AUTH exchange.
pub struct AuthExchange {
    mechanism: Mechanism,
    credentials: Credentials,
    step: usize,
}

const REDACTED: &str = "<redacted>";

impl AuthExchange {
    pub fn new(mechanism: Mechanism, credentials: Credentials) -> Result<Self, AuthError> {
        check_value(super::command::Field::AuthUser, &credentials.user)?;
        Ok(AuthExchange {
            mechanism,
            credentials,
            step: 0,
        })
    }

    fn line(&self, wire: String, logged: String, aside: Option<AuthAside>) -> AuthLine {
        AuthLine {
            wire: format!("{wire}\r\n").into_bytes(),
            logged: format!("{logged}\r\n").into_bytes(),
            aside,
        }
    }

    fn hidden(&self, secret: SecretKind) -> Option<AuthAside> {
        Some(AuthAside::Hidden {
            user: self.credentials.user.clone(),
            secret,
        })
    }

    /// The AUTH command, with an initial response where the mechanism has one (RFC 4954 4).
    pub fn start(&mut self) -> AuthLine {
        let user = &self.credentials.user;
        let secret = self.credentials.secret.expose();
        let name = self.mechanism.name();
        match self.mechanism {
            Mechanism::Plain => {
                // RFC 4616 2: authzid NUL authcid NUL passwd; the authzid is left empty.
                let ir = B64.encode(format!("\0{user}\0{secret}"));
                self.line(
                    format!("AUTH PLAIN {ir}"),
                    format!("AUTH PLAIN {REDACTED}"),
                    self.hidden(SecretKind::Password),
                )
            }
            Mechanism::Login | Mechanism::CramMd5 => {
                self.line(format!("AUTH {name}"), format!("AUTH {name}"), None)
            }
            Mechanism::XOAuth2 => {
                let ir = B64.encode(format!("user={user}\x01auth=Bearer {secret}\x01\x01"));
                self.line(
                    format!("AUTH XOAUTH2 {ir}"),
                    format!("AUTH XOAUTH2 {REDACTED}"),
                    self.hidden(SecretKind::Token),
                )
            }
            Mechanism::OAuthBearer => {
                // RFC 7628 3.1: gs2 header, then key=value pairs separated by ^A.
                let host = &self.credentials.host;
                let port = self.credentials.port;
                let ir = B64.encode(format!(
                    "n,a={},\x01host={host}\x01port={port}\x01auth=Bearer {secret}\x01\x01",
                    gs2_escape(user)
                ));
                self.line(
                    format!("AUTH OAUTHBEARER {ir}"),
                    format!("AUTH OAUTHBEARER {REDACTED}"),
                    self.hidden(SecretKind::Token),
                )
            }
        }
    }

    /// The answer to a 334 challenge (`challenge` is the text after "334 ").
    pub fn respond(&mut self, challenge: &str) -> Result<AuthLine, AuthError> {
        self.step += 1;
        let user = self.credentials.user.clone();
        let secret = self.credentials.secret.expose().to_string();
        match (self.mechanism, self.step) {
            (Mechanism::Login, 1 | 2) => {
                // The LOGIN draft: the server asks "Username:" then "Password:", but some servers
                // word it differently; the prompt decides when it can be read, else the order.
                let prompt = match decode_challenge(challenge) {
                    Challenge::Text(text) => text.to_ascii_lowercase(),
                    _ => String::new(),
                };
                let wants_password = if prompt.contains("pass") {
                    true
                } else if prompt.contains("user") {
                    false
                } else {
                    self.step == 2
                };
                if wants_password {
                    let b = B64.encode(&secret);
                    Ok(self.line(b, String::from(REDACTED), self.hidden(SecretKind::Password)))
                } else {
                    let b = B64.encode(&user);
                    Ok(self.line(
                        b.clone(),
                        b,
                        Some(AuthAside::UserName { user: user.clone() }),
                    ))
                }
            }
            (Mechanism::CramMd5, 1) => {
                let raw = B64
                    .decode(challenge.trim())
                    .map_err(|e| AuthError::BadChallenge {
                        detail: e.to_string(),
                    })?;
                let mut mac = Hmac::<Md5>::new_from_slice(secret.as_bytes()).map_err(|e| {
                    AuthError::BadChallenge {
                        detail: e.to_string(),
                    }
                })?;
                mac.update(&raw);
                let digest: String = mac
                    .finalize()
                    .into_bytes()
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect();
                // The digest proves knowledge of the password without revealing it; it is
                // still kept out of the transcript, as it can be attacked offline.
                let answer = B64.encode(format!("{user} {digest}"));
                Ok(self.line(
                    answer,
                    String::from(REDACTED),
                    self.hidden(SecretKind::Digest),
                ))
            }
            (Mechanism::XOAuth2, 1) => {
                // The server sent an error as base64 JSON; an empty line ends the exchange
                // and the server then sends its final error reply.
                Ok(self.line(
                    String::new(),
                    String::new(),
                    Some(AuthAside::AcknowledgesError),
                ))
            }
            (Mechanism::OAuthBearer, 1) => {
                // RFC 7628 3.2.3: after an error challenge the client sends a single ^A.
                Ok(self.line(
                    String::from("AQ=="),
                    String::from("AQ=="),
                    Some(AuthAside::AcknowledgesError),
                ))
            }
            (_, step) => Err(AuthError::UnexpectedChallenge { step }),
        }
    }
}

/// What a server said of a refused OAuth 2.0 token in its error challenge: base64 of a JSON
/// object (RFC 7628 3.2.2 for OAUTHBEARER; Google's and Microsoft's XOAUTH2 documents use the
/// same fields). `status` is an HTTP-like code ("401": the token is invalid or expired; "400",
/// "403": the request or the scope is wrong), `scope` the scope the server wants.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenError {
    pub status: Option<String>,
    pub scope: Option<String>,
    pub schemes: Option<String>,
}

/// The token error in a 334 challenge's text, if it is one.
pub fn token_error(challenge: &str) -> Option<TokenError> {
    let raw = B64.decode(challenge.trim()).ok()?;
    let value: serde_json::Value = serde_json::from_slice(&raw).ok()?;
    let field = |k: &str| {
        value.get(k).and_then(|x| match x {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
    };
    let e = TokenError {
        status: field("status"),
        scope: field("scope"),
        schemes: field("schemes"),
    };
    (e != TokenError::default()).then_some(e)
}

/// RFC 5801 5.1: ',' and '=' in the authzid are escaped.
fn gs2_escape(s: &str) -> String {
    s.replace('=', "=3D").replace(',', "=2C")
}

/// A 334 challenge (RFC 4954 4) decoded from base64, for display: "VXNlcm5hbWU6" is
/// `Text("Username:")`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Challenge {
    /// Nothing after the 334.
    Empty,
    /// Readable text (control characters other than LF escaped).
    Text(String),
    /// Bytes that are not UTF-8; their count.
    Binary(usize),
    /// Not base64 at all; the text as sent.
    NotBase64(String),
}

/// Decodes a 334 challenge for display.
pub fn decode_challenge(text: &str) -> Challenge {
    let t = text.trim();
    if t.is_empty() {
        return Challenge::Empty;
    }
    match B64.decode(t) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(s) if s.chars().all(|c| !c.is_control() || c == '\n') => Challenge::Text(s),
            Ok(s) => Challenge::Text(s.escape_debug().to_string()),
            Err(e) => Challenge::Binary(e.as_bytes().len()),
        },
        Err(_) => Challenge::NotBase64(t.to_string()),
    }
}

/// Replaces the secret in a line about to be logged, raw or inside any base64 token.
pub fn redact(line: &[u8], credentials: &Credentials) -> Vec<u8> {
    let secret = credentials.secret.expose();
    if secret.is_empty() {
        return line.to_vec();
    }
    let lossy = String::from_utf8_lossy(line);
    let mut changed = lossy.contains(secret);
    let text = lossy.replace(secret, REDACTED);
    let mut out = String::with_capacity(text.len());
    for (i, token) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let (core, ending) = match token.strip_suffix("\r\n") {
            Some(c) => (c, "\r\n"),
            None => (token, ""),
        };
        let decoded_has_secret = core.len() >= 4
            && B64
                .decode(core)
                .ok()
                .is_some_and(|d| contains(&d, secret.as_bytes()));
        if decoded_has_secret || core.contains(secret) {
            out.push_str(REDACTED);
            out.push_str(ending);
            changed = true;
        } else {
            out.push_str(token);
        }
    }
    if changed {
        out.into_bytes()
    } else {
        line.to_vec()
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn creds(user: &str, secret: &str) -> Credentials {
        Credentials {
            user: user.into(),
            secret: Secret::new(secret),
            host: "mx.example.test".into(),
            port: 587,
        }
    }

    fn text(b: &[u8]) -> String {
        String::from_utf8_lossy(b).into_owned()
    }

    /// No logged form may hold the secret, raw or inside any base64 token.
    fn assert_hidden(line: &AuthLine, secret: &str) {
        for form in [text(&line.logged), format!("{:?}", line.aside)] {
            assert!(!form.contains(secret), "secret in {form:?}");
            for token in form.split([' ', '\r', '\n', '(', ')']) {
                if let Ok(d) = B64.decode(token) {
                    assert!(
                        !contains(&d, secret.as_bytes()),
                        "secret inside base64 token {token:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn plain_sends_nul_user_nul_password() {
        let mut x = AuthExchange::new(Mechanism::Plain, creds("tim", "tanstaaftanstaaf")).unwrap();
        let line = x.start();
        let b64 = text(&line.wire)
            .trim_end()
            .strip_prefix("AUTH PLAIN ")
            .unwrap()
            .to_string();
        assert_eq!(B64.decode(b64).unwrap(), b"\0tim\0tanstaaftanstaaf");
        assert_hidden(&line, "tanstaaftanstaaf");
    }

    #[test]
    fn login_answers_user_then_password() {
        let mut x = AuthExchange::new(Mechanism::Login, creds("alice", "pw pw")).unwrap();
        assert_eq!(text(&x.start().wire), "AUTH LOGIN\r\n");
        let u = x.respond("VXNlcm5hbWU6").unwrap();
        assert_eq!(text(&u.wire), format!("{}\r\n", B64.encode("alice")));
        let p = x.respond("UGFzc3dvcmQ6").unwrap();
        assert_eq!(text(&p.wire), format!("{}\r\n", B64.encode("pw pw")));
        assert_hidden(&p, "pw pw");
        assert!(matches!(
            x.respond("UGFzc3dvcmQ6"),
            Err(AuthError::UnexpectedChallenge { step: 3 })
        ));
    }

    #[test]
    fn cram_md5_matches_the_rfc_2195_example() {
        let mut x =
            AuthExchange::new(Mechanism::CramMd5, creds("tim", "tanstaaftanstaaf")).unwrap();
        assert_eq!(text(&x.start().wire), "AUTH CRAM-MD5\r\n");
        let line = x
            .respond("PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+")
            .unwrap();
        assert_eq!(
            text(&line.wire),
            "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw\r\n"
        );
        assert_hidden(&line, "tanstaaftanstaaf");
        assert!(!text(&line.logged).contains("dGltIGI5MTNh"));
    }

    #[test]
    fn xoauth2_and_oauthbearer_initial_responses() {
        let mut x =
            AuthExchange::new(Mechanism::XOAuth2, creds("u@example.test", "ya29.token")).unwrap();
        let line = x.start();
        let b64 = text(&line.wire)
            .trim_end()
            .strip_prefix("AUTH XOAUTH2 ")
            .unwrap()
            .to_string();
        assert_eq!(
            B64.decode(b64).unwrap(),
            b"user=u@example.test\x01auth=Bearer ya29.token\x01\x01"
        );
        assert_hidden(&line, "ya29.token");
        assert_eq!(
            text(&x.respond("eyJzdGF0dXMiOiI0MDEifQ==").unwrap().wire),
            "\r\n"
        );

        let mut x =
            AuthExchange::new(Mechanism::OAuthBearer, creds("u,x@example.test", "tok")).unwrap();
        let line = x.start();
        let b64 = text(&line.wire)
            .trim_end()
            .strip_prefix("AUTH OAUTHBEARER ")
            .unwrap()
            .to_string();
        assert_eq!(
            B64.decode(b64).unwrap(),
            b"n,a=u=2Cx@example.test,\x01host=mx.example.test\x01port=587\x01auth=Bearer tok\x01\x01"
        );
        assert_eq!(text(&x.respond("e30=").unwrap().wire), "AQ==\r\n");
    }

    #[test]
    fn secrets_stay_hidden_in_every_form_even_awkward_ones() {
        for secret in ["correct horse", "pässwörd✓", "alice", "a"] {
            let user = "alice@example.test";
            for m in Mechanism::ALL {
                let mut x = AuthExchange::new(m, creds(user, secret)).unwrap();
                let start = x.start();
                // A secret that is part of the user name cannot be hidden in the user name
                // itself; the check is then on the secret-bearing lines only.
                if !user.contains(secret) {
                    assert_hidden(&start, secret);
                }
                let challenge = match m {
                    Mechanism::Login => "UGFzc3dvcmQ6",
                    Mechanism::CramMd5 => "PDEyMzRAZXhhbXBsZS50ZXN0Pg==",
                    _ => continue,
                };
                let line = x.respond(challenge).unwrap();
                if !user.contains(secret) {
                    assert_hidden(&line, secret);
                }
            }
        }
    }

    #[test]
    fn redact_catches_raw_and_base64_forms() {
        let c = creds("bob", "s3cret pass");
        let plain = format!("AUTH PLAIN {}\r\n", B64.encode("\0bob\0s3cret pass"));
        assert_eq!(
            text(&redact(plain.as_bytes(), &c)),
            "AUTH PLAIN <redacted>\r\n"
        );
        let raw = b"X-Note: s3cret pass\r\n";
        assert!(!text(&redact(raw, &c)).contains("s3cret pass"));
        let untouched = b"MAIL FROM:<bob@example.test>\r\n";
        assert_eq!(redact(untouched, &c), untouched.to_vec());
    }

    #[test]
    fn mechanism_choice_follows_offer_token_and_tls() {
        let offered = vec![
            "LOGIN".to_string(),
            "PLAIN".to_string(),
            "CRAM-MD5".to_string(),
        ];
        assert_eq!(
            choose_mechanism(&offered, None, false, true),
            Ok(Mechanism::Plain)
        );
        assert_eq!(
            choose_mechanism(&offered, None, false, false),
            Ok(Mechanism::CramMd5)
        );
        assert_eq!(
            choose_mechanism(&offered, Some(Mechanism::Login), false, true),
            Ok(Mechanism::Login)
        );
        let oauth = vec!["XOAUTH2".to_string(), "OAUTHBEARER".to_string()];
        assert_eq!(
            choose_mechanism(&oauth, None, true, true),
            Ok(Mechanism::XOAuth2)
        );
        let err = choose_mechanism(&oauth, None, false, true)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("XOAUTH2 OAUTHBEARER") && err.contains("can use PLAIN"),
            "{err}"
        );
        let err = choose_mechanism(&[], None, false, false)
            .unwrap_err()
            .to_string();
        assert!(err.contains("STARTTLS"), "{err}");
    }

    #[test]
    fn challenges_decode_for_display() {
        let text = |s: &str| Challenge::Text(s.to_string());
        assert_eq!(decode_challenge("VXNlcm5hbWU6"), text("Username:"));
        assert_eq!(decode_challenge("UGFzc3dvcmQ6"), text("Password:"));
        assert_eq!(decode_challenge(""), Challenge::Empty);
        assert_eq!(
            decode_challenge("not base64!"),
            Challenge::NotBase64(String::from("not base64!"))
        );
        assert_eq!(
            decode_challenge("eyJzdGF0dXMiOiI0MDEifQ=="),
            text("{\"status\":\"401\"}")
        );
        assert_eq!(decode_challenge("/w=="), Challenge::Binary(1));
    }

    #[test]
    fn secrets_print_as_redacted() {
        let c = creds("u", "hunter2");
        assert!(!format!("{c:?}").contains("hunter2"));
        assert_eq!(Secret::new("x").to_string(), "<redacted>");
    }
}
