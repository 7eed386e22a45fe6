//! A bulk run's session: the request every session of a run makes (`request`, shared by the
//! command line's `smtp-lens bulk` and the window), and the window's load-test fields as typed
//! with their check: the same options as the command line (server, security, login,
//! connections, messages, per connection, size, rate, duration, sender, recipients, the
//! public-provider confirmation), over the rest of a profile's settings (EHLO name, CA file,
//! timeout, the message). `LoadInput::check` is pure, so the window checks the fields as they
//! are typed; `request` reads files, so the window makes it on its worker.

use crate::bulk::{Knob, LOGGED_DATA_LINES, PlanProblem, Settings, filler};
use crate::engine::{SessionRequest, Target};
use crate::intent::{IntentError, IntentField, RequestError, SessionIntent};
use crate::proto::Secret;
use crate::proto::command::{CommandError, Field};
use crate::proto::session::{Security, StopAfter};

/// The request every session of a run makes: `intent`'s, with `secret`, the message built once.
/// With `size` the body is filler so that the whole message is about that many bytes (built
/// again until it is, at most three more times). Reads the intent's files (CA, attachments):
/// off a window's thread.
pub fn request(
    intent: &SessionIntent,
    secret: Option<Secret>,
    size: Option<usize>,
) -> Result<SessionRequest, RequestError> {
    // Each message of the run gets a Message-ID of its own, the message still built once.
    let build = |intent: &SessionIntent| -> Result<SessionRequest, RequestError> {
        let mut request = intent.into_request(secret.clone())?;
        if let Some((message, serial)) = request
            .plan
            .message
            .as_deref()
            .and_then(crate::bulk::numbered)
        {
            request.plan.message = Some(message.into());
            request.plan.serial = Some(serial);
        }
        Ok(request)
    };
    let mut request = build(intent)?;
    if let Some(size) = size {
        let mut intent = intent.clone();
        let mut body_len = size;
        for _ in 0..3 {
            let built = request.plan.message.as_ref().map_or(0, |m| m.len());
            if built == size {
                break;
            }
            body_len = (body_len + size).saturating_sub(built);
            intent.message.text_body = Some(filler(body_len));
            request = build(&intent)?;
        }
    }
    request.plan.max_logged_data_lines = LOGGED_DATA_LINES;
    Ok(request)
}

pub use crate::bulk::settings::{MAX_CONNECTIONS, MAX_SIZE};

/// The load-test view's fields, as typed (numbers as text, so a bad value can be shown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadInput {
    /// The id of the profile the fields were filled from (`from_intent`).
    pub profile: Option<String>,
    /// `HOST`, `HOST:PORT` or `[IPv6]:PORT`; without a port, the security's usual one.
    pub server: String,
    /// How each connection is secured.
    pub security: Security,
    /// Log in with the profile's user and secret in every session.
    pub login: bool,
    /// Empty: 1.
    pub connections: String,
    /// Empty: stop after `DEFAULT_CAP`.
    pub messages: String,
    /// Empty: 1.
    pub per_connection: String,
    /// Bytes of the whole message; empty: the profile's message as it is.
    pub size: String,
    /// Messages a second; empty: as fast as the server takes them.
    pub rate: String,
    /// Seconds; empty: until the messages are sent.
    pub duration: String,
    /// The envelope sender.
    pub from: String,
    /// Recipients, separated by commas, semicolons or spaces.
    pub to: String,
    /// The user says the server's operator permits a load test.
    pub permitted: bool,
}

impl Default for LoadInput {
    fn default() -> Self {
        LoadInput {
            profile: None,
            server: String::new(),
            security: Security::StartTlsRequired,
            login: false,
            connections: String::from("1"),
            messages: String::new(),
            per_connection: String::from("1"),
            size: String::new(),
            rate: String::new(),
            duration: String::new(),
            from: String::new(),
            to: String::new(),
            permitted: false,
        }
    }
}

/// A field of the view, for the problems shown beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LoadField {
    /// The server (and a public provider's confirmation).
    Server,
    /// The login (its user, its secret) and the profile's other settings.
    Login,
    /// Sessions open at once.
    Connections,
    /// Messages in all.
    Messages,
    /// Messages per connection.
    PerConnection,
    /// The message's size.
    Size,
    /// Messages a second.
    Rate,
    /// Seconds of the run.
    Duration,
    /// The envelope sender.
    From,
    /// The envelope recipients.
    To,
}

impl From<Knob> for LoadField {
    fn from(k: Knob) -> LoadField {
        match k {
            Knob::Connections => LoadField::Connections,
            Knob::Messages => LoadField::Messages,
            Knob::PerConnection => LoadField::PerConnection,
            Knob::Size => LoadField::Size,
            Knob::Rate => LoadField::Rate,
            Knob::Duration => LoadField::Duration,
        }
    }
}

