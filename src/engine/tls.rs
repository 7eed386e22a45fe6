//! TLS for the engine: the rustls client configuration, a certificate verifier that records its
//! verdict apart from the user's "continue even if invalid" choice, and the facts of a handshake
//! (protocol, cipher suite, SNI, the peer's chain) in a form the transcript and exports can show.
//!
//! The verdict always comes from the real verifier (the operating system's trust store, plus any
//! extra roots the user gave, with the host name check). `accept_invalid` only decides whether the
//! handshake goes on after a bad verdict; it never changes the verdict shown.

use std::sync::{Arc, Mutex};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, SignatureScheme};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::proto::{Cause, TransportFailure};

/// The user's TLS choices.
#[derive(Debug, Clone, Default)]
pub struct TlsOptions {
    /// Go on with the session even when the certificate does not verify.
    pub accept_invalid: bool,
    /// Extra trusted roots (PEM), e.g. a company's internal CA.
    pub extra_roots: Vec<CertificateDer<'static>>,
    /// Offer to resume an earlier TLS session with the same server (RFC 8446 2.2, RFC 5077),
    /// from a store shared by the whole process. A resumed handshake shows no certificate (none
    /// is sent), so only bulk runs turn this on; a diagnosis wants the chain every time.
    pub resume: bool,
}

impl TlsOptions {
    /// Reads extra trusted roots from a PEM file.
    pub fn add_roots_from_pem(&mut self, path: &std::path::Path) -> Result<usize, TlsSetupError> {
        use rustls::pki_types::pem::PemObject;
        let iter = CertificateDer::pem_file_iter(path).map_err(|e| TlsSetupError::CaFile {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        let mut count = 0;
        for cert in iter {
            let cert = cert.map_err(|e| TlsSetupError::CaFile {
                path: path.display().to_string(),
                reason: e.to_string(),
            })?;
            self.extra_roots.push(cert);
            count += 1;
        }
        if count == 0 {
            return Err(TlsSetupError::NoCertificate {
                path: path.display().to_string(),
            });
        }
        Ok(count)
    }
}

// One line per message, so each stays an #[error] attribute whole.
#[rustfmt::skip]
#[derive(Debug, Clone, thiserror::Error)]
pub enum TlsSetupError {
    #[error("cannot read the CA file {path}: {reason}; give a PEM file with one or more certificates")]
    CaFile { path: String, reason: String },
    #[error("cannot read the CA file {path}: no PEM certificate; give a PEM file with one or more certificates")]
    NoCertificate { path: String },
    #[error("cannot set up TLS: {0}")]
    Config(String),
}

/// The verifier's finding about the peer's certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertVerdict {
    pub valid: bool,
    /// Why it is not valid; `None` when it is.
    pub problem: Option<CertProblem>,
}

/// Why a certificate does not verify, as the verifier found it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "kebab-case")]
pub enum CertProblem {
    Expired,
    /// Not valid yet: one of the two clocks is wrong, or the certificate is brand new.
    NotYetValid,
    /// Signed by itself: no authority vouches for it.
    SelfSigned,
    /// Issued by an authority this system does not trust, or intermediates are missing.
    UnknownIssuer,
    /// The certificate names other hosts (`presented`, empty when not known) than `expected`.
    WrongHostName {
        presented: Vec<String>,
        expected: Option<String>,
    },
    Revoked,
    BadSignature,
    /// An RSA key of `bits` bits, under `MIN_RSA_BITS`: no current TLS stack accepts it.
    WeakKey {
        bits: usize,
    },
    /// Anything else; the verifier's own words.
    Invalid {
        detail: String,
    },
}

impl CertProblem {
    /// The cause a failed handshake with this problem stands for.
    pub fn cause(&self) -> Cause {
        match self {
            CertProblem::Expired => Cause::CertificateExpired,
            CertProblem::NotYetValid => Cause::CertificateNotYetValid,
            CertProblem::SelfSigned => Cause::CertificateSelfSigned,
            CertProblem::WrongHostName { .. } => Cause::CertificateWrongHost,
            CertProblem::WeakKey { .. } => Cause::CertificateKeyTooWeak,
            _ => Cause::CertificateUntrusted,
        }
    }
}

/// The public key of a certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "algorithm", rename_all = "kebab-case")]
pub enum KeyInfo {
    Rsa {
        bits: usize,
    },
    /// ECDSA on a curve of this size (256 is P-256, 384 P-384, 521 P-521).
    Ecdsa {
        bits: usize,
    },
    Ed25519,
    Ed448,
    /// Another algorithm, by its OID.
    Other {
        oid: String,
    },
}

/// One certificate of the peer's chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertInfo {
    pub subject: String,
    pub issuer: String,
    /// Subject alternative names, each with its kind (`DNS:mail.example.com`, `IP:192.0.2.1`).
    pub san: Vec<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub not_before: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub not_after: Option<OffsetDateTime>,
    /// Days until `not_after` (negative once expired).
    pub days_left: Option<i64>,
    /// SHA-256 of the DER, upper-case hex pairs joined by ':'.
    pub sha256: String,
    /// SHA-256 of the SubjectPublicKeyInfo (DER), lower-case hex: what a TLSA record with
    /// selector 1 and matching type 1 holds (RFC 6698 2.1). Absent in exports made before it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spki_sha256: Option<String>,
    pub key: KeyInfo,
    pub self_signed: bool,
}

