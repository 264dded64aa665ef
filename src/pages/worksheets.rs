//! `#/worksheets`: the sheets with how far each is filled, and the file a trainee hands to the instructor.

use crate::browser;
use crate::content::worksheets;
use crate::model::route::Route;
use crate::model::worksheet::WorksheetExport;
use crate::state::AppState;
use leptos::prelude::*;

#[component]
pub fn WorksheetsPage() -> impl IntoView {
    browser::set_document_title("ワークシート");
    let state = expect_context::<AppState>();
    let cards = worksheets()
        .iter()
        .map(|sheet| {
            let progress = move || state.record.with(|r| sheet.progress(r));
            let present = (!sheet.group_by.is_empty()).then(|| {
                view! { <a href=Route::WorksheetPresent(sheet.id.clone()).href() data-testid="present-link">"進行役の画面（タイマー）"</a> }
            });
            view! {
                <li class="sheet-card" data-testid="sheet-card">
                    <h2><a href=Route::Worksheet(sheet.id.clone()).href()>{format!("{}. {}", sheet.number, sheet.title)}</a></h2>
                    <p>{sheet.summary.clone()}</p>
                    <p class="sheet-card__meta">
                        <span>{move || { let (filled, total) = progress(); format!("{total}欄中 {filled}欄に記入") }}</span>
                        <a href=Route::WorksheetBlank(sheet.id.clone()).href()>"空欄の用紙（印刷用）"</a>
                        {present}
                    </p>
                </li>
            }
        })
        .collect_view();
    view! {
        <h1>"ワークシート"</h1>
        <p class="lead">
            "講義の演習で使うシートです。スマートフォンでもパソコンでも記入でき、入力した内容はこのブラウザに自動で保存されます。"
            "印刷すると、グループで広げられるA4の用紙になります。"
        </p>
        <ul class="sheet-cards">{cards}</ul>
        <WorksheetExportSection />
    }
}

#[component]
fn WorksheetExportSection() -> impl IntoView {
    let state = expect_context::<AppState>();
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let has_answers = move || state.record.with(|r| r.texts.iter().any(|(k, v)| k.starts_with("ws/") && !k.ends_with("/#rows") && !v.value.trim().is_empty()));
    let export = move |_| {
        let export = state.record.with_untracked(|r| WorksheetExport::from_record(r, worksheets(), browser::today()));
        let result = browser::download(&export.file_name(), "application/json", &export.to_json())
            .map(|()| format!("「{}」を保存しました。講師の案内に従って提出してください。", export.file_name()))
            .map_err(|e| format!("書き出せませんでした（{e}）。"));
        outcome.set(Some(result));
    };
    view! {
        <section class="sheet-export" aria-labelledby="sheet-export-title">
            <h2 id="sheet-export-title">"講師に提出する"</h2>
            <p>
                "講師がグループワークの答えや記入の傾向をまとめられるように、ワークシートの記入だけを書き出します。"
                "氏名は含まれません。アンケートで入力した研修コードがあれば一緒に書き出されます。"
                "記録全体の控えは「記録」ページの「すべての記録を書き出す」で保存できます（ワークシートも含まれます）。"
            </p>
            <button type="button" class="button" on:click=export disabled=move || !has_answers() data-testid="worksheet-export">
                "ワークシートの記入を書き出す"
            </button>
            <Show when=move || !has_answers()>
                <p class="sheet-export__note">"まだ記入がありません。"</p>
            </Show>
            <p role="status" data-testid="worksheet-export-outcome">
                {move || outcome.get().map(|r| match r { Ok(m) | Err(m) => m })}
            </p>
        </section>
    }
}
