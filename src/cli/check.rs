//! `smtp-lens check`: one session from the command line, its transcript printed as it happens
//! (swaks-style markers, replies coloured by class on a terminal) and a verdict at the end.
//!
//! The password is read from an environment variable or standard input, never from an argument
//! (arguments are visible to every user of the machine), and never printed.

use std::io::{BufRead, IsTerminal, Write};

use super::{CheckArgs, ColorArg, ExitCode};
use crate::engine::{self, CancelToken, Direction, Event, SessionRequest, Target, TargetError};
use crate::intent::{IntentError, MessageIntent, RequestError, SessionIntent};
use crate::message::MessageError;
use crate::present::{self, t};
use crate::proto::session::{DsnOptions, Outcome, StageStatus, StopAfter};
use crate::proto::{ReplyClass, Secret};

/// Why the arguments cannot make a session. All of them are the user's to fix: exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error(transparent)]
    Server(#[from] TargetError),
    #[error(transparent)]
    Header(#[from] MessageError),
    #[error(
        "the environment variable {var} is not set (or not UTF-8); export it with the password first"
    )]
    PasswordEnv { var: String },
    #[error("cannot read the password from standard input: {0}")]
    PasswordStdin(std::io::Error),
    #[error(
        "--user needs a password: give --password-env VAR or --password-stdin (a password on the command line would be visible to other users)"
    )]
    NoPasswordSource,
    #[error("a password was given but no --user: add --user to log in")]
    PasswordWithoutUser,
    /// `IntentError::Timeout`, in words that name the flag.
    #[error("--timeout {secs} is out of range: give more than 0 and at most 86400 seconds")]
    Timeout { secs: f64 },
    /// `IntentError::NoRecipients`, in words that name the flag.
    #[error("no recipient given: add at least one recipient (--to)")]
    NoRecipients,
    #[error(transparent)]
    Request(RequestError),
}

impl CheckError {
    /// Why the command cannot run, in the user's language (the `#[error]` texts are for logs).
    pub fn words(&self) -> String {
        match self {
            CheckError::Server(e) => present::errors::target_error(e),
            CheckError::Header(e) => crate::words::message_error(e),
            CheckError::PasswordEnv { var } => t!("cli-password-env", var = var.as_str()),
            CheckError::PasswordStdin(e) => t!("cli-password-stdin", error = e.to_string()),
            CheckError::NoPasswordSource => t!("cli-no-password-source"),
            CheckError::PasswordWithoutUser => t!("cli-password-without-user"),
            CheckError::Timeout { secs } => t!("cli-timeout", secs = (*secs)),
            CheckError::NoRecipients => t!("cli-no-recipients"),
            CheckError::Request(e) => crate::words::request_error(e),
        }
    }
}

impl From<RequestError> for CheckError {
    fn from(err: RequestError) -> CheckError {
        match err {
            RequestError::Invalid(IntentError::Timeout { secs }) => CheckError::Timeout { secs },
            RequestError::Invalid(IntentError::NoRecipients) => CheckError::NoRecipients,
            other => CheckError::Request(other),
        }
    }
}

