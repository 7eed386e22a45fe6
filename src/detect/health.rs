//! The DNS health of a mail domain: MX (RFC 5321 5.1, RFC 7505), SPF (RFC 7208: syntax, the
//! 10-lookup limit of 4.6.4, the `all` policy), DMARC (RFC 7489: presence, syntax, policy),
//! MTA-STS (RFC 8461: the TXT record, the HTTPS policy, its `mx` patterns against the real MX),
//! DANE TLSA (RFC 6698, RFC 7672: presence, DNSSEC validation, a match with the certificate each
//! MX presented) and forward-confirmed reverse DNS of each MX address.
//!
//! SPF and DMARC records are parsed by `mail-auth`; the lookup walk, the MTA-STS policy, the
//! pattern matching and the TLSA comparison are here, as pure functions where they can be.

use std::collections::HashSet;
use std::net::IpAddr;

use mail_auth::common::parse::TxtRecordParser;
use mail_auth::spf::{Macro, Mechanism, Qualifier, Spf};

use super::autoconfig::Http;
use super::dns::{Dns, LookupError, MxRecord, TlsaRecord};
use super::finding::{AllPolicy, DmarcPolicy, Finding, StsMode};
use super::probe::MxReport;
use crate::engine::CertInfo;

/// The most mechanisms and modifiers that query DNS in one SPF evaluation (RFC 7208 4.6.4).
pub const SPF_LOOKUP_LIMIT: u32 = 10;
/// The most of those lookups that may find nothing (RFC 7208 4.6.4).
pub const SPF_VOID_LIMIT: u32 = 2;
/// The most SPF records read in one walk, against include loops and huge trees.
const SPF_MAX_RECORDS: usize = 40;
/// The longest `max_age` an MTA-STS policy may give, in seconds (RFC 8461 3.2: about a year).
pub const STS_MAX_AGE_LIMIT: u64 = 31_557_600;

/// A TXT record that is an SPF record: `v=spf1` then a space or nothing (RFC 7208 4.5).
pub fn is_spf(txt: &str) -> bool {
    let lower = txt.trim_start().to_ascii_lowercase();
    lower == "v=spf1" || lower.starts_with("v=spf1 ")
}

/// A TXT record that claims to be DMARC: it starts with `v=DMARC1` (RFC 7489 6.4).
pub fn is_dmarc(txt: &str) -> bool {
    let t = txt.trim_start();
    t.len() >= 8 && t[..8].eq_ignore_ascii_case("v=DMARC1")
}

/// A TXT record that claims to be MTA-STS: `v=STSv1` (RFC 8461 3.1).
pub fn is_mta_sts(txt: &str) -> bool {
    txt.trim_start().starts_with("v=STSv1")
}

/// The literal domain of an SPF macro string, when it has no macro to expand.
fn literal(m: &Macro) -> Option<String> {
    match m {
        Macro::Literal(bytes) => Some(
            String::from_utf8_lossy(bytes)
                .trim_end_matches('.')
                .to_ascii_lowercase(),
        ),
        _ => None,
    }
}

/// What one SPF record asks of the walk: its DNS-querying terms and the domains to read next.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SpfTerms {
    /// Mechanisms and modifiers that query DNS: include, a, mx, ptr, exists, redirect.
    pub lookups: u32,
    /// Domains of `include` and `redirect` with no macro, to read in turn.
    pub next: Vec<String>,
    /// The `all` mechanism's qualifier, if the record has one.
    pub all: Option<AllPolicy>,
    pub redirect: Option<String>,
}

/// The terms of a parsed SPF record (RFC 7208 5, 6.1, 4.6.4).
pub fn spf_terms(spf: &Spf) -> SpfTerms {
    let mut t = SpfTerms::default();
    for d in spf.directives.iter() {
        match &d.mechanism {
            Mechanism::All => {
                t.all = Some(match d.qualifier {
                    Qualifier::Fail => AllPolicy::Fail,
                    Qualifier::SoftFail => AllPolicy::SoftFail,
                    Qualifier::Neutral => AllPolicy::Neutral,
                    Qualifier::Pass => AllPolicy::Pass,
                });
            }
            Mechanism::Include { macro_string } => {
                t.lookups += 1;
                if let Some(d) = literal(macro_string) {
                    t.next.push(d);
                }
            }
            Mechanism::A { .. }
            | Mechanism::Mx { .. }
            | Mechanism::Ptr { .. }
            | Mechanism::Exists { .. } => t.lookups += 1,
            Mechanism::Ip4 { .. } | Mechanism::Ip6 { .. } => {}
        }
    }
    // RFC 7208 6.1: redirect is ignored when the record has an `all`.
    if t.all.is_none()
        && let Some(r) = &spf.redirect
    {
        t.lookups += 1;
        if let Some(d) = literal(r) {
            t.redirect = Some(d.clone());
            t.next.push(d);
        }
    }
    t
}

