//! Hostile input: properties over generated scenarios and a sweep of every numeric key's valid
//! range. A separate test binary so it can count allocations with its own global allocator.
//!
//! `PROPTEST_CASES=20000 cargo test --release --test fuzz` runs a longer fuzz than CI's.

mod alloc;
mod filesystem;
mod limits;
mod merge;
mod props;
mod ranges;
mod support;
