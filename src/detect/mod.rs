//! `smtp-lens detect`: finds the submission settings that work from this machine, tests each MX
//! of a domain and checks the DNS records that decide delivery.
//!
//! A target is a domain (an e-mail address, or a name with MX, SRV, SPF, DMARC or autoconfig
//! records) or a host. For a domain the candidate servers come from Mozilla autoconfig, the
//! RFC 6186 / RFC 8314 SRV records, the MX records and guesses (`smtp.`, `mail.`, the bare
//! domain); for a host only that host is probed. Each candidate is probed on every port and
//! security mode at once, with short timeouts, by the same engine `check` uses (`engine::run`,
//! stopping after EHLO or TLS); the addresses come from this module's resolver, so
//! `--dns-server` decides every name.
//!
//! Like `engine`, this module reports typed facts only (`Finding`s with their values, each
//! cell's `CellResult`, the TLS facts, the transcript's events); `present::detect` words them
//! and the knowledge (`assets/knowledge/dns.toml`) explains each finding. It never words
//! anything for people.

pub mod autoconfig;
pub mod dns;
pub mod finding;
pub mod health;
pub mod probe;

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use rustls::pki_types::CertificateDer;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

pub use finding::{Check, Finding, Status};
pub use probe::{Cell, CellResult, MxReport};

use crate::proto::session::Security;

/// The ports probed unless `--ports` says otherwise: SMTP relay (25, RFC 5321), implicit TLS
/// submission (465, RFC 8314), submission (587, RFC 6409) and the common alternative 2525.
pub const DEFAULT_PORTS: [u16; 4] = [25, 465, 587, 2525];

/// How a connection is secured, as the matrix tries it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Implicit TLS from the first byte (RFC 8314 3.3).
    Tls,
    /// Plain text, then STARTTLS (RFC 3207), required.
    Starttls,
    /// Plain text throughout.
    None,
}

impl Mode {
    /// Every mode, in the order the matrix shows them.
    pub const ALL: [Mode; 3] = [Mode::None, Mode::Starttls, Mode::Tls];

    /// The session's security for this mode.
    pub fn security(self) -> Security {
        match self {
            Mode::Tls => Security::ImplicitTls,
            Mode::Starttls => Security::StartTlsRequired,
            Mode::None => Security::None,
        }
    }

    /// The id used in JSON and on the command line.
    pub fn id(self) -> &'static str {
        match self {
            Mode::Tls => "tls",
            Mode::Starttls => "starttls",
            Mode::None => "none",
        }
    }
}

/// Where a candidate server came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// Mozilla autoconfig (clientConfig v1.1).
    Autoconfig,
    /// `_submissions._tcp` / `_submission._tcp` SRV records (RFC 6186, RFC 8314 5.1).
    Srv,
    /// The domain's MX records (RFC 5321 5.1).
    Mx,
    /// A guess: `smtp.`, `mail.` or the bare domain.
    Guess,
    /// The host named on the command line.
    Given,
}

impl Source {
    /// The id used in JSON.
    pub fn id(self) -> &'static str {
        match self {
            Source::Autoconfig => "autoconfig",
            Source::Srv => "srv",
            Source::Mx => "mx",
            Source::Guess => "guess",
            Source::Given => "given",
        }
    }
}

/// What the target turned out to be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum TargetKind {
    /// A mail domain (from an address, or a name with mail records).
    Domain { domain: String },
    /// One host, probed alone.
    Host { host: String },
}

/// A candidate server and why it is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub host: String,
    pub source: Source,
    /// The port and mode the source names (autoconfig and SRV do), if any.
    pub port: Option<u16>,
    pub mode: Option<Mode>,
    /// Its addresses, from this run's resolver.
    pub addresses: Vec<IpAddr>,
    /// Why it has no address, when it has none.
    pub lookup_error: Option<dns::LookupError>,
}

/// The settings to use, and where they came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recommended {
    pub host: String,
    pub port: u16,
    pub security: Mode,
    pub source: Source,
}

