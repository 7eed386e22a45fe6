//! The window: profiles on the left, the profile editor beside them, the session in the middle.
//! `App::show` draws everything from state; the worker does all that may block.

use std::collections::HashMap;
use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers, RichText};

use super::session::{Filter, SessionView};
use super::worker::{Answer, Job, OpenPurpose, Worker};
use super::{palette, views};
use crate::export::Format;
use crate::profile::{Action, Field, Profile, store};

/// What eframe keeps between runs (window size is kept by eframe itself).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct UiState {
    pub last_profile: Option<String>,
    pub profiles_width: f32,
    pub editor_width: f32,
}

pub const UI_STATE_KEY: &str = "smtp-lens-ui";

/// Where the app keeps its files; tests point these at temporary directories.
#[derive(Debug, Clone)]
pub struct Paths {
    pub profiles: Option<PathBuf>,
    /// Exports land here when no file dialog can be shown.
    pub data_dir: PathBuf,
}

impl Paths {
    pub fn system() -> Paths {
        let dirs = directories::ProjectDirs::from("", "", "smtp-lens");
        Paths {
            profiles: store::default_path(),
            data_dir: dirs
                .map(|d| d.data_dir().to_path_buf())
                .unwrap_or_else(std::env::temp_dir),
        }
    }
}

/// A line in the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

pub struct App {
    pub profiles: Vec<Profile>,
    pub selected: Option<usize>,
    pub profile_search: String,
    paths: Paths,
    /// The last deleted profile and where it was, for Undo.
    deleted: Option<(usize, Profile)>,
    /// Secrets known to this run, by profile id (from the keychain or typed in).
    secrets: HashMap<String, String>,
    /// The password field of the editor.
    pub password_input: String,
    password_for: Option<String>,
    worker: Worker,
    pub current: Option<SessionView>,
    pub history: Vec<SessionView>,
    pub filter: Filter,
    pub status: Option<Status>,
    pub ui_state: UiState,
    pub show_about: bool,
    pub export_format: Format,
    /// Set when the profiles changed and must be written.
    dirty: bool,
    /// An export waiting for its save dialog.
    pending_save: Option<PendingSave>,
    /// An open dialog waiting to be shown.
    pending_open: Option<(rfd::AsyncFileDialog, OpenPurpose)>,
}

/// A save dialog built on the UI thread, to be shown by the worker.
struct PendingSave {
    dialog: rfd::AsyncFileDialog,
    contents: super::worker::Render,
    fallback: PathBuf,
    what: String,
}

impl App {
    pub fn new(worker: Worker, paths: Paths, ui_state: UiState) -> App {
        let mut status = None;
        let profiles = match &paths.profiles {
            Some(path) => {
                let loaded = store::load(path);
                if let Some(w) = loaded.warning {
                    status = Some(Status {
                        text: w,
                        error: true,
                    });
                }
                loaded.profiles
            }
            None => {
                status = Some(Status {
                    text: String::from(
                        "No configuration folder is known on this system: profiles live for this run only.",
                    ),
                    error: true,
                });
                Vec::new()
            }
        };
        let selected = ui_state
            .last_profile
            .as_ref()
            .and_then(|id| profiles.iter().position(|p| &p.id == id))
            .or(if profiles.is_empty() { None } else { Some(0) });
        let mut app = App {
            profiles,
            selected,
            profile_search: String::new(),
            paths,
            deleted: None,
            secrets: HashMap::new(),
            password_input: String::new(),
            password_for: None,
            worker,
            current: None,
            history: Vec::new(),
            filter: Filter::default(),
            status,
            ui_state,
            show_about: false,
            export_format: Format::Html,
            dirty: false,
            pending_save: None,
            pending_open: None,
        };
        app.on_selection_changed();
        app
    }

    pub fn selected_profile(&self) -> Option<&Profile> {
        self.selected.and_then(|i| self.profiles.get(i))
    }

    fn say(&mut self, text: impl Into<String>, error: bool) {
        self.status = Some(Status {
            text: text.into(),
            error,
        });
    }

