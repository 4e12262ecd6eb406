//! `ladder bench code`: coder throughput on the team-written benchmark sentences with 1,
//! 2 … N worker threads (the `ladder code` pipeline, events counted and dropped), and
//! single reports of 1, 4 and 10 MB (time and peak resident memory), to show that
//! throughput scales with cores and time grows in proportion to a report's length.

use crate::cmd::code::{code_in_order, load_coder, Coded};
use crate::context::Context;
use ladder_code::{sample, Coder};
use ladder_core::Report;
use serde::Serialize;
use std::convert::Infallible;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct CodeBenchArgs {
    /// Worker thread counts to measure, e.g. 1,2,4 [default: 1, 2 and all cores]
    #[arg(long, value_delimiter = ',', value_name = "N,...")]
    threads: Vec<usize>,
    /// Reports in the throughput runs
    #[arg(long, default_value_t = 2_000)]
    reports: usize,
    /// Sentences per report in the throughput runs
    #[arg(long, default_value_t = 20)]
    sentences: usize,
    /// Timed rounds per thread count (the fastest is kept)
    #[arg(long, default_value_t = 3)]
    rounds: usize,
    /// Sizes in MB of the single-report runs (`--sizes 0` skips them)
    #[arg(long, value_delimiter = ',', value_name = "MB,...", default_values_t = [1, 4, 10])]
    sizes: Vec<usize>,
}

/// One thread count's throughput.
#[derive(Debug, Serialize)]
struct ThreadFigures {
    threads: usize,
    sentences: usize,
    events: u64,
    seconds: f64,
    sentences_per_second: f64,
    /// Throughput relative to the first thread count measured.
    speedup: f64,
}

/// One single-report run.
#[derive(Debug, Serialize)]
struct SizeFigures {
    megabytes: usize,
    bytes: usize,
    sentences: usize,
    events: u64,
    seconds: f64,
    seconds_per_megabyte: f64,
    /// Peak resident memory of the process while the report was built and coded
    /// (Linux only: the peak is reset before each run).
    peak_rss_mb: Option<f64>,
}

