//! The in-room hand-off: an export (the same JSON document as the file a trainee can save) carried from
//! the trainee's screen to the instructor's camera as one QR code or a short numbered sequence of them.
//!
//! The format is documented in `schema/qr-payload.md`. In short, every code is the text
//! `NK1:<index>/<total>:<id>:<base45 data>`, which uses only the QR alphanumeric character set, so each
//! code is as small as the data allows and any phone's camera app shows it as plain text rather than
//! garbage. The data of all parts, joined in index order, is one method byte (stored or deflated) and the
//! compact JSON; `<id>` is the CRC-32 of those joined bytes, so parts of different exports never mix and
//! a damaged or mixed-up sequence is refused rather than imported.

use std::collections::{BTreeMap, HashMap, HashSet};

use qrcode::{EcLevel, QrCode, Version};
use thiserror::Error;

/// The payload format and its version. A later, incompatible format is `NK2`, and this app names it as
/// written by a newer version rather than as a foreign code.
pub const PREFIX: &str = "NK";
pub const FORMAT_VERSION: u32 = 1;

/// The densest code we show. Chosen by measurement (`cargo run --release --example qr_measure`, figures
/// in schema/qr-payload.md): a phone held up to a 640×480 laptop webcam fills about 200 pixels of the
/// frame, and version 8 (49 modules + quiet zone) still reads reliably there, where version 10 starts to
/// fail once the picture is slightly blurred.
pub const MAX_VERSION: i16 = 8;
/// Level M restores about 15 % of damaged modules: glare on a phone screen costs a few, and level Q would
/// need about 30 % more codes for the same export.
pub const EC_LEVEL: EcLevel = EcLevel::M;
/// The part numbers are written in decimal; two digits keep the header short. 99 codes of version 8 carry
/// about 13 KB of deflated JSON, far beyond the largest honest export (a full worksheet set).
pub const MAX_PARTS: usize = 99;
/// What an assembled export may inflate to: the import limit of every export, which also stops a
/// hand-made "zip bomb" code from exhausting the instructor's memory.
pub const MAX_JSON_BYTES: usize = 2 * 1024 * 1024;

const METHOD_STORED: u8 = 0;
const METHOD_DEFLATE: u8 = 1;
const BASE45: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

#[derive(Debug, Error, PartialEq, Eq, Clone)]
pub enum HandOffError {
    #[error("このアプリのQRコードではありません（読み取った内容: {preview}）")]
    Foreign { preview: String },
    #[error("新しい版のアプリで作られたQRコードです。アプリを更新してください")]
    Newer,
    #[error("QRコードの内容が壊れています（{0}）。もう一度かざしてください")]
    Damaged(String),
    #[error(
        "回答が大きすぎて、QRコードにできません（{parts}枚必要。上限は{MAX_PARTS}枚です）。ファイルで提出してください"
    )]
    TooLarge { parts: usize },
}

/// The codes of one export, in order. Each string is the text of one QR code.
pub fn encode(json: &str) -> Result<Vec<String>, HandOffError> {
    let bytes = pack(json);
    let id = format!("{:08X}", crc32(&bytes));
    let capacity = alphanumeric_capacity(MAX_VERSION, EC_LEVEL);
    // The header is widest when both numbers have two digits; sizing for that keeps every part of a
    // sequence within MAX_VERSION whatever its number.
    let header = format!("{PREFIX}{FORMAT_VERSION}:99/99:{id}:").len();
    let per_part = (capacity - header) / 3 * 2;
    let parts = bytes.len().div_ceil(per_part).max(1);
    if parts > MAX_PARTS {
        return Err(HandOffError::TooLarge { parts });
    }
    // Spread the bytes evenly, so that every code of a sequence has the same density.
    let even = bytes
        .len()
        .div_ceil(parts)
        .next_multiple_of(2)
        .min(per_part);
    Ok(bytes
        .chunks(even)
        .enumerate()
        .map(|(i, chunk)| {
            format!(
                "{PREFIX}{FORMAT_VERSION}:{}/{parts}:{id}:{}",
                i + 1,
                base45_encode(chunk)
            )
        })
        .collect())
}

