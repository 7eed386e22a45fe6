//! The menu bar and the keyboard shortcuts: the window's commands, as intents. Never acts on
//! anything itself.

use egui::{Key, KeyboardShortcut, Modifiers, ThemePreference};

use super::Intent;
use crate::export::Format;
use crate::lang::Language;
use crate::present::t;
use crate::profile::Action;

/// The menu bar: Session, Profiles, Export, View (theme, panels, language: `language` is the
/// one spoken now), About, and at its end the two toggles that fold the profile list and the
/// editor (`profiles_open`, `editor_open`: whether they show).
pub fn show(
    ui: &mut egui::Ui,
    profiles_open: bool,
    editor_open: bool,
    language: Language,
) -> Vec<Intent> {
    let mut asked = Vec::new();
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button(t!("menu-session"), |ui| {
            for action in Action::ALL {
                if ui.button(action.label()).clicked() {
                    asked.push(Intent::Start(action));
                }
            }
            if ui.button(t!("menu-cancel")).clicked() {
                asked.push(Intent::Cancel);
            }
            ui.separator();
            if ui.button(t!("menu-compare")).clicked() {
                asked.push(Intent::OpenCompare);
            }
            if ui.button(t!("menu-detect")).clicked() {
                asked.push(Intent::OpenDetect);
            }
            if ui.button(t!("menu-load")).clicked() {
                asked.push(Intent::OpenLoad);
            }
        });
        ui.menu_button(t!("menu-profiles"), |ui| {
            if ui.button(t!("menu-import-profiles")).clicked() {
                asked.push(Intent::ImportProfiles);
            }
            if ui.button(t!("menu-export-profiles")).clicked() {
                asked.push(Intent::ExportProfiles);
            }
        });
        ui.menu_button(t!("menu-export"), |ui| {
            for (format, label) in [
                (Format::Html, t!("menu-export-html")),
                (Format::Text, t!("menu-export-text")),
                (Format::Json, t!("menu-export-json")),
            ] {
                if ui.button(label).clicked() {
                    asked.push(Intent::Export(format));
                }
            }
            if ui.button(t!("menu-copy-text")).clicked() {
                asked.push(Intent::CopyAsText);
            }
        });
        ui.menu_button(t!("menu-view"), |ui| {
            theme_choice(ui);
            ui.separator();
            if ui
                .checkbox(&mut profiles_open.clone(), t!("menu-show-profiles"))
                .clicked()
            {
                asked.push(Intent::FoldProfiles(!profiles_open));
            }
            if ui
                .checkbox(&mut editor_open.clone(), t!("menu-show-editor"))
                .clicked()
            {
                asked.push(Intent::FoldEditor(!editor_open));
            }
            ui.separator();
            // Each language by its own name, so that a reader of any of them finds theirs.
            ui.label(t!("menu-language"));
            for l in Language::ALL {
                if ui.radio(language == l, l.endonym()).clicked() && language != l {
                    asked.push(Intent::SetLanguage(l));
                }
            }
        });
        if ui.button(t!("menu-about")).clicked() {
            asked.push(Intent::ShowAbout);
        }
        ui.separator();
        // The folds, always in sight: the list and the editor take room the transcript needs
        // on a small screen.
        if ui
            .selectable_label(profiles_open, t!("window-panel-profiles"))
            .on_hover_text(t!("window-panel-profiles-hint"))
            .clicked()
        {
            asked.push(Intent::FoldProfiles(!profiles_open));
        }
        if ui
            .selectable_label(editor_open, t!("window-panel-editor"))
            .on_hover_text(t!("window-panel-editor-hint"))
            .clicked()
        {
            asked.push(Intent::FoldEditor(!editor_open));
        }
    });
    asked
}

/// The theme: the system's, dark or light (egui's own buttons would be in English).
fn theme_choice(ui: &mut egui::Ui) {
    let now = ui.ctx().options(|o| o.theme_preference);
    ui.horizontal(|ui| {
        for (theme, label) in [
            (ThemePreference::System, t!("menu-theme-system")),
            (ThemePreference::Dark, t!("menu-theme-dark")),
            (ThemePreference::Light, t!("menu-theme-light")),
        ] {
            if ui.selectable_label(now == theme, label).clicked() {
                ui.ctx().set_theme(theme);
            }
        }
    });
}

/// The keyboard shortcuts pressed this frame (consumed, so no widget sees them too).
/// Ctrl+E exports again in `last_export`, the format the menu used last; Ctrl+D opens the
/// compare view, Ctrl+T the Detect view and Ctrl+L the load-test view; Esc closes the one
/// open (`open_view`, the intent that closes it), or else cancels.
pub fn shortcuts(
    ctx: &egui::Context,
    last_export: Format,
    open_view: Option<Intent>,
) -> Vec<Intent> {
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
        (
            Key::Escape,
            Modifiers::NONE,
            open_view.unwrap_or(Intent::Cancel),
        ),
        (Key::D, cmd, Intent::OpenCompare),
        (Key::T, cmd, Intent::OpenDetect),
        (Key::L, cmd, Intent::OpenLoad),
        (Key::E, cmd, Intent::Export(last_export)),
        (Key::N, cmd, Intent::NewProfile),
    ] {
        if pressed(key, modifiers) {
            asked.push(intent);
        }
    }
    asked
}
