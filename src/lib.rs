//! gapsim: an agent-based simulator of the UK disability employment gap.
//!
//! A synthetic working-age population steps month by month through labour-market flows,
//! health and benefit changes, and employment programmes whose providers allocate adviser
//! hours under their payment model as they perceive their participants. See the README for the
//! model, the scenario format and the outputs, and ARCHITECTURE.md for the codemap.
//!
//! Layers, from the bottom: `calendar`, `rng` → `scenario` (parameters) → domain modules
//! (`person`, `population`, `health`, `labour`, `employer`, `benefit`, `assessment`, `payment`, `provider`,
//! `programme`) → `engine` (the monthly step) → `metrics`, `batch` (replications),
//! `counterfactual` (paired worlds) →
//! `output`, `plot` → `app` (commands) → `cli`. The engine does no I/O.

pub mod app;
pub mod assessment;
pub mod batch;
pub mod benefit;
pub mod calendar;
pub mod calibration;
pub mod cancel;
pub mod cli;
pub mod counterfactual;
pub mod employer;
pub mod engine;
pub mod goal;
pub mod health;
pub mod interrupt;
pub mod labour;
pub mod metrics;
pub mod output;
pub mod payment;
pub mod person;
pub mod plot;
pub mod population;
pub mod programme;
pub mod provider;
pub mod resources;
pub mod results;
pub mod rng;
pub mod scenario;
