//! The published directory, replaced whole or not at all. The new files are
//! written to a staging directory next to DIR (same file system), each file and
//! directory fsynced, and then swapped with DIR in one `renameat2(…,
//! RENAME_EXCHANGE)` on Linux (two renames elsewhere, with a moment without DIR).
//! Anything that fails before the swap removes the staging directory and leaves
//! DIR as it was: a host never serves a manifest without its pages, or half a file.

use std::fs::{self, File};
use std::path::{Component, Path, PathBuf};

use anyhow::{bail, Context, Result};

/// One file to publish, at a path relative to DIR.
pub struct SiteFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// Checks a relative path stays inside DIR: no `..`, no root, no prefix.
pub fn inside(path: &Path) -> bool {
    !path.as_os_str().is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)))
}

/// DIR holds only what `publish` writes (JSON files), so replacing it loses
/// nothing of the merchant's: a web root with index.html is refused.
fn check_owned(dir: &Path) -> Result<()> {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).with_context(|| format!("cannot read {}", d.display()))? {
            let entry = entry?;
            let path = entry.path();
            let kind = entry.file_type()?;
            if kind.is_dir() {
                stack.push(path);
            } else if !(kind.is_file() && path.extension().is_some_and(|e| e == "json")) {
                bail!(
                    "{} holds {}, which `trustctl publish` did not write; publish into a directory of its own \
                     (serve its .well-known/ from your site) so replacing it loses nothing",
                    dir.display(),
                    path.display()
                );
            }
        }
    }
    Ok(())
}

/// Replaces DIR with exactly `files`.
pub fn replace(dir: &Path, files: &[SiteFile]) -> Result<()> {
    if dir.exists() {
        if !dir.is_dir() {
            bail!("{} is not a directory", dir.display());
        }
        check_owned(dir)?;
    }
    let name = dir
        .file_name()
        .with_context(|| format!("{} names no directory", dir.display()))?;
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).with_context(|| format!("cannot create {}", parent.display()))?;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let staging = parent.join(format!(
        ".{}.publish-{}-{nanos}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = stage(&staging, files).and_then(|()| swap(&staging, dir, &parent));
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

fn stage(staging: &Path, files: &[SiteFile]) -> Result<()> {
    fs::create_dir(staging).with_context(|| format!("cannot create {}", staging.display()))?;
    let mut dirs = vec![staging.to_path_buf()];
    for f in files {
        if !inside(&f.path) {
            bail!(
                "{} would be written outside the published directory",
                f.path.display()
            );
        }
        let path = staging.join(&f.path);
        let mut d = path.parent().expect("a file under staging").to_path_buf();
        fs::create_dir_all(&d).with_context(|| format!("cannot create {}", d.display()))?;
        while d != staging && !dirs.contains(&d) {
            dirs.push(d.clone());
            d = d.parent().expect("under staging").to_path_buf();
        }
        let file =
            File::create(&path).with_context(|| format!("cannot write {}", path.display()))?;
        std::io::Write::write_all(&mut &file, &f.bytes)
            .and_then(|()| file.sync_all())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    // New directory entries are durable only once their directories are synced.
    for d in dirs.iter().rev() {
        sync_dir(d)?;
    }
    Ok(())
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .with_context(|| format!("cannot sync {}", dir.display()))
}

#[cfg(not(unix))]
fn sync_dir(_: &Path) -> Result<()> {
    Ok(())
}

fn swap(staging: &Path, dir: &Path, parent: &Path) -> Result<()> {
    if !dir.exists() {
        fs::rename(staging, dir)
            .with_context(|| format!("cannot move {} to {}", staging.display(), dir.display()))?;
        return sync_dir(parent);
    }
    exchange(staging, dir)?;
    sync_dir(parent)?;
    // `staging` now holds the previous files.
    fs::remove_dir_all(staging).with_context(|| {
        format!(
            "published, but cannot remove the old files in {}",
            staging.display()
        )
    })
}

/// Swaps two directories atomically: at every moment DIR is the old or the new one.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| CString::new(p.as_os_str().as_bytes()).context("a path with a NUL byte");
    let (ca, cb) = (c(a)?, c(b)?);
    // SAFETY: both are valid NUL-terminated paths; renameat2 reads them only.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        return Ok(());
    }
    let err = std::io::Error::last_os_error();
    // File systems without RENAME_EXCHANGE (some network ones): the two-step swap.
    if err.raw_os_error() == Some(libc::EINVAL) || err.raw_os_error() == Some(libc::ENOSYS) {
        return two_renames(a, b);
    }
    Err(err).with_context(|| format!("cannot swap {} with {}", a.display(), b.display()))
}

#[cfg(not(target_os = "linux"))]
fn exchange(a: &Path, b: &Path) -> Result<()> {
    two_renames(a, b)
}

/// DIR → DIR.old, staging → DIR, DIR.old → staging (removed by the caller).
fn two_renames(staging: &Path, dir: &Path) -> Result<()> {
    let old = staging.with_extension("old");
    fs::rename(dir, &old).with_context(|| format!("cannot move {} aside", dir.display()))?;
    if let Err(e) = fs::rename(staging, dir) {
        let _ = fs::rename(&old, dir);
        return Err(e).with_context(|| format!("cannot move the new files to {}", dir.display()));
    }
    fs::rename(&old, staging).context("cannot move the old files away")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> SiteFile {
        SiteFile {
            path: PathBuf::from(path),
            bytes: text.as_bytes().to_vec(),
        }
    }

    fn tmp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("trustctl-site-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn replaces_whole_and_leaves_nothing_behind() {
        let root = tmp("replace");
        let dir = root.join("site");
        replace(
            &dir,
            &[
                file(".well-known/a.json", "1"),
                file(".well-known/r/p.json", "2"),
            ],
        )
        .unwrap();
        replace(&dir, &[file(".well-known/a.json", "3")]).unwrap();
        assert_eq!(
            fs::read_to_string(dir.join(".well-known/a.json")).unwrap(),
            "3"
        );
        assert!(
            !dir.join(".well-known/r/p.json").exists(),
            "files of the old set are gone"
        );
        let left: Vec<_> = fs::read_dir(&root)
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(
            left,
            vec![std::ffi::OsString::from("site")],
            "no staging directory left"
        );
    }

    /// A failure while staging (here: a path escaping DIR, after a first file
    /// was written) leaves DIR exactly as it was, and no staging directory.
    #[test]
    fn a_failed_replace_changes_nothing() {
        let root = tmp("fail");
        let dir = root.join("site");
        replace(&dir, &[file(".well-known/a.json", "old")]).unwrap();
        let err = replace(
            &dir,
            &[
                file(".well-known/a.json", "new"),
                file("../escape.json", "x"),
            ],
        );
        assert!(err.is_err());
        assert_eq!(
            fs::read_to_string(dir.join(".well-known/a.json")).unwrap(),
            "old"
        );
        assert!(!root.join("escape.json").exists());
        assert_eq!(fs::read_dir(&root).unwrap().count(), 1);
    }

    #[test]
    fn refuses_a_directory_with_other_files() {
        let root = tmp("foreign");
        let dir = root.join("site");
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("index.html"), "<h1>shop</h1>").unwrap();
        let err = replace(&dir, &[file(".well-known/a.json", "1")]).unwrap_err();
        assert!(format!("{err:#}").contains("index.html"));
        assert!(dir.join("index.html").exists());
    }
}
