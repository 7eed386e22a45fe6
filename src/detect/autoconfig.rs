//! Mozilla autoconfig (the clientConfig v1.1 format Thunderbird reads): fetched over HTTPS from
//! `https://autoconfig.DOMAIN/mail/config-v1.1.xml`, then
//! `https://DOMAIN/.well-known/autoconfig/mail/config-v1.1.xml`, and its SMTP servers read.
//!
//! The HTTPS client (reqwest on rustls with the ring provider) resolves names with `detect`'s
//! own resolver, so `--dns-server` decides them too, and trusts the system's roots plus any
//! `--ca-file`. It follows no redirect to plain HTTP and reads at most `MAX_BODY` bytes. The
//! XML parser (roxmltree) refuses documents with a DTD, so no entity is ever expanded.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use rustls::pki_types::CertificateDer;
use serde::{Deserialize, Serialize};

use super::dns::Dns;
use super::{DetectError, Mode};

/// The most bytes read from an autoconfig file or an MTA-STS policy (RFC 8461 3.3 caps policies
/// at 64 KiB; autoconfig files are smaller still).
pub const MAX_BODY: usize = 64 * 1024;

/// Why an HTTPS fetch gave no document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "kebab-case")]
pub enum FetchError {
    /// The host name does not resolve.
    NoAddress,
    /// No connection (refused, unreachable, timed out) or the TLS handshake failed; the
    /// client's words.
    Connect { detail: String },
    /// An HTTP status other than 200 (RFC 8461 3.3 wants 200 for a policy).
    Status { status: u16 },
    /// The body is larger than `MAX_BODY` bytes.
    TooLarge,
    /// Any other failure; the client's words.
    Other { detail: String },
}

/// The HTTPS client of one run.
#[derive(Clone)]
pub struct Http {
    client: reqwest::Client,
}

/// Resolves names for reqwest with `detect`'s resolver.
struct HickoryResolve(Dns);

impl reqwest::dns::Resolve for HickoryResolve {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let dns = self.0.clone();
        let host = name.as_str().to_string();
        Box::pin(async move {
            let list = dns.addresses(&host).await.map_err(
                |e| -> Box<dyn std::error::Error + Send + Sync> {
                    Box::new(std::io::Error::new(
                        std::io::ErrorKind::NotFound,
                        format!("{e:?}"),
                    ))
                },
            )?;
            let addrs: reqwest::dns::Addrs =
                Box::new(list.into_iter().map(|ip| SocketAddr::new(ip, 0)));
            Ok(addrs)
        })
    }
}

impl Http {
    /// A client that resolves with `dns`, trusts the system's roots and `extra_roots`, and
    /// gives up after `timeout`.
    pub fn new(
        dns: &Dns,
        extra_roots: &[CertificateDer<'static>],
        timeout: Duration,
    ) -> Result<Http, DetectError> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let verifier = rustls_platform_verifier::Verifier::new_with_extra_roots(
            extra_roots.iter().cloned(),
            provider.clone(),
        )
        .map_err(|e| DetectError::Https(e.to_string()))?;
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| DetectError::Https(e.to_string()))?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(verifier))
            .with_no_client_auth();
        let client = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .dns_resolver(Arc::new(HickoryResolve(dns.clone())))
            .https_only(true)
            .no_proxy()
            .redirect(reqwest::redirect::Policy::limited(3))
            .connect_timeout(timeout)
            .timeout(timeout * 2)
            .build()
            .map_err(|e| DetectError::Https(e.to_string()))?;
        Ok(Http { client })
    }

    /// GETs `url` and returns its body as text (at most `MAX_BODY` bytes).
    pub async fn get(&self, url: &str) -> Result<String, FetchError> {
        let mut response = self.client.get(url).send().await.map_err(|e| {
            if e.is_connect() && format!("{e:?}").contains("NotFound") {
                FetchError::NoAddress
            } else if e.is_connect() || e.is_timeout() {
                FetchError::Connect {
                    detail: error_chain(&e),
                }
            } else {
                FetchError::Other {
                    detail: error_chain(&e),
                }
            }
        })?;
        let status = response.status().as_u16();
        if status != 200 {
            return Err(FetchError::Status { status });
        }
        let mut body = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    body.extend_from_slice(&chunk);
                    if body.len() > MAX_BODY {
                        return Err(FetchError::TooLarge);
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    return Err(FetchError::Other {
                        detail: error_chain(&e),
                    });
                }
            }
        }
        Ok(String::from_utf8_lossy(&body).into_owned())
    }
}

