//! The `Ingestor`: reads files, directories (walked recursively in sorted order), standard
//! input or bytes in memory, picks a reader for each document and yields one
//! `Result<Report, IngestError>` per report, lazily, so a corpus is never held in memory.
//! JSON Lines are streamed line by line whatever the file size; every other document is
//! read whole and must fit under `max_file_bytes`.

use crate::decode::{decode_text, has_utf16_bom, looks_binary};
use crate::detect::{declared_charset, kind_from_extension, sniff, DocumentKind};
use crate::draft::{Draft, Enricher};
use crate::error::{IngestError, IngestErrorKind};
use crate::feed::read_feed;
use crate::html::read_html;
use crate::jsonl::{is_blank_line, read_line};
use crate::registry::SourceRegistry;
use crate::text::read_text;
use crate::wire::WireDetector;
use ladder_core::{Report, ReportFormat, Tlp};
use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// One report read, or the reason one input was rejected.
pub type IngestItem = Result<Report, IngestError>;

/// The default limit on one document's size: 16 MiB.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// How inputs are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngestOptions {
    /// Read every input as this format instead of detecting it (`--format`).
    pub format: Option<ReportFormat>,
    /// A handling level for every report read (`--tlp`). The strictest of this, the
    /// input's own level and the source's registry default applies.
    pub tlp: Option<Tlp>,
    /// Largest document read whole (`--max-bytes`); for JSON Lines, the largest line.
    pub max_file_bytes: u64,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            format: None,
            tlp: None,
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
        }
    }
}

/// Reads inputs into reports, with a source registry for grades and wire names.
pub struct Ingestor {
    registry: SourceRegistry,
    wires: WireDetector,
    options: IngestOptions,
}

impl Ingestor {
    pub fn new(registry: SourceRegistry, options: IngestOptions) -> Self {
        let wires = WireDetector::new(&registry);
        Ingestor {
            registry,
            wires,
            options,
        }
    }

    pub fn registry(&self) -> &SourceRegistry {
        &self.registry
    }

    pub fn options(&self) -> &IngestOptions {
        &self.options
    }

