//! The tokio driver: resolves the host, connects (trying every address), does TLS, pumps the
//! sans-IO `proto::Session`, enforces a timeout per phase, honours cancel, and reports every line
//! as an `Event`.
//!
//! This is the only layer that knows tokio and sockets. It never interprets a reply itself: the
//! session decides, the engine carries bytes and time.

pub mod conn;
pub mod event;
pub mod tls;

use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rustls::pki_types::ServerName;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;

use crate::proto::session::{
    Failure, NoteLevel, Outcome, Output, ReplyContext, Security, Session, SessionPlan,
};
use conn::{Conn, Recorder};
pub use event::{
    CancelToken, Direction, Event, EventSender, RawBytes, ReplyEvent, TranscriptLine, channel,
};
pub use tls::{CertInfo, CertVerdict, TlsInfo, TlsOptions};

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
        crate::proto::command::check_value("server", text).map_err(|e| TargetError::Invalid {
            text: text.escape_debug().to_string(),
            reason: e.to_string(),
        })?;
        let default = security.default_port();
        let (host, port) = if let Some(rest) = text.strip_prefix('[') {
            let Some((host, after)) = rest.split_once(']') else {
                return Err(TargetError::Invalid {
                    text: text.to_string(),
                    reason: String::from("an opening '[' has no closing ']'"),
                });
            };
            let port = match after.strip_prefix(':') {
                Some(p) => parse_port(p, text)?,
                None if after.is_empty() => default,
                None => {
                    return Err(TargetError::Invalid {
                        text: text.to_string(),
                        reason: format!("unexpected text after ']': {after}"),
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
            crate::proto::command::check_domain("server", &host).map_err(|e| {
                TargetError::Invalid {
                    text: text.to_string(),
                    reason: e.to_string(),
                }
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
            reason: format!("'{port}' is not a port number (1 to 65535)"),
        }),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    #[error("no server given: name a host, e.g. mail.example.com:587")]
    Empty,
    #[error(
        "the server \"{text}\" is not valid: {reason}; write it as HOST, HOST:PORT or [IPv6]:PORT"
    )]
    Invalid { text: String, reason: String },
}

/// A timeout for each phase. A tester wants an answer soon, so the defaults are short.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Timeouts {
    #[serde(with = "secs")]
    pub connect: Duration,
    #[serde(with = "secs")]
    pub greeting: Duration,
    #[serde(with = "secs")]
    pub tls: Duration,
    /// Any other command's reply.
    #[serde(with = "secs")]
    pub command: Duration,
    /// Sending the message and waiting for the reply to its end (RFC 5321 4.5.3.2.6 allows 10
    /// minutes; a tester waits less).
    #[serde(with = "secs")]
    pub data: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(10),
            greeting: Duration::from_secs(30),
            tls: Duration::from_secs(15),
            command: Duration::from_secs(30),
            data: Duration::from_secs(120),
        }
    }
}

impl Timeouts {
    /// The same limit for every phase.
    pub fn all(limit: Duration) -> Timeouts {
        Timeouts {
            connect: limit,
            greeting: limit,
            tls: limit,
            command: limit,
            data: limit,
        }
    }

    fn for_reply(&self, context: Option<ReplyContext>) -> Duration {
        match context {
            Some(ReplyContext::Greeting) => self.greeting,
            Some(ReplyContext::EndOfData | ReplyContext::Bdat) => self.data,
            _ => self.command,
        }
    }
}

mod secs {
    use serde::{Deserialize, Deserializer, Serializer};
    use std::time::Duration;

    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(d.as_secs_f64())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        let v = f64::deserialize(d)?;
        if !(0.0..=86_400.0).contains(&v) {
            return Err(serde::de::Error::custom(
                "a timeout must be between 0 and 86400 seconds",
            ));
        }
        Ok(Duration::from_secs_f64(v))
    }
}

/// Everything one session needs.
#[derive(Debug, Clone)]
pub struct SessionRequest {
    pub target: Target,
    pub plan: SessionPlan,
    pub tls: TlsOptions,
    pub timeouts: Timeouts,
}

/// Runs one session to its end and returns the outcome (also sent as the last event).
pub async fn run(request: SessionRequest, events: EventSender, cancel: CancelToken) -> Outcome {
    let mut driver = Driver {
        events,
        cancel,
        started: Instant::now(),
        last_write: Instant::now(),
        timeouts: request.timeouts,
        target: request.target.clone(),
        security: request.plan.security,
        cause: None,
    };
    driver.drive(request).await
}

