//! The window's state and its one place of change: profiles on the left, the profile editor
//! beside them (both fold away), the session in the middle, the messages at the bottom.
//! `App::show` lays out the panels, lets each view draw from the state and applies what the
//! view returns (`App::apply`). The app never draws a widget of its own (beyond the focus ring
//! around whichever widget has the keyboard) and never blocks: whatever may wait, or touches a
//! file or the keychain, is a worker job.

use std::collections::HashMap;
use std::path::PathBuf;

use super::comparison::{Comparing, Side, Which};
use super::detecting::{Detecting, Running};
use super::history;
use super::loading::{LoadRun, Loading};
use super::messages::{Level, Messages, Topic};
use super::session::{Filter, SessionView};
use super::views::path_prompt::{PathPrompt, PromptPurpose};
use super::views::{self, Intent};
use super::worker::{Answer, Detected, FileCheck, Job, Loaded, OpenPurpose, Save, Worker};
use crate::engine::{CancelToken, Event};
use crate::export::{Format, SessionRecord};
use crate::present::t;
use crate::profile::{Action, Problem, Profile, store};
use crate::proto::Secret;

/// What eframe keeps between runs (window size is kept by eframe itself).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct UiState {
    /// The id of the profile selected when the window closed.
    pub last_profile: Option<String>,
    /// The width of the profile list (0: the default).
    pub profiles_width: f32,
    /// The width of the editor (0: the default).
    pub editor_width: f32,
    /// Whether the profile list is shown; None: shown when the window is wide enough
    /// (`WIDE_WINDOW`), folded on smaller screens.
    pub profiles_open: Option<bool>,
    /// Whether the profile editor is shown; None: shown.
    pub editor_open: Option<bool>,
    /// Whether the explanation pane is enlarged (most of the session area's height).
    pub explanation_large: bool,
    /// The language chosen in the View menu; None: the system's. A `--lang` given on the
    /// command line wins for that run.
    pub language: Option<crate::lang::Language>,
}

/// From this window width (in points) up, the profile list is shown unless the user folded it.
pub const WIDE_WINDOW: f32 = 1200.0;

/// The key of `UiState` in eframe's storage.
pub const UI_STATE_KEY: &str = "smtp-lens-ui";

/// Where the app keeps its files; tests point these at temporary directories.
#[derive(Debug, Clone)]
pub struct Paths {
    /// The profiles file (None: no configuration folder is known; profiles live for this run).
    pub profiles: Option<PathBuf>,
    /// Exports land here when no file dialog can be shown.
    pub data_dir: PathBuf,
    /// The session history (`history::FILE_NAME` in the data folder; None: no data folder is
    /// known, and sessions are kept for this run only).
    pub history: Option<PathBuf>,
}

impl Paths {
    /// The system's configuration and data folders.
    pub fn system() -> Paths {
        let dirs = directories::ProjectDirs::from("", "", "smtp-lens");
        Paths {
            profiles: store::default_path(),
            history: dirs.as_ref().map(|d| d.data_dir().join(history::FILE_NAME)),
            data_dir: dirs
                .map(|d| d.data_dir().to_path_buf())
                .unwrap_or_else(std::env::temp_dir),
        }
    }
}

/// The window's state. Views read it; only `apply` (and the worker's answers in `poll`)
/// change it.
pub struct App {
    /// The saved profiles, in the list's order.
    pub profiles: Vec<Profile>,
    /// The profile in the editor.
    pub selected: Option<usize>,
    /// The text of the profile list's search box.
    pub profile_search: String,
    paths: Paths,
    /// The last deleted profile and where it was, for Undo.
    deleted: Option<(usize, Profile)>,
    /// Secrets known to this run, by profile id (from the keychain or typed in).
    secrets: HashMap<String, Secret>,
    /// The password field's buffer: the one place a secret is a plain `String`, because the
    /// text field edits it. It becomes a `Secret` when it leaves the editor.
    pub password_input: String,
    password_for: Option<String>,
    /// What the window knows of each profile's OAuth 2.0 sign-in, by profile id.
    sign_ins: HashMap<String, views::editor::SignInStatus>,
    /// The sign-in running (the profile's id) and how to stop it.
    signing_in: Option<(String, CancelToken)>,
    /// The files of the selected profile last sent to the worker to check, and its answer.
    files_asked: Option<FileCheck>,
    files_checked: Option<FileCheck>,
    worker: Worker,
    /// A session asked for whose request the worker is still building.
    starting: Option<Starting>,
    /// The session shown in the middle.
    pub current: Option<SessionView>,
    /// The earlier sessions: those kept from earlier runs (read at start), then this run's.
    pub history: Vec<SessionView>,
    /// The session history file's lines: every finished session, within its bounds.
    kept: history::Kept,
    /// Whether finished sessions are written to the history file (not when it could not be
    /// read, or no data folder is known).
    keeping: bool,
    /// The compare view, when open (it takes the session area's place).
    pub comparing: Option<Comparing>,
    /// Whether the Detect view is open (it takes the session area's place).
    pub detect_open: bool,
    /// The Detect view's fields, as typed.
    pub detect_input: crate::detect::DetectInput,
    /// The Detect view's run and report (kept while the view is closed).
    pub detecting: Detecting,
    /// For how many more frames the Detect view's target field asks for the keyboard (the
    /// view was just opened), as `focus_name`.
    focus_detect: u8,
    /// Whether the load-test view is open (it takes the session area's place).
    pub load_open: bool,
    /// The load-test view's fields, as typed.
    pub load_input: crate::intent::load::LoadInput,
    /// The load-test view's run, its series and its report (kept while the view is closed).
    pub loading: Loading,
    /// For how many more frames the load-test view's server field asks for the keyboard.
    focus_load: u8,
    /// The transcript's filters.
    pub filter: Filter,
    /// The messages of this run: remarks, and warnings and errors until dismissed.
    pub messages: Messages,
    /// Whether the message log (every message with its time) is open.
    pub show_log: bool,
    /// Whether the verdict lists every recipient, not only the refused ones.
    pub all_recipients: bool,
    /// The path field shown when no file dialog can be shown.
    pub path_prompt: Option<PathPrompt>,
    /// Set once the window's theme (`palette::visuals`) is in place.
    themed: bool,
    /// For how many more frames the editor's name field asks for the keyboard focus (a new
    /// profile): two, as the click on a button that made it may take the focus in the first.
    focus_name: u8,
    /// Set when the transcript should scroll to its selected row (moved by the keyboard).
    scroll_to_selected: bool,
    /// Set when the explanation should take the keyboard focus (Enter on a row).
    focus_explanation: bool,
    /// Set when the transcript should take the keyboard focus (a row was clicked), so the
    /// arrows move on from the clicked row.
    focus_transcript: bool,
    /// The generation of the last profiles save handed to the writer, and of the last one on
    /// disk.
    pub profiles_asked: u64,
    pub profiles_saved: u64,
    /// What eframe keeps between runs.
    pub ui_state: UiState,
    /// Whether the About box is open.
    pub show_about: bool,
    /// Where passwords are kept this run, once the keychain's thread has opened it.
    pub secrets_kept: Option<crate::secrets::Backend>,
    /// The format Ctrl+E exports in: the one the menu used last.
    pub export_format: Format,
    /// Set when the profiles changed and must be written.
    dirty: bool,
    /// An export waiting for its save dialog.
    pending_save: Option<(rfd::AsyncFileDialog, Save)>,
    /// An open dialog waiting to be shown.
    pending_open: Option<(rfd::AsyncFileDialog, OpenPurpose)>,
}

