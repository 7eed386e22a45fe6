//! Puts the git revision into `--version`: `0.1.0 (git 1a2b3c4d5e6f)`, with `-dirty` for
//! uncommitted changes, or `(git unknown)` when built outside a checkout (e.g. from crates.io).

use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn main() {
    let rev = git(&["rev-parse", "--short=12", "HEAD"]).unwrap_or_else(|| String::from("unknown"));
    let dirty =
        git(&["status", "--porcelain", "--untracked-files=no"]).is_some_and(|s| !s.is_empty());
    let version = format!(
        "{} (git {rev}{})",
        std::env::var("CARGO_PKG_VERSION").unwrap_or_default(),
        if dirty { "-dirty" } else { "" }
    );
    println!("cargo:rustc-env=SMTP_LENS_VERSION={version}");
    for path in [".git/HEAD", ".git/index", ".git/refs/heads"] {
        if std::path::Path::new(path).exists() {
            println!("cargo:rerun-if-changed={path}");
        }
    }
    println!("cargo:rerun-if-changed=build.rs");
}
