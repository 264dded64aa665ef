//! The curriculum compiled from content/ at build time (see build.rs and crates/content): the course
//! index is compiled in; lesson bodies and self-checks arrive in per-module packs and are kept here.

use crate::model::course::pack::{
    GLOSSARY_FORMAT, PackError, format_of, parse_glossary, parse_pack,
};
use crate::model::course::*;
use crate::model::survey::{Survey, SurveyItem, SurveyKind, SurveyOption, SurveyQuestion};
use crate::model::worksheet::Worksheet;
use std::cell::RefCell;
use std::collections::BTreeMap;

include!(concat!(env!("OUT_DIR"), "/content.rs"));

thread_local! {
    static LOADED: RefCell<BTreeMap<String, &'static LessonContent>> = const { RefCell::new(BTreeMap::new()) };
    static LOADED_MODULES: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    static GLOSSARY: RefCell<Option<&'static [Term]>> = const { RefCell::new(None) };
}

/// The pack name of the glossary (the other packs are named by module id).
pub const GLOSSARY_PACK: &str = "glossary";

/// The 用語集, once its pack has been loaded; sorted by reading (50音順).
pub fn glossary() -> Option<&'static [Term]> {
    GLOSSARY.with(|g| *g.borrow())
}

/// The body and self-check of a lesson whose module pack has been loaded.
pub fn lesson_content(lesson_id: &str) -> Option<&'static LessonContent> {
    LOADED.with(|loaded| loaded.borrow().get(lesson_id).copied())
}

pub fn module_loaded(module_id: &str) -> bool {
    if module_id == GLOSSARY_PACK {
        return glossary().is_some();
    }
    LOADED_MODULES.with(|m| m.borrow().iter().any(|id| id == module_id))
}

/// Parses a pack (a module's lessons, or the glossary) and keeps it; a pack already loaded is not
/// parsed again.
pub fn register_pack(json: &str) -> Result<(), PackError> {
    if format_of(json)? == GLOSSARY_FORMAT {
        if glossary().is_none() {
            let terms = parse_glossary(json, COURSE.version)?;
            GLOSSARY.with(|g| *g.borrow_mut() = Some(terms));
        }
        return Ok(());
    }
    let pack = parse_pack(json, COURSE.version)?;
    if module_loaded(&pack.module) {
        return Ok(());
    }
    let module = pack.module.clone();
    for lesson in pack.lessons {
        let id = lesson.id.clone();
        let content = lesson.into_static();
        LOADED.with(|loaded| loaded.borrow_mut().insert(id, content));
    }
    LOADED_MODULES.with(|m| m.borrow_mut().push(module));
    Ok(())
}

#[cfg(not(target_arch = "wasm32"))]
include!(concat!(env!("OUT_DIR"), "/pack_texts.rs"));

/// Native builds (tests, benchmarks) have every pack compiled in and load them all at once.
#[cfg(not(target_arch = "wasm32"))]
pub fn load_all_packs() {
    for json in PACK_TEXTS {
        register_pack(json).expect("the packs of this build match its course index");
    }
}

/// The worksheets of content/worksheets/, checked at build time. Only the worksheet pages and the
/// instructor's call this, so the other bundles do not carry the sheets.
pub fn worksheets() -> &'static [Worksheet] {
    static SHEETS: std::sync::OnceLock<Vec<Worksheet>> = std::sync::OnceLock::new();
    // build.rs validated and wrote this JSON from the same types, so it always parses; an empty list
    // (the list page then says there are none) is still better than a panic.
    SHEETS.get_or_init(|| {
        serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/worksheets.json")))
            .unwrap_or_default()
    })
}

// The fields and table columns that hold a trainee's name (`PERSONAL_FIELDS`), which every export
// leaves out; compiled from content/worksheets/ so that exporting needs no worksheets.
include!(concat!(env!("OUT_DIR"), "/personal_fields.rs"));

pub fn worksheet(id: &str) -> Option<&'static Worksheet> {
    worksheets().iter().find(|s| s.id == id)
}

include!(concat!(env!("OUT_DIR"), "/cases_index.rs"));

thread_local! {
    static LOADED_CASES: RefCell<Vec<&'static crate::model::case::Case>> = const { RefCell::new(Vec::new()) };
}

/// The case scenarios of content/cases/ as the index lists them (title, summary, roles); each case
/// arrives in a pack of its own (`pack_loader::ensure_case`).
pub fn case_ref(id: &str) -> Option<&'static crate::model::case::CaseRef> {
    CASES.iter().find(|c| c.id == id)
}