/// What `detect` is asked to do.
#[derive(Debug, Clone)]
pub struct DetectRequest {
    /// An e-mail address, a domain or a host name.
    pub target: String,
    /// The ports of the matrix.
    pub ports: Vec<u16>,
    /// Send every DNS query here instead of the system's name servers.
    pub dns_server: Option<SocketAddr>,
    /// Extra trusted roots, for the HTTPS fetches and SMTP TLS.
    pub extra_roots: Vec<CertificateDer<'static>>,
    /// The limit of each phase of a probe (connect, greeting, TLS, each reply) and of each
    /// HTTPS fetch and DNS query.
    pub timeout: Duration,
    /// How many probes run at once.
    pub parallel: usize,
}

impl DetectRequest {
    /// A request for `target` with the default ports, a 5-second timeout and 16 probes at once.
    pub fn new(target: &str) -> DetectRequest {
        DetectRequest {
            target: target.trim().to_string(),
            ports: DEFAULT_PORTS.to_vec(),
            dns_server: None,
            extra_roots: Vec::new(),
            timeout: Duration::from_secs(5),
            parallel: 16,
        }
    }
}

/// Everything `detect` found: typed facts, worded by `present::detect`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DetectReport {
    pub tool: String,
    #[serde(with = "time::serde::rfc3339")]
    pub started_at: OffsetDateTime,
    /// The target as given.
    pub target: String,
    pub kind: TargetKind,
    /// The DNS server asked, when one was given.
    pub dns_server: Option<String>,
    pub ports: Vec<u16>,
    pub autoconfig: autoconfig::AutoconfigResult,
    pub srv: Vec<dns::SrvRecord>,
    pub candidates: Vec<Candidate>,
    pub matrix: Vec<Cell>,
    pub recommended: Option<Recommended>,
    pub mx: Vec<MxReport>,
    pub dns: Vec<Finding>,
}

/// Why `detect` cannot start.
#[rustfmt::skip]
#[derive(Debug, thiserror::Error)]
pub enum DetectError {
    #[error("nothing to detect: give an e-mail address, a domain or a host name")]
    Empty,
    #[error("\"{0}\" is not a domain or host name")]
    BadName(String),
    #[error("cannot set up the DNS resolver: {0}")]
    Resolver(String),
    #[error("cannot set up HTTPS: {0}")]
    Https(String),
}

/// `IP` (port 53), `IP:PORT` or `[IPv6]:PORT`: the DNS server `--dns-server` and the window's
/// field name. None when the text is neither.
pub fn dns_server_address(text: &str) -> Option<SocketAddr> {
    let text = text.trim();
    if let Ok(ip) = text.parse::<IpAddr>() {
        return Some(SocketAddr::new(ip, 53));
    }
    text.parse::<SocketAddr>().ok()
}

/// A list of ports, separated by commas or spaces (`25, 465 587`), each from 1 to 65535, in the
/// order given without repeats. None when a part is not a port or the list is empty.
pub fn parse_ports(text: &str) -> Option<Vec<u16>> {
    let mut ports: Vec<u16> = Vec::new();
    for part in text
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|p| !p.is_empty())
    {
        let port = part.parse::<u16>().ok().filter(|p| *p != 0)?;
        if !ports.contains(&port) {
            ports.push(port);
        }
    }
    (!ports.is_empty()).then_some(ports)
}

/// What the window's Detect view was given, as typed: the target, and optional ports (empty:
/// `DEFAULT_PORTS`), DNS server (empty: the system's), CA file (empty: none) and timeout in
/// seconds (empty: 5). The same settings as the command line's `--ports`, `--dns-server`,
/// `--ca-file` and `--timeout`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DetectInput {
    pub target: String,
    pub ports: String,
    pub dns_server: String,
    pub ca_file: String,
    pub timeout: String,
}

