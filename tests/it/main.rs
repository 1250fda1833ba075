//! Integration tests: one binary, one module per behaviour.

mod architecture;
mod bad_input;
mod calibration;
mod changes;
mod common;
mod engine;
mod explore;
mod filesystem;
mod funding;
mod hazards;
mod injection;
mod keys;
mod mechanisms;
mod outputs;
mod pins;
mod referral;
mod reliability;
mod report;
mod rerun;
mod rules;
mod scenarios;
mod screen;
mod settings;
mod shard;
mod streams;
mod uncertainty;
