//! The findings of the DNS health checks, as facts with their values. Each has a stable
//! kebab-case id (`spf-too-many-lookups`): the knowledge (`assets/knowledge/dns.toml`) explains
//! a finding by its id and `present::detect` words its values, so no sentence is made here.

use serde::{Deserialize, Serialize};

use super::autoconfig::FetchError;
use super::dns::LookupError;

/// Which record a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    /// MX records (RFC 5321 5.1, RFC 7505).
    Mx,
    /// SPF (RFC 7208).
    Spf,
    /// DMARC (RFC 7489).
    Dmarc,
    /// MTA-STS (RFC 8461).
    MtaSts,
    /// DANE TLSA (RFC 6698, RFC 7672).
    Tlsa,
    /// Reverse DNS of each MX address, forward-confirmed.
    Ptr,
}

impl Check {
    /// The id used in JSON.
    pub fn id(self) -> &'static str {
        match self {
            Check::Mx => "mx",
            Check::Spf => "spf",
            Check::Dmarc => "dmarc",
            Check::MtaSts => "mta-sts",
            Check::Tlsa => "tlsa",
            Check::Ptr => "ptr",
        }
    }
}

/// How a finding stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Warn,
    Fail,
    /// Nothing is published, or nothing could be checked.
    None,
}

impl Status {
    /// The id used in JSON.
    pub fn id(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Warn => "warn",
            Status::Fail => "fail",
            Status::None => "none",
        }
    }
}

/// SPF's `all` mechanism, or its absence (RFC 7208 5.1, 4.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AllPolicy {
    /// `-all`: everything else fails.
    Fail,
    /// `~all`: everything else soft-fails.
    SoftFail,
    /// `?all`: neutral.
    Neutral,
    /// `+all` (or `all`): anyone passes.
    Pass,
    /// No `all` (and no `redirect`): the default result is neutral (RFC 7208 4.7).
    Missing,
}

/// A DMARC policy (RFC 7489 6.3 `p=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DmarcPolicy {
    None,
    Quarantine,
    Reject,
}

/// An MTA-STS policy mode (RFC 8461 3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StsMode {
    Enforce,
    Testing,
    None,
}

/// One finding of the DNS health checks, with its values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "id", rename_all = "kebab-case")]
pub enum Finding {
    /// The MX records, by preference.
    MxOk {
        hosts: Vec<String>,
    },
    /// No MX: mail goes to the domain's own address (RFC 5321 5.1 implicit MX), if any.
    MxMissing,
    /// A null MX: the domain accepts no mail (RFC 7505).
    MxNull,
    /// An MX host without an address.
    MxNoAddress {
        host: String,
    },
    /// An MX lookup failed.
    MxLookupFailed {
        error: LookupError,
    },

    /// A valid SPF record within the lookup limit.
    SpfOk {
        record: String,
        lookups: u32,
        all: AllPolicy,
    },
    SpfMissing,
    /// More than one `v=spf1` record: a permanent error (RFC 7208 3.2).
    SpfMultiple {
        count: usize,
    },
    /// A record (the domain's or an included one) that does not parse (RFC 7208 4.6).
    SpfSyntax {
        domain: String,
        record: String,
    },
    /// More than 10 mechanisms or modifiers that query DNS (RFC 7208 4.6.4).
    SpfTooManyLookups {
        lookups: u32,
        limit: u32,
    },
    /// More than 2 of those lookups found nothing (RFC 7208 4.6.4).
    SpfVoidLookups {
        count: u32,
        limit: u32,
    },
    /// `+all`: any host passes.
    SpfAllPass {
        record: String,
    },
    /// `?all`, or no `all` and no `redirect`: strangers are neutral.
    SpfAllNeutral {
        record: String,
    },
    /// An `include` or `redirect` names a domain with no SPF record (RFC 7208 5.2, 6.1).
    SpfIncludeMissing {
        domain: String,
    },
    /// A lookup of the walk failed (temperror, RFC 7208 2.6.6).
    SpfLookupFailed {
        domain: String,
        error: LookupError,
    },