/// Why typed settings cannot make a request. The texts are for logs; `present::detect` words
/// them for people.
#[rustfmt::skip]
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error(transparent)]
    Target(#[from] DetectError),
    #[error("{0:?} is not a list of ports from 1 to 65535")]
    Ports(String),
    #[error("{0:?} is not an IP address or IP:PORT")]
    DnsServer(String),
    #[error("{0:?} is not a number of seconds from 0.1 to 600")]
    Timeout(String),
    #[error(transparent)]
    CaFile(#[from] crate::engine::tls::TlsSetupError),
}

impl DetectInput {
    /// The request these settings ask for. Reads the CA file, so it runs off the window's
    /// thread. Errors: the first field that is not valid, as an `InputError`.
    pub fn request(&self) -> Result<DetectRequest, InputError> {
        target_name(&self.target)?;
        let mut request = DetectRequest::new(&self.target);
        if !self.ports.trim().is_empty() {
            request.ports =
                parse_ports(&self.ports).ok_or_else(|| InputError::Ports(self.ports.clone()))?;
        }
        if !self.dns_server.trim().is_empty() {
            request.dns_server = Some(
                dns_server_address(&self.dns_server)
                    .ok_or_else(|| InputError::DnsServer(self.dns_server.clone()))?,
            );
        }
        if !self.timeout.trim().is_empty() {
            let seconds = self
                .timeout
                .trim()
                .replace(',', ".")
                .parse::<f64>()
                .ok()
                .filter(|s| s.is_finite() && (0.1..=600.0).contains(s))
                .ok_or_else(|| InputError::Timeout(self.timeout.clone()))?;
            request.timeout = Duration::from_secs_f64(seconds);
        }
        let ca = self.ca_file.trim();
        if !ca.is_empty() {
            let mut tls = crate::engine::TlsOptions::default();
            tls.add_roots_from_pem(std::path::Path::new(ca))?;
            request.extra_roots = tls.extra_roots;
        }
        Ok(request)
    }
}

/// The domain or host of a target: the part after `@` of an address, without a trailing dot,
/// in lower case.
pub fn target_name(target: &str) -> Result<String, DetectError> {
    let text = target.trim();
    let name = text.rsplit_once('@').map_or(text, |(_, d)| d);
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    if name.is_empty() {
        return Err(DetectError::Empty);
    }
    let ok = name.split('.').all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && label
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    });
    if !ok || name.len() > 253 {
        return Err(DetectError::BadName(name));
    }
    Ok(name)
}

