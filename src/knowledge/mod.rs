//! What a reply means and what to do about it.
//!
//! The facts live as data in `assets/knowledge/*.toml`, compiled into the binary and parsed once.
//! A reply is explained in its context (the command it answered): a provider's text pattern wins
//! when one matches (the most specific first), then the enhanced status code, then the basic code
//! (refined by context), then the class. There is always something true to say.
//!
//! This module never does IO beyond reading its compiled-in data, and never decides the course of
//! a session: it only explains.

pub mod dns;
mod overlay;
pub mod transport;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::lang::{Language, PerLanguage};
use crate::proto::session::{Answered, ReplyContext};
use crate::proto::{Cause, EnhancedCode, Mechanism, Reply, ReplyClass, ReplyParser};

/// Calls `$then!` with the provider files' names (`assets/knowledge/providers/<name>.toml`), so
/// the English data and every language's overlay list the same files. A new provider file is
/// one more name here (and the same file under each `assets/knowledge/<lang>/providers/`).
macro_rules! with_provider_files {
    ($then:ident $(, $arg:tt)*) => {
        $then!($($arg,)* [
            "google",
            "microsoft",
            "yahoo-aol",
            "icloud",
            "postfix",
            "exim",
            "sendmail",
            "qmail",
            "amazon-ses",
            "sendgrid",
            "mailgun",
            "united-internet",
            "comcast",
            "att",
            "godaddy",
            "cisco",
            "mimecast",
            "mailru",
            "yandex",
            "qq-mail",
            "netease",
            "alibaba-mail",
            "tiscali",
            "opensmtpd",
            "courier",
            "nodemailer-smtp-server",
            "other",
            "shared-wording",
        ])
    };
}
pub(crate) use with_provider_files;

macro_rules! english_provider_files {
    ([$($name:literal),* $(,)?]) => {
        &[$((
            concat!("providers/", $name, ".toml"),
            include_str!(concat!("../../assets/knowledge/providers/", $name, ".toml")),
        ),)*]
    };
}

const CAUSES: &str = include_str!("../../assets/knowledge/causes.toml");
const CODES: &str = include_str!("../../assets/knowledge/codes.toml");
const ENHANCED: &str = include_str!("../../assets/knowledge/enhanced.toml");
/// Replies of real providers and servers, recognised by their text, one file per provider (and
/// one for wording many servers share). A pattern matches when the reply has its code and enhanced
/// code (if given), answers one of `when_answering` (if given), contains every string in
/// `contains` and at least one of `contains_any` (if given; case-insensitive). The most
/// specific match wins: the one with the most conditions, then the one with the longest text.
const PROVIDER_FILES: &[(&str, &str)] = with_provider_files!(english_provider_files);
const BLOCKLISTS: &str = include_str!("../../assets/knowledge/blocklists.toml");

/// What the user should do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Retry {
    /// Success: nothing to do.
    None,
    /// An intermediate step: the session goes on.
    Continue,
    /// Transient: the same thing may work later.
    RetryLater,
    /// Change something, then try again.
    FixFirst,
    /// It will not work as it is.
    DoNotRetry,
}

