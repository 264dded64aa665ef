//! `#/instructor/worksheets`: import many trainees' exports of worksheets and cases (or full backups) and
//! see the group work grouped by 職種, how the cohort filled each grid, and every answer as CSV. The
//! cases in the same exports are reported by `#/instructor/cases` (a bundle of its own).
//! Imported answers stay in this tab only (`kept_batch`); nothing is sent anywhere.

use crate::browser;
use crate::components::download::{Download, DownloadError};
use crate::components::group_work_reference::GroupWorkReference;
use crate::components::instructor_nav::InstructorNav;
use crate::components::qr_scanner::QrScanner;
use crate::components::worksheet_import::{WorksheetImportSection, scanned_into, worksheet_batch};
use crate::content::worksheets;
use crate::model::route::Route;
use crate::model::worksheet::{
    Grid, GridFill, Section, Worksheet, WorksheetBatch, csv_answers, grid_fill, group_work_summary,
};
use leptos::prelude::*;

#[component]
pub fn InstructorWorksheetsPage() -> impl IntoView {
    browser::set_document_title("講師用: ワークシートの集計");
    let batch = worksheet_batch();
    let saving = Download::new();
    let download_csv = move |_| {
        let csv = batch.with_untracked(|b| csv_answers(worksheets(), &b.exports()));
        saving.save(
            &format!("nimo-worksheets-{}.csv", browser::today()),
            "text/csv",
            &csv,
        );
    };
    let has_data = move || batch.with(|b| !b.accepted.is_empty());
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
        <h1>"講師用: ワークシートの集計"</h1>
        <WorksheetImportSection batch />
        <p class="report__note">
            "ここで読み込んだ回答の、事例での選択は"<a href=Route::InstructorCases.href()>"「事例の集計」"</a>"で見られます。"
        </p>
        <QrScanner test_id="worksheets-scan" on_export=scanned_into(batch)>
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