/// The method byte and the compact JSON, deflated where that is smaller (it nearly always is).
fn pack(json: &str) -> Vec<u8> {
    // The file export is pretty-printed for people; the codes carry the same document without layout.
    let compact = serde_json::from_str::<serde_json::Value>(json)
        .map(|value| value.to_string())
        .unwrap_or_else(|_| json.to_owned());
    let deflated = miniz_oxide::deflate::compress_to_vec(compact.as_bytes(), 10);
    let (method, body) = if deflated.len() < compact.len() {
        (METHOD_DEFLATE, deflated)
    } else {
        (METHOD_STORED, compact.into_bytes())
    };
    let mut bytes = Vec::with_capacity(body.len() + 1);
    bytes.push(method);
    bytes.extend_from_slice(&body);
    bytes
}

fn unpack(bytes: &[u8]) -> Result<String, HandOffError> {
    let (&method, body) = bytes
        .split_first()
        .ok_or_else(|| HandOffError::Damaged("中身がありません".into()))?;
    let json = match method {
        METHOD_STORED => body.to_vec(),
        METHOD_DEFLATE => miniz_oxide::inflate::decompress_to_vec_with_limit(body, MAX_JSON_BYTES)
            .map_err(|_| HandOffError::Damaged("展開できません".into()))?,
        other => return Err(HandOffError::Damaged(format!("不明な形式 {other}"))),
    };
    String::from_utf8(json)
        .map_err(|_| HandOffError::Damaged("文字コードが正しくありません".into()))
}

/// CRC-32 (IEEE, as zip and PNG use it), bit by bit: crc32fast's slice-by-16 tables are 16 KB of
/// incompressible data in every bundle that draws or reads codes, and an export is only a few kilobytes.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg());
        }
    }
    !crc
}

/// How many alphanumeric characters fit a code of this version and level: found by asking the encoder,
/// so the figure can never disagree with what it draws.
pub fn alphanumeric_capacity(version: i16, level: EcLevel) -> usize {
    let fits =
        |n: usize| QrCode::with_version("A".repeat(n), Version::Normal(version), level).is_ok();
    let (mut low, mut high) = (0usize, 8000usize);
    while low + 1 < high {
        let mid = (low + high) / 2;
        if fits(mid) { low = mid } else { high = mid }
    }
    low
}

fn base45_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(2) * 3);
    for pair in bytes.chunks(2) {
        let (mut n, digits) = match pair {
            [a, b] => (usize::from(*a) * 256 + usize::from(*b), 3),
            [a] => (usize::from(*a), 2),
            _ => unreachable!("chunks(2) yields one or two bytes"),
        };
        for _ in 0..digits {
            out.push(char::from(BASE45[n % 45]));
            n /= 45;
        }
    }
    out
}

fn base45_decode(text: &str) -> Option<Vec<u8>> {
    let values: Vec<usize> = text
        .bytes()
        .map(|c| BASE45.iter().position(|&b| b == c))
        .collect::<Option<_>>()?;
    let mut out = Vec::with_capacity(values.len() / 3 * 2 + 1);
    for group in values.chunks(3) {
        match *group {
            [c, d, e] => {
                let n = c + d * 45 + e * 45 * 45;
                out.push(u8::try_from(n / 256).ok()?);
                out.push((n % 256) as u8);
            }
            [c, d] => out.push(u8::try_from(c + d * 45).ok()?),
            _ => return None,
        }
    }
    Some(out)
}

/// One code's header and data.
#[derive(Debug, PartialEq, Eq)]
struct Part {
    index: usize,
    total: usize,
    id: String,
    data: Vec<u8>,
}

