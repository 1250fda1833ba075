//! Scenario files: the single source of every parameter value. Units, valid ranges and
//! provenance of the numeric keys are stated once, in [`keys::KEYS`] (rendered in
//! `docs/parameters.md`); defaults once, in the `Default` implementations of the structs (here, in `world.rs` and in
//! `programme.rs`) and serde's default functions.
//!
//! A scenario is a TOML file deserialised into these structs (`deny_unknown_fields`), with the
//! defaults defined once, in the `Default` impls below, and checked by [`validate`] before any
//! work starts. Field docs give units and valid ranges; `scenarios/example.toml` shows every key.
//!
//! Money is in pounds (£), time in months, rates in probability per month unless said otherwise.
//! "Log-odds" coefficients enter a logistic function: `p = 1 / (1 + exp(-x))`.
//!
//! A file that writes some keys of a nested table (`[approaches.specialist]`) keeps the others
//! at *that table's* defaults: the files are laid over the serialised defaults ([`defaults`])
//! before they are deserialised (see `load.rs`). [`diff`] lists the keys in which two resolved
//! scenarios differ (`gapsim diff`).
//!
//! This module does no I/O except in [`load`], which reads the file and turns parse and
//! validation failures into [`ScenarioError`]s that carry the file, line, column and key.

mod benefits;
mod changes;
mod diff;
pub mod keys;
mod load;
mod programme;
mod uncertain;
mod validate;
mod world;

pub use benefits::*;
pub use changes::{ChangeConfig, ChangeError};
pub use diff::{Base, Difference, Step, comparable, diff, folded, inline};
pub use load::{
    MAX_INPUT_BYTES, MAX_SCENARIO_BYTES, Resolved, ScenarioError, defaults, load, load_resolved,
    load_resolved_with, load_str, question, read_input, read_input_text,
};
pub use programme::*;
pub use uncertain::{Dist, Flag, Given, Setting, Uncertain, raw_at, set_path, value_at};
pub use validate::{Invalid, KeyRange, MAX_MONEY, Valid, describe, name_key, ranges, validate};
pub use world::*;

use crate::calendar::YearMonth;
use serde::{Deserialize, Serialize};

/// A whole scenario: the world, its programmes and the run settings.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Short name shown in plots and tables.
    pub name: String,
    /// Free text: the question this scenario answers and where its numbers come from.
    #[serde(default)]
    pub description: String,
    /// First simulated month, `"YYYY-MM"`; the population is synthesised for this month.
    pub start: YearMonth,
    /// Number of months to simulate.
    pub months: u32,
    /// Independent replications (each a different draw of people and luck).
    #[serde(default = "default_replications")]
    pub replications: u32,
    /// Master seed; with the scenario it fixes every result.
    #[serde(default = "default_seed")]
    pub seed: u64,
    #[serde(default)]
    pub population: PopulationConfig,
    /// Local labour markets; default: one area covering the whole country with demand 0.
    #[serde(default = "default_areas")]
    pub areas: Vec<AreaConfig>,
    #[serde(default)]
    pub health: HealthConfig,
    #[serde(default)]
    pub barriers: BarrierConfig,
    #[serde(default)]
    pub readiness: ReadinessConfig,
    #[serde(default)]
    pub labour: LabourConfig,
    /// Long-term sickness absence ([`AbsenceConfig`]).
    #[serde(default)]
    pub absence: AbsenceConfig,
    /// Employers, vacancies and the levers on them ([`EmployerConfig`]).
    #[serde(default)]
    pub employers: EmployerConfig,
    #[serde(default)]
    pub benefits: BenefitConfig,
    /// The earnings of jobs (for in-work claims and work incentives).
    #[serde(default)]
    pub earnings: EarningsConfig,
    #[serde(default)]
    pub approaches: ApproachTable,
    #[serde(default)]
    pub programmes: Vec<ProgrammeConfig>,
    #[serde(default)]
    pub outputs: OutputConfig,
    /// The counterfactual this scenario is measured against: a scenario file, relative to the
    /// file that names it. `gapsim run` then runs both worlds with the same people and the
    /// same luck and reports net impact (`--against` on the command line takes precedence).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<String>,
    /// Dated policy changes, each applied in exactly its month ([`ChangeConfig`],
    /// `scenario::changes`); omitted: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<ChangeConfig>,
}

fn default_replications() -> u32 {
    8
}
fn default_seed() -> u64 {
    1
}
fn default_areas() -> Vec<AreaConfig> {
    vec![AreaConfig::default()]
}

impl Scenario {
    /// The calendar month of model month `t` (0 = start).
    pub fn date(&self, t: i32) -> YearMonth {
        self.start.plus(t)
    }

    /// Last simulated month.
    pub fn end(&self) -> YearMonth {
        self.start.plus(self.months as i32 - 1)
    }

    /// Whether the scenario's people stand for the whole UK working-age population (at least
    /// three quarters of [`UK_WORKING_AGE_PEOPLE`]), so that national survey figures are its
    /// yardstick; a local world (a combined authority, a region) is measured against its own
    /// start only.
    pub fn is_national(&self) -> bool {
        self.represented() >= 0.75 * UK_WORKING_AGE_PEOPLE
    }

    /// The real people the scenario's agents stand for: `n_people × scale` [people].
    pub fn represented(&self) -> f64 {
        self.population.n_people as f64 * self.population.scale
    }

    /// Whether the scenario's people stand for the UK working-age population itself (within
    /// 1% of [`UK_WORKING_AGE_PEOPLE`]), so that published national counts (the claimant
    /// count, benefit caseloads) are its yardstick as well as rates. A national world of
    /// another size (`--people` without `population.scale`) has the same rates but
    /// proportionately larger or smaller counts.
    pub fn stands_for_uk(&self) -> bool {
        (self.represented() / UK_WORKING_AGE_PEOPLE - 1.0).abs() < 0.01
    }

    /// The `population.scale` at which `n_people` agents stand for the UK working-age
    /// population [people per agent].
    pub fn uk_scale(&self) -> f64 {
        UK_WORKING_AGE_PEOPLE / self.population.n_people as f64
    }
}

/// People aged 16–64 in the UK, about 41.5 million (ONS mid-year population estimates, 2013):
/// the population the default `population.scale` of 415 × 100,000 agents stands for.
pub const UK_WORKING_AGE_PEOPLE: f64 = 41.5e6;

/// Output definitions that change what is counted, not the world.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OutputConfig {
    /// A participant is "parked" if their mean support over their months on the programme is
    /// below this [hours per month].
    pub parked_threshold_hours: f64,
    /// A programme job counts as a sustained outcome once it has lasted this long [months].
    pub sustained_job_months: u32,
}

impl Default for OutputConfig {
    fn default() -> Self {
        Self {
            parked_threshold_hours: 1.0,
            sustained_job_months: 12,
        }
    }
}
