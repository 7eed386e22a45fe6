//! Golden files: output compared with a reviewed copy under `tests/data/golden/`. Set
//! SMTP_LENS_BLESS=1 to rewrite them after a deliberate change, then review the diff. Shared by
//! the library's export tests and the Russian test binary.

/// Compares `actual` with the golden file `name` (a path under `tests/data/golden/`), or writes it
/// when SMTP_LENS_BLESS is set. Panics at the first differing line.
pub fn check_golden(name: &str, actual: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/golden")
        .join(name);
    if std::env::var_os("SMTP_LENS_BLESS").is_some() {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("create the golden folder");
        }
        std::fs::write(&path, actual).expect("write the golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; run with SMTP_LENS_BLESS=1", path.display()));
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "{name} differs from its golden file at line {}:\n  golden: {:?}\n  actual: {:?}",
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}
