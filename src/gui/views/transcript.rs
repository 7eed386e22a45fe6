//! The transcript: one row a line, with its time, elapsed time, latency, marker, reply class
//! and text, coloured by class. The columns stay in place and a long line is cut at the pane's
//! edge (the explanation pane shows the selected line whole), so nothing scrolls sideways. Lays
//! out only the visible rows; filters nothing itself.
//!
//! A live session's transcript follows its end unless the user scrolled up or selected a row.
//!
//! The keyboard: the transcript is one stop of Tab (not one a row); there, Up and Down move
//! the selection (Page Up/Down, Home and End too), and Enter opens the selected reply's
//! explanation.

use egui::text::{LayoutJob, TextWrapping};
use egui::{Color32, FontId, Key, Pos2, Rect, Sense, Ui, vec2};

use super::Intent;
use crate::engine::Direction;
use crate::gui::palette;
use crate::gui::session::{Row, SessionView};
use crate::present::t;

/// The height of one transcript row, for `ScrollArea::show_rows`.
const ROW_HEIGHT: f32 = 18.0;

/// Below this width (in points) the class column shows the short form ("5xx").
const WIDE: f32 = 760.0;

/// The transcript rows; `scroll_to_selected` brings the selected row into view; `focus` gives
/// the transcript the keyboard (the frame after a row was clicked: in the click's own frame
/// the click would take it away again). Returns the row the user clicked or moved to, and
/// Enter, as intents.
pub fn show(ui: &mut Ui, s: &SessionView, scroll_to_selected: bool, focus: bool) -> Vec<Intent> {
    let mut asked = Vec::new();
    let total = s.visible.len();
    let selected = s.selected();
    // One stop of Tab for the whole transcript, named for screen readers.
    let area = ui.available_rect_before_wrap();
    let id = ui.unique_id().with("transcript-keys");
    let keys = ui.interact(area, id, Sense::focusable_noninteractive());
    keys.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::ListBox, true, t!("window-transcript"))
    });
    if focus {
        keys.request_focus();
    }
    if keys.has_focus() {
        ui.memory_mut(|m| {
            m.set_focus_lock_filter(
                id,
                egui::EventFilter {
                    vertical_arrows: true,
                    horizontal_arrows: false,
                    tab: false,
                    escape: false,
                },
            )
        });
        let page = ((area.height() / ROW_HEIGHT) as isize - 1).max(1);
        let moved = ui.input(|i| {
            if i.key_pressed(Key::ArrowDown) {
                Some(1)
            } else if i.key_pressed(Key::ArrowUp) {
                Some(-1)
            } else if i.key_pressed(Key::PageDown) {
                Some(page)
            } else if i.key_pressed(Key::PageUp) {
                Some(-page)
            } else if i.key_pressed(Key::End) {
                Some(isize::MAX / 2)
            } else if i.key_pressed(Key::Home) {
                Some(-(isize::MAX / 2))
            } else {
                None
            }
        });
        if let Some(by) = moved {
            asked.push(Intent::MoveSelection(by));
        }
        if ui.input(|i| i.key_pressed(Key::Enter)) {
            asked.push(Intent::OpenExplanation);
        }
    }
    let spacing = ui.spacing().item_spacing.y;
    // One scroll state a session, so a new one starts following its end whatever the last one
    // was scrolled to; it stops following when the user scrolls up or selects a row.
    let mut scroll = egui::ScrollArea::vertical()
        .id_salt(("transcript", s.record.started_at, &s.title))
        .auto_shrink(false)
        .stick_to_bottom(selected.is_none());
    if scroll_to_selected
        && let Some(at) = selected.and_then(|row| s.visible.iter().position(|&v| v == row))
    {
        // Puts the selected row in the middle of the view.
        let y = at as f32 * (ROW_HEIGHT + spacing) - area.height() / 2.0;
        scroll = scroll.vertical_scroll_offset(y.max(0.0));
    }
    let columns = Columns::measure(ui);
    scroll.show_rows(ui, ROW_HEIGHT, total, |ui, range| {
        for v in range {
            let Some(&i) = s.visible.get(v) else { continue };
            let Some(row) = s.rows.get(i) else { continue };
            if draw_row(ui, row, selected == Some(i), &columns) {
                asked.push(Intent::SelectRow(i));
            }
        }
    });
    asked
}

/// Where the columns start, in points from the row's left edge.
struct Columns {
    elapsed: f32,
    latency: f32,
    marker: f32,
    class: f32,
    text: f32,
    mono: FontId,
    /// The class column shows its long form ("5xx permanent negative").
    long_class: bool,
}

