//! `smtp-lens bulk` against the test Postfix (every message delivered, counted in the maildir),
//! refusals grouped, the guard rails, the JSON shape, and a steady process: file descriptors
//! closed after hundreds of sessions against a private `smtp-sink` on a free loopback port.

use std::process::{Child, Command};
use std::sync::Arc;

use serde_json::Value;
use smtp_lens::bulk::{self, BulkPlan, Progress};
use smtp_lens::engine::CancelToken;
use smtp_lens::proto::session::{Security, StopAfter};

use crate::util::{Servers, request, smtp_lens, unique_tag};

/// Files under `dir` holding `needle`, waiting up to ten seconds for `want` of them (Postfix
/// delivers after its 250).
fn delivered(dir: &std::path::Path, needle: &str, want: usize) -> usize {
    let mut found = 0;
    for _ in 0..100 {
        found = count(dir, needle);
        if found >= want {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    found
}

fn count(dir: &std::path::Path, needle: &str) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut n = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            n += count(&path, needle);
        } else if std::fs::read(&path).is_ok_and(|b| String::from_utf8_lossy(&b).contains(needle)) {
            n += 1;
        }
    }
    n
}

/// The Message-ID of each file under `dir` holding `needle`.
fn message_ids(dir: &std::path::Path, needle: &str) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut ids = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            ids.extend(message_ids(&path, needle));
        } else if let Ok(bytes) = std::fs::read(&path) {
            let text = String::from_utf8_lossy(&bytes);
            if text.contains(needle)
                && let Some(line) = text
                    .lines()
                    .find(|l| l.to_ascii_lowercase().starts_with("message-id:"))
            {
                ids.push(line.to_string());
            }
        }
    }
    ids
}

fn json(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn plain_run(server: &str, tag: &str, n: &str, k: &str) -> std::process::Output {
    smtp_lens(
        &[
            "bulk",
            "--server",
            server,
            "--security",
            "none",
            "--connections",
            "4",
            "--messages",
            n,
            "--per-connection",
            k,
            "--from",
            "alice@example.test",
            "--to",
            "bob@example.test",
            "--subject",
            tag,
            "--json",
        ],
        &[],
    )
}

#[test]
fn bulk_delivers_every_message_to_postfix_one_or_five_a_connection() {
    let servers = Servers::get();
    for k in ["1", "5"] {
        let tag = unique_tag(&format!("bulk-k{k}"));
        let out = plain_run(&servers.postfix_smtp(), &tag, "12", k);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
        let v = json(&out);
        assert_eq!(v["sent"], 12);
        assert_eq!(v["accepted"], 12);
        // Twelve messages five at a time: 5, 5 and 2.
        let sessions = if k == "1" { 12 } else { 3 };
        assert_eq!(v["sessions"], sessions, "K={k}");
        assert_eq!(delivered(&servers.postfix_maildir(), &tag, 12), 12, "K={k}");
        // The message was built once, yet each has a Message-ID of its own.
        let mut ids = message_ids(&servers.postfix_maildir(), &tag);
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 12, "K={k}: {ids:?}");
    }
}

