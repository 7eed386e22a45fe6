//! The middle of the window: the action buttons, then the current session (title, verdict, TLS
//! cards, filters, explanation, transcript), each drawn by its own view. Edits only the filter
//! it is handed; everything else the user asks for comes back as intents.

use egui::{RichText, TextEdit, Ui};

use super::{Intent, explanation, tls, transcript, verdict};
use crate::gui::session::{Filter, SessionView};
use crate::profile::Action;

/// The session area. `busy` while a session runs (or is being prepared), `can_start` when a
/// profile is selected.
pub fn show(
    ui: &mut Ui,
    current: Option<&SessionView>,
    filter: &mut Filter,
    busy: bool,
    can_start: bool,
) -> Vec<Intent> {
    let mut asked = actions(ui, busy, can_start);
    ui.separator();
    let Some(s) = current else {
        ui.label("Pick a profile and press an action: the transcript appears here as it happens.");
        return asked;
    };
    ui.label(RichText::new(&s.title).strong());
    verdict::show(ui, s.report(), s.is_running());
    tls::show(ui, &s.tls());
    asked.extend(filters(ui, s, filter));
    let explained = egui::Panel::bottom("explanation")
        .resizable(true)
        .default_size(190.0)
        .min_size(120.0)
        .show(ui, |ui| explanation::show(ui, s))
        .inner;
    asked.extend(explained);
    asked.extend(transcript::show(ui, s));
    asked
}

/// The four actions with their shortcuts, Cancel, and a spinner while a session runs.
fn actions(ui: &mut Ui, busy: bool, can_start: bool) -> Vec<Intent> {
    let mut asked = Vec::new();
    ui.horizontal_wrapped(|ui| {
        for (action, keys) in [
            (Action::TestConnection, "Ctrl+1"),
            (Action::TestLogin, "Ctrl+2"),
            (Action::TestRecipients, "Ctrl+3"),
            (Action::SendTestMessage, "Ctrl+Enter"),
        ] {
            let b = ui.add_enabled(!busy && can_start, egui::Button::new(action.label()));
            if b.on_hover_text(keys).clicked() {
                asked.push(Intent::Start(action));
            }
        }
        if ui
            .add_enabled(busy, egui::Button::new("Cancel"))
            .on_hover_text("Esc")
            .clicked()
        {
            asked.push(Intent::Cancel);
        }
        if busy {
            ui.spinner();
        }
    });
    asked
}

/// Replies only, problems only, find; copying the visible rows or all of them.
fn filters(ui: &mut Ui, s: &SessionView, filter: &mut Filter) -> Vec<Intent> {
    let mut asked = Vec::new();
    ui.horizontal_wrapped(|ui| {
        ui.checkbox(&mut filter.replies_only, "Replies only");
        ui.checkbox(&mut filter.problems_only, "Problems only");
        let l = ui.label("Find");
        ui.add(TextEdit::singleline(&mut filter.search).desired_width(160.0))
            .labelled_by(l.id);
        if ui.button("Copy visible").clicked() {
            let text = s.rows_as_text(s.visible.iter().filter_map(|&i| s.rows.get(i)));
            asked.push(Intent::Copy(text));
        }
        if ui.button("Copy all").clicked() {
            asked.push(Intent::Copy(s.rows_as_text(s.rows.iter())));
        }
    });
    asked
}
