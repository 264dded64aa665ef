//! `#/worksheet/<id>`: one worksheet, saved as the trainee types; `#/worksheet/<id>/blank`: the same
//! sheet empty, to print for paper use.

use crate::browser;
use crate::components::backup_reminder::BackupReminder;
use crate::components::lesson_links::lesson_link_items;
use crate::components::sheet_field::{BoxSpec, Mode, SheetBox};
use crate::components::sheet_grid::SheetGrid;
use crate::components::sheet_table::SheetTable;
use crate::content::worksheet;
use crate::model::route::Route;
use crate::model::worksheet::{Cleared, Section, Worksheet, clear_sheet, field_key, undo_clear};
use crate::pages::not_found::NotFoundPage;
use crate::state::AppState;
use leptos::prelude::*;

#[component]
pub fn WorksheetPage(id: String, #[prop(optional)] blank: bool) -> impl IntoView {
    let Some(sheet) = worksheet(&id) else {
        let path = Route::Worksheet(id)
            .href()
            .trim_start_matches('#')
            .to_owned();
        return view! { <NotFoundPage path /> }.into_any();
    };
    browser::set_document_title(&sheet.title);
    // The grids need more width than the reading column the lessons use.
    browser::set_root_attribute("data-layout", "wide");
    on_cleanup(|| browser::set_root_attribute("data-layout", ""));
    let mode = if blank { Mode::Blank } else { Mode::Fill };
    let show_examples = RwSignal::new(false);
    let sections = sheet
        .sections
        .iter()
        .map(|section| view! { <SheetSection sheet section mode show_examples=show_examples.into() /> })
        .collect_view();
    let class = if sheet.landscape {
        "sheet sheet--landscape"
    } else {
        "sheet"
    };
    view! {
        <article class=class class:sheet--blank=blank data-testid="worksheet">
            <p class="breadcrumb"><a href=Route::Worksheets.href()>"ワークシート"</a></p>
            <h1>{sheet.title.clone()}</h1>
            {if blank {
                view! { <BlankIntro sheet /> }.into_any()
            } else {
                view! { <SheetIntro sheet show_examples /> }.into_any()
            }}
            {sections}
            <footer class="sheet__sources">
                <h2>"出典"</h2>
                <ul>{sheet.sources.iter().map(|s| view! { <li>{s.clone()}</li> }).collect_view()}</ul>
            </footer>
        </article>
    }
    .into_any()
}

#[component]
fn BlankIntro(sheet: &'static Worksheet) -> impl IntoView {
    view! {
        <p class="sheet__screen-only">
            "記入欄が空の用紙です。印刷して紙で記入するときに使います（ここに入力はできません）。"
            <a href=Route::Worksheet(sheet.id.clone()).href()>"画面で記入する"</a>
        </p>
        <p class="sheet__screen-only">
            <button type="button" class="button" on:click=|_| print()>"この用紙を印刷（A4）"</button>
        </p>
    }
}

#[component]
fn SheetIntro(sheet: &'static Worksheet, show_examples: RwSignal<bool>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let progress = move || state.record.with(|r| sheet.progress(r));
    let lessons = lesson_link_items(&sheet.lessons);
    view! {
        <div class="sheet__intro">
            {sheet.intro.lines().filter(|l| !l.trim().is_empty()).map(|p| view! { <p>{p.to_owned()}</p> }).collect_view()}
        </div>
        {sheet.privacy_check.then(|| view! {
            <p class="notice notice--warn" data-testid="privacy-warning">
                <strong>"名前や連絡先は書かないでください。"</strong>
                "氏名・住所・電話番号・生年月日・病院名など、人や機関が特定できることは書きません。「65歳女性」「Bさん（50代）」のように書きます。"
            </p>
        })}
        <nav class="sheet__lessons" aria-label="このシートのもとになる講義">
            <h2>"もとになる講義"</h2>
            <ul>{lessons}</ul>
        </nav>
        <div class="sheet__toolbar">
            <button
                type="button"
                class="button button--quiet"
                aria-pressed=move || show_examples.get().to_string()
                on:click=move |_| show_examples.update(|on| *on = !*on)
                data-testid="toggle-examples"
            >
                {move || if show_examples.get() { "記入例を隠す" } else { "記入例を見る" }}
            </button>
            <button type="button" class="button button--quiet" on:click=|_| print() data-testid="sheet-print">"印刷（A4）"</button>
            <a class="button button--quiet" href=Route::WorksheetBlank(sheet.id.clone()).href() data-testid="sheet-blank">"空欄の用紙"</a>
            <ClearSheet sheet />
        </div>
        <Show when=move || show_examples.get() && !sheet.example_note.is_empty()>
            <p class="notice" data-testid="example-note">
                {sheet.example_note.clone()}
                "記入例はあなたの記入欄には入りません。"
            </p>
        </Show>
        <p class="sheet__progress" role="status" data-testid="sheet-progress">
            {move || {
                let (filled, total) = progress();
                format!("{total}欄中 {filled}欄に記入しました。入力した内容は自動で保存されます。")
            }}
        </p>
        <Show when=move || { let (filled, total) = progress(); total > 0 && filled == total }>
            <BackupReminder milestone="このシートのすべての欄に記入しました。" />
        </Show>
    }
}

