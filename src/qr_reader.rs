//! What reads the camera's frames for the QR scanner: quircs linked into this wasm (the offline file's
//! one app, which cannot fetch from file://), or, on the instructor's pages over http, the reader
//! module of crates/qr-reader, fetched when the camera opens so that the pages do not carry it (about
//! 13 KB brotli of each import page; docs/architecture.md).

use crate::model::io::handoff;
use std::cell::Cell;
use std::fmt;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Reads every code in a `width`×`height` greyscale frame (`handoff::read_frame`).
pub type ReadFrame = fn(usize, usize, &[u8]) -> Vec<Vec<u8>>;

thread_local! {
    static LINKED: Cell<Option<ReadFrame>> = const { Cell::new(None) };
}

/// Reads frames with `read`, linked into this wasm, instead of fetching the reader module. Called by a
/// binary before the app starts; only the one that calls it links quircs.
pub fn link(read: ReadFrame) {
    LINKED.set(Some(read));
}

/// Why the reader could not be had; `Display` is the Japanese message the scanner shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReaderError {
    /// The page names no reader module (a page of an older build, or a test page).
    NotNamed,
    /// No network, or the server refused (with its HTTP status).
    Unreachable(Option<u16>),
    /// It arrived but is not the module this app expects.
    Unusable(String),
}

impl fmt::Display for ReaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "QRコードを読み取る部品を読み込めませんでした")?;
        match self {
            ReaderError::NotNamed => write!(f, "（このページにはありません）"),
            ReaderError::Unreachable(Some(status)) => write!(f, "（HTTP {status}）"),
            ReaderError::Unreachable(None) => Ok(()),
            ReaderError::Unusable(why) => write!(f, "（{why}）"),
        }?;
        write!(
            f,
            "。ネットワークにつながっているか確かめて、ページを再読み込みしてください。ファイルの読み込みはこのまま使えます。"
        )
    }
}

#[derive(Clone)]
pub enum FrameReader {
    Linked(ReadFrame),
    Module(ReaderModule),
}

impl FrameReader {
    /// The linked reader, or else the module the page's boot table names (`window.nimoQrReader`, set
    /// by web/boot.js), fetched and instantiated.
    pub async fn load() -> Result<FrameReader, ReaderError> {
        if let Some(read) = LINKED.get() {
            return Ok(FrameReader::Linked(read));
        }
        let window = web_sys::window().ok_or(ReaderError::NotNamed)?;
        let url = js_sys::Reflect::get(&window, &JsValue::from_str("nimoQrReader"))
            .ok()
            .and_then(|url| url.as_string())
            .ok_or(ReaderError::NotNamed)?;
        ReaderModule::fetch(&window, &url)
            .await
            .map(FrameReader::Module)
    }

    /// Every code in the frame, as raw bytes; nothing if the module fails (the next frame tries again).
    pub fn read(&self, width: u32, height: u32, luma: &[u8]) -> Vec<Vec<u8>> {
        match self {
            FrameReader::Linked(read) => read(width as usize, height as usize, luma),
            FrameReader::Module(module) => module.read(width, height, luma).unwrap_or_default(),
        }
    }
}

/// The instantiated reader module: its memory and its two functions (see crates/qr-reader).
#[derive(Clone)]
pub struct ReaderModule {
    memory: js_sys::WebAssembly::Memory,
    frame_buffer: js_sys::Function,
    read: js_sys::Function,
}

impl ReaderModule {
    async fn fetch(window: &web_sys::Window, url: &str) -> Result<ReaderModule, ReaderError> {
        let offline = |_| ReaderError::Unreachable(None);
        let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
            .await
            .map_err(offline)?
            .dyn_into()
            .map_err(offline)?;
        if !response.ok() {
            return Err(ReaderError::Unreachable(Some(response.status())));
        }
        let bytes = JsFuture::from(response.array_buffer().map_err(offline)?)
            .await
            .map_err(offline)?;
        let unusable =
            |error: JsValue| ReaderError::Unusable(crate::browser::describe_js_error(&error));
        let instantiated = JsFuture::from(js_sys::WebAssembly::instantiate_buffer(
            &js_sys::Uint8Array::new(&bytes).to_vec(),
            &js_sys::Object::new(),
        ))
        .await
        .map_err(unusable)?;
        let exports = js_sys::Reflect::get(&instantiated, &JsValue::from_str("instance"))
            .and_then(|instance| js_sys::Reflect::get(&instance, &JsValue::from_str("exports")))
            .map_err(unusable)?;
        let export = |name: &str| {
            js_sys::Reflect::get(&exports, &JsValue::from_str(name))
                .ok()
                .filter(|value| !value.is_undefined())
                .ok_or_else(|| ReaderError::Unusable(format!("{name} がありません")))
        };
        let wrong =
            |name: &'static str| move |_| ReaderError::Unusable(format!("{name} の形が違います"));
        Ok(ReaderModule {
            memory: export("memory")?.dyn_into().map_err(wrong("memory"))?,
            frame_buffer: export(handoff::READER_FRAME_BUFFER)?
                .dyn_into()
                .map_err(wrong(handoff::READER_FRAME_BUFFER))?,
            read: export(handoff::READER_READ_FRAME)?
                .dyn_into()
                .map_err(wrong(handoff::READER_READ_FRAME))?,
        })
    }

    fn read(&self, width: u32, height: u32, luma: &[u8]) -> Option<Vec<Vec<u8>>> {
        let at = self
            .frame_buffer
            .call1(&JsValue::NULL, &JsValue::from(luma.len() as u32))
            .ok()?
            .as_f64()? as u32;
        // The module's memory may have grown (and its old buffer been detached) in each call: the view
        // is taken afresh after every one.
        js_sys::Uint8Array::new_with_byte_offset_and_length(
            &self.memory.buffer(),
            at,
            luma.len() as u32,
        )
        .copy_from(luma);
        let codes = self
            .read
            .call2(
                &JsValue::NULL,
                &JsValue::from(width),
                &JsValue::from(height),
            )
            .ok()?
            .as_f64()? as u32;
        let memory = js_sys::Uint8Array::new(&self.memory.buffer());
        let mut head = [0u8; 4];
        memory
            .subarray(codes, codes.checked_add(4)?)
            .copy_to(&mut head);
        let total = u32::try_from(handoff::codes_length(head)).ok()?;
        let end = codes.checked_add(total)?;
        if end > memory.length() {
            return None;
        }
        handoff::codes_from_bytes(&memory.subarray(codes, end).to_vec())
    }
}
