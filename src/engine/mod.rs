//! The tokio driver: resolves the host, connects (trying every address), does TLS, pumps the
//! sans-IO `proto::Session`, wakes it at the deadlines it asks for, honours cancel, and reports
//! every line as an `Event`.
//!
//! This is the only layer that knows tokio and sockets. It never interprets a reply itself: the
//! session decides, the engine carries bytes and time. What it reports are facts (bytes, times,
//! addresses, TLS and certificate facts, typed remarks and failures with their `Cause`); it
//! words nothing for people.

pub mod conn;
pub mod event;
pub mod tls;

use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use rustls::pki_types::ServerName;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;

pub use crate::proto::Timeouts;
use crate::proto::session::{
    Answered, Failure, NoteLevel, Outcome, Output, Security, Session, SessionPlan,
};
use crate::proto::{Cause, TransportFailure};
use conn::{Conn, Recorder};
pub use event::{
    CancelToken, Direction, Event, EventSender, RawBytes, Remark, ReplyEvent, TranscriptLine,
    channel,
};
pub use tls::{CertInfo, CertProblem, CertVerdict, KeyInfo, TlsInfo, TlsOptions, TlsVia};

/// Where to connect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    pub host: String,
    pub port: u16,
}

impl Target {
    /// Parses `HOST`, `HOST:PORT`, `[IPv6]:PORT` or a bare IPv6 address; without a port, the
    /// security mode's usual port is used.
    pub fn parse(text: &str, security: Security) -> Result<Target, TargetError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(TargetError::Empty);
        }
        crate::proto::command::check_value(crate::proto::command::Field::Server, text).map_err(
            |e| TargetError::Invalid {
                text: text.escape_debug().to_string(),
                reason: TargetProblem::Value(e),
            },
        )?;
        let default = security.default_port();
        let (host, port) = if let Some(rest) = text.strip_prefix('[') {
            let Some((host, after)) = rest.split_once(']') else {
                return Err(TargetError::Invalid {
                    text: text.to_string(),
                    reason: TargetProblem::UnclosedBracket,
                });
            };
            let port = match after.strip_prefix(':') {
                Some(p) => parse_port(p, text)?,
                None if after.is_empty() => default,
                None => {
                    return Err(TargetError::Invalid {
                        text: text.to_string(),
                        reason: TargetProblem::AfterBracket(after.to_string()),
                    });
                }
            };
            (host.to_string(), port)
        } else if text.parse::<std::net::Ipv6Addr>().is_ok() {
            (text.to_string(), default)
        } else if let Some((host, port)) = text.rsplit_once(':') {
            (host.to_string(), parse_port(port, text)?)
        } else {
            (text.to_string(), default)
        };
        if host.is_empty() {
            return Err(TargetError::Empty);
        }
        if host.parse::<IpAddr>().is_err() {
            crate::proto::command::check_domain(crate::proto::command::Field::Server, &host)
                .map_err(|e| TargetError::Invalid {
                    text: text.to_string(),
                    reason: TargetProblem::Value(e),
                })?;
        }
        Ok(Target { host, port })
    }
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.host.contains(':') {
            write!(f, "[{}]:{}", self.host, self.port)
        } else {
            write!(f, "{}:{}", self.host, self.port)
        }
    }
}

fn parse_port(port: &str, text: &str) -> Result<u16, TargetError> {
    match port.parse::<u16>() {
        Ok(p) if p > 0 => Ok(p),
        _ => Err(TargetError::Invalid {
            text: text.to_string(),
            reason: TargetProblem::Port(port.to_string()),
        }),
    }
}

// One line per message, so each stays an #[error] attribute whole.
#[rustfmt::skip]
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    #[error("no server given: name a host, e.g. mail.example.com:587")]
    Empty,
    #[error("the server \"{text}\" is not valid: {reason}; write it as HOST, HOST:PORT or [IPv6]:PORT")]
    Invalid { text: String, reason: TargetProblem },
}

/// What is wrong with a server given as text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetProblem {
    #[error("an opening '[' has no closing ']'")]
    UnclosedBracket,
    #[error("unexpected text after ']': {0}")]
    AfterBracket(String),
    #[error("'{0}' is not a port number (1 to 65535)")]
    Port(String),
    #[error(transparent)]
    Value(crate::proto::command::CommandError),
}

