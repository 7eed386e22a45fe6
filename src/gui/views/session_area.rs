//! The middle of the window: the action buttons, then the current session (title, verdict, TLS
//! cards, filters, explanation, transcript), each drawn by its own view. The verdict and the
//! TLS cards get a bounded share of the height, the explanation a pane that can be enlarged,
//! the transcript the rest, so nothing is drawn over anything else at any window size. Edits
//! only the filter it is handed; everything else the user asks for comes back as intents.

use egui::{RichText, TextEdit, Ui};

use super::{Intent, explanation, tls, transcript, verdict};
use crate::gui::session::{Filter, SessionView};
use crate::present::t;
use crate::profile::Action;

/// What the session area shows besides the session: the app's state it draws.
#[derive(Debug, Clone, Copy, Default)]
pub struct Shown {
    /// A session runs (or is being prepared).
    pub busy: bool,
    /// A profile is selected.
    pub can_start: bool,
    /// The verdict lists every recipient.
    pub all_recipients: bool,
    /// The explanation pane is enlarged.
    pub explanation_large: bool,
    /// The transcript scrolls to its selected row this frame.
    pub scroll_to_selected: bool,
    /// The explanation takes the keyboard this frame.
    pub focus_explanation: bool,
    /// The transcript takes the keyboard this frame (a row was clicked).
    pub focus_transcript: bool,
}

/// The share of the session area's height the verdict banner and the TLS cards may take.
const HEAD_SHARE: f32 = 0.3;

/// The session area.
pub fn show(
    ui: &mut Ui,
    current: Option<&SessionView>,
    filter: &mut Filter,
    shown: &Shown,
) -> Vec<Intent> {
    let mut asked = actions(ui, shown.busy, shown.can_start);
    ui.separator();
    let Some(s) = current else {
        ui.label(t!("window-no-session"));
        return asked;
    };
    ui.label(RichText::new(&s.title).strong());
    let head = (ui.available_height() * HEAD_SHARE).max(60.0);
    // One scroll state a session: a new one shows its headline, not the last one's scroll.
    egui::ScrollArea::vertical()
        .id_salt(("session-head", s.record.started_at, &s.title))
        .max_height(head)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            asked.extend(verdict::show(
                ui,
                s.report(),
                s.is_running(),
                shown.all_recipients,
                s.record.settings.stop_after >= crate::proto::StopAfter::Rcpt,
            ));
            tls::show(ui, &s.tls());
        });
    asked.extend(filters(ui, s, filter));
    let height = ui.available_height();
    // Two panes with their own ids: enlarging starts from the enlarged size, and going back
    // finds the size the user left the normal pane at.
    let (id, share) = if shown.explanation_large {
        ("explanation-large", 0.75)
    } else {
        ("explanation", 0.5)
    };
    let explained = egui::Panel::bottom(id)
        .resizable(true)
        .default_size(height * share)
        .min_size(80.0)
        .max_size(height * 0.85)
        .show(ui, |ui| {
            explanation::show(ui, s, shown.explanation_large, shown.focus_explanation)
        })
        .inner;
    asked.extend(explained);
    // Filters kept from an earlier session may hide every line: said, with the way out.
    if s.visible.is_empty() && !s.rows.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.label(t!("window-no-line-matches"));
            if ui.button(t!("window-clear-filters")).clicked() {
                *filter = Filter::default();
            }
        });
    }
    asked.extend(transcript::show(
        ui,
        s,
        shown.scroll_to_selected,
        shown.focus_transcript,
    ));
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
            .add_enabled(busy, egui::Button::new(t!("window-cancel")))
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
        ui.checkbox(&mut filter.replies_only, t!("window-replies-only"));
        ui.checkbox(&mut filter.problems_only, t!("window-problems-only"));
        let l = ui.label(t!("window-find"));
        // The search field gives up width (down to 80 points) before a copy button would
        // wrap to a row of its own: in some languages their words are long.
        let (copy_visible, copy_all) = (t!("window-copy-visible"), t!("window-copy-all"));
        let font = egui::TextStyle::Button.resolve(ui.style());
        let spacing = ui.spacing().clone();
        let button = |text: &str| {
            ui.painter()
                .layout_no_wrap(text.to_string(), font.clone(), egui::Color32::PLACEHOLDER)
                .size()
                .x
                + 2.0 * spacing.button_padding.x
                + spacing.item_spacing.x
        };
        let room = ui.available_size_before_wrap().x
            - button(&copy_visible)
            - button(&copy_all)
            - spacing.item_spacing.x;
        ui.add(TextEdit::singleline(&mut filter.search).desired_width(room.clamp(80.0, 140.0)))
            .labelled_by(l.id);
        if ui.button(copy_visible).clicked() {
            let text = s.rows_as_text(s.visible.iter().filter_map(|&i| s.rows.get(i)));
            asked.push(Intent::Copy(text));
        }
        if ui.button(copy_all).clicked() {
            asked.push(Intent::Copy(s.rows_as_text(s.rows.iter())));
        }
    });
    asked
}