impl Retry {
    fn from_class(class: ReplyClass) -> Retry {
        match class {
            ReplyClass::PositiveCompletion => Retry::None,
            ReplyClass::PositivePreliminary | ReplyClass::PositiveIntermediate => Retry::Continue,
            ReplyClass::TransientNegative => Retry::RetryLater,
            ReplyClass::PermanentNegative => Retry::FixFirst,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
struct CauseEntry {
    id: Cause,
    summary: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Refinement {
    when_answering: Vec<String>,
    title: Option<String>,
    meaning: Option<String>,
    when: Option<String>,
    fixes: Option<Vec<String>>,
    retry: Option<Retry>,
    cause: Option<Cause>,
    references: Option<Vec<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct CodeEntry {
    code: String,
    #[serde(default = "yes")]
    standard: bool,
    title: String,
    meaning: String,
    when: String,
    fixes: Vec<String>,
    retry: Option<Retry>,
    cause: Option<Cause>,
    #[serde(default)]
    references: Vec<String>,
    likely: Option<String>,
    #[serde(default)]
    context: Vec<Refinement>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct EnhancedEntry {
    code: String,
    title: String,
    meaning: String,
    when: String,
    fixes: Vec<String>,
    cause: Option<Cause>,
    #[serde(default)]
    references: Vec<String>,
    #[serde(default)]
    #[allow(dead_code)] // documentation in the data; checked by the tests
    basic_codes: Vec<u16>,
    retry: Option<Retry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct PatternEntry {
    id: String,
    /// Who sends this text; none for wording many servers share.
    provider: Option<String>,
    code: Option<u16>,
    enhanced: Option<String>,
    #[serde(default)]
    contains: Vec<String>,
    /// Wordings of the same meaning: at least one of them must be in the reply as well.
    #[serde(default)]
    contains_any: Vec<String>,
    #[serde(default)]
    when_answering: Vec<String>,
    title: String,
    meaning: String,
    when: String,
    fixes: Vec<String>,
    retry: Option<Retry>,
    cause: Cause,
    #[serde(default)]
    references: Vec<String>,
}

/// A blocklist a refusal may name, and the way off it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct BlocklistEntry {
    name: String,
    contains: Vec<String>,
    fix: String,
}

#[derive(Deserialize)]
struct BlocklistsFile {
    blocklist: Vec<BlocklistEntry>,
}

#[derive(Deserialize)]
struct CausesFile {
    cause: Vec<CauseEntry>,
}
#[derive(Deserialize)]
struct CodesFile {
    code: Vec<CodeEntry>,
}
#[derive(Deserialize)]
struct EnhancedFile {
    enhanced: Vec<EnhancedEntry>,
}
#[derive(Deserialize)]
struct ProvidersFile {
    pattern: Vec<PatternEntry>,
}

/// The parsed knowledge: causes, basic codes, enhanced codes and provider patterns.
pub struct Knowledge {
    causes: Vec<CauseEntry>,
    codes: HashMap<String, CodeEntry>,
    enhanced: HashMap<String, EnhancedEntry>,
    patterns: Vec<PatternEntry>,
    blocklists: Vec<BlocklistEntry>,
}

/// A problem in the compiled-in data; a test guards against every one of them.
#[derive(Debug, Clone, thiserror::Error)]
#[error("the reply knowledge in {file} is broken: {reason}")]
pub struct KnowledgeError {
    pub file: &'static str,
    pub reason: String,
}

impl Knowledge {
    /// Parses the data and checks that every reference in it resolves.
    pub fn parse() -> Result<Knowledge, KnowledgeError> {
        let err = |file: &'static str| {
            move |e: toml::de::Error| KnowledgeError {
                file,
                reason: e.to_string(),
            }
        };
        let causes: CausesFile = toml::from_str(CAUSES).map_err(err("causes.toml"))?;
        let codes: CodesFile = toml::from_str(CODES).map_err(err("codes.toml"))?;
        let enhanced: EnhancedFile = toml::from_str(ENHANCED).map_err(err("enhanced.toml"))?;
        let mut patterns = Vec::new();
        for (file, text) in PROVIDER_FILES {
            let f: ProvidersFile = toml::from_str(text).map_err(err(file))?;
            patterns.extend(f.pattern);
        }
        let blocklists: BlocklistsFile =
            toml::from_str(BLOCKLISTS).map_err(err("blocklists.toml"))?;
        let k = Knowledge {
            causes: causes.cause,
            codes: codes
                .code
                .into_iter()
                .map(|c| (c.code.clone(), c))
                .collect(),
            enhanced: enhanced
                .enhanced
                .into_iter()
                .map(|e| (e.code.to_ascii_uppercase(), e))
                .collect(),
            patterns,
            blocklists: blocklists.blocklist,
        };
        k.check()?;
        Ok(k)
    }

    fn check(&self) -> Result<(), KnowledgeError> {
        let known = |c: &Cause| self.causes.iter().any(|e| e.id == *c);
        let bad = |file: &'static str, reason: String| Err(KnowledgeError { file, reason });
        for code in self.codes.values() {
            let causes = code
                .cause
                .iter()
                .chain(code.context.iter().filter_map(|r| r.cause.as_ref()));
            for cause in causes {
                if !known(cause) {
                    return bad(
                        "codes.toml",
                        format!("code {} names the unknown cause {cause}", code.code),
                    );
                }
            }
            for r in &code.context {
                for ctx in &r.when_answering {
                    if ReplyContext::parse(ctx).is_none() {
                        return bad(
                            "codes.toml",
                            format!("code {} has the unknown context {ctx}", code.code),
                        );
                    }
                }
            }
        }
        for e in self.enhanced.values() {
            if let Some(cause) = &e.cause
                && !known(cause)
            {
                return bad(
                    "enhanced.toml",
                    format!("{} names the unknown cause {cause}", e.code),
                );
            }
        }
        for p in &self.patterns {
            if !known(&p.cause) {
                return bad(
                    "providers/*.toml",
                    format!("{} names the unknown cause {}", p.id, p.cause),
                );
            }
            if p.contains.is_empty()
                && p.contains_any.is_empty()
                && p.code.is_none()
                && p.enhanced.is_none()
            {
                return bad("providers/*.toml", format!("{} matches every reply", p.id));
            }
        }
        for b in &self.blocklists {
            if b.contains.iter().all(|c| c.trim().is_empty()) || b.fix.trim().is_empty() {
                return bad(
                    "blocklists.toml",
                    format!("{} needs words to match and a fix", b.name),
                );
            }
        }
        for class in ["2yz", "3yz", "4yz", "5yz"] {
            if !self.codes.contains_key(class) {
                return bad(
                    "codes.toml",
                    format!("the class fallback {class} is missing"),
                );
            }
        }
        Ok(())
    }

    /// The data in `language`: the English data with that language's overlay over it (see
    /// `overlay`), and the list of fields still in English (empty for English itself).
    pub fn parse_in(language: Language) -> Result<(Knowledge, Vec<String>), KnowledgeError> {
        let mut k = Knowledge::parse()?;
        let mut missing = Vec::new();
        if language != Language::En {
            let o = overlay::load(language)?;
            k.translate(&o, &mut missing);
        }
        Ok((k, missing))
    }

    fn translate(&mut self, o: &overlay::Overlay, missing: &mut Vec<String>) {
        let mut m = overlay::Merger { missing };
        for c in &mut self.causes {
            let what = format!("causes.toml {}", c.id);
            m.text(&what, "summary", &mut c.summary, o.causes.get(&c.id));
        }
        let mut codes: Vec<&mut CodeEntry> = self.codes.values_mut().collect();
        codes.sort_by(|a, b| a.code.cmp(&b.code));
        for c in codes {
            let what = format!("codes.toml {}", c.code);
            let (t, refinements) = match o.codes.get(&c.code) {
                Some((t, r)) => (Some(t), Some(r)),
                None => (None, None),
            };
            m.entry(
                &what,
                &mut c.title,
                &mut c.meaning,
                &mut c.when,
                &mut c.fixes,
                t,
            );
            m.option(
                &what,
                "likely",
                &mut c.likely,
                t.and_then(|t| t.likely.as_ref()),
            );
            for r in &mut c.context {
                let key = overlay::refinement_key(&r.when_answering);
                let what = format!("codes.toml {} after {key}", c.code);
                let rt = refinements.and_then(|rs| rs.get(&key));
                m.option(
                    &what,
                    "title",
                    &mut r.title,
                    rt.and_then(|t| t.title.as_ref()),
                );
                m.option(
                    &what,
                    "meaning",
                    &mut r.meaning,
                    rt.and_then(|t| t.meaning.as_ref()),
                );
                m.option(&what, "when", &mut r.when, rt.and_then(|t| t.when.as_ref()));
                if let Some(fixes) = r.fixes.as_mut() {
                    m.fixes(&what, fixes, rt.and_then(|t| t.fixes.as_ref()));
                }
            }
        }
        let mut enhanced: Vec<&mut EnhancedEntry> = self.enhanced.values_mut().collect();
        enhanced.sort_by(|a, b| a.code.cmp(&b.code));
        for e in enhanced {
            let what = format!("enhanced.toml {}", e.code);
            let t = o.enhanced.get(&e.code.to_ascii_uppercase());
            m.entry(
                &what,
                &mut e.title,
                &mut e.meaning,
                &mut e.when,
                &mut e.fixes,
                t,
            );
        }
        for p in &mut self.patterns {
            let what = format!("providers/*.toml {}", p.id);
            let t = o.patterns.get(&p.id);
            m.entry(
                &what,
                &mut p.title,
                &mut p.meaning,
                &mut p.when,
                &mut p.fixes,
                t,
            );
        }
        for b in &mut self.blocklists {
            let what = format!("blocklists.toml {}", b.name);
            m.text(&what, "fix", &mut b.fix, o.blocklists.get(&b.name));
        }
    }

    /// The knowledge in the language chosen for this run (`lang::current`), parsed once per
    /// language. `None` only if the compiled-in data is broken, which the tests rule out;
    /// callers then fall back to the class alone.
    pub fn get() -> Option<&'static Knowledge> {
        static K: PerLanguage<Option<Knowledge>> = PerLanguage::new();
        K.get(|language| Knowledge::parse_in(language).ok().map(|(k, _)| k))
            .as_ref()
    }

    /// The one-line summary of a cause from `causes.toml`.
    pub fn cause_summary(&self, id: Cause) -> Option<&str> {
        self.causes
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.summary.as_str())
    }

    pub fn basic_codes(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.codes.keys().map(String::as_str).collect();
        v.sort_unstable();
        v
    }

    pub fn enhanced_codes(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.enhanced.keys().map(String::as_str).collect();
        v.sort_unstable();
        v
    }

    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// Explains `reply`, given the command it answered (if known).
    pub fn explain(&self, reply: &Reply, context: Option<ReplyContext>) -> Explanation {
        let class = reply.class();
        let code = reply.code;
        let enhanced = reply.enhanced;
        let text = reply.text().to_lowercase();
        let basic = self.codes.get(&code.to_string());
        let class_key = format!("{}yz", code / 100);
        let class_entry = self.codes.get(&class_key);
        let enhanced_entry =
            enhanced.and_then(|e| self.enhanced.get(&format!("X.{}.{}", e.subject, e.detail)));
        let enhanced_subject =
            enhanced.and_then(|e| self.enhanced.get(&format!("X.{}.0", e.subject)));
        let pattern = self.best_pattern(reply, &text, context);

        let mut notes = Vec::new();
        if let Some(e) = enhanced
            && u16::from(e.class) != code / 100
        {
            notes.push(ExplanationNote::ClassMismatch {
                enhanced: e.to_string(),
                enhanced_class: u16::from(e.class),
                code,
            });
        }
        // An enhanced code about addresses, mailboxes or content (subjects 1, 2 and 6, RFC 3463
        // 3.2, 3.3, 3.7) cannot describe a reply given before any address or message existed.
        let out_of_place = context.is_some_and(|c| {
            matches!(
                c,
                ReplyContext::Greeting
                    | ReplyContext::Ehlo
                    | ReplyContext::Helo
                    | ReplyContext::Starttls
                    | ReplyContext::Quit
            )
        }) && enhanced.is_some_and(|e| matches!(e.subject, 1 | 2 | 6));
        if let (true, Some(e), Some(ctx)) = (out_of_place, enhanced, context) {
            notes.push(ExplanationNote::EnhancedOutOfPlace {
                enhanced: e.to_string(),
                context: ctx,
            });
        }
        let (enhanced_entry, enhanced_subject) = if out_of_place {
            (None, None)
        } else {
            (enhanced_entry, enhanced_subject)
        };
        let non_standard =
            basic.is_some_and(|b| !b.standard) || (basic.is_none() && code / 100 != 0);
        let mut x = Explanation {
            code,
            class,
            enhanced: enhanced.map(|e| e.to_string()),
            context,
            title: String::new(),
            meaning: String::new(),
            when: String::new(),
            fixes: Vec::new(),
            retry: Retry::from_class(class),
            references: Vec::new(),
            cause: default_cause(class),
            matched: Matched::Class,
            provider: None,
            standard: !non_standard,
            notes,
        };
        // Lowest layer first; each more specific layer overrides what it knows.
        if let Some(c) = class_entry {
            x.apply(
                &c.title,
                &c.meaning,
                &c.when,
                &c.fixes,
                c.retry,
                c.cause,
                &c.references,
            );
        }
        if let Some(b) = basic {
            x.apply(
                &b.title,
                &b.meaning,
                &b.when,
                &b.fixes,
                b.retry,
                b.cause,
                &b.references,
            );
            x.matched = Matched::BasicCode;
            if let Some(likely) = &b.likely {
                x.notes.push(ExplanationNote::NonStandard {
                    code,
                    likely: likely.trim().to_string(),
                });
            }
            if let Some(ctx) = context
                && let Some(r) = b
                    .context
                    .iter()
                    .find(|r| r.when_answering.iter().any(|w| w == ctx.name()))
            {
                if let Some(t) = &r.title {
                    x.title = t.clone();
                }
                if let Some(m) = &r.meaning {
                    x.meaning = m.clone();
                }
                if let Some(w) = &r.when {
                    x.when = w.clone();
                }
                if let Some(f) = &r.fixes {
                    x.fixes = f.clone();
                }
                if let Some(rt) = r.retry {
                    x.retry = rt;
                }
                if let Some(c) = r.cause {
                    x.cause = c;
                }
                if let Some(refs) = &r.references {
                    x.references = refs.clone();
                }
                x.matched = Matched::BasicCodeInContext;
            }
        } else {
            x.notes.push(ExplanationNote::Undefined { code });
        }
        // A success or intermediate reply is explained by its basic code; an enhanced code adds
        // detail to failures. A subject-level code (X.7.0, or a detail the registry does not
        // list) says less than a basic code read in its context: it only adds its meaning then.
        // So does a code that only says a command's syntax or arguments were wrong (X.5.2, X.5.4,
        // RFC 3463 3.6) when the context knows which command: 504 5.5.4 after AUTH is an
        // unsupported mechanism.
        let generic_enhanced = enhanced_entry.is_none()
            || enhanced.is_some_and(|e| e.detail == 0)
            || (enhanced.is_some_and(|e| e.subject == 5 && matches!(e.detail, 2 | 4))
                && x.matched == Matched::BasicCodeInContext);
        let enhanced_used = enhanced_entry.or(enhanced_subject);
        if let Some(e) = enhanced_used
            && !class.is_positive()
            && generic_enhanced
            && basic.is_some()
        {
            x.meaning = format!("{} {}", x.meaning, e.meaning);
            for r in &e.references {
                if !x.references.contains(r) {
                    x.references.push(r.clone());
                }
            }
        } else if let Some(e) = enhanced_used
            && !class.is_positive()
        {
            let keep_context_title = x.matched == Matched::BasicCodeInContext;
            let title = if keep_context_title {
                x.title.clone()
            } else {
                e.title.clone()
            };
            let meaning = format!("{} {}", x.meaning, e.meaning);
            // What the basic code says in its context (when it is seen, its fixes) is about this
            // very command: keep it, and add the enhanced code's fixes after it.
            let (context_when, context_fixes) = (x.when.clone(), x.fixes.clone());
            x.apply(
                &title,
                &meaning,
                &e.when,
                &e.fixes,
                e.retry,
                e.cause,
                &e.references,
            );
            if keep_context_title {
                x.title = format!("{} ({})", title, e.title);
                x.when = context_when;
                let mut fixes = context_fixes;
                for f in &e.fixes {
                    if !fixes.contains(f) {
                        fixes.push(f.clone());
                    }
                }
                x.fixes = fixes;
            }
            x.matched = Matched::EnhancedCode;
        }
        if let Some(p) = pattern {
            x.apply(
                &p.title,
                &p.meaning,
                &p.when,
                &p.fixes,
                p.retry,
                Some(p.cause),
                &p.references,
            );
            x.matched = if p.provider.is_some() {
                Matched::Provider
            } else {
                Matched::TextPattern
            };
            x.provider = p.provider.clone();
            // The text has decided what the reply means: a guess from a non-standard code alone
            // (or from its enhanced code) must not contradict it.
            x.notes
                .retain(|n| !matches!(n, ExplanationNote::NonStandard { .. }));
        }
        // A refusal that names its blocklist gets that list's way off it as the first fix.
        if x.cause == Cause::Blocklisted
            && let Some(list) = self
                .blocklists
                .iter()
                .find(|b| b.contains.iter().all(|c| text.contains(&c.to_lowercase())))
            && !x.fixes.contains(&list.fix)
        {
            x.fixes.insert(0, list.fix.clone());
        }
        // Whatever a layer says of a fix, a 4yz reply is temporary by definition: a sending
        // server queues and retries it (RFC 5321 4.2.1), unless a provider's text says otherwise.
        if class == ReplyClass::TransientNegative && x.matched != Matched::Provider {
            x.retry = Retry::RetryLater;
        }
        x
    }

    fn best_pattern(
        &self,
        reply: &Reply,
        text: &str,
        context: Option<ReplyContext>,
    ) -> Option<&PatternEntry> {
        let enhanced = reply.enhanced.map(|e| e.to_string());
        self.patterns
            .iter()
            .filter(|p| p.code.is_none_or(|c| c == reply.code))
            .filter(|p| {
                p.enhanced
                    .as_ref()
                    .is_none_or(|e| Some(e) == enhanced.as_ref())
            })
            .filter(|p| p.contains.iter().all(|c| text.contains(&c.to_lowercase())))
            .filter_map(|p| {
                // The longest of the alternative wordings found (0 when the pattern has none).
                let alternative = p
                    .contains_any
                    .iter()
                    .filter(|c| text.contains(&c.to_lowercase()))
                    .map(String::len)
                    .max();
                match alternative {
                    Some(len) => Some((p, len)),
                    None if p.contains_any.is_empty() => Some((p, 0)),
                    None => None,
                }
            })
            .filter(|(p, _)| {
                p.when_answering.is_empty()
                    || context.is_some_and(|ctx| p.when_answering.iter().any(|w| w == ctx.name()))
            })
            .max_by_key(|(p, alternative)| {
                let specificity = p.contains.len()
                    + usize::from(!p.contains_any.is_empty())
                    + usize::from(p.code.is_some())
                    + usize::from(p.enhanced.is_some())
                    + usize::from(!p.when_answering.is_empty());
                // Ties go to the longer (more distinctive) text.
                (
                    specificity,
                    p.contains.iter().map(String::len).sum::<usize>() + alternative,
                )
            })
            .map(|(p, _)| p)
    }
}

fn default_cause(class: ReplyClass) -> Cause {
    match class {
        ReplyClass::PositiveCompletion => Cause::Success,
        ReplyClass::PositivePreliminary | ReplyClass::PositiveIntermediate => Cause::InProgress,
        ReplyClass::TransientNegative => Cause::ServiceUnavailable,
        ReplyClass::PermanentNegative => Cause::PolicyRejected,
    }
}

/// Why pasted text is not a reply.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PastedReplyError {
    #[error(
        "no reply given: pass it as an argument, e.g. \"550 5.1.1 User unknown\", or on standard input"
    )]
    Empty,
    #[error("the reply is incomplete")]
    Incomplete,
    /// The first line, which does not start like a reply.
    #[error(
        "\"{0}\" is not an SMTP reply: a reply starts with a three-digit code from 200 to 599 (RFC 5321 4.2), such as 550"
    )]
    NotAReply(String),
}