fn parse_part(code: &[u8]) -> Result<Part, HandOffError> {
    let text = String::from_utf8_lossy(code);
    let foreign = || HandOffError::Foreign {
        preview: preview(&text),
    };
    let mut fields = text.splitn(4, ':');
    let tag = fields.next().unwrap_or_default();
    let version = tag
        .strip_prefix(PREFIX)
        .and_then(|v| v.parse::<u32>().ok())
        .ok_or_else(foreign)?;
    if version > FORMAT_VERSION {
        return Err(HandOffError::Newer);
    }
    if version < FORMAT_VERSION {
        return Err(foreign());
    }
    let damaged = |what: &str| HandOffError::Damaged(what.to_owned());
    let (index, total) = fields
        .next()
        .and_then(|n| n.split_once('/'))
        .and_then(|(i, t)| Some((i.parse::<usize>().ok()?, t.parse::<usize>().ok()?)))
        .ok_or_else(|| damaged("番号が読めません"))?;
    if index == 0 || index > total || total > MAX_PARTS {
        return Err(damaged("番号が範囲外です"));
    }
    let id = fields
        .next()
        .filter(|id| id.len() == 8 && id.bytes().all(|b| b.is_ascii_hexdigit()))
        .ok_or_else(|| damaged("識別子が読めません"))?
        .to_owned();
    let data = fields
        .next()
        .and_then(base45_decode)
        .ok_or_else(|| damaged("データが読めません"))?;
    Ok(Part {
        index,
        total,
        id,
        data,
    })
}

/// Enough of a foreign code to recognise it (a URL, another app's text), never a whole page of it.
fn preview(text: &str) -> String {
    let clean: String = text.chars().filter(|c| !c.is_control()).collect();
    let mut short: String = clean.chars().take(40).collect();
    if clean.chars().count() > 40 {
        short.push('…');
    }
    short
}

/// What one code added to the instructor's collection.
#[derive(Debug, PartialEq, Eq, Clone)]
pub enum Scan {
    /// A part of a sequence that is not complete yet: `have` of `total`, `missing` by number.
    Partial {
        id: String,
        have: usize,
        total: usize,
        missing: Vec<usize>,
    },
    /// The last missing part arrived: the export's JSON, checked against its checksum.
    Complete { id: String, json: String },
    /// A code of an export that was already read completely (the camera sees it again, or the trainee
    /// came back): nothing new.
    AlreadyRead { id: String },
}

/// What the page's import made of an export that arrived by camera: judged exactly as a file would be.
#[derive(Debug, PartialEq, Eq, Clone)]
pub enum Received {
    /// A new trainee (or a newer export replacing an older one of someone not yet counted here).
    Added { who: String },
    /// The same trainee again: counted once, as the file import counts them.
    Duplicate { who: String },
    /// Refused by the import's own checks, with its reason.
    Refused { reason: String },
}

/// Judges an import by what it did to the batch: how many exports it kept and how many it set aside as
/// duplicates, before and after. Every batch type (survey, worksheets, self-assessment) reports those two
/// counts, so the camera needs no rules of its own.
pub fn judge(
    (kept_before, duplicates_before): (usize, usize),
    (kept_after, duplicates_after): (usize, usize),
    who: String,
    refusal: Option<String>,
) -> Received {
    if let Some(reason) = refusal {
        Received::Refused { reason }
    } else if duplicates_after > duplicates_before || kept_after == kept_before {
        Received::Duplicate { who }
    } else {
        Received::Added { who }
    }
}

/// Collects parts from any number of trainees, in any order, with repeats.
#[derive(Debug, Default)]
pub struct Assembler {
    pending: HashMap<String, Pending>,
    read: HashSet<String>,
}

#[derive(Debug)]
struct Pending {
    total: usize,
    parts: BTreeMap<usize, Vec<u8>>,
}

