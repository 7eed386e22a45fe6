//! `smtp-lens compare BEFORE AFTER`: what changed between two sessions, from their JSON exports.
//! Exit codes follow diff(1): 0 when nothing differs, 1 when something does, 2 when a file
//! cannot be read.

use std::io::Write;

use super::CompareArgs;
use crate::compare::{Session, compare};
use crate::export::{SessionRecord, read};
use crate::present;

/// A loaded record as the comparison reads it.
fn session(r: &SessionRecord) -> Session<'_> {
    Session {
        server: &r.settings.server,
        events: &r.events,
    }
}

pub fn run(args: &CompareArgs) -> u8 {
    let (before, after) = match (read(&args.before), read(&args.after)) {
        (Ok(b), Ok(a)) => (b, a),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("smtp-lens: {}", crate::words::read_error(&e));
            return 2;
        }
    };
    let c = compare(session(&before), session(&after));
    let out = if args.json {
        match serde_json::to_string_pretty(&c) {
            Ok(s) => s + "\n",
            Err(e) => format!("{{\"error\":\"{e}\"}}\n"),
        }
    } else {
        present::compare::text(&c)
    };
    // A closed pipe (`| head`) is not worth an error message.
    let _ = std::io::stdout().write_all(out.as_bytes());
    u8::from(!c.same())
}