impl Columns {
    fn measure(ui: &Ui) -> Columns {
        let mono = egui::TextStyle::Monospace.resolve(ui.style());
        let ch = ui.fonts_mut(|f| f.glyph_width(&mono, '0'));
        let gap = ch;
        let long_class = ui.available_width() >= WIDE;
        // "14:57:17.610", "+  0.033s", "  33 ms", "🔒<-", "3xx positive intermediate".
        let elapsed = 12.0 * ch + gap;
        let latency = elapsed + 9.0 * ch + gap;
        let marker = latency + 8.0 * ch + gap;
        let class = marker + 4.0 * ch + gap;
        let class_width = if long_class { 25.0 } else { 3.0 } * ch;
        Columns {
            elapsed,
            latency,
            marker,
            class,
            text: class + class_width + gap,
            mono,
            long_class,
        }
    }
}

/// One row; returns true when it was clicked.
fn draw_row(ui: &mut Ui, row: &Row, selected: bool, c: &Columns) -> bool {
    let width = ui.available_width();
    let (rect, response) = ui.allocate_exact_size(vec2(width, ROW_HEIGHT), Sense::CLICK);
    // An empty line (between headers and body) still gets a name a screen reader can say.
    let text = if row.text.is_empty() {
        t!("window-empty-line")
    } else {
        row.text.clone()
    };
    response.widget_info(|| {
        egui::WidgetInfo::selected(egui::Role::ListBoxOption, true, selected, &text)
    });
    if !ui.is_rect_visible(rect) {
        return response.clicked();
    }
    let visuals = ui.visuals();
    let dark = visuals.dark_mode;
    let painter = ui.painter_at(rect);
    if selected {
        painter.rect_filled(rect, 2.0, palette::selected_row(ui));
        painter.rect_stroke(
            rect.shrink(1.0),
            2.0,
            egui::Stroke::new(1.5, palette::focus_in(dark)),
            egui::StrokeKind::Inside,
        );
    } else if response.hovered() {
        painter.rect_filled(
            rect,
            2.0,
            visuals.widgets.hovered.weak_bg_fill.gamma_multiply(0.5),
        );
    }
    let weak = visuals.weak_text_color();
    let y = rect.center().y;
    let at = |x: f32| Pos2::new(rect.left() + x + 4.0, y);
    let cell = |x: f32, s: &str, colour: Color32| {
        painter.text(at(x), egui::Align2::LEFT_CENTER, s, c.mono.clone(), colour);
    };
    cell(0.0, &row.time, weak);
    cell(
        c.elapsed,
        &format!("+{:>7.3}s", row.elapsed_ms as f64 / 1000.0),
        weak,
    );
    if let Some(l) = row.latency_ms {
        cell(c.latency, &format!("{l:>5} ms"), weak);
    }
    let marker = if row.tls {
        format!("🔒{}", row.marker)
    } else {
        format!("  {}", row.marker)
    };
    cell(c.marker, &marker, visuals.text_color());
    if let Some(class) = row.class {
        let long = crate::present::class_tag(class);
        let shown = if c.long_class {
            long.clone()
        } else {
            format!("{}xx", crate::present::class_digit(class))
        };
        // A label of its own, so the class is there in words for screen readers too.
        let tag = Rect::from_min_size(
            Pos2::new(rect.left() + c.class + 4.0, rect.top()),
            vec2(c.text - c.class - 4.0, ROW_HEIGHT),
        );
        let label = egui::Label::new(
            egui::RichText::new(shown)
                .font(c.mono.clone())
                .color(palette::class(ui, class)),
        )
        .selectable(false)
        .truncate();
        let r = ui.put(tag, label);
        // Screen readers (and tests) get the class in words also when the short form shows.
        r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &long));
        if !c.long_class {
            r.on_hover_text(long);
        }
    }
    let colour = match (row.line_class, row.direction) {
        (Some(class), _) => palette::class(ui, class),
        (None, Direction::Error | Direction::Warning) => palette::problem(ui),
        (None, Direction::Sent) => palette::sent(ui),
        _ => weak,
    };
    let room = (width - c.text - 8.0).max(ROW_HEIGHT);
    let mut job = LayoutJob::simple_singleline(text, c.mono.clone(), colour);
    job.wrap = TextWrapping::truncate_at_width(room);
    let galley = ui.fonts_mut(|f| f.layout_job(job));
    let top = y - galley.size().y / 2.0;
    painter.galley(Pos2::new(rect.left() + c.text + 4.0, top), galley, colour);
    response.clicked()
}
