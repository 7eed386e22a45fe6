//! The Detect view, in the session area's place: the target and the optional settings (the
//! command line's `--ports`, `--dns-server`, `--ca-file`, `--timeout`), Start and Cancel; then
//! the report: the recommended settings first (with Save as profile and the exports), the
//! port and security matrix as a grid (a row a host and port, a column a mode, each cell's
//! result in words and coloured by how it reads; a click opens the cell's transcript under
//! its row), the
//! candidate servers, every MX in preference order and the DNS health findings with their
//! explanation and fix. Draws the words made when the report arrived; words nothing itself.

use egui::{Align, Layout, RichText, Sense, TextEdit, Ui};

use super::Intent;
use crate::detect::DetectInput;
use crate::export::Format;
use crate::gui::detecting::{Detecting, GridRow, Words};
use crate::gui::palette;
use crate::present::detect::{Line, Tone};
use crate::present::t;

/// The Detect view; `input` is the fields' buffers, `state` the run and the report;
/// `focus_target` puts the keyboard in the target field (the view was just opened).
pub fn show(
    ui: &mut Ui,
    input: &mut DetectInput,
    state: &Detecting,
    focus_target: bool,
) -> Vec<Intent> {
    let mut asked = Vec::new();
    ui.horizontal_wrapped(|ui| {
        ui.heading(t!("window-detect-heading"));
        if ui.button(t!("window-detect-close")).clicked() {
            asked.push(Intent::CloseDetect);
        }
    });
    let running = state.running.is_some();
    let mut enter = false;
    let width = (ui.available_width() * 0.6).clamp(160.0, 520.0);
    egui::Grid::new("detect-fields")
        .num_columns(2)
        .spacing([8.0, 4.0])
        .show(ui, |ui| {
            for (i, (label, hint, text)) in [
                (
                    t!("window-detect-target"),
                    t!("window-detect-target-hint"),
                    &mut input.target,
                ),
                (
                    t!("window-detect-ports"),
                    t!("window-detect-ports-hint"),
                    &mut input.ports,
                ),
                (
                    t!("window-detect-dns-server"),
                    t!("window-detect-dns-server-hint"),
                    &mut input.dns_server,
                ),
                (
                    t!("window-detect-ca-file"),
                    t!("window-detect-ca-file-hint"),
                    &mut input.ca_file,
                ),
                (
                    t!("window-detect-timeout"),
                    t!("window-detect-timeout-hint"),
                    &mut input.timeout,
                ),
            ]
            .into_iter()
            .enumerate()
            {
                let l = ui.label(label);
                let r = ui
                    .add(
                        TextEdit::singleline(text)
                            .hint_text(hint)
                            .desired_width(width),
                    )
                    .labelled_by(l.id);
                if focus_target && i == 0 {
                    r.request_focus();
                }
                if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                    enter = true;
                }
                ui.end_row();
            }
        });
    ui.horizontal_wrapped(|ui| {
        if ui
            .add_enabled(!running, egui::Button::new(t!("window-detect-start")))
            .clicked()
            || (enter && !running)
        {
            asked.push(Intent::DetectStart);
        }
        if ui
            .add_enabled(running, egui::Button::new(t!("window-detect-cancel")))
            .clicked()
        {
            asked.push(Intent::DetectCancel);
        }
        if let Some(r) = &state.running {
            ui.spinner();
            ui.label(t!("window-detect-running", target = r.target.as_str()));
        }
    });
    ui.separator();
    let Some(words) = state.words() else {
        if !running {
            ui.add(egui::Label::new(t!("window-detect-intro")).wrap());
        }
        return asked;
    };
    egui::ScrollArea::vertical()
        .id_salt("detect-report")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            report(ui, words, state.selected, &mut asked);
        });
    asked
}