/// A problem with the typed fields.
#[derive(Debug)]
pub enum InputProblem {
    /// Not a whole number (counts, size) or not a number (rate, duration): the `text` typed.
    NotANumber { knob: Knob, text: String },
    /// More than the window allows (`MAX_CONNECTIONS`, `MAX_SIZE`): at most `max`.
    TooLarge { knob: Knob, max: u64 },
    /// The settings' own check (the guard rail, the counts).
    Plan(PlanProblem),
    /// The session's own check (server, sender, recipients, the profile's settings).
    Intent(IntentError),
}

impl InputProblem {
    /// The field to show the problem beside.
    pub fn field(&self) -> LoadField {
        match self {
            InputProblem::NotANumber { knob, .. } | InputProblem::TooLarge { knob, .. } => {
                (*knob).into()
            }
            InputProblem::Plan(p) => p.knob().map_or(LoadField::Server, Into::into),
            InputProblem::Intent(e) => match e.field() {
                IntentField::Server | IntentField::Port => LoadField::Server,
                IntentField::MailFrom => LoadField::From,
                IntentField::RcptTo => LoadField::To,
                _ => LoadField::Login,
            },
        }
    }
}

/// Fields that passed their check: the session every worker runs (without its secret), the
/// run's numbers and the message size asked for.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The session every worker runs, without its secret.
    pub intent: SessionIntent,
    /// The run's numbers and the permission.
    pub settings: Settings,
    /// The message's size in bytes; None: the profile's message as it is.
    pub size: Option<usize>,
}

impl LoadInput {
    /// The fields filled from a profile's session (`Profile::intent` of a sent message, with
    /// its user whether or not it logs in): its server, security, sender and recipients, and
    /// `login` (whether the profile logs in); the numbers as the command line's defaults.
    pub fn from_intent(profile: Option<String>, base: &SessionIntent, login: bool) -> LoadInput {
        LoadInput {
            profile,
            server: if base.server.is_empty() {
                String::new()
            } else {
                base.host_and_port()
            },
            security: base.security,
            login: login && base.auth_user.is_some(),
            from: base.mail_from.clone(),
            to: base.rcpt_to.join(", "),
            ..LoadInput::default()
        }
    }