/// Parses pasted reply text: each line is made to end in CRLF; lines without a code are joined
/// to the line before (bounces often wrap long replies).
pub fn parse_pasted(text: &str) -> Result<Reply, PastedReplyError> {
    let mut lines: Vec<String> = Vec::new();
    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        let has_code = line.len() >= 3 && line.as_bytes()[..3].iter().all(u8::is_ascii_digit);
        match lines.last_mut() {
            Some(last) if !has_code => {
                last.push(' ');
                last.push_str(line);
            }
            _ => lines.push(line.to_string()),
        }
    }
    if lines.is_empty() {
        return Err(PastedReplyError::Empty);
    }
    // Every line but the last continues the reply (RFC 5321 4.2.1), whatever separator was pasted.
    let count = lines.len();
    let mut wire = String::new();
    for (i, line) in lines.iter().enumerate() {
        let (code, rest) = line.split_at(3.min(line.len()));
        let rest = rest.strip_prefix(['-', ' ']).unwrap_or(rest);
        let sep = if i + 1 == count { ' ' } else { '-' };
        wire.push_str(&format!("{code}{sep}{rest}\r\n"));
    }
    let mut parser = ReplyParser::new(Default::default());
    parser.push(wire.as_bytes());
    match parser.next_reply() {
        Ok(Some(reply)) => Ok(reply),
        Ok(None) => Err(PastedReplyError::Incomplete),
        Err(_) => Err(PastedReplyError::NotAReply(
            lines.first().cloned().unwrap_or_default(),
        )),
    }
}

