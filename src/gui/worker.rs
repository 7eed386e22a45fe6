//! The background worker: a tokio runtime on its own thread that runs sessions and does every
//! call that may block or touch the filesystem (building a session's request, which reads the
//! CA file and the attachments; checking a profile's files; file dialogs; writing files), a
//! thread of its own for the keychain, and the one writer of the profiles file. The UI thread
//! sends it jobs and never waits: answers come back on a channel, each followed by the wake-up
//! callback (the window's repaint request). The worker knows nothing of egui, and a secret only
//! ever travels here as a `Secret`, which never prints.
//!
//! The keychain lives on a plain thread, never on the runtime: the Secret Service client blocks
//! on a runtime of its own (zbus), also when it is dropped, and a runtime cannot be started from
//! within another. So every keychain call, and the last drop of the keychain, happen there.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc as std_mpsc;
use std::time::Duration;

use tokio::sync::mpsc;

use time::OffsetDateTime;

use super::comparison::Which;
use super::history;
use super::messages::Level;
use crate::engine::{self, CancelToken, Event};
use crate::export::SessionRecord;
use crate::oauth::{
    Client, Http, OAuthError, Pages, Session as OAuthSession, TokenKey, TokenStore,
};
use crate::present::t;
use crate::profile::{Action, Problem, Profile};
use crate::proto::Secret;
use crate::secrets::Secrets;

/// Wakes the UI after an answer (the window's repaint request).
pub type Wake = Arc<dyn Fn() + Send + Sync>;

/// Makes the text of a file to save.
pub type Render = Box<dyn FnOnce() -> String + Send>;

/// A file dialog that answers faster than this was never shown.
const NO_DIALOG: Duration = Duration::from_millis(400);

/// How long the profiles file waits for the typing to calm down before it is written.
pub const SAVE_QUIET: Duration = Duration::from_millis(300);

/// How long closing waits for sessions and dialogs still running on the runtime.
const CLOSE_WAIT: Duration = Duration::from_secs(2);

/// A job for the worker.
pub enum Job {
    /// Builds the request of `action` for a profile (checking its files) and runs it; its
    /// events go to the receiver the UI got from `Worker::start_session`. Answers `Started`,
    /// or `NotStarted` when the profile cannot make a request.
    Start {
        profile: Box<Profile>,
        action: Action,
        secret: Option<Secret>,
        events: engine::EventSender,
        cancel: CancelToken,
    },
    /// Checks that the files a profile names can be read; answers `FilesChecked`.
    CheckFiles { profile: Box<Profile> },
    /// Reads a profile's secret from the keychain; answers `Secret`.
    LoadSecret { profile: String },
    /// Stores a profile's secret in the keychain.
    StoreSecret { profile: String, secret: Secret },
    /// Removes a profile's secret from the keychain.
    DeleteSecret { profile: String },
    /// Copies the secret of profile `from` to profile `to` in the keychain (a duplicated
    /// profile); answers `Secret` for `to` when there was one.
    CopySecret { from: String, to: String },
    /// Shows an open dialog (built and parented on the UI thread) and answers with the file;
    /// where no dialog can be shown, answers `NoDialog` so the window asks for a path.
    Open {
        dialog: rfd::AsyncFileDialog,
        purpose: OpenPurpose,
    },
    /// Opens the file at `path` as if it had been picked in a dialog.
    OpenPath { path: PathBuf, purpose: OpenPurpose },
    /// Asks the OS for a place to save a file, then writes it there. Where no dialog can be
    /// shown, answers `NoSaveDialog` with the save, so the window asks for a path.
    /// The dialog is built on the UI thread, parented to the window there. The contents are
    /// rendered here, off the UI thread (an export of a long session takes a while).
    SaveWithDialog {
        dialog: rfd::AsyncFileDialog,
        save: Save,
    },
    /// Writes a save to `path` (typed in the window's path field). A file already there is
    /// replaced only with `replace`; otherwise the answer is `SaveWouldReplace`, so the window
    /// asks first.
    SaveTo {
        path: PathBuf,
        save: Save,
        replace: bool,
    },
    /// Reads the session history (`history::load`) and makes its sessions' views; answers
    /// `HistoryLoaded`.
    LoadHistory { path: PathBuf },
    /// Signs the profile's user in with its OAuth 2.0 settings (`client_secret`: the profile's
    /// secret, for Google). Answers each `SignInStep`, then `SignedIn` or `SignInFailed`.
    SignIn {
        profile: Box<Profile>,
        client_secret: Option<Secret>,
        cancel: CancelToken,
    },
    /// Says whether the profile's user has tokens stored, and until when the access token is
    /// valid: answers `SignedIn`, or nothing when none are stored.
    SignInStatus { profile: Box<Profile> },
    /// Deletes the profile's user's stored tokens; answers `SignedOut`.
    SignOut { profile: Box<Profile> },
    /// Runs a detection (`detect::run`) with the Detect view's fields: makes the request here
    /// (reading the CA file), then probes, until it ends or `cancel` is called. Answers
    /// `Detected` with the run's number.
    Detect {
        run: u64,
        input: crate::detect::DetectInput,
        cancel: CancelToken,
    },
    /// Runs a load test (`bulk::run`) with the load-test view's checked fields over `profile`'s
    /// settings: gets the access token when the profile signs in with OAuth 2.0, makes the
    /// request here (reading the CA file, building the message once), then runs until it ends
    /// or `cancel` is called. Answers `LoadSampled` a few times a second while it runs (each
    /// wakes the window, so it repaints only then), then `Loaded`.
    Load {
        run: u64,
        profile: Option<Box<Profile>>,
        checked: Box<crate::intent::load::Checked>,
        secret: Option<Secret>,
        progress: Arc<crate::bulk::Progress>,
        cancel: CancelToken,
    },
}

