//! 「カメラで読み取る」: the instructor's webcam reads trainees' QR codes continuously, and every completed
//! export goes through the page's own import (same checks, same duplicate rule as a file). A tone, a
//! flash, a large counter and a log tell the room what was read; 「投影用」 shows the page's live tables large.
//!
//! Frames are read in Rust (model/handoff.rs with quircs): Chromium on Linux and Windows has no
//! BarcodeDetector, and one decoder everywhere keeps behaviour the same in every browser. Over http the
//! reader is a module of its own, fetched while the camera opens (`qr_reader`).

use crate::browser;
use crate::components::presenting::FullscreenButton;
use crate::model::io::handoff::{self, Assembler, HandOffError, Received, Scan};
use crate::model::io::import::{Export, ImportBatch, ImportError};
use crate::qr_reader::FrameReader;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::{HashMap, HashSet};
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Frames are read at most this often. A code is held up for a second or more, and each read takes tens
/// of milliseconds on a laptop: reading every frame would only heat the machine.
const TICK: Duration = Duration::from_millis(120);
/// Frames are read at this width at most (the height follows the camera's shape). The reader needs
/// about 5–6 pixels per module of a slightly blurred code (schema/qr-payload.md): at 960 pixels a
/// version-8 code on a phone held 25–30 cm from a 720p webcam has that, and a frame still reads in well
/// under 30 ms, so the page's own thread can do it without a worker.
const FRAME_WIDTH: u32 = 960;
const LOG_LIMIT: usize = 300;

#[derive(Clone, PartialEq)]
struct LogEntry {
    kind: &'static str,
    text: String,
}

