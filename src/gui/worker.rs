//! The background worker: a tokio runtime on its own thread that runs sessions and does every
//! call that may block or touch the filesystem (building a session's request, which reads the
//! CA file and the attachments; checking a profile's files; the keychain; file dialogs; writing
//! files). The UI thread sends it jobs and never waits: answers come back on a channel, each
//! followed by the wake-up callback (the window's repaint request). The worker knows nothing of
//! egui, and a secret only ever travels here as a `Secret`, which never prints.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc as std_mpsc;

use tokio::sync::mpsc;

use time::OffsetDateTime;

use crate::engine::{self, CancelToken, Event};
use crate::export::SessionRecord;
use crate::profile::{Action, Problem, Profile};
use crate::proto::Secret;
use crate::secrets::Secrets;

/// Wakes the UI after an answer (the window's repaint request).
pub type Wake = Arc<dyn Fn() + Send + Sync>;

/// Makes the text of a file to save.
pub type Render = Box<dyn FnOnce() -> String + Send>;

/// A file dialog that answers faster than this was never shown.
const NO_DIALOG: std::time::Duration = std::time::Duration::from_millis(400);

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
    /// Writes a file atomically; says so only when it fails if `quiet`.
    WriteFile {
        quiet: bool,
        path: PathBuf,
        contents: String,
        what: String,
    },
    /// Shows an open dialog (built and parented on the UI thread) and answers with the file.
    Open {
        dialog: rfd::AsyncFileDialog,
        purpose: OpenPurpose,
    },
    /// Asks the OS for a place to save a file, then writes it there. Where no dialog can be
    /// shown, writes to `fallback` and says so.
    /// The dialog is built on the UI thread, parented to the window there. The contents are
    /// rendered here, off the UI thread (an export of a long session takes a while).
    SaveWithDialog {
        dialog: rfd::AsyncFileDialog,
        contents: Render,
        fallback: PathBuf,
        what: String,
    },
}

/// Why a file is being opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenPurpose {
    /// Add the file to the profile's attachments.
    Attach { profile: String },
    /// Read profiles from it.
    ImportProfiles,
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
    /// The secret of a profile from the keychain (None: none is stored).
    Secret {
        profile: String,
        secret: Option<Secret>,
    },
    /// A message for the status line: saved files, keychain trouble.
    Note { text: String, error: bool },
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
}

/// The handle the UI keeps.
pub struct Worker {
    jobs: mpsc::UnboundedSender<Job>,
    answers: std_mpsc::Receiver<Answer>,
    wake: Wake,
    _thread: Option<std::thread::JoinHandle<()>>,
}

impl Worker {
    /// Starts the worker thread. `secrets` is opened on the worker (it may block).
    pub fn start(
        wake: Wake,
        secrets: impl FnOnce() -> Secrets + Send + 'static,
    ) -> std::io::Result<Worker> {
        let (jobs_tx, jobs_rx) = mpsc::unbounded_channel();
        let (answers_tx, answers_rx) = std_mpsc::channel();
        let thread_wake = wake.clone();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("smtp-lens-worker")
            .enable_all()
            .build()?;
        let thread = std::thread::Builder::new()
            .name(String::from("smtp-lens-runtime"))
            .spawn(move || runtime.block_on(serve(jobs_rx, answers_tx, thread_wake, secrets)))?;
        Ok(Worker {
            jobs: jobs_tx,
            answers: answers_rx,
            wake,
            _thread: Some(thread),
        })
    }

