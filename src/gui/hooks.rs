//! Hooks of the real window for tests, CI and the benchmark notes: closing after a while, the
//! window's size for screenshots, timing the first frame. Read from the environment only; they never change what the window shows.

/// Test and CI hook: `SMTP_LENS_EXIT_AFTER=SECONDS` closes the window after that long, so the
/// real binary can be started under Xvfb, draw, be screenshotted and exit cleanly.
pub fn exit_after() -> Option<f64> {
    std::env::var("SMTP_LENS_EXIT_AFTER")
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// Screenshot hook: `SMTP_LENS_WINDOW_SIZE=1024x700` opens the window at that inner size (in
/// points), so a screenshot of a screen of that size is the window and nothing else.
pub fn window_size() -> Option<[f32; 2]> {
    let value = std::env::var("SMTP_LENS_WINDOW_SIZE").ok()?;
    let (w, h) = value.trim().split_once('x')?;
    Some([w.parse().ok()?, h.parse().ok()?])
}

/// When the process asked for the window; with `SMTP_LENS_TIMING` set, the first frame reports
/// how long it took (the startup figure of the benchmark notes).
static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// With `SMTP_LENS_TIMING` set, says once how long the first frame took since `started`, as a
/// measure for developers (`first_frame_ms=…`), not words for users.
pub(crate) fn report_first_frame() {
    static DONE: std::sync::Once = std::sync::Once::new();
    if std::env::var_os("SMTP_LENS_TIMING").is_some()
        && let Some(start) = STARTED.get()
    {
        DONE.call_once(|| {
            eprintln!(
                "smtp-lens: first_frame_ms={:.1}",
                start.elapsed().as_secs_f64() * 1000.0
            )
        });
    }
}

/// Notes when the process asked for the window, for `report_first_frame`.
pub(crate) fn started() {
    STARTED.get_or_init(std::time::Instant::now);
}