/// How TLS was started.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TlsVia {
    /// After STARTTLS (RFC 3207).
    Starttls,
    /// From the first byte (RFC 8314 3.3).
    Implicit,
}

/// The facts of one TLS handshake.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TlsInfo {
    pub via: TlsVia,
    pub established: bool,
    /// The protocol version as people write it (`TLS 1.3`).
    pub protocol: Option<String>,
    /// The IANA name of the cipher suite.
    pub cipher_suite: Option<String>,
    /// The server name sent in SNI (none when connecting to an IP address).
    pub sni: Option<String>,
    /// The name the certificate was checked against.
    pub checked_name: String,
    pub chain: Vec<CertInfo>,
    /// `None` when the handshake ended before a certificate was seen.
    pub verification: Option<CertVerdict>,
    /// The user chose to go on despite an invalid certificate, which was invalid. The handshake
    /// may still have failed for a reason no override passes (see `established`).
    pub accepted_invalid: bool,
    /// Why the handshake failed, when it did.
    pub error: Option<TransportFailure>,
}

/// What the recording verifier saw, read after the handshake.
#[derive(Debug, Default)]
pub struct Observed {
    pub chain: Vec<CertificateDer<'static>>,
    pub verdict: Option<CertVerdict>,
}

#[derive(Debug)]
struct RecordingVerifier {
    inner: Arc<dyn ServerCertVerifier>,
    accept_invalid: bool,
    observed: Arc<Mutex<Observed>>,
}

impl ServerCertVerifier for RecordingVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let result = self.inner.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        );
        let verdict = match &result {
            Ok(_) => CertVerdict {
                valid: true,
                problem: None,
            },
            Err(err) => describe_error(err, end_entity),
        };
        if let Ok(mut seen) = self.observed.lock() {
            seen.chain = std::iter::once(end_entity)
                .chain(intermediates)
                .map(|c| c.clone().into_owned())
                .collect();
            seen.verdict = Some(verdict);
        }
        match result {
            Ok(ok) => Ok(ok),
            Err(_) if self.accept_invalid => Ok(ServerCertVerified::assertion()),
            Err(err) => Err(err),
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

fn describe_error(err: &rustls::Error, end_entity: &CertificateDer<'_>) -> CertVerdict {
    let parsed = parse_cert(end_entity, OffsetDateTime::now_utc());
    let self_signed = parsed.as_ref().is_some_and(|c| c.self_signed);
    if let Some(KeyInfo::Rsa { bits }) = parsed.as_ref().map(|c| &c.key)
        && *bits < MIN_RSA_BITS
    {
        // Its signatures cannot be checked at all: that, not its issuer, is what is wrong.
        return CertVerdict {
            valid: false,
            problem: Some(CertProblem::WeakKey { bits: *bits }),
        };
    }
    let problem = match err {
        rustls::Error::InvalidCertificate(cert_err) => match cert_err {
            CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
                CertProblem::Expired
            }
            CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
                CertProblem::NotYetValid
            }
            CertificateError::UnknownIssuer if self_signed => CertProblem::SelfSigned,
            CertificateError::UnknownIssuer => CertProblem::UnknownIssuer,
            CertificateError::NotValidForName => CertProblem::WrongHostName {
                presented: Vec::new(),
                expected: None,
            },
            CertificateError::NotValidForNameContext {
                expected,
                presented,
            } => CertProblem::WrongHostName {
                presented: presented.iter().map(|n| presented_name(n)).collect(),
                expected: Some(expected.to_str().into_owned()),
            },
            CertificateError::Revoked => CertProblem::Revoked,
            CertificateError::BadSignature => CertProblem::BadSignature,
            // A certificate that signs itself fails path building in various ways (no issuer, or
            // an unrelated trusted certificate with the same name and another key type): what
            // the user needs to know is that it is self-signed.
            _ if self_signed => CertProblem::SelfSigned,
            other => CertProblem::Invalid {
                detail: rustls::Error::InvalidCertificate(other.clone()).to_string(),
            },
        },
        other => CertProblem::Invalid {
            detail: other.to_string(),
        },
    };
    CertVerdict {
        valid: false,
        problem: Some(problem),
    }
}

