//! `smtp-lens bulk`: many sessions at once against one server, to learn how many messages a
//! second it takes and where it starts to refuse.
//!
//! `run` starts `connections` workers on the caller's tokio runtime. Each claims up to
//! `per_connection` messages from a shared pool, runs one `engine::run` session that sends them
//! over one connection (`SessionPlan::transactions`), counts each transaction's outcome, and goes
//! again until the pool is empty, the time is up or the run is cancelled. Messages a session did
//! not reach (its connection failed first) go back to the pool; every session uses at least one,
//! so the run always ends.
//!
//! Memory stays flat whatever the number of messages: the message is built once and shared, the
//! counters are atomics, latencies go into fixed-size histograms (`hdrhistogram`), refusals are
//! grouped by reply, and only the first session's transcript and the first few failing ones are
//! kept. Like the engine, this layer reports facts and words nothing for people.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use hdrhistogram::Histogram;
use serde::Serialize;

use crate::engine::{self, CancelToken, Event, SessionRequest};
use crate::proto::session::{Answered, MessageSerial, Outcome, ReplyContext, Stage, Verdict};
use crate::proto::{Cause, Reply};

pub mod sample;
pub mod settings;

pub use settings::{Knob, PlanProblem, Settings, filler};

/// Failing sessions whose transcripts are kept, besides the first session's.
pub const KEPT_FAILURES: usize = 3;

/// The message cap when `--messages` is not given (also with `--duration`).
pub const DEFAULT_CAP: u64 = 1_000;

/// Transcript lines of one message's data kept in a kept transcript; the rest is summarised.
pub const LOGGED_DATA_LINES: usize = 8;

/// What a bulk run is asked to do.
#[derive(Debug, Clone)]
pub struct BulkPlan {
    /// The session every worker runs; its plan's `transactions` is set per session.
    pub request: SessionRequest,
    /// Sessions open at once (at least 1).
    pub connections: usize,
    /// Messages to send in all (at least 1).
    pub messages: u64,
    /// Messages sent over one connection before QUIT (at least 1).
    pub per_connection: u32,
    /// Messages a second for the whole run: every message, first of its session or not, waits
    /// for its turn in an even schedule (`engine::Pacer`).
    pub rate: Option<f64>,
    /// Stop starting sessions after this long (the sessions under way finish).
    pub duration: Option<Duration>,
}

/// Live counters, read by a progress display while the run goes on.
#[derive(Debug)]
pub struct Progress {
    /// Messages tried: each transaction's outcome counts one.
    pub sent: AtomicU64,
    pub accepted: AtomicU64,
    /// Refused with a 4xx reply.
    pub refused_transient: AtomicU64,
    /// Refused with a 5xx reply.
    pub refused_permanent: AtomicU64,
    /// Ended by a failure that is not a reply (connection, TLS, timeout).
    pub errors: AtomicU64,
    /// Sessions finished.
    pub sessions: AtomicU64,
    /// The latencies of the replies to the end of a message's data (end of data, BDAT) added
    /// up, in microseconds: with `message_replies`, the mean over any span of the run.
    pub message_latency_us: AtomicU64,
    /// The replies counted in `message_latency_us`.
    pub message_replies: AtomicU64,
    /// The same latencies as a histogram (microseconds), for live percentiles. One lock a
    /// message, uncontended on the one-thread runtime a plain-text run uses.
    pub message_histogram: std::sync::Mutex<Histogram<u64>>,
}

impl Default for Progress {
    fn default() -> Progress {
        Progress {
            sent: AtomicU64::new(0),
            accepted: AtomicU64::new(0),
            refused_transient: AtomicU64::new(0),
            refused_permanent: AtomicU64::new(0),
            errors: AtomicU64::new(0),
            sessions: AtomicU64::new(0),
            message_latency_us: AtomicU64::new(0),
            message_replies: AtomicU64::new(0),
            message_histogram: std::sync::Mutex::new(histogram()),
        }
    }
}

