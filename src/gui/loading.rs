//! The load-test view's state (plain data): the run under way with its live series (a point
//! each time the worker samples the run's counters, at most `MAX_SAMPLES` of them), the last
//! report and its words, made once when the report arrives and when the language changes, so
//! that no frame words a report. Never runs anything itself: the worker does (`Job::Load`).

use std::sync::Arc;

use crate::bulk::sample::Sample;
use crate::bulk::{BulkReport, Progress};
use crate::engine::{CancelToken, Direction, Event};
use crate::proto::ReplyClass;

/// The most points a series keeps: past it, every other point is dropped (the older half of
/// the run is then drawn at half the resolution, and the memory stays bounded).
pub const MAX_SAMPLES: usize = 2_000;

/// The run asked for, while the worker runs it.
#[derive(Clone)]
pub struct LoadRun {
    /// The number of the run: an answer for an older run is ignored.
    pub run: u64,
    /// The server as typed, for the words shown while it runs.
    pub server: String,
    /// The messages the run tries at most.
    pub planned: u64,
    /// The run's live counters (the worker's engine counts, the view reads).
    pub progress: Arc<Progress>,
    /// Stops the run.
    pub cancel: CancelToken,
}

/// How a line of the first failing transcript is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineTone {
    /// Sent by us.
    Sent,
    /// A line of a reply of this class.
    Reply(ReplyClass),
    /// Our remark.
    Remark,
    /// Our warning or error.
    Problem,
}

/// One line of the first failing transcript: its words and its colour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailureLine {
    /// The marker and the line, as the transcript shows it.
    pub text: String,
    /// How it is coloured.
    pub tone: LineTone,
}

/// The words of a finished run, as the view draws them.
#[derive(Debug, Clone, Default)]
pub struct Words {
    /// `present::bulk::summary`: a line a string, indented lines belong to the line above.
    pub summary: Vec<String>,
    /// The first failing session's lines; empty when every message was accepted.
    pub failure: Vec<FailureLine>,
}

/// The load-test view's state.
#[derive(Default)]
pub struct Loading {
    /// The run under way, if any.
    pub running: Option<LoadRun>,
    /// The number of the last run asked for.
    pub last_run: u64,
    /// The series of the run under way, or of the last one.
    pub samples: Vec<Sample>,
    /// The progress line of the latest point, in words.
    pub progress: String,
    /// Messages tried so far (the progress bar's position).
    pub sent: u64,
    /// The most messages the run tries (the progress bar's end).
    pub planned: u64,
    /// The last report, whole.
    pub report: Option<Box<BulkReport>>,
    words: Option<Words>,
}

impl Loading {
    /// The words of the report shown, if any.
    pub fn words(&self) -> Option<&Words> {
        self.words.as_ref()
    }

    /// A run starts: the last one's series and report go.
    pub fn begin(&mut self, run: LoadRun) {
        self.samples.clear();
        self.report = None;
        self.words = None;
        self.progress.clear();
        self.sent = 0;
        self.planned = run.planned;
        self.running = Some(run);
    }

    /// A point of run `run`'s series; ignored when that run is no longer under way.
    pub fn push(&mut self, run: u64, sample: Sample) {
        let Some(r) = self.running.as_ref().filter(|r| r.run == run) else {
            return;
        };
        self.sent = sample.counts.sent;
        self.progress = crate::present::bulk::progress(&r.progress, sample.secs);
        if self.samples.len() >= MAX_SAMPLES {
            let mut i = 0;
            self.samples.retain(|_| {
                i += 1;
                i % 2 == 0
            });
        }
        self.samples.push(sample);
    }

    /// Run `run` ended with `report`: it is shown, and its words made. False when that run was
    /// no longer under way.
    pub fn finish(&mut self, run: u64, report: Box<BulkReport>) -> bool {
        if self.running.as_ref().map(|r| r.run) != Some(run) {
            return false;
        }
        self.running = None;
        self.sent = report.sent;
        self.report = Some(report);
        self.reword();
        true
    }

    /// Run `run` could not start: nothing more of it is shown. False when that run was no
    /// longer under way.
    pub fn failed(&mut self, run: u64) -> bool {
        if self.running.as_ref().map(|r| r.run) != Some(run) {
            return false;
        }
        self.running = None;
        true
    }

    /// Makes every word again (the language changed, or a report arrived).
    pub fn reword(&mut self) {
        let Some(report) = &self.report else {
            self.words = None;
            return;
        };
        self.words = Some(Words {
            summary: crate::present::bulk::summary(report),
            failure: report
                .first_failure()
                .map(|events| failure_lines(&events))
                .unwrap_or_default(),
        });
    }
}

/// The transcript lines of a session's events, each with its colour.
fn failure_lines(events: &[Event]) -> Vec<FailureLine> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Line(l) => Some(l),
            _ => None,
        })
        .map(|l| {
            let tone = match l.direction {
                Direction::Sent => LineTone::Sent,
                Direction::Received => {
                    let class = l
                        .reply
                        .as_ref()
                        .map(|r| r.reply.class())
                        .or_else(|| class_of(&l.text));
                    class.map_or(LineTone::Remark, LineTone::Reply)
                }
                Direction::Info => LineTone::Remark,
                Direction::Warning | Direction::Error => LineTone::Problem,
            };
            FailureLine {
                text: format!("{} {}", l.marker(), crate::present::line_text(l)),
                tone,
            }
        })
        .collect()
}

/// The class of a reply line by its first digit (the lines before a reply's last carry no
/// parsed reply).
fn class_of(text: &str) -> Option<ReplyClass> {
    match text.as_bytes().first() {
        Some(b'1') => Some(ReplyClass::PositivePreliminary),
        Some(b'2') => Some(ReplyClass::PositiveCompletion),
        Some(b'3') => Some(ReplyClass::PositiveIntermediate),
        Some(b'4') => Some(ReplyClass::TransientNegative),
        Some(b'5') => Some(ReplyClass::PermanentNegative),
        _ => None,
    }
}
