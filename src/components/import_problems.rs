//! What an instructor import could not use: each refused file with its reason, and the files set aside
//! as the same trainee's. Shared by the survey and the worksheet/case imports.

use leptos::prelude::*;

#[component]
pub fn ImportProblems(
    /// (file name, reason) for every file refused.
    rejected: Signal<Vec<(String, String)>>,
    duplicates: Signal<Vec<String>>,
    duplicates_title: &'static str,
    test_id: &'static str,
) -> impl IntoView {
    view! {
        <div class="import__problems" data-testid=test_id>
            <Show when=move || rejected.with(|r| !r.is_empty())>
                <h3>"取り込めなかったファイル"</h3>
                <ul class="import__rejected">
                    {move || rejected.get().into_iter().map(|(file, reason)| view! { <li><strong>{file}</strong>": "{reason}</li> }).collect_view()}
                </ul>
            </Show>
            <Show when=move || duplicates.with(|d| !d.is_empty())>
                <h3>{duplicates_title}</h3>
                <ul>{move || duplicates.get().into_iter().map(|file| view! { <li>{file}</li> }).collect_view()}</ul>
            </Show>
        </div>
    }
}
