//! `#/instructor/worksheets`: import many trainees' exports of worksheets and cases (or full backups) and
//! see the group work grouped by 職種, how the cohort filled each grid, every answer as CSV, and for each
//! case which endings trainees reached and how they chose at each decision.
//! Imported answers stay in this page's memory only; nothing is sent anywhere.

use crate::browser;
use crate::components::download::{Download, DownloadError};
use crate::components::file_drop::{FileDrop, import_action};
use crate::components::group_work_reference::GroupWorkReference;
use crate::components::import_problems::ImportProblems;
use crate::components::instructor_nav::InstructorNav;
use crate::components::qr_scanner::{QrScanner, import_read};
use crate::components::save_collection::SaveCollection;
use crate::content::{CASES, case, worksheets};
use crate::model::case::{Case, ChoiceCounts, choice_counts, csv_choice_counts};
use crate::model::io::import::ExportKind;
use crate::model::route::Route;
use crate::model::worksheet::{
    Grid, GridFill, MAX_EXPORT_BYTES, Section, Worksheet, WorksheetBatch, csv_answers, grid_fill,
    group_work_summary, parse_import,
};
use crate::pack_loader::ensure_case;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn InstructorWorksheetsPage() -> impl IntoView {
    browser::set_document_title("講師用: ワークシートと事例の集計");
    let batch = RwSignal::new(WorksheetBatch::default());
    let saving = Download::new();
    let importing = import_action(
        MAX_EXPORT_BYTES,
        &[ExportKind::Worksheets, ExportKind::Backup],
        batch,
        // A backup becomes an export dated the day it is imported.
        move |text| parse_import(text, worksheets(), browser::today()),
    );
    let import_files = Callback::new(move |files: Vec<web_sys::File>| {
        importing.dispatch_local(files);
    });
    let download_csv = move |_| {
        let csv = batch.with_untracked(|b| csv_answers(worksheets(), &b.exports()));
        saving.save(
            &format!("nimo-worksheets-{}.csv", browser::today()),
            "text/csv",
            &csv,
        );
    };
    let has_data = move || batch.with(|b| !b.accepted.is_empty());
    let scanned = Callback::new(move |json: String| {
        import_read(
            batch,
            parse_import(&json, worksheets(), browser::today()),
            |export| {
                let short: String = export.respondent_id.chars().take(6).collect();
                match worksheets().iter().find(|s| !s.group_by.is_empty()) {
                    Some(sheet) => format!("受講者 {short}・{}", export.group(sheet)),
                    None => format!("受講者 {short}"),
                }
            },
        )
    });
    let group_sheet = worksheets().iter().find(|s| !s.group_by.is_empty());
    let grids: Vec<(&'static Worksheet, &'static Section, &'static Grid)> = worksheets()
        .iter()
        .flat_map(|sheet| {
            sheet
                .sections
                .iter()
                .filter_map(move |s| s.grid.as_ref().map(|g| (sheet, s, g)))
        })
        .collect();

    let projected_grids = grids.clone();

    view! {
        <InstructorNav current=Route::InstructorWorksheets />
        <h1>"講師用: ワークシートと事例の集計"</h1>
        <p>
            "受講者が「ワークシートと事例の記録を書き出す」で保存したファイル、または「すべての記録を書き出す」のバックアップを、まとめて読み込みます。"
            "氏名は読み込みません。読み込んだ内容はこのページの中だけで扱い、どこにも送信しません。"
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
        <QrScanner test_id="worksheets-scan" on_export=scanned>
            {group_sheet.map(|sheet| view! { <GroupWork sheet batch /> })}
            {projected_grids.iter().map(|(sheet, section, grid)| view! { <GridHeatmap sheet=*sheet section=*section grid=*grid batch /> }).collect_view()}
        </QrScanner>
        <Show when=has_data>
            <p class="report__downloads">
                <button type="button" class="button" on:click=download_csv data-testid="ws-csv">"すべての記入をCSVで保存"</button>
                <button type="button" class="button button--quiet" on:click=|_| { if let Some(w) = web_sys::window() { let _ = w.print(); } }>"印刷（A4）"</button>
            </p>
            <DownloadError download=saving />
            {group_sheet.map(|sheet| view! { <GroupWork sheet batch /> })}
            {grids.iter().map(|(sheet, section, grid)| view! { <GridHeatmap sheet=*sheet section=*section grid=*grid batch /> }).collect_view()}
            <CaseChoices batch />
        </Show>
    }
}

/// The report's グループワークのまとめ: each prompt's answers under （保健師）（看護師）…, with the 2019 model
/// training's own answers to the prompt folded away beneath them.
#[component]
fn GroupWork(sheet: &'static Worksheet, batch: RwSignal<WorksheetBatch>) -> impl IntoView {
    let summary = Memo::new(move |_| batch.with(|b| group_work_summary(sheet, &b.exports())));
    let counts = move || {
        summary.with(|s| {
            s.counts
                .iter()
                .map(|(group, n)| view! { <tr><th scope="row">{group.clone()}</th><td>{format!("{n}人")}</td></tr> })
                .collect_view()
        })
    };
    let prompts = move || {
        summary.with(|s| {
            s.prompts
                .iter()
                .map(|prompt| {
                    let groups = prompt
                        .groups
                        .iter()
                        .map(|g| {
                            view! {
                                <p class="report__group">{format!("（{}）", g.group)}</p>
                                <ul>{g.texts.iter().map(|t| view! { <li class="pre-wrap">{t.clone()}</li> }).collect_view()}</ul>
                            }
                        })
                        .collect_view();
                    view! {
                        <section class="gw-prompt" data-testid="gw-prompt">
                            <h3>{format!("{}{}", prompt.mark, prompt.label)}</h3>
                            {if prompt.groups.is_empty() { Some(view! { <p class="report__note">"記入はありません。"</p> }) } else { None }}
                            {groups}
                            <GroupWorkReference sheet=sheet.id.clone() section=prompt.section.clone() />
                        </section>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="report" aria-labelledby="gw-title" data-testid="gw-summary">
            <h2 id="gw-title">{format!("{}のまとめ", sheet.title)}</h2>
            <table class="report__table" data-testid="gw-counts">
                <caption>"職種ごとの人数"</caption>
                <thead><tr><th scope="col">"職種"</th><th scope="col">"人数"</th></tr></thead>
                <tbody>{counts}</tbody>
            </table>
            {prompts}
        </section>
    }
}

/// How many trainees filled each cell of a grid, shaded by share, with the cells' texts below.
#[component]
fn GridHeatmap(
    sheet: &'static Worksheet,
    section: &'static Section,
    grid: &'static Grid,
    batch: RwSignal<WorksheetBatch>,
) -> impl IntoView {
    let fill = Memo::new(move |_| batch.with(|b| grid_fill(sheet, section, &b.exports())));
    let title_id = format!("heat-{}-{}", sheet.id, section.id);
    let labelled_by = title_id.clone();
    let table = move || {
        fill.with(|fill| {
            let Some(GridFill { trainees, counts, .. }) = fill else { return None };
            let rows = grid
                .rows
                .iter()
                .zip(counts)
                .map(|(row, counts)| {
                    let cells = counts
                        .iter()
                        .map(|&n| {
                            let class = format!("heat heat--{}", heat_level(n, *trainees));
                            view! { <td class=class data-testid="heat-cell">{format!("{n}人")}<span class="heat__share">{format!(" / {trainees}人")}</span></td> }
                        })
                        .collect_view();
                    view! { <tr><th scope="row">{row.label.clone()}</th>{cells}</tr> }
                })
                .collect_view();
            Some(view! {
                <div class="table-wrap" role="region" aria-label=format!("{}の記入状況", section.title) tabindex="0">
                    <table class="report__table heatmap" data-testid="heatmap">
                        <caption>{format!("記入した人の数（{trainees}人中）。色が薄いマスほど、記入した人が少なく、検討が手薄な組み合わせです。")}</caption>
                        <thead>
                            <tr>
                                <td></td>
                                {grid.columns.iter().map(|c| view! { <th scope="col">{c.label.clone()}</th> }).collect_view()}
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            })
        })
    };
    let texts = move || {
        fill.with(|fill| {
            let fill = fill.as_ref()?;
            let mut cells = Vec::new();
            for (r, row) in grid.rows.iter().enumerate() {
                for (c, column) in grid.columns.iter().enumerate() {
                    let per_field = &fill.texts[r][c];
                    let total: usize = per_field.iter().map(Vec::len).sum();
                    if total == 0 {
                        continue;
                    }
                    let fields = grid
                        .cell_fields
                        .iter()
                        .zip(per_field)
                        .filter(|(_, texts)| !texts.is_empty())
                        .map(|(field, texts)| {
                            view! {
                                <p class="report__group">{field.label.clone()}</p>
                                <ul>{texts.iter().map(|t| view! { <li class="pre-wrap">{t.clone()}</li> }).collect_view()}</ul>
                            }
                        })
                        .collect_view();
                    cells.push(view! {
                        <details class="heat-texts">
                            <summary>{format!("{} × {}（{total}件）", row.label, column.label)}</summary>
                            {fields}
                        </details>
                    });
                }
            }
            Some(cells)
        })
    };
    view! {
        <section class="report" aria-labelledby=labelled_by>
            <h2 id=title_id>{format!("{}：{}", sheet.title, section.title)}</h2>
            {table}
            <h3>"マスごとの記入内容"</h3>
            {texts}
        </section>
    }
}

/// Five shades, so that the CSS can colour cells without inline styles (the CSP allows none).
fn heat_level(count: u32, trainees: u32) -> u32 {
    if count == 0 || trainees == 0 {
        0
    } else {
        (count * 4).div_ceil(trainees).clamp(1, 4)
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
