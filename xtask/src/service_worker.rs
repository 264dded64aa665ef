//! dist/sw.js: web/sw.js after two constants, the cache name and the precache list.

use sha2::{Digest, Sha256};
use std::path::Path;

pub const SERVICE_WORKER: &str = "sw.js";

/// Every file of `dist` relative to it, sorted, except the offline file (a download of several MB
/// that nobody needs offline in the browser), the lessons' previews (a first visit's head start; a
/// page the worker answers has the packs) and the worker itself.
pub fn precache_files(dist: &Path) -> std::io::Result<Vec<String>> {
    fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>) -> std::io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let relative = format!("{prefix}{name}");
            if entry.file_type()?.is_dir() {
                walk(&entry.path(), &format!("{relative}/"), out)?;
            } else {
                out.push(relative);
            }
        }
        Ok(())
    }
    let mut files = Vec::new();
    walk(dist, "", &mut files)?;
    let preview = format!("{}/{}", crate::PACK_DIR, crate::PREVIEW_PREFIX);
    files.retain(|f| f != crate::OFFLINE_NAME && f != SERVICE_WORKER && !f.starts_with(&preview));
    files.sort();
    Ok(files)
}

/// "nimo-kenshu-" and the first 12 hex digits of a SHA-256 over the files' names and bytes: every
/// change to any file gives a new cache, and an unchanged build keeps the one it has.
pub fn cache_name(dist: &Path, files: &[String]) -> std::io::Result<String> {
    let mut digest = Sha256::new();
    for name in files {
        let data = std::fs::read(dist.join(name))?;
        // Lengths keep the boundaries unambiguous: a byte moved from one file to the next still counts.
        digest.update(format!("{name}\0{}\0", data.len()).as_bytes());
        digest.update(&data);
    }
    let hex: String = digest
        .finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    Ok(format!("nimo-kenshu-{}", &hex[..12]))
}

/// Writes `dist`/sw.js from `template` (web/sw.js); call it after every other file of `dist` is
/// written. Returns the cache name and how many files the worker precaches.
pub fn write(dist: &Path, template: &str) -> std::io::Result<(String, usize)> {
    let files = precache_files(dist)?;
    let name = cache_name(dist, &files)?;
    let header = format!(
        "// Written by `cargo xtask` (xtask/src/service_worker.rs) from web/sw.js; do not edit.\nconst CACHE_NAME = {};\nconst PRECACHE = {};\n\n",
        serde_json::to_string(&name).expect("a string serialises"),
        serde_json::to_string_pretty(&files).expect("strings serialise"),
    );
    std::fs::write(dist.join(SERVICE_WORKER), header + template)?;
    Ok((name, files.len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-sw-test-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("content")).unwrap();
        std::fs::write(dir.join("index.html"), "<p>a</p>").unwrap();
        std::fs::write(dir.join("content/m.json"), "{}").unwrap();
        std::fs::write(dir.join("content/preview-l.0a.json"), "{}").unwrap();
        std::fs::write(dir.join(crate::OFFLINE_NAME), "big").unwrap();
        dir
    }

    #[test]
    fn the_cache_name_follows_every_byte_and_the_list_skips_the_offline_file() {
        let dir = scratch("name");
        let (first, count) = write(&dir, "// worker\n").unwrap();
        assert_eq!(count, 2);
        let worker = std::fs::read_to_string(dir.join(SERVICE_WORKER)).unwrap();
        assert!(worker.contains(&format!("const CACHE_NAME = \"{first}\";")));
        assert!(worker.contains("const PRECACHE = [\n  \"content/m.json\",\n  \"index.html\"\n];"));
        assert!(worker.ends_with("\n\n// worker\n"));
        assert!(first.starts_with("nimo-kenshu-") && first.len() == "nimo-kenshu-".len() + 12);

        // Writing it again changes nothing: sw.js itself is not precached.
        assert_eq!(write(&dir, "// worker\n").unwrap().0, first);
        // Neither does the offline file.
        std::fs::write(dir.join(crate::OFFLINE_NAME), "bigger").unwrap();
        assert_eq!(write(&dir, "// worker\n").unwrap().0, first);

        std::fs::write(dir.join("content/m.json"), "{ }").unwrap();
        let changed = write(&dir, "// worker\n").unwrap().0;
        assert_ne!(changed, first, "a changed file gives a new cache name");

        // A byte moved from one file to the next is a change too.
        std::fs::write(dir.join("content/m.json"), "{ }<").unwrap();
        std::fs::write(dir.join("index.html"), "p>a</p>").unwrap();
        assert_ne!(write(&dir, "// worker\n").unwrap().0, changed);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
