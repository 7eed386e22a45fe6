//! Drawing: the profile list, the profile editor, the session (actions, verdict, TLS card,
//! transcript, explanation) and the About box. Functions of state; no IO.

use egui::{Color32, RichText, TextEdit, Ui};

use super::app::App;
use super::palette;
use super::session::SessionView;
use crate::present;
use crate::present::verdict::report;
use crate::profile::presets::PRESETS;
use crate::profile::{Action, Field, Profile, default_port};
use crate::proto::Mechanism;
use crate::proto::session::{Security, StageStatus};

const ROW_HEIGHT: f32 = 18.0;

/// The profile list: search, new, preset, duplicate, delete; this run's sessions below.
pub fn profiles(app: &mut App, ui: &mut Ui) {
    ui.heading("Profiles");
    let search = ui.label("Search profiles");
    ui.add(TextEdit::singleline(&mut app.profile_search).hint_text("name or server"))
        .labelled_by(search.id);
    ui.horizontal_wrapped(|ui| {
        if ui
            .button("New")
            .on_hover_text("New empty profile (Ctrl+N)")
            .clicked()
        {
            app.add_profile(Profile::default());
        }
        if ui
            .add_enabled(app.selected.is_some(), egui::Button::new("Duplicate"))
            .clicked()
        {
            app.duplicate_selected();
        }
        if ui
            .add_enabled(app.selected.is_some(), egui::Button::new("Delete"))
            .clicked()
        {
            app.delete_selected();
        }
    });
    egui::ComboBox::from_label("Preset")
        .selected_text("New from preset...")
        .show_ui(ui, |ui| {
            for preset in PRESETS {
                if ui
                    .selectable_label(false, preset.name)
                    .on_hover_text(preset.note)
                    .clicked()
                {
                    app.add_profile(preset.profile());
                    app.tell(format!("{}: {}", preset.name, preset.note));
                }
            }
        });
    ui.separator();
    let needle = app.profile_search.to_lowercase();
    let mut clicked = None;
    egui::ScrollArea::vertical()
        .id_salt("profile-list")
        .max_height(ui.available_height() * 0.6)
        .show(ui, |ui| {
            for (i, p) in app.profiles.iter().enumerate() {
                if !needle.is_empty()
                    && !p.name.to_lowercase().contains(&needle)
                    && !p.server.to_lowercase().contains(&needle)
                {
                    continue;
                }
                let label = if p.name.trim().is_empty() {
                    "(no name)"
                } else {
                    p.name.as_str()
                };
                if ui
                    .selectable_label(app.selected == Some(i), label)
                    .on_hover_text(format!("{}:{}", p.server, p.port))
                    .clicked()
                {
                    clicked = Some(i);
                }
            }
            if app.profiles.is_empty() {
                ui.label("No profiles yet: press New or pick a preset.");
            }
        });
    if let Some(i) = clicked {
        app.select(i);
    }
    if !app.history.is_empty() {
        ui.separator();
        ui.label(RichText::new("Earlier sessions of this run").strong());
        let mut reopen = None;
        for (i, s) in app.history.iter().enumerate().rev() {
            let verdict = s
                .outcome()
                .map(|o| present::verdict(o.verdict))
                .unwrap_or_else(|| String::from("unfinished"));
            if ui
                .selectable_label(false, format!("{} ({verdict})", s.title))
                .clicked()
            {
                reopen = Some(i);
            }
        }
        if let Some(i) = reopen {
            app.reopen(i);
        }
    }
}