    fn enricher(&self) -> Enricher<'_> {
        Enricher {
            registry: &self.registry,
            wires: &self.wires,
            tlp: self.options.tlp,
        }
    }

    /// Files, or directories walked recursively in sorted order (entries whose name starts
    /// with `.` are skipped, and symbolic links to directories are not followed); streaming
    /// (lazy), never loads the whole corpus.
    pub fn read_path<'a>(&'a self, path: &Path) -> Box<dyn Iterator<Item = IngestItem> + 'a> {
        let shown = path.display().to_string();
        match fs::metadata(path) {
            Err(e) => Box::new(std::iter::once(Err(IngestError::io(shown, &e)))),
            Ok(meta) if meta.is_dir() => Box::new(DirectoryWalk {
                ingestor: self,
                pending: vec![path.to_path_buf()],
                current: None,
            }),
            Ok(meta) => self.read_file(path, meta.len()),
        }
    }

    /// Standard input or any reader, with a display name (`-`).
    pub fn read_reader<'a>(
        &'a self,
        name: &str,
        reader: Box<dyn Read + 'a>,
    ) -> Box<dyn Iterator<Item = IngestItem> + 'a> {
        let mut reader = BufReader::with_capacity(64 * 1024, reader);
        let head = match reader.fill_buf() {
            Ok(head) => head,
            Err(e) => return Box::new(std::iter::once(Err(IngestError::io(name, &e)))),
        };
        let kind = self.kind_for(name, head);
        if kind == Ok(DocumentKind::Jsonl) && !has_utf16_bom(head) {
            return Box::new(JsonlStream::new(self, name, reader));
        }
        let limit = self.options.max_file_bytes;
        let mut bytes = Vec::new();
        if let Err(e) = (&mut reader)
            .take(limit.saturating_add(1))
            .read_to_end(&mut bytes)
        {
            return Box::new(std::iter::once(Err(IngestError::io(name, &e))));
        }
        if bytes.len() as u64 > limit {
            let rest = std::io::copy(&mut reader, &mut std::io::sink()).unwrap_or(0);
            let error = IngestError::new(
                name,
                IngestErrorKind::TooLarge {
                    size: bytes.len() as u64 + rest,
                    limit,
                    what: "input",
                },
            );
            return Box::new(std::iter::once(Err(error)));
        }
        Box::new(self.read_bytes(name, &bytes).into_iter())
    }

    /// Bytes already in memory (tests, fuzzing, `ladder code FILE`, watch).
    pub fn read_bytes(&self, name: &str, bytes: &[u8]) -> Vec<IngestItem> {
        let limit = self.options.max_file_bytes;
        let kind = match self.kind_for(name, bytes) {
            Ok(kind) => kind,
            Err(error) => return vec![Err(error)],
        };
        if kind == DocumentKind::Jsonl && !has_utf16_bom(bytes) {
            return JsonlStream::new(self, name, bytes).collect();
        }
        if bytes.len() as u64 > limit {
            return vec![Err(IngestError::new(
                name,
                IngestErrorKind::TooLarge {
                    size: bytes.len() as u64,
                    limit,
                    what: "file",
                },
            ))];
        }
        let declared = matches!(kind, DocumentKind::Html | DocumentKind::Feed)
            .then(|| declared_charset(bytes))
            .flatten();
        let text = match decode_text(bytes, declared.as_deref()) {
            Ok(text) => text,
            Err(_) => return vec![Err(IngestError::new(name, IngestErrorKind::Binary))],
        };
        if text.trim().is_empty() {
            return vec![Err(IngestError::new(name, IngestErrorKind::Empty))];
        }
        self.read_document(name, &text, kind)
    }

    /// The reader for a document: the forced format, else its extension, else a sniff.
    fn kind_for(&self, name: &str, head: &[u8]) -> Result<DocumentKind, IngestError> {
        match self.options.format {
            Some(format) => DocumentKind::from_format(format).ok_or_else(|| {
                IngestError::new(
                    name,
                    IngestErrorKind::Invalid(format!(
                        "format `{}` is not read by the report readers",
                        format.name()
                    )),
                )
            }),
            None => Ok(kind_from_extension(name).unwrap_or_else(|| sniff(head))),
        }
    }

    fn read_file<'a>(
        &'a self,
        path: &Path,
        size: u64,
    ) -> Box<dyn Iterator<Item = IngestItem> + 'a> {
        let shown = path.display().to_string();
        let file = match fs::File::open(path) {
            Ok(file) => file,
            Err(e) => return Box::new(std::iter::once(Err(IngestError::io(shown, &e)))),
        };
        let mut reader = BufReader::with_capacity(64 * 1024, file);
        let head = match reader.fill_buf() {
            Ok(head) => head,
            Err(e) => return Box::new(std::iter::once(Err(IngestError::io(shown, &e)))),
        };
        let kind = self.kind_for(&shown, head);
        if kind == Ok(DocumentKind::Jsonl) && !has_utf16_bom(head) {
            if looks_binary(head) {
                return Box::new(std::iter::once(Err(IngestError::new(
                    shown,
                    IngestErrorKind::Binary,
                ))));
            }
            return Box::new(JsonlStream::new(self, &shown, reader));
        }
        let limit = self.options.max_file_bytes;
        if size > limit {
            let error = IngestError::new(
                shown,
                IngestErrorKind::TooLarge {
                    size,
                    limit,
                    what: "file",
                },
            );
            return Box::new(std::iter::once(Err(error)));
        }
        let mut bytes = Vec::with_capacity(size as usize);
        if let Err(e) = (&mut reader)
            .take(limit.saturating_add(1))
            .read_to_end(&mut bytes)
        {
            return Box::new(std::iter::once(Err(IngestError::io(shown, &e))));
        }
        Box::new(self.read_bytes(&shown, &bytes).into_iter())
    }

    /// Run the reader for a decoded document and finish its drafts into reports.
    fn read_document(&self, name: &str, text: &str, kind: DocumentKind) -> Vec<IngestItem> {
        let enricher = self.enricher();
        let single = |draft: Result<Draft, IngestError>, format: ReportFormat| {
            vec![draft.and_then(|d| enricher.finish(d, format, name))]
        };
        match kind {
            DocumentKind::Text => single(read_text(text, false, name), ReportFormat::Text),
            DocumentKind::Markdown => single(read_text(text, true, name), ReportFormat::Markdown),
            DocumentKind::Html => single(read_html(text, name), ReportFormat::Html),
            DocumentKind::Feed => match read_feed(text, name) {
                Err(error) => vec![Err(error)],
                Ok(items) => items
                    .into_iter()
                    .enumerate()
                    .map(|(i, item)| {
                        item.and_then(|(draft, format)| {
                            enricher.finish(draft, format, &format!("{name}#item {}", i + 1))
                        })
                    })
                    .collect(),
            },
            DocumentKind::Jsonl => text
                .lines()
                .enumerate()
                .filter(|(_, line)| !is_blank_line(line))
                .map(|(i, line)| self.jsonl_report(name, i + 1, line))
                .collect(),
        }
    }

    fn jsonl_report(&self, name: &str, line_number: usize, line: &str) -> IngestItem {
        let location = format!("{name}:{line_number}");
        let draft = read_line(line, &location, &format!("{name}#{line_number}"))?;
        self.enricher()
            .finish(draft, ReportFormat::Jsonl, &location)
    }
}

/// JSON Lines read one line at a time from any buffered reader.
struct JsonlStream<'a, R: BufRead> {
    ingestor: &'a Ingestor,
    name: String,
    reader: R,
    line_number: usize,
    buffer: Vec<u8>,
    /// A non-blank line has been read.
    seen_content: bool,
    done: bool,
}

