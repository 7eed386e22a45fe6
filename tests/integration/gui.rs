//! The window, driven by egui_kittest through its AccessKit labels, as a user would: presets,
//! validation, a login and a send against the local Postfix, an explained refusal, an export,
//! profiles on disk and the password in keyring-core's mock store.

use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use smtp_lens::gui::App;
use smtp_lens::gui::app::{Paths, UiState};
use smtp_lens::gui::messages::Level;
use smtp_lens::gui::worker::Worker;
use smtp_lens::profile::{AuthSettings, Profile, store};
use smtp_lens::proto::session::Verdict;
use smtp_lens::secrets::Secrets;

use crate::util::*;

struct Setup {
    harness: Harness<'static, App>,
    dir: tempfile::TempDir,
    secrets: Secrets,
}

fn setup(profiles: Vec<Profile>, stored: &[(&str, &str)]) -> Setup {
    let mock: Arc<keyring_core::CredentialStore> =
        keyring_core::mock::Store::new().expect("mock store");
    setup_with(
        profiles,
        stored,
        Secrets::with_store(mock),
        [1400.0, 1000.0],
        |_| {},
    )
}

/// The app over a fresh folder with `profiles` saved and `stored` in `secrets`, in a window of
/// `size`; `before` may change the profiles folder before the app starts.
fn setup_with(
    profiles: Vec<Profile>,
    stored: &[(&str, &str)],
    secrets: Secrets,
    size: [f32; 2],
    before: impl FnOnce(&std::path::Path),
) -> Setup {
    let dir = tempfile::tempdir().expect("temp dir");
    let profiles_path = dir.path().join("config").join("profiles.toml");
    if !profiles.is_empty() {
        store::save(&profiles_path, &profiles).expect("save profiles");
    }
    before(&profiles_path);
    for (id, secret) in stored {
        secrets
            .set(id, secret)
            .expect("store a password in the mock keychain");
    }
    let worker_secrets = secrets.clone();
    let worker = Worker::start(Arc::new(|| {}), move || worker_secrets).expect("worker");
    let paths = Paths {
        profiles: Some(profiles_path),
        data_dir: dir.path().join("data"),
        history: Some(
            dir.path()
                .join("data")
                .join(smtp_lens::gui::history::FILE_NAME),
        ),
    };
    let app = App::new(worker, paths, UiState::default());
    let harness = Harness::builder()
        .with_size(size)
        .with_max_steps(50)
        .build_ui_state(
            |ui, app: &mut App| {
                app.show(ui);
                // No window to parent the dialog to here; the real one is parented.
                app.flush_dialogs(|d| d);
            },
            app,
        );
    Setup {
        harness,
        dir,
        secrets,
    }
}

/// Steps the UI until `done` holds, as the real window would while the worker runs.
fn step_until(h: &mut Harness<'static, App>, what: &str, done: impl Fn(&App) -> bool) {
    let start = Instant::now();
    while !done(h.state()) {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "timed out waiting for {what}"
        );
        h.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    h.run_steps(3);
}

fn local_profile(servers: &Servers) -> Profile {
    let (user, _) = servers.postfix_user();
    let submission = servers.postfix_submission();
    let (host, port) = submission.rsplit_once(':').expect("host:port");
    let mut p = Profile {
        name: String::from("Local Postfix"),
        server: host.to_string(),
        port: port.parse().expect("port"),
        helo: String::from("client.example.test"),
        mail_from: String::from("alice@example.test"),
        rcpt_to: String::from("bob@example.test\nnobody@example.test"),
        auth: AuthSettings {
            enabled: true,
            user,
            ..AuthSettings::default()
        },
        ..Profile::default()
    };
    p.options.ca_file = Some(servers.ca_cert());
    p
}

/// Whether any widget's label contains `text` (several may: a query for one would panic).
/// Presses the action button `label` on the selected profile and waits for the session to end.
fn run_action(h: &mut Harness<'static, App>, label: &str) {
    h.run();
    h.get_by_label(label).click();
    step_until(h, "the session to end", |app| {
        app.current.as_ref().is_some_and(|c| c.outcome().is_some())
    });
    // A loaded machine can leave a repaint pending past the harness's step limit (the history's
    // debounced writer, a message's fade); the session has ended, so a few more frames settle it.
    if h.try_run().is_err() {
        h.run_steps(10);
    }
}

fn has(h: &Harness<'static, App>, text: &str) -> bool {
    h.query_all_by_label_contains(text).next().is_some()
}

/// Types into the field of `role` named `label`, as a user would: focus it, optionally select what
/// is there (so the typing replaces it), type.
fn type_into(h: &mut Harness<'static, App>, role: Role, label: &str, text: &str, replace: bool) {
    h.get_by_role_and_label(role, label).focus();
    h.run();
    if replace {
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    }
    h.get_by_role_and_label(role, label).type_text(text);
    h.run();
}

fn text_input<'a>(h: &'a Harness<'static, App>, label: &'a str) -> egui_kittest::Node<'a> {
    h.get_by_role_and_label(Role::TextInput, label)
}

#[test]
fn a_profile_from_a_preset_is_filled_in_and_bad_input_is_explained_beside_the_field() {
    let mut s = setup(Vec::new(), &[]);
    let h = &mut s.harness;
    h.run();
    h.get_by_label("Preset").click();
    h.run();
    h.get_by_label("Microsoft 365").click();
    h.run();
    let app = h.state();
    assert_eq!(app.profiles.len(), 1);
    assert_eq!(app.profiles[0].server, "smtp.office365.com");
    assert_eq!(app.profiles[0].port, 587);
    assert_eq!(
        text_input(h, "Server").value().as_deref(),
        Some("smtp.office365.com")
    );
    assert!(
        has(h, "Authenticated SMTP must be on"),
        "the preset's note is shown"
    );

    type_into(h, Role::TextInput, "Server", "smtp.example.com:587", true);
    assert!(has(h, "Port field"), "no hint to move the port");

    type_into(h, Role::TextInput, "Sender (MAIL FROM)", "alice@", false);
    let problems = h.state().profiles[0].validate(smtp_lens::profile::Action::TestConnection);
    assert!(
        problems
            .iter()
            .any(|p| p.field == smtp_lens::profile::Field::MailFrom),
        "{problems:?}"
    );
    assert!(has(h, "⚠"), "problems are shown beside the fields");
}

#[test]
fn test_login_and_send_against_postfix_with_an_explained_refusal_and_a_safe_export() {
    let servers = Servers::get();
    let (_, password) = servers.postfix_user();
    let profile = local_profile(&servers);
    let id = profile.id.clone();
    let mut s = setup(vec![profile], &[(&id, &password)]);
    let h = &mut s.harness;
    step_until(h, "the password from the keychain", |app| {
        app.password_input == password
    });

    h.get_by_label("Test login").click();
    step_until(h, "the login to finish", |app| {
        app.current.as_ref().is_some_and(|c| c.outcome().is_some())
    });
    let outcome = h
        .state()
        .current
        .as_ref()
        .and_then(|c| c.outcome().cloned())
        .expect("outcome");
    assert_eq!(outcome.verdict, Verdict::Success, "{outcome:?}");
    assert!(has(h, "235 2.7.0"), "the 235 reply is in the transcript");
    assert!(has(h, "PASSED"), "a passed verdict banner");
    assert!(has(h, "TLS (starttls): TLS 1.3"), "the TLS card");

    h.get_by_label("Send test message").click();
    step_until(h, "the send to finish", |app| {
        app.history.len() == 1 && app.current.as_ref().is_some_and(|c| c.outcome().is_some())
    });
    let app = h.state();
    let view = app.current.as_ref().expect("session");
    assert_eq!(
        view.outcome().map(|o| o.verdict),
        Some(Verdict::SomeRecipientsRejected)
    );
    let classes: Vec<_> = view.rows.iter().filter_map(|r| r.class).collect();
    assert!(classes.contains(&smtp_lens::proto::ReplyClass::PermanentNegative));
    assert!(
        classes.contains(&smtp_lens::proto::ReplyClass::PositiveIntermediate),
        "354 is there"
    );
    assert_eq!(
        app.history.len(),
        1,
        "the login session went to the history"
    );
    let row = view
        .rows
        .iter()
        .find(|r| r.text.starts_with("550 5.1.1"))
        .map(|r| r.text.clone())
        .expect("the 550 row");
    // The problems only, so the refusal is in view.
    h.get_by_label("Problems only").click();
    h.run_steps(3);
    assert!(
        has(h, "5xx permanent negative"),
        "class label beside the 550"
    );
    assert!(has(h, "FAILED"), "a failed verdict banner");
    assert!(has(h, "nobody@example.test REFUSED"));

    // The refusal is in the verdict banner too; click its transcript row.
    h.get_by_label(&row).click_accesskit();
    h.run_steps(3);
    assert!(has(h, "How to fix it"), "the explanation opens");
    assert!(has(h, "Check the address for typos"), "with its fix");

    // Export: no file dialog can open here, so a path field asks where, suggesting the data
    // folder.
    h.get_by_label("Export").click();
    h.run();
    h.get_by_label("Export as HTML...").click();
    step_until(h, "the path field", |app| app.path_prompt.is_some());
    h.get_by_role_and_label(Role::Button, "Save").click();
    h.run();
    let exports = s.dir.path().join("data").join("exports");
    step_until(h, "the export to be written", |_| {
        std::fs::read_dir(&exports)
            .map(|d| d.count() > 0)
            .unwrap_or(false)
    });
    let file = std::fs::read_dir(&exports)
        .expect("exports")
        .next()
        .expect("one")
        .expect("entry")
        .path();
    let html = std::fs::read_to_string(&file).expect("read export");
    assert!(html.contains("5xx permanent negative") && html.contains("nobody@example.test"));
    assert!(!html.contains(&password), "the password is in the export");
    step_until(h, "the message", |app| {
        app.messages.any_contains("Saved the transcript to")
    });
}

#[test]
fn profiles_and_passwords_round_trip_through_the_config_dir_and_the_keychain() {
    let mut s = setup(Vec::new(), &[]);
    let h = &mut s.harness;
    h.run();
    h.get_by_label("New").click();
    h.run();
    type_into(h, Role::TextInput, "Profile name", "Customer X", true);
    type_into(h, Role::TextInput, "Server", "mail.example.net", false);
    h.get_by_label("Log in (SMTP AUTH)").click();
    h.run();
    type_into(
        h,
        Role::TextInput,
        "User name",
        "support@example.net",
        false,
    );
    type_into(h, Role::PasswordInput, "Password", "hunter2 horse", false);
    assert_eq!(h.state().profiles[0].auth.user, "support@example.net");
    assert_eq!(h.state().password_input, "hunter2 horse");
    // Switching profiles stores the typed password through the worker.
    h.get_by_label("New").click();
    h.run();
    let id = s.harness.state().profiles[0].id.clone();
    let start = Instant::now();
    while s.secrets.get(&id).ok().flatten().is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the password never reached the keychain"
        );
        s.harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(s.secrets.get(&id), Ok(Some(String::from("hunter2 horse"))));
    let path = s.dir.path().join("config").join("profiles.toml");
    step_until(&mut s.harness, "the profiles file", |_| {
        store::load(&path)
            .profiles
            .iter()
            .any(|p| p.name == "Customer X")
    });
    let text = std::fs::read_to_string(&path).expect("profiles file");
    assert!(text.contains("mail.example.net") && text.contains("support@example.net"));
    assert!(
        !text.contains("hunter2"),
        "the password is in the profiles file"
    );
    // Delete and undo.
    s.harness.get_by_label("Customer X").click();
    s.harness.run();
    s.harness.get_by_label("Delete").click();
    s.harness.run();
    assert!(
        s.harness
            .state()
            .profiles
            .iter()
            .all(|p| p.name != "Customer X")
    );
    s.harness.get_by_label("Undo delete").click();
    s.harness.run();
    assert!(
        s.harness
            .state()
            .profiles
            .iter()
            .any(|p| p.name == "Customer X")
    );

    // Export and import: the exported file holds the profiles and no password, and importing it
    // adds copies with new ids.
    let exported = store::render(&s.harness.state().profiles).expect("render");
    assert!(!exported.contains("hunter2"));
    let before = s.harness.state().profiles.len();
    s.harness
        .state_mut()
        .import_profiles_text(&exported, std::path::Path::new("profiles.toml"));
    s.harness.run();
    let app = s.harness.state();
    assert_eq!(app.profiles.len(), before * 2);
    let mut ids: Vec<_> = app.profiles.iter().map(|p| p.id.clone()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), before * 2, "imported profiles get their own ids");
    assert!(
        has(&s.harness, "Imported"),
        "a message says what was imported"
    );
}

