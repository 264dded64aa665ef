//! A persistent banner while answers are not being saved, and a notice about stored data set aside.

use crate::components::backup_button::BackupButton;
use crate::model::route::Route;
use crate::state::{AppState, Health, MemoryReason};
use leptos::prelude::*;

#[component]
pub fn StorageBanner() -> impl IntoView {
    let state = expect_context::<AppState>();
    let reason = move || match state.health.get() {
        Health::Saved => None,
        Health::MemoryOnly(MemoryReason::Fault(fault)) => Some(fault.to_string()),
        Health::MemoryOnly(MemoryReason::ProtectingUnreadableData) => {
            Some("読み込めなかった保存データを消さないよう、保存を止めています".to_owned())
        }
    };
    view! {
        <div class="banner-area" aria-live="polite">
            <Show when=move || reason().is_some()>
                <section class="banner banner--warn" data-testid="storage-banner" aria-labelledby="storage-banner-title">
                    <h2 id="storage-banner-title" class="banner__title">"入力した内容は保存されていません"</h2>
                    <p>
                        {reason} "。"
                        "このページは使い続けられますが、閉じたり再読み込みしたりすると入力した内容は消えます。"
                        "バックアップを書き出して保管してください。"
                    </p>
                    <BackupButton test_id="banner-backup" />
                </section>
            </Show>
            <Show when=move || state.displaced.with(|d| !d.is_empty())>
                <DisplacedNotice />
            </Show>
            <Show when=move || state.set_aside.with(Option::is_some)>
                <section class="banner banner--info" data-testid="set-aside-banner" aria-labelledby="set-aside-title">
                    <h2 id="set-aside-title" class="banner__title">"以前の保存データを読み込めませんでした"</h2>
                    <p>
                        {move || state.set_aside.with(|s| s.as_ref().map(|s| s.reason.clone()))}
                        "。元のデータは消さずに残してあり、"
                        <a href=Route::My.href()>"記録"</a>
                        "のページからファイルとして書き出せます。"
                    </p>
                </section>
            </Show>
        </div>
    }
}

/// Both tabs typed in the same box at once and the other tab's text was kept: this tab's words are
/// offered back instead of vanishing.
#[component]
fn DisplacedNotice() -> impl IntoView {
    let state = expect_context::<AppState>();
    let restore = move |_| {
        let displaced = state.displaced.get_untracked();
        state.edit(|r| {
            displaced
                .iter()
                .for_each(|(key, text)| r.set_text(key, text))
        });
        state.displaced.set(Vec::new());
    };
    view! {
        <section class="banner banner--info" data-testid="displaced-banner">
            <p>
                {move || format!("別のタブで同じ欄が同時に書き換えられたため、このタブで書いた{}か所の内容が置き換わりました。", state.displaced.with(Vec::len))}
                <button type="button" class="button" on:click=restore data-testid="displaced-restore">"このタブの内容に戻す"</button>
                <button type="button" class="button button--quiet" on:click=move |_| state.displaced.set(Vec::new())>"閉じる"</button>
            </p>
        </section>
    }
}
