//! A labelled progress bar; `<progress>` is announced by screen readers and needs no inline styles.

use crate::model::record::progress::Progress;
use leptos::prelude::*;

#[component]
pub fn ProgressBar(
    #[prop(into)] label: String,
    progress: Signal<Progress>,
    #[prop(into)] test_id: String,
) -> impl IntoView {
    let text = move || {
        let p = progress.get();
        format!("{}/{} 講義（{}%）", p.done, p.total, p.percent())
    };
    view! {
        <div class="progress" data-testid=test_id>
            <span class="progress__label">{label.clone()}</span>
            <progress max=move || progress.get().total.max(1) value=move || progress.get().done aria-label=label></progress>
            <span class="progress__text">{text}</span>
        </div>
    }
}