/// Everything one session needs.
#[derive(Debug, Clone)]
pub struct SessionRequest {
    pub target: Target,
    pub plan: SessionPlan,
    pub tls: TlsOptions,
    /// The time limits; they replace `plan.timeouts` when the session runs.
    pub timeouts: Timeouts,
    /// Addresses already looked up for `target.host` (by `detect`, with its own resolver), tried
    /// in this order; empty to look the host up with the system's resolver. The host name stays
    /// the TLS server name either way.
    pub addresses: Vec<IpAddr>,
    /// Paces the transactions after the first (`SessionPlan::transactions`): each waits for its
    /// turn before its MAIL FROM goes. `None` sends them back to back.
    pub pacer: Option<Arc<Pacer>>,
}

/// An even schedule of turns shared by many sessions, for a rate in messages a second (bulk's
/// `--rate`): turn N is due N / rate seconds after the pacer was made.
#[derive(Debug)]
pub struct Pacer {
    start: Instant,
    interval: std::time::Duration,
    next: std::sync::atomic::AtomicU64,
}

impl Pacer {
    /// A pacer for `per_second` turns a second; a rate that is not above zero (or not finite)
    /// never waits.
    pub fn new(per_second: f64) -> Pacer {
        let interval = if per_second.is_finite() && per_second > 0.0 {
            std::time::Duration::from_secs_f64(1.0 / per_second)
        } else {
            std::time::Duration::ZERO
        };
        Pacer {
            start: Instant::now(),
            interval,
            next: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// Takes the next turn and waits until it is due, or until `cancel`.
    pub async fn turn(&self, cancel: &CancelToken) {
        let n = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let Some(offset) = u32::try_from(n)
            .ok()
            .and_then(|n| self.interval.checked_mul(n))
        else {
            return;
        };
        tokio::select! {
            () = cancel.cancelled() => {}
            () = tokio::time::sleep_until((self.start + offset).into()) => {}
        }
    }
}

/// Runs one session to its end and returns the outcome (also sent as the last event).
pub async fn run(request: SessionRequest, events: EventSender, cancel: CancelToken) -> Outcome {
    let mut plan = request.plan.clone();
    plan.timeouts = request.timeouts;
    let mut driver = Driver {
        events,
        cancel,
        started: Instant::now(),
        last_write: Instant::now(),
        target: request.target.clone(),
        addresses: request.addresses.clone(),
        security: plan.security,
        timeouts: request.timeouts,
        transcript: plan.transcript,
        pacer: request.pacer.clone(),
    };
    let mut session = Session::new(plan.clone());
    let mut conn = driver.open(&mut session, &plan, &request.tls).await;
    driver.pump(&mut session, &mut conn).await
}

struct Driver {
    events: EventSender,
    cancel: CancelToken,
    started: Instant,
    last_write: Instant,
    target: Target,
    addresses: Vec<IpAddr>,
    security: Security,
    timeouts: Timeouts,
    /// Every line and remark is reported (`SessionPlan::transcript`); else only outcomes and
    /// reply timings.
    transcript: bool,
    pacer: Option<Arc<Pacer>>,
}

/// The TLS client configuration and what its verifier saw.
struct TlsContext {
    config: Arc<rustls::ClientConfig>,
    observed: Arc<Mutex<tls::Observed>>,
    /// The user accepts invalid certificates for this test.
    accept_invalid: bool,
}

/// The TLS client configuration of a session, built on the blocking pool from the session's
/// start (reading the system's trust store takes milliseconds) while it connects and greets.
enum TlsSetup {
    /// A plain-text session.
    None,
    Building {
        job: tokio::task::JoinHandle<ConfigResult>,
        accept_invalid: bool,
    },
    Ready(TlsContext),
}

type ConfigResult =
    Result<(Arc<rustls::ClientConfig>, Arc<Mutex<tls::Observed>>), tls::TlsSetupError>;

/// The connection and what STARTTLS needs later.
struct Link {
    conn: Conn,
    tls: TlsSetup,
}

impl Driver {
    fn elapsed_ms(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// Sends one event: every line, stage, TLS fact and the outcome leave through here.
    fn emit(&self, event: Event) {
        if self.transcript
            || matches!(
                event,
                Event::Transaction(_) | Event::Finished(_) | Event::Timing { .. }
            )
        {
            self.events.send(event);
        }
    }

    fn line(&self, direction: Direction, tls: bool, raw: Vec<u8>, text: String) {
        if !self.transcript {
            return;
        }
        self.emit(Event::Line(TranscriptLine {
            at: OffsetDateTime::now_utc(),
            elapsed_ms: self.elapsed_ms(),
            direction,
            tls,
            raw: RawBytes(raw),
            text,
            remark: None,
            elided: None,
            aside: None,
            reply: None,
        }));
    }

    fn remark(&self, direction: Direction, remark: Remark, raw: Vec<u8>) {
        if !self.transcript {
            return;
        }
        self.emit(Event::Line(TranscriptLine {
            at: OffsetDateTime::now_utc(),
            elapsed_ms: self.elapsed_ms(),
            direction,
            tls: false,
            raw: RawBytes(raw),
            text: String::new(),
            remark: Some(remark),
            elided: None,
            aside: None,
            reply: None,
        }));
    }

    fn info(&self, remark: Remark) {
        self.remark(Direction::Info, remark, Vec::new());
    }

    /// Each certificate of the peer's chain, with its fingerprint, as remarks.
    fn show_chain(&self, chain: &[CertInfo]) {
        for (index, cert) in chain.iter().enumerate() {
            self.info(Remark::Certificate {
                index,
                cert: cert.clone(),
            });
            self.info(Remark::Fingerprint {
                index,
                sha256: cert.sha256.clone(),
            });
        }
    }

    /// Validates, connects and (for implicit TLS) handshakes. On any failure the session is
    /// told and the link is gone; `pump` then drains the session's end.
    async fn open(
        &mut self,
        session: &mut Session,
        plan: &SessionPlan,
        options: &TlsOptions,
    ) -> Link {
        self.info(Remark::Started {
            tool: format!("{} {}", env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION")),
            target: self.target.to_string(),
            security: self.security,
        });
        let gone = Link {
            conn: Conn::Gone,
            tls: TlsSetup::None,
        };
        if let Err(err) = plan.validate() {
            // Nothing was sent: the plan never reaches the server.
            session.handle_failure(Failure::Invalid(err));
            return gone;
        }
        // Not at all for a plain-text session (it costs a read of the system's roots).
        let tls = if self.security == Security::None {
            TlsSetup::None
        } else {
            let options = options.clone();
            TlsSetup::Building {
                accept_invalid: options.accept_invalid,
                job: tokio::task::spawn_blocking(move || tls::client_config(&options)),
            }
        };
        let tcp = match self.connect().await {
            Ok(tcp) => tcp,
            Err(failure) => {
                session.handle_failure(failure);
                return gone;
            }
        };
        let literal = match tcp.local_addr().ok().map(|a| a.ip()) {
            Some(IpAddr::V4(ip)) => format!("[{ip}]"),
            Some(IpAddr::V6(ip)) => format!("[IPv6:{ip}]"),
            None => String::from("[127.0.0.1]"),
        };
        let mut link = Link {
            conn: Conn::Plain(tcp),
            tls,
        };
        if self.security == Security::ImplicitTls {
            let deadline = Instant::now() + self.timeouts.tls;
            match self.handshake(&mut link, TlsVia::Implicit, deadline).await {
                Ok(Some(cause)) => session.handle_certificate_accepted(cause),
                Ok(None) => {}
                Err(failure) => {
                    session.handle_failure(failure);
                    return link;
                }
            }
        }
        session.handle_connected(Instant::now(), &literal, link.conn.is_tls());
        link
    }

    /// Resolves the host and tries each address in turn.
    async fn connect(&mut self) -> Result<TcpStream, Failure> {
        let port = self.target.port;
        let addresses: Vec<SocketAddr> = match self.target.host.parse::<IpAddr>() {
            Ok(ip) => vec![SocketAddr::new(ip, port)],
            Err(_) if !self.addresses.is_empty() => self
                .addresses
                .iter()
                .map(|ip| SocketAddr::new(*ip, port))
                .collect(),
            Err(_) => {
                self.info(Remark::Resolving {
                    host: self.target.host.clone(),
                });
                let lookup = tokio::net::lookup_host((self.target.host.as_str(), port));
                let result = tokio::select! {
                    () = self.cancel.cancelled() => return Err(Failure::Cancelled),
                    r = tokio::time::timeout(self.timeouts.connect, lookup) => r,
                };
                let mut list: Vec<SocketAddr> = Vec::new();
                match result {
                    Err(_) => {
                        return Err(Failure::Connect(TransportFailure {
                            cause: Cause::NameNotFound,
                            io_kind: Some(format!("{:?}", std::io::ErrorKind::TimedOut)),
                            detail: String::new(),
                        }));
                    }
                    Ok(Err(err)) => {
                        return Err(Failure::Connect(TransportFailure::io(
                            Cause::NameNotFound,
                            &err,
                        )));
                    }
                    Ok(Ok(iter)) => {
                        for a in iter {
                            if !list.contains(&a) {
                                list.push(a);
                            }
                        }
                    }
                }
                list
            }
        };
        if addresses.is_empty() {
            return Err(Failure::Connect(TransportFailure::new(
                Cause::NoAddress,
                String::new(),
            )));
        }
        let shown: Vec<String> = addresses.iter().map(|a| a.ip().to_string()).collect();
        self.emit(Event::Resolved {
            host: self.target.host.clone(),
            addresses: shown.clone(),
        });
        if self.target.host.parse::<IpAddr>().is_err() {
            self.info(Remark::Resolved {
                host: self.target.host.clone(),
                addresses: shown,
            });
        }
        let mut last = None;
        for addr in &addresses {
            self.info(Remark::Trying {
                address: addr.to_string(),
            });
            let attempt = tokio::select! {
                () = self.cancel.cancelled() => return Err(Failure::Cancelled),
                r = tokio::time::timeout(self.timeouts.connect, TcpStream::connect(addr)) => r,
            };
            let (failure, limit_ms) = match attempt {
                Ok(Ok(tcp)) => {
                    let local = tcp.local_addr().map(|a| a.to_string()).unwrap_or_default();
                    self.info(Remark::Connected {
                        peer: addr.to_string(),
                        local: local.clone(),
                    });
                    self.emit(Event::Connected {
                        peer: addr.to_string(),
                        local,
                    });
                    // Small commands go out at once; a failure here only costs latency.
                    let _ = tcp.set_nodelay(true);
                    return Ok(tcp);
                }
                Ok(Err(err)) => {
                    let cause = match err.kind() {
                        std::io::ErrorKind::TimedOut => Cause::ConnectionTimeout,
                        std::io::ErrorKind::ConnectionReset => Cause::ConnectionReset,
                        _ => Cause::ConnectionRefused,
                    };
                    (TransportFailure::io(cause, &err), None)
                }
                Err(_) => (
                    // No answer at all: the packets are dropped (outbound port 25 often is).
                    TransportFailure {
                        cause: Cause::PortBlocked,
                        io_kind: Some(format!("{:?}", std::io::ErrorKind::TimedOut)),
                        detail: String::new(),
                    },
                    Some(u64::try_from(self.timeouts.connect.as_millis()).unwrap_or(u64::MAX)),
                ),
            };
            self.remark(
                Direction::Error,
                Remark::AttemptFailed {
                    address: addr.to_string(),
                    failure: failure.clone(),
                    limit_ms,
                },
                Vec::new(),
            );
            last = Some(failure);
        }
        Err(Failure::Connect(last.unwrap_or_else(|| {
            TransportFailure::new(Cause::ConnectionRefused, String::new())
        })))
    }

    async fn handshake(
        &mut self,
        link: &mut Link,
        via: TlsVia,
        deadline: Instant,
    ) -> Result<Option<Cause>, Failure> {
        if let TlsSetup::Building {
            job,
            accept_invalid,
        } = &mut link.tls
        {
            let accept_invalid = *accept_invalid;
            let built = tokio::select! {
                () = self.cancel.cancelled() => return Err(Failure::Cancelled),
                r = job => r,
            };
            // A set-up that failed is a TLS failure: the handshake cannot start.
            let setup_failed = |detail: String| {
                Failure::Tls(TransportFailure::new(Cause::TlsHandshakeFailed, detail))
            };
            link.tls = match built {
                Ok(Ok((config, observed))) => TlsSetup::Ready(TlsContext {
                    config,
                    observed,
                    accept_invalid,
                }),
                Ok(Err(err)) => return Err(setup_failed(err.to_string())),
                Err(err) => return Err(setup_failed(err.to_string())),
            };
        }
        let TlsSetup::Ready(ctx) = &link.tls else {
            return Err(Failure::Tls(TransportFailure::new(
                Cause::TlsHandshakeFailed,
                String::new(),
            )));
        };
        let Conn::Plain(tcp) = std::mem::replace(&mut link.conn, Conn::Gone) else {
            return Err(Failure::Tls(TransportFailure::new(
                Cause::TlsHandshakeFailed,
                String::new(),
            )));
        };
        let (sni, server_name) = match self.target.host.parse::<IpAddr>() {
            Ok(ip) => (None, ServerName::IpAddress(ip.into())),
            Err(_) => match ServerName::try_from(self.target.host.clone()) {
                Ok(name) => (Some(self.target.host.clone()), name),
                Err(err) => {
                    return Err(Failure::Tls(TransportFailure::new(
                        Cause::TlsHandshakeFailed,
                        err.to_string(),
                    )));
                }
            },
        };
        if let Ok(mut seen) = ctx.observed.lock() {
            *seen = tls::Observed::default();
        }
        self.info(Remark::Handshake {
            via,
            sni: sni.clone(),
        });
        let (recorder, first_bytes) = Recorder::new(tcp);
        let connector = TlsConnector::from(ctx.config.clone());
        let result = tokio::select! {
            () = self.cancel.cancelled() => return Err(Failure::Cancelled),
            r = tokio::time::timeout_at(deadline.into(), connector.connect(server_name, recorder)) => r,
        };
        let now = OffsetDateTime::now_utc();
        let (chain, verdict) = match ctx.observed.lock() {
            Ok(seen) => (
                seen.chain
                    .iter()
                    .filter_map(|c| tls::parse_cert(c, now))
                    .collect::<Vec<_>>(),
                seen.verdict.clone(),
            ),
            Err(_) => (Vec::new(), None),
        };
        let mut info = TlsInfo {
            via,
            established: false,
            protocol: None,
            cipher_suite: None,
            sni,
            checked_name: self.target.host.clone(),
            chain,
            verification: verdict.clone(),
            accepted_invalid: false,
            error: None,
        };
        match result {
            Ok(Ok(stream)) => {
                let (_, client) = stream.get_ref();
                info.established = true;
                info.protocol = client.protocol_version().map(tls::protocol_name);
                info.cipher_suite = client
                    .negotiated_cipher_suite()
                    .map(|s| format!("{:?}", s.suite()));
                info.accepted_invalid = verdict.as_ref().is_some_and(|v| !v.valid);
                self.info(Remark::TlsEstablished {
                    protocol: info.protocol.clone(),
                    cipher_suite: info.cipher_suite.clone(),
                });
                self.show_chain(&info.chain);
                match &verdict {
                    Some(v) if v.valid => self.info(Remark::CertificateVerified),
                    Some(v) => self.remark(
                        Direction::Warning,
                        Remark::CertificateAccepted {
                            problem: v.problem.clone(),
                        },
                        Vec::new(),
                    ),
                    None => {}
                }
                self.emit(Event::Tls(info));
                link.conn = Conn::Tls(Box::new(stream));
                // The user's override, when it was needed: the certificate's cause.
                Ok(verdict.filter(|v| !v.valid).map(|v| {
                    v.problem
                        .as_ref()
                        .map_or(Cause::CertificateUntrusted, CertProblem::cause)
                }))
            }
            Ok(Err(err)) => {
                let seen = first_bytes.lock().map(|b| b.clone()).unwrap_or_default();
                // An invalid certificate the user accepts went past the verifier: what stopped
                // the handshake is something else, which the cause must name.
                let overridden = ctx.accept_invalid && verdict.as_ref().is_some_and(|v| !v.valid);
                info.accepted_invalid = overridden;
                let cause = if overridden {
                    handshake_cause(&err, &seen, None, via)
                } else {
                    handshake_cause(&err, &seen, verdict.as_ref(), via)
                };
                // A key too weak for today's TLS is the reason whatever else was accepted.
                let cause = match info.chain.first().map(|c| &c.key) {
                    Some(KeyInfo::Rsa { bits }) if *bits < tls::MIN_RSA_BITS => {
                        Cause::CertificateKeyTooWeak
                    }
                    _ => cause,
                };
                if looks_like_smtp(&seen) {
                    // What the plain-text server said, one transcript line (and marker) per line.
                    for raw in seen.split_inclusive(|b| *b == b'\n') {
                        let shown = String::from_utf8_lossy(raw).trim_end().to_string();
                        self.line(Direction::Received, false, raw.to_vec(), shown);
                    }
                }
                // The chain is part of the finding, also when the handshake failed.
                self.show_chain(&info.chain);
                let failure = TransportFailure::io(cause, &err);
                info.error = Some(failure.clone());
                self.emit(Event::Tls(info));
                Err(Failure::Tls(failure))
            }
            Err(_) => {
                info.error = Some(TransportFailure {
                    cause: Cause::Timeout,
                    io_kind: Some(format!("{:?}", std::io::ErrorKind::TimedOut)),
                    detail: String::new(),
                });
                self.emit(Event::Tls(info));
                Err(Failure::HandshakeTimeout {
                    limit_ms: u64::try_from(self.timeouts.tls.as_millis()).unwrap_or(u64::MAX),
                })
            }
        }
    }

    /// Runs the session's outputs until it finishes: one loop, reading from the connection and
    /// waking the session at its deadline as needed.
    async fn pump(&mut self, session: &mut Session, link: &mut Link) -> Outcome {
        let mut buf = vec![0u8; 16 * 1024];
        let mut received_any = false;
        loop {
            while let Some(output) = session.poll_output() {
                match output {
                    Output::Send { wire, log } => {
                        let tls = link.conn.is_tls();
                        for line in log {
                            self.emit(Event::Line(TranscriptLine {
                                at: OffsetDateTime::now_utc(),
                                elapsed_ms: self.elapsed_ms(),
                                direction: Direction::Sent,
                                tls,
                                raw: RawBytes(line.raw),
                                text: line.text,
                                remark: None,
                                elided: line.elided,
                                aside: line.aside,
                                reply: None,
                            }));
                        }
                        let deadline = session.poll_timeout();
                        let result = tokio::select! {
                            () = self.cancel.cancelled() => Err(Failure::Cancelled),
                            () = sleep_until(deadline) => {
                                session.handle_timeout(Instant::now());
                                Ok(())
                            }
                            r = link.conn.write_all(&wire) => r.map_err(|err| {
                                Failure::Io(TransportFailure::io(Cause::ConnectionReset, &err))
                            }),
                        };
                        self.last_write = Instant::now();
                        if let Err(failure) = result {
                            session.handle_failure(failure);
                        }
                    }
                    Output::Received { reply, answered } => {
                        let tls = link.conn.is_tls();
                        let latency = self.last_write.elapsed();
                        let latency_ms = u64::try_from(latency.as_millis()).unwrap_or(u64::MAX);
                        let latency_us = u64::try_from(latency.as_micros()).unwrap_or(u64::MAX);
                        if !self.transcript {
                            self.emit(Event::Timing {
                                answered: answered.context(),
                                code: reply.code,
                                latency_us,
                            });
                            continue;
                        }
                        let count = reply.lines.len();
                        for (i, l) in reply.lines.iter().enumerate() {
                            let text = String::from_utf8_lossy(
                                l.raw
                                    .strip_suffix(b"\r\n")
                                    .or_else(|| l.raw.strip_suffix(b"\n"))
                                    .unwrap_or(&l.raw),
                            )
                            .into_owned();
                            let reply_event = (i + 1 == count).then(|| ReplyEvent {
                                reply: reply.clone(),
                                answered: answered.clone(),
                                latency_ms,
                                latency_us,
                            });
                            self.emit(Event::Line(TranscriptLine {
                                at: OffsetDateTime::now_utc(),
                                elapsed_ms: self.elapsed_ms(),
                                direction: Direction::Received,
                                tls,
                                raw: RawBytes(l.raw.clone()),
                                text,
                                remark: None,
                                elided: None,
                                aside: None,
                                reply: reply_event,
                            }));
                        }
                    }
                    Output::Note(note) => {
                        let direction = match note.level() {
                            NoteLevel::Info => Direction::Info,
                            NoteLevel::Warning => Direction::Warning,
                            NoteLevel::Error => Direction::Error,
                        };
                        self.remark(direction, Remark::Session(note), Vec::new());
                    }
                    Output::StageChanged(stage) => self.emit(Event::StageChanged {
                        stage,
                        elapsed_ms: self.elapsed_ms(),
                    }),
                    Output::StartTls => {
                        let mut injected = session.take_injected();
                        injected.extend(link.conn.try_take_waiting());
                        if !injected.is_empty() {
                            // RFC 3207 5: such bytes must be discarded; they show a buggy server
                            // or an attack.
                            self.remark(
                                Direction::Warning,
                                Remark::Injected {
                                    count: injected.len(),
                                },
                                injected,
                            );
                        }
                        let deadline = session
                            .poll_timeout()
                            .unwrap_or_else(|| Instant::now() + self.timeouts.tls);
                        match self.handshake(link, TlsVia::Starttls, deadline).await {
                            Ok(overridden) => {
                                if let Some(cause) = overridden {
                                    session.handle_certificate_accepted(cause);
                                }
                                session.handle_tls_established(Instant::now());
                            }
                            Err(failure) => session.handle_failure(failure),
                        }
                    }
                    Output::Close => link.conn.shutdown().await,
                    Output::TransactionDone(outcome) => {
                        self.emit(Event::Transaction(outcome));
                        // The next transaction's commands follow: they wait for their turn.
                        if let Some(pacer) = &self.pacer {
                            pacer.turn(&self.cancel).await;
                        }
                    }
                    Output::Finished(outcome) => {
                        link.conn.shutdown().await;
                        self.emit(Event::Finished(outcome.clone()));
                        return *outcome;
                    }
                }
            }
            if let Some(outcome) = session.outcome() {
                // Finished is queued before the session is done, so this only guards the loop.
                let outcome = outcome.clone();
                self.emit(Event::Finished(Box::new(outcome.clone())));
                return outcome;
            }
            let greeting_due = session.awaiting() == Some(&Answered::Greeting);
            let deadline = session.poll_timeout();
            let read = tokio::select! {
                () = self.cancel.cancelled() => Err(Failure::Cancelled),
                () = sleep_until(deadline) => {
                    session.handle_timeout(Instant::now());
                    continue;
                }
                r = link.conn.read(&mut buf) => match r {
                    Ok(0) => Err(Failure::Closed),
                    Ok(n) => Ok(n),
                    Err(err) => Err(Failure::Io(TransportFailure::io(Cause::ConnectionReset, &err))),
                },
            };
            match read {
                Ok(n) => {
                    let bytes = &buf[..n];
                    if !received_any && greeting_due && is_tls_record(bytes) {
                        // TLS where a plain-text greeting is due: the port expects implicit TLS.
                        session.handle_failure(Failure::Tls(TransportFailure::new(
                            Cause::ImplicitTlsPort,
                            String::new(),
                        )));
                        continue;
                    }
                    received_any = true;
                    session.handle_bytes(Instant::now(), bytes);
                }
                Err(failure) => session.handle_failure(failure),
            }
        }
    }
}

/// Sleeps until `deadline`, or forever without one.
async fn sleep_until(deadline: Option<Instant>) {
    match deadline {
        Some(at) => tokio::time::sleep_until(at.into()).await,
        None => std::future::pending().await,
    }
}

/// A TLS record header: handshake (22) or alert (21), version 3.x.
fn is_tls_record(bytes: &[u8]) -> bool {
    bytes.len() >= 2 && (bytes[0] == 0x16 || bytes[0] == 0x15) && bytes[1] == 0x03
}

/// Three digits then a space, '-' or line end: an SMTP reply.
fn looks_like_smtp(bytes: &[u8]) -> bool {
    bytes.len() >= 4
        && bytes[..3].iter().all(u8::is_ascii_digit)
        && matches!(bytes[3], b' ' | b'-' | b'\r' | b'\n')
}

/// The cause of a failed handshake, from what the server sent first, the verifier's finding and
/// the TLS library's error.
fn handshake_cause(
    err: &std::io::Error,
    first: &[u8],
    verdict: Option<&CertVerdict>,
    via: TlsVia,
) -> Cause {
    if via == TlsVia::Implicit && looks_like_smtp(first) {
        // A plain-text greeting where a TLS handshake was expected.
        return Cause::WrongSecurityMode;
    }
    let closed = matches!(
        err.kind(),
        std::io::ErrorKind::UnexpectedEof
            | std::io::ErrorKind::ConnectionReset
            | std::io::ErrorKind::ConnectionAborted
    );
    // A close with our ClientHello still unread arrives as a reset rather than an end of stream.
    if first.is_empty() && closed {
        // Not one byte of TLS came back before the server closed: it agreed to TLS (or listens
        // for it) but cannot do it, e.g. it has no certificate or cannot read its key.
        return Cause::TlsClosedByServer;
    }
    if let Some(v) = verdict
        && !v.valid
    {
        return v
            .problem
            .as_ref()
            .map_or(Cause::CertificateUntrusted, CertProblem::cause);
    }
    let lower = err.to_string().to_ascii_lowercase();
    if lower.contains("protocolversion") || lower.contains("protocol version") {
        Cause::TlsProtocolMismatch
    } else {
        Cause::TlsHandshakeFailed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_parse_with_default_ports_and_literals() {
        let cases: &[(&str, Security, &str, u16)] = &[
            (
                "mail.example.com",
                Security::StartTlsRequired,
                "mail.example.com",
                587,
            ),
            (
                "mail.example.com:2525",
                Security::None,
                "mail.example.com",
                2525,
            ),
            (
                "smtp.example.com",
                Security::ImplicitTls,
                "smtp.example.com",
                465,
            ),
            ("smtp.example.com", Security::None, "smtp.example.com", 25),
            ("[::1]:25", Security::None, "::1", 25),
            ("::1", Security::ImplicitTls, "::1", 465),
            ("127.0.0.1:10025", Security::None, "127.0.0.1", 10025),
        ];
        for (text, security, host, port) in cases {
            let t = Target::parse(text, *security).unwrap();
            assert_eq!((t.host.as_str(), t.port), (*host, *port), "{text}");
        }
    }

    #[test]
    fn bad_targets_are_refused_with_the_reason() {
        let cases: &[(&str, &str)] = &[
            ("", "no server given"),
            ("host:0", "'0' is not a port number"),
            ("host:99999", "'99999' is not a port number"),
            ("host:abc", "'abc' is not a port number"),
            ("[::1", "no closing ']'"),
            ("[::1]x", "unexpected text after ']': x"),
            ("ho\r\nst", "a carriage return (CR)"),
            ("bad_host!:25", "'!' is not allowed in a domain"),
        ];
        for (text, expected) in cases {
            let err = Target::parse(text, Security::None).unwrap_err().to_string();
            assert!(err.contains(expected), "{text:?}: {err}");
        }
    }

    #[test]
    fn tls_records_and_smtp_replies_are_told_apart() {
        assert!(is_tls_record(&[0x15, 0x03, 0x03, 0x00, 0x02]));
        assert!(is_tls_record(&[0x16, 0x03, 0x01]));
        assert!(!is_tls_record(b"220 ready\r\n"));
        assert!(looks_like_smtp(b"220 mail.example.test ESMTP\r\n"));
        assert!(looks_like_smtp(b"220-hello\r\n"));
        assert!(!looks_like_smtp(&[0x16, 0x03, 0x03, 0x00]));
    }
}
