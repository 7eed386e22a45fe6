//! The words of `smtp-lens detect`: each cell's result, each MX, each DNS finding with its
//! explanation and fix (from the knowledge, `assets/knowledge/dns.toml`), and the whole report as
//! labelled sections that the command line and the exports only lay out and colour.

use serde::Serialize;

use super::t;
use crate::detect::autoconfig::{AutoconfigError, FetchError};
use crate::detect::dns::{LookupError, SrvService};
use crate::detect::finding::{AllPolicy, DmarcPolicy};
use crate::detect::probe::Seen;
use crate::detect::{
    Cell, CellResult, DetectError, DetectReport, Finding, InputError, Mode, MxReport, Source,
    Status, TargetKind,
};

/// Where a candidate came from, in words.
pub fn source(source: Source) -> String {
    match source {
        Source::Autoconfig => t!("detect-source-autoconfig"),
        Source::Srv => t!("detect-source-srv"),
        Source::Mx => t!("detect-source-mx"),
        Source::Guess => t!("detect-source-guess"),
        Source::Given => t!("detect-source-given"),
    }
}

/// A security mode in words.
pub fn mode(mode: Mode) -> String {
    match mode {
        Mode::Tls => t!("detect-mode-tls"),
        Mode::Starttls => t!("detect-mode-starttls"),
        Mode::None => t!("detect-mode-none"),
    }
}

/// A finding's status as the tag before it: `PASS`, `WARN`, `FAIL`, `NONE`.
pub fn status(status: Status) -> String {
    match status {
        Status::Pass => t!("detect-status-pass"),
        Status::Warn => t!("detect-status-warn"),
        Status::Fail => t!("detect-status-fail"),
        Status::None => t!("detect-status-none"),
    }
}

/// Why a lookup found nothing.
pub fn lookup_error(e: &LookupError) -> String {
    match e {
        LookupError::NoSuchName => t!("detect-lookup-no-such-name"),
        LookupError::NoRecords => t!("detect-lookup-no-records"),
        LookupError::Timeout => t!("detect-lookup-timeout"),
        LookupError::Failed { detail } => t!("detect-lookup-failed", detail = detail.as_str()),
    }
}

/// Why an HTTPS fetch gave nothing.
pub fn fetch_error(e: &FetchError) -> String {
    match e {
        FetchError::NoAddress => t!("detect-fetch-no-address"),
        FetchError::Connect { detail } => t!("detect-fetch-connect", detail = detail.as_str()),
        FetchError::Status { status } => t!("detect-fetch-status", status = usize::from(*status)),
        FetchError::TooLarge => t!("detect-fetch-too-large"),
        FetchError::Other { detail } => t!("detect-fetch-other", detail = detail.as_str()),
    }
}

/// The words of a cause: the title of its transport explanation.
fn cause_words(cause: crate::proto::Cause) -> String {
    crate::knowledge::transport::explain_cause(cause).title
}

/// A probe's result in words, with the TLS facts of one that works and the port-25 hint of one
/// that timed out.
pub fn result(result: &CellResult, port: u16, seen: &Seen) -> String {
    match result {
        CellResult::Works => match &seen.tls {
            Some(tls) if tls.established => t!(
                "detect-result-works-tls",
                protocol = tls.protocol.clone().unwrap_or_default(),
                cipher = tls.cipher_suite.clone().unwrap_or_default()
            ),
            _ => t!("detect-result-works"),
        },
        CellResult::Refused => t!("detect-result-refused"),
        CellResult::TimedOut if port == 25 => t!("detect-result-timed-out-25"),
        CellResult::TimedOut => t!("detect-result-timed-out"),
        CellResult::TlsFailed { cause } => {
            let mut reason = cause_words(*cause);
            if let Some(problem) = seen
                .tls
                .as_ref()
                .and_then(|t| t.verification.as_ref())
                .and_then(|v| v.problem.as_ref())
            {
                reason = format!("{reason} ({})", super::cert_problem(problem).1);
            }
            t!("detect-result-tls-failed", reason = reason)
        }
        CellResult::WrongMode => t!("detect-result-wrong-mode"),
        CellResult::StarttlsNotOffered => t!("detect-result-starttls-not-offered"),
        CellResult::Rejected { code } => t!("detect-result-rejected", code = usize::from(*code)),
        CellResult::NoAddress => t!("detect-result-no-address"),
        CellResult::NotRoutable => t!("detect-result-not-routable"),
        CellResult::Failed { cause: Some(c) } => {
            t!("detect-result-failed", reason = cause_words(*c))
        }
        CellResult::Failed { cause: None } => t!("detect-result-failed-unknown"),
    }
}