struct Driver {
    events: EventSender,
    cancel: CancelToken,
    started: Instant,
    last_write: Instant,
    timeouts: Timeouts,
    target: Target,
    security: Security,
    /// The cause id of a transport failure, more precise than the session can know.
    cause: Option<&'static str>,
}

/// How an attempt to get a connection ended, other than with one.
enum ConnectEnd {
    Failed(Failure),
}

impl Driver {
    fn elapsed_ms(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    fn line(&self, direction: Direction, tls: bool, raw: Vec<u8>, text: String) {
        self.events.send(Event::Line(TranscriptLine {
            at: OffsetDateTime::now_utc(),
            elapsed_ms: self.elapsed_ms(),
            direction,
            tls,
            raw: RawBytes(raw),
            text,
            reply: None,
        }));
    }

    fn info(&self, text: String) {
        self.line(Direction::Info, false, Vec::new(), text);
    }

    fn error(&self, text: String) {
        self.line(Direction::Error, false, Vec::new(), text);
    }

    async fn drive(&mut self, request: SessionRequest) -> Outcome {
        let mut session = Session::new(request.plan.clone());
        self.info(format!(
            "{} {}: {} with {}",
            env!("CARGO_PKG_NAME"),
            env!("CARGO_PKG_VERSION"),
            self.target,
            self.security.describe()
        ));
        if let Err(err) = request.plan.validate() {
            self.error(err.to_string());
            // Nothing was sent: the plan never reaches the server.
            session.handle_failure(Failure::Connect(format!("not started: {err}")));
            return self
                .pump_until_finished(&mut session, &mut Conn::Gone)
                .await;
        }
        let (config, observed) = match tls::client_config(&request.tls) {
            Ok(c) => c,
            Err(err) => {
                session.handle_failure(Failure::Tls(err.to_string()));
                return self
                    .pump_until_finished(&mut session, &mut Conn::Gone)
                    .await;
            }
        };
        let tcp = match self.connect().await {
            Ok(tcp) => tcp,
            Err(ConnectEnd::Failed(failure)) => {
                session.handle_failure(failure);
                return self
                    .pump_until_finished(&mut session, &mut Conn::Gone)
                    .await;
            }
        };
        let local = tcp.local_addr().ok();
        let literal = match local.map(|a| a.ip()) {
            Some(IpAddr::V4(ip)) => format!("[{ip}]"),
            Some(IpAddr::V6(ip)) => format!("[IPv6:{ip}]"),
            None => String::from("[127.0.0.1]"),
        };
        let mut conn = Conn::Plain(tcp);
        let tls_ctx = TlsContext { config, observed };
        if self.security == Security::ImplicitTls {
            match self.handshake(&mut conn, &tls_ctx, "implicit").await {
                Ok(()) => {}
                Err(failure) => {
                    session.handle_failure(failure);
                    return self.pump_until_finished(&mut session, &mut conn).await;
                }
            }
        }
        session.handle_connected(&literal, conn.is_tls());
        self.pump(&mut session, &mut conn, &tls_ctx).await
    }

    /// Resolves the host and tries each address in turn.
    async fn connect(&mut self) -> Result<TcpStream, ConnectEnd> {
        let addresses: Vec<SocketAddr> = match self.target.host.parse::<IpAddr>() {
            Ok(ip) => vec![SocketAddr::new(ip, self.target.port)],
            Err(_) => {
                self.info(format!("resolving {}", self.target.host));
                let lookup = tokio::net::lookup_host((self.target.host.as_str(), self.target.port));
                let result = tokio::select! {
                    () = self.cancel.cancelled() => return Err(ConnectEnd::Failed(Failure::Cancelled)),
                    r = tokio::time::timeout(self.timeouts.connect, lookup) => r,
                };
                match result {
                    Err(_) => {
                        self.cause = Some("name-not-found");
                        return Err(ConnectEnd::Failed(Failure::Timeout {
                            waiting_for: format!("the name {} to resolve", self.target.host),
                        }));
                    }
                    Ok(Err(err)) => {
                        self.cause = Some("name-not-found");
                        return Err(ConnectEnd::Failed(Failure::Connect(format!(
                            "cannot resolve {}: {err}; check the spelling of the server name and this machine's DNS",
                            self.target.host
                        ))));
                    }
                    Ok(Ok(iter)) => {
                        let mut list: Vec<SocketAddr> = Vec::new();
                        for a in iter {
                            if !list.contains(&a) {
                                list.push(a);
                            }
                        }
                        list
                    }
                }
            }
        };
        if addresses.is_empty() {
            self.cause = Some("no-address");
            return Err(ConnectEnd::Failed(Failure::Connect(format!(
                "{} has no address; check the server name",
                self.target.host
            ))));
        }
        self.events.send(Event::Resolved {
            host: self.target.host.clone(),
            addresses: addresses.iter().map(|a| a.ip().to_string()).collect(),
        });
        if self.target.host.parse::<IpAddr>().is_err() {
            let list: Vec<String> = addresses.iter().map(|a| a.ip().to_string()).collect();
            self.info(format!(
                "{} has {} address{}: {}",
                self.target.host,
                list.len(),
                if list.len() == 1 { "" } else { "es" },
                list.join(", ")
            ));
        }
        let mut failures = Vec::new();
        for addr in &addresses {
            self.info(format!("trying {addr}"));
            let attempt = tokio::select! {
                () = self.cancel.cancelled() => return Err(ConnectEnd::Failed(Failure::Cancelled)),
                r = tokio::time::timeout(self.timeouts.connect, TcpStream::connect(addr)) => r,
            };
            match attempt {
                Ok(Ok(tcp)) => {
                    let local = tcp
                        .local_addr()
                        .map(|a| a.to_string())
                        .unwrap_or_else(|_| String::from("unknown"));
                    self.info(format!("connected to {addr} from {local}"));
                    self.events.send(Event::Connected {
                        peer: addr.to_string(),
                        local,
                    });
                    let _ = tcp.set_nodelay(true);
                    return Ok(tcp);
                }
                Ok(Err(err)) => {
                    self.cause = Some(match err.kind() {
                        std::io::ErrorKind::ConnectionRefused => "connection-refused",
                        std::io::ErrorKind::TimedOut => "connection-timeout",
                        std::io::ErrorKind::ConnectionReset => "connection-reset",
                        _ => "connection-refused",
                    });
                    let text = describe_connect_error(&err);
                    self.error(format!("{addr}: {text}"));
                    failures.push(format!("{addr}: {text}"));
                }
                Err(_) => {
                    let text = format!(
                        "no answer within {} s (a firewall may drop the packets; outbound port 25 is often blocked: try 587 or 465)",
                        self.timeouts.connect.as_secs_f64()
                    );
                    self.error(format!("{addr}: {text}"));
                    self.cause = Some("port-blocked");
                    failures.push(format!("{addr}: timed out"));
                }
            }
        }
        // With one address that is the target itself, naming it twice says nothing.
        let target = self.target.to_string();
        let joined = match failures.as_slice() {
            [only] => only
                .strip_prefix(&format!("{target}: "))
                .unwrap_or(only)
                .to_string(),
            _ => failures.join("; "),
        };
        Err(ConnectEnd::Failed(Failure::Connect(format!(
            "could not connect to {target}: {joined}"
        ))))
    }

    async fn handshake(
        &mut self,
        conn: &mut Conn,
        ctx: &TlsContext,
        via: &str,
    ) -> Result<(), Failure> {
        let Conn::Plain(tcp) = std::mem::replace(conn, Conn::Gone) else {
            return Err(Failure::Tls(String::from("TLS is already active")));
        };
        let (sni, server_name) = match self.target.host.parse::<IpAddr>() {
            Ok(ip) => (None, ServerName::IpAddress(ip.into())),
            Err(_) => match ServerName::try_from(self.target.host.clone()) {
                Ok(name) => (Some(self.target.host.clone()), name),
                Err(err) => {
                    return Err(Failure::Tls(format!(
                        "{} cannot be used as a TLS server name: {err}",
                        self.target.host
                    )));
                }
            },
        };
        if let Ok(mut seen) = ctx.observed.lock() {
            *seen = tls::Observed::default();
        }
        self.info(format!(
            "TLS handshake ({via}){}",
            sni.as_ref()
                .map(|s| format!(", SNI {s}"))
                .unwrap_or_default()
        ));
        let (recorder, first_bytes) = Recorder::new(tcp);
        let connector = TlsConnector::from(ctx.config.clone());
        let result = tokio::select! {
            () = self.cancel.cancelled() => return Err(Failure::Cancelled),
            r = tokio::time::timeout(self.timeouts.tls, connector.connect(server_name, recorder)) => r,
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
            via: via.to_string(),
            established: false,
            protocol: None,
            cipher_suite: None,
            sni: sni.clone(),
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
                self.info(format!(
                    "TLS established: {}, {}",
                    info.protocol
                        .clone()
                        .unwrap_or_else(|| String::from("unknown protocol")),
                    info.cipher_suite
                        .clone()
                        .unwrap_or_else(|| String::from("unknown cipher"))
                ));
                for (i, cert) in info.chain.iter().enumerate() {
                    self.info(format!("certificate {i}: {}", cert.summary()));
                    self.info(format!("certificate {i} SHA-256 {}", cert.sha256));
                }
                match &verdict {
                    Some(v) if v.valid => self.info(format!("certificate verified: {}", v.reason)),
                    Some(v) => self.line(
                        Direction::Warning,
                        false,
                        Vec::new(),
                        format!(
                            "certificate NOT valid ({}): {}; going on only because invalid certificates are accepted for this test",
                            v.code, v.reason
                        ),
                    ),
                    None => {}
                }
                self.events.send(Event::Tls(info));
                *conn = Conn::Tls(Box::new(stream));
                Ok(())
            }
            Ok(Err(err)) => {
                let seen = first_bytes.lock().map(|b| b.clone()).unwrap_or_default();
                let (cause, text) = explain_handshake_error(&err, &seen, verdict.as_ref(), via);
                self.cause = Some(cause);
                if looks_like_smtp(&seen) {
                    let shown = String::from_utf8_lossy(&seen).trim_end().to_string();
                    self.line(Direction::Received, false, seen.clone(), shown);
                }
                info.error = Some(text.clone());
                self.events.send(Event::Tls(info));
                Err(Failure::Tls(text))
            }
            Err(_) => {
                info.error = Some(String::from("timed out"));
                self.events.send(Event::Tls(info));
                Err(Failure::Timeout {
                    waiting_for: String::from("the TLS handshake"),
                })
            }
        }
    }