/// The report's parts, top to bottom.
fn report(ui: &mut Ui, words: &Words, selected: Option<usize>, asked: &mut Vec<Intent>) {
    ui.label(RichText::new(t!("detect-recommended")).strong());
    let tone = if words.found { Tone::Good } else { Tone::Bad };
    ui.add(egui::Label::new(coloured(ui, &words.recommended, tone).strong()).wrap());
    ui.horizontal_wrapped(|ui| {
        if ui
            .add_enabled(
                words.found,
                egui::Button::new(t!("window-detect-save-profile")),
            )
            .on_hover_text(t!("window-detect-save-profile-hint"))
            .clicked()
        {
            asked.push(Intent::DetectSaveProfile);
        }
        ui.separator();
        ui.label(t!("window-detect-export"));
        for (format, label) in [
            (Format::Html, t!("window-detect-export-html")),
            (Format::Text, t!("window-detect-export-text")),
            (Format::Json, t!("window-detect-export-json")),
        ] {
            if ui.button(label).clicked() {
                asked.push(Intent::DetectExport(format));
            }
        }
    });
    for (label, value) in &words.facts {
        ui.add(egui::Label::new(RichText::new(format!("{label}: {value}")).weak()).wrap());
    }
    ui.add_space(6.0);
    ui.label(RichText::new(t!("detect-matrix")).strong());
    ui.label(RichText::new(t!("window-detect-matrix-hint")).small());
    grid(ui, words, selected, asked);
    ui.add_space(6.0);
    egui::CollapsingHeader::new(t!("window-detect-candidates"))
        .id_salt("detect-candidates")
        .default_open(false)
        .show(ui, |ui| lines(ui, &words.candidates));
    ui.add_space(6.0);
    if !words.domain {
        ui.add(egui::Label::new(t!("window-detect-dns-host")).wrap());
        return;
    }
    ui.label(RichText::new(t!("detect-mx")).strong());
    lines(ui, &words.mx);
    ui.add_space(6.0);
    ui.label(RichText::new(t!("detect-dns")).strong());
    for (tone, f) in &words.findings {
        ui.horizontal_wrapped(|ui| {
            ui.label(coloured(ui, &f.status_words, *tone).strong());
            ui.add(
                egui::Label::new(RichText::new(format!(
                    "{} {}: {}",
                    f.check, f.title, f.detail
                )))
                .wrap(),
            );
        });
        if matches!(tone, Tone::Warn | Tone::Bad) {
            ui.indent(("finding", &f.id, &f.detail), |ui| {
                if !f.meaning.is_empty() {
                    ui.add(egui::Label::new(&f.meaning).wrap());
                }
                for fix in &f.fixes {
                    ui.add(egui::Label::new(format!("{}: {fix}", t!("detect-fix"))).wrap());
                }
            });
        }
    }
}

/// `text` in the colour of `tone` (plain text in the theme's colour).
fn coloured(ui: &Ui, text: &str, tone: Tone) -> RichText {
    let rich = RichText::new(text);
    match palette::tone(ui, tone) {
        Some(c) => rich.color(c),
        None => rich,
    }
}

/// Lines of a section, each coloured by its tone and indented by its depth.
fn lines(ui: &mut Ui, lines: &[Line]) {
    for l in lines {
        ui.horizontal(|ui| {
            ui.add_space(16.0 * f32::from(l.depth));
            ui.add(egui::Label::new(coloured(ui, &l.text, l.tone)).wrap());
        });
    }
}

/// The matrix: a header of the modes, then a row a host and port; each cell's words wrap in
/// its column, and a click on one asks for its transcript. The chosen cell is underlined.
fn grid(ui: &mut Ui, words: &Words, selected: Option<usize>, asked: &mut Vec<Intent>) {
    let spacing = ui.spacing().item_spacing.x;
    let full = ui.available_width();
    let first = (full * 0.24).clamp(120.0, 240.0);
    let column = ((full - first - 3.0 * spacing) / 3.0).max(90.0);
    ui.horizontal_top(|ui| {
        cell(ui, first, |ui| {
            ui.label(RichText::new(t!("window-detect-host-port")).strong());
        });
        for m in &words.modes {
            cell(ui, column, |ui| {
                ui.label(RichText::new(m).strong());
            });
        }
    });
    ui.separator();
    for row in &words.grid {
        row_of(ui, row, [first, column], selected, asked);
        // The chosen cell's transcript opens under its row.
        let chosen = row
            .cells
            .iter()
            .flatten()
            .any(|c| Some(c.index) == selected);
        if chosen && let Some(tr) = &words.transcript {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new(&tr.heading).strong());
                for l in &tr.lines {
                    ui.add(egui::Label::new(RichText::new(l).monospace()).wrap());
                }
            });
        }
        ui.add_space(2.0);
    }
}

/// One row of the grid: the host and port with its source, then a cell per mode.
fn row_of(
    ui: &mut Ui,
    row: &GridRow,
    [first, column]: [f32; 2],
    selected: Option<usize>,
    asked: &mut Vec<Intent>,
) {
    ui.horizontal_top(|ui| {
        cell(ui, first, |ui| {
            ui.label(RichText::new(&row.label).monospace());
            ui.label(RichText::new(&row.source).small());
        });
        for c in &row.cells {
            cell(ui, column, |ui| {
                let Some(c) = c else {
                    return;
                };
                let mut rich = coloured(ui, &c.words, c.tone);
                if selected == Some(c.index) {
                    rich = rich.underline().strong();
                }
                if ui
                    .add(egui::Label::new(rich).wrap().sense(Sense::click()))
                    .on_hover_cursor(egui::CursorIcon::PointingHand)
                    .clicked()
                {
                    asked.push(Intent::DetectSelectCell(c.index));
                }
            });
        }
    });
}

/// One cell of the grid: `width` wide, its contents wrapped within it.
fn cell(ui: &mut Ui, width: f32, add: impl FnOnce(&mut Ui)) {
    ui.allocate_ui_with_layout(egui::vec2(width, 0.0), Layout::top_down(Align::Min), |ui| {
        ui.set_width(width);
        add(ui);
    });
}
