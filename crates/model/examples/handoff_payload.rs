//! Payload figures for `./scripts/bench`: for each export file named on the command line (a survey,
//! self-assessment or worksheet export, as the app downloads it), what the QR hand-off carries: the
//! JSON as saved, the compact JSON, the packed bytes (method byte + deflate), the characters of all
//! codes, how many codes and the densest QR version among them. One line of JSON per file.

use nimo_model::io::handoff::{EC_LEVEL, encode};
use qrcode::{QrCode, Version};

fn main() {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        eprintln!("usage: cargo run --release --example handoff_payload -- EXPORT.json...");
        std::process::exit(2);
    }
    for file in files {
        let json = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file}: {e}"));
        let compact = serde_json::from_str::<serde_json::Value>(&json)
            .map(|v| v.to_string())
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let codes = encode(&json).unwrap_or_else(|e| panic!("{file}: {e}"));
        let chars: usize = codes.iter().map(String::len).sum();
        // The data field is the fourth of `NK1:<i>/<n>:<id>:<base45>`; base45 writes 2 bytes as 3
        // characters and a last odd byte as 2.
        let packed: usize = codes
            .iter()
            .map(|c| {
                let data = c.splitn(4, ':').nth(3).unwrap_or_default().len();
                data / 3 * 2 + usize::from(data % 3 == 2)
            })
            .sum();
        let version = codes
            .iter()
            .map(
                |c| match QrCode::with_error_correction_level(c, EC_LEVEL).map(|q| q.version()) {
                    Ok(Version::Normal(v)) => v,
                    _ => -1,
                },
            )
            .max()
            .unwrap_or(-1);
        println!(
            "{}",
            serde_json::json!({
                "file": file,
                "json_bytes": json.len(),
                "compact_bytes": compact.len(),
                "packed_bytes": packed,
                "code_chars": chars,
                "codes": codes.len(),
                "max_version": version,
                "texts": codes,
            })
        );
    }
}
