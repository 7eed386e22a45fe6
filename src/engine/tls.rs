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

/// The user's TLS choices.
#[derive(Debug, Clone, Default)]
pub struct TlsOptions {
    /// Go on with the session even when the certificate does not verify.
    pub accept_invalid: bool,
    /// Extra trusted roots (PEM), e.g. a company's internal CA.
    pub extra_roots: Vec<CertificateDer<'static>>,
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
            return Err(TlsSetupError::CaFile {
                path: path.display().to_string(),
                reason: String::from("it holds no PEM certificate"),
            });
        }
        Ok(count)
    }
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum TlsSetupError {
    #[error(
        "cannot read the CA file {path}: {reason}; give a PEM file with one or more certificates"
    )]
    CaFile { path: String, reason: String },
    #[error("cannot set up TLS: {0}")]
    Config(String),
}

/// The verifier's finding about the peer's certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertVerdict {
    pub valid: bool,
    /// A stable identifier: `valid`, `expired`, `not-yet-valid`, `self-signed`, `unknown-issuer`,
    /// `wrong-host-name`, `revoked`, `bad-signature`, `invalid`.
    pub code: String,
    /// Words for a person, naming the problem.
    pub reason: String,
}

/// One certificate of the peer's chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertInfo {
    pub subject: String,
    pub issuer: String,
    pub san: Vec<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub not_before: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub not_after: Option<OffsetDateTime>,
    /// Days until `not_after` (negative once expired).
    pub days_left: Option<i64>,
    /// SHA-256 of the DER, upper-case hex pairs joined by ':'.
    pub sha256: String,
    pub key: String,
    pub self_signed: bool,
}

impl CertInfo {
    /// One line for transcripts and exports: subject, issuer, time left, key, names.
    pub fn summary(&self) -> String {
        let left = match self.days_left {
            Some(d) if d < 0 => format!("expired {} days ago", -d),
            Some(d) => format!("{d} days left"),
            None => String::from("validity unknown"),
        };
        let names = if self.san.is_empty() {
            String::from("no alternative names")
        } else {
            self.san.join(" ")
        };
        format!(
            "{} issued by {}; {left}; {}; {names}",
            self.subject, self.issuer, self.key
        )
    }
}

/// The facts of one TLS handshake.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TlsInfo {
    /// `starttls` or `implicit`.
    pub via: String,
    pub established: bool,
    pub protocol: Option<String>,
    pub cipher_suite: Option<String>,
    /// The server name sent in SNI (none when connecting to an IP address).
    pub sni: Option<String>,
    /// The name the certificate was checked against.
    pub checked_name: String,
    pub chain: Vec<CertInfo>,
    /// `None` when the handshake ended before a certificate was seen.
    pub verification: Option<CertVerdict>,
    /// The user chose to go on despite an invalid certificate, and the handshake did.
    pub accepted_invalid: bool,
    /// Why the handshake failed, when it did.
    pub error: Option<String>,
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
                code: String::from("valid"),
                reason: String::from("the certificate chain is trusted and matches the host name"),
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
    let self_signed =
        parse_cert(end_entity, OffsetDateTime::now_utc()).is_some_and(|c| c.self_signed);
    let (code, reason) = match err {
        rustls::Error::InvalidCertificate(cert_err) => match cert_err {
            CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
                ("expired", String::from("the certificate has expired"))
            }
            CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => (
                "not-yet-valid",
                String::from(
                    "the certificate is not valid yet (check the clocks of both machines)",
                ),
            ),
            CertificateError::UnknownIssuer if self_signed => (
                "self-signed",
                String::from(
                    "the certificate is self-signed, so no trusted authority vouches for it",
                ),
            ),
            CertificateError::UnknownIssuer => (
                "unknown-issuer",
                String::from(
                    "the certificate was issued by an authority this system does not trust, or the server did not send the intermediate certificates",
                ),
            ),
            CertificateError::NotValidForName => (
                "wrong-host-name",
                String::from("the certificate does not name the host that was connected to"),
            ),
            CertificateError::NotValidForNameContext {
                expected,
                presented,
            } => (
                "wrong-host-name",
                format!(
                    "the certificate is for {} but the host connected to is {}",
                    if presented.is_empty() {
                        String::from("no name")
                    } else {
                        presented.join(", ")
                    },
                    expected.to_str()
                ),
            ),
            CertificateError::Revoked => {
                ("revoked", String::from("the certificate has been revoked"))
            }
            CertificateError::BadSignature => (
                "bad-signature",
                String::from("the certificate's signature does not verify"),
            ),
            // A certificate that signs itself fails path building in various ways (no issuer, or
            // an unrelated trusted certificate with the same name and another key type): what
            // the user needs to know is that it is self-signed.
            _ if self_signed => (
                "self-signed",
                String::from(
                    "the certificate is self-signed, so no trusted authority vouches for it",
                ),
            ),
            other => (
                "invalid",
                format!(
                    "the certificate is not valid ({})",
                    rustls::Error::InvalidCertificate(other.clone())
                ),
            ),
        },
        other => (
            "invalid",
            format!("the certificate could not be verified: {other}"),
        ),
    };
    CertVerdict {
        valid: false,
        code: code.to_string(),
        reason,
    }
}

/// Builds the client configuration and the shared record of what the verifier saw.
pub fn client_config(
    options: &TlsOptions,
) -> Result<(Arc<ClientConfig>, Arc<Mutex<Observed>>), TlsSetupError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let inner = rustls_platform_verifier::Verifier::new_with_extra_roots(
        options.extra_roots.iter().cloned(),
        provider.clone(),
    )
    .map_err(|e| TlsSetupError::Config(e.to_string()))?;
    let observed = Arc::new(Mutex::new(Observed::default()));
    let verifier = RecordingVerifier {
        inner: Arc::new(inner),
        accept_invalid: options.accept_invalid,
        observed: observed.clone(),
    };
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| TlsSetupError::Config(e.to_string()))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
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
        Ok(x509_parser::public_key::PublicKey::RSA(rsa)) => format!("RSA {} bits", rsa.key_size()),
        Ok(x509_parser::public_key::PublicKey::EC(ec)) => match ec.key_size() {
            256 => String::from("ECDSA P-256"),
            384 => String::from("ECDSA P-384"),
            521 | 528 => String::from("ECDSA P-521"),
            n => format!("ECDSA {n} bits"),
        },
        _ => match spki.algorithm.algorithm.to_id_string().as_str() {
            "1.3.101.112" => String::from("Ed25519"),
            "1.3.101.113" => String::from("Ed448"),
            oid => format!("key algorithm {oid}"),
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
