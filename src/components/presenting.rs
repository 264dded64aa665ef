//! Pieces of the full-screen facilitator views: arrow-key navigation, the full-screen button and the
//! group-work prompts shown one at a time.

use leptos::ev;
use leptos::prelude::*;

/// Calls `step(1)` for → / PageDown and `step(-1)` for ← / PageUp, except while the facilitator is typing
/// in a field, where the arrows must move the caret.
pub fn on_arrow_keys(step: impl Fn(isize) + 'static) {
    let keys = window_event_listener(ev::keydown, move |event| {
        let typing = event
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        if typing || event.alt_key() || event.ctrl_key() || event.meta_key() {
            return;
        }
        match event.key().as_str() {
            "ArrowRight" | "PageDown" => step(1),
            "ArrowLeft" | "PageUp" => step(-1),
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());
}

#[component]
pub fn FullscreenButton() -> impl IntoView {
    let fullscreen = move |_| {
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.request_fullscreen();
        }
    };
    view! { <button type="button" class="button button--quiet button--small-text" on:click=fullscreen>"全画面"</button> }
}

/// One prompt at a time, large, with buttons to step through them. `prompts` are (mark, text) pairs.
/// The prompt is the page's heading, or with `as_subheading` an h3 under the caller's own h2.
#[component]
pub fn PromptSlides(
    prompts: Vec<(String, String)>,
    current: RwSignal<usize>,
    #[prop(optional)] as_subheading: bool,
) -> impl IntoView {
    let count = prompts.len();
    let prompts = StoredValue::new(prompts);
    let go = move |delta: isize| {
        current.update(|i| *i = i.saturating_add_signed(delta).min(count.saturating_sub(1)))
    };
    let slide = move || {
        let index = current.get();
        prompts.with_value(|p| p.get(index).cloned()).map(|(mark, title)| {
            let text = view! {
                {(!mark.is_empty()).then(|| view! { <span class="present__mark">{mark}</span> })}
                {title}
            };
            view! {
                <p class="present__count">{format!("{} / {}", index + 1, count)}</p>
                {if as_subheading {
                    view! { <h3 class="present__prompt present__prompt--sub" data-testid="present-prompt">{text}</h3> }.into_any()
                } else {
                    view! { <h1 class="present__prompt" data-testid="present-prompt">{text}</h1> }.into_any()
                }}
            }
        })
    };
    view! {
        <section class="present__slide" aria-live="polite">{slide}</section>
        <p class="present__nav">
            <button type="button" class="button button--quiet" on:click=move |_| go(-1) disabled=move || current.get() == 0>"前の問い"</button>
            <button type="button" class="button" on:click=move |_| go(1) disabled=move || { current.get() + 1 >= count } data-testid="present-next">"次の問い"</button>
        </p>
    }
}
