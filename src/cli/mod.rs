//! The command line: clap arguments turned into the same `SessionIntent` the window builds, run
//! on the same engine, printed live.
//!
//! The exit code policy lives here and only here (see `ExitCode`), so scripts can tell a refused
//! recipient from a refused login without reading the text.

pub mod bulk;
pub mod check;
pub mod compare;
pub mod detect;
pub mod explain;
pub mod oauth;

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

/// The whole command line. Help texts are not here but in the catalogue (`help-*` messages),
/// so they are shown in the user's language: parse with `cli::parse`, which puts them in.
#[derive(Debug, Parser)]
#[command(name = "smtp-lens", version = env!("SMTP_LENS_VERSION"))]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[arg(long, global = true, value_name = "LANG", value_parser = parse_language)]
    pub lang: Option<Language>,
}

/// `--lang`: a language smtp-lens speaks, by tag or locale (`ru`, `ru_RU.UTF-8`).
fn parse_language(value: &str) -> Result<Language, String> {
    Language::parse(value).ok_or_else(|| {
        let known: Vec<&str> = Language::ALL.iter().map(|l| l.tag()).collect();
        crate::present::t!(
            "cli-unknown-language",
            value = value,
            known = known.join(", ")
        )
    })
}

/// Why the manual page could not be written, in the user's language.
pub fn cannot_write_manual(e: &std::io::Error) -> String {
    crate::present::t!("cli-cannot-write-manual", error = e.to_string())
}

/// The subcommands; their help texts are `help-<name>-about` in the catalogue.
#[derive(Debug, Subcommand)]
pub enum Command {
    Check(Box<CheckArgs>),
    Bulk(Box<BulkArgs>),
    Detect(DetectArgs),
    Explain(ExplainArgs),
    Compare(CompareArgs),
    /// `smtp-lens oauth sign-out`: the stored tokens.
    Oauth {
        #[command(subcommand)]
        action: OauthCommand,
    },
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    #[command(hide = true)]
    Man {
        subcommand: Option<String>,
    },
}

/// The language asked for with `--lang` on this command line, read before clap parses it (the
/// help clap prints must already be in that language). A value that is not a language is left
/// for clap to report.
fn language_asked(args: &[std::ffi::OsString]) -> Option<Language> {
    let mut it = args.iter().map(|a| a.to_string_lossy());
    while let Some(arg) = it.next() {
        if arg == "--" {
            break;
        }
        if let Some(value) = arg.strip_prefix("--lang=") {
            return Language::parse(value);
        }
        if arg == "--lang" {
            return it.next().and_then(|v| Language::parse(&v));
        }
    }
    None
}