#[test]
fn without_a_file_dialog_import_asks_for_a_path_and_imports_from_it() {
    let mut s = setup(Vec::new(), &[]);
    let file = s.dir.path().join("shared-profiles.toml");
    let shared = Profile {
        name: String::from("From a colleague"),
        server: String::from("smtp.example.org"),
        ..Profile::default()
    };
    store::save(&file, &[shared]).expect("write the file to import");
    let h = &mut s.harness;
    h.run();
    // "Profiles" is also the heading of the list: take the menu button.
    h.get_by_role_and_label(Role::Button, "Profiles").click();
    h.run();
    h.get_by_label("Import profiles...").click();
    step_until(h, "the path field", |app| app.path_prompt.is_some());
    assert!(has(h, "No file dialog can be shown"), "it says why it asks");
    type_into(
        h,
        Role::TextInput,
        "File path",
        &file.display().to_string(),
        false,
    );
    h.get_by_role_and_label(Role::Button, "Import").click();
    step_until(h, "the import", |app| {
        app.profiles.iter().any(|p| p.name == "From a colleague")
    });
    assert!(h.state().path_prompt.is_none(), "the path field closed");
}

#[test]
fn the_about_box_shows_the_version_and_the_third_party_licences() {
    let mut s = setup(Vec::new(), &[]);
    let h = &mut s.harness;
    h.run();
    h.get_by_label("About").click();
    h.run();
    assert!(has(h, "(git "), "the version with its git revision");
    assert!(has(h, "MIT OR Apache-2.0"));
    h.get_by_label("Third-party licences").click();
    h.run();
    assert!(
        has(h, "Third-party software in smtp-lens"),
        "the notice opens"
    );
    assert!(has(h, "eframe 0.37"), "and lists the crates");
}

#[test]
fn a_profile_that_cannot_make_a_session_says_why_and_starts_nothing() {
    let mut s = setup(Vec::new(), &[]);
    let h = &mut s.harness;
    h.run();
    h.get_by_label("New").click();
    h.run();
    h.get_by_label("Test connection").click();
    step_until(h, "the worker's answer", |app| {
        app.messages
            .waiting()
            .any(|m| m.level == Level::Error && m.text.starts_with("Test connection: "))
    });
    assert!(h.state().current.is_none(), "no session was started");
    assert!(
        h.state()
            .messages
            .any_contains("Enter the server's host name"),
        "{:?}",
        h.state().messages
    );
}

#[test]
fn a_missing_attachment_found_by_the_worker_is_shown_beside_the_field() {
    let missing = "/nonexistent/smtp-lens/report.pdf";
    let mut s = setup(Vec::new(), &[]);
    let h = &mut s.harness;
    h.run();
    h.get_by_label("New").click();
    h.run();
    h.get_by_label("Message").click();
    h.run();
    type_into(h, Role::MultilineTextInput, "Attachments", missing, false);
    step_until(h, "the file check", |app| {
        app.profiles[0].message.attachments == [std::path::PathBuf::from(missing)]
    });
    let start = Instant::now();
    while !has(h, "is not a readable file") {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the missing attachment was never shown beside the field"
        );
        h.step();
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_failed_stage_is_drawn_in_the_verdict_banner() {
    // Nothing listens on port 1 of 127.0.0.1: the connect stage fails and the banner draws it.
    let profile = Profile {
        name: String::from("Nobody home"),
        server: String::from("127.0.0.1"),
        port: 1,
        security: smtp_lens::proto::session::Security::None,
        ..Profile::default()
    };
    let mut s = setup(vec![profile], &[]);
    let h = &mut s.harness;
    run_action(h, "Test connection");
    assert_eq!(
        h.state()
            .current
            .as_ref()
            .and_then(|c| c.outcome())
            .map(|o| o.verdict),
        Some(Verdict::ConnectFailed)
    );
    assert!(has(h, "FAILED"), "a failed verdict banner");
    assert!(
        has(h, "× connect FAILED"),
        "the failed stage, with a mark the fonts have"
    );
    assert!(has(h, "connection refused"), "the failure in words");
}

#[test]
fn a_certificate_refusal_names_the_windows_own_control() {
    let servers = Servers::get();
    let (host, port) = servers
        .aiosmtpd_selfsigned()
        .rsplit_once(':')
        .map(|(h, p)| (h.to_string(), p.parse::<u16>().expect("port")))
        .expect("host:port");
    let profile = Profile {
        name: String::from("Self-signed"),
        server: host,
        port,
        security: smtp_lens::proto::session::Security::StartTlsRequired,
        ..Profile::default()
    };
    let mut s = setup(vec![profile], &[]);
    let h = &mut s.harness;
    run_action(h, "Test connection");
    assert!(has(h, "FAILED"), "a failed verdict banner");
    assert!(
        has(h, "Continue even if the certificate is invalid"),
        "the advice names the checkbox, not a command-line flag"
    );
    assert!(!has(h, "--insecure"), "no command-line flag in the window");
}

// The window a support engineer keeps open all day: layout at the sizes of small and common
// screens, messages that stay, files without a dialog, the keyboard.

/// A finished session with 30 recipients, five refused, recorded against the test Postfix.
fn thirty_recipients() -> smtp_lens::gui::session::SessionView {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/thirty-recipients.json"),
    )
    .expect("the recorded session");
    let mut record: smtp_lens::export::SessionRecord =
        serde_json::from_str(&text).expect("the recorded session loads");
    // Recorded today, whatever day the test runs: the session list names an earlier day's
    // session by its date, which would change the snapshots from one day to the next.
    let today = time::OffsetDateTime::now_utc().date();
    record.started_at = record
        .started_at
        .to_offset(time::UtcOffset::UTC)
        .replace_date(today);
    smtp_lens::gui::session::SessionView::from_record(
        String::from("Local Postfix - Test recipients"),
        smtp_lens::profile::Action::TestRecipients,
        record,
    )
}

/// The app in a window of `size` showing the recorded 30-recipient session, its first refusal
/// selected and explained.
fn showing_thirty_recipients(size: [f32; 2]) -> Setup {
    let profile = Profile {
        name: String::from("Local Postfix"),
        server: String::from("127.0.0.1"),
        port: 10587,
        mail_from: String::from("alice@example.test"),
        rcpt_to: String::from("bob@example.test"),
        ..Profile::default()
    };
    let mock: Arc<keyring_core::CredentialStore> =
        keyring_core::mock::Store::new().expect("mock store");
    let mut s = setup_with(vec![profile], &[], Secrets::with_store(mock), size, |_| {});
    let mut view = thirty_recipients();
    let refused = view
        .rows
        .iter()
        .position(|r| r.text.starts_with("550 5.1.1"))
        .expect("a refusal");
    view.select(refused);
    s.harness.state_mut().current = Some(view);
    s.harness.run_steps(4);
    s
}

/// Widgets whose boxes cross without one holding the other: drawn over each other. Only
/// widgets inside the window are compared (a scrolled-away row is clipped, not drawn).
fn overlapping(h: &Harness<'static, App>) -> Vec<String> {
    let window = egui::Rect::from_min_size(egui::Pos2::ZERO, h.ctx.content_rect().size());
    let widgets: Vec<(String, egui::Rect)> = h
        .query_all_by(|n| {
            matches!(
                n.role(),
                Role::Button
                    | Role::CheckBox
                    | Role::TextInput
                    | Role::PasswordInput
                    | Role::MultilineTextInput
            )
        })
        .map(|n| {
            let a = n.accesskit_node();
            (format!("{:?} {:?}", a.role(), a.label()), n.rect())
        })
        .filter(|(_, r)| window.contains_rect(*r) && r.area() > 0.0)
        .collect();
    let mut found = Vec::new();
    for (i, (a, ra)) in widgets.iter().enumerate() {
        for (b, rb) in &widgets[i + 1..] {
            let cross = ra.intersect(*rb);
            if cross.width() > 1.0
                && cross.height() > 1.0
                && !ra.contains_rect(*rb)
                && !rb.contains_rect(*ra)
            {
                found.push(format!("{a} {ra:?} over {b} {rb:?}"));
            }
        }
    }
    found
}

/// The snapshot options: software rendering is not bit-exact across drivers, so a few pixels
/// may differ; a moved widget differs in thousands.
fn snapshot(h: &mut Harness<'static, App>, name: &str) {
    let options = egui_kittest::SnapshotOptions::new()
        .threshold(1.5)
        .max_failed_pixels(200);
    h.snapshot_options(name, &options);
}

#[test]
fn at_1024x700_the_transcript_has_the_width_and_the_verdict_a_bounded_height() {
    let mut s = showing_thirty_recipients([1024.0, 700.0]);
    let h = &mut s.harness;
    snapshot(h, "window-1024x700");
    // Folded by default at this width: the list; the editor stays.
    assert!(!has(h, "Search profiles"), "the profile list is folded");
    let row = h
        .query_all_by_label_contains("550 5.1.1 <nobody6@example.test>")
        .next()
        .expect("the refusal row")
        .rect();
    assert!(
        row.width() > 450.0,
        "the transcript is {} wide",
        row.width()
    );
    // A summary line, the refused ones first, the rest behind "show all".
    assert!(has(h, "30 recipients: 25 accepted, 5 refused"));
    assert!(has(h, "nobody6@example.test REFUSED"));
    assert!(has(h, "Show all 30 recipients"));
    let fix = h.get_by_label("1. Check the address for typos.").rect();
    let messages = h.get_by_label_contains("Messages (").rect();
    assert!(
        fix.bottom() < messages.top(),
        "the explanation pane shows the first fix without scrolling: {fix:?}"
    );
    let over = overlapping(h);
    assert!(over.is_empty(), "{over:#?}");
    // The list unfolds on demand, and the choice is kept.
    h.get_by_label("Profile list").click();
    h.run_steps(3);
    assert!(has(h, "Search profiles"));
    assert_eq!(h.state().ui_state.profiles_open, Some(true));
    let over = overlapping(h);
    assert!(over.is_empty(), "with the list open: {over:#?}");
}

