//! Where the facilitator's programme lives between visits: read, seeded on first use, saved, and set
//! aside (never overwritten) when what is stored cannot be read. Only the instructor bundle's session
//! pages use this.

use crate::browser;
use crate::content::{CASES, COURSE, model_2019, worksheets};
use crate::model::io::import::ImportError;
use crate::model::record::storage_fault::StorageFault;
use crate::model::session::{Materials, Programme, generate_code, parse_session};
use crate::storage::{
    SESSION_KEY, SESSION_PLACE_KEY, load_setting, save_setting, set_aside_session, try_save_setting,
};

/// The ids of this build's lessons, worksheets and cases, for reporting unknown ones.
pub fn materials() -> Materials<'static> {
    Materials {
        lessons: COURSE.lessons.iter().map(|l| l.id).collect(),
        worksheets: worksheets().iter().map(|w| w.id.as_str()).collect(),
        cases: CASES.iter().map(|c| c.id).collect(),
    }
}

/// A fresh 2019 model programme with a new 研修コード.
pub fn seed() -> Programme {
    model_2019(generate_code(browser::random_bytes()))
}

pub fn new_code() -> String {
    generate_code(browser::random_bytes())
}

pub struct Opened {
    pub programme: Programme,
    /// Materials the stored programme names that this version does not have.
    pub warnings: Vec<String>,
    pub unreadable: Option<Unreadable>,
    /// False when the unreadable original could not be copied aside: saving would destroy it.
    pub can_save: bool,
}

pub struct Unreadable {
    pub error: ImportError,
    pub raw: String,
    pub kept_in: Option<String>,
}

/// Reads the stored programme. `set_aside` is for the builder only: it copies unreadable text to a key
/// of its own and then starts again from the seed; the other pages leave the original alone.
pub fn open(set_aside: bool) -> Opened {
    let Some(raw) = load_setting(SESSION_KEY) else {
        let programme = seed();
        // Saved at once so that every page (and a reload) shows the same 研修コード.
        let _ = try_save_setting(SESSION_KEY, &to_stored(&programme));
        return Opened {
            programme,
            warnings: Vec::new(),
            unreadable: None,
            can_save: true,
        };
    };
    match parse_session(&raw, &materials()) {
        Ok(imported) => Opened {
            programme: imported.programme,
            warnings: imported.warnings,
            unreadable: None,
            can_save: true,
        },
        Err(error) => {
            let kept_in = if set_aside {
                set_aside_session(&raw)
            } else {
                None
            };
            let can_save = kept_in.is_some();
            let programme = seed();
            if can_save {
                let _ = try_save_setting(SESSION_KEY, &to_stored(&programme));
            }
            Opened {
                programme,
                warnings: Vec::new(),
                unreadable: Some(Unreadable {
                    error,
                    raw,
                    kept_in,
                }),
                can_save,
            }
        }
    }
}

fn to_stored(programme: &Programme) -> String {
    programme.to_json(COURSE.version, None)
}

pub fn save(programme: &Programme) -> Result<(), StorageFault> {
    try_save_setting(SESSION_KEY, &to_stored(programme))
}

/// Which item present mode showed last, so a reload mid-session lands on the same item.
pub fn load_place() -> usize {
    load_setting(SESSION_PLACE_KEY)
        .and_then(|text| text.trim().parse().ok())
        .unwrap_or(0)
}

pub fn save_place(index: usize) {
    save_setting(SESSION_PLACE_KEY, &index.to_string());
}

/// What an item uses, by title as a trainee would recognise it; an id this version lacks is named as such.
pub fn material_titles(item: &crate::model::session::Item) -> Vec<String> {
    let unknown = |what: &str, id: &str| format!("{what}（この版にない教材: {id}）");
    let lessons = item.lessons.iter().map(|id| match COURSE.lesson(id) {
        Some(l) => format!("講義「{}」", l.title),
        None => unknown("講義", id),
    });
    let sheets = item
        .worksheets
        .iter()
        .map(|id| match crate::content::worksheet(id) {
            Some(w) => format!("ワークシート「{}」", w.title),
            None => unknown("ワークシート", id),
        });
    let scenarios = item
        .cases
        .iter()
        .map(|id| match crate::content::case_ref(id) {
            Some(c) => format!("事例「{}」", c.title),
            None => unknown("事例", id),
        });
    let survey = item
        .survey
        .then(|| format!("アンケート「{}」", crate::content::SURVEY.title));
    lessons
        .chain(sheets)
        .chain(scenarios)
        .chain(survey)
        .collect()
}
