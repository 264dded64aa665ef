//! `#/worksheet/<id>/present`: the facilitator's screen for the 演習: one prompt at a time, large, with a
//! countdown for each part (個人ワーク, グループワーク, 一言発表) whose durations the facilitator sets.
//! Under the prompt, folded away, the 2019 model training's answers to it (for the group-work sheet), for
//! the facilitator to draw on when a group is stuck.

use crate::browser;
use crate::components::countdown::{CountdownView, use_clock};
use crate::components::group_work_reference::GroupWorkReference;
use crate::components::presenting::{FullscreenButton, PromptSlides, on_arrow_keys};
use crate::content::worksheet;
use crate::model::route::Route;
use crate::model::session::timer::{
    Countdown, MAX_MINUTES, TimerPhase, default_phases, phases_from_json,
};
use crate::model::worksheet::present_prompts;
use crate::pages::not_found::NotFoundPage;
use crate::storage::{FACILITATOR_KEY, load_setting, save_setting};
use leptos::prelude::*;

#[component]
pub fn WorksheetPresentPage(id: String) -> impl IntoView {
    let Some(sheet) = worksheet(&id) else {
        let path = Route::WorksheetPresent(id)
            .href()
            .trim_start_matches('#')
            .to_owned();
        return view! { <NotFoundPage path /> }.into_any();
    };
    browser::set_document_title(&format!("{}（進行役）", sheet.title));
    browser::set_root_attribute("data-layout", "present");
    on_cleanup(|| browser::set_root_attribute("data-layout", ""));

    let prompts = present_prompts(sheet);
    let count = prompts.len();
    // The sections behind the prompts, in the same order (present_prompts skips the profile too).
    let sections: Vec<String> = sheet
        .sections
        .iter()
        .filter(|s| !s.profile)
        .map(|s| s.id.clone())
        .collect();
    let current = RwSignal::new(0usize);
    let reference = move || {
        sections.get(current.get()).map(|section| {
            view! { <GroupWorkReference sheet=sheet.id.clone() section=section.clone() /> }
        })
    };
    on_arrow_keys(move |delta| {
        current.update(|i| *i = i.saturating_add_signed(delta).min(count.saturating_sub(1)))
    });

    view! {
        <div class="present" data-testid="present">
            <p class="present__back">
                <a href=Route::Worksheet(sheet.id.clone()).href()>"シートに戻る"</a>
                <FullscreenButton />
            </p>
            <PromptSlides prompts current />
            {reference}
            <PhaseTimer />
        </div>
    }
    .into_any()
}

/// The countdown for the part of the 演習 in progress; durations are remembered on this device.
#[component]
fn PhaseTimer() -> impl IntoView {
    let phases = RwSignal::new(
        load_setting(FACILITATOR_KEY).map_or_else(default_phases, |json| phases_from_json(&json)),
    );
    let phase = RwSignal::new(0usize);
    let countdown = RwSignal::new(Countdown::new(phases.get_untracked()[0].minutes));
    let now = use_clock();
    let choose = move |index: usize| {
        phase.set(index);
        countdown.set(Countdown::new(phases.with_untracked(|p| p[index].minutes)));
    };
    let set_minutes = move |index: usize, value: String| {
        let Ok(minutes) = value.trim().parse::<u32>() else {
            return;
        };
        if !(1..=MAX_MINUTES).contains(&minutes) {
            return;
        }
        phases.update(|p| p[index].minutes = minutes);
        if phase.get_untracked() == index && !countdown.get_untracked().is_running() {
            countdown.set(Countdown::new(minutes));
        }
        if let Ok(json) = serde_json::to_string(&phases.get_untracked()) {
            save_setting(FACILITATOR_KEY, &json);
        }
    };
    let total = move || phases.with(|p| p.iter().map(|p| p.minutes).sum::<u32>());
    let tabs = move || {
        phases
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, TimerPhase { label, minutes })| {
                view! {
                    <button type="button" class="button button--quiet" aria-pressed=move || (phase.get() == i).to_string() on:click=move |_| choose(i) data-testid="timer-phase">
                        {format!("{label}（{minutes}分）")}
                    </button>
                }
            })
            .collect_view()
    };
    let settings = move || {
        phases
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, TimerPhase { label, minutes })| {
                let id = format!("phase-minutes-{i}");
                view! {
                    <p>
                        <label for=id.clone()>{label}</label>
                        <input id=id type="number" min="1" max=MAX_MINUTES.to_string() inputmode="numeric" prop:value=minutes.to_string()
                            on:change=move |ev| set_minutes(i, event_target_value(&ev)) data-testid="timer-minutes" />
                        "分"
                    </p>
                }
            })
            .collect_view()
    };
    view! {
        <section class="present__timer" aria-labelledby="timer-title">
            <h2 id="timer-title" class="visually-hidden">"タイマー"</h2>
            <div class="present__phases" role="group" aria-label="演習の段階">{tabs}</div>
            <CountdownView countdown now on_reset=Callback::new(move |()| choose(phase.get_untracked())) />
            <details class="present__settings">
                <summary>"時間の設定"</summary>
                {settings}
                <p>{move || format!("合計 {}分（2019年のモデル研修では、演習全体が80分でした）", total())}</p>
            </details>
        </section>
    }
}
