//! A bulk run in words: the live progress line and the summary (totals, rate, latency
//! percentiles per kind of reply, refusals grouped by reply with their explanation, failures
//! without a reply). Pure: the report's facts in, lines out.

use crate::bulk::{BulkReport, Knob, Percentiles, PlanProblem, Progress};
use crate::proto::session::ReplyContext;
use std::sync::atomic::Ordering;

use super::t;

/// The progress line: counts so far and messages a second since the start.
pub fn progress(p: &Progress, elapsed_secs: f64) -> String {
    let load = |c: &std::sync::atomic::AtomicU64| c.load(Ordering::Relaxed);
    let sent = load(&p.sent);
    let rate = if elapsed_secs > 0.0 {
        sent as f64 / elapsed_secs
    } else {
        0.0
    };
    let counts = t!(
        "bulk-progress",
        sent = sent,
        accepted = load(&p.accepted),
        transient = load(&p.refused_transient),
        permanent = load(&p.refused_permanent),
        errors = load(&p.errors),
        rate = format!("{rate:.0}")
    );
    let latency = p
        .message_histogram
        .lock()
        .ok()
        .filter(|h| !h.is_empty())
        .map(|h| {
            t!(
                "bulk-progress-latency",
                p50 = ms(h.value_at_quantile(0.50)),
                p95 = ms(h.value_at_quantile(0.95)),
                p99 = ms(h.value_at_quantile(0.99))
            )
        });
    match latency {
        Some(latency) => format!("{counts}; {latency}"),
        None => counts,
    }
}

/// What a row of the latency table is about: the command a reply answered, or whole sessions.
fn timed_what(answered: Option<ReplyContext>) -> String {
    match answered {
        None => t!("bulk-latency-session"),
        Some(ReplyContext::Greeting) => t!("bulk-latency-greeting"),
        Some(ReplyContext::EndOfData) => t!("bulk-latency-end-of-data"),
        Some(c) => super::command_name(c).to_string(),
    }
}

fn ms(us: u64) -> String {
    format!("{:.2}", us as f64 / 1000.0)
}

/// One latency row: "MAIL: 0.21 / 0.40 / 0.95 / 3.10 ms (20000)".
pub fn latency_row(p: &Percentiles) -> String {
    t!(
        "bulk-latency-row",
        what = timed_what(p.answered),
        p50 = ms(p.p50_us),
        p95 = ms(p.p95_us),
        p99 = ms(p.p99_us),
        max = ms(p.max_us),
        count = p.count
    )
}

/// The summary, one line a string; indented lines belong to the line above.
pub fn summary(r: &BulkReport) -> Vec<String> {
    let mut lines = Vec::new();
    lines.push(t!("bulk-summary-heading"));
    lines.push(format!(
        "  {}",
        t!(
            "bulk-totals",
            sent = r.sent,
            planned = r.planned,
            sessions = r.sessions,
            accepted = r.accepted,
            transient = r.refused_transient,
            permanent = r.refused_permanent,
            errors = r.errors
        )
    ));
    lines.push(format!(
        "  {}",
        t!(
            "bulk-rate",
            secs = format!("{:.2}", r.elapsed_secs),
            rate = format!("{:.0}", r.messages_per_sec)
        )
    ));
    let used = |b: bool| {
        if b {
            t!("bulk-used")
        } else {
            t!("bulk-not-used")
        }
    };
    lines.push(format!(
        "  {}",
        t!(
            "bulk-extensions",
            pipelining = used(r.pipelining),
            chunking = used(r.chunking)
        )
    ));
    if r.cancelled {
        lines.push(format!("  {}", t!("bulk-cancelled")));
    }
    if r.halted {
        lines.push(format!("  {}", t!("bulk-halted")));
    }
    if r.out_of_time {
        let secs = format!("{}", r.duration_secs.unwrap_or_default());
        lines.push(format!("  {}", t!("bulk-out-of-time", secs = secs)));
    }
    if !r.latency.is_empty() {
        lines.push(t!("bulk-latency-heading"));
        for p in &r.latency {
            lines.push(format!("  {}", latency_row(p)));
        }
    }
    if !r.refusals.is_empty() {
        lines.push(t!("bulk-refusals-heading"));
        for g in &r.refusals {
            let first = g
                .reply
                .lines
                .first()
                .map(|l| l.text.trim().to_string())
                .unwrap_or_default();
            lines.push(format!(
                "  {}",
                t!(
                    "bulk-refusal",
                    count = g.count,
                    code = g.reply.code,
                    text = first,
                    command = super::command_name(g.answered.context())
                )
            ));
            let x = crate::knowledge::explain_answered(&g.reply, &g.answered);
            let w = super::explain::reply(&x);
            let mut note = format!("    {}: {}", w.class, w.title);
            if let Some(p) = &w.provider {
                note.push_str(&format!(" [{p}]"));
            }
            lines.push(note);
            if let Some(fix) = w.fixes.first() {
                lines.push(format!("    {}", t!("reply-try", fix = fix.as_str())));
            }
        }
    }
    if !r.error_kinds.is_empty() {
        lines.push(t!("bulk-errors-heading"));
        for e in &r.error_kinds {
            let cause = e
                .cause
                .map(|c| {
                    let x = crate::knowledge::transport::explain_cause(c);
                    super::explain::failure(&x).title
                })
                .unwrap_or_default();
            lines.push(format!(
                "  {}",
                t!(
                    "bulk-error",
                    count = e.count,
                    verdict = super::verdict(e.verdict),
                    cause = cause
                )
            ));
        }
    }
    lines.push(match r.most_frequent_failure() {
        None if r.sent > 0 => t!("bulk-all-accepted"),
        None => t!("bulk-nothing-sent"),
        Some(v) => t!("bulk-most-frequent-failure", verdict = super::verdict(v)),
    });
    lines
}

/// The command line's option for a number.
fn option(k: Knob) -> &'static str {
    match k {
        Knob::Connections => "--connections",
        Knob::Messages => "--messages",
        Knob::PerConnection => "--per-connection",
        Knob::Size => "--size",
        Knob::Rate => "--rate",
        Knob::Duration => "--duration",
    }
}

/// Why the command line's settings cannot run, naming its options.
pub fn plan_problem(p: &PlanProblem) -> String {
    match p {
        PlanProblem::PublicProvider { host, provider } => {
            let provider: &str = provider;
            t!(
                "bulk-public-provider",
                host = host.as_str(),
                provider = provider
            )
        }
        PlanProblem::AtLeastOne(k) => t!("bulk-at-least-one", option = option(*k)),
        PlanProblem::Positive(k) => t!("bulk-positive", option = option(*k)),
        PlanProblem::TooLarge { knob, max } => {
            let max: u64 = *max;
            t!("bulk-too-large", option = option(*knob), max = max)
        }
    }
}
