//! The path field shown when no file dialog can be shown on this desktop (no portal, no
//! zenity): the path of the file to open or save, typed. A file already at a path to save to is
//! replaced only once the user confirms it. Edits only the path it is handed.

use egui::TextEdit;

use super::Intent;
use crate::gui::worker::{OpenPurpose, Save};
use crate::present::t;

/// A path field shown when no file dialog can be shown on this desktop.
#[derive(Debug)]
pub struct PathPrompt {
    /// What the file is for.
    pub purpose: PromptPurpose,
    /// The path field's text.
    pub path: String,
    /// A file is already at this path: saving replaces it (asked once; a changed path is asked
    /// about again).
    pub replace: Option<std::path::PathBuf>,
    /// Whether the field was given the keyboard when it first appeared.
    pub focused: bool,
}

/// What a path typed in the path field is for.
#[derive(Debug)]
pub enum PromptPurpose {
    /// A file to open.
    Open(OpenPurpose),
    /// A file to save.
    Save(Save),
}

/// The path field in a window of its own; Enter or the button uses the path, Esc or Cancel
/// closes it.
pub fn show(ctx: &egui::Context, prompt: &mut PathPrompt) -> Vec<Intent> {
    let mut asked = Vec::new();
    let (title, button) = match &prompt.purpose {
        PromptPurpose::Open(OpenPurpose::ImportProfiles) => {
            (t!("window-import-title"), t!("window-path-open"))
        }
        PromptPurpose::Open(OpenPurpose::Attach { .. }) => {
            (t!("window-attach-title"), t!("window-path-attach"))
        }
        PromptPurpose::Open(OpenPurpose::CaFile { .. }) => {
            (t!("window-ca-file-title"), t!("window-path-choose"))
        }
        PromptPurpose::Open(OpenPurpose::CompareSession { .. }) => {
            (t!("window-compare-open-title"), t!("window-path-compare"))
        }
        PromptPurpose::Save(save) => (
            t!("window-save-title", what = save.what.as_str()),
            t!("window-path-save"),
        ),
    };
    let replacing = prompt
        .replace
        .as_deref()
        .is_some_and(|p| p == std::path::Path::new(prompt.path.trim()));
    let button = if replacing {
        t!("window-path-replace")
    } else {
        button
    };
    egui::Window::new(title)
        .id(egui::Id::unique("path-prompt"))
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            ui.label(t!("window-no-dialog"));
            let l = ui.label(t!("window-path-label"));
            let field = ui
                .add(
                    TextEdit::singleline(&mut prompt.path)
                        .hint_text(t!("window-path-hint"))
                        .desired_width(420.0),
                )
                .labelled_by(l.id);
            // The field has the keyboard as soon as it appears, the cursor after a suggested
            // path: Enter takes it as it is.
            if !prompt.focused {
                prompt.focused = true;
                field.request_focus();
                let mut state = TextEdit::load_state(ui.ctx(), field.id).unwrap_or_default();
                let end = egui::text::CCursor::new(prompt.path.chars().count());
                state
                    .cursor
                    .set_char_range(Some(egui::text::CCursorRange::one(end)));
                state.store(ui.ctx(), field.id);
            }
            let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if replacing {
                ui.label(
                    egui::RichText::new(t!("window-path-exists"))
                        .color(crate::gui::palette::problem(ui)),
                );
            }
            ui.horizontal(|ui| {
                if ui.button(button).clicked() || entered {
                    asked.push(Intent::PathChosen);
                }
                if ui.button(t!("window-cancel")).clicked() {
                    asked.push(Intent::PathCancelled);
                }
            });
        });
    asked
}
