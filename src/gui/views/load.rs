//! The load-test view, in the session area's place: the command line's `smtp-lens bulk`
//! options over the selected profile's settings (server, security, login, connections,
//! messages with the cap, messages a connection, size, rate, duration, sender, recipients),
//! each field's problem beside it, the public-provider warning with its confirmation, Start and
//! Cancel; while it runs, a progress bar and two live plots (messages a second, latency of the
//! message replies); when done, the summary with the refusals explained and the first failing
//! session's transcript. Draws the words it is handed; words nothing itself.

use egui::{Color32, RichText, TextEdit, Ui};
use egui_plot::{Line, Plot, PlotPoints};

use super::Intent;
use crate::gui::loading::{LineTone, Loading, Words};
use crate::gui::palette;
use crate::intent::load::{LoadField, LoadInput};
use crate::present::{self, t};
use crate::proto::ReplyClass;
use crate::proto::session::Security;

/// What the view shows besides the fields and the run.
pub struct Shown<'a> {
    /// The name of the profile whose settings the run uses; None: no profile is selected.
    pub profile: Option<&'a str>,
    /// Each field's problems, in words.
    pub problems: &'a [(LoadField, String)],
    /// The server is a public provider's: the confirmation is offered.
    pub guarded: bool,
    /// The server field takes the keyboard (the view was just opened).
    pub focus_server: bool,
}

/// The height of each plot.
const PLOT_HEIGHT: f32 = 120.0;

/// The load-test view; `input` is the fields' buffers, `state` the run and its report.
pub fn show(ui: &mut Ui, input: &mut LoadInput, state: &Loading, shown: &Shown) -> Vec<Intent> {
    let mut asked = Vec::new();
    ui.horizontal_wrapped(|ui| {
        ui.heading(t!("window-load-heading"));
        if ui.button(t!("window-load-close")).clicked() {
            asked.push(Intent::CloseLoad);
        }
    });
    let intro = match shown.profile {
        Some(name) => t!("window-load-from-profile", profile = name),
        None => t!("window-load-no-profile"),
    };
    ui.add(egui::Label::new(RichText::new(intro).weak()).wrap());
    let running = state.running.is_some();
    egui::ScrollArea::vertical()
        .id_salt("load-view")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.add_enabled_ui(!running, |ui| fields(ui, input, shown, &mut asked));
            buttons(ui, state, &mut asked);
            ui.separator();
            if running || !state.samples.is_empty() {
                live(ui, state);
            }
            match state.words() {
                Some(words) => finished(ui, words),
                None if !running => {
                    ui.add(egui::Label::new(t!("window-load-intro")).wrap());
                }
                None => {}
            }
        });
    asked
}