/// How often a load test's counters are sampled for the window's plot.
pub const LOAD_SAMPLE_EVERY: Duration = Duration::from_millis(250);

/// How a load test ended.
#[derive(Debug)]
pub enum Loaded {
    /// The report, whole (also when it was cancelled: it covers the messages tried).
    Done(Box<crate::bulk::BulkReport>),
    /// It could not start: why, in words.
    Failed(String),
}

/// How a detection ended.
#[derive(Debug)]
pub enum Detected {
    /// The report, whole.
    Done(Box<crate::detect::DetectReport>),
    /// It could not start: why, in words.
    Failed(String),
    /// It was cancelled before it ended.
    Cancelled,
}

/// A file to save: how to make its text, where it would go without a dialog, what it is.
pub struct Save {
    /// Makes the text (on the worker).
    pub contents: Render,
    /// The path suggested when no dialog can be shown (in the data folder).
    pub fallback: PathBuf,
    /// What is saved, in words ("the transcript").
    pub what: String,
}

impl std::fmt::Debug for Save {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Save")
            .field("fallback", &self.fallback)
            .field("what", &self.what)
            .finish_non_exhaustive()
    }
}

/// Why a file is being opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenPurpose {
    /// Add the file to the profile's attachments.
    Attach { profile: String },
    /// Make the file the profile's extra trusted CA.
    CaFile { profile: String },
    /// Read profiles from it.
    ImportProfiles,
    /// Read a session export from it, to compare it.
    CompareSession { which: Which },
}

/// The files a profile names and what is wrong with them, as checked on the worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileCheck {
    /// The profile's id.
    pub profile: String,
    /// The attachments checked.
    pub attachments: Vec<PathBuf>,
    /// The extra CA file checked.
    pub ca_file: Option<PathBuf>,
    /// What is wrong with them; empty when every file can be read.
    pub problems: Vec<Problem>,
}

impl FileCheck {
    /// The files `profile` names, not checked yet.
    pub fn of(profile: &Profile) -> FileCheck {
        FileCheck {
            profile: profile.id.clone(),
            attachments: profile.message.attachments.clone(),
            ca_file: profile.options.ca_file.clone(),
            problems: Vec::new(),
        }
    }

    /// Whether this check is of the files `profile` names now.
    pub fn is_of(&self, profile: &Profile) -> bool {
        self.profile == profile.id
            && self.attachments == profile.message.attachments
            && self.ca_file == profile.options.ca_file
    }
}

/// What the worker says back. Its `Debug` is safe to print: a secret shows as `<redacted>`.
#[derive(Debug)]
pub enum Answer {
    /// Where this run keeps passwords: the system keychain, or memory when there is none.
    SecretsKept(crate::secrets::Backend),
    /// The secret of a profile from the keychain (None: none is stored).
    Secret {
        profile: String,
        secret: Option<Secret>,
    },
    /// A message for the window's messages: saved files, keychain trouble.
    Note { text: String, level: Level },
    /// The profiles file holds the contents of save `generation` (see `Worker::save_profiles`).
    ProfilesSaved { generation: u64 },
    /// Another window had changed the profiles file: its profiles `added`, under names this
    /// window lacked, were kept in the file beside this window's.
    ProfilesMerged { added: Vec<Profile> },
    /// No open dialog can be shown on this desktop: the window asks for a path instead.
    NoDialog { purpose: OpenPurpose },
    /// No save dialog can be shown on this desktop: the window asks for a path instead.
    NoSaveDialog { save: Save },
    /// A file is already at `path`, typed in the path field: the window asks before replacing it.
    SaveWouldReplace { path: PathBuf, save: Save },
    /// The session asked for is running; its record holds the settings (no secret).
    Started { record: Box<SessionRecord> },
    /// The session asked for could not start: `error` says why.
    NotStarted { action: Action, error: String },
    /// The files of a profile were checked.
    FilesChecked(FileCheck),
    /// A file picked in an open dialog; `contents` is read for imports.
    Opened {
        purpose: OpenPurpose,
        path: PathBuf,
        contents: Option<String>,
    },
    /// A session export read back, to be compared as the session `which`.
    SessionOpened {
        which: Which,
        path: PathBuf,
        record: Box<SessionRecord>,
    },
    /// The session history, read at start.
    HistoryLoaded(Box<LoadedHistory>),
    /// Detection `run` ended.
    Detected { run: u64, result: Detected },
    /// A point of load test `run`'s series.
    LoadSampled {
        run: u64,
        sample: crate::bulk::sample::Sample,
    },
    /// Load test `run` ended.
    Loaded { run: u64, result: Loaded },
    /// A step of a profile's sign-in (the URL to open, the device code, ...).
    SignInStep {
        profile: String,
        step: crate::oauth::SignInStep,
    },
    /// The profile's user has tokens; the access token is valid until `expires_at` (Unix
    /// seconds; None: the provider did not say).
    SignedIn {
        profile: String,
        account: String,
        expires_at: Option<i64>,
    },
    /// A profile's sign-in ended without tokens: `error` says why.
    SignInFailed { profile: String, error: String },
    /// A profile's tokens were deleted (`had`: there were some).
    SignedOut {
        profile: String,
        account: String,
        had: bool,
    },
}