pub fn run(ctx: &Context, args: CodeBenchArgs) -> anyhow::Result<ExitCode> {
    let coder = load_coder(ctx)?;
    let threads = thread_counts(&args.threads);
    let throughput = {
        let reports: Vec<Report> = (0..args.reports)
            .map(|i| {
                let text = sample::report_text(i * args.sentences, args.sentences, 4);
                bench_report(format!("bench-{i}"), text)
            })
            .collect();
        let sentences = args.reports * args.sentences;
        let mut figures: Vec<ThreadFigures> = Vec::new();
        for &n in &threads {
            let (seconds, events) = best_of(args.rounds, || code_all(&coder, &reports, n));
            let rate = sentences as f64 / seconds;
            let speedup = figures
                .first()
                .map_or(1.0, |first| rate / first.sentences_per_second);
            figures.push(ThreadFigures {
                threads: n,
                sentences,
                events,
                seconds,
                sentences_per_second: rate,
                speedup,
            });
        }
        figures
    };
    let sizes: Vec<SizeFigures> = args
        .sizes
        .iter()
        .filter(|&&mb| mb > 0)
        .map(|&mb| code_one_size(&coder, mb))
        .collect();
    if ctx.json {
        let value = serde_json::json!({
            "cores": available_cores(),
            "throughput": throughput,
            "single_reports": sizes,
        });
        println!("{value}");
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "coder throughput: {} reports x {} team-written sentences, best of {} ({} cores)",
        args.reports,
        args.sentences,
        args.rounds.max(1),
        available_cores()
    );
    println!(
        "{:>7} {:>9} {:>8} {:>13} {:>7}",
        "THREADS", "EVENTS", "SECONDS", "SENTENCES/S", "SPEEDUP"
    );
    for f in &throughput {
        println!(
            "{:>7} {:>9} {:>8.3} {:>13.0} {:>6.2}x",
            f.threads, f.events, f.seconds, f.sentences_per_second, f.speedup
        );
    }
    if !sizes.is_empty() {
        println!("single reports (one thread, events streamed):");
        println!(
            "{:>5} {:>9} {:>9} {:>8} {:>8} {:>12}",
            "MB", "SENTENCES", "EVENTS", "SECONDS", "S/MB", "PEAK RSS MB"
        );
        for f in &sizes {
            let rss = f
                .peak_rss_mb
                .map_or_else(|| "-".to_string(), |mb| format!("{mb:.1}"));
            println!(
                "{:>5} {:>9} {:>9} {:>8.3} {:>8.3} {:>12}",
                f.megabytes, f.sentences, f.events, f.seconds, f.seconds_per_megabyte, rss
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The thread counts asked for, or 1, 2 and all cores.
fn thread_counts(asked: &[usize]) -> Vec<usize> {
    let mut counts: Vec<usize> = if asked.is_empty() {
        vec![1, 2, available_cores()]
    } else {
        asked.iter().map(|&n| n.max(1)).collect()
    };
    if asked.is_empty() {
        counts.sort_unstable();
        counts.dedup();
    }
    counts
}

fn available_cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The fastest of `rounds` runs of `work`: seconds and what the run returned.
fn best_of(rounds: usize, mut work: impl FnMut() -> u64) -> (f64, u64) {
    let mut best = (f64::INFINITY, 0);
    for _ in 0..rounds.max(1) {
        let started = Instant::now();
        let result = work();
        let seconds = started.elapsed().as_secs_f64();
        if seconds < best.0 {
            best = (seconds, result);
        }
    }
    best
}

/// Code every report as `ladder code` does, counting the events.
fn code_all(coder: &Coder, reports: &[Report], threads: usize) -> u64 {
    let mut events = 0u64;
    let finished = code_in_order(coder, reports, threads, |coded| {
        if let Coded::Event(_) = coded {
            events += 1;
        }
        Ok::<_, Infallible>(())
    });
    match finished {
        Ok(()) => events,
        Err(never) => match never {},
    }
}

/// Build and code one report of `mb` megabytes, streaming its events.
fn code_one_size(coder: &Coder, mb: usize) -> SizeFigures {
    let peak_reset = reset_peak_rss();
    let (text, sentences) = sample::report_text_of_size(mb * 1_000_000);
    let bytes = text.len();
    let report = bench_report(format!("bench-{mb}mb"), text);
    let mut events = 0u64;
    let started = Instant::now();
    coder.code_report_with(&report, &mut |_| events += 1);
    let seconds = started.elapsed().as_secs_f64();
    SizeFigures {
        megabytes: mb,
        bytes,
        sentences,
        events,
        seconds,
        seconds_per_megabyte: seconds / (bytes as f64 / 1e6),
        peak_rss_mb: peak_reset.then(peak_rss_mb).flatten(),
    }
}

fn bench_report(id: String, text: String) -> Report {
    Report::plain_text(id, text, chrono::NaiveDate::from_ymd_opt(2024, 10, 23))
}

/// Reset the process's peak resident memory (Linux `clear_refs`); false elsewhere.
fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// The process's peak resident memory since the last reset, in MB (Linux `VmHWM`).
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    vm_hwm_kb(&status).map(|kb| kb as f64 / 1024.0)
}

/// The `VmHWM:` line of a `/proc/<pid>/status` text, in kB.
fn vm_hwm_kb(status: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thread_counts_default_to_one_two_and_all_cores() {
        let all = available_cores();
        let mut expected = vec![1, 2, all];
        expected.sort_unstable();
        expected.dedup();
        assert_eq!(thread_counts(&[]), expected);
        assert_eq!(thread_counts(&[4, 1, 0]), vec![4, 1, 1]);
    }

    #[test]
    fn vm_hwm_is_read_from_proc_status() {
        let table: &[(&str, Option<u64>)] = &[
            (
                "Name:\tladder\nVmPeak:\t  9000 kB\nVmHWM:\t   70952 kB\n",
                Some(70952),
            ),
            ("VmHWM: 12 kB", Some(12)),
            ("Name:\tladder\n", None),
            ("VmHWM:\tlots kB\n", None),
        ];
        for (status, kb) in table {
            assert_eq!(vm_hwm_kb(status), *kb, "{status:?}");
        }
    }

    #[test]
    fn code_all_counts_the_events_of_every_thread_count() {
        let coder = Coder::bundled().expect("bundled coder loads");
        let reports: Vec<Report> = (0..6)
            .map(|i| bench_report(format!("r{i}"), sample::report_text(i * 7, 7, 3)))
            .collect();
        let one = code_all(&coder, &reports, 1);
        assert!(one > 0, "the corpus codes events");
        for threads in [2, 3, 8] {
            assert_eq!(
                code_all(&coder, &reports, threads),
                one,
                "{threads} threads"
            );
        }
    }
}
