//! The seeded 2019 programme names only materials this build has, and a programme saved from this
//! build imports back without warnings.
#![cfg(not(target_arch = "wasm32"))]

use nimo_kenshu::content::{COURSE, cases, worksheets};
use nimo_kenshu::model::session::{ItemKind, Materials, model_2019, parse_session};

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