/// The SPF findings of `domain`, from its TXT records: the walk through every include and
/// redirect counts the lookups.
pub async fn spf(dns: &Dns, domain: &str, txt: Result<Vec<String>, LookupError>) -> Vec<Finding> {
    let records: Vec<String> = match txt {
        Ok(t) => t.into_iter().filter(|r| is_spf(r)).collect(),
        Err(error) => {
            return vec![Finding::SpfLookupFailed {
                domain: domain.to_string(),
                error,
            }];
        }
    };
    let record = match records.as_slice() {
        [] => return vec![Finding::SpfMissing],
        [one] => one.clone(),
        many => return vec![Finding::SpfMultiple { count: many.len() }],
    };
    let Ok(root) = Spf::parse(record.as_bytes()) else {
        return vec![Finding::SpfSyntax {
            domain: domain.to_string(),
            record,
        }];
    };
    let root_terms = spf_terms(&root);
    let mut findings = Vec::new();
    let mut lookups = root_terms.lookups;
    let mut void = 0;
    let mut all = root_terms.all;
    let mut redirect = root_terms.redirect.clone();
    let mut queue: Vec<String> = root_terms.next;
    let mut seen: HashSet<String> = HashSet::from([domain.to_string()]);
    let mut read = 0;
    while let Some(next) = queue.pop() {
        if !seen.insert(next.clone()) || read >= SPF_MAX_RECORDS {
            continue;
        }
        read += 1;
        let found = match dns.txt(&next).await {
            Ok(t) => t.into_iter().filter(|r| is_spf(r)).collect::<Vec<_>>(),
            Err(error) => {
                findings.push(Finding::SpfLookupFailed {
                    domain: next,
                    error,
                });
                continue;
            }
        };
        let Some(text) = found.first() else {
            void += 1;
            findings.push(Finding::SpfIncludeMissing { domain: next });
            continue;
        };
        let Ok(parsed) = Spf::parse(text.as_bytes()) else {
            findings.push(Finding::SpfSyntax {
                domain: next,
                record: text.clone(),
            });
            continue;
        };
        let terms = spf_terms(&parsed);
        lookups += terms.lookups;
        // The redirect target's `all` is the domain's (RFC 7208 6.1).
        if redirect.as_deref() == Some(next.as_str()) {
            all = terms.all;
            redirect = terms.redirect.clone();
        }
        queue.extend(terms.next);
    }
    if lookups > SPF_LOOKUP_LIMIT {
        findings.push(Finding::SpfTooManyLookups {
            lookups,
            limit: SPF_LOOKUP_LIMIT,
        });
    }
    if void > SPF_VOID_LIMIT {
        findings.push(Finding::SpfVoidLookups {
            count: void,
            limit: SPF_VOID_LIMIT,
        });
    }
    let all = all.unwrap_or(AllPolicy::Missing);
    match all {
        AllPolicy::Pass => findings.push(Finding::SpfAllPass {
            record: record.clone(),
        }),
        AllPolicy::Neutral | AllPolicy::Missing => findings.push(Finding::SpfAllNeutral {
            record: record.clone(),
        }),
        AllPolicy::Fail | AllPolicy::SoftFail => {}
    }
    if findings.is_empty() {
        findings.push(Finding::SpfOk {
            record,
            lookups,
            all,
        });
    }
    findings
}

