//! RFC 4180 CSV, read with the line and column where every field starts.
//!
//! Quoted fields may hold commas, line breaks and doubled quotes (`""`); records end with
//! CRLF or LF; a UTF-8 byte order mark before the header is skipped. Blank lines are left
//! out. Columns count characters, not bytes, from 1, as an editor shows them.

use super::{Cell, RowError};

/// One record: its fields in order, each with where it starts.
pub(super) struct Record {
    pub line: usize,
    pub fields: Vec<Cell>,
}

/// Every record of `text` (the header first), or the first syntax error: after an unclosed
/// quote nothing that follows can be told apart, so reading stops there.
pub(super) fn records(text: &str) -> Result<Vec<Record>, RowError> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    let (mut line, mut column) = (1usize, 1usize);
    let mut record: Vec<Cell> = Vec::new();
    let mut record_line = 1;
    loop {
        // At the start of a field.
        let start = (line, column);
        let mut value = String::new();
        let quoted = chars.peek().is_some_and(|&(_, c)| c == '"');
        let mut ended_record = false;
        let mut at_end = false;
        if quoted {
            chars.next();
            column += 1;
            loop {
                match chars.next() {
                    None => {
                        return Err(RowError::file(
                            start.0,
                            start.1,
                            "unclosed-quote",
                            "this quoted field is never closed".into(),
                            "close the field with '\"', and write a quote inside a quoted field as '\"\"'",
                        ))
                    }
                    Some((_, '"')) => {
                        column += 1;
                        if chars.peek().is_some_and(|&(_, c)| c == '"') {
                            chars.next();
                            column += 1;
                            value.push('"');
                        } else {
                            break;
                        }
                    }
                    Some((_, '\n')) => {
                        value.push('\n');
                        line += 1;
                        column = 1;
                    }
                    Some((_, c)) => {
                        value.push(c);
                        column += 1;
                    }
                }
            }
            // After the closing quote: a separator, a line end or the end of the text.
            match chars.peek().map(|&(_, c)| c) {
                None => at_end = true,
                Some(',') => {
                    chars.next();
                    column += 1;
                }
                Some('\r') | Some('\n') => ended_record = true,
                Some(c) => {
                    return Err(RowError::file(
                        line,
                        column,
                        "text-after-quote",
                        format!("'{c}' follows the closing quote of a field"),
                        "put the whole field inside the quotes, or end it with ',' after the closing quote",
                    ))
                }
            }
        } else {
            loop {
                match chars.peek().map(|&(_, c)| c) {
                    None => {
                        at_end = true;
                        break;
                    }
                    Some(',') => {
                        chars.next();
                        column += 1;
                        break;
                    }
                    Some('\r') | Some('\n') => {
                        ended_record = true;
                        break;
                    }
                    Some('"') => {
                        return Err(RowError::file(
                            line,
                            column,
                            "quote-in-field",
                            "a '\"' inside a field that does not start with one".into(),
                            "quote the whole field and double the quotes inside it: \"say \"\"this\"\"\"",
                        ))
                    }
                    Some(c) => {
                        chars.next();
                        column += 1;
                        value.push(c);
                    }
                }
            }
        }
        record.push(Cell {
            value: Some(value),
            line: start.0,
            column: start.1,
            refused: false,
        });
        if ended_record {
            // CRLF or LF (a lone CR too).
            if chars.peek().is_some_and(|&(_, c)| c == '\r') {
                chars.next();
            }
            if chars.peek().is_some_and(|&(_, c)| c == '\n') {
                chars.next();
            }
            line += 1;
            column = 1;
        }
        if ended_record || at_end {
            let blank = record.len() == 1 && record[0].value.as_deref() == Some("") && !quoted;
            if !blank {
                out.push(Record {
                    line: record_line,
                    fields: std::mem::take(&mut record),
                });
            } else {
                record.clear();
            }
            record_line = line;
            if at_end || chars.peek().is_none() {
                return Ok(out);
            }
        }
    }
}
