//! One session as the window shows it: its events, the transcript rows derived from them, the
//! filters over those rows, and the record the exports are made from. Plain data, no egui.
//! What the knowledge says about the session (the report, the selected reply's explanation) is
//! worked out here when events arrive or the selection changes, never while drawing.

use time::OffsetDateTime;
use tokio::sync::mpsc::UnboundedReceiver;

use crate::engine::{CancelToken, Direction, Event, SessionRequest, TlsInfo};
use crate::export::SessionRecord;
use crate::knowledge::{Explanation, explain_answered};
use crate::present::explain::{Labels, Words};
use crate::present::verdict::{Report, report};
use crate::profile::Action;
use crate::proto::ReplyClass;
use crate::proto::session::Outcome;

/// One transcript row.
#[derive(Debug, Clone)]
pub struct Row {
    /// Index of the event this row came from.
    pub event: usize,
    /// The UTC time of the line, to the millisecond.
    pub time: String,
    /// Milliseconds since the session started.
    pub elapsed_ms: u64,
    /// For a reply's last line: how long the server took to answer.
    pub latency_ms: Option<u64>,
    /// The swaks-style marker of the line's direction.
    pub marker: &'static str,
    /// Sent, received, or a remark of ours.
    pub direction: Direction,
    /// Whether the line went through TLS.
    pub tls: bool,
    /// The line as shown (secrets already redacted by the engine).
    pub text: String,
    /// Set on the last line of a reply.
    pub class: Option<ReplyClass>,
    /// The class of the reply this line belongs to (continuation lines too).
    pub line_class: Option<ReplyClass>,
}

impl Row {
    /// An error or warning of ours, or a line of a 4yz/5yz reply.
    pub fn is_problem(&self) -> bool {
        matches!(self.direction, Direction::Error | Direction::Warning)
            || matches!(
                self.line_class,
                Some(ReplyClass::TransientNegative | ReplyClass::PermanentNegative)
            )
    }

    /// A line the server sent.
    pub fn is_reply(&self) -> bool {
        self.direction == Direction::Received
    }
}

/// Which rows to show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only the server's lines.
    pub replies_only: bool,
    /// Only problems (see `Row::is_problem`).
    pub problems_only: bool,
    /// Only lines containing this text, in any case.
    pub search: String,
}

impl Filter {
    /// Whether `row` passes the filter.
    pub fn keeps(&self, row: &Row) -> bool {
        (!self.replies_only || row.is_reply())
            && (!self.problems_only || row.is_problem())
            && (self.search.is_empty()
                || row
                    .text
                    .to_lowercase()
                    .contains(&self.search.to_lowercase()))
    }
}

/// A running or finished session.
pub struct SessionView {
    /// The profile's name and the action.
    pub title: String,
    /// What was asked.
    pub action: Action,
    /// Settings, start time and events: what the exports are made from.
    pub record: SessionRecord,
    /// One row a transcript line.
    pub rows: Vec<Row>,
    /// Indexes into `rows` that pass `filter_used`.
    pub visible: Vec<usize>,
    filter_used: Filter,
    /// The selected row.
    selected: Option<usize>,
    /// The explanation of the selected row's reply and its words, once its last line is in.
    explained: Option<Explained>,
    /// The verdict for a person, made when the session finished.
    report: Option<Report>,
    events: Option<UnboundedReceiver<Event>>,
    /// Cancels the session while it runs.
    pub cancel: Option<CancelToken>,
    /// Multi-line replies: the class is known only at their last line, so earlier lines wait here.
    pending_reply_rows: Vec<usize>,
}

/// A reply's explanation with what the panel shows of it.
#[derive(Debug, Clone)]
struct Explained {
    explanation: Explanation,
    words: Words,
    labels: Labels,
}

impl Explained {
    fn of(explanation: Explanation) -> Explained {
        Explained {
            words: crate::present::explain::reply(&explanation),
            labels: crate::present::explain::labels(),
            explanation,
        }
    }
}

impl SessionView {
    /// A session starting now for `request`, its events to come from `events`.
    pub fn new(
        title: String,
        action: Action,
        request: &SessionRequest,
        events: Option<UnboundedReceiver<Event>>,
        cancel: Option<CancelToken>,
    ) -> SessionView {
        let record = SessionRecord::new(request, OffsetDateTime::now_utc(), Vec::new());
        SessionView::live(title, action, record, events, cancel)
    }

