//! What each DNS health finding of `detect` means and how to fix it. The facts are in
//! `assets/knowledge/dns.toml`, keyed by the finding ids of `detect::Finding` (a separate file
//! rather than entries in `transport.toml`: these are not why a session failed, so they are not
//! `proto::Cause`s, and a finding id names a published record's state, not a failure), with
//! each language's words in `assets/knowledge/<lang>/dns.toml`.

use serde::{Deserialize, Serialize};

use crate::detect::Finding;
use crate::lang::{Language, PerLanguage};

const DNS: &str = include_str!("../../assets/knowledge/dns.toml");

/// What is said about one finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FindingExplanation {
    /// The finding's id (`spf-too-many-lookups`).
    pub id: String,
    pub title: String,
    pub meaning: String,
    pub fixes: Vec<String>,
    #[serde(default)]
    pub references: Vec<String>,
}

#[derive(Deserialize)]
struct DnsFile {
    finding: Vec<FindingExplanation>,
}

/// Parses the compiled-in data and checks every id is a finding's and every finding has one.
pub fn parse() -> Result<Vec<FindingExplanation>, super::KnowledgeError> {
    let err = |reason: String| super::KnowledgeError {
        file: "dns.toml",
        reason,
    };
    let file: DnsFile = toml::from_str(DNS).map_err(|e| err(e.to_string()))?;
    let known: Vec<String> = Finding::samples().iter().map(Finding::id).collect();
    for f in &file.finding {
        if !known.contains(&f.id) {
            return Err(err(format!("unknown finding id {}", f.id)));
        }
    }
    for id in &known {
        if !file.finding.iter().any(|f| &f.id == id) {
            return Err(err(format!("no entry for the finding {id}")));
        }
    }
    Ok(file.finding)
}

/// The data in `language`, with the list of fields still in English (see `super::overlay`).
pub fn parse_in(
    language: Language,
) -> Result<(Vec<FindingExplanation>, Vec<String>), super::KnowledgeError> {
    super::overlay::translated(language, parse()?, |m, o, f| {
        let what = format!("dns.toml {}", f.id);
        let t = o.findings.get(&f.id);
        m.text(
            &what,
            "title",
            &mut f.title,
            t.and_then(|t| t.title.as_ref()),
        );
        m.text(
            &what,
            "meaning",
            &mut f.meaning,
            t.and_then(|t| t.meaning.as_ref()),
        );
        m.fixes(&what, &mut f.fixes, t.and_then(|t| t.fixes.as_ref()));
    })
}

/// The data in the language chosen for this run, parsed once per language.
fn all() -> &'static [FindingExplanation] {
    static ALL: PerLanguage<Vec<FindingExplanation>> = PerLanguage::new();
    ALL.get(|language| parse_in(language).map(|(a, _)| a).unwrap_or_default())
}

/// The explanation of a finding; `None` only if the data lacks it (the tests forbid that).
pub fn explain(finding: &Finding) -> Option<FindingExplanation> {
    let id = finding.id();
    all().iter().find(|f| f.id == id).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_finding_is_explained_with_a_fix_and_a_reference() {
        let all = parse().unwrap_or_else(|e| panic!("{e}"));
        for f in Finding::samples() {
            let x = all
                .iter()
                .find(|x| x.id == f.id())
                .unwrap_or_else(|| panic!("{} is not in dns.toml", f.id()));
            assert!(!x.fixes.is_empty(), "{}", x.id);
            assert!(!x.references.is_empty(), "{}", x.id);
        }
    }
}
