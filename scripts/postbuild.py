#!/usr/bin/env python3
"""After `trunk build`: make the site installable and usable offline, add a Content-Security-Policy to
the pages in dist/, and write the single offline file.

dist/index.html (main bundle), dist/tools.html (survey and its instructor view) and dist/practice.html
(worksheets, cases and their instructor view) keep trunk's layout
(external CSS, JS glue and wasm, all relative URLs). Their CSP allows 'self' for what the glue fetches
and the hash of trunk's inline loader.

Installing and offline use (over http(s) only; none of it is needed for the site to work):
- dist/icons/: the app icons (192, 512, maskable 512), the 180 px apple-touch-icon and a 32 px favicon,
  drawn by scripts/icons.py in the colours of style/main.css's light theme;
- dist/manifest.webmanifest, linked from the three pages with the theme colour and the icons;
- dist/site.js (from web/site.js), loaded by the three pages: registers the service worker, offers
  「新しい版があります」 when a new build is waiting, shows Safari's 7-day notice once, and records
  whether the browser keeps the site's storage (localStorage "nimo-kenshu:storage-persist:v1");
- dist/sw.js (from web/sw.js), written last: it precaches every file of dist/ except the offline
  file, in a cache named after a hash of those files, so that each new build replaces the old cache.

dist/nimo-kenshu.html inlines everything, because file:// pages cannot import modules or fetch the
wasm (origin null): the CSS goes into <style>, each bundle's wasm-bindgen glue into an inline module
script of its own, and each wasm travels as base64 handed to its glue's init function as bytes. Only
the bundle the address asks for is started. Its CSP forbids every connection (connect-src 'none'):
nothing can leave the device. It carries site.js inline too (only the Safari notice applies under
file://) and its favicon as a data: URL, but no manifest: manifests and service workers do not work
from file://.
"""

import base64
import hashlib
import html
import json
import os
import re
import shutil
import sys
from pathlib import Path

import icons

OFFLINE_NAME = "nimo-kenshu.html"
SERVICE_WORKER = "sw.js"
SITE_SCRIPT = "site.js"
MANIFEST = "manifest.webmanifest"
ICON_DIR = "icons"
WEB = Path(__file__).resolve().parent.parent / "web"
NO_FAVICON = '<link rel="icon" href="data:,">'
PAGES = ("index.html", "tools.html", "practice.html")
# The routes each bundle shows: keep in step with Route::bundle in src/model/route.rs. The practice
# routes are tested first, since #/instructor/worksheets and #/instructor/session are theirs.
TOOLS_ROUTE = r"/^#\/(my|survey|instructor|assessment|certificate)(?:[/?]|$)/"
PRACTICE_ROUTE = r"/^#\/(worksheets?|cases?|instructor\/(?:worksheets|session))(?:[/?]|$)/"


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def insert_csp(document: str, policy: str) -> str:
    meta = f'<meta http-equiv="Content-Security-Policy" content="{html.escape(policy)}">'
    # The policy must come before anything it governs, so right after <meta charset>.
    return re.sub(r'(<meta charset="utf-8">)', r"\1" + meta, document, count=1, flags=re.I)


def inline_scripts(document: str) -> list[str]:
    return re.findall(r"<script[^>]*>(.*?)</script>", document, flags=re.S)


def find_asset(dist: Path, pattern: str) -> Path:
    matches = sorted(dist.glob(pattern))
    if len(matches) != 1:
        sys.exit(f"postbuild: expected one {pattern} in {dist}, found {[m.name for m in matches]}")
    return matches[0]


def bundle_assets(dist: Path, page: str) -> tuple[Path, Path]:
    """The JS glue and wasm that trunk's loader in `page` starts."""
    document = (dist / page).read_text(encoding="utf-8")
    glue = re.search(r"from '\./([^']+\.js)'", document)
    wasm = re.search(r"module_or_path: '\./([^']+_bg\.wasm)'", document)
    if not glue or not wasm:
        sys.exit(f"postbuild: {page} does not load a wasm bundle the way trunk writes it")
    return dist / glue.group(1), dist / wasm.group(1)


