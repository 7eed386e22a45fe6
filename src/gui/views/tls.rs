//! The TLS cards: for each handshake, the protocol, cipher and the verifier's verdict, and the
//! certificate chain behind a fold. Reads the facts the engine recorded; checks nothing.

use egui::{RichText, Ui};

use crate::engine::TlsInfo;
use crate::gui::palette;

/// One card a TLS handshake: its summary as the header, the certificate chain inside.
pub fn show(ui: &mut Ui, handshakes: &[&TlsInfo]) {
    for (n, tls) in handshakes.iter().enumerate() {
        let verdict = match &tls.verification {
            Some(v) if v.valid => String::from("certificate valid"),
            Some(v) => format!("certificate INVALID ({})", v.code),
            None => String::from("certificate not checked"),
        };
        let head = match (&tls.protocol, &tls.cipher_suite) {
            (Some(v), Some(c)) if tls.established => {
                format!("TLS ({}): {v}, {c}, {verdict}", tls.via)
            }
            _ => format!("TLS ({}): handshake failed, {verdict}", tls.via),
        };
        egui::CollapsingHeader::new(head)
            .id_salt(("tls-card", n))
            .show(ui, |ui| {
                if let Some(v) = &tls.verification {
                    ui.label(format!(
                        "Verification for {}: {}",
                        tls.checked_name, v.reason
                    ));
                }
                if tls.accepted_invalid {
                    ui.label(
                        RichText::new(
                            "Continued although the certificate is invalid, as the profile allows.",
                        )
                        .color(palette::problem(ui)),
                    );
                }
                if let Some(e) = &tls.error {
                    ui.label(RichText::new(e).color(palette::problem(ui)));
                }
                ui.label(format!(
                    "SNI sent: {}",
                    tls.sni.as_deref().unwrap_or("none (an IP address)")
                ));
                for (i, c) in tls.chain.iter().enumerate() {
                    ui.label(RichText::new(format!("[{i}] {}", c.subject)).strong());
                    ui.label(format!("    issued by {}", c.issuer));
                    let days = c
                        .days_left
                        .map(|d| format!("{d} days left"))
                        .unwrap_or_else(|| String::from("validity unknown"));
                    let until = c
                        .not_after
                        .map(crate::export::text::utc)
                        .unwrap_or_default();
                    ui.label(format!("    valid until {until} ({days}); {}", c.key));
                    if !c.san.is_empty() {
                        ui.label(format!("    names: {}", c.san.join(", ")));
                    }
                    ui.label(
                        RichText::new(format!("    SHA-256 {}", c.sha256))
                            .monospace()
                            .small(),
                    );
                }
            });
    }
}
