//! Failures below or before the SMTP conversation (names, sockets, TLS, modes), explained the
//! same way as replies. The facts are in `assets/knowledge/transport.toml`, keyed by cause id.

use serde::{Deserialize, Serialize};

use super::Retry;
use crate::lang::{Language, PerLanguage};
use crate::proto::Cause;

const TRANSPORT: &str = include_str!("../../assets/knowledge/transport.toml");

/// What is said about a failure that no reply decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FailureExplanation {
    pub cause: Cause,
    pub title: String,
    pub meaning: String,
    pub when: String,
    pub fixes: Vec<String>,
    pub retry: Retry,
    #[serde(default)]
    pub references: Vec<String>,
}

#[derive(Deserialize)]
struct TransportFile {
    failure: Vec<FailureExplanation>,
}

/// Parses the compiled-in data.
pub fn parse() -> Result<Vec<FailureExplanation>, super::KnowledgeError> {
    let file: TransportFile = toml::from_str(TRANSPORT).map_err(|e| super::KnowledgeError {
        file: "transport.toml",
        reason: e.to_string(),
    })?;
    Ok(file.failure)
}

/// The data in `language`, with the list of fields still in English (see `super::overlay`).
pub fn parse_in(
    language: Language,
) -> Result<(Vec<FailureExplanation>, Vec<String>), super::KnowledgeError> {
    super::overlay::translated(language, parse()?, |m, o, f| {
        let what = format!("transport.toml {}", f.cause);
        let t = o.failures.get(&f.cause);
        m.entry(
            &what,
            &mut f.title,
            &mut f.meaning,
            &mut f.when,
            &mut f.fixes,
            t,
        );
    })
}

/// The data in the language chosen for this run, parsed once per language.
fn all() -> &'static [FailureExplanation] {
    static ALL: PerLanguage<Vec<FailureExplanation>> = PerLanguage::new();
    ALL.get(|language| parse_in(language).map(|(a, _)| a).unwrap_or_default())
}

/// True when the transport data explains `cause`.
pub fn knows(cause: Cause) -> bool {
    all().iter().any(|f| f.cause == cause)
}

/// The explanation of a transport cause, or a plain one naming the cause when the data has none.
pub fn explain_cause(cause: Cause) -> FailureExplanation {
    all()
        .iter()
        .find(|f| f.cause == cause)
        .cloned()
        .unwrap_or_else(|| FailureExplanation {
            cause,
            title: cause.id().replace('-', " "),
            meaning: super::Knowledge::get()
                .and_then(|k| k.cause_summary(cause))
                .unwrap_or("The session failed before a reply could decide it.")
                .to_string(),
            when: String::new(),
            fixes: vec![String::from(
                "Read the transcript's last lines: they say where it stopped.",
            )],
            retry: Retry::FixFirst,
            references: Vec::new(),
        })
}