    /// Runs the session's outputs until it finishes, reading from the connection as needed.
    async fn pump(
        &mut self,
        session: &mut Session,
        conn: &mut Conn,
        tls_ctx: &TlsContext,
    ) -> Outcome {
        let mut buf = vec![0u8; 16 * 1024];
        let mut received_any = false;
        loop {
            while let Some(output) = session.poll_output() {
                match output {
                    Output::Send { wire, log } => {
                        let tls = conn.is_tls();
                        for line in log {
                            self.line(Direction::Sent, tls, line.raw, line.text);
                        }
                        let limit = if wire.len() > 4096 {
                            self.timeouts.data
                        } else {
                            self.timeouts.command
                        };
                        let result = tokio::select! {
                            () = self.cancel.cancelled() => Err(Failure::Cancelled),
                            r = tokio::time::timeout(limit, conn.write_all(&wire)) => match r {
                                Ok(Ok(())) => Ok(()),
                                Ok(Err(err)) => Err(Failure::Io(format!("cannot send to the server: {err}"))),
                                Err(_) => Err(Failure::Timeout { waiting_for: String::from("the server to take our data") }),
                            },
                        };
                        self.last_write = Instant::now();
                        if let Err(failure) = result {
                            session.handle_failure(failure);
                        }
                    }
                    Output::Received { reply, answered } => {
                        let tls = conn.is_tls();
                        let latency_ms = u64::try_from(self.last_write.elapsed().as_millis())
                            .unwrap_or(u64::MAX);
                        let count = reply.lines.len();
                        let challenge = reply.code == 334 && answered.context == ReplyContext::Auth;
                        for (i, l) in reply.lines.iter().enumerate() {
                            let mut text = String::from_utf8_lossy(
                                l.raw
                                    .strip_suffix(b"\r\n")
                                    .or_else(|| l.raw.strip_suffix(b"\n"))
                                    .unwrap_or(&l.raw),
                            )
                            .into_owned();
                            if challenge {
                                // RFC 4954 4: the challenge is base64; show what it says.
                                let decoded = crate::proto::auth::decode_challenge(&l.text);
                                text.push_str(&format!("  [decoded: {decoded}]"));
                            }
                            let reply_event = (i + 1 == count).then(|| ReplyEvent {
                                reply: reply.clone(),
                                answered: answered.clone(),
                                latency_ms,
                            });
                            self.events.send(Event::Line(TranscriptLine {
                                at: OffsetDateTime::now_utc(),
                                elapsed_ms: self.elapsed_ms(),
                                direction: Direction::Received,
                                tls,
                                raw: RawBytes(l.raw.clone()),
                                text,
                                reply: reply_event,
                            }));
                        }
                    }
                    Output::Note(note) => {
                        let direction = match note.level {
                            NoteLevel::Info => Direction::Info,
                            NoteLevel::Warning => Direction::Warning,
                            NoteLevel::Error => Direction::Error,
                        };
                        self.line(direction, false, Vec::new(), note.text);
                    }
                    Output::StageChanged(stage) => self.events.send(Event::StageChanged {
                        stage,
                        elapsed_ms: self.elapsed_ms(),
                    }),
                    Output::StartTls => {
                        let mut injected = session.take_injected();
                        injected.extend(conn.try_take_waiting());
                        if !injected.is_empty() {
                            // RFC 3207 5: such bytes must be discarded; they show a buggy server or an attack.
                            self.line(
                                Direction::Warning,
                                false,
                                injected.clone(),
                                format!(
                                    "the server sent {} bytes after its 220 to STARTTLS and before the handshake (possible command injection, RFC 3207 5); discarded: {}",
                                    injected.len(),
                                    String::from_utf8_lossy(&injected).escape_debug()
                                ),
                            );
                        }
                        match self.handshake(conn, tls_ctx, "starttls").await {
                            Ok(()) => session.handle_tls_established(),
                            Err(failure) => session.handle_failure(failure),
                        }
                    }
                    Output::Close => conn.shutdown().await,
                    Output::Finished(mut outcome) => {
                        if let Some(cause) = self.cause {
                            outcome.cause = Some(cause.to_string());
                        }
                        self.events.send(Event::Finished(Box::new(outcome.clone())));
                        return outcome;
                    }
                }
            }
            if session.is_done() {
                // Finished was already drained; cannot happen, but never spin.
                return self.fallback_outcome(session);
            }
            let awaiting = session.awaiting();
            let limit = self.timeouts.for_reply(awaiting);
            let read = tokio::select! {
                () = self.cancel.cancelled() => Err(Failure::Cancelled),
                r = tokio::time::timeout(limit, conn.read(&mut buf)) => match r {
                    Err(_) => Err(Failure::Timeout { waiting_for: self.timeout_subject(session, received_any) }),
                    Ok(Ok(0)) => Err(Failure::Closed),
                    Ok(Ok(n)) => Ok(n),
                    Ok(Err(err)) => Err(Failure::Io(describe_read_error(&err))),
                },
            };
            match read {
                Ok(n) => {
                    let bytes = &buf[..n];
                    if !received_any
                        && awaiting == Some(ReplyContext::Greeting)
                        && is_tls_record(bytes)
                    {
                        session.handle_failure(Failure::Tls(String::from(
                            "the server answered with TLS where a plain-text greeting was expected: this port uses implicit TLS; use security mode tls (implicit TLS, usually port 465)",
                        )));
                        continue;
                    }
                    received_any = true;
                    session.handle_bytes(bytes);
                }
                Err(failure) => session.handle_failure(failure),
            }
        }
    }

