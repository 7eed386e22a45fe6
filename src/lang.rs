//! The language people read, chosen once per run: the CLI's `--lang`, the window's setting, or
//! else the operating system's (`LC_ALL`, `LC_MESSAGES`, `LANG` on Linux; the OS setting on
//! Windows and macOS). The presentation layer and the knowledge read it; nothing below them does.
//!
//! A language is a folder of the message catalogue (`assets/i18n/<tag>/`) and of the knowledge
//! overlay (`assets/knowledge/<tag>/`); English is the fallback for every message and field.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

use serde::{Deserialize, Serialize};

/// A language smtp-lens speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    Ru,
}

impl Language {
    /// Every language, English (the fallback) first.
    pub const ALL: [Language; 2] = [Language::En, Language::Ru];

    /// The BCP 47 tag, also the folder name: `en`, `ru`.
    pub fn tag(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Ru => "ru",
        }
    }

    /// The language's name in itself, for a language menu: "English", "Русский".
    pub fn endonym(self) -> &'static str {
        match self {
            Language::En => "English",
            Language::Ru => "Русский",
        }
    }

    /// The language of a tag or POSIX locale: `ru`, `ru-RU`, `ru_RU.UTF-8`, `en_GB`. `C` and
    /// `POSIX` are English. `None` for a language smtp-lens does not speak.
    pub fn parse(locale: &str) -> Option<Language> {
        let name = locale.trim();
        if name == "C" || name.starts_with("C.") || name == "POSIX" {
            return Some(Language::En);
        }
        let primary = name
            .split(['_', '-', '.', '@'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        Language::ALL.into_iter().find(|l| l.tag() == primary)
    }

    /// The operating system's language, if smtp-lens speaks it; else English. On Unix the
    /// environment decides in POSIX order: `LC_ALL`, then `LC_MESSAGES`, then `LANG`.
    pub fn from_os() -> Language {
        #[cfg(unix)]
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Ok(value) = std::env::var(var)
                && !value.is_empty()
            {
                return Language::parse(&value).unwrap_or(Language::En);
            }
        }
        sys_locale::get_locales()
            .find_map(|l| Language::parse(&l))
            .unwrap_or(Language::En)
    }
}

/// A value kept once per language, made on first use in that language.
pub struct PerLanguage<T> {
    cells: [OnceLock<T>; Language::ALL.len()],
}

impl<T> PerLanguage<T> {
    /// No value yet in any language (usable in a `static`).
    pub const fn new() -> PerLanguage<T> {
        PerLanguage {
            cells: [const { OnceLock::new() }; Language::ALL.len()],
        }
    }

    /// The value for the current language, made with `make` the first time.
    pub fn get(&self, make: impl FnOnce(Language) -> T) -> &T {
        let language = current();
        let i = Language::ALL
            .iter()
            .position(|l| *l == language)
            .unwrap_or(0);
        self.cells[i].get_or_init(|| make(language))
    }
}

impl<T> Default for PerLanguage<T> {
    fn default() -> Self {
        PerLanguage::new()
    }
}

static CURRENT: AtomicU8 = AtomicU8::new(0);

/// The language chosen for this run (English until one is set).
pub fn current() -> Language {
    match CURRENT.load(Ordering::Relaxed) {
        1 => Language::Ru,
        _ => Language::En,
    }
}

/// Chooses the language; the presentation layer's `present::set_language` also loads its
/// catalogue, so that is the one to call.
pub(crate) fn set(language: Language) {
    let n = match language {
        Language::En => 0,
        Language::Ru => 1,
    };
    CURRENT.store(n, Ordering::Relaxed);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_name_their_language_and_c_is_english() {
        assert_eq!(Language::parse("ru_RU.UTF-8"), Some(Language::Ru));
        assert_eq!(Language::parse("ru-RU"), Some(Language::Ru));
        assert_eq!(Language::parse("ru"), Some(Language::Ru));
        assert_eq!(Language::parse("en_GB.UTF-8"), Some(Language::En));
        assert_eq!(Language::parse("C"), Some(Language::En));
        assert_eq!(Language::parse("C.UTF-8"), Some(Language::En));
        assert_eq!(Language::parse("POSIX"), Some(Language::En));
        assert_eq!(Language::parse("de_DE.UTF-8"), None);
        assert_eq!(Language::parse(""), None);
    }
}
