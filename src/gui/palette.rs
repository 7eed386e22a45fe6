//! The window's colours: reply classes in the Okabe-Ito palette, which stays distinct for the
//! common forms of colour blindness (darker in light mode), and the theme's text and background
//! colours, chosen so every text the window draws meets WCAG AA (4.5:1) in both themes:
//! `text_pairs` lists them and a test computes their contrast. Colour is never the only signal:
//! every reply also carries its class as text.

use egui::{Color32, Stroke, Visuals};

use crate::proto::ReplyClass;

/// Every reply class, for tables and tests.
pub const CLASSES: [ReplyClass; 5] = [
    ReplyClass::PositivePreliminary,
    ReplyClass::PositiveCompletion,
    ReplyClass::PositiveIntermediate,
    ReplyClass::TransientNegative,
    ReplyClass::PermanentNegative,
];

/// The colour of a reply class in a theme (`dark` or light).
pub fn class_in(class: ReplyClass, dark: bool) -> Color32 {
    match (class, dark) {
        // bluish green
        (ReplyClass::PositiveCompletion, true) => Color32::from_rgb(0, 170, 125),
        (ReplyClass::PositiveCompletion, false) => Color32::from_rgb(0, 110, 80),
        // sky blue / blue
        (ReplyClass::PositiveIntermediate | ReplyClass::PositivePreliminary, true) => {
            Color32::from_rgb(86, 180, 233)
        }
        (ReplyClass::PositiveIntermediate | ReplyClass::PositivePreliminary, false) => {
            Color32::from_rgb(0, 100, 160)
        }
        // orange
        (ReplyClass::TransientNegative, true) => Color32::from_rgb(230, 159, 0),
        (ReplyClass::TransientNegative, false) => Color32::from_rgb(150, 90, 0),
        // vermillion
        (ReplyClass::PermanentNegative, true) => Color32::from_rgb(255, 130, 70),
        (ReplyClass::PermanentNegative, false) => Color32::from_rgb(180, 60, 0),
    }
}

/// The colour of a reply class in the current theme.
pub fn class(ui: &egui::Ui, class: ReplyClass) -> Color32 {
    class_in(class, ui.visuals().dark_mode)
}

/// Errors of smtp-lens itself.
pub fn problem(ui: &egui::Ui) -> Color32 {
    class(ui, ReplyClass::PermanentNegative)
}

/// The colour of a detect result or finding by how it reads (`present::detect::Tone`): good
/// in the passed colour, a warning in the transient one, bad in the problem one; plain text
/// keeps the theme's colour (None). Each is a reply class's colour, so its contrast is tested
/// with theirs; the words beside it always say the same.
pub fn tone(ui: &egui::Ui, tone: crate::present::detect::Tone) -> Option<Color32> {
    use crate::present::detect::Tone;
    match tone {
        Tone::Good => Some(class(ui, ReplyClass::PositiveCompletion)),
        Tone::Warn => Some(class(ui, ReplyClass::TransientNegative)),
        Tone::Bad => Some(problem(ui)),
        Tone::Plain => None,
    }
}

/// Text sent by us, in a theme.
pub fn sent_in(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(200, 200, 210)
    } else {
        Color32::from_rgb(40, 40, 60)
    }
}

/// Text sent by us.
pub fn sent(ui: &egui::Ui) -> Color32 {
    sent_in(ui.visuals().dark_mode)
}

/// The background of the selected transcript row: the darkest (or lightest) background, so
/// every class colour keeps its contrast on it; the row also gets a `focus` outline.
pub fn selected_row_in(dark: bool) -> Color32 {
    if dark {
        Color32::from_gray(10)
    } else {
        Color32::WHITE
    }
}

/// The selected transcript row's background in the current theme.
pub fn selected_row(ui: &egui::Ui) -> Color32 {
    selected_row_in(ui.visuals().dark_mode)
}

/// The focus ring and the selected row's outline.
pub fn focus_in(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(90, 170, 255)
    } else {
        Color32::from_rgb(0, 90, 200)
    }
}

/// The outline of a field or button at rest, in the dark or light theme.
pub fn outline_in(dark: bool) -> Color32 {
    if dark {
        Color32::from_gray(125)
    } else {
        Color32::from_gray(118)
    }
}

/// The theme of the window: egui's, with text colours that meet AA on its backgrounds (egui's
/// weak text is about 2.7:1 in the dark theme).
pub fn visuals(dark: bool) -> Visuals {
    let mut v = if dark {
        Visuals::dark()
    } else {
        Visuals::light()
    };
    if dark {
        v.widgets.noninteractive.fg_stroke.color = Color32::from_gray(200);
        v.weak_text_color = Some(Color32::from_gray(150));
        v.error_fg_color = class_in(ReplyClass::PermanentNegative, true);
        v.warn_fg_color = class_in(ReplyClass::TransientNegative, true);
    } else {
        v.widgets.noninteractive.fg_stroke.color = Color32::from_gray(50);
        v.weak_text_color = Some(Color32::from_gray(95));
        v.error_fg_color = class_in(ReplyClass::PermanentNegative, false);
        v.warn_fg_color = class_in(ReplyClass::TransientNegative, false);
        // Button text on egui's light button fill.
        v.widgets.inactive.fg_stroke.color = Color32::from_gray(40);
    }
    // Text fields and buttons get an outline of at least 3:1 against the panel (WCAG 2.1
    // 1.4.11, non-text contrast): egui draws none at rest, and a white field on the light panel
    // is about 1.06:1.
    v.widgets.inactive.bg_stroke = Stroke::new(1.0, outline_in(dark));
    v.hyperlink_color = focus_in(dark);
    // A focused widget is drawn as hovered, and the window draws a ring around it too.
    v.selection.stroke = Stroke::new(1.0, if dark { Color32::WHITE } else { Color32::BLACK });
    v
}

