//! An instructor page's batch, kept for the tab (`model::io::kept`) so that leaving the page loses
//! nothing: in `sessionStorage`, which lasts as long as the tab (Back, links, reloads; the worksheet and
//! case pages share one batch), or, when the browser refuses storage or the batch does not fit, in the
//! state of the page's history entry, which Back, Forward and a reload bring back. Closing the tab or
//! 「消す」 ends it.

use crate::model::io::import::{Export, ExportKind, ImportBatch, ImportError};
use crate::model::io::kept::{read_kept, write_kept};
use crate::storage::{batch_key, load_for_tab, save_for_tab};
use leptos::prelude::*;
use serde::Serialize;
use std::time::Duration;
use wasm_bindgen::JsValue;

/// The page's batch: what was kept for `kind` (each export checked again by `parse`), then kept after
/// every change.
pub fn kept_batch<T>(
    kind: ExportKind,
    parse: impl Fn(&str) -> Result<T, ImportError>,
) -> RwSignal<ImportBatch<T>>
where
    T: Export + Serialize + Send + Sync + 'static,
    T::Key: Send + Sync,
{
    let key = batch_key(kind.format());
    let restored = load_for_tab(&key)
        .or_else(|| from_history(&key))
        .and_then(|text| read_kept(&text, kind, parse))
        .unwrap_or_default();
    let batch = RwSignal::new(restored);
    let scheduled = StoredValue::new(false);
    Effect::new(move |first_run: Option<()>| {
        let files = batch.with(ImportBatch::files_read);
        // What was just read needs no writing back.
        if first_run.is_none() {
            return;
        }
        if files <= WRITE_AT_ONCE {
            keep(batch, kind, &key);
            return;
        }
        // Changes within one frame are written once, after the frame that shows them.
        if scheduled.get_value() {
            return;
        }
        scheduled.set_value(true);
        let key = key.clone();
        request_animation_frame(move || {
            set_timeout(
                move || {
                    let _ = scheduled.try_set_value(false);
                    keep(batch, kind, &key);
                },
                Duration::ZERO,
            )
        });
    });
    batch
}

/// Batches of up to this many files (a room's QR codes, a day's files) are written as they change;
/// a larger one (an import of thousands of files, about 0.3 s to write per 10,000) after the frame
/// that shows it, so the tables come first.
const WRITE_AT_ONCE: usize = 1000;

fn keep<T>(batch: RwSignal<ImportBatch<T>>, kind: ExportKind, key: &str)
where
    T: Export + Serialize + Send + Sync + 'static,
    T::Key: Send + Sync,
{
    // The page may have been left meanwhile (the offline file's pages share one document).
    let Some(kept) = batch.try_with_untracked(|b| (!b.is_empty()).then(|| write_kept(b, kind)))
    else {
        return;
    };
    let in_tab = save_for_tab(key, kept.as_deref()).is_ok();
    to_history(key, kept.as_deref().filter(|_| !in_tab));
}

/// The history entry's state is `<key>\n<kept batch>`.
fn from_history(key: &str) -> Option<String> {
    let state = web_sys::window()?
        .history()
        .ok()?
        .state()
        .ok()?
        .as_string()?;
    state
        .strip_prefix(key)
        .and_then(|rest| rest.strip_prefix('\n'))
        .map(str::to_owned)
}

fn to_history(key: &str, kept: Option<&str>) {
    let Some(history) = web_sys::window().and_then(|w| w.history().ok()) else {
        return;
    };
    let state = match kept {
        Some(kept) => JsValue::from_str(&format!("{key}\n{kept}")),
        None if from_history(key).is_some() => JsValue::NULL,
        None => return,
    };
    let _ = history.replace_state(&state, "");
}