/// 「このシートを消す」 with a confirmation, and 「元に戻す」 for the last clear.
#[component]
fn ClearSheet(sheet: &'static Worksheet) -> impl IntoView {
    let state = expect_context::<AppState>();
    let confirming = RwSignal::new(false);
    let cleared = RwSignal::new(None::<Cleared>);
    let clear = move |_| {
        let mut result = None;
        state.edit(|r| result = clear_sheet(r, &sheet.id));
        if result.is_some() {
            cleared.set(result);
        }
        confirming.set(false);
    };
    let undo = move |_| {
        if let Some(c) = cleared.get_untracked() {
            state.edit(|r| undo_clear(r, &c));
        }
        cleared.set(None);
    };
    view! {
        <Show
            when=move || confirming.get()
            fallback=move || view! {
                <button type="button" class="button button--quiet" on:click=move |_| confirming.set(true) data-testid="sheet-clear">"このシートを消す"</button>
            }
        >
            <div class="confirm" role="group" aria-label="消去の確認">
                <p>"このシートの記入をすべて消します。消した直後なら「元に戻す」で戻せます。"</p>
                <button type="button" class="button button--danger" on:click=clear data-testid="sheet-clear-confirm">"消す"</button>
                <button type="button" class="button button--quiet" on:click=move |_| confirming.set(false)>"やめる"</button>
            </div>
        </Show>
        <Show when=move || cleared.with(Option::is_some)>
            <p class="sheet__undo" role="status">
                "シートの記入を消しました。"
                <button type="button" class="button button--small-text" on:click=undo data-testid="sheet-undo">"元に戻す"</button>
            </p>
        </Show>
    }
}

#[component]
fn SheetSection(
    sheet: &'static Worksheet,
    section: &'static Section,
    mode: Mode,
    show_examples: Signal<bool>,
) -> impl IntoView {
    let title_id = format!("{}-{}-title", sheet.id, section.id);
    let labelled_by = title_id.clone();
    let fields = section
        .fields
        .iter()
        .map(|field| {
            let spec = BoxSpec {
                key: field_key(&sheet.id, &section.id, &field.id),
                dom_id: format!("{}-{}-{}", sheet.id, section.id, field.id),
                label: field.label.clone(),
                kind: field.kind,
                options: field.options.clone(),
                hint: field.hint.clone(),
                example: field.example.clone(),
                personal: field.personal,
                // A section that is one question needs its heading only.
                label_hidden: section.fields.len() == 1
                    && section.grid.is_none()
                    && section.table.is_none(),
            };
            view! { <SheetBox spec mode show_examples privacy_check=sheet.privacy_check /> }
        })
        .collect_view();
    view! {
        <section class="sheet-section" aria-labelledby=labelled_by data-testid="sheet-section">
            <h2 id=title_id>
                {(!section.mark.is_empty()).then(|| view! { <span class="sheet-section__mark">{section.mark.clone()}</span> })}
                {section.title.clone()}
            </h2>
            {(!section.intro.is_empty()).then(|| view! { <p class="sheet-section__intro">{section.intro.clone()}</p> })}
            <div class="sheet-section__fields">{fields}</div>
            {section.grid.as_ref().map(|grid| view! { <SheetGrid sheet section grid mode show_examples /> })}
            {section.table.as_ref().map(|table| view! { <SheetTable sheet section table mode show_examples /> })}
        </section>
    }
}

fn print() {
    if let Some(window) = web_sys::window() {
        let _ = window.print();
    }
}