/// The session history as read at start: the sessions' views (made here, off the UI thread),
/// the file's lines to write again, and a warning when the file could not be read whole.
pub struct LoadedHistory {
    /// Oldest first.
    pub sessions: Vec<super::session::SessionView>,
    pub kept: history::Kept,
    pub warning: Option<String>,
    /// The file could not be read or moved aside: this run leaves it as it is.
    pub leave_alone: bool,
}

impl std::fmt::Debug for LoadedHistory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoadedHistory")
            .field("sessions", &self.sessions.len())
            .field("warning", &self.warning)
            .finish_non_exhaustive()
    }
}

/// Sends answers to the UI and wakes it.
#[derive(Clone)]
struct Say {
    answers: std_mpsc::Sender<Answer>,
    wake: Wake,
}

impl Say {
    fn say(&self, answer: Answer) {
        if self.answers.send(answer).is_ok() {
            (self.wake)();
        }
    }

    fn note(&self, text: String, level: Level) {
        self.say(Answer::Note { text, level });
    }
}

/// A keychain call, run on the keychain's thread.
type KeychainCall = Box<dyn FnOnce(&Secrets) + Send>;

/// The handle the UI keeps.
pub struct Worker {
    jobs: Option<mpsc::UnboundedSender<Job>>,
    keychain: Option<std_mpsc::Sender<KeychainCall>>,
    answers: std_mpsc::Receiver<Answer>,
    say: Say,
    wake: Wake,
    /// The one writer of the profiles file, made at the first save.
    profiles: Option<(PathBuf, crate::fs::Writer)>,
    /// The profiles file as the window read it (None: there was none), so that its writer
    /// notices another window's changes.
    profiles_read: Option<Vec<u8>>,
    /// The one writer of the session history, made at the first save.
    history: Option<(PathBuf, crate::fs::Writer)>,
    threads: Vec<std::thread::JoinHandle<()>>,
}

impl Worker {
    /// Starts the worker thread and the keychain's. `secrets` is opened on the keychain's
    /// thread (it may block), which owns it until the worker is closed.
    pub fn start(
        wake: Wake,
        secrets: impl FnOnce() -> Secrets + Send + 'static,
    ) -> std::io::Result<Worker> {
        let (jobs_tx, jobs_rx) = mpsc::unbounded_channel();
        let (answers_tx, answers_rx) = std_mpsc::channel();
        let say = Say {
            answers: answers_tx,
            wake: wake.clone(),
        };
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("smtp-lens-worker")
            .enable_all()
            .build()?;
        let (keychain_tx, keychain_rx) = std_mpsc::channel::<KeychainCall>();
        let keychain_say = say.clone();
        let (tokens_tx, tokens_rx) = tokio::sync::watch::channel(None);
        let keychain = std::thread::Builder::new()
            .name(String::from("smtp-lens-keychain"))
            .spawn(move || {
                let secrets = secrets();
                // The runtime's handle on the same keychain, for sign-ins and sessions.
                let _ = tokens_tx.send(Some(Arc::new(RuntimeTokens(Some(TokenStore::new(
                    secrets.clone(),
                ))))));
                drop(tokens_tx);
                keychain_say.say(Answer::SecretsKept(secrets.backend()));
                if let Some(why) = &secrets.unavailable {
                    keychain_say.note(crate::present::errors::keychain_note(why), Level::Warning);
                }
                while let Ok(call) = keychain_rx.recv() {
                    call(&secrets);
                }
                // `secrets` is dropped here, on a plain thread: its client may block on a
                // runtime of its own while it closes.
            })?;
        let runtime_say = say.clone();
        let thread = std::thread::Builder::new()
            .name(String::from("smtp-lens-runtime"))
            .spawn(move || {
                runtime.block_on(serve(jobs_rx, runtime_say, tokens_rx));
                // Sessions and dialogs still running are given a moment, then dropped.
                runtime.shutdown_timeout(CLOSE_WAIT);
            })?;
        Ok(Worker {
            jobs: Some(jobs_tx),
            keychain: Some(keychain_tx),
            answers: answers_rx,
            say,
            wake,
            profiles: None,
            profiles_read: None,
            history: None,
            threads: vec![keychain, thread],
        })
    }