/// The DMARC finding of a domain, from the TXT records of `_dmarc.DOMAIN` (RFC 7489 6.1).
pub fn dmarc(txt: Result<Vec<String>, LookupError>) -> Finding {
    let records: Vec<String> = match txt {
        Ok(t) => t.into_iter().filter(|r| is_dmarc(r)).collect(),
        Err(error) => return Finding::DmarcLookupFailed { error },
    };
    let record = match records.as_slice() {
        [] => return Finding::DmarcMissing,
        [one] => one.clone(),
        // RFC 7489 6.6.3: more than one record means none applies.
        many => return Finding::DmarcMultiple { count: many.len() },
    };
    match mail_auth::dmarc::Dmarc::parse(record.as_bytes()) {
        Ok(d) => match d.p {
            mail_auth::dmarc::Policy::None => Finding::DmarcPolicyNone { record },
            mail_auth::dmarc::Policy::Quarantine => Finding::DmarcOk {
                record,
                policy: DmarcPolicy::Quarantine,
            },
            mail_auth::dmarc::Policy::Reject => Finding::DmarcOk {
                record,
                policy: DmarcPolicy::Reject,
            },
            // `p` is required (RFC 7489 6.3).
            mail_auth::dmarc::Policy::Unspecified => Finding::DmarcSyntax { record },
        },
        Err(_) => Finding::DmarcSyntax { record },
    }
}

/// An MTA-STS policy (RFC 8461 3.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StsPolicy {
    pub mode: StsMode,
    pub mx: Vec<String>,
    pub max_age: u64,
}

/// Parses an MTA-STS policy file (RFC 8461 3.2): `key: value` lines (CRLF or LF), `version:
/// STSv1`, `mode`, one or more `mx` (none needed in mode `none`) and `max_age`; other keys are
/// ignored. The error is the first line that is wrong, or the missing key.
pub fn parse_policy(text: &str) -> Result<StsPolicy, String> {
    let mut version = None;
    let mut mode = None;
    let mut mx = Vec::new();
    let mut max_age = None;
    for raw in text.split('\n') {
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            return Err(line.to_string());
        };
        let value = value.trim();
        match key.trim() {
            "version" => version = Some(value.to_string()),
            "mode" => {
                mode = Some(match value {
                    "enforce" => StsMode::Enforce,
                    "testing" => StsMode::Testing,
                    "none" => StsMode::None,
                    _ => return Err(line.to_string()),
                })
            }
            "mx" => {
                if value.is_empty() || value.contains(char::is_whitespace) {
                    return Err(line.to_string());
                }
                mx.push(value.trim_end_matches('.').to_ascii_lowercase());
            }
            "max_age" => match value.parse::<u64>() {
                Ok(n) if n <= STS_MAX_AGE_LIMIT && value.len() <= 10 => max_age = Some(n),
                _ => return Err(line.to_string()),
            },
            _ => {}
        }
    }
    if version.as_deref() != Some("STSv1") {
        return Err(String::from("version"));
    }
    let Some(mode) = mode else {
        return Err(String::from("mode"));
    };
    let Some(max_age) = max_age else {
        return Err(String::from("max_age"));
    };
    if mx.is_empty() && mode != StsMode::None {
        return Err(String::from("mx"));
    }
    Ok(StsPolicy { mode, mx, max_age })
}

/// Whether an MTA-STS `mx` pattern matches a host (RFC 8461 4.1): equal, or `*.` and the rest
/// equal with exactly one label in place of the `*`.
pub fn mx_matches(pattern: &str, host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let pattern = pattern.trim_end_matches('.').to_ascii_lowercase();
    match pattern.strip_prefix("*.") {
        Some(rest) => host
            .split_once('.')
            .is_some_and(|(label, tail)| !label.is_empty() && tail == rest),
        None => host == pattern,
    }
}

