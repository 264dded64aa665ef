//! `#/instructor/session/program`: the programme as an A4 handout: 時間・内容・使う教材, and for each item
//! the facilitator's notes with the learning objectives and key points of the lessons it uses (those
//! arrive in the lessons' content packs, loaded here).

use crate::browser;
use crate::content::{COURSE, lesson_content};
use crate::model::io::date::Day;
use crate::model::route::Route;
use crate::model::session::{Item, Programme};
use crate::pack_loader::{ensure_module, loading};
use crate::session_store::{self, Opened, material_titles};
use leptos::prelude::*;

#[component]
pub fn SessionProgramPage() -> impl IntoView {
    browser::set_document_title("研修プログラム（印刷用）");
    let Opened {
        programme,
        unreadable,
        ..
    } = session_store::open(false);
    let mut modules: Vec<&'static str> = programme
        .items
        .iter()
        .flat_map(|item| {
            item.lessons
                .iter()
                .filter_map(|id| COURSE.lesson(id).map(|l| l.module))
        })
        .collect();
    modules.sort_unstable();
    modules.dedup();
    // None while the packs load; the notes need the lessons' objectives and key points.
    let packs = loading(async move {
        for module in modules {
            ensure_module(module).await?;
        }
        Ok(())
    });
    let programme = StoredValue::new(programme);
    let print = |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };

    view! {
        <article class="program" data-testid="session-program">
            <p class="program__tools">
                <a href=Route::InstructorSession.href()>"進行表に戻る"</a>
                <button type="button" class="button" on:click=print>"印刷する（A4）"</button>
            </p>
            {unreadable.map(|_| view! {
                <p class="notice notice--warn" role="alert">"保存されていた進行表を読み込めなかったため、2019年モデル研修の進行を表示しています。「進行表に戻る」で確かめてください。"</p>
            })}
            {programme.with_value(|p| view! { <ProgramHead programme=p.clone() /> })}
            {programme.with_value(|p| view! { <ProgramTable programme=p.clone() /> })}
            <section class="program__notes" aria-labelledby="program-notes-title" data-testid="program-notes">
                <h2 id="program-notes-title">"進行メモ"</h2>
                {move || match packs.get() {
                    None => view! { <p class="loading" role="status">"講義の学習目標とまとめを読み込んでいます…"</p> }.into_any(),
                    Some(Err(message)) => view! { <p class="error" role="alert" data-testid="program-error">{format!("講義の学習目標とまとめを読み込めませんでした: {message}")}</p> }.into_any(),
                    Some(Ok(())) => programme.with_value(notes).into_any(),
                }}
            </section>
        </article>
    }
}

#[component]
fn ProgramHead(programme: Programme) -> impl IntoView {
    let date = Day::parse(&programme.date).map_or_else(|| "未定".to_owned(), Day::japanese);
    let place = if programme.place.trim().is_empty() {
        "未定".to_owned()
    } else {
        programme.place.clone()
    };
    let code = if programme.code.is_empty() {
        "なし".to_owned()
    } else {
        programme.code.clone()
    };
    view! {
        <h1>{if programme.title.trim().is_empty() { "研修プログラム".to_owned() } else { programme.title.clone() }}</h1>
        <dl class="program__meta">
            <div><dt>"日時"</dt><dd>{format!("{date}　{}〜{}", programme.start, programme.end())}</dd></div>
            <div><dt>"会場"</dt><dd>{place}</dd></div>
            <div><dt>"研修コード"</dt><dd data-testid="program-code">{code}</dd></div>
        </dl>
    }
}

#[component]
fn ProgramTable(programme: Programme) -> impl IntoView {
    let slots = programme.schedule();
    let rows = programme
        .items
        .iter()
        .zip(slots)
        .map(|(item, slot)| {
            let materials = material_titles(item);
            view! {
                <tr>
                    <th scope="row" class="program__time">{slot.start.to_string()}"〜"<br />{slot.end.to_string()}</th>
                    <td>
                        <strong>{item.heading()}</strong>
                        {(!item.theme.is_empty()).then(|| view! { <span class="program__theme">{item.theme.clone()}</span> })}
                    </td>
                    <td>
                        {if materials.is_empty() {
                            view! { <span class="program__none">"―"</span> }.into_any()
                        } else {
                            view! { <ul class="program__materials">{materials.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul> }.into_any()
                        }}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" role="region" aria-label="研修プログラムの表" tabindex="0">
            <table class="program__table" data-testid="program-table">
                <caption class="visually-hidden">"研修プログラム"</caption>
                <thead>
                    <tr><th scope="col">"時間"</th><th scope="col">"内容"</th><th scope="col">"使う教材"</th></tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// Per item: the facilitator's own notes, then what each of its lessons sets out to teach and sums up.
fn notes(programme: &Programme) -> impl IntoView {
    let slots = programme.schedule();
    programme
        .items
        .iter()
        .zip(slots)
        .filter(|(item, _)| !item.notes.trim().is_empty() || !item.lessons.is_empty())
        .map(|(item, slot)| view! { <ItemNotes item=item.clone() time_slot=slot.to_string() /> })
        .collect_view()
}

#[component]
fn ItemNotes(item: Item, time_slot: String) -> impl IntoView {
    let lessons = item
        .lessons
        .iter()
        .map(|id| match (COURSE.lesson(id), lesson_content(id)) {
            (Some(lesson), Some(content)) => view! {
                <div class="program__lesson">
                    <h4>{format!("講義「{}」", lesson.title)}</h4>
                    <p class="program__label">"学習目標"</p>
                    <ul>{content.objectives.iter().map(|o| view! { <li>{*o}</li> }).collect_view()}</ul>
                    <p class="program__label">"まとめ（伝えたい要点）"</p>
                    <ul>{content.key_points.iter().map(|k| view! { <li>{*k}</li> }).collect_view()}</ul>
                </div>
            }
            .into_any(),
            _ => view! { <p class="program__lesson">{format!("講義「{id}」はこの版の教材にありません。")}</p> }.into_any(),
        })
        .collect_view();
    view! {
        <section class="program__note" data-testid="program-note">
            <h3>{format!("{time_slot}　{}", item.heading())}</h3>
            {(!item.notes.trim().is_empty()).then(|| view! { <p class="pre-wrap program__own">{item.notes.clone()}</p> })}
            {lessons}
        </section>
    }
}
