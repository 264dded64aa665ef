//! `#/lesson/<id>`: objectives, body, key points, 出典, and the way to the next lesson.

use crate::browser;
use crate::components::backup_reminder::BackupReminder;
use crate::components::quiz::QuizView;
use crate::components::read_marker::ReadMarker;
use crate::components::reflection::ReflectionBox;
use crate::content::{COURSE, lesson_content};
use crate::model::course::{Lesson, LessonContent, Segment};
use crate::model::record::progress;
use crate::model::route::Route;
use crate::pack_loader::{PackLoadError, ensure_module, loading};
use crate::pages::not_found::NotFoundPage;
use crate::state::AppState;
use leptos::prelude::*;

#[component]
pub fn LessonPage(id: String, #[prop(optional)] at: Option<String>) -> impl IntoView {
    if let Some(section) = at {
        request_animation_frame(move || browser::scroll_to_element(&section));
    }
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
    // Everything below the title comes from the module's content pack. A pack already loaded (the
    // previous lesson's module) is shown at once rather than a tick later, when the resource resolves.
    let fetched = loading(load_lesson(lesson));
    let content = move || lesson_content(lesson.id).map(Ok).or_else(|| fetched.get());
    Effect::new(move |_| {
        if content().is_some() {
            browser::remove_boot_preview();
        }
    });
    let status = move || {
        state.record.with(|r| {
            if r.lesson_done(lesson.id) {
                "この講義は修了しました。"
            } else if r.is_read(lesson.id) {
                "最後まで読みました。確認問題に答えると修了です。"
            } else {
                "最後まで読み、確認問題に答えると修了です。"
            }
        })
    };
    let module_done = move || {
        let p = state
            .record
            .with(|r| progress::of_module(&COURSE, r, lesson.module));
        p.total > 0 && p.done == p.total
    };
    let main_part = move || {
        match content() {
        None => view! { <p class="loading" role="status">"本文を読み込んでいます…"</p> }.into_any(),
        Some(Err(error)) => {
            view! { <p class="error" role="alert" data-testid="lesson-error">{error.to_string()}</p> }
                .into_any()
        }
        Some(Ok(loaded)) => view! { <LessonMain lesson loaded /> }.into_any(),
    }
    };
    view! {
        <article class="lesson" data-testid="lesson">
            <header class="lesson__header">
                <p class="lesson__module">
                    {module.map(|m| m.heading())}
                </p>
                <h1>{lesson.title}</h1>
                <p class="lesson__minutes">{lesson.meta_line()}</p>
            </header>
            {main_part}
            <p class="lesson__status" role="status" data-testid="lesson-status">{status}</p>
            <Show when=module_done>
                <BackupReminder milestone=module.map_or_else(String::new, |m| format!("第{}章の講義をすべて終えました。", m.number)) />
            </Show>
            <LessonNeighbours lesson />
        </article>
    }
}

async fn load_lesson(lesson: &'static Lesson) -> Result<&'static LessonContent, PackLoadError> {
    ensure_module(lesson.module).await?;
    lesson_content(lesson.id).ok_or(PackLoadError::Missing("この講義の本文"))
}

#[component]
fn LessonMain(lesson: &'static Lesson, loaded: &'static LessonContent) -> impl IntoView {
    let body = loaded
        .body
        .iter()
        .map(|segment| match segment {
            Segment::Html(html) => {
                view! { <div class="lesson-body" inner_html=*html></div> }.into_any()
            }
            Segment::Reflection(reflection) => {
                let record_key = lesson.reflection_key(reflection.id);
                view! { <ReflectionBox reflection record_key /> }.into_any()
            }
        })
        .collect_view();
    view! {
        <section class="objectives" aria-labelledby="objectives-title">
            <h2 id="objectives-title">"学習目標"</h2>
            <ul>{loaded.objectives.iter().map(|o| view! { <li>{*o}</li> }).collect_view()}</ul>
        </section>
        {body}
        <section class="key-points" aria-labelledby="key-points-title">
            <h2 id="key-points-title">"まとめ"</h2>
            <ul>{loaded.key_points.iter().map(|k| view! { <li>{*k}</li> }).collect_view()}</ul>
        </section>
        <section class="sources" aria-labelledby="sources-title">
            <h2 id="sources-title">"出典"</h2>
            <ul>{loaded.sources.iter().map(|s| view! { <li>{s.citation()}</li> }).collect_view()}</ul>
        </section>
        <ReadMarker lesson_id=lesson.id />
        <QuizView lesson quiz=&loaded.quiz />
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
