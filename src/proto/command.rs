//! SMTP commands encoded from typed values, and the message data encoded for DATA and BDAT.
//!
//! Every user-supplied value is checked before a byte is produced: a CR, LF or NUL in a host,
//! HELO name, address, parameter or AUTH user would let one value smuggle in a second command
//! (command injection), so it is refused with an error naming the field. The size limits of
//! RFC 5321 4.5.3.1 are checked the same way. This module never sends anything itself.

use serde::{Deserialize, Serialize};

/// RFC 5321 4.5.3.1.4: a command line, CRLF included.
pub const MAX_COMMAND_LINE: usize = 512;
/// RFC 5321 4.5.3.1.6: a text line, CRLF included.
pub const MAX_TEXT_LINE: usize = 1000;
/// RFC 4954 4: AUTH lines may be longer than 512 octets; servers accept at least 12288.
pub const MAX_AUTH_LINE: usize = 12288;

/// The user-supplied value a problem is in. `Display` gives its English name for error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "kebab-case")]
pub enum Field {
    #[error("server")]
    Server,
    #[error("HELO name")]
    HeloName,
    #[error("sender address")]
    Sender,
    #[error("recipient address")]
    Recipient,
    #[error("AUTH user")]
    AuthUser,
    #[error("AUTH mechanism")]
    AuthMechanism,
    #[error("AUTH initial response")]
    AuthInitialResponse,
    #[error("AUTH response")]
    AuthResponse,
    #[error("parameter name")]
    ParameterName,
    #[error("parameter value")]
    ParameterValue,
    #[error("header")]
    Header,
}

/// The length rule a value breaks (RFC 5321 4.5.3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "kebab-case")]
pub enum LengthRule {
    /// RFC 5321 4.5.3.1.1: a local part is at most 64 octets.
    #[error("RFC 5321 4.5.3.1.1, the local part")]
    LocalPart,
    /// RFC 5321 4.5.3.1.2: a domain is at most 255 octets.
    #[error("RFC 5321 4.5.3.1.2")]
    Domain,
    /// RFC 5321 4.5.3.1.3: a path, angle brackets included, is at most 256 octets.
    #[error("RFC 5321 4.5.3.1.3, the path with its <>")]
    Path,
}

/// Why an address, domain, keyword or parameter is not valid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "kebab-case")]
pub enum Malformed {
    #[error("an address literal must end with ']'")]
    UnclosedLiteral,
    #[error("[{0}] is not an IPv4 address or IPv6:address")]
    BadLiteral(String),
    #[error("it has an empty label (two dots in a row, or a leading dot)")]
    EmptyLabel,
    #[error("the label \"{0}\" is longer than 63 octets")]
    LongLabel(String),
    #[error("the label \"{0}\" starts or ends with '-'")]
    HyphenLabel(String),
    #[error("'{0}' is not allowed in a domain")]
    DomainChar(String),
    #[error("it has no '@' followed by a domain")]
    NoAt,
    #[error("the part before '@' is empty")]
    EmptyLocal,
    #[error("a quoted local part must end with '\"'")]
    UnclosedQuote,
    #[error("'{0}' may not stand unquoted before '@' (<, >, spaces and commas are no part of it)")]
    LocalChar(String),
    #[error("dots before '@' may not lead, trail or follow each other")]
    Dots,
    #[error("the domain {0}")]
    Domain(Box<Malformed>),
    #[error("\"{0}\" has characters other than letters, digits and '-'")]
    Keyword(String),
    #[error("'{0}' is not a base64 character")]
    Base64(String),
    #[error("\"{0}\" must be letters, digits and '-'")]
    ParameterName(String),
    #[error("\"{0}\" must be printable ASCII without spaces or '='")]
    ParameterValue(String),
}

