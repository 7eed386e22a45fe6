//! The profiles file: one versioned TOML file in the config directory, written atomically (a
//! temporary file, fsync, rename). A file that does not parse is kept aside under a new name and
//! the app starts with no profiles and a warning, so nothing is lost and nothing blocks.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::Profile;
use crate::present::t;

/// The version written by this build. Older files are read; newer ones are kept aside.
pub const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
struct ProfilesFile {
    version: u32,
    #[serde(default, rename = "profile")]
    profiles: Vec<Profile>,
}

/// What loading found.
#[derive(Debug, Default)]
pub struct Loaded {
    pub profiles: Vec<Profile>,
    /// The file's text as read (None: no file, or not one that could be used), so that a
    /// later save can notice that someone else changed it.
    pub text: Option<String>,
    /// Set when the file could not be used; says where it was kept.
    pub warning: Option<String>,
}

/// The default place of the profiles file, under the OS's config directory.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "smtp-lens")
        .map(|d| d.config_dir().join("profiles.toml"))
}

/// Parses a profiles file's text.
pub fn parse(text: &str) -> Result<Vec<Profile>, String> {
    let file: ProfilesFile = toml::from_str(text).map_err(|e| e.to_string())?;
    if file.version > VERSION {
        return Err(t!(
            "store-newer-version",
            version = file.version,
            supported = VERSION
        ));
    }
    Ok(file.profiles)
}

/// The text of a profiles file. Profiles hold no secret, so this is safe to share.
pub fn render(profiles: &[Profile]) -> Result<String, String> {
    let file = ProfilesFile {
        version: VERSION,
        profiles: profiles.to_vec(),
    };
    toml::to_string_pretty(&file).map_err(|e| e.to_string())
}

/// Loads the profiles at `path`. A missing file is an empty list; a broken one is renamed to
/// `<name>.corrupt-<time>` with a warning that says so.
pub fn load(path: &Path) -> Loaded {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Loaded::default(),
        Err(e) => {
            return Loaded {
                profiles: Vec::new(),
                text: None,
                warning: Some(t!(
                    "store-cannot-read",
                    path = path.display().to_string(),
                    error = e.to_string()
                )),
            };
        }
    };
    match parse(&text) {
        Ok(profiles) => Loaded {
            profiles,
            warning: None,
            text: Some(text),
        },
        Err(reason) => {
            let stamp = time::OffsetDateTime::now_utc().unix_timestamp();
            let aside = path.with_extension(format!("toml.corrupt-{stamp}"));
            let shown = path.display().to_string();
            let warning = match std::fs::rename(path, &aside) {
                Ok(()) => t!(
                    "store-kept-aside",
                    path = shown,
                    reason = reason,
                    aside = aside.display().to_string()
                ),
                Err(e) => t!(
                    "store-not-moved",
                    path = shown,
                    reason = reason,
                    error = e.to_string()
                ),
            };
            Loaded {
                profiles: Vec::new(),
                warning: Some(warning),
                text: None,
            }
        }
    }
}

/// Saves the profiles atomically: a temporary file beside the target, fsync, rename.
pub fn save(path: &Path, profiles: &[Profile]) -> std::io::Result<()> {
    let text = render(profiles).map_err(std::io::Error::other)?;
    crate::fs::write_atomically(path, text.as_bytes())
}

/// Adds the profiles of `other` whose names none of `existing` has (two windows' lists of one
/// file, kept both), giving a fresh id to any whose id is taken; returns those added.
pub fn merge_by_name(existing: &mut Vec<Profile>, other: Vec<Profile>) -> Vec<Profile> {
    let mut added = Vec::new();
    for mut p in other {
        if existing.iter().any(|e| e.name == p.name) {
            continue;
        }
        if existing.iter().any(|e| e.id == p.id) {
            p.id = super::new_id();
        }
        existing.push(p.clone());
        added.push(p);
    }
    added
}

/// Adds imported profiles, giving a fresh id to any that collides with one already present.
pub fn merge_imported(existing: &mut Vec<Profile>, imported: Vec<Profile>) -> usize {
    let mut added = 0;
    for mut p in imported {
        if existing.iter().any(|e| e.id == p.id) {
            p.id = super::new_id();
        }
        existing.push(p);
        added += 1;
    }
    added
}
