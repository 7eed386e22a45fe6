//! DNS for `detect`: one hickory resolver, pointed at the system's name servers or at the one
//! `--dns-server` names, and the lookups the checks need, each answer typed (MX, SRV, TXT,
//! addresses, PTR, TLSA) and each failure a `LookupError` (no such name, no records, a failure
//! of the server or the network).
//!
//! DNSSEC: a second resolver validates (ring); `validated` asks it about an RRset the first one
//! found, so an unsigned zone never makes a lookup fail: it only reads as not validated.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use hickory_resolver::config::{NameServerConfig, ResolverConfig, ResolverOpts};
use hickory_resolver::net::NetError;
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::proto::dnssec::Proof;
use hickory_resolver::proto::rr::{RData, RecordType};
use hickory_resolver::{Resolver, TokioResolver};
use serde::{Deserialize, Serialize};

use super::{DetectError, Mode};

/// Why a lookup found nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "kebab-case")]
pub enum LookupError {
    /// NXDOMAIN: the name does not exist.
    NoSuchName,
    /// The name exists but has no record of the type asked.
    NoRecords,
    /// No answer in time.
    Timeout,
    /// The server failed or the query could not be sent; the resolver's words.
    Failed { detail: String },
}

fn lookup_error(err: &NetError) -> LookupError {
    if err.is_nx_domain() {
        LookupError::NoSuchName
    } else if err.is_no_records_found() {
        LookupError::NoRecords
    } else if matches!(err, NetError::Timeout) {
        LookupError::Timeout
    } else {
        LookupError::Failed {
            detail: err.to_string(),
        }
    }
}

/// An MX record (RFC 5321 5.1); `exchange` empty for a null MX (RFC 7505).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MxRecord {
    pub preference: u16,
    pub exchange: String,
}

/// Which submission SRV service a record is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SrvService {
    /// `_submissions._tcp`: implicit TLS (RFC 8314 5.1).
    Submissions,
    /// `_submission._tcp`: STARTTLS (RFC 6186 3.1).
    Submission,
}

/// A submission SRV record (RFC 2782, RFC 6186 3.1); `target` empty for "." (the service is
/// not offered, RFC 6186 4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SrvRecord {
    pub service: SrvService,
    pub priority: u16,
    pub weight: u16,
    pub port: u16,
    pub target: String,
}

impl SrvRecord {
    /// The security mode the service stands for.
    pub fn mode(&self) -> Mode {
        match self.service {
            SrvService::Submissions => Mode::Tls,
            SrvService::Submission => Mode::Starttls,
        }
    }
}

/// A TLSA record (RFC 6698 2.1): usage, selector, matching type and the data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TlsaRecord {
    pub usage: u8,
    pub selector: u8,
    pub matching: u8,
    /// The association data, lower-case hex.
    pub data: String,
}

/// The resolvers of one run: a plain one and a validating one, both on the same servers.
#[derive(Clone)]
pub struct Dns {
    plain: TokioResolver,
    validating: TokioResolver,
}

/// A name as a fully qualified name, so no search domain is appended.
fn fqdn(name: &str) -> String {
    if name.ends_with('.') {
        name.to_string()
    } else {
        format!("{name}.")
    }
}

/// A name from DNS as people write it: no trailing dot, lower case.
fn shown(name: &hickory_resolver::proto::rr::Name) -> String {
    name.to_ascii().trim_end_matches('.').to_ascii_lowercase()
}

impl Dns {
    /// Resolvers on the system's name servers, or on `server` alone; each query waits at most
    /// `timeout`.
    pub fn new(server: Option<SocketAddr>, timeout: Duration) -> Result<Dns, DetectError> {
        let build = |validate: bool| -> Result<TokioResolver, DetectError> {
            let provider = TokioRuntimeProvider::default();
            let mut builder = match server {
                Some(addr) => {
                    let mut ns = NameServerConfig::udp_and_tcp(addr.ip());
                    for c in &mut ns.connections {
                        c.port = addr.port();
                    }
                    Resolver::builder_with_config(
                        ResolverConfig::from_name_servers(vec![ns]),
                        provider,
                    )
                }
                None => {
                    Resolver::builder(provider).map_err(|e| DetectError::Resolver(e.to_string()))?
                }
            };
            let opts: &mut ResolverOpts = builder.options_mut();
            opts.timeout = timeout;
            opts.attempts = 2;
            opts.validate = validate;
            opts.ndots = 0;
            builder
                .build()
                .map_err(|e| DetectError::Resolver(e.to_string()))
        };
        Ok(Dns {
            plain: build(false)?,
            validating: build(true)?,
        })
    }

    /// The MX records of `domain`, by preference. An empty list when it has none.
    pub async fn mx(&self, domain: &str) -> Result<Vec<MxRecord>, LookupError> {
        let lookup = match self.plain.mx_lookup(fqdn(domain)).await {
            Ok(l) => l,
            Err(e) => {
                return match lookup_error(&e) {
                    LookupError::NoRecords | LookupError::NoSuchName => Ok(Vec::new()),
                    other => Err(other),
                };
            }
        };
        let mut list: Vec<MxRecord> = lookup
            .answers()
            .iter()
            .filter_map(|r| match &r.data {
                RData::MX(mx) => Some(MxRecord {
                    preference: mx.preference,
                    exchange: shown(&mx.exchange),
                }),
                _ => None,
            })
            .collect();
        list.sort_by(|a, b| (a.preference, &a.exchange).cmp(&(b.preference, &b.exchange)));
        list.dedup();
        Ok(list)
    }

