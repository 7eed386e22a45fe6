//! The probes of `detect`: every candidate host on every port and security mode (the matrix),
//! and each MX on port 25 with STARTTLS when offered. Each probe is one session of the engine
//! that stops after EHLO (plain text and implicit TLS) or after STARTTLS, connecting only to the
//! addresses `detect`'s resolver found; many run at once, each with short timeouts.
//!
//! Documentation addresses (RFC 5737, RFC 3849) and unspecified or multicast ones are never
//! connected to: no server can be there, so a cell with only such addresses is `NotRoutable`.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use rustls::pki_types::CertificateDer;
use serde::{Deserialize, Serialize};
use tokio::sync::Semaphore;

use super::dns::Dns;
use super::{Candidate, Mode, Source};
use crate::engine::{self, CancelToken, Event, SessionRequest, Target, TlsInfo, TlsOptions};
use crate::proto::session::{Answered, Outcome, Security, SessionPlan, StopAfter, Verdict};
use crate::proto::{Cause, Timeouts};

/// What a probe found, as a fact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "kebab-case")]
pub enum CellResult {
    /// The greeting, EHLO and (for the TLS modes) a handshake with a valid certificate passed.
    Works,
    /// Nothing accepts connections on the port (RFC 793 reset).
    Refused,
    /// No answer in time: the connection, the greeting or a reply.
    TimedOut,
    /// The TLS handshake failed, for this cause.
    TlsFailed { cause: Cause },
    /// The port speaks the other mode (TLS where plain text was expected, or the reverse).
    WrongMode,
    /// STARTTLS was asked for but the server's EHLO does not offer it (RFC 3207 4).
    StarttlsNotOffered,
    /// The server refused the greeting or EHLO with this code.
    Rejected { code: u16 },
    /// The host has no address.
    NoAddress,
    /// The host has only addresses no server can be at (documentation ranges): not probed.
    NotRoutable,
    /// Anything else, by its cause.
    Failed { cause: Option<Cause> },
}

impl CellResult {
    /// The id used in JSON (`works`, `refused`, `timed-out`, ...).
    pub fn id(&self) -> &'static str {
        match self {
            CellResult::Works => "works",
            CellResult::Refused => "refused",
            CellResult::TimedOut => "timed-out",
            CellResult::TlsFailed { .. } => "tls-failed",
            CellResult::WrongMode => "wrong-mode",
            CellResult::StarttlsNotOffered => "starttls-not-offered",
            CellResult::Rejected { .. } => "rejected",
            CellResult::NoAddress => "no-address",
            CellResult::NotRoutable => "not-routable",
            CellResult::Failed { .. } => "failed",
        }
    }
}

/// What a session showed of the server, besides how it ended.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seen {
    /// The address connected to.
    pub peer: Option<String>,
    /// The greeting's first line.
    pub greeting: Option<String>,
    /// The EHLO reply's first line (the server's name and greeting).
    pub ehlo: Option<String>,
    /// Whether EHLO offered STARTTLS (the last EHLO before TLS).
    pub starttls_offered: Option<bool>,
    /// The AUTH mechanisms offered (after TLS, when TLS was used).
    pub auth: Vec<String>,
    /// The TLS handshake's facts, when one was tried.
    pub tls: Option<TlsInfo>,
}

/// One cell of the matrix: a host, a port and a mode, and what the probe found.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Cell {
    pub host: String,
    pub port: u16,
    pub security: Mode,
    pub source: Source,
    pub result: CellResult,
    pub seen: Seen,
    /// The session's events: its transcript.
    pub events: Vec<Event>,
}

/// One MX host, probed on port 25 with STARTTLS when offered.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MxReport {
    pub host: String,
    pub preference: u16,
    pub addresses: Vec<IpAddr>,
    pub result: CellResult,
    pub seen: Seen,
    pub events: Vec<Event>,
}

/// How the probes run.
#[derive(Debug, Clone)]
pub struct ProbeOptions {
    pub extra_roots: Vec<CertificateDer<'static>>,
    /// The limit of each phase of a session.
    pub timeout: Duration,
    /// How many sessions run at once.
    pub parallel: usize,
}