#[component]
pub fn QrScanner(
    /// The test id of the open button (`instructor-scan`, `worksheets-scan`, `assessment-scan`).
    test_id: &'static str,
    /// Imports one export's JSON as a picked file would be imported, and says what became of it.
    on_export: Callback<String, Received>,
    /// The page's live tables and charts, shown large in the 投影用 view.
    #[prop(optional)]
    children: Option<ChildrenFn>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let cameras = RwSignal::new(Vec::<(String, String)>::new());
    let chosen = RwSignal::new(String::new());
    let count = RwSignal::new(0usize);
    let log = RwSignal::new(Vec::<LogEntry>::new());
    let status = RwSignal::new(String::new());
    let flash = RwSignal::new(false);
    let projecting = RwSignal::new(false);
    // (frame total: copy from the video, greyscale and read; the read alone; frames), for the bench.
    let timing = RwSignal::new((0.0f64, 0.0f64, 0u32));
    let video_ref = NodeRef::<leptos::html::Video>::new();
    let camera = StoredValue::new_local(Camera::default());
    let assembler = StoredValue::new(Assembler::default());
    // Who each completed export was, so a code seen again can be named; what was logged already, so
    // a foreign code in view for a minute is one line, not six hundred.
    let read_ids = StoredValue::new(HashMap::<String, String>::new());
    let logged = StoredValue::new(HashSet::<String>::new());
    // The export read last: the trainee keeps holding it up after the beep, which is not news.
    let last_read = StoredValue::new(None::<String>);

    let push_log = move |kind: &'static str, text: String| {
        log.update(|l| {
            l.insert(0, LogEntry { kind, text });
            l.truncate(LOG_LIMIT);
        });
    };
    let log_once = move |key: String, kind: &'static str, text: String| {
        if logged.try_update_value(|seen| seen.insert(key)) == Some(true) {
            push_log(kind, text);
        }
    };
    let signal_read = move |high: bool| {
        camera.with_value(|c| c.beep(if high { 1320.0 } else { 440.0 }));
        flash.set(true);
        set_timeout(move || flash.set(false), Duration::from_millis(450));
    };

    let unfinished = RwSignal::new(Vec::<String>::new());
    let handle_code = move |bytes: Vec<u8>| {
        let Some(scan) = assembler.try_update_value(|a| a.accept(&bytes)) else {
            return;
        };
        let still_open: Vec<String> = assembler.with_value(|a| {
            a.unfinished()
                .iter()
                .map(handoff::Unfinished::describe)
                .collect()
        });
        if unfinished.with_untracked(|u| *u != still_open) {
            unfinished.set(still_open);
        }
        match scan {
            Ok(Scan::Partial {
                have,
                total,
                missing,
                id,
            }) => {
                let rest = missing
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ");
                status.set(format!(
                    "{have}/{total}枚を読み取りました（残り: {rest}）。そのままかざしてください。"
                ));
                log_once(
                    format!("start-{id}"),
                    "partial",
                    format!("続きものの読み取りを始めました（全{total}枚）"),
                );
            }
            Ok(Scan::Complete { id, json }) => {
                last_read.set_value(Some(id.clone()));
                let outcome = on_export.run(json);
                match outcome {
                    Received::Added { who } => {
                        count.update(|n| *n += 1);
                        status.set(format!("読み取りました: {who}"));
                        push_log("added", format!("✓ {who}"));
                        read_ids.update_value(|m| {
                            m.insert(id, who);
                        });
                        signal_read(true);
                    }
                    Received::Duplicate { who } => {
                        status.set(format!(
                            "同じ受講者の回答です（{who}）。1人として数えます。"
                        ));
                        push_log(
                            "duplicate",
                            format!("重複: {who}（同じ受講者なので1人として数えます）"),
                        );
                        read_ids.update_value(|m| {
                            m.insert(id, who);
                        });
                        signal_read(false);
                    }
                    Received::Refused { reason } => {
                        status.set(format!("取り込めませんでした: {reason}"));
                        push_log("refused", format!("取り込めません: {reason}"));
                    }
                }
            }
            Ok(Scan::AlreadyRead { id }) => {
                if last_read.with_value(|last| last.as_deref() == Some(id.as_str())) {
                    return;
                }
                last_read.set_value(Some(id.clone()));
                let who = read_ids
                    .with_value(|m| m.get(&id).cloned())
                    .unwrap_or_default();
                let text = format!("すでに読み取った回答です（{who}）。1人として数えています。");
                push_log("repeat", text.clone());
                status.set(text);
            }
            Err(problem) => {
                let key = match &problem {
                    HandOffError::Foreign { preview } => format!("foreign-{preview}"),
                    other => other.to_string(),
                };
                let text = problem.to_string();
                log_once(key, "problem", text.clone());
                status.set(text);
            }
        }
    };

    let tick = move || {
        let Some(video) = video_ref.get_untracked() else {
            return;
        };
        let started = now_ms();
        // Reading blocks the page's thread: leave it free at least twice as long as a read takes, so
        // buttons and the log stay responsive on a slow laptop (the video preview is drawn by the
        // browser's compositor and keeps playing either way).
        if started < camera.with_value(|c| c.resume_at) {
            return;
        }
        let Some(Some((codes, decode))) = camera.try_update_value(|c| c.read(&video)) else {
            return;
        };
        let took = now_ms() - started;
        camera.update_value(|c| c.resume_at = started + 3.0 * took);
        timing.update(|(frame, read, n)| {
            *frame += took;
            *read += decode;
            *n += 1;
        });
        for bytes in codes {
            handle_code(bytes);
        }
    };

    let start = move |device: Option<String>| {
        error.set(None);
        status.set("カメラを準備しています…".into());
        spawn_local(async move {
            let stream = match open_camera(device.as_deref()).await {
                Ok(stream) => stream,
                Err(message) => {
                    status.set(String::new());
                    error.set(Some(message));
                    return;
                }
            };
            let Some(video) = video_ref.get_untracked() else {
                stop_tracks(&stream);
                return;
            };
            video.set_src_object(Some(&stream));
            if let Ok(play) = video.play() {
                let _ = JsFuture::from(play).await;
            }
            let list = list_cameras().await;
            if chosen.get_untracked().is_empty() {
                let current = stream
                    .get_video_tracks()
                    .get(0)
                    .dyn_into::<web_sys::MediaStreamTrack>()
                    .ok()
                    .map(|t| t.label());
                if let Some((id, _)) = list
                    .iter()
                    .find(|(_, label)| Some(label) == current.as_ref())
                {
                    chosen.set(id.clone());
                }
            }
            cameras.set(list);
            let timer = set_interval_with_handle(tick, TICK).ok();
            camera.update_value(|c| c.attach(stream, timer));
            status.set("QRコードをカメラに向けてください。".into());
        });
    };
    let stop = move || {
        camera.update_value(Camera::detach);
        if let Some(video) = video_ref.get_untracked() {
            video.set_src_object(None);
        }
    };
    on_cleanup(move || camera.try_update_value(Camera::detach).unwrap_or_default());

    let open_scanner = move |_| {
        open.set(true);
        // Browsers allow sound only after a click: the tone's audio context is made here.
        camera.update_value(Camera::prepare_sound);
        // The reader arrives while the browser asks for the camera; frames wait for it.
        if camera.with_value(|c| c.reader.is_none()) {
            spawn_local(async move {
                match FrameReader::load().await {
                    Ok(reader) => camera.update_value(|c| c.reader = Some(reader)),
                    Err(problem) => error.set(Some(problem.to_string())),
                }
            });
        }
        start(None);
    };
    let close_scanner = move |_| {
        stop();
        open.set(false);
        projecting.set(false);
        status.set(String::new());
    };
    let choose_camera = move |ev: leptos::ev::Event| {
        let id = event_target_value(&ev);
        chosen.set(id.clone());
        stop();
        start(Some(id));
    };
    let counter = move || format!("読み取り: {}人", count.get());
    let mean_ms = move |read_only: bool| {
        let (frame, read, n) = timing.get();
        let total = if read_only { read } else { frame };
        if n == 0 {
            String::new()
        } else {
            // Tenths by integers: formatting an f64 would link core's float printing (about 5 KB
            // brotli) into import views that print no other fraction.
            let tenths = (total * 10.0 / f64::from(n)).round() as u64;
            format!("{}.{}", tenths / 10, tenths % 10)
        }
    };
    let children = StoredValue::new(children);

    view! {
        <section class="scanner" aria-labelledby=format!("{test_id}-title")>
            <h2 id=format!("{test_id}-title")>"カメラで読み取る"</h2>
            <p>
                "受講者のスマートフォンに表示された「QRコードで提出」のコードを、このパソコンのカメラで読み取ります。"
                "ファイルのやり取りも、ネットワークも要りません。読み取った回答は、ファイルを読み込んだときと同じように確かめて取り込みます。"
            </p>
            <Show
                when=move || open.get()
                fallback=move || view! { <button type="button" class="button" on:click=open_scanner data-testid=test_id>"カメラで読み取る"</button> }
            >
                <div class="scanner__panel" class:scanner--flash=move || flash.get() data-testid="scanner" data-decode-ms=move || mean_ms(true) data-frame-ms=move || mean_ms(false)>
                    <p class="scanner__count" aria-live="polite" data-testid="scan-count">{counter}</p>
                    <Show when=move || error.with(Option::is_some)>
                        <p class="scanner__error" role="alert" data-testid="scan-error">{move || error.get()}</p>
                    </Show>
                    <div class="scanner__view">
                        <video node_ref=video_ref class="scanner__video" autoplay=true muted=true playsinline=true data-testid="scan-video" aria-label="カメラの映像"></video>
                    </div>
                    <p class="scanner__status" role="status" data-testid="scan-status">{move || status.get()}</p>
                    <Show when=move || unfinished.with(|u| !u.is_empty())>
                        <p class="scanner__unfinished">"読み取り途中（同じ画面をもう少しかざしてもらってください）:"</p>
                        <ul data-testid="scan-unfinished">
                            {move || unfinished.get().into_iter().map(|u| view! { <li>{u}</li> }).collect_view()}
                        </ul>
                    </Show>
                    <p class="scanner__controls">
                        <Show when=move || { cameras.with(|c| c.len() > 1) }>
                            <label class="scanner__camera">
                                "カメラ: "
                                <select on:change=choose_camera prop:value=move || chosen.get() data-testid="scan-camera">
                                    {move || cameras.get().into_iter().enumerate().map(|(i, (id, label))| {
                                        let label = if label.is_empty() { format!("カメラ {}", i + 1) } else { label };
                                        view! { <option value=id>{label}</option> }
                                    }).collect_view()}
                                </select>
                            </label>
                        </Show>
                        <button type="button" class="button" on:click=move |_| projecting.set(true) data-testid="scan-project">"投影用"</button>
                        <button type="button" class="button button--quiet" on:click=close_scanner data-testid="scan-stop">"カメラを止める"</button>
                    </p>
                    <h3 class="visually-hidden">"読み取りの記録"</h3>
                    <ol class="scanner__log" data-testid="scan-log" reversed=true>
                        {move || log.get().into_iter().map(|e| view! { <li class=format!("scanner__log-{}", e.kind)>{e.text}</li> }).collect_view()}
                    </ol>
                </div>
            </Show>
            <Show when=move || projecting.get()>
                <div class="projector" class:scanner--flash=move || flash.get() role="dialog" aria-label="投影用の表示" data-testid="projector">
                    <p class="projector__bar">
                        <span class="projector__count" data-testid="projector-count">{counter}</span>
                        <FullscreenButton />
                        <button type="button" class="button button--quiet button--small-text" on:click=move |_| projecting.set(false) data-testid="projector-close">"戻る"</button>
                    </p>
                    <p class="projector__status">{move || status.get()}</p>
                    <div class="projector__body">{move || children.with_value(|c| c.as_ref().map(|c| c()))}</div>
                </div>
            </Show>
        </section>
    }
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// The browser objects behind the scanner: the stream, the frame canvas, the timer and the tone.
#[derive(Default)]
struct Camera {
    stream: Option<web_sys::MediaStream>,
    timer: Option<IntervalHandle>,
    /// `performance.now()` before which no frame is read (see the tick).
    resume_at: f64,
    canvas: Option<(
        web_sys::HtmlCanvasElement,
        web_sys::CanvasRenderingContext2d,
    )>,
    sound: Option<web_sys::AudioContext>,
    reader: Option<FrameReader>,
}

