//! The session verdict for a person: one sentence with the deciding reply and the first thing to
//! try, each stage passed or failed, each recipient accepted or refused with its reply.
//!
//! Built once per finished session (not per frame or per line) from the `Outcome`, which says
//! exactly what the deciding reply answered; nothing is guessed from the stage.

use serde::Serialize;

use super::explain::Words;
use super::t;
use crate::knowledge::transport::explain_cause;
use crate::knowledge::{Explanation, explain, explain_answered};
use crate::proto::Cause;
use crate::proto::session::{Outcome, ReplyContext, Stage, StageStatus, Verdict};

/// One stage of the report, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StageLine {
    pub stage: Stage,
    pub status: StageStatus,
    /// The stage's name: "RCPT TO".
    pub name: String,
    /// "passed", "FAILED", "skipped".
    pub state: String,
    /// Why, beyond the status; may be empty.
    pub detail: String,
    /// The deciding reply on one line.
    pub reply: Option<String>,
}

/// One recipient of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecipientLine {
    pub address: String,
    pub accepted: bool,
    /// "accepted", "REFUSED", "not tried".
    pub state: String,
    pub reply: Option<String>,
    pub explanation: Option<Explanation>,
}

/// The verdict, ready to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub verdict: Verdict,
    /// The verdict in a few words: "authentication failed".
    pub verdict_words: String,
    /// How it ended: "the server refused the login with PLAIN".
    pub summary: String,
    /// One sentence: what happened, the deciding reply, the first thing to try.
    pub sentence: String,
    pub cause: Option<Cause>,
    pub first_fix: Option<String>,
    /// The deciding reply's explanation (for a failure decided by a reply).
    pub deciding: Option<Explanation>,
    /// The words of what decided a failure, reply or not.
    pub deciding_words: Option<Words>,
    pub stages: Vec<StageLine>,
    pub recipients: Vec<RecipientLine>,
    /// The checks the user overrode; a pass with any is not a clean pass.
    pub overrides: Vec<crate::proto::Override>,
}

/// Builds the report of an outcome.
pub fn report(outcome: &Outcome) -> Report {
    let deciding = outcome
        .deciding_reply
        .as_ref()
        .filter(|_| !outcome.verdict.is_success())
        .map(|r| match &outcome.deciding_answered {
            Some(answered) => explain_answered(r, answered),
            None => explain(r, Some(ReplyContext::Unsolicited)),
        });
    let failure = match (&deciding, outcome.cause) {
        (None, Some(cause)) if !outcome.verdict.is_success() => Some(explain_cause(cause)),
        _ => None,
    };
    let cause = deciding
        .as_ref()
        .map(|d| d.cause)
        .or_else(|| failure.as_ref().map(|f| f.cause))
        .or_else(|| outcome.verdict.is_success().then_some(Cause::Success));
    let first_fix = deciding
        .as_ref()
        .and_then(|d| d.fixes.first().cloned())
        .or_else(|| failure.as_ref().and_then(|f| f.fixes.first().cloned()));
    let verdict_words = if outcome.overrides.is_empty() {
        super::verdict(outcome.verdict)
    } else {
        t!(
            "verdict-with-override",
            verdict = super::verdict(outcome.verdict)
        )
    };
    let summary = super::outcome_ending(outcome);
    let overridden: Vec<String> = outcome
        .overrides
        .iter()
        .map(super::override_words)
        .collect();
    let mut sentence = match outcome.verdict {
        Verdict::Success if !overridden.is_empty() => t!(
            "report-success-overridden",
            summary = summary.clone(),
            overridden = overridden.join(" ")
        ),
        Verdict::Success => t!("report-success", summary = summary.clone()),
        _ => t!(
            "report-failure",
            verdict = capitalise(&verdict_words),
            summary = summary.clone()
        ),
    };
    let deciding_words = deciding
        .as_ref()
        .map(super::explain::reply)
        .or_else(|| failure.as_ref().map(super::explain::failure));
    if let (Some(reply), Some(w)) = (&outcome.deciding_reply, &deciding) {
        let title = super::explain::reply(w).title;
        sentence.push(' ');
        sentence.push_str(&t!(
            "report-server-said",
            reply = super::reply_line(reply),
            title = title
        ));
    }
    if let Some(fix) = &first_fix {
        sentence.push(' ');
        sentence.push_str(&t!("report-first-try", fix = fix.as_str()));
    }
    let stages = outcome
        .stages
        .iter()
        .map(|s| StageLine {
            stage: s.stage,
            status: s.status,
            name: super::stage(s.stage),
            state: super::status(s.status),
            detail: super::stage_detail(s.stage, s.detail.as_ref()),
            reply: s.reply.as_ref().map(super::reply_line),
        })
        .collect();
    let recipients = outcome
        .recipients
        .iter()
        .map(|r| RecipientLine {
            address: r.address.clone(),
            accepted: r.accepted,
            state: super::recipient_state(r.accepted, r.reply.is_some()),
            reply: r.reply.as_ref().map(super::reply_line),
            explanation: r
                .reply
                .as_ref()
                .filter(|_| !r.accepted)
                .map(|reply| explain(reply, Some(ReplyContext::Rcpt))),
        })
        .collect();
    Report {
        verdict: outcome.verdict,
        verdict_words,
        summary,
        sentence,
        cause,
        first_fix,
        deciding,
        deciding_words,
        stages,
        recipients,
        overrides: outcome.overrides.clone(),
    }
}

impl StageLine {
    /// The stage on one line: name, state, why; with `reply`, the deciding reply after a dash.
    pub fn line(&self, reply: bool) -> String {
        // Padded by characters to the longest stage name of the language, so the states line up.
        let width = Stage::ALL
            .iter()
            .map(|s| super::stage(*s).chars().count())
            .max()
            .unwrap_or(0)
            .max(10);
        let pad = width.saturating_sub(self.name.chars().count());
        let mut out = format!("{}{} {}", self.name, " ".repeat(pad), self.state);
        if !self.detail.is_empty() {
            out.push_str(&format!(" ({})", self.detail));
        }
        if let (true, Some(r)) = (reply, &self.reply) {
            out.push_str(&format!(" - {r}"));
        }
        out
    }
}

impl RecipientLine {
    /// The recipient on one line: address, state and its reply.
    pub fn line(&self) -> String {
        let mut out = format!(
            "{} {} {}",
            super::recipient_label(),
            self.address,
            self.state
        );
        if let Some(r) = &self.reply {
            out.push_str(&format!(": {r}"));
        }
        out
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