/// Sets the window's theme for both dark and light mode.
pub fn apply(ctx: &egui::Context) {
    ctx.set_visuals_of(egui::Theme::Dark, visuals(true));
    ctx.set_visuals_of(egui::Theme::Light, visuals(false));
}

/// Every pair of text colour and background the window draws text with in a theme, named for
/// the test that checks their contrast.
pub fn text_pairs(dark: bool) -> Vec<(String, Color32, Color32)> {
    let v = visuals(dark);
    let panel = v.panel_fill;
    let mut pairs = vec![
        (String::from("text"), v.text_color(), panel),
        (String::from("weak text"), v.weak_text_color(), panel),
        (String::from("strong text"), v.strong_text_color(), panel),
        (String::from("sent line"), sent_in(dark), panel),
        (
            String::from("sent line (selected)"),
            sent_in(dark),
            selected_row_in(dark),
        ),
        (
            String::from("weak text (selected row)"),
            v.weak_text_color(),
            selected_row_in(dark),
        ),
        (
            String::from("text field"),
            v.text_color(),
            v.text_edit_bg_color(),
        ),
        (
            String::from("button"),
            v.widgets.inactive.text_color(),
            v.widgets.inactive.weak_bg_fill,
        ),
        (
            String::from("button (hovered/focused)"),
            v.widgets.hovered.text_color(),
            v.widgets.hovered.weak_bg_fill,
        ),
        (
            String::from("selected list-entry"),
            v.selection.stroke.color,
            v.selection.bg_fill,
        ),
        (String::from("warning"), v.warn_fg_color, panel),
        (String::from("error"), v.error_fg_color, panel),
        (String::from("link"), v.hyperlink_color, panel),
    ];
    for c in CLASSES {
        let name = crate::present::class_tag(c);
        pairs.push((name.clone(), class_in(c, dark), panel));
        pairs.push((
            format!("{name}, selected row"),
            class_in(c, dark),
            selected_row_in(dark),
        ));
        pairs.push((
            format!("{name} (text field)"),
            class_in(c, dark),
            v.extreme_bg_color,
        ));
    }
    pairs
}

/// The WCAG 2 contrast ratio of two colours (1 to 21), from their relative luminance.
pub fn contrast(a: Color32, b: Color32) -> f64 {
    fn channel(c: u8) -> f64 {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    }
    fn luminance(c: Color32) -> f64 {
        0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
    }
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_colour_meets_wcag_aa_on_its_background_in_both_themes() {
        let mut failing = Vec::new();
        for dark in [true, false] {
            for (name, fg, bg) in text_pairs(dark) {
                assert_eq!(
                    fg.a(),
                    255,
                    "{name}: an opaque colour, so the ratio is exact"
                );
                let ratio = contrast(fg, bg);
                if ratio < 4.5 {
                    let theme = if dark { "dark" } else { "light" };
                    failing.push(format!("{theme} {name}: {ratio:.2}:1"));
                }
            }
        }
        assert!(failing.is_empty(), "below 4.5:1: {failing:#?}");
    }

    #[test]
    fn a_field_s_outline_meets_3_to_1_against_the_panel_and_the_field_in_both_themes() {
        for dark in [true, false] {
            let v = visuals(dark);
            let outline = v.widgets.inactive.bg_stroke;
            assert!(outline.width >= 1.0, "dark {dark}: an outline is drawn");
            for bg in [v.panel_fill, v.text_edit_bg_color(), v.window_fill] {
                let ratio = contrast(outline.color, bg);
                assert!(ratio >= 3.0, "dark {dark}: outline {ratio:.2}:1 on {bg:?}");
            }
        }
    }

    #[test]
    fn the_contrast_formula_gives_wcags_known_values() {
        assert!((contrast(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 1e-9);
        assert!((contrast(Color32::WHITE, Color32::WHITE) - 1.0).abs() < 1e-9);
        // #767676 on white is the classic AA threshold, 4.54:1.
        let grey = contrast(Color32::from_gray(0x76), Color32::WHITE);
        assert!((grey - 4.54).abs() < 0.01, "{grey}");
    }

    #[test]
    fn egui_s_own_weak_text_would_fail_so_the_theme_replaces_it() {
        let egui = Visuals::dark();
        assert!(contrast(egui.weak_text_color(), egui.panel_fill) < 4.5);
    }
}
