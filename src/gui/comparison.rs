//! Two sessions compared in the window, as plain data (no egui): the two chosen (from the
//! window's sessions or from exported files, each a copy of its record, so reopening or a new
//! session changes nothing here), their `compare::Comparison`, worked out once when a side is
//! chosen, and its words, made then and again when the language changes, never per frame.

use crate::compare::{Comparison, Session, Tone, compare};
use crate::export::SessionRecord;
use crate::present::{self, t};
use crate::profile::Action;

/// Which of the two sessions: the first (before the change) or the second (after it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    First,
    Second,
}

/// One of the two sessions.
#[derive(Debug, Clone)]
pub struct Side {
    /// The profile's name, or the file's name for an export.
    pub name: String,
    /// The action, for one of the window's sessions; None for a file.
    pub action: Option<Action>,
    pub record: SessionRecord,
}

impl Side {
    /// The session as the lists name it: its start, profile and action, verdict; or the file's
    /// name with its start.
    pub fn label(&self) -> String {
        let time = present::record::utc(self.record.started_at);
        let verdict = self
            .record
            .outcome()
            .map(|o| present::verdict(o.verdict))
            .unwrap_or_else(|| t!("window-unfinished"));
        let title = match self.action {
            Some(a) => format!("{} - {}", self.name, a.label()),
            None => t!("window-compare-file", name = self.name.as_str()),
        };
        t!(
            "window-session-entry",
            time = time,
            title = title,
            verdict = verdict
        )
    }

    fn session(&self) -> Session<'_> {
        Session {
            server: &self.record.settings.server,
            events: &self.record.events,
        }
    }
}

/// One aligned row in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowWords {
    pub step: String,
    pub before: String,
    pub after: String,
    /// The two sessions differ here.
    pub differs: bool,
}

/// The comparison in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    /// The summary's lines with their tones; "no difference" alone when there is none.
    pub summary: Vec<(Tone, String)>,
    pub rows: Vec<RowWords>,
}

impl Words {
    fn of(c: &Comparison) -> Words {
        let summary = if c.same() {
            vec![(Tone::Neutral, t!("compare-same"))]
        } else {
            present::compare::summary_with_tones(c)
        };
        let rows = c
            .rows
            .iter()
            .map(|r| RowWords {
                step: present::compare::step(&r.step),
                before: present::compare::reply(r.before.as_ref()),
                after: present::compare::reply(r.after.as_ref()),
                differs: r.before != r.after,
            })
            .collect();
        Words { summary, rows }
    }
}

/// The compare view's state.
#[derive(Debug, Clone, Default)]
pub struct Comparing {
    pub first: Option<Side>,
    pub second: Option<Side>,
    compared: Option<(Comparison, Words)>,
}

impl Comparing {
    /// Chooses one of the two sessions, and compares them once both are chosen.
    pub fn choose(&mut self, which: Which, side: Side) {
        match which {
            Which::First => self.first = Some(side),
            Which::Second => self.second = Some(side),
        }
        self.work_out();
    }

    /// The first becomes the second and the second the first.
    pub fn swap(&mut self) {
        std::mem::swap(&mut self.first, &mut self.second);
        self.work_out();
    }

    /// The comparison of the two chosen sessions.
    pub fn comparison(&self) -> Option<&Comparison> {
        self.compared.as_ref().map(|(c, _)| c)
    }

    /// The comparison in words.
    pub fn words(&self) -> Option<&Words> {
        self.compared.as_ref().map(|(_, w)| w)
    }

    /// Words the comparison again in the current language.
    pub fn reword(&mut self) {
        if let Some((c, w)) = &mut self.compared {
            *w = Words::of(c);
        }
    }

    fn work_out(&mut self) {
        self.compared = match (&self.first, &self.second) {
            (Some(a), Some(b)) => {
                let c = compare(a.session(), b.session());
                let w = Words::of(&c);
                Some((c, w))
            }
            _ => None,
        };
    }
}
