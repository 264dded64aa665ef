//! Escaping text for HTML, in one place: the content compiler's lesson HTML, the instructor's report and
//! the release build's pages all use it.

/// `text` safe inside HTML text and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_characters_are_escaped_and_the_rest_kept() {
        assert_eq!(
            escape("<a href=\"x\">R&D 'の' 協議の場</a>"),
            "&lt;a href=&quot;x&quot;&gt;R&amp;D &#39;の&#39; 協議の場&lt;/a&gt;"
        );
    }
}
