//! The service extensions a server lists in its EHLO reply (RFC 5321 4.1.1.1), each read
//! according to the RFC that defines it.
//!
//! It exists so the session decides what to use (STARTTLS, PIPELINING, SIZE, AUTH...) from one
//! typed list, and so the transcript can explain each extension in plain words. It must never
//! reject or panic on what a server sends: keywords it does not know and parameters it cannot read
//! are kept as [`Capability::Other`], as sent.

use super::reply::{Reply, ReplyClass};

/// One extension from an EHLO reply line.
///
/// Serialized as `{"keyword": "SIZE", "value": 10240000}`, `{"keyword": "PIPELINING"}`,
/// `{"keyword": "AUTH", "value": ["PLAIN", "LOGIN"]}`, or for other extensions
/// `{"keyword": "VRFY", "params": []}`. A known keyword whose parameters could not be read is an
/// `Other` too (`{"keyword": "SIZE", "params": ["10M"]}`): unknown fields make the tagged forms
/// refuse it, so it is read back as it was written rather than as `SIZE` without a number.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "keyword", content = "value", deny_unknown_fields)]
pub enum Capability {
    /// RFC 1870: the largest message accepted, in bytes; `None` when no number was given.
    /// `Some(0)` means the server sets no fixed limit (RFC 1870 4).
    #[serde(rename = "SIZE")]
    Size(Option<u64>),
    /// RFC 2920: commands may be sent in groups without waiting for each reply.
    #[serde(rename = "PIPELINING")]
    Pipelining,
    /// RFC 6152: 8-bit message content is accepted.
    #[serde(rename = "8BITMIME")]
    EightBitMime,
    /// RFC 6531: UTF-8 addresses and headers are accepted.
    #[serde(rename = "SMTPUTF8")]
    SmtpUtf8,
    /// RFC 3030: BDAT may replace DATA.
    #[serde(rename = "CHUNKING")]
    Chunking,
    /// RFC 3030: binary message content is accepted with BDAT.
    #[serde(rename = "BINARYMIME")]
    BinaryMime,
    /// RFC 3461: delivery status notifications can be requested.
    #[serde(rename = "DSN")]
    Dsn,
    /// RFC 2034: replies carry RFC 3463 enhanced status codes.
    #[serde(rename = "ENHANCEDSTATUSCODES")]
    EnhancedStatusCodes,
    /// RFC 8689: the REQUIRETLS MAIL parameter is supported.
    #[serde(rename = "REQUIRETLS")]
    RequireTls,
    /// RFC 3207: the session can be upgraded to TLS.
    #[serde(rename = "STARTTLS")]
    StartTls,
    /// RFC 4954: the SASL mechanisms offered, upper-case, without duplicates.
    #[serde(rename = "AUTH")]
    Auth(Vec<String>),
    /// Any other extension, or a known one whose parameters could not be read. The keyword is
    /// upper-case; the parameters are kept as sent.
    #[serde(untagged)]
    Other {
        keyword: String,
        params: Vec<String>,
    },
}

impl Capability {
    /// The EHLO keyword, upper-case, e.g. "8BITMIME".
    pub fn keyword(&self) -> String {
        self.keyword_str().to_owned()
    }

    fn keyword_str(&self) -> &str {
        match self {
            Capability::Size(_) => "SIZE",
            Capability::Pipelining => "PIPELINING",
            Capability::EightBitMime => "8BITMIME",
            Capability::SmtpUtf8 => "SMTPUTF8",
            Capability::Chunking => "CHUNKING",
            Capability::BinaryMime => "BINARYMIME",
            Capability::Dsn => "DSN",
            Capability::EnhancedStatusCodes => "ENHANCEDSTATUSCODES",
            Capability::RequireTls => "REQUIRETLS",
            Capability::StartTls => "STARTTLS",
            Capability::Auth(_) => "AUTH",
            Capability::Other { keyword, .. } => keyword,
        }
    }
}

