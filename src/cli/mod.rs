//! The command line: clap arguments turned into the same `SessionIntent` the window builds, run
//! on the same engine, printed live.
//!
//! The exit code policy lives here and only here (see `ExitCode`), so scripts can tell a refused
//! recipient from a refused login without reading the text.

pub mod check;
pub mod explain;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::lang::Language;
use crate::proto::session::{Security, StopAfter};

/// Exit codes of `smtp-lens check`. Partial success is never 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum ExitCode {
    Success = 0,
    /// Our own failure (a bug, or the machine refused something).
    Internal = 1,
    BadArguments = 2,
    Connect = 3,
    Tls = 4,
    Auth = 5,
    SenderRejected = 6,
    SomeRecipientsRejected = 7,
    AllRecipientsRejected = 8,
    MessageRejected = 9,
    Timeout = 10,
    /// The greeting or EHLO was refused, the server broke the protocol, or dropped the connection.
    ServerRefused = 11,
    Cancelled = 130,
}

impl ExitCode {
    pub fn from_verdict(verdict: crate::proto::Verdict) -> ExitCode {
        use crate::proto::Verdict;
        match verdict {
            Verdict::Success => ExitCode::Success,
            Verdict::InvalidInput => ExitCode::BadArguments,
            Verdict::ConnectFailed => ExitCode::Connect,
            Verdict::ConnectionLost | Verdict::ServerRefused | Verdict::ProtocolError => {
                ExitCode::ServerRefused
            }
            Verdict::TlsFailed => ExitCode::Tls,
            Verdict::AuthFailed => ExitCode::Auth,
            Verdict::SenderRejected => ExitCode::SenderRejected,
            Verdict::SomeRecipientsRejected => ExitCode::SomeRecipientsRejected,
            Verdict::AllRecipientsRejected => ExitCode::AllRecipientsRejected,
            Verdict::MessageRejected => ExitCode::MessageRejected,
            Verdict::Timeout => ExitCode::Timeout,
            Verdict::Cancelled => ExitCode::Cancelled,
        }
    }
}

const EXIT_CODES_HELP: &str = "\
Exit codes:
    0    everything asked for was accepted
    1    internal error
    2    bad arguments (or a value the server cannot be sent)
    3    could not connect (name not found, refused, unreachable)
    4    TLS failed (STARTTLS not offered or refused, handshake failed, certificate invalid)
    5    authentication failed
    6    sender (MAIL FROM) rejected
    7    some recipients rejected (the others accepted)
    8    all recipients rejected
    9    message rejected (DATA or end of data)
    10   timed out
    11   server refused the session (greeting or EHLO), broke the protocol or hung up
    130  cancelled (Ctrl-C)";

#[derive(Debug, Parser)]
#[command(
    name = "smtp-lens",
    version = env!("SMTP_LENS_VERSION"),
    about = "Test SMTP servers and send test mail, with every line of the session shown and explained",
    after_help = EXIT_CODES_HELP
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// The language of everything printed (and of the window): en or ru; by default the
    /// system's (LC_ALL, LC_MESSAGES, LANG), English when it is neither
    #[arg(long, global = true, value_name = "LANG", value_parser = parse_language)]
    pub lang: Option<Language>,
}

/// `--lang`: a language smtp-lens speaks, by tag or locale (`ru`, `ru_RU.UTF-8`).
fn parse_language(value: &str) -> Result<Language, String> {
    Language::parse(value).ok_or_else(|| {
        let known: Vec<&str> = Language::ALL.iter().map(|l| l.tag()).collect();
        format!(
            "{value:?} is not a language smtp-lens speaks; use one of {}",
            known.join(", ")
        )
    })
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run one SMTP session against a server and print its transcript and verdict
    #[command(after_help = EXIT_CODES_HELP)]
    Check(Box<CheckArgs>),
    /// Explain an SMTP reply: its class, meaning, when it is seen and how to fix it
    Explain(ExplainArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) to standard output
    #[command(hide = true)]
    Man {
        /// A subcommand, for its own page (e.g. check)
        subcommand: Option<String>,
    },
}

/// Writes the completion script of `shell` for the whole command line.
pub fn completions(
    shell: clap_complete::Shell,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    use clap::CommandFactory;
    // Generated into memory first: clap_complete panics on a failed write (a closed pipe).
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "smtp-lens", &mut script);
    out.write_all(&script)
}