def site_csp(document: str) -> str:
    script_hashes = " ".join(sha256_source(s) for s in inline_scripts(document) if s.strip())
    return (
        "default-src 'none'; "
        f"script-src 'self' {script_hashes} 'wasm-unsafe-eval'; "
        "style-src 'self'; img-src 'self' data:; "
        # The glue fetches the .wasm, and preload links fetch JS and wasm: connect-src governs both.
        "connect-src 'self'; manifest-src 'self'; worker-src 'self'; base-uri 'none'; form-action 'none'"
    )


def strip_module_exports(glue: str) -> str:
    """The glue is an ES module meant to be imported; inlined, its exports have nobody to serve."""
    glue = re.sub(r"^export\s+default\s+\w+;\s*$", "", glue, flags=re.M)
    glue = re.sub(r"^export\s*\{[^}]*\};\s*$", "", glue, flags=re.M)
    return re.sub(r"^export\s+(?=(async\s+)?function|class|const|let)", "", glue, flags=re.M)


def find_packs(dist: Path) -> Path:
    """build.rs writes the content packs into its OUT_DIR with the course version beside them. Several
    OUT_DIRs can exist (older builds); the right one is the one whose version the new wasm carries."""
    wasm = bundle_assets(dist, "index.html")[1].read_bytes()
    # Cargo's target folder: CARGO_TARGET_DIR where set (shared build caches), else ./target.
    root = Path(os.environ.get("CARGO_TARGET_DIR") or Path(__file__).resolve().parent.parent / "target").resolve()
    candidates = sorted(root.glob("wasm32-unknown-unknown/*/build/nimo-kenshu-*/out/packs/version.txt"),
                        key=lambda p: p.stat().st_mtime, reverse=True)
    for version_file in candidates:
        if version_file.read_text(encoding="utf-8").encode() in wasm:
            return version_file.parent
    sys.exit("postbuild: no content packs match the wasm's course version; run trunk build again")


def copy_packs(packs: Path, dist: Path) -> list[Path]:
    target = dist / "content"
    target.mkdir(exist_ok=True)
    files = sorted(packs.glob("*.json"))
    for pack in files:
        shutil.copy(pack, target / pack.name)
    return files


def pack_blocks(packs: list[Path]) -> str:
    """Data blocks are never executed, so the CSP's script hashes do not concern them; build.rs has
    already escaped every `</` inside the JSON."""
    blocks = []
    for pack in packs:
        module = pack.name.split(".")[0]
        blocks.append(f'<script type="application/json" id="pack-{module}">{pack.read_text(encoding="utf-8")}</script>')
    return "\n".join(blocks)


def boot_script(dist: Path, page: str, start_when: str) -> str:
    """One bundle's glue and wasm, started only when the address belongs to it."""
    glue_path, wasm_path = bundle_assets(dist, page)
    glue = strip_module_exports(glue_path.read_text(encoding="utf-8"))
    wasm_b64 = base64.b64encode(wasm_path.read_bytes()).decode("ascii")
    script = (
        glue
        + f"\nconst toolsRoute = {TOOLS_ROUTE};\nconst practiceRoute = {PRACTICE_ROUTE};\n"
        + f"if ({start_when}) {{\n"
        + "  const wasmBytes = Uint8Array.from(atob(\"" + wasm_b64 + "\"), (c) => c.charCodeAt(0));\n"
        + "  await __wbg_init({ module_or_path: wasmBytes });\n}\n"
    )
    # Inlined text must not close its own element early.
    return script.replace("</script", "<\\/script")