    fn timeout_subject(&self, session: &Session, received_any: bool) -> String {
        let waiting = session.waiting_for();
        if !received_any
            && session.awaiting() == Some(ReplyContext::Greeting)
            && self.security != Security::ImplicitTls
        {
            format!(
                "{waiting} (the server sent nothing: if this port expects implicit TLS, as 465 usually does, use security mode tls)"
            )
        } else {
            waiting
        }
    }

    async fn pump_until_finished(&mut self, session: &mut Session, conn: &mut Conn) -> Outcome {
        while let Some(output) = session.poll_output() {
            match output {
                Output::Note(note) => {
                    let direction = match note.level {
                        NoteLevel::Info => Direction::Info,
                        NoteLevel::Warning => Direction::Warning,
                        NoteLevel::Error => Direction::Error,
                    };
                    self.line(direction, false, Vec::new(), note.text);
                }
                Output::Finished(mut outcome) => {
                    if let Some(cause) = self.cause {
                        outcome.cause = Some(cause.to_string());
                    }
                    conn.shutdown().await;
                    self.events.send(Event::Finished(Box::new(outcome.clone())));
                    return outcome;
                }
                Output::Close => conn.shutdown().await,
                _ => {}
            }
        }
        self.fallback_outcome(session)
    }

    fn fallback_outcome(&self, session: &mut Session) -> Outcome {
        session.handle_failure(Failure::Io(String::from(
            "the session ended without a result",
        )));
        while let Some(output) = session.poll_output() {
            if let Output::Finished(outcome) = output {
                self.events.send(Event::Finished(Box::new(outcome.clone())));
                return outcome;
            }
        }
        // The session always emits Finished after a failure; this keeps the type honest.
        Outcome {
            verdict: crate::proto::Verdict::ConnectionLost,
            summary: String::from("the session ended without a result"),
            deciding_stage: crate::proto::Stage::Connect,
            deciding_reply: None,
            stages: Vec::new(),
            recipients: Vec::new(),
            capabilities: None,
            tls: false,
            auth_mechanism: None,
            message_size: None,
            used_pipelining: false,
            used_chunking: false,
            cause: self.cause.map(String::from),
        }
    }
}