    /// A session starting with an empty `record`, its events to come from `events`.
    pub fn live(
        title: String,
        action: Action,
        record: SessionRecord,
        events: Option<UnboundedReceiver<Event>>,
        cancel: Option<CancelToken>,
    ) -> SessionView {
        SessionView {
            title,
            action,
            record,
            rows: Vec::new(),
            visible: Vec::new(),
            filter_used: Filter::default(),
            selected: None,
            explained: None,
            report: None,
            events,
            cancel,
            pending_reply_rows: Vec::new(),
        }
    }

    /// A finished session loaded from a record (history, tests, benchmarks).
    pub fn from_record(title: String, action: Action, record: SessionRecord) -> SessionView {
        let events = record.events.clone();
        let mut view = SessionView {
            title,
            action,
            record: SessionRecord {
                events: Vec::new(),
                ..record
            },
            rows: Vec::new(),
            visible: Vec::new(),
            filter_used: Filter::default(),
            selected: None,
            explained: None,
            report: None,
            events: None,
            cancel: None,
            pending_reply_rows: Vec::new(),
        };
        for e in events {
            view.push(e);
        }
        view
    }

    /// The profile's name: the title without its action.
    pub fn profile_name(&self) -> &str {
        let label = self.action.label();
        self.title
            .strip_suffix(label.as_str())
            .and_then(|t| t.strip_suffix(" - "))
            .unwrap_or(&self.title)
    }

    /// Whether events may still come.
    pub fn is_running(&self) -> bool {
        self.events.is_some()
    }

    /// The outcome, once the session finished.
    pub fn outcome(&self) -> Option<&Outcome> {
        self.record.outcome()
    }

    /// The verdict for a person, once the session finished.
    pub fn report(&self) -> Option<&Report> {
        self.report.as_ref()
    }

    /// The facts of each TLS handshake, in order.
    pub fn tls(&self) -> Vec<&TlsInfo> {
        self.record.tls()
    }

    /// Takes the events that arrived; returns true if any did.
    pub fn drain(&mut self) -> bool {
        let mut got = Vec::new();
        let mut closed = false;
        if let Some(rx) = &mut self.events {
            loop {
                match rx.try_recv() {
                    Ok(e) => got.push(e),
                    Err(tokio::sync::mpsc::error::TryRecvError::Empty) => break,
                    Err(tokio::sync::mpsc::error::TryRecvError::Disconnected) => {
                        closed = true;
                        break;
                    }
                }
            }
        }
        let any = !got.is_empty();
        for e in got {
            let finished = matches!(e, Event::Finished(_));
            self.push(e);
            if finished {
                closed = true;
            }
        }
        if closed {
            self.events = None;
            self.cancel = None;
        }
        any
    }

    /// Adds one event and its row.
    pub fn push(&mut self, event: Event) {
        let index = self.record.events.len();
        if let Event::Line(line) = &event {
            let class = line.reply.as_ref().map(|r| r.reply.class());
            let row = Row {
                event: index,
                time: crate::present::record::clock(line.at),
                elapsed_ms: line.elapsed_ms,
                latency_ms: line.reply.as_ref().map(|r| r.latency_ms),
                marker: line.marker(),
                direction: line.direction,
                tls: line.tls,
                text: crate::present::line_text(line),
                class,
                line_class: class,
            };
            let row_index = self.rows.len();
            if line.direction == Direction::Received {
                match class {
                    Some(c) => {
                        for &i in &self.pending_reply_rows {
                            if let Some(r) = self.rows.get_mut(i) {
                                r.line_class = Some(c);
                            }
                        }
                        self.pending_reply_rows.clear();
                    }
                    None => self.pending_reply_rows.push(row_index),
                }
            }
            if self.filter_used.keeps(&row) {
                self.visible.push(row_index);
            }
            self.rows.push(row);
        }
        let completes_reply = matches!(&event, Event::Line(l) if l.reply.is_some());
        let finished = matches!(event, Event::Finished(_));
        self.record.events.push(event);
        if finished {
            self.report = self.record.outcome().map(report);
        }
        // A continuation line was selected before the reply's last line arrived.
        if completes_reply && self.explained.is_none() {
            self.explained = self.selected.and_then(|i| self.explain_row(i));
        }
    }

    /// The selected row.
    pub fn selected(&self) -> Option<usize> {
        self.selected
    }

    /// Selects a row and explains its reply (once: the explanation is kept for drawing).
    pub fn select(&mut self, row: usize) {
        self.selected = Some(row);
        self.explained = self.explain_row(row);
    }

    /// The explanation of the selected row's reply.
    pub fn explanation(&self) -> Option<&Explanation> {
        self.explained.as_ref().map(|e| &e.explanation)
    }

