//! Gazetteer benchmarks (placeholder until the matcher lands).
fn main() {}
