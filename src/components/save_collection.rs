//! 「回答を1つのファイルにまとめて保存」: the exports an instructor page has counted, saved as one
//! まとめファイル that another instructor page (or this one, another day) imports again
//! (`model::io::collection`). Shown once something has been counted.

use crate::browser;
use crate::components::download::{Download, DownloadError};
use crate::model::io::collection::{collection_file_name, write_collection};
use crate::model::io::import::{Export, ExportKind, ImportBatch};
use leptos::prelude::*;
use serde::Serialize;

#[component]
pub fn SaveCollection<T>(batch: RwSignal<ImportBatch<T>>, kind: ExportKind) -> impl IntoView
where
    T: Export + Serialize + Send + Sync + 'static,
    T::Key: Send + Sync,
{
    let saving = Download::new();
    let save = move |_| {
        let today = browser::today().to_string();
        let (json, count) =
            batch.with_untracked(|b| (write_collection(b, kind, &today), b.accepted.len()));
        let name = collection_file_name(kind, &today, count);
        saving.save(&name, "application/json", &json);
    };
    view! {
        <Show when=move || batch.with(|b| !b.accepted.is_empty())>
            <div class="import__collection">
                <button type="button" class="button button--quiet" on:click=save data-testid="save-collection">
                    "取り込んだ回答を1つのファイルにまとめて保存"
                </button>
                <p class="field__hint">"まとめファイルは、ほかの講師がこのページでそのまま読み込めます（受講者ごとのファイルを渡す必要はありません）。"</p>
                <DownloadError download=saving />
            </div>
        </Show>
    }
}
