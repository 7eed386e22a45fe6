//! Incremental parser for SMTP replies (RFC 5321 4.2) and their enhanced status codes
//! (RFC 2034, RFC 3463).
//!
//! It exists so that every byte the server sends is accounted for: each reply keeps its lines
//! exactly as received, line endings included, so the transcript can show what really arrived and
//! flag what was wrong with it (bare LF, invalid UTF-8).
//!
//! It must never perform IO, read a clock or buffer without bound: bytes come in through
//! [`ReplyParser::push`], and [`ReplyParser::next_reply`] checks the line and reply limits as soon
//! as the bytes that break them are seen.

use std::fmt;

/// The class of a reply, given by the first digit of its code (RFC 5321 4.2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReplyClass {
    /// 1yz: the command was accepted, but the server waits for confirmation.
    PositivePreliminary,
    /// 2yz: the requested action was completed.
    PositiveCompletion,
    /// 3yz: the command was accepted, the server waits for more (e.g. 354 after DATA).
    PositiveIntermediate,
    /// 4yz: not done, but trying again later may work.
    TransientNegative,
    /// 5yz: not done, and repeating the same command will not help.
    PermanentNegative,
}

impl ReplyClass {
    /// The class of a reply code, or `None` when the code is outside 100..=599.
    pub fn from_code(code: u16) -> Option<ReplyClass> {
        // RFC 5321 4.2.1: the first digit alone decides the class.
        match code {
            100..=199 => Some(ReplyClass::PositivePreliminary),
            200..=299 => Some(ReplyClass::PositiveCompletion),
            300..=399 => Some(ReplyClass::PositiveIntermediate),
            400..=499 => Some(ReplyClass::TransientNegative),
            500..=599 => Some(ReplyClass::PermanentNegative),
            _ => None,
        }
    }

    /// True for 1yz, 2yz and 3yz.
    pub fn is_positive(self) -> bool {
        matches!(
            self,
            ReplyClass::PositivePreliminary
                | ReplyClass::PositiveCompletion
                | ReplyClass::PositiveIntermediate
        )
    }
}

/// An enhanced status code such as `5.7.1` (RFC 3463 2, announced by RFC 2034).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct EnhancedCode {
    /// 2 (success), 4 (persistent transient failure) or 5 (permanent failure).
    pub class: u8,
    /// 0..=999.
    pub subject: u16,
    /// 0..=999.
    pub detail: u16,
}

impl fmt::Display for EnhancedCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.class, self.subject, self.detail)
    }
}

impl EnhancedCode {
    /// Reads an enhanced code at the start of a reply text.
    ///
    /// Accepts `5.7.1 text`, `#5.7.1 text`, `(#5.7.1) text`, `(5.7.1) text` and `5.7.1` alone.
    /// Returns the code and the number of bytes it took, including the `#`, the parentheses and
    /// the spaces after it, so `&text[n..]` is the text without the code.
    pub fn parse_prefix(text: &str) -> Option<(EnhancedCode, usize)> {
        let bytes = text.as_bytes();
        let mut at = 0;
        let parenthesised = bytes.first() == Some(&b'(');
        if parenthesised {
            at += 1;
        }
        if bytes.get(at) == Some(&b'#') {
            at += 1;
        }
        // RFC 3463 2: class = "2" / "4" / "5".
        let class = match bytes.get(at) {
            Some(&digit @ (b'2' | b'4' | b'5')) => digit - b'0',
            _ => return None,
        };
        at += 1;
        if bytes.get(at) != Some(&b'.') {
            return None;
        }
        at += 1;
        // RFC 3463 2: subject = 1*3digit.
        let (subject, used) = one_to_three_digits(bytes.get(at..)?)?;
        at += used;
        if bytes.get(at) != Some(&b'.') {
            return None;
        }
        at += 1;
        // RFC 3463 2: detail = 1*3digit.
        let (detail, used) = one_to_three_digits(bytes.get(at..)?)?;
        at += used;
        if parenthesised {
            if bytes.get(at) != Some(&b')') {
                return None;
            }
            at += 1;
        }
        // The code is a word of its own: "5.7.1a" is not a code.
        match bytes.get(at) {
            None | Some(b' ') => {}
            Some(_) => return None,
        }
        while bytes.get(at) == Some(&b' ') {
            at += 1;
        }
        Some((
            EnhancedCode {
                class,
                subject,
                detail,
            },
            at,
        ))
    }
}

/// A run of one to three ASCII digits at the start of `bytes`, and how many bytes it took.
fn one_to_three_digits(bytes: &[u8]) -> Option<(u16, usize)> {
    let count = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    if count == 0 || count > 3 {
        return None;
    }
    let value = bytes
        .iter()
        .take(count)
        .fold(0u16, |acc, b| acc * 10 + u16::from(b - b'0'));
    Some((value, count))
}

