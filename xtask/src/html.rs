//! Text surgery on the pages trunk writes: they are small and of one known shape (index.html after
//! trunk), so plain string search suffices, and every step fails loudly when that shape changes.

use base64::Engine as _;
use sha2::{Digest, Sha256};

/// A CSP source for an inline element's exact text: `'sha256-<base64>'`.
pub fn sha256_source(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The app's own HTML escaping (the instructor's report uses it too), for attribute values and text.
pub use nimo_model::text::html::escape;

/// The few entities an attribute of index.html may hold, decoded.
pub fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Inlined text must not close its own element early: `</script` (or `</style`) inside it would.
/// `<\/` means the same in JavaScript strings, regular expressions and comments, and in CSS strings.
/// HTML matches the tag name in any case, so this does too.
pub fn escape_closing(text: &str, element: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    let closing = format!("</{element}");
    while let Some(at) = find_ignore_case(text, &closing, from) {
        out.push_str(&text[from..at + 1]);
        out.push('\\');
        from = at + 1;
    }
    out.push_str(&text[from..]);
    out
}

/// The shift `wasm_text` adds to every byte; the offline file's loader takes it off again.
pub const WASM_TEXT_SHIFT: u8 = 0x40;

/// Bytes as the contents of a JavaScript string literal, one character (U+0000–U+00FF) a byte, for the
/// wasm inside the offline file. Unlike base64, every byte keeps its own place, so brotli and gzip still
/// see the wasm's repeats: measured on the offline wasm (1.95 MB), 558 KB brotli against 692 KB as base64
/// (527 KB for the bare wasm), at almost the same raw size. The shift moves the most common bytes (0x00
/// and small numbers) to printable characters that need no escape. `<` is escaped too, so the text can
/// never close its script element.
pub fn wasm_text(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(bytes.len() * 5 / 4);
    for byte in bytes {
        let shifted = byte.wrapping_add(WASM_TEXT_SHIFT);
        match shifted {
            b'\\' => out.push_str("\\\\"),
            b'"' => out.push_str("\\\""),
            0..0x20 | 0x7f | b'<' => {
                let _ = write!(out, "\\x{shifted:02x}");
            }
            _ => out.push(char::from(shifted)),
        }
    }
    out
}

/// Where `needle` first occurs in `haystack`, ignoring ASCII case (offsets stay those of `haystack`).
fn find_ignore_case(haystack: &str, needle: &str, from: usize) -> Option<usize> {
    let hay = haystack.as_bytes();
    let needle = needle.as_bytes();
    (from..=hay.len().checked_sub(needle.len())?)
        .find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

const CHARSET: &str = "<meta charset=\"utf-8\">";

/// Inserts `html` right after `<meta charset="utf-8">`: first in <head>, before anything a policy or a
/// boot script must come before.
pub fn insert_after_charset(document: &str, html: &str) -> Result<String, String> {
    let at = find_ignore_case(document, CHARSET, 0)
        .ok_or_else(|| format!("the page has no {CHARSET}"))?
        + CHARSET.len();
    Ok(format!("{}{html}{}", &document[..at], &document[at..]))
}

/// A `<meta http-equiv="Content-Security-Policy">` right after `<meta charset>`, so that the policy
/// governs everything after it.
pub fn insert_csp(document: &str, policy: &str) -> Result<String, String> {
    insert_after_charset(
        document,
        &format!(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
            escape(policy)
        ),
    )
}

/// Each `<tag …>…</tag>` of the document: (start of the element, end of its start tag, end of its
/// contents, end of the element).
fn elements(document: &str, tag: &str) -> Vec<(usize, usize, usize, usize)> {
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(start) = find_ignore_case(document, &open, from) {
        let after_name = document.as_bytes().get(start + open.len()).copied();
        if !matches!(after_name, Some(b'>' | b' ' | b'\n' | b'\t' | b'\r' | b'/')) {
            from = start + open.len();
            continue;
        }
        let Some(head_end) = document[start..].find('>').map(|i| start + i + 1) else {
            break;
        };
        let Some(body_end) = find_ignore_case(document, &close, head_end) else {
            break;
        };
        found.push((start, head_end, body_end, body_end + close.len()));
        from = body_end + close.len();
    }
    found
}

/// The text of every `<script …>…</script>` element (empty for external scripts).
pub fn inline_scripts(document: &str) -> Vec<&str> {
    elements(document, "script")
        .into_iter()
        .map(|(_, head_end, body_end, _)| &document[head_end..body_end])
        .collect()
}

/// The document without its `<script>` elements.
pub fn remove_scripts(document: &str) -> String {
    let mut out = String::with_capacity(document.len());
    let mut from = 0;
    for (start, _, _, end) in elements(document, "script") {
        out.push_str(&document[from..start]);
        from = end;
    }
    out.push_str(&document[from..]);
    out
}

/// The text between `<tag>` and `</tag>` (the first such element, whose start tag has no attributes).
pub fn element_text<'a>(document: &'a str, tag: &str) -> Result<&'a str, String> {
    let open = format!("<{tag}>");
    let start = find_ignore_case(document, &open, 0)
        .ok_or_else(|| format!("the page has no {open}"))?
        + open.len();
    let end = find_ignore_case(document, &format!("</{tag}>"), start)
        .ok_or_else(|| format!("the page's {open} is not closed"))?;
    Ok(&document[start..end])
}