impl Progress {
    fn count(&self, kind: Kind) {
        self.sent.fetch_add(1, Ordering::Relaxed);
        let counter = match kind {
            Kind::Accepted => &self.accepted,
            Kind::Transient => &self.refused_transient,
            Kind::Permanent => &self.refused_permanent,
            Kind::Error => &self.errors,
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Accepted,
    Transient,
    Permanent,
    Error,
}

/// Latency percentiles of one kind of reply, in microseconds.
#[derive(Debug, Clone, Serialize)]
pub struct Percentiles {
    /// What the replies answered (`greeting`, `ehlo`, `mail`, ..., `end-of-data`), or
    /// `None` for whole sessions (connection to close).
    pub answered: Option<ReplyContext>,
    pub count: u64,
    pub p50_us: u64,
    pub p95_us: u64,
    pub p99_us: u64,
    pub max_us: u64,
}

/// Refusals with the same reply (code, enhanced code, first line) to the same kind of command.
#[derive(Debug, Clone, Serialize)]
pub struct RefusalGroup {
    /// The first reply of the group, as the server sent it.
    pub reply: Reply,
    /// What it answered (the first one's).
    pub answered: Answered,
    pub count: u64,
}

/// Messages that ended without an accepting reply nor a refusing one, by verdict and cause.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorGroup {
    pub verdict: Verdict,
    pub cause: Option<Cause>,
    pub count: u64,
}

/// What a bulk run found: counts, time, latencies, refusals and a few transcripts.
#[derive(Debug, Clone, Serialize)]
pub struct BulkReport {
    pub sent: u64,
    pub accepted: u64,
    pub refused_transient: u64,
    pub refused_permanent: u64,
    pub errors: u64,
    pub sessions: u64,
    /// The messages asked for (the cap when none was given).
    pub planned: u64,
    /// From the first session's start to the last one's end, in seconds.
    pub elapsed_secs: f64,
    /// `sent / elapsed_secs`.
    pub messages_per_sec: f64,
    /// The server offered and the first session used PIPELINING (RFC 2920) / CHUNKING (RFC 3030).
    pub pipelining: bool,
    pub chunking: bool,
    /// Per kind of reply, in the order of a session; then whole sessions.
    pub latency: Vec<Percentiles>,
    /// Largest group first.
    pub refusals: Vec<RefusalGroup>,
    /// Largest group first.
    pub error_kinds: Vec<ErrorGroup>,
    /// Each failing message's verdict, counted; the most frequent decides the exit code.
    pub verdicts: Vec<(Verdict, u64)>,
    pub cancelled: bool,
    /// The run stopped early: a session failed in a way every session would (no connection,
    /// TLS, a refused login, an invalid input; not a 4xx) before any message was accepted.
    pub halted: bool,
    /// The duration asked for ended the run before every planned message was tried.
    pub out_of_time: bool,
    /// The duration asked for, in seconds.
    pub duration_secs: Option<f64>,
    /// The first session's events, whole.
    #[serde(skip)]
    pub first_session: Vec<Event>,
    /// The events of failing messages' sessions (at most `KEPT_FAILURES`), besides the first
    /// session's: from the session's start when its first message failed, else from the end of
    /// the last accepted message. Only the first session and the sessions started after a
    /// failure was seen report their lines, so these are the first failures after that one
    /// (whose reply is in `refusals` or `error_kinds` all the same).
    #[serde(skip)]
    pub failures: Vec<Vec<Event>>,
}

impl BulkReport {
    /// The transcript to show for the failures: the first kept failing one, else the first
    /// session's up to its first failing message, when one failed; `None` when neither is
    /// there. It ends with that message's outcome as `Event::Finished`, so a printer shows its
    /// verdict.
    pub fn first_failure(&self) -> Option<Vec<Event>> {
        if let Some(events) = self.failures.first() {
            return Some(events.clone());
        }
        let end = self.first_session.iter().position(|e| match e {
            Event::Transaction(o) | Event::Finished(o) => {
                !o.verdict.is_success() && o.verdict != Verdict::Cancelled
            }
            _ => false,
        })?;
        let mut events = self.first_session[..=end].to_vec();
        ends_with_verdict(&mut events);
        Some(events)
    }