impl<'a, R: BufRead> JsonlStream<'a, R> {
    fn new(ingestor: &'a Ingestor, name: &str, reader: R) -> Self {
        JsonlStream {
            ingestor,
            name: name.to_string(),
            reader,
            line_number: 0,
            buffer: Vec::new(),
            seen_content: false,
            done: false,
        }
    }

    /// Read the next line into `buffer`, at most `limit + 1` bytes of it; the rest of an
    /// over-long line is skipped. Returns the line's length (without its newline), or
    /// `None` at the end.
    fn next_line(&mut self, limit: u64) -> std::io::Result<Option<u64>> {
        self.buffer.clear();
        let read = (&mut self.reader)
            .take(limit.saturating_add(1))
            .read_until(b'\n', &mut self.buffer)?;
        if read == 0 {
            return Ok(None);
        }
        let mut length = read as u64;
        let mut ended = self.buffer.last() == Some(&b'\n');
        if !ended && length > limit {
            let mut rest = Vec::new();
            loop {
                rest.clear();
                let more = (&mut self.reader)
                    .take(1 << 20)
                    .read_until(b'\n', &mut rest)?;
                length += more as u64;
                ended = rest.last() == Some(&b'\n');
                if more == 0 || ended {
                    break;
                }
            }
        }
        // The length of the line's content, without its newline.
        Ok(Some(length - u64::from(ended)))
    }
}

impl<R: BufRead> Iterator for JsonlStream<'_, R> {
    type Item = IngestItem;

    fn next(&mut self) -> Option<IngestItem> {
        let limit = self.ingestor.options.max_file_bytes;
        loop {
            if self.done {
                return None;
            }
            let length = match self.next_line(limit) {
                Ok(Some(length)) => length,
                Ok(None) => {
                    self.done = true;
                    if self.line_number == 0 {
                        return Some(Err(IngestError::new(&self.name, IngestErrorKind::Empty)));
                    }
                    return None;
                }
                Err(e) => {
                    self.done = true;
                    let location = format!("{}:{}", self.name, self.line_number + 1);
                    return Some(Err(IngestError::io(location, &e)));
                }
            };
            self.line_number += 1;
            let location = format!("{}:{}", self.name, self.line_number);
            let content = self.buffer.strip_suffix(b"\n").unwrap_or(&self.buffer);
            if length > limit {
                let what = "line";
                return Some(Err(IngestError::new(
                    location,
                    IngestErrorKind::TooLarge {
                        size: length,
                        limit,
                        what,
                    },
                )));
            }
            let content = if self.line_number == 1 {
                content.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(content)
            } else {
                content
            };
            let line = match decode_text(content, None) {
                Ok(line) => line,
                Err(_) => return Some(Err(IngestError::new(location, IngestErrorKind::Binary))),
            };
            if is_blank_line(&line) {
                continue;
            }
            if !self.seen_content && matches!(line.trim(), "{" | "[") {
                // A pretty-printed JSON document: one clear error, not one per line.
                self.done = true;
                let kind = IngestErrorKind::MalformedJson(
                    "a JSON document spread over several lines; JSON Lines needs one object a line"
                        .to_string(),
                );
                return Some(Err(IngestError::new(location, kind)));
            }
            self.seen_content = true;
            return Some(
                self.ingestor
                    .jsonl_report(&self.name, self.line_number, &line),
            );
        }
    }
}

/// A directory tree, walked depth-first in sorted order, one document at a time.
struct DirectoryWalk<'a> {
    ingestor: &'a Ingestor,
    /// Paths still to visit, the next one last.
    pending: Vec<PathBuf>,
    current: Option<Box<dyn Iterator<Item = IngestItem> + 'a>>,
}

impl Iterator for DirectoryWalk<'_> {
    type Item = IngestItem;

    fn next(&mut self) -> Option<IngestItem> {
        loop {
            if let Some(current) = &mut self.current {
                if let Some(item) = current.next() {
                    return Some(item);
                }
                self.current = None;
            }
            let path = self.pending.pop()?;
            let shown = path.display().to_string();
            let meta = match fs::symlink_metadata(&path) {
                Ok(meta) => meta,
                Err(e) => return Some(Err(IngestError::io(shown, &e))),
            };
            if meta.is_dir() {
                match sorted_entries(&path) {
                    Ok(entries) => self.pending.extend(entries.into_iter().rev()),
                    Err(e) => return Some(Err(IngestError::io(shown, &e))),
                }
                continue;
            }
            let meta = if meta.file_type().is_symlink() {
                match fs::metadata(&path) {
                    Ok(target) if target.is_dir() => continue,
                    Ok(target) => target,
                    Err(e) => return Some(Err(IngestError::io(shown, &e))),
                }
            } else {
                meta
            };
            self.current = Some(self.ingestor.read_file(&path, meta.len()));
        }
    }
}

/// A directory's entries, hidden ones left out, sorted by name.
fn sorted_entries(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut entries = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        entries.push(entry.path());
    }
    entries.sort();
    Ok(entries)
}
