//! The About box: version, licence, where secrets are kept, and the third-party licences. Only
//! compiled-in text; reads no file.

use egui::RichText;

use crate::present::t;

/// The notice of the third-party crates in this binary (packaging/third-party-licenses.py).
pub const THIRD_PARTY_LICENSES: &str = include_str!("../../../assets/THIRD-PARTY-LICENSES.txt");

/// The About box, with the third-party licences behind a fold; `keychain` says whether
/// passwords go to the system keychain this run (or only to memory).
pub fn show(ctx: &egui::Context, open: &mut bool, keychain: bool) {
    egui::Window::new(t!("about-title"))
        .open(open)
        .collapsible(false)
        .default_size([560.0, 420.0])
        .show(ctx, |ui| {
            ui.heading(format!("smtp-lens {}", env!("SMTP_LENS_VERSION")));
            ui.label(t!("about-description"));
            ui.label(t!("about-licence", licence = env!("CARGO_PKG_LICENSE")));
            ui.label(if keychain {
                t!("about-secrets")
            } else {
                t!("about-secrets-memory")
            });
            egui::CollapsingHeader::new(t!("about-third-party")).show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .max_height(300.0)
                    .show(ui, |ui| {
                        ui.label(RichText::new(THIRD_PARTY_LICENSES).monospace().small());
                    });
            });
        });
}