/// The session intent the arguments ask for. Reads no file and no secret.
pub fn intent(args: &CheckArgs) -> Result<SessionIntent, CheckError> {
    let security = args.security.into();
    let target = Target::parse(&args.server, security)?;
    let stop_after: StopAfter = match args.stop_after {
        Some(s) => s.into(),
        None if args.to.is_empty() => {
            if args.user.is_some() {
                StopAfter::Auth
            } else {
                StopAfter::Tls
            }
        }
        None => StopAfter::Send,
    };
    let dsn = (args.dsn_notify.is_some() || args.dsn_ret.is_some()).then(|| DsnOptions {
        notify: args
            .dsn_notify
            .as_deref()
            .map(|n| {
                n.split(',')
                    .map(|s| s.trim().to_ascii_uppercase())
                    .collect()
            })
            .unwrap_or_default(),
        ret: args.dsn_ret.as_ref().map(|r| r.to_ascii_uppercase()),
        envid: None,
        orcpt: false,
    });
    let headers = args
        .header
        .iter()
        .map(|h| crate::message::parse_header(h))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(SessionIntent {
        server: target.host,
        port: target.port,
        security,
        helo: args.helo.clone(),
        auth_user: args.user.clone(),
        auth_mechanism: args.auth.map(Into::into),
        oauth_token: args.oauth || args.oauth_provider.is_some(),
        mail_from: args.from.trim().to_string(),
        rcpt_to: args.to.iter().map(|t| t.trim().to_string()).collect(),
        stop_after,
        accept_invalid_certificates: args.insecure,
        pipelining: !args.no_pipelining,
        chunking: args.bdat,
        smtputf8: args.smtputf8,
        dsn,
        ca_file: args.ca_file.clone(),
        timeout_secs: args.timeout,
        max_reply_line: args.max_reply_line,
        profile: None,
        message: MessageIntent {
            subject: args.subject.clone(),
            text_body: args.body.clone(),
            html_body: None,
            html_file: args.html_file.clone(),
            attachments: args.attach.clone(),
            headers,
        },
    })
}

/// The password or token, from the environment variable or the first line of standard input;
/// never from an argument.
fn read_secret(args: &CheckArgs, stdin: &mut dyn BufRead) -> Result<Option<Secret>, CheckError> {
    let given = args.password_env.is_some() || args.password_stdin;
    if args.user.is_none() {
        return if given {
            Err(CheckError::PasswordWithoutUser)
        } else {
            Ok(None)
        };
    }
    if let Some(var) = &args.password_env {
        let secret =
            std::env::var(var).map_err(|_| CheckError::PasswordEnv { var: var.clone() })?;
        Ok(Some(Secret::new(secret)))
    } else if args.password_stdin {
        let mut line = String::new();
        stdin
            .read_line(&mut line)
            .map_err(CheckError::PasswordStdin)?;
        Ok(Some(Secret::new(line.trim_end_matches(['\r', '\n']))))
    } else {
        Err(CheckError::NoPasswordSource)
    }
}

/// Turns the arguments into the session's intent and the engine's request.
pub fn build_request(
    args: &CheckArgs,
    stdin: &mut dyn BufRead,
) -> Result<(SessionIntent, SessionRequest), CheckError> {
    let intent = intent(args)?;
    let secret = read_secret(args, stdin)?;
    let request = intent.into_request(secret)?;
    Ok((intent, request))
}

/// Prints events as they come: the transcript with each line's time, its offset from the start
/// and each reply's latency (unless hidden), replies coloured by their class, each refusal's
/// reading beneath it, and the verdict at the end. The words come from `present`; this only
/// lays them out and colours them.
pub struct Printer {
    pub json: bool,
    pub color: bool,
    /// Show each line's time, offset and latency.
    pub times: bool,
}

impl Printer {
    pub fn new(json: bool, color: ColorArg, times: bool) -> Printer {
        let color = match color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => {
                std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        };
        Printer { json, color, times }
    }

