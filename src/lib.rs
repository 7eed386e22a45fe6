//! smtp-lens: test SMTP servers and send test mail, with every line of the session shown,
//! coloured by reply class and explained.
//!
//! Layers, with data flowing one way (see ARCHITECTURE.md): `cli` (and later the window) builds a
//! `SessionRequest`; `engine` runs it over tokio, pumping the sans-IO `proto::Session`; events
//! flow back to whoever watches. `message` builds the test message with lettre.

pub mod bulk;
pub mod cli;
pub mod compare;
pub mod detect;
pub mod engine;
pub mod export;
pub mod fs;
pub mod gui;
pub mod intent;
pub mod knowledge;
pub mod lang;
pub mod message;
pub mod oauth;
pub mod present;
pub mod profile;
pub mod proto;
pub mod secrets;
pub mod words;
