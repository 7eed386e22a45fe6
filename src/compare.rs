//! Two sessions side by side, to show what a configuration change changed.
//!
//! Sessions are read from their JSON exports (`smtp-lens.session/2`) and reduced to their *shape*:
//! the reply to each command, keyed by what it answered (the greeting, EHLO, STARTTLS, AUTH with
//! its mechanism, MAIL FROM, each RCPT TO by address, the data), the EHLO keywords as a set, the
//! TLS facts, each stage's status and the verdict. Two shapes are aligned by those keys, not by
//! transcript line (a diff of the key sequences, with `similar`), so an extra recipient or a
//! STARTTLS that appeared does not shift everything after it. What changes from run to run
//! without meaning anything is left out: times, latencies, and every word of a reply's text that
//! holds a digit (queue ids, dates, message ids, host numbers); codes are compared whole.
//!
//! This module only finds differences, as typed `Change`s; `present::compare` words them.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::engine::Event;
use crate::proto::session::{Answered, Outcome, Stage, StageStatus, Verdict};
use crate::proto::{Mechanism, Reply};

/// What a reply answered, as the key two sessions are aligned by.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "step", rename_all = "kebab-case")]
pub enum Step {
    Greeting,
    Ehlo,
    Helo,
    Starttls,
    /// The last reply of an AUTH exchange with this mechanism.
    Auth {
        mechanism: Mechanism,
    },
    Mail,
    /// The reply to RCPT TO for this address.
    Rcpt {
        address: String,
    },
    Data,
    EndOfData,
    Bdat,
    Quit,
}

impl Step {
    fn of(answered: &Answered) -> Option<Step> {
        Some(match answered {
            Answered::Greeting => Step::Greeting,
            Answered::Ehlo => Step::Ehlo,
            Answered::Helo => Step::Helo,
            Answered::Starttls => Step::Starttls,
            Answered::Auth { mechanism, .. } => Step::Auth {
                mechanism: *mechanism,
            },
            Answered::Mail { .. } => Step::Mail,
            Answered::Rcpt { address, .. } => Step::Rcpt {
                address: address.clone(),
            },
            Answered::Data => Step::Data,
            Answered::EndOfData => Step::EndOfData,
            Answered::Bdat { .. } => Step::Bdat,
            Answered::Quit => Step::Quit,
            Answered::Rset | Answered::Unsolicited => return None,
        })
    }
}

/// A reply as compared: its code, its enhanced code and its text with the varying words masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReplyFact {
    pub code: u16,
    pub enhanced: Option<String>,
    /// The reply's text, every word that holds a digit replaced by `…`.
    pub text: String,
}

impl ReplyFact {
    fn of(reply: &Reply) -> ReplyFact {
        ReplyFact {
            code: reply.code,
            enhanced: reply.enhanced.map(|e| e.to_string()),
            text: mask(&reply.text_without_enhanced()),
        }
    }

    /// Code and enhanced code, as a person reads them: "550 5.1.1".
    pub fn codes(&self) -> String {
        match &self.enhanced {
            Some(e) => format!("{} {e}", self.code),
            None => self.code.to_string(),
        }
    }
}