/// A session between the asking and the worker's `Started` or `NotStarted`.
struct Starting {
    title: String,
    action: Action,
    events: tokio::sync::mpsc::UnboundedReceiver<Event>,
    cancel: CancelToken,
}

impl App {
    /// The app over `paths`, with the profiles read from there.
    pub fn new(worker: Worker, paths: Paths, ui_state: UiState) -> App {
        let mut worker = worker;
        let (profiles, warning) = match &paths.profiles {
            Some(path) => {
                let loaded = store::load(path);
                // Its writer keeps what another window writes to the file from now on.
                worker.profiles_read(loaded.text.map(String::into_bytes));
                (loaded.profiles, loaded.warning)
            }
            None => (Vec::new(), Some(t!("window-no-config-folder"))),
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
            sign_ins: HashMap::new(),
            signing_in: None,
            files_asked: None,
            files_checked: None,
            worker,
            starting: None,
            current: None,
            history: Vec::new(),
            kept: history::Kept::default(),
            keeping: true,
            comparing: None,
            detect_open: false,
            detect_input: crate::detect::DetectInput::default(),
            detecting: Detecting::default(),
            focus_detect: 0,
            load_open: false,
            load_input: crate::intent::load::LoadInput::default(),
            loading: Loading::default(),
            focus_load: 0,
            filter: Filter::default(),
            messages: Messages::default(),
            show_log: false,
            all_recipients: false,
            path_prompt: None,
            themed: false,
            focus_name: 0,
            scroll_to_selected: false,
            focus_explanation: false,
            focus_transcript: false,
            profiles_asked: 0,
            profiles_saved: 0,
            ui_state,
            show_about: false,
            secrets_kept: None,
            export_format: Format::Html,
            dirty: false,
            pending_save: None,
            pending_open: None,
        };
        if let Some(w) = warning {
            app.say(w, Level::Warning);
        }
        match app.paths.history.clone() {
            Some(path) => app.worker.send(Job::LoadHistory { path }),
            None => app.keeping = false,
        }
        app.on_selection_changed();
        app
    }

    /// The profile in the editor.
    pub fn selected_profile(&self) -> Option<&Profile> {
        self.selected.and_then(|i| self.profiles.get(i))
    }

    /// Whether a session runs, or is being prepared on the worker.
    pub fn busy(&self) -> bool {
        self.starting.is_some() || self.current.as_ref().is_some_and(SessionView::is_running)
    }

    /// Carries out what the user asked for. `ctx` is for the clipboard.
    pub fn apply(&mut self, ctx: &egui::Context, intent: Intent) {
        match intent {
            Intent::SetLanguage(language) => self.set_language(language),
            Intent::Select(i) => self.select(i),
            Intent::NewProfile => self.add_profile(Profile::default()),
            Intent::FromPreset(preset) => self.add_profile(preset.profile()),
            Intent::Duplicate => self.duplicate_selected(),
            Intent::Delete => self.delete_selected(),
            Intent::UndoDelete => self.undo_delete(),
            Intent::ForgetDeleted => self.forget_deleted(),
            Intent::Edit(profile) => self.edit(*profile),
            Intent::SignIn => self.sign_in(),
            Intent::CancelSignIn => self.cancel_sign_in(),
            Intent::SignOut => self.sign_out(),
            Intent::PickAttachment => self.pick_attachment(),
            Intent::PickCaFile => self.pick_ca_file(),
            Intent::ImportProfiles => self.import_profiles(),
            Intent::ExportProfiles => self.export_profiles(),
            Intent::Start(action) => self.start(action),
            Intent::Cancel => self.cancel(),
            Intent::Reopen(i) => self.reopen(i),
            Intent::SelectRow(row) => {
                if let Some(s) = &mut self.current {
                    s.select(row);
                    self.focus_transcript = true;
                }
            }
            Intent::MoveSelection(by) => self.move_selection(by),
            Intent::OpenExplanation => {
                self.focus_explanation = true;
                if let Some(s) = &mut self.current
                    && s.selected().is_none()
                    && let Some(&first) = s.visible.first()
                {
                    s.select(first);
                }
            }
            Intent::EnlargeExplanation(large) => self.ui_state.explanation_large = large,
            Intent::ShowAllRecipients(all) => self.all_recipients = all,
            Intent::FoldProfiles(open) => self.ui_state.profiles_open = Some(open),
            Intent::FoldEditor(open) => self.ui_state.editor_open = Some(open),
            Intent::Dismiss(id) => self.messages.dismiss(id),
            Intent::DismissAll => self.messages.dismiss_all(),
            Intent::ShowLog(open) => self.show_log = open,
            Intent::PathChosen => self.path_chosen(),
            Intent::PathCancelled => self.path_prompt = None,
            Intent::Export(format) => {
                self.export_format = format;
                self.export(format);
            }
            Intent::CopyAsText => self.copy_as_text(ctx),
            Intent::Copy(text) => ctx.copy_text(text),
            Intent::ShowAbout => self.show_about = true,
            Intent::OpenCompare => self.open_compare(None),
            Intent::CompareWith(i) => self.open_compare(Some(i)),
            Intent::CompareChoose(which, index) => {
                if let Some(side) = self.side(index) {
                    self.comparing
                        .get_or_insert_with(Comparing::default)
                        .choose(which, side);
                }
            }
            Intent::CompareFile(which) => self.pick_compare_file(which),
            Intent::CompareSwap => {
                if let Some(c) = &mut self.comparing {
                    c.swap();
                }
            }
            Intent::CloseCompare => self.comparing = None,
            Intent::OpenDetect => {
                self.comparing = None;
                self.load_open = false;
                self.detect_open = true;
                self.focus_detect = 2;
            }
            Intent::CloseDetect => self.detect_open = false,
            Intent::DetectStart => self.start_detect(),
            Intent::DetectCancel => {
                if let Some(r) = &self.detecting.running {
                    r.cancel.cancel();
                }
            }
            Intent::DetectSelectCell(index) => self.detecting.select(index),
            Intent::DetectSaveProfile => self.save_detected_profile(),
            Intent::DetectExport(format) => self.export_detect(format),
            Intent::OpenLoad => self.open_load(),
            Intent::CloseLoad => self.load_open = false,
            Intent::LoadStart => self.start_load(),
            Intent::LoadCancel => {
                if let Some(r) = &self.loading.running {
                    r.cancel.cancel();
                }
            }
        }
    }

