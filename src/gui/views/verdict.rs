//! The verdict banner: PASSED or FAILED with the report's sentence, each stage, each recipient.
//! Draws the report made when the session finished; never makes one, and words nothing itself.

use egui::{RichText, Ui};

use crate::gui::palette;
use crate::present::{self, t, verdict::Report};
use crate::proto::ReplyClass;
use crate::proto::session::StageStatus;

/// The verdict banner of a finished session (`report`), or "Running..." while it runs.
pub fn show(ui: &mut Ui, report: Option<&Report>, running: bool) {
    let Some(r) = report else {
        if running {
            ui.label(t!("window-running"));
        }
        return;
    };
    let ok = r.verdict.is_success();
    let colour = if ok {
        palette::class(ui, ReplyClass::PositiveCompletion)
    } else {
        palette::problem(ui)
    };
    egui::Frame::group(ui.style())
        .stroke(egui::Stroke::new(2.0, colour))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(
                RichText::new(format!("{}: {}", present::banner(r), r.sentence))
                    .color(colour)
                    .strong(),
            );
            // Advice that names this window's controls, for a certificate that stopped the test.
            if let Some(cause) = r.cause.filter(|_| !ok) {
                for hint in present::control_hints(cause, present::Front::Window) {
                    ui.label(hint);
                }
            }
            ui.horizontal_wrapped(|ui| {
                for st in &r.stages {
                    let (mark, c) = match st.status {
                        StageStatus::Passed => {
                            ("✔", palette::class(ui, ReplyClass::PositiveCompletion))
                        }
                        StageStatus::Failed => ("×", palette::problem(ui)),
                        StageStatus::Partial => {
                            ("~", palette::class(ui, ReplyClass::TransientNegative))
                        }
                        StageStatus::Skipped => continue,
                    };
                    ui.label(RichText::new(format!("{mark} {} {}", st.name, st.state)).color(c))
                        .on_hover_text(st.reply.clone().unwrap_or_else(|| st.detail.clone()));
                }
            });
            for rc in &r.recipients {
                let c = if rc.accepted {
                    palette::class(ui, ReplyClass::PositiveCompletion)
                } else {
                    palette::problem(ui)
                };
                let text = match &rc.reply {
                    Some(reply) => format!("{} {}: {reply}", rc.address, rc.state),
                    None => format!("{} {}", rc.address, rc.state),
                };
                ui.label(RichText::new(text).color(c));
            }
        });
}