/// A labelled single-line field with its problem beneath.
fn field(
    ui: &mut Ui,
    label: &str,
    value: &mut String,
    hint: &str,
    problem: Option<&str>,
    password: bool,
) {
    let l = ui.label(label);
    ui.add(
        TextEdit::singleline(value)
            .hint_text(hint)
            .password(password)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(l.id);
    show_problem(ui, problem);
}

fn multiline(
    ui: &mut Ui,
    label: &str,
    value: &mut String,
    hint: &str,
    rows: usize,
    problem: Option<&str>,
) {
    let l = ui.label(label);
    ui.add(
        TextEdit::multiline(value)
            .hint_text(hint)
            .desired_rows(rows)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(l.id);
    show_problem(ui, problem);
}

fn show_problem(ui: &mut Ui, problem: Option<&str>) {
    if let Some(p) = problem {
        ui.label(
            RichText::new(format!("⚠ {p}"))
                .color(palette::problem(ui))
                .small(),
        );
    }
}

/// The profile editor. Problems are shown beside the fields as the user types.
/// Returns true when the user asked to pick a file to attach.
pub fn editor(ui: &mut Ui, p: &mut Profile, password: &mut String) -> bool {
    let mut attach = false;
    let problems = p.validate(Action::TestConnection);
    let problem = |f: Field| {
        problems
            .iter()
            .find(|x| x.field == f)
            .map(|x| x.message.clone())
    };
    ui.heading("Profile");
    field(
        ui,
        "Profile name",
        &mut p.name,
        "e.g. Customer X submission",
        problem(Field::Name).as_deref(),
        false,
    );

    egui::CollapsingHeader::new("Server")
        .default_open(true)
        .show(ui, |ui| {
            field(
                ui,
                "Server",
                &mut p.server,
                "smtp.example.com",
                problem(Field::Server).as_deref(),
                false,
            );
            ui.horizontal(|ui| {
                let l = ui.label("Security");
                let before = p.security;
                egui::ComboBox::from_id_salt("security")
                    .selected_text(present::security(p.security))
                    .show_ui(ui, |ui| {
                        for s in [
                            Security::StartTlsRequired,
                            Security::StartTlsIfOffered,
                            Security::ImplicitTls,
                            Security::None,
                        ] {
                            ui.selectable_value(&mut p.security, s, present::security(s));
                        }
                    })
                    .response
                    .labelled_by(l.id);
                if p.security != before && p.port == default_port(before) {
                    p.port = default_port(p.security);
                }
            });
            ui.horizontal(|ui| {
                let l = ui.label("Port");
                ui.add(egui::DragValue::new(&mut p.port).range(1..=65535))
                    .labelled_by(l.id);
                let suggested = default_port(p.security);
                if p.port != suggested && ui.small_button(format!("use {suggested}")).clicked() {
                    p.port = suggested;
                }
            });
            show_problem(ui, problem(Field::Port).as_deref());
            field(
                ui,
                "HELO name",
                &mut p.helo,
                "empty: this machine's address",
                problem(Field::Helo).as_deref(),
                false,
            );
        });

    egui::CollapsingHeader::new("Login")
        .default_open(true)
        .show(ui, |ui| {
            ui.checkbox(&mut p.auth.enabled, "Log in (SMTP AUTH)");
            if p.auth.enabled {
                field(
                    ui,
                    "User name",
                    &mut p.auth.user,
                    "often the full address",
                    problem(Field::User).as_deref(),
                    false,
                );
                ui.checkbox(&mut p.auth.oauth, "The secret is an OAuth 2.0 access token");
                let secret_label = if p.auth.oauth {
                    "OAuth token"
                } else {
                    "Password"
                };
                field(
                    ui,
                    secret_label,
                    password,
                    "kept in the system keychain",
                    None,
                    true,
                );
                ui.horizontal(|ui| {
                    let l = ui.label("Mechanism");
                    let shown = p.auth.mechanism.map(|m| m.name()).unwrap_or("automatic");
                    egui::ComboBox::from_id_salt("mechanism")
                        .selected_text(shown)
                        .show_ui(ui, |ui| {
                            ui.selectable_value(&mut p.auth.mechanism, None, "automatic");
                            for m in Mechanism::ALL {
                                ui.selectable_value(&mut p.auth.mechanism, Some(m), m.name());
                            }
                        })
                        .response
                        .labelled_by(l.id);
                });
            }
        });

    egui::CollapsingHeader::new("Envelope")
        .default_open(true)
        .show(ui, |ui| {
            field(
                ui,
                "Sender (MAIL FROM)",
                &mut p.mail_from,
                "you@example.com",
                problem(Field::MailFrom).as_deref(),
                false,
            );
            multiline(
                ui,
                "Recipients (RCPT TO)",
                &mut p.rcpt_to,
                "one address per line",
                2,
                problem(Field::RcptTo).as_deref(),
            );
        });

    egui::CollapsingHeader::new("Message")
        .default_open(false)
        .show(ui, |ui| {
            field(
                ui,
                "Subject",
                &mut p.message.subject,
                "empty: a dated test subject",
                None,
                false,
            );
            multiline(
                ui,
                "Text body",
                &mut p.message.text,
                "empty: a body saying which tool and profile sent it",
                3,
                None,
            );
            multiline(ui, "HTML body", &mut p.message.html, "optional", 2, None);
            multiline(
                ui,
                "Extra headers",
                &mut p.message.headers,
                "X-Ticket: 12345",
                2,
                problem(Field::Headers).as_deref(),
            );
            let mut attachments = p
                .message
                .attachments
                .iter()
                .map(|a| a.display().to_string())
                .collect::<Vec<_>>()
                .join("\n");
            multiline(
                ui,
                "Attachments",
                &mut attachments,
                "one file path per line",
                2,
                problem(Field::Attachments).as_deref(),
            );
            p.message.attachments = attachments
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(std::path::PathBuf::from)
                .collect();
            if ui.button("Add attachment...").clicked() {
                attach = true;
            }
        });

    egui::CollapsingHeader::new("Options")
        .default_open(false)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                let l = ui.label("Timeout per step (s)");
                ui.add(egui::DragValue::new(&mut p.options.timeout_secs).range(1.0..=3600.0))
                    .labelled_by(l.id);
            });
            show_problem(ui, problem(Field::Timeout).as_deref());
            ui.checkbox(
                &mut p.options.accept_invalid_certificates,
                "Continue even if the certificate is invalid",
            );
            let mut ca = p
                .options
                .ca_file
                .as_ref()
                .map(|c| c.display().to_string())
                .unwrap_or_default();
            field(
                ui,
                "Extra trusted CA (PEM file)",
                &mut ca,
                "optional: a company's own CA",
                problem(Field::CaFile).as_deref(),
                false,
            );
            p.options.ca_file =
                Some(std::path::PathBuf::from(ca.trim())).filter(|c| !c.as_os_str().is_empty());
            ui.checkbox(
                &mut p.options.pipelining,
                "PIPELINING (send the envelope as one group)",
            );
            ui.checkbox(&mut p.options.bdat, "BDAT (CHUNKING) instead of DATA");
            ui.checkbox(
                &mut p.options.smtputf8,
                "SMTPUTF8 (international addresses)",
            );
            ui.checkbox(
                &mut p.options.dsn,
                "Ask for delivery status notifications (DSN)",
            );
        });
    attach
}

