//! placeholder

pub mod gazetteer;
