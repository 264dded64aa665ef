//! Links to lessons by id, titled as the course index names them; unknown ids are skipped.

use crate::content::COURSE;
use crate::model::route::Route;
use leptos::prelude::*;

/// The `<li>` items, for a list that may hold other links too.
pub fn lesson_link_items<S: AsRef<str>>(ids: impl IntoIterator<Item = S>) -> impl IntoView {
    ids.into_iter()
        .filter_map(|id| COURSE.lesson(id.as_ref()))
        .map(|lesson| view! { <li><a href=Route::Lesson(lesson.id.into()).href()>{lesson.title}</a></li> })
        .collect_view()
}
