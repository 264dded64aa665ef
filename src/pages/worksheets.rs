//! `#/worksheets`: the sheets with how far each is filled, and the file a trainee hands to the instructor.

use crate::browser;
use crate::components::practice_export::PracticeExport;
use crate::content::worksheets;
use crate::model::route::Route;
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
        <PracticeExport />
    }
}
