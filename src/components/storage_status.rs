//! Where the trainee's answers are kept, in one line.

use crate::browser;
use crate::state::{AppState, Health};
use leptos::prelude::*;

#[component]
pub fn StorageStatus() -> impl IntoView {
    let state = expect_context::<AppState>();
    let text = move || match state.health.get() {
        Health::Saved if browser::is_file_protocol() => {
            "このファイルをこのブラウザで開いたときの記録として保存しています"
        }
        Health::Saved => "このブラウザに保存しています",
        Health::MemoryOnly(_) => "保存できていません（このページを閉じると消えます）",
    };
    let class = move || match state.health.get() {
        Health::Saved => "status-badge status-badge--ok",
        Health::MemoryOnly(_) => "status-badge status-badge--warn",
    };
    view! { <p class=class data-testid="storage-status">{text}</p> }
}
