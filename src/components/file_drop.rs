//! Picking or dropping many JSON files at once, as the instructor pages do, and reading them in one go.

use crate::browser;
use crate::model::io::collection::{MAX_COLLECTION_BYTES, collection_entries, is_collection};
use crate::model::io::import::{Export, ExportKind, ImportBatch, ImportError};
use leptos::prelude::*;
use std::rc::Rc;
use wasm_bindgen::JsCast;

/// One picked file: its name, and its text unless it was refused for size (`Err(bytes)`) or unreadable
/// (`Ok(None)`).
pub type PickedFile = (String, Result<Option<String>, u64>);

/// Reads every file at once (one await per file made 10,000 files take seconds). A text longer than
/// `max_bytes` is refused before it is copied into Rust (its UTF-8 is at least as long as its UTF-16), and
/// only then is that file's size asked for the message; asking every file's size first cost more than
/// reading them.
pub async fn read_picked(files: Vec<web_sys::File>, max_bytes: u64) -> Vec<PickedFile> {
    let texts = browser::read_texts(&files).await;
    files
        .iter()
        .zip(texts)
        .map(|(file, text)| {
            let read = match text {
                Some(text) if u64::from(text.length()) > max_bytes => Err(file.size() as u64),
                Some(text) => Ok(Some(String::from(text))),
                None => Ok(None),
            };
            (file.name(), read)
        })
        .collect()
}

/// The import step of every instructor page, as an action: dispatched with the picked files, it reads
/// them, checks each with `parse`, and adds them all to `batch` in one update (one re-render however many
/// files); `pending()` is true meanwhile. A まとめファイル (collection) brings its entries, each checked like
/// a file of its own. A file that cannot be used is named with its reason; the rest come in. `accepted`
/// lists the kinds the page reads, its own first. `performance` marks (`import:*`) time each phase for
/// ./scripts/bench.
pub fn import_action<T>(
    max_bytes: u64,
    accepted: &'static [ExportKind],
    batch: RwSignal<ImportBatch<T>>,
    parse: impl Fn(&str) -> Result<T, ImportError> + 'static,
) -> Action<Vec<web_sys::File>, ()>
where
    T: Export + Send + Sync + 'static,
    T::Key: Send + Sync,
{
    let parse = Rc::new(parse);
    Action::new_local(move |files: &Vec<web_sys::File>| {
        browser::mark("import:start");
        let files = files.clone();
        let parse = Rc::clone(&parse);
        async move {
            let picked = read_picked(files, MAX_COLLECTION_BYTES).await;
            browser::mark("import:read");
            let results = check_picked(picked, max_bytes, accepted, &*parse);
            browser::mark("import:parsed");
            batch.update(|b| b.extend(results));
            browser::mark("import:added");
        }
    })
}

fn check_picked<T>(
    picked: Vec<PickedFile>,
    max_bytes: u64,
    accepted: &[ExportKind],
    parse: &dyn Fn(&str) -> Result<T, ImportError>,
) -> Vec<(String, Result<T, ImportError>)> {
    let mut results = Vec::with_capacity(picked.len());
    for (name, read) in picked {
        match read {
            Ok(Some(text)) if is_collection(&text) => {
                results.extend(collection_entries(&name, &text, accepted, parse));
            }
            Ok(Some(text)) if text.len() as u64 > max_bytes => {
                let too_large = ImportError::too_large(text.len() as u64, max_bytes);
                results.push((name, Err(too_large)));
            }
            Ok(Some(text)) => results.push((name, parse(&text))),
            Ok(None) => results.push((name, Err(ImportError::NotJson))),
            Err(bytes) => {
                let too_large = ImportError::too_large(bytes, MAX_COLLECTION_BYTES);
                results.push((name, Err(too_large)));
            }
        }
    }
    results
}

#[component]
pub fn FileDrop(
    on_files: Callback<Vec<web_sys::File>>,
    input_test_id: &'static str,
    zone_test_id: &'static str,
    /// One file at a time (a programme to import), rather than a batch of trainees' exports.
    #[prop(optional)]
    single: bool,
) -> impl IntoView {
    let on_pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let files = file_list(input.files());
        input.set_value("");
        on_files.run(files);
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        on_files.run(file_list(ev.data_transfer().and_then(|d| d.files())));
    };
    view! {
        <div class="dropzone" on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default() on:drop=on_drop data-testid=zone_test_id>
            <label class="file-pick">
                {if single { "ファイルを選ぶ" } else { "ファイルを選ぶ（複数選べます）" }}
                <input type="file" multiple=!single accept=".json,application/json" on:change=on_pick data-testid=input_test_id />
            </label>
            <p>"またはここにファイルをドラッグ＆ドロップしてください。"</p>
            {(!single).then(|| view! { <p class="field__hint">"ほかの講師が保存した「まとめファイル」も、ここでそのまま読み込めます。"</p> })}
        </div>
    }
}

fn file_list(files: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(files) = files else {
        return Vec::new();
    };
    (0..files.length())
        .filter_map(|i| files.get(i))
        .map(|f| f.unchecked_into())
        .collect()
}