/// The fields, a row each: its label, then the field with its problems under it.
fn fields(ui: &mut Ui, input: &mut LoadInput, shown: &Shown, asked: &mut Vec<Intent>) {
    let width = (ui.available_width() * 0.5).clamp(160.0, 420.0);
    let problems = |field: LoadField| -> Vec<&str> {
        shown
            .problems
            .iter()
            .filter(|(f, _)| *f == field)
            .map(|(_, p)| p.as_str())
            .collect()
    };
    let mut enter = false;
    egui::Grid::new("load-fields")
        .num_columns(2)
        .spacing([8.0, 4.0])
        .show(ui, |ui| {
            let cap = crate::bulk::DEFAULT_CAP;
            let mut row = |ui: &mut Ui,
                           field: LoadField,
                           label: String,
                           hint: String,
                           text: &mut String,
                           below: &mut dyn FnMut(&mut Ui)| {
                let l = ui.label(label);
                ui.vertical(|ui| {
                    let r = ui
                        .add(
                            TextEdit::singleline(text)
                                .hint_text(hint)
                                .desired_width(width),
                        )
                        .labelled_by(l.id);
                    if field == LoadField::Server && shown.focus_server {
                        r.request_focus();
                    }
                    if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                        enter = true;
                    }
                    problem_lines(ui, &problems(field), width);
                    below(ui);
                });
                ui.end_row();
            };
            row(
                ui,
                LoadField::Server,
                t!("window-load-server"),
                t!("window-load-server-hint"),
                &mut input.server,
                &mut |ui| {
                    if shown.guarded {
                        ui.checkbox(&mut input.permitted, t!("window-load-permitted"));
                    }
                },
            );
            let l = ui.label(t!("window-load-security"));
            egui::ComboBox::from_id_salt("load-security")
                .selected_text(present::security(input.security))
                .show_ui(ui, |ui| {
                    for s in [
                        Security::StartTlsRequired,
                        Security::StartTlsIfOffered,
                        Security::ImplicitTls,
                        Security::None,
                    ] {
                        ui.selectable_value(&mut input.security, s, present::security(s));
                    }
                })
                .response
                .labelled_by(l.id);
            ui.end_row();
            ui.label("");
            ui.vertical(|ui| {
                ui.checkbox(&mut input.login, t!("window-load-login"));
                problem_lines(ui, &problems(LoadField::Login), width);
            });
            ui.end_row();
            let messages_empty = input.messages.trim().is_empty();
            for (field, label, hint, text) in [
                (
                    LoadField::Connections,
                    t!("window-load-connections"),
                    t!("window-load-connections-hint"),
                    &mut input.connections,
                ),
                (
                    LoadField::Messages,
                    t!("window-load-messages"),
                    t!("window-load-messages-hint", cap = cap),
                    &mut input.messages,
                ),
                (
                    LoadField::PerConnection,
                    t!("window-load-per-connection"),
                    t!("window-load-per-connection-hint"),
                    &mut input.per_connection,
                ),
                (
                    LoadField::Size,
                    t!("window-load-size"),
                    t!("window-load-size-hint"),
                    &mut input.size,
                ),
                (
                    LoadField::Rate,
                    t!("window-load-rate"),
                    t!("window-load-rate-hint"),
                    &mut input.rate,
                ),
                (
                    LoadField::Duration,
                    t!("window-load-duration"),
                    t!("window-load-duration-hint"),
                    &mut input.duration,
                ),
                (
                    LoadField::From,
                    t!("window-load-from"),
                    t!("window-load-from-hint"),
                    &mut input.from,
                ),
                (
                    LoadField::To,
                    t!("window-load-to"),
                    t!("window-load-to-hint"),
                    &mut input.to,
                ),
            ] {
                row(ui, field, label, hint, text, &mut |ui| {
                    if field == LoadField::Messages && messages_empty {
                        ui.label(RichText::new(t!("window-load-cap-note", cap = cap)).small());
                    }
                });
            }
        });
    if enter {
        asked.push(Intent::LoadStart);
    }
}

/// A field's problems under it, in the problem colour, wrapped to the field's width.
fn problem_lines(ui: &mut Ui, problems: &[&str], width: f32) {
    for p in problems {
        let colour = palette::problem(ui);
        ui.scope(|ui| {
            ui.set_max_width(width);
            ui.add(egui::Label::new(RichText::new(*p).color(colour)).wrap());
        });
    }
}

/// Start and Cancel, and what runs.
fn buttons(ui: &mut Ui, state: &Loading, asked: &mut Vec<Intent>) {
    let running = state.running.is_some();
    ui.horizontal_wrapped(|ui| {
        if ui
            .add_enabled(!running, egui::Button::new(t!("window-load-start")))
            .clicked()
        {
            asked.push(Intent::LoadStart);
        }
        if ui
            .add_enabled(running, egui::Button::new(t!("window-load-cancel")))
            .clicked()
        {
            asked.push(Intent::LoadCancel);
        }
        if let Some(r) = &state.running {
            ui.spinner();
            ui.label(t!("window-load-running", server = r.server.as_str()));
        }
    });
}

