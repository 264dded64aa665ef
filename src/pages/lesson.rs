//! `#/lesson/<id>`: objectives, body, key points, 出典, and the way to the next lesson.

use crate::browser;
use crate::components::reflection::ReflectionBox;
use crate::content::COURSE;
use crate::model::curriculum::{Lesson, Segment};
use crate::model::route::Route;
use crate::pages::not_found::NotFoundPage;
use crate::state::AppState;
use leptos::prelude::*;

#[component]
pub fn LessonPage(id: String) -> impl IntoView {
    match COURSE.lesson(&id) {
        Some(lesson) => view! { <LessonView lesson /> }.into_any(),
        None => view! { <NotFoundPage path=format!("/lesson/{id}") /> }.into_any(),
    }
}

#[component]
fn LessonView(lesson: &'static Lesson) -> impl IntoView {
    browser::set_document_title(lesson.title);
    let state = expect_context::<AppState>();
    state.edit(|record| record.set_last_lesson(lesson.id));
    let module = COURSE.module(lesson.module);
    let body = lesson
        .body
        .iter()
        .map(|segment| match segment {
            Segment::Html(html) => view! { <div class="lesson-body" inner_html=*html></div> }.into_any(),
            Segment::Reflection(reflection) => {
                let record_key = lesson.reflection_key(reflection.id);
                view! { <ReflectionBox reflection record_key /> }.into_any()
            }
        })
        .collect_view();
    view! {
        <article class="lesson" data-testid="lesson">
            <header class="lesson__header">
                <p class="lesson__module">
                    {module.map(|m| format!("第{}章 {}", m.number, m.title))}
                </p>
                <h1>{lesson.title}</h1>
                <p class="lesson__minutes">{format!("目安 約{}分", lesson.minutes)}</p>
            </header>
            <section class="objectives" aria-labelledby="objectives-title">
                <h2 id="objectives-title">"学習目標"</h2>
                <ul>{lesson.objectives.iter().map(|o| view! { <li>{*o}</li> }).collect_view()}</ul>
            </section>
            {body}
            <section class="key-points" aria-labelledby="key-points-title">
                <h2 id="key-points-title">"まとめ"</h2>
                <ul>{lesson.key_points.iter().map(|k| view! { <li>{*k}</li> }).collect_view()}</ul>
            </section>
            <section class="sources" aria-labelledby="sources-title">
                <h2 id="sources-title">"出典"</h2>
                <ul>{lesson.sources.iter().map(|s| view! { <li>{s.citation()}</li> }).collect_view()}</ul>
            </section>
            <LessonNeighbours lesson />
        </article>
    }
}

#[component]
fn LessonNeighbours(lesson: &'static Lesson) -> impl IntoView {
    let (previous, next) = COURSE.neighbours(lesson.id);
    let link = |target: Option<&'static Lesson>, label: &'static str, class: &'static str| {
        target.map(|l| {
            view! {
                <a class=class href=Route::Lesson(l.id.into()).href()>
                    <span class="lesson-nav__label">{label}</span>
                    <span>{l.title}</span>
                </a>
            }
        })
    };
    view! {
        <nav class="lesson-nav" aria-label="前後の講義">
            {link(previous, "前の講義", "lesson-nav__prev")}
            {link(next, "次の講義", "lesson-nav__next")}
            <a class="lesson-nav__list" href=Route::Lessons.href()>"講義の一覧へ"</a>
        </nav>
    }
}