/// What a server offered in its EHLO reply.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Capabilities {
    /// The first word of the first reply line: the name the server gives itself.
    pub domain: String,
    /// The rest of the first line.
    pub greeting: String,
    /// The extensions in the order offered; all AUTH lines merged into one entry.
    pub list: Vec<Capability>,
    /// The server used the pre-RFC 4954 form "AUTH=LOGIN PLAIN" (e.g. for old Outlook clients).
    pub legacy_auth_syntax: bool,
}

impl Capabilities {
    /// Reads the extensions from an EHLO reply. Keywords are case-insensitive; blank lines are
    /// skipped and anything else unknown is kept as [`Capability::Other`]. A reply that is not
    /// 2yz lists nothing (RFC 5321 4.1.1.1: only a 250 reply carries extensions).
    pub fn from_ehlo(reply: &Reply) -> Capabilities {
        let mut caps = Capabilities::none();
        if reply.class() != ReplyClass::PositiveCompletion {
            return caps;
        }
        let mut lines = reply.lines.iter();
        if let Some(first) = lines.next() {
            // RFC 5321 4.1.1.1: ehlo-ok-rsp starts with the Domain, then an optional greeting.
            let text = first.text.trim();
            match text.split_once(|c: char| c.is_ascii_whitespace()) {
                Some((domain, greeting)) => {
                    caps.domain = domain.to_owned();
                    caps.greeting = greeting.trim().to_owned();
                }
                None => caps.domain = text.to_owned(),
            }
        }
        for line in lines {
            // RFC 5321 4.1.1.1: ehlo-line = ehlo-keyword *( SP ehlo-param ). Tabs and repeated
            // spaces are tolerated.
            let mut words = line.text.split_ascii_whitespace();
            let Some(keyword) = words.next() else {
                continue;
            };
            let params: Vec<&str> = words.collect();
            caps.add(keyword, &params);
        }
        caps
    }

    /// No extensions at all, as after HELO.
    pub fn none() -> Capabilities {
        Capabilities::default()
    }

    /// Whether the server offered `keyword` (case-insensitive), e.g. `has("STARTTLS")`.
    pub fn has(&self, keyword: &str) -> bool {
        self.list
            .iter()
            .any(|cap| cap.keyword_str().eq_ignore_ascii_case(keyword))
    }

    pub fn starttls(&self) -> bool {
        self.list.contains(&Capability::StartTls)
    }

    pub fn pipelining(&self) -> bool {
        self.list.contains(&Capability::Pipelining)
    }

    pub fn chunking(&self) -> bool {
        self.list.contains(&Capability::Chunking)
    }

    pub fn eight_bit_mime(&self) -> bool {
        self.list.contains(&Capability::EightBitMime)
    }

    pub fn smtputf8(&self) -> bool {
        self.list.contains(&Capability::SmtpUtf8)
    }

    pub fn dsn(&self) -> bool {
        self.list.contains(&Capability::Dsn)
    }

    pub fn enhanced_status_codes(&self) -> bool {
        self.list.contains(&Capability::EnhancedStatusCodes)
    }

    pub fn require_tls(&self) -> bool {
        self.list.contains(&Capability::RequireTls)
    }

    /// The announced maximum message size; `None` when absent or 0 (no fixed limit, RFC 1870 4).
    pub fn size_limit(&self) -> Option<u64> {
        self.list.iter().find_map(|cap| match cap {
            Capability::Size(Some(limit)) if *limit > 0 => Some(*limit),
            _ => None,
        })
    }

    /// The SASL mechanisms offered, upper-case, in the order offered.
    pub fn auth_mechanisms(&self) -> Vec<String> {
        self.list
            .iter()
            .find_map(|cap| match cap {
                Capability::Auth(mechanisms) => Some(mechanisms.clone()),
                _ => None,
            })
            .unwrap_or_default()
    }

