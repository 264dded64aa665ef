//! Switches between the instructor's views (session programme; survey; worksheets; cases; self-assessment).

use crate::model::route::Route;
use leptos::prelude::*;

#[component]
pub fn InstructorNav(current: Route) -> impl IntoView {
    let links = [
        (Route::InstructorSession, "研修の進行"),
        (Route::Instructor, "アンケートの集計"),
        (Route::InstructorWorksheets, "ワークシートの集計"),
        (Route::InstructorCases, "事例の集計"),
        (Route::InstructorAssessment, "事前・事後の自己評価"),
    ]
    .into_iter()
    .map(|(route, label)| {
        let here = (route == current).then_some("page");
        view! { <li><a href=route.href() aria-current=here>{label}</a></li> }
    })
    .collect_view();
    view! {
        <nav class="subnav" aria-label="講師用の画面">
            <ul>{links}</ul>
        </nav>
    }
}
