//! The facilitator's countdown on screen: large time, start/pause and reset, and announcements for screen
//! readers. Shared by the worksheet's facilitator view and the session's present mode.

use crate::model::session::timer::{Countdown, mm_ss, spoken};
use leptos::prelude::*;
use std::time::Duration;

pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// The current time, refreshed four times a second while the calling view lives. The countdown keeps
/// a deadline, so the refresh rate only affects how smoothly the seconds change.
pub fn use_clock() -> RwSignal<u64> {
    let now = RwSignal::new(now_ms());
    if let Ok(handle) =
        set_interval_with_handle(move || now.set(now_ms()), Duration::from_millis(250))
    {
        on_cleanup(move || handle.clear());
    }
    now
}

#[component]
pub fn CountdownView(
    countdown: RwSignal<Countdown>,
    now: RwSignal<u64>,
    /// Puts the countdown back to its full length (the caller knows how long that is).
    on_reset: Callback<()>,
) -> impl IntoView {
    let remaining = move || countdown.get().remaining_ms(now.get());
    let toggle = move |_| {
        let t = now_ms();
        now.set(t);
        countdown.update(|c| {
            *c = if c.is_running() {
                c.pause(t)
            } else {
                c.start(t)
            }
        });
    };
    view! {
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
            <button type="button" class="button button--quiet" on:click=move |_| on_reset.run(()) data-testid="timer-reset">"最初から"</button>
        </p>
    }
}
