//! The QR frame reader of the instructor's pages over http, as a wasm module of its own.
//!
//! quircs is about 13 KB brotli of each import page, and only an instructor who opens the camera needs
//! it, so those pages fetch this module when the camera opens (`components/qr_scanner.rs`) instead of
//! carrying it. The offline file links `handoff::read_frame` directly: a file:// page cannot fetch.
//!
//! The interface is two exported functions over the module's memory, so the module needs no glue:
//! (Prefixed names, `handoff::READER_FRAME_BUFFER` and `READER_READ_FRAME`, which the app looks up and
//! the build checks: a native test build must not replace libc's `read`.)
//! 1. `nimo_frame_buffer(len)` makes room for a greyscale frame of `len` bytes and returns where it starts;
//!    the page writes the frame there.
//! 2. `nimo_read_frame(width, height)` reads the codes in that frame and returns where their bytes start, in the
//!    layout of `handoff::codes_to_bytes` (read back with `handoff::codes_from_bytes`).

use nimo_model::io::handoff;
use std::cell::RefCell;

thread_local! {
    static FRAME: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    static CODES: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Room for a frame of `len` bytes in this module's memory: where to write it.
#[no_mangle]
pub extern "C" fn nimo_frame_buffer(len: usize) -> *mut u8 {
    FRAME.with_borrow_mut(|frame| {
        frame.resize(len, 0);
        frame.as_mut_ptr()
    })
}

/// Reads the frame last written to `nimo_frame_buffer` as `width`×`height` greyscale pixels, and returns where
/// the codes found in it start (`handoff::codes_to_bytes`). The bytes stay until the next call.
#[no_mangle]
pub extern "C" fn nimo_read_frame(width: usize, height: usize) -> *const u8 {
    let codes = FRAME.with_borrow(|frame| handoff::read_frame(width, height, frame));
    CODES.with_borrow_mut(|out| {
        *out = handoff::codes_to_bytes(&codes);
        out.as_ptr()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use handoff::simulate;

    /// What the page does: write a frame through `nimo_frame_buffer`, call `nimo_read_frame`, decode
    /// what it returns.
    fn read_through_module(width: usize, height: usize, frame: &[u8]) -> Vec<Vec<u8>> {
        let at = nimo_frame_buffer(frame.len());
        // SAFETY: `nimo_frame_buffer` made room for exactly `frame.len()` bytes at `at`.
        unsafe { std::ptr::copy_nonoverlapping(frame.as_ptr(), at, frame.len()) };
        let codes = nimo_read_frame(width, height);
        let total = CODES.with_borrow(Vec::len);
        // SAFETY: `nimo_read_frame` returned the start of CODES, which holds `total` bytes until the next call.
        let bytes = unsafe { std::slice::from_raw_parts(codes, total) };
        handoff::codes_from_bytes(bytes).expect("the module's own layout")
    }

    #[test]
    fn a_code_in_a_frame_reads_back_through_the_module_as_through_the_app() {
        let parts = handoff::encode(r#"{"format":"nimo-kenshu-survey","answers":{"q1":"保健師"}}"#)
            .expect("a small export");
        let modules = handoff::modules(&parts[0]).expect("drawable");
        let frame = simulate::frame(&modules, 640, 480, 6.0, 3.0, 1, (40, 220));
        let direct = handoff::read_frame(640, 480, &frame);
        assert_eq!(direct, vec![parts[0].as_bytes().to_vec()]);
        assert_eq!(read_through_module(640, 480, &frame), direct);
    }

    #[test]
    fn a_frame_without_codes_or_of_the_wrong_size_reads_nothing() {
        assert!(read_through_module(64, 48, &[128; 64 * 48]).is_empty());
        assert!(read_through_module(64, 48, &[128; 10]).is_empty());
    }
}
