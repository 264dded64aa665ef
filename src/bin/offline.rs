//! The one app of the offline file: every page, so that it never reloads (see `app::every_page`).

#[cfg(target_arch = "wasm32")]
fn main() {
    // A file:// page cannot fetch the reader module: the offline file links quircs instead.
    nimo_kenshu::qr_reader::link(nimo_kenshu::model::io::handoff::read_frame);
    nimo_kenshu::app::start(nimo_kenshu::app::every_page);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "にも包括 研修 is a web app: build it with ./scripts/build and open dist/index.html."
    );
}
