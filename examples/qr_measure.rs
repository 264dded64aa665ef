//! Measures which QR version the hand-off can use: for each version at level M, the smallest code (in
//! pixels of a 640×480 camera frame) that still reads under mild rotation and blur, and the time to read
//! one frame natively. `./scripts/bench` prints this; schema/qr-payload.md records the choice.

use std::time::Instant;

use std::collections::BTreeMap;

use nimo_kenshu::content::{SURVEY, worksheets};
use nimo_kenshu::model::date::Day;
use nimo_kenshu::model::handoff::{
    EC_LEVEL, MAX_VERSION, alphanumeric_capacity, encode, modules, read_frame, simulate,
};
use nimo_kenshu::model::record::LearnerRecord;
use nimo_kenshu::model::survey::{QuestionAnswer, SurveyExport, SurveyKind};
use nimo_kenshu::model::worksheet::WorksheetExport;

/// A phone shown to a laptop webcam: upright or tilted by 3°, sharp or smeared over 3 pixels, and
/// the screen's black and white as a camera records them (never 0 and 255).
const CONDITIONS: [(f64, usize); 4] = [(0.0, 0), (3.0, 0), (0.0, 1), (3.0, 1)];
const TONES: (u8, u8) = (45, 210);

fn main() {
    payloads();
    println!();
    println!("version  modules  chars(M)  min px/module  min code px  read ms (640x480)");
    for version in [4i16, 5, 6, 7, 8, 9, 10, 12] {
        let capacity = alphanumeric_capacity(version, EC_LEVEL);
        let text: String = "NK1:1/1:0123ABCD:"
            .chars()
            .chain(
                "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
                    .chars()
                    .cycle(),
            )
            .take(capacity)
            .collect();
        let code = modules(&text).expect("the text fits");
        let mut smallest = None;
        let mut ppm = 2.0;
        while ppm <= 10.0 {
            let all_read = CONDITIONS.iter().all(|&(degrees, blur)| {
                let frame = simulate::frame(&code, 640, 480, ppm, degrees, blur, TONES);
                read_frame(640, 480, &frame)
                    .iter()
                    .any(|b| b == text.as_bytes())
            });
            if all_read {
                smallest = Some(ppm);
                break;
            }
            ppm += 0.25;
        }
        let frame = simulate::frame(&code, 640, 480, smallest.unwrap_or(6.0), 3.0, 1, TONES);
        let runs = 10;
        let start = Instant::now();
        for _ in 0..runs {
            std::hint::black_box(read_frame(640, 480, &frame));
        }
        let ms = start.elapsed().as_secs_f64() * 1000.0 / f64::from(runs);
        match smallest {
            Some(ppm) => println!(
                "{version:>7}  {:>7}  {capacity:>8}  {ppm:>13.2}  {:>11.0}  {ms:>6.1}",
                code.width,
                ppm * code.side() as f64
            ),
            None => println!(
                "{version:>7}  {:>7}  {capacity:>8}  {:>13}  {:>11}  {ms:>6.1}",
                code.width, "> 10", "-"
            ),
        }
    }
}

/// Varied Japanese, so that deflate is not flattered by repetition.
fn prose(chars: usize, seed: usize) -> String {
    "退院後の生活を本人と一緒に考え、保健所・市町村・相談支援事業所が役割を分けて支えます。協議の場で課題を共有しました。"
        .chars()
        .cycle()
        .skip(seed * 13)
        .enumerate()
        .map(|(i, c)| {
            if i % 9 == 4 {
                char::from_u32(0x4E00 + ((i * 37 + seed * 101) % 3000) as u32).unwrap_or(c)
            } else {
                c
            }
        })
        .take(chars)
        .collect()
}

/// Bytes and codes for the two exports a room hands in most: a fully answered survey (free text of 150
/// characters in each text box) and a fully written 4要素×3システム sheet (80 characters in every box).
fn payloads() {
    let day = Day::parse("2026-12-06").expect("a date");
    let mut answers = BTreeMap::new();
    for (n, q) in SURVEY.questions.iter().enumerate() {
        let mut a = QuestionAnswer::default();
        match q.kind {
            SurveyKind::Single => a.choice = q.options.first().map(|o| o.id.to_owned()),
            SurveyKind::Multiple => {
                a.choices = q.options.iter().take(3).map(|o| o.id.to_owned()).collect()
            }
            SurveyKind::Matrix => {
                for item in q.items {
                    a.items
                        .insert(item.id.to_owned(), q.options[0].id.to_owned());
                }
            }
            SurveyKind::Text => a.text = prose(150, n),
        }
        answers.insert(q.id.to_owned(), a);
    }
    let survey = SurveyExport::new(
        &SURVEY,
        "2026.12",
        "kenshu-1",
        day,
        "0123456789abcdef0123456789abcdef",
        &answers,
    )
    .to_json();

    let mut record = LearnerRecord::new([7; 16], [3; 8]);
    let sheet = worksheets()
        .iter()
        .find(|s| s.id == "yon-yoso")
        .expect("the 4×3 sheet");
    for (n, entry) in sheet
        .entries(&BTreeMap::<String, String>::new())
        .iter()
        .enumerate()
    {
        if !entry.personal {
            record.set_text(&entry.key, &prose(80, n));
        }
    }
    let sheet_json = WorksheetExport::from_record(&record, worksheets(), day).to_json();

    println!("payload (QR version ≤ {MAX_VERSION}, level M)   file bytes  compact+deflate codes");
    for (name, json) in [
        ("full survey (問1–問15)", survey),
        ("full 4要素×3システム sheet", sheet_json),
    ] {
        let codes = encode(&json).expect("fits");
        let carried: usize = codes.iter().map(String::len).sum();
        println!(
            "{name:<36} {:>10}  {carried:>8} chars  {:>3}",
            json.len(),
            codes.len()
        );
    }
}
