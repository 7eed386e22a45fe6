//! An explanation of a reply or a failure in words, as labelled parts that every view styles its
//! own way: the command line and the text export as indented lines, the HTML export as markup, the
//! window as a panel. The labels exist once, here.

use serde::Serialize;

use super::t;
use crate::knowledge::transport::FailureExplanation;
use crate::knowledge::{Explanation, ExplanationNote};

/// The labels of an explanation's parts, from the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    pub meaning: String,
    pub when: String,
    pub fixes: String,
    pub retry: String,
    pub cause: String,
    pub note: String,
    pub references: String,
}

/// The labels in the current language.
pub fn labels() -> Labels {
    Labels {
        meaning: t!("explain-meaning"),
        when: t!("explain-when"),
        fixes: t!("explain-fixes"),
        retry: t!("explain-retry"),
        cause: t!("explain-cause"),
        note: t!("explain-note"),
        references: t!("explain-references"),
    }
}

/// Everything said about one reply (or failure), in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Words {
    /// The first line: "550 permanent negative (5.1.1): No such user here [Postfix]", or the
    /// title of a failure.
    pub head: String,
    /// The class label: "5xx permanent negative"; empty for a failure without a reply.
    pub class: String,
    pub title: String,
    /// Who sends this wording, when a provider's pattern matched.
    pub provider: Option<String>,
    /// The codes and context: "code 550, enhanced 5.1.1, answering rcpt".
    pub codes: String,
    pub meaning: String,
    /// When it is seen; empty when the data says nothing.
    pub when: String,
    pub fixes: Vec<String>,
    pub retry: String,
    /// The stable cause id (`unknown-user`).
    pub cause: String,
    pub notes: Vec<String>,
    pub references: Vec<String>,
    /// A positive reply: only the head line is worth showing.
    pub positive: bool,
}

/// The words of a reply's explanation.
pub fn reply(x: &Explanation) -> Words {
    let class = super::class_tag(x.class);
    let mut codes = vec![t!("explain-code", code = x.code)];
    if let Some(e) = &x.enhanced {
        codes.push(t!("explain-enhanced", enhanced = e.as_str()));
    }
    if let Some(ctx) = x.context {
        codes.push(t!("explain-answering", context = super::context(ctx)));
    }
    if let Some(p) = &x.provider {
        codes.push(t!("explain-from", provider = p.as_str()));
    }
    let class_words = super::class(x.class);
    let title = if x.title.is_empty() {
        class_words.clone()
    } else {
        x.title.clone()
    };
    let meaning = if x.meaning.is_empty() {
        t!("explain-class-meaning", class = class_words.clone())
    } else {
        x.meaning.clone()
    };
    let notes = x
        .notes
        .iter()
        .map(|n| match n {
            ExplanationNote::ClassMismatch {
                enhanced,
                enhanced_class,
                code,
            } => t!(
                "explain-note-class-mismatch",
                enhanced = enhanced.as_str(),
                enhanced_class = (*enhanced_class),
                code = (*code),
                class = (code / 100)
            ),
            ExplanationNote::NonStandard { code, likely } => t!(
                "explain-note-non-standard",
                code = (*code),
                likely = likely.as_str()
            ),
            ExplanationNote::Undefined { code } => t!(
                "explain-note-undefined",
                code = (*code),
                class = class_words.clone()
            ),
            ExplanationNote::EnhancedOutOfPlace { enhanced, context } => t!(
                "explain-note-enhanced-out-of-place",
                enhanced = enhanced.as_str(),
                context = super::context(*context)
            ),
        })
        .collect();
    let mut head = format!("{} {}", x.code, class_words);
    if let Some(e) = &x.enhanced {
        head.push_str(&format!(" ({e})"));
    }
    head.push_str(&format!(": {title}"));
    if let Some(p) = &x.provider {
        head.push_str(&format!(" [{p}]"));
    }
    Words {
        head,
        class,
        title,
        provider: x.provider.clone(),
        codes: codes.join(", "),
        meaning,
        when: x.when.clone(),
        fixes: x.fixes.clone(),
        retry: super::retry(x.retry),
        cause: x.cause.id().to_string(),
        notes,
        references: x.references.clone(),
        positive: x.class.is_positive(),
    }
}

/// The words of a failure that no reply decided.
pub fn failure(f: &FailureExplanation) -> Words {
    Words {
        head: f.title.clone(),
        class: String::new(),
        title: f.title.clone(),
        provider: None,
        codes: String::new(),
        meaning: f.meaning.clone(),
        when: f.when.clone(),
        fixes: f.fixes.clone(),
        retry: super::retry(f.retry),
        cause: f.cause.id().to_string(),
        notes: Vec::new(),
        references: f.references.clone(),
        positive: false,
    }
}

/// The explanation as indented text lines (command line, text export): the head line after
/// `marker`, then each labelled part; only the head line for a positive reply.
pub fn lines(w: &Words, indent: &str, marker: &str) -> Vec<String> {
    if w.positive {
        return vec![format!("{indent}{marker}{}", w.head)];
    }
    every_line(w, indent, marker)
}

/// Every part of the explanation as text lines, also for a positive reply: what the window
/// shows, and copies.
pub fn every_line(w: &Words, indent: &str, marker: &str) -> Vec<String> {
    let l = labels();
    let mut out = vec![format!("{indent}{marker}{}", w.head)];
    out.push(format!("{indent}  {}: {}", l.meaning, w.meaning));
    if !w.when.is_empty() {
        out.push(format!("{indent}  {}: {}", l.when, w.when));
    }
    if !w.fixes.is_empty() {
        out.push(format!("{indent}  {}:", l.fixes));
        for (i, f) in w.fixes.iter().enumerate() {
            out.push(format!("{indent}    {}. {f}", i + 1));
        }
    }
    out.push(format!("{indent}  {}: {}", l.retry, w.retry));
    out.push(format!("{indent}  {}: {}", l.cause, w.cause));
    for n in &w.notes {
        out.push(format!("{indent}  {}: {n}", l.note));
    }
    if !w.references.is_empty() {
        out.push(format!(
            "{indent}  {}: {}",
            l.references,
            w.references.join("; ")
        ));
    }
    out
}