#[test]
fn at_1400x900_every_pane_shows_and_nothing_is_drawn_over_anything() {
    let mut s = showing_thirty_recipients([1400.0, 900.0]);
    let h = &mut s.harness;
    assert!(has(h, "Search profiles"), "the profile list shows");
    assert!(has(h, "2xx positive completion"), "the class in words");
    let over = overlapping(h);
    assert!(over.is_empty(), "{over:#?}");
    snapshot(h, "window-1400x900");
}

#[test]
fn with_30_recipients_show_all_lists_them_in_a_bounded_banner() {
    let mut s = showing_thirty_recipients([1400.0, 900.0]);
    let h = &mut s.harness;
    let filters_before = h.get_by_label("Replies only").rect();
    h.get_by_label("Show all 30 recipients").click();
    h.run_steps(3);
    assert!(h.state().all_recipients);
    let filters = h.get_by_label("Replies only").rect();
    // The banner scrolls inside its share of the height instead of pushing the transcript away.
    assert!(
        filters.top() < h.ctx.content_rect().height() * 0.5,
        "the filters moved to {filters:?} (from {filters_before:?})"
    );
    let over = overlapping(h);
    assert!(over.is_empty(), "{over:#?}");
    snapshot(h, "window-30-recipients-all");
}

#[test]
fn the_keyboard_moves_through_transcript_rows_and_enter_opens_the_explanation() {
    let mut s = showing_thirty_recipients([1400.0, 900.0]);
    let h = &mut s.harness;
    let first = h.state().current.as_ref().and_then(|c| c.selected());
    h.get_by_label_contains("Transcript (Up and Down").focus();
    h.run();
    h.key_press(egui::Key::ArrowDown);
    h.run_steps(2);
    let view = h.state().current.as_ref().expect("session");
    let now = view.selected();
    assert_ne!(now, first, "Down moved the selection");
    assert_eq!(
        view.visible.iter().position(|&v| Some(v) == now),
        view.visible
            .iter()
            .position(|&v| Some(v) == first)
            .map(|i| i + 1)
    );
    h.key_press(egui::Key::ArrowUp);
    h.run_steps(2);
    assert_eq!(h.state().current.as_ref().and_then(|c| c.selected()), first);
    h.key_press(egui::Key::Enter);
    h.run_steps(3);
    assert!(
        h.get_by_label("Copy reply and explanation").is_focused(),
        "Enter put the keyboard in the explanation"
    );
}

#[test]
fn a_new_profile_puts_the_keyboard_in_its_name_field() {
    let mut s = setup(Vec::new(), &[]);
    let h = &mut s.harness;
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    h.run_steps(3);
    assert_eq!(h.state().profiles.len(), 1, "Ctrl+N made a profile");
    assert!(text_input(h, "Profile name").is_focused());
    // The default name is selected: what is typed replaces it.
    text_input(h, "Profile name").type_text("Typed at once");
    h.run();
    assert_eq!(h.state().profiles[0].name, "Typed at once");
    // A duplicate too.
    h.get_by_label("Duplicate").click();
    h.run_steps(3);
    assert!(text_input(h, "Profile name").is_focused());
}

#[test]
fn a_problem_beside_a_field_does_not_move_the_fields_below_it() {
    let mut s = setup(Vec::new(), &[]);
    let h = &mut s.harness;
    h.run();
    h.get_by_label("New").click();
    h.run_steps(3);
    type_into(h, Role::TextInput, "Server", "smtp.example.com", true);
    let before = text_input(h, "HELO name").rect();
    assert!(!has(h, "Port field"));
    type_into(h, Role::TextInput, "Server", "smtp.example.com:587", true);
    assert!(has(h, "Port field"), "the problem shows");
    assert_eq!(
        text_input(h, "HELO name").rect(),
        before,
        "the field below moved"
    );
}

#[test]
fn a_preset_s_note_stays_in_the_editor_after_other_actions() {
    let mut s = setup(Vec::new(), &[]);
    let h = &mut s.harness;
    h.run();
    h.get_by_label("Preset").click();
    h.run();
    h.get_by_label("Gmail / Google Workspace").click();
    h.run_steps(3);
    h.get_by_label("New").click();
    h.run_steps(3);
    h.get_by_label("Gmail / Google Workspace").click();
    h.run_steps(3);
    assert!(has(h, "Made from the Gmail / Google Workspace preset"));
    assert!(
        has(h, "app password"),
        "the note says what the account needs"
    );
}

#[test]
fn a_warning_at_start_stays_when_the_keychain_note_follows() {
    let mut s = setup_with(
        Vec::new(),
        &[],
        Secrets::memory_only("No system keychain is available (test)"),
        [1400.0, 900.0],
        |path| {
            std::fs::create_dir_all(path.parent().expect("folder")).expect("folder");
            std::fs::write(path, "this is [not toml").expect("a broken profiles file");
        },
    );
    let h = &mut s.harness;
    step_until(h, "the keychain note", |app| {
        app.messages.any_contains("No system keychain")
    });
    let waiting: Vec<String> = h
        .state()
        .messages
        .waiting()
        .map(|m| m.text.clone())
        .collect();
    assert!(
        waiting.iter().any(|t| t.contains("could not be read")),
        "{waiting:?}"
    );
    assert!(has(h, "could not be read"), "shown, not only kept");
    assert!(has(h, "No system keychain"));
    // Dismissed, it leaves the view but stays in the log with its time.
    let first = h
        .state()
        .messages
        .waiting()
        .next()
        .map(|m| m.id)
        .expect("one");
    h.state_mut().apply(
        &egui::Context::default(),
        smtp_lens::gui::views::Intent::Dismiss(first),
    );
    h.run_steps(2);
    assert_eq!(h.state().messages.waiting().count(), 1);
    h.get_by_label_contains("Messages (").click();
    h.run_steps(2);
    assert!(has(h, "Messages of this run"));
    assert!(h.query_all_by_label_contains("could not be read").count() >= 1);
}

#[test]
fn test_connection_needs_no_password_and_duplicate_copies_it() {
    let servers = Servers::get();
    let profile = local_profile(&servers);
    let id = profile.id.clone();
    // Login on, no password stored: Test connection stops before AUTH and needs none.
    let mut s = setup(vec![profile], &[]);
    let h = &mut s.harness;
    run_action(h, "Test connection");
    assert_eq!(
        h.state()
            .current
            .as_ref()
            .and_then(|c| c.outcome())
            .map(|o| o.verdict),
        Some(Verdict::Success)
    );
    // With a password stored, Duplicate copies it to the copy's own keychain entry.
    s.secrets.set(&id, "copied secret").expect("store");
    let h = &mut s.harness;
    h.get_by_label("Duplicate").click();
    h.run_steps(3);
    let copy = h.state().profiles[1].id.clone();
    assert_ne!(copy, id);
    let start = Instant::now();
    while s.secrets.get(&copy).ok().flatten().is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the password was not copied"
        );
        s.harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(
        s.secrets.get(&copy),
        Ok(Some(String::from("copied secret")))
    );
}

#[test]
fn the_session_list_shows_times_and_keeps_its_order_when_one_is_reopened() {
    let mut s = setup(Vec::new(), &[]);
    let h = &mut s.harness;
    let mut views = Vec::new();
    for n in 0..3 {
        let mut v = thirty_recipients();
        v.title = format!("Session {n}");
        v.record.started_at += time::Duration::minutes(n);
        views.push(v);
    }
    let app = h.state_mut();
    app.current = views.pop();
    app.history = views;
    h.run_steps(2);
    let order = |h: &Harness<'static, App>| -> Vec<String> {
        h.query_all_by_label_contains("Session ")
            .filter(|n| n.accesskit_node().role() == Role::Button)
            .map(|n| n.accesskit_node().label().unwrap_or_default())
            // The Compare buttons beside the earlier sessions.
            .filter(|l| !l.starts_with("Compare"))
            .collect()
    };
    let before = order(h);
    assert_eq!(before.len(), 3, "{before:?}");
    assert!(before[0].contains("Session 2") && before[2].contains("Session 0"));
    assert!(before[0].contains(" UTC"), "with its time: {before:?}");
    h.query_all_by_label_contains("Session 0")
        .find(|n| {
            !n.accesskit_node()
                .label()
                .unwrap_or_default()
                .starts_with("Compare")
        })
        .expect("the entry of Session 0")
        .click();
    h.run_steps(2);
    assert_eq!(
        h.state().current.as_ref().map(|c| c.title.as_str()),
        Some("Session 0")
    );
    assert_eq!(order(h), before, "the list kept its order");
}

/// With the system keychain (a real Secret Service: `bash tests/keychain/run.sh`), closing the
/// window stores the typed password and closes the keychain without a panic: the keychain's
/// client blocks on a runtime of its own, so it must never be used or dropped on the worker's.
#[test]
#[ignore = "needs a running Secret Service (tests/keychain/run.sh runs it)"]
fn closing_the_window_with_the_system_keychain_stores_the_password_and_does_not_panic() {
    for round in 0..4 {
        let profile = Profile {
            name: format!("Keychain round {round}"),
            auth: AuthSettings {
                enabled: true,
                user: String::from("someone@example.com"),
                ..AuthSettings::default()
            },
            ..Profile::default()
        };
        let id = profile.id.clone();
        let dir = tempfile::tempdir().expect("temp dir");
        let profiles_path = dir.path().join("profiles.toml");
        store::save(&profiles_path, &[profile]).expect("save profiles");
        // As the window does: the keychain is opened on the worker and held only there.
        let worker = Worker::start(Arc::new(|| {}), Secrets::open_system).expect("worker");
        let paths = Paths {
            profiles: Some(profiles_path),
            data_dir: dir.path().join("data"),
            history: Some(
                dir.path()
                    .join("data")
                    .join(smtp_lens::gui::history::FILE_NAME),
            ),
        };
        let app = App::new(worker, paths, UiState::default());
        let mut h = Harness::builder()
            .with_size([1024.0, 700.0])
            .build_ui_state(|ui, app: &mut App| app.show(ui), app);
        h.run_steps(3);
        assert!(
            !h.state().messages.any_contains("keychain"),
            "the system keychain answers: {:?}",
            h.state().messages
        );
        type_into(
            &mut h,
            Role::PasswordInput,
            "Password",
            "typed before closing",
            false,
        );
        assert!(
            h.state_mut().close(),
            "a thread of the worker panicked while closing"
        );
        drop(h);
        let fresh = Secrets::open_system();
        assert_eq!(
            fresh.get(&id),
            Ok(Some(String::from("typed before closing"))),
            "the password typed before closing is in the keychain"
        );
        fresh.delete(&id).expect("clean up");
    }
}

/// Every character beyond ASCII in the window's words: the catalogue, the window's and the
/// presentation layer's code, the presets and the knowledge data.
fn non_ascii_characters() -> std::collections::BTreeMap<char, String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![
        root.join("assets/i18n/en/smtp_lens.ftl"),
        root.join("src/profile/presets.rs"),
    ];
    let mut dirs = vec![
        root.join("src/gui"),
        root.join("src/present"),
        root.join("assets/knowledge"),
    ];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("a folder of the window's words") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs" || e == "toml") {
                files.push(path);
            }
        }
    }
    let mut found = std::collections::BTreeMap::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read");
        for c in text.chars().filter(|c| !c.is_ascii()) {
            found.entry(c).or_insert_with(|| {
                file.strip_prefix(root)
                    .unwrap_or(&file)
                    .display()
                    .to_string()
            });
        }
    }
    found
}