impl Camera {
    fn attach(&mut self, stream: web_sys::MediaStream, timer: Option<IntervalHandle>) {
        self.detach();
        self.stream = Some(stream);
        self.timer = timer;
    }

    fn detach(&mut self) {
        if let Some(timer) = self.timer.take() {
            timer.clear();
        }
        if let Some(stream) = self.stream.take() {
            stop_tracks(&stream);
        }
    }

    fn prepare_sound(&mut self) {
        if self.sound.is_none() {
            self.sound = web_sys::AudioContext::new().ok();
        }
    }

    /// A short tone; silent where the browser allows no sound.
    fn beep(&self, frequency: f32) {
        let Some(context) = &self.sound else {
            return;
        };
        let (Ok(oscillator), Ok(gain)) = (context.create_oscillator(), context.create_gain())
        else {
            return;
        };
        oscillator.frequency().set_value(frequency);
        gain.gain().set_value(0.15);
        let connected = oscillator
            .connect_with_audio_node(&gain)
            .and_then(|_| gain.connect_with_audio_node(&context.destination()));
        if connected.is_ok() && oscillator.start().is_ok() {
            let _ = oscillator.stop_with_when(context.current_time() + 0.12);
        }
    }

    /// The codes in the video's current frame and the milliseconds the reading alone took, or `None`
    /// before the first frame has arrived.
    fn read(&mut self, video: &web_sys::HtmlVideoElement) -> Option<(Vec<Vec<u8>>, f64)> {
        let reader = self.reader.clone()?;
        let (source_width, source_height) = (video.video_width(), video.video_height());
        if video.ready_state() < 2 || source_width == 0 || source_height == 0 {
            return None;
        }
        let width = source_width.min(FRAME_WIDTH);
        let height = source_height * width / source_width;
        if self.canvas.is_none() {
            self.canvas = frame_canvas();
        }
        let (canvas, context) = self.canvas.as_ref()?;
        if canvas.width() != width || canvas.height() != height {
            canvas.set_width(width);
            canvas.set_height(height);
        }
        context
            .draw_image_with_html_video_element_and_dw_and_dh(
                video,
                0.0,
                0.0,
                f64::from(width),
                f64::from(height),
            )
            .ok()?;
        let rgba = context
            .get_image_data(0.0, 0.0, f64::from(width), f64::from(height))
            .ok()?
            .data();
        let luma: Vec<u8> = rgba
            .chunks_exact(4)
            .map(|p| {
                ((u32::from(p[0]) * 77 + u32::from(p[1]) * 150 + u32::from(p[2]) * 29) >> 8) as u8
            })
            .collect();
        let started = now_ms();
        let codes = reader.read(width, height, &luma);
        Some((codes, now_ms() - started))
    }
}