struct TlsContext {
    config: Arc<rustls::ClientConfig>,
    observed: Arc<Mutex<tls::Observed>>,
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

fn explain_handshake_error(
    err: &std::io::Error,
    first: &[u8],
    verdict: Option<&CertVerdict>,
    via: &str,
) -> (&'static str, String) {
    if via == "implicit" && looks_like_smtp(first) {
        return (
            "wrong-security-mode",
            String::from(
                "the server sent a plain-text SMTP greeting where a TLS handshake was expected: this port speaks plain SMTP; use security mode starttls (or none)",
            ),
        );
    }
    if let Some(v) = verdict
        && !v.valid
    {
        let cause = match v.code.as_str() {
            "expired" => "certificate-expired",
            "not-yet-valid" => "certificate-not-yet-valid",
            "self-signed" => "certificate-self-signed",
            "wrong-host-name" => "certificate-wrong-host",
            _ => "certificate-untrusted",
        };
        return (
            cause,
            format!(
                "the server's certificate is not valid ({}): {}; fix the certificate, or to test anyway accept invalid certificates (--insecure)",
                v.code, v.reason
            ),
        );
    }
    let text = err.to_string();
    let lower = text.to_ascii_lowercase();
    if lower.contains("protocolversion") || lower.contains("protocol version") {
        (
            "tls-protocol-mismatch",
            format!(
                "TLS handshake failed: no TLS version in common (this client speaks TLS 1.2 and 1.3): {text}"
            ),
        )
    } else if lower.contains("handshakefailure") || lower.contains("handshake failure") {
        (
            "tls-handshake-failed",
            format!(
                "TLS handshake failed: the server refused our offer, most likely no cipher suite in common: {text}"
            ),
        )
    } else if lower.contains("eof") || lower.contains("reset") {
        (
            "tls-handshake-failed",
            format!("the server closed the connection during the TLS handshake: {text}"),
        )
    } else {
        (
            "tls-handshake-failed",
            format!("TLS handshake failed: {text}"),
        )
    }
}

fn describe_connect_error(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::ConnectionRefused => String::from(
            "connection refused (nothing listens on that port, or a firewall rejects it; check the port and the security mode)",
        ),
        std::io::ErrorKind::HostUnreachable | std::io::ErrorKind::NetworkUnreachable => {
            format!("no route to the host ({err}); check this machine's network")
        }
        std::io::ErrorKind::TimedOut => String::from("the connection attempt timed out"),
        _ => err.to_string(),
    }
}

fn describe_read_error(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::ConnectionReset => String::from("the server reset the connection"),
        std::io::ErrorKind::ConnectionAborted => String::from("the connection was aborted"),
        _ => format!("cannot read from the server: {err}"),
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
        for text in [
            "",
            "host:0",
            "host:99999",
            "host:abc",
            "[::1",
            "ho\r\nst",
            "bad_host!:25",
        ] {
            let err = Target::parse(text, Security::None).unwrap_err().to_string();
            assert!(!err.is_empty(), "{text}");
        }
        let err = Target::parse("host:abc", Security::None)
            .unwrap_err()
            .to_string();
        assert!(err.contains("'abc' is not a port number"), "{err}");
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
