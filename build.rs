//! Compiles content/ into Rust data at build time with the content compiler (crates/content); a content
//! error fails the build with file:line.

use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=content");
    println!("cargo:rerun-if-env-changed=NIMO_CONTENT_DIR");
    // An instructor can build from a copy of content/ kept elsewhere.
    let root = match std::env::var_os("NIMO_CONTENT_DIR") {
        Some(dir) => {
            println!("cargo:rerun-if-changed={}", Path::new(&dir).display());
            PathBuf::from(dir)
        }
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
    };
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    if let Err(failure) = nimo_content::compile_into(&root, &out_dir) {
        // As cargo errors, so the build fails with all of them at once.
        for error in failure.errors() {
            println!("cargo::error={error}");
            eprintln!("error: {error}");
        }
        eprintln!("{failure}");
        std::process::exit(1);
    }
}
