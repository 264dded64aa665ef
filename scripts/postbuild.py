#!/usr/bin/env python3
"""After `trunk build`: add a Content-Security-Policy to the pages in dist/ and write the single offline file.

dist/index.html (main bundle), dist/tools.html (survey and its instructor view) and dist/practice.html
(worksheets, cases and their instructor view) keep trunk's layout
(external CSS, JS glue and wasm, all relative URLs). Their CSP allows 'self' for what the glue fetches
and the hash of trunk's inline loader.

dist/nimo-kenshu.html inlines everything, because file:// pages cannot import modules or fetch the
wasm (origin null): the CSS goes into <style>, each bundle's wasm-bindgen glue into an inline module
script of its own, and each wasm travels as base64 handed to its glue's init function as bytes. Only
the bundle the address asks for is started. Its CSP forbids every connection (connect-src 'none'):
nothing can leave the device.
"""

import base64
import hashlib
import html
import re
import shutil
import sys
from pathlib import Path

OFFLINE_NAME = "nimo-kenshu.html"
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
        "connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'"
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
    root = Path(__file__).resolve().parent.parent / "target"
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


def single_file(dist: Path, document: str, packs: list[Path]) -> str:
    css = find_asset(dist, "*.css").read_text(encoding="utf-8")
    scripts = [
        boot_script(dist, "index.html", "!practiceRoute.test(location.hash) && !toolsRoute.test(location.hash)"),
        boot_script(dist, "tools.html", "!practiceRoute.test(location.hash) && toolsRoute.test(location.hash)"),
        boot_script(dist, "practice.html", "practiceRoute.test(location.hash)"),
    ]
    style = css.replace("</style", "<\\/style")
    script_hashes = " ".join(sha256_source(s) for s in scripts)
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
        f"<link rel=\"icon\" href=\"data:,\">\n<style>{style}</style>\n</head>\n<body>\n{body}\n{pack_blocks(packs)}\n"
        f"{module_scripts}\n</body>\n</html>\n"
    )
    return insert_csp(out, policy)


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
    (dist / OFFLINE_NAME).write_text(single_file(dist, documents["index.html"], packs), encoding="utf-8")
    for page, document in documents.items():
        (dist / page).write_text(insert_csp(document, site_csp(document)), encoding="utf-8")
    print(f"postbuild: CSP added to {', '.join(PAGES)}; {len(packs)} content packs in {dist / 'content'}; wrote {dist / OFFLINE_NAME}")


if __name__ == "__main__":
    main()
