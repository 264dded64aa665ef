//! After a milestone (a module's lessons, a worksheet, the survey), the moment a trainee would hate to
//! lose: offer the backup right there, with the day of the last one.

use crate::components::backup_button::BackupButton;
use crate::storage::{LAST_BACKUP_KEY, load_setting};
use leptos::prelude::*;

#[component]
pub fn BackupReminder(#[prop(into)] milestone: String) -> impl IntoView {
    let last = RwSignal::new(load_setting(LAST_BACKUP_KEY).filter(|d| !d.is_empty()));
    let last_text = move || match last.get() {
        Some(day) => format!("前回のバックアップ: {day}"),
        None => "まだバックアップを書き出していません。".to_owned(),
    };
    view! {
        <aside class="backup-reminder" aria-label="バックアップのおすすめ" data-testid="backup-reminder">
            <p>
                <strong>{milestone}</strong>
                " 記録はこのブラウザの中にだけあります。ここで書き出しておくと、ブラウザのデータが消えても元に戻せます。"
            </p>
            <p class="backup-reminder__last" data-testid="backup-reminder-last">{last_text}</p>
            <BackupButton test_id="reminder-backup" on_saved=Callback::new(move |day| last.set(Some(day))) />
        </aside>
    }
}