/// The session area: actions, verdict, TLS card, filters, transcript, explanation.
pub fn session(app: &mut App, ui: &mut Ui) {
    let running = app.current.as_ref().is_some_and(SessionView::is_running);
    ui.horizontal_wrapped(|ui| {
        for (action, keys) in [
            (Action::TestConnection, "Ctrl+1"),
            (Action::TestLogin, "Ctrl+2"),
            (Action::TestRecipients, "Ctrl+3"),
            (Action::SendTestMessage, "Ctrl+Enter"),
        ] {
            let b = ui.add_enabled(
                !running && app.selected.is_some(),
                egui::Button::new(action.label()),
            );
            if b.on_hover_text(keys).clicked() {
                app.start(action);
            }
        }
        if ui
            .add_enabled(running, egui::Button::new("Cancel"))
            .on_hover_text("Esc")
            .clicked()
        {
            app.cancel();
        }
        if running {
            ui.spinner();
        }
    });
    ui.separator();
    let Some(s) = &mut app.current else {
        ui.label("Pick a profile and press an action: the transcript appears here as it happens.");
        return;
    };
    ui.label(RichText::new(&s.title).strong());
    verdict(ui, s);
    tls_card(ui, s);
    ui.horizontal_wrapped(|ui| {
        ui.checkbox(&mut app.filter.replies_only, "Replies only");
        ui.checkbox(&mut app.filter.problems_only, "Problems only");
        let l = ui.label("Find");
        ui.add(TextEdit::singleline(&mut app.filter.search).desired_width(160.0))
            .labelled_by(l.id);
        if ui.button("Copy visible").clicked() {
            let text = s.rows_as_text(s.visible.iter().filter_map(|&i| s.rows.get(i)));
            ui.ctx().copy_text(text);
        }
        if ui.button("Copy all").clicked() {
            let text = s.rows_as_text(s.rows.iter());
            ui.ctx().copy_text(text);
        }
    });
    s.apply_filter(&app.filter);
    let selected = s.selected;
    egui::Panel::bottom("explanation")
        .resizable(true)
        .default_size(190.0)
        .min_size(120.0)
        .show(ui, |ui| explanation(ui, s, selected));
    transcript(ui, s);
}