def single_file(dist: Path, document: str, packs: list[Path], favicon: bytes) -> str:
    css = find_asset(dist, "*.css").read_text(encoding="utf-8")
    scripts = [
        boot_script(dist, "index.html", "!practiceRoute.test(location.hash) && !toolsRoute.test(location.hash)"),
        boot_script(dist, "tools.html", "!practiceRoute.test(location.hash) && toolsRoute.test(location.hash)"),
        boot_script(dist, "practice.html", "practiceRoute.test(location.hash)"),
    ]
    # A classic script, run before the bundles; under file:// it registers no worker (see web/site.js).
    site_script = (WEB / SITE_SCRIPT).read_text(encoding="utf-8").replace("</script", "<\\/script")
    style = css.replace("</style", "<\\/style")
    script_hashes = " ".join(sha256_source(s) for s in [site_script, *scripts])
    policy = (
        "default-src 'none'; "
        f"script-src {script_hashes} 'wasm-unsafe-eval'; "
        f"style-src {sha256_source(style)}; img-src data:; "
        "connect-src 'none'; base-uri 'none'; form-action 'none'"
    )
    head_meta = "\n".join(
        m for m in re.findall(r"<meta[^>]*>", document, flags=re.I) if "Content-Security-Policy" not in m
    )
    title = re.search(r"<title>(.*?)</title>", document, flags=re.S).group(1)
    body = re.search(r"<body>(.*?)</body>", document, flags=re.S).group(1)
    body = re.sub(r"<script.*?</script>", "", body, flags=re.S).strip()
    module_scripts = "\n".join(f'<script type="module">{s}</script>' for s in scripts)
    out = (
        "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n"
        f"{head_meta}\n<meta name=\"nimo-build\" content=\"single-file\">\n<title>{title}</title>\n"
        f"<link rel=\"icon\" type=\"image/png\" href=\"data:image/png;base64,{base64.b64encode(favicon).decode('ascii')}\">\n"
        f"<style>{style}</style>\n</head>\n<body>\n{body}\n{pack_blocks(packs)}\n"
        f"<script>{site_script}</script>\n{module_scripts}\n</body>\n</html>\n"
    )
    return insert_csp(out, policy)


def css_colours(css: str, selector: str) -> dict[str, str]:
    """The colour custom properties (`--name: #hex`) of the first rule for `selector`, so that the icons,
    the manifest and the theme-color meta follow style/main.css instead of copying its values."""
    rule = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", css)
    if not rule:
        sys.exit(f"postbuild: no `{selector} {{…}}` rule in the stylesheet to take the theme colours from")
    return dict(re.findall(r"(--[\w-]+)\s*:\s*(#[0-9a-fA-F]{3,6})\b", rule.group(1)))


