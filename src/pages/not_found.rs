//! Any hash route this app does not know.

use crate::browser;
use crate::model::route::Route;
use leptos::prelude::*;

#[component]
pub fn NotFoundPage(path: String) -> impl IntoView {
    browser::set_document_title("ページが見つかりません");
    view! {
        <h1 data-testid="not-found">"ページが見つかりません"</h1>
        <p>"「" {path} "」というページはありません。リンクが古いか、入力に誤りがあるかもしれません。"</p>
        <p><a href=Route::Home.href()>"ホームへ戻る"</a></p>
    }
}