/// Parses the process's arguments: chooses the language first (`--lang`, else the system's),
/// then parses with every help text in it. Exits with clap's message on bad arguments.
pub fn parse() -> Cli {
    use clap::FromArgMatches;
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    crate::present::set_language(language_asked(&args).unwrap_or_else(Language::from_os));
    let matches = command().get_matches_from(args);
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

/// The command line with its help texts from the catalogue, in the current language.
pub fn command() -> clap::Command {
    use clap::CommandFactory;
    let mut missing = Vec::new();
    localize(Cli::command(), "help", &mut missing)
}

/// Puts `<prefix>-about`, `<prefix>-<argument>` and (for `check`) the exit codes from the
/// catalogue into `cmd` and its subcommands; records ids the catalogue lacks in `missing`.
fn localize(mut cmd: clap::Command, prefix: &str, missing: &mut Vec<String>) -> clap::Command {
    let text = |id: String, missing: &mut Vec<String>| {
        let found = crate::present::message(&id);
        if found.is_none() {
            missing.push(id);
        }
        found
    };
    if let Some(about) = text(format!("{prefix}-about"), missing) {
        cmd = cmd.about(about);
    }
    if (prefix == "help" || prefix == "help-check" || prefix == "help-bulk")
        && let Some(codes) = text(String::from("help-exit-codes"), missing)
    {
        cmd = cmd.after_help(codes);
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .filter(|a| !matches!(a.get_id().as_str(), "help" | "version"))
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        // A global argument is described once, at the top.
        let key = if id == "lang" {
            String::from("help-lang")
        } else {
            format!("{prefix}-{}", id.replace('_', "-"))
        };
        if let Some(help) = text(key, missing) {
            cmd = cmd.mut_arg(id, |a| a.help(help));
        }
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subs {
        cmd = cmd.mut_subcommand(&name, |sub| localize(sub, &format!("help-{name}"), missing));
    }
    cmd
}

/// Writes the completion script of `shell` for the whole command line.
pub fn completions(
    shell: clap_complete::Shell,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    // Generated into memory first: clap_complete panics on a failed write (a closed pipe).
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command(), "smtp-lens", &mut script);
    out.write_all(&script)
}

/// Writes the manual page of smtp-lens, or of one of its subcommands (`smtp-lens-check(1)`).
pub fn man_page(subcommand: Option<&str>, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let cmd = command();
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

/// `smtp-lens oauth ...`; help texts: `help-<name>-about` and `help-<name>-<argument>`.
#[derive(Debug, Subcommand)]
pub enum OauthCommand {
    SignOut(SignOutArgs),
}

/// The arguments of `smtp-lens oauth sign-out`: what the tokens are kept under (no URLs).
#[derive(Debug, Args)]
pub struct SignOutArgs {
    #[arg(long, short = 'u', value_name = "ADDRESS")]
    pub user: String,

    #[arg(long, value_enum, value_name = "PROVIDER")]
    pub oauth_provider: OauthProviderArg,

    #[arg(long, value_name = "ID")]
    pub oauth_client_id: String,
}

/// `--oauth-provider`: who signs the user in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OauthProviderArg {
    Microsoft,
    Google,
    Custom,
}

impl OauthProviderArg {
    /// The provider's id, as in the keychain key (`oauth::Provider::id`).
    pub fn id(self) -> &'static str {
        match self {
            OauthProviderArg::Microsoft => "microsoft",
            OauthProviderArg::Google => "google",
            OauthProviderArg::Custom => "custom",
        }
    }
}

/// `--oauth-flow`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OauthFlowArg {
    Browser,
    Device,
}

impl From<OauthFlowArg> for crate::oauth::Flow {
    fn from(value: OauthFlowArg) -> Self {
        match value {
            OauthFlowArg::Browser => crate::oauth::Flow::Browser,
            OauthFlowArg::Device => crate::oauth::Flow::Device,
        }
    }
}

/// The arguments of `smtp-lens bulk`; help texts: `help-bulk-<name>` in the catalogue. The
/// session options mean what they mean for `check`.
#[derive(Debug, Args)]
pub struct BulkArgs {
    #[arg(long, short = 's', value_name = "HOST[:PORT]")]
    pub server: String,

    #[arg(long, value_enum, default_value = "starttls")]
    pub security: SecurityArg,

    #[arg(long, value_name = "NAME")]
    pub helo: Option<String>,

    #[arg(long, short = 'u', value_name = "USER")]
    pub user: Option<String>,

    #[arg(long, value_name = "VAR", conflicts_with = "password_stdin")]
    pub password_env: Option<String>,

    #[arg(long)]
    pub password_stdin: bool,

    #[arg(long, value_enum, value_name = "MECHANISM")]
    pub auth: Option<MechanismArg>,

    #[arg(long, short = 'f', value_name = "ADDRESS", default_value = "")]
    pub from: String,

    #[arg(long, short = 't', value_name = "ADDRESS", required = true)]
    pub to: Vec<String>,

    #[arg(long)]
    pub subject: Option<String>,

    #[arg(long, conflicts_with = "size")]
    pub body: Option<String>,

    #[arg(long, value_name = "'NAME: VALUE'")]
    pub header: Vec<String>,

    #[arg(long, value_name = "BYTES")]
    pub size: Option<usize>,

    #[arg(long, short = 'c', value_name = "C", default_value_t = 1)]
    pub connections: usize,

