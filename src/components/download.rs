//! Saving a file a page made (CSV, JSON, text) and saying so when the browser refused it: whoever
//! clicks 「…を保存」 and gets no file is told why, next to the buttons.

use crate::browser;
use leptos::prelude::*;

/// The reason a page's last download failed; a download that works clears it.
#[derive(Clone, Copy)]
pub struct Download {
    failed: RwSignal<Option<String>>,
}

impl Default for Download {
    fn default() -> Self {
        Download::new()
    }
}

impl Download {
    pub fn new() -> Download {
        Download {
            failed: RwSignal::new(None),
        }
    }

    /// Saves `contents` as `file_name`; a refusal is kept for `DownloadError` to show.
    pub fn save(self, file_name: &str, mime: &str, contents: &str) {
        let failed = browser::download(file_name, mime, contents).err().map(|e| {
            format!("「{file_name}」を保存できませんでした（{e}）。もう一度お試しください。")
        });
        self.failed.set(failed);
    }
}

/// Shows why the last download of `download` failed, if it did.
#[component]
pub fn DownloadError(download: Download) -> impl IntoView {
    move || {
        download
            .failed
            .get()
            .map(|message| view! { <p class="error" role="alert" data-testid="download-error">{message}</p> })
    }
}
