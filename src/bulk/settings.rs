//! What a bulk run is asked for, checked the same way whichever front end asks: the command
//! line (`cli::bulk`) and the window's load-test view (`intent::load`). The guard rails live
//! here: a public provider's server (the caller says which provider, from the profile presets:
//! `profile::presets::public_provider`) is refused unless the user says the operator permits
//! the load, and every number must make sense. Facts only: `present::bulk` words the problems.

use std::time::Duration;

use crate::engine::SessionRequest;

use super::{BulkPlan, DEFAULT_CAP};

/// One of a run's numbers, as each front end names it (`--connections`, a field of the view).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Knob {
    /// Sessions open at once (`--connections`).
    Connections,
    /// Messages in all (`--messages`).
    Messages,
    /// Messages over one connection (`--per-connection`).
    PerConnection,
    /// The message's size in bytes (`--size`).
    Size,
    /// Messages a second (`--rate`).
    Rate,
    /// Seconds after which no session starts (`--duration`).
    Duration,
}

/// Why settings cannot make a plan.
#[derive(Debug, Clone, PartialEq)]
pub enum PlanProblem {
    /// The server is one of the presets' public providers and the user did not say the
    /// operator permits a load test.
    PublicProvider {
        /// The host asked for.
        host: String,
        /// The provider's name, as in its preset.
        provider: &'static str,
    },
    /// A count that must be at least 1 is 0.
    AtLeastOne(Knob),
    /// A rate or a duration that is not a positive number (at most 1e9).
    Positive(Knob),
    /// More than a run may ask for (`MAX_CONNECTIONS`, `MAX_SIZE`): at most `max`.
    TooLarge { knob: Knob, max: u64 },
}

/// The most connections a run opens at once: each costs its own counters (about 300 KB of
/// latency histograms) and a socket.
pub const MAX_CONNECTIONS: u64 = 10_000;

/// The largest message a run builds, in bytes (64 MiB): it is built in memory before the first
/// session starts.
pub const MAX_SIZE: u64 = 64 << 20;

/// Checks a message size asked for (`--size`, in bytes) before anything is built.
pub fn check_size(size: Option<usize>) -> Result<(), PlanProblem> {
    match size {
        Some(n) if n as u64 > MAX_SIZE => Err(PlanProblem::TooLarge {
            knob: Knob::Size,
            max: MAX_SIZE,
        }),
        _ => Ok(()),
    }
}

impl PlanProblem {
    /// The number the problem is about; `None` for the server.
    pub fn knob(&self) -> Option<Knob> {
        match self {
            PlanProblem::PublicProvider { .. } => None,
            PlanProblem::AtLeastOne(k) | PlanProblem::Positive(k) => Some(*k),
            PlanProblem::TooLarge { knob, .. } => Some(*knob),
        }
    }
}

/// The numbers of a run and the public-provider confirmation, before they are checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Sessions open at once.
    pub connections: usize,
    /// Messages in all; `None` stops at `DEFAULT_CAP`.
    pub messages: Option<u64>,
    /// Messages sent over one connection before QUIT.
    pub per_connection: u32,
    /// Messages a second for the whole run.
    pub rate: Option<f64>,
    /// Seconds after which no session starts.
    pub duration: Option<f64>,
    /// The user says the server's operator permits a load test (a public provider's too).
    pub load_test_permitted: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            connections: 1,
            messages: None,
            per_connection: 1,
            rate: None,
            duration: None,
            load_test_permitted: false,
        }
    }
}

impl Settings {
    /// The messages the run will try at most: those asked for, else the cap.
    pub fn planned(&self) -> u64 {
        self.messages.unwrap_or(DEFAULT_CAP)
    }

    /// Every problem with these settings for a run against `host`, whose public provider is
    /// `provider` (None: it is none), in the order of the command line's checks: the guard
    /// rail first, then the counts, then rate and duration.
    pub fn problems(&self, host: &str, provider: Option<&'static str>) -> Vec<PlanProblem> {
        let mut problems = Vec::new();
        if !self.load_test_permitted
            && let Some(provider) = provider
        {
            problems.push(PlanProblem::PublicProvider {
                host: host.to_string(),
                provider,
            });
        }
        for (knob, value) in [
            (Knob::Connections, self.connections as u64),
            (Knob::PerConnection, u64::from(self.per_connection)),
            (Knob::Messages, self.messages.unwrap_or(1)),
        ] {
            if value == 0 {
                problems.push(PlanProblem::AtLeastOne(knob));
            }
        }
        if self.connections as u64 > MAX_CONNECTIONS {
            problems.push(PlanProblem::TooLarge {
                knob: Knob::Connections,
                max: MAX_CONNECTIONS,
            });
        }
        for (knob, value) in [(Knob::Rate, self.rate), (Knob::Duration, self.duration)] {
            if let Some(v) = value
                && !(v.is_finite() && v > 0.0 && v <= 1e9)
            {
                problems.push(PlanProblem::Positive(knob));
            }
        }
        problems
    }

    /// The plan for `request`, or the first problem; `provider` finds the public provider
    /// whose server a host is.
    pub fn plan(
        &self,
        request: SessionRequest,
        provider: impl Fn(&str) -> Option<&'static str>,
    ) -> Result<BulkPlan, PlanProblem> {
        let host = &request.target.host;
        if let Some(p) = self.problems(host, provider(host)).into_iter().next() {
            return Err(p);
        }
        Ok(BulkPlan {
            request,
            connections: self.connections,
            messages: self.planned(),
            per_connection: self.per_connection,
            rate: self.rate,
            duration: self.duration.map(Duration::from_secs_f64),
        })
    }
}

/// A body of `bytes` bytes (0 for fewer than 2) of filler lines: 74 letters and CRLF, the last
/// one shorter.
pub fn filler(bytes: usize) -> String {
    let mut body = String::with_capacity(bytes);
    let mut rest = bytes;
    // 77 left would leave one byte, too few for a line: it becomes one line of 75 letters.
    while rest >= 76 && rest != 77 {
        body.push_str(&"x".repeat(74));
        body.push_str("\r\n");
        rest -= 76;
    }
    if rest >= 2 {
        body.push_str(&"x".repeat(rest - 2));
        body.push_str("\r\n");
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filler_is_exactly_the_size_asked_in_crlf_lines() {
        for n in [0, 1, 2, 75, 76, 77, 4096] {
            let body = filler(n);
            assert_eq!(body.len(), if n < 2 { 0 } else { n }, "{n}");
            assert!(body.lines().all(|l| l.len() <= 76));
        }
    }

    #[test]
    fn the_guard_rail_and_the_numbers_are_checked_in_order() {
        let mut s = Settings {
            connections: 0,
            rate: Some(0.0),
            ..Settings::default()
        };
        let found = s.problems("smtp.gmail.com", Some("Gmail"));
        assert!(matches!(found[0], PlanProblem::PublicProvider { .. }));
        assert_eq!(found[1], PlanProblem::AtLeastOne(Knob::Connections));
        assert_eq!(found[2], PlanProblem::Positive(Knob::Rate));
        s.load_test_permitted = true;
        s.connections = 2;
        s.rate = Some(50.0);
        assert!(s.problems("smtp.gmail.com", Some("Gmail")).is_empty());
        assert_eq!(s.planned(), DEFAULT_CAP);
    }
}
