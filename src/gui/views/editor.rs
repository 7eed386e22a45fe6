//! The profile editor: every field of the selected profile, its problems beside the fields as
//! the user types, the note of the preset it was made from. Finds no problem itself (the app
//! hands them in, the files checked on the worker) and writes nothing: a changed profile is
//! returned as an intent. A field's problem has a place of its own under the field, kept empty
//! when there is none, so fields never move as problems come and go.

use egui::text::{LayoutJob, TextWrapping};
use egui::{RichText, TextEdit, Ui};

use super::Intent;
use crate::gui::palette;
use crate::oauth::SignInStep;
use crate::present::{self, t};
use crate::profile::{Field, Problem, Profile, SignIn, SignInFlow, SignInProvider, default_port};
use crate::proto::Mechanism;
use crate::proto::session::Security;

/// The rows of small text kept under a field for its problem.
const PROBLEM_ROWS: usize = 2;

/// Whether a field is checked (and so keeps a place for its problem), and its problem now.
#[derive(Debug, Clone, Copy)]
enum Slot<'a> {
    /// Never has a problem: no place is kept.
    Unchecked,
    /// Checked: its problem, if it has one now.
    Checked(Option<&'a str>),
}

/// What the editor shows of the selected profile's OAuth 2.0 sign-in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum SignInStatus {
    /// Nothing known yet (no stored tokens found).
    #[default]
    Unknown,
    /// A sign-in is running; its last step, if any (the address to open, the device code).
    Waiting(Option<SignInStep>),
    /// Tokens are stored for `account`; the access token is valid until `expires_at`.
    SignedIn {
        account: String,
        expires_at: Option<i64>,
    },
    /// The last sign-in (or session's token) failed: why, in words.
    Failed(String),
    /// Signed out: what was said, in words.
    SignedOut(String),
}

/// The editor of `profile` (None: nothing is selected). `password` is the password field's
/// buffer, the one place a secret is a plain `String`. `focus_name` puts the keyboard in the
/// name field (a profile just made); `keychain` says passwords go to the system keychain (its
/// placeholder says where they go). `sign_in` is the profile's OAuth 2.0 sign-in as far as
/// the window knows it.
pub fn show(
    ui: &mut Ui,
    profile: Option<&Profile>,
    password: &mut String,
    problems: &[Problem],
    focus_name: bool,
    keychain: bool,
    sign_in: &SignInStatus,
) -> Vec<Intent> {
    // Detection fills a new profile: offered even when no profile exists yet.
    let mut asked = Vec::new();
    if ui
        .button(t!("window-detect-button"))
        .on_hover_text(t!("window-detect-button-hint"))
        .clicked()
    {
        asked.push(Intent::OpenDetect);
    }
    let Some(profile) = profile else {
        ui.heading(t!("editor-no-profile"));
        ui.label(t!("editor-no-profile-hint"));
        // The way out is here, whether or not the profile list is shown at this width.
        ui.horizontal_wrapped(|ui| {
            if ui.button(t!("editor-no-profile-new")).clicked() {
                asked.push(Intent::NewProfile);
            }
            if ui.button(t!("editor-no-profile-presets")).clicked() {
                asked.push(Intent::FoldProfiles(true));
            }
        });
        return asked;
    };
    let mut edited = profile.clone();
    let mut picked = None;
    egui::ScrollArea::vertical()
        .auto_shrink(false)
        .show(ui, |ui| {
            picked = fields(
                ui,
                &mut edited,
                password,
                problems,
                focus_name,
                keychain,
                sign_in,
            );
        });
    // The edit first: a sign-in then uses the settings just typed.
    if edited != *profile {
        asked.push(Intent::Edit(Box::new(edited)));
    }
    asked.extend(picked);
    asked
}