/// Every start tag `<tag …>` (attributes included), in document order.
pub fn start_tags<'a>(document: &'a str, tag: &str) -> Vec<&'a str> {
    let open = format!("<{tag} ");
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(start) = find_ignore_case(document, &open, from) {
        let Some(end) = document[start..].find('>').map(|i| start + i + 1) else {
            break;
        };
        found.push(&document[start..end]);
        from = end;
    }
    found
}

/// The value of `name="…"` in a start tag.
pub fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(&tag[start..end])
}

/// The text between `before` and the next `after`: e.g. what trunk's loader imports.
pub fn between<'a>(text: &'a str, before: &str, after: &str) -> Option<&'a str> {
    let start = text.find(before)? + before.len();
    let end = text[start..].find(after)? + start;
    Some(&text[start..end])
}

/// The wasm-bindgen `--target web` glue is an ES module meant to be imported; inlined into a page,
/// its exports have nobody to serve (and `export` is a syntax error outside a module's top level
/// anyway, were it ever wrapped). Removes `export default x;` and `export { … };` statements and the
/// `export` keyword before declarations.
pub fn strip_module_exports(glue: &str) -> String {
    let mut out = String::with_capacity(glue.len());
    let mut rest = glue;
    while !rest.is_empty() {
        let line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
        let line = &rest[..line_end];
        let after_export = line
            .strip_prefix("export")
            .filter(|after| after.starts_with([' ', '\t', '{']));
        match after_export.map(str::trim_start) {
            // `export { a, b as default };`, possibly over several lines: dropped, newline kept.
            Some(list) if list.starts_with('{') => {
                let statement_end = rest.find("};").map(|i| i + 2).filter(|&end| {
                    rest[end..]
                        .split('\n')
                        .next()
                        .unwrap_or("")
                        .trim()
                        .is_empty()
                });
                if let Some(end) = statement_end {
                    let end = rest[end..].find('\n').map_or(rest.len(), |i| end + i + 1);
                    out.push('\n');
                    rest = &rest[end..];
                    continue;
                }
                out.push_str(line);
            }
            // `export default name;`: dropped.
            Some(default) if default.starts_with("default ") && line.trim_end().ends_with(';') => {
                out.push('\n');
            }
            // `export function`, `export async function`, `export class`, `export const`, `export let`.
            Some(declaration)
                if ["function", "async ", "class ", "const ", "let "]
                    .iter()
                    .any(|keyword| declaration.starts_with(keyword)) =>
            {
                out.push_str(declaration);
            }
            _ => out.push_str(line),
        }
        rest = &rest[line_end..];
    }
    out
}

