//! Helpers shared by the integration tests: where the real test servers listen, running a session
//! on the engine, running the built binary and swaks.
//!
//! The servers are started by `tests/servers/start.sh` (which `tests/run.sh` calls); their
//! addresses and test credentials are read from `tests/servers/run/servers.env`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::time::Duration;

use smtp_lens::engine::{self, CancelToken, Event, SessionRequest, Target, Timeouts, TlsOptions};
use smtp_lens::proto::session::{AuthPlan, Outcome, Security, SessionPlan, StopAfter};
use smtp_lens::proto::{Credentials, Mechanism, Secret};

/// The addresses and credentials of the running test servers.
pub struct Servers {
    vars: HashMap<String, String>,
}

impl Servers {
    /// The running servers. Without them every test here would fail the same way, so the first
    /// test to ask checks once, and if they are missing says so in one line and ends the test
    /// binary with a failure (the other tests wait for that answer and never print their own).
    pub fn get() -> Servers {
        static VARS: OnceLock<HashMap<String, String>> = OnceLock::new();
        let vars = VARS.get_or_init(|| load_servers().unwrap_or_else(|why| servers_missing(&why)));
        Servers { vars: vars.clone() }
    }

    pub fn var(&self, name: &str) -> String {
        self.vars
            .get(name)
            .cloned()
            .unwrap_or_else(|| panic!("{name} is missing from tests/servers/run/servers.env"))
    }

    pub fn postfix_smtp(&self) -> String {
        self.var("SMTP_LENS_POSTFIX_SMTP")
    }
    pub fn postfix_submission(&self) -> String {
        self.var("SMTP_LENS_POSTFIX_SUBMISSION")
    }
    pub fn postfix_smtps(&self) -> String {
        self.var("SMTP_LENS_POSTFIX_SMTPS")
    }
    pub fn aiosmtpd_starttls(&self) -> String {
        self.var("SMTP_LENS_AIOSMTPD_STARTTLS")
    }
    /// aiosmtpd with STARTTLS and a self-signed certificate (no CA vouches for it).
    pub fn aiosmtpd_selfsigned(&self) -> String {
        self.var("SMTP_LENS_AIOSMTPD_SELFSIGNED")
    }
    /// aiosmtpd with STARTTLS and a self-signed certificate with a 1024-bit RSA key.
    pub fn aiosmtpd_weakkey(&self) -> String {
        self.var("SMTP_LENS_AIOSMTPD_WEAKKEY")
    }
    pub fn aiosmtpd_plain(&self) -> String {
        self.var("SMTP_LENS_AIOSMTPD_PLAIN")
    }
    pub fn ca_cert(&self) -> PathBuf {
        PathBuf::from(self.var("SMTP_LENS_CA_CERT"))
    }
    pub fn postfix_user(&self) -> (String, String) {
        (
            self.var("SMTP_LENS_POSTFIX_USER"),
            self.var("SMTP_LENS_POSTFIX_PASSWORD"),
        )
    }
    pub fn aiosmtpd_user(&self) -> (String, String) {
        (
            self.var("SMTP_LENS_AIOSMTPD_USER"),
            self.var("SMTP_LENS_AIOSMTPD_PASSWORD"),
        )
    }
    pub fn postfix_maildir(&self) -> PathBuf {
        PathBuf::from(self.var("SMTP_LENS_POSTFIX_MAILDIR"))
    }
    pub fn aiosmtpd_maildir(&self) -> PathBuf {
        PathBuf::from(self.var("SMTP_LENS_AIOSMTPD_MAILDIR"))
    }
}

/// Reads `servers.env` and checks that every server in it answers on its loopback address.
fn load_servers() -> Result<HashMap<String, String>, String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/servers/run/servers.env");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let vars: HashMap<String, String> = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.to_string()))
        .collect();
    // stop.sh keeps servers.env: a file alone does not mean the servers run. Only loopback
    // addresses are tried.
    let mut names: Vec<&String> = vars.keys().collect();
    names.sort();
    for name in names {
        if let Ok(addr) = vars[name].parse::<std::net::SocketAddr>()
            && addr.ip().is_loopback()
            && std::net::TcpStream::connect_timeout(&addr, Duration::from_secs(2)).is_err()
        {
            return Err(format!("nothing answers on {addr} ({name})"));
        }
    }
    Ok(vars)
}

/// Reports missing servers in one line and fails the test binary.
fn servers_missing(why: &str) -> ! {
    use std::io::Write;
    // libtest captures `eprintln!` in a test's thread; a write to the stderr handle is not.
    let _ = writeln!(
        std::io::stderr().lock(),
        "\nerror: the test SMTP servers are not running ({why}); run `bash tests/run.sh`, which starts them on 127.0.0.1, runs every test and stops them"
    );
    std::process::exit(101);
}