/// Every word holding a digit becomes `…`: ids, dates, times, counters and host numbers differ
/// from one run to the next without meaning a change.
pub fn mask(text: &str) -> String {
    text.split_whitespace()
        .map(|w| {
            if w.chars().any(|c| c.is_ascii_digit()) {
                "…"
            } else {
                w
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The TLS facts compared: the protocol version and whether the certificate was valid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TlsFact {
    pub established: bool,
    /// "TLSv1.3", when established.
    pub protocol: Option<String>,
    /// The certificate passed verification.
    pub certificate_valid: Option<bool>,
}

/// One session reduced to what is compared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Shape {
    /// The server, as the user gave it.
    pub server: String,
    /// Each reply by what it answered, in session order (the last reply for a repeated step).
    pub steps: Vec<(Step, ReplyFact)>,
    /// Every EHLO keyword line the server offered in any EHLO reply, upper-case ("STARTTLS",
    /// "SIZE 10240000", "AUTH PLAIN LOGIN").
    pub capabilities: BTreeSet<String>,
    pub tls: Option<TlsFact>,
    pub stages: Vec<(Stage, StageStatus)>,
    pub verdict: Option<Verdict>,
}

/// A recorded session as compared: the server as the user gave it, and its events (as in a
/// session export's `events`).
#[derive(Debug, Clone, Copy)]
pub struct Session<'a> {
    pub server: &'a str,
    pub events: &'a [Event],
}

/// The shape of a recorded session.
pub fn shape(record: Session<'_>) -> Shape {
    let mut steps: Vec<(Step, ReplyFact)> = Vec::new();
    let mut capabilities = BTreeSet::new();
    let mut tls = None;
    let mut outcome: Option<&Outcome> = None;
    for event in record.events {
        match event {
            Event::Line(line) => {
                let Some(r) = &line.reply else { continue };
                let Some(step) = Step::of(&r.answered) else {
                    continue;
                };
                if matches!(step, Step::Ehlo) && r.reply.code / 100 == 2 {
                    for l in r.reply.lines.iter().skip(1) {
                        capabilities.insert(l.text.trim().to_ascii_uppercase());
                    }
                }
                let mut fact = ReplyFact::of(&r.reply);
                if matches!(step, Step::Ehlo) {
                    // The keywords are compared as a set; the row keeps the server's name.
                    fact.text = r
                        .reply
                        .lines
                        .first()
                        .map(|l| mask(&l.text))
                        .unwrap_or_default();
                }
                match steps.iter_mut().find(|(s, _)| *s == step) {
                    // A step seen again (EHLO after STARTTLS, an AUTH challenge): the last reply.
                    Some(existing) => existing.1 = fact,
                    None => steps.push((step, fact)),
                }
            }
            Event::Tls(info) => {
                tls = Some(TlsFact {
                    established: info.established,
                    protocol: info.protocol.clone(),
                    certificate_valid: info.verification.as_ref().map(|v| v.valid),
                });
            }
            Event::Finished(o) => outcome = Some(o),
            _ => {}
        }
    }
    Shape {
        server: record.server.to_string(),
        steps,
        capabilities,
        tls,
        stages: outcome
            .map(|o| {
                o.stages
                    .iter()
                    .map(|s| (s.stage, s.status))
                    .filter(|(_, st)| *st != StageStatus::Skipped)
                    .collect()
            })
            .unwrap_or_default(),
        verdict: outcome.map(|o| o.verdict),
    }
}

/// One difference between the session before and the session after.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "change", rename_all = "kebab-case")]
pub enum Change {
    /// The verdict differs.
    Verdict { before: Verdict, after: Verdict },
    /// A stage ended differently (or was reached in only one of them).
    Stage {
        stage: Stage,
        before: Option<StageStatus>,
        after: Option<StageStatus>,
    },
    /// An EHLO keyword line is offered only after.
    CapabilityAdded { capability: String },
    /// An EHLO keyword line is offered only before.
    CapabilityRemoved { capability: String },
    /// The TLS facts differ.
    Tls {
        before: Option<TlsFact>,
        after: Option<TlsFact>,
    },
    /// The reply to a step differs in code, or the step is in only one session.
    Reply {
        step: Step,
        before: Option<ReplyFact>,
        after: Option<ReplyFact>,
    },
    /// Same codes, different words (after masking).
    ReplyText {
        step: Step,
        before: ReplyFact,
        after: ReplyFact,
    },
}

/// Whether a change is for the better, for the worse, or neither, as far as the facts tell: a
/// stage or a reply that now passes, a verdict that is now a success, TLS that now verifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tone {
    Better,
    Worse,
    Neutral,
}

impl Tone {
    /// The tone of going from a fact ranked `before` to one ranked `after` (higher is better).
    fn of_ranks(before: u8, after: u8) -> Tone {
        match after.cmp(&before) {
            std::cmp::Ordering::Greater => Tone::Better,
            std::cmp::Ordering::Less => Tone::Worse,
            std::cmp::Ordering::Equal => Tone::Neutral,
        }
    }
}

impl Change {
    /// Better, worse or neither. A step or a stage found in one session only, a keyword offered
    /// or withdrawn, and other words for the same code are neither.
    pub fn tone(&self) -> Tone {
        fn stage_rank(s: StageStatus) -> Option<u8> {
            match s {
                StageStatus::Passed => Some(2),
                StageStatus::Partial => Some(1),
                StageStatus::Failed => Some(0),
                StageStatus::Skipped => None,
            }
        }
        fn tls_rank(f: Option<&TlsFact>) -> u8 {
            match f {
                Some(f) if f.established && f.certificate_valid != Some(false) => 2,
                Some(f) if f.established => 1,
                _ => 0,
            }
        }
        match self {
            Change::Verdict { before, after } => {
                Tone::of_ranks(u8::from(before.is_success()), u8::from(after.is_success()))
            }
            Change::Stage {
                before: Some(b),
                after: Some(a),
                ..
            } => match (stage_rank(*b), stage_rank(*a)) {
                (Some(b), Some(a)) => Tone::of_ranks(b, a),
                _ => Tone::Neutral,
            },
            Change::Tls { before, after } => {
                Tone::of_ranks(tls_rank(before.as_ref()), tls_rank(after.as_ref()))
            }
            // RFC 5321 4.2.1: 2yz and 3yz go on, 4yz and 5yz refuse.
            Change::Reply {
                before: Some(b),
                after: Some(a),
                ..
            } => Tone::of_ranks(u8::from(b.code < 400), u8::from(a.code < 400)),
            _ => Tone::Neutral,
        }
    }
}

/// One aligned row of the details: a step and its reply in each session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub step: Step,
    pub before: Option<ReplyFact>,
    pub after: Option<ReplyFact>,
}