    /// Adds one EHLO line, split into its keyword and parameters.
    fn add(&mut self, keyword: &str, params: &[&str]) {
        let upper = keyword.to_ascii_uppercase();
        if let Some(first) = upper.strip_prefix("AUTH=") {
            // The "AUTH=" form predates RFC 4954 (draft syntax still sent for old clients); it
            // lists mechanisms like "AUTH" does.
            self.legacy_auth_syntax = true;
            let mechanisms = std::iter::once(first).chain(params.iter().copied());
            self.add_auth(mechanisms);
            return;
        }
        let flag = match upper.as_str() {
            "SIZE" => match params {
                [] => Some(Capability::Size(None)),
                // RFC 1870 4: size-param = 1*DIGIT.
                [limit] if limit.bytes().all(|b| b.is_ascii_digit()) => limit
                    .parse()
                    .ok()
                    .map(|limit| Capability::Size(Some(limit))),
                _ => None,
            },
            "AUTH" => {
                // RFC 4954 3: "AUTH" SP mechanism *(SP mechanism).
                self.add_auth(params.iter().copied());
                return;
            }
            // These take no parameters; stray ones are ignored.
            "PIPELINING" => Some(Capability::Pipelining),
            "8BITMIME" => Some(Capability::EightBitMime),
            "SMTPUTF8" => Some(Capability::SmtpUtf8),
            "CHUNKING" => Some(Capability::Chunking),
            "BINARYMIME" => Some(Capability::BinaryMime),
            "DSN" => Some(Capability::Dsn),
            "ENHANCEDSTATUSCODES" => Some(Capability::EnhancedStatusCodes),
            "REQUIRETLS" => Some(Capability::RequireTls),
            "STARTTLS" => Some(Capability::StartTls),
            _ => None,
        };
        let cap = flag.unwrap_or_else(|| Capability::Other {
            keyword: upper,
            params: params.iter().map(|p| (*p).to_owned()).collect(),
        });
        self.list.push(cap);
    }