impl Assembler {
    pub fn accept(&mut self, code: &[u8]) -> Result<Scan, HandOffError> {
        let part = parse_part(code)?;
        if self.read.contains(&part.id) {
            return Ok(Scan::AlreadyRead { id: part.id });
        }
        let pending = self.pending.entry(part.id.clone()).or_insert(Pending {
            total: part.total,
            parts: BTreeMap::new(),
        });
        if pending.total != part.total {
            self.pending.remove(&part.id);
            return Err(HandOffError::Damaged(
                "同じ回答の枚数が食い違っています".into(),
            ));
        }
        pending.parts.entry(part.index).or_insert(part.data);
        if pending.parts.len() < pending.total {
            let missing = (1..=pending.total)
                .filter(|i| !pending.parts.contains_key(i))
                .collect();
            return Ok(Scan::Partial {
                id: part.id,
                have: pending.parts.len(),
                total: pending.total,
                missing,
            });
        }
        let Some(pending) = self.pending.remove(&part.id) else {
            unreachable!("the entry was inserted above");
        };
        let bytes: Vec<u8> = pending.parts.into_values().flatten().collect();
        if format!("{:08X}", crc32(&bytes)) != part.id {
            return Err(HandOffError::Damaged("チェックサムが一致しません".into()));
        }
        let json = unpack(&bytes)?;
        self.read.insert(part.id.clone());
        Ok(Scan::Complete { id: part.id, json })
    }

    /// Sequences begun but not finished, for the 「読み取り途中」 list.
    pub fn unfinished(&self) -> Vec<Unfinished> {
        let mut list: Vec<_> = self
            .pending
            .iter()
            .map(|(id, p)| Unfinished {
                id: id.clone(),
                total: p.total,
                missing: (1..=p.total).filter(|i| !p.parts.contains_key(i)).collect(),
            })
            .collect();
        list.sort_by(|a, b| a.id.cmp(&b.id));
        list
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unfinished {
    pub id: String,
    pub total: usize,
    pub missing: Vec<usize>,
}

impl Unfinished {
    /// 「3/5枚（残り: 2, 4）」
    pub fn describe(&self) -> String {
        let rest: Vec<String> = self.missing.iter().map(ToString::to_string).collect();
        format!(
            "{}/{}枚（残り: {}）",
            self.total - self.missing.len(),
            self.total,
            rest.join(", ")
        )
    }
}

/// A code's modules, row by row, without the quiet zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Modules {
    pub width: usize,
    pub dark: Vec<bool>,
}

/// The modules of one code (the smallest version that holds the text, at `EC_LEVEL`).
pub fn modules(text: &str) -> Option<Modules> {
    let code = QrCode::with_error_correction_level(text, EC_LEVEL).ok()?;
    Some(Modules {
        width: code.width(),
        dark: code
            .to_colors()
            .into_iter()
            .map(|c| c == qrcode::Color::Dark)
            .collect(),
    })
}

/// The quiet zone the standard asks for, in modules, drawn as part of the code so that no theme's
/// background can touch it.
pub const QUIET_ZONE: usize = 4;

impl Modules {
    /// The side of the drawing in modules, quiet zone included: the SVG's viewBox.
    pub fn side(&self) -> usize {
        self.width + 2 * QUIET_ZONE
    }