/// A value that cannot be sent, found before a byte goes out.
// One line per message, so each stays an #[error] attribute whole.
#[rustfmt::skip]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "kebab-case")]
pub enum CommandError {
    #[error("the {field} contains {} at position {position}; remove it (it would end the command early)", char_name(*ch))]
    ForbiddenChar {
        field: Field,
        ch: char,
        position: usize,
    },
    #[error("the {field} is empty; fill it in")]
    Empty { field: Field },
    #[error("the {field} is {len} octets long, over the limit of {limit} ({rule}); shorten it")]
    TooLong {
        field: Field,
        len: usize,
        limit: usize,
        rule: LengthRule,
    },
    #[error("the {field} is not a valid address: {reason}; write it as name@example.com")]
    InvalidAddress { field: Field, reason: Malformed },
    #[error("the {field} is not a valid domain: {reason}; write a host name such as mail.example.com or an address literal such as [192.0.2.1]")]
    InvalidDomain { field: Field, reason: Malformed },
    #[error("the command line would be {len} octets, over the limit of {limit} (RFC 5321 4.5.3.1.4); use shorter values or fewer parameters")]
    LineTooLong { len: usize, limit: usize },
    #[error("the {field} has non-ASCII characters; switch on SMTPUTF8 (the server must offer it) or use an ASCII address")]
    NonAscii { field: Field },
}

/// The name of a forbidden character, for `CommandError::ForbiddenChar`.
#[derive(Debug, Clone, Copy, thiserror::Error)]
enum CharName {
    #[error("a carriage return (CR)")]
    Cr,
    #[error("a line feed (LF)")]
    Lf,
    #[error("a NUL byte")]
    Nul,
    #[error("a control character")]
    Control,
}

fn char_name(ch: char) -> CharName {
    match ch {
        '\r' => CharName::Cr,
        '\n' => CharName::Lf,
        '\0' => CharName::Nul,
        _ => CharName::Control,
    }
}

/// Refuses CR, LF and NUL in any user-supplied value.
pub fn check_value(field: Field, value: &str) -> Result<(), CommandError> {
    match value
        .char_indices()
        .find(|(_, c)| matches!(c, '\r' | '\n' | '\0'))
    {
        Some((position, ch)) => Err(CommandError::ForbiddenChar {
            field,
            ch,
            position,
        }),
        None => Ok(()),
    }
}

/// Checks a HELO/EHLO name or host: a domain (RFC 5321 4.1.2) or an address literal (4.1.3).
pub fn check_domain(field: Field, domain: &str) -> Result<(), CommandError> {
    check_value(field, domain)?;
    if domain.is_empty() {
        return Err(CommandError::Empty { field });
    }
    // RFC 5321 4.5.3.1.2
    if domain.len() > 255 {
        return Err(CommandError::TooLong {
            field,
            len: domain.len(),
            limit: 255,
            rule: LengthRule::Domain,
        });
    }
    if let Some(inner) = domain.strip_prefix('[') {
        let Some(literal) = inner.strip_suffix(']') else {
            return Err(CommandError::InvalidDomain {
                field,
                reason: Malformed::UnclosedLiteral,
            });
        };
        let ok = if let Some(v6) = literal.strip_prefix("IPv6:") {
            v6.parse::<std::net::Ipv6Addr>().is_ok()
        } else {
            literal.parse::<std::net::Ipv4Addr>().is_ok()
        };
        return if ok {
            Ok(())
        } else {
            Err(CommandError::InvalidDomain {
                field,
                reason: Malformed::BadLiteral(literal.to_string()),
            })
        };
    }
    let trimmed = domain.strip_suffix('.').unwrap_or(domain);
    for label in trimmed.split('.') {
        if label.is_empty() {
            return Err(CommandError::InvalidDomain {
                field,
                reason: Malformed::EmptyLabel,
            });
        }
        if label.len() > 63 {
            return Err(CommandError::InvalidDomain {
                field,
                reason: Malformed::LongLabel(label.to_string()),
            });
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(CommandError::InvalidDomain {
                field,
                reason: Malformed::HyphenLabel(label.to_string()),
            });
        }
        if let Some(bad) = label
            .chars()
            .find(|c| !(c.is_alphanumeric() || *c == '-' || (*c == '_' && label.len() > 1)))
        {
            return Err(CommandError::InvalidDomain {
                field,
                reason: Malformed::DomainChar(bad.escape_debug().to_string()),
            });
        }
    }
    Ok(())
}