#[test]
fn every_glyph_of_the_window_s_words_is_in_the_bundled_fonts() {
    let mut s = setup(Vec::new(), &[]);
    s.harness.run();
    let found = non_ascii_characters();
    assert!(
        found.contains_key(&'✔') && found.contains_key(&'🔒'),
        "the scan finds the marks"
    );
    let missing: Vec<String> = s.harness.ctx.fonts_mut(|f| {
        found
            .iter()
            .filter(|(c, _)| {
                !f.has_glyph(&egui::FontId::proportional(14.0), **c)
                    || !f.has_glyph(&egui::FontId::monospace(14.0), **c)
            })
            .map(|(c, file)| format!("{c} (U+{:04X}) in {file}", u32::from(*c)))
            .collect()
    });
    assert!(missing.is_empty(), "not in the bundled fonts: {missing:#?}");
    // The mark the fonts lack, which drew as an empty box once.
    assert!(
        !s.harness
            .ctx
            .fonts_mut(|f| f.has_glyph(&egui::FontId::proportional(14.0), '✘'))
    );
}

// Comparing two sessions, and the session history kept across restarts.

/// The app over the folders of `old` (its profiles and data), as a restart finds them.
fn restart(old: &Setup, size: [f32; 2]) -> Harness<'static, App> {
    let secrets = old.secrets.clone();
    let worker = Worker::start(Arc::new(|| {}), move || secrets).expect("worker");
    let data = old.dir.path().join("data");
    let paths = Paths {
        profiles: Some(old.dir.path().join("config").join("profiles.toml")),
        history: Some(data.join(smtp_lens::gui::history::FILE_NAME)),
        data_dir: data,
    };
    let app = App::new(worker, paths, UiState::default());
    Harness::builder()
        .with_size(size)
        .with_max_steps(50)
        .build_ui_state(
            |ui, app: &mut App| {
                app.show(ui);
                app.flush_dialogs(|d| d);
            },
            app,
        )
}

/// The first line of the summary the compare view shows, as the window words it.
fn first_summary_line(h: &Harness<'static, App>) -> Option<String> {
    h.state()
        .comparing
        .as_ref()
        .and_then(|c| c.words())
        .and_then(|w| w.summary.first())
        .map(|(_, line)| line.clone())
}

#[test]
fn a_wrong_then_the_right_password_compared_from_the_history_says_auth_now_passes_and_a_restart_keeps_both()
 {
    let servers = Servers::get();
    let (_, password) = servers.postfix_user();
    let profile = local_profile(&servers);
    let id = profile.id.clone();
    let mut s = setup(vec![profile], &[(&id, "not the password")]);
    {
        let h = &mut s.harness;
        step_until(h, "the password from the keychain", |app| {
            app.password_input == "not the password"
        });
        run_action(h, "Test login");
        assert_eq!(
            h.state()
                .current
                .as_ref()
                .and_then(|c| c.outcome())
                .map(|o| o.verdict),
            Some(Verdict::AuthFailed)
        );
        type_into(h, Role::PasswordInput, "Password", &password, true);
        run_action(h, "Test login");
        assert_eq!(
            h.state()
                .current
                .as_ref()
                .and_then(|c| c.outcome())
                .map(|o| o.verdict),
            Some(Verdict::Success)
        );

        // "Compare" beside the earlier session compares it with the one shown.
        let buttons: Vec<_> = h
            .query_all_by_label_contains("with the session shown")
            .filter(|n| n.accesskit_node().role() == Role::Button)
            .collect();
        assert_eq!(buttons.len(), 1, "one earlier session, one Compare button");
        buttons[0].click();
        h.run_steps(3);
        assert_eq!(
            first_summary_line(h).as_deref(),
            Some("AUTH now passes (it failed before)")
        );
        assert!(
            has(h, "Better: AUTH now passes (it failed before)"),
            "the first line is shown, marked better"
        );
        assert!(has(h, "AUTH PLAIN"), "the aligned steps");
        assert!(has(h, "Rows marked * differ."));
        assert!(has(h, "are not compared"), "the note on masked words");
        // Esc closes the view and gives back the session.
        h.key_press(egui::Key::Escape);
        h.run_steps(2);
        assert!(h.state().comparing.is_none());
        assert!(has(h, "PASSED"), "the session is shown again");
        assert!(h.state_mut().close(), "closed cleanly");
    }

    // The stored history holds both sessions and never the password (raw or in base64).
    let stored = std::fs::read_to_string(
        s.dir
            .path()
            .join("data")
            .join(smtp_lens::gui::history::FILE_NAME),
    )
    .expect("the history file");
    assert_eq!(stored.lines().count(), 3, "a format line and two sessions");
    assert!(
        !stored.contains(&password),
        "the password is in the history"
    );
    use base64::Engine as _;
    let (user, _) = servers.postfix_user();
    let plain = base64::engine::general_purpose::STANDARD.encode(format!("\0{user}\0{password}"));
    assert!(
        !stored.contains(&plain),
        "the AUTH PLAIN line is in the history"
    );
    assert!(
        !stored.contains(&base64::engine::general_purpose::STANDARD.encode(&password)),
        "the base64 password is in the history"
    );

    // A restart: the sessions are back in the list, with their times, in order, and compare.
    let mut h = restart(&s, [1400.0, 1000.0]);
    step_until(&mut h, "the history to load", |app| app.history.len() == 2);
    let entries: Vec<String> = h
        .query_all_by_label_contains("Local Postfix - Test login")
        .filter(|n| n.accesskit_node().role() == Role::Button)
        .filter_map(|n| n.accesskit_node().label())
        .filter(|l| !l.starts_with("Compare"))
        .collect();
    assert_eq!(entries.len(), 2, "{entries:?}");
    assert!(
        entries[0].contains("(logged in; stopped as asked)")
            && entries[1].contains("(authentication failed)"),
        "newest first: {entries:?}"
    );
    assert!(entries.iter().all(|e| e.contains(" UTC")), "{entries:?}");
    let times: Vec<_> = h
        .state()
        .history
        .iter()
        .map(|v| v.record.started_at)
        .collect();
    assert!(times[0] < times[1], "oldest first, as they ran");
    // No session is shown yet: both are chosen in the compare view (Ctrl+D).
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::D);
    h.run_steps(2);
    assert!(has(&h, "Choose the two sessions to compare"));
    for (combo, entry) in [("First session (before)", 1), ("Second session (after)", 0)] {
        h.get_by_role_and_label(Role::ComboBox, combo).click();
        h.run_steps(2);
        let choices: Vec<_> = h
            .query_all_by_label_contains("Local Postfix - Test login")
            .filter(|n| n.accesskit_node().role() == Role::Button)
            .filter(|n| {
                !n.accesskit_node()
                    .label()
                    .unwrap_or_default()
                    .starts_with("Compare")
            })
            .collect();
        // The list's two entries, then the popup's two.
        assert_eq!(choices.len(), 4);
        choices[2 + entry].click();
        h.run_steps(2);
    }
    assert_eq!(
        first_summary_line(&h).as_deref(),
        Some("AUTH now passes (it failed before)")
    );
    assert!(has(&h, "Better: AUTH now passes (it failed before)"));
    assert!(h.state_mut().close());
}

#[test]
fn a_damaged_history_is_kept_aside_with_a_warning_naming_what_can_be_done_and_the_profiles_stay() {
    let profile = Profile {
        name: String::from("Kept profile"),
        ..Profile::default()
    };
    let mock: Arc<keyring_core::CredentialStore> =
        keyring_core::mock::Store::new().expect("mock store");
    let mut s = setup_with(
        vec![profile],
        &[],
        Secrets::with_store(mock),
        [1400.0, 1000.0],
        |profiles| {
            let data = profiles
                .parent()
                .and_then(|c| c.parent())
                .expect("the temp folder")
                .join("data");
            std::fs::create_dir_all(&data).expect("data folder");
            std::fs::write(
                data.join("history.jsonl"),
                "{\"format\":\"smtp-lens.history/1\"}\n{not json",
            )
            .expect("a damaged history");
        },
    );
    let h = &mut s.harness;
    step_until(h, "the warning", |app| {
        app.messages.any_contains("could not be read whole")
    });
    assert!(
        h.state()
            .messages
            .any_contains("Session > Compare sessions..., then From a file..."),
        "the warning names what can still be done"
    );
    assert_eq!(h.state().profiles.len(), 1, "the profiles are untouched");
    assert!(has(h, "Kept profile"));
    let aside: Vec<_> = std::fs::read_dir(s.dir.path().join("data"))
        .expect("list")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".corrupt-"))
        .collect();
    assert_eq!(aside.len(), 1, "the damaged file is kept aside");
    assert!(h.state_mut().close());
}

#[test]
fn at_1024x700_the_compare_view_holds_and_nothing_is_drawn_over_anything() {
    let mut s = showing_thirty_recipients([1024.0, 700.0]);
    let h = &mut s.harness;
    let mut before = thirty_recipients();
    before.record.started_at -= time::Duration::days(1);
    h.state_mut().history.push(before);
    h.run_steps(2);
    // Yesterday's session is listed with its date, today's with its time only.
    let today = h
        .state()
        .current
        .as_ref()
        .map(|c| c.record.started_at.date())
        .expect("a session shown");
    let listed = smtp_lens::gui::views::profiles::sessions(
        h.state().current.as_ref(),
        &h.state().history,
        today,
    );
    assert_eq!(listed.len(), 2);
    assert!(!listed[0].time.contains('-'), "{}", listed[0].time);
    assert!(
        listed[1]
            .time
            .contains(&format!("{}", today.previous_day().expect("a day before"))),
        "{}",
        listed[1].time
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::D);
    h.run_steps(2);
    h.state_mut().apply(
        &egui::Context::default(),
        smtp_lens::gui::views::Intent::CompareChoose(
            smtp_lens::gui::comparison::Which::First,
            Some(0),
        ),
    );
    h.run_steps(3);
    assert!(has(h, "No difference in the SMTP conversation."));
    assert!(has(h, "RCPT TO <bob@example.test>"), "the aligned steps");
    let found = overlapping(h);
    assert!(found.is_empty(), "{found:#?}");
    for label in ["Swap", "Close (Esc)", "From a file..."] {
        let nodes: Vec<_> = h.query_all_by_label(label).collect();
        assert!(!nodes.is_empty(), "{label}");
        for n in nodes {
            let r = n.rect();
            assert!(
                r.right() <= 1024.0 && r.bottom() <= 700.0,
                "{label} at {r:?}"
            );
        }
    }
}

/// The recorded 30-recipient session changed by `edit` (its record as JSON), shown with
/// `action` in a fresh app.
fn showing_edited_thirty(
    action: smtp_lens::profile::Action,
    edit: impl FnOnce(&mut serde_json::Value),
) -> Setup {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/thirty-recipients.json"),
    )
    .expect("the recorded session");
    let mut json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    edit(&mut json);
    let record: smtp_lens::export::SessionRecord =
        serde_json::from_value(json).expect("the edited session loads");
    let view = smtp_lens::gui::session::SessionView::from_record(
        format!("Local Postfix - {}", action.label()),
        action,
        record,
    );
    let mut s = setup(Vec::new(), &[]);
    s.harness.state_mut().current = Some(view);
    s.harness.run_steps(4);
    s
}

/// The last event of a record as JSON: the outcome.
fn finished(json: &mut serde_json::Value) -> &mut serde_json::Value {
    json["events"]
        .as_array_mut()
        .and_then(|e| e.last_mut())
        .expect("the outcome")
}

