//! The explanation pane: the selected transcript line whole (rows are cut at the pane's edge),
//! and for a reply what it means, when it is seen, how to fix it. Draws the explanation the
//! session view worked out when the row was selected, in the words and with the labels of
//! `present::explain`; never calls the knowledge base itself.

use egui::{RichText, Ui};

use super::Intent;
use crate::gui::palette;
use crate::gui::session::SessionView;
use crate::present::{self, t};

/// The selected line and what its reply means, with buttons to enlarge the pane and to copy;
/// a hint when nothing is selected. `large`: the pane is enlarged; `focus`: the copy button
/// takes the keyboard (Enter on a transcript row).
pub fn show(ui: &mut Ui, s: &SessionView, large: bool, focus: bool) -> Vec<Intent> {
    let mut asked = Vec::new();
    let selected = s.selected();
    ui.horizontal(|ui| {
        ui.strong(t!("window-explanation-heading"));
        let label = if large {
            t!("window-explanation-smaller")
        } else {
            t!("window-explanation-larger")
        };
        if ui.button(label).clicked() {
            asked.push(Intent::EnlargeExplanation(!large));
        }
    });
    let line = selected.and_then(|i| s.rows.get(i));
    let (Some(x), Some((w, l))) = (s.explanation(), s.explanation_words()) else {
        egui::ScrollArea::vertical()
            .id_salt("explanation")
            .auto_shrink(false)
            .show(ui, |ui| {
                if let Some(row) = line {
                    ui.label(RichText::new(&row.text).monospace());
                }
                ui.label(t!("window-explain-hint"));
            });
        return asked;
    };
    egui::ScrollArea::vertical()
        .id_salt("explanation")
        .auto_shrink(false)
        .show(ui, |ui| {
            if let Some(row) = line {
                ui.label(
                    RichText::new(&row.text)
                        .monospace()
                        .color(palette::class(ui, x.class)),
                );
            }
            let copy = ui.button(t!("window-copy-explanation"));
            if focus {
                copy.request_focus();
            }
            if copy.clicked() {
                let reply = selected
                    .and_then(|i| s.rows.get(i))
                    .map(|r| r.text.clone())
                    .unwrap_or_default();
                let mut text = reply;
                // The whole explanation as shown, also for a positive reply.
                for line in present::explain::every_line(w, "", "") {
                    text.push('\n');
                    text.push_str(&line);
                }
                text.push('\n');
                asked.push(Intent::Copy(text));
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