/// The form of `address` that can be sent without SMTPUTF8: an internationalised domain becomes
/// its IDNA A-label form (`info@bücher.example` -> `info@xn--bcher-kva.example`, RFC 5891); a
/// non-ASCII local part has no ASCII form and is left as it is (it needs SMTPUTF8, RFC 6531).
pub fn ascii_form(address: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    if address.is_ascii() {
        return Cow::Borrowed(address);
    }
    let Some((local, domain)) = address.rsplit_once('@') else {
        return Cow::Borrowed(address);
    };
    if !local.is_ascii() {
        return Cow::Borrowed(address);
    }
    match idna::domain_to_ascii(domain) {
        Ok(ascii) if !ascii.is_empty() => Cow::Owned(format!("{local}@{ascii}")),
        _ => Cow::Borrowed(address),
    }
}

/// Checks a mailbox `local@domain` against RFC 5321 4.1.2 and the limits of 4.5.3.1. Without
/// SMTPUTF8 (`allow_utf8` false) the address is checked in the form it will be sent in
/// (`ascii_form`), so only a non-ASCII local part needs SMTPUTF8.
pub fn check_mailbox(field: Field, address: &str, allow_utf8: bool) -> Result<(), CommandError> {
    check_value(field, address)?;
    if address.is_empty() {
        return Err(CommandError::Empty { field });
    }
    let ascii = ascii_form(address);
    let address = if allow_utf8 { address } else { ascii.as_ref() };
    if !allow_utf8 && !address.is_ascii() {
        return Err(CommandError::NonAscii { field });
    }
    // RFC 5321 4.5.3.1.3: the path, angle brackets included, is at most 256 octets.
    if address.len() + 2 > 256 {
        return Err(CommandError::TooLong {
            field,
            len: address.len() + 2,
            limit: 256,
            rule: LengthRule::Path,
        });
    }
    let Some((local, domain)) = split_mailbox(address) else {
        return Err(CommandError::InvalidAddress {
            field,
            reason: Malformed::NoAt,
        });
    };
    if local.is_empty() {
        return Err(CommandError::InvalidAddress {
            field,
            reason: Malformed::EmptyLocal,
        });
    }
    // RFC 5321 4.5.3.1.1
    if local.len() > 64 {
        return Err(CommandError::TooLong {
            field,
            len: local.len(),
            limit: 64,
            rule: LengthRule::LocalPart,
        });
    }
    if local.starts_with('"') {
        if local.len() < 2 || !local.ends_with('"') {
            return Err(CommandError::InvalidAddress {
                field,
                reason: Malformed::UnclosedQuote,
            });
        }
    } else if let Some(bad) = local.chars().find(|c| !is_atext(*c) && *c != '.') {
        return Err(CommandError::InvalidAddress {
            field,
            reason: Malformed::LocalChar(bad.escape_debug().to_string()),
        });
    } else if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Err(CommandError::InvalidAddress {
            field,
            reason: Malformed::Dots,
        });
    }
    check_domain(field, domain).map_err(|e| match e {
        CommandError::InvalidDomain { reason, .. } => CommandError::InvalidAddress {
            field,
            reason: Malformed::Domain(Box::new(reason)),
        },
        other => other,
    })
}

/// Splits at the last '@' outside quotes.
fn split_mailbox(address: &str) -> Option<(&str, &str)> {
    let (local, domain) = address.rsplit_once('@')?;
    if domain.is_empty() {
        return None;
    }
    Some((local, domain))
}

/// RFC 5322 3.2.3 atext (plus any non-ASCII character, allowed with SMTPUTF8, RFC 6531 3.3).
fn is_atext(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c) || !c.is_ascii()
}