    /// Puts a remark (not an error) in the status line.
    pub fn tell(&mut self, text: impl Into<String>) {
        self.say(text, false);
    }

    pub fn select(&mut self, index: usize) {
        self.commit_password();
        self.selected = Some(index);
        self.on_selection_changed();
    }

    fn on_selection_changed(&mut self) {
        let Some((id, auth)) = self
            .selected_profile()
            .map(|p| (p.id.clone(), p.auth.enabled))
        else {
            self.password_input.clear();
            self.password_for = None;
            return;
        };
        self.ui_state.last_profile = Some(id.clone());
        self.password_input = self.secrets.get(&id).cloned().unwrap_or_default();
        self.password_for = Some(id.clone());
        if !self.secrets.contains_key(&id) && auth {
            self.worker.send(Job::LoadSecret { profile: id });
        }
    }

    /// Stores the password typed for the current profile (keychain, through the worker).
    fn commit_password(&mut self) {
        let Some(id) = self.password_for.clone() else {
            return;
        };
        let known = self.secrets.get(&id).cloned().unwrap_or_default();
        if self.password_input != known {
            if self.password_input.is_empty() {
                self.secrets.remove(&id);
                self.worker.send(Job::DeleteSecret { profile: id });
            } else {
                self.secrets.insert(id.clone(), self.password_input.clone());
                self.worker.send(Job::StoreSecret {
                    profile: id,
                    secret: self.password_input.clone(),
                });
            }
        }
    }

    pub fn add_profile(&mut self, profile: Profile) {
        self.profiles.push(profile);
        self.dirty = true;
        self.select(self.profiles.len() - 1);
    }

    pub fn duplicate_selected(&mut self) {
        if let Some(p) = self.selected_profile() {
            let mut copy = p.clone();
            copy.id = crate::profile::new_id();
            copy.name = format!("{} (copy)", p.name);
            self.add_profile(copy);
        }
    }

    pub fn delete_selected(&mut self) {
        let Some(i) = self.selected else { return };
        if i >= self.profiles.len() {
            return;
        }
        self.commit_password();
        let removed = self.profiles.remove(i);
        self.say(
            format!("Deleted \"{}\". Undo brings it back.", removed.name),
            false,
        );
        self.deleted = Some((i, removed));
        self.selected = if self.profiles.is_empty() {
            None
        } else {
            Some(i.min(self.profiles.len() - 1))
        };
        self.password_for = None;
        self.dirty = true;
        self.on_selection_changed();
    }

    pub fn undo_delete(&mut self) {
        if let Some((i, p)) = self.deleted.take() {
            let i = i.min(self.profiles.len());
            self.say(format!("Restored \"{}\".", p.name), false);
            self.profiles.insert(i, p);
            self.dirty = true;
            self.select(i);
        }
    }

    /// Forgets the secret of a deleted profile once it can no longer be undone.
    fn forget_deleted(&mut self) {
        if let Some((_, p)) = self.deleted.take() {
            self.secrets.remove(&p.id);
            self.worker.send(Job::DeleteSecret { profile: p.id });
        }
    }

    pub fn save_profiles(&mut self) {
        if !self.dirty {
            return;
        }
        self.dirty = false;
        let Some(path) = self.paths.profiles.clone() else {
            return;
        };
        match store::render(&self.profiles) {
            // Saved on every change: only a failure is worth a word in the status line.
            Ok(text) => self.worker.send(Job::WriteFile {
                quiet: true,
                path,
                contents: text,
                what: String::from("Profiles"),
            }),
            Err(e) => self.say(format!("Cannot save the profiles: {e}"), true),
        }
    }

