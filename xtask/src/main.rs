//! The release build of にも包括 研修: `cargo xtask dist` (run by ./scripts/build after setup) writes
//! dist/, and `cargo xtask service-worker <dir>` writes sw.js again for a changed copy of it.
//!
//! It is a Rust program that links the app's own library natively, so that it takes the site's facts
//! from where the app keeps them instead of restating them: the bundles and their pages, binaries,
//! titles and routes (`Bundle` in crates/model/src/route.rs), the course index (`content::COURSE`) and the
//! content packs' texts (`content::PACK_TEXTS`, compiled by build.rs from the same content/ as the wasm).
//!
//! # dist/ over http(s)
//! Trunk builds one page per run. Each `Bundle` gets a page made here from index.html (another
//! `data-bin` and title; nothing else, so the pages cannot drift apart), built by `trunk build
//! --release` under target/ and merged into dist/: index.html (home, lessons, glossary, search),
//! tools.html (記録, the survey, the self-assessment, the certificate, the QR hand-off of worksheets and
//! cases), worksheets.html, cases.html, session.html (`#/instructor/session…`), and one page per
//! import view of the instructor: instructor.html (survey), instructor-assessment.html,
//! instructor-worksheets.html and instructor-cases.html. They keep trunk's layout (external CSS,
//! JS glue and wasm, relative URLs so the site works from a sub-folder); then this program adds:
//! - a boot script, first in <head> after the policy: `const NIMO_BOOT = {…};` and web/boot.js. The
//!   JSON names the page, each other bundle's page with the route paths it shows, and each
//!   lesson's module, title and content pack, so that a page can send a visitor on to the bundle their
//!   address belongs to (and fetch a lesson's pack) before any wasm is downloaded. Trunk's preload links
//!   for the page's glue and wasm stay at the end of <head>: measured in Chromium 156, a page that the
//!   boot script leaves does not fetch them when the policy and the boot script come first (without
//!   the policy meta, the preload scanner did fetch them), and on a page that stays they start the
//!   wasm at once (a lesson's app 2.3 s instead of 3.3 s on the throttled phone profile). On
//!   index.html, the page of the lessons, the boot script starts the wasm itself instead
//!   (`html::wasm_fetched_by_boot`): on a lesson, once the pack's response has begun.
//! - a Content-Security-Policy: 'self' for what the glue fetches, the sha256 of each inline script
//!   (trunk's loader and the boot script), never 'unsafe-inline';
//! - dist/content/: the content packs (lesson bodies and self-checks per module, the glossary, and
//!   each case scenario), loaded on demand, each named with a hash of its text;
//! - what installing and offline use need (over http(s) only; the site works without any of it):
//!   dist/icons/ (192, 512, maskable 512, the 180 px apple-touch-icon and a 32 px favicon, drawn by
//!   icons.rs in the colours of style/main.css's light theme), dist/manifest.webmanifest, and
//!   dist/site.js (web/site.js: registers the service worker, offers 「新しい版があります」, shows
//!   Safari's 7-day notice once, asks for persistent storage), linked from every page;
//! - dist/sw.js (web/sw.js), written last: it precaches every file of dist/ except the offline file,
//!   in a cache named after a hash of those files, so that each new build replaces the old cache.
//!
//! # dist/nimo-kenshu.html, the single offline file
//! Opened from a USB stick via file://, a page cannot import modules or fetch the wasm (its origin is
//! null), so this file inlines everything: the CSS in <style>, the wasm-bindgen glue in an inline
//! module script (its `export`s stripped), the wasm as a string of one character a byte (`html::wasm_text`,
//! which brotli compresses far better than base64) handed to the glue's init function as
//! bytes, and every content pack as a `<script type="application/json" id="pack-<module>">` block. It
//! carries ONE wasm, the `nimo-kenshu-offline` binary (app::every_page), built like the
//! others but kept under target/: a reload to switch bundles would lose what file:// storage could not
//! keep, so it never switches and needs no boot script. Its CSP forbids every connection
//! (connect-src 'none'): nothing can leave the device. It carries site.js inline too (only the Safari
//! notice applies under file://) and its favicon as a data: URL, but no manifest: manifests and
//! service workers do not work from file://.

mod html;
mod icons;
mod service_worker;

use base64::Engine as _;
use nimo_kenshu::content::{CASE_TEXTS, CASES, COURSE, PACK_TEXTS};
use nimo_model::io::handoff;
use nimo_model::route::Bundle;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

/// The single offline file in dist/.
pub const OFFLINE_NAME: &str = "nimo-kenshu.html";
/// The cargo binary inlined into it: every page in one app.
const OFFLINE_BINARY: &str = "nimo-kenshu-offline";
const SITE_SCRIPT: &str = "site.js";
const MANIFEST: &str = "manifest.webmanifest";
const ICON_DIR: &str = "icons";
pub const PACK_DIR: &str = "content";
/// What index.html links as its icon; replaced by the real icon links on every page of dist/.
const NO_FAVICON: &str = "<link rel=\"icon\" href=\"data:,\">";

