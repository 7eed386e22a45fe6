//! The verdict banner: PASSED or FAILED with the report's sentence, one summary line of the
//! stages, and the recipients summarised: how many were accepted, refused and not tried, the
//! refused ones listed first, every one behind "show all"; no recipient at all when the session
//! was asked to stop before RCPT. Its height is bounded by the session area.
//! Draws the report made when the session finished; never makes one, and words nothing itself.

use egui::{RichText, Ui};

use super::Intent;
use crate::gui::palette;
use crate::present::{self, t, verdict::Report};
use crate::proto::ReplyClass;
use crate::proto::session::StageStatus;

/// How many refused recipients are listed before "show all".
const REFUSED_SHOWN: usize = 3;

/// The verdict banner of a finished session (`report`), or "Running..." while it runs;
/// `all_recipients` lists every recipient; `to_recipients` says the session was asked to go as
/// far as RCPT (a connection or login test has recipients it never means to try). Returns the
/// "show all" toggle as an intent.
pub fn show(
    ui: &mut Ui,
    report: Option<&Report>,
    running: bool,
    all_recipients: bool,
    to_recipients: bool,
) -> Vec<Intent> {
    let mut asked = Vec::new();
    let Some(r) = report else {
        if running {
            ui.label(t!("window-running"));
        }
        return asked;
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
                    // Marks the bundled fonts have (a test checks every glyph the window uses).
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
            if to_recipients {
                asked.extend(recipients(ui, r, all_recipients));
            }
        });
    asked
}

/// The recipients: a count line, then the refused ones first (a few, or all with
/// `all`), then with `all` the accepted and the untried ones; "show all" when some are not
/// listed. A recipient with no reply was not tried (the session ended before it).
fn recipients(ui: &mut Ui, r: &Report, all: bool) -> Option<Intent> {
    if r.recipients.is_empty() {
        return None;
    }
    let refused: Vec<_> = r
        .recipients
        .iter()
        .filter(|rc| !rc.accepted && rc.reply.is_some())
        .collect();
    let accepted: Vec<_> = r.recipients.iter().filter(|rc| rc.accepted).collect();
    let not_tried: Vec<_> = r
        .recipients
        .iter()
        .filter(|rc| !rc.accepted && rc.reply.is_none())
        .collect();
    ui.label(t!(
        "window-recipients-summary",
        total = r.recipients.len(),
        accepted = accepted.len(),
        refused = refused.len(),
        not_tried = not_tried.len()
    ));
    let listed = if all {
        r.recipients.len()
    } else if refused.is_empty() && not_tried.is_empty() && r.recipients.len() <= REFUSED_SHOWN {
        // A few recipients, all accepted: listed, as there is room.
        accepted.len()
    } else {
        refused.len().min(REFUSED_SHOWN)
    };
    let ordered = refused
        .iter()
        .chain(accepted.iter())
        .chain(not_tried.iter())
        .take(listed);
    for rc in ordered {
        let c = if rc.accepted {
            palette::class(ui, ReplyClass::PositiveCompletion)
        } else if rc.reply.is_none() {
            ui.visuals().weak_text_color()
        } else {
            palette::problem(ui)
        };
        let text = match &rc.reply {
            Some(reply) => format!("{} {}: {reply}", rc.address, rc.state),
            None => format!("{} {}", rc.address, rc.state),
        };
        ui.label(RichText::new(text).color(c));
    }
    let hidden = r.recipients.len() - listed;
    if hidden > 0 {
        if ui
            .button(t!("window-show-all-recipients", count = r.recipients.len()))
            .clicked()
        {
            return Some(Intent::ShowAllRecipients(true));
        }
    } else if all && ui.button(t!("window-show-refused-only")).clicked() {
        return Some(Intent::ShowAllRecipients(false));
    }
    None
}
