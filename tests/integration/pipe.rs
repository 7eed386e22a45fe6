//! The binary writing into a pipe its reader has already closed (`| head -1`): a closed pipe is
//! not a failure, and never a panic.

use crate::util::*;

/// Runs the binary with its standard output already closed by the reader, as `| head -1` does
/// once it has its line.
fn smtp_lens_into_a_closed_pipe(args: &[&str]) -> std::process::Output {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    std::process::Command::new(env!("CARGO_BIN_EXE_smtp-lens"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .output()
        .expect("run smtp-lens")
}

#[test]
fn explain_and_check_into_a_closed_pipe_exit_as_usual_without_a_panic() {
    for args in [
        vec!["explain", "550 5.1.1 <nobody@example.test>: User unknown"],
        vec!["explain", "--json", "550 5.1.1 User unknown"],
    ] {
        let out = smtp_lens_into_a_closed_pipe(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
    let servers = Servers::get();
    let out = smtp_lens_into_a_closed_pipe(&[
        "check",
        "--server",
        &servers.postfix_smtp(),
        "--security",
        "none",
        "--stop-after",
        "ehlo",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
