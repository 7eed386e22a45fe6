//! The protocol core of smtp-lens, compiled on its own for fuzzing.
//!
//! `src/proto` needs no IO and only a few small crates, so it is included here from its own
//! source files rather than through the smtp-lens package: an instrumented build of the whole
//! application (the window, TLS, DNS) would take far longer and far more disk for no more
//! coverage of the code under test. The files are the very same; nothing is copied.

#[path = "../../src/proto/mod.rs"]
pub mod proto;
