//! `#/instructor`: import many survey exports, see the report's tables and charts, download CSV.
//! Imported answers stay in this tab only (`kept_batch`); nothing is sent anywhere.

use crate::browser;
use crate::components::baseline_switch::BaselineSwitch;
use crate::components::download::{Download, DownloadError};
use crate::components::file_drop::{FileDrop, import_action};
use crate::components::import_problems::ImportProblems;
use crate::components::instructor_nav::InstructorNav;
use crate::components::qr_scanner::{QrScanner, import_read};
use crate::components::save_collection::SaveCollection;
use crate::content::{SURVEY, baseline_2019};
use crate::kept_batch::kept_batch;
use crate::model::course::certificate::{matching_exports, normalise_code};
use crate::model::io::import::ExportKind;
use crate::model::route::Route;
use crate::model::survey::aggregate::{
    aggregate, cross_tab, csv_cross_tab, csv_free_text, csv_long, free_texts,
};
use crate::model::survey::report_html::{ReportOptions, render};
use crate::model::survey::{MAX_EXPORT_BYTES, SurveyBatch, parse_export};
use leptos::prelude::*;

#[component]
pub fn InstructorPage() -> impl IntoView {
    browser::set_document_title("講師用");
    let batch = kept_batch(ExportKind::Survey, |text| parse_export(text, &SURVEY));
    let options = RwSignal::new(ReportOptions {
        cross_tab: false,
        suppress_small: true,
        group_free_text: true,
        // On: the comparison is why an instructor reuses the 2019 questionnaire, and a clearly labelled
        // column is easy to switch off before printing.
        baseline: true,
    });
    let confirming_clear = RwSignal::new(false);
    let saving = Download::new();

    let importing = import_action(MAX_EXPORT_BYTES, &[ExportKind::Survey], batch, |text| {
        parse_export(text, &SURVEY)
    });
    let import_files = Callback::new(move |files: Vec<web_sys::File>| {
        importing.dispatch_local(files);
    });

    let scanned = Callback::new(move |json: String| {
        import_read(batch, parse_export(&json, &SURVEY), |export| {
            export.who(&SURVEY)
        })
    });

    let tables = Memo::new(move |_| batch.with(|b| aggregate(&SURVEY, &b.accepted)));
    let report = move || {
        let opts = options.get();
        batch.with(|b| {
            let tabs = if opts.cross_tab {
                cross_tab(&SURVEY, &b.accepted, "q2")
            } else {
                Vec::new()
            };
            tables.with(|t| render(&SURVEY, &b.accepted, t, &tabs, opts, baseline_2019()))
        })
    };
    let download_csv = move |_| {
        let csv = tables.with(|t| csv_long(t, baseline_2019()));
        saving.save(
            &format!("nimo-survey-aggregate-{}.csv", browser::today()),
            "text/csv",
            &csv,
        );
    };
    let download_cross = move |_| {
        let suppress = options.get_untracked().suppress_small;
        let csv = batch
            .with_untracked(|b| csv_cross_tab(&cross_tab(&SURVEY, &b.accepted, "q2"), suppress));
        saving.save(
            &format!("nimo-survey-crosstab-{}.csv", browser::today()),
            "text/csv",
            &csv,
        );
    };
    let download_free_text = move |_| {
        let csv = batch.with_untracked(|b| csv_free_text(&free_texts(&SURVEY, &b.accepted, "q2")));
        saving.save(
            &format!("nimo-survey-free-text-{}.csv", browser::today()),
            "text/csv",
            &csv,
        );
    };
    let download_summary = move |_| {
        let summary = batch.with_untracked(|b| {
            serde_json::json!({
                "format": "nimo-kenshu-survey-summary",
                "survey_id": SURVEY.id,
                "made_on": browser::today().to_string(),
                "imported": b.accepted.len(),
                "duplicates": b.duplicates.len(),
                "rejected": b.rejected.len(),
                "tables": tables.get_untracked(),
            })
        });
        let json = serde_json::to_string_pretty(&summary).unwrap_or_default();
        saving.save(
            &format!("nimo-survey-summary-{}.json", browser::today()),
            "application/json",
            &json,
        );
    };
    let print = move |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    };
    let toggle = move |change: fn(&mut ReportOptions, bool)| {
        move |ev: leptos::ev::Event| {
            let on = event_target_checked(&ev);
            options.update(|o| change(o, on));
        }
    };
    let has_data = move || batch.with(|b| !b.accepted.is_empty());

    view! {
        <InstructorNav current=Route::Instructor />
        <h1>"講師用: アンケートの集計"</h1>
        <p>
            "受講者が書き出したアンケートのファイル（JSON）をまとめて読み込み、報告書と同じ形の表（件数・%・無回答）とグラフを作ります。"
            "読み込んだ内容はこのブラウザの中だけで扱い、どこにも送信しません。ほかのページに移っても残り、タブを閉じると消えます（元のファイルはそのまま残ります）。"
        </p>
        <section class="import" aria-labelledby="import-title">
            <h2 id="import-title">"ファイルを読み込む"</h2>
            <FileDrop on_files=import_files input_test_id="instructor-import" zone_test_id="instructor-dropzone" />
            <p role="status" data-testid="import-summary">
                {move || if importing.pending().get() { "読み込んでいます…".to_owned() } else { batch.with(|b| if b.is_empty() { String::new() } else { b.summary() }) }}
            </p>
            <ImportProblems
                rejected=Signal::derive(move || batch.with(|b| b.rejected_reasons()))
                duplicates=Signal::derive(move || batch.with(|b| b.duplicates.clone()))
                duplicates_title="重複（同じ回答者のため1件として数えたもの）"
                test_id="import-problems"
            />
            <SaveCollection batch kind=ExportKind::Survey />
            <Show when=move || batch.with(|b| !b.accepted.is_empty() || !b.rejected.is_empty())>
                <Show
                    when=move || confirming_clear.get()
                    fallback=move || view! { <button type="button" class="button button--quiet" on:click=move |_| confirming_clear.set(true) data-testid="import-clear">"読み込んだデータを消す"</button> }
                >
                    <div class="confirm" role="group" aria-label="消去の確認">
                        <p>"読み込んだデータをすべて消します。よろしいですか？（元のファイルは消えません）"</p>
                        <button type="button" class="button button--danger" on:click=move |_| { batch.set(SurveyBatch::default()); confirming_clear.set(false); } data-testid="import-clear-confirm">"消す"</button>
                        <button type="button" class="button button--quiet" on:click=move |_| confirming_clear.set(false)>"やめる"</button>
                    </div>
                </Show>
            </Show>
        </section>
        <QrScanner test_id="instructor-scan" on_export=scanned>
            <h2>{format!("{}の結果（{}人）", SURVEY.title, batch.with(|b| b.accepted.len()))}</h2>
            <div class="report__body" inner_html=report></div>
        </QrScanner>
        <Show when=has_data>
            <CertificateCheck batch />
        </Show>
        <Show when=has_data>
            <section class="report" aria-labelledby="report-title">
                <h2 id="report-title">{format!("{}の結果", SURVEY.title)}</h2>
                <div class="report__controls">
                    <label class="choice"><input type="checkbox" prop:checked=move || options.get().cross_tab on:change=toggle(|o, on| o.cross_tab = on) />"職種別のクロス集計を表示する"</label>
                    <label class="choice"><input type="checkbox" prop:checked=move || options.get().suppress_small on:change=toggle(|o, on| o.suppress_small = on) />"クロス集計で5未満の人数を伏せる"</label>
                    <label class="choice"><input type="checkbox" prop:checked=move || options.get().group_free_text on:change=toggle(|o, on| o.group_free_text = on) />"自由記述を職種ごとにまとめる"</label>
                    <BaselineSwitch options />
                </div>
                <p class="report__downloads">
                    <button type="button" class="button" on:click=download_csv data-testid="aggregate-csv">"集計表をCSVで保存"</button>
                    <button type="button" class="button button--quiet" on:click=download_cross data-testid="crosstab-csv">"職種別クロス集計をCSVで保存"</button>
                    <button type="button" class="button button--quiet" on:click=download_free_text data-testid="free-text-csv">"自由記述をCSVで保存"</button>
                    <button type="button" class="button button--quiet" on:click=download_summary data-testid="summary-json">"集計結果をJSONで保存"</button>
                    <button type="button" class="button button--quiet" on:click=print>"印刷（A4）"</button>
                </p>
                <DownloadError download=saving />
                <div class="report__body" inner_html=report data-testid="report"></div>
            </section>
        </Show>
    }
}

