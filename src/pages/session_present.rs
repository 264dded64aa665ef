//! `#/instructor/session/present`: what the room sees during the day: the current item large with its
//! time slot and a countdown, the next item, the group-work prompts one at a time during the 演習, and
//! the 研修コード trainees type into their survey and exports.

use crate::browser;
use crate::components::countdown::{CountdownView, use_clock};
use crate::components::presenting::{FullscreenButton, PromptSlides, on_arrow_keys};
use crate::content::worksheet;
use crate::model::route::Route;
use crate::model::session::timer::Countdown;
use crate::model::session::{Item, Programme};
use crate::model::worksheet::present_prompts;
use crate::session_store::{self, Opened};
use leptos::prelude::*;

/// The worksheet whose prompts are projected during an item that uses it: the 演習's group work. Other
/// sheets are filled in at length rather than discussed one question at a time.
const GROUP_WORK: &str = "group-work";

#[component]
pub fn SessionPresentPage() -> impl IntoView {
    browser::set_document_title("発表モード（研修の進行）");
    browser::set_root_attribute("data-layout", "present");
    on_cleanup(|| browser::set_root_attribute("data-layout", ""));
    let Opened {
        programme,
        unreadable,
        ..
    } = session_store::open(false);
    let count = programme.items.len();
    let programme = StoredValue::new(programme);
    let minutes_of =
        move |i: usize| programme.with_value(|p| p.items.get(i).map_or(1, |item| item.minutes));

    let current = RwSignal::new(session_store::load_place().min(count.saturating_sub(1)));
    let countdown = RwSignal::new(Countdown::new(minutes_of(current.get_untracked())));
    let now = use_clock();
    let prompt = RwSignal::new(0usize);
    let go = move |delta: isize| {
        let from = current.get_untracked();
        let to = from
            .saturating_add_signed(delta)
            .min(count.saturating_sub(1));
        if to != from {
            current.set(to);
            session_store::save_place(to);
            countdown.set(Countdown::new(minutes_of(to)));
            prompt.set(0);
        }
    };
    on_arrow_keys(go);

    let current_item = move || {
        let index = current.get();
        programme.with_value(|p| {
            p.items.get(index).map(|item| {
                let slot = p.schedule()[index];
                view! { <CurrentItem item=item.clone() time_slot=slot.to_string() index count prompt /> }
            })
        })
    };
    let next_item = move || {
        let index = current.get();
        programme.with_value(|p| match p.items.get(index + 1) {
            Some(item) => format!("次: {} {}", p.schedule()[index + 1], item.heading()),
            None => "これが最後の項目です".to_owned(),
        })
    };
    let code = programme.with_value(|p: &Programme| p.code.clone());

    view! {
        <div class="present session-present" data-testid="session-present">
            <p class="present__back">
                <a href=Route::InstructorSession.href()>"進行表に戻る"</a>
                <FullscreenButton />
            </p>
            {unreadable.map(|_| view! {
                <p class="notice notice--warn" role="alert">"保存されていた進行表を読み込めなかったため、2019年モデル研修の進行を表示しています。「進行表に戻る」で確かめてください。"</p>
            })}
            <div class="session-present__layout">
                <div class="session-present__main">
                    {move || (count == 0).then(|| view! {
                        <p>"進行表に項目がありません。「進行表に戻る」で項目を追加してください。"</p>
                    })}
                    {current_item}
                </div>
                // Beside the item on a projector, so the time and the code stay in view during a long 演習.
                <div class="session-present__side">
                    <Show when=move || { count > 0 }>
                        <section class="present__timer" aria-labelledby="timer-title">
                            <h2 id="timer-title" class="visually-hidden">"タイマー"</h2>
                            <CountdownView countdown now on_reset=Callback::new(move |()| countdown.set(Countdown::new(minutes_of(current.get_untracked())))) />
                        </section>
                        <p class="present__nav">
                            <button type="button" class="button button--quiet" on:click=move |_| go(-1) disabled=move || current.get() == 0 data-testid="session-prev">"前の項目"</button>
                            <button type="button" class="button" on:click=move |_| go(1) disabled=move || { current.get() + 1 >= count } data-testid="session-next">"次の項目"</button>
                        </p>
                        <p class="session-present__next" data-testid="session-next-item">{next_item}</p>
                    </Show>
                    <aside class="session-present__code" aria-labelledby="session-code-title">
                        <h2 id="session-code-title">"研修コード"</h2>
                        {if code.is_empty() {
                            view! { <p data-testid="session-code-display">"研修コードが設定されていません（進行表で設定できます）"</p> }.into_any()
                        } else {
                            view! { <p class="session-present__code-value" lang="en" data-testid="session-code-display">{code}</p> }.into_any()
                        }}
                        <p>"アンケートと書き出しの「研修コード」欄に入力してください"</p>
                    </aside>
                </div>
            </div>
        </div>
    }
}

#[component]
fn CurrentItem(
    item: Item,
    time_slot: String,
    index: usize,
    count: usize,
    prompt: RwSignal<usize>,
) -> impl IntoView {
    let prompts = item
        .worksheets
        .iter()
        .any(|id| id == GROUP_WORK)
        .then(|| worksheet(GROUP_WORK))
        .flatten()
        .map(present_prompts);
    view! {
        <section class="session-present__current" aria-live="polite">
            <p class="present__count" data-testid="session-slot">{format!("{} / {count}　{time_slot}　{}", index + 1, item.kind.label())}</p>
            <h1 class="present__prompt" data-testid="session-current">{item.heading()}</h1>
            {(!item.theme.is_empty()).then(|| view! { <p class="session-present__theme">{item.theme.clone()}</p> })}
        </section>
        {prompts.map(|prompts| view! {
            <section class="session-present__prompts" aria-labelledby="session-prompts-title">
                <h2 id="session-prompts-title" class="session-present__label">"演習の問い"</h2>
                <PromptSlides prompts current=prompt as_subheading=true />
            </section>
        })}
    }
}