    /// Hands a job to the worker; never blocks.
    pub fn send(&self, job: Job) {
        match job {
            Job::LoadSecret { profile } => {
                self.keychain(move |secrets, say| match secrets.get(&profile) {
                    Ok(secret) => say.say(Answer::Secret {
                        profile,
                        secret: secret.map(Secret::new),
                    }),
                    Err(e) => say.note(crate::present::errors::secrets_error(&e), Level::Error),
                })
            }
            Job::StoreSecret { profile, secret } => self.keychain(
                move |secrets, say| match secrets.set(&profile, secret.expose()) {
                    Ok(Some(note)) => {
                        say.note(crate::present::errors::keychain_note(&note), Level::Warning)
                    }
                    Ok(None) => {}
                    Err(e) => say.note(crate::present::errors::secrets_error(&e), Level::Error),
                },
            ),
            Job::DeleteSecret { profile } => self.keychain(move |secrets, say| {
                if let Err(e) = secrets.delete(&profile) {
                    say.note(crate::present::errors::secrets_error(&e), Level::Error);
                }
            }),
            Job::CopySecret { from, to } => {
                self.keychain(move |secrets, say| match secrets.get(&from) {
                    Ok(Some(secret)) => {
                        match secrets.set(&to, &secret) {
                            Ok(Some(note)) => say
                                .note(crate::present::errors::keychain_note(&note), Level::Warning),
                            Ok(None) => {}
                            Err(e) => {
                                say.note(crate::present::errors::secrets_error(&e), Level::Error)
                            }
                        }
                        say.say(Answer::Secret {
                            profile: to,
                            secret: Some(Secret::new(secret)),
                        });
                    }
                    Ok(None) => {}
                    Err(e) => say.note(crate::present::errors::secrets_error(&e), Level::Error),
                })
            }
            job => {
                if let Some(jobs) = &self.jobs {
                    // The worker only stops when the app does; a job sent during shutdown is
                    // dropped.
                    let _ = jobs.send(job);
                }
            }
        }
    }

    /// Runs `call` on the keychain's thread.
    fn keychain(&self, call: impl FnOnce(&Secrets, &Say) + Send + 'static) {
        let say = self.say.clone();
        if let Some(k) = &self.keychain {
            let _ = k.send(Box::new(move |secrets: &Secrets| call(secrets, &say)));
        }
    }

    /// Says what the profiles file held when the window read it (None: no file), before the
    /// first save: its writer then keeps the profiles another window wrote there since.
    pub fn profiles_read(&mut self, contents: Option<Vec<u8>>) {
        self.profiles_read = contents;
    }

    /// Hands the profiles file's new text to its one writer, which writes the latest text once
    /// the changes calm down (`SAVE_QUIET`), atomically; never blocks. A failed write is said
    /// as an error; each finished one answers `ProfilesSaved`. Returns the save's generation.
    /// If another window changed the file since it was read or last written here, the
    /// profiles it has under names this window lacks are kept in the file and answered as
    /// `ProfilesMerged`.
    pub fn save_profiles(&mut self, path: PathBuf, contents: String) -> u64 {
        let say = self.say.clone();
        let failed = |path: &str, e: &std::io::Error| {
            t!(
                "window-profiles-not-saved",
                path = path,
                error = e.to_string()
            )
        };
        let shown = path.display().to_string();
        let written: crate::fs::Written = Box::new(move |generation, result| match result {
            Ok(()) => say.say(Answer::ProfilesSaved { generation }),
            Err(e) => say.note(failed(&shown, &e), Level::Error),
        });
        let merged = self.say.clone();
        let known = self.profiles_read.clone();
        let guard = move || crate::fs::Guard {
            known,
            merge: Box::new(move |disk: &[u8], ours: Vec<u8>| {
                let parse = |b: &[u8]| {
                    std::str::from_utf8(b)
                        .ok()
                        .and_then(|t| crate::profile::store::parse(t).ok())
                };
                let (Some(theirs), Some(mut mine)) = (parse(disk), parse(&ours)) else {
                    return ours;
                };
                let added = crate::profile::store::merge_by_name(&mut mine, theirs);
                if added.is_empty() {
                    return ours;
                }
                match crate::profile::store::render(&mine) {
                    Ok(text) => {
                        merged.say(Answer::ProfilesMerged { added });
                        text.into_bytes()
                    }
                    Err(_) => ours,
                }
            }),
        };
        keep(
            &mut self.profiles,
            &self.say,
            path,
            contents,
            written,
            failed,
            Some(guard),
        )
    }

    /// Hands the session history's new text to its one writer, as `save_profiles` does.
    pub fn save_history(&mut self, path: PathBuf, contents: String) -> u64 {
        let say = self.say.clone();
        let failed = |path: &str, e: &std::io::Error| {
            t!(
                "window-history-not-saved",
                path = path,
                error = e.to_string()
            )
        };
        let shown = path.display().to_string();
        let written: crate::fs::Written = Box::new(move |_, result| {
            if let Err(e) = result {
                say.note(failed(&shown, &e), Level::Error);
            }
        });
        keep(
            &mut self.history,
            &self.say,
            path,
            contents,
            written,
            failed,
            None::<fn() -> crate::fs::Guard>,
        )
    }

