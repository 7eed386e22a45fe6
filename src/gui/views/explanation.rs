//! The explanation panel: what the selected reply means, when it is seen, how to fix it.
//! Draws the explanation the session view worked out when the row was selected, in the words and
//! with the labels of `present::explain`; never calls the knowledge base itself.

use egui::{RichText, Ui};

use super::Intent;
use crate::gui::palette;
use crate::gui::session::SessionView;
use crate::present::{self, t};

/// What the selected reply means, with a button to copy it; a hint when none is selected.
pub fn show(ui: &mut Ui, s: &SessionView) -> Option<Intent> {
    let selected = s.selected();
    let (Some(x), Some((w, l))) = (s.explanation(), s.explanation_words()) else {
        ui.label(t!("window-explain-hint"));
        return None;
    };
    let mut asked = None;
    egui::ScrollArea::vertical()
        .id_salt("explanation")
        .auto_shrink(false)
        .show(ui, |ui| {
            if ui.button(t!("window-copy-explanation")).clicked() {
                let reply = selected
                    .and_then(|i| s.rows.get(i))
                    .map(|r| r.text.clone())
                    .unwrap_or_default();
                let mut text = reply;
                for line in present::explain::lines(w, "", "") {
                    text.push('\n');
                    text.push_str(&line);
                }
                text.push('\n');
                asked = Some(Intent::Copy(text));
            }
            let colour = palette::class(ui, x.class);
            ui.label(RichText::new(&w.head).color(colour).strong());
            ui.label(format!("{}: {}", l.meaning, w.meaning));
            if !w.when.is_empty() {
                ui.label(format!("{}: {}", l.when, w.when));
            }
            if !w.fixes.is_empty() {
                ui.label(RichText::new(format!("{}:", l.fixes)).strong());
                for (n, f) in w.fixes.iter().enumerate() {
                    ui.label(format!("{}. {f}", n + 1));
                }
            }
            ui.label(format!(
                "{}: {}   {}: {}",
                l.retry, w.retry, l.cause, w.cause
            ));
            for n in &w.notes {
                ui.label(RichText::new(format!("{}: {n}", l.note)).italics());
            }
            if !w.references.is_empty() {
                ui.label(
                    RichText::new(format!("{}: {}", l.references, w.references.join("; "))).small(),
                );
            }
        });
    asked
}
