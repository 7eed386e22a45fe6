//! The Detect view's state (plain data): the run under way, the last report and its words,
//! made once when the report arrives, when a cell is chosen and when the language changes, so
//! that no frame calls the knowledge or words a finding. Never runs a detection itself: the
//! worker does (`Job::Detect`).

use crate::detect::{DetectReport, Mode, TargetKind};
use crate::engine::CancelToken;
use crate::present::detect::{self as words, FindingWords, Line, Tone};
use crate::present::t;

/// The detection asked for, while the worker runs it.
#[derive(Clone)]
pub struct Running {
    /// The number of the run: an answer for an older run is ignored.
    pub run: u64,
    /// The target as typed, for the words shown while it runs.
    pub target: String,
    pub cancel: CancelToken,
}

/// One cell of the grid: the probe's index in the report's matrix, its result in words, how
/// it reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridCell {
    pub index: usize,
    pub words: String,
    pub tone: Tone,
}

/// One row of the grid: a host and a port, with a cell per mode in `Mode::ALL`'s order (none,
/// STARTTLS, TLS; None where the matrix has no such probe).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridRow {
    /// `host:port`.
    pub label: String,
    /// Where the host came from, in words.
    pub source: String,
    pub cells: [Option<GridCell>; 3],
}

/// The chosen cell's transcript: its heading and lines (or what the facts have, when the probe
/// made no connection).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transcript {
    pub heading: String,
    pub lines: Vec<String>,
}

/// The words of a report, as the view draws them.
#[derive(Debug, Clone)]
pub struct Words {
    /// The recommended settings (or that none was found), and whether there are some.
    pub recommended: String,
    pub found: bool,
    /// Target, DNS server, time.
    pub facts: Vec<(String, String)>,
    /// The mode names, the grid's column headings.
    pub modes: [String; 3],
    pub grid: Vec<GridRow>,
    /// Each candidate server with its source and addresses (or why it has none).
    pub candidates: Vec<Line>,
    /// Each MX in preference order with its facts; empty for a host.
    pub mx: Vec<Line>,
    /// Each DNS finding with its status's tone; empty for a host.
    pub findings: Vec<(Tone, FindingWords)>,
    /// Whether the target was a mail domain (MX and DNS checked).
    pub domain: bool,
    /// The chosen cell's transcript.
    pub transcript: Option<Transcript>,
}

/// The Detect view's state.
#[derive(Default)]
pub struct Detecting {
    /// The detection under way, if any.
    pub running: Option<Running>,
    /// The number of the last run asked for.
    pub last_run: u64,
    /// The last report, whole (exports are made from it).
    pub report: Option<Box<DetectReport>>,
    /// The chosen cell: its index in the report's matrix.
    pub selected: Option<usize>,
    words: Option<Words>,
}

impl Detecting {
    /// The words of the report shown, if any.
    pub fn words(&self) -> Option<&Words> {
        self.words.as_ref()
    }

    /// Shows `report` (the chosen cell is forgotten) and makes its words.
    pub fn show_report(&mut self, report: Box<DetectReport>) {
        self.report = Some(report);
        self.selected = None;
        self.reword();
    }

    /// Chooses the cell at `index` of the matrix and makes its transcript's words.
    pub fn select(&mut self, index: usize) {
        self.selected = Some(index);
        let transcript = self.transcript();
        if let Some(w) = &mut self.words {
            w.transcript = transcript;
        }
    }

    /// Makes every word again (the language changed, or a report arrived).
    pub fn reword(&mut self) {
        let Some(report) = &self.report else {
            self.words = None;
            return;
        };
        let domain = matches!(report.kind, TargetKind::Domain { .. });
        self.words = Some(Words {
            recommended: words::recommended(report),
            found: report.recommended.is_some(),
            facts: words::facts(report),
            modes: Mode::ALL.map(words::mode),
            grid: grid(report),
            candidates: words::candidate_lines(report),
            mx: if domain {
                words::mx_lines(report)
            } else {
                Vec::new()
            },
            findings: report
                .dns
                .iter()
                .map(|f| (words::status_tone(f.status()), words::finding(f)))
                .collect(),
            domain,
            transcript: None,
        });
        let transcript = self.transcript();
        if let Some(w) = &mut self.words {
            w.transcript = transcript;
        }
    }

    /// The chosen cell's transcript in words: its lines, or (no connection was made) the
    /// result and what the probe saw.
    fn transcript(&self) -> Option<Transcript> {
        let report = self.report.as_ref()?;
        let c = report.matrix.get(self.selected?)?;
        let mut lines = crate::export::detect::transcript_lines(&c.events, true);
        if lines.is_empty() {
            lines.push(words::result(&c.result, c.port, &c.seen));
            if let Some(peer) = &c.seen.peer {
                lines.push(t!("window-detect-seen-peer", peer = peer.as_str()));
            }
            lines.push(t!("window-detect-no-transcript"));
        }
        Some(Transcript {
            heading: words::transcript_heading(&c.host, c.port, c.security),
            lines,
        })
    }
}

/// The matrix as rows of host and port, in the report's order, a cell per mode.
fn grid(report: &DetectReport) -> Vec<GridRow> {
    let mut rows: Vec<(String, u16, GridRow)> = Vec::new();
    for (index, c) in report.matrix.iter().enumerate() {
        let at = match rows
            .iter()
            .position(|(h, p, _)| *h == c.host && *p == c.port)
        {
            Some(at) => at,
            None => {
                rows.push((
                    c.host.clone(),
                    c.port,
                    GridRow {
                        label: format!("{}:{}", c.host, c.port),
                        source: words::source(c.source),
                        cells: [None, None, None],
                    },
                ));
                rows.len() - 1
            }
        };
        let column = Mode::ALL.iter().position(|m| *m == c.security).unwrap_or(0);
        rows[at].2.cells[column] = Some(GridCell {
            index,
            words: words::result(&c.result, c.port, &c.seen),
            tone: words::result_tone(&c.result),
        });
    }
    rows.into_iter().map(|(_, _, r)| r).collect()
}
