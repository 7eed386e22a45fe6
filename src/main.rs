//! The `smtp-lens` binary: a thin entry point. The exit code policy is in `cli::ExitCode`.

use clap::{CommandFactory, Parser};
use smtp_lens::cli::{Cli, Command, check, explain};

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Check(args)) => std::process::ExitCode::from(check::run(&args)),
        Some(Command::Explain(args)) => std::process::ExitCode::from(explain::run(&args)),
        None => {
            // The desktop window is not built yet: show what the command line can do.
            let mut cmd = Cli::command();
            // Printing help to a closed stdout is not worth an error.
            let _ = cmd.print_help();
            std::process::ExitCode::SUCCESS
        }
    }
}
