//! The window's session history on disk, so that yesterday's session can be compared with
//! today's: one JSON Lines file in the data folder (`history.jsonl`), a first line naming its
//! format, then one finished session a line: the profile's name, the action and the session's
//! record (its settings and events, which hold no secret by design: the intent has none and the
//! engine redacts every AUTH line). Bounded: the newest `MAX_SESSIONS` sessions whose lines fit
//! in `MAX_BYTES`, the oldest dropped first. The app hands the whole text to the worker's one
//! debounced writer of the file (atomic writes); the worker reads it once, at start. A file
//! that cannot be read whole is kept aside under a new name, with a warning that says where and
//! what can still be done; the sessions that could be read are kept. The profiles are another
//! file and never touched here.

use std::collections::VecDeque;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::session::SessionView;
use crate::export::SessionRecord;
use crate::present::t;
use crate::profile::Action;

/// The first line of the file.
pub const FORMAT: &str = "smtp-lens.history/1";

/// The file's name in the data folder.
pub const FILE_NAME: &str = "history.jsonl";

/// At most this many sessions are kept.
pub const MAX_SESSIONS: usize = 50;

/// The sessions' lines together take at most this many bytes (8 MiB).
pub const MAX_BYTES: usize = 8 << 20;

/// One session as the file keeps it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Stored {
    /// The profile's name when the session ran.
    pub profile: String,
    pub action: Action,
    /// Settings (no secret), start time and events (redacted by the engine).
    pub record: SessionRecord,
}

impl Stored {
    /// The session as the window shows it; its title in today's language.
    pub fn into_view(self) -> SessionView {
        let title = format!("{} - {}", self.profile, self.action.label());
        SessionView::from_record(title, self.action, self.record)
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct Header {
    format: String,
}

/// The file's session lines, oldest first, within the bounds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Kept {
    lines: VecDeque<String>,
    bytes: usize,
}

impl Kept {
    /// Adds a finished session as the newest, dropping the oldest beyond the bounds. A session
    /// whose line alone is over `MAX_BYTES` is not kept.
    pub fn push(&mut self, stored: &Stored) -> Result<(), serde_json::Error> {
        let line = serde_json::to_string(stored)?;
        self.bytes += line.len();
        self.lines.push_back(line);
        self.trim();
        Ok(())
    }

    /// Puts `older` (the lines read from the file) before the lines kept since.
    pub fn put_before(&mut self, older: Kept) {
        let newer = std::mem::replace(self, older);
        self.bytes += newer.bytes;
        self.lines.extend(newer.lines);
        self.trim();
    }

    fn trim(&mut self) {
        while self.lines.len() > MAX_SESSIONS || self.bytes > MAX_BYTES {
            match self.lines.pop_front() {
                Some(old) => self.bytes -= old.len(),
                None => break,
            }
        }
    }

    /// How many sessions are kept.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Whether no session is kept.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The file's text.
    pub fn text(&self) -> String {
        let header = serde_json::to_string(&Header {
            format: String::from(FORMAT),
        })
        .unwrap_or_default();
        let mut out = String::with_capacity(header.len() + self.bytes + self.lines.len() + 1);
        out.push_str(&header);
        out.push('\n');
        for l in &self.lines {
            out.push_str(l);
            out.push('\n');
        }
        out
    }
}

/// What reading the file found.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The sessions read, oldest first.
    pub sessions: Vec<Stored>,
    /// Their lines, to be written again.
    pub kept: Kept,
    /// Set when the file could not be read whole; says where it was kept and what can be done.
    pub warning: Option<String>,
    /// The file could not be read, or not moved aside: it is left as it is, and this run's
    /// sessions are not written over it.
    pub leave_alone: bool,
}

/// Why the text is not a whole history file: None when it is.
fn parse(text: &str, loaded: &mut Loaded) -> Option<String> {
    let mut lines = text.lines();
    let header = lines.next().unwrap_or_default();
    match serde_json::from_str::<Header>(header) {
        Ok(h) if h.format == FORMAT => {}
        Ok(h) => return Some(t!("history-other-format", format = h.format)),
        Err(e) => return Some(t!("history-bad-line", line = 1u64, error = e.to_string())),
    }
    let mut problem = None;
    for (i, line) in lines.enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Stored>(line) {
            Ok(stored) => {
                loaded.kept.bytes += line.len();
                loaded.kept.lines.push_back(line.to_string());
                loaded.sessions.push(stored);
            }
            Err(e) => {
                let number = i + 2;
                problem.get_or_insert_with(|| {
                    t!("history-bad-line", line = number, error = e.to_string())
                });
            }
        }
    }
    // A file written by hand may hold more than the bounds: the newest are kept.
    let before = loaded.kept.len();
    loaded.kept.trim();
    let dropped = before - loaded.kept.len();
    loaded.sessions.drain(..dropped);
    problem
}

