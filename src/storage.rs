//! The only place that touches browser storage.
//!
//! gloo-storage's `LocalStorage::raw()` panics when the browser refuses `localStorage` (blocked site
//! data, some private modes), so every call here goes through `probe` first and reports a typed
//! `StorageFault` instead. When storage cannot be used the app keeps working in memory.

use crate::model::record::prefs::Prefs;
use crate::model::record::storage_fault::{StorageFault, classify};
use crate::model::record::{LearnerRecord, RecordError};
use gloo_storage::errors::StorageError;
use gloo_storage::{LocalStorage, Storage};
use wasm_bindgen::{JsCast, JsValue};

/// Keys are namespaced so that several apps on one origin (file:// is one origin in some browsers)
/// cannot collide, and versioned so that a future layout can live beside this one.
pub const RECORD_KEY: &str = "nimo-kenshu:record:v1";
pub const PREFS_KEY: &str = "nimo-kenshu:prefs:v1";
const SET_ASIDE_PREFIX: &str = "nimo-kenshu:set-aside:";
const PROBE_KEY: &str = "nimo-kenshu:probe";

/// What the stored record looked like when the app started.
pub enum Loaded {
    Nothing,
    Record(LearnerRecord),
    /// The stored text could not be used. It is kept, never overwritten: under `kept_in` when it could
    /// be copied aside, otherwise still under RECORD_KEY (and then the app must not save over it).
    Unreadable {
        error: RecordError,
        raw: String,
        kept_in: Option<String>,
    },
}

/// The storage object, or why the browser refuses it. Once this has succeeded, gloo-storage's
/// `LocalStorage::raw()` cannot panic, because the getter it unwraps has just answered.
fn available() -> Result<web_sys::Storage, StorageFault> {
    storage_of(web_sys::Window::local_storage)
}

/// A storage object of the window (`localStorage` or `sessionStorage`), or why the browser refuses it.
fn storage_of(
    get: fn(&web_sys::Window) -> Result<Option<web_sys::Storage>, JsValue>,
) -> Result<web_sys::Storage, StorageFault> {
    let window = web_sys::window().ok_or(StorageFault::Blocked)?;
    get(&window)
        .map_err(|e| fault_of(&e))?
        .ok_or(StorageFault::Blocked)
}

/// Tries a real write at start-up: some browsers hand out a `localStorage` whose every write throws.
pub fn probe() -> Result<(), StorageFault> {
    let storage = available()?;
    storage.set_item(PROBE_KEY, "1").map_err(|e| fault_of(&e))?;
    storage.remove_item(PROBE_KEY).map_err(|e| fault_of(&e))?;
    Ok(())
}

pub fn load_record() -> Result<Loaded, StorageFault> {
    probe()?;
    let raw = match LocalStorage::raw().get_item(RECORD_KEY) {
        Ok(Some(raw)) => raw,
        Ok(None) => return Ok(Loaded::Nothing),
        Err(e) => return Err(fault_of(&e)),
    };
    match LearnerRecord::from_json(&raw) {
        Ok(record) => Ok(Loaded::Record(record)),
        Err(error) => {
            let kept_in = set_aside(SET_ASIDE_PREFIX, &raw);
            Ok(Loaded::Unreadable {
                error,
                raw,
                kept_in,
            })
        }
    }
}

pub fn save_record(json: &str) -> Result<(), StorageFault> {
    probe_then(|| {
        LocalStorage::raw()
            .set_item(RECORD_KEY, json)
            .map_err(|e| fault_of(&e))
    })
}

pub fn delete_record() -> Result<(), StorageFault> {
    probe_then(|| {
        LocalStorage::delete(RECORD_KEY);
        Ok(())
    })
}

pub fn load_prefs() -> Prefs {
    if available().is_err() {
        return Prefs::default();
    }
    LocalStorage::raw()
        .get_item(PREFS_KEY)
        .ok()
        .flatten()
        .map(|text| Prefs::from_json(&text))
        .unwrap_or_default()
}

