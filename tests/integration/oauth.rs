//! OAuth 2.0 sign-in end to end, loopback only: each test starts its own small OAuth world
//! (`tests/servers/oauth_world.py`: an authorization server and an SMTP server that takes only
//! its tokens) on free ports, and a stand-in browser (`tests/servers/oauth_browser.py`, set as
//! `BROWSER`) that logs each call and follows the redirect to smtp-lens's loopback listener.
//!
//! The tests without a keychain run anywhere (the session bus is pointed at nothing). The ones
//! that keep tokens between runs need a real Secret Service and are `#[ignore]`d here;
//! `tests/keychain/run.sh` runs them in a private D-Bus session with gnome-keyring.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

pub(crate) const USER: &str = "alice@example.test";
/// The exit code of a refused login (`cli::ExitCode::Auth`).
const AUTH_EXIT: i32 = 5;

pub(crate) fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One OAuth world: the Python process (killed by its pid on drop) and its state folder.
pub(crate) struct World {
    child: Child,
    dir: tempfile::TempDir,
    pub(crate) http: u16,
    pub(crate) smtp: u16,
}

impl World {
    /// Starts a world whose access tokens live `ttl` seconds.
    pub(crate) fn start(ttl: f64) -> World {
        let dir = tempfile::tempdir().expect("temp dir");
        let child = Command::new("python3")
            .arg(repo().join("tests/servers/oauth_world.py"))
            .arg("--state")
            .arg(dir.path())
            .arg("--access-ttl")
            .arg(ttl.to_string())
            .stdin(Stdio::null())
            .spawn()
            .expect(
                "python3 runs tests/servers/oauth_world.py (aiosmtpd: tests/servers/install.sh)",
            );
        let ports = dir.path().join("ports.json");
        let started = Instant::now();
        while !ports.exists() {
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "the OAuth world did not start (is aiosmtpd installed? bash tests/servers/install.sh)"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let text = std::fs::read_to_string(&ports).expect("ports.json");
        let value: serde_json::Value = serde_json::from_str(&text).expect("ports JSON");
        let port = |k: &str| value[k].as_u64().expect("port") as u16;
        World {
            http: port("http"),
            smtp: port("smtp"),
            child,
            dir,
        }
    }

    pub(crate) fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub(crate) fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name)).unwrap_or_default()
    }

    /// `check` against this world's SMTP server, signing in with `client_id` at its
    /// authorization server (custom provider), sending one message.
    fn check_args(&self, client_id: &str) -> Vec<String> {
        let base = format!("http://127.0.0.1:{}", self.http);
        [
            "check",
            "--server",
            &format!("127.0.0.1:{}", self.smtp),
            "--security",
            "none",
            "--user",
            USER,
            "--oauth-provider",
            "custom",
            "--oauth-client-id",
            client_id,
            "--oauth-auth-url",
            &format!("{base}/authorize"),
            "--oauth-token-url",
            &format!("{base}/token"),
            "--oauth-device-url",
            &format!("{base}/device"),
            "--oauth-scope",
            "smtp",
            "--from",
            USER,
            "--to",
            "bob@example.test",
            "--no-times",
            "--lang",
            "en",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }

    /// Runs smtp-lens with the stand-in browser and a home of this world's own; `keychain`
    /// false points the session bus at nothing, so no keychain answers.
    fn run(&self, args: &[String], keychain: bool) -> Output {
        let home = self.path("home");
        std::fs::create_dir_all(&home).expect("home");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_smtp-lens"));
        cmd.args(args)
            .env("NO_COLOR", "1")
            .env("BROWSER", repo().join("tests/servers/oauth_browser.py"))
            .env("OAUTH_BROWSER_LOG", self.path("browser.log"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .stdin(Stdio::null());
        if !keychain {
            cmd.env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus");
        }
        let out = cmd.output().expect("run smtp-lens");
        self.assert_no_token_in(&out);
        out
    }

    /// Each call of the stand-in browser.
    pub(crate) fn browser_calls(&self) -> usize {
        self.read("browser.log").lines().count()
    }

    /// Messages the SMTP server accepted.
    fn mails(&self) -> usize {
        std::fs::read_dir(self.path("mail")).map_or(0, |d| d.count())
    }

    /// Every token and code the authorization server issued.
    pub(crate) fn issued(&self) -> Vec<String> {
        self.read("issued.txt")
            .lines()
            .map(str::to_string)
            .collect()
    }

    /// Asserts no issued token is in the run's output nor in any file under the home folder.
    fn assert_no_token_in(&self, out: &Output) {
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        for token in self.issued() {
            assert!(!stdout.contains(&token), "a token in stdout: {stdout}");
            assert!(!stderr.contains(&token), "a token in stderr: {stderr}");
        }
        self.assert_no_token_under(&self.path("home"));
    }

    pub(crate) fn assert_no_token_under(&self, dir: &Path) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                self.assert_no_token_under(&path);
            } else {
                let bytes = std::fs::read(&path).unwrap_or_default();
                let text = String::from_utf8_lossy(&bytes);
                for token in self.issued() {
                    assert!(!text.contains(&token), "a token in {}", path.display());
                }
            }
        }
    }

    /// RFC 7009: revokes `token` at the authorization server.
    fn revoke(&self, token: &str) {
        let body = format!("token={token}");
        let mut s = std::net::TcpStream::connect(("127.0.0.1", self.http)).expect("connect");
        write!(
            s,
            "POST /revoke HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .expect("write");
        let mut answer = String::new();
        s.read_to_string(&mut answer).expect("read");
        assert!(answer.starts_with("HTTP/1.0 200") || answer.starts_with("HTTP/1.1 200"));
    }

    /// The last issued token starting with `prefix` (`at-`, `rt-`).
    fn last(&self, prefix: &str) -> String {
        self.issued()
            .into_iter()
            .rev()
            .find(|t| t.starts_with(prefix))
            .expect("a token was issued")
    }

    fn grants(&self, word: &str) -> usize {
        self.read("grants.log")
            .lines()
            .filter(|l| l.starts_with(word))
            .count()
    }
}