fn frame_canvas() -> Option<(
    web_sys::HtmlCanvasElement,
    web_sys::CanvasRenderingContext2d,
)> {
    let document = web_sys::window()?.document()?;
    let canvas: web_sys::HtmlCanvasElement =
        document.create_element("canvas").ok()?.dyn_into().ok()?;
    // Read back every frame: tell the browser to keep the canvas in memory rather than on the GPU.
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"willReadFrequently".into(), &JsValue::TRUE).ok()?;
    let context = canvas
        .get_context_with_context_options("2d", &options)
        .ok()??
        .dyn_into()
        .ok()?;
    Some((canvas, context))
}

fn stop_tracks(stream: &web_sys::MediaStream) {
    for track in stream.get_tracks().iter() {
        if let Ok(track) = track.dyn_into::<web_sys::MediaStreamTrack>() {
            track.stop();
        }
    }
}

/// The camera's stream, or a Japanese message that says why not and what to do instead.
async fn open_camera(device: Option<&str>) -> Result<web_sys::MediaStream, String> {
    let unavailable = "このブラウザ・このページではカメラを使えません（https のページか、このパソコンで開いたファイルで使えます）。ファイルの読み込みはこのまま使えます。";
    let devices = web_sys::window()
        .and_then(|w| w.navigator().media_devices().ok())
        .ok_or_else(|| unavailable.to_owned())?;
    let video = js_sys::Object::new();
    let set = |target: &js_sys::Object, key: &str, value: &JsValue| {
        let _ = js_sys::Reflect::set(target, &key.into(), value);
    };
    let ideal = |n: f64| {
        let o = js_sys::Object::new();
        set(&o, "ideal", &JsValue::from_f64(n));
        o
    };
    set(&video, "width", &ideal(1280.0));
    set(&video, "height", &ideal(720.0));
    match device {
        Some(id) if !id.is_empty() => {
            let exact = js_sys::Object::new();
            set(&exact, "exact", &JsValue::from_str(id));
            set(&video, "deviceId", &exact);
        }
        _ => {
            // A laptop's only camera faces the user; on a tablet the back camera is the one to hold up to.
            set(&video, "facingMode", &JsValue::from_str("environment"));
        }
    }
    let constraints = web_sys::MediaStreamConstraints::new();
    constraints.set_video(&video);
    constraints.set_audio(&JsValue::FALSE);
    let promise = devices
        .get_user_media_with_constraints(&constraints)
        .map_err(|_| unavailable.to_owned())?;
    match JsFuture::from(promise).await {
        Ok(stream) => stream.dyn_into().map_err(|_| unavailable.to_owned()),
        Err(error) => Err(camera_problem(&error)),
    }
}

