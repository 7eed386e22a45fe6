//! `smtp-lens detect`: finds the settings that work, tests each MX and checks the domain's DNS,
//! then prints the report (coloured by result on a terminal), or one JSON object with `--json`,
//! and writes the report for a ticket with `-o`. Exit code 0 when a working submission setting
//! was found, `ExitCode::Connect` when none was.

use std::io::{IsTerminal, Write};
use std::net::SocketAddr;
use std::time::Duration;

use super::{ColorArg, DetectArgs, ExitCode};
use crate::detect::{self, DetectRequest, Mode};
use crate::engine::TlsOptions;
use crate::present;
use crate::present::detect::Tone;

/// Why the arguments cannot start a detection: the user's to fix, exit code 2.
#[rustfmt::skip]
#[derive(Debug, thiserror::Error)]
pub enum DetectArgsError {
    #[error("--dns-server {0} is not an IP address or IP:PORT")]
    DnsServer(String),
    #[error("--timeout {0} is out of range: give seconds between 0.1 and 600")]
    Timeout(f64),
    #[error("--ports needs at least one port from 1 to 65535")]
    Ports,
    #[error("--transcript {0} is not HOST:PORT:MODE (mode tls, starttls or none) or all")]
    Transcript(String),
    #[error(transparent)]
    CaFile(#[from] crate::engine::tls::TlsSetupError),
    #[error(transparent)]
    Target(#[from] detect::DetectError),
}

/// `IP` (port 53) or `IP:PORT` or `[IPv6]:PORT`.
pub fn parse_dns_server(text: &str) -> Result<SocketAddr, DetectArgsError> {
    detect::dns_server_address(text)
        .ok_or_else(|| DetectArgsError::DnsServer(text.trim().to_string()))
}

/// A cell asked for with `--transcript`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TranscriptWanted {
    All,
    Cell { host: String, port: u16, mode: Mode },
}

/// Parses `HOST:PORT:MODE` or `all`.
pub fn parse_transcript(text: &str) -> Result<TranscriptWanted, DetectArgsError> {
    if text.eq_ignore_ascii_case("all") {
        return Ok(TranscriptWanted::All);
    }
    let bad = || DetectArgsError::Transcript(text.to_string());
    let mut parts = text.rsplitn(3, ':');
    let mode = match parts.next().map(str::to_ascii_lowercase).as_deref() {
        Some("tls") => Mode::Tls,
        Some("starttls") => Mode::Starttls,
        Some("none") => Mode::None,
        _ => return Err(bad()),
    };
    let port = parts
        .next()
        .and_then(|p| p.parse::<u16>().ok())
        .ok_or_else(bad)?;
    let host = parts.next().filter(|h| !h.is_empty()).ok_or_else(bad)?;
    Ok(TranscriptWanted::Cell {
        host: host.trim_end_matches('.').to_ascii_lowercase(),
        port,
        mode,
    })
}

/// The request the arguments ask for; reads the CA file.
pub fn request(args: &DetectArgs) -> Result<DetectRequest, DetectArgsError> {
    let mut request = DetectRequest::new(&args.target);
    detect::target_name(&args.target)?;
    if args.ports.is_empty() || args.ports.contains(&0) {
        return Err(DetectArgsError::Ports);
    }
    let mut ports = args.ports.clone();
    ports.dedup();
    request.ports = ports;
    if !(0.1..=600.0).contains(&args.timeout) || !args.timeout.is_finite() {
        return Err(DetectArgsError::Timeout(args.timeout));
    }
    request.timeout = Duration::from_secs_f64(args.timeout);
    request.parallel = args.parallel.clamp(1, 256);
    request.dns_server = args
        .dns_server
        .as_deref()
        .map(parse_dns_server)
        .transpose()?;
    if let Some(path) = &args.ca_file {
        let mut tls = TlsOptions::default();
        tls.add_roots_from_pem(path)?;
        request.extra_roots = tls.extra_roots;
    }
    Ok(request)
}

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const GREEN: &str = "\x1b[32m";
const YELLOW: &str = "\x1b[33m";
const RED: &str = "\x1b[31m";

/// The report for a terminal: the export's text, each line coloured by its tone.
pub fn render(report: &detect::DetectReport, color: bool, wanted: &[TranscriptWanted]) -> String {
    let mut out = String::new();
    let title = present::t!("detect-title");
    if color {
        out.push_str(&format!("{BOLD}{title}{RESET}\n"));
    } else {
        out.push_str(&format!("{title}\n"));
    }
    for (label, value) in present::detect::facts(report) {
        out.push_str(&format!("{label}: {value}\n"));
    }
    for s in present::detect::sections(report) {
        out.push('\n');
        if color {
            out.push_str(&format!("{BOLD}{}{RESET}\n", s.heading));
        } else {
            out.push_str(&format!("{}\n", s.heading));
        }
        for l in s.lines {
            let indent = "  ".repeat(usize::from(l.depth) + 1);
            let colour = match l.tone {
                Tone::Good => Some(GREEN),
                Tone::Warn => Some(YELLOW),
                Tone::Bad => Some(RED),
                Tone::Plain => None,
            };
            match colour {
                Some(c) if color => out.push_str(&format!("{indent}{c}{}{RESET}\n", l.text)),
                _ => out.push_str(&format!("{indent}{}\n", l.text)),
            }
        }
    }
    for c in &report.matrix {
        let asked = wanted.iter().any(|w| match w {
            TranscriptWanted::All => !c.events.is_empty(),
            TranscriptWanted::Cell { host, port, mode } => {
                *host == c.host && *port == c.port && *mode == c.security
            }
        });
        if asked {
            out.push('\n');
            out.push_str(&present::detect::transcript_heading(
                &c.host, c.port, c.security,
            ));
            out.push('\n');
            for l in crate::export::detect::transcript_lines(&c.events, true) {
                out.push_str(&format!("  {l}\n"));
            }
        }
    }
    out
}

/// Runs `smtp-lens detect` and returns the process exit code.
pub fn run(args: &DetectArgs) -> u8 {
    let request = match request(args) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("smtp-lens: {e:#}");
            return ExitCode::BadArguments as u8;
        }
    };
    let wanted = match args
        .transcript
        .iter()
        .map(|t| parse_transcript(t))
        .collect::<Result<Vec<_>, _>>()
    {
        Ok(w) => w,
        Err(e) => {
            eprintln!("smtp-lens: {e:#}");
            return ExitCode::BadArguments as u8;
        }
    };
    let output = match &args.output {
        None => None,
        Some(path) => match args
            .format
            .or_else(|| crate::export::Format::from_path(path))
        {
            Some(f) => Some((path.clone(), f)),
            None => {
                eprintln!(
                    "smtp-lens: cannot tell the format of {} from its extension; name it .txt, .html or .json, or give --format",
                    path.display()
                );
                return ExitCode::BadArguments as u8;
            }
        },
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(err) => {
            eprintln!("smtp-lens: cannot start the async runtime: {err}");
            return ExitCode::Internal as u8;
        }
    };
    let report = match runtime.block_on(detect::run(&request)) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("smtp-lens: {e:#}");
            return ExitCode::BadArguments as u8;
        }
    };
    let text = if args.json {
        let mut line = crate::export::detect::json(&report, false).to_string();
        line.push('\n');
        line
    } else {
        let color = match args.color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => {
                std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        };
        render(&report, color, &wanted)
    };
    {
        let mut out = std::io::stdout().lock();
        // A reader that stops early (`| head`) is not a failure.
        let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    }
    if let Some((path, format)) = output {
        let contents = crate::export::detect::render(&report, format, true);
        if let Err(e) = crate::export::write(&path, &contents) {
            eprintln!(
                "smtp-lens: cannot write {}: {e}; check the folder exists and is writable",
                path.display()
            );
            return ExitCode::Internal as u8;
        }
        eprintln!(
            "smtp-lens: {}",
            present::t!("export-written", path = path.display().to_string())
        );
    }
    if report.recommended.is_some() {
        ExitCode::Success as u8
    } else {
        ExitCode::Connect as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns_servers_take_port_53_by_default() {
        assert_eq!(
            parse_dns_server("127.0.0.2").unwrap(),
            "127.0.0.2:53".parse::<SocketAddr>().unwrap()
        );
        assert_eq!(
            parse_dns_server("127.0.0.2:10053").unwrap(),
            "127.0.0.2:10053".parse::<SocketAddr>().unwrap()
        );
        assert_eq!(
            parse_dns_server("[::1]:5353").unwrap(),
            "[::1]:5353".parse::<SocketAddr>().unwrap()
        );
        assert!(parse_dns_server("dns.example").is_err());
    }

    #[test]
    fn transcripts_are_asked_for_by_cell() {
        assert_eq!(parse_transcript("all").unwrap(), TranscriptWanted::All);
        assert_eq!(
            parse_transcript("smtp.example.com:465:tls").unwrap(),
            TranscriptWanted::Cell {
                host: String::from("smtp.example.com"),
                port: 465,
                mode: Mode::Tls
            }
        );
        assert!(parse_transcript("smtp.example.com:465").is_err());
        assert!(parse_transcript(":25:none").is_err());
    }
}
