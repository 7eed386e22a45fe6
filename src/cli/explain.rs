//! `smtp-lens explain`: what a reply means and what to do about it, for a reply pasted from a
//! log, a bounce or a ticket. Reads the reply from the argument or, for multi-line replies, from
//! standard input.

use std::io::{Read, Write};

use super::{ColorArg, ExitCode, ExplainArgs};
use crate::knowledge::{self, Explanation, parse_pasted};
use crate::present;
use crate::proto::Reply;
use crate::proto::session::ReplyContext;

/// Renders an explanation for a terminal: the reply coloured by its class, then the labelled
/// parts from `present`.
pub fn render(x: &Explanation, reply: &Reply, color: bool) -> String {
    let (on, off) = if color {
        (super::check::class_colour(x.class), "\x1b[0m")
    } else {
        ("", "")
    };
    let w = present::explain::reply(x);
    let mut out = format!("{on}{}{off}\n", present::reply_line(reply));
    // The class in its colour with the title, then the codes, context and provider; the labelled
    // parts follow (the plain head line is replaced by these two).
    out.push_str(&format!("{on}{}{off}: {}\n", w.class, w.title));
    out.push_str(&format!("  {}\n", w.codes));
    for line in present::explain::lines(&w, "", "").into_iter().skip(1) {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

pub fn run(args: &ExplainArgs) -> u8 {
    let text = match &args.reply {
        Some(t) if t != "-" => t.clone(),
        _ => {
            let mut s = String::new();
            if let Err(e) = std::io::stdin().read_to_string(&mut s) {
                eprintln!(
                    "smtp-lens: {}",
                    present::t!("cli-cannot-read-stdin", error = e.to_string())
                );
                return ExitCode::BadArguments as u8;
            }
            s
        }
    };
    let context = match &args.context {
        Some(c) => match ReplyContext::parse(c) {
            Some(ctx) => Some(ctx),
            None => {
                eprintln!(
                    "smtp-lens: {}",
                    present::t!("cli-unknown-context", context = c.as_str())
                );
                return ExitCode::BadArguments as u8;
            }
        },
        None => None,
    };
    let reply = match parse_pasted(&text) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("smtp-lens: {}", present::errors::pasted_reply_error(&e));
            return ExitCode::BadArguments as u8;
        }
    };
    let x = knowledge::explain(&reply, context);
    let text = if args.json {
        // The typed explanation (its cause id, codes, the data's text) with the words a person
        // reads beside it, in the current language.
        #[derive(serde::Serialize)]
        struct Explained<'a> {
            #[serde(flatten)]
            explanation: &'a Explanation,
            words: present::explain::Words,
        }
        let explained = Explained {
            explanation: &x,
            words: present::explain::reply(&x),
        };
        match serde_json::to_string_pretty(&explained) {
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
            eprintln!(
                "smtp-lens: {}",
                present::t!("cli-cannot-write-explanation", error = e.to_string())
            );
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
