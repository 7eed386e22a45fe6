//! The window, driven by egui_kittest through its AccessKit labels, as a user would: presets,
//! validation, a login and a send against the local Postfix, an explained refusal, an export,
//! profiles on disk and the password in keyring-core's mock store.

use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use smtp_lens::gui::App;
use smtp_lens::gui::app::{Paths, UiState};
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
    let dir = tempfile::tempdir().expect("temp dir");
    let profiles_path = dir.path().join("config").join("profiles.toml");
    if !profiles.is_empty() {
        store::save(&profiles_path, &profiles).expect("save profiles");
    }
    let mock: Arc<keyring_core::CredentialStore> =
        keyring_core::mock::Store::new().expect("mock store");
    let secrets = Secrets::with_store(mock);
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
    };
    let app = App::new(worker, paths, UiState::default());
    let harness = Harness::builder()
        .with_size([1400.0, 1000.0])
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
    h.run();
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
    assert!(
        has(h, "5xx permanent negative"),
        "class label beside the 550"
    );
    assert!(has(h, "FAILED"), "a failed verdict banner");
    assert!(has(h, "nobody@example.test REFUSED"));

    // The refusal is in the verdict banner too; click its transcript row.
    let row = view
        .rows
        .iter()
        .find(|r| r.text.starts_with("550 5.1.1"))
        .map(|r| r.text.clone())
        .expect("the 550 row");
    h.get_by_label(&row).click_accesskit();
    h.run_steps(3);
    assert!(has(h, "How to fix it"), "the explanation opens");
    assert!(has(h, "Check the address for typos"), "with its fix");

    // Export: no file dialog can open here, so it lands in the data folder, and says so.
    h.get_by_label("Export").click();
    h.run();
    h.get_by_label("Export as HTML...").click();
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
    step_until(h, "the status line", |app| {
        app.status.as_ref().is_some_and(|st| {
            st.text.contains("Saved the transcript to") && st.text.contains("data folder")
        })
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
        "the status line says what was imported"
    );
}

#[test]
fn without_a_file_dialog_picking_a_file_says_what_to_do_instead() {
    let mut s = setup(Vec::new(), &[]);
    let h = &mut s.harness;
    h.run();
    // "Profiles" is also the heading of the list: take the menu button.
    h.get_by_role_and_label(Role::Button, "Profiles").click();
    h.run();
    h.get_by_label("Import profiles...").click();
    step_until(h, "the answer of the dialog", |app| {
        app.status
            .as_ref()
            .is_some_and(|st| st.text.contains("No file was picked"))
    });
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
        app.status
            .as_ref()
            .is_some_and(|st| st.error && st.text.starts_with("Test connection: "))
    });
    assert!(h.state().current.is_none(), "no session was started");
    assert!(
        h.state()
            .status
            .as_ref()
            .is_some_and(|st| st.text.contains("Enter the server's host name")),
        "{:?}",
        h.state().status
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