#[test]
fn recipients_never_tried_are_counted_apart_from_the_refused() {
    // Cut after the 22nd recipient: the last eight have no reply.
    let mut s = showing_edited_thirty(smtp_lens::profile::Action::TestRecipients, |json| {
        let outcome = finished(json);
        for r in outcome["recipients"]
            .as_array_mut()
            .expect("recipients")
            .iter_mut()
            .skip(22)
        {
            r["accepted"] = serde_json::Value::Bool(false);
            r["reply"] = serde_json::Value::Null;
        }
    });
    let h = &mut s.harness;
    // 25 accepted of 30 before: 3 of the untried were refused ones (24 and 30) or accepted.
    assert!(
        has(h, "30 recipients: 19 accepted, 3 refused, 8 not tried"),
        "{:?}",
        h.query_all_by_label_contains("recipients:")
            .map(|n| n.accesskit_node().label().unwrap_or_default())
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_login_test_shows_no_recipient_line_and_is_listed_in_the_verdict_s_words() {
    let mut s = showing_edited_thirty(smtp_lens::profile::Action::TestLogin, |json| {
        json["settings"]["stop_after"] = serde_json::Value::from("auth");
        let outcome = finished(json);
        outcome["verdict"] = serde_json::Value::from("success");
        outcome["ending"] = serde_json::json!({"ending": "stopped-as-asked", "after": "auth"});
        for r in outcome["recipients"]
            .as_array_mut()
            .expect("recipients")
            .iter_mut()
        {
            r["accepted"] = serde_json::Value::Bool(false);
            r["reply"] = serde_json::Value::Null;
        }
    });
    let h = &mut s.harness;
    assert!(!has(h, "recipients:"), "no recipient line for a login test");
    assert!(!has(h, "refused"));
    // An earlier session, so the list of sessions shows.
    let mut earlier = thirty_recipients();
    earlier.record.started_at -= time::Duration::minutes(1);
    h.state_mut().history.push(earlier);
    h.run_steps(2);
    let entry = h
        .query_all_by_label_contains("Local Postfix - Test login (")
        .filter(|n| n.accesskit_node().role() == Role::Button)
        .map(|n| n.accesskit_node().label().unwrap_or_default())
        .find(|l| !l.starts_with("Compare"))
        .expect("the login test in the session list");
    assert!(
        entry.ends_with("(logged in; stopped as asked)"),
        "the session list words the verdict: {entry}"
    );
}

#[test]
fn exporting_over_an_existing_file_asks_before_replacing_it() {
    let mut s = setup(Vec::new(), &[]);
    let view = thirty_recipients();
    let file = s
        .dir
        .path()
        .join("data")
        .join("exports")
        .join(view.record.file_name(smtp_lens::export::Format::Html));
    std::fs::create_dir_all(file.parent().expect("folder")).expect("exports folder");
    std::fs::write(&file, "kept").expect("an earlier export");
    let h = &mut s.harness;
    h.state_mut().current = Some(view);
    h.run_steps(2);
    // Ctrl+E: no file dialog here, so the path field suggests the same file name again.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    step_until(h, "the path field", |app| app.path_prompt.is_some());
    h.get_by_role_and_label(Role::Button, "Save").click();
    step_until(h, "the question", |app| {
        app.path_prompt
            .as_ref()
            .is_some_and(|p| p.replace.is_some())
    });
    assert!(has(h, "A file is already at this path"));
    assert_eq!(std::fs::read_to_string(&file).ok().as_deref(), Some("kept"));
    h.get_by_role_and_label(Role::Button, "Replace").click();
    step_until(h, "the export to be written", |app| {
        app.messages.any_contains("Saved the transcript to")
    });
    let html = std::fs::read_to_string(&file).expect("read export");
    assert!(
        html.contains("nobody6@example.test"),
        "replaced once confirmed"
    );
}

/// A second app over the folder of `first`, in a window of `size`, its own worker and
/// keychain: another window of the same user.
fn second_window(first: &Setup) -> Harness<'static, App> {
    let mock: Arc<keyring_core::CredentialStore> =
        keyring_core::mock::Store::new().expect("mock store");
    let secrets = Secrets::with_store(mock);
    let worker = Worker::start(Arc::new(|| {}), move || secrets).expect("worker");
    let paths = Paths {
        profiles: Some(first.dir.path().join("config").join("profiles.toml")),
        data_dir: first.dir.path().join("data"),
        history: None,
    };
    let app = App::new(worker, paths, UiState::default());
    Harness::builder()
        .with_size([1400.0, 1000.0])
        .with_max_steps(50)
        .build_ui_state(
            |ui, app: &mut App| {
                app.show(ui);
                app.flush_dialogs(|d| d);
            },
            app,
        )
}

/// Adds a profile named `name` as the New button would and waits until it is on disk.
fn add_and_save(h: &mut Harness<'static, App>, name: &str) {
    h.state_mut().add_profile(Profile {
        name: name.to_string(),
        server: String::from("smtp.example.org"),
        ..Profile::default()
    });
    step_until(h, "the profiles to be saved", |app| {
        app.profiles_saved >= app.profiles_asked && app.profiles_asked > 0
    });
}

#[test]
fn two_windows_on_one_folder_keep_each_other_s_profiles() {
    let first = Profile {
        name: String::from("Shared"),
        server: String::from("smtp.example.org"),
        ..Profile::default()
    };
    let mut one = setup(vec![first], &[]);
    let mut two = second_window(&one);
    one.harness.run();
    two.run();
    add_and_save(&mut one.harness, "From window one");
    add_and_save(&mut two, "From window two");
    let path = one.dir.path().join("config").join("profiles.toml");
    let names: Vec<String> = store::load(&path)
        .profiles
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(
        names,
        ["Shared", "From window two", "From window one"],
        "both windows' profiles are in the file"
    );
    step_until(&mut two, "window two to list window one's profile", |app| {
        app.profiles.iter().any(|p| p.name == "From window one")
    });
    assert!(
        two.state()
            .messages
            .any_contains("Another smtp-lens window changed the profiles file")
    );
}

#[test]
fn without_a_keychain_the_password_field_and_the_about_box_say_passwords_stay_in_memory() {
    let profile = Profile {
        name: String::from("Login"),
        server: String::from("smtp.example.org"),
        auth: AuthSettings {
            enabled: true,
            user: String::from("alice@example.org"),
            ..AuthSettings::default()
        },
        ..Profile::default()
    };
    let mut s = setup_with(
        vec![profile],
        &[],
        Secrets::memory_only("No system keychain is available (test)"),
        [1400.0, 1000.0],
        |_| {},
    );
    let h = &mut s.harness;
    step_until(
        h,
        "the keychain's thread to say where passwords go",
        |app| app.secrets_kept.is_some(),
    );
    let hints: Vec<String> = h
        .query_all(egui_kittest::kittest::By::new().role(Role::PasswordInput))
        .chain(h.query_all(egui_kittest::kittest::By::new().role(Role::TextInput)))
        .filter_map(|n| n.accesskit_node().placeholder().map(String::from))
        .collect();
    assert!(
        hints
            .iter()
            .any(|p| p.contains("kept in memory for this run only")),
        "{hints:?}"
    );
    assert!(!hints.iter().any(|p| p == "kept in the system keychain"));
    h.get_by_label("About").click();
    h.run();
    assert!(has(
        h,
        "passwords and tokens are kept in memory for this run only"
    ));
    assert!(!has(h, "kept in the system keychain"));
}

#[test]
fn an_override_that_cannot_get_past_a_weak_key_is_not_called_accepted() {
    let servers = Servers::get();
    let weak = servers.aiosmtpd_weakkey();
    let (host, port) = weak.rsplit_once(':').expect("host:port");
    let mut profile = Profile {
        name: String::from("Weak key"),
        server: host.to_string(),
        port: port.parse().expect("port"),
        helo: String::from("client.example.test"),
        ..Profile::default()
    };
    profile.options.accept_invalid_certificates = true;
    let mut s = setup(vec![profile], &[]);
    let h = &mut s.harness;
    run_action(h, "Test connection");
    assert_eq!(
        h.state()
            .current
            .as_ref()
            .and_then(|c| c.outcome())
            .map(|o| o.verdict),
        Some(Verdict::TlsFailed)
    );
    h.query_all_by_label_contains("handshake failed")
        .find(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.starts_with("TLS ("))
        })
        .expect("the TLS card")
        .click();
    h.run_steps(3);
    assert!(
        has(h, "the override cannot get past this"),
        "the card says why"
    );
    assert!(!has(h, "Continued although the certificate is invalid"));
    assert!(!has(h, "accepted anyway"));
}

#[test]
fn a_new_session_shows_its_verdict_from_the_top() {
    let mut s = showing_thirty_recipients([1400.0, 900.0]);
    let h = &mut s.harness;
    h.get_by_label("Show all 30 recipients").click();
    h.run_steps(3);
    let headline_hidden = |h: &Harness<'static, App>| {
        let title = h
            .get_by_label("Local Postfix - Test recipients")
            .rect()
            .bottom();
        let banner = h
            .query_all_by_label_contains("FAILED: ")
            .next()
            .expect("the verdict banner")
            .rect();
        banner.top() < title
    };
    // Scrolled down to the last recipient, the headline is out of sight.
    h.query_all_by_label_contains("bob@example.test accepted")
        .last()
        .expect("an accepted recipient")
        .scroll_to_me();
    h.run_steps(3);
    assert!(headline_hidden(h), "the banner scrolled");
    let mut next = thirty_recipients();
    next.record.started_at += time::Duration::minutes(1);
    h.state_mut().current = Some(next);
    h.run_steps(3);
    assert!(!headline_hidden(h), "the new session's headline shows");
}

#[test]
fn filters_that_hide_every_line_say_so_and_clear_with_one_button() {
    let mut s = showing_thirty_recipients([1400.0, 900.0]);
    let h = &mut s.harness;
    type_into(h, Role::TextInput, "Find", "no line has this", false);
    h.run_steps(3);
    assert!(
        h.state()
            .current
            .as_ref()
            .is_some_and(|c| c.visible.is_empty())
    );
    assert!(has(h, "No line matches the filters."));
    h.get_by_role_and_label(Role::Button, "Clear the filters")
        .click();
    h.run_steps(3);
    assert_eq!(h.state().filter, smtp_lens::gui::session::Filter::default());
    assert!(
        h.state()
            .current
            .as_ref()
            .is_some_and(|c| !c.visible.is_empty())
    );
    assert!(!has(h, "No line matches the filters."));
}

#[test]
fn the_first_session_of_a_run_is_listed() {
    let mut s = showing_thirty_recipients([1400.0, 900.0]);
    let h = &mut s.harness;
    assert!(has(h, "Sessions (the last"), "the list's heading");
    let entries: Vec<String> = h
        .query_all_by_label_contains("Local Postfix - Test recipients (")
        .filter(|n| n.accesskit_node().role() == Role::Button)
        .map(|n| n.accesskit_node().label().unwrap_or_default())
        .collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
}