    /// Hands a job to the worker; never blocks.
    pub fn send(&self, job: Job) {
        // The worker only stops when the app does; a job sent during shutdown is dropped.
        let _ = self.jobs.send(job);
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

async fn serve(
    mut jobs: mpsc::UnboundedReceiver<Job>,
    answers: std_mpsc::Sender<Answer>,
    wake: Wake,
    open_secrets: impl FnOnce() -> Secrets + Send + 'static,
) {
    let say = {
        let wake = wake.clone();
        move |answer: Answer| {
            if answers.send(answer).is_ok() {
                wake();
            }
        }
    };
    let secrets = match tokio::task::spawn_blocking(open_secrets).await {
        Ok(s) => s,
        Err(_) => Secrets::memory_only("the keychain could not be opened"),
    };
    if let Some(why) = &secrets.unavailable {
        say(Answer::Note {
            text: why.clone(),
            error: false,
        });
    }
    while let Some(job) = jobs.recv().await {
        let say = say.clone();
        let secrets = secrets.clone();
        tokio::spawn(async move {
            match job {
                Job::Start {
                    profile,
                    action,
                    secret,
                    events,
                    cancel,
                } => {
                    // The record keeps the intent the request is made from (no secret in it).
                    let intent = profile.intent(action);
                    // Reads the CA file and the attachments: off the UI thread, here.
                    let built = tokio::task::spawn_blocking(move || {
                        profile
                            .to_request(action, secret.as_ref().map(Secret::expose))
                            .map_err(|e| e.to_string())
                    })
                    .await;
                    let request = match built {
                        Ok(Ok(request)) => request,
                        Ok(Err(error)) => return say(Answer::NotStarted { action, error }),
                        Err(_) => {
                            return say(Answer::NotStarted {
                                action,
                                error: String::from("the session could not be prepared"),
                            });
                        }
                    };
                    // The record holds the settings, never the secret the request carries.
                    let record =
                        SessionRecord::from_intent(&intent, OffsetDateTime::now_utc(), Vec::new());
                    say(Answer::Started {
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
                        say(Answer::FilesChecked(check));
                    }
                }
                Job::LoadSecret { profile } => {
                    let id = profile.clone();
                    let got = tokio::task::spawn_blocking(move || secrets.get(&id)).await;
                    match got {
                        Ok(Ok(secret)) => say(Answer::Secret {
                            profile,
                            secret: secret.map(Secret::new),
                        }),
                        Ok(Err(e)) => say(Answer::Note {
                            text: e.to_string(),
                            error: true,
                        }),
                        Err(_) => {}
                    }
                }
                Job::StoreSecret { profile, secret } => {
                    let got =
                        tokio::task::spawn_blocking(move || secrets.set(&profile, secret.expose()))
                            .await;
                    match got {
                        Ok(Ok(Some(note))) => say(Answer::Note {
                            text: note,
                            error: false,
                        }),
                        Ok(Err(e)) => say(Answer::Note {
                            text: e.to_string(),
                            error: true,
                        }),
                        _ => {}
                    }
                }
                Job::DeleteSecret { profile } => {
                    if let Ok(Err(e)) =
                        tokio::task::spawn_blocking(move || secrets.delete(&profile)).await
                    {
                        say(Answer::Note {
                            text: e.to_string(),
                            error: true,
                        });
                    }
                }
                Job::WriteFile {
                    quiet,
                    path,
                    contents,
                    what,
                } => {
                    let answer = write_file(path, contents, &what, "").await;
                    if !quiet || matches!(answer, Answer::Note { error: true, .. }) {
                        say(answer);
                    }
                }
                Job::Open { dialog, purpose } => {
                    let Some(handle) = dialog.pick_file().await else {
                        say(Answer::Note {
                            text: String::from(
                                "No file was picked (or no file dialog can be shown on this desktop: type the path instead).",
                            ),
                            error: false,
                        });
                        return;
                    };
                    let path = handle.path().to_path_buf();
                    let contents = match purpose {
                        OpenPurpose::Attach { .. } => None,
                        OpenPurpose::ImportProfiles => {
                            let read = path.clone();
                            match tokio::task::spawn_blocking(move || read_small(&read)).await {
                                Ok(Ok(text)) => Some(text),
                                Ok(Err(e)) => {
                                    say(Answer::Note {
                                        text: e,
                                        error: true,
                                    });
                                    return;
                                }
                                Err(_) => return,
                            }
                        }
                    };
                    say(Answer::Opened {
                        purpose,
                        path,
                        contents,
                    });
                }
                Job::SaveWithDialog {
                    dialog,
                    contents,
                    fallback,
                    what,
                } => {
                    let asked = std::time::Instant::now();
                    let picked = dialog.save_file().await;
                    let (path, note) = match picked {
                        Some(handle) => (handle.path().to_path_buf(), ""),
                        // No portal and no zenity answer at once, the same as a cancel. A person
                        // takes longer to cancel: then nothing is written.
                        None if asked.elapsed() > NO_DIALOG => {
                            say(Answer::Note {
                                text: format!("Saving {what} cancelled."),
                                error: false,
                            });
                            return;
                        }
                        None => (
                            fallback,
                            " (no file dialog could be shown on this desktop, so it went to the data folder)",
                        ),
                    };
                    let Ok(contents) = tokio::task::spawn_blocking(contents).await else {
                        say(Answer::Note {
                            text: format!("Preparing {what} failed."),
                            error: true,
                        });
                        return;
                    };
                    say(write_file(path, contents, &what, note).await);
                }
            }
        });
    }
}

/// Writes a file atomically off the async threads and says how it went.
async fn write_file(path: PathBuf, contents: String, what: &str, note: &str) -> Answer {
    let shown = path.display().to_string();
    let written = tokio::task::spawn_blocking(move || {
        crate::fs::write_atomically(&path, contents.as_bytes())
    })
    .await;
    match written {
        Ok(Ok(())) => Answer::Note {
            text: format!("Saved {what} to {shown}{note}"),
            error: false,
        },
        Ok(Err(e)) => Answer::Note {
            text: format!("Cannot save {what} to {shown}: {e}."),
            error: true,
        },
        Err(_) => Answer::Note {
            text: format!("Saving {what} to {shown} failed."),
            error: true,
        },
    }
}

/// Reads a profiles file to import, refusing anything too large to be one.
fn read_small(path: &std::path::Path) -> Result<String, String> {
    const LIMIT: u64 = 4 << 20;
    let shown = path.display();
    let len = std::fs::metadata(path)
        .map_err(|e| format!("Cannot read {shown}: {e}"))?
        .len();
    if len > LIMIT {
        return Err(format!(
            "{shown} is {len} bytes: too large to be a profiles file (4 MiB at most)."
        ));
    }
    std::fs::read_to_string(path).map_err(|e| format!("Cannot read {shown} as text: {e}"))
}
