//! The messages at the bottom: every warning and error not dismissed yet, each with its time and
//! a Dismiss button; below them the newest remark; Undo for a deleted profile; and the message
//! log (every message of the run with its time). Says nothing of its own beyond its labels.

use egui::RichText;

use super::Intent;
use crate::gui::messages::{Level, Message, Messages};
use crate::gui::palette;
use crate::present::t;

/// How many waiting messages are listed before "and N more" (the log has them all).
const SHOWN_WAITING: usize = 4;

/// The messages area; `can_undo` when a deleted profile can still be brought back, `log_open`
/// when the log is open.
pub fn show(ui: &mut egui::Ui, messages: &Messages, can_undo: bool, log_open: bool) -> Vec<Intent> {
    let mut asked = Vec::new();
    let waiting: Vec<&Message> = messages.waiting().collect();
    // Newest first, so the latest problem is the one nearest the remark line.
    for m in waiting.iter().rev().take(SHOWN_WAITING) {
        ui.horizontal_wrapped(|ui| {
            // The button first, so it does not move when the text changes under the pointer.
            if ui
                .button(t!("window-dismiss"))
                .on_hover_text(t!("window-dismiss-hint"))
                .clicked()
            {
                asked.push(Intent::Dismiss(m.id));
            }
            line(ui, m);
        });
    }
    ui.horizontal_wrapped(|ui| {
        if waiting.len() > SHOWN_WAITING {
            let more = waiting.len() - SHOWN_WAITING;
            ui.label(t!("window-more-messages", count = more));
        }
        if waiting.len() > 1 && ui.button(t!("window-dismiss-all")).clicked() {
            asked.push(Intent::DismissAll);
        }
        if ui
            .selectable_label(
                log_open,
                t!("window-messages", count = messages.all().len()),
            )
            .clicked()
        {
            asked.push(Intent::ShowLog(!log_open));
        }
        if can_undo {
            if ui.button(t!("window-undo-delete")).clicked() {
                asked.push(Intent::UndoDelete);
            } else if ui
                .small_button(t!("window-forget-deleted"))
                .on_hover_text(t!("window-forget-deleted-hint"))
                .clicked()
            {
                asked.push(Intent::ForgetDeleted);
            }
        }
        if let Some(m) = messages.latest_remark() {
            line(ui, m);
        }
    });
    asked
}

/// The message log: every message of this run, newest first, with its time and level.
pub fn log(ui: &mut egui::Ui, messages: &Messages) -> Vec<Intent> {
    let mut asked = Vec::new();
    ui.horizontal(|ui| {
        ui.strong(t!("window-log-title"));
        if ui.button(t!("window-close")).clicked() {
            asked.push(Intent::ShowLog(false));
        }
    });
    egui::ScrollArea::vertical()
        .id_salt("message-log")
        .auto_shrink(false)
        .show(ui, |ui| {
            for m in messages.all().iter().rev() {
                ui.horizontal_wrapped(|ui| line(ui, m));
            }
        });
    asked
}

/// One message: its time, its level in words (never by colour alone), its text.
fn line(ui: &mut egui::Ui, m: &Message) {
    let (level, colour) = match m.level {
        Level::Info => (None, ui.visuals().text_color()),
        Level::Warning => (Some(t!("window-level-warning")), ui.visuals().warn_fg_color),
        Level::Error => (Some(t!("window-level-error")), palette::problem(ui)),
    };
    ui.label(RichText::new(&m.time).monospace().weak());
    if let Some(level) = level {
        ui.label(RichText::new(level).color(colour).strong());
    }
    ui.label(RichText::new(&m.text).color(colour));
}
