//! The knowledge data is checked as a whole, and against real replies collected from public
//! sources (`tests/data/real-replies/*.toml`, one file per family of causes, each reply with its
//! source).

use super::*;

fn k() -> Knowledge {
    Knowledge::parse().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_data_parses_and_every_reference_resolves() {
    let k = k();
    assert!(k.basic_codes().len() >= 40, "{}", k.basic_codes().len());
    assert!(
        k.enhanced_codes().len() >= 60,
        "{}",
        k.enhanced_codes().len()
    );
    let failures = transport::parse().unwrap_or_else(|e| panic!("{e}"));
    for f in &failures {
        assert!(
            k.cause_summary(f.cause).is_some(),
            "transport.toml names the unknown cause {}",
            f.cause
        );
        assert!(
            !f.fixes.is_empty() || f.cause == Cause::Cancelled,
            "{}",
            f.cause
        );
    }
}

#[test]
fn every_code_in_the_data_has_a_meaning_and_a_fix() {
    let k = k();
    for code in k.basic_codes() {
        let Ok(n) = code.parse::<u16>() else { continue };
        let x = k.explain(&Reply::synthetic(n, "text"), None);
        assert!(!x.title.is_empty() && !x.meaning.is_empty(), "{code}");
        if n >= 400 {
            assert!(!x.fixes.is_empty(), "{code} has no fix");
        }
        assert!(
            k.cause_summary(x.cause).is_some(),
            "{code}: unknown cause {}",
            x.cause
        );
    }
    for code in k.enhanced_codes() {
        let entry = &k.enhanced[code];
        assert!(
            !entry.title.is_empty() && !entry.meaning.is_empty() && !entry.when.is_empty(),
            "{code}"
        );
        assert!(!entry.fixes.is_empty(), "{code} has no fix");
        assert!(!entry.references.is_empty(), "{code} has no reference");
        let e = code.replacen('X', "5", 1);
        let x = k.explain(&Reply::synthetic(550, &format!("{e} text")), None);
        assert_eq!(x.enhanced.as_deref(), Some(e.as_str()), "{code}");
        assert!(
            x.meaning.contains(entry.meaning.trim()),
            "{code}: the explanation leaves out the enhanced code's meaning"
        );
        if !code.ends_with(".0") {
            assert_eq!(x.matched, Matched::EnhancedCode, "{code}");
            assert_eq!(x.title, entry.title.trim(), "{code}");
        }
    }
}

#[test]
fn the_same_code_means_different_things_in_different_contexts() {
    let k = k();
    let reply = Reply::synthetic(550, "Rejected");
    let greeting = k.explain(&reply, Some(ReplyContext::Greeting));
    let rcpt = k.explain(&reply, Some(ReplyContext::Rcpt));
    let data = k.explain(&reply, Some(ReplyContext::EndOfData));
    assert_ne!(greeting.title, rcpt.title);
    assert_ne!(rcpt.title, data.title);
    assert_eq!(rcpt.matched, Matched::BasicCodeInContext);
}

#[test]
fn an_unknown_code_still_gets_its_class_and_something_useful() {
    let x = k().explain(&Reply::synthetic(599, "odd"), None);
    assert_eq!(x.class, ReplyClass::PermanentNegative);
    assert!(!x.standard);
    assert!(!x.meaning.is_empty() && !x.fixes.is_empty());
    assert!(x.notes.contains(&ExplanationNote::Undefined { code: 599 }));
}

#[test]
fn non_standard_codes_are_flagged_with_their_likely_meaning() {
    for code in [101u16, 422, 431, 441, 442, 449, 510, 513] {
        let x = k().explain(&Reply::synthetic(code, "something"), None);
        assert!(!x.standard, "{code}");
        assert!(
            x.notes.iter().any(|n| matches!(
                n,
                ExplanationNote::NonStandard { code: c, likely } if *c == code && !likely.is_empty()
            )),
            "{code}: {:?}",
            x.notes
        );
    }
}

#[test]
fn an_enhanced_code_that_contradicts_the_basic_code_is_pointed_out() {
    let x = k().explain(
        &Reply::synthetic(250, "5.1.1 odd"),
        Some(ReplyContext::Rcpt),
    );
    assert!(
        x.notes.contains(&ExplanationNote::ClassMismatch {
            enhanced: String::from("5.1.1"),
            enhanced_class: 5,
            code: 250
        }),
        "{:?}",
        x.notes
    );
}

#[derive(serde::Deserialize)]
struct CorpusFile {
    reply: Vec<RealReply>,
}

/// Every collected real reply, with the name of its file (its family).
struct Corpus {
    reply: Vec<(String, RealReply)>,
}

fn corpus() -> Corpus {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/real-replies");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut reply = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
        let file: CorpusFile =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let family = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        reply.extend(file.reply.into_iter().map(|r| (family.clone(), r)));
    }
    Corpus { reply }
}

