//! Modules and their lessons, in reading order.

use crate::content::COURSE;
use crate::model::route::Route;
use leptos::prelude::*;

#[component]
pub fn CourseMap() -> impl IntoView {
    let modules = COURSE
        .modules
        .iter()
        // A module whose lessons are not written yet is not shown as an empty promise.
        .filter(|module| COURSE.lessons_of(module.id).next().is_some())
        .map(|module| {
            let lessons = COURSE
                .lessons_of(module.id)
                .map(|lesson| {
                    view! {
                        <li>
                            <a href=Route::Lesson(lesson.id.into()).href()>{lesson.title}</a>
                            <span class="course-map__minutes">{format!("約{}分", lesson.minutes)}</span>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="course-map__module" aria-labelledby=format!("module-{}", module.id)>
                    <h3 id=format!("module-{}", module.id)>{format!("第{}章 {}", module.number, module.title)}</h3>
                    <p>{module.summary}</p>
                    <ol class="course-map__lessons">{lessons}</ol>
                </section>
            }
        })
        .collect_view();
    view! { <div class="course-map" data-testid="course-map">{modules}</div> }
}
