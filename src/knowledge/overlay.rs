//! The knowledge's words in other languages: for each language a folder
//! `assets/knowledge/<tag>/` with the same files as the English data (`causes.toml`,
//! `codes.toml`, `enhanced.toml`, `transport.toml`, `blocklists.toml`, `dns.toml`,
//! `providers/<name>.toml`).
//! Each entry is named by its key (a cause id, a code, a pattern id, a list's name) and carries
//! only the fields it translates; whatever it lacks stays English. A translated `fixes` list
//! replaces the English one only when it has as many fixes, so a fix added in English is never
//! lost to an older translation; `missing` lists every field still in English.

use std::collections::HashMap;

use serde::Deserialize;

use super::KnowledgeError;
use crate::lang::Language;
use crate::proto::Cause;

/// The words of one entry in one language, with the key that names the entry (`id`, `code`,
/// `cause`, `name` or `when_answering`, as in the English file); every word field is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Texts {
    id: Option<String>,
    code: Option<String>,
    cause: Option<Cause>,
    name: Option<String>,
    when_answering: Option<Vec<String>>,
    pub title: Option<String>,
    pub meaning: Option<String>,
    pub when: Option<String>,
    pub fixes: Option<Vec<String>>,
    /// What a non-standard code usually means (codes only).
    pub likely: Option<String>,
    /// A cause's one-line summary (causes only).
    summary: Option<String>,
    /// A blocklist's way off it (blocklists only).
    fix: Option<String>,
    /// A code's refinements per command.
    #[serde(default)]
    context: Vec<Texts>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct OverlayFile {
    #[serde(default)]
    cause: Vec<Texts>,
    #[serde(default)]
    code: Vec<Texts>,
    #[serde(default)]
    enhanced: Vec<Texts>,
    #[serde(default)]
    pattern: Vec<Texts>,
    #[serde(default)]
    failure: Vec<Texts>,
    #[serde(default)]
    blocklist: Vec<Texts>,
    #[serde(default)]
    finding: Vec<Texts>,
}

/// One language's words for the knowledge, by key.
#[derive(Debug, Default)]
pub(super) struct Overlay {
    pub causes: HashMap<Cause, String>,
    /// By code ("550"), with the refinements by their `when_answering` list joined by ",".
    pub codes: HashMap<String, (Texts, HashMap<String, Texts>)>,
    /// By enhanced code as in the data ("X.1.1").
    pub enhanced: HashMap<String, Texts>,
    /// By pattern id.
    pub patterns: HashMap<String, Texts>,
    pub failures: HashMap<Cause, Texts>,
    /// A list's name to its fix.
    pub blocklists: HashMap<String, String>,
    /// DNS health findings by id (`dns.toml`).
    pub findings: HashMap<String, Texts>,
}

/// The key of a refinement: the commands it applies to.
pub(super) fn refinement_key(when_answering: &[String]) -> String {
    when_answering.join(",")
}

macro_rules! overlay_files {
    ($tag:literal, [$($provider:literal),* $(,)?]) => {
        OverlayFiles {
            causes: include_str!(concat!("../../assets/knowledge/", $tag, "/causes.toml")),
            codes: include_str!(concat!("../../assets/knowledge/", $tag, "/codes.toml")),
            enhanced: include_str!(concat!("../../assets/knowledge/", $tag, "/enhanced.toml")),
            transport: include_str!(concat!("../../assets/knowledge/", $tag, "/transport.toml")),
            blocklists: include_str!(concat!("../../assets/knowledge/", $tag, "/blocklists.toml")),
            dns: include_str!(concat!("../../assets/knowledge/", $tag, "/dns.toml")),
            providers: &[$(include_str!(concat!(
                "../../assets/knowledge/", $tag, "/providers/", $provider, ".toml"
            )),)*],
        }
    };
}

struct OverlayFiles {
    causes: &'static str,
    codes: &'static str,
    enhanced: &'static str,
    transport: &'static str,
    blocklists: &'static str,
    dns: &'static str,
    providers: &'static [&'static str],
}

/// The compiled-in overlay files of `language`; none for English, the data's own language.
fn files(language: Language) -> Option<OverlayFiles> {
    match language {
        Language::En => None,
        Language::Ru => Some(super::with_provider_files!(overlay_files, "ru")),
    }
}

fn parse(file: &'static str, text: &str) -> Result<OverlayFile, KnowledgeError> {
    toml::from_str(text).map_err(|e| KnowledgeError {
        file,
        reason: e.to_string(),
    })
}

fn keyed(entries: Vec<Texts>, key: fn(&Texts) -> Option<String>) -> HashMap<String, Texts> {
    entries
        .into_iter()
        .filter_map(|t| key(&t).map(|k| (k, t)))
        .collect()
}