    pub fn print(&self, out: &mut dyn Write, event: &Event) -> std::io::Result<()> {
        if self.json {
            // The event's facts, plus the line as a person reads it.
            let mut value = serde_json::to_value(event).map_err(std::io::Error::other)?;
            match (event, value.as_object_mut()) {
                (Event::Line(line), Some(map)) => {
                    map.insert(
                        String::from("shown"),
                        serde_json::Value::String(present::line_text(line)),
                    );
                }
                // The verdict for a person, with the cause of a reply-decided one.
                (Event::Finished(outcome), Some(map)) => {
                    let report = present::verdict::report(outcome);
                    map.insert(
                        String::from("report"),
                        serde_json::to_value(&report).map_err(std::io::Error::other)?,
                    );
                }
                _ => {}
            }
            return writeln!(out, "{value}");
        }
        match event {
            Event::Line(line) => {
                let mut text = String::new();
                if self.times {
                    text.push_str(&present::record::stamp(line));
                    text.push(' ');
                }
                text.push_str(&format!("{} {}", line.marker(), present::line_text(line)));
                let colour = match line.direction {
                    Direction::Received => reply_class(line).map(class_colour),
                    Direction::Error => Some(RED),
                    Direction::Warning => Some(YELLOW),
                    _ => None,
                };
                match colour {
                    Some(c) if self.color => writeln!(out, "{c}{text}{RESET}")?,
                    _ => writeln!(out, "{text}")?,
                }
                // A refusal gets its reading right under it: what it is and what to try first.
                if let Some(r) = &line.reply
                    && !r.reply.class().is_positive()
                {
                    let x = crate::knowledge::explain_answered(&r.reply, &r.answered);
                    let w = present::explain::reply(&x);
                    let mut note = format!("   ^ {}: {}", w.class, w.title);
                    if let Some(p) = &w.provider {
                        note.push_str(&format!(" [{p}]"));
                    }
                    if let Some(fix) = w.fixes.first() {
                        note.push_str("; ");
                        note.push_str(&present::t!("reply-try", fix = fix.as_str()));
                    }
                    writeln!(out, "{note}")?;
                }
                Ok(())
            }
            Event::Finished(outcome) => self.print_verdict(out, outcome),
            _ => Ok(()),
        }
    }

    fn print_verdict(&self, out: &mut dyn Write, outcome: &Outcome) -> std::io::Result<()> {
        let report = present::verdict::report(outcome);
        let colour = if outcome.verdict.is_success() {
            GREEN
        } else {
            RED
        };
        let head = format!(
            "{}: {}",
            present::record::headings().verdict,
            report.verdict_words
        );
        writeln!(out)?;
        if self.color {
            writeln!(out, "{BOLD}{colour}{head}{RESET}")?;
        } else {
            writeln!(out, "{head}")?;
        }
        writeln!(out, "  {}", report.sentence)?;
        if let Some(cause) = report.cause.filter(|_| !outcome.verdict.is_success()) {
            writeln!(out, "  {}: {cause}", present::explain::labels().cause)?;
            for hint in present::control_hints(cause, present::Front::Cli) {
                writeln!(out, "  {hint}")?;
            }
        }
        for s in report
            .stages
            .iter()
            .filter(|s| s.status != StageStatus::Skipped)
        {
            writeln!(out, "  {}", s.line(false))?;
        }
        for r in &report.recipients {
            writeln!(out, "  {}", r.line())?;
        }
        Ok(())
    }
}

/// The class of the reply a received line belongs to: its own reply's when it completes one,
/// otherwise read from its code (a line before the last of a multi-line reply).
fn reply_class(line: &crate::engine::TranscriptLine) -> Option<ReplyClass> {
    match &line.reply {
        Some(r) => Some(r.reply.class()),
        None => line
            .text
            .get(..3)
            .and_then(|code| code.parse::<u16>().ok())
            .and_then(ReplyClass::from_code),
    }
}

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const GREEN: &str = "\x1b[32m";
const CYAN: &str = "\x1b[36m";
const YELLOW: &str = "\x1b[33m";
const RED: &str = "\x1b[31m";

/// The terminal colour of a reply class (RFC 5321 4.2.1): 2 positive completion, 1 and 3
/// positive intermediate, 4 transient negative, 5 permanent negative.
pub fn class_colour(class: ReplyClass) -> &'static str {
    match class {
        ReplyClass::PositiveCompletion => GREEN,
        ReplyClass::PositivePreliminary | ReplyClass::PositiveIntermediate => CYAN,
        ReplyClass::TransientNegative => YELLOW,
        ReplyClass::PermanentNegative => RED,
    }
}

/// What one session left: its outcome, its events when an export wants them, and whether the
/// server refused the access token with an error challenge (RFC 7628 3.2.2; Gmail, Microsoft).
struct Ran {
    outcome: Outcome,
    events: Vec<Event>,
    token_refused: bool,
}