/// False for addresses no server can be at: the documentation ranges (RFC 5737: 192.0.2.0/24,
/// 198.51.100.0/24, 203.0.113.0/24; RFC 3849: 2001:db8::/32), unspecified, broadcast and
/// multicast addresses.
pub fn routable(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            !(v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || (o[0], o[1], o[2]) == (192, 0, 2)
                || (o[0], o[1], o[2]) == (198, 51, 100)
                || (o[0], o[1], o[2]) == (203, 0, 113))
        }
        IpAddr::V6(v6) => {
            let s = v6.segments();
            !(v6.is_unspecified() || v6.is_multicast() || (s[0], s[1]) == (0x2001, 0x0db8))
        }
    }
}

/// One probe session and what it showed.
async fn session(
    host: &str,
    port: u16,
    security: Security,
    stop_after: StopAfter,
    addresses: Vec<IpAddr>,
    options: &ProbeOptions,
) -> (Outcome, Vec<Event>) {
    let mut plan = SessionPlan::new(security);
    plan.stop_after = stop_after;
    let timeouts = Timeouts::all(options.timeout);
    let request = SessionRequest {
        target: Target {
            host: host.to_string(),
            port,
        },
        plan,
        tls: TlsOptions {
            accept_invalid: false,
            extra_roots: options.extra_roots.clone(),
            resume: false,
        },
        timeouts,
        addresses,
        pacer: None,
    };
    let (tx, mut rx) = engine::channel(None);
    let outcome = engine::run(request, tx, CancelToken::new()).await;
    let mut events = Vec::new();
    while let Ok(event) = rx.try_recv() {
        events.push(event);
    }
    (outcome, events)
}

