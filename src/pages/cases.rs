//! `#/cases`: the case scenarios, with where the trainee stands in each.

use crate::browser;
use crate::components::practice_export::PracticeExport;
use crate::content::cases;
use crate::model::case::{Case, role_label};
use crate::model::route::Route;
use crate::state::AppState;
use leptos::prelude::*;

#[component]
pub fn CasesPage() -> impl IntoView {
    browser::set_document_title("事例");
    let cards = cases()
        .iter()
        .map(|case| view! { <CaseCard case /> })
        .collect_view();
    view! {
        <h1>"事例で考える"</h1>
        <p class="lead">
            "講義で紹介された事例の中に立ち、場面ごとに次の行動を選びます。選ぶたびに、その行動が本人と連携にどう働くかを、研修資料にある考え方とあわせて返します。"
            "最後に、たどった経過と4つの観点での振り返りが表示されます。選んだ経過はこのブラウザに保存され、途中でやめても続きから再開できます。"
        </p>
        <ul class="sheet-cards">{cards}</ul>
        <PracticeExport />
    }
}

#[component]
fn CaseCard(case: &'static Case) -> impl IntoView {
    let state = expect_context::<AppState>();
    let endings = case.endings().count();
    let status = move || {
        state.record.with(|r| match r.case_play(&case.id) {
            None => "未着手".to_owned(),
            Some(play) => {
                let reached = play.endings_reached.len();
                let walk = play.walk(case);
                let now = if walk.ended {
                    "結末に到達".to_owned()
                } else if walk.steps.is_empty() {
                    "はじめから".to_owned()
                } else {
                    format!("{}つ目の判断まで進行中", walk.steps.len() + 1)
                };
                format!("{now}・到達した結末 {reached} / {endings}")
            }
        })
    };
    let roles = (!case.roles.is_empty()).then(|| {
        let names: Vec<&str> = case.roles.iter().filter_map(|r| role_label(r)).collect();
        view! { <p class="sheet-card__meta">{format!("選べる立場：{}", names.join("・"))}</p> }
    });
    view! {
        <li class="sheet-card" data-testid="case-card">
            <h2><a href=Route::Case(case.id.clone()).href()>{case.title.clone()}</a></h2>
            <p>{case.summary.clone()}</p>
            {roles}
            <p class="sheet-card__meta" data-testid="case-status">{status}</p>
        </li>
    }
}
