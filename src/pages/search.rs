//! `#/search?q=…`: search lessons and the glossary, offline, with the matches marked.

use crate::browser;
use crate::content::{COURSE, glossary, lesson_content};
use crate::model::course::search::{DocumentKind, SearchIndex};
use crate::model::route::Route;
use crate::pack_loader::{ensure_all, loading};
use leptos::prelude::*;
use std::sync::OnceLock;

/// Built once every pack has loaded; the course never changes while the page is open.
fn index() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX
        .get_or_init(|| SearchIndex::build(&COURSE, lesson_content, glossary().unwrap_or_default()))
}

/// Shown at most; a query that finds more is better narrowed.
const MAX_RESULTS: usize = 50;

#[component]
pub fn SearchPage(query: String) -> impl IntoView {
    browser::set_document_title("検索");
    let query = RwSignal::new(query);
    // None while the lesson texts load; search waits for all of them so that nothing is missed.
    let ready = loading(ensure_all());
    let on_input = move |ev| {
        let value = event_target_value(&ev);
        // Keeps the address shareable without adding a history entry per keystroke.
        browser::replace_hash(&Route::Search(value.clone()).href());
        query.set(value);
    };
    let results = move || {
        let q = query.get();
        let hits = index().search(&q);
        let total = hits.len();
        let items = hits
            .into_iter()
            .take(MAX_RESULTS)
            .map(|hit| {
                let doc = hit.document;
                let kind = match doc.kind {
                    DocumentKind::Lesson => "講義",
                    DocumentKind::Term => "用語",
                };
                let snippet = hit
                    .snippet
                    .into_iter()
                    .map(|piece| if piece.hit { view! { <mark>{piece.text}</mark> }.into_any() } else { piece.text.into_any() })
                    .collect_view();
                view! {
                    <li class="search__hit" data-testid="search-hit">
                        <a href=doc.href.clone()>
                            <span class="search__kind">{kind}</span>
                            <span class="search__title">{doc.title.clone()}</span>
                            {(!doc.section.is_empty()).then(|| view! { <span class="search__section">{format!("／{}", doc.section)}</span> })}
                        </a>
                        <p class="search__snippet">{snippet}</p>
                    </li>
                }
            })
            .collect_view();
        (q.trim().to_owned(), total, items)
    };
    view! {
        <h1>"検索"</h1>
        <form role="search" class="search__form" on:submit=|ev| ev.prevent_default()>
            <label for="search-input">"講義と用語集から探す"</label>
            <input id="search-input" type="search" autofocus prop:value=move || query.get() on:input=on_input data-testid="search-input" />
        </form>
        <p class="search__help">"ひらがな・カタカナ、全角・半角の違いは区別しません。スペースで区切ると、すべての語を含むものを探します。"</p>
        {move || match ready.get() {
            None => Some(view! { <p role="status">"検索の準備をしています…"</p> }.into_any()),
            Some(Err(error)) => Some(view! { <p class="error" role="alert">{error.to_string()}</p> }.into_any()),
            Some(Ok(())) => None,
        }}
        {move || matches!(ready.get(), Some(Ok(()))).then(|| {
            let (q, total, items) = results();
            let status = if q.is_empty() {
                String::new()
            } else if total == 0 {
                format!("「{q}」は見つかりませんでした。")
            } else if total > MAX_RESULTS {
                format!("「{q}」: {total}件（はじめの{MAX_RESULTS}件を表示）")
            } else {
                format!("「{q}」: {total}件")
            };
            view! {
                <p role="status" data-testid="search-status">{status}</p>
                <ol class="search__results">{items}</ol>
            }
        })}
    }
}
