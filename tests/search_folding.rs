//! Search folding agrees with real NFKC (plus katakana→hiragana and lower case) on every character of
//! the compatibility ranges Japanese text carries.
#![cfg(not(target_arch = "wasm32"))]

use nimo_model::course::search::fold_query;
use unicode_normalization::UnicodeNormalization;

fn reference(text: &str) -> String {
    text.nfkc()
        .map(|c| match c {
            'ァ'..='ヶ' => char::from_u32(c as u32 - 0x60).unwrap(),
            _ => c.to_ascii_lowercase(),
        })
        .collect()
}

#[test]
fn single_characters_match_nfkc() {
    let ranges = [
        0xFF01..=0xFF5E,
        0xFF61..=0xFF9D,
        0x3000..=0x3000,
        0x30A1..=0x30F6,
        0x3041..=0x3096,
        0x20..=0x7E,
    ];
    for range in ranges {
        for code in range {
            let c = char::from_u32(code).unwrap();
            let text = c.to_string();
            assert_eq!(fold_query(&text), reference(&text), "U+{code:04X} {c}");
        }
    }
}

#[test]
fn voiced_half_width_katakana_match_nfkc() {
    for base in 0xFF66..=0xFF9Du32 {
        for mark in ['\u{FF9E}', '\u{FF9F}'] {
            let text: String = [char::from_u32(base).unwrap(), mark].iter().collect();
            assert_eq!(fold_query(&text), reference(&text), "{text}");
        }
    }
}