impl Drop for World {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Waits for the stand-in browser (a forked process) to save the page it was shown.
fn page(world: &World) -> String {
    let path = world.path("browser.log.page");
    let started = Instant::now();
    while !path.exists() && started.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(50));
    }
    std::fs::read_to_string(path).unwrap_or_default()
}

#[test]
fn oauth_first_sign_in_opens_the_browser_once_and_sends_and_without_a_keychain_says_so() {
    let world = World::start(30.0);
    let mut args = world.check_args("client-one");
    let export = world.path("home/session.json");
    args.extend(["-o".to_string(), export.display().to_string()]);
    let out = world.run(&args, false);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    assert_eq!(world.browser_calls(), 1);
    assert_eq!(world.mails(), 1);
    assert!(stderr.contains("for this run only"), "{stderr}");
    assert!(stderr.contains("Signed in."), "{stderr}");
    assert!(stdout.contains("AUTH XOAUTH2"), "{stdout}");
    assert!(page(&world).contains("You can close this tab"));
    assert!(export.exists(), "the export was written");
    // PKCE: the code was exchanged with the right verifier (the server refuses any other).
    assert_eq!(world.grants("pkce-mismatch"), 0);
    assert_eq!(world.grants("code"), 1);
    // A code, an access and a refresh token were issued, and none of them was found above.
    assert_eq!(
        world.issued().len(),
        3,
        "{:?}",
        world.read("issued.txt").len()
    );
    // Without a keychain nothing outlives the run: the next run signs in again. Its text and
    // HTML exports are looked through for tokens too.
    let mut args = world.check_args("client-one");
    let html = world.path("home/session.html");
    args.extend(["-o".to_string(), html.display().to_string()]);
    let again = world.run(&args, false);
    assert!(html.exists(), "the HTML export was written");
    assert_eq!(again.status.code(), Some(0), "{:?}", text(&again));
    assert_eq!(world.browser_calls(), 2);
}

