//! The one app of the offline file: every page, so that it never reloads (see `app::OfflineApp`).

#[cfg(target_arch = "wasm32")]
fn main() {
    nimo_kenshu::app::start_offline();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "にも包括 研修 is a web app: build it with ./scripts/build and open dist/index.html."
    );
}