/// The comparison: the changes (most telling first) and the aligned rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub before: Shape,
    pub after: Shape,
    pub changes: Vec<Change>,
    pub rows: Vec<Row>,
}

impl Comparison {
    /// No difference at all in what is compared.
    pub fn same(&self) -> bool {
        self.changes.is_empty()
    }
}

/// Compares the session `before` with the session `after`.
pub fn compare(before: Session<'_>, after: Session<'_>) -> Comparison {
    let (a, b) = (shape(before), shape(after));
    let rows = align(&a.steps, &b.steps);
    let mut changes = Vec::new();
    // Stages first: "AUTH now passes" is what a person looks for.
    let mut stages: Vec<Stage> = a.stages.iter().map(|(s, _)| *s).collect();
    for (s, _) in &b.stages {
        if !stages.contains(s) {
            stages.push(*s);
        }
    }
    stages.sort_by_key(|s| Stage::ALL.iter().position(|x| x == s));
    let status = |shape: &Shape, stage: Stage| {
        shape
            .stages
            .iter()
            .find(|(s, _)| *s == stage)
            .map(|(_, st)| *st)
    };
    for stage in stages {
        let (x, y) = (status(&a, stage), status(&b, stage));
        if x != y {
            changes.push(Change::Stage {
                stage,
                before: x,
                after: y,
            });
        }
    }
    for c in b.capabilities.difference(&a.capabilities) {
        changes.push(Change::CapabilityAdded {
            capability: c.clone(),
        });
    }
    for c in a.capabilities.difference(&b.capabilities) {
        changes.push(Change::CapabilityRemoved {
            capability: c.clone(),
        });
    }
    if a.tls != b.tls {
        changes.push(Change::Tls {
            before: a.tls.clone(),
            after: b.tls.clone(),
        });
    }
    for row in &rows {
        match (&row.before, &row.after) {
            (Some(x), Some(y)) if x.code == y.code && x.enhanced == y.enhanced => {
                if x.text != y.text {
                    changes.push(Change::ReplyText {
                        step: row.step.clone(),
                        before: x.clone(),
                        after: y.clone(),
                    });
                }
            }
            _ => changes.push(Change::Reply {
                step: row.step.clone(),
                before: row.before.clone(),
                after: row.after.clone(),
            }),
        }
    }
    if let (Some(x), Some(y)) = (a.verdict, b.verdict)
        && x != y
    {
        changes.push(Change::Verdict {
            before: x,
            after: y,
        });
    }
    Comparison {
        before: a,
        after: b,
        changes,
        rows,
    }
}

