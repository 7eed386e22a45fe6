//! The session verdict for a person: one sentence with the deciding reply and the first thing to
//! try, each stage passed or failed, each recipient accepted or refused with its reply.

use serde::Serialize;

use super::transport::{FailureExplanation, explain_cause};
use super::{Explanation, explain};
use crate::proto::Reply;
use crate::proto::session::{Outcome, ReplyContext, Stage, StageStatus, Verdict};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StageLine {
    pub stage: Stage,
    pub status: StageStatus,
    pub detail: String,
    pub reply: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecipientLine {
    pub address: String,
    pub accepted: bool,
    pub reply: Option<String>,
    pub explanation: Option<Explanation>,
}

/// The verdict, ready to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub verdict: Verdict,
    /// One sentence: what happened, the deciding reply, the first thing to try.
    pub sentence: String,
    pub cause: Option<String>,
    pub first_fix: Option<String>,
    pub deciding: Option<Explanation>,
    pub failure: Option<FailureExplanation>,
    pub stages: Vec<StageLine>,
    pub recipients: Vec<RecipientLine>,
}

fn one_line(reply: &Reply) -> String {
    format!("{} {}", reply.code, reply.text().replace('\n', " "))
}

fn context_of(stage: Stage) -> Option<ReplyContext> {
    Some(match stage {
        Stage::Greeting => ReplyContext::Greeting,
        Stage::Ehlo => ReplyContext::Ehlo,
        Stage::Tls => ReplyContext::Starttls,
        Stage::Auth => ReplyContext::Auth,
        Stage::Mail => ReplyContext::Mail,
        Stage::Rcpt => ReplyContext::Rcpt,
        Stage::Data => ReplyContext::EndOfData,
        Stage::Quit => ReplyContext::Quit,
        Stage::Connect => return None,
    })
}

/// Builds the report of an outcome.
pub fn report(outcome: &Outcome) -> Report {
    let deciding = outcome
        .deciding_reply
        .as_ref()
        .filter(|_| !outcome.verdict.is_success())
        .map(|r| explain(r, context_of(outcome.deciding_stage)));
    let failure = match (&deciding, &outcome.cause) {
        (None, Some(cause)) if !outcome.verdict.is_success() => Some(explain_cause(cause)),
        _ => None,
    };
    let cause = deciding
        .as_ref()
        .map(|d| d.cause.clone())
        .or_else(|| failure.as_ref().map(|f| f.cause.clone()))
        .or_else(|| {
            outcome
                .verdict
                .is_success()
                .then(|| String::from("success"))
        });
    let first_fix = deciding
        .as_ref()
        .and_then(|d| d.fixes.first().cloned())
        .or_else(|| failure.as_ref().and_then(|f| f.fixes.first().cloned()));
    let mut sentence = match outcome.verdict {
        Verdict::Success => format!("Success: {}.", outcome.summary),
        _ => format!(
            "{}: {}.",
            capitalise(outcome.verdict.describe()),
            outcome.summary
        ),
    };
    if let (Some(reply), Some(d)) = (&outcome.deciding_reply, &deciding) {
        sentence.push_str(&format!(
            " The server said \"{}\" ({}).",
            one_line(reply),
            d.title
        ));
    } else if let Some(f) = &failure {
        sentence.push_str(&format!(" {}.", f.title));
    }
    if let Some(fix) = &first_fix {
        sentence.push_str(&format!(" First try: {fix}"));
    }
    let stages = outcome
        .stages
        .iter()
        .map(|s| StageLine {
            stage: s.stage,
            status: s.status,
            detail: s.detail.clone(),
            reply: s.reply.as_ref().map(one_line),
        })
        .collect();
    let recipients = outcome
        .recipients
        .iter()
        .map(|r| RecipientLine {
            address: r.address.clone(),
            accepted: r.accepted,
            reply: r.reply.as_ref().map(one_line),
            explanation: r
                .reply
                .as_ref()
                .filter(|_| !r.accepted)
                .map(|reply| explain(reply, Some(ReplyContext::Rcpt))),
        })
        .collect();
    Report {
        verdict: outcome.verdict,
        sentence,
        cause,
        first_fix,
        deciding,
        failure,
        stages,
        recipients,
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