    /// The most frequent verdict among the messages not accepted; `None` when all were.
    pub fn most_frequent_failure(&self) -> Option<Verdict> {
        self.verdicts
            .iter()
            .filter(|(v, _)| !v.is_success())
            .max_by_key(|(_, n)| *n)
            .map(|(v, _)| *v)
    }
}

/// The zeros put into a message's Message-ID for each message's number: 16 hexadecimal digits.
pub const SERIAL_DIGITS: usize = 16;

/// Gives `message`'s Message-ID a place for a number (16 zeros before its '@') and returns the
/// message with it and where the number goes, so that every message of a run built once has a
/// Message-ID of its own (RFC 5322 3.6.4; stores that drop duplicates would keep one of a run).
/// `None` when the message has no Message-ID header with an '@' in its header section.
pub fn numbered(message: &[u8]) -> Option<(Vec<u8>, MessageSerial)> {
    let header_end = message
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(message.len());
    let mut line_start = 0;
    while line_start < header_end {
        let line_end = message[line_start..]
            .windows(2)
            .position(|w| w == b"\r\n")
            .map_or(message.len(), |i| line_start + i);
        let line = &message[line_start..line_end];
        if line.len() > 11 && line[..11].eq_ignore_ascii_case(b"message-id:") {
            let open = line.iter().position(|&b| b == b'<')?;
            let close = open + line[open..].iter().position(|&b| b == b'>')?;
            let at = open + line[open..close].iter().rposition(|&b| b == b'@')?;
            let mut id = line[open..at].to_vec();
            id.push(b'.');
            let digits = id.len()..id.len() + SERIAL_DIGITS;
            id.extend(std::iter::repeat_n(b'0', SERIAL_DIGITS));
            id.extend_from_slice(&line[at..=close]);
            let mut out = Vec::with_capacity(message.len() + SERIAL_DIGITS + 1);
            out.extend_from_slice(&message[..line_start + open]);
            out.extend_from_slice(&id);
            out.extend_from_slice(&message[line_start + close + 1..]);
            let serial = MessageSerial {
                id,
                digits,
                next: Arc::new(AtomicU64::new(0)),
            };
            return Some((out, serial));
        }
        line_start = line_end + 2;
    }
    None
}

/// A failure every session of the run would meet the same way, so that once it comes before
/// any message was accepted no more sessions start: the server cannot be reached, its TLS or
/// the login fails for good (a wrong password tried again and again can lock the account), or
/// an input is invalid. Not a 4xx (a rate limit or a full server is what a load test is there
/// to find), and not after MAIL (each message may fare differently).
fn repeats(outcome: &Outcome) -> bool {
    let permanent = outcome
        .deciding_reply
        .as_ref()
        .is_none_or(|r| r.code >= 500);
    outcome.deciding_stage < Stage::Mail
        && permanent
        && matches!(
            outcome.verdict,
            Verdict::ConnectFailed
                | Verdict::TlsFailed
                | Verdict::AuthFailed
                | Verdict::InvalidInput
        )
}

/// Makes a kept transcript that ends with a transaction's outcome end with it as the session's
/// (`Event::Finished`): the lines after it belong to the next message.
fn ends_with_verdict(events: &mut Vec<Event>) {
    if matches!(events.last(), Some(Event::Transaction(_)))
        && let Some(Event::Transaction(outcome)) = events.pop()
    {
        events.push(Event::Finished(outcome));
    }
}

/// The kinds of reply whose latency is measured, in the order of a session.
const TIMED: [ReplyContext; 11] = [
    ReplyContext::Greeting,
    ReplyContext::Ehlo,
    ReplyContext::Starttls,
    ReplyContext::Auth,
    ReplyContext::Mail,
    ReplyContext::Rcpt,
    ReplyContext::Data,
    ReplyContext::EndOfData,
    ReplyContext::Bdat,
    ReplyContext::Rset,
    ReplyContext::Quit,
];

/// What the workers share.
struct Shared {
    plan: BulkPlan,
    progress: Arc<Progress>,
    cancel: CancelToken,
    /// Messages not yet claimed.
    pool: AtomicU64,
    /// The even schedule of `rate`, shared by every session: each message takes a turn.
    pacer: Option<Arc<engine::Pacer>>,
    started: Instant,
    first_taken: AtomicBool,
    /// A message has failed: the sessions started from then on report their lines, until
    /// `KEPT_FAILURES` failing transcripts are kept.
    failed: AtomicBool,
    failures_kept: AtomicUsize,
    /// Set when the run stops early (`BulkReport::halted`).
    halted: AtomicBool,
    /// Set when `duration` ended the run with messages left (`BulkReport::out_of_time`).
    out_of_time: AtomicBool,
}

/// One worker's findings, merged at the end.
struct Tally {
    histograms: Vec<Histogram<u64>>,
    session: Histogram<u64>,
    refusals: HashMap<(u16, String, ReplyContext), RefusalGroup>,
    errors: HashMap<(Verdict, Option<Cause>), u64>,
    verdicts: HashMap<Verdict, u64>,
    first_session: Vec<Event>,
    failures: Vec<Vec<Event>>,
    pipelining: Option<(bool, bool)>,
}

fn histogram() -> Histogram<u64> {
    // 1 us to 10 min, 2 significant digits (values within 1%): a fixed 24 KB whatever the
    // count. These bounds are valid, so the constructor cannot fail.
    Histogram::new_with_bounds(1, 600_000_000, 2).unwrap_or_else(|e| unreachable!("{e}"))
}

impl Tally {
    fn new() -> Tally {
        Tally {
            histograms: TIMED.iter().map(|_| histogram()).collect(),
            session: histogram(),
            refusals: HashMap::new(),
            errors: HashMap::new(),
            verdicts: HashMap::new(),
            first_session: Vec::new(),
            failures: Vec::new(),
            pipelining: None,
        }
    }

