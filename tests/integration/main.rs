//! Integration tests against real SMTP servers nobody here wrote (Postfix, aiosmtpd), started on
//! 127.0.0.1 by `tests/servers/start.sh`, plus swaks as a second opinion. One test binary, small
//! helpers in `util`.

mod bulk;
mod cli;
mod compare;
mod detect;
mod export;
mod gui;
mod gui_saves;
mod hostile;
mod oauth;
mod pipe;
mod sessions;
mod swaks;
mod util;

#[path = "../support/golden.rs"]
mod golden;