fn verdict(ui: &mut Ui, s: &SessionView) {
    let Some(outcome) = s.outcome() else {
        if s.is_running() {
            ui.label("Running...");
        }
        return;
    };
    let r = report(outcome);
    let ok = outcome.verdict.is_success();
    let colour = if ok {
        palette::class(ui, crate::proto::ReplyClass::PositiveCompletion)
    } else {
        palette::problem(ui)
    };
    egui::Frame::group(ui.style())
        .stroke(egui::Stroke::new(2.0, colour))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            let head = if ok { "PASSED" } else { "FAILED" };
            ui.label(
                RichText::new(format!("{head}: {}", r.sentence))
                    .color(colour)
                    .strong(),
            );
            ui.horizontal_wrapped(|ui| {
                for st in &r.stages {
                    let (mark, c) = match st.status {
                        StageStatus::Passed => (
                            "✔",
                            palette::class(ui, crate::proto::ReplyClass::PositiveCompletion),
                        ),
                        StageStatus::Failed => ("✘", palette::problem(ui)),
                        StageStatus::Skipped => continue,
                    };
                    let word = if st.status == StageStatus::Passed {
                        "passed"
                    } else {
                        "failed"
                    };
                    ui.label(RichText::new(format!("{mark} {} {word}", st.name)).color(c))
                        .on_hover_text(st.reply.clone().unwrap_or_else(|| st.detail.clone()));
                }
            });
            for rc in &r.recipients {
                let (word, c) = if rc.accepted {
                    (
                        "accepted",
                        palette::class(ui, crate::proto::ReplyClass::PositiveCompletion),
                    )
                } else {
                    ("REFUSED", palette::problem(ui))
                };
                let reply = rc
                    .reply
                    .clone()
                    .unwrap_or_else(|| String::from("not tried"));
                ui.label(RichText::new(format!("{} {word}: {reply}", rc.address)).color(c));
            }
        });
}