/// A command to the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Command {
    Ehlo(String),
    Helo(String),
    StartTls,
    /// `initial_response` is already base64 (or "=" for an empty one, RFC 4954 4).
    Auth {
        mechanism: String,
        initial_response: Option<String>,
    },
    /// A base64 line answering a 334, or "*" to cancel.
    AuthResponse(String),
    MailFrom {
        reverse_path: String,
        params: Vec<(String, Option<String>)>,
    },
    RcptTo {
        forward_path: String,
        params: Vec<(String, Option<String>)>,
    },
    Data,
    Bdat {
        size: usize,
        last: bool,
    },
    /// RFC 5321 4.1.1.5: abort the current transaction.
    Rset,
    Quit,
}

impl Command {
    pub fn verb(&self) -> &'static str {
        match self {
            Command::Ehlo(_) => "EHLO",
            Command::Helo(_) => "HELO",
            Command::StartTls => "STARTTLS",
            Command::Auth { .. } => "AUTH",
            Command::AuthResponse(_) => "",
            Command::MailFrom { .. } => "MAIL",
            Command::RcptTo { .. } => "RCPT",
            Command::Data => "DATA",
            Command::Bdat { .. } => "BDAT",
            Command::Rset => "RSET",
            Command::Quit => "QUIT",
        }
    }

    /// The command line with its CRLF, after checking every value.
    pub fn encode(&self, smtputf8: bool) -> Result<Vec<u8>, CommandError> {
        let (line, limit) = match self {
            Command::Ehlo(name) => {
                check_domain(Field::HeloName, name)?;
                (format!("EHLO {name}"), MAX_COMMAND_LINE)
            }
            Command::Helo(name) => {
                check_domain(Field::HeloName, name)?;
                (format!("HELO {name}"), MAX_COMMAND_LINE)
            }
            Command::StartTls => (String::from("STARTTLS"), MAX_COMMAND_LINE),
            Command::Auth {
                mechanism,
                initial_response,
            } => {
                check_keyword(Field::AuthMechanism, mechanism)?;
                match initial_response {
                    Some(ir) => {
                        check_base64(Field::AuthInitialResponse, ir)?;
                        (format!("AUTH {mechanism} {ir}"), MAX_AUTH_LINE)
                    }
                    None => (format!("AUTH {mechanism}"), MAX_AUTH_LINE),
                }
            }
            Command::AuthResponse(text) => {
                if text != "*" {
                    check_base64(Field::AuthResponse, text)?;
                }
                (text.clone(), MAX_AUTH_LINE)
            }
            Command::MailFrom {
                reverse_path,
                params,
            } => {
                // RFC 5321 4.5.5: the null reverse-path <> is allowed for MAIL.
                if !reverse_path.is_empty() {
                    check_mailbox(Field::Sender, reverse_path, smtputf8)?;
                }
                let path = envelope_form(reverse_path, smtputf8);
                (
                    format!("MAIL FROM:<{path}>{}", encode_params(params)?),
                    MAX_COMMAND_LINE,
                )
            }
            Command::RcptTo {
                forward_path,
                params,
            } => {
                check_mailbox(Field::Recipient, forward_path, smtputf8)?;
                let path = envelope_form(forward_path, smtputf8);
                (
                    format!("RCPT TO:<{path}>{}", encode_params(params)?),
                    MAX_COMMAND_LINE,
                )
            }
            Command::Data => (String::from("DATA"), MAX_COMMAND_LINE),
            Command::Bdat { size, last } => (
                if *last {
                    format!("BDAT {size} LAST")
                } else {
                    format!("BDAT {size}")
                },
                MAX_COMMAND_LINE,
            ),
            Command::Rset => (String::from("RSET"), MAX_COMMAND_LINE),
            Command::Quit => (String::from("QUIT"), MAX_COMMAND_LINE),
        };
        let len = line.len() + 2;
        if len > limit {
            return Err(CommandError::LineTooLong { len, limit });
        }
        let mut bytes = line.into_bytes();
        bytes.extend_from_slice(b"\r\n");
        Ok(bytes)
    }
}

/// An address as it goes on the wire: as given with SMTPUTF8, else in the form `check_mailbox`
/// checked (`ascii_form`), so an address accepted without SMTPUTF8 is never sent in UTF-8
/// (RFC 6531 3.4).
fn envelope_form(address: &str, smtputf8: bool) -> std::borrow::Cow<'_, str> {
    if smtputf8 {
        std::borrow::Cow::Borrowed(address)
    } else {
        ascii_form(address)
    }
}

