//! The reply parser fed arbitrary bytes in arbitrary pieces, under arbitrary (small) limits.
//!
//! Never a panic, and every byte accounted for: the replies returned, followed by what is still
//! buffered, are exactly the bytes pushed, until the parser refuses the input. Each reply has a
//! code in 100..=599, its lines within the limits, each line ending in LF.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smtp_lens_fuzz::proto::reply::{ReplyError, ReplyLimits, ReplyParser};

fuzz_target!(|data: &[u8]| {
    let [line_sel, lines_sel, split_sel, rest @ ..] = data else {
        return;
    };
    let limits = ReplyLimits {
        // Small limits reach the limit checks; 0 and 1 are degenerate but must not panic.
        max_line_len: usize::from(*line_sel) * 2,
        max_lines: usize::from(*lines_sel % 32),
    };
    let mut parser = ReplyParser::new(limits);
    let step = usize::from(*split_sel).max(1);
    let mut returned = Vec::new();
    let mut failed: Option<ReplyError> = None;
    'pushing: for chunk in rest.chunks(step) {
        parser.push(chunk);
        loop {
            match parser.next_reply() {
                Ok(Some(reply)) => {
                    assert!((100..=599).contains(&reply.code), "code {}", reply.code);
                    assert!(!reply.lines.is_empty());
                    assert!(reply.lines.len() <= limits.max_lines);
                    for line in &reply.lines {
                        assert!(line.raw.len() <= limits.max_line_len);
                        assert_eq!(line.raw.last(), Some(&b'\n'));
                        assert_eq!(line.raw.iter().filter(|&&b| b == b'\n').count(), 1);
                    }
                    returned.extend_from_slice(&reply.raw());
                    // Every use a session makes of a reply must hold on any reply.
                    let _ = reply.text_without_enhanced();
                    let _ = reply.queue_id();
                }
                Ok(None) => break,
                Err(err) => {
                    failed = Some(err);
                    break 'pushing;
                }
            }
        }
        // Nothing is held beyond one reply's worth of lines plus one partial line.
        assert!(
            parser.buffered_len()
                <= limits
                    .max_line_len
                    .saturating_mul(limits.max_lines.saturating_add(1))
        );
    }
    match failed {
        Some(err) => {
            // Once refused, always refused.
            assert_eq!(parser.next_reply(), Err(err));
        }
        None => {
            returned.extend_from_slice(&parser.take_buffered());
            assert_eq!(returned, rest, "bytes lost or invented");
        }
    }
});