/// The fields of one profile; `problems` are shown beside their fields, `password` is the
/// password field's buffer. Edits a copy: a changed profile comes back as `Intent::Edit`; a
/// file to pick comes back as its intent. `keychain`: passwords go to the system keychain.
fn fields(
    ui: &mut Ui,
    p: &mut Profile,
    password: &mut String,
    problems: &[Problem],
    focus_name: bool,
    keychain: bool,
    status: &SignInStatus,
) -> Option<Intent> {
    let mut picked = None;
    let problem = |f: Field| {
        problems
            .iter()
            .find(|x| x.field == f)
            .map(|x| x.message.clone())
    };
    ui.heading(t!("editor-heading"));
    // The preset's note says what the account needs; it stays here, not in a passing message.
    if let Some(preset) = crate::profile::presets::find(&p.preset) {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(t!("editor-preset-note", preset = preset.title())).strong());
            ui.label(preset.note());
        });
    }
    let name = field(
        ui,
        &t!("editor-name"),
        &mut p.name,
        &t!("editor-name-hint"),
        Slot::Checked(problem(Field::Name).as_deref()),
        false,
    );
    if focus_name {
        name.request_focus();
        // The default name is selected, so what the user types replaces it.
        let mut state = egui::TextEdit::load_state(ui.ctx(), name.id).unwrap_or_default();
        let all = egui::text::CCursorRange::two(
            egui::text::CCursor::new(0),
            egui::text::CCursor::new(p.name.chars().count()),
        );
        state.cursor.set_char_range(Some(all));
        state.store(ui.ctx(), name.id);
        ui.scroll_to_rect(name.rect, None);
    }

    egui::CollapsingHeader::new(t!("editor-server-section"))
        .default_open(true)
        .show(ui, |ui| {
            field(
                ui,
                &t!("editor-server"),
                &mut p.server,
                "smtp.example.com",
                Slot::Checked(problem(Field::Server).as_deref()),
                false,
            );
            ui.horizontal(|ui| {
                let l = ui.label(t!("editor-security"));
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
                let l = ui.label(t!("editor-port"));
                ui.add(egui::DragValue::new(&mut p.port).range(1..=65535))
                    .labelled_by(l.id);
                let suggested = default_port(p.security);
                if p.port != suggested
                    && ui
                        .small_button(t!("editor-use-port", port = suggested))
                        .clicked()
                {
                    p.port = suggested;
                }
            });
            show_problem(ui, Slot::Checked(problem(Field::Port).as_deref()));
            field(
                ui,
                &t!("editor-helo"),
                &mut p.helo,
                &t!("editor-helo-hint"),
                Slot::Checked(problem(Field::Helo).as_deref()),
                false,
            );
        });

    egui::CollapsingHeader::new(t!("editor-login-section"))
        .default_open(true)
        .show(ui, |ui| {
            ui.checkbox(&mut p.auth.enabled, t!("editor-log-in"));
            if p.auth.enabled {
                field(
                    ui,
                    &t!("editor-user"),
                    &mut p.auth.user,
                    &t!("editor-user-hint"),
                    Slot::Checked(problem(Field::User).as_deref()),
                    false,
                );
                let mut oauth_sign_in = p.auth.sign_in.is_some();
                if ui
                    .checkbox(&mut oauth_sign_in, t!("editor-sign-in-oauth"))
                    .changed()
                {
                    p.auth.sign_in = oauth_sign_in.then(|| SignIn::with(SignInProvider::Microsoft));
                }
                let secret_hint = if keychain {
                    t!("editor-password-hint")
                } else {
                    t!("editor-password-hint-memory")
                };
                if let Some(sign_in) = &mut p.auth.sign_in {
                    let problem = problem(Field::ClientId);
                    let secret = sign_in_fields(ui, sign_in, problem.as_deref());
                    // A client secret (Google's desktop clients) is kept as the profile's
                    // secret, in the keychain like a password.
                    if secret {
                        field(
                            ui,
                            &t!("editor-oauth-client-secret"),
                            password,
                            &secret_hint,
                            Slot::Unchecked,
                            true,
                        );
                    }
                    if let Some(asked) = sign_in_status(ui, sign_in.provider, status, keychain) {
                        picked = Some(asked);
                    }
                } else {
                    ui.checkbox(&mut p.auth.oauth, t!("editor-oauth"));
                    let secret_label = if p.auth.oauth {
                        t!("editor-token")
                    } else {
                        t!("editor-password")
                    };
                    field(
                        ui,
                        &secret_label,
                        password,
                        &secret_hint,
                        Slot::Unchecked,
                        true,
                    );
                }
                ui.horizontal(|ui| {
                    let l = ui.label(t!("editor-mechanism"));
                    let automatic = t!("editor-mechanism-automatic");
                    let shown = p.auth.mechanism.map_or(automatic.as_str(), |m| m.name());
                    egui::ComboBox::from_id_salt("mechanism")
                        .selected_text(shown)
                        .show_ui(ui, |ui| {
                            ui.selectable_value(&mut p.auth.mechanism, None, automatic.as_str());
                            for m in Mechanism::ALL {
                                ui.selectable_value(&mut p.auth.mechanism, Some(m), m.name());
                            }
                        })
                        .response
                        .labelled_by(l.id);
                });
            }
        });

    egui::CollapsingHeader::new(t!("editor-envelope-section"))
        .default_open(true)
        .show(ui, |ui| {
            field(
                ui,
                &t!("editor-mail-from"),
                &mut p.mail_from,
                "you@example.com",
                Slot::Checked(problem(Field::MailFrom).as_deref()),
                false,
            );
            multiline(
                ui,
                &t!("editor-rcpt-to"),
                &mut p.rcpt_to,
                &t!("editor-rcpt-to-hint"),
                2,
                Slot::Checked(problem(Field::RcptTo).as_deref()),
            );
        });

    egui::CollapsingHeader::new(t!("editor-message-section"))
        .default_open(false)
        .show(ui, |ui| {
            field(
                ui,
                &t!("editor-subject"),
                &mut p.message.subject,
                &t!("editor-subject-hint"),
                Slot::Unchecked,
                false,
            );
            multiline(
                ui,
                &t!("editor-text-body"),
                &mut p.message.text,
                &t!("editor-text-body-hint"),
                3,
                Slot::Unchecked,
            );
            multiline(
                ui,
                &t!("editor-html-body"),
                &mut p.message.html,
                &t!("editor-optional"),
                2,
                Slot::Unchecked,
            );
            multiline(
                ui,
                &t!("editor-headers"),
                &mut p.message.headers,
                "X-Ticket: 12345",
                2,
                Slot::Checked(problem(Field::Headers).as_deref()),
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
                &t!("editor-attachments"),
                &mut attachments,
                &t!("editor-attachments-hint"),
                2,
                Slot::Checked(problem(Field::Attachments).as_deref()),
            );
            p.message.attachments = attachments
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(std::path::PathBuf::from)
                .collect();
            if ui.button(t!("editor-add-attachment")).clicked() {
                picked = Some(Intent::PickAttachment);
            }
        });

    egui::CollapsingHeader::new(t!("editor-options-section"))
        .default_open(false)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                let l = ui.label(t!("editor-timeout"));
                ui.add(egui::DragValue::new(&mut p.options.timeout_secs).range(1.0..=3600.0))
                    .labelled_by(l.id);
            });
            show_problem(ui, Slot::Checked(problem(Field::Timeout).as_deref()));
            ui.checkbox(
                &mut p.options.accept_invalid_certificates,
                t!("editor-accept-invalid"),
            );
            let mut ca = p
                .options
                .ca_file
                .as_ref()
                .map(|c| c.display().to_string())
                .unwrap_or_default();
            field(
                ui,
                &t!("editor-ca-file"),
                &mut ca,
                &t!("editor-ca-file-hint"),
                Slot::Checked(problem(Field::CaFile).as_deref()),
                false,
            );
            p.options.ca_file =
                Some(std::path::PathBuf::from(ca.trim())).filter(|c| !c.as_os_str().is_empty());
            if ui.button(t!("editor-pick-ca-file")).clicked() {
                picked = Some(Intent::PickCaFile);
            }
            ui.checkbox(&mut p.options.pipelining, t!("editor-pipelining"));
            ui.checkbox(&mut p.options.bdat, t!("editor-bdat"));
            ui.checkbox(&mut p.options.smtputf8, t!("editor-smtputf8"));
            ui.checkbox(&mut p.options.dsn, t!("editor-dsn"));
        });
    picked
}

