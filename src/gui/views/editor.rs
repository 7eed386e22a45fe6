//! The profile editor: every field of the selected profile, its problems beside the fields as
//! the user types. Finds no problem itself (the app hands them in, the files checked on the
//! worker) and writes nothing: a changed profile is returned as an intent.

use egui::{RichText, TextEdit, Ui};

use super::Intent;
use crate::gui::palette;
use crate::present;
use crate::profile::{Field, Problem, Profile, default_port};
use crate::proto::Mechanism;
use crate::proto::session::Security;

/// The editor of `profile` (None: nothing is selected). `password` is the password field's
/// buffer, the one place a secret is a plain `String`.
pub fn show(
    ui: &mut Ui,
    profile: Option<&Profile>,
    password: &mut String,
    problems: &[Problem],
) -> Vec<Intent> {
    let Some(profile) = profile else {
        ui.heading("No profile");
        ui.label("Create a profile, or pick a preset of a known provider, on the left.");
        return Vec::new();
    };
    let mut edited = profile.clone();
    let mut attach = false;
    egui::ScrollArea::vertical()
        .auto_shrink(false)
        .show(ui, |ui| {
            attach = fields(ui, &mut edited, password, problems);
        });
    let mut asked = Vec::new();
    if attach {
        asked.push(Intent::PickAttachment);
    }
    if edited != *profile {
        asked.push(Intent::Edit(Box::new(edited)));
    }
    asked
}

/// The fields of one profile; `problems` are shown beside their fields, `password` is the
/// password field's buffer. Edits a copy: a changed profile comes back as `Intent::Edit`.
fn fields(ui: &mut Ui, p: &mut Profile, password: &mut String, problems: &[Problem]) -> bool {
    let mut attach = false;
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

/// A labelled multi-line field with its problem beneath.
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

/// A field's problem in the problem colour, small, under the field.
fn show_problem(ui: &mut Ui, problem: Option<&str>) {
    if let Some(p) = problem {
        ui.label(
            RichText::new(format!("⚠ {p}"))
                .color(palette::problem(ui))
                .small(),
        );
    }
}
