//! Picking or dropping many JSON files at once, as the instructor pages do, and reading them in one go.

use crate::browser;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// One picked file: its name, and its text unless it was refused for size (`Err(bytes)`) or unreadable
/// (`Ok(None)`).
pub type PickedFile = (String, Result<Option<String>, u64>);

/// Oversized files are refused unread; the rest are read all at once (one await per file made 10,000
/// files take seconds).
pub async fn read_picked(files: Vec<web_sys::File>, max_bytes: u64) -> Vec<PickedFile> {
    let (small, large): (Vec<_>, Vec<_>) = files
        .into_iter()
        .partition(|f| (f.size() as u64) <= max_bytes);
    let texts = browser::read_texts(&small).await;
    let mut picked: Vec<PickedFile> = large
        .iter()
        .map(|f| (f.name(), Err(f.size() as u64)))
        .collect();
    picked.extend(
        small
            .iter()
            .zip(texts)
            .map(|(f, text)| (f.name(), Ok(text))),
    );
    picked
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