    /// A DMARC record with `p=quarantine` or `p=reject`.
    DmarcOk {
        record: String,
        policy: DmarcPolicy,
    },
    DmarcMissing,
    DmarcMultiple {
        count: usize,
    },
    /// A record that does not parse (RFC 7489 6.4).
    DmarcSyntax {
        record: String,
    },
    /// `p=none`: reports only, nothing is refused.
    DmarcPolicyNone {
        record: String,
    },
    DmarcLookupFailed {
        error: LookupError,
    },

    /// An MTA-STS policy in `enforce` mode that covers every MX.
    MtaStsOk {
        policy_id: String,
        max_age: u64,
    },
    MtaStsMissing,
    /// The `_mta-sts` TXT record does not parse (RFC 8461 3.1).
    MtaStsTxtSyntax {
        record: String,
    },
    /// The policy could not be fetched from `url` (RFC 8461 3.3).
    MtaStsPolicyUnreachable {
        url: String,
        error: FetchError,
    },
    /// The policy file does not parse (RFC 8461 3.2); `line` is the first bad one.
    MtaStsPolicySyntax {
        line: String,
    },
    /// `mode: testing`: failures are reported, mail still flows.
    MtaStsTesting,
    /// `mode: none`: the policy is withdrawn.
    MtaStsModeNone,
    /// An MX host that no `mx` pattern of the policy matches (RFC 8461 4.1).
    MtaStsMxNotCovered {
        host: String,
    },

    /// No TLSA record for the MX host.
    TlsaMissing {
        host: String,
    },
    /// TLSA records that match the MX's certificate, DNSSEC-validated (RFC 7672 2.2).
    TlsaOk {
        host: String,
    },
    /// TLSA records that the answer did not prove with DNSSEC: senders ignore them (RFC 7672
    /// 2.2); `matches` says whether they match the certificate (none when it was not seen).
    TlsaUnvalidated {
        host: String,
        matches: Option<bool>,
    },
    /// No TLSA record matches the certificate the MX presented (RFC 6698 2.1).
    TlsaMismatch {
        host: String,
    },
    /// TLSA records, but the MX's certificate could not be seen to compare.
    TlsaNotCompared {
        host: String,
    },

    /// The address's PTR name resolves back to it (forward-confirmed reverse DNS).
    PtrOk {
        address: String,
        name: String,
    },
    /// The address has no PTR record.
    PtrMissing {
        address: String,
    },
    /// The PTR name does not resolve back to the address.
    PtrNotConfirmed {
        address: String,
        name: String,
    },
    /// A loopback or private address: reverse DNS says nothing about it.
    PtrNotChecked {
        address: String,
    },
}

impl Finding {
    /// The record the finding is about.
    pub fn check(&self) -> Check {
        use Finding::*;
        match self {
            MxOk { .. } | MxMissing | MxNull | MxNoAddress { .. } | MxLookupFailed { .. } => {
                Check::Mx
            }
            SpfOk { .. }
            | SpfMissing
            | SpfMultiple { .. }
            | SpfSyntax { .. }
            | SpfTooManyLookups { .. }
            | SpfVoidLookups { .. }
            | SpfAllPass { .. }
            | SpfAllNeutral { .. }
            | SpfIncludeMissing { .. }
            | SpfLookupFailed { .. } => Check::Spf,
            DmarcOk { .. }
            | DmarcMissing
            | DmarcMultiple { .. }
            | DmarcSyntax { .. }
            | DmarcPolicyNone { .. }
            | DmarcLookupFailed { .. } => Check::Dmarc,
            MtaStsOk { .. }
            | MtaStsMissing
            | MtaStsTxtSyntax { .. }
            | MtaStsPolicyUnreachable { .. }
            | MtaStsPolicySyntax { .. }
            | MtaStsTesting
            | MtaStsModeNone
            | MtaStsMxNotCovered { .. } => Check::MtaSts,
            TlsaMissing { .. }
            | TlsaOk { .. }
            | TlsaUnvalidated { .. }
            | TlsaMismatch { .. }
            | TlsaNotCompared { .. } => Check::Tlsa,
            PtrOk { .. } | PtrMissing { .. } | PtrNotConfirmed { .. } | PtrNotChecked { .. } => {
                Check::Ptr
            }
        }
    }

