//! `smtp-lens bulk`: the bulk runner (`crate::bulk`) from the command line, with a live
//! progress line on a terminal and the summary at the end (or one JSON object with `--json`).
//!
//! Guard rails: without `--messages` a run stops after `bulk::DEFAULT_CAP` messages, and a
//! public provider's server (the presets') is refused unless `--load-test-permitted` says the
//! user may load it. The exit code is 0 when every message was accepted, otherwise `check`'s
//! code of the most frequent failure.

use std::io::{BufRead, IsTerminal, Write};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::check::{self, CheckError, Printer};
use super::{BulkArgs, CheckArgs, ColorArg, ExitCode};
use crate::bulk::{self, BulkPlan, BulkReport, Progress};
use crate::engine::{CancelToken, SessionRequest};
use crate::present::{self, t};
use crate::proto::session::Security;

/// The check arguments of the one session every worker runs (the message options included).
fn session_args(args: &BulkArgs, body: Option<String>) -> CheckArgs {
    CheckArgs {
        server: args.server.clone(),
        security: args.security,
        helo: args.helo.clone(),
        user: args.user.clone(),
        password_env: args.password_env.clone(),
        password_stdin: args.password_stdin,
        oauth: false,
        // Bulk logs in with a password (or none); OAuth sign-in is for one session at a time.
        oauth_provider: None,
        oauth_client_id: None,
        oauth_client_secret_env: None,
        oauth_tenant: None,
        oauth_auth_url: None,
        oauth_token_url: None,
        oauth_device_url: None,
        oauth_scope: Vec::new(),
        oauth_flow: super::OauthFlowArg::Browser,
        oauth_wait: 300,
        auth: args.auth,
        from: args.from.clone(),
        to: args.to.clone(),
        stop_after: Some(super::StopAfterArg::Send),
        subject: args.subject.clone(),
        body,
        html_file: None,
        attach: Vec::new(),
        header: args.header.clone(),
        timeout: args.timeout,
        insecure: args.insecure,
        ca_file: args.ca_file.clone(),
        no_pipelining: args.no_pipelining,
        bdat: args.bdat,
        smtputf8: false,
        dsn_notify: None,
        dsn_ret: None,
        max_reply_line: 4096,
        json: false,
        no_times: true,
        output: None,
        format: None,
        color: ColorArg::Never,
    }
}

/// The request every session runs. The message is built once (with lettre, as `check` builds
/// it); with `--size` its body is filler so the whole message is about that many bytes
/// (`intent::load::request`).
pub fn build_request(
    args: &BulkArgs,
    stdin: &mut dyn BufRead,
) -> Result<SessionRequest, CheckError> {
    let (intent, request) = check::build_request(&session_args(args, args.body.clone()), stdin)?;
    // The secret was read once; the message is rebuilt from the intent alone.
    let secret = request
        .plan
        .auth
        .as_ref()
        .map(|a| a.credentials.secret.clone());
    Ok(crate::intent::load::request(&intent, secret, args.size)?)
}

/// The bulk settings the arguments give.
fn settings(args: &BulkArgs) -> bulk::Settings {
    bulk::Settings {
        connections: args.connections,
        messages: args.messages,
        per_connection: args.per_connection,
        rate: args.rate,
        duration: args.duration,
        load_test_permitted: args.load_test_permitted,
    }
}

/// What the arguments ask for, checked: the guard rails and the numbers (`bulk::Settings`).
fn plan(args: &BulkArgs, request: SessionRequest) -> Result<BulkPlan, String> {
    settings(args)
        .plan(request, crate::profile::presets::public_provider_name)
        .map_err(|p| present::bulk::plan_problem(&p))
}

/// The exit code of a finished run: 0 when every message was accepted, else `check`'s code for
/// the most frequent failure.
pub fn exit_code(report: &BulkReport) -> ExitCode {
    if report.cancelled {
        return ExitCode::Cancelled;
    }
    match report.most_frequent_failure() {
        None if report.sent > 0 => ExitCode::Success,
        None => ExitCode::Internal,
        Some(v) => ExitCode::from_verdict(v),
    }
}