/// One line of a reply, as received.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReplyLine {
    /// The exact bytes received, including the line ending (CRLF or bare LF). Not serialized:
    /// the transcript line that carries this reply holds the same bytes.
    #[serde(skip, default)]
    pub raw: Vec<u8>,
    /// The text after `250-`, `250 ` or `250`, without the line ending, decoded lossily.
    pub text: String,
    /// The line ended with an LF not preceded by CR.
    pub bare_lf: bool,
    /// The text was not valid UTF-8; `text` shows it with replacement characters.
    pub invalid_utf8: bool,
}

/// A complete reply: one or more lines carrying the same code (RFC 5321 4.2.1).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Reply {
    pub code: u16,
    /// The enhanced status code of the first line that carries one (normally the first line).
    pub enhanced: Option<EnhancedCode>,
    pub lines: Vec<ReplyLine>,
}

impl Reply {
    /// The class of the reply code.
    ///
    /// The parser only produces codes in 100..=599. A hand-built reply with any other code is
    /// treated as a permanent failure, so that it can never be mistaken for success.
    pub fn class(&self) -> ReplyClass {
        ReplyClass::from_code(self.code).unwrap_or(ReplyClass::PermanentNegative)
    }

    /// The texts of all lines, joined with "\n".
    pub fn text(&self) -> String {
        let texts: Vec<&str> = self.lines.iter().map(|line| line.text.as_str()).collect();
        texts.join("\n")
    }

    /// The id the server gave the queued message in its reply to the end of the data, in the forms
    /// common servers use: Postfix `queued as 8C52C512547`, Exim `OK id=1tXyZa-000Abc-Q1`,
    /// Sendmail `5ABCDEF123 Message accepted for delivery`. `None` when the text has none.
    pub fn queue_id(&self) -> Option<String> {
        let text = self.text_without_enhanced();
        let words: Vec<&str> = text.split_whitespace().collect();
        let clean = |w: &str| {
            w.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '-' && c != '.')
                .to_string()
        };
        let lower: Vec<String> = words.iter().map(|w| w.to_ascii_lowercase()).collect();
        if let Some(i) = lower
            .windows(2)
            .position(|w| w[0] == "queued" && w[1] == "as")
        {
            return words.get(i + 2).map(|w| clean(w)).filter(|w| !w.is_empty());
        }
        if let Some(id) = words.iter().find_map(|w| w.strip_prefix("id=")) {
            return Some(clean(id)).filter(|w| !w.is_empty());
        }
        if lower.len() >= 3 && lower[1] == "message" && lower[2] == "accepted" {
            return Some(clean(words[0])).filter(|w| !w.is_empty());
        }
        None
    }

    /// Like [`Reply::text`], with the enhanced code at the start of each line removed.
    pub fn text_without_enhanced(&self) -> String {
        let texts: Vec<&str> = self
            .lines
            .iter()
            .map(|line| match EnhancedCode::parse_prefix(&line.text) {
                Some((_, used)) => line.text.get(used..).unwrap_or(&line.text),
                None => line.text.as_str(),
            })
            .collect();
        texts.join("\n")
    }

    /// All bytes of the reply, exactly as received.
    pub fn raw(&self) -> Vec<u8> {
        self.lines
            .iter()
            .flat_map(|line| line.raw.iter().copied())
            .collect()
    }

    /// True for 1yz, 2yz and 3yz replies.
    pub fn is_positive(&self) -> bool {
        self.class().is_positive()
    }

    /// True if any line ended with a bare LF (RFC 5321 2.3.8 requires CRLF).
    pub fn has_bare_lf(&self) -> bool {
        self.lines.iter().any(|line| line.bare_lf)
    }

    /// A one-line reply as a well-behaved server would send it: `CODE TEXT\r\n`.
    ///
    /// CR and LF inside `text` become spaces, so the raw bytes always hold exactly one line.
    pub fn synthetic(code: u16, text: &str) -> Reply {
        let text: String = text
            .chars()
            .map(|c| if c == '\r' || c == '\n' { ' ' } else { c })
            .collect();
        let mut raw = code.to_string().into_bytes();
        if !text.is_empty() {
            raw.push(b' ');
            raw.extend_from_slice(text.as_bytes());
        }
        raw.extend_from_slice(b"\r\n");
        let enhanced = EnhancedCode::parse_prefix(&text).map(|(code, _)| code);
        Reply {
            code,
            enhanced,
            lines: vec![ReplyLine {
                raw,
                text,
                bare_lf: false,
                invalid_utf8: false,
            }],
        }
    }
}

/// How much the parser accepts before it gives up on the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplyLimits {
    /// The longest reply line in bytes, line ending included. RFC 5321 4.5.3.1.5 sets 512 as the
    /// minimum a client must accept; real servers send longer lines, hence the larger default.
    pub max_line_len: usize,
    /// The most lines in one reply.
    pub max_lines: usize,
}

impl Default for ReplyLimits {
    fn default() -> Self {
        ReplyLimits {
            max_line_len: 4096,
            max_lines: 1000,
        }
    }
}

