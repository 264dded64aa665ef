//! `#/worksheet/<id>/present`: the facilitator's screen for the 演習: one prompt at a time, large, with a
//! countdown for each part (個人ワーク, グループワーク, 一言発表) whose durations the facilitator sets.

use crate::browser;
use crate::content::worksheet;
use crate::model::route::Route;
use crate::model::timer::{default_phases, mm_ss, phases_from_json, spoken, Countdown, Phase, MAX_MINUTES};
use crate::pages::not_found::NotFoundPage;
use crate::storage::{load_setting, save_setting, FACILITATOR_KEY};
use leptos::ev;
use leptos::prelude::*;
use std::time::Duration;

fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

#[component]
pub fn WorksheetPresentPage(id: String) -> impl IntoView {
    let Some(sheet) = worksheet(&id) else {
        let path = Route::WorksheetPresent(id).href().trim_start_matches('#').to_owned();
        return view! { <NotFoundPage path /> }.into_any();
    };
    browser::set_document_title(&format!("{}（進行役）", sheet.title));
    browser::set_root_attribute("data-layout", "present");
    on_cleanup(|| browser::set_root_attribute("data-layout", ""));

    let prompts: Vec<(String, String)> = sheet
        .sections
        .iter()
        .filter(|s| !s.profile)
        .map(|s| (s.mark.clone(), s.title.clone()))
        .collect();
    let count = prompts.len();
    let prompts = StoredValue::new(prompts);
    let current = RwSignal::new(0usize);
    let go = move |delta: isize| current.update(|i| *i = i.saturating_add_signed(delta).min(count.saturating_sub(1)));
    let keys = window_event_listener(ev::keydown, move |event| {
        let typing = event
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        if typing {
            return;
        }
        match event.key().as_str() {
            "ArrowRight" | "PageDown" => go(1),
            "ArrowLeft" | "PageUp" => go(-1),
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());

    let slide = move || {
        let index = current.get();
        prompts.with_value(|p| p.get(index).cloned()).map(|(mark, title)| {
            view! {
                <p class="present__count">{format!("{} / {}", index + 1, count)}</p>
                <h1 class="present__prompt" data-testid="present-prompt">
                    {(!mark.is_empty()).then(|| view! { <span class="present__mark">{mark}</span> })}
                    {title}
                </h1>
            }
        })
    };
    let fullscreen = move |_| {
        if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = root.request_fullscreen();
        }
    };

    view! {
        <div class="present" data-testid="present">
            <p class="present__back">
                <a href=Route::Worksheet(sheet.id.clone()).href()>"シートに戻る"</a>
                <button type="button" class="button button--quiet button--small-text" on:click=fullscreen>"全画面"</button>
            </p>
            <section class="present__slide" aria-live="polite">{slide}</section>
            <p class="present__nav">
                <button type="button" class="button button--quiet" on:click=move |_| go(-1) disabled=move || current.get() == 0>"前の問い"</button>
                <button type="button" class="button" on:click=move |_| go(1) disabled=move || { current.get() + 1 >= count } data-testid="present-next">"次の問い"</button>
            </p>
            <PhaseTimer />
        </div>
    }
    .into_any()
}

/// The countdown for the part of the 演習 in progress; durations are remembered on this device.
#[component]
fn PhaseTimer() -> impl IntoView {
    let phases = RwSignal::new(load_setting(FACILITATOR_KEY).map_or_else(default_phases, |json| phases_from_json(&json)));
    let phase = RwSignal::new(0usize);
    let countdown = RwSignal::new(Countdown::new(phases.get_untracked()[0].minutes));
    let now = RwSignal::new(now_ms());
    if let Ok(handle) = set_interval_with_handle(move || now.set(now_ms()), Duration::from_millis(250)) {
        on_cleanup(move || handle.clear());
    }
    let remaining = move || countdown.get().remaining_ms(now.get());
    let choose = move |index: usize| {
        phase.set(index);
        countdown.set(Countdown::new(phases.with_untracked(|p| p[index].minutes)));
    };
    let toggle = move |_| {
        let t = now_ms();
        now.set(t);
        countdown.update(|c| *c = if c.is_running() { c.pause(t) } else { c.start(t) });
    };
    let set_minutes = move |index: usize, value: String| {
        let Ok(minutes) = value.trim().parse::<u32>() else { return };
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
            .map(|(i, Phase { label, minutes })| {
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
            .map(|(i, Phase { label, minutes })| {
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
            <p class="present__time" class:is-over=move || remaining() == 0 aria-hidden="true" data-testid="timer-display">{move || mm_ss(remaining())}</p>
            // Announced when time is up and when started or paused, not every second.
            <p class="visually-hidden" role="status">
                {move || {
                    let c = countdown.get();
                    if c.is_over(now.get_untracked()) { "時間です".to_owned() } else if c.is_running() { "タイマーを開始しました".to_owned() } else { format!("一時停止中（{}）", spoken(c.remaining_ms(now.get_untracked()))) }
                }}
            </p>
            <Show when=move || remaining() == 0>
                <p class="present__over" role="alert">"時間です"</p>
            </Show>
            <p class="present__controls">
                <button type="button" class="button" on:click=toggle data-testid="timer-toggle">
                    {move || if countdown.get().is_running() { "一時停止" } else { "開始" }}
                </button>
                <button type="button" class="button button--quiet" on:click=move |_| choose(phase.get_untracked()) data-testid="timer-reset">"最初から"</button>
            </p>
            <details class="present__settings">
                <summary>"時間の設定"</summary>
                {settings}
                <p>{move || format!("合計 {}分（2019年のモデル研修では、演習全体が80分でした）", total())}</p>
            </details>
        </section>
    }
}