/// The JSON summary: the report's facts, the summary in words and the exit code.
pub fn json(report: &BulkReport) -> serde_json::Value {
    let mut value = serde_json::to_value(report).unwrap_or(serde_json::Value::Null);
    if let Some(map) = value.as_object_mut() {
        map.insert(
            String::from("summary"),
            serde_json::Value::from(present::bulk::summary(report)),
        );
        map.insert(
            String::from("exit_code"),
            serde_json::Value::from(exit_code(report) as u8),
        );
        // The first failing session's transcript as the text output shows it (no colour).
        if let Some(events) = report.first_failure() {
            let printer = Printer::new(false, ColorArg::Never, false);
            let mut text = Vec::new();
            for event in &events {
                let _ = printer.print(&mut text, event);
            }
            let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&text)
                .lines()
                .map(serde_json::Value::from)
                .collect();
            map.insert(
                String::from("first_failure"),
                serde_json::Value::Array(lines),
            );
        }
    }
    value
}

/// Runs `smtp-lens bulk` and returns the process exit code.
pub fn run(args: &BulkArgs) -> u8 {
    let stdin = std::io::stdin();
    let mut lock = stdin.lock();
    // The size first: the message is built in memory before anything else is checked.
    let plan = match bulk::settings::check_size(args.size)
        .map_err(|p| present::bulk::plan_problem(&p))
        .and_then(|()| build_request(args, &mut lock).map_err(|e| e.words()))
        .and_then(|request| plan(args, request))
    {
        Ok(p) => p,
        Err(words) => {
            eprintln!("smtp-lens: {words}");
            return ExitCode::BadArguments as u8;
        }
    };
    if args.messages.is_none() {
        eprintln!(
            "smtp-lens: {}",
            t!("bulk-cap-note", cap = bulk::DEFAULT_CAP)
        );
    }
    // Plain-text sessions mostly wait on the network: one thread keeps every wake-up local and
    // leaves the other cores to the server under test (measured on 2 cores against smtp-sink:
    // 16% more messages a second than two threads). TLS handshakes are CPU work: they get a
    // thread per core.
    let built = if plan.request.plan.security == Security::None {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
    } else {
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
    };
    let runtime = match built {
        Ok(rt) => rt,
        Err(err) => {
            eprintln!(
                "smtp-lens: {}",
                t!("cli-no-runtime", error = err.to_string())
            );
            return ExitCode::Internal as u8;
        }
    };
    let live = !args.json && std::io::stdout().is_terminal();
    let report = runtime.block_on(async move {
        let cancel = CancelToken::new();
        let on_signal = cancel.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                on_signal.cancel();
            }
        });
        let progress = Arc::new(Progress::default());
        let total = plan.messages;
        let bar = if live {
            indicatif::ProgressBar::new(total)
        } else {
            indicatif::ProgressBar::hidden()
        };
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        let watched = progress.clone();
        let shown = bar.clone();
        let started = Instant::now();
        let ticker = tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_millis(200));
            loop {
                every.tick().await;
                shown.set_position(watched.sent.load(std::sync::atomic::Ordering::Relaxed));
                shown.set_message(present::bulk::progress(
                    &watched,
                    started.elapsed().as_secs_f64(),
                ));
            }
        });
        let report = bulk::run(plan, progress, cancel).await;
        ticker.abort();
        bar.finish_and_clear();
        report
    });
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let printed = if args.json {
        writeln!(out, "{}", json(&report))
    } else {
        print_summary(&mut out, &report)
    };
    // A closed stdout changes nothing about the run's result.
    let _ = printed.and_then(|()| out.flush());
    exit_code(&report) as u8
}

/// The summary and the first failing transcript, as text.
fn print_summary(out: &mut dyn Write, report: &BulkReport) -> std::io::Result<()> {
    for line in present::bulk::summary(report) {
        writeln!(out, "{line}")?;
    }
    if let Some(events) = report.first_failure() {
        let events = events.as_slice();
        writeln!(out)?;
        writeln!(out, "{}", t!("bulk-first-failure"))?;
        let printer = Printer::new(false, ColorArg::Auto, false);
        for event in events {
            printer.print(out, event)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_makes_the_message_that_many_bytes_built_once() {
        use clap::Parser;
        let cli = crate::cli::Cli::try_parse_from([
            "smtp-lens",
            "bulk",
            "--server",
            "127.0.0.1:25",
            "--security",
            "none",
            "--size",
            "4096",
            "--from",
            "a@example.test",
            "--to",
            "b@example.test",
        ])
        .expect("arguments");
        let Some(crate::cli::Command::Bulk(args)) = cli.command else {
            panic!("not bulk");
        };
        let request = build_request(&args, &mut std::io::empty()).expect("request");
        assert_eq!(request.plan.message.as_ref().map(|m| m.len()), Some(4096));
        let plan = plan(&args, request).expect("plan");
        assert_eq!(plan.messages, crate::bulk::DEFAULT_CAP);
    }
}