fn tls_card(ui: &mut Ui, s: &SessionView) {
    for (n, tls) in s.tls().into_iter().enumerate() {
        let verdict = match &tls.verification {
            Some(v) if v.valid => String::from("certificate valid"),
            Some(v) => format!(
                "certificate INVALID ({})",
                v.problem
                    .as_ref()
                    .map_or("invalid", |p| present::cert_problem(p).0)
            ),
            None => String::from("certificate not checked"),
        };
        let head = match (&tls.protocol, &tls.cipher_suite) {
            (Some(v), Some(c)) if tls.established => {
                format!("TLS ({}): {v}, {c}, {verdict}", present::via(tls.via))
            }
            _ => format!(
                "TLS ({}): handshake failed, {verdict}",
                present::via(tls.via)
            ),
        };
        egui::CollapsingHeader::new(head)
            .id_salt(("tls-card", n))
            .show(ui, |ui| {
                if let Some(v) = &tls.verification {
                    ui.label(format!(
                        "Verification for {}: {}",
                        tls.checked_name,
                        present::cert_verdict(v.valid, v.problem.as_ref()).1
                    ));
                }
                if tls.accepted_invalid {
                    ui.label(
                        RichText::new(
                            "Continued although the certificate is invalid, as the profile allows.",
                        )
                        .color(palette::problem(ui)),
                    );
                }
                if let Some(e) = &tls.error {
                    ui.label(
                        RichText::new(present::transport(e, None)).color(palette::problem(ui)),
                    );
                }
                ui.label(format!(
                    "SNI sent: {}",
                    tls.sni.as_deref().unwrap_or("none (an IP address)")
                ));
                for (i, c) in tls.chain.iter().enumerate() {
                    ui.label(RichText::new(format!("[{i}] {}", c.subject)).strong());
                    ui.label(format!("    issued by {}", c.issuer));
                    let days = c
                        .days_left
                        .map(|d| format!("{d} days left"))
                        .unwrap_or_else(|| String::from("validity unknown"));
                    let until = c
                        .not_after
                        .map(crate::export::text::utc)
                        .unwrap_or_default();
                    ui.label(format!(
                        "    valid until {until} ({days}); {}",
                        present::key(&c.key)
                    ));
                    if !c.san.is_empty() {
                        ui.label(format!("    names: {}", c.san.join(", ")));
                    }
                    ui.label(
                        RichText::new(format!("    SHA-256 {}", c.sha256))
                            .monospace()
                            .small(),
                    );
                }
            });
    }
}

/// The transcript rows: only the visible ones are laid out, so a million lines scroll smoothly.
pub fn transcript(ui: &mut Ui, s: &mut SessionView) {
    let total = s.visible.len();
    let mut clicked = None;
    egui::ScrollArea::both()
        .id_salt("transcript")
        .auto_shrink(false)
        .stick_to_bottom(true)
        .show_rows(ui, ROW_HEIGHT, total, |ui, range| {
            for v in range {
                let Some(&i) = s.visible.get(v) else { continue };
                let Some(row) = s.rows.get(i) else { continue };
                ui.horizontal(|ui| {
                    ui.label(RichText::new(&row.time).monospace().weak());
                    ui.label(
                        RichText::new(format!("+{:>7.3}s", row.elapsed_ms as f64 / 1000.0))
                            .monospace()
                            .weak(),
                    );
                    let latency = row
                        .latency_ms
                        .map(|l| format!("{l:>5} ms"))
                        .unwrap_or_else(|| String::from("        "));
                    ui.label(RichText::new(latency).monospace().weak());
                    let marker = if row.tls {
                        format!("🔒{}", row.marker)
                    } else {
                        format!("  {}", row.marker)
                    };
                    ui.label(RichText::new(marker).monospace());
                    let colour = match (row.line_class, row.direction) {
                        (Some(c), _) => palette::class(ui, c),
                        (
                            None,
                            crate::engine::Direction::Error | crate::engine::Direction::Warning,
                        ) => palette::problem(ui),
                        (None, crate::engine::Direction::Sent) => palette::sent(ui),
                        _ => ui.visuals().weak_text_color(),
                    };
                    if let Some(c) = row.class {
                        ui.label(
                            RichText::new(present::class_tag(c))
                                .small()
                                .color(Color32::WHITE)
                                .background_color(palette::class(ui, c)),
                        );
                    }
                    // An empty line (between headers and body) still gets a name a screen reader can say.
                    let text = if row.text.is_empty() {
                        RichText::new("(empty line)").monospace().italics().weak()
                    } else {
                        RichText::new(&row.text).monospace().color(colour)
                    };
                    let r = ui.selectable_label(s.selected == Some(i), text);
                    if r.clicked() {
                        clicked = Some(i);
                    }
                });
            }
        });
    if let Some(i) = clicked {
        s.selected = Some(i);
    }
}

