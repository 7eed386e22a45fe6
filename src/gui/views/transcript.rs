//! The transcript: one row a line, with its time, elapsed time, latency, marker, reply class
//! and text, coloured by class. Lays out only the visible rows; filters nothing itself.

use egui::{Color32, RichText, Ui};

use super::Intent;
use crate::engine::Direction;
use crate::gui::palette;
use crate::gui::session::SessionView;

/// The height of one transcript row, for `ScrollArea::show_rows`.
const ROW_HEIGHT: f32 = 18.0;

/// The transcript rows: only the visible ones are laid out, so a million lines scroll smoothly.
/// Returns the row the user clicked, as `Intent::SelectRow`.
pub fn show(ui: &mut Ui, s: &SessionView) -> Option<Intent> {
    let total = s.visible.len();
    let selected = s.selected();
    let mut clicked = None;
    egui::ScrollArea::both()
        .id_salt("transcript")
        .auto_shrink(false)
        .stick_to_bottom(true)
        .show_rows(ui, ROW_HEIGHT, total, |ui, range| {
            for v in range {
                let Some(&i) = s.visible.get(v) else { continue };
                let Some(row) = s.rows.get(i) else { continue };
                ui.horizontal(|ui| {
                    ui.label(RichText::new(&row.time).monospace().weak());
                    ui.label(
                        RichText::new(format!("+{:>7.3}s", row.elapsed_ms as f64 / 1000.0))
                            .monospace()
                            .weak(),
                    );
                    let latency = row
                        .latency_ms
                        .map(|l| format!("{l:>5} ms"))
                        .unwrap_or_else(|| String::from("        "));
                    ui.label(RichText::new(latency).monospace().weak());
                    let marker = if row.tls {
                        format!("🔒{}", row.marker)
                    } else {
                        format!("  {}", row.marker)
                    };
                    ui.label(RichText::new(marker).monospace());
                    let colour = match (row.line_class, row.direction) {
                        (Some(c), _) => palette::class(ui, c),
                        (None, Direction::Error | Direction::Warning) => palette::problem(ui),
                        (None, Direction::Sent) => palette::sent(ui),
                        _ => ui.visuals().weak_text_color(),
                    };
                    if let Some(c) = row.class {
                        ui.label(
                            RichText::new(crate::present::class_tag(c))
                                .small()
                                .color(Color32::WHITE)
                                .background_color(palette::class(ui, c)),
                        );
                    }
                    // An empty line (between headers and body) still gets a name a screen reader can say.
                    let text = if row.text.is_empty() {
                        RichText::new("(empty line)").monospace().italics().weak()
                    } else {
                        RichText::new(&row.text).monospace().color(colour)
                    };
                    let r = ui.selectable_label(selected == Some(i), text);
                    if r.clicked() {
                        clicked = Some(i);
                    }
                });
            }
        });
    clicked.map(Intent::SelectRow)
}