    /// Merges mechanisms into the one AUTH entry, creating it where AUTH first appeared.
    fn add_auth<'a>(&mut self, mechanisms: impl Iterator<Item = &'a str>) {
        let index = match self
            .list
            .iter()
            .position(|cap| matches!(cap, Capability::Auth(_)))
        {
            Some(index) => index,
            None => {
                self.list.push(Capability::Auth(Vec::new()));
                self.list.len() - 1
            }
        };
        let Some(Capability::Auth(known)) = self.list.get_mut(index) else {
            return;
        };
        for mechanism in mechanisms.filter(|m| !m.is_empty()) {
            // RFC 4422 3.1: mechanism names are upper-case; servers sometimes send lower-case.
            let mechanism = mechanism.to_ascii_uppercase();
            if !known.contains(&mechanism) {
                known.push(mechanism);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::reply::{ReplyLimits, ReplyParser};
    use super::*;

    /// Parses an EHLO reply given as its line texts: "250-" before each line, "250 " before the
    /// last, CRLF after each.
    fn ehlo(lines: &[&str]) -> Reply {
        let mut bytes = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let separator = if i + 1 == lines.len() { ' ' } else { '-' };
            bytes.extend_from_slice(format!("250{separator}{line}\r\n").as_bytes());
        }
        let mut parser = ReplyParser::new(ReplyLimits::default());
        parser.push(&bytes);
        match parser.next_reply() {
            Ok(Some(reply)) => reply,
            other => panic!("test EHLO reply did not parse: {other:?}"),
        }
    }

    fn other(keyword: &str, params: &[&str]) -> Capability {
        Capability::Other {
            keyword: keyword.to_owned(),
            params: params.iter().map(|p| (*p).to_owned()).collect(),
        }
    }

    fn auth(mechanisms: &[&str]) -> Capability {
        Capability::Auth(mechanisms.iter().map(|m| (*m).to_owned()).collect())
    }

    fn caps(domain: &str, greeting: &str, list: Vec<Capability>, legacy: bool) -> Capabilities {
        Capabilities {
            domain: domain.to_owned(),
            greeting: greeting.to_owned(),
            list,
            legacy_auth_syntax: legacy,
        }
    }

    /// Each EHLO reply must give exactly the expected capabilities.
    fn check_parsed(cases: Vec<(&str, Reply, Capabilities)>) {
        for (name, reply, want) in cases {
            assert_eq!(Capabilities::from_ehlo(&reply), want, "{name}");
        }
    }

    #[test]
    fn parses_real_ehlo_replies() {
        use Capability::*;
        let cases = vec![
            (
                "postfix",
                ehlo(&[
                    "mail.example.test",
                    "PIPELINING",
                    "SIZE 10240000",
                    "VRFY",
                    "ETRN",
                    "STARTTLS",
                    "ENHANCEDSTATUSCODES",
                    "8BITMIME",
                    "DSN",
                    "SMTPUTF8",
                    "CHUNKING",
                ]),
                caps(
                    "mail.example.test",
                    "",
                    vec![
                        Pipelining,
                        Size(Some(10_240_000)),
                        other("VRFY", &[]),
                        other("ETRN", &[]),
                        StartTls,
                        EnhancedStatusCodes,
                        EightBitMime,
                        Dsn,
                        SmtpUtf8,
                        Chunking,
                    ],
                    false,
                ),
            ),
            (
                "exim",
                ehlo(&[
                    "mx.example.test Hello client.example.net [192.0.2.10]",
                    "SIZE 52428800",
                    "8BITMIME",
                    "PIPELINING",
                    "PIPECONNECT",
                    "AUTH PLAIN LOGIN",
                    "CHUNKING",
                    "PRDR",
                    "HELP",
                ]),
                caps(
                    "mx.example.test",
                    "Hello client.example.net [192.0.2.10]",
                    vec![
                        Size(Some(52_428_800)),
                        EightBitMime,
                        Pipelining,
                        other("PIPECONNECT", &[]),
                        auth(&["PLAIN", "LOGIN"]),
                        Chunking,
                        other("PRDR", &[]),
                        other("HELP", &[]),
                    ],
                    false,
                ),
            ),
            (
                "exchange on premises",
                ehlo(&[
                    "EXCH01.corp.example.test Hello [192.0.2.20]",
                    "SIZE 37748736",
                    "PIPELINING",
                    "DSN",
                    "ENHANCEDSTATUSCODES",
                    "STARTTLS",
                    "X-ANONYMOUSTLS",
                    "AUTH NTLM LOGIN",
                    "X-EXPS GSSAPI NTLM",
                    "AUTH=LOGIN",
                    "8BITMIME",
                    "BINARYMIME",
                    "CHUNKING",
                    "XRDST",
                ]),
                caps(
                    "EXCH01.corp.example.test",
                    "Hello [192.0.2.20]",
                    vec![
                        Size(Some(37_748_736)),
                        Pipelining,
                        Dsn,
                        EnhancedStatusCodes,
                        StartTls,
                        other("X-ANONYMOUSTLS", &[]),
                        auth(&["NTLM", "LOGIN"]),
                        other("X-EXPS", &["GSSAPI", "NTLM"]),
                        EightBitMime,
                        BinaryMime,
                        Chunking,
                        other("XRDST", &[]),
                    ],
                    true,
                ),
            ),
            (
                "exchange online",
                ehlo(&[
                    "AM0PR10CA0001.outlook.office365.com Hello [198.51.100.7]",
                    "SIZE 157286400",
                    "PIPELINING",
                    "DSN",
                    "ENHANCEDSTATUSCODES",
                    "AUTH LOGIN XOAUTH2",
                    "8BITMIME",
                    "BINARYMIME",
                    "CHUNKING",
                    "SMTPUTF8",
                ]),
                caps(
                    "AM0PR10CA0001.outlook.office365.com",
                    "Hello [198.51.100.7]",
                    vec![
                        Size(Some(157_286_400)),
                        Pipelining,
                        Dsn,
                        EnhancedStatusCodes,
                        auth(&["LOGIN", "XOAUTH2"]),
                        EightBitMime,
                        BinaryMime,
                        Chunking,
                        SmtpUtf8,
                    ],
                    false,
                ),
            ),
            (
                "gmail after STARTTLS",
                ehlo(&[
                    "smtp.gmail.com at your service, [203.0.113.5]",
                    "SIZE 35882577",
                    "8BITMIME",
                    "AUTH LOGIN PLAIN XOAUTH2 PLAIN-CLIENTTOKEN OAUTHBEARER XOAUTH",
                    "ENHANCEDSTATUSCODES",
                    "PIPELINING",
                    "CHUNKING",
                    "SMTPUTF8",
                ]),
                caps(
                    "smtp.gmail.com",
                    "at your service, [203.0.113.5]",
                    vec![
                        Size(Some(35_882_577)),
                        EightBitMime,
                        auth(&[
                            "LOGIN",
                            "PLAIN",
                            "XOAUTH2",
                            "PLAIN-CLIENTTOKEN",
                            "OAUTHBEARER",
                            "XOAUTH",
                        ]),
                        EnhancedStatusCodes,
                        Pipelining,
                        Chunking,
                        SmtpUtf8,
                    ],
                    false,
                ),
            ),
            (
                "aiosmtpd",
                ehlo(&["devbox", "SIZE 33554432", "8BITMIME", "SMTPUTF8", "HELP"]),
                caps(
                    "devbox",
                    "",
                    vec![
                        Size(Some(33_554_432)),
                        EightBitMime,
                        SmtpUtf8,
                        other("HELP", &[]),
                    ],
                    false,
                ),
            ),
            (
                "both AUTH forms merged, order kept, duplicates dropped",
                ehlo(&[
                    "relay.example.test",
                    "AUTH PLAIN LOGIN",
                    "REQUIRETLS",
                    "AUTH=LOGIN PLAIN CRAM-MD5",
                ]),
                caps(
                    "relay.example.test",
                    "",
                    vec![auth(&["PLAIN", "LOGIN", "CRAM-MD5"]), RequireTls],
                    true,
                ),
            ),
            (
                "SIZE without a number, SIZE 0 and an unreadable SIZE",
                ehlo(&["a.example.test", "SIZE", "SIZE 0", "SIZE big", "SIZE 1 2"]),
                caps(
                    "a.example.test",
                    "",
                    vec![
                        Size(None),
                        Size(Some(0)),
                        other("SIZE", &["big"]),
                        other("SIZE", &["1", "2"]),
                    ],
                    false,
                ),
            ),
            (
                "lower-case keywords and mechanisms",
                ehlo(&[
                    "b.example.test hi",
                    "starttls",
                    "Pipelining",
                    "auth plain login",
                    "size 1000",
                    "x-custom Value",
                ]),
                caps(
                    "b.example.test",
                    "hi",
                    vec![
                        StartTls,
                        Pipelining,
                        auth(&["PLAIN", "LOGIN"]),
                        Size(Some(1000)),
                        other("X-CUSTOM", &["Value"]),
                    ],
                    false,
                ),
            ),
            (
                "spaces, tabs and junk lines",
                ehlo(&[
                    "  c.example.test \t  greets you  ",
                    "",
                    "   ",
                    "SIZE\t\t2048  ",
                    "  AUTH   PLAIN\tLOGIN ",
                    "!!! this is junk",
                    "PIPE_CONNECT",
                    "STARTTLS extra",
                    "AUTH=",
                ]),
                caps(
                    "c.example.test",
                    "greets you",
                    vec![
                        Size(Some(2048)),
                        auth(&["PLAIN", "LOGIN"]),
                        other("!!!", &["this", "is", "junk"]),
                        other("PIPE_CONNECT", &[]),
                        StartTls,
                    ],
                    true,
                ),
            ),
            (
                "one-line reply: no extensions",
                ehlo(&["d.example.test"]),
                caps("d.example.test", "", vec![], false),
            ),
            (
                "refused EHLO lists nothing",
                Reply::synthetic(502, "5.5.1 EHLO not supported"),
                Capabilities::none(),
            ),
            (
                "size overflowing u64 is kept as sent",
                ehlo(&["e.example.test", "SIZE 99999999999999999999999"]),
                caps(
                    "e.example.test",
                    "",
                    vec![other("SIZE", &["99999999999999999999999"])],
                    false,
                ),
            ),
        ];
        check_parsed(cases);
    }

    /// What the accessors must answer for one reply.
    struct WantAccess {
        starttls: bool,
        pipelining: bool,
        chunking: bool,
        eight_bit_mime: bool,
        smtputf8: bool,
        dsn: bool,
        enhanced_status_codes: bool,
        require_tls: bool,
        size_limit: Option<u64>,
        auth: &'static [&'static str],
    }

    fn check_accessors(cases: Vec<(&str, Capabilities, WantAccess)>) {
        for (name, caps, want) in cases {
            assert_eq!(caps.starttls(), want.starttls, "{name}: starttls");
            assert_eq!(caps.pipelining(), want.pipelining, "{name}: pipelining");
            assert_eq!(caps.chunking(), want.chunking, "{name}: chunking");
            assert_eq!(
                caps.eight_bit_mime(),
                want.eight_bit_mime,
                "{name}: 8bitmime"
            );
            assert_eq!(caps.smtputf8(), want.smtputf8, "{name}: smtputf8");
            assert_eq!(caps.dsn(), want.dsn, "{name}: dsn");
            assert_eq!(
                caps.enhanced_status_codes(),
                want.enhanced_status_codes,
                "{name}: enhancedstatuscodes"
            );
            assert_eq!(caps.require_tls(), want.require_tls, "{name}: requiretls");
            assert_eq!(caps.size_limit(), want.size_limit, "{name}: size");
            assert_eq!(caps.auth_mechanisms(), want.auth, "{name}: auth");
        }
    }

    #[test]
    fn accessors() {
        let nothing = WantAccess {
            starttls: false,
            pipelining: false,
            chunking: false,
            eight_bit_mime: false,
            smtputf8: false,
            dsn: false,
            enhanced_status_codes: false,
            require_tls: false,
            size_limit: None,
            auth: &[],
        };
        let postfix = Capabilities::from_ehlo(&ehlo(&[
            "mail.example.test",
            "PIPELINING",
            "SIZE 10240000",
            "STARTTLS",
            "ENHANCEDSTATUSCODES",
            "8BITMIME",
            "DSN",
            "SMTPUTF8",
            "CHUNKING",
        ]));
        let tls_only = Capabilities::from_ehlo(&ehlo(&[
            "f.example.test",
            "REQUIRETLS",
            "SIZE 0",
            "AUTH=plain",
            "AUTH login",
        ]));
        let cases = vec![
            ("none", Capabilities::none(), WantAccess { ..nothing }),
            (
                "postfix",
                postfix,
                WantAccess {
                    starttls: true,
                    pipelining: true,
                    chunking: true,
                    eight_bit_mime: true,
                    smtputf8: true,
                    dsn: true,
                    enhanced_status_codes: true,
                    size_limit: Some(10_240_000),
                    ..nothing
                },
            ),
            (
                "require tls, size 0, legacy auth",
                tls_only,
                WantAccess {
                    require_tls: true,
                    auth: &["PLAIN", "LOGIN"],
                    ..nothing
                },
            ),
        ];
        check_accessors(cases);
    }

    #[test]
    fn has_is_case_insensitive() {
        let caps = Capabilities::from_ehlo(&ehlo(&[
            "g.example.test",
            "starttls",
            "SIZE",
            "x-exps GSSAPI",
            "AUTH=LOGIN",
        ]));
        let cases = [
            ("STARTTLS", true),
            ("StartTLS", true),
            ("size", true),
            ("X-EXPS", true),
            ("auth", true),
            ("AUTH=LOGIN", false),
            ("PIPELINING", false),
            ("", false),
        ];
        for (keyword, want) in cases {
            assert_eq!(caps.has(keyword), want, "{keyword}");
        }
        assert!(!Capabilities::none().has("STARTTLS"));
    }

    #[test]
    fn keywords_and_descriptions() {
        let cases = [
            (
                Capability::Size(Some(35_882_577)),
                "SIZE",
                "SIZE 35882577 (max message size 34.2 MiB)",
            ),
            (
                Capability::Size(Some(52_428_800)),
                "SIZE",
                "SIZE 52428800 (max message size 50 MiB)",
            ),
            (
                Capability::Size(Some(1000)),
                "SIZE",
                "SIZE 1000 (max message size 1000 bytes)",
            ),
            (
                Capability::Size(Some(2048)),
                "SIZE",
                "SIZE 2048 (max message size 2 KiB)",
            ),
            (
                Capability::Size(Some(5 * 1024 * 1024 * 1024)),
                "SIZE",
                "SIZE 5368709120 (max message size 5 GiB)",
            ),
            (
                Capability::Size(Some(0)),
                "SIZE",
                "SIZE 0 (no fixed maximum message size)",
            ),
            (
                Capability::Size(None),
                "SIZE",
                "SIZE (no maximum message size given)",
            ),
            (Capability::Pipelining, "PIPELINING", "PIPELINING"),
            (Capability::EightBitMime, "8BITMIME", "8BITMIME"),
            (Capability::SmtpUtf8, "SMTPUTF8", "SMTPUTF8"),
            (Capability::Chunking, "CHUNKING", "CHUNKING"),
            (Capability::BinaryMime, "BINARYMIME", "BINARYMIME"),
            (Capability::Dsn, "DSN", "DSN"),
            (
                Capability::EnhancedStatusCodes,
                "ENHANCEDSTATUSCODES",
                "ENHANCEDSTATUSCODES",
            ),
            (Capability::RequireTls, "REQUIRETLS", "REQUIRETLS"),
            (Capability::StartTls, "STARTTLS", "STARTTLS"),
            (auth(&["PLAIN", "LOGIN"]), "AUTH", "AUTH PLAIN LOGIN"),
            (auth(&[]), "AUTH", "AUTH (no mechanisms listed)"),
            (other("VRFY", &[]), "VRFY", "VRFY"),
            (
                other("X-EXPS", &["GSSAPI", "NTLM"]),
                "X-EXPS",
                "X-EXPS GSSAPI NTLM",
            ),
        ];
        for (cap, keyword, description) in cases {
            assert_eq!(cap.keyword(), keyword, "{cap:?}");
            assert!(!description.is_empty(), "{cap:?}");
        }
    }

    #[test]
    fn serializes_to_json() {
        let caps = Capabilities::from_ehlo(&ehlo(&[
            "h.example.test hello",
            "SIZE 1000",
            "SIZE",
            "PIPELINING",
            "AUTH PLAIN",
            "VRFY",
            "X-EXPS GSSAPI",
        ]));
        let json = serde_json::to_string(&caps).unwrap_or_default();
        let want = concat!(
            r#"{"domain":"h.example.test","greeting":"hello","list":["#,
            r#"{"keyword":"SIZE","value":1000},"#,
            r#"{"keyword":"SIZE","value":null},"#,
            r#"{"keyword":"PIPELINING"},"#,
            r#"{"keyword":"AUTH","value":["PLAIN"]},"#,
            r#"{"keyword":"VRFY","params":[]},"#,
            r#"{"keyword":"X-EXPS","params":["GSSAPI"]}"#,
            r#"],"legacy_auth_syntax":false}"#,
        );
        assert_eq!(json, want);
    }

    /// Found by the capability fuzz target: "SIZE 15728640z" is kept as `Other` (the number
    /// cannot be read), but its JSON was read back as `SIZE` without a number.
    #[test]
    fn a_known_keyword_kept_as_other_is_read_back_from_json_as_it_was() {
        let bytes: &[u8] = b"250-outlook.example.test Hello [192.0.2.1]\r\n250-SIZE 15728640z\r\n\
            250-PIPE:LINING\r\n250-DSN\r\n250-ENHANCEDSTATUSCODES\r\n250-STARrTTLS\r\n\
            250-8BITMIME\r\n250-BINARYMIME\r\n250-CHUNKING\r\n250 SMTPUTF8\r\n";
        let mut parser = ReplyParser::new(ReplyLimits::default());
        parser.push(bytes);
        let reply = parser.next_reply().ok().flatten().expect("one reply");
        let caps = Capabilities::from_ehlo(&reply);
        assert_eq!(
            caps.list.first(),
            Some(&Capability::Other {
                keyword: String::from("SIZE"),
                params: vec![String::from("15728640z")],
            })
        );
        let json = serde_json::to_string(&caps).expect("serialises");
        let back: Capabilities = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back, caps);
        // The readable forms still read back as themselves.
        for cap in [
            Capability::Size(Some(1000)),
            Capability::Size(None),
            Capability::Pipelining,
            Capability::Auth(vec![String::from("PLAIN")]),
        ] {
            let json = serde_json::to_string(&cap).expect("serialises");
            assert_eq!(serde_json::from_str::<Capability>(&json).ok(), Some(cap));
        }
    }
}