/// An error with its sources, as one line.
fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// One outgoing server of a clientConfig file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutoconfigServer {
    pub host: String,
    pub port: u16,
    /// `SSL` is implicit TLS, `STARTTLS` STARTTLS, `plain` none; `None` for a value the format
    /// does not define.
    pub mode: Option<Mode>,
    /// The authentication methods it names (`password-cleartext`, `OAuth2`, ...).
    pub authentication: Vec<String>,
    /// The username template (`%EMAILADDRESS%`).
    pub username: Option<String>,
}

/// One URL tried and what came of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutoconfigAttempt {
    pub url: String,
    /// `None` when the file was found and read.
    pub error: Option<AutoconfigError>,
}

/// Why an autoconfig URL gave no servers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "kebab-case")]
pub enum AutoconfigError {
    Fetch {
        error: FetchError,
    },
    /// Not a clientConfig document (or an XML error, or a DTD); the parser's words.
    Parse {
        detail: String,
    },
    /// A clientConfig without an SMTP outgoing server.
    NoSmtpServer,
}

/// The autoconfig lookup of a domain: the URLs tried and the servers found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutoconfigResult {
    pub attempts: Vec<AutoconfigAttempt>,
    pub servers: Vec<AutoconfigServer>,
}

/// The autoconfig URLs of a domain, in the order Thunderbird tries them.
pub fn urls(domain: &str) -> [String; 2] {
    [
        format!("https://autoconfig.{domain}/mail/config-v1.1.xml"),
        format!("https://{domain}/.well-known/autoconfig/mail/config-v1.1.xml"),
    ]
}

/// Fetches and reads the domain's autoconfig file: the first URL that gives SMTP servers wins.
pub async fn lookup(http: &Http, domain: &str) -> AutoconfigResult {
    let mut result = AutoconfigResult::default();
    for url in urls(domain) {
        let outcome = match http.get(&url).await {
            Ok(body) => parse(&body),
            Err(error) => Err(AutoconfigError::Fetch { error }),
        };
        match outcome {
            Ok(servers) => {
                result.attempts.push(AutoconfigAttempt { url, error: None });
                result.servers = servers;
                break;
            }
            Err(error) => result.attempts.push(AutoconfigAttempt {
                url,
                error: Some(error),
            }),
        }
    }
    result
}

