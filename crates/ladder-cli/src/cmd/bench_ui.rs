//! `ladder bench ui`: how long the web workspace takes to answer its board and scenario
//! pages over a store of synthetic coded events (the replay bench's generator), measured
//! at the client over loopback HTTP against the real server: the first (cold) answer,
//! answers after each new correction (the view is recomputed), and repeated (cached)
//! answers, with p50, p95, max and the page weight.

use crate::cmd::bench::{write_replay_store, WorkDir};
use crate::context::Context;
use anyhow::Context as _;
use ladder_core::{Correction, CorrectionAction};
use ladder_share::partners::{hash_secret, PartnersFile};
use ladder_share::taxii::server::{run_blocking_with, ServeOptions};
use ladder_store::{AnnotationStore, EventFilter, SqliteStore, Store};
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct UiBenchArgs {
    /// Number of coded events in the store
    #[arg(long, default_value_t = 100_000)]
    events: u64,
    /// Requests per measured page
    #[arg(long, default_value_t = 200)]
    requests: usize,
    /// Corrections made, each followed by a recomputed scenario page
    #[arg(long, default_value_t = 10)]
    corrections: usize,
    /// Seed of the generator
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Store to use (filled when empty) [default: a fresh one, removed afterwards]
    #[arg(long, value_name = "PATH")]
    store: Option<PathBuf>,
}

#[derive(Debug, Serialize)]
struct PageFigures {
    page: String,
    requests: usize,
    p50_ms: f64,
    p95_ms: f64,
    max_ms: f64,
    bytes: usize,
}

fn figures(page: &str, mut times: Vec<f64>, bytes: usize) -> PageFigures {
    times.sort_by(f64::total_cmp);
    let at = |q: f64| {
        let i = ((times.len() as f64 * q).ceil() as usize).clamp(1, times.len().max(1)) - 1;
        times.get(i).copied().unwrap_or(0.0)
    };
    PageFigures {
        page: page.to_string(),
        requests: times.len(),
        p50_ms: at(0.50),
        p95_ms: at(0.95),
        max_ms: times.last().copied().unwrap_or(0.0),
        bytes,
    }
}

const PASSWORD: &str = "bench-password";
const SCENARIO: &str = "/ui/scenario/prk-rus-military-cooperation";

