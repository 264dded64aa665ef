//! Loads a module's content pack (or a case's): from the `<script type="application/json">` block the offline file
//! carries, from the fetch web/boot.js started in parallel with the wasm, or else by fetching
//! `content/<file>` beside index.html.

use crate::content::{COURSE, module_loaded, register_pack};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Makes sure the lessons of a module are available; errors are in Japanese, for the page to show.
pub async fn ensure_module(module_id: &str) -> Result<(), String> {
    if module_loaded(module_id) {
        return Ok(());
    }
    let pack = COURSE
        .pack(module_id)
        .ok_or_else(|| format!("教材「{module_id}」がありません"))?;
    let json = match inline_pack(module_id) {
        Some(json) => json,
        None => match prefetched(module_id).await {
            Some(json) => json,
            None => fetch_text(&format!("content/{}", pack.file)).await?,
        },
    };
    register_pack(&json).map_err(|e| e.to_string())
}

/// The case `id`, from its pack (a data block in the offline file, else `content/<file>`); errors are in
/// Japanese, for the page to show.
pub async fn ensure_case(id: &str) -> Result<&'static crate::model::case::Case, String> {
    if let Some(case) = crate::content::case(id) {
        return Ok(case);
    }
    let entry = crate::content::case_ref(id).ok_or_else(|| format!("事例「{id}」がありません"))?;
    let block = format!("case-{id}");
    let json = match inline_pack(&block) {
        Some(json) => json,
        None => fetch_text(&format!("content/{}", entry.file)).await?,
    };
    crate::content::register_case(&json).ok_or_else(|| {
        format!(
            "事例「{}」のデータを読み取れませんでした。ページを再読み込みしてください",
            entry.title
        )
    })
}

/// Search needs every lesson's text.
pub async fn ensure_all() -> Result<(), String> {
    for pack in COURSE.packs {
        ensure_module(pack.module).await?;
    }
    Ok(())
}

/// The text of the fetch web/boot.js started; `None` (then the pack is fetched again) when there was
/// none or it failed.
async fn prefetched(module_id: &str) -> Option<String> {
    let promise = crate::browser::prefetched_pack(module_id)?;
    JsFuture::from(promise).await.ok()?.as_string()
}

fn inline_pack(module_id: &str) -> Option<String> {
    web_sys::window()?
        .document()?
        .get_element_by_id(&format!("pack-{module_id}"))?
        .text_content()
}

async fn fetch_text(url: &str) -> Result<String, String> {
    let offline = "教材データを取得できませんでした。ネットワークにつながっているか確かめて、ページを再読み込みしてください";
    let window = web_sys::window().ok_or(offline)?;
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| offline.to_owned())?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| offline.to_owned())?;
    if !response.ok() {
        return Err(format!("{offline}（HTTP {}）", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(|_| offline.to_owned())?)
        .await
        .map_err(|_| offline.to_owned())?;
    text.as_string().ok_or_else(|| offline.to_owned())
}