    /// Stops the worker: writes the profiles still pending, lets the keychain finish its calls
    /// and close on its own thread, gives running sessions a moment. Returns false if any of
    /// the worker's threads panicked. Later jobs are dropped.
    pub fn close(&mut self) -> bool {
        let mut clean = true;
        for (_, w) in [self.profiles.take(), self.history.take()]
            .into_iter()
            .flatten()
        {
            clean &= w.close();
        }
        self.jobs = None;
        self.keychain = None;
        for t in self.threads.drain(..) {
            clean &= t.join().is_ok();
        }
        clean
    }

    /// Asks for a session of `action` with `profile` and returns the receiver of its events and
    /// its cancel token. The request is built on the worker, which answers `Started` or
    /// `NotStarted`.
    pub fn start_session(
        &self,
        profile: Profile,
        action: Action,
        secret: Option<Secret>,
    ) -> (mpsc::UnboundedReceiver<Event>, CancelToken) {
        let (events, rx) = engine::event::channel(Some(self.wake.clone()));
        let cancel = CancelToken::new();
        self.send(Job::Start {
            profile: Box::new(profile),
            action,
            secret,
            events,
            cancel: cancel.clone(),
        });
        (rx, cancel)
    }

    /// The answers that arrived since the last call.
    pub fn answers(&self) -> Vec<Answer> {
        self.answers.try_iter().collect()
    }
}

/// Hands `contents` to the writer of `path` in `slot`, made at the first save (or when the
/// path changed); returns the save's generation, or 0 when no writer could be made (said with
/// `failed`). A writer made here guards the file with `guard`, if any.
fn keep(
    slot: &mut Option<(PathBuf, crate::fs::Writer)>,
    say: &Say,
    path: PathBuf,
    contents: String,
    written: crate::fs::Written,
    failed: impl Fn(&str, &std::io::Error) -> String,
    guard: Option<impl FnOnce() -> crate::fs::Guard>,
) -> u64 {
    if slot.as_ref().is_none_or(|(p, _)| *p != path) {
        let guard = guard.map(|g| g());
        match crate::fs::Writer::guarded(path.clone(), SAVE_QUIET, written, guard) {
            Ok(w) => *slot = Some((path, w)),
            Err(e) => {
                say.note(failed(&path.display().to_string(), &e), Level::Error);
                return 0;
            }
        }
    }
    match slot {
        Some((_, w)) => w.save(contents.into_bytes()),
        None => 0,
    }
}

/// The keychain's tokens as the runtime holds them. Its last drop happens on a plain thread:
/// the Secret Service client blocks on a runtime of its own when dropped.
struct RuntimeTokens(Option<TokenStore>);

impl Drop for RuntimeTokens {
    fn drop(&mut self) {
        if let Some(store) = self.0.take() {
            let _ = std::thread::spawn(move || drop(store)).join();
        }
    }
}

/// The runtime's handle on the keychain's tokens, once the keychain's thread opened it.
type Tokens = tokio::sync::watch::Receiver<Option<Arc<RuntimeTokens>>>;

/// The token store, waiting for the keychain's thread to open it.
async fn token_store(tokens: &mut Tokens) -> Option<Arc<RuntimeTokens>> {
    tokens
        .wait_for(Option::is_some)
        .await
        .ok()
        .and_then(|s| s.clone())
}

/// What a sign-in of `profile` needs from the library: its client and where its tokens are.
fn signer(profile: &Profile, client_secret: Option<Secret>) -> Result<Signer, OAuthError> {
    let sign_in = profile
        .auth
        .sign_in
        .as_ref()
        .ok_or(OAuthError::SignInNeeded)?;
    let http = Http::new(crate::oauth::HTTP_TIMEOUT)?;
    Ok(Signer {
        client: Client::new(sign_in.client_config(client_secret), http)?,
        key: sign_in.token_key(&profile.auth.user),
        flow: sign_in.flow(),
    })
}

/// A profile's client, its token key and its flow.
struct Signer {
    client: Client,
    key: TokenKey,
    flow: crate::oauth::Flow,
}

impl Signer {
    /// The library's view of this sign-in. A person is at the window.
    fn session<'a>(&'a self, store: &'a TokenStore, pages: &'a Pages) -> OAuthSession<'a> {
        OAuthSession {
            client: &self.client,
            store,
            key: &self.key,
            flow: self.flow,
            interactive: true,
            wait: crate::oauth::SIGN_IN_WAIT,
            pages,
        }
    }
}

