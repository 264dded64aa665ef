//! `#/`: what this is, where the trainee left off, and the course map.

use crate::browser;
use crate::components::course_map::CourseMap;
use crate::components::progress_bar::ProgressBar;
use crate::components::storage_status::StorageStatus;
use crate::content::COURSE;
use crate::model::record::progress;
use crate::model::route::Route;
use crate::state::AppState;
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    browser::set_document_title("");
    let state = expect_context::<AppState>();
    let resume = move || {
        let id = state
            .record
            .with(|r| r.last_lesson.as_ref().map(|s| s.value.clone()))?;
        let lesson = COURSE.lesson(&id)?;
        Some(view! {
            <p class="resume">
                <a class="button" href=Route::Lesson(lesson.id.into()).href() data-testid="resume">
                    "続きから: " {lesson.title}
                </a>
            </p>
        })
    };
    view! {
        <h1>{COURSE.title}</h1>
        <p class="lead">
            "「精神障害にも対応した地域包括ケアシステム」（にも包括）を築く人のための研修教材です。"
            "講義を読み、振り返りを書き、ワークシートや事例で考えを深めます。"
        </p>
        <StorageStatus />
        <ProgressBar
            label="全体の進み具合"
            progress=Signal::derive(move || state.record.with(|r| progress::overall(&COURSE, r)))
            test_id="progress-overall"
        />
        {resume}
        <p class="home__steps" data-testid="home-steps">
            "研修の前に"
            <a href=Route::Assessment.href()>"事前の自己評価"</a>
            "に答え、終わったら"
            <a href=Route::Survey.href()>"アンケート"</a>
            "と事後の自己評価に答えます。すべての講義を終えると"
            <a href=Route::Certificate.href()>"修了証"</a>
            "を印刷できます。"
        </p>
        <h2>"講義の一覧"</h2>
        <CourseMap />
    }
}
