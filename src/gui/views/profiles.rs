//! The profile list on the left: search, New, Duplicate, Delete, a preset, the profiles, and
//! this run's earlier sessions below. Edits only the search text it is handed.

use egui::{RichText, TextEdit, Ui};

use super::Intent;
use crate::gui::session::SessionView;
use crate::profile::Profile;
use crate::profile::presets::PRESETS;

/// The profile list; `search` is the search box's text.
pub fn show(
    ui: &mut Ui,
    profiles: &[Profile],
    selected: Option<usize>,
    search: &mut String,
    history: &[SessionView],
) -> Vec<Intent> {
    let mut asked = Vec::new();
    ui.heading("Profiles");
    let label = ui.label("Search profiles");
    ui.add(TextEdit::singleline(search).hint_text("name or server"))
        .labelled_by(label.id);
    ui.horizontal_wrapped(|ui| {
        if ui
            .button("New")
            .on_hover_text("New empty profile (Ctrl+N)")
            .clicked()
        {
            asked.push(Intent::NewProfile);
        }
        if ui
            .add_enabled(selected.is_some(), egui::Button::new("Duplicate"))
            .clicked()
        {
            asked.push(Intent::Duplicate);
        }
        if ui
            .add_enabled(selected.is_some(), egui::Button::new("Delete"))
            .clicked()
        {
            asked.push(Intent::Delete);
        }
    });
    egui::ComboBox::from_label("Preset")
        .selected_text("New from preset...")
        .show_ui(ui, |ui| {
            for preset in PRESETS {
                if ui
                    .selectable_label(false, preset.name)
                    .on_hover_text(preset.note)
                    .clicked()
                {
                    asked.push(Intent::FromPreset(preset));
                }
            }
        });
    ui.separator();
    let needle = search.to_lowercase();
    egui::ScrollArea::vertical()
        .id_salt("profile-list")
        .max_height(ui.available_height() * 0.6)
        .show(ui, |ui| {
            for (i, p) in profiles.iter().enumerate() {
                if !needle.is_empty()
                    && !p.name.to_lowercase().contains(&needle)
                    && !p.server.to_lowercase().contains(&needle)
                {
                    continue;
                }
                let label = if p.name.trim().is_empty() {
                    "(no name)"
                } else {
                    p.name.as_str()
                };
                if ui
                    .selectable_label(selected == Some(i), label)
                    .on_hover_text(format!("{}:{}", p.server, p.port))
                    .clicked()
                {
                    asked.push(Intent::Select(i));
                }
            }
            if profiles.is_empty() {
                ui.label("No profiles yet: press New or pick a preset.");
            }
        });
    if !history.is_empty() {
        ui.separator();
        ui.label(RichText::new("Earlier sessions of this run").strong());
        for (i, s) in history.iter().enumerate().rev() {
            let verdict = s
                .outcome()
                .map(|o| crate::present::verdict(o.verdict))
                .unwrap_or_else(|| String::from("unfinished"));
            if ui
                .selectable_label(false, format!("{} ({verdict})", s.title))
                .clicked()
            {
                asked.push(Intent::Reopen(i));
            }
        }
    }
    asked
}