/// Why the bytes from the server are not a usable reply. After one of these the session ends.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, thiserror::Error)]
#[serde(rename_all = "kebab-case")]
pub enum ReplyError {
    #[error(
        "the server sent a reply line longer than {limit} bytes, which looks like a runaway or \
         non-SMTP peer (raise the line limit if this server is known to send such lines)"
    )]
    LineTooLong { limit: usize },
    #[error(
        "the server sent a reply of more than {limit} lines, which looks like a runaway peer \
         (raise the line count limit if this server is known to send such replies)"
    )]
    TooManyLines { limit: usize },
    #[error(
        "the server sent a line that is not an SMTP reply: \"{line}\"; a reply line starts with a \
         code from 100 to 599 followed by a space, a hyphen or the line end (check that the host \
         and port belong to an SMTP server and whether the port expects implicit TLS)"
    )]
    Malformed { line: String },
    #[error(
        "the server changed the reply code from {first} to {then} inside one multi-line reply, \
         which RFC 5321 4.2.1 forbids (this is a server bug to report to its operator)"
    )]
    CodeChanged { first: u16, then: u16 },
}

/// How many characters of a malformed line an error shows.
const SHOWN_CHARS: usize = 200;

/// A malformed line for an error message: lossy UTF-8, control characters escaped so they cannot
/// act on a terminal, cut after [`SHOWN_CHARS`] characters.
fn show_line(content: &[u8]) -> String {
    let lossy = String::from_utf8_lossy(content);
    let mut shown = String::new();
    for (i, c) in lossy.chars().enumerate() {
        if i == SHOWN_CHARS {
            shown.push('…');
            break;
        }
        if c.is_control() {
            shown.extend(c.escape_debug());
        } else {
            shown.push(c);
        }
    }
    shown
}

/// Splits a received line (ending in LF) into its content and whether the LF was bare.
fn split_ending(raw: &[u8]) -> (&[u8], bool) {
    // RFC 5321 2.3.8: lines end with CRLF; a bare LF is accepted here but flagged.
    match raw {
        [content @ .., b'\r', b'\n'] => (content, false),
        [content @ .., b'\n'] => (content, true),
        _ => (raw, false),
    }
}

/// The code of a reply line and whether another line follows (`-` after the code).
fn parse_code(content: &[u8]) -> Option<(u16, bool)> {
    // RFC 5321 4.2: Reply-code = %x32-35 %x30-35 %x30-39; the first digit is widened to 1-5
    // (RFC 5321 4.2.1 defines 1yz) and the second to 0-9, as real servers need.
    let (first, second, third) = match content {
        [a, b, c, ..] => (*a, *b, *c),
        _ => return None,
    };
    if !(b'1'..=b'5').contains(&first) || !second.is_ascii_digit() || !third.is_ascii_digit() {
        return None;
    }
    let code =
        u16::from(first - b'0') * 100 + u16::from(second - b'0') * 10 + u16::from(third - b'0');
    // RFC 5321 4.2.1: "250-" continues the reply; "250 " or "250" then the line end ends it.
    match content.get(3) {
        None | Some(b' ') => Some((code, false)),
        Some(b'-') => Some((code, true)),
        Some(_) => None,
    }
}

/// Turns received bytes into replies, one line at a time.
///
/// Call [`ReplyParser::next_reply`] after every [`ReplyParser::push`] (and again until it returns
/// `Ok(None)`): the limits are enforced there, so pushing without draining would buffer freely.
#[derive(Debug, Clone)]
pub struct ReplyParser {
    limits: ReplyLimits,
    /// Received bytes; `buf[start..]` is not yet part of any line.
    buf: Vec<u8>,
    start: usize,
    /// `buf[start..scanned]` is known to hold no LF, so it is not searched again.
    scanned: usize,
    /// The complete lines of the reply being assembled, and the code they carry.
    lines: Vec<ReplyLine>,
    code: Option<u16>,
    /// The raw bytes held in `lines`.
    lines_len: usize,
    /// The first error; the parser repeats it rather than guess where the next reply starts.
    failed: Option<ReplyError>,
}

impl ReplyParser {
    pub fn new(limits: ReplyLimits) -> Self {
        ReplyParser {
            limits,
            buf: Vec::new(),
            start: 0,
            scanned: 0,
            lines: Vec::new(),
            code: None,
            lines_len: 0,
            failed: None,
        }
    }

    /// Appends received bytes. Nothing is parsed until [`ReplyParser::next_reply`].
    pub fn push(&mut self, bytes: &[u8]) {
        if self.start > 0 {
            // Drop the bytes of lines already taken, once per push rather than once per line.
            self.buf.drain(..self.start);
            self.scanned = self.scanned.saturating_sub(self.start);
            self.start = 0;
        }
        self.buf.extend_from_slice(bytes);
    }

    /// The next complete reply, `Ok(None)` if more bytes are needed, or why the bytes are not
    /// a reply. Once an error is returned, every later call returns it again.
    pub fn next_reply(&mut self) -> Result<Option<Reply>, ReplyError> {
        if let Some(err) = &self.failed {
            return Err(err.clone());
        }
        let result = self.advance();
        if let Err(err) = &result {
            self.failed = Some(err.clone());
        }
        result
    }