fn all_words(all: AllPolicy) -> String {
    match all {
        AllPolicy::Fail => t!("detect-all-fail"),
        AllPolicy::SoftFail => t!("detect-all-softfail"),
        AllPolicy::Neutral => t!("detect-all-neutral"),
        AllPolicy::Pass => t!("detect-all-pass"),
        AllPolicy::Missing => t!("detect-all-missing"),
    }
}

fn dmarc_policy(p: DmarcPolicy) -> &'static str {
    match p {
        DmarcPolicy::None => "none",
        DmarcPolicy::Quarantine => "quarantine",
        DmarcPolicy::Reject => "reject",
    }
}

/// The sentence of a finding, with its values.
pub fn finding_detail(f: &Finding) -> String {
    use Finding::*;
    match f {
        MxOk { hosts } => t!("dns-mx-ok", hosts = hosts.join(", ")),
        MxMissing => t!("dns-mx-missing"),
        MxNull => t!("dns-mx-null"),
        MxNoAddress { host } => t!("dns-mx-no-address", host = host.as_str()),
        MxLookupFailed { error } => t!("dns-mx-lookup-failed", error = lookup_error(error)),
        SpfOk {
            record,
            lookups,
            all,
        } => t!(
            "dns-spf-ok",
            record = record.as_str(),
            lookups = (*lookups as usize),
            all = all_words(*all)
        ),
        SpfMissing => t!("dns-spf-missing"),
        SpfMultiple { count } => t!("dns-spf-multiple", count = (*count)),
        SpfSyntax { domain, record } => t!(
            "dns-spf-syntax",
            domain = domain.as_str(),
            record = record.as_str()
        ),
        SpfTooManyLookups { lookups, limit } => t!(
            "dns-spf-too-many-lookups",
            lookups = (*lookups as usize),
            limit = (*limit as usize)
        ),
        SpfVoidLookups { count, limit } => {
            t!(
                "dns-spf-void-lookups",
                count = (*count as usize),
                limit = (*limit as usize)
            )
        }
        SpfAllPass { record } => t!("dns-spf-all-pass", record = record.as_str()),
        SpfAllNeutral { record } => t!("dns-spf-all-neutral", record = record.as_str()),
        SpfIncludeMissing { domain } => t!("dns-spf-include-missing", domain = domain.as_str()),
        SpfLookupFailed { domain, error } => t!(
            "dns-spf-lookup-failed",
            domain = domain.as_str(),
            error = lookup_error(error)
        ),
        DmarcOk { record, policy } => t!(
            "dns-dmarc-ok",
            record = record.as_str(),
            policy = dmarc_policy(*policy)
        ),
        DmarcMissing => t!("dns-dmarc-missing"),
        DmarcMultiple { count } => t!("dns-dmarc-multiple", count = (*count)),
        DmarcSyntax { record } => t!("dns-dmarc-syntax", record = record.as_str()),
        DmarcPolicyNone { record } => t!("dns-dmarc-policy-none", record = record.as_str()),
        DmarcLookupFailed { error } => {
            t!("dns-dmarc-lookup-failed", error = lookup_error(error))
        }
        MtaStsOk { policy_id, max_age } => t!(
            "dns-mta-sts-ok",
            id = policy_id.as_str(),
            max_age = (*max_age as usize)
        ),
        MtaStsMissing => t!("dns-mta-sts-missing"),
        MtaStsTxtSyntax { record } => t!("dns-mta-sts-txt-syntax", record = record.as_str()),
        MtaStsPolicyUnreachable { url, error } => t!(
            "dns-mta-sts-policy-unreachable",
            url = url.as_str(),
            error = fetch_error(error)
        ),
        MtaStsPolicySyntax { line } => t!("dns-mta-sts-policy-syntax", line = line.as_str()),
        MtaStsTesting => t!("dns-mta-sts-testing"),
        MtaStsModeNone => t!("dns-mta-sts-mode-none"),
        MtaStsMxNotCovered { host } => t!("dns-mta-sts-mx-not-covered", host = host.as_str()),
        TlsaMissing { host } => t!("dns-tlsa-missing", host = host.as_str()),
        TlsaOk { host } => t!("dns-tlsa-ok", host = host.as_str()),
        TlsaUnvalidated { host, matches } => t!(
            "dns-tlsa-unvalidated",
            host = host.as_str(),
            matches = match matches {
                Some(true) => t!("detect-tlsa-matches"),
                Some(false) => t!("detect-tlsa-does-not-match"),
                None => t!("detect-tlsa-not-compared"),
            }
        ),
        TlsaMismatch { host } => t!("dns-tlsa-mismatch", host = host.as_str()),
        TlsaNotCompared { host } => t!("dns-tlsa-not-compared", host = host.as_str()),
        PtrOk { address, name } => t!(
            "dns-ptr-ok",
            address = address.as_str(),
            name = name.as_str()
        ),
        PtrMissing { address } => t!("dns-ptr-missing", address = address.as_str()),
        PtrNotConfirmed { address, name } => t!(
            "dns-ptr-not-confirmed",
            address = address.as_str(),
            name = name.as_str()
        ),
        PtrNotChecked { address } => t!("dns-ptr-not-checked", address = address.as_str()),
    }
}

