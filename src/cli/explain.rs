//! `smtp-lens explain`: what a reply means and what to do about it, for a reply pasted from a
//! log, a bounce or a ticket. Reads the reply from the argument or, for multi-line replies, from
//! standard input.

use std::io::{Read, Write};

use super::{ColorArg, ExitCode, ExplainArgs};
use crate::knowledge::{self, Explanation, parse_context, parse_pasted};
use crate::proto::Reply;

/// Renders an explanation for a terminal.
pub fn render(x: &Explanation, reply: &Reply, color: bool) -> String {
    let colour = match x.code / 100 {
        2 => "\x1b[32m",
        3 => "\x1b[36m",
        4 => "\x1b[33m",
        _ => "\x1b[31m",
    };
    let (on, off) = if color { (colour, "\x1b[0m") } else { ("", "") };
    let mut out = String::new();
    out.push_str(&format!(
        "{on}{} {}{off}\n",
        reply.code,
        reply.text().replace('\n', " / ")
    ));
    out.push_str(&format!("{on}{}{off}: {}\n", x.class_label, x.title));
    let mut codes = format!("code {}", x.code);
    if let Some(e) = &x.enhanced {
        codes.push_str(&format!(", enhanced {e}"));
    }
    if let Some(ctx) = x.context {
        codes.push_str(&format!(", answering {}", ctx.name()));
    }
    if let Some(p) = &x.provider {
        codes.push_str(&format!(", from {p}"));
    }
    out.push_str(&format!("  {codes}; cause: {}\n\n", x.cause));
    out.push_str(&format!("What it means: {}\n", x.meaning));
    if !x.when.is_empty() {
        out.push_str(&format!("When you see it: {}\n", x.when));
    }
    if !x.fixes.is_empty() {
        out.push_str("How to fix it:\n");
        for (i, f) in x.fixes.iter().enumerate() {
            out.push_str(&format!("  {}. {f}\n", i + 1));
        }
    }
    out.push_str(&format!("Retry: {}\n", x.retry.describe()));
    for n in &x.notes {
        out.push_str(&format!("Note: {n}\n"));
    }
    if !x.references.is_empty() {
        out.push_str(&format!("References: {}\n", x.references.join("; ")));
    }
    out
}

pub fn run(args: &ExplainArgs) -> u8 {
    let text = match &args.reply {
        Some(t) if t != "-" => t.clone(),
        _ => {
            let mut s = String::new();
            if let Err(e) = std::io::stdin().read_to_string(&mut s) {
                eprintln!("smtp-lens: cannot read the reply from standard input: {e}");
                return ExitCode::BadArguments as u8;
            }
            s
        }
    };
    let context = match &args.context {
        Some(c) => match parse_context(c) {
            Some(ctx) => Some(ctx),
            None => {
                eprintln!(
                    "smtp-lens: unknown context \"{c}\"; use greeting, ehlo, starttls, auth, mail, rcpt, data or end-of-data"
                );
                return ExitCode::BadArguments as u8;
            }
        },
        None => None,
    };
    let reply = match parse_pasted(&text) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("smtp-lens: {e}");
            return ExitCode::BadArguments as u8;
        }
    };
    let x = knowledge::explain(&reply, context);
    let text = if args.json {
        match serde_json::to_string_pretty(&x) {
            Ok(json) => json + "\n",
            Err(e) => {
                eprintln!("smtp-lens: {e}");
                return ExitCode::Internal as u8;
            }
        }
    } else {
        let color = match args.color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => {
                use std::io::IsTerminal;
                std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        };
        render(&x, &reply, color)
    };
    match write_out(&text) {
        Ok(()) => ExitCode::Success as u8,
        Err(e) => {
            eprintln!("smtp-lens: cannot write the explanation: {e}");
            ExitCode::Internal as u8
        }
    }
}

/// Writes to a locked standard output. A reader that stops early (`| head -1`) closes the pipe:
/// that is not a failure, so a broken pipe counts as written.
fn write_out(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_replies_parse_whatever_their_separators() {
        let cases: &[(&str, u16, usize)] = &[
            ("550 5.1.1 User unknown", 550, 1),
            ("550-5.1.1 first\n550-5.1.1 second\n550 5.1.1 third", 550, 3),
            ("550 5.1.1 first\n550 5.1.1 second", 550, 2),
            ("  421 4.7.0 [TSS04] try later  \n", 421, 1),
            ("554 5.7.1 wrapped\n   continuation text", 554, 1),
        ];
        for (text, code, lines) in cases {
            let r = parse_pasted(text).unwrap();
            assert_eq!((r.code, r.lines.len()), (*code, *lines), "{text}");
        }
        assert_eq!(parse_pasted(""), Err(knowledge::PastedReplyError::Empty));
        assert_eq!(
            parse_pasted("hello world"),
            Err(knowledge::PastedReplyError::NotAReply(String::from(
                "hello world"
            )))
        );
    }
}
