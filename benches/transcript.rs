//! Frame time of the transcript view with 1,000,000 lines while scrolling, headless (egui without
//! a renderer: layout and tessellation, which is the UI thread's work per frame).
//!
//!     cargo bench --bench transcript
//!
//! Prints the time to build the rows, then per-frame times (median, 95th percentile, worst) over
//! frames that each scroll the view. Not a test: figures go in the notes.

use std::time::{Duration, Instant};

use smtp_lens::engine::{Direction, Event, RawBytes, Remark, ReplyEvent, TranscriptLine};
use smtp_lens::gui::session::SessionView;
use smtp_lens::gui::views;
use smtp_lens::profile::Action;
use smtp_lens::proto::Reply;
use smtp_lens::proto::session::Answered;

/// `cargo bench` passes `--bench`; `cargo test --all-targets` runs this too, then as a quick
/// smoke run with fewer lines and frames.
fn sizes() -> (usize, usize) {
    if std::env::args().any(|a| a == "--bench") {
        (1_000_000, 300)
    } else {
        (10_000, 20)
    }
}

fn line(i: usize) -> Event {
    let at = time::OffsetDateTime::now_utc();
    let (direction, text, reply) = match i % 4 {
        0 => (
            Direction::Sent,
            format!("RCPT TO:<user{i}@example.test>"),
            None,
        ),
        1 => {
            let code = if i % 40 == 1 { 550 } else { 250 };
            let text = format!("{code} 2.1.5 <user{i}@example.test>: recipient {i}");
            let reply = Reply::synthetic(code, &text[4..]);
            let answered = Answered::Rcpt {
                address: format!("user{i}@example.test"),
                index: i,
            };
            (
                Direction::Received,
                text,
                Some(ReplyEvent {
                    reply,
                    answered,
                    latency_ms: 12,
                    latency_us: 12_000,
                }),
            )
        }
        2 => (Direction::Info, String::new(), None),
        _ => (Direction::Sent, String::from("NOOP"), None),
    };
    let remark = (direction == Direction::Info).then(|| Remark::Trying {
        address: format!("192.0.2.{}:25", i % 250),
    });
    Event::Line(TranscriptLine {
        at,
        elapsed_ms: i as u64,
        direction,
        tls: i.is_multiple_of(3),
        raw: RawBytes(text.clone().into_bytes()),
        text,
        remark,
        elided: None,
        aside: None,
        reply,
    })
}

fn main() {
    let (lines, frames) = sizes();
    let started = Instant::now();
    let request = smtp_lens::engine::SessionRequest {
        target: smtp_lens::engine::Target::parse(
            "127.0.0.1:25",
            smtp_lens::proto::session::Security::None,
        )
        .expect("target"),
        plan: smtp_lens::proto::session::SessionPlan::new(
            smtp_lens::proto::session::Security::None,
        ),
        tls: Default::default(),
        timeouts: Default::default(),
        addresses: Vec::new(),
        pacer: None,
    };
    let mut view = SessionView::new(
        String::from("bench"),
        Action::TestRecipients,
        &request,
        None,
        None,
    );
    for i in 0..lines {
        view.push(line(i));
    }
    println!(
        "built {} rows in {:.2?}",
        view.rows.len(),
        started.elapsed()
    );

    let ctx = egui::Context::default();
    let mut times: Vec<Duration> = Vec::with_capacity(frames);
    let mut shapes = 0;
    for frame in 0..frames + 10 {
        let mut input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(1280.0, 800.0),
            )),
            ..Default::default()
        };
        // Scroll a page at a time, jumping through the whole transcript.
        input
            .events
            .push(egui::Event::PointerMoved(egui::pos2(600.0, 400.0)));
        input.events.push(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Page,
            delta: egui::vec2(0.0, if frame % 50 < 25 { -40.0 } else { 25.0 }),
            modifiers: egui::Modifiers::NONE,
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
        });
        let t = Instant::now();
        let output = ctx.run_ui(input, |ui| {
            egui::CentralPanel::default_margins().show(ui, |ui| {
                views::transcript::show(ui, &view, false, false);
            });
        });
        let mut output = output;
        // No renderer here: the texture updates are dropped on purpose.
        output.textures_delta.clear();
        let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
        shapes = primitives
            .iter()
            .map(|p| match &p.primitive {
                egui::epaint::Primitive::Mesh(m) => m.vertices.len(),
                egui::epaint::Primitive::Callback(_) => 0,
            })
            .sum();
        if frame >= 10 {
            times.push(t.elapsed());
        }
    }
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 - 1.0) * p) as usize];
    println!(
        "{frames} scrolling frames over {lines} lines: median {:.2?}, p95 {:.2?}, worst {:.2?} ({shapes} vertices in the last frame)",
        pct(0.5),
        pct(0.95),
        times[times.len() - 1]
    );
}
