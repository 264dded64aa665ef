//! The seeded 2019 programme names only materials this build has, and a programme saved from this
//! build imports back without warnings.
#![cfg(not(target_arch = "wasm32"))]

use nimo_kenshu::content::model_2019;
use nimo_kenshu::content::{COURSE, cases, worksheets};
use nimo_model::session::{ItemKind, MAX_TEXT_CHARS, Materials, parse_session};

fn materials() -> Materials<'static> {
    Materials {
        lessons: COURSE.lessons.iter().map(|l| l.id).collect(),
        worksheets: worksheets().iter().map(|w| w.id.as_str()).collect(),
        cases: cases().iter().map(|c| c.id.as_str()).collect(),
    }
}

#[test]
fn the_2019_seed_uses_only_real_materials() {
    let day = model_2019("abc-234".into());
    assert_eq!(day.start.to_string(), "10:00");
    assert_eq!(day.end().to_string(), "17:15");
    let exercise = day
        .items
        .iter()
        .find(|i| i.kind == ItemKind::Exercise)
        .expect("the seed has an 演習");
    assert_eq!(exercise.minutes, 80);
    assert_eq!(exercise.worksheets, ["group-work"]);
    assert_eq!(day.unknown_materials(&materials()), Vec::<String>::new());
    for item in day.items.iter().filter(|i| i.kind == ItemKind::Lecture) {
        assert!(
            !item.lessons.is_empty(),
            "{} names the lessons that teach it",
            item.title
        );
    }
    let used: Vec<&str> = day
        .items
        .iter()
        .flat_map(|i| i.cases.iter().map(String::as_str))
        .collect();
    assert!(
        used.contains(&"a-shi-iko") && used.contains(&"jirei-65-byoin"),
        "{used:?}"
    );
}

#[test]
fn the_seed_survives_its_own_file() {
    let day = model_2019("abc-234".into());
    let back = parse_session(&day.to_json(COURSE.version, None), &materials()).unwrap();
    assert_eq!(back.programme, day);
    assert!(back.warnings.is_empty());
}

#[test]
fn the_model_day_runs_from_ten_to_a_quarter_past_five() {
    let day = model_2019("abc-234".into());
    assert_eq!(day.start.to_string(), "10:00");
    assert_eq!(day.end().to_string(), "17:15");
    let slots = day.schedule();
    let lunch = day
        .items
        .iter()
        .position(|i| i.kind == ItemKind::Break && i.minutes == 60)
        .unwrap();
    assert_eq!(slots[lunch].to_string(), "12:10〜13:10");
    let exercise = day
        .items
        .iter()
        .position(|i| i.kind == ItemKind::Exercise)
        .unwrap();
    assert_eq!(day.items[exercise].minutes, 80);
    assert_eq!(slots[exercise].to_string(), "15:40〜17:00");
    assert_eq!(
        day.items
            .iter()
            .filter(|i| i.kind == ItemKind::Lecture)
            .count(),
        6
    );
    assert!(day.items.last().unwrap().survey);
}

#[test]
fn the_model_day_tells_the_facilitator_what_the_2019_training_was() {
    let day = model_2019("abc-234".into());
    let greeting = &day.items[0];
    assert_eq!(greeting.kind, ItemKind::Greeting);
    for fact in [
        "研修目的",
        "「病院と地域の関係機関との連携に有効な研修のあり方の検討」",
        "美作保健所",
        "43人",
        "37人",
        "教材",
        "出典: ",
    ] {
        assert!(greeting.notes.contains(fact), "{fact}");
    }
    assert!(greeting.notes.chars().count() <= MAX_TEXT_CHARS);
    let exercise = day
        .items
        .iter()
        .find(|i| i.kind == ItemKind::Exercise)
        .unwrap();
    assert!(exercise.notes.contains("2019年モデル研修での回答"));
}
