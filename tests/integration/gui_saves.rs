//! The profiles file under fire: many saves at once go through one writer and leave the last
//! one whole; a process killed (`kill -9`) while it saves, a thousand times over, leaves a file
//! that is always whole and never older than the last save it finished.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use smtp_lens::gui::worker::{Answer, Worker};
use smtp_lens::profile::{Profile, store};
use smtp_lens::secrets::Secrets;

/// Where the child of the kill test saves (set only for the child).
const CHILD_FILE: &str = "SMTP_LENS_TEST_SAVE_LOOP_FILE";

/// How often the kill test kills the saving process.
const KILLS: usize = 1000;

/// Profiles that all carry `generation` in their names, so a file mixing two saves shows.
fn profiles_of(generation: u64) -> Vec<Profile> {
    (0..20)
        .map(|k| Profile {
            id: format!("p{k}"),
            name: format!("generation {generation} profile {k}"),
            server: format!("smtp{k}.example.com"),
            rcpt_to: "someone@example.com\n".repeat(10),
            ..Profile::default()
        })
        .collect()
}

/// The generation of a profiles file; fails unless the file is whole and of one save.
fn generation_of(path: &Path) -> Result<u64, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read: {e}"))?;
    let profiles = store::parse(&text).map_err(|e| format!("not whole ({e}): {text:?}"))?;
    if profiles.len() != 20 {
        return Err(format!("{} profiles, not 20", profiles.len()));
    }
    let generations: Vec<u64> = profiles
        .iter()
        .map(|p| {
            p.name
                .split(' ')
                .nth(1)
                .and_then(|g| g.parse().ok())
                .unwrap_or(u64::MAX)
        })
        .collect();
    if generations.iter().any(|g| *g != generations[0]) {
        return Err(format!("a mixed file: {generations:?}"));
    }
    Ok(generations[0])
}

fn temporary_files(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".tmp"))
        .collect()
}

#[test]
fn many_saves_at_once_go_through_one_writer_and_leave_the_last_one_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("config").join("profiles.toml");
    let mut worker =
        Worker::start(Arc::new(|| {}), || Secrets::memory_only("test")).expect("worker");
    let mut last = 0;
    for generation in 1..=1000 {
        let text = store::render(&profiles_of(generation)).expect("render");
        last = worker.save_profiles(path.clone(), text);
    }
    let start = Instant::now();
    let mut writes = Vec::new();
    while writes.last() != Some(&last) {
        assert!(start.elapsed() < Duration::from_secs(20), "never saved");
        for answer in worker.answers() {
            match answer {
                Answer::ProfilesSaved { generation } => writes.push(generation),
                Answer::Note { text, level } => {
                    assert!(
                        level < smtp_lens::gui::messages::Level::Error,
                        "a save failed: {text}"
                    )
                }
                _ => {}
            }
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(worker.close(), "no thread of the worker panicked");
    assert_eq!(generation_of(&path), Ok(1000));
    assert!(
        writes.len() <= 10,
        "debounced: {} writes for 1000 saves",
        writes.len()
    );
    assert!(
        writes.windows(2).all(|w| w[0] < w[1]),
        "in order: {writes:?}"
    );
    assert_eq!(
        temporary_files(&path.with_file_name("")),
        Vec::<PathBuf>::new()
    );
}

#[test]
fn closing_the_worker_writes_the_last_save_at_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("profiles.toml");
    let mut worker =
        Worker::start(Arc::new(|| {}), || Secrets::memory_only("test")).expect("worker");
    for generation in 1..=5 {
        worker.save_profiles(
            path.clone(),
            store::render(&profiles_of(generation)).expect("render"),
        );
    }
    assert!(worker.close());
    assert_eq!(
        generation_of(&path),
        Ok(5),
        "the pending save was written on close"
    );
}

/// The child of the kill test: saves generation after generation through the window's writer
/// and prints each one the writer finished; killed by the test.
#[test]
#[ignore = "the child process of the kill test, which sets its file"]
fn save_loop_child() {
    let path = PathBuf::from(
        std::env::var_os(CHILD_FILE).expect("run by the kill test, which names the file"),
    );
    let base = generation_of(&path).unwrap_or(0);
    let written: smtp_lens::fs::Written = Box::new(move |g, result| {
        use std::io::Write;
        if result.is_ok() {
            // The test reads this line; once it killed the process nobody does.
            let _ = writeln!(std::io::stdout(), "saved {}", base + g);
        }
    });
    let mut writer =
        smtp_lens::fs::Writer::start(path, Duration::from_micros(200), written).expect("writer");
    println!("\nready");
    for generation in base + 1.. {
        let text = store::render(&profiles_of(generation)).expect("render");
        writer.save(text.into_bytes());
        std::thread::sleep(Duration::from_micros(300));
    }
}

#[test]
fn a_profiles_file_killed_during_saves_is_always_whole_and_never_older_than_the_last_save() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("profiles.toml");
    let exe = std::env::current_exe().expect("this test binary");
    let started = Instant::now();
    let mut finished = 0;
    let mut seed = 0x2545_f491_u32;
    for round in 0..KILLS {
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "gui_saves::save_loop_child",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_FILE, &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the child");
        let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        // libtest writes the test's name before it on the same line.
        for line in lines.by_ref() {
            if line.expect("a line").ends_with("ready") {
                break;
            }
        }
        // Kill it at a moment that varies from round to round: before, during or between writes.
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        std::thread::sleep(Duration::from_micros(u64::from(seed % 4000)));
        child.kill().expect("kill -9");
        child.wait().expect("reaped");
        for line in lines {
            if let Some(g) = line
                .ok()
                .and_then(|l| l.strip_prefix("saved ")?.parse::<u64>().ok())
            {
                finished = finished.max(g);
            }
        }
        let on_disk = match generation_of(&path) {
            Ok(g) => g,
            Err(e) if finished == 0 && e.starts_with("cannot read") => 0,
            Err(e) => panic!("after kill {round}: {e}"),
        };
        assert!(
            on_disk >= finished,
            "after kill {round}: the file holds save {on_disk}, older than the finished save {finished}"
        );
    }
    assert!(finished > 0, "the children finished saves");
    eprintln!(
        "{KILLS} kills in {:.1} s; the file reached save {finished}",
        started.elapsed().as_secs_f64()
    );
}
