//! The EHLO capability parser fed any 250 reply: the lines as the parser would build them
//! from arbitrary bytes, and arbitrary line texts built by hand.
//!
//! Never a panic; keywords upper-case; at most one AUTH entry, its mechanisms upper-case and
//! without duplicates; every listed keyword found by `has` in any case; the JSON form read back
//! as the same capabilities (exports keep them).
#![no_main]

use libfuzzer_sys::fuzz_target;
use smtp_lens_fuzz::proto::capability::{Capabilities, Capability};
use smtp_lens_fuzz::proto::reply::{Reply, ReplyLimits, ReplyLine, ReplyParser};

fn check(reply: &Reply) {
    let caps = Capabilities::from_ehlo(reply);
    if reply.code / 100 != 2 {
        assert!(caps.list.is_empty());
        return;
    }
    let mut auth_entries = 0;
    for cap in &caps.list {
        let keyword = cap.keyword();
        assert!(!keyword.is_empty());
        assert_eq!(keyword, keyword.to_ascii_uppercase());
        assert!(caps.has(&keyword));
        assert!(caps.has(&keyword.to_ascii_lowercase()));
        if let Capability::Auth(mechanisms) = cap {
            auth_entries += 1;
            for (i, m) in mechanisms.iter().enumerate() {
                assert!(!m.is_empty());
                assert_eq!(*m, m.to_ascii_uppercase());
                assert!(!mechanisms[..i].contains(m), "duplicate mechanism {m}");
            }
        }
    }
    assert!(auth_entries <= 1);
    let json = serde_json::to_string(&caps).expect("capabilities serialise");
    let back: Capabilities = serde_json::from_str(&json).expect("capabilities read back");
    assert_eq!(back, caps, "{json}");
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode & 1 == 0 {
        // Bytes through the reply parser, as a session would see them.
        let mut parser = ReplyParser::new(ReplyLimits::default());
        parser.push(rest);
        while let Ok(Some(reply)) = parser.next_reply() {
            check(&reply);
        }
    } else {
        // Line texts built directly: whatever a lossy decoding can hold.
        let lines = rest
            .split(|&b| b == b'\n')
            .map(|text| ReplyLine {
                raw: text.to_vec(),
                text: String::from_utf8_lossy(text).into_owned(),
                bare_lf: false,
                invalid_utf8: false,
            })
            .collect();
        let code = if mode & 2 == 0 {
            250
        } else {
            200 + u16::from(mode >> 2)
        };
        check(&Reply {
            code,
            enhanced: None,
            lines,
        });
    }
});