    /// How the finding stands.
    pub fn status(&self) -> Status {
        use Finding::*;
        match self {
            MxOk { .. }
            | SpfOk { .. }
            | DmarcOk { .. }
            | MtaStsOk { .. }
            | TlsaOk { .. }
            | PtrOk { .. } => Status::Pass,
            MxMissing
            | SpfAllNeutral { .. }
            | SpfVoidLookups { .. }
            | SpfLookupFailed { .. }
            | DmarcPolicyNone { .. }
            | DmarcLookupFailed { .. }
            | MtaStsTesting
            | MtaStsModeNone
            | TlsaUnvalidated { .. }
            | TlsaNotCompared { .. }
            | PtrNotConfirmed { .. }
            | MxLookupFailed { .. } => Status::Warn,
            MxNoAddress { .. }
            | SpfMultiple { .. }
            | SpfSyntax { .. }
            | SpfTooManyLookups { .. }
            | SpfAllPass { .. }
            | SpfIncludeMissing { .. }
            | DmarcMultiple { .. }
            | DmarcSyntax { .. }
            | MtaStsTxtSyntax { .. }
            | MtaStsPolicyUnreachable { .. }
            | MtaStsPolicySyntax { .. }
            | MtaStsMxNotCovered { .. }
            | TlsaMismatch { .. }
            | PtrMissing { .. } => Status::Fail,
            MxNull
            | SpfMissing
            | DmarcMissing
            | MtaStsMissing
            | TlsaMissing { .. }
            | PtrNotChecked { .. } => Status::None,
        }
    }

    /// The stable id (`spf-too-many-lookups`), the key of its explanation in the knowledge.
    pub fn id(&self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.get("id").and_then(|i| i.as_str()).map(str::to_string))
            .unwrap_or_default()
    }

    /// One finding of each kind, with sample values: what the knowledge and the catalogue must
    /// cover (the tests walk it).
    pub fn samples() -> Vec<Finding> {
        use Finding::*;
        let s = || String::from("x");
        let e = || LookupError::Timeout;
        vec![
            MxOk { hosts: vec![s()] },
            MxMissing,
            MxNull,
            MxNoAddress { host: s() },
            MxLookupFailed { error: e() },
            SpfOk {
                record: s(),
                lookups: 1,
                all: AllPolicy::Fail,
            },
            SpfMissing,
            SpfMultiple { count: 2 },
            SpfSyntax {
                domain: s(),
                record: s(),
            },
            SpfTooManyLookups {
                lookups: 11,
                limit: 10,
            },
            SpfVoidLookups { count: 3, limit: 2 },
            SpfAllPass { record: s() },
            SpfAllNeutral { record: s() },
            SpfIncludeMissing { domain: s() },
            SpfLookupFailed {
                domain: s(),
                error: e(),
            },
            DmarcOk {
                record: s(),
                policy: DmarcPolicy::Reject,
            },
            DmarcMissing,
            DmarcMultiple { count: 2 },
            DmarcSyntax { record: s() },
            DmarcPolicyNone { record: s() },
            DmarcLookupFailed { error: e() },
            MtaStsOk {
                policy_id: s(),
                max_age: 86400,
            },
            MtaStsMissing,
            MtaStsTxtSyntax { record: s() },
            MtaStsPolicyUnreachable {
                url: s(),
                error: FetchError::Status { status: 404 },
            },
            MtaStsPolicySyntax { line: s() },
            MtaStsTesting,
            MtaStsModeNone,
            MtaStsMxNotCovered { host: s() },
            TlsaMissing { host: s() },
            TlsaOk { host: s() },
            TlsaUnvalidated {
                host: s(),
                matches: Some(true),
            },
            TlsaMismatch { host: s() },
            TlsaNotCompared { host: s() },
            PtrOk {
                address: s(),
                name: s(),
            },
            PtrMissing { address: s() },
            PtrNotConfirmed {
                address: s(),
                name: s(),
            },
            PtrNotChecked { address: s() },
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_kebab_case_and_unique() {
        let ids: Vec<String> = Finding::samples().iter().map(Finding::id).collect();
        assert!(ids.contains(&String::from("spf-too-many-lookups")));
        assert!(ids.contains(&String::from("mta-sts-mx-not-covered")));
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len());
    }
}
