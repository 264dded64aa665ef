//! The site's icons, drawn by the build itself, so that no image tool needs installing.
//!
//! The mark is a circle of six people (dots joined by a ring) around a seventh: the person the community
//! care system is built around. There is no text in it, because there is no font rasteriser here and a
//! kanji would not survive 32 px anyway.
//!
//! Shapes are signed distance functions; a pixel's coverage is taken from its distance to the edge, which
//! gives anti-aliased edges without supersampling.

use std::f64::consts::PI;

pub type Colour = [u8; 3];

// Unit coordinates: the icon is the square [0, 1] × [0, 1].
const RING_RADIUS: f64 = 0.25;
const RING_WIDTH: f64 = 0.028;
const PERSON_RADIUS: f64 = 0.072;
const CENTRE_RADIUS: f64 = 0.1;
const PEOPLE: u32 = 6;
/// How far the mark reaches from the centre; maskable icons must keep it inside the 0.4 safe circle.
const MARK_EXTENT: f64 = RING_RADIUS + PERSON_RADIUS;

/// `#rgb` or `#rrggbb`.
pub fn parse_colour(text: &str) -> Result<Colour, String> {
    let hex = text.trim().trim_start_matches('#');
    let hex: String = match hex.len() {
        3 => hex.chars().flat_map(|c| [c, c]).collect(),
        _ => hex.to_owned(),
    };
    let channel = |i: usize| {
        hex.get(i..i + 2)
            .and_then(|pair| u8::from_str_radix(pair, 16).ok())
    };
    match (hex.len(), channel(0), channel(2), channel(4)) {
        (6, Some(r), Some(g), Some(b)) => Ok([r, g, b]),
        _ => Err(format!("not a #rgb or #rrggbb colour: {text}")),
    }
}

/// An 8-bit RGBA PNG; `rows` are `width * 4` bytes each.
pub fn png(width: u32, height: u32, rows: &[Vec<u8>]) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        let length = u32::try_from(data.len()).expect("a PNG chunk is under 4 GB");
        out.extend_from_slice(&length.to_be_bytes());
        let mut crc = crc32fast::Hasher::new();
        crc.update(kind);
        crc.update(data);
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&crc.finalize().to_be_bytes());
    }
    let mut raw = Vec::with_capacity(rows.iter().map(|r| r.len() + 1).sum());
    for row in rows {
        raw.push(0); // filter type 0 (none) on every row
        raw.extend_from_slice(row);
    }
    let mut header = Vec::with_capacity(13);
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    // Bit depth 8, colour type 6 (RGBA), default compression, filtering and no interlace.
    header.extend_from_slice(&[8, 6, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &header);
    chunk(
        &mut out,
        b"IDAT",
        &miniz_oxide::deflate::compress_to_vec_zlib(&raw, 9),
    );
    chunk(&mut out, b"IEND", &[]);
    out
}

/// Distance to the square [0,1]² whose corners are rounded by `radius`.
fn rounded_square(x: f64, y: f64, radius: f64) -> f64 {
    let qx = (x - 0.5).abs() - (0.5 - radius);
    let qy = (y - 0.5).abs() - (0.5 - radius);
    let outside = qx.max(0.0).hypot(qy.max(0.0));
    outside + qx.max(qy).min(0.0) - radius
}

/// Distance to the union of the ring, the six people and the centre, scaled about the middle.
fn mark(x: f64, y: f64, scale: f64) -> f64 {
    let (px, py) = ((x - 0.5) / scale, (y - 0.5) / scale);
    let r = px.hypot(py);
    let mut distance = (r - RING_RADIUS).abs() - RING_WIDTH / 2.0;
    distance = distance.min(r - CENTRE_RADIUS);
    for i in 0..PEOPLE {
        let angle = -PI / 2.0 + f64::from(i) * 2.0 * PI / f64::from(PEOPLE);
        let person = (px - RING_RADIUS * angle.cos()).hypot(py - RING_RADIUS * angle.sin());
        distance = distance.min(person - PERSON_RADIUS);
    }
    distance * scale
}

/// A channel value from 0.0..=255.0, rounded half to even as the first (Python) version of this
/// drawing did, so that the pictures stay the same to the bit.
fn channel(value: f64) -> u8 {
    value.round_ties_even().clamp(0.0, 255.0) as u8
}