/// The recorded 30-recipient session as a live one: its events to come through the returned
/// sender, all but the outcome returned to send.
fn live_thirty() -> (
    smtp_lens::gui::session::SessionView,
    smtp_lens::engine::event::EventSender,
    Vec<smtp_lens::engine::Event>,
) {
    let view = thirty_recipients();
    let mut record = view.record.clone();
    // A later session than the recorded one shown before it.
    record.started_at += time::Duration::minutes(1);
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/thirty-recipients.json"),
    )
    .expect("the recorded session");
    let full: smtp_lens::export::SessionRecord =
        serde_json::from_str(&text).expect("the recorded session loads");
    let mut events = full.events;
    events.pop();
    record.events = Vec::new();
    let (tx, rx) = smtp_lens::engine::event::channel(None);
    let live = smtp_lens::gui::session::SessionView::live(
        view.title.clone(),
        smtp_lens::profile::Action::TestRecipients,
        record,
        Some(rx),
        None,
    );
    (live, tx, events)
}

#[test]
fn the_transcript_follows_a_live_session_to_its_last_line() {
    // The session before: a row selected, so its transcript did not follow the end.
    let mut s = showing_thirty_recipients([1024.0, 700.0]);
    let (live, tx, events) = live_thirty();
    let h = &mut s.harness;
    h.state_mut().current = Some(live);
    // A fast server: more lines than the transcript holds are in by the first frame.
    let mut events = events.into_iter();
    for e in events.by_ref().take(30) {
        tx.send(e);
    }
    for e in events {
        h.step();
        tx.send(e);
    }
    h.run_steps(3);
    assert!(h.state().current.as_ref().is_some_and(|c| c.is_running()));
    assert!(
        !has(h, "ESMTP Postfix (smtp-lens test instance)"),
        "the greeting scrolled away"
    );
    let last = h
        .state()
        .current
        .as_ref()
        .and_then(|c| c.rows.last())
        .map(|r| r.text.clone())
        .expect("rows");
    assert!(has(h, &last), "the last line shows: {last}");
}

#[test]
fn copying_the_explanation_of_a_221_copies_all_of_it() {
    let mut s = showing_thirty_recipients([1400.0, 900.0]);
    let h = &mut s.harness;
    let closing = h
        .state()
        .current
        .as_ref()
        .and_then(|c| c.rows.iter().position(|r| r.text.starts_with("221 ")))
        .expect("the 221 row");
    if let Some(c) = h.state_mut().current.as_mut() {
        c.select(closing);
    }
    h.run_steps(3);
    h.get_by_label("Copy reply and explanation").click();
    h.step();
    let copied: Vec<String> = h
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| match c {
            egui::OutputCommand::CopyText(t) => Some(t.clone()),
            _ => None,
        })
        .collect();
    let text = copied.first().expect("something copied");
    assert!(text.starts_with("221 "), "{text}");
    assert!(text.contains("What it means: "), "{text}");
    assert!(text.contains("Cause: "), "{text}");
    assert!(text.lines().count() > 3, "{text}");
}

#[test]
fn a_click_on_a_transcript_row_lets_the_arrow_keys_move_from_it() {
    let mut s = showing_thirty_recipients([1400.0, 900.0]);
    let h = &mut s.harness;
    let label = h
        .query_all(egui_kittest::kittest::By::new().role(Role::ListBoxOption))
        .nth(2)
        .and_then(|n| n.accesskit_node().label())
        .expect("a row in view");
    let clicked = h
        .state()
        .current
        .as_ref()
        .and_then(|c| c.rows.iter().position(|r| r.text == label))
        .expect("the row clicked");
    h.query_all(egui_kittest::kittest::By::new().role(Role::ListBoxOption))
        .nth(2)
        .expect("a row in view")
        .click();
    h.run_steps(2);
    assert_eq!(
        h.state().current.as_ref().and_then(|c| c.selected()),
        Some(clicked)
    );
    h.key_press(egui::Key::ArrowDown);
    h.run_steps(2);
    let view = h.state().current.as_ref().expect("session");
    let at = |row: Option<usize>| view.visible.iter().position(|&v| Some(v) == row);
    assert_eq!(
        at(view.selected()),
        at(Some(clicked)).map(|i| i + 1),
        "Down moved the selection from the clicked row"
    );
}

#[test]
fn with_no_profile_the_editor_offers_new_and_the_profile_list_itself() {
    let mut s = setup(Vec::new(), &[]);
    let h = &mut s.harness;
    h.run();
    // At a narrow width the list may be folded: the editor's own buttons are the way out.
    h.get_by_label("Show the profile list and its presets")
        .click();
    h.run_steps(3);
    assert_eq!(h.state().ui_state.profiles_open, Some(true));
    h.get_by_label("New profile").click();
    h.run_steps(3);
    assert_eq!(
        h.state().profiles.len(),
        1,
        "the editor's New made a profile"
    );
}

#[test]
fn a_field_problem_that_stopped_a_start_leaves_the_screen_when_a_session_starts() {
    let servers = Servers::get();
    let mut p = local_profile(&servers);
    p.auth.enabled = true;
    p.auth.user.clear();
    let mut s = setup(vec![p], &[]);
    let h = &mut s.harness;
    h.run();
    h.get_by_label("Test login").click();
    step_until(h, "the start to be refused", |app| {
        app.messages.waiting().any(|m| m.text.contains("user name"))
    });
    // Test connection stops before AUTH: it needs no user, and it starts.
    run_action(h, "Test connection");
    assert!(
        !h.state()
            .messages
            .waiting()
            .any(|m| m.text.contains("user name")),
        "the old complaint is settled once a session starts"
    );
    assert!(
        h.state().messages.any_contains("user name"),
        "it stays in the log"
    );
}

/// Opens the Detect view with Ctrl+T, types `target` and the detect world's DNS server and CA
/// into its fields, presses Start and waits for the report.
fn detect_in_window(h: &mut Harness<'static, App>, target: &str) {
    let (dns, ca) = crate::detect::world();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::T);
    h.run_steps(2);
    assert!(h.state().detect_open, "Ctrl+T opens the Detect view");
    // The target field has the keyboard as the view opens: typing goes there.
    h.event(egui::Event::Text(target.to_string()));
    h.run_steps(2);
    assert_eq!(h.state().detect_input.target, target);
    type_into(h, Role::TextInput, "DNS server", &dns, false);
    type_into(h, Role::TextInput, "Extra CA file", &ca, false);
    type_into(h, Role::TextInput, "Timeout, seconds", "3", false);
    h.get_by_role_and_label(Role::Button, "Start").click();
    // The spinner repaints while it runs: steps, not `run`.
    h.run_steps(2);
    assert!(
        h.state().detecting.running.is_some(),
        "the detection runs on the worker"
    );
    assert!(has(h, "Probing"), "the view says it is probing");
    step_until(h, "the detect report", |app| app.detecting.report.is_some());
}

#[test]
fn the_detect_view_finds_good_test_s_settings_shows_a_closed_port_and_saves_them_as_a_profile() {
    let mut s = setup(Vec::new(), &[]);
    let h = &mut s.harness;
    detect_in_window(h, "you@good.test");
    // The recommended settings on top, from autoconfig.
    assert!(has(
        h,
        "smtp.good.test port 465, implicit TLS (from autoconfig)"
    ));
    // The grid: smtp.good.test port 25 is closed in every mode; 465 works with TLS.
    let words = h.state().detecting.words().expect("the report's words");
    let row = |label: &str| {
        words
            .grid
            .iter()
            .find(|r| r.label == label)
            .unwrap_or_else(|| panic!("no row {label}"))
            .clone()
    };
    let closed = row("smtp.good.test:25");
    for c in &closed.cells {
        let c = c.as_ref().expect("a cell for each mode");
        assert_eq!(c.words, "refused (nothing listens on this port)");
    }
    let tls = row("smtp.good.test:465").cells[2].clone().expect("465 TLS");
    assert!(tls.words.starts_with("works: TLS 1.3"), "{}", tls.words);
    assert!(has(h, "smtp.good.test:25"), "the row is drawn");
    // A click on the closed port's plain-text cell shows its transcript.
    h.query_all_by_label("refused (nothing listens on this port)")
        .next()
        .expect("a refused cell drawn")
        .click();
    h.run_steps(2);
    let closed_none = closed.cells[0].as_ref().map(|c| c.index);
    assert_eq!(h.state().detecting.selected, closed_none);
    assert!(has(h, "Transcript of smtp.good.test port 25, plain text"));
    // Every MX, and the DNS findings with their fix.
    assert!(has(h, "10 mx1.good.test [127.0.0.4, 192.0.2.10]: works"));
    assert!(has(h, "20 mx2.good.test"));
    assert!(has(h, "WARN"), "DMARC p=none is a warning");
    assert!(has(h, "Fix: "), "a warning comes with its fix");
    // Save as profile: a new profile, selected, the keyboard in its name.
    h.get_by_role_and_label(Role::Button, "Save as profile")
        .click();
    h.run_steps(3);
    let app = h.state();
    assert_eq!(app.profiles.len(), 1);
    let p = &app.profiles[0];
    assert_eq!(
        (p.server.as_str(), p.port, p.security),
        (
            "smtp.good.test",
            465,
            smtp_lens::proto::session::Security::ImplicitTls
        )
    );
    assert_eq!(
        p.auth.user, "you@good.test",
        "the user name from the address"
    );
    assert_eq!(app.selected, Some(0));
    assert!(text_input(h, "Profile name").is_focused());
    assert_eq!(
        text_input(h, "Profile name").value().as_deref(),
        Some("smtp.good.test (detected)")
    );
}

#[test]
fn the_detect_report_is_exported_from_the_view_through_the_path_field() {
    let mut s = setup(Vec::new(), &[]);
    let h = &mut s.harness;
    detect_in_window(h, "you@good.test");
    // No file dialog here: the path field suggests a file in the data folder.
    h.get_by_role_and_label(Role::Button, "JSON...").click();
    step_until(h, "the path field", |app| app.path_prompt.is_some());
    let path = std::path::PathBuf::from(
        h.state()
            .path_prompt
            .as_ref()
            .map(|p| p.path.clone())
            .unwrap_or_default(),
    );
    assert!(
        path.file_name().is_some_and(|n| n
            .to_string_lossy()
            .starts_with("smtp-lens-detect-you@good.test-")),
        "{path:?}"
    );
    h.get_by_role_and_label(Role::Button, "Save").click();
    step_until(h, "the export to be written", |app| {
        app.messages.any_contains("Saved the detect report to")
    });
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("the export")).expect("JSON");
    assert_eq!(json["recommended"]["host"], "smtp.good.test");
    assert_eq!(json["recommended"]["port"], 465);
    assert!(
        json["matrix"][0]["transcript"].is_array(),
        "the export carries the probes' transcripts"
    );
}

#[test]
fn a_detection_with_a_bad_field_says_which_and_esc_closes_the_view() {
    let mut s = setup(Vec::new(), &[]);
    let h = &mut s.harness;
    h.run();
    h.get_by_role_and_label(Role::Button, "Detect settings...")
        .click();
    h.run_steps(2);
    assert!(h.state().detect_open, "the editor's button opens the view");
    type_into(
        h,
        Role::TextInput,
        "Address or host",
        "you@good.test",
        false,
    );
    type_into(h, Role::TextInput, "Ports", "25, smtp", false);
    h.get_by_role_and_label(Role::Button, "Start").click();
    step_until(h, "the refusal", |app| {
        app.messages.any_contains("Detection could not start")
    });
    assert!(h.state().detecting.running.is_none());
    assert!(
        h.state().messages.any_contains("25, smtp")
            && h.state().messages.any_contains("is not a list of ports"),
        "the field that is wrong is named: {:?} {:?}",
        h.state().messages,
        h.state().detect_input
    );
    assert!(h.state().detecting.report.is_none());
    // Esc closes the view; the session area is back.
    h.key_press(egui::Key::Escape);
    h.run_steps(2);
    assert!(!h.state().detect_open);
}