#[derive(serde::Deserialize)]
struct RealReply {
    text: String,
    context: String,
    source: String,
    class: String,
    enhanced: Option<String>,
    cause: String,
    provider: Option<String>,
    /// Words a complete fix names for this reply.
    #[serde(default)]
    remedy: Vec<String>,
}

/// The share of scored real replies whose explanation names every remedy word, and at least one,
/// in percent. Measured: 407 of 408 scored replies (99%) name every word and at least one. The
/// goals are 80 and 95; the floors sit just under the measured share and only rise, so an
/// explanation that loses its specific fix fails the test while one new reply still being worked
/// on does not.
const REMEDY_ALL_FLOOR: usize = 98;
const REMEDY_ANY_FLOOR: usize = 98;

#[test]
fn real_replies_name_the_specific_remedy() {
    let corpus = corpus();
    let k = k();
    let mut by_family: std::collections::BTreeMap<String, (usize, usize, usize)> =
        std::collections::BTreeMap::new();
    let mut missing = Vec::new();
    for (family, r) in corpus.reply.iter().filter(|(_, r)| !r.remedy.is_empty()) {
        let reply = parse_pasted(&r.text).unwrap_or_else(|e| panic!("{e}: {}", r.text));
        let ctx = ReplyContext::parse(&r.context).expect("context");
        let x = k.explain(&reply, Some(ctx));
        let said =
            format!("{} {} {} {}", x.title, x.meaning, x.when, x.fixes.join(" ")).to_lowercase();
        let found = r
            .remedy
            .iter()
            .filter(|w| said.contains(&w.to_lowercase()))
            .count();
        let entry = by_family.entry(family.clone()).or_default();
        entry.0 += 1;
        if found == r.remedy.len() {
            entry.1 += 1;
        } else {
            missing.push(format!(
                "{:?} lacks {:?}",
                r.text.lines().next().unwrap_or(""),
                r.remedy
            ));
        }
        if found > 0 {
            entry.2 += 1;
        }
    }
    let (total, all, any) = by_family
        .values()
        .fold((0, 0, 0), |t, v| (t.0 + v.0, t.1 + v.1, t.2 + v.2));
    for (family, (n, a, y)) in &by_family {
        println!("{family:<24} {n:>3} replies, every remedy word {a:>3}, at least one {y:>3}");
    }
    println!(
        "all {total} scored: every word {all} ({}%), at least one {any} ({}%)",
        all * 100 / total,
        any * 100 / total
    );
    for m in &missing {
        println!("  {m}");
    }
    // Every refusal (4yz, 5yz) carries the words of its fix; there are at least 400 of them.
    for (family, r) in &corpus.reply {
        assert!(
            r.class == "success" || r.class.starts_with("positive") || !r.remedy.is_empty(),
            "{family}: a refusal without remedy words: {}",
            r.text
        );
    }
    assert!(total >= 400, "{total} scored replies");
    assert!(
        all * 100 / total >= REMEDY_ALL_FLOOR,
        "{all} of {total} name every remedy word"
    );
    assert!(
        any * 100 / total >= REMEDY_ANY_FLOOR,
        "{any} of {total} name at least one"
    );
}

