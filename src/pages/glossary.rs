//! `#/glossary` and `#/glossary/<id>`: every term in 50音順, grouped by 行, with a filter.

use crate::browser;
use crate::components::lesson_links::lesson_link_items;
use crate::content::{COURSE, GLOSSARY_PACK, glossary};
use crate::model::course::Term;
use crate::model::course::search::fold_query;
use crate::pack_loader::{PackLoadError, ensure_module, loading};
use leptos::prelude::*;

/// The 行 a reading starts in, for the group headings.
fn row_of(reading: &str) -> &'static str {
    const ROWS: [(&str, &str); 10] = [
        ("あいうえおぁぃぅぇぉゔ", "あ行"),
        ("かきくけこがぎぐげごゕゖ", "か行"),
        ("さしすせそざじずぜぞ", "さ行"),
        ("たちつてとだぢづでどっ", "た行"),
        ("なにぬねの", "な行"),
        ("はひふへほばびぶべぼぱぴぷぺぽ", "は行"),
        ("まみむめも", "ま行"),
        ("やゆよゃゅょ", "や行"),
        ("らりるれろ", "ら行"),
        ("わゐゑをんゎ", "わ行"),
    ];
    let first = reading.chars().next().unwrap_or(' ');
    ROWS.iter()
        .find(|(kana, _)| kana.contains(first))
        .map_or("その他", |(_, row)| row)
}

fn matches(term: &Term, folded_filter: &str) -> bool {
    folded_filter.is_empty()
        || std::iter::once(term.term)
            .chain(term.aliases.iter().copied())
            .chain([term.reading, term.definition])
            .any(|text| fold_query(text).contains(folded_filter))
}

async fn load_glossary() -> Result<&'static [Term], PackLoadError> {
    ensure_module(GLOSSARY_PACK).await?;
    glossary().ok_or(PackLoadError::Missing("用語集"))
}

#[component]
pub fn GlossaryPage(#[prop(optional)] focus: Option<String>) -> impl IntoView {
    browser::set_document_title("用語集");
    let filter = RwSignal::new(String::new());
    // Shown at once when the glossary is already loaded, else when its pack arrives.
    let fetched = loading(load_glossary());
    let terms = move || glossary().map(Ok).or_else(|| fetched.get());
    let focus = StoredValue::new(focus);
    // Once, when the list is first in the page.
    Effect::new(move |scrolled: Option<bool>| {
        if scrolled == Some(true) {
            return true;
        }
        let shown = matches!(terms(), Some(Ok(_)));
        if let (true, Some(id)) = (shown, focus.get_value()) {
            request_animation_frame(move || browser::scroll_to_element(&format!("term-{id}")));
        }
        shown
    });
    let groups = move || {
        let folded = fold_query(filter.get().trim());
        let mut groups: Vec<(&'static str, Vec<&'static Term>)> = Vec::new();
        let Some(Ok(all)) = terms() else {
            return groups;
        };
        for term in all.iter().filter(|t| matches(t, &folded)) {
            let row = row_of(term.reading);
            match groups.last_mut() {
                Some((r, terms)) if *r == row => terms.push(term),
                _ => groups.push((row, vec![term])),
            }
        }
        groups
    };
    let count = move || groups().iter().map(|(_, t)| t.len()).sum::<usize>();
    view! {
        <h1>"用語集"</h1>
        <p>{format!("講義に出てくる用語 {}語 を、読みの50音順に並べています。講義の本文で点線の下線がある用語を押すと、ここに移ります。", COURSE.glossary_size)}</p>
        {move || match terms() {
            None => Some(view! { <p role="status">"用語集を読み込んでいます…"</p> }.into_any()),
            Some(Err(error)) => Some(view! { <p class="error" role="alert">{error.to_string()}</p> }.into_any()),
            Some(Ok(_)) => None,
        }}
        <label class="filter">
            "用語をしぼりこむ"
            <input type="search" prop:value=move || filter.get() on:input=move |ev| filter.set(event_target_value(&ev)) data-testid="glossary-filter" />
        </label>
        <p role="status" class="filter__count">{move || format!("{}語", count())}</p>
        {move || groups().into_iter().map(|(row, terms)| view! {
            <section class="glossary__group" aria-label=row>
                <h2>{row}</h2>
                <dl class="glossary">
                    {terms.into_iter().map(|term| view! { <TermEntry term focused=focus.with_value(|f| f.as_deref() == Some(term.id)) /> }).collect_view()}
                </dl>
            </section>
        }).collect_view()}
    }
}

#[component]
fn TermEntry(term: &'static Term, focused: bool) -> impl IntoView {
    let lessons = lesson_link_items(term.lessons.iter());
    view! {
        <div class="glossary__entry" class:glossary__entry--focused=focused id=format!("term-{}", term.id) tabindex="-1" data-testid="glossary-entry">
            <dt>
                <span class="glossary__term">{term.term}</span>
                <span class="glossary__reading">{format!("（{}）", term.reading)}</span>
            </dt>
            <dd>
                <p>{term.definition}</p>
                {(!term.aliases.is_empty()).then(|| view! { <p class="glossary__aliases">{format!("別の表記: {}", term.aliases.join("、"))}</p> })}
                {(!term.source.is_empty()).then(|| view! { <p class="glossary__source">{format!("出典: {}", term.source)}</p> })}
                {(!term.lessons.is_empty()).then(|| view! {
                    <p class="glossary__lessons-title">"この用語が出てくる講義"</p>
                    <ul class="glossary__lessons">{lessons}</ul>
                })}
            </dd>
        </div>
    }
}
