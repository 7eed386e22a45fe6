//! Profiles: validation as the user types, the request they make, presets, and the file.

use super::presets::PRESETS;
use super::store;
use super::*;

fn local() -> Profile {
    Profile {
        name: String::from("Local Postfix"),
        server: String::from("127.0.0.1"),
        port: 10587,
        mail_from: String::from("alice@example.test"),
        rcpt_to: String::from("bob@example.test\n nobody@example.test ,"),
        auth: AuthSettings {
            enabled: true,
            user: String::from("alice@example.test"),
            ..AuthSettings::default()
        },
        ..Profile::default()
    }
}

fn fields(problems: &[Problem]) -> Vec<Field> {
    problems.iter().map(|p| p.field).collect()
}

#[test]
fn a_complete_profile_validates_for_every_action() {
    for action in Action::ALL {
        assert_eq!(local().validate(action), Vec::new(), "{action:?}");
    }
    assert_eq!(
        local().recipients(),
        ["bob@example.test", "nobody@example.test"]
    );
}

#[test]
fn bad_input_is_named_field_by_field() {
    let mut p = local();
    p.server = String::from("smtp.example.com\r\nRSET");
    p.helo = String::from("bad name with spaces");
    p.mail_from = String::from("alice@");
    p.rcpt_to = format!("{}@example.com", "x".repeat(65));
    p.message.headers = String::from("No colon here");
    p.options.timeout_secs = 0.0;
    let problems = p.validate(Action::SendTestMessage);
    let got = fields(&problems);
    for f in [
        Field::Server,
        Field::Helo,
        Field::MailFrom,
        Field::RcptTo,
        Field::Headers,
        Field::Timeout,
    ] {
        assert!(got.contains(&f), "{f:?} not flagged: {problems:?}");
    }
    let rcpt = problems
        .iter()
        .find(|p| p.field == Field::RcptTo)
        .map(|p| p.message.clone())
        .unwrap_or_default();
    assert!(
        rcpt.contains("64"),
        "the local-part limit of RFC 5321 4.5.3.1.1 is named: {rcpt}"
    );
}

#[test]
fn a_port_in_the_server_field_is_pointed_at_the_port_field() {
    let mut p = local();
    p.server = String::from("smtp.example.com:587");
    let problems = p.validate(Action::TestConnection);
    assert!(
        problems
            .iter()
            .any(|x| x.field == Field::Server && x.message.contains("Port field")),
        "{problems:?}"
    );
    p.server = String::from("::1");
    assert_eq!(p.validate(Action::TestConnection), Vec::new());
    assert_eq!(p.host_and_port(), "[::1]:10587");
}

#[test]
fn test_connection_needs_no_envelope_but_test_recipients_does() {
    let mut p = local();
    p.mail_from.clear();
    p.rcpt_to.clear();
    assert_eq!(p.validate(Action::TestConnection), Vec::new());
    assert_eq!(
        fields(&p.validate(Action::TestRecipients)),
        [Field::MailFrom, Field::RcptTo]
    );
}

#[test]
fn test_connection_needs_no_user_but_test_login_does() {
    let mut p = local();
    p.auth.enabled = true;
    p.auth.user.clear();
    assert_eq!(p.validate(Action::TestConnection), Vec::new());
    assert_eq!(fields(&p.validate(Action::TestLogin)), [Field::User]);
    assert_eq!(fields(&p.validate(Action::SendTestMessage)), [Field::User]);
}

#[test]
fn the_request_carries_the_action_and_the_secret_never_the_profile() {
    let p = local();
    let req = p
        .to_request(Action::TestRecipients, Some("correct horse"))
        .expect("request");
    assert_eq!(req.plan.stop_after, StopAfter::Rcpt);
    assert!(
        req.plan.message.is_none(),
        "testing recipients sends no message"
    );
    assert_eq!(req.target.port, 10587);
    let send = p
        .to_request(Action::SendTestMessage, Some("correct horse"))
        .expect("request");
    let message = String::from_utf8(send.plan.message.expect("a message").to_vec()).expect("utf-8");
    assert!(
        message.contains("Local Postfix") && !message.contains("correct horse"),
        "{message}"
    );
    let err = p
        .to_request(Action::TestLogin, None)
        .expect_err("no password");
    assert!(err.to_string().contains("password"), "{err}");
    assert!(!render_profile(&p).contains("correct horse"));
}

fn render_profile(p: &Profile) -> String {
    store::render(std::slice::from_ref(p)).expect("renders")
}

#[test]
fn presets_make_valid_profiles_with_the_suggested_port() {
    assert!(PRESETS.len() >= 13);
    for preset in PRESETS {
        let p = preset.profile();
        // Only what the user must add is missing: the user name, where the provider wants a login.
        let expected = if preset.login {
            vec![Field::User]
        } else {
            Vec::new()
        };
        assert_eq!(
            fields(&p.validate(if preset.login {
                Action::TestLogin
            } else {
                Action::TestConnection
            })),
            expected,
            "{}",
            preset.name
        );
        // Test connection stops before AUTH: it runs with what the preset gives.
        assert_eq!(fields(&p.validate(Action::TestConnection)), Vec::new());
        assert!(!preset.note().is_empty(), "{} has no note", preset.key);
        if preset.security == Security::ImplicitTls {
            assert_eq!(p.port, 465, "{}", preset.name);
        }
    }
    assert_eq!(default_port(Security::ImplicitTls), 465);
    assert_eq!(default_port(Security::StartTlsRequired), 587);
    assert_eq!(default_port(Security::None), 25);
}