#[test]
fn real_replies_get_the_right_class_code_cause_and_provider() {
    let corpus = corpus();
    let k = k();
    let mut failures = Vec::new();
    let mut provider_specific = 0;
    for (_, r) in &corpus.reply {
        assert!(
            !r.source.trim().is_empty(),
            "every real reply keeps its source: {}",
            r.text
        );
        // Replies pasted from bounces and logs, as users paste them into `smtp-lens explain`.
        let reply = parse_pasted(&r.text).unwrap_or_else(|e| panic!("{e}: {}", r.text));
        let ctx =
            ReplyContext::parse(&r.context).unwrap_or_else(|| panic!("bad context {}", r.context));
        let x = k.explain(&reply, Some(ctx));
        let class = serde_json::to_value(x.class)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string));
        let got = (
            class.as_deref(),
            x.enhanced.as_deref(),
            x.cause.id(),
            x.provider.as_deref(),
        );
        let want = (
            Some(r.class.as_str()),
            r.enhanced.as_deref(),
            r.cause.as_str(),
            r.provider.as_deref(),
        );
        if got != want {
            failures.push(format!("{}\n   got  {got:?}\n   want {want:?}", r.text));
        }
        if x.provider.is_some() {
            provider_specific += 1;
        }
    }
    println!(
        "{} real replies, {provider_specific} with a provider-specific explanation, {} patterns",
        corpus.reply.len(),
        k.pattern_count()
    );
    assert!(
        failures.is_empty(),
        "{} of {} wrong:\n{}",
        failures.len(),
        corpus.reply.len(),
        failures.join("\n")
    );
    assert!(corpus.reply.len() >= 40);
}

#[test]
fn a_note_never_guesses_a_meaning_the_text_has_decided() {
    // 422 is non-standard and usually means "mailbox full"; this text says greylisting.
    let reply =
        parse_pasted("422 4.2.2 Greylisted, please try again in 180 seconds").expect("parses");
    let x = k().explain(&reply, Some(ReplyContext::Rcpt));
    assert_eq!(x.cause, Cause::Greylisted);
    assert!(
        !x.notes
            .iter()
            .any(|n| matches!(n, ExplanationNote::NonStandard { .. })),
        "{:?}",
        x.notes
    );
    // Without a pattern, the likely meaning is still offered.
    let bare = k().explain(
        &Reply::synthetic(422, "4.2.2 no room"),
        Some(ReplyContext::Rcpt),
    );
    assert!(
        bare.notes
            .iter()
            .any(|n| matches!(n, ExplanationNote::NonStandard { code: 422, .. })),
        "{:?}",
        bare.notes
    );
}

#[test]
fn a_provider_reply_that_retrying_cannot_fix_is_not_called_temporary() {
    // Microsoft's 421 for old TLS: a 4yz by its digit, but the same client never gets through.
    let reply = parse_pasted(
        "421 4.7.66 TLS 1.0 and 1.1 are not supported. Please upgrade/update your client to support TLS 1.2.",
    )
    .expect("parses");
    let x = k().explain(&reply, Some(ReplyContext::Mail));
    assert_eq!(x.cause, Cause::TlsProtocolMismatch);
    assert_eq!(x.retry, Retry::FixFirst);
    assert_eq!(x.provider.as_deref(), Some("Microsoft 365"));
    assert!(
        x.fixes.iter().any(|f| f.contains("TLS 1.2")),
        "{:?}",
        x.fixes
    );
}

#[test]
fn wording_is_credited_to_a_provider_only_when_it_is_that_providers() {
    // Postfix says which table it looked in; the same words without it are not Postfix's.
    let postfix = parse_pasted(
        "550 5.1.1 <nobody@example.test>: Recipient address rejected: User unknown in virtual mailbox table",
    )
    .expect("parses");
    let other =
        parse_pasted("550 5.1.1 <nobody@example.test>: Recipient address rejected: User unknown")
            .expect("parses");
    let k = k();
    assert_eq!(
        k.explain(&postfix, Some(ReplyContext::Rcpt))
            .provider
            .as_deref(),
        Some("Postfix")
    );
    let x = k.explain(&other, Some(ReplyContext::Rcpt));
    assert_eq!(x.provider, None);
    assert_eq!(x.cause, Cause::UnknownUser);
}

#[test]
fn aiosmtpd_and_ses_share_words_but_not_the_enhanced_code() {
    let k = k();
    let ses = parse_pasted("535 Authentication Credentials Invalid").expect("parses");
    let aio = parse_pasted("535 5.7.8 Authentication credentials invalid").expect("parses");
    assert_eq!(
        k.explain(&ses, Some(ReplyContext::Auth))
            .provider
            .as_deref(),
        Some("Amazon SES")
    );
    let x = k.explain(&aio, Some(ReplyContext::Auth));
    assert_eq!(x.provider.as_deref(), Some("aiosmtpd"));
    assert_eq!(x.cause, Cause::AuthFailed);
}

