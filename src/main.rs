//! The `smtp-lens` binary: a thin entry point. The exit code policy is in `cli::ExitCode`.

use smtp_lens::cli::{Command, check, compare, detect, explain, oauth};

fn main() -> std::process::ExitCode {
    // Chooses the language (--lang, else the system's) before parsing, for clap's help.
    let cli = smtp_lens::cli::parse();
    match cli.command {
        Some(Command::Check(args)) => std::process::ExitCode::from(check::run(&args)),
        Some(Command::Bulk(args)) => std::process::ExitCode::from(smtp_lens::cli::bulk::run(&args)),
        Some(Command::Detect(args)) => std::process::ExitCode::from(detect::run(&args)),
        Some(Command::Explain(args)) => std::process::ExitCode::from(explain::run(&args)),
        Some(Command::Compare(args)) => std::process::ExitCode::from(compare::run(&args)),
        Some(Command::Oauth { action }) => std::process::ExitCode::from(oauth::run(&action)),
        // A closed pipe (`| head`) is not worth an error message.
        Some(Command::Completions { shell }) => {
            let _ = smtp_lens::cli::completions(shell, &mut std::io::stdout());
            std::process::ExitCode::SUCCESS
        }
        Some(Command::Man { subcommand }) => {
            match smtp_lens::cli::man_page(subcommand.as_deref(), &mut std::io::stdout()) {
                Ok(()) => std::process::ExitCode::SUCCESS,
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                    std::process::ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("smtp-lens: {}", smtp_lens::cli::cannot_write_manual(&e));
                    std::process::ExitCode::from(smtp_lens::cli::ExitCode::Internal as u8)
                }
            }
        }
        None => match smtp_lens::gui::run(cli.lang) {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("smtp-lens: {e:#}");
                std::process::ExitCode::from(smtp_lens::cli::ExitCode::Internal as u8)
            }
        },
    }
}
