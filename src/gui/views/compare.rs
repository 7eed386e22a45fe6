//! The compare view, in the session area's place: the two sessions chosen (each from the
//! window's sessions or from an exported file), the summary first (a change for the better in
//! the passed colour, for the worse in the problem colour, each with its word in front, so
//! colour is never the only sign), then the aligned steps as a grid (step, first session,
//! second session; a row that differs is marked *), then what is not compared. Draws the words
//! worked out when the sessions were chosen; words nothing itself.

use egui::{Align, Layout, RichText, Ui};

use super::Intent;
use super::profiles::SessionEntry;
use crate::compare::Tone;
use crate::gui::comparison::{Comparing, Which};
use crate::gui::palette;
use crate::present::t;
use crate::proto::ReplyClass;

/// The compare view; `sessions` are the window's sessions to choose from, newest first.
pub fn show(ui: &mut Ui, comparing: &Comparing, sessions: &[SessionEntry]) -> Vec<Intent> {
    let mut asked = Vec::new();
    ui.horizontal_wrapped(|ui| {
        ui.heading(t!("window-compare-heading"));
        if ui.button(t!("window-compare-swap")).clicked() {
            asked.push(Intent::CompareSwap);
        }
        if ui.button(t!("window-compare-close")).clicked() {
            asked.push(Intent::CloseCompare);
        }
    });
    let sides = [
        (Which::First, t!("window-compare-first"), &comparing.first),
        (
            Which::Second,
            t!("window-compare-second"),
            &comparing.second,
        ),
    ];
    // The two choices start at the same place: after the longer of their names.
    let font = egui::TextStyle::Body.resolve(ui.style());
    let name_width = sides
        .iter()
        .map(|(_, name, _)| {
            ui.painter()
                .layout_no_wrap(name.clone(), font.clone(), egui::Color32::PLACEHOLDER)
                .size()
                .x
        })
        .fold(0.0, f32::max);
    for (which, name, side) in sides {
        ui.horizontal(|ui| {
            let l = ui
                .allocate_ui_with_layout(
                    egui::vec2(name_width, ui.spacing().interact_size.y),
                    Layout::left_to_right(Align::Center),
                    |ui| {
                        ui.set_width(name_width);
                        ui.label(name)
                    },
                )
                .inner;
            // Right to left: the file button keeps its place at the edge, and the choice takes
            // the room left between them, its text cut short if it must be.
            ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                if ui
                    .button(t!("window-compare-from-file"))
                    .on_hover_text(t!("window-compare-from-file-hint"))
                    .clicked()
                {
                    asked.push(Intent::CompareFile(which));
                }
                let chosen = side
                    .as_ref()
                    .map(|s| s.label())
                    .unwrap_or_else(|| t!("window-compare-choose"));
                let combo = egui::ComboBox::from_id_salt(("compare-side", which == Which::First))
                    .selected_text(chosen)
                    .width(ui.available_width())
                    .truncate()
                    .show_ui(ui, |ui| {
                        for s in sessions {
                            let text = t!(
                                "window-session-entry",
                                time = s.time.as_str(),
                                title = s.title.as_str(),
                                verdict = s.verdict.as_str()
                            );
                            if ui.selectable_label(false, text).clicked() {
                                asked.push(Intent::CompareChoose(which, s.history));
                            }
                        }
                        if sessions.is_empty() {
                            ui.label(t!("window-compare-no-sessions"));
                        }
                    });
                combo.response.labelled_by(l.id);
            });
        });
    }
    ui.separator();
    let Some(words) = comparing.words() else {
        ui.label(t!("window-compare-pick-two"));
        return asked;
    };
    egui::ScrollArea::vertical()
        .id_salt("compare")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.label(RichText::new(t!("window-compare-summary")).strong());
            for (tone, line) in &words.summary {
                let (text, colour) = match tone {
                    Tone::Better => (
                        t!("window-tone-better", change = line.as_str()),
                        Some(palette::class(ui, ReplyClass::PositiveCompletion)),
                    ),
                    Tone::Worse => (
                        t!("window-tone-worse", change = line.as_str()),
                        Some(palette::problem(ui)),
                    ),
                    Tone::Neutral => (line.clone(), None),
                };
                let mut rich = RichText::new(text);
                if let Some(c) = colour {
                    rich = rich.color(c).strong();
                }
                ui.add(egui::Label::new(rich).wrap());
            }
            ui.add_space(6.0);
            ui.label(RichText::new(t!("window-compare-steps")).strong());
            grid(ui, words);
            ui.add_space(6.0);
            ui.add(egui::Label::new(RichText::new(t!("compare-masked")).small()).wrap());
        });
    asked
}

/// The aligned steps: a marker column (* where the sessions differ), the step, the first
/// session's reply, the second's. Each cell wraps within its column.
fn grid(ui: &mut Ui, words: &crate::gui::comparison::Words) {
    let spacing = ui.spacing().item_spacing.x;
    let full = ui.available_width();
    let mark = 12.0;
    let step = (full * 0.22).clamp(90.0, 220.0);
    let reply = ((full - mark - step - 3.0 * spacing) / 2.0).max(80.0);
    let cell = |ui: &mut Ui, width: f32, text: RichText| {
        ui.allocate_ui_with_layout(egui::vec2(width, 0.0), Layout::top_down(Align::Min), |ui| {
            ui.set_width(width);
            ui.add(egui::Label::new(text).wrap());
        });
    };
    ui.horizontal_top(|ui| {
        cell(ui, mark, RichText::new(""));
        cell(ui, step, RichText::new(t!("window-compare-step")).strong());
        cell(
            ui,
            reply,
            RichText::new(t!("window-compare-first")).strong(),
        );
        cell(
            ui,
            reply,
            RichText::new(t!("window-compare-second")).strong(),
        );
    });
    ui.separator();
    for r in &words.rows {
        ui.horizontal_top(|ui| {
            let strong = |s: &str| {
                let t = RichText::new(s);
                if r.differs { t.strong() } else { t }
            };
            cell(
                ui,
                mark,
                RichText::new(if r.differs { "*" } else { "" }).strong(),
            );
            cell(ui, step, strong(&r.step));
            cell(ui, reply, strong(&r.before));
            cell(ui, reply, strong(&r.after));
        });
    }
    ui.label(t!("window-compare-marked"));
}
