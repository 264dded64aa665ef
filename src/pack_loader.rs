//! Loads a module's content pack (or a case's): from the `<script type="application/json">` block the offline file
//! carries, from the fetch web/boot.js started in parallel with the wasm, or else by fetching
//! `content/<file>` beside index.html.

use crate::content::{COURSE, module_loaded, register_pack};
use crate::model::course::pack::PackError;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::fmt;
use std::future::Future;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Why a page's content could not be shown; `Display` is the Japanese message the page shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PackLoadError {
    /// The course has no such pack (an address from an older version of the course).
    Unknown(String),
    /// No network, or the server refused (with its HTTP status).
    Unreachable(Option<u16>),
    /// It arrived but cannot be read (a cached page of an older build, a damaged file).
    Unreadable(String),
    /// The pack was read but lacks what the page shows: 「この講義の本文」.
    Missing(&'static str),
}

impl fmt::Display for PackLoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PackLoadError::Unknown(id) => write!(f, "教材「{id}」がありません"),
            PackLoadError::Unreachable(status) => {
                write!(
                    f,
                    "教材データを取得できませんでした。ネットワークにつながっているか確かめて、ページを再読み込みしてください"
                )?;
                match status {
                    Some(status) => write!(f, "（HTTP {status}）"),
                    None => Ok(()),
                }
            }
            PackLoadError::Unreadable(reason) => f.write_str(reason),
            PackLoadError::Missing(what) => write!(f, "{what}が見つかりません"),
        }
    }
}

impl From<PackError> for PackLoadError {
    fn from(error: PackError) -> Self {
        PackLoadError::Unreadable(error.to_string())
    }
}

/// The result of `load` once it has finished (`None` until then), for a page to render from.
///
/// This is what Leptos' `LocalResource` does for these pages, without its machinery: measured on the main
/// bundle, `LocalResource` cost 10.4 KB brotli of wasm, which put a lesson's first visit over its 250 KB
/// budget (docs/architecture.md). A page reads what is already loaded synchronously first, so nothing
/// flickers when the data is at hand.
pub fn loading<T>(load: impl Future<Output = Result<T, PackLoadError>> + 'static) -> LoadState<T>
where
    T: Send + Sync + 'static,
{
    let state = RwSignal::new(None);
    spawn_local(async move { state.set(Some(load.await)) });
    state.read_only()
}

/// What [`loading`] gives a page: `None` while loading, then the outcome.
pub type LoadState<T> = ReadSignal<Option<Result<T, PackLoadError>>>;

/// Makes sure the lessons of a module are available.
pub async fn ensure_module(module_id: &str) -> Result<(), PackLoadError> {
    if module_loaded(module_id) {
        return Ok(());
    }
    let pack = COURSE
        .pack(module_id)
        .ok_or_else(|| PackLoadError::Unknown(module_id.to_owned()))?;
    let json = match inline_pack(module_id) {
        Some(json) => json,
        None => match prefetched(module_id).await {
            Some(json) => json,
            None => fetch_text(&format!("content/{}", pack.file)).await?,
        },
    };
    Ok(register_pack(&json)?)
}

/// The case `id`, from its pack (a data block `pack-case-<id>` in the offline file, else the fetch
/// web/boot.js started, else `content/<file>`).
pub async fn ensure_case(id: &str) -> Result<&'static crate::model::case::Case, PackLoadError> {
    if let Some(case) = crate::content::case(id) {
        return Ok(case);
    }
    let entry =
        crate::content::case_ref(id).ok_or_else(|| PackLoadError::Unknown(id.to_owned()))?;
    let block = format!("case-{id}");
    let json = match inline_pack(&block) {
        Some(json) => json,
        None => match prefetched(&block).await {
            Some(json) => json,
            None => fetch_text(&format!("content/{}", entry.file)).await?,
        },
    };
    crate::content::register_case(&json).ok_or_else(|| {
        PackLoadError::Unreadable(format!(
            "事例「{}」のデータを読み取れませんでした。ページを再読み込みしてください",
            entry.title
        ))
    })
}

/// Search needs every lesson's text.
pub async fn ensure_all() -> Result<(), PackLoadError> {
    for pack in COURSE.packs {
        ensure_module(pack.module).await?;
    }
    Ok(())
}

/// The text of the fetch web/boot.js started; `None` (then the pack is fetched again) when there was
/// none or it failed.
async fn prefetched(key: &str) -> Option<String> {
    let promise = crate::browser::prefetched_pack(key)?;
    JsFuture::from(promise).await.ok()?.as_string()
}

fn inline_pack(module_id: &str) -> Option<String> {
    web_sys::window()?
        .document()?
        .get_element_by_id(&format!("pack-{module_id}"))?
        .text_content()
}

async fn fetch_text(url: &str) -> Result<String, PackLoadError> {
    let offline = || PackLoadError::Unreachable(None);
    let window = web_sys::window().ok_or_else(offline)?;
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| offline())?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| offline())?;
    if !response.ok() {
        return Err(PackLoadError::Unreachable(Some(response.status())));
    }
    let text = JsFuture::from(response.text().map_err(|_| offline())?)
        .await
        .map_err(|_| offline())?;
    text.as_string().ok_or_else(offline)
}
