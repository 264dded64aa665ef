//! The app's shared state and the rules that keep it saved: autosave shortly after the last edit,
//! at once when the page is hidden, and merged with what other tabs save.

use crate::browser;
use crate::model::record::LearnerRecord;
use crate::model::record::prefs::Prefs;
use crate::model::record::storage_fault::StorageFault;
use crate::storage::{self, Loaded, RECORD_KEY};
use leptos::ev;
use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// Autosave waits this long after the last keystroke (the issue asks for at most 500 ms).
const AUTOSAVE_DELAY: Duration = Duration::from_millis(400);

/// Whether answers reach the browser's storage.
#[derive(Clone, Debug, PartialEq)]
pub enum Health {
    Saved,
    /// Working in memory only; the reason is shown in the banner.
    MemoryOnly(MemoryReason),
}

#[derive(Clone, Debug, PartialEq)]
pub enum MemoryReason {
    Fault(StorageFault),
    /// Stored data could not be read nor copied aside, so saving would destroy it.
    ProtectingUnreadableData,
}

/// Stored data that could not be used at start-up, kept for the trainee to download.
#[derive(Clone, Debug, PartialEq)]
pub struct SetAside {
    pub reason: String,
    pub raw: String,
    pub kept_in: Option<String>,
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub record: RwSignal<LearnerRecord>,
    pub health: RwSignal<Health>,
    pub set_aside: RwSignal<Option<SetAside>>,
    pub prefs: RwSignal<Prefs>,
    /// Texts this tab had typed that another tab's simultaneous edit of the same box replaced.
    pub displaced: RwSignal<Vec<(String, String)>>,
    last_saved: StoredValue<String>,
    pending: StoredValue<Option<TimeoutHandle>>,
}

fn fresh_record() -> LearnerRecord {
    LearnerRecord::new(browser::random_bytes(), browser::random_bytes())
}

/// Marks a record handed from one bundle to the next in `window.name` (see `carry_to_next_page`).
const CARRY_PREFIX: &str = "nimo-kenshu-carry:";

/// The record the previous bundle carried over while storage was unusable, taken once.
fn carried_or_fresh() -> LearnerRecord {
    let Some(window) = web_sys::window() else {
        return fresh_record();
    };
    let name = window.name().unwrap_or_default();
    let Some(json) = name.strip_prefix(CARRY_PREFIX) else {
        return fresh_record();
    };
    let _ = window.set_name("");
    LearnerRecord::from_json(json).unwrap_or_else(|_| fresh_record())
}

impl AppState {
    /// Loads what is stored and starts autosave, page-hide flushing and cross-tab sync.
    pub fn start() -> AppState {
        let (record, health, set_aside, last_saved) = match storage::load_record() {
            Ok(Loaded::Nothing) => (fresh_record(), Health::Saved, None, String::new()),
            Ok(Loaded::Record(record)) => {
                let json = record.to_json();
                (record, Health::Saved, None, json)
            }
            Ok(Loaded::Unreadable {
                error,
                raw,
                kept_in,
            }) => {
                let health = if kept_in.is_some() {
                    Health::Saved
                } else {
                    Health::MemoryOnly(MemoryReason::ProtectingUnreadableData)
                };
                let record = if kept_in.is_some() {
                    fresh_record()
                } else {
                    carried_or_fresh()
                };
                let set_aside = SetAside {
                    reason: error.to_string(),
                    raw,
                    kept_in,
                };
                (record, health, Some(set_aside), String::new())
            }
            Err(fault) => (
                carried_or_fresh(),
                Health::MemoryOnly(MemoryReason::Fault(fault)),
                None,
                String::new(),
            ),
        };
        let state = AppState {
            record: RwSignal::new(record),
            health: RwSignal::new(health),
            set_aside: RwSignal::new(set_aside),
            prefs: RwSignal::new(storage::load_prefs()),
            displaced: RwSignal::new(Vec::new()),
            last_saved: StoredValue::new(last_saved),
            pending: StoredValue::new(None),
        };
        state.watch_for_edits();
        state.flush_when_hidden();
        state.follow_other_tabs();
        state
    }

    /// Opening a page of another bundle (or going back to one) loads another app. When answers live
    /// only in memory (storage blocked or full), they ride along in `window.name`, which survives
    /// same-tab navigations, reloads and Back. It is kept up to date on every edit, not only when the
    /// page is left: Chromium takes the name for the next page when the Back button is pressed, before
    /// `pagehide` runs.
    pub fn carry_to_next_page(self) {
        if matches!(self.health.get_untracked(), Health::MemoryOnly(_)) {
            if let Some(window) = web_sys::window() {
                let _ = window.set_name(&format!(
                    "{CARRY_PREFIX}{}",
                    self.record.with_untracked(LearnerRecord::to_json)
                ));
            }
        }
    }