/// A case whose pack has been loaded.
pub fn case(id: &str) -> Option<&'static crate::model::case::Case> {
    LOADED_CASES.with(|loaded| loaded.borrow().iter().find(|c| c.id == id).copied())
}

/// Parses a case pack (the cases.json format with one case, checked at build time) and keeps its case;
/// returns the case, or `None` when the text is not a case pack of this build.
pub fn register_case(json: &str) -> Option<&'static crate::model::case::Case> {
    let case = crate::model::case::parse_cases(json)
        .ok()?
        .into_iter()
        .next()?;
    // Only a case of this build's index.
    case_ref(&case.id)?;
    if let Some(loaded) = self::case(&case.id) {
        return Some(loaded);
    }
    let case: &'static crate::model::case::Case = Box::leak(Box::new(case));
    LOADED_CASES.with(|loaded| loaded.borrow_mut().push(case));
    Some(case)
}

#[cfg(not(target_arch = "wasm32"))]
include!(concat!(env!("OUT_DIR"), "/case_texts.rs"));

/// Every case at once, for native builds (tests, xtask), which have every case pack compiled in.
#[cfg(not(target_arch = "wasm32"))]
pub fn cases() -> &'static [&'static crate::model::case::Case] {
    static CASES_LOADED: std::sync::OnceLock<Vec<&'static crate::model::case::Case>> =
        std::sync::OnceLock::new();
    CASES_LOADED.get_or_init(|| {
        CASE_TEXTS
            .iter()
            .map(|json| {
                let case = crate::model::case::parse_cases(json)
                    .ok()
                    .and_then(|cases| cases.into_iter().next())
                    .expect("the case packs of this build parse");
                &*Box::leak(Box::new(case))
            })
            .collect()
    })
}

/// The pre/post self-assessment of content/self_assessment.toml, checked at build time. Tools bundle only.
pub fn self_assessment() -> &'static crate::model::assessment::SelfAssessment {
    static ASSESSMENT: std::sync::OnceLock<crate::model::assessment::SelfAssessment> =
        std::sync::OnceLock::new();
    // build.rs validated and wrote this JSON from the same types; an empty assessment (the page then
    // says there is nothing to answer) is still better than a panic.
    ASSESSMENT.get_or_init(|| {
        serde_json::from_str(include_str!(concat!(
            env!("OUT_DIR"),
            "/self_assessment.json"
        )))
        .unwrap_or_default()
    })
}

/// The 2019 model training's programme (content/model_2019.toml) as a programme file's JSON, checked
/// against the lessons, worksheets and cases at build time. Read by `model::session::model_2019`.
pub const MODEL_2019_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/model_2019.json"));

/// The one-day model training of 平成31年3月6日 (10:00–17:15), with this course's lessons, worksheet,
/// cases and survey for each part, and the facilitator's notes on the day: content/model_2019.toml,
/// checked against the course at build time, under the given 研修コード.
pub fn model_2019(code: String) -> crate::model::session::Programme {
    crate::model::session::programme_from_seed(MODEL_2019_JSON, code)
}

/// The published survey results of the 2019 model training (content/baseline_2019.toml), checked against
/// the survey at build time; `None` when the content has none. Tools bundle only (the instructor's report).
pub fn baseline_2019() -> Option<&'static crate::model::survey::baseline::Baseline> {
    static BASELINE: std::sync::OnceLock<Option<crate::model::survey::baseline::Baseline>> =
        std::sync::OnceLock::new();
    // build.rs wrote this JSON from the same types (or `null`); if it ever failed to parse, showing no
    // comparison is better than a panic.
    BASELINE
        .get_or_init(|| {
            serde_json::from_str(include_str!(concat!(
                env!("OUT_DIR"),
                "/baseline_2019.json"
            )))
            .ok()
            .flatten()
        })
        .as_ref()
}

/// The 2019 group-work answers by 職種 (content/group_work_2019.toml), checked against the worksheets at
/// build time; `None` when the content has none. Worksheets bundle only (the facilitator's views).
pub fn group_work_2019() -> Option<&'static crate::model::survey::baseline::GroupWorkReference> {
    static REFERENCE: std::sync::OnceLock<
        Option<crate::model::survey::baseline::GroupWorkReference>,
    > = std::sync::OnceLock::new();
    REFERENCE
        .get_or_init(|| {
            serde_json::from_str(include_str!(concat!(
                env!("OUT_DIR"),
                "/group_work_2019.json"
            )))
            .ok()
            .flatten()
        })
        .as_ref()
}
