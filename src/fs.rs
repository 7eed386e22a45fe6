//! Filesystem helpers shared by the profiles file and the exports: atomic writes, and one
//! debounced writer per file for a file saved on every change (the profiles, the session
//! history), which may guard the file against another process's changes.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// Writes `bytes` to `path` so that a crash leaves either the old file or the new one. Each call
/// writes its own temporary file, so two saves at once never share (or remove) one: the last
/// rename wins and the file is always whole.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::sync::atomic::{AtomicU64, Ordering};
    static WRITES: AtomicU64 = AtomicU64::new(0);
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let n = WRITES.fetch_add(1, Ordering::Relaxed);
    let tmp = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)?;
        // The rename itself is durable once the directory is synced (POSIX).
        #[cfg(unix)]
        std::fs::File::open(dir)?.sync_all()?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// What a [`Writer`] reports after each write it finished: the generation written (the
/// number `Writer::save` returned for those contents) and how the write went.
pub type Written = Box<dyn Fn(u64, std::io::Result<()>) + Send>;

/// Makes the contents to write from a file's changed contents and ours (see [`Guard`]).
pub type Merge = Box<dyn Fn(&[u8], Vec<u8>) -> Vec<u8> + Send>;

/// Keeps what another process wrote to a file that a [`Writer`] saves: before each write the
/// writer reads the file, and if it is no longer what this process last read or wrote there,
/// writes `merge(on disk now, ours)` instead of ours alone.
pub struct Guard {
    /// The file as this process last read or wrote it; None when there was no file.
    pub known: Option<Vec<u8>>,
    /// Makes the contents to write from the file's changed contents and ours.
    pub merge: Merge,
}

impl Guard {
    /// What to write instead of `ours` to `path`: ours, or merged with the file's contents when
    /// someone else changed them. A file that cannot be read is not merged.
    fn contents(&self, path: &Path, ours: Vec<u8>) -> Vec<u8> {
        match std::fs::read(path) {
            Ok(disk) if self.known.as_ref() != Some(&disk) => (self.merge)(&disk, ours),
            _ => ours,
        }
    }
}

/// The one writer of one file: `save` hands it the latest contents and never blocks; a thread
/// of its own waits until no new contents came for `quiet` (debounce), then writes the latest
/// with [`write_atomically`]. Writes never overlap and never go back in time: contents handed
/// in later are always written later, and an older version is never written after a newer one.
/// A burst of saves is written at the latest `4 * quiet` after it began.
/// Dropping the writer (or `close`) writes what is still pending before the thread ends.
pub struct Writer {
    contents: Option<mpsc::Sender<(u64, Vec<u8>)>>,
    next: u64,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Writer {
    /// A writer of `path` that waits `quiet` after the last `save` before writing, and calls
    /// `written` after each write (on its own thread).
    pub fn start(path: PathBuf, quiet: Duration, written: Written) -> std::io::Result<Writer> {
        Writer::guarded(path, quiet, written, None)
    }

    /// A writer as `start` makes, that with `guard` keeps what another process wrote to the
    /// file since this one last read or wrote it (see [`Guard`]).
    pub fn guarded(
        path: PathBuf,
        quiet: Duration,
        written: Written,
        mut guard: Option<Guard>,
    ) -> std::io::Result<Writer> {
        let (tx, rx) = mpsc::channel::<(u64, Vec<u8>)>();
        let thread = std::thread::Builder::new()
            .name(String::from("smtp-lens-writer"))
            .spawn(move || {
                // Blocks for the first contents of a burst, then takes every newer one until
                // `quiet` passes without any, or `4 * quiet` since the burst began (a user who
                // types without a pause still gets saves).
                while let Ok(mut latest) = rx.recv() {
                    let deadline = std::time::Instant::now() + quiet * 4;
                    let mut open = true;
                    while open {
                        let left = deadline.saturating_duration_since(std::time::Instant::now());
                        if left.is_zero() {
                            break;
                        }
                        match rx.recv_timeout(quiet.min(left)) {
                            Ok(newer) => latest = newer,
                            Err(mpsc::RecvTimeoutError::Timeout) => break,
                            Err(mpsc::RecvTimeoutError::Disconnected) => open = false,
                        }
                    }
                    let (generation, mut bytes) = latest;
                    if let Some(g) = &guard {
                        bytes = g.contents(&path, bytes);
                    }
                    let result = write_atomically(&path, &bytes);
                    if result.is_ok()
                        && let Some(g) = &mut guard
                    {
                        g.known = Some(bytes);
                    }
                    written(generation, result);
                    if !open {
                        break;
                    }
                }
            })?;
        Ok(Writer {
            contents: Some(tx),
            next: 1,
            thread: Some(thread),
        })
    }

    /// Hands in new contents of the file; returns their generation (1, 2, ...), the number
    /// `written` reports once they (or newer ones) are on disk.
    pub fn save(&mut self, bytes: Vec<u8>) -> u64 {
        let generation = self.next;
        self.next += 1;
        if let Some(tx) = &self.contents {
            // The thread only ends when the writer is dropped, so this send cannot fail.
            let _ = tx.send((generation, bytes));
        }
        generation
    }

    /// Writes what is pending now and waits for the thread to end; false if it panicked.
    pub fn close(mut self) -> bool {
        self.finish()
    }

    fn finish(&mut self) -> bool {
        self.contents = None;
        self.thread.take().is_none_or(|t| t.join().is_ok())
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        self.finish();
    }
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer")
            .field("next", &self.next)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_at_the_same_time_each_leave_a_whole_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("profiles.toml");
        let writers: Vec<_> = (0..8u8)
            .map(|i| {
                let path = path.clone();
                std::thread::spawn(move || {
                    let body = vec![b'a' + i; 64 * 1024];
                    (0..20).try_for_each(|_| write_atomically(&path, &body))
                })
            })
            .collect();
        for w in writers {
            w.join().expect("no panic").expect("every save succeeds");
        }
        let written = std::fs::read(&path).expect("the file is there");
        assert_eq!(written.len(), 64 * 1024);
        assert!(written.iter().all(|&b| b == written[0]), "one save, whole");
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(left.is_empty(), "no temporary file is left behind");
    }

