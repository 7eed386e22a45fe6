//! The command encoder fed arbitrary values, and the DATA and BDAT encoders fed arbitrary
//! messages.
//!
//! A command is either a typed error or one line: its verb first, CRLF at the end and no other
//! CR, LF or NUL anywhere, at most 512 octets (RFC 5321 4.5.3.1.4; AUTH lines 12288, RFC 4954 4),
//! with the addresses and parameters exactly as given. The message data, undone (terminator
//! removed, dot-stuffing reversed), is the message with its line endings made CRLF, and BDAT's
//! chunks put together are the same bytes.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use smtp_lens_fuzz::proto::command::{
    self, Command, MAX_AUTH_LINE, MAX_COMMAND_LINE, MAX_TEXT_LINE,
};

#[derive(Debug, Arbitrary)]
enum Input {
    Ehlo(String),
    Helo(String),
    StartTls,
    Auth(String, Option<String>),
    AuthResponse(String),
    MailFrom(String, Vec<(String, Option<String>)>),
    RcptTo(String, Vec<(String, Option<String>)>),
    Data,
    Bdat(usize, bool),
    Quit,
}

#[derive(Debug, Arbitrary)]
struct Case {
    input: Input,
    smtputf8: bool,
    message: Vec<u8>,
    chunk: u16,
}

fn command(input: Input) -> Command {
    match input {
        Input::Ehlo(name) => Command::Ehlo(name),
        Input::Helo(name) => Command::Helo(name),
        Input::StartTls => Command::StartTls,
        Input::Auth(mechanism, initial_response) => Command::Auth {
            mechanism,
            initial_response,
        },
        Input::AuthResponse(text) => Command::AuthResponse(text),
        Input::MailFrom(reverse_path, params) => Command::MailFrom {
            reverse_path,
            params,
        },
        Input::RcptTo(forward_path, params) => Command::RcptTo {
            forward_path,
            params,
        },
        Input::Data => Command::Data,
        Input::Bdat(size, last) => Command::Bdat { size, last },
        Input::Quit => Command::Quit,
    }
}

fn check_command(cmd: &Command, smtputf8: bool) {
    let Ok(line) = cmd.encode(smtputf8) else {
        return;
    };
    let (body, ending) = line.split_at(line.len() - 2);
    assert_eq!(ending, b"\r\n");
    assert!(
        !body.iter().any(|b| matches!(b, b'\r' | b'\n' | b'\0')),
        "CR, LF or NUL inside {line:?}"
    );
    let limit = match cmd {
        Command::Auth { .. } | Command::AuthResponse(_) => MAX_AUTH_LINE,
        _ => MAX_COMMAND_LINE,
    };
    assert!(line.len() <= limit, "{} octets", line.len());
    assert!(body.starts_with(cmd.verb().as_bytes()));
    let text = std::str::from_utf8(body).expect("encoded from strings");
    let path = match cmd {
        Command::MailFrom { reverse_path, .. } => Some(("MAIL FROM:<", reverse_path)),
        Command::RcptTo { forward_path, .. } => Some(("RCPT TO:<", forward_path)),
        _ => None,
    };
    if let Some((prefix, path)) = path {
        // Without SMTPUTF8 the address goes in the form it can be sent in (RFC 5891 A-labels).
        let expected = if smtputf8 {
            path.clone()
        } else {
            command::ascii_form(path).into_owned()
        };
        let after = text.strip_prefix(prefix).expect("the verb and its colon");
        let sent = after.get(..expected.len()).expect("the path whole");
        assert_eq!(sent, expected);
        assert_eq!(after.as_bytes().get(expected.len()), Some(&b'>'));
        if !smtputf8 {
            // RFC 6531 3.4: without SMTPUTF8 the envelope is ASCII.
            assert!(text.is_ascii(), "non-ASCII without SMTPUTF8: {text:?}");
        }
    }
}

fn check_data(message: &[u8], chunk: usize) {
    let normal = command::normalize_crlf(message);
    for (i, &b) in normal.iter().enumerate() {
        if b == b'\r' {
            assert_eq!(normal.get(i + 1), Some(&b'\n'));
        }
        if b == b'\n' {
            assert_eq!(i.checked_sub(1).and_then(|j| normal.get(j)), Some(&b'\r'));
        }
    }
    let mut joined = Vec::new();
    let chunks = command::bdat_chunks(message, chunk);
    let count = chunks.len();
    for (i, (cmd, bytes)) in chunks.into_iter().enumerate() {
        match cmd {
            Command::Bdat { size, last } => {
                assert_eq!(size, bytes.len());
                assert_eq!(last, i + 1 == count);
            }
            other => panic!("BDAT expected, got {other:?}"),
        }
        joined.extend_from_slice(&bytes);
    }
    assert_eq!(joined, normal);
    match command::encode_data(message) {
        Ok(data) => {
            let body = data.strip_suffix(b".\r\n").expect("the terminator");
            let mut undone = Vec::new();
            for line in body.split_inclusive(|&b| b == b'\n') {
                assert!(line.len() <= MAX_TEXT_LINE + 1, "{} octets", line.len());
                assert!(line.ends_with(b"\r\n"));
                // RFC 5321 4.5.2: a line starting with '.' was stuffed; no line is the
                // terminator itself.
                assert_ne!(line, b".\r\n");
                undone.extend_from_slice(line.strip_prefix(b".").unwrap_or(line));
            }
            assert_eq!(undone, normal);
        }
        Err(_) => assert!(
            normal
                .split_inclusive(|&b| b == b'\n')
                .any(|line| line.len() > MAX_TEXT_LINE)
        ),
    }
}

fuzz_target!(|case: Case| {
    let cmd = command(case.input);
    check_command(&cmd, case.smtputf8);
    check_data(&case.message, usize::from(case.chunk));
});
