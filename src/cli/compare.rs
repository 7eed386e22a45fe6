//! `smtp-lens compare BEFORE AFTER`: what changed between two sessions, from their JSON exports.
//! Exit codes follow diff(1): 0 when nothing differs, 1 when something does, 2 when a file
//! cannot be read.

use std::io::Write;
use std::path::Path;

use super::CompareArgs;
use crate::compare::{Session, compare};
use crate::export::SessionRecord;
use crate::present;

/// Why a session file cannot be compared.
#[derive(Debug, thiserror::Error)]
pub enum CompareError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} is not a session export: {source}")]
    Parse {
        path: String,
        source: serde_json::Error,
    },
}

/// Reads a session from a JSON export (or a recorded session: the same fields).
pub fn load(path: &Path) -> Result<SessionRecord, CompareError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| CompareError::Read {
        path: shown.clone(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|source| CompareError::Parse {
        path: shown,
        source,
    })
}

fn error_words(e: &CompareError) -> String {
    match e {
        CompareError::Read { path, source } => present::t!(
            "compare-error-read",
            path = path.as_str(),
            error = source.to_string()
        ),
        CompareError::Parse { path, source } => present::t!(
            "compare-error-parse",
            path = path.as_str(),
            error = source.to_string()
        ),
    }
}

/// A loaded record as the comparison reads it.
fn session(r: &SessionRecord) -> Session<'_> {
    Session {
        server: &r.settings.server,
        events: &r.events,
    }
}

pub fn run(args: &CompareArgs) -> u8 {
    let (before, after) = match (load(&args.before), load(&args.after)) {
        (Ok(b), Ok(a)) => (b, a),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("smtp-lens: {}", error_words(&e));
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