/// Runs the whole detection: candidates, the matrix, each MX and the DNS health of a domain.
pub async fn run(request: &DetectRequest) -> Result<DetectReport, DetectError> {
    let started_at = OffsetDateTime::now_utc();
    let name = target_name(&request.target)?;
    let resolver = dns::Dns::new(request.dns_server, request.timeout)?;
    let http = autoconfig::Http::new(&resolver, &request.extra_roots, request.timeout)?;
    let is_address = request.target.contains('@');

    // What the name has: mail records make it a domain.
    let dmarc_name = format!("_dmarc.{name}");
    let (autoconfig, srv, mx, txt, dmarc) = tokio::join!(
        autoconfig::lookup(&http, &name),
        resolver.srv_records(&name),
        resolver.mx(&name),
        resolver.txt(&name),
        resolver.txt(&dmarc_name),
    );
    let has_spf = txt
        .as_ref()
        .is_ok_and(|t| t.iter().any(|r| health::is_spf(r)));
    let has_dmarc = dmarc
        .as_ref()
        .is_ok_and(|t| t.iter().any(|r| health::is_dmarc(r)));
    let mx_records = mx.as_ref().cloned().unwrap_or_default();
    let is_domain = is_address
        || !mx_records.is_empty()
        || !srv.is_empty()
        || has_spf
        || has_dmarc
        || !autoconfig.servers.is_empty();

    let kind = if is_domain {
        TargetKind::Domain {
            domain: name.clone(),
        }
    } else {
        TargetKind::Host { host: name.clone() }
    };

    // The candidates, best source first; a host is named once, by its first source.
    let mut wanted: Vec<(String, Source, Option<u16>, Option<Mode>)> = Vec::new();
    if is_domain {
        for s in &autoconfig.servers {
            wanted.push((s.host.clone(), Source::Autoconfig, Some(s.port), s.mode));
        }
        for s in &srv {
            if !s.target.is_empty() {
                wanted.push((s.target.clone(), Source::Srv, Some(s.port), Some(s.mode())));
            }
        }
        for m in &mx_records {
            if !m.exchange.is_empty() {
                wanted.push((m.exchange.clone(), Source::Mx, None, None));
            }
        }
        for guess in [format!("smtp.{name}"), format!("mail.{name}"), name.clone()] {
            wanted.push((guess, Source::Guess, None, None));
        }
    } else {
        wanted.push((name.clone(), Source::Given, None, None));
    }
    let mut candidates: Vec<Candidate> = Vec::new();
    for (host, source, port, mode) in wanted {
        if let Some(c) = candidates.iter_mut().find(|c| c.host == host) {
            // The first source names the host; a later one can still add a port and mode.
            if c.port.is_none() && port.is_some() {
                c.port = port;
                c.mode = mode;
            }
            continue;
        }
        candidates.push(Candidate {
            host,
            source,
            port,
            mode,
            addresses: Vec::new(),
            lookup_error: None,
        });
    }
    let lookups: Vec<_> = candidates
        .iter()
        .map(|c| {
            let dns = resolver.clone();
            let host = c.host.clone();
            tokio::spawn(async move { dns.addresses(&host).await })
        })
        .collect();
    let mut found_all = Vec::with_capacity(lookups.len());
    for task in lookups {
        found_all.push(task.await.unwrap_or(Err(dns::LookupError::Timeout)));
    }
    let lookups = found_all;
    for (c, found) in candidates.iter_mut().zip(lookups) {
        match found {
            Ok(list) => c.addresses = list,
            Err(e) => c.lookup_error = Some(e),
        }
    }

    let options = probe::ProbeOptions {
        extra_roots: request.extra_roots.clone(),
        timeout: request.timeout,
        parallel: request.parallel.max(1),
    };
    let mx_hosts: Vec<(String, u16)> = mx_records
        .iter()
        .filter(|m| !m.exchange.is_empty())
        .map(|m| (m.exchange.clone(), m.preference))
        .collect();
    let (matrix, mx_reports) = tokio::join!(
        probe::matrix(&candidates, &request.ports, &options),
        probe::mx_all(&resolver, &mx_hosts, &options),
    );
    let recommended = recommend(&candidates, &matrix);

    let dns = if is_domain {
        health::check_all(&resolver, &http, &name, txt, dmarc, &mx, &mx_reports).await
    } else {
        Vec::new()
    };

    Ok(DetectReport {
        tool: format!("{} {}", env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION")),
        started_at,
        target: request.target.clone(),
        kind,
        dns_server: request.dns_server.map(|s| s.to_string()),
        ports: request.ports.clone(),
        autoconfig,
        srv,
        candidates,
        matrix,
        recommended,
        mx: mx_reports,
        dns,
    })
}

/// True for a submission port: 465 (RFC 8314), 587 (RFC 6409), 2525 (common alternative).
fn is_submission_port(port: u16) -> bool {
    matches!(port, 465 | 587 | 2525)
}

/// The settings to recommend: the working cell a source named (autoconfig first, then SRV),
/// else the best working encrypted submission cell (implicit TLS before STARTTLS, RFC 8314 3.3;
/// 465, then 587, then 2525), host by host in the order of their sources. Port 25 and plain
/// text are never recommended for submission unless autoconfig or SRV name them.
pub fn recommend(candidates: &[Candidate], matrix: &[Cell]) -> Option<Recommended> {
    let works = |host: &str, port: u16, mode: Mode| {
        matrix.iter().any(|c| {
            c.host == host && c.port == port && c.security == mode && c.result == CellResult::Works
        })
    };
    for c in candidates {
        if let (Some(port), Some(mode)) = (c.port, c.mode)
            && matches!(c.source, Source::Autoconfig | Source::Srv)
            && works(&c.host, port, mode)
        {
            return Some(Recommended {
                host: c.host.clone(),
                port,
                security: mode,
                source: c.source,
            });
        }
    }
    let rank = |port: u16, mode: Mode| -> Option<u8> {
        if !is_submission_port(port) || mode == Mode::None {
            return None;
        }
        Some(match (mode, port) {
            (Mode::Tls, 465) => 0,
            (Mode::Starttls, 587) => 1,
            (Mode::Tls, _) => 2,
            _ => 3,
        })
    };
    for c in candidates {
        let best = matrix
            .iter()
            .filter(|cell| cell.host == c.host && cell.result == CellResult::Works)
            .filter_map(|cell| rank(cell.port, cell.security).map(|r| (r, cell)))
            .min_by_key(|(r, cell)| (*r, cell.port));
        if let Some((_, cell)) = best {
            return Some(Recommended {
                host: c.host.clone(),
                port: cell.port,
                security: cell.security,
                source: c.source,
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_ports_and_dns_servers_are_read_like_the_command_line() {
        assert_eq!(
            parse_ports("25, 465 587,,2525"),
            Some(vec![25, 465, 587, 2525])
        );
        assert_eq!(parse_ports("587 587"), Some(vec![587]));
        assert_eq!(parse_ports("0"), None);
        assert_eq!(parse_ports("smtp"), None);
        assert_eq!(parse_ports(" "), None);
        assert_eq!(
            dns_server_address("127.0.0.2"),
            Some("127.0.0.2:53".parse().unwrap())
        );
        assert_eq!(
            dns_server_address(" 127.0.0.2:10053 "),
            Some("127.0.0.2:10053".parse().unwrap())
        );
        assert_eq!(dns_server_address("dns.example"), None);
    }

    #[test]
    fn the_windows_fields_make_the_request_or_name_the_field_that_is_wrong() {
        let mut input = DetectInput {
            target: String::from("you@example.com"),
            ..DetectInput::default()
        };
        let r = input.request().unwrap();
        assert_eq!(r.ports, DEFAULT_PORTS.to_vec());
        assert_eq!(r.dns_server, None);
        assert_eq!(r.timeout, Duration::from_secs(5));
        input.ports = String::from("587, 465");
        input.dns_server = String::from("127.0.0.2:10053");
        input.timeout = String::from("2,5");
        let r = input.request().unwrap();
        assert_eq!(r.ports, vec![587, 465]);
        assert_eq!(r.dns_server, Some("127.0.0.2:10053".parse().unwrap()));
        assert_eq!(r.timeout, Duration::from_millis(2500));
        input.timeout = String::from("0");
        assert!(matches!(input.request(), Err(InputError::Timeout(_))));
        input.timeout.clear();
        input.ports = String::from("70000");
        assert!(matches!(input.request(), Err(InputError::Ports(_))));
        input.ports.clear();
        input.dns_server = String::from("nowhere");
        assert!(matches!(input.request(), Err(InputError::DnsServer(_))));
        input.dns_server.clear();
        input.ca_file = String::from("/nonexistent/ca.pem");
        assert!(matches!(input.request(), Err(InputError::CaFile(_))));
        input.target.clear();
        assert!(matches!(input.request(), Err(InputError::Target(_))));
    }

    #[test]
    fn addresses_and_names_give_the_name() {
        assert_eq!(target_name("you@Example.COM").unwrap(), "example.com");
        assert_eq!(
            target_name("mail.example.com.").unwrap(),
            "mail.example.com"
        );
        assert!(matches!(target_name("  "), Err(DetectError::Empty)));
        assert!(matches!(
            target_name("bad name.example"),
            Err(DetectError::BadName(_))
        ));
    }
}
