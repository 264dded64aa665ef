//! The tools bundle: 記録, the survey, the self-assessment and the certificate (see `Bundle`).

#[cfg(target_arch = "wasm32")]
fn main() {
    nimo_kenshu::app::start(nimo_kenshu::app::tools_page);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "にも包括 研修 is a web app: build it with ./scripts/build and open dist/index.html."
    );
}
