//! Drawing, one view a file. A view is a function of the data it draws: it reads that data,
//! lets egui edit only the text buffers and toggles it is handed (a search box, the filters,
//! the password field), and returns what the user asked for as [`Intent`]s, which the app
//! applies in one place. A view never imports the app, never keeps state of its own and never
//! does IO: no file, socket, keychain or clock.
//!
//! Words about sessions (verdicts, stages, explanations, TLS facts) come from `present`; a view
//! only lays them out and colours them.

pub mod about;
pub mod compare;
pub mod detect;
pub mod editor;
pub mod explanation;
pub mod load;
pub mod menu;
pub mod path_prompt;
pub mod profiles;
pub mod session_area;
pub mod status;
pub mod tls;
pub mod transcript;
pub mod verdict;

use crate::export::Format;
use crate::profile::presets::Preset;
use crate::profile::{Action, Profile};

/// What the user asked for, in the words of the window. Views return these; `App::apply`
/// carries them out.
#[derive(Debug, Clone)]
pub enum Intent {
    /// Speak this language from now on (and in later runs).
    SetLanguage(crate::lang::Language),
    /// Show this profile in the editor.
    Select(usize),
    /// Add an empty profile and select it.
    NewProfile,
    /// Add a profile made from a provider's preset and say what the preset notes.
    FromPreset(&'static Preset),
    /// Copy the selected profile.
    Duplicate,
    /// Delete the selected profile (Undo brings it back).
    Delete,
    /// Bring back the last deleted profile.
    UndoDelete,
    /// Forget the deleted profile (and its secret) for good.
    ForgetDeleted,
    /// The editor changed the profile with this id: keep the new version.
    Edit(Box<Profile>),
    /// Sign the selected profile's user in with its OAuth 2.0 settings.
    SignIn,
    /// Stop waiting for the sign-in.
    CancelSignIn,
    /// Delete the selected profile's user's stored tokens.
    SignOut,
    /// Pick a file to attach to the selected profile's message.
    PickAttachment,
    /// Pick the selected profile's extra trusted CA file.
    PickCaFile,
    /// Read profiles from a file.
    ImportProfiles,
    /// Save every profile (never a secret) to a file.
    ExportProfiles,
    /// Run an action with the selected profile.
    Start(Action),
    /// Cancel the running session.
    Cancel,
    /// Show an earlier session of this run again.
    Reopen(usize),
    /// Select a transcript row (and explain its reply).
    SelectRow(usize),
    /// Move the transcript's selection by this many visible rows (negative: up).
    MoveSelection(isize),
    /// Put the keyboard in the selected row's explanation.
    OpenExplanation,
    /// Enlarge the explanation pane (or bring it back to its size).
    EnlargeExplanation(bool),
    /// List every recipient in the verdict (or only the refused ones).
    ShowAllRecipients(bool),
    /// Show or fold the profile list.
    FoldProfiles(bool),
    /// Show or fold the profile editor.
    FoldEditor(bool),
    /// Dismiss a message.
    Dismiss(u64),
    /// Dismiss every waiting message.
    DismissAll,
    /// Open or close the message log.
    ShowLog(bool),
    /// Open or save the file typed in the path field.
    PathChosen,
    /// Close the path field without a file.
    PathCancelled,
    /// Export the current session in a format.
    Export(Format),
    /// Copy the current session as text (secrets scrubbed).
    CopyAsText,
    /// Put this text on the clipboard.
    Copy(String),
    /// Open the About box.
    ShowAbout,
    /// Open the compare view, with the session shown as the second session.
    OpenCompare,
    /// Compare this earlier session (by its index in the history) with the one shown.
    CompareWith(usize),
    /// Choose one of the two sessions to compare: an earlier session by its index in the
    /// history, or (None) the one shown.
    CompareChoose(crate::gui::comparison::Which, Option<usize>),
    /// Choose one of the two sessions to compare from an exported file.
    CompareFile(crate::gui::comparison::Which),
    /// The first session becomes the second and the second the first.
    CompareSwap,
    /// Close the compare view (back to the session).
    CloseCompare,
    /// Open the Detect view (in the session area's place).
    OpenDetect,
    /// Close the Detect view (back to the session); its report stays for the next opening.
    CloseDetect,
    /// Run a detection with the Detect view's fields.
    DetectStart,
    /// Cancel the detection under way.
    DetectCancel,
    /// Show the transcript of this cell (its index in the report's matrix).
    DetectSelectCell(usize),
    /// Add a profile made from the recommended settings, select it and put the keyboard in
    /// its name.
    DetectSaveProfile,
    /// Export the detect report in a format.
    DetectExport(Format),
    /// Open the load-test view (in the session area's place), its fields filled from the
    /// selected profile when they were filled from another.
    OpenLoad,
    /// Close the load-test view (back to the session); its run goes on and its report stays.
    CloseLoad,
    /// Run a load test with the load-test view's fields.
    LoadStart,
    /// Cancel the load test under way.
    LoadCancel,
}