/// The MTA-STS findings of `domain` against its MX hosts.
pub async fn mta_sts(dns: &Dns, http: &Http, domain: &str, mx: &[MxRecord]) -> Vec<Finding> {
    let records: Vec<String> = match dns.txt(&format!("_mta-sts.{domain}")).await {
        Ok(t) => t.into_iter().filter(|r| is_mta_sts(r)).collect(),
        Err(_) => Vec::new(),
    };
    let Some(record) = records.first().cloned() else {
        return vec![Finding::MtaStsMissing];
    };
    let Ok(txt) = mail_auth::mta_sts::MtaSts::parse(record.as_bytes()) else {
        return vec![Finding::MtaStsTxtSyntax { record }];
    };
    if records.len() > 1 {
        return vec![Finding::MtaStsTxtSyntax { record }];
    }
    let url = format!("https://mta-sts.{domain}/.well-known/mta-sts.txt");
    let body = match http.get(&url).await {
        Ok(b) => b,
        Err(error) => return vec![Finding::MtaStsPolicyUnreachable { url, error }],
    };
    let policy = match parse_policy(&body) {
        Ok(p) => p,
        Err(line) => return vec![Finding::MtaStsPolicySyntax { line }],
    };
    let mut findings = Vec::new();
    match policy.mode {
        StsMode::Testing => findings.push(Finding::MtaStsTesting),
        StsMode::None => findings.push(Finding::MtaStsModeNone),
        StsMode::Enforce => {}
    }
    if policy.mode != StsMode::None {
        for m in mx.iter().filter(|m| !m.exchange.is_empty()) {
            if !policy.mx.iter().any(|p| mx_matches(p, &m.exchange)) {
                findings.push(Finding::MtaStsMxNotCovered {
                    host: m.exchange.clone(),
                });
            }
        }
    }
    if findings.is_empty() {
        findings.push(Finding::MtaStsOk {
            policy_id: txt.id,
            max_age: policy.max_age,
        });
    }
    findings
}

/// Hex without separators, lower case (`AB:CD` -> `abcd`).
fn plain_hex(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_hexdigit)
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Whether a TLSA record matches a certificate chain (RFC 6698 2.1, RFC 7672 3.1): usages 1 and
/// 3 (end entity) compare the first certificate, 0 and 2 (trust anchor) the others; selector 0
/// the whole certificate, 1 its public key; matching type 1 (SHA-256) only. `None` when the
/// record cannot be compared with what was seen.
pub fn tlsa_matches(record: &TlsaRecord, chain: &[CertInfo]) -> Option<bool> {
    if record.matching != 1 || chain.is_empty() {
        return None;
    }
    let certs: &[CertInfo] = match record.usage {
        1 | 3 => &chain[..1],
        0 | 2 => &chain[1..],
        _ => return None,
    };
    let want = plain_hex(&record.data);
    let mut comparable = false;
    for cert in certs {
        let have = match record.selector {
            0 => Some(plain_hex(&cert.sha256)),
            1 => cert.spki_sha256.as_deref().map(plain_hex),
            _ => None,
        };
        if let Some(have) = have {
            comparable = true;
            if have == want {
                return Some(true);
            }
        }
    }
    comparable.then_some(false)
}

/// The TLSA finding of one MX host (`_25._tcp.HOST`, RFC 7672 2.2), against the chain its
/// probe saw.
pub async fn tlsa(dns: &Dns, report: &MxReport) -> Finding {
    let host = report.host.clone();
    let name = format!("_25._tcp.{host}");
    let records = dns.tlsa(&name).await.unwrap_or_default();
    if records.is_empty() {
        return Finding::TlsaMissing { host };
    }
    let chain: &[CertInfo] = report
        .seen
        .tls
        .as_ref()
        .map(|t| t.chain.as_slice())
        .unwrap_or(&[]);
    let results: Vec<Option<bool>> = records.iter().map(|r| tlsa_matches(r, chain)).collect();
    let matches = if results.contains(&Some(true)) {
        Some(true)
    } else if results.contains(&Some(false)) {
        Some(false)
    } else {
        None
    };
    let validated = dns
        .validated(&name, hickory_resolver::proto::rr::RecordType::TLSA)
        .await;
    match (matches, validated) {
        (Some(false), _) => Finding::TlsaMismatch { host },
        (_, false) => Finding::TlsaUnvalidated { host, matches },
        (Some(true), true) => Finding::TlsaOk { host },
        (None, true) => Finding::TlsaNotCompared { host },
    }
}

/// Whether reverse DNS says anything about an address: not for loopback, private, link-local or
/// unspecified ones.
fn public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            !(v4.is_loopback() || v4.is_private() || v4.is_link_local() || v4.is_unspecified())
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80)
        }
    }
}

/// The reverse DNS finding of one address: its PTR name, forward-confirmed.
pub async fn ptr(dns: &Dns, ip: IpAddr) -> Finding {
    let address = ip.to_string();
    if !public(ip) {
        return Finding::PtrNotChecked { address };
    }
    let names = dns.ptr(ip).await.unwrap_or_default();
    let Some(first) = names.first().cloned() else {
        return Finding::PtrMissing { address };
    };
    for name in &names {
        if dns
            .addresses(name)
            .await
            .is_ok_and(|list| list.contains(&ip))
        {
            return Finding::PtrOk {
                address,
                name: name.clone(),
            };
        }
    }
    Finding::PtrNotConfirmed {
        address,
        name: first,
    }
}

