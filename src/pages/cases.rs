//! `#/cases`: the case scenarios, with where the trainee stands in each.

use crate::browser;
use crate::components::practice_export::PracticeExport;
use crate::content::{CASES, case};
use crate::model::case::{CaseRef, role_label};
use crate::model::route::Route;
use crate::pack_loader::ensure_case;
use crate::state::AppState;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn CasesPage() -> impl IntoView {
    browser::set_document_title("事例");
    let cards = CASES
        .iter()
        .map(|entry| view! { <CaseCard entry /> })
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
fn CaseCard(entry: &'static CaseRef) -> impl IntoView {
    let state = expect_context::<AppState>();
    let endings = entry.endings;
    // Where a trainee stands needs the case itself (its pack): fetched only for a case they have begun.
    let loaded = RwSignal::new(case(entry.id));
    let begun = state
        .record
        .with_untracked(|r| r.case_play(entry.id).is_some());
    if begun && loaded.get_untracked().is_none() {
        spawn_local(async move { loaded.set(ensure_case(entry.id).await.ok()) });
    }
    let status = move || {
        state.record.with(|r| match r.case_play(entry.id) {
            None => "未着手".to_owned(),
            Some(play) => {
                let reached = play.endings_reached.len();
                let now = match loaded.get() {
                    None => "途中まで進行".to_owned(),
                    Some(case) => {
                        let walk = play.walk(case);
                        now_text(walk.ended, walk.steps.len())
                    }
                };
                format!("{now}・到達した結末 {reached} / {endings}")
            }
        })
    };
    let roles = (!entry.roles.is_empty()).then(|| {
        let names: Vec<&str> = entry.roles.iter().filter_map(|r| role_label(r)).collect();
        view! { <p class="sheet-card__meta">{format!("選べる立場：{}", names.join("・"))}</p> }
    });
    view! {
        <li class="sheet-card" data-testid="case-card">
            <h2><a href=Route::Case(entry.id.to_owned()).href()>{entry.title}</a></h2>
            <p>{entry.summary}</p>
            {roles}
            <p class="sheet-card__meta" data-testid="case-status">{status}</p>
        </li>
    }
}

fn now_text(ended: bool, steps: usize) -> String {
    if ended {
        "結末に到達".to_owned()
    } else if steps == 0 {
        "はじめから".to_owned()
    } else {
        format!("{}つ目の判断まで進行中", steps + 1)
    }
}