/// The settings of an OAuth 2.0 sign-in. Returns whether the provider takes a client secret
/// (Google's desktop clients; a custom provider may).
fn sign_in_fields(ui: &mut Ui, s: &mut SignIn, client_id_problem: Option<&str>) -> bool {
    let provider_name = |p: SignInProvider| match p {
        SignInProvider::Microsoft => t!("editor-oauth-provider-microsoft"),
        SignInProvider::Google => t!("editor-oauth-provider-google"),
        SignInProvider::Custom => t!("editor-oauth-provider-custom"),
    };
    ui.horizontal(|ui| {
        let l = ui.label(t!("editor-oauth-provider"));
        egui::ComboBox::from_id_salt("oauth-provider")
            .selected_text(provider_name(s.provider))
            .show_ui(ui, |ui| {
                for p in [
                    SignInProvider::Microsoft,
                    SignInProvider::Google,
                    SignInProvider::Custom,
                ] {
                    ui.selectable_value(&mut s.provider, p, provider_name(p));
                }
            })
            .response
            .labelled_by(l.id);
    });
    field(
        ui,
        &t!("editor-oauth-client-id"),
        &mut s.client_id,
        &t!("editor-oauth-client-id-hint"),
        Slot::Checked(client_id_problem),
        false,
    );
    match s.provider {
        SignInProvider::Microsoft => {
            field(
                ui,
                &t!("editor-oauth-tenant"),
                &mut s.tenant,
                &t!("editor-oauth-tenant-hint"),
                Slot::Unchecked,
                false,
            );
        }
        SignInProvider::Google => {}
        SignInProvider::Custom => {
            for (label, value, hint) in [
                (t!("editor-oauth-auth-url"), &mut s.auth_url, "https://"),
                (t!("editor-oauth-token-url"), &mut s.token_url, "https://"),
                (
                    t!("editor-oauth-device-url"),
                    &mut s.device_url,
                    &*t!("editor-optional"),
                ),
            ] {
                field(ui, &label, value, hint, Slot::Unchecked, false);
            }
        }
    }
    field(
        ui,
        &t!("editor-oauth-scopes"),
        &mut s.scopes,
        &t!("editor-oauth-scopes-hint"),
        Slot::Unchecked,
        false,
    );
    // Google offers no device sign-in for mail.
    if s.provider == SignInProvider::Google {
        s.flow = SignInFlow::Browser;
    } else {
        ui.horizontal(|ui| {
            let l = ui.label(t!("editor-oauth-flow"));
            let name = |f: SignInFlow| match f {
                SignInFlow::Browser => t!("editor-oauth-flow-browser"),
                SignInFlow::Device => t!("editor-oauth-flow-device"),
            };
            egui::ComboBox::from_id_salt("oauth-flow")
                .selected_text(name(s.flow))
                .show_ui(ui, |ui| {
                    for f in [SignInFlow::Browser, SignInFlow::Device] {
                        ui.selectable_value(&mut s.flow, f, name(f));
                    }
                })
                .response
                .labelled_by(l.id);
        });
    }
    s.provider != SignInProvider::Microsoft
}