/// Aligns two sessions' steps by key (a diff of the key sequences), keeping session order.
fn align(a: &[(Step, ReplyFact)], b: &[(Step, ReplyFact)]) -> Vec<Row> {
    use similar::{Algorithm, DiffOp, capture_diff_slices};
    let ka: Vec<&Step> = a.iter().map(|(s, _)| s).collect();
    let kb: Vec<&Step> = b.iter().map(|(s, _)| s).collect();
    let mut rows = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &ka, &kb) {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                for i in 0..len {
                    let (step, x) = &a[old_index + i];
                    rows.push(Row {
                        step: step.clone(),
                        before: Some(x.clone()),
                        after: Some(b[new_index + i].1.clone()),
                    });
                }
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => {
                for (step, x) in &a[old_index..old_index + old_len] {
                    rows.push(Row {
                        step: step.clone(),
                        before: Some(x.clone()),
                        after: None,
                    });
                }
            }
            DiffOp::Insert {
                new_index, new_len, ..
            } => {
                for (step, y) in &b[new_index..new_index + new_len] {
                    rows.push(Row {
                        step: step.clone(),
                        before: None,
                        after: Some(y.clone()),
                    });
                }
            }
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                for (step, x) in &a[old_index..old_index + old_len] {
                    rows.push(Row {
                        step: step.clone(),
                        before: Some(x.clone()),
                        after: None,
                    });
                }
                for (step, y) in &b[new_index..new_index + new_len] {
                    rows.push(Row {
                        step: step.clone(),
                        before: None,
                        after: Some(y.clone()),
                    });
                }
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_with_digits_are_masked_and_the_rest_kept() {
        assert_eq!(mask("2.0.0 Ok: queued as 30ED051210D"), "… Ok: queued as …");
        assert_eq!(
            mask("mail.example.test ESMTP ready at Fri, 19 Apr 2019 20:03:00 +0000"),
            "mail.example.test ESMTP ready at Fri, … Apr … … …"
        );
    }

    fn fact(code: u16) -> ReplyFact {
        ReplyFact {
            code,
            enhanced: None,
            text: String::from("x"),
        }
    }

    #[test]
    fn a_stage_that_now_passes_is_better_and_a_reply_now_refused_is_worse() {
        use crate::proto::session::Stage;
        let stage = |before, after| Change::Stage {
            stage: Stage::Auth,
            before,
            after,
        };
        assert_eq!(
            stage(Some(StageStatus::Failed), Some(StageStatus::Passed)).tone(),
            Tone::Better
        );
        assert_eq!(
            stage(Some(StageStatus::Passed), Some(StageStatus::Partial)).tone(),
            Tone::Worse
        );
        assert_eq!(stage(None, Some(StageStatus::Passed)).tone(), Tone::Neutral);
        let reply = |b: u16, a: u16| Change::Reply {
            step: Step::Mail,
            before: Some(fact(b)),
            after: Some(fact(a)),
        };
        assert_eq!(reply(250, 550).tone(), Tone::Worse);
        assert_eq!(reply(535, 235).tone(), Tone::Better);
        assert_eq!(reply(450, 550).tone(), Tone::Neutral);
        let verdict = Change::Verdict {
            before: Verdict::AuthFailed,
            after: Verdict::Success,
        };
        assert_eq!(verdict.tone(), Tone::Better);
        let valid = TlsFact {
            established: true,
            protocol: Some(String::from("TLSv1.3")),
            certificate_valid: Some(true),
        };
        let invalid = TlsFact {
            certificate_valid: Some(false),
            ..valid.clone()
        };
        let tls = Change::Tls {
            before: Some(valid),
            after: Some(invalid),
        };
        assert_eq!(tls.tone(), Tone::Worse);
    }

    #[test]
    fn steps_align_by_what_they_answered_not_by_position() {
        let rcpt = |a: &str| Step::Rcpt {
            address: a.to_string(),
        };
        let a = vec![
            (Step::Ehlo, fact(250)),
            (Step::Mail, fact(250)),
            (rcpt("a@x"), fact(250)),
            (Step::Data, fact(354)),
        ];
        let b = vec![
            (Step::Ehlo, fact(250)),
            (Step::Starttls, fact(220)),
            (Step::Mail, fact(250)),
            (rcpt("new@x"), fact(250)),
            (rcpt("a@x"), fact(550)),
            (Step::Data, fact(354)),
        ];
        let rows = align(&a, &b);
        let keys: Vec<(&Step, Option<u16>, Option<u16>)> = rows
            .iter()
            .map(|r| {
                (
                    &r.step,
                    r.before.as_ref().map(|f| f.code),
                    r.after.as_ref().map(|f| f.code),
                )
            })
            .collect();
        assert_eq!(
            keys,
            vec![
                (&Step::Ehlo, Some(250), Some(250)),
                (&Step::Starttls, None, Some(220)),
                (&Step::Mail, Some(250), Some(250)),
                (&rcpt("new@x"), None, Some(250)),
                (&rcpt("a@x"), Some(250), Some(550)),
                (&Step::Data, Some(354), Some(354)),
            ]
        );
    }
}
