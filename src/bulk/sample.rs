//! A running bulk run over time: its counters read a few times a second (`Progress::counts`)
//! become points of a series (`Sampler`), each with the messages a second and the mean
//! latency of the message replies over the last second. Facts only; the window plots them.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};

use super::Progress;

/// The span the rate and the latency of a sample are measured over, in seconds.
pub const WINDOW_SECS: f64 = 1.0;

/// The counters of a `Progress` at one moment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Messages tried.
    pub sent: u64,
    /// Messages accepted.
    pub accepted: u64,
    /// Messages refused with a 4xx reply.
    pub refused_transient: u64,
    /// Messages refused with a 5xx reply.
    pub refused_permanent: u64,
    /// Messages ended by a failure that is not a reply.
    pub errors: u64,
    /// Sessions finished.
    pub sessions: u64,
    /// The latencies of the message replies added up, in microseconds.
    pub message_latency_us: u64,
    /// The message replies counted in `message_latency_us`.
    pub message_replies: u64,
}

impl Progress {
    /// The counters now (each read on its own: a message may finish between two reads).
    pub fn counts(&self) -> Counts {
        let load = |c: &AtomicU64| c.load(Ordering::Relaxed);
        Counts {
            sent: load(&self.sent),
            accepted: load(&self.accepted),
            refused_transient: load(&self.refused_transient),
            refused_permanent: load(&self.refused_permanent),
            errors: load(&self.errors),
            sessions: load(&self.sessions),
            message_latency_us: load(&self.message_latency_us),
            message_replies: load(&self.message_replies),
        }
    }
}

/// One point of a run's series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    /// Seconds since the run started.
    pub secs: f64,
    /// The counters then.
    pub counts: Counts,
    /// Messages tried a second over the last `WINDOW_SECS` (or since the start).
    pub per_sec: f64,
    /// The mean latency of the message replies over the same span, in milliseconds; `None`
    /// when none came.
    pub latency_ms: Option<f64>,
}

/// Makes samples from counters read at increasing times, remembering the last second's.
#[derive(Debug, Clone, Default)]
pub struct Sampler {
    /// The readings of the last `WINDOW_SECS`, oldest first; the start counts as a reading of
    /// zeros.
    recent: VecDeque<(f64, Counts)>,
}

impl Sampler {
    /// The sample of `counts` read at `secs` since the start.
    pub fn sample(&mut self, secs: f64, counts: Counts) -> Sample {
        if self.recent.is_empty() {
            self.recent.push_back((0.0, Counts::default()));
        }
        // The oldest reading kept is the newest one at least a window old.
        while self.recent.len() > 1 && self.recent[1].0 <= secs - WINDOW_SECS {
            self.recent.pop_front();
        }
        let (then, before) = self.recent.front().copied().unwrap_or_default();
        let span = secs - then;
        let per_sec = if span > 0.0 {
            counts.sent.saturating_sub(before.sent) as f64 / span
        } else {
            0.0
        };
        let replies = counts
            .message_replies
            .saturating_sub(before.message_replies);
        let latency_ms = (replies > 0).then(|| {
            counts
                .message_latency_us
                .saturating_sub(before.message_latency_us) as f64
                / replies as f64
                / 1000.0
        });
        self.recent.push_back((secs, counts));
        Sample {
            secs,
            counts,
            per_sec,
            latency_ms,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(sent: u64, replies: u64, latency_us: u64) -> Counts {
        Counts {
            sent,
            message_replies: replies,
            message_latency_us: latency_us,
            ..Counts::default()
        }
    }

    #[test]
    fn rate_and_latency_are_over_the_last_second() {
        let mut s = Sampler::default();
        let a = s.sample(0.5, sent(50, 50, 50_000));
        assert_eq!(a.per_sec, 100.0);
        assert_eq!(a.latency_ms, Some(1.0));
        s.sample(1.0, sent(100, 100, 100_000));
        // From 0.5 s on: 150 messages in 1 s, and 150 replies of 2 ms each.
        let c = s.sample(1.5, sent(200, 200, 350_000));
        assert_eq!(c.per_sec, 150.0);
        assert_eq!(c.latency_ms, Some(2.0));
        // Nothing new for a second: no rate, no latency.
        let d = s.sample(2.5, sent(200, 200, 350_000));
        assert_eq!(d.per_sec, 0.0);
        assert_eq!(d.latency_ms, None);
    }
}