/// Who is signed in and until when, the sign-in running (its address to copy, its device
/// code), and the buttons: Sign in (with the provider's name), Cancel, Sign out. Without the
/// system keychain (`keychain` false) it says the tokens last for this run only.
fn sign_in_status(
    ui: &mut Ui,
    provider: SignInProvider,
    status: &SignInStatus,
    keychain: bool,
) -> Option<Intent> {
    let mut asked = None;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        if !keychain {
            ui.label(RichText::new(t!("editor-tokens-memory")).small());
        }
        match status {
            SignInStatus::Waiting(step) => {
                ui.label(t!("editor-sign-in-waiting"));
                if let Some(step) = step {
                    ui.label(present::oauth::step(step));
                    let url = match step {
                        SignInStep::OpenBrowser { url, .. } => Some(url.as_str()),
                        SignInStep::DeviceCode {
                            verification_uri, ..
                        } => Some(verification_uri.as_str()),
                        _ => None,
                    };
                    if let Some(url) = url {
                        let l = ui.label(t!("editor-sign-in-url"));
                        let mut shown = url;
                        ui.add(TextEdit::singleline(&mut shown).desired_width(f32::INFINITY))
                            .labelled_by(l.id);
                        if ui.button(t!("editor-copy-url")).clicked() {
                            asked = Some(Intent::Copy(url.to_string()));
                        }
                    }
                }
                if ui.button(t!("editor-sign-in-cancel")).clicked() {
                    asked = Some(Intent::CancelSignIn);
                }
                return;
            }
            SignInStatus::SignedIn {
                account,
                expires_at,
            } => {
                ui.label(present::oauth::signed_in(account, *expires_at));
            }
            SignInStatus::Failed(why) => {
                ui.colored_label(palette::problem(ui), why);
            }
            SignInStatus::SignedOut(said) => {
                ui.label(said);
            }
            SignInStatus::Unknown => {
                ui.label(t!("editor-not-signed-in"));
            }
        }
        ui.horizontal(|ui| {
            let sign_in = match provider {
                SignInProvider::Microsoft => t!("editor-sign-in-microsoft"),
                SignInProvider::Google => t!("editor-sign-in-google"),
                SignInProvider::Custom => t!("editor-sign-in"),
            };
            if ui.button(sign_in).clicked() {
                asked = Some(Intent::SignIn);
            }
            if matches!(status, SignInStatus::SignedIn { .. })
                && ui.button(t!("editor-sign-out")).clicked()
            {
                asked = Some(Intent::SignOut);
            }
        });
    });
    asked
}