/// Parses the overlay of `language` (empty for English).
pub(super) fn load(language: Language) -> Result<Overlay, KnowledgeError> {
    let Some(f) = files(language) else {
        return Ok(Overlay::default());
    };
    let causes = parse("<lang>/causes.toml", f.causes)?.cause;
    let codes = parse("<lang>/codes.toml", f.codes)?.code;
    let enhanced = parse("<lang>/enhanced.toml", f.enhanced)?.enhanced;
    let failures = parse("<lang>/transport.toml", f.transport)?.failure;
    let blocklists = parse("<lang>/blocklists.toml", f.blocklists)?.blocklist;
    let findings = parse("<lang>/dns.toml", f.dns)?.finding;
    let mut patterns = HashMap::new();
    for text in f.providers {
        let file = parse("<lang>/providers/*.toml", text)?;
        patterns.extend(keyed(file.pattern, |t| t.id.clone()));
    }
    Ok(Overlay {
        causes: causes
            .into_iter()
            .filter_map(|c| {
                Some((
                    c.cause
                        .or_else(|| c.id.as_deref().and_then(Cause::from_id))?,
                    c.summary?,
                ))
            })
            .collect(),
        codes: codes
            .into_iter()
            .filter_map(|mut c| {
                let refinements = std::mem::take(&mut c.context)
                    .into_iter()
                    .filter_map(|r| Some((refinement_key(r.when_answering.as_deref()?), r)))
                    .collect();
                Some((c.code.clone()?, (c, refinements)))
            })
            .collect(),
        enhanced: keyed(enhanced, |t| {
            t.code.as_ref().map(|c| c.to_ascii_uppercase())
        }),
        patterns,
        failures: failures
            .into_iter()
            .filter_map(|f| Some((f.cause?, f)))
            .collect(),
        blocklists: blocklists
            .into_iter()
            .filter_map(|b| Some((b.name?, b.fix?)))
            .collect(),
        findings: keyed(findings, |t| t.id.clone()),
    })
}

/// Entries `all` (English, as parsed) in `language`: `each` puts the overlay's words over one
/// entry's with the merger. Returns them with the fields still in English (none for English).
/// Errors: the overlay does not parse.
pub(super) fn translated<T>(
    language: Language,
    mut all: Vec<T>,
    mut each: impl FnMut(&mut Merger<'_>, &Overlay, &mut T),
) -> Result<(Vec<T>, Vec<String>), KnowledgeError> {
    let mut missing = Vec::new();
    if language != Language::En {
        let o = load(language)?;
        let mut m = Merger {
            missing: &mut missing,
        };
        for entry in &mut all {
            each(&mut m, &o, entry);
        }
    }
    Ok((all, missing))
}

/// Puts the translated words of `t` over the English ones, field by field; records what stays
/// English in `missing` under `what`.
pub(super) struct Merger<'a> {
    pub missing: &'a mut Vec<String>,
}

impl Merger<'_> {
    pub fn text(&mut self, what: &str, field: &str, english: &mut String, t: Option<&String>) {
        if english.trim().is_empty() {
            return;
        }
        match t.filter(|t| !t.trim().is_empty()) {
            Some(t) => *english = t.clone(),
            None => self.missing.push(format!("{what}: {field}")),
        }
    }

    pub fn option(
        &mut self,
        what: &str,
        field: &str,
        english: &mut Option<String>,
        t: Option<&String>,
    ) {
        if let Some(e) = english.as_mut() {
            self.text(what, field, e, t);
        }
    }

    pub fn fixes(&mut self, what: &str, english: &mut Vec<String>, t: Option<&Vec<String>>) {
        if english.is_empty() {
            return;
        }
        match t {
            Some(t) if t.len() == english.len() => english.clone_from(t),
            Some(t) => self.missing.push(format!(
                "{what}: fixes ({} translated, {} in English)",
                t.len(),
                english.len()
            )),
            None => self.missing.push(format!("{what}: fixes")),
        }
    }

    /// Every field of an entry with `title`, `meaning`, `when` and `fixes`.
    pub fn entry(
        &mut self,
        what: &str,
        title: &mut String,
        meaning: &mut String,
        when: &mut String,
        fixes: &mut Vec<String>,
        t: Option<&Texts>,
    ) {
        self.text(what, "title", title, t.and_then(|t| t.title.as_ref()));
        self.text(what, "meaning", meaning, t.and_then(|t| t.meaning.as_ref()));
        self.text(what, "when", when, t.and_then(|t| t.when.as_ref()));
        self.fixes(what, fixes, t.and_then(|t| t.fixes.as_ref()));
    }
}