#[test]
fn oauth_device_flow_waits_through_pending_and_slow_down() {
    let world = World::start(30.0);
    let mut args = world.check_args("client-device");
    let export = world.path("home/session.txt");
    args.extend([
        "--oauth-flow".to_string(),
        "device".to_string(),
        "-o".to_string(),
        export.display().to_string(),
    ]);
    let out = world.run(&args, false);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(
        stderr.contains("WDJB-MJHT"),
        "the user code is shown: {stderr}"
    );
    assert!(stderr.contains("/device-login"), "and where: {stderr}");
    assert_eq!(world.browser_calls(), 0);
    assert_eq!(world.mails(), 1);
    assert!(export.exists(), "the text export was written");
    let polls: Vec<(f64, String)> = world
        .read("device.log")
        .lines()
        .filter_map(|l| {
            let (t, what) = l.split_once(' ')?;
            Some((t.parse().ok()?, what.to_string()))
        })
        .collect();
    let answers: Vec<&str> = polls.iter().map(|(_, w)| w.as_str()).collect();
    assert_eq!(answers, ["authorization_pending", "slow_down", "granted"]);
    // RFC 8628 3.5: after slow_down the interval (1 s) grows by 5 s.
    let gap = polls[2].0 - polls[1].0;
    assert!(gap >= 5.5, "polled again {gap:.1} s after slow_down");
}

#[test]
fn oauth_a_denied_a_forged_and_an_unanswered_sign_in_end_with_the_auth_exit_code() {
    let world = World::start(30.0);
    for (client, words) in [
        ("deny", "denied (access_denied)"),
        ("wrong-state", "another state"),
        ("silent", "timed out"),
    ] {
        let mut args = world.check_args(client);
        args.extend(["--oauth-wait".to_string(), "3".to_string()]);
        let out = world.run(&args, false);
        let (stdout, stderr) = text(&out);
        assert_eq!(
            out.status.code(),
            Some(AUTH_EXIT),
            "{client}: {stdout}\n{stderr}"
        );
        assert!(stderr.contains(words), "{client}: {stderr}");
        assert!(
            !stdout.contains("AUTH"),
            "no session after a failed sign-in: {stdout}"
        );
    }
    assert_eq!(world.mails(), 0);
}

#[test]
fn oauth_a_sign_in_cancelled_with_ctrl_c_ends_with_the_cancelled_exit_code() {
    let world = World::start(30.0);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_smtp-lens"));
    cmd.args(world.check_args("silent"))
        .env("BROWSER", repo().join("tests/servers/oauth_browser.py"))
        .env("OAUTH_BROWSER_LOG", world.path("browser.log"))
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let child = cmd.spawn().expect("smtp-lens");
    // Waits for the browser to be opened, then interrupts the wait as Ctrl-C does.
    let started = Instant::now();
    while world.browser_calls() == 0 && started.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(300));
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(sent.success());
    let out = child.wait_with_output().expect("wait");
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("cancelled"), "{stderr}");
}

#[test]
fn oauth_a_token_still_refused_after_one_renewal_ends_with_the_auth_exit_code_and_why() {
    // The server signs in another user, so the SMTP server refuses every token for ours.
    let world = World::start(30.0);
    let out = world.run(&world.check_args("wrong-user"), false);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(AUTH_EXIT), "{stdout}\n{stderr}");
    assert!(stderr.contains("trying once more"), "{stderr}");
    // At most one renewal and one more session.
    assert_eq!(world.grants("refresh"), 1);
    assert_eq!(world.read("smtp.log").matches("refused").count(), 2);
    assert_eq!(world.mails(), 0);
    // The verdict says the token was refused and why, never a password problem.
    assert!(
        stdout.contains("refused the access token: status 401"),
        "{stdout}"
    );
    assert!(stdout.contains("https://mail.google.com/"), "{stdout}");
    assert!(!stdout.to_lowercase().contains("app password"), "{stdout}");
}