/// A labelled single-line field with its problem beneath. Returns the text field's response.
fn field(
    ui: &mut Ui,
    label: &str,
    value: &mut String,
    hint: &str,
    problem: Slot<'_>,
    password: bool,
) -> egui::Response {
    let l = ui.label(label);
    let r = ui
        .add(
            TextEdit::singleline(value)
                .hint_text(hint)
                .password(password)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(l.id);
    show_problem(ui, problem);
    r
}

/// A labelled multi-line field with its problem beneath.
fn multiline(
    ui: &mut Ui,
    label: &str,
    value: &mut String,
    hint: &str,
    rows: usize,
    problem: Slot<'_>,
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

/// A field's problem in the problem colour, small, under the field, in a place of
/// `PROBLEM_ROWS` rows kept whether or not there is a problem; a longer problem is cut with an
/// ellipsis and shown whole when hovered (and to screen readers).
fn show_problem(ui: &mut Ui, problem: Slot<'_>) {
    let Slot::Checked(problem) = problem else {
        return;
    };
    let font = egui::TextStyle::Small.resolve(ui.style());
    let row = ui.fonts_mut(|f| f.row_height(&font));
    let width = ui.available_width();
    let (rect, response) = ui.allocate_exact_size(
        egui::vec2(width, row * PROBLEM_ROWS as f32),
        egui::Sense::hover(),
    );
    let Some(p) = problem else { return };
    let text = format!("⚠ {p}");
    let colour = palette::problem(ui);
    let mut job = LayoutJob::simple(text.clone(), font, colour, width);
    job.wrap = TextWrapping {
        max_width: width,
        max_rows: PROBLEM_ROWS,
        break_anywhere: false,
        overflow_character: Some('…'),
    };
    let galley = ui.fonts_mut(|f| f.layout_job(job));
    let cut = galley.elided;
    ui.painter().galley(rect.min, galley, colour);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &text));
    if cut {
        response.on_hover_text(text);
    }
}
