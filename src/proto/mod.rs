//! The sans-IO SMTP client: reply parser, command encoder, EHLO capabilities, SASL mechanisms,
//! the vocabulary of causes and the session state machine.
//!
//! Nothing in here performs IO, reads a clock or knows tokio: bytes and instants go in through
//! `handle_*` methods and what to do next comes out of `poll_output`. That keeps every protocol
//! rule testable as a plain byte script (see the tests of each module). Nothing in here words a
//! sentence for a person either: it reports typed facts, and `present` speaks.

pub mod auth;
pub mod capability;
pub mod cause;
pub mod command;
pub mod outcome;
pub mod plan;
#[cfg(test)]
mod prop_tests;
pub mod reply;
pub mod session;

pub use auth::{Credentials, Mechanism, Secret};
pub use capability::{Capabilities, Capability};
pub use cause::Cause;
pub use command::Command;
pub use reply::{EnhancedCode, Reply, ReplyClass, ReplyLimits, ReplyParser};
pub use session::{
    Answered, Awaiting, Ending, Extensions, Failure, Note, NoteLevel, Outcome, Output, Override,
    Problem, ReplyContext, Security, SentLine, Session, SessionPlan, Stage, StageDetail,
    StageResult, StageStatus, StopAfter, Timeouts, TransportFailure, Verdict,
};