/// A name the certificate presents, as the verifier reports it (`DnsName("a.example")`,
/// `IpAddress(192.0.2.1)`), in the form the certificate summaries use (`DNS:a.example`,
/// `IP:192.0.2.1`).
fn presented_name(name: &str) -> String {
    if let Some(inner) = name
        .strip_prefix("DnsName(\"")
        .and_then(|n| n.strip_suffix("\")"))
    {
        return format!("DNS:{inner}");
    }
    if let Some(inner) = name
        .strip_prefix("IpAddress(")
        .and_then(|n| n.strip_suffix(')'))
    {
        return format!("IP:{inner}");
    }
    name.to_string()
}

/// The smallest RSA key, in bits, that today's TLS stacks accept (ring and rustls refuse smaller
/// ones; NIST SP 800-131A retired 1024-bit RSA).
pub const MIN_RSA_BITS: usize = 2048;

/// How long a built platform verifier is reused: building one reads every root of the system's
/// trust store (about 3 ms), and a CA installed meanwhile is seen after this.
pub const VERIFIER_REUSE: std::time::Duration = std::time::Duration::from_secs(300);

/// The platform verifier built last (system roots only) and when. The lock is held while one is
/// built, so sessions starting together build it once.
static PLATFORM: Mutex<Option<(std::time::Instant, Arc<rustls_platform_verifier::Verifier>)>> =
    Mutex::new(None);

/// TLS sessions to resume, by server name, for the whole process (`TlsOptions::resume`).
static RESUMPTION: std::sync::LazyLock<Arc<rustls::client::ClientSessionMemoryCache>> =
    std::sync::LazyLock::new(|| Arc::new(rustls::client::ClientSessionMemoryCache::new(256)));

/// The platform verifier with the system's roots: the one built last when it is younger than
/// `VERIFIER_REUSE`, else a new one.
fn platform_verifier(
    provider: &Arc<rustls::crypto::CryptoProvider>,
) -> Result<Arc<rustls_platform_verifier::Verifier>, TlsSetupError> {
    let mut last = PLATFORM
        .lock()
        .map_err(|e| TlsSetupError::Config(e.to_string()))?;
    if let Some((built, verifier)) = last.as_ref()
        && built.elapsed() < VERIFIER_REUSE
    {
        return Ok(verifier.clone());
    }
    let verifier = Arc::new(
        rustls_platform_verifier::Verifier::new(provider.clone())
            .map_err(|e| TlsSetupError::Config(e.to_string()))?,
    );
    *last = Some((std::time::Instant::now(), verifier.clone()));
    Ok(verifier)
}

/// Trusts the user's own roots and the system's. The user's are tried first, with no read of the
/// system's store: a chain they cover (a company's or a test CA) verifies without it. The
/// system's are read only for a chain they do not cover, and their verdict is the one given.
#[derive(Debug)]
struct TieredVerifier {
    /// Only the user's roots; `None` when there are none.
    own: Option<Arc<rustls::client::WebPkiServerVerifier>>,
    provider: Arc<rustls::crypto::CryptoProvider>,
    /// The platform verifier, built when first needed.
    system: std::sync::OnceLock<Result<Arc<rustls_platform_verifier::Verifier>, String>>,
}