/// 修了証の確認: the code printed on a certificate, looked up among the imported survey exports.
#[component]
fn CertificateCheck(batch: RwSignal<SurveyBatch>) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let result = move || {
        let code = typed.get();
        if normalise_code(&code).len() < 9 {
            return None;
        }
        Some(batch.with(|b| {
            let found = matching_exports(&code, &b.accepted);
            match found.as_slice() {
                [] => format!("確認コード {} に一致するアンケートの書き出しは、読み込んだファイルの中にありません。", normalise_code(&code)),
                [only] => {
                    let export = &b.accepted[*only];
                    format!(
                        "一致しました: {}（研修コード: {}、書き出し日: {}）",
                        export.file_name(),
                        export.session_code.as_deref().unwrap_or("なし"),
                        export.exported_on
                    )
                }
                many => format!("{}件のアンケートが一致しました。同じ人が複数回書き出した可能性があります。", many.len()),
            }
        }))
    };
    view! {
        <section aria-labelledby="cert-check-title">
            <h2 id="cert-check-title">"修了証の確認"</h2>
            <p>"受講者の修了証にある確認コードを入力すると、読み込んだアンケートの中にその人の書き出しがあるかを確かめます。"</p>
            <div class="survey__code">
                <label for="cert-check">"確認コード（例: AB12-CD34）"</label>
                <input id="cert-check" type="text" inputmode="latin" autocomplete="off" prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev)) data-testid="cert-check" />
            </div>
            <p role="status" data-testid="cert-check-result">{result}</p>
        </section>
    }
}