/// Signs `profile`'s user in (a sign-in, even when tokens are stored) and says how it went.
async fn sign_in(
    profile: Profile,
    client_secret: Option<Secret>,
    cancel: CancelToken,
    store: Option<Arc<RuntimeTokens>>,
    say: &Say,
) {
    let id = profile.id.clone();
    let failed = |e: &OAuthError| Answer::SignInFailed {
        profile: id.clone(),
        error: crate::present::oauth::error(e),
    };
    let Some(store) = store.as_ref().and_then(|s| s.0.as_ref()) else {
        return say.say(failed(&OAuthError::Cancelled));
    };
    let signer = match signer(&profile, client_secret) {
        Ok(s) => s,
        Err(e) => return say.say(failed(&e)),
    };
    let pages = crate::present::oauth::pages();
    let on_step = |step| {
        say.say(Answer::SignInStep {
            profile: id.clone(),
            step,
        })
    };
    match signer
        .session(store, &pages)
        .sign_in(&cancel, &on_step)
        .await
    {
        Ok((tokens, _)) => say.say(Answer::SignedIn {
            profile: id.clone(),
            account: signer.key.account.clone(),
            expires_at: tokens.expires_at,
        }),
        Err(e) => say.say(failed(&e)),
    }
}

/// A valid access token for a session of `profile`: stored, or refreshed silently; never a
/// sign-in (the editor's Sign in button does that). The error is in words.
async fn session_token(
    profile: &Profile,
    client_secret: Option<Secret>,
    store: Option<Arc<RuntimeTokens>>,
    say: &Say,
) -> Result<Secret, String> {
    let words = |e: &OAuthError| crate::present::oauth::window_error(e);
    let Some(store) = store.as_ref().and_then(|s| s.0.as_ref()) else {
        return Err(words(&OAuthError::SignInNeeded));
    };
    let signer = signer(profile, client_secret).map_err(|e| words(&e))?;
    let pages = crate::present::oauth::pages();
    let id = profile.id.clone();
    let on_step = |step| {
        say.say(Answer::SignInStep {
            profile: id.clone(),
            step,
        })
    };
    let (tokens, _) = signer
        .session(store, &pages)
        .without_sign_in(&on_step)
        .await
        .map_err(|e| words(&e))?;
    say.say(Answer::SignedIn {
        profile: profile.id.clone(),
        account: signer.key.account.clone(),
        expires_at: tokens.expires_at,
    });
    Ok(tokens.access)
}

