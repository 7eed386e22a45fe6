//! The window in Russian, driven by egui_kittest through its AccessKit labels as a user would:
//! a preset and a problem beside a field, Test connection and Send against the local Postfix, an
//! explained refusal, an export; and the Language choice of the View menu, which rewords the
//! whole window at once and gives back today's English.

use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use smtp_lens::gui::App;
use smtp_lens::gui::app::{Paths, UiState};
use smtp_lens::gui::session::SessionView;
use smtp_lens::gui::worker::Worker;
use smtp_lens::lang::Language;
use smtp_lens::profile::{Action, AuthSettings, Profile, store};
use smtp_lens::proto::session::Verdict;
use smtp_lens::secrets::Secrets;

use super::util::Servers;
use super::{cyrillic, record, russian};

struct Setup {
    harness: Harness<'static, App>,
    dir: tempfile::TempDir,
}

/// The app over a fresh folder with `profiles` saved and `stored` in keyring-core's mock store.
fn setup(profiles: Vec<Profile>, stored: &[(&str, &str)], size: [f32; 2]) -> Setup {
    let dir = tempfile::tempdir().expect("temp dir");
    let profiles_path = dir.path().join("config").join("profiles.toml");
    if !profiles.is_empty() {
        store::save(&profiles_path, &profiles).expect("save profiles");
    }
    let mock: Arc<keyring_core::CredentialStore> =
        keyring_core::mock::Store::new().expect("mock store");
    let secrets = Secrets::with_store(mock);
    for (id, secret) in stored {
        secrets.set(id, secret).expect("store a password");
    }
    let worker = Worker::start(Arc::new(|| {}), move || secrets).expect("worker");
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
                app.flush_dialogs(|d| d);
            },
            app,
        );
    Setup { harness, dir }
}

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

fn has(h: &Harness<'static, App>, text: &str) -> bool {
    h.query_all_by_label_contains(text).next().is_some()
}

/// Every label the window shows now (AccessKit; a `Label` keeps its text as its value), in
/// order.
fn labels(h: &Harness<'static, App>) -> Vec<String> {
    h.query_all_by_label_contains("")
        .filter_map(|n| {
            let node = n.accesskit_node();
            if node.role() == Role::Label {
                node.value()
            } else {
                node.label()
            }
        })
        .filter(|l| !l.is_empty())
        .collect()
}

fn type_into(h: &mut Harness<'static, App>, label: &str, text: &str, replace: bool) {
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.run();
    if replace {
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    }
    h.get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    h.run();
}

