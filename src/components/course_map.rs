//! Modules and their lessons, in reading order.

use crate::components::progress_bar::ProgressBar;
use crate::content::COURSE;
use crate::model::record::progress;
use crate::model::route::Route;
use crate::state::AppState;
use leptos::prelude::*;

#[component]
pub fn CourseMap() -> impl IntoView {
    let state = expect_context::<AppState>();
    let modules = COURSE
        .modules
        .iter()
        // A module whose lessons are not written yet is not shown as an empty promise.
        .filter(|module| COURSE.lessons_of(module.id).next().is_some())
        .map(|module| {
            let lessons = COURSE
                .lessons_of(module.id)
                .map(|lesson| {
                    let done = move || state.record.with(|r| r.lesson_done(lesson.id));
                    view! {
                        <li>
                            <a href=Route::Lesson(lesson.id.into()).href()>{lesson.title}</a>
                            {move || done().then(|| view! { <span class="course-map__done">"修了"</span> })}
                            <span class="course-map__minutes">{format!("約{}分", lesson.minutes)}</span>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="course-map__module" aria-labelledby=format!("module-{}", module.id)>
                    <h3 id=format!("module-{}", module.id)>{module.heading()}</h3>
                    <p>{module.summary}</p>
                    <ProgressBar
                        label=format!("第{}章の進み具合", module.number)
                        progress=Signal::derive(move || state.record.with(|r| progress::of_module(&COURSE, r, module.id)))
                        test_id=format!("progress-{}", module.id)
                    />
                    <ol class="course-map__lessons">{lessons}</ol>
                </section>
            }
        })
        .collect_view();
    view! { <div class="course-map" data-testid="course-map">{modules}</div> }
}