/// `full_bleed` fills the whole square (maskable and Apple icons, which the platform crops itself);
/// otherwise the background is a rounded square on transparency.
pub fn draw(
    size: u32,
    background: Colour,
    foreground: Colour,
    full_bleed: bool,
    mark_scale: f64,
) -> Vec<u8> {
    assert!(
        !full_bleed || MARK_EXTENT * mark_scale <= 0.4,
        "the mark would leave the maskable safe zone"
    );
    let pixel = 1.0 / f64::from(size);
    let coverage = |distance: f64| (0.5 - distance / pixel).clamp(0.0, 1.0);
    let rows: Vec<Vec<u8>> = (0..size)
        .map(|j| {
            let y = (f64::from(j) + 0.5) * pixel;
            let mut row = Vec::with_capacity(size as usize * 4);
            for i in 0..size {
                let x = (f64::from(i) + 0.5) * pixel;
                let base = if full_bleed {
                    1.0
                } else {
                    coverage(rounded_square(x, y, 0.22))
                };
                let near_mark = (x - 0.5).abs() < 0.36 * mark_scale + pixel
                    && (y - 0.5).abs() < 0.36 * mark_scale + pixel;
                let ink = if base > 0.0 && near_mark {
                    coverage(mark(x, y, mark_scale))
                } else {
                    0.0
                };
                for (b, f) in background.iter().zip(foreground) {
                    let (b, f) = (f64::from(*b), f64::from(f));
                    row.push(channel(b + (f - b) * ink));
                }
                row.push(channel(255.0 * base));
            }
            row
        })
        .collect();
    png(size, size, &rows)
}

/// File name (under icons/) and PNG bytes, favicon last.
pub fn icon_set(background: Colour, foreground: Colour) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        (
            "icon-192.png",
            draw(192, background, foreground, false, 1.0),
        ),
        (
            "icon-512.png",
            draw(512, background, foreground, false, 1.0),
        ),
        // The platform may crop a maskable icon to a circle of 80 % of its width.
        (
            "icon-maskable-512.png",
            draw(512, background, foreground, true, 0.85),
        ),
        // iOS draws transparency as black and rounds the corners itself.
        (
            "apple-touch-icon.png",
            draw(180, background, foreground, true, 0.9),
        ),
        ("favicon.png", draw(32, background, foreground, false, 1.1)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The chunks of a PNG: (kind, data, stored CRC).
    fn chunks(png: &[u8]) -> Vec<(String, Vec<u8>, u32)> {
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "the PNG signature");
        let mut rest = &png[8..];
        let mut out = Vec::new();
        while !rest.is_empty() {
            let length = u32::from_be_bytes(rest[..4].try_into().unwrap()) as usize;
            let kind = String::from_utf8(rest[4..8].to_vec()).unwrap();
            let data = rest[8..8 + length].to_vec();
            let crc = u32::from_be_bytes(rest[8 + length..12 + length].try_into().unwrap());
            out.push((kind, data, crc));
            rest = &rest[12 + length..];
        }
        out
    }

    #[test]
    fn every_chunk_carries_a_valid_crc_and_the_pixels_unpack() {
        let png = draw(32, [0x0c, 0x65, 0x57], [0xff, 0xff, 0xff], false, 1.1);
        let chunks = chunks(&png);
        let kinds: Vec<_> = chunks.iter().map(|c| c.0.as_str()).collect();
        assert_eq!(kinds, ["IHDR", "IDAT", "IEND"]);
        for (kind, data, crc) in &chunks {
            let mut hasher = crc32fast::Hasher::new();
            hasher.update(kind.as_bytes());
            hasher.update(data);
            assert_eq!(hasher.finalize(), *crc, "{kind}");
        }
        assert_eq!(chunks[0].1, [0, 0, 0, 32, 0, 0, 0, 32, 8, 6, 0, 0, 0]);
        let pixels = miniz_oxide::inflate::decompress_to_vec_zlib(&chunks[1].1).unwrap();
        assert_eq!(pixels.len(), 32 * (1 + 32 * 4));
        // A corner is transparent (rounded square); the middle is the mark's colour, fully opaque.
        assert_eq!(pixels[1 + 3], 0);
        let middle = 16 * (1 + 32 * 4) + 1 + 16 * 4;
        assert_eq!(&pixels[middle..middle + 4], [0xff, 0xff, 0xff, 0xff]);
    }

    #[test]
    fn colours_parse_in_both_css_spellings() {
        assert_eq!(parse_colour("#0c6557"), Ok([0x0c, 0x65, 0x57]));
        assert_eq!(parse_colour(" #fa0"), Ok([0xff, 0xaa, 0x00]));
        assert!(parse_colour("#12345").is_err());
        assert!(parse_colour("#ggg").is_err());
    }

    #[test]
    fn full_bleed_icons_are_opaque_everywhere() {
        let png = draw(16, [1, 2, 3], [200, 200, 200], true, 0.85);
        let pixels = miniz_oxide::inflate::decompress_to_vec_zlib(&chunks(&png)[1].1).unwrap();
        for row in pixels.chunks(1 + 16 * 4) {
            assert!(row[1..].chunks(4).all(|p| p[3] == 255));
        }
    }
}
