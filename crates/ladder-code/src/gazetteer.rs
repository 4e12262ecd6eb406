//! The gazetteer: who and where (work in progress).