/// The progress bar, the progress line and the two plots.
fn live(ui: &mut Ui, state: &Loading) {
    let planned = state.planned.max(1);
    let fraction = (state.sent as f32 / planned as f32).clamp(0.0, 1.0);
    ui.add(egui::ProgressBar::new(fraction).text(t!(
        "window-load-progress",
        sent = state.sent,
        planned = state.planned
    )));
    if !state.progress.is_empty() && state.running.is_some() {
        ui.add(egui::Label::new(RichText::new(&state.progress).weak()).wrap());
    }
    let rate: PlotPoints = state.samples.iter().map(|s| [s.secs, s.per_sec]).collect();
    let latency: PlotPoints = state
        .samples
        .iter()
        .filter_map(|s| s.latency_ms.map(|l| [s.secs, l]))
        .collect();
    let last = state.samples.last();
    let rate_now = last.map(|s| format!("{:.0}", s.per_sec));
    let latency_now = state
        .samples
        .iter()
        .rev()
        .find_map(|s| s.latency_ms)
        .map(|l| format!("{l:.2}"));
    let rate_colour = palette::class(ui, ReplyClass::PositiveCompletion);
    let latency_colour = palette::class(ui, ReplyClass::PositiveIntermediate);
    ui.columns(2, |columns| {
        plot(
            &mut columns[0],
            "load-rate",
            t!("window-load-plot-rate"),
            rate_now,
            rate,
            rate_colour,
        );
        plot(
            &mut columns[1],
            "load-latency",
            t!("window-load-plot-latency"),
            latency_now,
            latency,
            latency_colour,
        );
    });
}

/// One plot of a series over the run's seconds, from 0 up, fixed (no zoom or drag: it
/// follows the run); its title ends with the latest value, `now`.
fn plot(
    ui: &mut Ui,
    id: &str,
    title: String,
    now: Option<String>,
    points: PlotPoints,
    colour: Color32,
) {
    let heading = match now {
        Some(v) => format!("{title}: {v}"),
        None => title.clone(),
    };
    ui.label(RichText::new(heading).strong());
    Plot::new(id)
        .height(PLOT_HEIGHT)
        .include_x(0.0)
        .include_y(0.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_x(false)
        .show_y(false)
        .y_axis_min_width(40.0)
        .y_grid_spacer(egui_plot::log_grid_spacer(5))
        .y_axis_formatter(|mark, _| axis_number(mark.value))
        .x_axis_label(t!("window-load-plot-seconds"))
        .show(ui, |p| {
            p.line(Line::new(title, points).color(colour).width(2.0));
        });
}

/// A value on a plot's axis with about three significant digits, so that latencies under a
/// millisecond read as 0.04 and 0.06 rather than 0.0 and 0.0.
fn axis_number(value: f64) -> String {
    let size = value.abs();
    let text = if size >= 100.0 {
        format!("{value:.0}")
    } else if size >= 10.0 {
        format!("{value:.1}")
    } else if size >= 1.0 {
        format!("{value:.2}")
    } else {
        format!("{value:.3}")
    };
    // 5.00 reads as 5, 0.600 as 0.6.
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// The summary (headings strong, the lines under them indented) and the first failing
/// session's transcript.
fn finished(ui: &mut Ui, words: &Words) {
    ui.add_space(6.0);
    for line in &words.summary {
        let text = line.trim_start();
        let depth = (line.len() - text.len()) / 2;
        ui.horizontal(|ui| {
            ui.add_space(12.0 * depth as f32);
            let rich = RichText::new(text);
            let rich = if depth == 0 { rich.strong() } else { rich };
            ui.add(egui::Label::new(rich).wrap());
        });
    }
    if words.failure.is_empty() {
        return;
    }
    ui.add_space(6.0);
    egui::CollapsingHeader::new(t!("window-load-first-failure"))
        .id_salt("load-first-failure")
        .default_open(true)
        .show(ui, |ui| {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                for l in &words.failure {
                    let colour = match l.tone {
                        LineTone::Sent => Some(palette::sent(ui)),
                        LineTone::Reply(class) => Some(palette::class(ui, class)),
                        LineTone::Remark => None,
                        LineTone::Problem => Some(palette::problem(ui)),
                    };
                    let mut rich = RichText::new(&l.text).monospace();
                    if let Some(c) = colour {
                        rich = rich.color(c);
                    }
                    ui.add(egui::Label::new(rich).wrap());
                }
            });
        });
}
