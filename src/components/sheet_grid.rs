//! A worksheet grid (4要素 × 3システム, 3つの軸 × 起点). On a wide screen and on paper it is the whole
//! grid; on a phone it steps through one row at a time under an overview of every cell.

use crate::components::sheet_field::{BoxSpec, Mode, SheetBox};
use crate::model::worksheet::{FieldKind, Grid, Section, Worksheet, cell_key};
use crate::state::AppState;
use leptos::prelude::*;

#[component]
pub fn SheetGrid(
    sheet: &'static Worksheet,
    section: &'static Section,
    grid: &'static Grid,
    mode: Mode,
    show_examples: Signal<bool>,
) -> impl IntoView {
    let current = RwSignal::new(0usize);
    let last = grid.rows.len().saturating_sub(1);
    let step = move |delta: isize| {
        current.update(|r| *r = r.saturating_add_signed(delta).min(last));
    };
    let column_id = move |c: usize| format!("{}-{}-col-{c}", sheet.id, section.id);
    let row_id = move |r: usize| format!("{}-{}-row-{r}", sheet.id, section.id);
    // A class, not a style attribute: the CSP allows no inline styles.
    let class = format!("sheet-grid sheet-grid--cols-{}", grid.columns.len());

    let timeline = (!grid.timeline.is_empty()).then(|| {
        view! {
            <p class="sheet-grid__timeline" aria-label="時間軸">
                {grid.timeline.iter().enumerate().map(|(i, year)| view! {
                    {(i > 0).then_some(view! { <span aria-hidden="true">" → "</span> })}
                    <span class="sheet-grid__year">{year.clone()}</span>
                }).collect_view()}
            </p>
        }
    });
    let header = grid
        .columns
        .iter()
        .enumerate()
        .map(|(c, column)| {
            view! {
                <div class="sheet-grid__colhead" id=column_id(c)>
                    <strong>{column.label.clone()}</strong>
                    {(!column.note.is_empty()).then(|| view! { <span class="sheet-grid__note">{column.note.clone()}</span> })}
                </div>
            }
        })
        .collect_view();
    let rows = grid
        .rows
        .iter()
        .enumerate()
        .map(|(r, row)| {
            let cells = grid
                .columns
                .iter()
                .enumerate()
                .map(|(c, column)| {
                    let boxes = grid
                        .cell_fields
                        .iter()
                        .map(|field| {
                            let example = grid
                                .examples
                                .iter()
                                .find(|e| e.row == row.id && e.column == column.id && e.field == field.id)
                                .map(|e| e.text.clone())
                                .unwrap_or_default();
                            let spec = BoxSpec {
                                key: cell_key(&sheet.id, &section.id, &row.id, &column.id, &field.id),
                                dom_id: format!("{}-{}-{}-{}-{}", sheet.id, section.id, row.id, column.id, field.id),
                                label: field.label.clone(),
                                kind: FieldKind::Text,
                                options: Vec::new(),
                                hint: String::new(),
                                example,
                                personal: false,
                                label_hidden: false,
                            };
                            view! { <SheetBox spec mode show_examples privacy_check=sheet.privacy_check /> }
                        })
                        .collect_view();
                    view! {
                        <div class="sheet-grid__cell" role="group" aria-labelledby=format!("{} {}", row_id(r), column_id(c)) data-testid="sheet-cell">
                            <p class="sheet-grid__cellhead" aria-hidden="true">{column.label.clone()}</p>
                            {boxes}
                        </div>
                    }
                })
                .collect_view();
            let hints = (!row.hints.is_empty()).then(|| {
                view! {
                    <details class="sheet-grid__hints" open>
                        <summary>{if grid.hints_title.is_empty() { "視点".to_owned() } else { grid.hints_title.clone() }}</summary>
                        <ul>{row.hints.iter().map(|h| view! { <li>{h.clone()}</li> }).collect_view()}</ul>
                    </details>
                }
            });
            view! {
                <div class="sheet-grid__row" class:is-current=move || current.get() == r data-testid="sheet-grid-row">
                    <div class="sheet-grid__rowhead">
                        <h3 id=row_id(r)>{row.label.clone()}</h3>
                        {(!row.note.is_empty()).then(|| view! { <p class="sheet-grid__note">{row.note.clone()}</p> })}
                        {hints}
                    </div>
                    {cells}
                </div>
            }
        })
        .collect_view();

    view! {
        <div class=class>
            {(mode == Mode::Fill).then(|| view! { <GridOverview sheet section grid current /> })}
            {timeline}
            <div class="sheet-grid__head" aria-hidden="true">
                <div class="sheet-grid__corner">
                    <span>{grid.row_heading.clone()}</span>
                    <span>{grid.column_heading.clone()}</span>
                </div>
                {header}
            </div>
            {rows}
            {(mode == Mode::Fill).then(|| view! {
                <div class="sheet-grid__stepper">
                    <button type="button" class="button button--quiet" on:click=move |_| step(-1) disabled=move || current.get() == 0>"前の要素"</button>
                    <span role="status">{move || format!("{} / {}", current.get() + 1, last + 1)}</span>
                    <button type="button" class="button button--quiet" on:click=move |_| step(1) disabled=move || current.get() == last data-testid="grid-next">"次の要素"</button>
                </div>
            })}
        </div>
    }
}

/// Every cell at a glance, marked filled or empty; choosing one shows its row. Phones only (CSS): on a
/// wide screen the grid itself is the overview.
#[component]
fn GridOverview(
    sheet: &'static Worksheet,
    section: &'static Section,
    grid: &'static Grid,
    current: RwSignal<usize>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let filled = move |row: &str, column: &str| {
        state.record.with(|r| {
            grid.cell_fields.iter().any(|f| {
                !r.text(&cell_key(&sheet.id, &section.id, row, column, &f.id))
                    .trim()
                    .is_empty()
            })
        })
    };
    let rows = grid
        .rows
        .iter()
        .enumerate()
        .map(|(r, row)| {
            let cells = grid
                .columns
                .iter()
                .map(|column| {
                    let (row_id, column_id): (&'static str, &'static str) = (&row.id, &column.id);
                    let is_filled = move || filled(row_id, column_id);
                    let label = {
                        let (row_label, column_label) = (row.label.clone(), column.label.clone());
                        move || format!("{row_label} × {column_label}（{}）", if is_filled() { "記入あり" } else { "未記入" })
                    };
                    view! {
                        <td>
                            <button type="button" class="sheet-overview__cell" class:is-filled=is_filled aria-label=label on:click=move |_| current.set(r)>
                                {move || if is_filled() { "●" } else { "○" }}
                            </button>
                        </td>
                    }
                })
                .collect_view();
            view! {
                <tr class:is-current=move || current.get() == r>
                    <th scope="row">{row.label.clone()}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="sheet-overview" data-testid="sheet-overview">
            <caption>"全体（●記入あり ○未記入）。行を選ぶと、その要素に移ります。"</caption>
            <thead>
                <tr>
                    <td></td>
                    {grid.columns.iter().map(|c| view! { <th scope="col">{c.label.clone()}</th> }).collect_view()}
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