/// A finding in words: its check and status, the title and explanation from the knowledge, the
/// sentence with its values, and the fixes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FindingWords {
    pub check: &'static str,
    pub status: &'static str,
    /// `PASS`, `WARN`, ... in the current language.
    pub status_words: String,
    pub id: String,
    pub title: String,
    pub detail: String,
    pub meaning: String,
    pub fixes: Vec<String>,
    pub references: Vec<String>,
}

/// The words of one finding.
pub fn finding(f: &Finding) -> FindingWords {
    let x = crate::knowledge::dns::explain(f);
    FindingWords {
        check: f.check().id(),
        status: f.status().id(),
        status_words: status(f.status()),
        id: f.id(),
        title: x
            .as_ref()
            .map(|x| x.title.clone())
            .unwrap_or_else(|| f.id()),
        detail: finding_detail(f),
        meaning: x.as_ref().map(|x| x.meaning.clone()).unwrap_or_default(),
        fixes: x.as_ref().map(|x| x.fixes.clone()).unwrap_or_default(),
        references: x.map(|x| x.references).unwrap_or_default(),
    }
}

/// The recommended settings in words, or the sentence that none was found.
pub fn recommended(report: &DetectReport) -> String {
    match &report.recommended {
        Some(r) => t!(
            "detect-recommended-value",
            host = r.host.as_str(),
            port = r.port,
            security = mode(r.security),
            source = source(r.source)
        ),
        None => t!("detect-recommended-none"),
    }
}

/// How a line of a section reads: good, a warning, bad, or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tone {
    Good,
    Warn,
    Bad,
    Plain,
}

/// One line of a section, with its tone and how deep it is indented (0 or 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    pub text: String,
    pub tone: Tone,
    pub depth: u8,
}

/// A heading and its lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    pub heading: String,
    pub lines: Vec<Line>,
}

fn line(text: String, tone: Tone, depth: u8) -> Line {
    Line { text, tone, depth }
}

/// How a probe's result reads: works is good; a wrong mode or STARTTLS not offered a warning;
/// refused, no address and not probed plain (a closed port is no fault); the rest bad.
pub fn result_tone(r: &CellResult) -> Tone {
    match r {
        CellResult::Works => Tone::Good,
        CellResult::Refused | CellResult::NoAddress | CellResult::NotRoutable => Tone::Plain,
        CellResult::WrongMode | CellResult::StarttlsNotOffered => Tone::Warn,
        _ => Tone::Bad,
    }
}

/// How a DNS finding reads, by its status.
pub fn status_tone(s: Status) -> Tone {
    match s {
        Status::Pass => Tone::Good,
        Status::Warn => Tone::Warn,
        Status::Fail => Tone::Bad,
        Status::None => Tone::Plain,
    }
}