    #[arg(long, short = 'n', value_name = "N")]
    pub messages: Option<u64>,

    #[arg(long, value_name = "K", default_value_t = 1)]
    pub per_connection: u32,

    // A negative number is a value to refuse in words ("must be a positive number"), not an
    // unknown option.
    #[arg(long, value_name = "R", allow_negative_numbers = true)]
    pub rate: Option<f64>,

    #[arg(long, value_name = "SECONDS", allow_negative_numbers = true)]
    pub duration: Option<f64>,

    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<f64>,

    #[arg(long, short = 'k')]
    pub insecure: bool,

    #[arg(long, value_name = "FILE")]
    pub ca_file: Option<PathBuf>,

    #[arg(long)]
    pub no_pipelining: bool,

    #[arg(long)]
    pub bdat: bool,

    #[arg(long)]
    pub load_test_permitted: bool,

    #[arg(long)]
    pub json: bool,
}

/// The arguments of `smtp-lens compare`; help texts: `help-compare-<name>` in the catalogue.
#[derive(Debug, Args)]
pub struct CompareArgs {
    #[arg(value_name = "BEFORE.json")]
    pub before: PathBuf,
    #[arg(value_name = "AFTER.json")]
    pub after: PathBuf,
    #[arg(long)]
    pub json: bool,
}

/// The arguments of `smtp-lens explain`; help texts: `help-explain-<name>` in the catalogue.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    pub reply: Option<String>,

    #[arg(long, value_name = "COMMAND")]
    pub context: Option<String>,

    #[arg(long)]
    pub json: bool,

    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorArg,
}

/// The arguments of `smtp-lens detect`; help texts: `help-detect-<name>` in the catalogue.
#[derive(Debug, Args)]
pub struct DetectArgs {
    #[arg(value_name = "ADDRESS|DOMAIN|HOST")]
    pub target: String,

    #[arg(long, value_name = "PORT,...", value_delimiter = ',', default_values_t = crate::detect::DEFAULT_PORTS)]
    pub ports: Vec<u16>,

    #[arg(long, value_name = "IP[:PORT]")]
    pub dns_server: Option<String>,

    #[arg(long, value_name = "FILE")]
    pub ca_file: Option<PathBuf>,

    #[arg(long, value_name = "SECONDS", default_value_t = 5.0)]
    pub timeout: f64,

    #[arg(long, value_name = "N", default_value_t = 16)]
    pub parallel: usize,

    #[arg(long)]
    pub json: bool,

    #[arg(long, value_name = "HOST:PORT:MODE")]
    pub transcript: Vec<String>,

    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<crate::export::Format>,

    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorArg,
}

/// `--security`: the values are described in `help-check-security`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SecurityArg {
    Starttls,
    StarttlsOptional,
    Tls,
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