#[test]
fn an_address_code_on_the_greeting_does_not_bring_recipient_advice() {
    // "550 5.1.1" on connect: no address was sent yet, so the unknown-mailbox advice cannot apply.
    let reply = parse_pasted("550 5.1.1 nope").expect("parses");
    let x = k().explain(&reply, Some(ReplyContext::Greeting));
    assert_ne!(x.cause, Cause::UnknownUser);
    assert!(
        !x.fixes.iter().any(|f| f.contains("before the @")),
        "{:?}",
        x.fixes
    );
    assert!(x.notes.contains(&ExplanationNote::EnhancedOutOfPlace {
        enhanced: String::from("5.1.1"),
        context: ReplyContext::Greeting
    }));
    // The same code after RCPT TO is the unknown mailbox it names, and is not flagged.
    let rcpt = k().explain(&reply, Some(ReplyContext::Rcpt));
    assert_eq!(rcpt.cause, Cause::UnknownUser);
    assert!(rcpt.notes.is_empty(), "{:?}", rcpt.notes);
    // A security code fits any command: 554 5.7.1 on connect keeps its enhanced meaning.
    let policy = k().explain(
        &parse_pasted("554 5.7.1 Service unavailable; Client host blocked").expect("parses"),
        Some(ReplyContext::Greeting),
    );
    assert!(policy.notes.is_empty(), "{:?}", policy.notes);
    assert_eq!(policy.enhanced.as_deref(), Some("5.7.1"));
}

#[test]
fn an_unsupported_mechanism_is_not_called_a_syntax_error() {
    // aiosmtpd's answer to a mechanism it does not offer.
    let reply = parse_pasted("504 5.5.4 Unrecognized authentication type").expect("parses");
    let x = k().explain(&reply, Some(ReplyContext::Auth));
    assert_eq!(x.cause, Cause::AuthMechanismUnsupported);
    assert!(
        !x.title.contains('('),
        "one title, not two nested: {}",
        x.title
    );
    // Without the context, the enhanced code is all there is to go on.
    let bare = k().explain(&reply, None);
    assert_eq!(bare.cause, Cause::SyntaxError);
}

#[test]
fn every_knowledge_field_is_translated() {
    for language in crate::lang::Language::ALL {
        let (_, mut missing) = Knowledge::parse_in(language).unwrap_or_else(|e| panic!("{e}"));
        let (_, transport) = transport::parse_in(language).unwrap_or_else(|e| panic!("{e}"));
        missing.extend(transport);
        let (_, dns) = dns::parse_in(language).unwrap_or_else(|e| panic!("{e}"));
        missing.extend(dns);
        println!(
            "{}: {} fields still in English",
            language.tag(),
            missing.len()
        );
        for m in missing.iter().take(40) {
            println!("  {m}");
        }
        if language == crate::lang::Language::En {
            assert!(missing.is_empty());
        }
        // A new English entry comes with its translation: the list above says what is missing.
        assert!(
            missing.is_empty(),
            "{}: {} fields still in English",
            language.tag(),
            missing.len()
        );
    }
}

#[test]
fn a_refused_login_is_explained_by_the_mechanism_that_was_used() {
    let reply = parse_pasted("535 5.7.8 Error: authentication failed: authentication failure")
        .expect("parses");
    let auth = |mechanism| Answered::Auth { mechanism, step: 1 };
    // PLAIN carried the password itself: the password (or user name) is what was refused.
    let plain = explain_answered(&reply, &auth(Mechanism::Plain));
    assert_eq!(plain.cause, Cause::AuthFailed);
    // CRAM-MD5 can be refused with the right password: the fix says to use PLAIN over TLS.
    let cram = explain_answered(&reply, &auth(Mechanism::CramMd5));
    assert_eq!(cram.cause, Cause::ChallengeResponseRefused);
    assert!(cram.fixes[0].contains("PLAIN"), "{:?}", cram.fixes);
    // A token is refused for a token's reasons.
    let token = explain_answered(&reply, &auth(Mechanism::XOAuth2));
    assert_eq!(token.cause, Cause::TokenRefused);
}
