//! Folding what people type in Japanese input modes: full-width ASCII, the ideographic space and
//! half-width katakana become their ordinary forms, so that a code or a query typed either way matches.
//! Beside it, the text formats written in one place: CSV for Excel, HTML escaping and the FNV hash.

pub mod csv;
pub mod hash;
pub mod html;

const HALF_WIDTH_KATAKANA: &str = "ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン";

pub fn width_fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        '\u{FF61}' => '。',
        '\u{FF62}' => '「',
        '\u{FF63}' => '」',
        '\u{FF64}' => '、',
        '\u{FF65}' => '・',
        '\u{FF66}'..='\u{FF9D}' => HALF_WIDTH_KATAKANA
            .chars()
            .nth(c as usize - 0xFF66)
            .unwrap_or(c),
        '\u{FF9E}' => '\u{3099}',
        '\u{FF9F}' => '\u{309A}',
        _ => c,
    }
}