fn local_profile(servers: &Servers) -> Profile {
    let (user, _) = servers.postfix_user();
    let submission = servers.postfix_submission();
    let (host, port) = submission.rsplit_once(':').expect("host:port");
    let mut p = Profile {
        name: String::from("Локальный Postfix"),
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

#[test]
fn a_preset_and_a_problem_beside_a_field_are_in_russian() {
    let _language = russian();
    let mut s = setup(Vec::new(), &[], [1400.0, 1000.0]);
    let h = &mut s.harness;
    h.run();
    h.get_by_label("Шаблон").click();
    h.run();
    h.get_by_label("Microsoft 365").click();
    h.run();
    assert_eq!(h.state().profiles.len(), 1);
    assert!(
        has(h, "проверка подлинности SMTP"),
        "the preset's note in Russian"
    );
    for label in [
        "Сервер",
        "Защита",
        "Вход",
        "Выполнять вход (SMTP AUTH)",
        "Механизм",
        "Параметры",
    ] {
        assert!(has(h, label), "no control named {label}");
    }
    // The preset signs in with OAuth, which makes the login section long: folding it brings
    // the options into view. The editor names its controls as the window's hints do
    // («Параметры» opens folded).
    h.get_by_label("Вход").click();
    h.run();
    h.get_by_label("Параметры").click();
    h.run();
    for label in [
        "Тайм-аут на этап (с)",
        "Продолжать, даже если сертификат недействителен",
    ] {
        assert!(has(h, label), "no control named {label}: {:?}", labels(h));
    }
    type_into(h, "Сервер", "smtp.example.com:587", true);
    assert!(
        has(h, "в поле «Порт»"),
        "the hint to move the port, in Russian"
    );
    type_into(h, "Отправитель (MAIL FROM)", "alice@", false);
    assert!(
        h.query_all_by_label_contains("адрес отправителя")
            .next()
            .is_some(),
        "the sender's problem in Russian: {:?}",
        labels(h)
    );
}

#[test]
fn test_connection_and_send_against_postfix_with_an_explained_refusal_and_an_export_in_russian() {
    let _language = russian();
    let servers = Servers::get();
    let (_, password) = servers.postfix_user();
    let profile = local_profile(&servers);
    let id = profile.id.clone();
    let mut s = setup(vec![profile], &[(&id, &password)], [1400.0, 1000.0]);
    let h = &mut s.harness;
    step_until(h, "the password from the keychain", |app| {
        app.password_input == password
    });

    h.get_by_label("Тест подключения").click();
    step_until(h, "the connection test to finish", |app| {
        app.current.as_ref().is_some_and(|c| c.outcome().is_some())
    });
    assert!(has(h, "ПРОЙДЕНО"), "a passed banner: {:?}", labels(h));
    assert!(has(h, "TLS (starttls): TLS 1.3"), "the TLS card");
    assert!(has(h, "сертификат действителен"));
    assert!(
        h.state().messages.any_contains("Тест подключения: готово"),
        "the status line says it finished"
    );

    h.get_by_label("Отправить письмо").click();
    step_until(h, "the send to finish", |app| {
        app.history.len() == 1 && app.current.as_ref().is_some_and(|c| c.outcome().is_some())
    });
    let view = h.state().current.as_ref().expect("session");
    assert_eq!(
        view.outcome().map(|o| o.verdict),
        Some(Verdict::SomeRecipientsRejected)
    );
    let row = view
        .rows
        .iter()
        .find(|r| r.text.starts_with("550 5.1.1"))
        .map(|r| r.text.clone())
        .expect("the 550 row, as the server sent it");
    h.get_by_label("Только проблемы").click();
    h.run_steps(3);
    assert!(has(h, "5xx постоянный отрицательный"), "the class label");
    assert!(has(h, "НЕ ПРОЙДЕНО"), "a failed banner");
    assert!(has(h, "nobody@example.test ОТКЛОНЁН"), "{:?}", labels(h));
    assert!(has(h, "часть получателей отклонена"));

    h.get_by_label(&row).click_accesskit();
    h.run_steps(3);
    assert!(has(h, "Как исправить"), "the explanation opens");
    assert!(has(h, "Что это значит"));
    let (words, _) = h
        .state()
        .current
        .as_ref()
        .and_then(|c| c.explanation_words())
        .expect("explained");
    let fixes = words.fixes.join(" ");
    assert!(cyrillic(&fixes) > 20, "the fixes in Russian: {fixes}");

    h.get_by_label("Экспорт").click();
    h.run();
    h.get_by_label("Экспорт в HTML...").click();
    step_until(h, "the path field", |app| app.path_prompt.is_some());
    assert!(has(h, "Путь к файлу"));
    h.get_by_role_and_label(Role::Button, "Сохранить").click();
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
    assert!(html.contains("<html lang=\"ru\">"));
    assert!(html.contains("5xx постоянный отрицательный") && html.contains("nobody@example.test"));
    assert!(!html.contains(&password), "the password is in the export");
    step_until(h, "the message", |app| {
        app.messages.any_contains("Сохранено (журнал сеанса)")
    });
}

#[test]
fn the_language_menu_rewords_the_window_at_once_and_english_comes_back_unchanged() {
    let _language = russian();
    smtp_lens::present::set_language(Language::En);
    let mut s = setup(vec![Profile::default()], &[], [1400.0, 1000.0]);
    let h = &mut s.harness;
    // A finished session with a refused recipient, its refusal selected.
    let mut view = SessionView::from_record(
        format!("Recorded - {}", Action::SendTestMessage.label()),
        Action::SendTestMessage,
        record(),
    );
    let refusal = view
        .rows
        .iter()
        .position(|r| r.text.starts_with("550"))
        .expect("a refusal");
    view.select(refusal);
    h.state_mut().current = Some(view);
    h.run_steps(3);
    let english = labels(h);
    assert!(
        english.iter().any(|l| l == "Test connection"),
        "{english:?}"
    );
    assert!(
        english.iter().any(|l| l.contains("How to fix it")),
        "{english:?}"
    );

    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Русский").click();
    h.run_steps(3);
    assert_eq!(smtp_lens::lang::current(), Language::Ru);
    assert_eq!(h.state().ui_state.language, Some(Language::Ru), "kept");
    let russian_labels = labels(h);
    for label in [
        "Тест подключения",
        "Сеанс",
        "Профили",
        "Вид",
        "Только проблемы",
        "Как исправить",
    ] {
        assert!(
            russian_labels.iter().any(|l| l.contains(label)),
            "{label} missing: {russian_labels:?}"
        );
    }
    // The words kept with the session were made again: its title, report and explanation.
    let app = h.state();
    let current = app.current.as_ref().expect("session");
    assert_eq!(current.title, "Recorded - Отправить письмо");
    let report = current.report().expect("report");
    assert!(cyrillic(&report.sentence) > 10, "{}", report.sentence);
    assert!(
        !russian_labels
            .iter()
            .any(|l| l == "Test connection" || l.contains("How to fix it")),
        "English left: {russian_labels:?}"
    );

    h.get_by_label("Вид").click();
    h.run();
    h.get_by_label("English").click();
    h.run_steps(3);
    assert_eq!(h.state().ui_state.language, Some(Language::En));
    assert_eq!(labels(h), english, "English again, word for word");
}

#[test]
fn at_1024x700_the_russian_actions_and_filters_each_keep_to_one_row() {
    let _language = russian();
    let mut s = setup(vec![Profile::default()], &[], [1024.0, 700.0]);
    let h = &mut s.harness;
    h.state_mut().current = Some(SessionView::from_record(
        String::from("Recorded"),
        Action::TestRecipients,
        record(),
    ));
    h.run_steps(3);
    let area = h.ctx.content_rect();
    let row_of = |h: &Harness<'static, App>, labels: &[String]| -> Vec<f32> {
        labels
            .iter()
            .map(|label| {
                let rect = h.get_by_label(label).rect();
                assert!(
                    rect.max.x <= area.max.x && rect.min.x >= area.min.x,
                    "{label} is cut off: {rect:?} in {area:?}"
                );
                rect.min.y
            })
            .collect()
    };
    let mut actions: Vec<String> = Action::ALL.iter().map(|a| a.label()).collect();
    actions.push(String::from("Отмена"));
    let tops = row_of(h, &actions);
    assert!(
        tops.iter().all(|y| (y - tops[0]).abs() < 1.0),
        "the actions wrap: {actions:?} at {tops:?}"
    );
    let filters: Vec<String> = [
        "Только ответы",
        "Только проблемы",
        "Копировать видимое",
        "Копировать всё",
    ]
    .map(String::from)
    .to_vec();
    let tops = row_of(h, &filters);
    assert!(
        tops.iter().all(|y| (y - tops[0]).abs() < 1.0),
        "the filters wrap: {filters:?} at {tops:?}"
    );
}

#[test]
fn every_glyph_of_every_catalogue_is_in_the_bundled_fonts() {
    let _language = russian();
    let mut s = setup(Vec::new(), &[], [800.0, 600.0]);
    s.harness.run();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/i18n");
    let mut found = std::collections::BTreeMap::new();
    for language in Language::ALL {
        let path = root.join(language.tag()).join("smtp_lens.ftl");
        let text = std::fs::read_to_string(&path).expect("a catalogue");
        for c in text.chars().filter(|c| !c.is_ascii()) {
            found.entry(c).or_insert(language.tag());
        }
    }
    assert!(
        found.contains_key(&'ё') && found.contains_key(&'«'),
        "the scan finds Russian letters and quotes"
    );
    let missing: Vec<String> = s.harness.ctx.fonts_mut(|f| {
        found
            .iter()
            .filter(|(c, _)| {
                !f.has_glyph(&egui::FontId::proportional(14.0), **c)
                    || !f.has_glyph(&egui::FontId::monospace(14.0), **c)
            })
            .map(|(c, tag)| format!("{c} (U+{:04X}) in {tag}", u32::from(*c)))
            .collect()
    });
    assert!(missing.is_empty(), "no glyph for: {missing:?}");
}

#[test]
fn the_compare_view_is_in_russian() {
    let _language = russian();
    let mut s = setup(Vec::new(), &[], [1024.0, 700.0]);
    let h = &mut s.harness;
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/thirty-recipients.json"),
    )
    .expect("the recorded session");
    let thirty: smtp_lens::export::SessionRecord =
        serde_json::from_str(&text).expect("the recorded session loads");
    h.state_mut().history.push(SessionView::from_record(
        String::from("Локальный Postfix - Тест получателей"),
        Action::TestRecipients,
        thirty,
    ));
    h.state_mut().current = Some(SessionView::from_record(
        String::from("Локальный Postfix - Отправить письмо"),
        Action::SendTestMessage,
        record(),
    ));
    h.run_steps(2);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::D);
    h.run_steps(2);
    assert!(has(h, "Выберите два сеанса для сравнения"));
    h.state_mut().apply(
        &egui::Context::default(),
        smtp_lens::gui::views::Intent::CompareChoose(
            smtp_lens::gui::comparison::Which::First,
            Some(0),
        ),
    );
    h.run_steps(3);
    let summary: Vec<String> = h
        .state()
        .comparing
        .as_ref()
        .and_then(|c| c.words())
        .map(|w| w.summary.iter().map(|(_, l)| l.clone()).collect())
        .unwrap_or_default();
    assert!(!summary.is_empty(), "the two sessions differ");
    for line in &summary {
        assert!(cyrillic(line) > 5, "not in Russian: {line}");
    }
    for words in [
        "Сравнение двух сеансов",
        "Первый сеанс (до)",
        "Второй сеанс (после)",
        "Что изменилось",
        "По шагам",
        "Строки со * отличаются.",
        "не сравниваются",
        "Поменять местами",
        "Из файла...",
    ] {
        assert!(has(h, words), "{words} is not shown: {:#?}", labels(h));
    }
    let shown = labels(h).join("\n");
    for english in [
        "Compare two sessions",
        "What changed",
        "Step by step",
        "differ.",
        "Swap",
        "not in this session",
    ] {
        assert!(!shown.contains(english), "{english} in:\n{shown}");
    }
}

