//! Writing XML 1.0 that is always well-formed: text and attribute values escaped, and the
//! characters XML 1.0 cannot hold at all (C0 controls other than tab, line feed and carriage
//! return; U+FFFE, U+FFFF) dropped and counted, so the caller can warn about them.

/// Whether XML 1.0 allows `c` in a document (`Char` production; Rust `char`s are never surrogates).
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

/// `s` escaped for text content (`attribute`: for a double-quoted attribute value too), and how
/// many characters XML 1.0 forbids were dropped.
pub fn escape(s: &str, attribute: bool) -> (String, usize) {
    let mut out = String::with_capacity(s.len());
    let mut dropped = 0;
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\'' if attribute => out.push_str("&apos;"),
            // A raw tab, line feed or carriage return in an attribute would be normalized to a space.
            '\t' if attribute => out.push_str("&#9;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if allowed(c) => out.push(c),
            _ => dropped += 1,
        }
    }
    (out, dropped)
}

/// An XML document being written, indented by depth, with the count of characters dropped
/// from the text it was given.
pub struct Writer {
    pub out: String,
    depth: usize,
    pub dropped: usize,
    /// How many of `dropped` a warning already names.
    pub reported: usize,
}

impl Writer {
    pub fn new() -> Self {
        Writer {
            out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
            depth: 0,
            dropped: 0,
            reported: 0,
        }
    }

    /// A part of a document written apart, to be put in at `depth` (no XML declaration).
    pub fn nested(depth: usize) -> Self {
        Writer {
            out: String::new(),
            depth,
            dropped: 0,
            reported: 0,
        }
    }

    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }

    fn attrs(&mut self, attrs: &[(&str, &str)]) {
        for (name, value) in attrs {
            let (v, d) = escape(value, true);
            self.dropped += d;
            self.out.push(' ');
            self.out.push_str(name);
            self.out.push_str("=\"");
            self.out.push_str(&v);
            self.out.push('"');
        }
    }

    /// `<name attrs>` on its own line; children follow until [`Writer::close`].
    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.indent();
        self.out.push('<');
        self.out.push_str(name);
        self.attrs(attrs);
        self.out.push_str(">\n");
        self.depth += 1;
    }

    pub fn close(&mut self, name: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.indent();
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// `<name attrs/>`.
    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.indent();
        self.out.push('<');
        self.out.push_str(name);
        self.attrs(attrs);
        self.out.push_str("/>\n");
    }

    /// `<name attrs>text</name>` on one line.
    pub fn text(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.indent();
        self.out.push('<');
        self.out.push_str(name);
        self.attrs(attrs);
        self.out.push('>');
        let (t, d) = escape(text, false);
        self.dropped += d;
        self.out.push_str(&t);
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// `<name>text<marker attrs/>…</name>` on one line: the text, then an empty `marker` element
    /// per entry of `markers` (`<num>1.<noteRef href="#…"/></num>`); `<name/>` when both are empty.
    pub fn text_then(
        &mut self,
        name: &str,
        text: &str,
        marker: &str,
        markers: &[[(&str, &str); 2]],
    ) {
        if text.is_empty() && markers.is_empty() {
            self.empty(name, &[]);
            return;
        }
        self.indent();
        self.out.push('<');
        self.out.push_str(name);
        self.out.push('>');
        let (t, d) = escape(text, false);
        self.dropped += d;
        self.out.push_str(&t);
        for attrs in markers {
            self.out.push('<');
            self.out.push_str(marker);
            self.attrs(attrs);
            self.out.push_str("/>");
        }
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// `<outer><inner>text</inner></outer>` on one line (`<p><docTitle>…</docTitle></p>`).
    pub fn wrapped(&mut self, outer: &str, inner: &str, text: &str) {
        self.indent();
        let (t, d) = escape(text, false);
        self.dropped += d;
        self.out
            .push_str(&format!("<{outer}><{inner}>{t}</{inner}></{outer}>\n"));
    }
}