/// Reads the SMTP servers of a clientConfig document (`outgoingServer type="smtp"`), in the
/// order given. A DTD is refused.
pub fn parse(xml: &str) -> Result<Vec<AutoconfigServer>, AutoconfigError> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(xml, options).map_err(|e| {
        AutoconfigError::Parse {
            detail: e.to_string(),
        }
    })?;
    let root = doc.root_element();
    if root.tag_name().name() != "clientConfig" {
        return Err(AutoconfigError::Parse {
            detail: format!("<{}>", root.tag_name().name()),
        });
    }
    let text_of = |node: roxmltree::Node<'_, '_>, name: &str| -> Option<String> {
        node.children()
            .find(|c| c.is_element() && c.tag_name().name() == name)
            .and_then(|c| c.text())
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
    };
    let mut servers = Vec::new();
    for server in root.descendants().filter(|n| {
        n.is_element()
            && n.tag_name().name() == "outgoingServer"
            && n.attribute("type")
                .is_some_and(|t| t.eq_ignore_ascii_case("smtp"))
    }) {
        let Some(host) = text_of(server, "hostname") else {
            continue;
        };
        let mode = match text_of(server, "socketType").as_deref() {
            Some(s) if s.eq_ignore_ascii_case("SSL") => Some(Mode::Tls),
            Some(s) if s.eq_ignore_ascii_case("STARTTLS") => Some(Mode::Starttls),
            Some(s) if s.eq_ignore_ascii_case("plain") => Some(Mode::None),
            _ => None,
        };
        let port = text_of(server, "port")
            .and_then(|p| p.parse::<u16>().ok())
            .unwrap_or(match mode {
                Some(Mode::Tls) => 465,
                _ => 587,
            });
        let authentication = server
            .children()
            .filter(|c| c.is_element() && c.tag_name().name() == "authentication")
            .filter_map(|c| c.text().map(|t| t.trim().to_string()))
            .collect();
        servers.push(AutoconfigServer {
            host: host.trim_end_matches('.').to_ascii_lowercase(),
            port,
            mode,
            authentication,
            username: text_of(server, "username"),
        });
    }
    if servers.is_empty() {
        return Err(AutoconfigError::NoSmtpServer);
    }
    Ok(servers)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="example.com">
    <domain>example.com</domain>
    <incomingServer type="imap"><hostname>imap.example.com</hostname><port>993</port>
      <socketType>SSL</socketType></incomingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.example.com</hostname><port>465</port><socketType>SSL</socketType>
      <authentication>password-cleartext</authentication><username>%EMAILADDRESS%</username>
    </outgoingServer>
    <outgoingServer type="smtp">
      <hostname>SMTP.example.com.</hostname><port>587</port><socketType>STARTTLS</socketType>
      <authentication>OAuth2</authentication><authentication>password-cleartext</authentication>
    </outgoingServer>
  </emailProvider>
</clientConfig>"#;

    #[test]
    fn smtp_servers_are_read_in_order_with_their_modes() {
        let servers = parse(GOOD).unwrap();
        assert_eq!(servers.len(), 2);
        assert_eq!(
            (servers[0].host.as_str(), servers[0].port, servers[0].mode),
            ("smtp.example.com", 465, Some(Mode::Tls))
        );
        assert_eq!(servers[0].username.as_deref(), Some("%EMAILADDRESS%"));
        assert_eq!(
            (servers[1].host.as_str(), servers[1].port, servers[1].mode),
            ("smtp.example.com", 587, Some(Mode::Starttls))
        );
        assert_eq!(servers[1].authentication, ["OAuth2", "password-cleartext"]);
    }

    #[test]
    fn a_dtd_is_refused_so_no_entity_expands() {
        let xml = r#"<?xml version="1.0"?>
<!DOCTYPE clientConfig [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>
<clientConfig><emailProvider><outgoingServer type="smtp"><hostname>&b;</hostname>
</outgoingServer></emailProvider></clientConfig>"#;
        assert!(matches!(parse(xml), Err(AutoconfigError::Parse { .. })));
    }

    #[test]
    fn other_documents_and_configs_without_smtp_are_no_servers() {
        assert!(matches!(
            parse("<html><body>Not found</body></html>"),
            Err(AutoconfigError::Parse { .. })
        ));
        assert!(matches!(
            parse("not xml at all"),
            Err(AutoconfigError::Parse { .. })
        ));
        assert_eq!(
            parse(
                r#"<clientConfig><emailProvider><incomingServer type="imap"><hostname>i</hostname></incomingServer></emailProvider></clientConfig>"#
            ),
            Err(AutoconfigError::NoSmtpServer)
        );
    }

    #[test]
    fn urls_are_tried_in_thunderbirds_order() {
        assert_eq!(
            urls("example.com"),
            [
                "https://autoconfig.example.com/mail/config-v1.1.xml",
                "https://example.com/.well-known/autoconfig/mail/config-v1.1.xml"
            ]
        );
    }
}
