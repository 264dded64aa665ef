//! 「すべての記録を書き出す」: the whole learner record as one JSON file (the backup).

use crate::browser;
use crate::content::COURSE;
use crate::model::record::backup::{backup_file_name, backup_json};
use crate::state::AppState;
use crate::storage::{LAST_BACKUP_KEY, save_setting};
use leptos::prelude::*;

#[component]
pub fn BackupButton(
    #[prop(into)] test_id: String,
    /// Told the day of a backup that was written, for views that show the last one.
    #[prop(optional)]
    on_saved: Option<Callback<String>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let error = RwSignal::new(None::<String>);
    let download = move |_| {
        let today = browser::today();
        let json = state
            .record
            .with_untracked(|record| backup_json(record, COURSE.version, today));
        let result = browser::download(&backup_file_name(today), "application/json", &json);
        if result.is_ok() {
            save_setting(LAST_BACKUP_KEY, &today.to_string());
            if let Some(on_saved) = on_saved {
                on_saved.run(today.to_string());
            }
        }
        error.set(result.err().map(|e| format!("書き出せませんでした（{e}）")));
    };
    view! {
        <button type="button" class="button" on:click=download data-testid=test_id>
            "すべての記録を書き出す（バックアップ）"
        </button>
        <Show when=move || error.get().is_some()>
            <p class="error" role="alert">{move || error.get()}</p>
        </Show>
    }
}