#[test]
fn at_1024x700_with_the_profile_list_open_nothing_is_cut_and_the_preset_label_is_one_line() {
    let _language = russian();
    let mut s = setup(vec![Profile::default()], &[], [1024.0, 700.0]);
    let h = &mut s.harness;
    h.state_mut().current = Some(SessionView::from_record(
        String::from("Recorded"),
        Action::TestRecipients,
        record(),
    ));
    h.state_mut().ui_state.profiles_open = Some(true);
    h.run_steps(4);
    assert!(
        has(h, "Поиск профилей") || has(h, "Профили"),
        "the list is open"
    );
    let area = h.ctx.content_rect();
    let cut: Vec<String> = h
        .query_all_by(|n| {
            n.bounding_box().is_some_and(|b| {
                b.width() > 0.0 && b.height() > 0.0 && b.x1 > f64::from(area.max.x) + 0.5
            })
        })
        .map(|n| {
            let k = n.accesskit_node();
            format!(
                "{:?} {:?} {:?}",
                k.role(),
                k.label().or(k.value()),
                n.rect()
            )
        })
        .collect();
    assert!(cut.is_empty(), "cut at the right edge: {cut:#?}");
    // The label itself, on one line.
    let preset = h
        .query_all_by(|n| n.role() == Role::Label && n.value().as_deref() == Some("Шаблон"))
        .next()
        .expect("the preset's label")
        .rect();
    assert!(preset.height() < 24.0, "\"Шаблон\" wraps: {preset:?}");
}

