//! The TLS cards: for each handshake, the protocol, cipher and the verifier's verdict, and the
//! certificate chain behind a fold. Reads the facts the engine recorded, in the words of
//! `present`; checks nothing.

use egui::{RichText, Ui};

use crate::engine::TlsInfo;
use crate::gui::palette;
use crate::present::{self, t};

/// One card a TLS handshake: its summary as the header, the check and the chain inside.
pub fn show(ui: &mut Ui, handshakes: &[&TlsInfo]) {
    for (n, tls) in handshakes.iter().enumerate() {
        let certificate = match &tls.verification {
            Some(v) if v.valid => t!("window-certificate-valid"),
            Some(v) => t!(
                "window-certificate-invalid",
                code = v
                    .problem
                    .as_ref()
                    .map_or("invalid", |p| present::cert_problem(p).0)
            ),
            None => t!("window-certificate-unchecked"),
        };
        let via = present::via(tls.via);
        let head = match (&tls.protocol, &tls.cipher_suite) {
            (Some(v), Some(c)) if tls.established => t!(
                "window-tls-card",
                via = via,
                protocol = v.as_str(),
                cipher = c.as_str(),
                certificate = certificate
            ),
            _ => t!(
                "window-tls-card-failed",
                via = via,
                certificate = certificate
            ),
        };
        // Wrapped to the pane's width: a header keeps its text on one line otherwise, and a
        // long one (a cipher suite's name, a language's longer words) widens the whole pane
        // past the window's edge.
        let width = ui.available_width() - ui.spacing().indent - ui.spacing().button_padding.x;
        let font = egui::TextStyle::Button.resolve(ui.style());
        let job = egui::text::LayoutJob::simple(head, font, egui::Color32::PLACEHOLDER, width);
        let head = egui::WidgetText::Galley(ui.fonts_mut(|f| f.layout_job(job)));
        egui::CollapsingHeader::new(head)
            .id_salt(("tls-card", n))
            .show(ui, |ui| {
                // The override is said to have let the session go on only when it did.
                if tls.accepted_invalid {
                    let said = if tls.established {
                        t!("window-accepted-invalid")
                    } else {
                        t!("window-override-not-enough")
                    };
                    ui.label(RichText::new(said).color(palette::problem(ui)));
                }
                // The handshake line is the header; the check, the chain and any error follow.
                for line in present::tls_lines(tls).into_iter().skip(1) {
                    let text = RichText::new(line.trim_start());
                    if line.trim_start().starts_with("SHA-256") {
                        ui.label(text.monospace().small());
                    } else {
                        ui.label(text);
                    }
                }
            });
    }
}