/// Reads the history at `path`. A missing file is an empty history; one that cannot be read
/// whole is renamed to `<name>.corrupt-<time>`, the sessions that could be read are kept, and the
/// warning says so.
pub fn load(path: &Path) -> Loaded {
    let shown = path.display().to_string();
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Loaded::default(),
        Err(e) => {
            return Loaded {
                warning: Some(t!(
                    "history-cannot-read",
                    path = shown,
                    error = e.to_string()
                )),
                leave_alone: true,
                ..Loaded::default()
            };
        }
    };
    let mut loaded = Loaded::default();
    if let Some(reason) = parse(&text, &mut loaded) {
        let stamp = time::OffsetDateTime::now_utc().unix_timestamp();
        let aside = path.with_extension(format!("jsonl.corrupt-{stamp}"));
        let count = loaded.sessions.len();
        loaded.warning = Some(match std::fs::rename(path, &aside) {
            Ok(()) => t!(
                "history-kept-aside",
                path = shown,
                reason = reason,
                aside = aside.display().to_string(),
                count = u64::try_from(count).unwrap_or(u64::MAX)
            ),
            Err(e) => {
                loaded.leave_alone = true;
                t!(
                    "history-not-moved",
                    path = shown,
                    reason = reason,
                    error = e.to_string()
                )
            }
        });
    }
    loaded
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECORDED: &str = include_str!("../../tests/data/recorded-session.json");

    fn stored(minute: i64) -> Stored {
        let mut record: SessionRecord =
            serde_json::from_str(RECORDED).expect("the recorded session loads");
        record.started_at += time::Duration::minutes(minute);
        Stored {
            profile: format!("Profile {minute}"),
            action: Action::SendTestMessage,
            record,
        }
    }

    #[test]
    fn the_newest_sessions_are_kept_within_the_bounds_and_read_back_in_order() {
        let mut kept = Kept::default();
        for m in 0..(MAX_SESSIONS as i64 + 5) {
            kept.push(&stored(m)).expect("renders");
        }
        assert_eq!(kept.len(), MAX_SESSIONS);
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, kept.text()).expect("write");
        let loaded = load(&path);
        assert!(loaded.warning.is_none(), "{:?}", loaded.warning);
        let names: Vec<&str> = loaded.sessions.iter().map(|s| s.profile.as_str()).collect();
        assert_eq!(names.first(), Some(&"Profile 5"), "the oldest were dropped");
        assert_eq!(names.last(), Some(&"Profile 54"));
        assert_eq!(loaded.kept, kept, "what is read is written back unchanged");
    }

    #[test]
    fn sessions_over_the_size_bound_drop_the_oldest_first() {
        let mut kept = Kept::default();
        let one = serde_json::to_string(&stored(0)).expect("renders").len();
        let fit = MAX_BYTES / one;
        for m in 0..(fit as i64 + 3) {
            kept.push(&stored(m)).expect("renders");
        }
        assert!(kept.len() <= fit, "{} sessions of {one} bytes", kept.len());
        assert!(kept.bytes <= MAX_BYTES);
    }

    #[test]
    fn a_damaged_file_is_kept_aside_and_the_sessions_that_can_be_read_are_kept() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(FILE_NAME);
        let mut kept = Kept::default();
        kept.push(&stored(0)).expect("renders");
        kept.push(&stored(1)).expect("renders");
        let text = kept.text();
        // The second session's line cut short.
        let damaged = &text[..text.len() - 40];
        std::fs::write(&path, damaged).expect("write");
        let loaded = load(&path);
        assert_eq!(loaded.sessions.len(), 1);
        let warning = loaded.warning.expect("a warning");
        assert!(warning.contains("Compare sessions"), "{warning}");
        assert!(!path.exists(), "the damaged file was moved");
        let aside: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().contains(".corrupt-"))
            .collect();
        assert_eq!(aside.len(), 1, "kept aside once");
        assert_eq!(
            std::fs::read_to_string(aside[0].path()).expect("read"),
            damaged,
            "kept as it was"
        );
        let junk = dir.path().join("junk.jsonl");
        std::fs::write(&junk, "not a history").expect("write");
        let loaded = load(&junk);
        assert!(loaded.sessions.is_empty());
        assert!(loaded.warning.is_some());
    }
}
