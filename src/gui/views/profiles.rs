//! The profile list on the left: search, New, Duplicate, Delete, a preset, the profiles, and
//! the sessions below (this run's and those kept from earlier runs), each with its start time,
//! in the order they started (reopening one does not move it), an earlier one with a button
//! that compares it with the one shown. Edits only the search text it is handed.

use egui::{RichText, TextEdit, Ui};

use super::Intent;
use crate::gui::session::SessionView;
use crate::present::t;
use crate::profile::Profile;
use crate::profile::presets::PRESETS;

/// One session of this run in the list.
pub struct SessionEntry {
    /// When it started: `14:57:17 UTC`.
    pub time: String,
    /// The profile's name and the action.
    pub title: String,
    /// The verdict in words, or "unfinished".
    pub verdict: String,
    /// Its index in the history, None for the session shown.
    pub history: Option<usize>,
}

/// The sessions, newest first by start time: the one shown and the history. A session of an
/// earlier day (UTC, `today`) is shown with its date.
pub fn sessions(
    current: Option<&SessionView>,
    history: &[SessionView],
    today: time::Date,
) -> Vec<SessionEntry> {
    let mut all: Vec<(Option<usize>, &SessionView)> = history
        .iter()
        .enumerate()
        .map(|(i, s)| (Some(i), s))
        .chain(current.map(|s| (None, s)))
        .collect();
    all.sort_by_key(|(_, s)| std::cmp::Reverse(s.record.started_at));
    all.into_iter()
        .map(|(i, s)| SessionEntry {
            time: if s.record.started_at.to_offset(time::UtcOffset::UTC).date() == today {
                crate::present::record::time_of_day(s.record.started_at)
            } else {
                crate::present::record::utc(s.record.started_at)
            },
            title: s.title.clone(),
            verdict: s
                .report()
                .map(entry_words)
                .unwrap_or_else(|| t!("window-unfinished")),
            history: i,
        })
        .collect()
}

/// A finished session in the list in its verdict's words: what passed ("logged in; stopped as
/// asked", not "all accepted" for a test that tried no recipient), or what failed.
fn entry_words(r: &crate::present::verdict::Report) -> String {
    match (r.verdict.is_success(), r.overrides.is_empty()) {
        (true, true) => r.summary.clone(),
        (true, false) => t!("verdict-with-override", verdict = r.summary.as_str()),
        (false, _) => r.verdict_words.clone(),
    }
}

/// The profile list; `search` is the search box's text.
pub fn show(
    ui: &mut Ui,
    profiles: &[Profile],
    selected: Option<usize>,
    search: &mut String,
    sessions: &[SessionEntry],
) -> Vec<Intent> {
    let mut asked = Vec::new();
    ui.heading(t!("window-profiles-heading"));
    let label = ui.label(t!("window-search-profiles"));
    ui.add(TextEdit::singleline(search).hint_text(t!("window-search-hint")))
        .labelled_by(label.id);
    ui.horizontal_wrapped(|ui| {
        if ui
            .button(t!("window-new"))
            .on_hover_text(t!("window-new-hint"))
            .clicked()
        {
            asked.push(Intent::NewProfile);
        }
        if ui
            .add_enabled(
                selected.is_some(),
                egui::Button::new(t!("window-duplicate")),
            )
            .clicked()
        {
            asked.push(Intent::Duplicate);
        }
        if ui
            .add_enabled(selected.is_some(), egui::Button::new(t!("window-delete")))
            .clicked()
        {
            asked.push(Intent::Delete);
        }
    });
    // The label on a row of its own: beside the choice, a narrow list wraps it letter by letter.
    let preset_label = ui.label(t!("window-preset"));
    egui::ComboBox::from_id_salt("preset")
        .selected_text(t!("window-preset-choose"))
        .show_ui(ui, |ui| {
            for preset in PRESETS {
                if ui
                    .selectable_label(false, preset.title())
                    .on_hover_text(preset.note())
                    .clicked()
                {
                    asked.push(Intent::FromPreset(preset));
                }
            }
        })
        .response
        .labelled_by(preset_label.id);
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
                    t!("window-no-name")
                } else {
                    p.name.clone()
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
                ui.label(t!("window-no-profiles"));
            }
        });
    // From the first session on: the one shown is listed too.
    if !sessions.is_empty() {
        ui.separator();
        ui.label(
            RichText::new(t!(
                "window-sessions-heading",
                count = crate::gui::history::MAX_SESSIONS
            ))
            .strong(),
        );
        egui::ScrollArea::vertical()
            .id_salt("session-list")
            .auto_shrink([false, true])
            .show(ui, |ui| {
                for s in sessions {
                    let text = t!(
                        "window-session-entry",
                        time = s.time.as_str(),
                        title = s.title.as_str(),
                        verdict = s.verdict.as_str()
                    );
                    ui.horizontal_top(|ui| {
                        // An earlier session can be compared with the one shown.
                        if let Some(i) = s.history {
                            let b = ui
                                .small_button(t!("window-compare-with"))
                                .on_hover_text(t!("window-compare-with-hint"));
                            let label = t!("window-compare-with-label", entry = text.as_str());
                            b.widget_info(|| {
                                egui::WidgetInfo::labeled(egui::Role::Button, true, &label)
                            });
                            if b.clicked() {
                                asked.push(Intent::CompareWith(i));
                            }
                        }
                        let r = ui.add(
                            egui::Button::selectable(s.history.is_none(), text)
                                .wrap_mode(egui::TextWrapMode::Wrap),
                        );
                        if r.clicked()
                            && let Some(i) = s.history
                        {
                            asked.push(Intent::Reopen(i));
                        }
                    });
                }
            });
    }
    asked
}