/// Chromium ignores `integrity` on fetch preloads and warns about it in the console on every visit;
/// the module script that actually loads the wasm is what matters.
pub fn drop_preload_integrity(document: &str) -> String {
    let mut out = document.to_owned();
    for tag in start_tags(document, "link") {
        if attribute(tag, "rel") == Some("preload") {
            if let Some(value) = attribute(tag, "integrity") {
                let without = tag.replacen(&format!(" integrity=\"{value}\""), "", 1);
                out = out.replacen(tag, &without, 1);
            }
        }
    }
    out
}

/// Hands the start of the wasm download from trunk's page to the boot script: drops the preload of
/// `wasm` (the file as trunk's loader names it) and makes the loader take `window.nimoWasm`, the
/// response the boot script fetches, when there is one. Without the boot script the loader fetches
/// the file itself, as before.
pub fn wasm_fetched_by_boot(document: &str, wasm: &str) -> Result<String, String> {
    let preloads: Vec<&str> = start_tags(document, "link")
        .into_iter()
        .filter(|tag| {
            attribute(tag, "rel") == Some("preload")
                && attribute(tag, "href") == Some(&format!("./{wasm}"))
        })
        .collect();
    let loader = format!("module_or_path: './{wasm}'");
    if preloads.len() != 1 || document.matches(&loader).count() != 1 {
        return Err(format!(
            "expected one preload of ./{wasm} and one loader of it, found {} and {}",
            preloads.len(),
            document.matches(&loader).count()
        ));
    }
    Ok(document.replacen(preloads[0], "", 1).replacen(
        &loader,
        &format!("module_or_path: window.nimoWasm || './{wasm}'"),
        1,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the offline file's loader does: JavaScript's reading of the literal, then the shift undone.
    fn read_wasm_text(text: &str) -> Vec<u8> {
        let mut chars = text.chars();
        let mut out = Vec::new();
        while let Some(c) = chars.next() {
            let code = if c == '\\' {
                match chars.next() {
                    Some('x') => {
                        let hex: String = chars.by_ref().take(2).collect();
                        u32::from_str_radix(&hex, 16).unwrap()
                    }
                    Some(other) => u32::from(other),
                    None => panic!("a lone backslash at the end"),
                }
            } else {
                u32::from(c)
            };
            out.push((code as u8).wrapping_sub(WASM_TEXT_SHIFT));
        }
        out
    }

    #[test]
    fn wasm_text_carries_every_byte_and_nothing_html_or_js_would_read_otherwise() {
        let bytes: Vec<u8> = (0..=255u8).chain([0, 0, 97, 115, 109, 60, 47]).collect();
        let text = wasm_text(&bytes);
        assert_eq!(read_wasm_text(&text), bytes);
        assert!(!text.contains('<'), "could close the script element");
        assert!(!text.chars().any(|c| c.is_control() && c as u32 <= 0x7f));
        assert!(text.chars().all(|c| (c as u32) <= 0xff));
        // The quote of the literal appears only escaped.
        assert!(!text.replace("\\\"", "").replace("\\\\", "").contains('"'));
    }

    #[test]
    fn csp_hash_of_a_known_text() {
        // `printf 'alert(1)' | openssl dgst -sha256 -binary | base64`
        assert_eq!(
            sha256_source("alert(1)"),
            "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
        );
        assert_eq!(
            sha256_source(""),
            "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
        );
    }

    #[test]
    fn exports_are_stripped_and_nothing_else() {
        let glue = "export class A {\n  exported() { return 'export { x };'; }\n}\nexport function f() {}\nexport async function g() {}\nexport const c = 1;\nexport let l = 2;\nconst exports = 3;\nfunction initSync() {}\nexport { initSync, __wbg_init as default };\nexport default __wbg_init;\n// export later\n";
        let stripped = strip_module_exports(glue);
        assert_eq!(
            stripped,
            "class A {\n  exported() { return 'export { x };'; }\n}\nfunction f() {}\nasync function g() {}\nconst c = 1;\nlet l = 2;\nconst exports = 3;\nfunction initSync() {}\n\n\n// export later\n"
        );
        let multi_line = "a();\nexport {\n  initSync,\n  __wbg_init as default\n};\nb();";
        assert_eq!(strip_module_exports(multi_line), "a();\n\nb();");
    }

    #[test]
    fn closing_tags_inside_inlined_text_are_escaped() {
        let script = "const s = '</script><script>alert(1)</script>'; // </SCRIPT > too";
        let escaped = escape_closing(script, "script");
        assert!(!escaped.to_ascii_lowercase().contains("</script"));
        assert_eq!(
            escaped,
            "const s = '<\\/script><script>alert(1)<\\/script>'; // <\\/SCRIPT > too"
        );
        assert_eq!(
            escape_closing("a::after{content:'</style>'}", "style"),
            "a::after{content:'<\\/style>'}"
        );
    }

    #[test]
    fn the_policy_comes_first_and_is_escaped() {
        let page = "<html><head>\n<META charset=\"utf-8\"><title>t</title></head></html>";
        let with = insert_csp(page, "script-src 'self'").unwrap();
        assert_eq!(
            with,
            "<html><head>\n<META charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"script-src &#39;self&#39;\"><title>t</title></head></html>"
        );
        assert!(insert_csp("<head></head>", "x").is_err());
    }

    #[test]
    fn scripts_are_found_and_removed() {
        let page = "<head><script src=\"a.js\" defer></script><script type=\"module\">go();</script><scripts></scripts></head><body><script>\nx\n</script></body>";
        assert_eq!(inline_scripts(page), ["", "go();", "\nx\n"]);
        assert_eq!(
            remove_scripts(page),
            "<head><scripts></scripts></head><body></body>"
        );
    }

    #[test]
    fn the_boot_script_starts_the_wasm() {
        let page = "<script type=\"module\">\nimport init from './a.js';\nconst wasm = await init({ module_or_path: './a_bg.wasm' });\n</script>\n<link rel=\"modulepreload\" href=\"./a.js\"><link rel=\"preload\" href=\"./a_bg.wasm\" crossorigin=\"anonymous\" as=\"fetch\" type=\"application/wasm\"></head>";
        assert_eq!(
            wasm_fetched_by_boot(page, "a_bg.wasm").unwrap(),
            "<script type=\"module\">\nimport init from './a.js';\nconst wasm = await init({ module_or_path: window.nimoWasm || './a_bg.wasm' });\n</script>\n<link rel=\"modulepreload\" href=\"./a.js\"></head>"
        );
        assert!(wasm_fetched_by_boot(page, "b_bg.wasm").is_err());
        assert!(
            wasm_fetched_by_boot(
                &page.replace("<link rel=\"preload\"", "<link rel=\"prefetch\""),
                "a_bg.wasm"
            )
            .is_err()
        );
    }

    #[test]
    fn fetch_preloads_lose_their_integrity() {
        let page = "<link rel=\"modulepreload\" href=\"./a.js\" crossorigin=\"anonymous\" integrity=\"sha384-x\"><link rel=\"preload\" href=\"./a_bg.wasm\" crossorigin=\"anonymous\" integrity=\"sha384-y\" as=\"fetch\" type=\"application/wasm\"><link rel=\"stylesheet\" href=\"m.css\">";
        assert_eq!(
            drop_preload_integrity(page),
            "<link rel=\"modulepreload\" href=\"./a.js\" crossorigin=\"anonymous\" integrity=\"sha384-x\"><link rel=\"preload\" href=\"./a_bg.wasm\" crossorigin=\"anonymous\" as=\"fetch\" type=\"application/wasm\"><link rel=\"stylesheet\" href=\"m.css\">"
        );
    }

    #[test]
    fn text_helpers() {
        assert_eq!(
            escape("a<b & \"c\" 'd'"),
            "a&lt;b &amp; &quot;c&quot; &#39;d&#39;"
        );
        assert_eq!(unescape(&escape("a<b & \"c\" 'd'")), "a<b & \"c\" 'd'");
        let page = "<head><title>T</title></head><body>\n<p>x</p>\n</body>";
        assert_eq!(element_text(page, "title").unwrap(), "T");
        assert_eq!(element_text(page, "body").unwrap(), "\n<p>x</p>\n");
        assert_eq!(
            between("import init from './a-1.js';", "from './", "'"),
            Some("a-1.js")
        );
    }
}