#[test]
#[ignore = "needs a running Secret Service: bash tests/keychain/run.sh"]
fn oauth_keychain_second_run_needs_no_browser_and_an_expired_token_is_refreshed_with_rotation() {
    // Long-lived access tokens: the second run uses the stored one as it is.
    let world = World::start(60.0);
    let args = world.check_args("client-keychain-stored");
    let first = world.run(&args, true);
    assert_eq!(first.status.code(), Some(0), "{:?}", text(&first));
    assert!(!text(&first).1.contains("for this run only"));
    let second = world.run(&args, true);
    let (_, stderr) = text(&second);
    assert_eq!(second.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("Using the stored access token"), "{stderr}");
    assert_eq!(world.browser_calls(), 1);
    assert_eq!(world.grants("refresh"), 0);
    assert_eq!(world.mails(), 2);

    // Access tokens of 2 s: each later run renews silently, with the rotated refresh token
    // (the server refuses a refresh token once it has been used).
    let world = World::start(2.0);
    let args = world.check_args("client-keychain-refresh");
    assert_eq!(world.run(&args, true).status.code(), Some(0));
    for round in 1..=2 {
        std::thread::sleep(Duration::from_millis(2500));
        let out = world.run(&args, true);
        let (stdout, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
        assert!(stderr.contains("renewed"), "{stderr}");
        assert_eq!(world.grants("refresh"), round, "one refresh a run");
        assert_eq!(world.grants("refresh refused"), 0);
    }
    assert_eq!(world.browser_calls(), 1);
    assert_eq!(world.mails(), 3);
}

#[test]
#[ignore = "needs a running Secret Service: bash tests/keychain/run.sh"]
fn oauth_keychain_a_refused_access_token_is_renewed_once_and_the_session_tried_again() {
    let world = World::start(60.0);
    let args = world.check_args("client-keychain-retry");
    assert_eq!(world.run(&args, true).status.code(), Some(0));
    // The stored access token still looks valid, but the server no longer takes it.
    world.revoke(&world.last("at-"));
    let out = world.run(&args, true);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(stdout.contains("refused the access token"), "{stdout}");
    assert!(stderr.contains("trying once more"), "{stderr}");
    assert_eq!(world.grants("refresh"), 1);
    assert_eq!(world.mails(), 2);
    assert_eq!(world.browser_calls(), 1);
}

#[test]
#[ignore = "needs a running Secret Service: bash tests/keychain/run.sh"]
fn oauth_keychain_after_revocation_the_run_ends_with_the_auth_exit_code_and_sign_out_deletes() {
    let world = World::start(60.0);
    let args = world.check_args("client-keychain-revoked");
    assert_eq!(world.run(&args, true).status.code(), Some(0));
    // The whole grant: its refresh token and every access token of it.
    world.revoke(&world.last("rt-"));
    let out = world.run(&args, true);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(AUTH_EXIT), "{stdout}\n{stderr}");
    // The refusal explained from the error challenge, never as a password problem.
    assert!(
        stdout.contains("refused the access token: status 401"),
        "{stdout}"
    );
    assert!(stdout.contains("https://mail.google.com/"), "{stdout}");
    assert!(!stdout.contains("app password"), "{stdout}");
    assert!(stderr.contains("refresh token was refused"), "{stderr}");
    assert!(stderr.contains("Sign in again"), "{stderr}");
    assert_eq!(
        world.browser_calls(),
        1,
        "no person is there: no new sign-in"
    );

    let sign_out: Vec<String> = [
        "oauth",
        "sign-out",
        "--user",
        USER,
        "--oauth-provider",
        "custom",
        "--oauth-client-id",
        "client-keychain-stored-out",
        "--lang",
        "en",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let args = world.check_args("client-keychain-stored-out");
    assert_eq!(world.run(&args, true).status.code(), Some(0));
    // A refused refresh token with a person at a terminal: a new sign-in, not an error. `script`
    // gives the run a terminal.
    world.revoke(&world.last("rt-"));
    world.revoke(&world.last("at-"));
    let line: Vec<String> = std::iter::once(env!("CARGO_BIN_EXE_smtp-lens").to_string())
        .chain(args.iter().cloned())
        .map(|a| format!("'{a}'"))
        .collect();
    let home = world.path("home");
    let out = Command::new("script")
        .args(["-qec", &line.join(" "), "/dev/null"])
        .env("NO_COLOR", "1")
        .env("BROWSER", repo().join("tests/servers/oauth_browser.py"))
        .env("OAUTH_BROWSER_LOG", world.path("browser.log"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .output()
        .expect("script (util-linux)");
    world.assert_no_token_in(&out);
    let (all, _) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{all}");
    assert!(all.contains("Signed in."), "{all}");
    assert_eq!(world.browser_calls(), 3);

    let out = world.run(&sign_out, true);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out).1.contains("Signed out"), "{:?}", text(&out));
    let out = world.run(&sign_out, true);
    assert_eq!(out.status.code(), Some(0), "nothing stored is not an error");
    assert!(
        text(&out).1.contains("Nothing was stored"),
        "{:?}",
        text(&out)
    );
    // Signed out: the next run signs in again.
    assert_eq!(world.run(&args, true).status.code(), Some(0));
    assert_eq!(world.browser_calls(), 4);
}