fn check_keyword(field: Field, word: &str) -> Result<(), CommandError> {
    check_value(field, word)?;
    if word.is_empty() {
        return Err(CommandError::Empty { field });
    }
    if !word
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(CommandError::InvalidDomain {
            field,
            reason: Malformed::Keyword(word.to_string()),
        });
    }
    Ok(())
}

fn check_base64(field: Field, text: &str) -> Result<(), CommandError> {
    check_value(field, text)?;
    if text == "=" || text.is_empty() {
        return Ok(());
    }
    if let Some(bad) = text
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=')))
    {
        return Err(CommandError::InvalidAddress {
            field,
            reason: Malformed::Base64(bad.escape_debug().to_string()),
        });
    }
    Ok(())
}

/// ESMTP parameters (RFC 5321 4.1.2 esmtp-param): ` KEY` or ` KEY=VALUE`.
fn encode_params(params: &[(String, Option<String>)]) -> Result<String, CommandError> {
    let mut out = String::new();
    for (key, value) in params {
        check_value(Field::ParameterName, key)?;
        let key_ok = key
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
            && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !key_ok {
            return Err(CommandError::InvalidAddress {
                field: Field::ParameterName,
                reason: Malformed::ParameterName(key.to_string()),
            });
        }
        out.push(' ');
        out.push_str(key);
        if let Some(v) = value {
            check_value(Field::ParameterValue, v)?;
            // esmtp-value: printable ASCII other than '=' and space.
            if v.is_empty() || !v.chars().all(|c| ('!'..='~').contains(&c) && c != '=') {
                return Err(CommandError::InvalidAddress {
                    field: Field::ParameterValue,
                    reason: Malformed::ParameterValue(v.to_string()),
                });
            }
            out.push('=');
            out.push_str(v);
        }
    }
    Ok(out)
}

/// RFC 3461 4: xtext. '+', '=' and characters outside 33..=126 become "+HH".
pub fn xtext_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if (33..=126).contains(&b) && b != b'+' && b != b'=' {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("+{b:02X}"));
        }
    }
    out
}

// One line per message, so each stays an #[error] attribute whole.
#[rustfmt::skip]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "kebab-case")]
pub enum DataError {
    #[error("line {line_number} of the message is {len} octets, over the 998 allowed (RFC 5321 4.5.3.1.6); the message must be re-encoded (quoted-printable or base64)")]
    LineTooLong { line_number: usize, len: usize },
}