#[test]
fn the_detect_view_speaks_russian_and_saves_the_settings_as_a_profile() {
    let _language = russian();
    let world =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/servers/run/detect/world.env");
    let env = std::fs::read_to_string(&world).expect("the detect world runs (world.env)");
    let var = |name: &str| {
        env.lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix('='))
            .unwrap_or_else(|| panic!("{name} in {}", world.display()))
            .to_string()
    };
    let mut s = setup(Vec::new(), &[], [1400.0, 1000.0]);
    let h = &mut s.harness;
    h.run();
    h.get_by_role_and_label(Role::Button, "Подобрать настройки...")
        .click();
    h.run_steps(2);
    assert!(has(h, "Подбор настроек"), "the view's heading");
    type_into(h, "Адрес или хост", "you@good.test", false);
    type_into(h, "DNS-сервер", &var("SMTP_LENS_DETECT_DNS"), false);
    type_into(h, "Доп. файл CA", &var("SMTP_LENS_DETECT_CA"), false);
    type_into(h, "Тайм-аут, секунд", "3", false);
    h.get_by_role_and_label(Role::Button, "Начать").click();
    h.run_steps(2);
    assert!(has(h, "Проверяем you@good.test"));
    step_until(h, "the detect report", |app| app.detecting.report.is_some());
    assert!(has(h, "Рекомендуемые настройки"));
    assert!(has(
        h,
        "smtp.good.test порт 465, неявный TLS (источник: autoconfig)"
    ));
    assert!(has(h, "Порты и режимы защиты"));
    assert!(has(h, "отказ в подключении (на порту никто не слушает)"));
    assert!(has(h, "Исправление: "), "a warning's fix, in Russian");
    let english: Vec<String> = labels(h)
        .into_iter()
        .filter(|l| {
            ["Recommended", "refused", "Save as profile", "works"]
                .iter()
                .any(|w| l.contains(w))
        })
        .collect();
    assert!(english.is_empty(), "English left: {english:?}");
    h.get_by_role_and_label(Role::Button, "Сохранить как профиль")
        .click();
    h.run_steps(3);
    let p = &h.state().profiles[0];
    assert_eq!(p.name, "smtp.good.test (подобран)");
    assert_eq!((p.server.as_str(), p.port), ("smtp.good.test", 465));
    assert!(cyrillic(&p.name) > 0);
}

