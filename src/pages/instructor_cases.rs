//! `#/instructor/cases`: import many trainees' exports of worksheets and cases (or full backups) and see,
//! for each case, which endings trainees reached and how they chose at each decision, live in the
//! projector view as codes are read, and as CSV. The same exports, and the same batch kept for the tab,
//! as the worksheet page's. Nothing is sent anywhere.

use crate::browser;
use crate::components::download::{Download, DownloadError};
use crate::components::instructor_nav::InstructorNav;
use crate::components::qr_scanner::QrScanner;
use crate::components::worksheet_import::{WorksheetImportSection, scanned_into, worksheet_batch};
use crate::content::{CASES, case};
use crate::model::case::{Case, ChoiceCounts, choice_counts, csv_choice_counts};
use crate::model::route::Route;
use crate::model::worksheet::WorksheetBatch;
use crate::pack_loader::ensure_case;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn InstructorCasesPage() -> impl IntoView {
    browser::set_document_title("講師用: 事例の集計");
    let batch = worksheet_batch();
    let has_data = move || batch.with(|b| !b.accepted.is_empty());
    view! {
        <InstructorNav current=Route::InstructorCases />
        <h1>"講師用: 事例の集計"</h1>
        <WorksheetImportSection batch />
        <p class="report__note">
            "ここで読み込んだ回答のワークシートの記入は"<a href=Route::InstructorWorksheets.href()>"「ワークシートの集計」"</a>"で見られます。"
        </p>
        <QrScanner test_id="cases-scan" on_export=scanned_into(batch)>
            <CaseChoices batch />
        </QrScanner>
        <Show when=has_data>
            <CaseChoices batch />
        </Show>
    }
}

/// Per case: how many trainees reached each ending, and the spread of choices at each decision, for the
/// facilitator to discuss in the debrief.
#[component]
fn CaseChoices(batch: RwSignal<WorksheetBatch>) -> impl IntoView {
    let saving = Download::new();
    // Each case is in a pack of its own: those the imported files have played are fetched, then counted.
    let arrived = RwSignal::new(0u32);
    let failed = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let wanted: Vec<&'static str> = batch.with(|b| {
            let exports = b.exports();
            CASES
                .iter()
                .filter(|c| {
                    case(c.id).is_none() && exports.iter().any(|e| e.cases.contains_key(c.id))
                })
                .map(|c| c.id)
                .collect()
        });
        for id in wanted {
            spawn_local(async move {
                match ensure_case(id).await {
                    Ok(_) => arrived.update(|n| *n += 1),
                    Err(error) => failed.set(Some(error.to_string())),
                }
            });
        }
    });
    let all = Memo::new(move |_| {
        arrived.track();
        batch.with(|b| {
            CASES
                .iter()
                .filter_map(|c| case(c.id))
                .map(|case| {
                    let plays: Vec<_> = b
                        .exports()
                        .into_iter()
                        .filter_map(|e| e.cases.get(&case.id))
                        .collect();
                    (case, choice_counts(case, &plays))
                })
                .filter(|(_, counts)| counts.players > 0)
                .collect::<Vec<(&'static Case, ChoiceCounts)>>()
        })
    });
    let download = move |_| {
        let csv = all.with_untracked(|all| {
            csv_choice_counts(&all.iter().map(|(_, c)| c.clone()).collect::<Vec<_>>())
        });
        saving.save(
            &format!("nimo-case-choices-{}.csv", browser::today()),
            "text/csv",
            &csv,
        );
    };
    view! {
        <section class="report" aria-labelledby="case-choices-title" data-testid="case-choices">
            <h2 id="case-choices-title">"事例での選択"</h2>
            {move || failed.get().map(|message| view! { <p class="error" role="alert">{message}</p> })}
            <Show
                when=move || all.with(|a| !a.is_empty())
                fallback=|| view! { <p class="report__note">"読み込んだファイルに事例の記録はありません。"</p> }
            >
                <button type="button" class="button button--quiet" on:click=download data-testid="case-csv">"選択の人数をCSVで保存"</button>
                <DownloadError download=saving />
                {move || all.get().into_iter().map(|(case, counts)| view! { <CaseCounts case counts /> }).collect_view()}
            </Show>
        </section>
    }
}

#[component]
fn CaseCounts(case: &'static Case, counts: ChoiceCounts) -> impl IntoView {
    let players = counts.players;
    let endings = counts
        .endings
        .iter()
        .map(|e| view! { <tr><th scope="row">{e.title.clone()}</th><td>{format!("{}人", e.count)}</td><td><Bar count=e.count of=players /></td></tr> })
        .collect_view();
    let decisions = counts
        .decisions
        .iter()
        .filter(|d| d.options.iter().any(|o| o.count > 0))
        .map(|d| {
            let rows = d
                .options
                .iter()
                .map(|o| view! { <tr><th scope="row">{o.label.clone()}</th><td>{format!("{}人", o.count)}</td><td><Bar count=o.count of=players /></td></tr> })
                .collect_view();
            view! {
                <table class="report__table case-counts" data-testid="case-decision">
                    <caption>{d.title.clone()}</caption>
                    <thead><tr><th scope="col">"選択肢"</th><th scope="col">"人数"</th><th scope="col"><span class="visually-hidden">"割合"</span></th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
        })
        .collect_view();
    view! {
        <section class="case-report" data-testid="case-report">
            <h3>{format!("{}（{players}人）", case.title)}</h3>
            <table class="report__table case-counts" data-testid="case-endings-count">
                <caption>"到達した結末（一人が複数の結末に到達していることがあります）"</caption>
                <thead><tr><th scope="col">"結末"</th><th scope="col">"人数"</th><th scope="col"><span class="visually-hidden">"割合"</span></th></tr></thead>
                <tbody>{endings}</tbody>
            </table>
            <details>
                <summary>"判断の場面ごとの選択（最初にたどり終えた経過、途中の人はいまの経過）"</summary>
                {decisions}
            </details>
        </section>
    }
}

/// A bar drawn with SVG attributes, which the CSP allows (inline styles it does not).
#[component]
fn Bar(count: u32, of: u32) -> impl IntoView {
    let width = (count * 100).checked_div(of).unwrap_or(0);
    view! {
        <svg class="bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true" width="100%" height="12">
            <rect x="0" y="0" width=width.to_string() height="8" class="bar__fill"></rect>
        </svg>
    }
}
