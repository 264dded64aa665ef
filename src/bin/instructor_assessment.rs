//! The instructor's self-assessment import (`#/instructor/assessment`), with the QR scanner (see `Bundle`).

#[cfg(target_arch = "wasm32")]
fn main() {
    nimo_kenshu::app::start(nimo_kenshu::app::instructor_assessment_page);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "にも包括 研修 is a web app: build it with ./scripts/build and open dist/index.html."
    );
}
