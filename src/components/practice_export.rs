//! The file a trainee hands to the instructor: worksheet answers and case paths, without their name.

use crate::browser;
use crate::content::PERSONAL_FIELDS;
use crate::model::route::Route;
use crate::model::worksheet::WorksheetExport;
use crate::state::AppState;
use leptos::prelude::*;

#[component]
pub fn PracticeExport() -> impl IntoView {
    let state = expect_context::<AppState>();
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let has_anything = move || {
        state
            .record
            .with(|r| WorksheetExport::has_anything_in(r, PERSONAL_FIELDS))
    };
    let export = move |_| {
        let export = state
            .record
            .with_untracked(|r| WorksheetExport::from_record(r, PERSONAL_FIELDS, browser::today()));
        let result = browser::download(&export.file_name(), "application/json", &export.to_json())
            .map(|()| {
                format!(
                    "「{}」を保存しました。講師の案内に従って提出してください。",
                    export.file_name()
                )
            })
            .map_err(|e| format!("書き出せませんでした（{e}）。"));
        outcome.set(Some(result));
    };
    view! {
        <section class="sheet-export" aria-labelledby="practice-export-title">
            <h2 id="practice-export-title">"講師に提出する"</h2>
            <p>
                "講師がグループワークの答えや事例での選択をまとめられるように、ワークシートの記入と事例の記録だけを書き出します。"
                "氏名は含まれません。アンケートで入力した研修コードがあれば一緒に書き出されます。"
                "記録全体の控えは「記録」ページの「すべての記録を書き出す」で保存できます（ワークシートと事例も含まれます）。"
            </p>
            <button type="button" class="button" on:click=export disabled=move || !has_anything() data-testid="worksheet-export">
                "ワークシートと事例の記録を書き出す"
            </button>
            // The QR codes are made on a page of their own, in the bundle that has the QR encoder.
            <a class="button" href=Route::Handoff.href() data-testid="worksheet-qr-page">"QRコードで提出"</a>
            <Show when=move || !has_anything()>
                <p class="sheet-export__note">"まだ記入も事例の記録もありません。"</p>
            </Show>
            <p role="status" data-testid="worksheet-export-outcome">
                {move || outcome.get().map(|r| match r { Ok(m) | Err(m) => m })}
            </p>
        </section>
    }
}