/// The MX findings.
pub fn mx(result: &Result<Vec<MxRecord>, LookupError>, reports: &[MxReport]) -> Vec<Finding> {
    let records = match result {
        Ok(r) => r,
        Err(error) => {
            return vec![Finding::MxLookupFailed {
                error: error.clone(),
            }];
        }
    };
    if records.is_empty() {
        return vec![Finding::MxMissing];
    }
    if records.len() == 1 && records[0].exchange.is_empty() {
        return vec![Finding::MxNull];
    }
    let mut out = vec![Finding::MxOk {
        hosts: records.iter().map(|m| m.exchange.clone()).collect(),
    }];
    for r in reports.iter().filter(|r| r.addresses.is_empty()) {
        out.push(Finding::MxNoAddress {
            host: r.host.clone(),
        });
    }
    out
}

/// Every DNS health finding of `domain`, in the order MX, SPF, DMARC, MTA-STS, TLSA, PTR.
pub async fn check_all(
    dns: &Dns,
    http: &Http,
    domain: &str,
    txt: Result<Vec<String>, LookupError>,
    dmarc_txt: Result<Vec<String>, LookupError>,
    mx_result: &Result<Vec<MxRecord>, LookupError>,
    reports: &[MxReport],
) -> Vec<Finding> {
    let records: Vec<MxRecord> = mx_result.as_ref().cloned().unwrap_or_default();
    let (spf_findings, sts_findings) =
        tokio::join!(spf(dns, domain, txt), mta_sts(dns, http, domain, &records));
    let mut out = mx(mx_result, reports);
    out.extend(spf_findings);
    out.push(dmarc(dmarc_txt));
    out.extend(sts_findings);
    for r in reports {
        out.push(tlsa(dns, r).await);
    }
    let mut done = HashSet::new();
    for r in reports {
        for ip in &r.addresses {
            if done.insert(*ip) {
                out.push(ptr(dns, *ip).await);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(record: &str) -> SpfTerms {
        spf_terms(&Spf::parse(record.as_bytes()).expect(record))
    }

    #[test]
    fn spf_counts_the_terms_that_query_dns() {
        // RFC 7208 4.6.4: include, a, mx, ptr, exists and redirect count; ip4, ip6, all do not.
        let t = terms(
            "v=spf1 a mx ptr exists:%{i}.x.example include:_spf.example.com ip4:192.0.2.0/24 ip6:2001:db8::/32 -all",
        );
        assert_eq!(t.lookups, 5);
        assert_eq!(t.next, ["_spf.example.com"]);
        assert_eq!(t.all, Some(AllPolicy::Fail));
        let t = terms("v=spf1 redirect=_spf.example.net");
        assert_eq!(
            (t.lookups, t.redirect.as_deref()),
            (1, Some("_spf.example.net"))
        );
        // A redirect beside `all` is ignored (RFC 7208 6.1).
        let t = terms("v=spf1 ~all redirect=_spf.example.net");
        assert_eq!((t.lookups, t.all), (0, Some(AllPolicy::SoftFail)));
        assert_eq!(terms("v=spf1 +all").all, Some(AllPolicy::Pass));
        assert_eq!(terms("v=spf1 ?all").all, Some(AllPolicy::Neutral));
        assert_eq!(terms("v=spf1 ip4:192.0.2.1").all, None);
        // A macro cannot be followed without a sender, but it still counts.
        let t = terms("v=spf1 include:%{d}.spf.example.com -all");
        assert_eq!((t.lookups, t.next.len()), (1, 0));
    }

    #[test]
    fn spf_and_dmarc_records_are_told_from_other_txt() {
        assert!(is_spf("v=spf1 -all"));
        assert!(is_spf("V=SPF1"));
        assert!(!is_spf("v=spf10 -all"));
        assert!(!is_spf("google-site-verification=abc"));
        assert!(is_dmarc("v=DMARC1; p=none"));
        assert!(!is_dmarc("v=spf1 -all"));
    }

    #[test]
    fn dmarc_policy_none_warns_and_a_bad_record_fails() {
        let one = |r: &str| Ok(vec![r.to_string()]);
        assert_eq!(
            dmarc(one("v=DMARC1; p=none; rua=mailto:d@example.com")).status(),
            crate::detect::Status::Warn
        );
        assert!(matches!(
            dmarc(one("v=DMARC1; p=reject")),
            Finding::DmarcOk {
                policy: DmarcPolicy::Reject,
                ..
            }
        ));
        assert!(matches!(
            dmarc(one("v=DMARC1; p=rejectt")),
            Finding::DmarcSyntax { .. }
        ));
        assert_eq!(dmarc(Ok(Vec::new())), Finding::DmarcMissing);
        assert_eq!(
            dmarc(Ok(vec![
                String::from("v=DMARC1; p=none"),
                String::from("v=DMARC1; p=reject")
            ])),
            Finding::DmarcMultiple { count: 2 }
        );
    }

    #[test]
    fn mta_sts_policies_parse_and_name_the_first_bad_line() {
        let p = parse_policy("version: STSv1\r\nmode: enforce\r\nmx: mx1.example.com\r\nmx: *.example.net\r\nmax_age: 604800\r\n").unwrap();
        assert_eq!(p.mode, StsMode::Enforce);
        assert_eq!(p.mx, ["mx1.example.com", "*.example.net"]);
        assert_eq!(p.max_age, 604_800);
        assert_eq!(
            parse_policy("version: STSv1\nmode: enforced\nmx: a\nmax_age: 1\n"),
            Err(String::from("mode: enforced"))
        );
        assert_eq!(
            parse_policy("version: STSv1\nmode: enforce\nmax_age: 1\n"),
            Err(String::from("mx"))
        );
        assert_eq!(
            parse_policy("mode: testing\nmx: a\nmax_age: 1\n"),
            Err(String::from("version"))
        );
        assert!(parse_policy("version: STSv1\nmode: none\nmax_age: 99999999999\n").is_err());
        assert!(parse_policy("version: STSv1\nmode: none\nmax_age: 0\n").is_ok());
    }

    #[test]
    fn mx_patterns_match_one_label_for_a_wildcard() {
        assert!(mx_matches("mx1.example.com", "MX1.example.com."));
        assert!(mx_matches("*.example.com", "mx1.example.com"));
        assert!(!mx_matches("*.example.com", "a.mx1.example.com"));
        assert!(!mx_matches("*.example.com", "example.com"));
        assert!(!mx_matches("mx1.example.com", "mx2.example.com"));
    }

    fn cert(sha256: &str, spki: &str) -> CertInfo {
        CertInfo {
            subject: String::new(),
            issuer: String::new(),
            san: Vec::new(),
            not_before: None,
            not_after: None,
            days_left: None,
            sha256: sha256.to_string(),
            spki_sha256: Some(spki.to_string()),
            key: crate::engine::KeyInfo::Ed25519,
            self_signed: false,
        }
    }

    #[test]
    fn tlsa_records_match_the_end_entity_or_an_anchor() {
        let chain = [cert("AA:BB", "1122"), cert("CC:DD", "3344")];
        let rec = |usage, selector, matching, data: &str| TlsaRecord {
            usage,
            selector,
            matching,
            data: data.to_string(),
        };
        assert_eq!(tlsa_matches(&rec(3, 1, 1, "1122"), &chain), Some(true));
        assert_eq!(tlsa_matches(&rec(3, 0, 1, "aabb"), &chain), Some(true));
        assert_eq!(tlsa_matches(&rec(3, 1, 1, "3344"), &chain), Some(false));
        assert_eq!(tlsa_matches(&rec(2, 1, 1, "3344"), &chain), Some(true));
        assert_eq!(tlsa_matches(&rec(2, 0, 1, "aabb"), &chain), Some(false));
        // SHA-512 and full data are not compared; nothing seen, nothing compared.
        assert_eq!(tlsa_matches(&rec(3, 1, 2, "1122"), &chain), None);
        assert_eq!(tlsa_matches(&rec(3, 1, 1, "1122"), &[]), None);
    }

    #[test]
    fn reverse_dns_is_checked_for_public_addresses_only() {
        assert!(!public("127.0.0.4".parse().unwrap()));
        assert!(!public("10.1.2.3".parse().unwrap()));
        assert!(!public("fe80::1".parse().unwrap()));
        assert!(public("192.0.2.10".parse().unwrap()));
        assert!(public("2a00:1450::1".parse().unwrap()));
    }
}