/// A request with short timeouts, as a test wants.
pub fn request(server: &str, security: Security, stop_after: StopAfter) -> SessionRequest {
    let mut plan = SessionPlan::new(security);
    plan.stop_after = stop_after;
    plan.helo_name = Some(String::from("client.example.test"));
    SessionRequest {
        target: Target::parse(server, security).expect("test server address"),
        plan,
        tls: TlsOptions::default(),
        timeouts: Timeouts::all(Duration::from_secs(10)),
        addresses: Vec::new(),
        pacer: None,
    }
}

pub fn with_auth(
    mut req: SessionRequest,
    user: &str,
    password: &str,
    mechanism: Option<Mechanism>,
) -> SessionRequest {
    req.plan.auth = Some(AuthPlan {
        credentials: Credentials {
            user: user.to_string(),
            secret: Secret::new(password),
            host: req.target.host.clone(),
            port: req.target.port,
        },
        mechanism,
        token: false,
    });
    req
}

pub fn trusting_test_ca(mut req: SessionRequest, servers: &Servers) -> SessionRequest {
    req.tls
        .add_roots_from_pem(&servers.ca_cert())
        .expect("test CA");
    req
}

/// A unique tag to find a message in a mailbox.
pub fn unique_tag(name: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{name}-{nanos}-{}", std::process::id())
}

/// A small message with the tag in its subject.
pub fn message(tag: &str) -> Vec<u8> {
    format!(
        "From: <alice@example.test>\r\nTo: <bob@example.test>\r\nSubject: {tag}\r\nMessage-ID: <{tag}@example.test>\r\n\r\nA test from the smtp-lens integration tests.\r\n.leading dot line\r\n"
    )
    .into_bytes()
}

/// Runs a session on a fresh runtime and returns its outcome and every event.
pub fn run(req: SessionRequest) -> (Outcome, Vec<Event>) {
    run_with_cancel(req, CancelToken::new(), None)
}

pub fn run_with_cancel(
    req: SessionRequest,
    cancel: CancelToken,
    cancel_after: Option<Duration>,
) -> (Outcome, Vec<Event>) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async move {
        let (tx, mut rx) = engine::channel(None);
        if let Some(after) = cancel_after {
            let c = cancel.clone();
            tokio::spawn(async move {
                tokio::time::sleep(after).await;
                c.cancel();
            });
        }
        let outcome = engine::run(req, tx, cancel).await;
        let mut events = Vec::new();
        while let Ok(e) = rx.try_recv() {
            events.push(e);
        }
        (outcome, events)
    })
}

/// The reply codes of a session, in order, from its events.
pub fn reply_codes(events: &[Event]) -> Vec<u16> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Line(l) => l.reply.as_ref().map(|r| r.reply.code),
            _ => None,
        })
        .collect()
}

/// Every transcript line's raw bytes and text, for searching.
pub fn transcript(events: &[Event]) -> String {
    let mut out = String::new();
    for e in events {
        if let Event::Line(l) = e {
            out.push_str(&String::from_utf8_lossy(&l.raw.0));
            out.push_str(l.marker());
            out.push(' ');
            out.push_str(&smtp_lens::present::line_text(l));
            out.push('\n');
        }
    }
    out
}

/// Waits (briefly) for a file containing `needle` under `dir`, for mail delivered after 250.
pub fn find_delivered(dir: &std::path::Path, needle: &str) -> Option<PathBuf> {
    for _ in 0..100 {
        if let Some(p) = search(dir, needle) {
            return Some(p);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    None
}

fn search(dir: &std::path::Path, needle: &str) -> Option<PathBuf> {
    let entries = std::fs::read_dir(dir).ok()?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if let Some(p) = search(&path, needle) {
                return Some(p);
            }
        } else if let Ok(bytes) = std::fs::read(&path)
            && String::from_utf8_lossy(&bytes).contains(needle)
        {
            return Some(path);
        }
    }
    None
}

/// Runs the built `smtp-lens` binary.
pub fn smtp_lens(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_smtp-lens"));
    cmd.args(args).env("NO_COLOR", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run smtp-lens")
}

/// Runs swaks and returns the codes of the replies it shows (the last line of each reply).
pub fn swaks_codes(args: &[&str]) -> (Vec<u16>, String) {
    let out = Command::new("swaks")
        .args(args)
        .output()
        .expect("swaks is installed by tests/servers/install.sh");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    let mut codes = Vec::new();
    for line in text.lines() {
        let t = line.trim_start();
        // swaks marks replies "<-" (plain), "<~" (TLS), with a '*' added for an error reply.
        let Some(rest) = t.strip_prefix('<') else {
            continue;
        };
        if !rest.starts_with(['-', '~', '*']) {
            continue;
        }
        let rest = rest.trim_start_matches(['-', '~', '*']).trim_start();
        let b = rest.as_bytes();
        if b.len() >= 3
            && b[..3].iter().all(u8::is_ascii_digit)
            && b.get(3) != Some(&b'-')
            && let Ok(code) = rest[..3].parse()
        {
            codes.push(code);
        }
    }
    (codes, text)
}

/// A port on 127.0.0.1 with nothing listening.
pub fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    port
}
