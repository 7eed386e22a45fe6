//! The desktop window (eframe/egui), the only module that knows egui. The UI thread only draws
//! and routes: sessions, keychain calls, file checks and file dialogs run on the worker's tokio
//! runtime (`worker.rs`), whose answers wake the UI through `request_repaint`. `app.rs` holds
//! the state and applies what the user asked for; `views/` draws, one view a file, and returns
//! those requests as intents (a view never imports the app); `session.rs` turns engine events
//! into transcript rows. Data flows one way: app -> views -> intents -> app.

pub mod app;
pub mod comparison;
pub mod detecting;
pub mod history;
mod hooks;
pub mod loading;
pub mod messages;
pub mod palette;
pub mod session;
pub mod views;
pub mod worker;

use std::sync::Arc;

pub use app::App;
pub use hooks::exit_after;

/// Opens the window and runs until it is closed. `lang` is the language given on the command
/// line (`--lang`), which wins over the one chosen in the window for this run; without it the
/// window's choice, kept from the last run, wins over the system's.
pub fn run(lang: Option<crate::lang::Language>) -> anyhow::Result<()> {
    hooks::started();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("smtp-lens")
            .with_app_id("io.github.smtplens.SmtpLens")
            .with_inner_size(hooks::window_size().unwrap_or([1280.0, 800.0]))
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
            let ui_state: app::UiState = cc
                .storage
                .and_then(|s| eframe::get_value(s, app::UI_STATE_KEY))
                .unwrap_or_default();
            if let (None, Some(kept)) = (lang, ui_state.language) {
                crate::present::set_language(kept);
            }
            Ok(Box::new(App::new(worker, app::Paths::system(), ui_state)))
        }),
    )
    .map_err(|e| {
        anyhow::anyhow!(crate::present::t!(
            "window-cannot-open",
            error = e.to_string()
        ))
    })
}
