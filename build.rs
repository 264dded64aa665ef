//! Compiles content/ into Rust data at build time; a content error fails the build with file:line.

#[path = "build/content.rs"]
mod content;

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=content");
    println!("cargo:rerun-if-changed=build/content.rs");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let (course, lessons) = match content::read_content_dir(&root) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("error: content/ could not be read: {e}");
            std::process::exit(1);
        }
    };
    match content::compile(&course, &lessons) {
        Ok(compiled) => {
            let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("content.rs");
            std::fs::write(out, content::emit_rust(&compiled)).expect("OUT_DIR is writable");
        }
        Err(errors) => {
            for error in &errors {
                println!("cargo::error={error}");
                eprintln!("error: {error}");
            }
            eprintln!("content/ has {} error(s); see content/README.md for the format", errors.len());
            std::process::exit(1);
        }
    }
}