type Result<T, E = String> = std::result::Result<T, E>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["dist"] => dist(),
        ["service-worker", dir] => write_service_worker(Path::new(dir)).map(|(name, count)| {
            // The tests read the cache name from stdout.
            println!("{name}");
            eprintln!("xtask: {dir}/sw.js precaches {count} files as {name}");
        }),
        _ => Err("usage: cargo xtask dist | cargo xtask service-worker <dir>\n  dist: the release build (dist/ and dist/nimo-kenshu.html)\n  service-worker <dir>: writes <dir>/sw.js again for the files now in <dir>".into()),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The repository: the folder above this crate.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask/ lives in the repository")
        .to_path_buf()
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn write(path: &Path, data: impl AsRef<[u8]>) -> Result<()> {
    std::fs::write(path, data).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn create_dir(path: &Path) -> Result<()> {
    std::fs::create_dir_all(path).map_err(|e| format!("cannot create {}: {e}", path.display()))
}

fn write_service_worker(dir: &Path) -> Result<(String, usize)> {
    let template = read(&root().join("web").join(service_worker::SERVICE_WORKER))?;
    service_worker::write(dir, &template)
        .map_err(|e| format!("cannot write {}/sw.js: {e}", dir.display()))
}

/// One trunk build: its output folder and the page it wrote there.
struct Built {
    dir: PathBuf,
    page: String,
}

impl Built {
    /// The JS glue and wasm that trunk's loader in this page starts.
    fn assets(&self) -> Result<(PathBuf, PathBuf)> {
        let glue = html::between(&self.page, "from './", "'");
        let wasm = html::between(&self.page, "module_or_path: './", "'");
        match (glue, wasm) {
            (Some(glue), Some(wasm)) if glue.ends_with(".js") && wasm.ends_with("_bg.wasm") => {
                Ok((self.dir.join(glue), self.dir.join(wasm)))
            }
            _ => Err(format!(
                "{}/index.html does not load a wasm bundle the way trunk writes it",
                self.dir.display()
            )),
        }
    }

    /// The stylesheet trunk wrote (the same in every build).
    fn css(&self) -> Result<PathBuf> {
        let found: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .map_err(|e| format!("cannot list {}: {e}", self.dir.display()))?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.extension().is_some_and(|ext| ext == "css"))
            .collect();
        match &found[..] {
            [css] => Ok(css.clone()),
            _ => Err(format!(
                "expected one .css in {}, found {found:?}",
                self.dir.display()
            )),
        }
    }
}