    /// Speaks `language` from now on, and in later runs: every word of the window is taken
    /// from the catalogue again at the next frame, and the words kept with the sessions (their
    /// transcripts' remarks, reports, explanations and titles) are made again here.
    pub fn set_language(&mut self, language: crate::lang::Language) {
        let sessions = self.current.iter_mut().chain(self.history.iter_mut());
        let old: Vec<String> = Action::ALL.iter().map(|a| a.label()).collect();
        crate::present::set_language(language);
        self.ui_state.language = Some(language);
        for s in sessions {
            let i = Action::ALL.iter().position(|a| *a == s.action).unwrap_or(0);
            if let Some(name) = old.get(i).and_then(|l| s.title.strip_suffix(l.as_str())) {
                s.title = format!("{name}{}", s.action.label());
            }
            s.reword();
        }
        if let Some(c) = &mut self.comparing {
            c.reword();
        }
        self.detecting.reword();
        self.loading.reword();
    }

    /// One of the window's sessions as a side of a comparison: an earlier one by its index in
    /// the history, or (None) the one shown.
    fn side(&self, index: Option<usize>) -> Option<Side> {
        let s = match index {
            Some(i) => self.history.get(i)?,
            None => self.current.as_ref()?,
        };
        Some(Side {
            name: s.profile_name().to_string(),
            action: Some(s.action),
            record: s.record.clone(),
        })
    }

    /// Opens the compare view: `first` (an earlier session by its index in the history) with
    /// the session shown as the second. Without `first`, the sessions chosen before stay.
    pub fn open_compare(&mut self, first: Option<usize>) {
        self.detect_open = false;
        self.load_open = false;
        let mut c = self.comparing.take().unwrap_or_default();
        if let Some(side) = first.and_then(|i| self.side(Some(i))) {
            c.choose(Which::First, side);
        }
        if (first.is_some() || c.second.is_none())
            && let Some(side) = self.side(None)
        {
            c.choose(Which::Second, side);
        }
        self.comparing = Some(c);
    }

    /// Asks the worker to run a detection with the Detect view's fields; one at a time.
    pub fn start_detect(&mut self) {
        if self.detecting.running.is_some() {
            self.say(t!("window-detect-busy"), Level::Error);
            return;
        }
        self.detecting.last_run += 1;
        let run = self.detecting.last_run;
        let cancel = CancelToken::new();
        self.detecting.running = Some(Running {
            run,
            target: self.detect_input.target.trim().to_string(),
            cancel: cancel.clone(),
        });
        self.worker.send(Job::Detect {
            run,
            input: self.detect_input.clone(),
            cancel,
        });
    }

    /// Detection `run` ended: its report is shown, or why it did not end is said.
    fn detected(&mut self, run: u64, result: Detected) {
        if self.detecting.running.as_ref().map(|r| r.run) != Some(run) {
            return;
        }
        self.detecting.running = None;
        match result {
            Detected::Done(report) => {
                let text = t!(
                    "window-detect-finished",
                    target = report.target.as_str(),
                    recommended = crate::present::detect::recommended(&report)
                );
                self.detecting.show_report(report);
                self.tell(text);
            }
            Detected::Failed(error) => {
                self.say(t!("window-detect-not-started", error = error), Level::Error)
            }
            Detected::Cancelled => self.tell(t!("window-detect-cancelled")),
        }
    }

    /// The session a load test runs over: the selected profile's, as a sent test message, with
    /// its user whether or not it logs in (the view's Log in decides); the defaults without a
    /// profile.
    fn load_base(&self) -> crate::intent::SessionIntent {
        let Some(p) = self.selected_profile() else {
            return crate::intent::SessionIntent::default();
        };
        let mut intent = p.intent(Action::SendTestMessage);
        let user = p.auth.user.trim();
        if intent.auth_user.is_none() && !user.is_empty() {
            intent.auth_user = Some(user.to_string());
        }
        intent
    }

    /// The problems of the load-test view's fields, each with its field, in words. Pure and
    /// cheap: run each frame the view shows.
    fn load_problems(&self) -> Vec<(crate::intent::load::LoadField, String)> {
        match self.load_input.check(
            &self.load_base(),
            crate::profile::presets::public_provider_name,
        ) {
            Ok(_) => Vec::new(),
            Err(problems) => problems
                .iter()
                .map(|p| (p.field(), crate::words::load_problem(p)))
                .collect(),
        }
    }

    /// Opens the load-test view; its fields are filled from the selected profile unless they
    /// were already filled from it.
    pub fn open_load(&mut self) {
        self.comparing = None;
        self.detect_open = false;
        self.load_open = true;
        self.focus_load = 2;
        let Some(p) = self.selected_profile() else {
            if self.loading.running.is_none() && self.load_input.profile.is_some() {
                self.load_input = crate::intent::load::LoadInput::default();
            }
            return;
        };
        let (id, logs_in, user) = (p.id.clone(), p.auth.enabled, !p.auth.user.trim().is_empty());
        if self.loading.running.is_none() && self.load_input.profile.as_ref() != Some(&id) {
            self.load_input = crate::intent::load::LoadInput::from_intent(
                Some(id.clone()),
                &self.load_base(),
                logs_in,
            );
        }
        // The view may log in with a profile that does not: its secret is read now.
        if user && !self.secrets.contains_key(&id) {
            self.worker.send(Job::LoadSecret { profile: id });
        }
    }

    /// Asks the worker to run a load test with the view's fields over the selected profile's
    /// settings; one at a time, and only with fields that pass their check.
    pub fn start_load(&mut self) {
        if self.loading.running.is_some() {
            self.say(t!("window-load-busy"), Level::Error);
            return;
        }
        self.commit_password();
        let checked = match self.load_input.check(
            &self.load_base(),
            crate::profile::presets::public_provider_name,
        ) {
            Ok(checked) => checked,
            Err(_) => {
                self.say(t!("window-load-fix-fields"), Level::Error);
                return;
            }
        };
        let profile = self.selected_profile().cloned();
        let secret = profile
            .as_ref()
            .and_then(|p| self.secrets.get(&p.id).cloned());
        self.loading.last_run += 1;
        let run = self.loading.last_run;
        let cancel = CancelToken::new();
        let progress = std::sync::Arc::new(crate::bulk::Progress::default());
        self.loading.begin(LoadRun {
            run,
            server: self.load_input.server.trim().to_string(),
            planned: checked.settings.planned(),
            progress: progress.clone(),
            cancel: cancel.clone(),
        });
        self.worker.send(Job::Load {
            run,
            profile: profile.map(Box::new),
            checked: Box::new(checked),
            secret,
            progress,
            cancel,
        });
    }