    /// Every change schedules a save, including changes made while the first page rendered (opening a
    /// lesson by a direct link records it for 「続きから」); `save_now` skips what is already stored.
    fn watch_for_edits(self) {
        let record = self.record;
        Effect::new(move |_| {
            record.track();
            self.schedule_save();
            self.carry_to_next_page();
        });
    }

    fn schedule_save(self) {
        if let Some(handle) = self.pending.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(move || self.save_now(), AUTOSAVE_DELAY).ok();
        self.pending.set_value(handle);
    }

    /// Writes the record now if it changed since the last write.
    pub fn save_now(self) {
        if let Some(handle) = self.pending.get_value() {
            handle.clear();
            self.pending.set_value(None);
        }
        if self.health.get_untracked() == Health::MemoryOnly(MemoryReason::ProtectingUnreadableData)
            || self.health.get_untracked()
                == Health::MemoryOnly(MemoryReason::Fault(StorageFault::Blocked))
        {
            return;
        }
        let json = self.record.with_untracked(LearnerRecord::to_json);
        if self.last_saved.with_value(|saved| *saved == json) {
            return;
        }
        match storage::save_record(&json) {
            Ok(()) => {
                self.last_saved.set_value(json);
                if self.health.get_untracked() != Health::Saved {
                    self.health.set(Health::Saved);
                }
            }
            // A full disk may be freed later, so the next edit tries again; the banner stays until then.
            Err(fault) => {
                self.health
                    .set(Health::MemoryOnly(MemoryReason::Fault(fault)));
                self.carry_to_next_page();
            }
        }
    }

    fn flush_when_hidden(self) {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let hidden_document = document.clone();
        let on_visibility = Closure::<dyn Fn()>::new(move || {
            if hidden_document.visibility_state() == web_sys::VisibilityState::Hidden {
                self.save_now();
            }
        });
        let _ = document.add_event_listener_with_callback(
            "visibilitychange",
            on_visibility.as_ref().unchecked_ref(),
        );
        // The listener lives as long as the page does.
        on_visibility.forget();
        let _ = window_event_listener(ev::pagehide, move |_| {
            self.save_now();
            self.carry_to_next_page();
        });
    }

    fn follow_other_tabs(self) {
        let _ = window_event_listener(ev::storage, move |event| {
            if event.key().as_deref() != Some(RECORD_KEY) {
                return;
            }
            match event.new_value() {
                Some(json) => {
                    let Ok(theirs) = LearnerRecord::from_json(&json) else {
                        return;
                    };
                    self.last_saved.set_value(json);
                    let ours = self.record.get_untracked();
                    let merged = ours.merged_with(&theirs);
                    if merged != ours {
                        let displaced = ours.displaced_by(&theirs, &merged);
                        if !displaced.is_empty() {
                            self.displaced.update(|d| d.extend(displaced));
                        }
                        self.record.set(merged);
                    }
                }
                // Another tab deleted everything: follow it rather than writing the old data back.
                None => {
                    self.last_saved.set_value(String::new());
                    self.record.set(fresh_record());
                }
            }
        });
    }

    /// Replaces everything with a restored backup. The restored record gets a new epoch so that other
    /// open tabs take it whole instead of merging their old answers back in.
    pub fn replace_record(self, mut restored: LearnerRecord) {
        restored.epoch = fresh_record().epoch;
        self.record.set(restored);
        self.save_now();
    }

    pub fn delete_all(self) -> Result<(), StorageFault> {
        if let Some(handle) = self.pending.get_value() {
            handle.clear();
            self.pending.set_value(None);
        }
        let result = match self.health.get_untracked() {
            Health::MemoryOnly(MemoryReason::Fault(StorageFault::Blocked)) => Ok(()),
            _ => storage::delete_record(),
        };
        self.last_saved.set_value(String::new());
        self.record.set(fresh_record());
        result
    }

    pub fn set_prefs(self, prefs: Prefs) {
        self.prefs.set(prefs);
        storage::save_prefs(prefs);
    }

    pub fn edit(self, change: impl FnOnce(&mut LearnerRecord)) {
        self.record.update(change);
    }
}
