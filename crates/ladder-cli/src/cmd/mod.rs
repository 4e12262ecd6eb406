//! One module per command.

pub mod assess;
pub mod bench;
pub mod bench_code;
pub mod brief;
pub mod code;
pub mod demo;
pub mod eval;
pub mod eval_replay;
pub mod explain;
pub mod export;
pub mod import;
pub mod ingest;
pub mod lexicon;
pub mod migrate;
pub mod pull;
pub mod push;
pub mod queue;
pub mod replay;
pub mod reports;
pub mod scenario;
pub mod search;
pub mod serve;
pub mod train;
pub mod watch;
