//! The `smtp-lens` binary: a thin entry point. The exit code policy is in `cli::ExitCode`.

use clap::Parser;
use smtp_lens::cli::{Cli, Command, check, explain};

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Check(args)) => std::process::ExitCode::from(check::run(&args)),
        Some(Command::Explain(args)) => std::process::ExitCode::from(explain::run(&args)),
        None => match smtp_lens::gui::run() {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("smtp-lens: {e:#}");
                std::process::ExitCode::from(smtp_lens::cli::ExitCode::Internal as u8)
            }
        },
    }
}
