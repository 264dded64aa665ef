//! Sections that are not built yet say so plainly, with no stand-in content.

use crate::browser;
use crate::model::route::Route;
use leptos::prelude::*;

#[component]
pub fn PreparingPage(title: &'static str) -> impl IntoView {
    browser::set_document_title(title);
    view! {
        <h1>{title}</h1>
        <p data-testid="preparing">"このページは準備中です。公開までしばらくお待ちください。"</p>
        <p><a href=Route::Home.href()>"ホームへ戻る"</a></p>
    }
}
