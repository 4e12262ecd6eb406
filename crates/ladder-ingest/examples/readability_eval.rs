//! Main-text extraction measured against Mozilla Readability's test pages (kept outside the
//! repository, in `../shared/reference/readability/`): reads each `source.html` through the
//! HTML reader and writes the scorer's JSONL (`page`, `text`, `title`, `published`).
//!
//! ```sh
//! S=../shared/reference/readability
//! cargo run --release -p ladder-ingest --example readability_eval -- $S/test-pages /tmp/extracted.jsonl
//! python3 $S/score_extraction.py $S/test-pages /tmp/extracted.jsonl --category news --no-captions
//! ```

use ladder_core::ReportFormat;
use ladder_ingest::{IngestOptions, Ingestor, SourceRegistry};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [pages, out] = args.as_slice() else {
        eprintln!("usage: readability_eval TEST_PAGES OUT.jsonl");
        return ExitCode::from(2);
    };
    match run(PathBuf::from(pages), PathBuf::from(out)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("readability_eval: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(pages: PathBuf, out: PathBuf) -> std::io::Result<()> {
    let options = IngestOptions {
        format: Some(ReportFormat::Html),
        ..IngestOptions::default()
    };
    let ingestor = Ingestor::new(SourceRegistry::bundled(), options);
    let mut names: Vec<String> = std::fs::read_dir(&pages)?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("source.html").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut writer = std::io::BufWriter::new(std::fs::File::create(&out)?);
    let started = std::time::Instant::now();
    let mut rejected = 0;
    for name in &names {
        let bytes = std::fs::read(pages.join(name).join("source.html"))?;
        let mut line = serde_json::json!({ "page": name, "text": "" });
        match ingestor
            .read_bytes("source.html", &bytes)
            .into_iter()
            .next()
        {
            Some(Ok(report)) => {
                line["text"] = report.text.into();
                if let Some(title) = report.title {
                    line["title"] = title.into();
                }
                if let Some(at) = report
                    .published_at
                    .or(report.published.map(|d| d.to_string()))
                {
                    line["published"] = at.into();
                }
            }
            Some(Err(error)) => {
                rejected += 1;
                eprintln!("{name}: {error}");
            }
            None => rejected += 1,
        }
        writeln!(writer, "{line}")?;
    }
    writer.flush()?;
    eprintln!(
        "{} pages in {:.2} s, {rejected} rejected; wrote {}",
        names.len(),
        started.elapsed().as_secs_f64(),
        out.display()
    );
    Ok(())
}
