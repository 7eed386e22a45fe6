//! The session state machine, with a plan chosen by the input, fed arbitrary server bytes in
//! arbitrary pieces, with the clock jumping past its deadlines at arbitrary points.
//!
//! Never a panic and never a loop: every call returns, the outputs of one call are bounded, and
//! once the server's bytes run out and the connection closes (or the session's own deadline
//! passes: a running session always has one), the session has ended with exactly one outcome and
//! nothing after it. No logged line holds the secret.
#![no_main]

use std::time::{Duration, Instant};

use libfuzzer_sys::fuzz_target;
use smtp_lens_fuzz::proto::auth::{Credentials, Mechanism, Secret};
use smtp_lens_fuzz::proto::plan::{AuthPlan, DsnOptions};
use smtp_lens_fuzz::proto::{Failure, Output, Security, Session, SessionPlan, StopAfter};

const SECRET: &str = "fuzz-secret-3f9c";

/// Outputs one call may queue: far more than any session sends for a few kilobytes of input.
const MAX_OUTPUTS_PER_CALL: usize = 100_000;

fn plan(bytes: [u8; 3]) -> SessionPlan {
    let [modes, flags, extra] = bytes;
    let security = [
        Security::None,
        Security::StartTlsRequired,
        Security::StartTlsIfOffered,
        Security::ImplicitTls,
    ][usize::from(modes & 3)];
    let stop_after = [
        StopAfter::Connect,
        StopAfter::Greeting,
        StopAfter::Ehlo,
        StopAfter::Tls,
        StopAfter::Auth,
        StopAfter::Mail,
        StopAfter::Rcpt,
        StopAfter::Send,
    ][usize::from((modes >> 2) & 7)];
    let mut p = SessionPlan::new(security);
    p.stop_after = stop_after;
    p.mail_from = String::from(if modes & 0x20 == 0 {
        "alice@example.test"
    } else {
        ""
    });
    p.rcpt_to = (0..1 + usize::from(extra & 3))
        .map(|i| format!("r{i}@example.test"))
        .collect();
    p.message = Some(std::sync::Arc::from(
        &b"Subject: fuzz\r\n\r\nbody\r\n.\r\n..dots\r\n\xc3\xa9\r\n"[..],
    ));
    p.max_logged_data_lines = usize::from((extra >> 2) & 3);
    p.extensions.pipelining = flags & 1 != 0;
    p.extensions.chunking = flags & 2 != 0;
    p.extensions.smtputf8 = flags & 4 != 0;
    p.extensions.size = flags & 8 != 0;
    p.extensions.eight_bit_mime = flags & 16 != 0;
    if flags & 32 != 0 {
        p.extensions.dsn = Some(DsnOptions {
            notify: vec![String::from("SUCCESS"), String::from("FAILURE")],
            ret: Some(String::from("HDRS")),
            envid: Some(String::from("id+=1")),
            orcpt: true,
        });
    }
    if flags & 64 != 0 || stop_after == StopAfter::Auth {
        let mechanism = match (extra >> 4) % 6 {
            0 => None,
            n => Mechanism::ALL.get(usize::from(n - 1)).copied(),
        };
        p.auth = Some(AuthPlan {
            credentials: Credentials {
                user: String::from("user@example.test"),
                secret: Secret::new(SECRET),
                host: String::from("mx.example.test"),
                port: 587,
            },
            mechanism,
            token: flags & 128 != 0,
        });
    }
    p
}

struct Driver {
    session: Session,
    now: Instant,
    finished: usize,
    after_finish: usize,
}

impl Driver {
    fn drain(&mut self) {
        let mut count = 0;
        while let Some(out) = self.session.poll_output() {
            count += 1;
            assert!(count <= MAX_OUTPUTS_PER_CALL, "runaway outputs");
            if self.finished > 0 {
                self.after_finish += 1;
            }
            match out {
                Output::Send { wire, log } => {
                    assert!(!wire.is_empty());
                    for line in log {
                        let shown = String::from_utf8_lossy(&line.raw);
                        assert!(!shown.contains(SECRET), "secret logged: {shown}");
                        assert!(!line.text.contains(SECRET), "secret logged: {}", line.text);
                    }
                }
                Output::StartTls => {
                    // The engine drops what came before the handshake (RFC 3207 4.2).
                    let _ = self.session.take_injected();
                    self.session.handle_tls_established(self.now);
                }
                Output::Finished(_) => self.finished += 1,
                Output::Received { .. }
                | Output::TransactionDone(_)
                | Output::Note(_)
                | Output::StageChanged(_)
                | Output::Close => {}
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let [a, b, c, step, clock, server @ ..] = data else {
        return;
    };
    let start = Instant::now();
    let mut driver = Driver {
        session: Session::new(plan([*a, *b, *c])),
        now: start,
        finished: 0,
        after_finish: 0,
    };
    let implicit_tls = a & 3 == 3;
    driver
        .session
        .handle_connected(start, "[127.0.0.1]", implicit_tls);
    driver.drain();
    let step = usize::from(*step).max(1);
    for (i, chunk) in server.chunks(step).enumerate() {
        driver.now += Duration::from_millis(10);
        driver.session.handle_bytes(driver.now, chunk);
        driver.drain();
        if (clock >> (i % 8)) & 1 == 1 {
            // The clock passes the deadline the session asked for, if any.
            if let Some(at) = driver.session.poll_timeout() {
                driver.now = driver.now.max(at);
                driver.session.handle_timeout(driver.now);
                driver.drain();
            }
        }
    }
    if driver.finished == 0 && clock & 1 == 1 {
        // The server says nothing more and keeps the connection open: a session still running
        // always waits with a deadline, and passing it ends the session.
        let at = driver.session.poll_timeout();
        assert!(at.is_some(), "a running session without a deadline");
        if let Some(at) = at {
            driver.session.handle_timeout(driver.now.max(at));
            driver.drain();
        }
    } else {
        // The server has nothing more to say and closes.
        driver.session.handle_failure(Failure::Closed);
        driver.drain();
    }
    assert_eq!(driver.finished, 1, "one outcome");
    assert_eq!(driver.after_finish, 0, "nothing after the outcome");
    assert!(driver.session.outcome().is_some());
    assert!(driver.session.poll_timeout().is_none());
});
