//! The sans-IO SMTP client: reply parser, command encoder, EHLO capabilities, SASL mechanisms and
//! the session state machine.
//!
//! Nothing in here performs IO, reads a clock or knows tokio: bytes go in through `handle_*`
//! methods and what to do next comes out of `poll_output`. That keeps every protocol rule testable
//! as a plain byte script (see the tests of each module).

pub mod auth;
pub mod capability;
pub mod command;
pub mod reply;
pub mod session;

pub use auth::{Credentials, Mechanism, Secret};
pub use capability::{Capabilities, Capability};
pub use command::Command;
pub use reply::{EnhancedCode, Reply, ReplyClass, ReplyLimits, ReplyParser};
pub use session::{
    Answered, Extensions, Failure, Note, NoteLevel, Outcome, Output, ReplyContext, Security,
    SentLine, Session, SessionPlan, Stage, StageResult, StageStatus, StopAfter, Verdict,
};