/// The arguments of `smtp-lens check`. Each one's help text is the catalogue message
/// `help-check-<name>` (`assets/i18n/<lang>/smtp_lens.ftl`), shown in the user's language.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[arg(long, short = 's', value_name = "HOST[:PORT]")]
    pub server: String,

    #[arg(long, value_enum, default_value = "starttls")]
    pub security: SecurityArg,

    #[arg(long, value_name = "NAME")]
    pub helo: Option<String>,

    #[arg(long, short = 'u', value_name = "USER")]
    pub user: Option<String>,

    #[arg(long, value_name = "VAR", conflicts_with = "password_stdin")]
    pub password_env: Option<String>,

    #[arg(long)]
    pub password_stdin: bool,

    #[arg(long)]
    pub oauth: bool,

    #[arg(long, value_enum, value_name = "PROVIDER", requires_all = ["user", "oauth_client_id"], conflicts_with_all = ["password_env", "password_stdin", "oauth"])]
    pub oauth_provider: Option<OauthProviderArg>,

    #[arg(long, value_name = "ID", requires = "oauth_provider")]
    pub oauth_client_id: Option<String>,

    #[arg(long, value_name = "VAR", requires = "oauth_provider")]
    pub oauth_client_secret_env: Option<String>,

    #[arg(long, value_name = "TENANT", requires = "oauth_provider")]
    pub oauth_tenant: Option<String>,

    #[arg(long, value_name = "URL", required_if_eq("oauth_provider", "custom"))]
    pub oauth_auth_url: Option<String>,

    #[arg(long, value_name = "URL", required_if_eq("oauth_provider", "custom"))]
    pub oauth_token_url: Option<String>,

    #[arg(long, value_name = "URL", requires = "oauth_provider")]
    pub oauth_device_url: Option<String>,

    #[arg(long, value_name = "SCOPE", requires = "oauth_provider")]
    pub oauth_scope: Vec<String>,

    #[arg(long, value_enum, value_name = "FLOW", default_value = "browser")]
    pub oauth_flow: OauthFlowArg,

    #[arg(long, value_name = "SECONDS", default_value_t = 300)]
    pub oauth_wait: u64,

    #[arg(long, value_enum, value_name = "MECHANISM")]
    pub auth: Option<MechanismArg>,

    #[arg(long, short = 'f', value_name = "ADDRESS", default_value = "")]
    pub from: String,

    #[arg(long, short = 't', value_name = "ADDRESS")]
    pub to: Vec<String>,

    #[arg(long, value_enum, value_name = "STAGE")]
    pub stop_after: Option<StopAfterArg>,

    #[arg(long)]
    pub subject: Option<String>,

    #[arg(long)]
    pub body: Option<String>,

    #[arg(long, value_name = "FILE")]
    pub html_file: Option<PathBuf>,

    #[arg(long, value_name = "FILE")]
    pub attach: Vec<PathBuf>,

    #[arg(long, value_name = "'NAME: VALUE'")]
    pub header: Vec<String>,

    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<f64>,

    #[arg(long, short = 'k')]
    pub insecure: bool,

    #[arg(long, value_name = "FILE")]
    pub ca_file: Option<PathBuf>,

    #[arg(long)]
    pub no_pipelining: bool,

    #[arg(long)]
    pub bdat: bool,

    #[arg(long)]
    pub smtputf8: bool,

    #[arg(long, value_name = "WHEN")]
    pub dsn_notify: Option<String>,

    #[arg(long, value_name = "WHAT")]
    pub dsn_ret: Option<String>,

    #[arg(long, value_name = "BYTES", default_value_t = 4096)]
    pub max_reply_line: usize,

    #[arg(long)]
    pub json: bool,

    #[arg(long)]
    pub no_times: bool,

    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<crate::export::Format>,

    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorArg,
}

#[cfg(test)]
mod help_tests {
    use super::*;

    #[test]
    fn every_command_and_argument_has_its_help_in_the_catalogue() {
        use clap::CommandFactory;
        let mut missing = Vec::new();
        let cmd = localize(Cli::command(), "help", &mut missing);
        assert!(missing.is_empty(), "no catalogue message for {missing:?}");
        cmd.clone().debug_assert();
        let check = cmd.find_subcommand("check").expect("check");
        for arg in check.get_arguments() {
            if matches!(arg.get_id().as_str(), "help" | "version") {
                continue;
            }
            assert!(
                arg.get_help().is_some_and(|h| !h.to_string().is_empty()),
                "{} has no help",
                arg.get_id()
            );
        }
    }

    #[test]
    fn lang_is_read_before_parsing_in_both_forms() {
        let args = |v: &[&str]| v.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert_eq!(
            language_asked(&args(&["smtp-lens", "--lang", "ru", "check"])),
            Some(Language::Ru)
        );
        assert_eq!(
            language_asked(&args(&["smtp-lens", "explain", "--lang=en", "550"])),
            Some(Language::En)
        );
        assert_eq!(
            language_asked(&args(&["smtp-lens", "--", "--lang", "ru"])),
            None
        );
        assert_eq!(language_asked(&args(&["smtp-lens", "--lang", "xx"])), None);
    }
}