    /// Starts `action` for the selected profile.
    pub fn start(&mut self, action: Action) {
        if self.current.as_ref().is_some_and(SessionView::is_running) {
            self.say("A session is running: cancel it first (Esc).", true);
            return;
        }
        self.commit_password();
        let Some(profile) = self.selected_profile().cloned() else {
            self.say("Pick or create a profile first.", true);
            return;
        };
        let secret = self.secrets.get(&profile.id).cloned();
        let request = match profile.to_request(action, secret.as_deref()) {
            Ok(r) => r,
            Err(e) => {
                self.say(format!("{}: {e}", action.label()), true);
                return;
            }
        };
        let title = format!("{} - {}", profile.name, action.label());
        let (rx, cancel) = self.worker.run(request.clone());
        if let Some(done) = self.current.take() {
            self.history.push(done);
        }
        self.current = Some(SessionView::new(
            title,
            action,
            &request,
            Some(rx),
            Some(cancel),
        ));
        self.say(format!("{} started.", action.label()), false);
    }

    pub fn cancel(&mut self) {
        if let Some(c) = self.current.as_ref().and_then(|s| s.cancel.as_ref()) {
            c.cancel();
            self.say("Cancelling...", false);
        }
    }

    pub fn reopen(&mut self, index: usize) {
        if index >= self.history.len() || self.current.as_ref().is_some_and(SessionView::is_running)
        {
            return;
        }
        let view = self.history.remove(index);
        if let Some(done) = self.current.replace(view) {
            self.history.insert(index, done);
        }
    }

    /// Exports the current session through the save dialog, or to the data folder.
    pub fn export(&mut self, format: Format) {
        let Some(s) = &self.current else {
            self.say("Run a session first, then export it.", true);
            return;
        };
        // Rendered on the worker: the UI thread only copies the record.
        let record = s.record.clone();
        let secrets: Vec<String> = self.secrets.values().cloned().collect();
        let contents: super::worker::Render = Box::new(move || {
            let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
            format.render(&record, &secrets)
        });
        let ext = format.extension();
        let name = s.record.file_name(format);
        self.pending_save = Some(PendingSave {
            dialog: rfd::AsyncFileDialog::new()
                .set_title("Export the transcript")
                .set_file_name(&name)
                .add_filter(ext.to_uppercase(), &[ext]),
            contents,
            fallback: self.paths.data_dir.join("exports").join(name),
            what: String::from("The transcript"),
        });
    }

    /// Hands a waiting save dialog to the worker; `parent` sets the window as its parent (the
    /// window exists only under eframe, not in headless tests).
    pub fn flush_dialogs(&mut self, parent: impl Fn(rfd::AsyncFileDialog) -> rfd::AsyncFileDialog) {
        if let Some((dialog, purpose)) = self.pending_open.take() {
            self.worker.send(Job::Open {
                dialog: parent(dialog),
                purpose,
            });
        }
        if let Some(p) = self.pending_save.take() {
            self.worker.send(Job::SaveWithDialog {
                dialog: parent(p.dialog),
                contents: p.contents,
                fallback: p.fallback,
                what: p.what,
            });
        }
    }

    /// Asks for a file to attach to the selected profile's message.
    pub fn pick_attachment(&mut self) {
        if let Some(p) = self.selected_profile() {
            let purpose = OpenPurpose::Attach {
                profile: p.id.clone(),
            };
            self.pending_open = Some((
                rfd::AsyncFileDialog::new().set_title("Attach a file"),
                purpose,
            ));
        }
    }

    /// Asks for a profiles file to import.
    pub fn import_profiles(&mut self) {
        let dialog = rfd::AsyncFileDialog::new()
            .set_title("Import profiles")
            .add_filter("smtp-lens profiles", &["toml"]);
        self.pending_open = Some((dialog, OpenPurpose::ImportProfiles));
    }

    /// Exports every profile (never a secret) through the save dialog.
    pub fn export_profiles(&mut self) {
        match store::render(&self.profiles) {
            Ok(text) => {
                self.pending_save = Some(PendingSave {
                    dialog: rfd::AsyncFileDialog::new()
                        .set_title("Export profiles")
                        .set_file_name("smtp-lens-profiles.toml")
                        .add_filter("smtp-lens profiles", &["toml"]),
                    contents: Box::new(move || text),
                    fallback: self.paths.data_dir.join("smtp-lens-profiles.toml"),
                    what: String::from("The profiles (without passwords)"),
                })
            }
            Err(e) => self.say(format!("Cannot export the profiles: {e}"), true),
        }
    }