/// Which layer of the knowledge gave the explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Matched {
    Provider,
    /// Wording many servers share (greylisting, DNS blocklists, ...), not one provider's.
    TextPattern,
    EnhancedCode,
    BasicCodeInContext,
    BasicCode,
    Class,
}

/// Everything said about one reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explanation {
    pub code: u16,
    pub class: ReplyClass,
    pub enhanced: Option<String>,
    pub context: Option<ReplyContext>,
    pub title: String,
    pub meaning: String,
    pub when: String,
    pub fixes: Vec<String>,
    pub retry: Retry,
    pub references: Vec<String>,
    /// Why, as one of the stable causes.
    pub cause: Cause,
    pub matched: Matched,
    pub provider: Option<String>,
    /// False for codes no RFC defines.
    pub standard: bool,
    /// Remarks: a non-standard code, an enhanced code that contradicts the basic one.
    pub notes: Vec<ExplanationNote>,
}

impl Explanation {
    #[allow(clippy::too_many_arguments)]
    fn apply(
        &mut self,
        title: &str,
        meaning: &str,
        when: &str,
        fixes: &[String],
        retry: Option<Retry>,
        cause: Option<Cause>,
        references: &[String],
    ) {
        self.title = title.trim().to_string();
        self.meaning = meaning.trim().to_string();
        self.when = when.trim().to_string();
        if !fixes.is_empty() {
            self.fixes = fixes.to_vec();
        }
        if let Some(r) = retry {
            self.retry = r;
        }
        if let Some(c) = cause {
            self.cause = c;
        }
        for r in references {
            if !self.references.contains(r) {
                self.references.push(r.clone());
            }
        }
    }
}

