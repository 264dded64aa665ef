//! Property tests: a backup restores exactly what was saved, whatever was typed, and two tabs'
//! records always converge when merged.
#![cfg(not(target_arch = "wasm32"))]

use nimo_model::io::date::Day;
use nimo_model::record::LearnerRecord;
use nimo_model::record::backup::{backup_json, parse_backup};
use proptest::prelude::*;

/// Edits as (box key, text): keys from a small set so edits collide, texts from all of Unicode.
fn edits() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::vec(("[a-c]/[x-z]", any::<String>()), 0..12)
}

fn apply(base: &LearnerRecord, edits: &[(String, String)]) -> LearnerRecord {
    let mut record = base.clone();
    for (key, text) in edits {
        record.set_text(key, text);
    }
    record
}

proptest! {
    #[test]
    fn backup_round_trips_any_text(edits in edits(), lesson in "[a-z-]{1,20}") {
        let mut record = apply(&LearnerRecord::new([1; 16], [2; 8]), &edits);
        record.set_last_lesson(&lesson);
        let day = Day::new(2026, 11, 21).unwrap();
        let restored = parse_backup(&backup_json(&record, "0.1.0+test", day)).unwrap();
        prop_assert_eq!(restored.record, record);
        prop_assert_eq!(restored.exported_on, day);
    }

    #[test]
    fn stored_json_round_trips(edits in edits()) {
        let record = apply(&LearnerRecord::new([5; 16], [6; 8]), &edits);
        prop_assert_eq!(LearnerRecord::from_json(&record.to_json()).unwrap(), record);
    }

    #[test]
    fn two_tabs_converge(shared in edits(), in_a in edits(), in_b in edits()) {
        let base = apply(&LearnerRecord::new([1; 16], [2; 8]), &shared);
        let tab_a = apply(&base, &in_a);
        let tab_b = apply(&base, &in_b);
        let a_then_b = tab_a.merged_with(&tab_b);
        prop_assert_eq!(&a_then_b, &tab_b.merged_with(&tab_a));
        prop_assert_eq!(&a_then_b.merged_with(&tab_a), &a_then_b, "merging again changes nothing");
        // Every box edited only in one tab keeps that tab's text.
        for (key, _) in &in_a {
            if !in_b.iter().any(|(k, _)| k == key) {
                prop_assert_eq!(a_then_b.text(key), tab_a.text(key));
            }
        }
    }

    #[test]
    fn garbage_never_panics(text in any::<String>()) {
        let _ = parse_backup(&text);
        let _ = LearnerRecord::from_json(&text);
    }
}