#[test]
fn the_oauth_sign_in_of_a_microsoft_365_preset_is_in_russian() {
    let _language = russian();
    let mut s = setup(Vec::new(), &[], [1400.0, 1000.0]);
    let h = &mut s.harness;
    h.run();
    h.get_by_label("Шаблон").click();
    h.run();
    h.get_by_label("Microsoft 365").click();
    h.run();
    assert!(
        has(h, "зарегистрированный в Microsoft Entra"),
        "the preset's note on the client id, in Russian: {:?}",
        labels(h)
    );
    for label in [
        "Вход через OAuth 2.0 (без пароля)",
        "Провайдер",
        "Идентификатор клиента",
        "Клиент (tenant)",
        "Области доступа",
        "Способ входа",
        "Вход ещё не выполнен.",
        "Войти через Microsoft",
    ] {
        assert!(has(h, label), "no control named {label}: {:?}", labels(h));
    }
    // The sign-in replaces the password field.
    assert!(h.query_by_label("Пароль").is_none());
    type_into(h, "Имя пользователя", "alice@example.test", false);
    h.get_by_label("Войти через Microsoft").click();
    h.run();
    assert!(
        h.state()
            .messages
            .all()
            .iter()
            .any(|m| m.text.starts_with("Укажите идентификатор клиента")),
        "a sign-in without a client id says so, in Russian"
    );
}

#[test]
fn the_load_test_view_speaks_russian_from_a_bad_field_to_the_explained_refusals() {
    let _language = russian();
    let servers = Servers::get();
    let addr = servers.postfix_smtp();
    let (host, port) = addr.rsplit_once(':').expect("host:port");
    let profile = Profile {
        name: String::from("Локальный Postfix"),
        server: host.to_string(),
        port: port.parse().expect("port"),
        security: smtp_lens::proto::session::Security::None,
        helo: String::from("client.example.test"),
        mail_from: String::from("alice@example.test"),
        rcpt_to: String::from("nobody@example.test"),
        ..Profile::default()
    };
    let mut s = setup(vec![profile], &[], [1400.0, 1000.0]);
    let h = &mut s.harness;
    // The editor's Server field would share the view's label.
    h.state_mut().ui_state.editor_open = Some(false);
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::L);
    h.run_steps(3);
    assert!(has(h, "Нагрузочный тест"), "the view's heading");
    assert!(has(h, "прогон остановится после 1000"), "the cap");
    type_into(h, "Соединения", "много", true);
    h.run_steps(2);
    assert!(has(h, "«много» — не число"), "{:?}", labels(h));
    type_into(h, "Соединения", "1", true);
    type_into(h, "Письма", "2", false);
    h.get_by_role_and_label(Role::Button, "Начать").click();
    step_until(h, "the load test's report", |app| {
        app.loading.report.is_some()
    });
    assert!(has(h, "Массовая отправка"), "the summary's heading");
    assert!(has(h, "Первый неудачный сеанс"));
    assert!(has(h, "Писем в секунду"), "the plot's title");
    let english: Vec<String> = labels(h)
        .into_iter()
        .filter(|l| {
            [
                "Bulk run",
                "Messages a second",
                "Refusals",
                "Load test",
                "first failing",
            ]
            .iter()
            .any(|w| l.contains(w))
        })
        .collect();
    assert!(english.is_empty(), "English left: {english:?}");
}