#[test]
fn bulk_over_starttls_with_auth_delivers_every_message() {
    let servers = Servers::get();
    let (user, password) = servers.postfix_user();
    let tag = unique_tag("bulk-submission");
    let ca = servers.ca_cert();
    let out = smtp_lens(
        &[
            "bulk",
            "--server",
            &servers.postfix_submission(),
            "--security",
            "starttls",
            "--ca-file",
            ca.to_str().expect("utf-8 path"),
            "--user",
            &user,
            "--password-env",
            "BULK_TEST_PASSWORD",
            "--connections",
            "4",
            "--messages",
            "10",
            "--per-connection",
            "5",
            "--from",
            &user,
            "--to",
            "bob@example.test",
            "--subject",
            &tag,
            "--json",
        ],
        &[("BULK_TEST_PASSWORD", password.as_str())],
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(!text.contains(&password), "the password was printed");
    assert_eq!(json(&out)["accepted"], 10);
    assert_eq!(delivered(&servers.postfix_maildir(), &tag, 10), 10);
}

#[test]
fn bulk_groups_refusals_by_reply_and_explains_them() {
    let servers = Servers::get();
    let tag = unique_tag("bulk-refused");
    let out = smtp_lens(
        &[
            "bulk",
            "--server",
            &servers.postfix_smtp(),
            "--security",
            "none",
            "--connections",
            "2",
            "--messages",
            "6",
            "--per-connection",
            "3",
            "--from",
            "alice@example.test",
            "--to",
            "nobody@example.test",
            "--subject",
            &tag,
            "--json",
        ],
        &[],
    );
    // Every recipient refused: check's exit code for that.
    assert_eq!(out.status.code(), Some(8));
    let v = json(&out);
    assert_eq!(v["refused_permanent"], 6);
    let refusals = v["refusals"].as_array().expect("refusals");
    assert_eq!(refusals.len(), 1, "{refusals:?}");
    assert_eq!(refusals[0]["count"], 6);
    assert_eq!(refusals[0]["reply"]["code"], 550);
    let summary = v["summary"].to_string();
    assert!(summary.contains("No such user"), "{summary}");
    // RSET between the refused transactions, so all three went over each connection.
    assert_eq!(v["sessions"], 2);
}

#[test]
fn bulk_refuses_a_public_provider_without_permission_and_says_why() {
    let out = smtp_lens(
        &[
            "bulk",
            "--server",
            "smtp.gmail.com",
            "--to",
            "b@example.test",
            "--messages",
            "1",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("public provider") && err.contains("--load-test-permitted"),
        "{err}"
    );
}

/// `smtp-sink` (Postfix's test server) on a free loopback port, killed when dropped.
pub struct Sink {
    child: Child,
    pub addr: String,
}

impl Sink {
    pub fn start() -> Sink {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let addr = format!("127.0.0.1:{port}");
        let mut cmd = Command::new("/usr/sbin/smtp-sink");
        // As root smtp-sink must drop to another user after binding.
        if std::env::var("USER").as_deref() == Ok("root") || is_root() {
            cmd.args(["-u", "nobody"]);
        }
        let child = cmd
            .args(["-c", &addr, "256"])
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("smtp-sink is installed with postfix by tests/servers/install.sh");
        for _ in 0..50 {
            if std::net::TcpStream::connect(&addr).is_ok() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        Sink { child, addr }
    }
}

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status").is_ok_and(|s| {
        s.lines()
            .find(|l| l.starts_with("Uid:"))
            .is_some_and(|l| l.split_whitespace().nth(1) == Some("0"))
    })
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn without_messages_a_run_stops_at_the_cap_and_says_so() {
    let sink = Sink::start();
    let out = smtp_lens(
        &[
            "bulk",
            "--server",
            &sink.addr,
            "--security",
            "none",
            "--connections",
            "8",
            "--per-connection",
            "50",
            "--from",
            "a@example.test",
            "--to",
            "b@example.test",
            "--json",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    assert_eq!(v["sent"], 1000);
    assert_eq!(v["planned"], 1000);
    assert!(String::from_utf8_lossy(&out.stderr).contains("1000"));
}

#[test]
fn the_json_summary_has_counts_latencies_refusals_and_the_exit_code() {
    let sink = Sink::start();
    let out = smtp_lens(
        &[
            "bulk",
            "--server",
            &sink.addr,
            "--security",
            "none",
            "--connections",
            "2",
            "--messages",
            "20",
            "--per-connection",
            "5",
            "--size",
            "4096",
            "--from",
            "a@example.test",
            "--to",
            "b@example.test",
            "--json",
        ],
        &[],
    );
    let v = json(&out);
    for key in [
        "sent",
        "accepted",
        "refused_transient",
        "refused_permanent",
        "errors",
        "sessions",
        "elapsed_secs",
        "messages_per_sec",
        "latency",
        "refusals",
        "error_kinds",
        "summary",
        "exit_code",
    ] {
        assert!(v.get(key).is_some(), "no {key} in {v}");
    }
    assert_eq!(v["exit_code"], 0);
    assert_eq!(v["pipelining"], true);
    let latency = v["latency"].as_array().expect("latency");
    let end = latency
        .iter()
        .find(|p| p["answered"] == "end-of-data")
        .expect("end-of-data latencies");
    assert_eq!(end["count"], 20);
    assert!(end["p50_us"].as_u64() <= end["p99_us"].as_u64());
}

fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd").map_or(0, |d| d.count())
}

fn vm_hwm_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn vm_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// Runs `sessions` one-message sessions, 20 at once, in this process; returns the report.
fn in_process(addr: &str, sessions: u64, progress: Arc<Progress>) -> bulk::BulkReport {
    let mut req = request(addr, Security::None, StopAfter::Send);
    req.plan.mail_from = String::from("a@example.test");
    req.plan.rcpt_to = vec![String::from("b@example.test")];
    // 4 KiB in lines of 74 letters (RFC 5321 4.5.3.1.6 limits a line to 1000 octets).
    let line = [[b'x'; 74].as_slice(), b"\r\n"].concat();
    req.plan.message = Some(line.repeat(4096 / 76).into());
    req.plan.max_logged_data_lines = bulk::LOGGED_DATA_LINES;
    let plan = BulkPlan {
        request: req,
        connections: 20,
        messages: sessions,
        per_connection: 1,
        rate: None,
        duration: None,
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(bulk::run(plan, progress, CancelToken::new()))
}

/// Runs the test `name` of this binary alone in a child process (descriptors are counted for
/// the whole process, and the other tests open their own), with `SMTP_LENS_ALONE` set.
fn alone(name: &str) -> bool {
    if std::env::var_os("SMTP_LENS_ALONE").is_some() {
        return true;
    }
    let out = Command::new(std::env::current_exe().expect("the test binary"))
        .args([
            name,
            "--exact",
            "--nocapture",
            "--test-threads=1",
            "--include-ignored",
        ])
        .env("SMTP_LENS_ALONE", "1")
        .output()
        .expect("run the test alone");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    print!("{text}");
    assert!(out.status.success(), "{name} failed alone");
    assert!(
        text.contains("1 passed"),
        "{name} did not run alone: {text}"
    );
    false
}

#[test]
fn hundreds_of_sessions_leave_no_file_descriptor_open() {
    if !alone("bulk::hundreds_of_sessions_leave_no_file_descriptor_open") {
        return;
    }
    let sink = Sink::start();
    // A warm-up run first: what a first run opens for the process's life is not a leak.
    in_process(&sink.addr, 5, Arc::default());
    let before = open_fds();
    let report = in_process(&sink.addr, 300, Arc::default());
    let after = open_fds();
    assert_eq!(report.accepted, 300);
    assert_eq!(report.sessions, 300);
    assert_eq!(before, after, "file descriptors left open");
}

/// 10,000 sessions in one process: prints peak RSS, RSS after 1,000 and after 10,000 sessions,
/// and the open file descriptors before and after. `cargo test --release --test integration
/// ten_thousand -- --ignored --nocapture`.
#[test]
#[ignore = "a load figure: run with --ignored --nocapture"]
fn ten_thousand_sessions_in_one_process_stay_flat() {
    if !alone("bulk::ten_thousand_sessions_in_one_process_stay_flat") {
        return;
    }
    let sink = Sink::start();
    in_process(&sink.addr, 5, Arc::default());
    let fds_before = open_fds();
    let progress = Arc::new(Progress::default());
    let watched = progress.clone();
    // Samples RSS as the 1,000th session finishes.
    let sampler = std::thread::spawn(move || {
        while watched.sessions.load(std::sync::atomic::Ordering::Relaxed) < 1_000 {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        vm_rss_kib()
    });
    let report = in_process(&sink.addr, 10_000, progress);
    let rss_10000 = vm_rss_kib();
    let rss_1000 = sampler.join().expect("sampler");
    let fds_after = open_fds();
    let peak = vm_hwm_kib();
    println!(
        "10,000 sessions: {} accepted in {:.2} s ({:.0} msg/s); RSS at the 1,000th: {} KiB, at the 10,000th: {} KiB; peak (VmHWM): {} KiB; open fds before {}, after {}",
        report.accepted,
        report.elapsed_secs,
        report.messages_per_sec,
        rss_1000,
        rss_10000,
        peak,
        fds_before,
        fds_after
    );
    assert_eq!(report.accepted, 10_000);
    assert_eq!(fds_before, fds_after);
}

/// A plan of `messages` 4 KiB messages into `addr`, `per_connection` a connection.
fn sink_plan(addr: &str, connections: usize, messages: u64, per_connection: u32) -> BulkPlan {
    let mut req = request(addr, Security::None, StopAfter::Send);
    req.plan.mail_from = String::from("a@example.test");
    req.plan.rcpt_to = vec![String::from("b@example.test")];
    let line = [[b'x'; 74].as_slice(), b"\r\n"].concat();
    req.plan.message = Some(line.repeat(4096 / 76).into());
    req.plan.max_logged_data_lines = bulk::LOGGED_DATA_LINES;
    BulkPlan {
        request: req,
        connections,
        messages,
        per_connection,
        rate: None,
        duration: None,
    }
}

fn run_plan(plan: BulkPlan) -> bulk::BulkReport {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(bulk::run(plan, Arc::default(), CancelToken::new()))
}

#[test]
fn every_message_is_timed_though_only_the_first_session_keeps_its_lines() {
    let sink = Sink::start();
    let report = run_plan(sink_plan(&sink.addr, 4, 40, 5));
    assert_eq!(report.accepted, 40);
    assert_eq!(report.sessions, 8);
    // The sessions after the first report timings, not lines: every reply is still counted.
    let count = |what: Option<smtp_lens::proto::session::ReplyContext>| {
        report
            .latency
            .iter()
            .find(|p| p.answered == what)
            .map_or(0, |p| p.count)
    };
    use smtp_lens::proto::session::ReplyContext;
    assert_eq!(count(Some(ReplyContext::Greeting)), 8);
    assert_eq!(count(Some(ReplyContext::Mail)), 40);
    assert_eq!(count(Some(ReplyContext::EndOfData)), 40);
    assert_eq!(count(None), 8, "whole sessions");
    // The first session's transcript is whole: its five messages' ends of data are in it.
    let ends = report
        .first_session
        .iter()
        .filter(|e| match e {
            smtp_lens::engine::Event::Line(l) => l
                .reply
                .as_ref()
                .is_some_and(|r| r.answered.context() == ReplyContext::EndOfData),
            _ => false,
        })
        .count();
    assert_eq!(ends, 5);
    assert!(report.failures.is_empty());
    assert!(report.first_failure().is_none());
}

#[test]
fn a_rate_paces_every_message_also_over_one_connection() {
    let sink = Sink::start();
    // 10 messages at 40 a second: turn 9 is due 9 / 40 = 0.225 s after the start, whether the
    // messages share connections or not.
    let mut plan = sink_plan(&sink.addr, 2, 10, 5);
    plan.rate = Some(40.0);
    let report = run_plan(plan);
    assert_eq!(report.accepted, 10);
    assert_eq!(report.sessions, 2);
    assert!(
        report.elapsed_secs >= 0.225,
        "10 messages at 40/s took only {:.3} s",
        report.elapsed_secs
    );
}

#[test]
fn a_refused_login_stops_the_run_before_more_sessions_try_it() {
    let servers = Servers::get();
    let (user, _) = servers.postfix_user();
    let ca = servers.ca_cert();
    let out = smtp_lens(
        &[
            "bulk",
            "--server",
            &servers.postfix_submission(),
            "--security",
            "starttls",
            "--ca-file",
            ca.to_str().expect("utf-8 path"),
            "--user",
            &user,
            "--password-env",
            "BULK_TEST_PASSWORD",
            "--connections",
            "2",
            "--messages",
            "100",
            "--from",
            &user,
            "--to",
            "bob@example.test",
            "--json",
        ],
        &[("BULK_TEST_PASSWORD", "not the password")],
    );
    // AUTH failed: check's exit code for it.
    assert_eq!(out.status.code(), Some(5));
    let v = json(&out);
    assert_eq!(v["halted"], true);
    // The sessions under way when the first login failed, not a hundred logins.
    let sessions = v["sessions"].as_u64().expect("sessions");
    assert!((1..=2).contains(&sessions), "{sessions} sessions");
    assert_eq!(v["accepted"], 0);
    assert!(v["summary"].to_string().contains("Stopped early"), "{v}");
    // The failing session's transcript is in the JSON too, as the text output shows it.
    let lines = v["first_failure"].as_array().expect("first_failure lines");
    assert!(
        lines
            .iter()
            .any(|l| l.as_str().is_some_and(|l| l.contains("<~ 535"))),
        "{lines:?}"
    );
    assert!(
        !v.to_string().contains("not the password"),
        "the password was printed"
    );
}

#[test]
fn a_message_refused_for_one_recipient_counts_as_accepted_and_the_refusal_is_shown() {
    let servers = Servers::get();
    let out = smtp_lens(
        &[
            "bulk",
            "--server",
            &servers.postfix_smtp(),
            "--security",
            "none",
            "--connections",
            "2",
            "--messages",
            "6",
            "--per-connection",
            "3",
            "--from",
            "alice@example.test",
            "--to",
            "nobody@example.test",
            "--to",
            "bob@example.test",
        ],
        &[],
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    // Some recipients refused: check's exit code for it.
    assert_eq!(out.status.code(), Some(7), "{text}");
    assert!(text.contains("6 accepted"), "{text}");
    assert!(text.contains("6 × 550"), "{text}");
    assert!(text.contains("No such user"), "{text}");
    // The failing message's transcript ends with its verdict, not in the middle of the
    // session.
    let failing = text
        .split_once("The first failing session:")
        .map(|(_, t)| t)
        .expect("a failing transcript");
    assert!(failing.contains("Verdict:"), "{failing}");
    assert_eq!(failing.matches("-> MAIL FROM:").count(), 1, "{failing}");
}

#[test]
fn too_many_connections_or_too_large_a_message_is_refused_before_anything_is_built() {
    for (option, value, said) in [
        ("--connections", "100000", "--connections is at most 10000"),
        ("--size", "10000000000", "--size is at most 67108864"),
    ] {
        let out = smtp_lens(
            &[
                "bulk",
                "--server",
                "127.0.0.1:9",
                "--security",
                "none",
                "--messages",
                "5",
                option,
                value,
                "--from",
                "a@example.test",
                "--to",
                "b@example.test",
            ],
            &[],
        );
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains(said), "{err}");
    }
}