async fn serve(mut jobs: mpsc::UnboundedReceiver<Job>, say: Say, tokens: Tokens) {
    while let Some(job) = jobs.recv().await {
        let say = say.clone();
        let mut tokens = tokens.clone();
        tokio::spawn(async move {
            match job {
                Job::SignIn {
                    profile,
                    client_secret,
                    cancel,
                } => {
                    let store = token_store(&mut tokens).await;
                    sign_in(*profile, client_secret, cancel, store, &say).await;
                }
                Job::SignInStatus { profile } => {
                    let Some(store) = token_store(&mut tokens).await else {
                        return;
                    };
                    let Some(sign_in) = profile.auth.sign_in.as_ref() else {
                        return;
                    };
                    let key = sign_in.token_key(&profile.auth.user);
                    let loaded = {
                        let store = store.clone();
                        let key = key.clone();
                        tokio::task::spawn_blocking(move || store.0.as_ref().map(|s| s.load(&key)))
                            .await
                    };
                    if let Ok(Some(Ok(Some(t)))) = loaded {
                        say.say(Answer::SignedIn {
                            profile: profile.id.clone(),
                            account: key.account,
                            expires_at: t.expires_at,
                        });
                    }
                }
                Job::SignOut { profile } => {
                    let Some(store) = token_store(&mut tokens).await else {
                        return;
                    };
                    let Some(sign_in) = profile.auth.sign_in.as_ref() else {
                        return;
                    };
                    let key = sign_in.token_key(&profile.auth.user);
                    let deleted = {
                        let key = key.clone();
                        tokio::task::spawn_blocking(move || {
                            store.0.as_ref().map(|s| s.delete(&key))
                        })
                        .await
                    };
                    match deleted {
                        Ok(Some(Ok(had))) => say.say(Answer::SignedOut {
                            profile: profile.id.clone(),
                            account: key.account,
                            had,
                        }),
                        Ok(Some(Err(e))) => {
                            say.note(crate::present::oauth::error(&e), Level::Error)
                        }
                        _ => {}
                    }
                }
                Job::Start {
                    profile,
                    action,
                    mut secret,
                    events,
                    cancel,
                } => {
                    // The record keeps the intent the request is made from (no secret in it).
                    let intent = profile.intent(action);
                    // With OAuth 2.0 sign-in, the profile's secret is the client's; the
                    // session's is the access token.
                    if profile.sign_in_for(action).is_some() {
                        let store = token_store(&mut tokens).await;
                        match session_token(&profile, secret.take(), store, &say).await {
                            Ok(token) => secret = Some(token),
                            Err(error) => return say.say(Answer::NotStarted { action, error }),
                        }
                    }
                    // Reads the CA file and the attachments: off the UI thread, here.
                    let built = tokio::task::spawn_blocking(move || {
                        profile
                            .to_request(action, secret.as_ref().map(Secret::expose))
                            .map_err(|e| e.words())
                    })
                    .await;
                    let request = match built {
                        Ok(Ok(request)) => request,
                        Ok(Err(error)) => return say.say(Answer::NotStarted { action, error }),
                        Err(_) => {
                            return say.say(Answer::NotStarted {
                                action,
                                error: t!("window-not-prepared"),
                            });
                        }
                    };
                    // The record holds the settings, never the secret the request carries.
                    let record =
                        SessionRecord::from_intent(&intent, OffsetDateTime::now_utc(), Vec::new());
                    say.say(Answer::Started {
                        record: Box::new(record),
                    });
                    engine::run(request, events, cancel).await;
                }
                Job::CheckFiles { profile } => {
                    let checked = tokio::task::spawn_blocking(move || FileCheck {
                        problems: profile.check_files(),
                        ..FileCheck::of(&profile)
                    })
                    .await;
                    if let Ok(check) = checked {
                        say.say(Answer::FilesChecked(check));
                    }
                }
                // Keychain calls go to the keychain's thread in `Worker::send`.
                Job::LoadSecret { .. }
                | Job::StoreSecret { .. }
                | Job::DeleteSecret { .. }
                | Job::CopySecret { .. } => {}
                Job::Open { dialog, purpose } => {
                    let asked = std::time::Instant::now();
                    let Some(handle) = dialog.pick_file().await else {
                        // No portal and no zenity answer at once, the same as a cancel. A person
                        // takes longer to cancel: then nothing more is said.
                        if asked.elapsed() <= NO_DIALOG {
                            say.say(Answer::NoDialog { purpose });
                        } else {
                            say.note(t!("window-nothing-picked"), Level::Info);
                        }
                        return;
                    };
                    open(handle.path().to_path_buf(), purpose, &say).await;
                }
                Job::OpenPath { path, purpose } => open(path, purpose, &say).await,
                Job::SaveWithDialog { dialog, save } => {
                    let asked = std::time::Instant::now();
                    let picked = dialog.save_file().await;
                    let path = match picked {
                        Some(handle) => handle.path().to_path_buf(),
                        None if asked.elapsed() > NO_DIALOG => {
                            say.note(
                                t!("window-save-cancelled", what = save.what.as_str()),
                                Level::Info,
                            );
                            return;
                        }
                        None => return say.say(Answer::NoSaveDialog { save }),
                    };
                    save_to(path, save, &say).await;
                }
                Job::SaveTo {
                    path,
                    save,
                    replace,
                } => {
                    // The system's dialog asks itself; a typed path is asked about here.
                    let exists = tokio::fs::try_exists(&path).await.unwrap_or(false);
                    if exists && !replace {
                        say.say(Answer::SaveWouldReplace { path, save });
                    } else {
                        save_to(path, save, &say).await;
                    }
                }
                Job::Detect { run, input, cancel } => {
                    let result = detect(input, &cancel).await;
                    say.say(Answer::Detected { run, result });
                }
                Job::Load {
                    run,
                    profile,
                    checked,
                    secret,
                    progress,
                    cancel,
                } => {
                    let store = match &profile {
                        Some(p)
                            if checked.intent.auth_user.is_some() && p.auth.sign_in.is_some() =>
                        {
                            token_store(&mut tokens).await
                        }
                        _ => None,
                    };
                    let result = load(
                        run, profile, *checked, secret, store, progress, cancel, &say,
                    )
                    .await;
                    say.say(Answer::Loaded { run, result });
                }
                Job::LoadHistory { path } => {
                    let loaded = tokio::task::spawn_blocking(move || {
                        let loaded = history::load(&path);
                        LoadedHistory {
                            sessions: loaded
                                .sessions
                                .into_iter()
                                .map(history::Stored::into_view)
                                .collect(),
                            kept: loaded.kept,
                            warning: loaded.warning,
                            leave_alone: loaded.leave_alone,
                        }
                    })
                    .await;
                    if let Ok(loaded) = loaded {
                        say.say(Answer::HistoryLoaded(Box::new(loaded)));
                    }
                }
            }
        });
    }
}

/// Makes the request of `input` (reading its CA file off the async threads) and runs the
/// detection until it ends or `cancel` is called. Probes already started then end on their own
/// short timeouts; nothing more of them is shown.
async fn detect(input: crate::detect::DetectInput, cancel: &CancelToken) -> Detected {
    use crate::present::detect::input_error;
    let built = tokio::task::spawn_blocking(move || input.request()).await;
    let request = match built {
        Ok(Ok(request)) => request,
        Ok(Err(e)) => return Detected::Failed(input_error(&e)),
        Err(_) => return Detected::Failed(t!("window-not-prepared")),
    };
    tokio::select! {
        found = crate::detect::run(&request) => match found {
            Ok(report) => Detected::Done(Box::new(report)),
            Err(e) => Detected::Failed(input_error(&crate::detect::InputError::Target(e))),
        },
        () = cancel.cancelled() => Detected::Cancelled,
    }
}

