//! `#/handoff`: the worksheet answers and case paths shown as QR codes for the instructor's camera.
//! The worksheet and case pages link here rather than carry the QR encoder: it is about a fifth of their
//! bundle, and the tools bundle has it for the survey (docs/architecture.md).

use crate::browser;
use crate::components::qr_handoff::{Handoff, QrHandoff};
use crate::content::PERSONAL_FIELDS;
use crate::model::route::Route;
use crate::model::worksheet::WorksheetExport;
use crate::state::AppState;
use leptos::prelude::*;

#[component]
pub fn HandoffPage() -> impl IntoView {
    browser::set_document_title("ワークシートと事例の記録をQRコードで提出");
    let state = expect_context::<AppState>();
    let make = Callback::new(move |()| {
        let export = state
            .record
            .with_untracked(|r| WorksheetExport::from_record(r, PERSONAL_FIELDS, browser::today()));
        if export.is_empty() {
            return Err("まだワークシートの記入も事例の記録もありません。".to_owned());
        }
        Ok(Handoff {
            file_name: export.file_name(),
            json: export.to_json(),
        })
    });
    view! {
        <h1>"ワークシートと事例の記録をQRコードで提出"</h1>
        <p>
            "ワークシートの記入と事例での選択を、講師のカメラで読み取れるQRコードにして表示します。"
            "氏名は含まれません。アンケートで入力した研修コードがあれば一緒に渡ります。"
        </p>
        <QrHandoff prefix="worksheet-qr" make open=true />
        <p>
            <a href=Route::Worksheets.href()>"ワークシートに戻る"</a>
            " ・ "
            <a href=Route::Cases.href()>"事例に戻る"</a>
        </p>
    }
}