#[test]
fn at_1024x700_the_detect_view_holds_and_nothing_is_drawn_over_anything() {
    let mock: Arc<keyring_core::CredentialStore> =
        keyring_core::mock::Store::new().expect("mock store");
    let mut s = setup_with(
        Vec::new(),
        &[],
        Secrets::with_store(mock),
        [1024.0, 700.0],
        |_| {},
    );
    let h = &mut s.harness;
    detect_in_window(h, "you@good.test");
    assert!(
        h.state().detect_open && h.state().detecting.words().is_some(),
        "the report is shown"
    );
    // A fixed start time, no messages and a short CA path, so the snapshot shows nothing that
    // changes from run to run or machine to machine.
    h.state_mut().detect_input.ca_file = String::from("ca.pem");
    let mut report = h.state().detecting.report.clone().expect("a report");
    report.started_at =
        time::OffsetDateTime::from_unix_timestamp(1_767_268_800).expect("a fixed time");
    h.state_mut().detecting.show_report(report);
    h.state_mut().messages = smtp_lens::gui::messages::Messages::default();
    h.run_steps(3);
    let found = overlapping(h);
    assert!(found.is_empty(), "{found:#?}");
    for label in ["Save as profile", "JSON...", "Close (Esc)", "Start"] {
        let r = h.get_by_role_and_label(Role::Button, label).rect();
        assert!(
            r.right() <= 1024.0 && r.bottom() <= 700.0,
            "{label} at {r:?}"
        );
    }
    snapshot(h, "detect-1024x700");
}

#[test]
fn a_detection_cancelled_says_so_and_shows_no_report() {
    let (dns, _) = crate::detect::world();
    let mut s = setup(Vec::new(), &[]);
    let h = &mut s.harness;
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::T);
    h.run_steps(2);
    h.event(egui::Event::Text(String::from("you@good.test")));
    type_into(h, Role::TextInput, "DNS server", &dns, false);
    // Without the test CA the probes and fetches still take their timeouts: time to cancel.
    type_into(h, Role::TextInput, "Timeout, seconds", "5", false);
    h.get_by_role_and_label(Role::Button, "Start").click();
    h.run_steps(2);
    assert!(h.state().detecting.running.is_some());
    assert!(
        h.get_by_role_and_label(Role::Button, "Start")
            .accesskit_node()
            .is_disabled(),
        "one detection at a time"
    );
    h.get_by_role_and_label(Role::Button, "Cancel").click();
    step_until(h, "the cancel", |app| {
        app.messages.any_contains("Detection cancelled.")
    });
    assert!(h.state().detecting.running.is_none());
    assert!(h.state().detecting.report.is_none(), "no half report");
    assert!(
        !h.get_by_role_and_label(Role::Button, "Start")
            .accesskit_node()
            .is_disabled(),
        "Start can be pressed again once cancelled"
    );
}

/// A profile that signs in at the local OAuth world's authorization server (the custom
/// provider) and logs in to its SMTP server, which takes only that server's tokens.
fn oauth_world_profile(world: &crate::oauth::World) -> Profile {
    use smtp_lens::profile::{SignIn, SignInFlow, SignInProvider};
    let base = format!("http://127.0.0.1:{}", world.http);
    Profile {
        name: String::from("OAuth world"),
        server: String::from("127.0.0.1"),
        port: world.smtp,
        security: smtp_lens::proto::session::Security::None,
        mail_from: String::from(crate::oauth::USER),
        rcpt_to: String::from("bob@example.test"),
        auth: AuthSettings {
            enabled: true,
            user: String::from(crate::oauth::USER),
            sign_in: Some(SignIn {
                provider: SignInProvider::Custom,
                client_id: String::from("client-gui"),
                auth_url: format!("{base}/authorize"),
                token_url: format!("{base}/token"),
                device_url: format!("{base}/device"),
                scopes: String::from("smtp"),
                flow: SignInFlow::Browser,
                ..SignIn::default()
            }),
            ..AuthSettings::default()
        },
        ..Profile::default()
    }
}

/// The worker runs in this process: its browser is the stand-in, logging to `world`.
fn stand_in_browser(world: &crate::oauth::World) {
    // SAFETY: only the sign-in's `webbrowser` call reads these, and every test that sets
    // them sets the same script.
    unsafe {
        std::env::set_var(
            "BROWSER",
            crate::oauth::repo().join("tests/servers/oauth_browser.py"),
        );
        std::env::set_var("OAUTH_BROWSER_LOG", world.path("browser.log"));
    }
}

#[test]
fn oauth_sign_in_in_the_editor_then_test_login_passes_and_sign_out_deletes_the_tokens() {
    use smtp_lens::gui::views::editor::SignInStatus;
    let world = crate::oauth::World::start(60.0);
    stand_in_browser(&world);
    let profile = oauth_world_profile(&world);
    let key = profile
        .auth
        .sign_in
        .as_ref()
        .expect("sign-in")
        .token_key(crate::oauth::USER)
        .entry_id();
    let mut s = setup(vec![profile], &[]);
    let h = &mut s.harness;
    h.run();
    // The sign-in replaces the password field.
    assert!(has(h, "Not signed in yet"));
    assert!(h.query_by_label("Password").is_none());
    h.get_by_label("Sign in").click();
    step_until(h, "the sign-in", |app| {
        matches!(app.sign_in_status(), SignInStatus::SignedIn { .. })
    });
    assert_eq!(world.browser_calls(), 1, "the browser was opened once");
    assert!(
        has(h, "Signed in as alice@example.test until 20"),
        "who and until when"
    );
    assert!(
        s.secrets.get(&key).expect("keychain").is_some(),
        "the tokens are in the keychain"
    );
    // Another user has no tokens; the stored ones show again when the user is back.
    type_into(h, Role::TextInput, "User name", "carol@example.test", true);
    step_until(h, "the other user's status", |app| {
        app.sign_in_status() == SignInStatus::Unknown
    });
    assert!(has(h, "Not signed in yet"));
    type_into(h, Role::TextInput, "User name", crate::oauth::USER, true);
    step_until(h, "the signed-in user's status", |app| {
        matches!(app.sign_in_status(), SignInStatus::SignedIn { .. })
    });

    // Test login takes the stored token, without the browser, and AUTH passes.
    run_action(h, "Test login");
    let outcome = h
        .state()
        .current
        .as_ref()
        .and_then(|c| c.outcome().cloned())
        .expect("an outcome");
    assert_eq!(outcome.verdict, Verdict::Success, "{outcome:?}");
    assert!(has(h, "AUTH XOAUTH2"), "the login used the token");
    assert_eq!(world.browser_calls(), 1, "no second browser");

    h.get_by_label("Sign out").click();
    step_until(h, "the sign-out", |app| {
        matches!(app.sign_in_status(), SignInStatus::SignedOut(_))
    });
    assert!(has(h, "Signed out"));
    assert!(
        s.secrets.get(&key).expect("keychain").is_none(),
        "sign-out deleted the tokens"
    );
    // Without tokens, a session says a sign-in is needed and starts nothing.
    h.get_by_label("Test login").click();
    step_until(h, "the refusal to start", |app| {
        app.messages
            .all()
            .iter()
            .any(|m| m.text.contains("press Sign in"))
    });

    // No issued token in the profiles file or the history (both written by then).
    h.state_mut().close();
    assert!(!world.issued().is_empty());
    world.assert_no_token_under(s.dir.path());
    let history = std::fs::read_to_string(
        s.dir
            .path()
            .join("data")
            .join(smtp_lens::gui::history::FILE_NAME),
    )
    .expect("the history file");
    assert!(history.contains("XOAUTH2"), "the login is in the history");
}

#[test]
fn oauth_device_sign_in_shows_the_code_and_address_cancel_stops_it_and_a_second_one_signs_in() {
    use smtp_lens::gui::views::editor::SignInStatus;
    use smtp_lens::profile::SignInFlow;
    let world = crate::oauth::World::start(60.0);
    let mut profile = oauth_world_profile(&world);
    if let Some(s) = profile.auth.sign_in.as_mut() {
        s.flow = SignInFlow::Device;
        s.client_id = String::from("client-gui-device");
    }
    let mut s = setup(vec![profile], &[]);
    let h = &mut s.harness;
    h.run();
    h.get_by_label("Sign in").click();
    step_until(h, "the device code", |app| {
        matches!(app.sign_in_status(), SignInStatus::Waiting(Some(_)))
    });
    assert!(has(h, "WDJB-MJHT"), "the code to enter is shown");
    let address = format!("http://127.0.0.1:{}/device-login", world.http);
    assert_eq!(
        text_input(h, "Sign-in address").value().as_deref(),
        Some(address.as_str()),
        "the address, in a field it can be copied from"
    );
    assert!(has(h, "Copy the address"));
    h.get_by_label("Cancel the sign-in").click();
    step_until(h, "the cancelled sign-in", |app| {
        matches!(app.sign_in_status(), SignInStatus::Failed(_))
    });
    assert!(
        has(h, "cancelled"),
        "the editor says the sign-in was cancelled"
    );
    assert!(
        !world.read("device.log").contains("granted"),
        "nothing was granted"
    );

    // Signing in again goes through authorization_pending and slow_down to the tokens.
    h.get_by_label("Sign in").click();
    step_until(h, "the device sign-in", |app| {
        matches!(app.sign_in_status(), SignInStatus::SignedIn { .. })
    });
    assert!(world.read("device.log").contains("granted"));
    assert!(has(h, "Signed in as alice@example.test"));
    h.state_mut().close();
    world.assert_no_token_under(s.dir.path());
}

/// A profile that sends in plain text to `addr` (a loopback `host:port`), from alice to `to`.
fn plain_profile(addr: &str, to: &str) -> Profile {
    let (host, port) = addr.rsplit_once(':').expect("host:port");
    Profile {
        name: String::from("Local plain"),
        server: host.to_string(),
        port: port.parse().expect("port"),
        security: smtp_lens::proto::session::Security::None,
        helo: String::from("client.example.test"),
        mail_from: String::from("alice@example.test"),
        rcpt_to: to.to_string(),
        ..Profile::default()
    }
}

/// The app with `profile` selected and the editor folded (its Server field would share the
/// load-test view's label), the load-test view opened with Ctrl+L.
fn load_view(profile: Profile, size: [f32; 2]) -> Setup {
    let mock: Arc<keyring_core::CredentialStore> =
        keyring_core::mock::Store::new().expect("mock store");
    let mut s = setup_with(vec![profile], &[], Secrets::with_store(mock), size, |_| {});
    let h = &mut s.harness;
    h.state_mut().ui_state.editor_open = Some(false);
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::L);
    h.run_steps(3);
    assert!(h.state().load_open, "Ctrl+L opens the load-test view");
    s
}

/// Presses Start in the load-test view and waits for the run's report.
fn run_load(h: &mut Harness<'static, App>) {
    h.get_by_role_and_label(Role::Button, "Start").click();
    // A short run may be over by the next frames: either is the run started.
    step_until(h, "the load test to start", |app| {
        app.loading.running.is_some() || app.loading.report.is_some()
    });
    step_until(h, "the load test's report", |app| {
        app.loading.report.is_some()
    });
}