    /// One SVG path for all dark modules, a rectangle per horizontal run: a few KB for a version-8 code,
    /// where a `<rect>` per module would be thousands of elements.
    pub fn svg_path(&self) -> String {
        let mut path = String::new();
        for y in 0..self.width {
            let row = &self.dark[y * self.width..(y + 1) * self.width];
            let mut x = 0;
            while x < self.width {
                if !row[x] {
                    x += 1;
                    continue;
                }
                let start = x;
                while x < self.width && row[x] {
                    x += 1;
                }
                path.push_str(&format!(
                    "M{} {}h{}v1h-{}z",
                    start + QUIET_ZONE,
                    y + QUIET_ZONE,
                    x - start,
                    x - start
                ));
            }
        }
        path
    }
}

/// Every QR code found in a greyscale frame (0 = black), as the raw bytes it carries. Codes that are
/// found but cannot be read (blurred, half in view) are skipped: the next frame will try again.
///
/// The reader is quircs, a Rust port of quirc: its Galois-field tables are 600 bytes where rqrr's
/// are 128 KB, which kept about 100 KB (brotli) out of the bundles trainees download.
pub fn read_frame(width: usize, height: usize, luma: &[u8]) -> Vec<Vec<u8>> {
    if width == 0 || height == 0 || luma.len() != width * height {
        return Vec::new();
    }
    let mut reader = quircs::Quirc::new();
    reader
        .identify(width, height, luma)
        .filter_map(Result::ok)
        .filter_map(|code| code.decode().ok())
        .map(|data| data.payload)
        .collect()
}

/// The names under which the reader module (crates/qr-reader) exports its two functions: the app looks
/// them up, and the build refuses a module that lacks them.
pub const READER_FRAME_BUFFER: &str = "nimo_frame_buffer";
pub const READER_READ_FRAME: &str = "nimo_read_frame";

/// The codes of a frame as one run of bytes, as the reader module (crates/qr-reader) hands them to the
/// page: the run's whole length, then each code's length and bytes; lengths are little-endian `u32`.
/// The whole length comes first so that the page knows how much of the module's memory to copy.
pub fn codes_to_bytes(codes: &[Vec<u8>]) -> Vec<u8> {
    let total = 4 + codes.iter().map(|code| 4 + code.len()).sum::<usize>();
    let mut bytes = Vec::with_capacity(total);
    bytes.extend_from_slice(&(total as u32).to_le_bytes());
    for code in codes {
        bytes.extend_from_slice(&(code.len() as u32).to_le_bytes());
        bytes.extend_from_slice(code);
    }
    bytes
}

/// The whole length a run of `codes_to_bytes` declares in its first four bytes.
pub fn codes_length(head: [u8; 4]) -> usize {
    u32::from_le_bytes(head) as usize
}

/// The codes of a run of `codes_to_bytes`, or `None` if it is not one (cut short, or lengths that
/// overrun it).
pub fn codes_from_bytes(bytes: &[u8]) -> Option<Vec<Vec<u8>>> {
    let take_u32 = |rest: &mut &[u8]| -> Option<usize> {
        let (head, tail) = rest.split_first_chunk::<4>()?;
        *rest = tail;
        Some(u32::from_le_bytes(*head) as usize)
    };
    let mut rest = bytes;
    if take_u32(&mut rest)? != bytes.len() {
        return None;
    }
    let mut codes = Vec::new();
    while !rest.is_empty() {
        let len = take_u32(&mut rest)?;
        let (code, tail) = rest.split_at_checked(len)?;
        codes.push(code.to_vec());
        rest = tail;
    }
    Some(codes)
}

/// Draws codes into a greyscale frame as a camera would see them: for tests and the measurement example,
/// never for users.
pub mod simulate {
    use super::{Modules, QUIET_ZONE};

    /// `modules` drawn at `pixels_per_module` (fractional: sampled, as a camera samples), centred in a
    /// `width`×`height` frame of mid grey, dark modules at `dark`, light at `light`, rotated by `degrees`,
    /// then smeared by a box blur of `blur` pixels' radius.
    pub fn frame(
        modules: &Modules,
        width: usize,
        height: usize,
        pixels_per_module: f64,
        degrees: f64,
        blur: usize,
        (dark, light): (u8, u8),
    ) -> Vec<u8> {
        let side = modules.side() as f64;
        let (sin, cos) = degrees.to_radians().sin_cos();
        let (cx, cy) = (width as f64 / 2.0, height as f64 / 2.0);
        let mut frame = vec![128u8; width * height];
        for y in 0..height {
            for x in 0..width {
                let (dx, dy) = (x as f64 + 0.5 - cx, y as f64 + 0.5 - cy);
                let u = (dx * cos + dy * sin) / pixels_per_module + side / 2.0;
                let v = (-dx * sin + dy * cos) / pixels_per_module + side / 2.0;
                if u < 0.0 || v < 0.0 || u >= side || v >= side {
                    continue;
                }
                let (mx, my) = (u as usize, v as usize);
                let inside = mx >= QUIET_ZONE
                    && my >= QUIET_ZONE
                    && mx < QUIET_ZONE + modules.width
                    && my < QUIET_ZONE + modules.width;
                let is_dark =
                    inside && modules.dark[(my - QUIET_ZONE) * modules.width + (mx - QUIET_ZONE)];
                frame[y * width + x] = if is_dark { dark } else { light };
            }
        }
        box_blur(&frame, width, height, blur)
    }