/// Makes trunk's source page for one binary from index.html under target/trunk-<name>-src/ and runs
/// `trunk build --release` for it into target/trunk-<name>/.
fn trunk_build(root: &Path, name: &str, binary: &str, title: &str) -> Result<Built> {
    let index = read(&root.join("index.html"))?;
    // The page sits two folders below the repository, so its style and Cargo.toml paths go up twice.
    let replacements = [
        (
            "data-bin=\"nimo-kenshu\"".to_owned(),
            format!("data-bin=\"{binary}\""),
        ),
        ("href=\"style/".to_owned(), "href=\"../../style/".to_owned()),
        (
            "data-trunk rel=\"rust\"".to_owned(),
            "data-trunk rel=\"rust\" href=\"../../Cargo.toml\"".to_owned(),
        ),
        (
            "<title>にも包括 研修</title>".to_owned(),
            format!("<title>{}</title>", html::escape(title)),
        ),
    ];
    let mut page = index;
    for (from, to) in &replacements {
        if page.matches(from.as_str()).count() != 1 {
            return Err(format!(
                "index.html should have `{from}` exactly once, for the {name} page"
            ));
        }
        page = page.replacen(from.as_str(), to, 1);
    }
    let source_dir = root.join("target").join(format!("trunk-{name}-src"));
    create_dir(&source_dir)?;
    let source = source_dir.join(format!("{name}.html"));
    write(&source, page)?;
    let out = root.join("target").join(format!("trunk-{name}"));
    let _ = std::fs::remove_dir_all(&out);

    // wasm-opt comes from npm (node_modules/.bin), see scripts/setup.
    let path = std::env::var_os("PATH").unwrap_or_default();
    let path = std::env::join_paths(
        std::iter::once(root.join("node_modules").join(".bin")).chain(std::env::split_paths(&path)),
    )
    .map_err(|e| format!("PATH: {e}"))?;
    let started = Instant::now();
    eprintln!("xtask: trunk build --release for {name} ({binary})");
    let status = Command::new("trunk")
        .arg("build")
        .arg(&source)
        .arg("--release")
        .arg("--dist")
        .arg(&out)
        .current_dir(root)
        .env("PATH", path)
        .status()
        .map_err(|e| format!("cannot run trunk (./scripts/setup installs it): {e}"))?;
    if !status.success() {
        return Err(format!("trunk build for {name} failed ({status})"));
    }
    eprintln!(
        "xtask: {name} built in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    // Trunk names its output index.html whatever the source page was called.
    let built = Built {
        page: read(&out.join("index.html"))?,
        dir: out,
    };
    let (glue, _) = built.assets()?;
    let glue = glue.file_name().unwrap_or_default().to_string_lossy();
    let hash = glue
        .strip_prefix(&format!("{binary}-"))
        .and_then(|rest| rest.strip_suffix(".js"));
    if !hash.is_some_and(|hash| hash.chars().all(|c| c.is_ascii_hexdigit())) {
        return Err(format!(
            "the {name} page starts {glue}, not the {binary} binary"
        ));
    }
    Ok(built)
}

/// Copies a trunk build's assets (not its page) into dist/. The stylesheet comes out of every build
/// the same, under the same hashed name; any other clash is an error.
fn merge(built: &Built, dist: &Path) -> Result<()> {
    for entry in std::fs::read_dir(&built.dir)
        .map_err(|e| format!("cannot list {}: {e}", built.dir.display()))?
    {
        let entry = entry.map_err(|e| e.to_string())?;
        let name = entry.file_name();
        if name == "index.html" {
            continue;
        }
        let from = entry.path();
        if !from.is_file() {
            return Err(format!(
                "{} is a folder; trunk's output was expected to be flat",
                from.display()
            ));
        }
        let to = dist.join(&name);
        let data = read_bytes(&from)?;
        if to.exists() && read_bytes(&to)? != data {
            return Err(format!(
                "two trunk builds wrote different {}",
                name.to_string_lossy()
            ));
        }
        write(&to, data)?;
    }
    Ok(())
}

fn dist() -> Result<()> {
    let started = Instant::now();
    let root = root();
    let dist = root.join("dist");
    if dist.exists() {
        std::fs::remove_dir_all(&dist).map_err(|e| format!("cannot remove dist/: {e}"))?;
    }
    create_dir(&dist)?;

    let mut pages = Vec::new();
    for bundle in Bundle::ALL {
        let name = bundle.file().trim_end_matches(".html");
        let built = trunk_build(&root, name, bundle.binary(), bundle.title())?;
        merge(&built, &dist)?;
        pages.push((bundle, built));
    }
    let offline = trunk_build(&root, "offline", OFFLINE_BINARY, Bundle::Main.title())?;

    let packs = write_packs(&dist)?;
    let previews = write_previews(&dist, &packs)?;
    for built in [&pages[0].1, &offline] {
        let wasm = read_bytes(&built.assets()?.1)?;
        if !contains(&wasm, COURSE.version.as_bytes()) {
            return Err(format!(
                "{} was built from other content than this program (course version {}); run the build again",
                built.dir.display(),
                COURSE.version
            ));
        }
    }
    let index = &pages[0].1.page;
    let (theme, favicon) = write_install_files(&root, &dist, &offline, index)?;
    let single = single_file(&root, &offline, &packs, &favicon)?;
    write(&dist.join(OFFLINE_NAME), &single)?;

    let qr_reader = write_qr_reader(&root, &dist)?;
    let boot_js = read(&root.join("web").join("boot.js"))?;
    for (bundle, built) in &pages {
        let page = http_page(
            &built.page,
            *bundle,
            &boot_js,
            &theme,
            &qr_reader,
            &previews,
        )?;
        write(&dist.join(bundle.file()), page)?;
    }
    let (cache, precached) = write_service_worker(&dist)?;

    eprintln!(
        "xtask: {} with a boot script and a CSP each; {} content packs in dist/{PACK_DIR}/; {MANIFEST}, {ICON_DIR}/, {SITE_SCRIPT}; sw.js precaches {precached} files as {cache}",
        Bundle::ALL.map(Bundle::file).join(", "),
        packs.len(),
    );
    for (bundle, built) in &pages {
        let wasm = built.assets()?.1;
        eprintln!(
            "xtask: {:<16} {} ({} KB wasm)",
            bundle.file(),
            bundle.binary(),
            std::fs::metadata(&wasm).map_or(0, |m| m.len()) / 1024
        );
    }
    eprintln!(
        "xtask: {OFFLINE_NAME:<16} {OFFLINE_BINARY} ({} KB in all)",
        single.len() / 1024
    );
    eprintln!(
        "xtask: dist/ built in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Builds crates/qr-reader, the QR reader module the instructor's pages fetch when the camera opens,
/// and writes it into dist/ under a name that changes with its bytes; returns that name. wasm-opt `-O3`,
/// not `-Oz`: reading a camera frame is the app's one hot loop (`data-decode-ms` in ./scripts/bench).
fn write_qr_reader(root: &Path, dist: &Path) -> Result<String> {
    let started = Instant::now();
    let status = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["build", "--release", "--target", "wasm32-unknown-unknown"])
        .args(["-p", "nimo-qr-reader"])
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run cargo for the QR reader: {e}"))?;
    if !status.success() {
        return Err(format!("the QR reader's build failed ({status})"));
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let built = target.join("wasm32-unknown-unknown/release/nimo_qr_reader.wasm");
    let optimised = target.join("nimo_qr_reader.opt.wasm");
    let status = Command::new(root.join("node_modules/.bin/wasm-opt"))
        .arg(&built)
        .args(["-O3", "--strip-debug", "--strip-producers"])
        // What rustc's wasm32 target emits by default; every browser the site supports has them.
        .args([
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-mutable-globals",
            "--enable-reference-types",
            "--enable-multivalue",
            "-o",
        ])
        .arg(&optimised)
        .status()
        .map_err(|e| format!("cannot run wasm-opt (./scripts/setup installs it): {e}"))?;
    if !status.success() {
        return Err(format!("wasm-opt on the QR reader failed ({status})"));
    }
    let bytes = read_bytes(&optimised)?;
    for export in [handoff::READER_FRAME_BUFFER, handoff::READER_READ_FRAME] {
        if !contains(&bytes, export.as_bytes()) {
            return Err(format!(
                "the QR reader module exports no `{export}`, which the app calls"
            ));
        }
    }
    let name = qr_reader_name(&bytes);
    write(&dist.join(&name), &bytes)?;
    eprintln!(
        "xtask: {name} ({} KB) built in {:.1} s",
        bytes.len() / 1024,
        started.elapsed().as_secs_f64()
    );
    Ok(name)
}

/// `qr-reader.<16 hex digits of its SHA-256>.wasm`: a new reader gets a new name, so no cache serves an
/// old one to a new page.
fn qr_reader_name(bytes: &[u8]) -> String {
    format!("qr-reader.{}.wasm", content_hash(bytes))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A lesson's preview holds its body's sections up to about this many characters of HTML (at least the
/// first section): a screen or two on a phone.
const PREVIEW_CHARS: usize = 4000;
/// Previews are named `content/preview-<lesson>.<hash>.json`; the service worker does not precache them.
pub const PREVIEW_PREFIX: &str = "preview-";

/// The opening of each lesson (objectives and first body sections) in the shape of its module's pack,
/// `{"lessons":[…]}`, as a file of its own that web/boot.js fetches on a first visit: a few KB arrive
/// long before the module's pack (up to 44 KB brotli), whose whole text then replaces the opening.
/// Returns each lesson's preview file, relative to the page.
fn write_previews(dist: &Path, packs: &[Pack]) -> Result<BTreeMap<String, String>> {
    let mut previews = BTreeMap::new();
    for pack in packs.iter().filter(|p| COURSE.pack(&p.module).is_some()) {
        let json: serde_json::Value =
            serde_json::from_str(pack.text).map_err(|e| format!("pack {}: {e}", pack.module))?;
        for lesson in json["lessons"].as_array().into_iter().flatten() {
            let id = lesson["id"]
                .as_str()
                .ok_or_else(|| format!("pack {}: a lesson without an id", pack.module))?;
            let text = preview_of(lesson).to_string();
            let name = format!(
                "{PREVIEW_PREFIX}{id}.{}.json",
                &content_hash(text.as_bytes())[..8]
            );
            write(&dist.join(PACK_DIR).join(&name), &text)?;
            previews.insert(id.to_owned(), format!("{PACK_DIR}/{name}"));
        }
    }
    Ok(previews)
}

/// `{"lessons":[{"id","objectives","body"}]}` with the body's sections as long as they fit in
/// `PREVIEW_CHARS`, the first always.
fn preview_of(lesson: &serde_json::Value) -> serde_json::Value {
    let mut chars = 0;
    let body: Vec<&serde_json::Value> = lesson["body"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
        .take_while(|(i, section)| {
            chars += section["html"].as_str().map_or(0, str::len);
            *i == 0 || chars <= PREVIEW_CHARS
        })
        .map(|(_, section)| section)
        .collect();
    serde_json::json!({ "lessons": [{ "id": lesson["id"], "objectives": lesson["objectives"], "body": body }] })
}

fn content_hash(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// One content pack: its module (or "glossary", or `case-<id>`) and JSON text.
struct Pack {
    module: String,
    text: &'static str,
}

/// The packs of the course index, paired with their texts (build.rs emits both lists from one list, in
/// one order; each text is checked to be the pack it is paired with), written into dist/content/.
fn write_packs(dist: &Path) -> Result<Vec<Pack>> {
    if COURSE.packs.len() != PACK_TEXTS.len() {
        return Err(format!(
            "the course index names {} packs but the library carries {}",
            COURSE.packs.len(),
            PACK_TEXTS.len()
        ));
    }
    let dir = dist.join(PACK_DIR);
    create_dir(&dir)?;
    let mut packs = Vec::new();
    for (pack, text) in COURSE.packs.iter().zip(PACK_TEXTS) {
        let json: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("pack {}: {e}", pack.file))?;
        let module = json["module"]
            .as_str()
            .unwrap_or(nimo_kenshu::content::GLOSSARY_PACK);
        if module != pack.module || json["course_version"] != COURSE.version {
            return Err(format!(
                "the text paired with pack {} is the pack of {module}, course version {}",
                pack.file, json["course_version"]
            ));
        }
        // Packs are also inlined in data blocks of the offline file (build.rs escapes `</`).
        if text.contains("</") {
            return Err(format!("pack {} contains `</`", pack.file));
        }
        write(&dir.join(pack.file), text)?;
        packs.push(Pack {
            module: pack.module.to_owned(),
            text,
        });
    }
    // Each case is a pack of its own (see `CaseRef`), in the same folder and, offline, data blocks
    // `pack-case-<id>`.
    if CASES.len() != CASE_TEXTS.len() {
        return Err(format!(
            "the case index names {} cases but the library carries {}",
            CASES.len(),
            CASE_TEXTS.len()
        ));
    }
    for (case, text) in CASES.iter().zip(CASE_TEXTS) {
        let parsed = nimo_model::case::parse_cases(text)
            .map_err(|e| format!("case pack {}: {e}", case.file))?;
        if parsed.len() != 1 || parsed[0].id != case.id {
            return Err(format!(
                "the text paired with case pack {} is not the case {}",
                case.file, case.id
            ));
        }
        if text.contains("</") {
            return Err(format!("case pack {} contains `</`", case.file));
        }
        write(&dir.join(case.file), text)?;
        packs.push(Pack {
            module: format!("case-{}", case.id),
            text,
        });
    }
    Ok(packs)
}

/// The colour custom properties (`--name: #hex`) of the first rule for `selector`, so that the icons,
/// the manifest and the theme-color meta follow style/main.css instead of copying its values.
fn css_colours(css: &str, selector: &str) -> Result<BTreeMap<String, String>> {
    let rule = css
        .match_indices(selector)
        .find_map(|(at, _)| {
            let rest = css[at + selector.len()..].trim_start();
            rest.strip_prefix('{')
                .and_then(|body| body.split_once('}').map(|(body, _)| body))
        })
        .ok_or_else(|| {
            format!("no `{selector} {{…}}` rule in the stylesheet to take the theme colours from")
        })?;
    let mut colours = BTreeMap::new();
    for declaration in rule.split(';') {
        // Comments between declarations are left in front of the property name.
        let declaration = declaration.rsplit("*/").next().unwrap_or(declaration);
        if let Some((name, value)) = declaration.split_once(':') {
            let (name, value) = (name.trim(), value.trim());
            let is_hex = value.len() > 1
                && matches!(value.len(), 4 | 7)
                && value.starts_with('#')
                && value[1..].chars().all(|c| c.is_ascii_hexdigit());
            if name.starts_with("--") && is_hex {
                colours.entry(name.to_owned()).or_insert(value.to_owned());
            }
        }
    }
    Ok(colours)
}

#[derive(Serialize)]
struct Manifest<'a> {
    name: &'a str,
    short_name: &'a str,
    description: String,
    lang: &'a str,
    dir: &'a str,
    start_url: &'a str,
    scope: &'a str,
    display: &'a str,
    theme_color: &'a str,
    background_color: &'a str,
    icons: Vec<ManifestIcon>,
}

#[derive(Serialize)]
struct ManifestIcon {
    src: String,
    sizes: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    purpose: &'static str,
}

/// The icons, the manifest and site.js; returns the theme colour and the favicon (which the offline
/// file inlines).
fn write_install_files(
    root: &Path,
    dist: &Path,
    built: &Built,
    index: &str,
) -> Result<(String, Vec<u8>)> {
    let css = read(&built.css()?)?;
    let light = css_colours(&css, ":root")?;
    let colour = |name: &str| {
        light.get(name).cloned().ok_or_else(|| {
            format!("style/main.css's :root has no {name} colour for the icons and manifest")
        })
    };
    let (theme, background, mark) = (
        colour("--accent")?,
        colour("--bg")?,
        colour("--accent-text")?,
    );
    create_dir(&dist.join(ICON_DIR))?;
    let mut favicon = Vec::new();
    for (name, png) in icons::icon_set(icons::parse_colour(&theme)?, icons::parse_colour(&mark)?) {
        write(&dist.join(ICON_DIR).join(name), &png)?;
        if name == "favicon.png" {
            favicon = png;
        }
    }
    let description = html::start_tags(index, "meta")
        .into_iter()
        .find(|tag| html::attribute(tag, "name") == Some("description"))
        .and_then(|tag| html::attribute(tag, "content"))
        .ok_or("index.html has no <meta name=\"description\"> for the manifest")?;
    let icon = |file: &str, sizes, purpose| ManifestIcon {
        src: format!("{ICON_DIR}/{file}"),
        sizes,
        kind: "image/png",
        purpose,
    };
    let manifest = Manifest {
        name: "にも包括 研修",
        short_name: "にも包括",
        description: html::unescape(description),
        lang: "ja",
        dir: "ltr",
        // Relative, because the site is hosted in sub-folders: both resolve against the manifest's URL.
        start_url: "./index.html",
        scope: "./",
        display: "standalone",
        theme_color: &theme,
        background_color: &background,
        icons: vec![
            icon("icon-192.png", "192x192", "any"),
            icon("icon-512.png", "512x512", "any"),
            icon("icon-maskable-512.png", "512x512", "maskable"),
        ],
    };
    let json = serde_json::to_string_pretty(&manifest).expect("the manifest serialises");
    write(&dist.join(MANIFEST), json + "\n")?;
    write(
        &dist.join(SITE_SCRIPT),
        read(&root.join("web").join(SITE_SCRIPT))?,
    )?;
    Ok((theme, favicon))
}

/// What a page's boot script knows before any wasm is downloaded (`NIMO_BOOT`, see web/boot.js).
#[derive(Serialize)]
struct Boot<'a> {
    /// This page's file.
    page: &'a str,
    /// Every other bundle's page and the route paths it shows (`Bundle::prefixes`); the main bundle shows
    /// the rest.
    bundles: Vec<BootBundle>,
    /// Each lesson by id.
    lessons: BTreeMap<&'static str, BootLesson>,
    /// Each case's pack by case id, relative to the page (on the cases' page only).
    cases: BTreeMap<&'static str, String>,
    /// The QR reader module (crates/qr-reader), relative to the page, on the pages whose scanner
    /// fetches it; web/boot.js hands it to the app as `window.nimoQrReader`.
    #[serde(rename = "qrReader", skip_serializing_if = "Option::is_none")]
    qr_reader: Option<&'a str>,
    /// The page's wasm, on the page that shows lessons: web/boot.js starts its download (at once, or
    /// on a lesson once the pack has begun to arrive) and hands it to trunk's loader as
    /// `window.nimoWasm` (`html::wasm_fetched_by_boot`).
    #[serde(skip_serializing_if = "Option::is_none")]
    wasm: Option<&'a str>,
}

#[derive(Serialize)]
struct BootBundle {
    page: &'static str,
    prefixes: &'static [&'static str],
}

#[derive(Serialize)]
struct BootLesson {
    module: &'static str,
    /// Its module's content pack, relative to the page.
    pack: String,
    /// Its opening, relative to the page (`write_previews`).
    #[serde(skip_serializing_if = "Option::is_none")]
    preview: Option<String>,
    title: &'static str,
    /// The lines above and below the title, as the lesson page writes them, so the preview's text
    /// starts where the app's will.
    chapter: String,
    meta: String,
}

/// `const NIMO_BOOT = {…};` and web/boot.js, as the text of an inline classic script of `page`.
fn boot_script<'a>(
    page: &'a str,
    boot_js: &str,
    qr_reader: Option<&'a str>,
    wasm: Option<&'a str>,
    previews: &BTreeMap<String, String>,
) -> Result<String> {
    let mut lessons = BTreeMap::new();
    // Lessons are the main bundle's: the other pages send a lesson's address on to index.html, so
    // they need no table of them (each page stays about 1.5 KB lighter).
    let lessons_here = page == Bundle::Main.file();
    for lesson in COURSE.lessons.iter().filter(|_| lessons_here) {
        let pack = COURSE
            .pack(lesson.module)
            .ok_or_else(|| format!("no content pack for module {}", lesson.module))?;
        let module = COURSE
            .module(lesson.module)
            .ok_or_else(|| format!("no module {}", lesson.module))?;
        lessons.insert(
            lesson.id,
            BootLesson {
                module: lesson.module,
                pack: format!("{PACK_DIR}/{}", pack.file),
                preview: previews.get(lesson.id).cloned(),
                title: lesson.title,
                chapter: module.heading(),
                meta: lesson.meta_line(),
            },
        );
    }
    // Likewise the cases' packs, on the one page that shows cases.
    let cases = CASES
        .iter()
        .filter(|_| page == Bundle::Cases.file())
        .map(|case| (case.id, format!("{PACK_DIR}/{}", case.file)))
        .collect();
    let boot = Boot {
        page,
        bundles: Bundle::ALL
            .into_iter()
            .filter(|bundle| *bundle != Bundle::Main)
            .map(|bundle| BootBundle {
                page: bundle.file(),
                prefixes: bundle.prefixes(),
            })
            .collect(),
        lessons,
        cases,
        qr_reader,
        wasm,
    };
    // `<` occurs only inside JSON strings, where \u003c is the same character: no `</script` or
    // `<!--` can reach the HTML parser.
    let json = serde_json::to_string(&boot)
        .expect("the boot table serialises")
        .replace('<', "\\u003c");
    Ok(format!(
        "const NIMO_BOOT = {json};\n{}",
        html::escape_closing(boot_js, "script")
    ))
}

/// A page of dist/ for `bundle`: trunk's page with the boot script first, the icon and manifest
/// links, and its CSP.
fn http_page(
    trunk_page: &str,
    bundle: Bundle,
    boot_js: &str,
    theme: &str,
    qr_reader: &str,
    previews: &BTreeMap<String, String>,
) -> Result<String> {
    if trunk_page.contains("Content-Security-Policy") {
        return Err(format!(
            "{} already has a CSP; run the build from the start",
            bundle.file()
        ));
    }
    let mut page = html::drop_preload_integrity(trunk_page);
    // On the page that shows lessons a lesson's pack gets a head start on the phone's shared line;
    // elsewhere trunk's preload starts the wasm as early.
    let wasm = match bundle {
        Bundle::Main => {
            let wasm = html::between(&page, "module_or_path: './", "'")
                .ok_or_else(|| format!("{}: no wasm loader", bundle.file()))?
                .to_owned();
            page = html::wasm_fetched_by_boot(&page, &wasm)?;
            Some(format!("./{wasm}"))
        }
        _ => None,
    };
    let boot = boot_script(
        bundle.file(),
        boot_js,
        bundle.reads_qr_codes().then_some(qr_reader),
        wasm.as_deref(),
        previews,
    )?;
    let page = html::insert_after_charset(&page, &format!("<script>{boot}</script>"))?;
    let page = install_links(&page, theme)?;
    let policy = site_csp(&page);
    // After the boot script was inserted: the policy goes before it.
    html::insert_csp(&page, &policy)
}

/// The favicon, manifest, theme colour, home-screen icon and site.js for a page of dist/. Not for the
/// offline file: manifests and service workers do not work from file://.
fn install_links(page: &str, theme: &str) -> Result<String> {
    if !page.contains(NO_FAVICON) {
        return Err(format!(
            "a page has no `{NO_FAVICON}` for the icon links to replace"
        ));
    }
    let links = [
        format!("<link rel=\"icon\" type=\"image/png\" href=\"{ICON_DIR}/favicon.png\">"),
        format!("<link rel=\"manifest\" href=\"{MANIFEST}\">"),
        format!("<meta name=\"theme-color\" content=\"{theme}\">"),
        format!("<link rel=\"apple-touch-icon\" href=\"{ICON_DIR}/apple-touch-icon.png\">"),
        "<meta name=\"apple-mobile-web-app-title\" content=\"にも包括\">".to_owned(),
        format!("<script src=\"{SITE_SCRIPT}\" defer></script>"),
    ]
    .join("\n  ");
    Ok(page.replacen(NO_FAVICON, &links, 1))
}

/// The policy of a page of dist/: its inline scripts by hash, everything else from the site itself.
fn site_csp(page: &str) -> String {
    let hashes: Vec<String> = html::inline_scripts(page)
        .into_iter()
        .filter(|script| !script.trim().is_empty())
        .map(html::sha256_source)
        .collect();
    format!(
        "default-src 'none'; script-src 'self' {} 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'; manifest-src 'self'; worker-src 'self'; base-uri 'none'; form-action 'none'",
        hashes.join(" ")
    )
}

/// dist/nimo-kenshu.html: the offline binary's page with everything inlined (see the module doc).
fn single_file(root: &Path, built: &Built, packs: &[Pack], favicon: &[u8]) -> Result<String> {
    let base64 = &base64::engine::general_purpose::STANDARD;
    let (glue, wasm) = built.assets()?;
    // The wasm as text, one character a byte (see `html::wasm_text`), turned back into bytes here.
    let app = format!(
        "{}\nconst wasmText = \"{}\";\nconst wasmBytes = new Uint8Array(wasmText.length);\n\
         for (let i = 0; i < wasmText.length; i++) wasmBytes[i] = (wasmText.charCodeAt(i) - {}) & 255;\n\
         await __wbg_init({{ module_or_path: wasmBytes }});\n",
        html::strip_module_exports(&read(&glue)?),
        html::wasm_text(&read_bytes(&wasm)?),
        html::WASM_TEXT_SHIFT,
    );
    let app = html::escape_closing(&app, "script");
    // A classic script, run before the app; under file:// it registers no worker (see web/site.js).
    let site = html::escape_closing(&read(&root.join("web").join(SITE_SCRIPT))?, "script");
    let style = html::escape_closing(&read(&built.css()?)?, "style");
    let policy = format!(
        "default-src 'none'; script-src {} {} 'wasm-unsafe-eval'; style-src {}; img-src data:; \
         connect-src 'none'; base-uri 'none'; form-action 'none'",
        html::sha256_source(&site),
        html::sha256_source(&app),
        html::sha256_source(&style),
    );
    let page = &built.page;
    let head_meta: Vec<&str> = html::start_tags(page, "meta")
        .into_iter()
        .filter(|tag| !tag.contains("Content-Security-Policy"))
        .collect();
    let title = html::element_text(page, "title")?;
    let body = html::remove_scripts(html::element_text(page, "body")?);
    let pack_blocks: Vec<String> = packs
        .iter()
        .map(|pack| {
            // Data blocks are never executed, so the CSP's script hashes do not concern them.
            format!(
                "<script type=\"application/json\" id=\"pack-{}\">{}</script>",
                pack.module, pack.text
            )
        })
        .collect();
    let document = format!(
        "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n{}\n<title>{title}</title>\n\
         <link rel=\"icon\" type=\"image/png\" href=\"data:image/png;base64,{}\">\n<style>{style}</style>\n</head>\n<body>\n{}\n{}\n\
         <script>{site}</script>\n<script type=\"module\">{app}</script>\n</body>\n</html>\n",
        head_meta.join("\n"),
        base64.encode(favicon),
        body.trim(),
        pack_blocks.join("\n"),
    );
    html::insert_csp(&document, &policy)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theme_colours_come_from_the_first_root_rule() {
        let css = "a{color:red}\n:root {\n  /* light */ --accent: #0c6557;\n  --bg:#fff; --space: 4px;\n  --accent-text: #ffffff;\n}\n:root { --accent: #000; }";
        let colours = css_colours(css, ":root").unwrap();
        assert_eq!(colours["--accent"], "#0c6557");
        assert_eq!(colours["--bg"], "#fff");
        assert_eq!(colours["--accent-text"], "#ffffff");
        assert!(!colours.contains_key("--space"));
        assert!(css_colours("a{}", ":root").is_err());
    }

    #[test]
    fn only_the_pages_that_read_codes_name_the_reader_module() {
        let reading: Vec<_> = Bundle::ALL
            .into_iter()
            .filter(|b| b.reads_qr_codes())
            .map(Bundle::file)
            .collect();
        assert_eq!(
            reading,
            [
                "instructor.html",
                "instructor-assessment.html",
                "instructor-worksheets.html",
                "instructor-cases.html"
            ]
        );
        let named = boot_script(
            "instructor.html",
            "",
            Some("qr-reader.ab.wasm"),
            None,
            &BTreeMap::new(),
        )
        .unwrap();
        assert!(
            named.contains("\"qrReader\":\"qr-reader.ab.wasm\""),
            "{named}"
        );
        let unnamed = boot_script("tools.html", "", None, None, &BTreeMap::new()).unwrap();
        assert!(!unnamed.contains("qrReader"), "{unnamed}");
        let name = qr_reader_name(b"\0asm");
        assert!(
            name.starts_with("qr-reader.") && name.ends_with(".wasm") && name.len() == 31,
            "{name}"
        );
        assert_ne!(name, qr_reader_name(b"\0asm\x01"));
    }

    #[test]
    fn the_boot_script_names_every_other_bundle_and_on_the_main_page_every_lesson() {
        let elsewhere = boot_script("tools.html", "", None, None, &BTreeMap::new()).unwrap();
        assert!(
            elsewhere.contains("\"lessons\":{},\"cases\":{}"),
            "{elsewhere}"
        );
        let cases = boot_script("cases.html", "", None, None, &BTreeMap::new()).unwrap();
        let case = &CASES[0];
        assert!(
            cases.contains(&format!("\"{}\":\"content/{}\"", case.id, case.file)),
            "{cases}"
        );
        assert!(cases.contains("\"lessons\":{}"), "{cases}");
        let lesson = &COURSE.lessons[0];
        let previews =
            BTreeMap::from([(lesson.id.to_owned(), "content/preview-x.json".to_owned())]);
        let script = boot_script(
            "index.html",
            "\"use strict\"; // </script>",
            None,
            Some("./m_bg.wasm"),
            &previews,
        )
        .unwrap();
        let (json, rest) = script
            .strip_prefix("const NIMO_BOOT = ")
            .and_then(|s| s.split_once(";\n"))
            .unwrap();
        assert_eq!(rest, "\"use strict\"; // <\\/script>");
        assert!(!json.contains('<'));
        let boot: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(boot["page"], "index.html");
        assert_eq!(boot["wasm"], "./m_bg.wasm");
        assert!(!elsewhere.contains("\"wasm\""), "{elsewhere}");
        let pages: Vec<_> = boot["bundles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["page"].as_str().unwrap())
            .collect();
        assert_eq!(
            pages,
            [
                "tools.html",
                "worksheets.html",
                "cases.html",
                "session.html",
                "instructor.html",
                "instructor-assessment.html",
                "instructor-worksheets.html",
                "instructor-cases.html"
            ]
        );
        assert_eq!(boot["bundles"][0]["prefixes"][1], "survey");
        assert_eq!(
            boot["lessons"].as_object().unwrap().len(),
            COURSE.lessons.len()
        );
        let entry = &boot["lessons"][lesson.id];
        assert_eq!(entry["preview"], "content/preview-x.json");
        assert_eq!(entry["module"], lesson.module);
        assert_eq!(entry["title"], lesson.title);
        assert_eq!(
            entry["pack"],
            format!("content/{}", COURSE.pack(lesson.module).unwrap().file)
        );
    }

    #[test]
    fn a_preview_is_the_lessons_opening_in_the_shape_of_its_pack() {
        let section = |chars: usize| serde_json::json!({ "html": "あ".repeat(chars / 3) });
        let lesson = serde_json::json!({
            "id": "l", "objectives": ["o"], "quiz": [1], "key_points": ["k"],
            "body": [section(1500), section(1500), {"reflection": "r"}, section(1500), section(300)],
        });
        let preview = preview_of(&lesson);
        assert_eq!(preview["lessons"][0]["id"], "l");
        assert_eq!(preview["lessons"][0]["objectives"], lesson["objectives"]);
        assert_eq!(
            preview["lessons"][0]["body"].as_array().unwrap().len(),
            3,
            "{preview}"
        );
        assert!(preview["lessons"][0].get("quiz").is_none());
        // A first section longer than the limit is the whole preview.
        let long = serde_json::json!({ "id": "m", "objectives": [], "body": [section(9000), section(30)] });
        assert_eq!(
            preview_of(&long)["lessons"][0]["body"]
                .as_array()
                .unwrap()
                .len(),
            1
        );
    }

    #[test]
    fn an_http_page_gets_its_policy_then_its_boot_script_first_in_head() {
        let trunk = "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n  <meta charset=\"utf-8\">\n  <title>t</title>\n  <link rel=\"icon\" href=\"data:,\">\n<script type=\"module\">import init from './a.js';</script>\n<link rel=\"modulepreload\" href=\"./a.js\"><link rel=\"preload\" href=\"./a_bg.wasm\" integrity=\"x\" as=\"fetch\"></head><body></body></html>";
        let page = http_page(
            trunk,
            Bundle::Cases,
            "\"use strict\";",
            "#123456",
            "qr-reader.0.wasm",
            &BTreeMap::new(),
        )
        .unwrap();
        let head = page.split("<title>").next().unwrap();
        assert!(head.starts_with(
            "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n  <meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;; script-src &#39;self&#39; &#39;sha256-"
        ));
        let scripts = html::inline_scripts(&page);
        assert!(scripts[0].starts_with("const NIMO_BOOT = {\"page\":\"cases.html\""));
        for script in [scripts[0], "import init from './a.js';"] {
            assert!(page.contains(&html::escape(&html::sha256_source(script))));
        }
        assert!(page.find("NIMO_BOOT") < page.find("rel=\"modulepreload\""));
        assert!(!page.contains("integrity=\"x\""));
        assert!(page.contains("<script src=\"site.js\" defer></script>"));
        assert!(page.contains("<meta name=\"theme-color\" content=\"#123456\">"));
        assert!(
            http_page(
                &page,
                Bundle::Cases,
                "",
                "#123456",
                "qr-reader.0.wasm",
                &BTreeMap::new()
            )
            .is_err()
        );
    }
}