    /// The submission SRV records of `domain` (RFC 6186 3.1, RFC 8314 5.1): `_submissions._tcp`
    /// first, each by priority then weight (heaviest first). Failures read as no record.
    pub async fn srv_records(&self, domain: &str) -> Vec<SrvRecord> {
        let mut out = Vec::new();
        for (service, label) in [
            (SrvService::Submissions, "_submissions._tcp"),
            (SrvService::Submission, "_submission._tcp"),
        ] {
            let Ok(lookup) = self
                .plain
                .srv_lookup(fqdn(&format!("{label}.{domain}")))
                .await
            else {
                continue;
            };
            let mut found: Vec<SrvRecord> = lookup
                .answers()
                .iter()
                .filter_map(|r| match &r.data {
                    RData::SRV(srv) => Some(SrvRecord {
                        service,
                        priority: srv.priority,
                        weight: srv.weight,
                        port: srv.port,
                        target: shown(&srv.target),
                    }),
                    _ => None,
                })
                .collect();
            found.sort_by(|a, b| {
                (a.priority, u16::MAX - a.weight).cmp(&(b.priority, u16::MAX - b.weight))
            });
            out.extend(found);
        }
        out
    }

    /// The TXT records of `name`, each one's strings joined without a space (RFC 7208 3.3).
    /// An empty list when the name has none or does not exist.
    pub async fn txt(&self, name: &str) -> Result<Vec<String>, LookupError> {
        match self.plain.txt_lookup(fqdn(name)).await {
            Ok(lookup) => Ok(lookup
                .answers()
                .iter()
                .filter_map(|r| match &r.data {
                    RData::TXT(txt) => Some(
                        txt.txt_data
                            .iter()
                            .map(|s| String::from_utf8_lossy(s).into_owned())
                            .collect::<String>(),
                    ),
                    _ => None,
                })
                .collect()),
            Err(e) => match lookup_error(&e) {
                LookupError::NoRecords | LookupError::NoSuchName => Ok(Vec::new()),
                other => Err(other),
            },
        }
    }

    /// The IPv4 and IPv6 addresses of `host`, IPv4 first.
    pub async fn addresses(&self, host: &str) -> Result<Vec<IpAddr>, LookupError> {
        if let Ok(ip) = host.parse::<IpAddr>() {
            return Ok(vec![ip]);
        }
        let name = fqdn(host);
        let (v4, v6) = tokio::join!(
            self.plain.ipv4_lookup(name.clone()),
            self.plain.ipv6_lookup(name)
        );
        let mut out = Vec::new();
        let mut first_error = None;
        for result in [v4, v6] {
            match result {
                Ok(lookup) => {
                    for r in lookup.answers() {
                        match &r.data {
                            RData::A(a) => out.push(IpAddr::V4(a.0)),
                            RData::AAAA(a) => out.push(IpAddr::V6(a.0)),
                            _ => {}
                        }
                    }
                }
                Err(e) => {
                    if first_error.is_none() {
                        first_error = Some(lookup_error(&e));
                    }
                }
            }
        }
        out.dedup();
        match (out.is_empty(), first_error) {
            (false, _) => Ok(out),
            (true, Some(e)) => Err(e),
            (true, None) => Err(LookupError::NoRecords),
        }
    }

    /// The names of `ip`'s PTR records (RFC 1035 3.5).
    pub async fn ptr(&self, ip: IpAddr) -> Result<Vec<String>, LookupError> {
        let name = hickory_resolver::proto::rr::Name::from(ip);
        match self.plain.reverse_lookup(name).await {
            Ok(lookup) => Ok(lookup
                .answers()
                .iter()
                .filter_map(|r| match &r.data {
                    RData::PTR(ptr) => Some(shown(&ptr.0)),
                    _ => None,
                })
                .collect()),
            Err(e) => Err(lookup_error(&e)),
        }
    }

    /// The TLSA records of `name` (`_25._tcp.mx.example.com`, RFC 7672 2.2); an empty list when
    /// it has none.
    pub async fn tlsa(&self, name: &str) -> Result<Vec<TlsaRecord>, LookupError> {
        match self.plain.tlsa_lookup(fqdn(name)).await {
            Ok(lookup) => Ok(lookup
                .answers()
                .iter()
                .filter_map(|r| match &r.data {
                    RData::TLSA(t) => Some(TlsaRecord {
                        usage: u8::from(t.cert_usage),
                        selector: u8::from(t.selector),
                        matching: u8::from(t.matching),
                        data: t.cert_data.iter().map(|b| format!("{b:02x}")).collect(),
                    }),
                    _ => None,
                })
                .collect()),
            Err(e) => match lookup_error(&e) {
                LookupError::NoRecords | LookupError::NoSuchName => Ok(Vec::new()),
                other => Err(other),
            },
        }
    }

    /// Whether the validating resolver proves `name`'s `kind` records secure (RFC 4035 4.3). Any
    /// failure, an unsigned zone included, reads as not validated.
    pub async fn validated(&self, name: &str, kind: RecordType) -> bool {
        let Ok(name) = hickory_resolver::proto::rr::Name::from_ascii(fqdn(name)) else {
            return false;
        };
        match self.validating.lookup(name, kind).await {
            Ok(lookup) => {
                !lookup.answers().is_empty()
                    && lookup
                        .answers()
                        .iter()
                        .filter(|r| r.record_type() == kind)
                        .all(|r| r.proof == Proof::Secure)
            }
            Err(_) => false,
        }
    }

    /// A resolver for the HTTPS fetches (autoconfig, MTA-STS), so they ask the same servers.
    pub fn for_http(&self) -> TokioResolver {
        self.plain.clone()
    }
}
