//! The menu bar and the keyboard shortcuts: the window's commands, as intents. Never acts on
//! anything itself.

use egui::{Key, KeyboardShortcut, Modifiers};

use super::Intent;
use crate::export::Format;
use crate::profile::Action;

/// The menu bar: Session, Profiles, Export, View, About.
pub fn show(ui: &mut egui::Ui) -> Vec<Intent> {
    let mut asked = Vec::new();
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("Session", |ui| {
            for action in Action::ALL {
                if ui.button(action.label()).clicked() {
                    asked.push(Intent::Start(action));
                }
            }
            if ui.button("Cancel (Esc)").clicked() {
                asked.push(Intent::Cancel);
            }
        });
        ui.menu_button("Profiles", |ui| {
            if ui.button("Import profiles...").clicked() {
                asked.push(Intent::ImportProfiles);
            }
            if ui
                .button("Export profiles (without passwords)...")
                .clicked()
            {
                asked.push(Intent::ExportProfiles);
            }
        });
        ui.menu_button("Export", |ui| {
            for (format, label) in [
                (Format::Html, "Export as HTML..."),
                (Format::Text, "Export as text..."),
                (Format::Json, "Export as JSON..."),
            ] {
                if ui.button(label).clicked() {
                    asked.push(Intent::Export(format));
                }
            }
            if ui.button("Copy as text").clicked() {
                asked.push(Intent::CopyAsText);
            }
        });
        ui.menu_button("View", |ui| {
            egui::widgets::global_theme_preference_buttons(ui);
        });
        if ui.button("About").clicked() {
            asked.push(Intent::ShowAbout);
        }
    });
    asked
}

/// The keyboard shortcuts pressed this frame (consumed, so no widget sees them too).
/// Ctrl+E exports again in `last_export`, the format the menu used last.
pub fn shortcuts(ctx: &egui::Context, last_export: Format) -> Vec<Intent> {
    let cmd = Modifiers::COMMAND;
    let pressed = |key: Key, m: Modifiers| {
        ctx.input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(m, key)))
    };
    let mut asked = Vec::new();
    for (key, modifiers, intent) in [
        (Key::Num1, cmd, Intent::Start(Action::TestConnection)),
        (Key::Num2, cmd, Intent::Start(Action::TestLogin)),
        (Key::Num3, cmd, Intent::Start(Action::TestRecipients)),
        (Key::Enter, cmd, Intent::Start(Action::SendTestMessage)),
        (Key::Escape, Modifiers::NONE, Intent::Cancel),
        (Key::E, cmd, Intent::Export(last_export)),
        (Key::N, cmd, Intent::NewProfile),
    ] {
        if pressed(key, modifiers) {
            asked.push(intent);
        }
    }
    asked
}
