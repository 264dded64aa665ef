//! Marks a lesson as read once its end scrolls into view.

use crate::state::AppState;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

#[component]
pub fn ReadMarker(lesson_id: &'static str) -> impl IntoView {
    let state = expect_context::<AppState>();
    let marker = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        let Some(element) = marker.get() else { return };
        if state.record.with_untracked(|r| r.is_read(lesson_id)) {
            return;
        }
        let on_seen = Closure::<dyn FnMut(js_sys::Array, IntersectionObserver)>::new(
            move |entries: js_sys::Array, observer: IntersectionObserver| {
                let seen = entries.iter().any(|e| {
                    e.unchecked_into::<IntersectionObserverEntry>()
                        .is_intersecting()
                });
                if seen {
                    state.edit(|record| record.mark_read(lesson_id));
                    observer.disconnect();
                }
            },
        );
        // The root reaches far above the viewport, so a reader who jumps past the end (End key, a
        // link to the self-check) has passed it too, not only one who scrolls through it.
        let options = IntersectionObserverInit::new();
        options.set_root_margin("1000000px 0px 0px 0px");
        if let Ok(observer) =
            IntersectionObserver::new_with_options(on_seen.as_ref().unchecked_ref(), &options)
        {
            observer.observe(&element);
        }
        // Owned by the observer from here on; it disconnects itself once the end was seen.
        on_seen.forget();
    });
    view! { <div class="read-marker" node_ref=marker aria-hidden="true"></div> }
}