    fn box_blur(frame: &[u8], width: usize, height: usize, radius: usize) -> Vec<u8> {
        if radius == 0 {
            return frame.to_vec();
        }
        let mut out = vec![0u8; frame.len()];
        for y in 0..height {
            for x in 0..width {
                let (x0, x1) = (x.saturating_sub(radius), (x + radius).min(width - 1));
                let (y0, y1) = (y.saturating_sub(radius), (y + radius).min(height - 1));
                let mut sum = 0usize;
                for yy in y0..=y1 {
                    sum += frame[yy * width + x0..=yy * width + x1]
                        .iter()
                        .map(|&p| usize::from(p))
                        .sum::<usize>();
                }
                out[y * width + x] = (sum / ((x1 - x0 + 1) * (y1 - y0 + 1))) as u8;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn japanese_json(chars: usize) -> String {
        // Varied text, so that deflate cannot shrink it to nothing.
        let text: String = "地域移行支援の協議の場で保健所と市町村が役割を分担する。本人の希望を中心に、精神科病院と相談支援事業所が連携します。"
            .chars()
            .cycle()
            .enumerate()
            .map(|(i, c)| if i % 7 == 3 { char::from_u32(0x4E00 + (i as u32 * 37) % 2000).unwrap() } else { c })
            .take(chars)
            .collect();
        serde_json::json!({"format": "nimo-kenshu-worksheets", "schema_version": 1, "answers": {"ws-1": text}})
            .to_string()
    }

    fn assemble(codes: &[String]) -> String {
        let mut assembler = Assembler::default();
        let mut done = None;
        for code in codes {
            if let Scan::Complete { json, .. } = assembler.accept(code.as_bytes()).unwrap() {
                done = Some(json);
            }
        }
        done.expect("the sequence completes")
    }

    #[test]
    fn codes_cross_to_the_page_as_one_run_of_bytes_and_back() {
        for codes in [
            vec![],
            vec![b"NK1:1/1:ABC:DEF".to_vec()],
            vec![Vec::new(), vec![0, 255, 7], "協議の場".as_bytes().to_vec()],
        ] {
            let bytes = codes_to_bytes(&codes);
            assert_eq!(codes_length(bytes[..4].try_into().unwrap()), bytes.len());
            assert_eq!(codes_from_bytes(&bytes), Some(codes));
        }
        let bytes = codes_to_bytes(&[b"abc".to_vec()]);
        // Cut short, a length past the end, a whole length that disagrees: refused, not a panic.
        assert_eq!(codes_from_bytes(&bytes[..bytes.len() - 1]), None);
        assert_eq!(codes_from_bytes(&bytes[..2]), None);
        let mut overrun = bytes.clone();
        overrun[4] = 200;
        assert_eq!(codes_from_bytes(&overrun), None);
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(codes_from_bytes(&longer), None);
    }

    #[test]
    fn crc32_is_the_ieee_checksum() {
        // The standard check value, the empty input, and figures from Python's zlib.crc32.
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32("協議の場".as_bytes()), 0x33C5_3B9D);
        let every_byte: Vec<u8> = (0..=255u8).cycle().take(768).collect();
        assert_eq!(crc32(&every_byte), 0xB0C0_DF2A);
    }

    #[test]
    fn base45_round_trips_every_length_and_byte() {
        for len in 0..7 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 97 + 255) as u8).collect();
            assert_eq!(base45_decode(&base45_encode(&bytes)).unwrap(), bytes);
        }
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(base45_decode(&base45_encode(&all)).unwrap(), all);
        // RFC 9285's examples.
        assert_eq!(base45_encode(b"AB"), "BB8");
        assert_eq!(base45_encode(b"Hello!!"), "%69 VD92EX0");
        assert_eq!(base45_decode("FGW"), Some(vec![0xFF, 0xFF]));
        assert_eq!(base45_decode("GGW"), None, "65536 is not two bytes");
        assert_eq!(base45_decode("a"), None);
    }