/// Makes the request of a load test (off the async threads: it reads the CA file and builds
/// the message) and runs it to its end, sampling its counters for the window meanwhile.
#[allow(clippy::too_many_arguments)]
async fn load(
    run: u64,
    profile: Option<Box<Profile>>,
    checked: crate::intent::load::Checked,
    mut secret: Option<Secret>,
    store: Option<Arc<RuntimeTokens>>,
    progress: Arc<crate::bulk::Progress>,
    cancel: CancelToken,
    say: &Say,
) -> Loaded {
    // With OAuth 2.0 sign-in, the profile's secret is the client's; the sessions' is the
    // access token (stored, or renewed; never a sign-in from here).
    if let Some(p) = profile.as_ref().filter(|p| p.auth.sign_in.is_some())
        && checked.intent.auth_user.is_some()
    {
        match session_token(p, secret.take(), store, say).await {
            Ok(token) => secret = Some(token),
            Err(error) => return Loaded::Failed(error),
        }
    }
    let crate::intent::load::Checked {
        intent,
        settings,
        size,
    } = checked;
    let built = tokio::task::spawn_blocking(move || {
        crate::intent::load::request(&intent, secret, size)
            .map_err(|e| crate::words::request_error(&e))
    })
    .await;
    let request = match built {
        Ok(Ok(request)) => request,
        Ok(Err(error)) => return Loaded::Failed(error),
        Err(_) => return Loaded::Failed(t!("window-not-prepared")),
    };
    let plan = match settings.plan(request, crate::profile::presets::public_provider_name) {
        Ok(plan) => plan,
        Err(p) => {
            return Loaded::Failed(crate::words::load_problem(
                &crate::intent::load::InputProblem::Plan(p),
            ));
        }
    };
    let started = std::time::Instant::now();
    let watched = progress.clone();
    let sampling = say.clone();
    let (stop, mut stopped) = tokio::sync::oneshot::channel::<()>();
    let sampler = tokio::spawn(async move {
        let mut series = crate::bulk::sample::Sampler::default();
        let mut every = tokio::time::interval(LOAD_SAMPLE_EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        // The first tick is at once; the last point is the run's end.
        loop {
            let last = tokio::select! {
                _ = every.tick() => false,
                _ = &mut stopped => true,
            };
            let sample = series.sample(started.elapsed().as_secs_f64(), watched.counts());
            sampling.say(Answer::LoadSampled { run, sample });
            if last {
                break;
            }
        }
    });
    let report = crate::bulk::run(plan, progress, cancel).await;
    let _ = stop.send(());
    let _ = sampler.await;
    Loaded::Done(Box::new(report))
}

/// Makes a save's text and writes it to `path`, and says how it went.
async fn save_to(path: PathBuf, save: Save, say: &Say) {
    let Ok(contents) = tokio::task::spawn_blocking(save.contents).await else {
        say.note(
            t!("window-save-not-prepared", what = save.what.as_str()),
            Level::Error,
        );
        return;
    };
    say.say(write_file(path, contents, &save.what).await);
}

/// Answers with a file picked (or typed): its path, and for an import its text.
async fn open(path: PathBuf, purpose: OpenPurpose, say: &Say) {
    let contents = match purpose {
        OpenPurpose::CompareSession { which } => {
            let read = path.clone();
            match tokio::task::spawn_blocking(move || crate::export::read(&read)).await {
                Ok(Ok(record)) => {
                    return say.say(Answer::SessionOpened {
                        which,
                        path,
                        record: Box::new(record),
                    });
                }
                Ok(Err(e)) => return say.note(crate::words::read_error(&e), Level::Error),
                Err(_) => return,
            }
        }
        OpenPurpose::Attach { .. } | OpenPurpose::CaFile { .. } => None,
        OpenPurpose::ImportProfiles => {
            let read = path.clone();
            match tokio::task::spawn_blocking(move || read_small(&read)).await {
                Ok(Ok(text)) => Some(text),
                Ok(Err(e)) => return say.note(e, Level::Error),
                Err(_) => return,
            }
        }
    };
    say.say(Answer::Opened {
        purpose,
        path,
        contents,
    });
}

/// Writes a file atomically off the async threads and says how it went.
async fn write_file(path: PathBuf, contents: String, what: &str) -> Answer {
    let shown = path.display().to_string();
    let written = tokio::task::spawn_blocking(move || {
        crate::fs::write_atomically(&path, contents.as_bytes())
    })
    .await;
    match written {
        Ok(Ok(())) => Answer::Note {
            text: t!("window-saved", what = what, path = shown),
            level: Level::Info,
        },
        Ok(Err(e)) => Answer::Note {
            text: t!(
                "window-not-saved",
                what = what,
                path = shown,
                error = e.to_string()
            ),
            level: Level::Error,
        },
        Err(_) => Answer::Note {
            text: t!("window-not-saved", what = what, path = shown, error = ""),
            level: Level::Error,
        },
    }
}

/// Reads a profiles file to import, refusing anything too large to be one.
fn read_small(path: &std::path::Path) -> Result<String, String> {
    const LIMIT: u64 = 4 << 20;
    let shown = path.display().to_string();
    let len = std::fs::metadata(path)
        .map_err(|e| {
            t!(
                "window-cannot-read",
                path = shown.as_str(),
                error = e.to_string()
            )
        })?
        .len();
    if len > LIMIT {
        return Err(t!("window-too-large", path = shown.as_str(), bytes = len));
    }
    std::fs::read_to_string(path).map_err(|e| {
        t!(
            "window-cannot-read",
            path = shown.as_str(),
            error = e.to_string()
        )
    })
}