    #[test]
    fn the_writer_writes_the_latest_contents_once_calm_and_never_an_older_one_after() {
        use std::sync::{Arc, Mutex};
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("profiles.toml");
        let seen: Arc<Mutex<Vec<u64>>> = Arc::default();
        let log = seen.clone();
        let mut writer = Writer::start(
            path.clone(),
            Duration::from_millis(50),
            Box::new(move |g, r| {
                r.expect("every write succeeds");
                log.lock().expect("log").push(g);
            }),
        )
        .expect("writer");
        let mut last = 0;
        for i in 0..500u32 {
            last = writer.save(format!("version {i}\n").into_bytes());
        }
        assert!(writer.close(), "the writer thread did not panic");
        let written = seen.lock().expect("log").clone();
        assert_eq!(written.last(), Some(&last), "the last save is written");
        assert!(written.len() < 50, "debounced: {} writes", written.len());
        assert!(
            written.windows(2).all(|w| w[0] < w[1]),
            "in order: {written:?}"
        );
        assert_eq!(
            std::fs::read_to_string(&path).expect("file"),
            "version 499\n"
        );
    }

    #[test]
    fn a_guarded_writer_merges_what_another_process_wrote_since_it_read_the_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("profiles.toml");
        std::fs::write(&path, "a\n").expect("the file as read");
        let guard = |known: &str| Guard {
            known: Some(known.as_bytes().to_vec()),
            merge: Box::new(|disk: &[u8], ours: Vec<u8>| [disk, &ours].concat()),
        };
        let mut writer = Writer::guarded(
            path.clone(),
            Duration::from_millis(10),
            Box::new(|_, r| r.expect("written")),
            Some(guard("a\n")),
        )
        .expect("writer");
        // Unchanged since read: ours is written as it is.
        writer.save(b"a\nb\n".to_vec());
        std::thread::sleep(Duration::from_millis(200));
        assert_eq!(std::fs::read_to_string(&path).expect("file"), "a\nb\n");
        // Another process writes; the next save keeps its text too.
        std::fs::write(&path, "c\n").expect("the other write");
        writer.save(b"a\nb\nd\n".to_vec());
        assert!(writer.close());
        assert_eq!(
            std::fs::read_to_string(&path).expect("file"),
            "c\na\nb\nd\n"
        );
    }
}
