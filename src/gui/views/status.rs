//! The status line at the bottom: the last remark or error, and Undo for a deleted profile.
//! Holds the type of that line; says nothing of its own.

use egui::RichText;

use super::Intent;
use crate::gui::palette;

/// A line in the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// What is said.
    pub text: String,
    /// Shown in the problem colour when set.
    pub error: bool,
}

/// The status bar; `can_undo` when a deleted profile can still be brought back.
pub fn show(ui: &mut egui::Ui, status: Option<&Status>, can_undo: bool) -> Vec<Intent> {
    let mut asked = Vec::new();
    ui.horizontal(|ui| {
        // Undo first, so it does not move when the status text changes under the pointer.
        if can_undo {
            if ui.button("Undo delete").clicked() {
                asked.push(Intent::UndoDelete);
            } else if ui
                .small_button("x")
                .on_hover_text("Forget the deleted profile")
                .clicked()
            {
                asked.push(Intent::ForgetDeleted);
            }
        }
        if let Some(s) = status {
            let colour = if s.error {
                palette::problem(ui)
            } else {
                ui.visuals().text_color()
            };
            ui.label(RichText::new(&s.text).color(colour));
        }
    });
    asked
}