    fn merge(&mut self, other: Tally) {
        for (a, b) in self.histograms.iter_mut().zip(&other.histograms) {
            let _ = a.add(b);
        }
        let _ = self.session.add(&other.session);
        for (key, group) in other.refusals {
            self.refusals
                .entry(key)
                .and_modify(|g| g.count += group.count)
                .or_insert(group);
        }
        for (key, n) in other.errors {
            *self.errors.entry(key).or_default() += n;
        }
        for (key, n) in other.verdicts {
            *self.verdicts.entry(key).or_default() += n;
        }
        if self.first_session.is_empty() {
            self.first_session = other.first_session;
        }
        self.failures.extend(other.failures);
        self.pipelining = self.pipelining.or(other.pipelining);
    }

    /// Adds a refusal to its group (same code, first line and kind of command).
    fn group(&mut self, reply: &Reply, answered: &Answered) {
        let first = reply
            .lines
            .first()
            .map(|l| l.text.trim().to_string())
            .unwrap_or_default();
        self.refusals
            .entry((reply.code, first, answered.context()))
            .and_modify(|g| g.count += 1)
            .or_insert_with(|| RefusalGroup {
                reply: reply.clone(),
                answered: answered.clone(),
                count: 1,
            });
    }

    /// Counts one message's outcome; returns whether it was accepted. A message the run's
    /// cancel stopped is not counted: it was never tried. A message accepted for some of its
    /// recipients counts as accepted, and the refusal of the others is grouped all the same.
    fn count(&mut self, outcome: &Outcome, progress: &Progress) -> bool {
        let verdict = outcome.verdict;
        if verdict == Verdict::Cancelled {
            return false;
        }
        *self.verdicts.entry(verdict).or_default() += 1;
        if self.pipelining.is_none() && outcome.capabilities.is_some() {
            self.pipelining = Some((outcome.used_pipelining, outcome.used_chunking));
        }
        let refusal = match (&outcome.deciding_reply, &outcome.deciding_answered) {
            (Some(reply), Some(answered)) if reply.code >= 400 => Some((reply, answered)),
            _ => None,
        };
        if verdict == Verdict::SomeRecipientsRejected {
            // Accepted for the others: each refused recipient's reply is the refusal.
            for (index, r) in outcome.recipients.iter().enumerate() {
                if let (false, Some(reply)) = (r.accepted, &r.reply) {
                    let answered = Answered::Rcpt {
                        address: r.address.clone(),
                        index,
                    };
                    self.group(reply, &answered);
                }
            }
        } else if let Some((reply, answered)) = refusal
            && !verdict.is_success()
        {
            self.group(reply, answered);
        }
        let kind = if verdict.is_success() || verdict == Verdict::SomeRecipientsRejected {
            Kind::Accepted
        } else if let Some((reply, _)) = refusal {
            if reply.code / 100 == 4 {
                Kind::Transient
            } else {
                Kind::Permanent
            }
        } else {
            *self.errors.entry((verdict, outcome.cause)).or_default() += 1;
            Kind::Error
        };
        progress.count(kind);
        kind == Kind::Accepted
    }
}

/// Runs the whole bulk plan on the current tokio runtime and returns what it found. `progress`
/// is updated as messages finish; `cancel` stops every session.
pub async fn run(plan: BulkPlan, progress: Arc<Progress>, cancel: CancelToken) -> BulkReport {
    let planned = plan.messages.max(1);
    // More sessions at once than messages would only wait for nothing.
    let connections = plan
        .connections
        .max(1)
        .min(usize::try_from(planned).unwrap_or(usize::MAX));
    let shared = Arc::new(Shared {
        pool: AtomicU64::new(planned),
        pacer: plan
            .rate
            .filter(|r| r.is_finite() && *r > 0.0)
            .map(|r| Arc::new(engine::Pacer::new(r))),
        progress: progress.clone(),
        cancel: cancel.clone(),
        started: Instant::now(),
        first_taken: AtomicBool::new(false),
        failed: AtomicBool::new(false),
        failures_kept: AtomicUsize::new(0),
        halted: AtomicBool::new(false),
        out_of_time: AtomicBool::new(false),
        plan,
    });
    let mut workers = Vec::with_capacity(connections);
    for _ in 0..connections {
        workers.push(tokio::spawn(worker(shared.clone())));
    }
    let mut tally = Tally::new();
    for w in workers {
        if let Ok(t) = w.await {
            tally.merge(t);
        }
    }
    let elapsed = shared.started.elapsed().as_secs_f64();
    let load = |c: &AtomicU64| c.load(Ordering::Relaxed);
    let sent = load(&progress.sent);
    let mut latency: Vec<Percentiles> = TIMED
        .iter()
        .zip(&tally.histograms)
        .filter(|(_, h)| !h.is_empty())
        .map(|(answered, h)| percentiles(Some(*answered), h))
        .collect();
    if !tally.session.is_empty() {
        latency.push(percentiles(None, &tally.session));
    }
    let mut refusals: Vec<RefusalGroup> = tally.refusals.into_values().collect();
    refusals.sort_by(|a, b| b.count.cmp(&a.count).then(a.reply.code.cmp(&b.reply.code)));
    let mut error_kinds: Vec<ErrorGroup> = tally
        .errors
        .into_iter()
        .map(|((verdict, cause), count)| ErrorGroup {
            verdict,
            cause,
            count,
        })
        .collect();
    error_kinds.sort_by_key(|e| std::cmp::Reverse(e.count));
    let mut verdicts: Vec<(Verdict, u64)> = tally.verdicts.into_iter().collect();
    verdicts.sort_by_key(|v| std::cmp::Reverse(v.1));
    let mut failures = tally.failures;
    failures.truncate(KEPT_FAILURES);
    let (pipelining, chunking) = tally.pipelining.unwrap_or((false, false));
    BulkReport {
        sent,
        accepted: load(&progress.accepted),
        refused_transient: load(&progress.refused_transient),
        refused_permanent: load(&progress.refused_permanent),
        errors: load(&progress.errors),
        sessions: load(&progress.sessions),
        planned,
        elapsed_secs: elapsed,
        messages_per_sec: if elapsed > 0.0 {
            sent as f64 / elapsed
        } else {
            0.0
        },
        pipelining,
        chunking,
        latency,
        refusals,
        error_kinds,
        verdicts,
        cancelled: cancel.is_cancelled(),
        halted: shared.halted.load(Ordering::Relaxed),
        out_of_time: shared.out_of_time.load(Ordering::Relaxed),
        duration_secs: shared.plan.duration.map(|d| d.as_secs_f64()),
        first_session: tally.first_session,
        failures,
    }
}

fn percentiles(answered: Option<ReplyContext>, h: &Histogram<u64>) -> Percentiles {
    Percentiles {
        answered,
        count: h.len(),
        p50_us: h.value_at_quantile(0.50),
        p95_us: h.value_at_quantile(0.95),
        p99_us: h.value_at_quantile(0.99),
        max_us: h.max(),
    }
}

/// Takes up to `want` messages from the pool; 0 when it is empty.
fn claim(pool: &AtomicU64, want: u64) -> u64 {
    let mut current = pool.load(Ordering::Relaxed);
    loop {
        let take = current.min(want);
        if take == 0 {
            return 0;
        }
        match pool.compare_exchange_weak(
            current,
            current - take,
            Ordering::AcqRel,
            Ordering::Relaxed,
        ) {
            Ok(_) => return take,
            Err(now) => current = now,
        }
    }
}

async fn worker(shared: Arc<Shared>) -> Tally {
    let mut tally = Tally::new();
    let plan = &shared.plan;
    loop {
        if shared.cancel.is_cancelled() || shared.halted.load(Ordering::Relaxed) {
            break;
        }
        if let Some(limit) = plan.duration
            && shared.started.elapsed() >= limit
        {
            if shared.pool.load(Ordering::Relaxed) > 0 {
                shared.out_of_time.store(true, Ordering::Relaxed);
            }
            break;
        }
        let claimed = claim(&shared.pool, u64::from(plan.per_connection.max(1)));
        if claimed == 0 {
            break;
        }
        if let Some(pacer) = &shared.pacer {
            // The session's first message waits for its turn; the engine paces the others.
            pacer.turn(&shared.cancel).await;
        }
        let first = !shared.first_taken.swap(true, Ordering::Relaxed);
        let used = session(&shared, &mut tally, claimed, first).await;
        shared.progress.sessions.fetch_add(1, Ordering::Relaxed);
        // Messages the session did not reach go back for another session.
        if used < claimed {
            shared.pool.fetch_add(claimed - used, Ordering::AcqRel);
        }
    }
    tally
}

/// Runs one session for `messages` messages; returns how many it used (at least 1).
async fn session(shared: &Shared, tally: &mut Tally, messages: u64, first: bool) -> u64 {
    let mut request = shared.plan.request.clone();
    request.plan.transactions = u32::try_from(messages).unwrap_or(u32::MAX);
    request.pacer = shared.pacer.clone();
    // Lines cost time and memory for each message: only the sessions whose transcript may be
    // kept report them; the others report outcomes and reply timings.
    let transcript = first
        || (shared.failed.load(Ordering::Relaxed)
            && shared.failures_kept.load(Ordering::Relaxed) < KEPT_FAILURES);
    request.plan.transcript = transcript;
    // RFC 8446 2.2: a resumed handshake skips the certificate and most of the key exchange. Not
    // in a session whose transcript is kept: it shows the server's chain.
    request.tls.resume = !transcript;
    let (tx, mut rx) = engine::channel(None);
    let started = Instant::now();
    // The session runs in this task, beside the loop that reads its events: no task to spawn,
    // and no wake-up crossing threads for each event. The channel closes when the session ends.
    let run = engine::run(request, tx, shared.cancel.clone());
    let mut used = 0u64;
    // The events since the session began or since the last accepted message.
    let mut recent: Vec<Event> = Vec::new();
    let mut whole: Vec<Event> = Vec::new();
    let read = async {
        while let Some(event) = rx.recv().await {
            let timed = match &event {
                Event::Line(line) => line
                    .reply
                    .as_ref()
                    .map(|r| (r.answered.context(), r.latency_us)),
                Event::Timing {
                    answered,
                    latency_us,
                    ..
                } => Some((*answered, *latency_us)),
                _ => None,
            };
            if let Some((answered, latency_us)) = timed
                && let Some(i) = TIMED.iter().position(|c| *c == answered)
                && let Some(h) = tally.histograms.get_mut(i)
            {
                let _ = h.record(latency_us.max(1));
                if matches!(answered, ReplyContext::EndOfData | ReplyContext::Bdat) {
                    let p = &shared.progress;
                    p.message_latency_us
                        .fetch_add(latency_us, Ordering::Relaxed);
                    p.message_replies.fetch_add(1, Ordering::Relaxed);
                    if let Ok(mut h) = p.message_histogram.lock() {
                        let _ = h.record(latency_us.max(1));
                    }
                }
            }
            let done = match &event {
                Event::Transaction(o) | Event::Finished(o) => {
                    let accepted = tally.count(o, &shared.progress);
                    let cancelled = o.verdict == Verdict::Cancelled;
                    if !accepted
                        && !cancelled
                        && repeats(o)
                        && shared.progress.accepted.load(Ordering::Relaxed) == 0
                    {
                        shared.halted.store(true, Ordering::Relaxed);
                    }
                    Some((accepted, cancelled))
                }
                _ => None,
            };
            if first {
                whole.push(event.clone());
            }
            let ended = matches!(event, Event::Finished(_));
            if transcript {
                recent.push(event);
            }
            if let Some((accepted, cancelled)) = done {
                used += 1;
                let failed = !accepted && !cancelled;
                if failed {
                    shared.failed.store(true, Ordering::Relaxed);
                }
                if failed
                    && transcript
                    && !first
                    && shared.failures_kept.fetch_add(1, Ordering::Relaxed) < KEPT_FAILURES
                {
                    let mut kept = std::mem::take(&mut recent);
                    ends_with_verdict(&mut kept);
                    tally.failures.push(kept);
                }
                if !ended {
                    recent.clear();
                }
            }
        }
    };
    tokio::join!(run, read);
    let _ = tally.session.record(
        u64::try_from(started.elapsed().as_micros())
            .unwrap_or(u64::MAX)
            .max(1),
    );
    if first {
        tally.first_session = whole;
    }
    used.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_numbered_message_id_takes_a_new_number_for_each_message() {
        let message = b"From: a@example.test\r\nMessage-ID: <smtp-lens.1f.42.0@example.test>\r\nSubject: x\r\n\r\nMessage-ID: <body@example.test>\r\n";
        let (numbered, serial) = numbered(message).expect("a Message-ID");
        let text = String::from_utf8_lossy(&numbered).into_owned();
        assert!(
            text.contains("Message-ID: <smtp-lens.1f.42.0.0000000000000000@example.test>\r\n"),
            "{text}"
        );
        // The body is left alone, and the message grew by the dot and the digits only.
        assert!(text.contains("\r\n\r\nMessage-ID: <body@example.test>\r\n"));
        assert_eq!(numbered.len(), message.len() + SERIAL_DIGITS + 1);
        let mut first = numbered.clone();
        let mut second = numbered.clone();
        assert!(serial.stamp(&mut first));
        assert!(serial.stamp(&mut second));
        assert!(String::from_utf8_lossy(&first).contains(".0000000000000000@"));
        assert!(String::from_utf8_lossy(&second).contains(".0000000000000001@"));
        assert_eq!(first.len(), numbered.len());
        // A message changed since (no such Message-ID in it) is sent as it is.
        let mut other = b"Subject: y\r\n\r\nbody\r\n".to_vec();
        assert!(!serial.stamp(&mut other));
        assert_eq!(other, b"Subject: y\r\n\r\nbody\r\n");
        // Without a Message-ID header (only in the body), nothing is numbered.
        assert!(numbered_none(b"Subject: z\r\n\r\nMessage-ID: <b@c>\r\n"));
    }

    fn numbered_none(message: &[u8]) -> bool {
        numbered(message).is_none()
    }

    #[test]
    fn the_pool_gives_what_it_has_and_then_nothing() {
        let pool = AtomicU64::new(7);
        assert_eq!(claim(&pool, 5), 5);
        assert_eq!(claim(&pool, 5), 2);
        assert_eq!(claim(&pool, 5), 0);
    }

    #[test]
    fn the_exit_verdict_is_the_most_frequent_failure() {
        let mut report = BulkReport {
            sent: 6,
            accepted: 1,
            refused_transient: 0,
            refused_permanent: 3,
            errors: 2,
            sessions: 6,
            planned: 6,
            elapsed_secs: 1.0,
            messages_per_sec: 6.0,
            pipelining: false,
            chunking: false,
            latency: Vec::new(),
            refusals: Vec::new(),
            error_kinds: Vec::new(),
            verdicts: vec![
                (Verdict::Success, 10),
                (Verdict::AllRecipientsRejected, 3),
                (Verdict::ConnectFailed, 2),
            ],
            cancelled: false,
            halted: false,
            out_of_time: false,
            duration_secs: None,
            first_session: Vec::new(),
            failures: Vec::new(),
        };
        assert_eq!(
            report.most_frequent_failure(),
            Some(Verdict::AllRecipientsRejected)
        );
        report.verdicts = vec![(Verdict::Success, 4)];
        assert_eq!(report.most_frequent_failure(), None);
    }
}