/// Every line ending (CRLF, bare LF, bare CR) becomes CRLF (RFC 5321 2.3.8); a last line without
/// an ending gets one.
pub fn normalize_crlf(message: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(message.len() + message.len() / 32 + 2);
    let mut rest = message;
    // Whole runs between line endings are copied at once.
    while let Some(at) = rest.iter().position(|&b| b == b'\r' || b == b'\n') {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(b"\r\n");
        let ending = if rest[at] == b'\r' && rest.get(at + 1) == Some(&b'\n') {
            2
        } else {
            1
        };
        rest = &rest[at + ending..];
    }
    out.extend_from_slice(rest);
    if !out.is_empty() && !out.ends_with(b"\r\n") {
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// The bytes to send after a 354: normalised line endings, dot-stuffing (RFC 5321 4.5.2) and
/// the terminating ".\r\n".
pub fn encode_data(message: &[u8]) -> Result<Vec<u8>, DataError> {
    let mut out = Vec::with_capacity(message.len() + message.len() / 32 + 8);
    let mut rest = message;
    let mut line_number = 0;
    // One pass, a line at a time: its content is copied whole, then its ending as CRLF.
    while !rest.is_empty() {
        line_number += 1;
        let (content, ending) = match rest.iter().position(|&b| b == b'\r' || b == b'\n') {
            Some(at) if rest[at] == b'\r' && rest.get(at + 1) == Some(&b'\n') => (at, 2),
            Some(at) => (at, 1),
            None => (rest.len(), 0),
        };
        if content > MAX_TEXT_LINE - 2 {
            return Err(DataError::LineTooLong {
                line_number,
                len: content,
            });
        }
        if rest.first() == Some(&b'.') {
            out.push(b'.');
        }
        out.extend_from_slice(&rest[..content]);
        out.extend_from_slice(b"\r\n");
        rest = &rest[content + ending..];
    }
    out.extend_from_slice(b".\r\n");
    Ok(out)
}

/// The message split for BDAT (RFC 3030 2): normalised line endings, no dot-stuffing, the last
/// chunk marked LAST. An empty message is one "BDAT 0 LAST".
pub fn bdat_chunks(message: &[u8], chunk_size: usize) -> Vec<(Command, Vec<u8>)> {
    let normal = normalize_crlf(message);
    let size = chunk_size.max(1);
    if normal.is_empty() {
        return vec![(
            Command::Bdat {
                size: 0,
                last: true,
            },
            Vec::new(),
        )];
    }
    let count = normal.len().div_ceil(size);
    normal
        .chunks(size)
        .enumerate()
        .map(|(i, chunk)| {
            (
                Command::Bdat {
                    size: chunk.len(),
                    last: i + 1 == count,
                },
                chunk.to_vec(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_bare_cr_or_lf(bytes: &[u8]) -> bool {
        bytes.iter().enumerate().all(|(i, &b)| match b {
            b'\r' => bytes.get(i + 1) == Some(&b'\n'),
            b'\n' => i > 0 && bytes[i - 1] == b'\r',
            _ => true,
        })
    }

    #[test]
    fn commands_encode_to_exact_lines() {
        let cases: Vec<(Command, &str)> = vec![
            (
                Command::Ehlo("client.example.test".into()),
                "EHLO client.example.test\r\n",
            ),
            (Command::Ehlo("[192.0.2.1]".into()), "EHLO [192.0.2.1]\r\n"),
            (Command::Helo("[IPv6:::1]".into()), "HELO [IPv6:::1]\r\n"),
            (Command::StartTls, "STARTTLS\r\n"),
            (
                Command::MailFrom {
                    reverse_path: String::new(),
                    params: vec![],
                },
                "MAIL FROM:<>\r\n",
            ),
            (
                Command::MailFrom {
                    reverse_path: "a@example.test".into(),
                    params: vec![
                        ("SIZE".into(), Some("1000".into())),
                        ("BODY".into(), Some("8BITMIME".into())),
                        ("SMTPUTF8".into(), None),
                    ],
                },
                "MAIL FROM:<a@example.test> SIZE=1000 BODY=8BITMIME SMTPUTF8\r\n",
            ),
            (
                Command::RcptTo {
                    forward_path: "b@example.test".into(),
                    params: vec![
                        ("NOTIFY".into(), Some("SUCCESS,FAILURE".into())),
                        (
                            "ORCPT".into(),
                            Some(format!("rfc822;{}", xtext_encode("b+x@example.test"))),
                        ),
                    ],
                },
                "RCPT TO:<b@example.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;b+2Bx@example.test\r\n",
            ),
            (
                Command::Bdat {
                    size: 10,
                    last: false,
                },
                "BDAT 10\r\n",
            ),
            (
                Command::Bdat {
                    size: 0,
                    last: true,
                },
                "BDAT 0 LAST\r\n",
            ),
            (
                Command::Auth {
                    mechanism: "PLAIN".into(),
                    initial_response: Some("AGEAYg==".into()),
                },
                "AUTH PLAIN AGEAYg==\r\n",
            ),
            (Command::AuthResponse("*".into()), "*\r\n"),
            (Command::Rset, "RSET\r\n"),
            (Command::Quit, "QUIT\r\n"),
        ];
        for (cmd, expected) in cases {
            assert_eq!(
                String::from_utf8(cmd.encode(false).unwrap()).unwrap(),
                expected,
                "{cmd:?}"
            );
        }
    }

    #[test]
    fn cr_lf_and_nul_are_refused_in_every_field() {
        for bad in ["\r", "\n", "\0"] {
            let value = format!("a{bad}b@example.test");
            let cmds = [
                Command::Ehlo(format!("host{bad}x")),
                Command::MailFrom {
                    reverse_path: value.clone(),
                    params: vec![],
                },
                Command::RcptTo {
                    forward_path: value.clone(),
                    params: vec![],
                },
                Command::RcptTo {
                    forward_path: "a@example.test".into(),
                    params: vec![(format!("X{bad}"), None)],
                },
                Command::RcptTo {
                    forward_path: "a@example.test".into(),
                    params: vec![("X".into(), Some(format!("v{bad}")))],
                },
                Command::AuthResponse(format!("abc{bad}")),
            ];
            for cmd in cmds {
                let err = cmd.encode(true).unwrap_err();
                assert!(
                    matches!(err, CommandError::ForbiddenChar { .. }),
                    "{cmd:?}: {err}"
                );
            }
            assert!(check_value(Field::AuthUser, &format!("u{bad}")).is_err());
        }
        let err = check_value(Field::Header, "a\r\nBcc: x")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("carriage return") && err.contains("position 1"),
            "{err}"
        );
    }

    #[test]
    fn rfc_5321_limits_are_enforced_at_the_edge() {
        let local64 = "a".repeat(64);
        assert!(check_mailbox(Field::Recipient, &format!("{local64}@example.test"), false).is_ok());
        let err = check_mailbox(Field::Recipient, &format!("a{local64}@example.test"), false)
            .unwrap_err();
        assert!(
            matches!(err, CommandError::TooLong { limit: 64, .. }),
            "{err}"
        );
        // A 255-octet domain made of 63-octet labels.
        let label = "b".repeat(63);
        let d255 = format!("{label}.{label}.{label}.{}", "c".repeat(63));
        assert_eq!(d255.len(), 255);
        assert!(check_domain(Field::Server, &d255).is_ok());
        assert!(matches!(
            check_domain(Field::Server, &format!("x{d255}")).unwrap_err(),
            CommandError::TooLong { limit: 255, .. }
        ));
        // The path <local@domain> may be 256 octets: 254 inside the brackets.
        let path_ok = format!(
            "{}@{}.{}.{}.{}",
            "a".repeat(60),
            "d".repeat(63),
            "e".repeat(63),
            "f".repeat(63),
            "g"
        );
        assert_eq!(path_ok.len(), 254);
        assert!(check_mailbox(Field::Recipient, &path_ok, false).is_ok());
        let path_255 = format!("{path_ok}g");
        assert!(matches!(
            check_mailbox(Field::Recipient, &path_255, false).unwrap_err(),
            CommandError::TooLong { limit: 256, .. }
        ));
        // A command line of exactly 512 octets passes, 513 does not.
        let base = "MAIL FROM:<a@example.test> X=".len() + 2;
        let fill = 512 - base;
        let ok = Command::MailFrom {
            reverse_path: "a@example.test".into(),
            params: vec![("X".into(), Some("v".repeat(fill)))],
        };
        assert_eq!(ok.encode(false).unwrap().len(), 512);
        let over = Command::MailFrom {
            reverse_path: "a@example.test".into(),
            params: vec![("X".into(), Some("v".repeat(fill + 1)))],
        };
        assert_eq!(
            over.encode(false).unwrap_err(),
            CommandError::LineTooLong {
                len: 513,
                limit: 512
            }
        );
    }

    #[test]
    fn addresses_are_checked_for_shape() {
        let bad = [
            "",
            "plainaddress",
            "@example.test",
            "a@",
            "a b@example.test",
            "<a@example.test>",
            "a..b@example.test",
            "a@exa mple.test",
            "a@-x.test",
        ];
        for address in bad {
            assert!(
                check_mailbox(Field::Recipient, address, false).is_err(),
                "{address}"
            );
        }
        let good = [
            "a@example.test",
            "first.last+tag@sub.example.test",
            "\"odd person\"@example.test",
            "a@[192.0.2.7]",
        ];
        for address in good {
            assert!(
                check_mailbox(Field::Recipient, address, false).is_ok(),
                "{address}"
            );
        }
        assert!(matches!(
            check_mailbox(Field::Recipient, "jörg@example.test", false).unwrap_err(),
            CommandError::NonAscii { .. }
        ));
        assert!(check_mailbox(Field::Recipient, "jörg@bücher.example", true).is_ok());
    }

    #[test]
    fn data_is_normalised_stuffed_and_terminated() {
        let cases: &[(&[u8], &[u8])] = &[
            (b"a\r\nb\r\n", b"a\r\nb\r\n.\r\n"),
            (b"a\nb\n", b"a\r\nb\r\n.\r\n"),
            (b"a\rb\r", b"a\r\nb\r\n.\r\n"),
            (b"a\r\r\nb", b"a\r\n\r\nb\r\n.\r\n"),
            (b"no ending", b"no ending\r\n.\r\n"),
            (b".\r\n..\r\n.x\n", b"..\r\n...\r\n..x\r\n.\r\n"),
            (b"end\r\n.", b"end\r\n..\r\n.\r\n"),
            (b"", b".\r\n"),
        ];
        for (input, expected) in cases {
            let out = encode_data(input).unwrap();
            assert_eq!(
                String::from_utf8_lossy(&out),
                String::from_utf8_lossy(expected),
                "{input:?}"
            );
            assert!(no_bare_cr_or_lf(&out));
        }
    }

    #[test]
    fn a_line_over_998_octets_is_refused_and_998_is_not() {
        let ok = format!("{}\r\n", "x".repeat(998));
        assert!(encode_data(ok.as_bytes()).is_ok());
        let over = format!("short\r\n{}\r\n", "x".repeat(999));
        assert_eq!(
            encode_data(over.as_bytes()).unwrap_err(),
            DataError::LineTooLong {
                line_number: 2,
                len: 999
            }
        );
    }

    #[test]
    fn bdat_chunks_add_up_to_the_normalised_message() {
        let message = b"Subject: x\n\n.dot stays\nbody line\n";
        let chunks = bdat_chunks(message, 10);
        let joined: Vec<u8> = chunks.iter().flat_map(|(_, c)| c.clone()).collect();
        assert_eq!(joined, normalize_crlf(message));
        assert!(joined.starts_with(b"Subject: x\r\n\r\n.dot stays"));
        for (i, (cmd, chunk)) in chunks.iter().enumerate() {
            assert_eq!(
                *cmd,
                Command::Bdat {
                    size: chunk.len(),
                    last: i + 1 == chunks.len()
                }
            );
        }
        assert_eq!(
            bdat_chunks(b"", 10),
            vec![(
                Command::Bdat {
                    size: 0,
                    last: true
                },
                Vec::new()
            )]
        );
    }

    #[test]
    fn xtext_escapes_plus_equals_and_non_printables() {
        assert_eq!(xtext_encode("a+b=c d"), "a+2Bb+3Dc+20d");
        assert_eq!(xtext_encode("plain"), "plain");
    }

    /// The encoder's own guard (the session converts addresses before): without SMTPUTF8 an
    /// address was checked in its ASCII form but sent as given, in UTF-8.
    #[test]
    fn an_envelope_address_accepted_without_smtputf8_goes_out_in_ascii() {
        let rcpt = Command::RcptTo {
            forward_path: "info@bücher.example".into(),
            params: vec![],
        };
        assert_eq!(
            rcpt.encode(false),
            Ok(b"RCPT TO:<info@xn--bcher-kva.example>\r\n".to_vec())
        );
        assert_eq!(
            rcpt.encode(true),
            Ok("RCPT TO:<info@bücher.example>\r\n".as_bytes().to_vec())
        );
        let mail = Command::MailFrom {
            reverse_path: "a@bücher.example".into(),
            params: vec![],
        };
        assert_eq!(
            mail.encode(false),
            Ok(b"MAIL FROM:<a@xn--bcher-kva.example>\r\n".to_vec())
        );
    }
}
