//! A comparison of two sessions in words: a summary line per change (the most telling first),
//! then the aligned steps, each with its reply before and after.

use super::t;
use crate::compare::{Change, Comparison, ReplyFact, Row, Step, TlsFact, Tone};
use crate::proto::session::StageStatus;

/// What a step is, as a person names it: "RCPT TO <x@example.com>", "AUTH PLAIN".
pub fn step(step: &Step) -> String {
    match step {
        Step::Greeting => t!("compare-step-greeting"),
        Step::Ehlo => String::from("EHLO"),
        Step::Helo => String::from("HELO"),
        Step::Starttls => String::from("STARTTLS"),
        Step::Auth { mechanism } => format!("AUTH {}", mechanism.name()),
        Step::Mail => String::from("MAIL FROM"),
        Step::Rcpt { address } => format!("RCPT TO <{address}>"),
        Step::Data => String::from("DATA"),
        Step::EndOfData => t!("compare-step-end-of-data"),
        Step::Bdat => String::from("BDAT"),
        Step::Quit => String::from("QUIT"),
    }
}

fn tls(f: Option<&TlsFact>) -> String {
    match f {
        None => t!("compare-tls-none"),
        Some(f) if !f.established => t!("compare-tls-failed"),
        Some(f) => {
            let protocol = f.protocol.clone().unwrap_or_else(|| String::from("TLS"));
            match f.certificate_valid {
                Some(false) => t!("compare-tls-invalid", protocol = protocol),
                _ => protocol,
            }
        }
    }
}

fn stage_status(s: Option<StageStatus>) -> String {
    match s {
        Some(s) => super::status(s),
        None => t!("compare-not-reached"),
    }
}

/// One change in one line.
pub fn change(c: &Change) -> String {
    match c {
        Change::Verdict { before, after } => t!(
            "compare-verdict",
            before = super::verdict(*before),
            after = super::verdict(*after)
        ),
        Change::Stage {
            stage,
            before,
            after,
        } => {
            let name = super::stage(*stage);
            match (before, after) {
                (Some(StageStatus::Failed), Some(StageStatus::Passed)) => {
                    t!("compare-stage-now-passes", stage = name)
                }
                (Some(StageStatus::Passed), Some(StageStatus::Failed)) => {
                    t!("compare-stage-now-fails", stage = name)
                }
                _ => t!(
                    "compare-stage",
                    stage = name,
                    before = stage_status(*before),
                    after = stage_status(*after)
                ),
            }
        }
        Change::CapabilityAdded { capability } => {
            t!("compare-capability-added", capability = capability.as_str())
        }
        Change::CapabilityRemoved { capability } => {
            t!(
                "compare-capability-removed",
                capability = capability.as_str()
            )
        }
        Change::Tls { before, after } => t!(
            "compare-tls",
            before = tls(before.as_ref()),
            after = tls(after.as_ref())
        ),
        Change::Reply {
            step: s,
            before,
            after,
        } => match (before, after) {
            (Some(b), Some(a)) => t!(
                "compare-reply",
                step = step(s),
                before = b.codes(),
                after = a.codes()
            ),
            (None, Some(a)) => t!("compare-reply-new", step = step(s), after = a.codes()),
            (Some(b), None) => t!("compare-reply-gone", step = step(s), before = b.codes()),
            (None, None) => step(s),
        },
        Change::ReplyText {
            step: s,
            before,
            after,
        } => t!(
            "compare-reply-text",
            step = step(s),
            before = before.text.as_str(),
            after = after.text.as_str()
        ),
    }
}

/// A step's reply in one session as the rows show it: codes and masked words, or that the step
/// is not in that session.
pub fn reply(f: Option<&ReplyFact>) -> String {
    match f {
        Some(f) if f.text.is_empty() => f.codes(),
        Some(f) => format!("{} {}", f.codes(), f.text),
        None => t!("compare-absent"),
    }
}

/// One aligned row: the step and its reply; when the two sessions differ, a `*` in front and the
/// second session's reply on a line of its own under the first's.
pub fn row(r: &Row, width: usize) -> String {
    let name = step(&r.step);
    let pad = width.saturating_sub(name.chars().count());
    let shown = |f: &Option<ReplyFact>| reply(f.as_ref());
    if r.before == r.after {
        format!("  {name}{}  {}", " ".repeat(pad), shown(&r.before))
    } else {
        format!(
            "* {name}{}  {}\n  {}-> {}",
            " ".repeat(pad),
            shown(&r.before),
            " ".repeat(width),
            shown(&r.after)
        )
    }
}

/// The summary, one line per change, the most telling first. Stages reached in only one session
/// follow from an earlier change and are left to the rows; steps in only one session are named
/// together on one line each.
pub fn summary(c: &Comparison) -> Vec<String> {
    summary_with_tones(c).into_iter().map(|(_, l)| l).collect()
}

/// The summary's lines, each with whether it tells of a change for the better, for the worse,
/// or neither (the window colours them).
pub fn summary_with_tones(c: &Comparison) -> Vec<(Tone, String)> {
    let mut lines = Vec::new();
    let (mut only_after, mut only_before) = (Vec::new(), Vec::new());
    for ch in &c.changes {
        match ch {
            Change::Stage { before, after, .. } if before.is_none() || after.is_none() => {}
            Change::Reply {
                step: s,
                before: None,
                after: Some(_),
            } => only_after.push(step(s)),
            Change::Reply {
                step: s,
                before: Some(_),
                after: None,
            } => only_before.push(step(s)),
            _ => lines.push((ch.tone(), change(ch))),
        }
    }
    // The verdict, if it changed, stays last.
    let verdict = c
        .changes
        .iter()
        .any(|ch| matches!(ch, Change::Verdict { .. }))
        .then(|| lines.pop())
        .flatten();
    if !only_after.is_empty() {
        lines.push((
            Tone::Neutral,
            t!("compare-only-after", steps = only_after.join(", ")),
        ));
    }
    if !only_before.is_empty() {
        lines.push((
            Tone::Neutral,
            t!("compare-only-before", steps = only_before.join(", ")),
        ));
    }
    lines.extend(verdict);
    lines
}

/// The whole comparison as text: a heading, the summary (one line per change, or that there is
/// none), then the aligned steps.
pub fn text(c: &Comparison) -> String {
    let mut out = String::new();
    if c.same() {
        out.push_str(&t!("compare-same"));
        out.push('\n');
    } else {
        for line in summary(c) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out.push('\n');
    out.push_str(&t!(
        "compare-heading",
        before = c.before.server.as_str(),
        after = c.after.server.as_str()
    ));
    out.push('\n');
    let width = c
        .rows
        .iter()
        .map(|r| step(&r.step).chars().count())
        .max()
        .unwrap_or(0);
    for r in &c.rows {
        out.push_str(&row(r, width));
        out.push('\n');
    }
    out.push_str(&t!("compare-masked"));
    out.push('\n');
    out
}