fn camera_problem(error: &JsValue) -> String {
    let name = error
        .dyn_ref::<web_sys::DomException>()
        .map(web_sys::DomException::name)
        .unwrap_or_default();
    match name.as_str() {
        "NotAllowedError" | "SecurityError" => "カメラの使用が許可されませんでした。アドレスバーのカメラのマークから許可してもう一度お試しください。ファイルの読み込みはこのまま使えます。".into(),
        "NotFoundError" | "OverconstrainedError" => "カメラが見つかりません。カメラをつないでもう一度お試しください。ファイルの読み込みはこのまま使えます。".into(),
        "NotReadableError" | "AbortError" => "カメラを開けません。ほかのアプリ（ビデオ会議など）がカメラを使っていないか確かめてください。".into(),
        _ => format!("カメラを開けませんでした（{}）。ファイルの読み込みはこのまま使えます。", browser::describe_js_error(error)),
    }
}

/// The cameras by id and label (labels are empty until the camera was allowed once).
async fn list_cameras() -> Vec<(String, String)> {
    let Some(devices) = web_sys::window().and_then(|w| w.navigator().media_devices().ok()) else {
        return Vec::new();
    };
    let Ok(promise) = devices.enumerate_devices() else {
        return Vec::new();
    };
    let Ok(list) = JsFuture::from(promise).await else {
        return Vec::new();
    };
    js_sys::Array::from(&list)
        .iter()
        .filter_map(|d| d.dyn_into::<web_sys::MediaDeviceInfo>().ok())
        .filter(|d| d.kind() == web_sys::MediaDeviceKind::Videoinput)
        .map(|d| (d.device_id(), d.label()))
        .collect()
}

/// Runs one export read by the camera through a page's batch exactly as a picked file goes (the same
/// checks by the page's `parse`, the same duplicate rule), and judges what that did.
pub fn import_read<T>(
    batch: RwSignal<ImportBatch<T>>,
    result: Result<T, ImportError>,
    who: impl Fn(&T) -> String,
) -> Received
where
    T: Export + Send + Sync + 'static,
    T::Key: Send + Sync,
{
    let (who, refusal) = match &result {
        Ok(export) => (who(export), None),
        Err(problem) => (String::new(), Some(problem.to_string())),
    };
    let label = if who.is_empty() {
        "QRコード".to_owned()
    } else {
        format!("QRコード（{who}）")
    };
    let counts = |b: &ImportBatch<T>| (b.accepted.len(), b.duplicates.len());
    let before = batch.with_untracked(counts);
    batch.update(|b| {
        b.add(&label, result);
    });
    let after = batch.with_untracked(counts);
    handoff::judge(before, after, who, refusal)
}