    /// Bytes received but not yet returned in a reply: the lines of an unfinished multi-line
    /// reply and any partial line.
    pub fn buffered_len(&self) -> usize {
        self.lines_len + self.buf.len().saturating_sub(self.start)
    }

    /// Removes and returns the bytes counted by [`ReplyParser::buffered_len`], in the order they
    /// arrived, and forgets the unfinished reply. Used after "220 Ready to start TLS": anything
    /// buffered then was sent before the TLS handshake and must not be trusted (RFC 3207 4.2).
    pub fn take_buffered(&mut self) -> Vec<u8> {
        let mut taken = Vec::with_capacity(self.buffered_len());
        for line in self.lines.drain(..) {
            taken.extend_from_slice(&line.raw);
        }
        taken.extend_from_slice(self.buf.get(self.start..).unwrap_or(&[]));
        self.buf.clear();
        self.start = 0;
        self.scanned = 0;
        self.code = None;
        self.lines_len = 0;
        taken
    }

    fn advance(&mut self) -> Result<Option<Reply>, ReplyError> {
        while let Some(end) = self.find_line_end()? {
            let raw = self.buf.get(self.start..end).unwrap_or(&[]).to_vec();
            self.start = end;
            self.scanned = end;
            if self.start == self.buf.len() {
                // Everything received is consumed: reuse the buffer from its start.
                self.buf.clear();
                self.start = 0;
                self.scanned = 0;
            }
            if let Some(reply) = self.accept_line(raw)? {
                return Ok(Some(reply));
            }
        }
        Ok(None)
    }

    /// The index one past the LF ending the next line, if that line is complete.
    fn find_line_end(&mut self) -> Result<Option<usize>, ReplyError> {
        let limit = self.limits.max_line_len;
        // A line within the limit has its LF before `start + limit`; look no further than that.
        let window_end = self.buf.len().min(self.start.saturating_add(limit));
        let from = self.scanned.max(self.start);
        if let Some(offset) = self
            .buf
            .get(from..window_end)
            .and_then(|window| window.iter().position(|&b| b == b'\n'))
        {
            return Ok(Some(from + offset + 1));
        }
        self.scanned = window_end.max(from);
        let unterminated = self.buf.len().saturating_sub(self.start);
        if unterminated > 0 && unterminated >= limit {
            // Even if the LF came next, the line would be longer than the limit.
            return Err(ReplyError::LineTooLong { limit });
        }
        Ok(None)
    }