/// A cell's line in the matrix: port, mode and result.
pub fn cell(c: &Cell) -> String {
    t!(
        "detect-cell",
        port = c.port,
        security = mode(c.security),
        result = result(&c.result, c.port, &c.seen)
    )
}

/// An MX host's line.
pub fn mx(m: &MxReport) -> String {
    let addresses: Vec<String> = m.addresses.iter().map(|a| a.to_string()).collect();
    t!(
        "detect-mx-value",
        preference = m.preference,
        host = m.host.as_str(),
        addresses = addresses.join(", "),
        result = result(&m.result, 25, &m.seen)
    )
}

/// The report's facts before the sections: target, kind, DNS server, recommended settings.
pub fn facts(report: &DetectReport) -> Vec<(String, String)> {
    let kind = match &report.kind {
        TargetKind::Domain { domain } => t!("detect-kind-domain", domain = domain.as_str()),
        TargetKind::Host { host } => t!("detect-kind-host", host = host.as_str()),
    };
    vec![
        (t!("export-tool"), report.tool.clone()),
        (t!("export-started"), super::record::utc(report.started_at)),
        (t!("detect-target"), format!("{} ({kind})", report.target)),
        (
            t!("detect-dns-server"),
            report
                .dns_server
                .clone()
                .unwrap_or_else(|| t!("detect-dns-system")),
        ),
    ]
}

/// The report as sections: recommended settings, autoconfig, SRV, candidates, the matrix, each
/// MX and the DNS health, each line with its tone.
pub fn sections(report: &DetectReport) -> Vec<Section> {
    let mut out = Vec::new();
    out.push(Section {
        heading: t!("detect-recommended"),
        lines: vec![line(
            recommended(report),
            if report.recommended.is_some() {
                Tone::Good
            } else {
                Tone::Bad
            },
            0,
        )],
    });
    if matches!(report.kind, TargetKind::Domain { .. }) {
        let mut lines = Vec::new();
        for a in &report.autoconfig.attempts {
            let (text, tone) = match &a.error {
                None => (
                    t!(
                        "detect-autoconfig-found",
                        count = report.autoconfig.servers.len()
                    ),
                    Tone::Good,
                ),
                Some(AutoconfigError::Fetch { error }) => (fetch_error(error), Tone::Plain),
                Some(AutoconfigError::Parse { detail }) => (
                    t!("detect-autoconfig-parse", detail = detail.as_str()),
                    Tone::Warn,
                ),
                Some(AutoconfigError::NoSmtpServer) => {
                    (t!("detect-autoconfig-no-smtp"), Tone::Warn)
                }
            };
            lines.push(line(format!("{}: {text}", a.url), tone, 0));
        }
        for s in &report.autoconfig.servers {
            let m = s.mode.map(mode).unwrap_or_default();
            lines.push(line(format!("{}:{} {m}", s.host, s.port), Tone::Plain, 1));
        }
        out.push(Section {
            heading: t!("detect-autoconfig"),
            lines,
        });
        let srv: Vec<Line> = if report.srv.is_empty() {
            vec![line(t!("detect-srv-none"), Tone::Plain, 0)]
        } else {
            report
                .srv
                .iter()
                .map(|s| {
                    let service = match s.service {
                        SrvService::Submissions => "_submissions._tcp",
                        SrvService::Submission => "_submission._tcp",
                    };
                    line(
                        t!(
                            "detect-srv-value",
                            service = service,
                            target = s.target.as_str(),
                            port = s.port,
                            priority = s.priority,
                            weight = s.weight
                        ),
                        Tone::Plain,
                        0,
                    )
                })
                .collect()
        };
        out.push(Section {
            heading: t!("detect-srv"),
            lines: srv,
        });
    }
    out.push(Section {
        heading: t!("detect-candidates"),
        lines: candidate_lines(report),
    });
    let mut matrix = Vec::new();
    let mut last_host: Option<&str> = None;
    for c in &report.matrix {
        if last_host != Some(c.host.as_str()) {
            matrix.push(line(
                t!(
                    "detect-matrix-host",
                    host = c.host.as_str(),
                    source = source(c.source)
                ),
                Tone::Plain,
                0,
            ));
            last_host = Some(c.host.as_str());
        }
        matrix.push(line(cell(c), result_tone(&c.result), 1));
    }
    out.push(Section {
        heading: t!("detect-matrix"),
        lines: matrix,
    });
    if matches!(report.kind, TargetKind::Domain { .. }) {
        out.push(Section {
            heading: t!("detect-mx"),
            lines: mx_lines(report),
        });
        let mut lines = Vec::new();
        for f in &report.dns {
            let w = finding(f);
            lines.push(line(
                format!(
                    "{:<5} {:<7} {}: {}",
                    w.status_words, w.check, w.title, w.detail
                ),
                status_tone(f.status()),
                0,
            ));
            if matches!(f.status(), Status::Warn | Status::Fail) {
                lines.push(line(w.meaning.clone(), Tone::Plain, 1));
                for fix in &w.fixes {
                    lines.push(line(format!("{}: {fix}", t!("detect-fix")), Tone::Plain, 1));
                }
            }
        }
        out.push(Section {
            heading: t!("detect-dns"),
            lines,
        });
    }
    out
}

