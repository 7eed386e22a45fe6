//! The explanation panel: what the selected reply means, when it is seen, how to fix it.
//! Draws the explanation the session view worked out when the row was selected; never calls
//! the knowledge base itself.

use egui::{RichText, Ui};

use super::Intent;
use crate::gui::palette;
use crate::gui::session::SessionView;
use crate::knowledge::Explanation;

/// What the selected reply means, with a button to copy it; a hint when none is selected.
pub fn show(ui: &mut Ui, s: &SessionView) -> Option<Intent> {
    let selected = s.selected();
    let Some(x) = s.explanation() else {
        ui.label("Click a reply in the transcript to read what it means and how to fix it.");
        return None;
    };
    let mut asked = None;
    egui::ScrollArea::vertical()
        .id_salt("explanation")
        .auto_shrink(false)
        .show(ui, |ui| {
            if ui.button("Copy reply and explanation").clicked() {
                asked = Some(Intent::Copy(explanation_text(s, selected, x)));
            }
            let colour = palette::class(ui, x.class);
            let mut head = format!("{} {}: {}", x.code, palette::class_label(x.class), x.title);
            if let Some(e) = &x.enhanced {
                head.push_str(&format!(" (enhanced {e})"));
            }
            if let Some(p) = &x.provider {
                head.push_str(&format!(" [{p}]"));
            }
            ui.label(RichText::new(head).color(colour).strong());
            ui.label(format!("What it means: {}", x.meaning));
            if !x.when.is_empty() {
                ui.label(format!("When you see it: {}", x.when));
            }
            if !x.fixes.is_empty() {
                ui.label(RichText::new("How to fix it:").strong());
                for (n, f) in x.fixes.iter().enumerate() {
                    ui.label(format!("{}. {f}", n + 1));
                }
            }
            ui.label(format!(
                "Retry: {}   Cause: {}",
                x.retry.describe(),
                x.cause
            ));
            for n in &x.notes {
                ui.label(RichText::new(format!("Note: {n}")).italics());
            }
            if !x.references.is_empty() {
                ui.label(RichText::new(format!("References: {}", x.references.join("; "))).small());
            }
        });
    asked
}

/// A reply and what it means, as text for a ticket or a chat.
fn explanation_text(s: &SessionView, selected: Option<usize>, x: &Explanation) -> String {
    let reply = selected
        .and_then(|i| s.rows.get(i))
        .map(|r| r.text.clone())
        .unwrap_or_default();
    let mut out = format!(
        "{reply}\n{} ({}): {}\n{}\n",
        x.class_label, x.cause, x.title, x.meaning
    );
    for (n, f) in x.fixes.iter().enumerate() {
        out.push_str(&format!("{}. {f}\n", n + 1));
    }
    out
}