    /// Adds one complete line to the reply being assembled; returns the reply if it ended.
    fn accept_line(&mut self, raw: Vec<u8>) -> Result<Option<Reply>, ReplyError> {
        let (content, bare_lf) = split_ending(&raw);
        let Some((code, more)) = parse_code(content) else {
            return Err(ReplyError::Malformed {
                line: show_line(content),
            });
        };
        if let Some(first) = self.code
            && first != code
        {
            // RFC 5321 4.2.1: every line of a multi-line reply carries the same code.
            return Err(ReplyError::CodeChanged { first, then: code });
        }
        let count = self.lines.len() + 1;
        let limit = self.limits.max_lines;
        if count > limit || (more && count >= limit) {
            return Err(ReplyError::TooManyLines { limit });
        }
        let text_bytes = content.get(4..).unwrap_or(&[]);
        let (text, invalid_utf8) = match std::str::from_utf8(text_bytes) {
            Ok(text) => (text.to_owned(), false),
            Err(_) => (String::from_utf8_lossy(text_bytes).into_owned(), true),
        };
        self.lines_len += raw.len();
        self.lines.push(ReplyLine {
            raw,
            text,
            bare_lf,
            invalid_utf8,
        });
        if more {
            self.code = Some(code);
            return Ok(None);
        }
        let lines = std::mem::take(&mut self.lines);
        self.code = None;
        self.lines_len = 0;
        // RFC 2034 4: the enhanced code follows the reply code on each line; the first one wins.
        let enhanced = lines
            .iter()
            .find_map(|line| EnhancedCode::parse_prefix(&line.text).map(|(code, _)| code));
        Ok(Some(Reply {
            code,
            enhanced,
            lines,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What one parsed line must look like: text, bare LF, invalid UTF-8.
    type WantLine = (&'static str, bool, bool);

    /// What one parsed reply must look like.
    struct WantReply {
        code: u16,
        enhanced: Option<&'static str>,
        lines: &'static [WantLine],
    }

    const fn want(
        code: u16,
        enhanced: Option<&'static str>,
        lines: &'static [WantLine],
    ) -> WantReply {
        WantReply {
            code,
            enhanced,
            lines,
        }
    }

    /// Pushes `chunks` one after the other, draining after each, and returns the replies and
    /// what stayed buffered.
    fn run(chunks: &[&[u8]], limits: ReplyLimits) -> (Vec<Reply>, Result<(), ReplyError>, Vec<u8>) {
        let mut parser = ReplyParser::new(limits);
        let mut replies = Vec::new();
        for chunk in chunks {
            parser.push(chunk);
            loop {
                match parser.next_reply() {
                    Ok(Some(reply)) => replies.push(reply),
                    Ok(None) => break,
                    Err(err) => return (replies, Err(err), Vec::new()),
                }
            }
        }
        assert_eq!(parser.buffered_len(), parser.clone().take_buffered().len());
        let rest = parser.take_buffered();
        assert_eq!(parser.buffered_len(), 0);
        (replies, Ok(()), rest)
    }

    fn one_byte_chunks(input: &[u8]) -> Vec<&[u8]> {
        input.chunks(1).collect()
    }

    fn assert_replies(name: &str, input: &[u8], got: &[Reply], want: &[WantReply]) {
        assert_eq!(got.len(), want.len(), "{name}: number of replies");
        let mut consumed = 0;
        for (reply, want) in got.iter().zip(want) {
            assert_eq!(reply.code, want.code, "{name}: code");
            assert_eq!(
                reply.enhanced.map(|code| code.to_string()).as_deref(),
                want.enhanced,
                "{name}: enhanced code"
            );
            let lines: Vec<(&str, bool, bool)> = reply
                .lines
                .iter()
                .map(|line| (line.text.as_str(), line.bare_lf, line.invalid_utf8))
                .collect();
            assert_eq!(lines, want.lines, "{name}: lines");
            let raw = reply.raw();
            assert_eq!(
                input.get(consumed..consumed + raw.len()),
                Some(raw.as_slice()),
                "{name}: raw bytes must be exactly the input"
            );
            consumed += raw.len();
        }
    }

    /// Parses each input in one push and in one-byte pushes; both must give the same replies and
    /// leave the same bytes buffered.
    /// A named input, the replies it must give and the bytes it must leave buffered.
    type ReplyCase<'a> = (&'a str, &'a [u8], &'a [WantReply], &'a [u8]);

    fn check_replies(cases: &[ReplyCase<'_>]) {
        for &(name, input, want, rest) in cases {
            let (whole, result, whole_rest) = run(&[input], ReplyLimits::default());
            assert_eq!(result, Ok(()), "{name}: error in one push");
            assert_replies(name, input, &whole, want);
            assert_eq!(whole_rest, rest, "{name}: buffered rest");

            let (split, result, split_rest) = run(&one_byte_chunks(input), ReplyLimits::default());
            assert_eq!(result, Ok(()), "{name}: error in one-byte pushes");
            assert_eq!(split, whole, "{name}: one-byte pushes differ from one push");
            assert_eq!(split_rest, rest, "{name}: buffered rest in one-byte pushes");
        }
    }

    #[test]
    fn parses_replies() {
        const NONE: &[u8] = b"";
        let cases: &[ReplyCase<'_>] = &[
            (
                "single line",
                b"220 mail.example.test ESMTP ready\r\n",
                &[want(
                    220,
                    None,
                    &[("mail.example.test ESMTP ready", false, false)],
                )],
                NONE,
            ),
            (
                "multi-line",
                b"250-mail.example.test\r\n250-PIPELINING\r\n250 SIZE 10240000\r\n",
                &[want(
                    250,
                    None,
                    &[
                        ("mail.example.test", false, false),
                        ("PIPELINING", false, false),
                        ("SIZE 10240000", false, false),
                    ],
                )],
                NONE,
            ),
            (
                "bare code with CRLF",
                b"250\r\n",
                &[want(250, None, &[("", false, false)])],
                NONE,
            ),
            (
                "bare code with LF",
                b"250\n",
                &[want(250, None, &[("", true, false)])],
                NONE,
            ),
            (
                "empty continuation",
                b"250-\r\n250 done\r\n",
                &[want(
                    250,
                    None,
                    &[("", false, false), ("done", false, false)],
                )],
                NONE,
            ),
            (
                "enhanced code",
                b"550 5.7.1 Relaying denied\r\n",
                &[want(
                    550,
                    Some("5.7.1"),
                    &[("5.7.1 Relaying denied", false, false)],
                )],
                NONE,
            ),
            (
                "enhanced code with hash",
                b"550 #5.7.1 Relaying denied\r\n",
                &[want(
                    550,
                    Some("5.7.1"),
                    &[("#5.7.1 Relaying denied", false, false)],
                )],
                NONE,
            ),
            (
                "enhanced code in parentheses",
                b"554 (#5.7.1) Rejected\r\n",
                &[want(
                    554,
                    Some("5.7.1"),
                    &[("(#5.7.1) Rejected", false, false)],
                )],
                NONE,
            ),
            (
                "not an enhanced code: letter after it",
                b"550 5.7.1a Rejected\r\n",
                &[want(550, None, &[("5.7.1a Rejected", false, false)])],
                NONE,
            ),
            (
                "not an enhanced code: class 1",
                b"550 1.2.3 Rejected\r\n",
                &[want(550, None, &[("1.2.3 Rejected", false, false)])],
                NONE,
            ),
            (
                "enhanced code from a later line when the first has none",
                b"421-Too busy\r\n421 4.3.2 Try later\r\n",
                &[want(
                    421,
                    Some("4.3.2"),
                    &[
                        ("Too busy", false, false),
                        ("4.3.2 Try later", false, false),
                    ],
                )],
                NONE,
            ),
            (
                "first line's enhanced code wins",
                b"550-5.7.1 Denied\r\n550 5.7.26 DMARC\r\n",
                &[want(
                    550,
                    Some("5.7.1"),
                    &[
                        ("5.7.1 Denied", false, false),
                        ("5.7.26 DMARC", false, false),
                    ],
                )],
                NONE,
            ),
            (
                "invalid UTF-8",
                b"250 ok \xff\xfe done\r\n",
                &[want(
                    250,
                    None,
                    &[("ok \u{fffd}\u{fffd} done", false, true)],
                )],
                NONE,
            ),
            (
                "bare LF on one line only",
                b"250-first\n250 second\r\n",
                &[want(
                    250,
                    None,
                    &[("first", true, false), ("second", false, false)],
                )],
                NONE,
            ),
            (
                "lone CR inside a line is text",
                b"250 a\rb\r\r\n",
                &[want(250, None, &[("a\rb\r", false, false)])],
                NONE,
            ),
            (
                "two pipelined replies",
                b"250 2.1.0 Sender ok\r\n250 2.1.5 Recipient ok\r\n",
                &[
                    want(250, Some("2.1.0"), &[("2.1.0 Sender ok", false, false)]),
                    want(250, Some("2.1.5"), &[("2.1.5 Recipient ok", false, false)]),
                ],
                NONE,
            ),
            (
                "extra bytes after a complete reply stay buffered",
                b"220 2.0.0 Ready to start TLS\r\n250-injected\r\n250 PIPE",
                &[want(
                    220,
                    Some("2.0.0"),
                    &[("2.0.0 Ready to start TLS", false, false)],
                )],
                b"250-injected\r\n250 PIPE",
            ),
            (
                "nothing complete yet",
                b"220 mail.exa",
                &[],
                b"220 mail.exa",
            ),
        ];
        check_replies(cases);
    }

    /// Parses each input in one push and in one-byte pushes; both must stop with `want`.
    fn check_errors(cases: &[(&str, ReplyLimits, Vec<u8>, usize, ReplyError)]) {
        for (name, limits, input, replies_before, want) in cases {
            for (how, chunks) in [
                ("one push", vec![input.as_slice()]),
                ("one-byte pushes", one_byte_chunks(input)),
            ] {
                let (replies, result, _) = run(&chunks, *limits);
                assert_eq!(result, Err(want.clone()), "{name}: {how}");
                assert_eq!(
                    replies.len(),
                    *replies_before,
                    "{name}: {how}: replies before"
                );
            }
        }
    }

    fn long_line(text_len: usize, ending: &[u8]) -> Vec<u8> {
        let mut line = b"250 ".to_vec();
        line.extend(std::iter::repeat_n(b'a', text_len));
        line.extend_from_slice(ending);
        line
    }

    #[test]
    fn rejects_bad_input() {
        let default = ReplyLimits::default();
        let small = ReplyLimits {
            max_line_len: 16,
            max_lines: 3,
        };
        let malformed = |line: &str| ReplyError::Malformed {
            line: line.to_owned(),
        };
        let cases = vec![
            (
                "partial line over the limit",
                default,
                long_line(5000, b""),
                0,
                ReplyError::LineTooLong { limit: 4096 },
            ),
            (
                "complete line over the limit",
                default,
                long_line(5000, b"\r\n"),
                0,
                ReplyError::LineTooLong { limit: 4096 },
            ),
            (
                "line one byte over the limit, after a good reply",
                small,
                [b"250 ok\r\n".as_slice(), b"250 abcdefghijk\r\n"].concat(),
                1,
                ReplyError::LineTooLong { limit: 16 },
            ),
            (
                "too many lines",
                small,
                b"250-a\r\n250-b\r\n250-c\r\n250 d\r\n".to_vec(),
                0,
                ReplyError::TooManyLines { limit: 3 },
            ),
            (
                "malformed: word",
                default,
                b"hello\r\n".to_vec(),
                0,
                malformed("hello"),
            ),
            (
                "malformed: short code",
                default,
                b"25\r\n".to_vec(),
                0,
                malformed("25"),
            ),
            (
                "malformed: four digits",
                default,
                b"2500 x\r\n".to_vec(),
                0,
                malformed("2500 x"),
            ),
            (
                "malformed: code 600",
                default,
                b"600 x\r\n".to_vec(),
                0,
                malformed("600 x"),
            ),
            (
                "malformed: code 099",
                default,
                b"099 x\r\n".to_vec(),
                0,
                malformed("099 x"),
            ),
            (
                "malformed: empty line",
                default,
                b"\r\n".to_vec(),
                0,
                malformed(""),
            ),
            (
                "malformed: control characters escaped",
                default,
                b"\x1b[31mred\r\n".to_vec(),
                0,
                malformed("\\u{1b}[31mred"),
            ),
            (
                "malformed after a good reply",
                default,
                b"220 hi\r\nHTTP/1.1 400 Bad Request\r\n".to_vec(),
                1,
                malformed("HTTP/1.1 400 Bad Request"),
            ),
            (
                "code changed",
                default,
                b"250-first\r\n251 second\r\n".to_vec(),
                0,
                ReplyError::CodeChanged {
                    first: 250,
                    then: 251,
                },
            ),
        ];
        check_errors(&cases);
    }

    #[test]
    fn line_exactly_at_the_limit_is_accepted() {
        let limits = ReplyLimits {
            max_line_len: 16,
            max_lines: 3,
        };
        let input = b"250 abcdefghij\r\n";
        assert_eq!(input.len(), 16);
        let (replies, result, rest) = run(&one_byte_chunks(input), limits);
        assert_eq!(result, Ok(()));
        assert_eq!(replies.len(), 1);
        assert_eq!(replies[0].text(), "abcdefghij");
        assert!(rest.is_empty());
        let (replies, result, _) = run(&[b"250-a\r\n250-b\r\n250 c\r\n"], limits);
        assert_eq!(result, Ok(()));
        assert_eq!(replies[0].lines.len(), 3);
    }

    #[test]
    fn malformed_line_is_cut_to_200_characters() {
        let input = [vec![b'x'; 300], b"\r\n".to_vec()].concat();
        let (_, result, _) = run(&[&input], ReplyLimits::default());
        let want = format!("{}…", "x".repeat(200));
        assert_eq!(result, Err(ReplyError::Malformed { line: want }));
    }

    #[test]
    fn error_is_repeated_after_failure() {
        let mut parser = ReplyParser::new(ReplyLimits::default());
        parser.push(b"hello\r\n250 ok\r\n");
        let first = parser.next_reply();
        assert_eq!(
            first,
            Err(ReplyError::Malformed {
                line: "hello".into()
            })
        );
        assert_eq!(parser.next_reply(), first);
    }

    #[test]
    fn buffered_counts_unfinished_reply_and_partial_line() {
        let mut parser = ReplyParser::new(ReplyLimits::default());
        parser.push(b"250 done\r\n250-one\r\n250-two\r\n250 thr");
        assert_eq!(
            parser.next_reply().map(|r| r.map(|r| r.text())),
            Ok(Some("done".into()))
        );
        assert_eq!(parser.next_reply(), Ok(None));
        assert_eq!(parser.buffered_len(), 25);
        assert_eq!(parser.take_buffered(), b"250-one\r\n250-two\r\n250 thr");
        assert_eq!(parser.buffered_len(), 0);
        // The parser starts afresh: the lines taken are not part of the next reply.
        parser.push(b"220 2.0.0 go\r\n");
        let reply = parser.next_reply();
        assert_eq!(reply.map(|r| r.map(|r| r.lines.len())), Ok(Some(1)));
    }

    #[test]
    fn parses_enhanced_prefixes() {
        let code = |class, subject, detail| EnhancedCode {
            class,
            subject,
            detail,
        };
        let cases: &[(&str, Option<(EnhancedCode, usize)>)] = &[
            ("5.7.1 text", Some((code(5, 7, 1), 6))),
            ("#5.7.1 text", Some((code(5, 7, 1), 7))),
            ("(#5.7.1) text", Some((code(5, 7, 1), 9))),
            ("(5.7.1) text", Some((code(5, 7, 1), 8))),
            ("5.7.1", Some((code(5, 7, 1), 5))),
            ("#5.7.1", Some((code(5, 7, 1), 6))),
            ("2.0.0   spaced", Some((code(2, 0, 0), 8))),
            ("4.123.456 x", Some((code(4, 123, 456), 10))),
            ("5.7.1a", None),
            ("1.2.3 x", None),
            ("3.0.0 x", None),
            ("5.1000.1 x", None),
            ("5.1.1000 x", None),
            ("5.7", None),
            ("5..1 x", None),
            ("55.7.1 x", None),
            ("(#5.7.1 x", None),
            ("#(5.7.1) x", None),
            ("5.7.1\tx", None),
            (" 5.7.1 x", None),
            ("", None),
            ("Relaying denied", None),
        ];
        for &(text, want) in cases {
            assert_eq!(EnhancedCode::parse_prefix(text), want, "{text:?}");
        }
        assert_eq!(code(5, 7, 26).to_string(), "5.7.26");
    }

    #[test]
    fn classes() {
        let cases: &[(u16, Option<ReplyClass>, &str, bool)] = &[
            (
                100,
                Some(ReplyClass::PositivePreliminary),
                "positive preliminary",
                true,
            ),
            (
                250,
                Some(ReplyClass::PositiveCompletion),
                "positive completion",
                true,
            ),
            (
                354,
                Some(ReplyClass::PositiveIntermediate),
                "positive intermediate",
                true,
            ),
            (
                421,
                Some(ReplyClass::TransientNegative),
                "transient negative",
                false,
            ),
            (
                599,
                Some(ReplyClass::PermanentNegative),
                "permanent negative",
                false,
            ),
        ];
        for &(code, class, label, positive) in cases {
            assert_eq!(ReplyClass::from_code(code), class, "{code}");
            let class = class.unwrap_or(ReplyClass::PositiveCompletion);
            assert!(
                !label.is_empty(),
                "{code}: the class is worded in present's tests"
            );
            assert_eq!(class.is_positive(), positive, "{code}");
            let reply = Reply::synthetic(code, "x");
            assert_eq!(reply.class(), class, "{code}");
            assert_eq!(reply.is_positive(), positive, "{code}");
        }
        for code in [0, 99, 600, 999, u16::MAX] {
            assert_eq!(ReplyClass::from_code(code), None, "{code}");
            assert_eq!(
                Reply::synthetic(code, "x").class(),
                ReplyClass::PermanentNegative
            );
        }
    }

    #[test]
    fn reply_helpers() {
        let mut parser = ReplyParser::new(ReplyLimits::default());
        parser.push(b"550-5.7.1 Message rejected\r\n550-#5.7.1 see the policy\n550 plain end\r\n");
        let Ok(Some(reply)) = parser.next_reply() else {
            panic!("a reply was expected");
        };
        assert_eq!(
            reply.text(),
            "5.7.1 Message rejected\n#5.7.1 see the policy\nplain end"
        );
        assert_eq!(
            reply.text_without_enhanced(),
            "Message rejected\nsee the policy\nplain end"
        );
        assert!(reply.has_bare_lf());
        assert!(!reply.is_positive());
        assert_eq!(reply.class(), ReplyClass::PermanentNegative);
    }

    #[test]
    fn synthetic_replies() {
        let reply = Reply::synthetic(250, "2.0.0 Ok: queued");
        assert_eq!(reply.raw(), b"250 2.0.0 Ok: queued\r\n");
        assert_eq!(
            reply.enhanced.map(|c| c.to_string()).as_deref(),
            Some("2.0.0")
        );
        assert!(!reply.has_bare_lf());
        assert_eq!(reply.text_without_enhanced(), "Ok: queued");

        assert_eq!(Reply::synthetic(250, "").raw(), b"250\r\n");
        let broken = Reply::synthetic(554, "no\r\nway");
        assert_eq!(broken.raw(), b"554 no  way\r\n");
        assert_eq!(broken.text(), "no  way");

        // The raw bytes parse back to the same reply.
        let mut parser = ReplyParser::new(ReplyLimits::default());
        let reply = Reply::synthetic(451, "4.3.0 Try again later");
        parser.push(&reply.raw());
        assert_eq!(parser.next_reply(), Ok(Some(reply)));
    }

    #[test]
    fn serializes_to_json() {
        let reply = Reply::synthetic(250, "2.1.5 Ok");
        let json = serde_json::to_value(&reply).unwrap_or_default();
        assert_eq!(json["code"], 250);
        assert_eq!(json["enhanced"]["class"], 2);
        assert_eq!(json["enhanced"]["subject"], 1);
        assert_eq!(json["enhanced"]["detail"], 5);
        assert_eq!(json["lines"][0]["text"], "2.1.5 Ok");
        assert_eq!(json["lines"][0]["bare_lf"], false);
        let class = serde_json::to_value(ReplyClass::TransientNegative).unwrap_or_default();
        assert_eq!(class, "transient-negative");
    }

    #[test]
    fn error_messages() {
        let cases = [
            (
                ReplyError::LineTooLong { limit: 4096 },
                "longer than 4096 bytes",
            ),
            (ReplyError::TooManyLines { limit: 3 }, "more than 3 lines"),
            (
                ReplyError::Malformed {
                    line: "hello".into(),
                },
                "not an SMTP reply: \"hello\"",
            ),
            (
                ReplyError::CodeChanged {
                    first: 250,
                    then: 251,
                },
                "from 250 to 251",
            ),
        ];
        for (err, part) in cases {
            let text = err.to_string();
            assert!(text.contains(part), "{text}");
            assert!(!text.ends_with('.'), "{text}");
            assert!(text.contains('('), "the message names a fix: {text}");
        }
    }
    #[test]
    fn queue_ids_are_read_from_common_servers_final_replies() {
        let id = |text: &str| {
            let mut p = ReplyParser::new(ReplyLimits::default());
            p.push(text.as_bytes());
            p.next_reply()
                .expect("parses")
                .expect("complete")
                .queue_id()
        };
        assert_eq!(
            id("250 2.0.0 Ok: queued as 8C52C512547\r\n").as_deref(),
            Some("8C52C512547")
        );
        assert_eq!(
            id("250 OK id=1tXyZa-000Abc-Q1\r\n").as_deref(),
            Some("1tXyZa-000Abc-Q1")
        );
        assert_eq!(
            id("250 2.0.0 5ABCDEF123 Message accepted for delivery\r\n").as_deref(),
            Some("5ABCDEF123")
        );
        assert_eq!(id("250 OK\r\n"), None);
    }
}