fn explanation(ui: &mut Ui, s: &SessionView, selected: Option<usize>) {
    let Some(x) = selected.and_then(|i| s.explanation(i)) else {
        ui.label("Click a reply in the transcript to read what it means and how to fix it.");
        return;
    };
    egui::ScrollArea::vertical()
        .id_salt("explanation")
        .auto_shrink(false)
        .show(ui, |ui| {
            if ui.button("Copy reply and explanation").clicked() {
                ui.ctx().copy_text(explanation_text(s, selected, &x));
            }
            let colour = palette::class(ui, x.class);
            let mut head = format!("{} {}: {}", x.code, present::class_tag(x.class), x.title);
            if let Some(e) = &x.enhanced {
                head.push_str(&format!(" (enhanced {e})"));
            }
            if let Some(p) = &x.provider {
                head.push_str(&format!(" [{p}]"));
            }
            ui.label(RichText::new(head).color(colour).strong());
            ui.label(format!("What it means: {}", x.meaning));
            if !x.when.is_empty() {
                ui.label(format!("When you see it: {}", x.when));
            }
            if !x.fixes.is_empty() {
                ui.label(RichText::new("How to fix it:").strong());
                for (n, f) in x.fixes.iter().enumerate() {
                    ui.label(format!("{}. {f}", n + 1));
                }
            }
            ui.label(format!(
                "Retry: {}   Cause: {}",
                present::retry(x.retry),
                x.cause
            ));
            for n in &present::explain::reply(&x).notes {
                ui.label(RichText::new(format!("Note: {n}")).italics());
            }
            if !x.references.is_empty() {
                ui.label(RichText::new(format!("References: {}", x.references.join("; "))).small());
            }
        });
}

/// A reply and what it means, as text for a ticket or a chat.
fn explanation_text(
    s: &SessionView,
    selected: Option<usize>,
    x: &crate::knowledge::Explanation,
) -> String {
    let reply = selected
        .and_then(|i| s.rows.get(i))
        .map(|r| r.text.clone())
        .unwrap_or_default();
    let mut out = format!(
        "{reply}\n{} ({}): {}\n{}\n",
        present::class_tag(x.class),
        x.cause,
        x.title,
        x.meaning
    );
    for (n, f) in x.fixes.iter().enumerate() {
        out.push_str(&format!("{}. {f}\n", n + 1));
    }
    out
}

/// The notice of the third-party crates in this binary (packaging/third-party-licenses.py).
pub const THIRD_PARTY_LICENSES: &str = include_str!("../../assets/THIRD-PARTY-LICENSES.txt");

/// The About box, with the third-party licences behind a fold.
pub fn about(ctx: &egui::Context, open: &mut bool) {
    egui::Window::new("About smtp-lens")
        .open(open)
        .collapsible(false)
        .default_size([560.0, 420.0])
        .show(ctx, |ui| {
            ui.heading(format!("smtp-lens {}", env!("SMTP_LENS_VERSION")));
            ui.label(env!("CARGO_PKG_DESCRIPTION"));
            ui.label(format!("Licence: {}", env!("CARGO_PKG_LICENSE")));
            ui.label("Passwords and tokens are kept in the system keychain and never written to files or exports.");
            egui::CollapsingHeader::new("Third-party licences").show(ui, |ui| {
                egui::ScrollArea::vertical().max_height(300.0).show(ui, |ui| {
                    ui.label(RichText::new(THIRD_PARTY_LICENSES).monospace().small());
                });
            });
        });
}