    #[test]
    fn a_small_export_is_one_code_and_decodes_to_the_same_document() {
        let json = serde_json::to_string_pretty(&serde_json::json!({"format": "nimo-kenshu-survey", "answers": {"q1": {"choice": "o2"}}})).unwrap();
        let codes = encode(&json).unwrap();
        assert_eq!(codes.len(), 1);
        assert!(codes[0].starts_with("NK1:1/1:"));
        let back: serde_json::Value = serde_json::from_str(&assemble(&codes)).unwrap();
        assert_eq!(
            back,
            serde_json::from_str::<serde_json::Value>(&json).unwrap()
        );
    }

    #[test]
    fn every_code_uses_only_the_alphanumeric_set_and_fits_the_chosen_version() {
        let codes = encode(&japanese_json(5000)).unwrap();
        assert!(codes.len() > 1, "5,000 characters need a sequence");
        for code in &codes {
            assert!(code.bytes().all(|b| BASE45.contains(&b)), "{code}");
            let qr = QrCode::with_error_correction_level(code, EC_LEVEL).unwrap();
            assert!(
                matches!(qr.version(), Version::Normal(v) if v <= MAX_VERSION),
                "{:?}",
                qr.version()
            );
        }
    }

    #[test]
    fn parts_assemble_in_any_order_with_repeats() {
        let json = japanese_json(3000);
        let mut codes = encode(&json).unwrap();
        codes.reverse();
        let repeated: Vec<String> = codes.iter().flat_map(|c| [c.clone(), c.clone()]).collect();
        assert_eq!(assemble(&repeated), json);
    }

    #[test]
    fn an_incomplete_sequence_names_the_missing_parts_and_a_finished_one_is_not_read_twice() {
        let codes = encode(&japanese_json(3000)).unwrap();
        assert!(codes.len() >= 3);
        let mut assembler = Assembler::default();
        let Scan::Partial {
            have,
            total,
            missing,
            ..
        } = assembler.accept(codes[1].as_bytes()).unwrap()
        else {
            panic!("one part of several is partial");
        };
        assert_eq!((have, total), (1, codes.len()));
        assert_eq!(missing[0], 1);
        assert!(!missing.contains(&2));
        let unfinished = assembler.unfinished();
        assert_eq!(unfinished.len(), 1);
        assert!(
            unfinished[0]
                .describe()
                .starts_with(&format!("1/{}枚（残り: 1, 3", codes.len()))
        );
        for code in &codes {
            let _ = assembler.accept(code.as_bytes()).unwrap();
        }
        assert!(assembler.unfinished().is_empty());
        assert!(matches!(
            assembler.accept(codes[0].as_bytes()),
            Ok(Scan::AlreadyRead { .. })
        ));
    }

    #[test]
    fn two_trainees_interleaved_assemble_separately() {
        let (a, b) = (japanese_json(2000), japanese_json(2500));
        let (ca, cb) = (encode(&a).unwrap(), encode(&b).unwrap());
        let mut assembler = Assembler::default();
        let mut done = Vec::new();
        for i in 0..ca.len().max(cb.len()) {
            for codes in [&ca, &cb] {
                if let Some(code) = codes.get(i) {
                    if let Scan::Complete { json, .. } = assembler.accept(code.as_bytes()).unwrap()
                    {
                        done.push(json);
                    }
                }
            }
        }
        done.sort();
        let mut expected = vec![a, b];
        expected.sort();
        assert_eq!(done, expected);
    }