    /// The recipients typed.
    pub fn recipients(&self) -> Vec<String> {
        self.to
            .split([',', ';', ' ', '\n', '\t'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// The host typed, when the server field is one.
    pub fn host(&self) -> Option<String> {
        Target::parse(&self.server, self.security)
            .ok()
            .map(|t| t.host)
    }

    /// The fields checked over `base` (the profile's session): the intent and the numbers, or
    /// every problem found, in the order of the fields. `provider` finds the public provider
    /// whose server a host is (`profile::presets::public_provider`).
    pub fn check(
        &self,
        base: &SessionIntent,
        provider: impl Fn(&str) -> Option<&'static str>,
    ) -> Result<Checked, Vec<InputProblem>> {
        let mut problems = Vec::new();
        let mut intent = base.clone();
        intent.security = self.security;
        intent.stop_after = StopAfter::Send;
        let target = Target::parse(&self.server, self.security);
        match &target {
            Ok(t) => {
                intent.server = t.host.clone();
                intent.port = t.port;
            }
            Err(e) => problems.push(InputProblem::Intent(IntentError::Server(e.clone()))),
        }
        if !self.login {
            intent.auth_user = None;
        } else if intent.auth_user.is_none() {
            // Log in, and the profile has no user to log in as.
            problems.push(InputProblem::Intent(IntentError::User(
                CommandError::Empty {
                    field: Field::AuthUser,
                },
            )));
        }
        intent.mail_from = self.from.trim().to_string();
        intent.rcpt_to = self.recipients();
        let count = |knob: Knob, text: &str, empty: Option<u64>, max: u64| {
            let t = text.trim();
            if t.is_empty() {
                return Ok(empty);
            }
            match t.replace(['_', ' '], "").parse::<u64>() {
                Ok(n) if n > max => Err(InputProblem::TooLarge { knob, max }),
                Ok(n) => Ok(Some(n)),
                Err(_) => Err(InputProblem::NotANumber {
                    knob,
                    text: t.to_string(),
                }),
            }
        };
        let number = |knob: Knob, text: &str| {
            let t = text.trim();
            if t.is_empty() {
                return Ok(None);
            }
            t.replace(',', ".")
                .parse::<f64>()
                .map(Some)
                .map_err(|_| InputProblem::NotANumber {
                    knob,
                    text: t.to_string(),
                })
        };
        let mut settings = Settings {
            load_test_permitted: self.permitted,
            ..Settings::default()
        };
        let mut size = None;
        match count(
            Knob::Connections,
            &self.connections,
            Some(1),
            MAX_CONNECTIONS,
        ) {
            Ok(n) => settings.connections = n.unwrap_or(1) as usize,
            Err(p) => problems.push(p),
        }
        match count(Knob::Messages, &self.messages, None, u64::MAX) {
            Ok(n) => settings.messages = n,
            Err(p) => problems.push(p),
        }
        match count(
            Knob::PerConnection,
            &self.per_connection,
            Some(1),
            u64::from(u32::MAX),
        ) {
            Ok(n) => settings.per_connection = n.map_or(1, |n| n as u32),
            Err(p) => problems.push(p),
        }
        match count(Knob::Size, &self.size, None, MAX_SIZE) {
            Ok(n) => size = n.map(|n| n as usize),
            Err(p) => problems.push(p),
        }
        match number(Knob::Rate, &self.rate) {
            Ok(r) => settings.rate = r,
            Err(p) => problems.push(p),
        }
        match number(Knob::Duration, &self.duration) {
            Ok(d) => settings.duration = d,
            Err(p) => problems.push(p),
        }
        let host = target.as_ref().map(|t| t.host.as_str()).unwrap_or_default();
        problems.extend(
            settings
                .problems(host, provider(host))
                .into_iter()
                .map(InputProblem::Plan),
        );
        let server_failed = target.is_err();
        problems.extend(
            intent
                .problems()
                .into_iter()
                .filter(|e| {
                    !(server_failed && matches!(e.field(), IntentField::Server | IntentField::Port))
                })
                .map(InputProblem::Intent),
        );
        if problems.is_empty() {
            Ok(Checked {
                intent,
                settings,
                size,
            })
        } else {
            problems.sort_by_key(|p| p.field() as u8);
            Err(problems)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Gmail's server is a public provider's; nothing else is.
    fn gmail(host: &str) -> Option<&'static str> {
        (host == "smtp.gmail.com").then_some("Gmail")
    }

    fn base() -> SessionIntent {
        SessionIntent {
            server: String::from("127.0.0.1"),
            port: 2525,
            security: Security::None,
            mail_from: String::from("a@example.test"),
            rcpt_to: vec![
                String::from("b@example.test"),
                String::from("c@example.test"),
            ],
            stop_after: StopAfter::Send,
            ..SessionIntent::default()
        }
    }

    #[test]
    fn the_fields_are_filled_from_the_profile_and_pass_as_they_are() {
        let input = LoadInput::from_intent(Some(String::from("p1")), &base(), true);
        assert_eq!(input.server, "127.0.0.1:2525");
        assert_eq!(input.to, "b@example.test, c@example.test");
        assert!(!input.login, "no user to log in as");
        let checked = input.check(&base(), gmail).expect("valid");
        assert_eq!(checked.intent.port, 2525);
        assert_eq!(checked.intent.rcpt_to.len(), 2);
        assert_eq!(checked.settings.planned(), crate::bulk::DEFAULT_CAP);
        assert_eq!(checked.size, None);
    }

    #[test]
    fn each_bad_value_is_named_beside_its_field() {
        let mut input = LoadInput::from_intent(None, &base(), false);
        input.connections = String::from("many");
        input.messages = String::from("0");
        input.rate = String::from("-3");
        input.size = String::from("999999999999");
        input.to = String::from("not an address@");
        let found = input.check(&base(), gmail).expect_err("problems");
        let fields: Vec<LoadField> = found.iter().map(InputProblem::field).collect();
        assert_eq!(
            fields[..4],
            [
                LoadField::Connections,
                LoadField::Messages,
                LoadField::Size,
                LoadField::Rate,
            ],
            "{found:?}"
        );
        assert_eq!(fields.last(), Some(&LoadField::To), "{found:?}");
        assert!(matches!(
            &found[0],
            InputProblem::NotANumber { text, .. } if text == "many"
        ));
    }

    #[test]
    fn logging_in_needs_the_profile_s_user() {
        let mut input = LoadInput::from_intent(None, &base(), false);
        input.login = true;
        let found = input.check(&base(), gmail).expect_err("no user");
        assert_eq!(found[0].field(), LoadField::Login, "{found:?}");
        let with_user = SessionIntent {
            auth_user: Some(String::from("alice")),
            ..base()
        };
        let checked = input.check(&with_user, gmail).expect("a user");
        assert_eq!(checked.intent.auth_user.as_deref(), Some("alice"));
        input.login = false;
        let checked = input.check(&with_user, gmail).expect("no login");
        assert_eq!(checked.intent.auth_user, None);
    }

    #[test]
    fn a_public_provider_needs_the_confirmation() {
        let mut input = LoadInput::from_intent(None, &base(), false);
        input.server = String::from("smtp.gmail.com");
        let found = input.check(&base(), gmail).expect_err("the guard rail");
        assert!(matches!(
            found[0],
            InputProblem::Plan(PlanProblem::PublicProvider { .. })
        ));
        input.permitted = true;
        assert!(input.check(&base(), gmail).is_ok());
    }
}