    /// Adds the profiles of an imported file's text.
    pub fn import_profiles_text(&mut self, text: &str, from: &std::path::Path) {
        match store::parse(text) {
            Ok(imported) => {
                let n = store::merge_imported(&mut self.profiles, imported);
                self.dirty = true;
                self.say(
                    format!("Imported {n} profile(s) from {}.", from.display()),
                    false,
                );
            }
            Err(e) => self.say(
                format!(
                    "{} is not a profiles file smtp-lens can read: {e}",
                    from.display()
                ),
                true,
            ),
        }
    }

    pub fn copy_as_text(&mut self, ctx: &egui::Context) {
        if let Some(s) = &self.current {
            let secrets: Vec<&str> = self.secrets.values().map(String::as_str).collect();
            ctx.copy_text(Format::Text.render(&s.record, &secrets));
            self.say("The transcript was copied as text.", false);
        }
    }

    /// Takes what the worker and the session sent since the last frame.
    pub fn poll(&mut self) {
        for answer in self.worker.answers() {
            match answer {
                Answer::Secret { profile, secret } => {
                    if let Some(secret) = secret {
                        if self.password_for.as_deref() == Some(profile.as_str())
                            && self.password_input.is_empty()
                        {
                            self.password_input = secret.clone();
                        }
                        self.secrets.insert(profile, secret);
                    }
                }
                Answer::Note { text, error } => self.say(text, error),
                Answer::Opened {
                    purpose,
                    path,
                    contents,
                } => match purpose {
                    OpenPurpose::Attach { profile } => {
                        if let Some(p) = self.profiles.iter_mut().find(|p| p.id == profile) {
                            p.message.attachments.push(path);
                            self.dirty = true;
                        }
                    }
                    OpenPurpose::ImportProfiles => {
                        if let Some(text) = contents {
                            self.import_profiles_text(&text, &path);
                        }
                    }
                },
                Answer::SessionEnded => {}
            }
        }
        let mut finished = None;
        if let Some(s) = &mut self.current {
            let was_running = s.is_running();
            s.drain();
            s.apply_filter(&self.filter);
            if was_running && !s.is_running() {
                let verdict = s
                    .outcome()
                    .map(|o| crate::present::verdict(o.verdict))
                    .unwrap_or_else(|| String::from("ended without a verdict"));
                finished = Some(format!("{} finished: {verdict}.", s.action.label()));
            }
        }
        if let Some(text) = finished {
            self.say(text, false);
        }
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        let cmd = Modifiers::COMMAND;
        let pressed = |key: Key, m: Modifiers| {
            ctx.input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(m, key)))
        };
        if pressed(Key::Num1, cmd) {
            self.start(Action::TestConnection);
        }
        if pressed(Key::Num2, cmd) {
            self.start(Action::TestLogin);
        }
        if pressed(Key::Num3, cmd) {
            self.start(Action::TestRecipients);
        }
        if pressed(Key::Enter, cmd) {
            self.start(Action::SendTestMessage);
        }
        if pressed(Key::Escape, Modifiers::NONE) {
            self.cancel();
        }
        if pressed(Key::E, cmd) {
            self.export(self.export_format);
        }
        if pressed(Key::N, cmd) {
            self.add_profile(Profile::default());
        }
    }

    /// Draws the whole window.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        self.poll();
        let ctx = ui.ctx().clone();
        self.shortcuts(&ctx);
        egui::Panel::top("menu").show(ui, |ui| self.menu(ui));
        egui::Panel::bottom("status").show(ui, |ui| self.status_bar(ui));
        let width = if self.ui_state.profiles_width > 0.0 {
            self.ui_state.profiles_width
        } else {
            220.0
        };
        let profiles = egui::Panel::left("profiles")
            .resizable(true)
            .default_size(width)
            .show(ui, |ui| views::profiles(self, ui));
        self.ui_state.profiles_width = profiles.response.rect.width();
        let width = if self.ui_state.editor_width > 0.0 {
            self.ui_state.editor_width
        } else {
            400.0
        };
        let editor = egui::Panel::left("editor")
            .resizable(true)
            .default_size(width)
            .show(ui, |ui| self.editor(ui));
        self.ui_state.editor_width = editor.response.rect.width();
        egui::CentralPanel::default_margins().show(ui, |ui| views::session(self, ui));
        if self.show_about {
            views::about(&ctx, &mut self.show_about);
        }
        if self.current.as_ref().is_some_and(SessionView::is_running) {
            // Elapsed times and the spinner move even between events.
            ctx.request_repaint_after(std::time::Duration::from_millis(250));
        }
        self.save_profiles();
    }

    fn menu(&mut self, ui: &mut egui::Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("Session", |ui| {
                for action in Action::ALL {
                    if ui.button(action.label()).clicked() {
                        self.start(action);
                    }
                }
                if ui.button("Cancel (Esc)").clicked() {
                    self.cancel();
                }
            });
            ui.menu_button("Profiles", |ui| {
                if ui.button("Import profiles...").clicked() {
                    self.import_profiles();
                }
                if ui
                    .button("Export profiles (without passwords)...")
                    .clicked()
                {
                    self.export_profiles();
                }
            });
            ui.menu_button("Export", |ui| {
                for (format, label) in [
                    (Format::Html, "Export as HTML..."),
                    (Format::Text, "Export as text..."),
                    (Format::Json, "Export as JSON..."),
                ] {
                    if ui.button(label).clicked() {
                        self.export_format = format;
                        self.export(format);
                    }
                }
                if ui.button("Copy as text").clicked() {
                    let ctx = ui.ctx().clone();
                    self.copy_as_text(&ctx);
                }
            });
            ui.menu_button("View", |ui| {
                egui::widgets::global_theme_preference_buttons(ui);
            });
            if ui.button("About").clicked() {
                self.show_about = true;
            }
        });
    }

    fn status_bar(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            // Undo first, so it does not move when the status text changes under the pointer.
            if self.deleted.is_some() {
                if ui.button("Undo delete").clicked() {
                    self.undo_delete();
                } else if ui
                    .small_button("x")
                    .on_hover_text("Forget the deleted profile")
                    .clicked()
                {
                    self.forget_deleted();
                }
            }
            if let Some(s) = &self.status {
                let colour = if s.error {
                    palette::problem(ui)
                } else {
                    ui.visuals().text_color()
                };
                ui.label(RichText::new(&s.text).color(colour));
            }
        });
    }

    fn editor(&mut self, ui: &mut egui::Ui) {
        let Some(index) = self.selected.filter(|&i| i < self.profiles.len()) else {
            ui.heading("No profile");
            ui.label("Create a profile, or pick a preset of a known provider, on the left.");
            return;
        };
        let mut profile = self.profiles[index].clone();
        let mut password = std::mem::take(&mut self.password_input);
        let mut attach = false;
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .show(ui, |ui| {
                attach = views::editor(ui, &mut profile, &mut password);
            });
        if attach {
            self.pick_attachment();
        }
        self.password_input = password;
        if profile != self.profiles[index] {
            if profile.auth.enabled && !self.profiles[index].auth.enabled {
                self.worker.send(Job::LoadSecret {
                    profile: profile.id.clone(),
                });
            }
            self.profiles[index] = profile;
            self.dirty = true;
        }
    }

    /// Problems of the selected profile for an action, to show beside the fields.
    pub fn problems(&self, action: Action) -> Vec<(Field, String)> {
        self.selected_profile()
            .map(|p| {
                p.validate(action)
                    .into_iter()
                    .map(|x| (x.field, x.message))
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        self.show(ui);
        self.flush_dialogs(|d| d.set_parent(&*frame));
        super::report_first_frame();
        if let Some(secs) = super::exit_after() {
            let ctx = ui.ctx().clone();
            if ctx.input(|i| i.time) >= secs {
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            } else {
                ctx.request_repaint_after(std::time::Duration::from_millis(100));
            }
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.commit_password();
        eframe::set_value(storage, UI_STATE_KEY, &self.ui_state);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.commit_password();
        self.forget_deleted();
        self.save_profiles();
    }
}