/// Writes the manual page of smtp-lens, or of one of its subcommands (`smtp-lens-check(1)`).
pub fn man_page(subcommand: Option<&str>, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    use clap::CommandFactory;
    let cmd = Cli::command();
    let page = match subcommand {
        None => cmd,
        Some(name) => {
            let Some(sub) = cmd.find_subcommand(name).cloned() else {
                return Err(std::io::Error::other(format!("no subcommand named {name}")));
            };
            sub.name(format!("smtp-lens-{name}"))
        }
    };
    clap_mangen::Man::new(page).render(out)
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The reply, e.g. "550 5.1.1 <x@example.com>: Recipient address rejected"; "-" or nothing
    /// reads it from standard input (for multi-line replies)
    pub reply: Option<String>,

    /// The command the reply answered: greeting, ehlo, starttls, auth, mail, rcpt, data, end-of-data
    #[arg(long, value_name = "COMMAND")]
    pub context: Option<String>,

    /// Print the explanation as JSON
    #[arg(long)]
    pub json: bool,

    /// Colour the reply by class
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SecurityArg {
    /// STARTTLS required (port 587 by default)
    Starttls,
    /// STARTTLS when offered, plain text otherwise
    StarttlsOptional,
    /// Implicit TLS (port 465 by default)
    Tls,
    /// No TLS (port 25 by default)
    None,
}

impl From<SecurityArg> for Security {
    fn from(value: SecurityArg) -> Self {
        match value {
            SecurityArg::Starttls => Security::StartTlsRequired,
            SecurityArg::StarttlsOptional => Security::StartTlsIfOffered,
            SecurityArg::Tls => Security::ImplicitTls,
            SecurityArg::None => Security::None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StopAfterArg {
    Connect,
    Greeting,
    Ehlo,
    Tls,
    Auth,
    Mail,
    Rcpt,
    Send,
}

impl From<StopAfterArg> for StopAfter {
    fn from(value: StopAfterArg) -> Self {
        match value {
            StopAfterArg::Connect => StopAfter::Connect,
            StopAfterArg::Greeting => StopAfter::Greeting,
            StopAfterArg::Ehlo => StopAfter::Ehlo,
            StopAfterArg::Tls => StopAfter::Tls,
            StopAfterArg::Auth => StopAfter::Auth,
            StopAfterArg::Mail => StopAfter::Mail,
            StopAfterArg::Rcpt => StopAfter::Rcpt,
            StopAfterArg::Send => StopAfter::Send,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MechanismArg {
    Plain,
    Login,
    CramMd5,
    Xoauth2,
    Oauthbearer,
}

impl From<MechanismArg> for crate::proto::Mechanism {
    fn from(value: MechanismArg) -> Self {
        use crate::proto::Mechanism;
        match value {
            MechanismArg::Plain => Mechanism::Plain,
            MechanismArg::Login => Mechanism::Login,
            MechanismArg::CramMd5 => Mechanism::CramMd5,
            MechanismArg::Xoauth2 => Mechanism::XOAuth2,
            MechanismArg::Oauthbearer => Mechanism::OAuthBearer,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The server: HOST, HOST:PORT or [IPv6]:PORT (the port defaults from --security)
    #[arg(long, short = 's', value_name = "HOST[:PORT]")]
    pub server: String,

    /// How the connection is secured
    #[arg(long, value_enum, default_value = "starttls")]
    pub security: SecurityArg,

    /// The EHLO name (default: our address as a literal, e.g. [192.0.2.1])
    #[arg(long, value_name = "NAME")]
    pub helo: Option<String>,

    /// Log in as this user (AUTH); the password comes from --password-env or --password-stdin
    #[arg(long, short = 'u', value_name = "USER")]
    pub user: Option<String>,

    /// Read the password (or OAuth token) from this environment variable
    #[arg(long, value_name = "VAR", conflicts_with = "password_stdin")]
    pub password_env: Option<String>,

    /// Read the password (or OAuth token) from the first line of standard input
    #[arg(long)]
    pub password_stdin: bool,

    /// The secret is an OAuth 2.0 access token (XOAUTH2 or OAUTHBEARER), not a password
    #[arg(long)]
    pub oauth: bool,

    /// Force this AUTH mechanism instead of choosing from what the server offers
    #[arg(long, value_enum, value_name = "MECHANISM")]
    pub auth: Option<MechanismArg>,

    /// The envelope sender (MAIL FROM); empty for the null sender
    #[arg(long, short = 'f', value_name = "ADDRESS", default_value = "")]
    pub from: String,

    /// An envelope recipient (RCPT TO); repeat for more
    #[arg(long, short = 't', value_name = "ADDRESS")]
    pub to: Vec<String>,

    /// Where to stop: the session ends with QUIT after this stage (rcpt sends no message)
    #[arg(long, value_enum, value_name = "STAGE")]
    pub stop_after: Option<StopAfterArg>,

    /// Subject of the test message
    #[arg(long)]
    pub subject: Option<String>,

    /// Plain-text body of the test message (default: a body naming the tool, the settings and the time)
    #[arg(long)]
    pub body: Option<String>,

    /// HTML body of the test message, read from this file
    #[arg(long, value_name = "FILE")]
    pub html_file: Option<PathBuf>,

    /// Attach this file; repeat for more
    #[arg(long, value_name = "FILE")]
    pub attach: Vec<PathBuf>,

    /// An extra header, 'Name: value'; repeat for more
    #[arg(long, value_name = "'NAME: VALUE'")]
    pub header: Vec<String>,

    /// Timeout in seconds for each phase (connect, greeting, TLS, each reply)
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<f64>,

    /// Go on even if the server's certificate is not valid (the finding is still shown)
    #[arg(long, short = 'k')]
    pub insecure: bool,

    /// Also trust the CA certificates in this PEM file
    #[arg(long, value_name = "FILE")]
    pub ca_file: Option<PathBuf>,

    /// Do not use PIPELINING even when offered
    #[arg(long)]
    pub no_pipelining: bool,

    /// Send the message with BDAT (CHUNKING) when offered
    #[arg(long)]
    pub bdat: bool,

    /// Use SMTPUTF8 when offered (for addresses with non-ASCII characters)
    #[arg(long)]
    pub smtputf8: bool,

    /// Ask for delivery status notifications: NEVER, or SUCCESS,FAILURE,DELAY
    #[arg(long, value_name = "WHEN")]
    pub dsn_notify: Option<String>,

    /// What a DSN returns: FULL or HDRS
    #[arg(long, value_name = "WHAT")]
    pub dsn_ret: Option<String>,

    /// Longest reply line accepted from the server, in bytes
    #[arg(long, value_name = "BYTES", default_value_t = 4096)]
    pub max_reply_line: usize,

    /// Print one JSON object per event instead of the transcript
    #[arg(long)]
    pub json: bool,

    /// Leave out each line's time, offset from the start and reply latency
    #[arg(long)]
    pub no_times: bool,

    /// Also write the session to this file for a ticket (.txt, .html or .json)
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// The format of --output when its extension does not say
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<crate::export::Format>,

    /// Colour replies by class
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorArg,
}
