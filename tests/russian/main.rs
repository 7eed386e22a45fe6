//! Everything a person reads, in Russian. This test binary is its own process, so choosing the
//! language (process-wide) here does not touch the other tests: every test below starts by
//! choosing Russian. Golden files live in `tests/data/golden/ru/`; set SMTP_LENS_BLESS=1 to
//! rewrite them after a deliberate change, then review the diff.

use std::process::Command;

use smtp_lens::export::{SessionRecord, html, json, text};
use smtp_lens::lang::Language;

#[path = "../support/golden.rs"]
mod golden;
#[path = "../integration/util.rs"]
#[allow(dead_code)]
mod util;
mod window;
use golden::check_golden;

const RECORDED: &str = include_str!("../data/recorded-session.json");
const BIN: &str = env!("CARGO_BIN_EXE_smtp-lens");

/// The language is one per process: a test that speaks another takes this lock too, so the
/// tests of this binary never see each other's language.
static LANGUAGE: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Chooses Russian and holds the language until the returned guard is dropped.
fn russian() -> std::sync::MutexGuard<'static, ()> {
    let guard = LANGUAGE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    smtp_lens::present::set_language(Language::Ru);
    guard
}

fn record() -> SessionRecord {
    serde_json::from_str(RECORDED).expect("the recorded session loads")
}

/// Cyrillic letters in `s`, to tell Russian prose from English.
fn cyrillic(s: &str) -> usize {
    s.chars()
        .filter(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap_or(*c)))
        .count()
}

#[test]
fn the_three_exports_in_russian_match_their_golden_files() {
    let _language = russian();
    let r = record();
    let txt = text::render(&r);
    let page = html::render(&r);
    let data = json::render(&r);
    check_golden("ru/session.txt", &txt);
    check_golden("ru/session.html", &page);
    check_golden("ru/session.json", &data);
    assert!(page.contains("<html lang=\"ru\">"), "{}", &page[..200]);
    let parsed: serde_json::Value = serde_json::from_str(&data).expect("json");
    assert_eq!(parsed["lang"], "ru");
    // Keys stay English; the words are Russian; what the server said stays as it was.
    assert!(parsed["verdict"].is_object());
    assert!(cyrillic(txt.as_str()) > 200, "{txt}");
    assert!(txt.contains("550 5.1.1 <nobody@example.test>: Recipient address rejected"));
    assert!(txt.contains("RCPT TO"));
}

#[test]
fn explain_prints_the_whole_explanation_in_russian_and_english_is_unchanged() {
    let reply = "550 5.1.1 <x@example.net>: Recipient address rejected: User unknown";
    let run = |lang: &str| {
        let out = Command::new(BIN)
            .args([
                "--lang",
                lang,
                "explain",
                "--context",
                "rcpt",
                "--color",
                "never",
                reply,
            ])
            .output()
            .expect("run smtp-lens");
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let ru = run("ru");
    check_golden("ru/explain-550-5.1.1.txt", &ru);
    let en = run("en");
    check_golden("explain-550-5.1.1.txt", &en);
    // Every line but the reply itself and the references is Russian prose.
    for line in ru.lines().skip(1) {
        let t = line.trim();
        if t.is_empty() || t.starts_with("Ссылки:") || t.starts_with("Причина:") {
            continue;
        }
        assert!(cyrillic(t) > 0, "a line left in English: {line:?}");
    }
    assert!(ru.contains(reply), "the reply stays verbatim");
    assert_eq!(cyrillic(&en), 0, "{en}");
    // The language also comes from the locale when --lang is not given.
    let out = Command::new(BIN)
        .args(["explain", "--context", "rcpt", "--color", "never", reply])
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "ru_RU.UTF-8")
        .output()
        .expect("run smtp-lens");
    assert_eq!(String::from_utf8_lossy(&out.stdout), ru);
}

#[test]
fn help_is_russian_and_clap_s_own_words_may_stay_english() {
    let out = Command::new(BIN)
        .args(["--lang", "ru", "check", "--help"])
        .output()
        .expect("run smtp-lens");
    let help = String::from_utf8(out.stdout).expect("utf-8");
    assert!(help.contains("--server"), "{help}");
    for line in help.lines().filter(|l| l.trim_start().starts_with("--")) {
        // Every option's own help text is Russian; flags and values stay as they are.
        let text = line
            .trim_start()
            .split_once("  ")
            .map_or("", |(_, t)| t.trim());
        if !text.is_empty() && !text.starts_with('[') {
            assert!(cyrillic(text) > 0, "{line:?}");
        }
    }
}
