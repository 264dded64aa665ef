//! `#/lessons`: every lesson by module.

use crate::browser;
use crate::components::course_map::CourseMap;
use leptos::prelude::*;

#[component]
pub fn LessonsPage() -> impl IntoView {
    browser::set_document_title("講義");
    view! {
        <h1>"講義"</h1>
        <p>"章ごとに講義を並べています。どの講義から読んでもかまいません。"</p>
        <CourseMap />
    }
}
