//! The desktop window (eframe/egui). The UI thread only draws and routes: sessions, keychain
//! calls and file dialogs run on the worker's tokio runtime (`worker.rs`), whose answers wake the
//! UI through `request_repaint`. `app.rs` holds the state and routes events; `views.rs` draws;
//! `session.rs` turns engine events into transcript rows.

pub mod app;
pub mod palette;
pub mod session;
pub mod views;
pub mod worker;

use std::sync::Arc;

pub use app::App;

/// Test and CI hook: `SMTP_LENS_EXIT_AFTER=SECONDS` closes the window after that long, so the
/// real binary can be started under Xvfb, draw, be screenshotted and exit cleanly.
pub fn exit_after() -> Option<f64> {
    std::env::var("SMTP_LENS_EXIT_AFTER")
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// When the process asked for the window; with `SMTP_LENS_TIMING` set, the first frame reports
/// how long it took (the startup figure of the benchmark notes).
static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

pub(crate) fn report_first_frame() {
    static DONE: std::sync::Once = std::sync::Once::new();
    if std::env::var_os("SMTP_LENS_TIMING").is_some()
        && let Some(start) = STARTED.get()
    {
        DONE.call_once(|| {
            eprintln!(
                "smtp-lens: first frame {:.1} ms after start",
                start.elapsed().as_secs_f64() * 1000.0
            )
        });
    }
}

/// Opens the window and runs until it is closed.
pub fn run() -> anyhow::Result<()> {
    STARTED.get_or_init(std::time::Instant::now);
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("smtp-lens")
            .with_app_id("io.github.smtplens.SmtpLens")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([800.0, 500.0]),
        ..Default::default()
    };
    eframe::run_native(
        "smtp-lens",
        options,
        Box::new(|cc| {
            let ctx = cc.egui_ctx.clone();
            let wake: worker::Wake = Arc::new(move || ctx.request_repaint());
            let worker = worker::Worker::start(wake, crate::secrets::Secrets::open_system)?;
            let ui_state = cc
                .storage
                .and_then(|s| eframe::get_value(s, app::UI_STATE_KEY))
                .unwrap_or_default();
            Ok(Box::new(App::new(worker, app::Paths::system(), ui_state)))
        }),
    )
    .map_err(|e| {
        anyhow::anyhow!(
            "cannot open the window: {e}. Without a display, use `smtp-lens check` instead."
        )
    })
}
