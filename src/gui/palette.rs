//! Colours of reply classes: the Okabe-Ito palette, which stays distinct for the common forms of
//! colour blindness, darker in light mode for contrast. Colour is never the only signal: every
//! reply also carries its class as text.

use egui::Color32;

use crate::proto::ReplyClass;

/// The colour of a reply class in the current theme.
pub fn class(ui: &egui::Ui, class: ReplyClass) -> Color32 {
    let dark = ui.visuals().dark_mode;
    match (class, dark) {
        // bluish green
        (ReplyClass::PositiveCompletion, true) => Color32::from_rgb(0, 170, 125),
        (ReplyClass::PositiveCompletion, false) => Color32::from_rgb(0, 120, 88),
        // sky blue / blue
        (ReplyClass::PositiveIntermediate | ReplyClass::PositivePreliminary, true) => {
            Color32::from_rgb(86, 180, 233)
        }
        (ReplyClass::PositiveIntermediate | ReplyClass::PositivePreliminary, false) => {
            Color32::from_rgb(0, 114, 178)
        }
        // orange
        (ReplyClass::TransientNegative, true) => Color32::from_rgb(230, 159, 0),
        (ReplyClass::TransientNegative, false) => Color32::from_rgb(160, 100, 0),
        // vermillion
        (ReplyClass::PermanentNegative, true) => Color32::from_rgb(240, 110, 40),
        (ReplyClass::PermanentNegative, false) => Color32::from_rgb(190, 70, 0),
    }
}

/// Errors of smtp-lens itself.
pub fn problem(ui: &egui::Ui) -> Color32 {
    class(ui, ReplyClass::PermanentNegative)
}

/// Text sent by us.
pub fn sent(ui: &egui::Ui) -> Color32 {
    if ui.visuals().dark_mode {
        Color32::from_rgb(200, 200, 210)
    } else {
        Color32::from_rgb(40, 40, 60)
    }
}