/// Explains a reply with the built-in knowledge; without it, from the class alone (title and
/// meaning are then empty: the presentation layer words the class).
pub fn explain(reply: &Reply, context: Option<ReplyContext>) -> Explanation {
    match Knowledge::get() {
        Some(k) => k.explain(reply, context),
        None => {
            let class = reply.class();
            Explanation {
                code: reply.code,
                class,
                enhanced: reply.enhanced.map(|e: EnhancedCode| e.to_string()),
                context,
                title: String::new(),
                meaning: String::new(),
                when: String::new(),
                fixes: Vec::new(),
                retry: Retry::from_class(class),
                references: vec![String::from("RFC 5321 4.2.1")],
                cause: default_cause(class),
                matched: Matched::Class,
                provider: None,
                standard: true,
                notes: Vec::new(),
            }
        }
    }
}

/// Explains a reply by what it answered: the command's context, and for AUTH the mechanism. A
/// refusal of a login made with an OAuth 2.0 token is about the token (its expiry, account or
/// scope), whatever the reply's wording says of passwords.
pub fn explain_answered(reply: &Reply, answered: &Answered) -> Explanation {
    let mut x = explain(reply, Some(answered.context()));
    let Answered::Auth { mechanism, .. } = answered else {
        return x;
    };
    let refused_login = !x.class.is_positive()
        && matches!(
            x.cause,
            Cause::AuthFailed | Cause::AppPasswordRequired | Cause::PolicyRejected
        );
    // The mechanism can be the reason: a token is refused for its own reasons, and CRAM-MD5
    // fails with a right password on a server that stores passwords hashed (RFC 2195 3).
    let instead = match mechanism {
        _ if !refused_login => None,
        m if m.takes_token() => Some(Cause::TokenRefused),
        Mechanism::CramMd5 => Some(Cause::ChallengeResponseRefused),
        _ => None,
    };
    if let Some(cause) = instead {
        let f = transport::explain_cause(cause);
        x.title = f.title;
        x.meaning = f.meaning;
        x.when = f.when;
        x.fixes = f.fixes;
        x.cause = cause;
        x.retry = Retry::FixFirst;
        // The words are now about the mechanism, not a provider's wording.
        x.provider = None;
        for r in f.references {
            if !x.references.contains(&r) {
                x.references.push(r);
            }
        }
    }
    x
}

/// A remark about a reply's codes, beyond its meaning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "note", rename_all = "kebab-case")]
pub enum ExplanationNote {
    /// The enhanced code's class contradicts the basic code's (RFC 3463 requires them to agree;
    /// the basic code decides what the client does).
    ClassMismatch {
        enhanced: String,
        enhanced_class: u16,
        code: u16,
    },
    /// A code that no standard defines but some servers send; `likely` says what it usually means.
    NonStandard { code: u16, likely: String },
    /// A code no RFC defines; its first digit still gives its class.
    Undefined { code: u16 },
    /// The enhanced code speaks of an address, a mailbox or the message (RFC 3463 subjects 1, 2
    /// and 6), but the reply answered a command sent before there was any: the server chose it
    /// badly, so the explanation follows the basic code in its context instead.
    EnhancedOutOfPlace {
        enhanced: String,
        context: ReplyContext,
    },
}

#[cfg(test)]
mod tests;