#[test]
fn load_view_opens_filled_from_the_profile_and_a_bad_value_is_explained_beside_its_field() {
    let mut s = load_view(
        plain_profile(&format!("127.0.0.1:{}", closed_port()), "bob@example.test"),
        [1400.0, 1000.0],
    );
    let h = &mut s.harness;
    let server = text_input(h, "Server").value().unwrap_or_default();
    assert!(server.starts_with("127.0.0.1:"), "{server}");
    assert!(
        text_input(h, "Server").is_focused(),
        "the keyboard is in it"
    );
    assert_eq!(
        text_input(h, "To").value().as_deref(),
        Some("bob@example.test")
    );
    assert!(has(h, "the run stops after 1000."), "the cap is shown");
    type_into(h, Role::TextInput, "Connections", "many", true);
    h.run_steps(2);
    let field = text_input(h, "Connections").rect();
    let problem = h.get_by_label("“many” is not a number").rect();
    assert!(
        problem.top() >= field.bottom() - 1.0
            && problem.top() < field.bottom() + 24.0
            && (problem.left() - field.left()).abs() < 4.0,
        "the problem is under its field: {field:?} {problem:?}"
    );
    type_into(h, Role::TextInput, "Rate, messages a second", "0", true);
    h.run_steps(2);
    assert!(has(h, "must be a positive number"));
    h.get_by_role_and_label(Role::Button, "Start").click();
    h.run_steps(2);
    assert!(h.state().loading.running.is_none(), "nothing starts");
    assert!(
        h.state()
            .messages
            .any_contains("fix the fields marked in the view")
    );
    // Esc closes the view; the session area is back.
    h.key_press(egui::Key::Escape);
    h.run_steps(2);
    assert!(!h.state().load_open);
}

#[test]
fn load_view_asks_for_the_operator_s_permission_before_a_public_provider() {
    let mut s = load_view(
        plain_profile(&format!("127.0.0.1:{}", closed_port()), "bob@example.test"),
        [1400.0, 1000.0],
    );
    let h = &mut s.harness;
    type_into(h, Role::TextInput, "Server", "smtp.gmail.com", true);
    h.run_steps(2);
    assert!(
        has(h, "is a public provider's server (Gmail"),
        "the warning"
    );
    let permitted = "I have the operator's written permission to load this server";
    assert!(
        !h.state().load_input.permitted,
        "{permitted} starts unticked"
    );
    assert!(has(h, permitted), "the confirmation is offered");
    h.get_by_role_and_label(Role::Button, "Start").click();
    h.run_steps(2);
    assert!(
        h.state().loading.running.is_none(),
        "no run without the permission"
    );
    // Ticked, the warning goes (nothing is started: no traffic leaves 127.0.0.1).
    h.get_by_label(permitted).click();
    h.run_steps(2);
    assert!(h.state().load_input.permitted);
    assert!(!has(h, "is a public provider's server"));
}

#[test]
fn load_view_runs_against_smtp_sink_and_shows_the_plot_and_the_summary() {
    let sink = crate::bulk::Sink::start();
    let mut s = load_view(
        plain_profile(&sink.addr, "bob@example.test"),
        [1400.0, 1000.0],
    );
    let h = &mut s.harness;
    type_into(h, Role::TextInput, "Connections", "4", true);
    type_into(h, Role::TextInput, "Messages", "60", false);
    type_into(h, Role::TextInput, "Messages per connection", "5", true);
    type_into(h, Role::TextInput, "Message size, bytes", "2048", false);
    run_load(h);
    let app = h.state();
    let report = app.loading.report.as_ref().expect("the report");
    assert_eq!((report.sent, report.accepted), (60, 60));
    assert_eq!(report.sessions, 12, "five messages a connection");
    assert!(!app.loading.samples.is_empty(), "the series was sampled");
    assert!(app.loading.running.is_none());
    assert!(has(h, "60 of 60 messages tried in 12 sessions"));
    assert!(has(h, "Every message was accepted"));
    assert!(has(h, "Latency, p50 / p95 / p99 / max"));
    assert!(has(h, "60 of 60 messages"), "the progress bar is full");
    assert!(
        h.state()
            .messages
            .any_contains("finished: 60 of 60 messages accepted")
    );
    assert!(!has(h, "The first failing session"));
}

#[test]
fn load_view_explains_refusals_and_shows_the_first_failing_session() {
    let servers = Servers::get();
    let mut s = load_view(
        plain_profile(&servers.postfix_smtp(), "nobody@example.test"),
        [1400.0, 1000.0],
    );
    let h = &mut s.harness;
    type_into(h, Role::TextInput, "Connections", "2", true);
    type_into(h, Role::TextInput, "Messages", "4", false);
    type_into(h, Role::TextInput, "Messages per connection", "2", true);
    run_load(h);
    let report = h.state().loading.report.clone().expect("the report");
    assert_eq!(report.refused_permanent, 4);
    assert!(has(h, "Refusals, grouped by reply"));
    assert!(has(h, "4 × 550"), "the refusal group");
    assert!(has(h, "No such user"));
    assert!(has(h, "5xx"), "the reply's class, explained");
    assert!(has(h, "The first failing session"));
    assert!(
        h.query_all_by_label_contains("RCPT TO:<nobody@example.test>")
            .next()
            .is_some(),
        "the failing transcript's lines"
    );
    assert!(has(h, "the most frequent failure"));
}

#[test]
fn load_view_logs_in_with_the_profile_s_password_from_the_keychain_over_starttls() {
    let servers = Servers::get();
    let (_, password) = servers.postfix_user();
    let profile = local_profile(&servers);
    let id = profile.id.clone();
    let mock: Arc<keyring_core::CredentialStore> =
        keyring_core::mock::Store::new().expect("mock store");
    let mut s = setup_with(
        vec![profile],
        &[(id.as_str(), password.as_str())],
        Secrets::with_store(mock),
        [1400.0, 1000.0],
        |_| {},
    );
    let h = &mut s.harness;
    h.state_mut().ui_state.editor_open = Some(false);
    h.run();
    h.get_by_label_contains("Session").click();
    h.run();
    h.get_by_label("Load test... (Ctrl+L)").click();
    h.run_steps(3);
    assert!(h.state().load_open, "the menu opens the load-test view");
    assert!(h.state().load_input.login, "the profile logs in");
    assert_eq!(
        h.state().load_input.security,
        smtp_lens::proto::session::Security::StartTlsRequired
    );
    let tag = unique_tag("gui-load");
    type_into(h, Role::TextInput, "To", "bob@example.test", true);
    type_into(h, Role::TextInput, "Connections", "2", true);
    type_into(h, Role::TextInput, "Messages", "4", false);
    type_into(h, Role::TextInput, "Messages per connection", "2", true);
    // The profile's message, with the tag in its subject to find it in the maildir.
    let selected = h.state().selected.expect("a profile");
    h.state_mut().profiles[selected].message.subject = tag.clone();
    run_load(h);
    let report = h.state().loading.report.clone().expect("the report");
    assert_eq!(
        (report.sent, report.accepted),
        (4, 4),
        "{:?}",
        h.state().loading.words().map(|w| w.summary.clone())
    );
    assert!(
        crate::util::find_delivered(&servers.postfix_maildir(), &tag).is_some(),
        "a message was delivered"
    );
    let summary = h
        .state()
        .loading
        .words()
        .map(|w| w.summary.join("\n"))
        .unwrap_or_default();
    assert!(!summary.contains(&password), "the password was shown");
}

#[test]
fn load_view_cancel_stops_the_run_and_keeps_what_was_tried() {
    let sink = crate::bulk::Sink::start();
    let mut s = load_view(
        plain_profile(&sink.addr, "bob@example.test"),
        [1400.0, 1000.0],
    );
    let h = &mut s.harness;
    // Ten a second, at most 1,000: long enough to cancel.
    type_into(h, Role::TextInput, "Rate, messages a second", "10", false);
    h.get_by_role_and_label(Role::Button, "Start").click();
    h.run_steps(2);
    assert!(h.state().loading.running.is_some());
    assert!(
        h.get_by_role_and_label(Role::Button, "Start")
            .accesskit_node()
            .is_disabled(),
        "one load test at a time"
    );
    step_until(h, "a few messages", |app| app.loading.sent >= 3);
    assert!(has(h, "of 1000 messages"), "the progress bar");
    h.get_by_role_and_label(Role::Button, "Cancel").click();
    step_until(h, "the cancel", |app| app.loading.report.is_some());
    let report = h.state().loading.report.clone().expect("the report");
    assert!(report.cancelled);
    assert!(report.sent < 1_000, "{}", report.sent);
    assert!(has(
        h,
        "Cancelled: the numbers cover the messages tried until then"
    ));
    assert!(h.state().messages.any_contains("Load test cancelled"));
    assert!(
        !h.get_by_role_and_label(Role::Button, "Start")
            .accesskit_node()
            .is_disabled(),
        "Start can be pressed again once cancelled"
    );
}

#[test]
fn at_1024x700_the_finished_load_view_holds_and_nothing_is_drawn_over_anything() {
    let sink = crate::bulk::Sink::start();
    let mut s = load_view(
        plain_profile(&sink.addr, "bob@example.test"),
        [1024.0, 700.0],
    );
    let h = &mut s.harness;
    type_into(h, Role::TextInput, "Messages", "20", false);
    run_load(h);
    // Fixed times, latencies and series, no messages and a fixed port, so the snapshot shows
    // nothing that changes from run to run.
    h.state_mut().load_input.server = String::from("127.0.0.1:2525");
    let mut report = h.state().loading.report.clone().expect("a report");
    report.elapsed_secs = 2.0;
    report.messages_per_sec = 10.0;
    for (i, p) in report.latency.iter_mut().enumerate() {
        let base = 100 * (i as u64 + 1);
        (p.p50_us, p.p95_us, p.p99_us, p.max_us) = (base, 2 * base, 3 * base, 4 * base);
    }
    let loading = &mut h.state_mut().loading;
    loading.report = Some(report);
    loading.reword();
    // Two seconds at four points a second: a rate that climbs and settles, a latency that
    // wanders.
    loading.samples = (0..=8)
        .map(|i| {
            let secs = f64::from(i) * 0.25;
            smtp_lens::bulk::sample::Sample {
                secs,
                counts: smtp_lens::bulk::sample::Counts::default(),
                per_sec: 10.0 * (1.0 - (-2.0 * secs).exp()),
                latency_ms: (i > 0).then(|| 0.5 + f64::from(i % 3) * 0.1),
            }
        })
        .collect();
    h.state_mut().messages = smtp_lens::gui::messages::Messages::default();
    h.run_steps(3);
    let found = overlapping(h);
    assert!(found.is_empty(), "{found:#?}");
    for label in ["Start", "Cancel", "Close (Esc)"] {
        let r = h.get_by_role_and_label(Role::Button, label).rect();
        assert!(
            r.right() <= 1024.0 && r.bottom() <= 700.0,
            "{label} at {r:?}"
        );
    }
    snapshot(h, "load-1024x700");
    // The summary, scrolled into view.
    // (The fields scrolled away above are clipped, yet keep their boxes: no overlap check.)
    h.get_by_label("Every message was accepted").scroll_to_me();
    h.run_steps(3);
    let last = h.get_by_label("Every message was accepted").rect();
    assert!(last.bottom() <= 700.0, "the summary's end shows: {last:?}");
    snapshot(h, "load-1024x700-summary");
}