def write_install_files(dist: Path, document: str) -> bytes:
    """The icons, the manifest and site.js; returns the favicon, which the offline file inlines."""
    light = css_colours(find_asset(dist, "*.css").read_text(encoding="utf-8"), ":root")
    try:
        theme, background, mark = (light[name] for name in ("--accent", "--bg", "--accent-text"))
    except KeyError as missing:
        sys.exit(f"postbuild: style/main.css's :root has no {missing} colour for the icons and manifest")
    (dist / ICON_DIR).mkdir(exist_ok=True)
    drawn = icons.icon_set(icons.parse_colour(theme), icons.parse_colour(mark))
    for name, data in drawn.items():
        (dist / ICON_DIR / name).write_bytes(data)
    description = re.search(r'<meta name="description" content="([^"]*)"', document)
    if not description:
        sys.exit("postbuild: index.html has no <meta name=\"description\"> for the manifest")
    manifest = {
        "name": "にも包括 研修",
        "short_name": "にも包括",
        "description": html.unescape(description.group(1)),
        "lang": "ja",
        "dir": "ltr",
        # Relative, because the site is hosted in sub-folders: both resolve against the manifest's URL.
        "start_url": "./index.html",
        "scope": "./",
        "display": "standalone",
        "theme_color": theme,
        "background_color": background,
        "icons": [
            {"src": f"{ICON_DIR}/icon-192.png", "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": f"{ICON_DIR}/icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {"src": f"{ICON_DIR}/icon-maskable-512.png", "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
        ],
    }
    (dist / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    shutil.copy(WEB / SITE_SCRIPT, dist / SITE_SCRIPT)
    return drawn["favicon.png"]


def install_links(document: str, theme: str) -> str:
    """The favicon, manifest, theme colour, home-screen icon and site.js for a page of dist/. Not for
    the offline file: manifests and service workers do not work from file://."""
    if NO_FAVICON not in document:
        sys.exit(f"postbuild: a page has no `{NO_FAVICON}` for the icon links to replace")
    links = "\n  ".join(
        [
            f'<link rel="icon" type="image/png" href="{ICON_DIR}/favicon.png">',
            f'<link rel="manifest" href="{MANIFEST}">',
            f'<meta name="theme-color" content="{theme}">',
            f'<link rel="apple-touch-icon" href="{ICON_DIR}/apple-touch-icon.png">',
            '<meta name="apple-mobile-web-app-title" content="にも包括">',
            f'<script src="{SITE_SCRIPT}" defer></script>',
        ]
    )
    return document.replace(NO_FAVICON, links, 1)


def precache_files(dist: Path) -> list[str]:
    skip = {OFFLINE_NAME, SERVICE_WORKER}
    return sorted(p.relative_to(dist).as_posix() for p in dist.rglob("*") if p.is_file() and p.relative_to(dist).as_posix() not in skip)


def write_service_worker(dist: Path) -> tuple[str, list[str]]:
    """dist/sw.js: web/sw.js after the cache name and the precache list. Call it after every other file
    of dist/ is written. The tests call it too, to deploy a changed copy of the site."""
    files = precache_files(dist)
    digest = hashlib.sha256()
    for name in files:
        data = (dist / name).read_bytes()
        # Lengths keep the boundaries unambiguous: a byte moved from one file to the next still counts.
        digest.update(f"{name}\0{len(data)}\0".encode("utf-8"))
        digest.update(data)
    cache_name = "nimo-kenshu-" + digest.hexdigest()[:12]
    header = (
        f"// Written by scripts/postbuild.py from web/sw.js; do not edit.\n"
        f"const CACHE_NAME = {json.dumps(cache_name)};\n"
        f"const PRECACHE = {json.dumps(files, ensure_ascii=False, indent=0)};\n\n"
    )
    (dist / SERVICE_WORKER).write_text(header + (WEB / SERVICE_WORKER).read_text(encoding="utf-8"), encoding="utf-8")
    return cache_name, files


def drop_preload_integrity(document: str) -> str:
    """Chromium ignores `integrity` on fetch preloads and warns about it in the console on every visit;
    the module script that actually loads the wasm is what matters."""
    return re.sub(r'(<link rel="preload"[^>]*?) integrity="[^"]*"', r"\1", document)


def main() -> None:
    dist = Path(sys.argv[1] if len(sys.argv) > 1 else "dist")
    documents = {page: drop_preload_integrity((dist / page).read_text(encoding="utf-8")) for page in PAGES}
    if any("Content-Security-Policy" in d for d in documents.values()):
        sys.exit("postbuild: a page in dist/ already has a CSP; run scripts/build from the start")
    packs = copy_packs(find_packs(dist), dist)
    favicon = write_install_files(dist, documents["index.html"])
    (dist / OFFLINE_NAME).write_text(single_file(dist, documents["index.html"], packs, favicon), encoding="utf-8")
    theme = json.loads((dist / MANIFEST).read_text(encoding="utf-8"))["theme_color"]
    for page, document in documents.items():
        document = install_links(document, theme)
        (dist / page).write_text(insert_csp(document, site_csp(document)), encoding="utf-8")
    cache_name, precached = write_service_worker(dist)
    print(f"postbuild: CSP added to {', '.join(PAGES)}; {len(packs)} content packs in {dist / 'content'}; wrote {dist / OFFLINE_NAME}")
    print(f"postbuild: icons, {MANIFEST}, {SITE_SCRIPT}; {SERVICE_WORKER} precaches {len(precached)} files as {cache_name}")


if __name__ == "__main__":
    main()