/// Preferences are a convenience: failing to remember them is not worth a banner.
pub fn save_prefs(prefs: Prefs) {
    let _ = probe_then(|| {
        LocalStorage::set(PREFS_KEY, prefs).map_err(|e| match e {
            StorageError::JsError(js) => classify(&js.name, 0),
            other => StorageFault::WriteFailed(other.to_string()),
        })
    });
}

fn probe_then<T>(action: impl FnOnce() -> Result<T, StorageFault>) -> Result<T, StorageFault> {
    available()?;
    action()
}

fn fault_of(error: &JsValue) -> StorageFault {
    match error.dyn_ref::<web_sys::DomException>() {
        Some(dom) => classify(&dom.name(), dom.code()),
        None => match error.dyn_ref::<js_sys::Error>() {
            Some(js) => classify(&String::from(js.name()), 0),
            None => StorageFault::WriteFailed(format!("{error:?}")),
        },
    }
}

pub const FACILITATOR_KEY: &str = "nimo-kenshu:facilitator:v1";
/// The day of the last backup download (YYYY-MM-DD), shown on 記録 and beside backup reminders.
pub const LAST_BACKUP_KEY: &str = "nimo-kenshu:last-backup:v1";
/// Written by site.js (web/site.js) after asking `navigator.storage.persist()`:
/// `{"state":"granted"|"denied","checked_on":"YYYY-MM-DD"}`. Absent on file:// and where unsupported.
pub const PERSIST_KEY: &str = "nimo-kenshu:storage-persist:v1";

/// Small settings that are not the learner's answers (the facilitator's timer durations): read quietly,
/// and a failed write costs a default next time, not a banner.
pub fn load_setting(key: &str) -> Option<String> {
    available().ok()?;
    LocalStorage::raw().get_item(key).ok().flatten()
}

pub fn save_setting(key: &str, json: &str) {
    let _ = try_save_setting(key, json);
}

/// The facilitator's programme for a training day (crates/model/src/session/mod.rs), and where present mode was.
pub const SESSION_KEY: &str = "nimo-kenshu:session:v1";
pub const SESSION_PLACE_KEY: &str = "nimo-kenshu:session-place:v1";
/// Apart from the learner record's set-aside copies, which the 記録 page lists as the trainee's own.
const SESSION_SET_ASIDE_PREFIX: &str = "nimo-kenshu:session-set-aside:";

/// Like `save_setting`, but the programme is an afternoon's work: the page says when it was not saved.
pub fn try_save_setting(key: &str, json: &str) -> Result<(), StorageFault> {
    probe_then(|| {
        LocalStorage::raw()
            .set_item(key, json)
            .map_err(|e| fault_of(&e))
    })
}

/// Keeps a stored programme that could not be read under a key of its own; the key, or `None` when
/// storage refused (then the caller must not save over the original).
pub fn set_aside_session(raw: &str) -> Option<String> {
    set_aside(SESSION_SET_ASIDE_PREFIX, raw)
}

/// Copies stored text that could not be read to `<prefix><now>`, so that nothing ever saves over it.
fn set_aside(prefix: &str, raw: &str) -> Option<String> {
    let key = format!("{prefix}{}", js_sys::Date::now() as u64);
    try_save_setting(&key, raw).ok().map(|()| key)
}

/// Where an instructor page keeps its batch for the tab (`kept_batch`), one key per kind of export, so
/// that the worksheet and case pages, which read the same exports, share one.
pub fn batch_key(format: &str) -> String {
    format!("nimo-kenshu:batch:{format}")
}

/// `sessionStorage` (it lasts as long as the tab), or why the browser refuses it.
fn tab_storage() -> Result<web_sys::Storage, StorageFault> {
    storage_of(web_sys::Window::session_storage)
}

pub fn load_for_tab(key: &str) -> Option<String> {
    tab_storage().ok()?.get_item(key).ok().flatten()
}

/// Writes `value` under `key` for the tab, or removes the key.
pub fn save_for_tab(key: &str, value: Option<&str>) -> Result<(), StorageFault> {
    let storage = tab_storage()?;
    match value {
        Some(value) => storage.set_item(key, value),
        None => storage.remove_item(key),
    }
    .map_err(|e| fault_of(&e))
}
