//! A worksheet table the trainee can add rows to (役割分担, ロードマップ).

use crate::components::sheet_field::{BoxSpec, Mode, SheetBox};
use crate::model::worksheet::{Section, Table, Worksheet, rows_key, table_key};
use crate::state::AppState;
use leptos::prelude::*;

/// Empty rows on the paper version, enough to write a plan by hand.
const BLANK_ROWS: u32 = 6;

#[component]
pub fn SheetTable(
    sheet: &'static Worksheet,
    section: &'static Section,
    table: &'static Table,
    mode: Mode,
    show_examples: Signal<bool>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let rows = Memo::new(move |_| match mode {
        Mode::Blank => table.initial_rows.max(BLANK_ROWS).min(table.max_rows),
        Mode::Fill => state.record.with(|r| sheet.table_rows(section, r)),
    });
    let add_row = move |_| {
        let next = rows.get_untracked() + 1;
        if next <= table.max_rows {
            state.edit(|r| r.set_text(&rows_key(&sheet.id, &section.id), &next.to_string()));
        }
    };
    let body = move || {
        (1..=rows.get())
            .map(|n| {
                let cells = table
                    .columns
                    .iter()
                    .map(|column| {
                        let spec = BoxSpec {
                            key: table_key(&sheet.id, &section.id, n, &column.id),
                            dom_id: format!("{}-{}-{n}-{}", sheet.id, section.id, column.id),
                            label: format!("{n}行目：{}", column.label),
                            kind: column.kind,
                            options: Vec::new(),
                            hint: String::new(),
                            example: String::new(),
                            personal: column.personal,
                            label_hidden: true,
                        };
                        view! { <td><SheetBox spec mode show_examples privacy_check=sheet.privacy_check /></td> }
                    })
                    .collect_view();
                view! { <tr><th scope="row">{n}</th>{cells}</tr> }
            })
            .collect_view()
    };
    let head = table
        .columns
        .iter()
        .map(|c| view! { <th scope="col">{c.label.clone()}</th> })
        .collect_view();
    let examples = (!table.examples.is_empty()).then(|| {
        view! {
            <Show when=move || show_examples.get()>
                <table class="sheet-table sheet-table--example" data-testid="sheet-example">
                    <caption>"記入例"</caption>
                    <thead><tr>{table.columns.iter().map(|c| view! { <th scope="col">{c.label.clone()}</th> }).collect_view()}</tr></thead>
                    <tbody>
                        {table.examples.iter().map(|row| view! {
                            <tr>{row.iter().map(|cell| view! { <td>{cell.clone()}</td> }).collect_view()}</tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </Show>
        }
    });
    view! {
        <div class="table-wrap" role="region" aria-label=section.title.clone() tabindex="0">
            <table class="sheet-table">
                <thead><tr><th scope="col">"行"</th>{head}</tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
        {(mode == Mode::Fill).then(|| view! {
            <button type="button" class="button button--quiet" on:click=add_row disabled=move || { rows.get() >= table.max_rows } data-testid="table-add-row">
                "行を追加"
            </button>
        })}
        {examples}
    }
}
