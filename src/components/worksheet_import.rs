//! Reading trainees' exports of worksheets and cases (or full backups), from files or the camera, into a
//! page's batch: shared by the instructor's worksheet page and case page, which read the same exports
//! and report different parts of them. Each is a bundle of its own (docs/architecture.md); the batch,
//! kept for the tab, is the same on both.

use crate::browser;
use crate::components::file_drop::{FileDrop, import_action};
use crate::components::import_problems::ImportProblems;
use crate::components::qr_scanner::import_read;
use crate::components::save_collection::SaveCollection;
use crate::content::worksheets;
use crate::kept_batch::kept_batch;
use crate::model::io::handoff::Received;
use crate::model::io::import::{ExportKind, ImportError};
use crate::model::worksheet::{MAX_EXPORT_BYTES, WorksheetBatch, WorksheetExport, parse_import};
use leptos::prelude::*;

/// A backup becomes an export dated the day it is imported.
fn parse(text: &str) -> Result<WorksheetExport, ImportError> {
    parse_import(text, worksheets(), browser::today())
}

/// The batch of the worksheet and case pages, kept for the tab.
pub fn worksheet_batch() -> RwSignal<WorksheetBatch> {
    kept_batch(ExportKind::Worksheets, parse)
}

/// What the page reads, and 「ファイルを読み込む」: pick or drop files, what became of them, and the batch's
/// まとめファイル.
#[component]
pub fn WorksheetImportSection(batch: RwSignal<WorksheetBatch>) -> impl IntoView {
    let importing = import_action(
        MAX_EXPORT_BYTES,
        &[ExportKind::Worksheets, ExportKind::Backup],
        batch,
        parse,
    );
    let import_files = Callback::new(move |files: Vec<web_sys::File>| {
        importing.dispatch_local(files);
    });
    view! {
        <p>
            "受講者が「ワークシートと事例の記録を書き出す」で保存したファイル、または「すべての記録を書き出す」のバックアップを、まとめて読み込みます。"
            "氏名は読み込みません。読み込んだ内容はこのブラウザの中だけで扱い、どこにも送信しません。「ワークシートの集計」と「事例の集計」のどちらで読み込んでも、両方に表示されます。タブを閉じると消えます。"
        </p>
        <section class="import" aria-labelledby="ws-import-title">
            <h2 id="ws-import-title">"ファイルを読み込む"</h2>
            <FileDrop on_files=import_files input_test_id="ws-import" zone_test_id="ws-dropzone" />
            <p role="status" data-testid="ws-import-summary">
                {move || if importing.pending().get() { "読み込んでいます…".to_owned() } else { batch.with(|b| if b.is_empty() { String::new() } else { b.summary() }) }}
            </p>
            <ImportProblems
                rejected=Signal::derive(move || batch.with(|b| b.rejected_reasons()))
                duplicates=Signal::derive(move || batch.with(|b| b.duplicates.clone()))
                duplicates_title="重複（同じ受講者のため、新しいファイルだけを使ったもの）"
                test_id="ws-import-problems"
            />
            <SaveCollection batch kind=ExportKind::Worksheets />
            <Show when=move || !batch.with(WorksheetBatch::is_empty)>
                <button type="button" class="button button--quiet" on:click=move |_| batch.set(WorksheetBatch::default()) data-testid="ws-import-clear">
                    "読み込んだデータを消す"
                </button>
            </Show>
        </section>
    }
}

/// What the camera reads goes into `batch` through the same checks as a picked file; the log names the
/// trainee by the start of their id and their 職種.
pub fn scanned_into(batch: RwSignal<WorksheetBatch>) -> Callback<String, Received> {
    Callback::new(move |json: String| {
        import_read(batch, parse(&json), |export| {
            let short: String = export.respondent_id.chars().take(6).collect();
            match worksheets().iter().find(|s| !s.group_by.is_empty()) {
                Some(sheet) => format!("受講者 {short}・{}", export.group(sheet)),
                None => format!("受講者 {short}"),
            }
        })
    })
}