/// Each MX in preference order: its line (addresses and result), then its greeting, EHLO,
/// whether STARTTLS was offered and its TLS facts with the certificate verdict, one deeper.
pub fn mx_lines(report: &DetectReport) -> Vec<Line> {
    let mut lines = Vec::new();
    if report.mx.is_empty() {
        lines.push(line(t!("detect-mx-none"), Tone::Plain, 0));
    }
    for m in &report.mx {
        lines.push(line(mx(m), result_tone(&m.result), 0));
        if let Some(g) = &m.seen.greeting {
            lines.push(line(
                t!("detect-mx-greeting", text = g.as_str()),
                Tone::Plain,
                1,
            ));
        }
        if let Some(e) = &m.seen.ehlo {
            lines.push(line(
                t!("detect-mx-ehlo", text = e.as_str()),
                Tone::Plain,
                1,
            ));
        }
        match m.seen.starttls_offered {
            Some(true) => lines.push(line(t!("detect-mx-starttls-offered"), Tone::Good, 1)),
            Some(false) => lines.push(line(t!("detect-mx-starttls-not-offered"), Tone::Warn, 1)),
            None => {}
        }
        if let Some(tls) = &m.seen.tls {
            for l in super::tls_lines(tls) {
                lines.push(line(l, Tone::Plain, 1));
            }
        }
    }
    lines
}

/// Each candidate server: its host, where it came from, its addresses (or why it has none).
pub fn candidate_lines(report: &DetectReport) -> Vec<Line> {
    report
        .candidates
        .iter()
        .map(|c| {
            let addresses = match &c.lookup_error {
                Some(e) => lookup_error(e),
                None => c
                    .addresses
                    .iter()
                    .map(|a| a.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
            };
            line(
                t!(
                    "detect-candidate-value",
                    host = c.host.as_str(),
                    source = source(c.source),
                    addresses = addresses
                ),
                if c.lookup_error.is_some() {
                    Tone::Plain
                } else {
                    Tone::Good
                },
                0,
            )
        })
        .collect()
}

/// Why a detection cannot start, in words: the target, a typed field, or setting up DNS or
/// HTTPS.
pub fn input_error(e: &InputError) -> String {
    match e {
        InputError::Target(DetectError::Empty) => t!("detect-error-empty"),
        InputError::Target(DetectError::BadName(name)) => {
            t!("detect-error-bad-name", name = name.as_str())
        }
        InputError::Target(DetectError::Resolver(detail)) => {
            t!("detect-error-resolver", detail = detail.as_str())
        }
        InputError::Target(DetectError::Https(detail)) => {
            t!("detect-error-https", detail = detail.as_str())
        }
        InputError::Ports(text) => t!("detect-input-ports", text = text.as_str()),
        InputError::DnsServer(text) => t!("detect-input-dns-server", text = text.as_str()),
        InputError::Timeout(text) => t!("detect-input-timeout", text = text.as_str()),
        InputError::CaFile(e) => super::errors::tls_setup_error(e),
    }
}

/// The heading of a cell's transcript.
pub fn transcript_heading(host: &str, port: u16, security: Mode) -> String {
    t!(
        "detect-transcript",
        host = host,
        port = port,
        security = mode(security)
    )
}