    #[test]
    fn foreign_newer_and_damaged_codes_are_named() {
        let mut assembler = Assembler::default();
        let url = assembler.accept(b"https://example.org/kenshu").unwrap_err();
        assert_eq!(
            url,
            HandOffError::Foreign {
                preview: "https://example.org/kenshu".into()
            }
        );
        assert!(
            url.to_string()
                .contains("このアプリのQRコードではありません")
        );
        assert!(matches!(
            assembler.accept("会議室Wi-Fi".as_bytes()),
            Err(HandOffError::Foreign { .. })
        ));
        assert_eq!(
            assembler.accept(b"NK2:1/1:00000000:AB").unwrap_err(),
            HandOffError::Newer
        );
        assert!(matches!(
            assembler.accept(b"NK1:3/2:00000000:AB"),
            Err(HandOffError::Damaged(_))
        ));
        assert!(matches!(
            assembler.accept(b"NK1:1/1:XYZ:AB"),
            Err(HandOffError::Damaged(_))
        ));

        // A part whose data changed in transit fails the checksum instead of importing wrong answers.
        let code = encode(r#"{"format":"nimo-kenshu-survey"}"#)
            .unwrap()
            .remove(0);
        let (head, data) = code.rsplit_once(':').unwrap();
        let mut bytes = base45_decode(data).unwrap();
        bytes[1] ^= 0x40;
        let tampered = format!("{head}:{}", base45_encode(&bytes));
        assert!(matches!(
            assembler.accept(tampered.as_bytes()),
            Err(HandOffError::Damaged(_))
        ));
    }

    #[test]
    fn a_sequence_whose_totals_disagree_is_refused() {
        let mut assembler = Assembler::default();
        assert!(matches!(
            assembler.accept(b"NK1:1/3:0000ABCD:00"),
            Ok(Scan::Partial { .. })
        ));
        assert!(matches!(
            assembler.accept(b"NK1:2/4:0000ABCD:00"),
            Err(HandOffError::Damaged(_))
        ));
    }

    #[test]
    fn an_oversized_export_is_refused_with_the_count() {
        // Random-looking text does not deflate: 99 codes are not enough for this.
        let noise: String = (0..40_000u32)
            .map(|i| {
                char::from_u32(0x4E00 + (i.wrapping_mul(2_654_435_761) >> 20) % 20_000).unwrap()
            })
            .collect();
        let json = serde_json::json!({ "text": noise }).to_string();
        assert!(
            matches!(encode(&json), Err(HandOffError::TooLarge { parts }) if parts > MAX_PARTS)
        );
    }

    #[test]
    fn the_svg_path_covers_exactly_the_dark_modules() {
        let m = modules("NK1:1/1:0000ABCD:AB").unwrap();
        let path = m.svg_path();
        let drawn: usize = path
            .split('M')
            .skip(1)
            .map(|rect| {
                rect.split('h')
                    .nth(1)
                    .unwrap()
                    .split('v')
                    .next()
                    .unwrap()
                    .parse::<usize>()
                    .unwrap()
            })
            .sum();
        assert_eq!(drawn, m.dark.iter().filter(|&&d| d).count());
        assert_eq!(m.side(), m.width + 8);
    }

    #[test]
    fn codes_drawn_into_a_camera_frame_read_back() {
        let json = japanese_json(1500);
        let codes = encode(&json).unwrap();
        let mut assembler = Assembler::default();
        let mut done = None;
        for code in &codes {
            let m = modules(code).unwrap();
            let frame = simulate::frame(&m, 640, 480, 6.0, 3.0, 1, (40, 220));
            let read = read_frame(640, 480, &frame);
            assert_eq!(read.len(), 1, "one code in view is found and read");
            if let Scan::Complete { json, .. } = assembler.accept(&read[0]).unwrap() {
                done = Some(json);
            }
        }
        assert_eq!(done.as_deref(), Some(json.as_str()));
    }

    #[test]
    fn an_import_is_judged_by_what_it_did_to_the_batch() {
        let who = || "a1b2c3".to_owned();
        assert_eq!(
            judge((2, 0), (3, 0), who(), None),
            Received::Added { who: who() }
        );
        assert_eq!(
            judge((3, 0), (3, 1), who(), None),
            Received::Duplicate { who: who() }
        );
        // A newer export of someone already kept replaces the older one: still the same person.
        assert_eq!(
            judge((3, 1), (3, 2), who(), None),
            Received::Duplicate { who: who() }
        );
        assert_eq!(
            judge((3, 0), (3, 0), who(), Some("別のアンケートです".into())),
            Received::Refused {
                reason: "別のアンケートです".into()
            }
        );
    }

    #[test]
    fn an_empty_or_short_frame_reads_nothing() {
        assert!(read_frame(0, 0, &[]).is_empty());
        assert!(read_frame(640, 480, &[0; 10]).is_empty());
        assert!(read_frame(64, 48, &vec![255; 64 * 48]).is_empty());
    }
}