/// What the events show of the server.
fn seen(outcome: &Outcome, events: &[Event]) -> Seen {
    let mut s = Seen::default();
    for event in events {
        match event {
            Event::Connected { peer, .. } => s.peer = Some(peer.clone()),
            Event::Tls(info) => s.tls = Some(info.clone()),
            Event::Line(line) => {
                if let Some(r) = &line.reply {
                    let first = r
                        .reply
                        .lines
                        .first()
                        .map(|l| format!("{} {}", r.reply.code, l.text));
                    match r.answered {
                        Answered::Greeting if s.greeting.is_none() => s.greeting = first,
                        Answered::Ehlo | Answered::Helo if s.ehlo.is_none() => s.ehlo = first,
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(caps) = &outcome.capabilities {
        s.auth = caps.auth_mechanisms();
        // The capabilities are the last EHLO's: after TLS, STARTTLS is no longer offered.
        s.starttls_offered = Some(
            caps.starttls()
                || (outcome.tls
                    && s.tls
                        .as_ref()
                        .is_some_and(|t| t.via == engine::TlsVia::Starttls)),
        );
    }
    s
}

/// The cell's result from the session's outcome.
fn classify(outcome: &Outcome, mode: Option<Mode>) -> CellResult {
    if outcome.verdict.is_success() {
        return CellResult::Works;
    }
    let cause = outcome.cause;
    match cause {
        Some(Cause::ConnectionRefused) => return CellResult::Refused,
        Some(
            Cause::PortBlocked | Cause::ConnectionTimeout | Cause::Timeout | Cause::SilentGreeting,
        ) => {
            return CellResult::TimedOut;
        }
        Some(Cause::ImplicitTlsPort | Cause::WrongSecurityMode) => return CellResult::WrongMode,
        Some(Cause::NameNotFound | Cause::NoAddress) => return CellResult::NoAddress,
        _ => {}
    }
    if outcome.verdict == Verdict::TlsFailed
        && mode == Some(Mode::Starttls)
        && outcome.capabilities.as_ref().is_some_and(|c| !c.starttls())
    {
        return CellResult::StarttlsNotOffered;
    }
    match outcome.verdict {
        Verdict::Timeout => CellResult::TimedOut,
        Verdict::TlsFailed => CellResult::TlsFailed {
            cause: cause.unwrap_or(Cause::TlsHandshakeFailed),
        },
        Verdict::ServerRefused => match &outcome.deciding_reply {
            Some(r) => CellResult::Rejected { code: r.code },
            None => CellResult::Failed { cause },
        },
        _ => CellResult::Failed { cause },
    }
}

/// Probes every candidate with addresses on every port and mode, at most `parallel` at once.
/// Cells come back host by host (in the candidates' order), then by port, then by mode.
pub async fn matrix(candidates: &[Candidate], ports: &[u16], options: &ProbeOptions) -> Vec<Cell> {
    let permits = Arc::new(Semaphore::new(options.parallel.max(1)));
    let mut tasks = Vec::new();
    // A host without an address is shown once, among the candidates, not in every cell.
    for c in candidates.iter().filter(|c| !c.addresses.is_empty()) {
        for &port in ports {
            for mode in Mode::ALL {
                let host = c.host.clone();
                let source = c.source;
                let options = options.clone();
                let permits = permits.clone();
                let addresses: Vec<IpAddr> = c
                    .addresses
                    .iter()
                    .copied()
                    .filter(|ip| routable(*ip))
                    .collect();
                let no_address = c.addresses.is_empty();
                tasks.push(tokio::spawn(async move {
                    if no_address || addresses.is_empty() {
                        let result = if no_address {
                            CellResult::NoAddress
                        } else {
                            CellResult::NotRoutable
                        };
                        return Cell {
                            host,
                            port,
                            security: mode,
                            source,
                            result,
                            seen: Seen::default(),
                            events: Vec::new(),
                        };
                    }
                    let _permit = permits.acquire_owned().await.ok();
                    let stop_after = match mode {
                        Mode::Starttls => StopAfter::Tls,
                        Mode::Tls | Mode::None => StopAfter::Ehlo,
                    };
                    let (outcome, events) = session(
                        &host,
                        port,
                        mode.security(),
                        stop_after,
                        addresses,
                        &options,
                    )
                    .await;
                    Cell {
                        host,
                        port,
                        security: mode,
                        source,
                        result: classify(&outcome, Some(mode)),
                        seen: seen(&outcome, &events),
                        events,
                    }
                }));
            }
        }
    }
    let mut cells = Vec::with_capacity(tasks.len());
    for task in tasks {
        if let Ok(cell) = task.await {
            cells.push(cell);
        }
    }
    silent_means_tls(&mut cells);
    cells
}

/// A plain-text probe that connected but heard no greeting, on a port where implicit TLS works,
/// met a TLS port (the server waits for a ClientHello): the wrong mode, not a timeout.
fn silent_means_tls(cells: &mut [Cell]) {
    let tls_ports: Vec<(String, u16)> = cells
        .iter()
        .filter(|c| c.security == Mode::Tls && c.result == CellResult::Works)
        .map(|c| (c.host.clone(), c.port))
        .collect();
    for c in cells.iter_mut() {
        if c.security != Mode::Tls
            && c.result == CellResult::TimedOut
            && c.seen.peer.is_some()
            && c.seen.greeting.is_none()
            && tls_ports.contains(&(c.host.clone(), c.port))
        {
            c.result = CellResult::WrongMode;
        }
    }
}

/// Probes each MX (preference order) on port 25 with STARTTLS when offered (RFC 3207), at once.
pub async fn mx_all(dns: &Dns, hosts: &[(String, u16)], options: &ProbeOptions) -> Vec<MxReport> {
    let permits = Arc::new(Semaphore::new(options.parallel.max(1)));
    let mut tasks = Vec::new();
    for (host, preference) in hosts {
        let host = host.clone();
        let preference = *preference;
        let dns = dns.clone();
        let options = options.clone();
        let permits = permits.clone();
        tasks.push(tokio::spawn(async move {
            let addresses = dns.addresses(&host).await.unwrap_or_default();
            let usable: Vec<IpAddr> = addresses
                .iter()
                .copied()
                .filter(|ip| routable(*ip))
                .collect();
            if usable.is_empty() {
                return MxReport {
                    result: if addresses.is_empty() {
                        CellResult::NoAddress
                    } else {
                        CellResult::NotRoutable
                    },
                    host,
                    preference,
                    addresses,
                    seen: Seen::default(),
                    events: Vec::new(),
                };
            }
            let _permit = permits.acquire_owned().await.ok();
            let (outcome, events) = session(
                &host,
                25,
                Security::StartTlsIfOffered,
                StopAfter::Tls,
                usable,
                &options,
            )
            .await;
            MxReport {
                result: classify(&outcome, None),
                seen: seen(&outcome, &events),
                host,
                preference,
                addresses,
                events,
            }
        }));
    }
    let mut out = Vec::new();
    for task in tasks {
        if let Ok(r) = task.await {
            out.push(r);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documentation_addresses_are_never_probed() {
        for text in [
            "192.0.2.10",
            "198.51.100.1",
            "203.0.113.7",
            "2001:db8::1",
            "0.0.0.0",
            "224.0.0.1",
        ] {
            assert!(!routable(text.parse().unwrap()), "{text}");
        }
        for text in ["127.0.0.3", "8.8.8.8", "::1", "2a00:1450::1"] {
            assert!(routable(text.parse().unwrap()), "{text}");
        }
    }
}