pub fn run(ctx: &Context, args: UiBenchArgs) -> anyhow::Result<ExitCode> {
    let work = WorkDir::new(None, "ui")?;
    let db = args
        .store
        .clone()
        .unwrap_or_else(|| work.path.join("bench.db"));
    {
        let mut store = SqliteStore::open(&db)?;
        if store.stats()?.events == 0 {
            let started = Instant::now();
            write_replay_store(&mut store, args.seed, args.events, 10)?;
            if !ctx.quiet {
                eprintln!(
                    "wrote {} events in {:.1} s",
                    args.events,
                    started.elapsed().as_secs_f64()
                );
            }
        }
    }
    let partners = PartnersFile::parse(&format!(
        "[[users]]\nname = \"bench\"\nrole = \"write\"\npassword_hash = \"{}\"\n",
        hash_secret(PASSWORD)?
    ))?;
    let base = start_server(&db, partners, ctx.data_dir.clone())?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .build()
        .into();
    let cookie = log_in(&agent, &base)?;
    let get = |path: &str| -> anyhow::Result<(f64, usize)> {
        let started = Instant::now();
        let mut reply = agent
            .get(format!("{base}{path}"))
            .header("Cookie", &cookie)
            .call()?;
        let body = reply.body_mut().read_to_string()?;
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        anyhow::ensure!(reply.status() == 200, "{path}: HTTP {}", reply.status());
        Ok((ms, body.len()))
    };
    let mut out = Vec::new();
    let (cold_ms, bytes) = get(SCENARIO)?;
    out.push(figures(
        "scenario (cold: first answer)",
        vec![cold_ms],
        bytes,
    ));
    let mut store = SqliteStore::open(&db)?;
    let targets = store.events(&EventFilter {
        actors: vec!["PRK".into()],
        ..EventFilter::default()
    })?;
    let mut recomputed = Vec::new();
    for event in targets.iter().take(args.corrections) {
        store.put_correction(&Correction {
            id: 0,
            event_id: event.id.clone(),
            report_id: event.evidence.report_id.clone(),
            action: CorrectionAction::Reject,
            author: "bench".into(),
            at: "2026-12-07T00:00:00Z".into(),
            note: None,
        })?;
        recomputed.push(get(SCENARIO)?.0);
    }
    out.push(figures(
        "scenario (after a correction: recomputed)",
        recomputed,
        bytes,
    ));
    for (name, path) in [("board (cached)", "/ui/"), ("scenario (cached)", SCENARIO)] {
        let mut times = Vec::with_capacity(args.requests);
        let mut size = 0;
        for _ in 0..args.requests {
            let (ms, b) = get(path)?;
            times.push(ms);
            size = b;
        }
        out.push(figures(name, times, size));
    }
    if ctx.json {
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        println!(
            "{} events; times at the client over loopback HTTP",
            args.events
        );
        println!(
            "{:<44} {:>8} {:>9} {:>9} {:>9} {:>9}",
            "page", "requests", "p50 ms", "p95 ms", "max ms", "bytes"
        );
        for f in &out {
            println!(
                "{:<44} {:>8} {:>9.1} {:>9.1} {:>9.1} {:>9}",
                f.page, f.requests, f.p50_ms, f.p95_ms, f.max_ms, f.bytes
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Start `ladder serve` in this process on a free loopback port; returns its base URL.
fn start_server(
    db: &std::path::Path,
    partners: PartnersFile,
    data_dir: Option<PathBuf>,
) -> anyhow::Result<String> {
    let (tx, rx) = std::sync::mpsc::channel();
    let options = ServeOptions {
        listen: "127.0.0.1:0".parse()?,
        db_path: db.to_path_buf(),
        partners: partners.clone(),
        tls: None,
        workers: 0,
        live: false,
    };
    let db_path = db.to_path_buf();
    std::thread::spawn(move || {
        let result = run_blocking_with(
            options,
            |addr, _| {
                let _ = tx.send(addr);
            },
            move |_, taxii| {
                let web = ladder_web::WebState::new(partners, db_path, false, data_dir.as_deref())
                    .map_err(|e| ladder_share::ShareError::Partners(e.to_string()))?;
                Ok(ladder_web::app(std::sync::Arc::new(web), taxii))
            },
        );
        if let Err(e) = result {
            eprintln!("ladder bench ui: server: {e}");
        }
    });
    let addr = rx
        .recv_timeout(std::time::Duration::from_secs(30))
        .context("the server did not start")?;
    Ok(format!("http://{addr}"))
}

/// Log in as the bench analyst; returns the session cookie (`name=value`).
fn log_in(agent: &ureq::Agent, base: &str) -> anyhow::Result<String> {
    let mut form = agent.get(format!("{base}/ui/login")).call()?;
    let login_cookie = first_cookie(&form).context("no login cookie")?;
    let body = form.body_mut().read_to_string()?;
    let csrf = body
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .context("no CSRF token on the login page")?
        .to_string();
    let reply = agent
        .post(format!("{base}/ui/login"))
        .header("Cookie", &login_cookie)
        .content_type("application/x-www-form-urlencoded")
        .send(format!("name=bench&password={PASSWORD}&csrf={csrf}"))?;
    anyhow::ensure!(
        reply.status() == 303,
        "login failed: HTTP {}",
        reply.status()
    );
    first_cookie(&reply).context("no session cookie")
}

fn first_cookie(reply: &ureq::http::Response<ureq::Body>) -> Option<String> {
    reply
        .headers()
        .get("set-cookie")?
        .to_str()
        .ok()?
        .split(';')
        .next()
        .map(str::to_string)
}