    /// Load test `run` ended: its summary is shown, or why it did not start is said.
    fn loaded(&mut self, run: u64, result: Loaded) {
        let server = self
            .loading
            .running
            .as_ref()
            .filter(|r| r.run == run)
            .map(|r| r.server.clone())
            .unwrap_or_default();
        match result {
            Loaded::Done(report) => {
                let text = if report.cancelled {
                    t!("window-load-cancelled")
                } else {
                    t!(
                        "window-load-finished",
                        server = server.as_str(),
                        accepted = report.accepted,
                        sent = report.sent,
                        rate = format!("{:.0}", report.messages_per_sec)
                    )
                };
                if self.loading.finish(run, report) {
                    self.tell(text);
                }
            }
            Loaded::Failed(error) => {
                if self.loading.failed(run) {
                    self.say(t!("window-load-not-started", error = error), Level::Error);
                }
            }
        }
    }

    /// A new profile from the detected recommended settings (host, port, security; for an
    /// address, the address as the login's user name and the sender), added the way the
    /// profile list adds one: selected, with the keyboard in its name.
    pub fn save_detected_profile(&mut self) {
        let Some(report) = &self.detecting.report else {
            self.say(t!("window-detect-nothing-to-export"), Level::Error);
            return;
        };
        let Some(r) = &report.recommended else {
            self.say(t!("window-detect-nothing-to-save"), Level::Error);
            return;
        };
        let mut p = Profile {
            name: t!("window-detect-profile-name", host = r.host.as_str()),
            server: r.host.clone(),
            port: r.port,
            security: r.security.security(),
            ..Profile::default()
        };
        let target = report.target.trim();
        if target.contains('@') {
            p.auth.enabled = true;
            p.auth.user = target.to_string();
            p.mail_from = target.to_string();
        }
        self.add_profile(p);
    }

    /// Exports the detect report (every probe's transcript in it) through the save dialog, or
    /// to the data folder.
    pub fn export_detect(&mut self, format: Format) {
        let Some(report) = &self.detecting.report else {
            self.say(t!("window-detect-nothing-to-export"), Level::Error);
            return;
        };
        // Rendered on the worker: the UI thread only copies the report.
        let name = crate::export::detect::file_name(report, format);
        let report = report.clone();
        let contents: super::worker::Render =
            Box::new(move || crate::export::detect::render(&report, format, true));
        let ext = format.extension();
        self.pending_save = Some((
            rfd::AsyncFileDialog::new()
                .set_title(t!("window-detect-export-title"))
                .set_file_name(&name)
                .add_filter(ext.to_uppercase(), &[ext]),
            Save {
                contents,
                fallback: self.paths.data_dir.join("exports").join(name),
                what: t!("window-what-detect"),
            },
        ));
    }

    /// Asks for a session export to compare as the session `which`.
    pub fn pick_compare_file(&mut self, which: Which) {
        let dialog = rfd::AsyncFileDialog::new()
            .set_title(t!("window-compare-open-title"))
            .add_filter(t!("window-compare-filter"), &["json"]);
        self.pending_open = Some((dialog, OpenPurpose::CompareSession { which }));
        self.comparing.get_or_insert_with(Comparing::default);
    }

    /// Keeps a finished session in the history file (within its bounds) and hands the file's
    /// text to its writer.
    fn remember(&mut self, stored: history::Stored) {
        if !self.keeping {
            return;
        }
        if let Err(e) = self.kept.push(&stored) {
            self.say(
                t!("window-history-not-kept", error = e.to_string()),
                Level::Error,
            );
            return;
        }
        self.save_history();
    }

    fn save_history(&mut self) {
        if let (true, Some(path)) = (self.keeping, self.paths.history.clone()) {
            self.worker.save_history(path, self.kept.text());
        }
    }

    /// Applies the intents of one view, and draws again so the next frame shows their effect.
    fn apply_all(&mut self, ctx: &egui::Context, intents: Vec<Intent>) {
        if intents.is_empty() {
            return;
        }
        for intent in intents {
            self.apply(ctx, intent);
        }
        ctx.request_repaint();
    }

    /// Adds a message, with the time it is said.
    pub fn say(&mut self, text: impl Into<String>, level: Level) {
        let time = crate::present::record::time_of_day(time::OffsetDateTime::now_utc());
        self.messages.push(time, text.into(), level);
    }

    /// Adds a message about why a session could not start; it replaces the earlier one, and
    /// the next session that starts takes it off the screen.
    fn say_not_started(&mut self, text: impl Into<String>) {
        let time = crate::present::record::time_of_day(time::OffsetDateTime::now_utc());
        self.messages
            .push_about(Some(Topic::Start), time, text.into(), Level::Error);
    }

    /// Adds a remark (not a warning or an error).
    pub fn tell(&mut self, text: impl Into<String>) {
        self.say(text, Level::Info);
    }

    /// Moves the transcript's selection `by` visible rows (negative: up), to the first or last
    /// row at most, and explains the reply it lands on.
    fn move_selection(&mut self, by: isize) {
        let Some(s) = &mut self.current else { return };
        if s.visible.is_empty() {
            return;
        }
        let at = s
            .selected()
            .and_then(|row| s.visible.iter().position(|&v| v == row));
        let next = match at {
            None if by < 0 => s.visible.len() - 1,
            None => 0,
            Some(i) => i
                .saturating_add_signed(by)
                .min(s.visible.len().saturating_sub(1)),
        };
        if let Some(&row) = s.visible.get(next) {
            s.select(row);
            self.scroll_to_selected = true;
        }
    }