/// Runs one session, printing its events as they come.
async fn run_session(
    request: SessionRequest,
    printer: &Printer,
    keep_events: bool,
    cancel: &CancelToken,
) -> Result<Ran, tokio::task::JoinError> {
    let (tx, mut rx) = engine::channel(None);
    let session = tokio::spawn(engine::run(request, tx, cancel.clone()));
    let stdout = std::io::stdout();
    let mut events = Vec::new();
    let mut token_refused = false;
    // A closed stdout (e.g. piped into `head`) must not stop the session early: printing
    // stops, the session and the export go on.
    let mut printing = true;
    while let Some(event) = rx.recv().await {
        if let Event::Line(line) = &event
            && matches!(
                line.remark,
                Some(crate::engine::Remark::Session(
                    crate::proto::Note::TokenRefused { .. }
                ))
            )
        {
            token_refused = true;
        }
        if printing {
            let mut out = stdout.lock();
            printing = printer
                .print(&mut out, &event)
                .and_then(|()| out.flush())
                .is_ok();
        }
        if keep_events {
            events.push(event);
        }
    }
    let outcome = session.await?;
    Ok(Ran {
        outcome,
        events,
        token_refused,
    })
}

/// Runs `smtp-lens check` and returns the process exit code. With `--oauth-provider` the
/// access token comes from the keychain, a silent refresh or a sign-in first; a token the
/// server refuses is renewed once and the session run once more.
pub fn run(args: &CheckArgs) -> u8 {
    // Opens the keychain, so before any runtime starts (see `oauth::TokenStore`).
    let signer = match super::oauth::signer(args) {
        Ok(s) => s,
        Err((code, words)) => {
            eprintln!("smtp-lens: {words}");
            return code as u8;
        }
    };
    let stdin = std::io::stdin();
    let mut lock = stdin.lock();
    let intent = match intent(args) {
        Ok(i) => i,
        Err(err) => {
            eprintln!("smtp-lens: {}", err.words());
            return ExitCode::BadArguments as u8;
        }
    };
    let secret = if signer.is_some() {
        None
    } else {
        match read_secret(args, &mut lock) {
            Ok(s) => s,
            Err(err) => {
                eprintln!("smtp-lens: {}", err.words());
                return ExitCode::BadArguments as u8;
            }
        }
    };
    // Checked before any sign-in, so a wrong argument does not cost one.
    if let Err(err) = intent.validate() {
        let err = CheckError::from(RequestError::Invalid(err));
        eprintln!("smtp-lens: {}", err.words());
        return ExitCode::BadArguments as u8;
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(err) => {
            eprintln!(
                "smtp-lens: {}",
                t!("cli-no-runtime", error = err.to_string())
            );
            return ExitCode::Internal as u8;
        }
    };
    let printer = Printer::new(args.json, args.color, !args.no_times);
    let format = match &args.output {
        None => None,
        Some(path) => match args
            .format
            .or_else(|| crate::export::Format::from_path(path))
        {
            Some(f) => Some((path.clone(), f)),
            None => {
                eprintln!(
                    "smtp-lens: {}",
                    t!("cli-unknown-format", path = path.display().to_string())
                );
                return ExitCode::BadArguments as u8;
            }
        },
    };
    if let Some(note) = signer.as_ref().and_then(|s| s.store.unavailable()) {
        eprintln!("smtp-lens: {}", present::oauth::tokens_in_memory(note));
    }
    let started_at = time::OffsetDateTime::now_utc();
    // Borrowed, not moved: the keychain store must be dropped off the runtime (its Secret
    // Service client blocks on a runtime of its own when dropped).
    let signer = signer.as_ref();
    runtime.block_on(async move {
        let cancel = CancelToken::new();
        let on_signal = cancel.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                on_signal.cancel();
            }
        });
        let show = |step: crate::oauth::SignInStep| {
            eprintln!("smtp-lens: {}", present::oauth::step(&step));
        };
        let mut tokens = None;
        if let Some(signer) = signer {
            match signer.session().tokens(&cancel, &show).await {
                Ok((t, _)) => tokens = Some(t),
                Err(e) => {
                    eprintln!("smtp-lens: {}", present::oauth::error(&e));
                    return super::oauth::exit_code(&e) as u8;
                }
            }
        }
        // Every secret of the run, for the export's last scrub.
        let mut secrets: Vec<String> = secret.iter().map(|s| s.expose().to_string()).collect();
        let mut renewed = false;
        loop {
            if let Some(t) = &tokens {
                secrets.extend(t.secrets());
            }
            let this_secret = tokens.as_ref().map(|t| t.access.clone()).or(secret.clone());
            let request = match intent.into_request(this_secret) {
                Ok(r) => r,
                Err(err) => {
                    eprintln!("smtp-lens: {}", CheckError::from(err).words());
                    return ExitCode::BadArguments as u8;
                }
            };
            let ran = match run_session(request, &printer, format.is_some(), &cancel).await {
                Ok(ran) => ran,
                Err(err) => {
                    eprintln!(
                        "smtp-lens: {}",
                        t!("cli-session-failed", error = err.to_string())
                    );
                    return ExitCode::Internal as u8;
                }
            };
            let mut code = ExitCode::from_verdict(ran.outcome.verdict);
            // At most one renewal: a token refused with the error challenge, then 535.
            if let (Some(signer), Some(t)) = (signer, &tokens)
                && !renewed
                && ran.token_refused
                && ran.outcome.verdict == crate::proto::Verdict::AuthFailed
                && t.refresh.is_some()
            {
                eprintln!("smtp-lens: {}", present::oauth::retry());
                let mut renewal = signer.session().refresh(t).await;
                if renewal.is_ok() {
                    show(crate::oauth::SignInStep::Refreshed);
                }
                // A refused refresh token: a new sign-in when a person is there to do it.
                if let Err(e @ crate::oauth::OAuthError::RefreshRefused { .. }) = &renewal
                    && signer.interactive
                {
                    eprintln!("smtp-lens: {}", present::oauth::error(e));
                    renewal = signer
                        .session()
                        .sign_in(&cancel, &show)
                        .await
                        .map(|(fresh, _)| fresh);
                }
                match renewal {
                    Ok(fresh) => {
                        tokens = Some(fresh);
                        renewed = true;
                        continue;
                    }
                    Err(e) => {
                        eprintln!("smtp-lens: {}", present::oauth::error(&e));
                        code = super::oauth::exit_code(&e);
                    }
                }
            }
            if let Some((path, format)) = &format {
                let record =
                    crate::export::SessionRecord::from_intent(&intent, started_at, ran.events);
                let scrub: Vec<&str> = secrets.iter().map(String::as_str).collect();
                let text = format.render(&record, &scrub);
                if let Err(e) = crate::export::write(path, &text) {
                    eprintln!(
                        "smtp-lens: {}",
                        t!(
                            "cli-cannot-write",
                            path = path.display().to_string(),
                            error = e.to_string()
                        )
                    );
                    return ExitCode::Internal as u8;
                }
                eprintln!(
                    "smtp-lens: {}",
                    crate::present::t!("export-written", path = path.display().to_string())
                );
            }
            return code as u8;
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// In English the command line says what it said before its words came from the catalogue.
    #[test]
    fn in_english_each_check_error_says_its_display_text() {
        for e in [
            CheckError::Server(TargetError::Empty),
            CheckError::Header(MessageError::HeaderSyntax(String::from("X"))),
            CheckError::PasswordEnv {
                var: String::from("SMTP_PASSWORD"),
            },
            CheckError::PasswordStdin(std::io::Error::other("closed")),
            CheckError::NoPasswordSource,
            CheckError::PasswordWithoutUser,
            CheckError::Timeout { secs: -1.0 },
            CheckError::NoRecipients,
            CheckError::Request(RequestError::Invalid(IntentError::Port)),
        ] {
            assert_eq!(e.words(), e.to_string());
        }
    }
}
