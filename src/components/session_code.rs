//! The 研修コード box: the code the instructor announces, typed once and carried into the survey and
//! self-assessment exports so the instructor can tell one training day's files from another's.

use crate::state::AppState;
use leptos::prelude::*;

#[component]
pub fn SessionCode() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <div class="survey__code">
            <label for="session-code">"研修コード（講師から案内があった場合のみ）"</label>
            <input
                id="session-code"
                type="text"
                inputmode="latin"
                autocomplete="off"
                placeholder="例: 2026-11-misaku"
                prop:value=move || state.record.with(|r| r.session_code().to_owned())
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    state.edit(|r| r.set_session_code(&value));
                }
                data-testid="session-code"
            />
        </div>
    }
}