    /// Shows profile `index` in the editor.
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
        self.password_input = self
            .secrets
            .get(&id)
            .map(|s| s.expose().to_string())
            .unwrap_or_default();
        self.password_for = Some(id.clone());
        if !self.secrets.contains_key(&id) && auth {
            self.worker.send(Job::LoadSecret {
                profile: id.clone(),
            });
        }
        if let Some(p) = self.selected_profile().filter(|p| p.auth.sign_in.is_some())
            && !self.sign_ins.contains_key(&id)
        {
            self.worker.send(Job::SignInStatus {
                profile: Box::new(p.clone()),
            });
        }
    }

    /// The sign-in status the editor shows for the selected profile.
    pub fn sign_in_status(&self) -> views::editor::SignInStatus {
        self.selected_profile()
            .and_then(|p| self.sign_ins.get(&p.id))
            .cloned()
            .unwrap_or_default()
    }

    /// Signs the selected profile's user in on the worker (one sign-in at a time).
    fn sign_in(&mut self) {
        self.commit_password();
        let Some(profile) = self.selected_profile().cloned() else {
            return;
        };
        if profile.auth.sign_in.is_none() {
            return;
        }
        if let Some(p) = profile
            .check_fields(Action::TestLogin)
            .into_iter()
            .find(|p| {
                matches!(
                    p.field,
                    crate::profile::Field::User | crate::profile::Field::ClientId
                )
            })
        {
            self.say(p.message, Level::Error);
            return;
        }
        self.cancel_sign_in();
        let cancel = CancelToken::new();
        self.sign_ins.insert(
            profile.id.clone(),
            views::editor::SignInStatus::Waiting(None),
        );
        self.signing_in = Some((profile.id.clone(), cancel.clone()));
        self.worker.send(Job::SignIn {
            client_secret: self.secrets.get(&profile.id).cloned(),
            profile: Box::new(profile),
            cancel,
        });
    }

    /// Stops waiting for the running sign-in, if any.
    fn cancel_sign_in(&mut self) {
        if let Some((_, cancel)) = self.signing_in.take() {
            cancel.cancel();
        }
    }

    /// Deletes the selected profile's user's stored tokens, on the worker.
    fn sign_out(&mut self) {
        if let Some(profile) = self.selected_profile().cloned() {
            self.worker.send(Job::SignOut {
                profile: Box::new(profile),
            });
        }
    }

    /// Stores the password typed for the current profile (keychain, through the worker).
    fn commit_password(&mut self) {
        let Some(id) = self.password_for.clone() else {
            return;
        };
        let known = self
            .secrets
            .get(&id)
            .map(Secret::expose)
            .unwrap_or_default();
        if self.password_input != known {
            if self.password_input.is_empty() {
                self.secrets.remove(&id);
                self.worker.send(Job::DeleteSecret { profile: id });
            } else {
                let secret = Secret::new(self.password_input.clone());
                self.secrets.insert(id.clone(), secret.clone());
                self.worker.send(Job::StoreSecret {
                    profile: id,
                    secret,
                });
            }
        }
    }

    /// Adds a profile at the end of the list, selects it and puts the keyboard in its name
    /// field (opening the editor if it was folded).
    pub fn add_profile(&mut self, profile: Profile) {
        self.profiles.push(profile);
        self.dirty = true;
        self.select(self.profiles.len() - 1);
        self.focus_name = 2;
        if self.ui_state.editor_open == Some(false) {
            self.ui_state.editor_open = Some(true);
        }
    }

    /// Adds a copy of the selected profile, with its own id and a copy of its secret.
    pub fn duplicate_selected(&mut self) {
        self.commit_password();
        let Some(p) = self.selected_profile() else {
            return;
        };
        let mut copy = p.clone();
        copy.id = crate::profile::new_id();
        copy.name = t!("window-profile-copy", name = p.name.as_str());
        let from = p.id.clone();
        match self.secrets.get(&from).cloned() {
            Some(secret) => {
                self.secrets.insert(copy.id.clone(), secret.clone());
                self.worker.send(Job::StoreSecret {
                    profile: copy.id.clone(),
                    secret,
                });
            }
            // Not read from the keychain yet: copied there.
            None => self.worker.send(Job::CopySecret {
                from,
                to: copy.id.clone(),
            }),
        }
        self.add_profile(copy);
    }

    /// Whether the editor's name field asks for the keyboard focus this frame.
    pub fn take_focus_name(&mut self) -> bool {
        let asks = self.focus_name > 0;
        self.focus_name = self.focus_name.saturating_sub(1);
        asks
    }

    /// Deletes the selected profile; Undo brings it back.
    pub fn delete_selected(&mut self) {
        let Some(i) = self.selected else { return };
        if i >= self.profiles.len() {
            return;
        }
        self.commit_password();
        let removed = self.profiles.remove(i);
        self.tell(t!("window-deleted", name = removed.name.as_str()));
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

    /// Brings back the last deleted profile where it was.
    pub fn undo_delete(&mut self) {
        if let Some((i, p)) = self.deleted.take() {
            let i = i.min(self.profiles.len());
            self.tell(t!("window-restored", name = p.name.as_str()));
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

    /// Keeps the editor's new version of a profile.
    fn edit(&mut self, profile: Profile) {
        let Some(old) = self.profiles.iter_mut().find(|p| p.id == profile.id) else {
            return;
        };
        if profile.auth.enabled && !old.auth.enabled {
            self.worker.send(Job::LoadSecret {
                profile: profile.id.clone(),
            });
        }
        // Another provider, client id or user: other tokens, if any, are the ones to show.
        let key = |p: &Profile| p.auth.sign_in.as_ref().map(|s| s.token_key(&p.auth.user));
        let asked = (key(old) != key(&profile)).then(|| profile.clone());
        *old = profile;
        self.dirty = true;
        if let Some(profile) = asked {
            let signing_in = self
                .signing_in
                .as_ref()
                .is_some_and(|(id, _)| *id == profile.id);
            if !signing_in {
                self.sign_ins.remove(&profile.id);
                if profile.auth.sign_in.is_some() {
                    self.worker.send(Job::SignInStatus {
                        profile: Box::new(profile),
                    });
                }
            }
        }
    }

    /// Hands the profiles to their one writer if they changed; it writes them once the
    /// changes calm down. Only a failure is worth a message.
    pub fn save_profiles(&mut self) {
        if !self.dirty {
            return;
        }
        self.dirty = false;
        let Some(path) = self.paths.profiles.clone() else {
            return;
        };
        match store::render(&self.profiles) {
            Ok(text) => self.profiles_asked = self.worker.save_profiles(path, text),
            Err(e) => self.say(
                t!(
                    "window-profiles-not-saved",
                    path = path.display().to_string(),
                    error = e
                ),
                Level::Error,
            ),
        }
    }

    /// Another window changed the profiles file and its writer kept that window's profiles
    /// `added` beside this one's: they join this list too, and the user is told which.
    fn profiles_merged(&mut self, added: Vec<Profile>) {
        let names: Vec<String> = added.iter().map(|p| p.name.clone()).collect();
        if !store::merge_by_name(&mut self.profiles, added).is_empty() {
            self.dirty = true;
            self.save_profiles();
        }
        self.say(
            t!("window-profiles-merged", names = names.join(", ")),
            Level::Warning,
        );
    }

    /// Whether passwords go to the system keychain (assumed until the keychain's thread says
    /// there is none).
    fn keychain_kept(&self) -> bool {
        self.secrets_kept != Some(crate::secrets::Backend::Memory)
    }

    /// Writes what is pending and stops the worker (the window is closing). False if one of
    /// the worker's threads panicked.
    pub fn close(&mut self) -> bool {
        // A load test does not outlive the window.
        if let Some(r) = &self.loading.running {
            r.cancel.cancel();
        }
        self.commit_password();
        self.forget_deleted();
        self.save_profiles();
        self.worker.close()
    }

    /// Asks the worker to start `action` for the selected profile; it builds the request there
    /// (reading the CA file and attachments) and answers `Started` or `NotStarted`.
    pub fn start(&mut self, action: Action) {
        if self.busy() {
            self.say_not_started(t!("window-busy"));
            return;
        }
        self.commit_password();
        let Some(profile) = self.selected_profile().cloned() else {
            self.say_not_started(t!("window-pick-profile"));
            return;
        };
        let secret = self.secrets.get(&profile.id).cloned();
        let title = format!("{} - {}", profile.name, action.label());
        let (events, cancel) = self.worker.start_session(profile, action, secret);
        self.starting = Some(Starting {
            title,
            action,
            events,
            cancel,
        });
    }

    /// The worker built the request of the session asked for: show it.
    fn started(&mut self, record: SessionRecord) {
        let Some(s) = self.starting.take() else {
            return;
        };
        if let Some(done) = self.current.take() {
            self.history.push(done);
        }
        self.current = Some(SessionView::live(
            s.title,
            s.action,
            record,
            Some(s.events),
            Some(s.cancel),
        ));
        self.messages.settle(Topic::Start);
        self.tell(t!("window-started", action = s.action.label()));
    }

    /// Cancels the running session (or the one being prepared).
    pub fn cancel(&mut self) {
        let cancel = match &self.starting {
            Some(s) => Some(&s.cancel),
            None => self.current.as_ref().and_then(|s| s.cancel.as_ref()),
        };
        if let Some(c) = cancel {
            c.cancel();
            self.tell(t!("window-cancelling"));
        }
    }

    /// Shows an earlier session again; the one shown takes its place in the history. The
    /// list shows every session by its start time, so its order does not change.
    pub fn reopen(&mut self, index: usize) {
        if index >= self.history.len() || self.busy() {
            return;
        }
        match &mut self.current {
            Some(shown) => std::mem::swap(shown, &mut self.history[index]),
            None => self.current = Some(self.history.remove(index)),
        }
    }

    /// Exports the current session through the save dialog, or to the data folder.
    pub fn export(&mut self, format: Format) {
        let Some(s) = &self.current else {
            self.say(t!("window-export-nothing"), Level::Error);
            return;
        };
        // Rendered on the worker: the UI thread only copies the record.
        let record = s.record.clone();
        let secrets: Vec<Secret> = self.secrets.values().cloned().collect();
        let contents: super::worker::Render = Box::new(move || {
            let secrets: Vec<&str> = secrets.iter().map(Secret::expose).collect();
            format.render(&record, &secrets)
        });
        let ext = format.extension();
        let name = s.record.file_name(format);
        self.pending_save = Some((
            rfd::AsyncFileDialog::new()
                .set_title(t!("window-export-title"))
                .set_file_name(&name)
                .add_filter(ext.to_uppercase(), &[ext]),
            Save {
                contents,
                fallback: self.paths.data_dir.join("exports").join(name),
                what: t!("window-what-transcript"),
            },
        ));
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
        if let Some((dialog, save)) = self.pending_save.take() {
            self.worker.send(Job::SaveWithDialog {
                dialog: parent(dialog),
                save,
            });
        }
    }

    /// Opens or saves the file typed in the path field.
    fn path_chosen(&mut self) {
        let Some(prompt) = self.path_prompt.take() else {
            return;
        };
        let path = PathBuf::from(prompt.path.trim());
        if path.as_os_str().is_empty() {
            self.say(t!("window-path-empty"), Level::Error);
            self.path_prompt = Some(prompt);
            return;
        }
        match prompt.purpose {
            PromptPurpose::Open(purpose) => self.worker.send(Job::OpenPath { path, purpose }),
            PromptPurpose::Save(save) => {
                // Replacing was confirmed for exactly this path.
                let replace = prompt.replace.as_deref() == Some(path.as_path());
                self.worker.send(Job::SaveTo {
                    path,
                    save,
                    replace,
                })
            }
        }
    }

    /// Asks for a file to attach to the selected profile's message.
    pub fn pick_attachment(&mut self) {
        if let Some(p) = self.selected_profile() {
            let purpose = OpenPurpose::Attach {
                profile: p.id.clone(),
            };
            self.pending_open = Some((
                rfd::AsyncFileDialog::new().set_title(t!("window-attach-title")),
                purpose,
            ));
        }
    }

    /// Asks for the selected profile's extra trusted CA file (PEM).
    pub fn pick_ca_file(&mut self) {
        if let Some(p) = self.selected_profile() {
            let purpose = OpenPurpose::CaFile {
                profile: p.id.clone(),
            };
            self.pending_open = Some((
                rfd::AsyncFileDialog::new()
                    .set_title(t!("window-ca-file-title"))
                    .add_filter("PEM", &["pem", "crt", "cer"]),
                purpose,
            ));
        }
    }

    /// Asks for a profiles file to import.
    pub fn import_profiles(&mut self) {
        let dialog = rfd::AsyncFileDialog::new()
            .set_title(t!("window-import-title"))
            .add_filter(t!("window-profiles-filter"), &["toml"]);
        self.pending_open = Some((dialog, OpenPurpose::ImportProfiles));
    }

    /// Exports every profile (never a secret) through the save dialog.
    pub fn export_profiles(&mut self) {
        match store::render(&self.profiles) {
            Ok(text) => {
                self.pending_save = Some((
                    rfd::AsyncFileDialog::new()
                        .set_title(t!("window-export-profiles-title"))
                        .set_file_name("smtp-lens-profiles.toml")
                        .add_filter(t!("window-profiles-filter"), &["toml"]),
                    Save {
                        contents: Box::new(move || text),
                        fallback: self.paths.data_dir.join("smtp-lens-profiles.toml"),
                        what: t!("window-what-profiles"),
                    },
                ))
            }
            Err(e) => self.say(t!("window-profiles-not-exported", error = e), Level::Error),
        }
    }

    /// Adds the profiles of an imported file's text.
    pub fn import_profiles_text(&mut self, text: &str, from: &std::path::Path) {
        match store::parse(text) {
            Ok(imported) => {
                let n = store::merge_imported(&mut self.profiles, imported);
                self.dirty = true;
                self.tell(t!(
                    "window-imported",
                    count = n,
                    path = from.display().to_string()
                ));
            }
            Err(e) => self.say(
                t!(
                    "window-not-a-profiles-file",
                    path = from.display().to_string(),
                    error = e
                ),
                Level::Error,
            ),
        }
    }

    /// Copies the current session as text, with every known secret scrubbed.
    pub fn copy_as_text(&mut self, ctx: &egui::Context) {
        if let Some(s) = &self.current {
            let secrets: Vec<&str> = self.secrets.values().map(Secret::expose).collect();
            ctx.copy_text(Format::Text.render(&s.record, &secrets));
            self.tell(t!("window-copied"));
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
                            self.password_input = secret.expose().to_string();
                        }
                        self.secrets.insert(profile, secret);
                    }
                }
                Answer::Note { text, level } => self.say(text, level),
                Answer::SignInStep { profile, step } => {
                    // A session's token (stored or renewed) says nothing in the editor.
                    if let Some(views::editor::SignInStatus::Waiting(last)) =
                        self.sign_ins.get_mut(&profile)
                    {
                        *last = Some(step);
                    }
                }
                Answer::SignedIn {
                    profile,
                    account,
                    expires_at,
                } => {
                    if self.signing_in.as_ref().is_some_and(|(p, _)| *p == profile) {
                        self.signing_in = None;
                    }
                    // An answer about a user the profile no longer has is old news.
                    let current = self
                        .profiles
                        .iter()
                        .find(|p| p.id == profile)
                        .is_some_and(|p| p.auth.user.trim() == account);
                    if !current {
                        continue;
                    }
                    self.sign_ins.insert(
                        profile,
                        views::editor::SignInStatus::SignedIn {
                            account,
                            expires_at,
                        },
                    );
                }
                Answer::SignInFailed { profile, error } => {
                    if self.signing_in.as_ref().is_some_and(|(p, _)| *p == profile) {
                        self.signing_in = None;
                    }
                    self.say(error.clone(), Level::Error);
                    self.sign_ins
                        .insert(profile, views::editor::SignInStatus::Failed(error));
                }
                Answer::SignedOut {
                    profile,
                    account,
                    had,
                } => {
                    let provider = self
                        .profiles
                        .iter()
                        .find(|p| p.id == profile)
                        .and_then(|p| p.auth.sign_in.as_ref())
                        .map(|s| s.provider().id())
                        .unwrap_or_default();
                    let said = crate::present::oauth::signed_out(&account, provider, had);
                    self.sign_ins
                        .insert(profile, views::editor::SignInStatus::SignedOut(said));
                }
                Answer::SecretsKept(backend) => self.secrets_kept = Some(backend),
                Answer::ProfilesSaved { generation } => {
                    self.profiles_saved = self.profiles_saved.max(generation);
                }
                Answer::ProfilesMerged { added } => self.profiles_merged(added),
                Answer::NoDialog { purpose } => {
                    self.path_prompt = Some(PathPrompt {
                        purpose: PromptPurpose::Open(purpose),
                        path: String::new(),
                        replace: None,
                        focused: false,
                    })
                }
                Answer::NoSaveDialog { save } => {
                    self.path_prompt = Some(PathPrompt {
                        path: save.fallback.display().to_string(),
                        purpose: PromptPurpose::Save(save),
                        replace: None,
                        focused: false,
                    })
                }
                Answer::SaveWouldReplace { path, save } => {
                    self.path_prompt = Some(PathPrompt {
                        path: path.display().to_string(),
                        purpose: PromptPurpose::Save(save),
                        replace: Some(path),
                        focused: false,
                    })
                }
                Answer::Started { record } => self.started(*record),
                Answer::NotStarted { action, error } => {
                    self.starting = None;
                    self.say_not_started(t!(
                        "window-not-started",
                        action = action.label(),
                        error = error
                    ));
                }
                Answer::HistoryLoaded(loaded) => self.history_loaded(*loaded),
                Answer::Detected { run, result } => self.detected(run, result),
                Answer::LoadSampled { run, sample } => self.loading.push(run, sample),
                Answer::Loaded { run, result } => self.loaded(run, result),
                Answer::SessionOpened {
                    which,
                    path,
                    record,
                } => {
                    let name = path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_else(|| path.display().to_string());
                    self.comparing
                        .get_or_insert_with(Comparing::default)
                        .choose(
                            which,
                            Side {
                                name,
                                action: None,
                                record: *record,
                            },
                        );
                }
                Answer::FilesChecked(check) => {
                    if self.selected_profile().is_some_and(|p| check.is_of(p)) {
                        self.files_checked = Some(check);
                    }
                }
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
                    OpenPurpose::CaFile { profile } => {
                        if let Some(p) = self.profiles.iter_mut().find(|p| p.id == profile) {
                            p.options.ca_file = Some(path);
                            self.dirty = true;
                        }
                    }
                    OpenPurpose::ImportProfiles => {
                        if let Some(text) = contents {
                            self.import_profiles_text(&text, &path);
                        }
                    }
                    // Answered as `SessionOpened`.
                    OpenPurpose::CompareSession { .. } => {}
                },
            }
        }
        let mut finished = None;
        let mut stored = None;
        if let Some(s) = &mut self.current {
            let was_running = s.is_running();
            s.drain();
            s.apply_filter(&self.filter);
            if was_running && !s.is_running() {
                let verdict = s
                    .outcome()
                    .map(|o| crate::present::verdict(o.verdict))
                    .unwrap_or_else(|| t!("window-no-verdict"));
                finished = Some(t!(
                    "window-finished",
                    action = s.action.label(),
                    verdict = verdict
                ));
                stored = Some(history::Stored {
                    profile: s.profile_name().to_string(),
                    action: s.action,
                    record: s.record.clone(),
                });
            }
        }
        if let Some(text) = finished {
            self.tell(text);
        }
        if let Some(stored) = stored {
            self.remember(stored);
        }
    }

    /// The sessions kept from earlier runs arrived: they go before this run's, in the list and
    /// in the file.
    fn history_loaded(&mut self, loaded: super::worker::LoadedHistory) {
        if let Some(w) = loaded.warning {
            self.say(w, Level::Warning);
        }
        if loaded.leave_alone {
            self.keeping = false;
            return;
        }
        let this_run = std::mem::replace(&mut self.history, loaded.sessions);
        self.history.extend(this_run);
        let written_since = !self.kept.is_empty();
        self.kept.put_before(loaded.kept);
        if written_since {
            self.save_history();
        }
    }

    /// The problems to show beside the editor's fields: the pure checks, made here, and the
    /// files' as the worker last found them. Asks the worker again when the files changed.
    fn editor_problems(&mut self) -> Vec<Problem> {
        let Some(p) = self.selected_profile() else {
            return Vec::new();
        };
        // The fields every action needs, and the user once "Log in" is on (Test connection
        // alone would not need it, but every action after it does).
        let widest = if p.auth.enabled {
            Action::TestLogin
        } else {
            Action::TestConnection
        };
        let mut problems = p.check_fields(widest);
        if let Some(checked) = self.files_checked.as_ref().filter(|c| c.profile == p.id) {
            problems.extend(checked.problems.iter().cloned());
        }
        if !self.files_asked.as_ref().is_some_and(|a| a.is_of(p)) {
            let profile = Box::new(p.clone());
            self.files_asked = Some(FileCheck::of(&profile));
            self.worker.send(Job::CheckFiles { profile });
        }
        problems
    }

    /// Draws the whole window, panel by panel; what each panel's views ask for is applied
    /// before the next panel is drawn, so it shows at once.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        self.poll();
        let ctx = ui.ctx().clone();
        if !self.themed {
            super::palette::apply(&ctx);
            self.themed = true;
            ctx.request_repaint();
        }
        // Esc closes what is on top first: the path field's window, then the About box; only
        // then does it cancel a session or close the compare view.
        if (self.path_prompt.is_some() || self.show_about)
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
            && self.path_prompt.take().is_none()
        {
            self.show_about = false;
        }
        let open_view = if self.comparing.is_some() {
            Some(Intent::CloseCompare)
        } else if self.detect_open {
            Some(Intent::CloseDetect)
        } else if self.load_open {
            Some(Intent::CloseLoad)
        } else {
            None
        };
        let keys = views::menu::shortcuts(&ctx, self.export_format, open_view);
        self.apply_all(&ctx, keys);
        let window_width = ctx.content_rect().width();
        let profiles_open = self
            .ui_state
            .profiles_open
            .unwrap_or(window_width >= WIDE_WINDOW);
        let editor_open = self.ui_state.editor_open.unwrap_or(true);
        let asked = egui::Panel::top("menu")
            .show(ui, |ui| {
                views::menu::show(ui, profiles_open, editor_open, crate::lang::current())
            })
            .inner;
        self.apply_all(&ctx, asked);
        let asked = egui::Panel::bottom("messages")
            .show(ui, |ui| {
                views::status::show(ui, &self.messages, self.deleted.is_some(), self.show_log)
            })
            .inner;
        self.apply_all(&ctx, asked);
        if self.show_log {
            let asked = egui::Panel::bottom("message-log")
                .resizable(true)
                .default_size(160.0)
                .max_size(ctx.content_rect().height() * 0.4)
                .show(ui, |ui| views::status::log(ui, &self.messages))
                .inner;
            self.apply_all(&ctx, asked);
        }
        if let Some(prompt) = &mut self.path_prompt {
            let asked = views::path_prompt::show(&ctx, prompt);
            self.apply_all(&ctx, asked);
        }
        let today = time::OffsetDateTime::now_utc().date();
        let sessions = views::profiles::sessions(self.current.as_ref(), &self.history, today);
        if profiles_open {
            let width = if self.ui_state.profiles_width > 0.0 {
                self.ui_state.profiles_width
            } else {
                220.0
            };
            let profiles = egui::Panel::left("profiles")
                .resizable(true)
                .default_size(width)
                .min_size(160.0)
                .max_size((window_width * 0.25).max(160.0))
                .show(ui, |ui| {
                    views::profiles::show(
                        ui,
                        &self.profiles,
                        self.selected,
                        &mut self.profile_search,
                        &sessions,
                    )
                });
            self.ui_state.profiles_width = profiles.response.rect.width();
            self.apply_all(&ctx, profiles.inner);
        }
        let problems = self.editor_problems();
        if editor_open {
            let width = if self.ui_state.editor_width > 0.0 {
                self.ui_state.editor_width
            } else {
                340.0
            };
            let focus_name = self.take_focus_name();
            if focus_name {
                ctx.request_repaint();
            }
            let keychain = self.keychain_kept();
            let sign_in = self.sign_in_status();
            let editor = egui::Panel::left("editor")
                .resizable(true)
                .default_size(width)
                .min_size(240.0)
                .max_size((window_width * 0.36).max(240.0))
                .show(ui, |ui| {
                    let profile = self.selected.and_then(|i| self.profiles.get(i));
                    views::editor::show(
                        ui,
                        profile,
                        &mut self.password_input,
                        &problems,
                        focus_name,
                        keychain,
                        &sign_in,
                    )
                });
            self.ui_state.editor_width = editor.response.rect.width();
            self.apply_all(&ctx, editor.inner);
        }
        let filter = self.filter.clone();
        let busy = self.busy();
        let area = views::session_area::Shown {
            busy,
            can_start: self.selected.is_some(),
            all_recipients: self.all_recipients,
            explanation_large: self.ui_state.explanation_large,
            scroll_to_selected: std::mem::take(&mut self.scroll_to_selected),
            focus_explanation: std::mem::take(&mut self.focus_explanation),
            focus_transcript: std::mem::take(&mut self.focus_transcript),
        };
        let focus_target = self.focus_detect > 0;
        self.focus_detect = self.focus_detect.saturating_sub(1);
        let focus_server = self.focus_load > 0;
        self.focus_load = self.focus_load.saturating_sub(1);
        let load_problems = if self.load_open {
            self.load_problems()
        } else {
            Vec::new()
        };
        let guarded = self.load_open
            && self
                .load_input
                .host()
                .is_some_and(|h| crate::profile::presets::public_provider(&h).is_some());
        let load_profile = self.selected_profile().map(|p| p.name.clone());
        let asked = egui::CentralPanel::default_margins()
            .show(ui, |ui| match &self.comparing {
                Some(c) => views::compare::show(ui, c, &sessions),
                None if self.detect_open => {
                    views::detect::show(ui, &mut self.detect_input, &self.detecting, focus_target)
                }
                None if self.load_open => views::load::show(
                    ui,
                    &mut self.load_input,
                    &self.loading,
                    &views::load::Shown {
                        profile: load_profile.as_deref(),
                        problems: &load_problems,
                        guarded,
                        focus_server,
                    },
                ),
                None => {
                    views::session_area::show(ui, self.current.as_ref(), &mut self.filter, &area)
                }
            })
            .inner;
        if self.filter != filter {
            // The transcript drawn this frame used the old filter: draw again with the new one.
            if let Some(s) = &mut self.current {
                s.apply_filter(&self.filter);
            }
            ctx.request_repaint();
        }
        self.apply_all(&ctx, asked);
        if self.show_about {
            let kept = self.keychain_kept();
            views::about::show(&ctx, &mut self.show_about, kept);
        }
        focus_ring(&ctx);
        if self.busy() || self.detecting.running.is_some() {
            // Elapsed times and the spinner move even between events.
            ctx.request_repaint_after(std::time::Duration::from_millis(250));
        }
        self.save_profiles();
    }
}

/// Draws a ring around the widget that has the keyboard focus, whatever it is (egui draws
/// some focused widgets, such as section headers, like any other).
fn focus_ring(ctx: &egui::Context) {
    let Some(id) = ctx.memory(|m| m.focused()) else {
        return;
    };
    let Some(r) = ctx.read_response(id) else {
        return;
    };
    let colour = super::palette::focus_in(ctx.global_style().visuals.dark_mode);
    ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::unique("focus-ring"),
    ))
    .with_clip_rect(r.interact_rect.expand(4.0))
    .rect_stroke(
        r.interact_rect.expand(1.0),
        3.0,
        egui::Stroke::new(2.0, colour),
        egui::StrokeKind::Outside,
    );
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        self.show(ui);
        self.flush_dialogs(|d| d.set_parent(&*frame));
        super::hooks::report_first_frame();
        if let Some(secs) = super::hooks::exit_after() {
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
        if !self.close() {
            eprintln!("smtp-lens: {}", t!("window-close-failed"));
        }
    }
}
