//! にも包括 研修: the compiled content and, on wasm32, the Leptos app over the pure model
//! (crates/model, re-exported as `model` so that pages name it the same way everywhere).

pub mod content;
pub use nimo_model as model;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod kept_batch;
#[cfg(target_arch = "wasm32")]
pub mod pack_loader;
#[cfg(target_arch = "wasm32")]
pub mod pages;
#[cfg(target_arch = "wasm32")]
pub mod qr_reader;
#[cfg(target_arch = "wasm32")]
pub mod session_store;
#[cfg(target_arch = "wasm32")]
pub mod state;
#[cfg(target_arch = "wasm32")]
pub mod storage;