impl TieredVerifier {
    fn new(
        extra_roots: &[CertificateDer<'static>],
        provider: Arc<rustls::crypto::CryptoProvider>,
    ) -> Result<TieredVerifier, TlsSetupError> {
        let own = if extra_roots.is_empty() {
            None
        } else {
            let mut roots = rustls::RootCertStore::empty();
            for cert in extra_roots {
                roots
                    .add(cert.clone())
                    .map_err(|e| TlsSetupError::Config(e.to_string()))?;
            }
            Some(
                rustls::client::WebPkiServerVerifier::builder_with_provider(
                    Arc::new(roots),
                    provider.clone(),
                )
                .build()
                .map_err(|e| TlsSetupError::Config(e.to_string()))?,
            )
        };
        let verifier = TieredVerifier {
            own,
            provider,
            system: std::sync::OnceLock::new(),
        };
        if verifier.own.is_none() {
            // Nothing else can verify: the system's store is read now, off the handshake.
            verifier.system()?;
        }
        Ok(verifier)
    }

    fn system(&self) -> Result<Arc<rustls_platform_verifier::Verifier>, TlsSetupError> {
        self.system
            .get_or_init(|| platform_verifier(&self.provider).map_err(|e| e.to_string()))
            .clone()
            .map_err(TlsSetupError::Config)
    }
}

impl ServerCertVerifier for TieredVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if let Some(own) = &self.own {
            match own.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
            {
                Err(rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer)) => {}
                // Anchored at the user's roots: valid, or wrong in a way they decide.
                decided => return decided,
            }
        }
        self.system()
            .map_err(|e| rustls::Error::General(e.to_string()))?
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// Builds the client configuration and the shared record of what the verifier saw.
pub fn client_config(
    options: &TlsOptions,
) -> Result<(Arc<ClientConfig>, Arc<Mutex<Observed>>), TlsSetupError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let inner = TieredVerifier::new(&options.extra_roots, provider.clone())?;
    let observed = Arc::new(Mutex::new(Observed::default()));
    let verifier = RecordingVerifier {
        inner: Arc::new(inner),
        accept_invalid: options.accept_invalid,
        observed: observed.clone(),
    };
    let mut config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| TlsSetupError::Config(e.to_string()))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    config.resumption = if options.resume {
        let store: Arc<dyn rustls::client::ClientSessionStore> = RESUMPTION.clone();
        rustls::client::Resumption::store(store)
    } else {
        rustls::client::Resumption::disabled()
    };
    Ok((Arc::new(config), observed))
}

/// Reads the facts of a certificate; `None` when it cannot be parsed.
pub fn parse_cert(der: &CertificateDer<'_>, now: OffsetDateTime) -> Option<CertInfo> {
    use x509_parser::prelude::*;
    let (_, cert) = X509Certificate::from_der(der.as_ref()).ok()?;
    let mut san = Vec::new();
    if let Ok(Some(ext)) = cert.subject_alternative_name() {
        for name in &ext.value.general_names {
            match name {
                GeneralName::DNSName(d) => san.push(format!("DNS:{d}")),
                GeneralName::IPAddress(bytes) => san.push(format!("IP:{}", ip_text(bytes))),
                GeneralName::RFC822Name(m) => san.push(format!("email:{m}")),
                other => san.push(format!("{other}")),
            }
        }
    }
    let not_before = cert.validity().not_before.to_datetime();
    let not_after = cert.validity().not_after.to_datetime();
    let days_left = (not_after - now).whole_days();
    let digest = Sha256::digest(der.as_ref());
    let sha256 = digest
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":");
    let spki = cert.public_key();
    let key = match spki.parsed() {
        Ok(x509_parser::public_key::PublicKey::RSA(rsa)) => KeyInfo::Rsa {
            bits: rsa.key_size(),
        },
        Ok(x509_parser::public_key::PublicKey::EC(ec)) => KeyInfo::Ecdsa {
            // P-521 points are sometimes counted as 528 bits (66 bytes).
            bits: if ec.key_size() == 528 {
                521
            } else {
                ec.key_size()
            },
        },
        _ => match spki.algorithm.algorithm.to_id_string().as_str() {
            "1.3.101.112" => KeyInfo::Ed25519,
            "1.3.101.113" => KeyInfo::Ed448,
            oid => KeyInfo::Other {
                oid: oid.to_string(),
            },
        },
    };
    let subject = cert.subject().to_string();
    let issuer = cert.issuer().to_string();
    Some(CertInfo {
        self_signed: subject == issuer,
        subject,
        issuer,
        san,
        not_before: Some(not_before),
        not_after: Some(not_after),
        days_left: Some(days_left),
        sha256,
        spki_sha256: Some(
            Sha256::digest(cert.public_key().raw)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect(),
        ),
        key,
    })
}

fn ip_text(bytes: &[u8]) -> String {
    match bytes.len() {
        4 => std::net::Ipv4Addr::new(bytes[0], bytes[1], bytes[2], bytes[3]).to_string(),
        16 => {
            let mut octets = [0u8; 16];
            octets.copy_from_slice(bytes);
            std::net::Ipv6Addr::from(octets).to_string()
        }
        _ => format!("{bytes:02x?}"),
    }
}

/// Names a rustls protocol version the way people write it.
pub fn protocol_name(version: rustls::ProtocolVersion) -> String {
    match version {
        rustls::ProtocolVersion::TLSv1_2 => String::from("TLS 1.2"),
        rustls::ProtocolVersion::TLSv1_3 => String::from("TLS 1.3"),
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presented_names_read_as_the_certificate_summaries_write_them() {
        assert_eq!(
            presented_name("DnsName(\"mail.example.com\")"),
            "DNS:mail.example.com"
        );
        assert_eq!(presented_name("IpAddress(192.0.2.1)"), "IP:192.0.2.1");
        assert_eq!(presented_name("DirectoryName"), "DirectoryName");
    }
}