    /// The selected reply's explanation in words, with the labels of its parts (worked out
    /// with the explanation, not per frame).
    pub fn explanation_words(&self) -> Option<(&Words, &Labels)> {
        self.explained.as_ref().map(|e| (&e.words, &e.labels))
    }

    /// Words the session again in the current language (the user switched it): the
    /// transcript's lines, the report and the selected reply's explanation. The events and
    /// the record stay as they are.
    pub fn reword(&mut self) {
        for row in &mut self.rows {
            if let Some(Event::Line(line)) = self.record.events.get(row.event) {
                row.text = crate::present::line_text(line);
            }
        }
        self.visible = (0..self.rows.len())
            .filter(|&i| self.filter_used.keeps(&self.rows[i]))
            .collect();
        if self.report.is_some() {
            self.report = self.record.outcome().map(report);
        }
        if let Some(row) = self.selected {
            self.explained = self.explain_row(row);
        }
    }

    /// Applies a filter, recomputing the visible rows only when it changed.
    pub fn apply_filter(&mut self, filter: &Filter) {
        if *filter != self.filter_used {
            self.filter_used = filter.clone();
            self.visible = (0..self.rows.len())
                .filter(|&i| self.filter_used.keeps(&self.rows[i]))
                .collect();
        }
    }

    /// The explanation of the reply a row belongs to, with its words.
    fn explain_row(&self, row: usize) -> Option<Explained> {
        let row = self.rows.get(row).filter(|r| r.is_reply())?;
        // A continuation line explains through the reply's last line.
        let events = &self.record.events;
        events[row.event..].iter().find_map(|e| match e {
            Event::Line(l) if l.direction == Direction::Received => l
                .reply
                .as_ref()
                .map(|r| Explained::of(explain_answered(&r.reply, &r.answered))),
            _ => None,
        })
    }

    /// The transcript as swaks-style text, for the clipboard.
    pub fn rows_as_text<'a>(&self, rows: impl Iterator<Item = &'a Row>) -> String {
        let mut out = String::new();
        for r in rows {
            out.push_str(&format!("{} {} {}\n", r.time, r.marker, r.text));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECORDED: &str = include_str!("../../tests/data/recorded-session.json");

    fn recorded() -> SessionView {
        let record: SessionRecord =
            serde_json::from_str(RECORDED).expect("the recorded session loads");
        SessionView::from_record(String::from("recorded"), Action::SendTestMessage, record)
    }

    #[test]
    fn the_report_is_made_once_the_session_finished() {
        let view = recorded();
        let outcome = view.outcome().expect("the recorded session finished");
        let report = view.report().expect("a report");
        assert_eq!(report.verdict, outcome.verdict);
        assert_eq!(
            report.sentence,
            crate::present::verdict::report(outcome).sentence
        );
    }

    #[test]
    fn selecting_a_reply_row_explains_it_and_selecting_a_sent_line_explains_nothing() {
        let mut view = recorded();
        let reply = view
            .rows
            .iter()
            .position(|r| r.class.is_some())
            .expect("a reply row");
        view.select(reply);
        assert_eq!(view.selected(), Some(reply));
        let x = view.explanation().expect("the reply is explained");
        assert_eq!(Some(x.class), view.rows[reply].class);
        let sent = view
            .rows
            .iter()
            .position(|r| r.direction == Direction::Sent)
            .expect("a sent row");
        view.select(sent);
        assert!(view.explanation().is_none());
    }

    #[test]
    fn a_continuation_line_selected_early_is_explained_when_its_reply_is_complete() {
        let record: SessionRecord =
            serde_json::from_str(RECORDED).expect("the recorded session loads");
        let events = record.events.clone();
        let mut view = SessionView::from_record(
            String::from("live"),
            Action::SendTestMessage,
            SessionRecord {
                events: Vec::new(),
                ..record
            },
        );
        let mut waited = false;
        for e in events {
            let last_line_of_reply = matches!(&e, Event::Line(l) if l.reply.is_some());
            if last_line_of_reply
                && view.selected().is_none()
                && view
                    .rows
                    .last()
                    .is_some_and(|r| r.is_reply() && r.class.is_none())
            {
                // A multi-line reply's earlier line, selected before the last line is in.
                view.select(view.rows.len() - 1);
                assert!(view.explanation().is_none());
                waited = true;
            }
            view.push(e);
        }
        assert!(waited, "the recorded session has a multi-line reply");
        assert!(view.explanation().is_some());
    }
}
