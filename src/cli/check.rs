//! `smtp-lens check`: one session from the command line, its transcript printed as it happens
//! (swaks-style markers, replies coloured by class on a terminal) and a verdict at the end.
//!
//! The password is read from an environment variable or standard input, never from an argument
//! (arguments are visible to every user of the machine), and never printed.

use std::io::{BufRead, IsTerminal, Write};
use std::time::Duration;

use anyhow::{Context, bail};

use super::{CheckArgs, ColorArg, ExitCode};
use crate::engine::{
    self, CancelToken, Direction, Event, SessionRequest, Target, Timeouts, TlsOptions,
};
use crate::message::{SendContext, TestMessage};
use crate::present;
use crate::proto::session::{AuthPlan, DsnOptions, Outcome, SessionPlan, StageStatus, StopAfter};
use crate::proto::{Credentials, ReplyClass, ReplyLimits, Secret};

/// Turns the arguments into a request. Errors here are the user's to fix: exit code 2.
pub fn build_request(args: &CheckArgs, stdin: &mut dyn BufRead) -> anyhow::Result<SessionRequest> {
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
    let mut plan = SessionPlan::new(security);
    plan.helo_name = args.helo.clone();
    plan.mail_from = args.from.trim().to_string();
    plan.rcpt_to = args.to.iter().map(|t| t.trim().to_string()).collect();
    plan.stop_after = stop_after;
    plan.reply_limits = ReplyLimits {
        max_line_len: args.max_reply_line.max(512),
        ..ReplyLimits::default()
    };
    plan.extensions.pipelining = !args.no_pipelining;
    plan.extensions.chunking = args.bdat;
    plan.extensions.smtputf8 = args.smtputf8;
    if args.dsn_notify.is_some() || args.dsn_ret.is_some() {
        plan.extensions.dsn = Some(DsnOptions {
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
    }
    if let Some(user) = &args.user {
        let secret = if let Some(var) = &args.password_env {
            std::env::var(var).with_context(|| {
                format!("the environment variable {var} is not set (or not UTF-8); export it with the password first")
            })?
        } else if args.password_stdin {
            let mut line = String::new();
            stdin
                .read_line(&mut line)
                .context("cannot read the password from standard input")?;
            line.trim_end_matches(['\r', '\n']).to_string()
        } else {
            bail!(
                "--user needs a password: give --password-env VAR or --password-stdin (a password on the command line would be visible to other users)"
            );
        };
        plan.auth = Some(AuthPlan {
            credentials: Credentials {
                user: user.clone(),
                secret: Secret::new(secret),
                host: target.host.clone(),
                port: target.port,
            },
            mechanism: args.auth.map(Into::into),
            token: args.oauth
                || matches!(
                    args.auth,
                    Some(super::MechanismArg::Xoauth2 | super::MechanismArg::Oauthbearer)
                ),
        });
    } else if args.password_env.is_some() || args.password_stdin {
        bail!("a password was given but no --user: add --user to log in");
    }
    if stop_after == StopAfter::Send {
        let message = build_message(args, &plan, &target)?;
        plan.message = Some(message);
    }
    plan.validate()?;
    let mut tls = TlsOptions {
        accept_invalid: args.insecure,
        ..TlsOptions::default()
    };
    if let Some(path) = &args.ca_file {
        tls.add_roots_from_pem(path)?;
    }
    let timeouts = match args.timeout {
        Some(secs) if secs > 0.0 && secs <= 86_400.0 => {
            Timeouts::all(Duration::from_secs_f64(secs))
        }
        Some(secs) => bail!("--timeout {secs} is out of range: give seconds between 0 and 86400"),
        None => Timeouts::default(),
    };
    Ok(SessionRequest {
        target,
        plan,
        tls,
        timeouts,
    })
}

fn build_message(args: &CheckArgs, plan: &SessionPlan, target: &Target) -> anyhow::Result<Vec<u8>> {
    let mut headers = Vec::new();
    for h in &args.header {
        headers.push(crate::message::parse_header(h).map_err(anyhow::Error::msg)?);
    }
    let html_body = match &args.html_file {
        Some(path) => Some(std::fs::read_to_string(path).with_context(|| {
            format!(
                "cannot read the HTML body {}; check the path",
                path.display()
            )
        })?),
        None => None,
    };
    let message = TestMessage {
        subject: args.subject.clone(),
        text_body: args.body.clone(),
        html_body,
        attachments: args.attach.clone(),
        headers,
        ..TestMessage::default()
    };
    let ctx = SendContext::for_session(None, &target.to_string(), plan);
    Ok(message.build(&ctx)?)
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
            if let (Event::Line(line), Some(map)) = (event, value.as_object_mut()) {
                map.insert(
                    String::from("shown"),
                    serde_json::Value::String(present::line_text(line)),
                );
            }
            return writeln!(out, "{value}");
        }
        match event {
            Event::Line(line) => {
                let mut text = String::new();
                if self.times {
                    let latency = line
                        .reply
                        .as_ref()
                        .map(|r| format!("{:>5}ms", r.latency_ms))
                        .unwrap_or_else(|| String::from("       "));
                    let at = line.at.to_offset(time::UtcOffset::UTC);
                    text.push_str(&format!(
                        "{:02}:{:02}:{:02}.{:03} +{:>7.3}s {latency} ",
                        at.hour(),
                        at.minute(),
                        at.second(),
                        at.millisecond(),
                        line.elapsed_ms as f64 / 1000.0
                    ));
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
                    let x = crate::knowledge::explain(&r.reply, Some(r.answered.context()));
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
            "{}: {} ({})",
            present::record::headings().verdict,
            report.verdict_words,
            report.summary
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
        }
        for s in &report.stages {
            if s.status == StageStatus::Skipped {
                continue;
            }
            let detail = if s.detail.is_empty() {
                String::new()
            } else {
                format!(" ({})", s.detail)
            };
            writeln!(out, "  {:<10} {}{detail}", s.name, s.state)?;
        }
        for r in &report.recipients {
            let reply = r
                .reply
                .as_ref()
                .map(|x| format!(": {x}"))
                .unwrap_or_default();
            writeln!(
                out,
                "  {} {} {}{reply}",
                present::recipient_label(),
                r.address,
                r.state
            )?;
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

/// Runs `smtp-lens check` and returns the process exit code.
pub fn run(args: &CheckArgs) -> u8 {
    let stdin = std::io::stdin();
    let mut lock = stdin.lock();
    let request = match build_request(args, &mut lock) {
        Ok(r) => r,
        Err(err) => {
            eprintln!("smtp-lens: {err:#}");
            return ExitCode::BadArguments as u8;
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(err) => {
            eprintln!("smtp-lens: cannot start the async runtime: {err}");
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
                    "smtp-lens: cannot tell the format of {} from its extension; name it .txt, .html or .json, or give --format",
                    path.display()
                );
                return ExitCode::BadArguments as u8;
            }
        },
    };
    let secret = request
        .plan
        .auth
        .as_ref()
        .map(|a| a.credentials.secret.clone());
    let started_at = time::OffsetDateTime::now_utc();
    let record_request = request.clone();
    runtime.block_on(async move {
        let (tx, mut rx) = engine::channel(None);
        let cancel = CancelToken::new();
        let on_signal = cancel.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                on_signal.cancel();
            }
        });
        let session = tokio::spawn(engine::run(request, tx, cancel));
        let stdout = std::io::stdout();
        let mut events = Vec::new();
        while let Some(event) = rx.recv().await {
            let mut out = stdout.lock();
            // A closed stdout (e.g. piped into `head`) must not stop the session early.
            let _ = printer.print(&mut out, &event);
            let _ = out.flush();
            if format.is_some() {
                events.push(event);
            }
        }
        match session.await {
            Ok(outcome) => {
                if let Some((path, format)) = &format {
                    let record = crate::export::SessionRecord::new(&record_request, started_at, events);
                    let secrets: Vec<&str> = secret.iter().map(|s| s.expose()).collect();
                    let text = format.render(&record, &secrets);
                    if let Err(e) = crate::export::write(path, &text) {
                        eprintln!("smtp-lens: cannot write {}: {e}; check the folder exists and is writable", path.display());
                        return ExitCode::Internal as u8;
                    }
                    eprintln!(
                        "smtp-lens: {}",
                        crate::present::t!("export-written", path = path.display().to_string())
                    );
                }
                ExitCode::from_verdict(outcome.verdict) as u8
            }
            Err(err) => {
                eprintln!("smtp-lens: the session task failed: {err}");
                ExitCode::Internal as u8
            }
        }
    })
}