#[test]
fn profiles_round_trip_through_a_file_written_atomically() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("nested").join("profiles.toml");
    let profiles = vec![local(), PRESETS[0].profile()];
    store::save(&path, &profiles).expect("save");
    let loaded = store::load(&path);
    assert_eq!(loaded.warning, None);
    assert_eq!(loaded.profiles, profiles);
    let leftovers: Vec<_> = std::fs::read_dir(path.parent().expect("dir"))
        .expect("list")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
    assert!(
        std::fs::read_to_string(&path)
            .expect("read")
            .starts_with("version = 1")
    );
}

#[test]
fn a_corrupt_file_is_kept_aside_and_the_app_starts_empty() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("profiles.toml");
    std::fs::write(&path, "version = 1\n[[profile]\nname = ").expect("write");
    let loaded = store::load(&path);
    assert!(loaded.profiles.is_empty());
    let warning = loaded.warning.expect("a warning");
    assert!(warning.contains("corrupt"), "{warning}");
    let kept: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        kept.iter().any(|n| n.starts_with("profiles.toml.corrupt-")),
        "{kept:?}"
    );
    assert!(!path.exists());
}

#[test]
fn a_file_from_a_newer_version_is_not_misread() {
    let err = store::parse("version = 99\n").expect_err("newer");
    assert!(err.contains("newer"), "{err}");
}

#[test]
fn imported_profiles_never_overwrite_existing_ones() {
    let mut existing = vec![local()];
    let imported = store::parse(&render_profile(&local())).expect("parse");
    assert_eq!(store::merge_imported(&mut existing, imported), 1);
    assert_eq!(existing.len(), 2);
    assert_ne!(existing[0].id, existing[1].id);
}

#[test]
fn the_field_checks_look_at_no_file_and_the_file_checks_find_a_missing_one() {
    let mut p = local();
    p.message.attachments = vec![std::path::PathBuf::from(
        "/nonexistent/smtp-lens/report.pdf",
    )];
    assert_eq!(p.check_fields(Action::SendTestMessage), Vec::new());
    assert_eq!(fields(&p.check_files()), vec![Field::Attachments]);
    assert_eq!(
        p.validate(Action::SendTestMessage),
        p.check_files(),
        "validate is both"
    );
}

#[test]
fn microsoft_365_outlook_and_gmail_presets_sign_in_with_oauth_and_need_a_client_id() {
    for (name, provider) in [
        ("Microsoft 365", SignInProvider::Microsoft),
        ("Outlook.com / Hotmail", SignInProvider::Microsoft),
        ("Gmail / Google Workspace", SignInProvider::Google),
    ] {
        let p = presets::find(name).expect("preset").profile();
        let sign_in = p.auth.sign_in.as_ref().expect("signs in with OAuth");
        assert_eq!(sign_in.provider, provider, "{name}");
        assert!(p.intent(Action::TestLogin).oauth_token, "{name}");
        let mut filled = p.clone();
        filled.auth.user = String::from("alice@example.test");
        assert!(
            fields(&filled.check_fields(Action::TestLogin)).contains(&Field::ClientId),
            "{name} without a client id"
        );
        assert!(
            presets::find(name)
                .expect("preset")
                .note()
                .contains("README"),
            "{name}'s note points at the README"
        );
    }
    assert!(
        presets::find("Yahoo Mail")
            .expect("preset")
            .profile()
            .auth
            .sign_in
            .is_none()
    );
}

#[test]
fn a_sign_in_is_kept_in_the_file_without_any_secret_and_old_files_still_load() {
    let mut p = local();
    p.auth.sign_in = Some(SignIn {
        provider: SignInProvider::Custom,
        client_id: String::from("client-1"),
        token_url: String::from("https://login.example/token"),
        auth_url: String::from("https://login.example/authorize"),
        scopes: String::from("smtp offline_access"),
        flow: SignInFlow::Device,
        ..SignIn::default()
    });
    let text = render_profile(&p);
    assert!(
        text.contains("client-1") && text.contains("device"),
        "{text}"
    );
    assert!(
        !text.contains("token =") && !text.contains("secret"),
        "{text}"
    );
    let back = store::parse(&text).expect("parse");
    assert_eq!(back, vec![p.clone()]);
    let sign_in = back[0].auth.sign_in.as_ref().expect("sign-in");
    assert_eq!(
        sign_in.token_key("alice@example.test").entry_id(),
        "oauth:custom:client-1:alice@example.test",
        "the key the command line uses"
    );
    assert_eq!(
        sign_in.client_config(None).scopes,
        ["smtp", "offline_access"]
    );
    // A file written before sign-in existed: no `sign_in`, the profile logs in as before.
    let mut old = local();
    old.auth.oauth = true;
    let old_text = render_profile(&old);
    assert!(!old_text.contains("sign_in"));
    let loaded = store::parse(&old_text).expect("an old file loads");
    assert_eq!(loaded[0].auth.sign_in, None);
    assert!(loaded[0].auth.oauth);
}
