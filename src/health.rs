//! Health: onset of long-term conditions, recovery, relapse and changes in severity.
//!
//! Onset rises with age and, for mental health, with worklessness; good work eases mental
//! ill-health and worklessness worsens it. Each condition has its own severity distribution,
//! recovery rate and onset trend over calendar time.

use crate::labour::{logistic, logit};
use crate::person::{Condition, Person, from_unit};
use crate::rng::{Draws, HEALTH, SEVERITY, Stream};
use crate::scenario::{HealthConfig, Scenario};
use rand_distr::{Beta, Distribution};

/// Health parameters prepared for the monthly step.
#[derive(Clone, Debug)]
pub struct Health {
    pub threshold: f64,
    severity: [Beta<f64>; 5],
    onset_share: [f64; 5],
    prevalence_share: [f64; 5],
    recovery: [f64; 5],
    trend: [f64; 5],
    /// Base onset hazard by age in months ([`onset_base`]), tabulated once: it was a `ln`, an
    /// `exp` and five `powf` per person per month.
    onset_base: Vec<f64>,
    /// Log-odds of prevalence at 16 and at 64.
    prevalence_logits: [f64; 2],
    cfg: HealthConfig,
}

impl Health {
    pub fn new(s: &Scenario) -> Self {
        let h = &s.health;
        let all = h.conditions.all();
        Self {
            threshold: h.disability_threshold,
            // Validation guarantees both parameters are positive and finite.
            severity: all.map(|c| Beta::new(c.severity[0], c.severity[1]).expect("validated")),
            onset_share: all.map(|c| c.onset_share),
            prevalence_share: all.map(|c| c.prevalence_share),
            recovery: all.map(|c| c.recovery),
            trend: all.map(|c| c.onset_trend_per_year),
            onset_base: (0..=MAX_AGE_MONTHS).map(|a| onset_base(h, a)).collect(),
            prevalence_logits: [logit(h.prevalence_at_16), logit(h.prevalence_at_64)],
            cfg: h.clone(),
        }
    }

    /// Each condition's onset growth factor `years` after the start: `(1 + trend)^years`.
    /// Computed once per month, not per person.
    pub fn growth(&self, years: f64) -> [f64; 5] {
        std::array::from_fn(|i| (1.0 + self.trend[i]).powf(years))
    }

    /// Counts as disabled: a condition whose severity is over the threshold.
    #[inline(always)]
    pub fn disabled(&self, p: &Person) -> bool {
        p.condition != Condition::None && p.severity() > self.threshold
    }

    /// Share of people of this age with a condition at the start.
    pub fn prevalence(&self, age_months: i32) -> f64 {
        let x = ((age_months as f64 / 12.0 - 16.0) / 48.0).clamp(0.0, 1.0);
        logistic(self.prevalence_logits[0] * (1.0 - x) + self.prevalence_logits[1] * x)
    }

    /// Gives a person a condition drawn from the prevalence mix (at synthesis).
    pub fn draw_existing(&self, p: &mut Person, rng: &mut Stream) {
        let c = pick(&self.prevalence_share, rng.uniform());
        p.condition = c;
        p.severity = from_unit(self.severity[c.index()].sample(rng));
    }

    /// The base onset hazard at this age, before condition shares and growth.
    #[inline]
    fn base(&self, age_months: i32) -> f64 {
        match self.onset_base.get(age_months.max(0) as usize) {
            Some(b) => *b,
            None => onset_base(&self.cfg, age_months),
        }
    }

    /// Monthly onset hazard for this person, by condition, with this month's `growth`.
    fn onset_hazards(&self, age_months: i32, workless: bool, growth: &[f64; 5]) -> [f64; 5] {
        self.onset_hazards_with(self.base(age_months), workless, growth)
    }

    /// Onset hazards by condition from a base hazard.
    #[inline]
    fn onset_hazards_with(&self, base: f64, workless: bool, growth: &[f64; 5]) -> [f64; 5] {
        std::array::from_fn(|i| {
            let r = base * self.onset_share[i] * growth[i];
            if workless && i == Condition::Mental.index() {
                r * self.cfg.workless_mental_onset_factor
            } else {
                r
            }
        })
    }

    /// Monthly relapse hazard of someone who recovered from `past`.
    fn relapse(&self, past: Condition, workless: bool) -> f64 {
        let mut r = self.cfg.relapse;
        if workless && past == Condition::Mental {
            r *= self.cfg.workless_mental_onset_factor;
        }
        r
    }

    /// One month of health for one person: onset, relapse or recovery on the [`HEALTH`] draw,
    /// a change of severity on the [`SEVERITY`] draw; `rng` serves the rare events that need
    /// more draws. Returns true if anything changed.
    pub fn step(
        &self,
        p: &mut Person,
        age_months: i32,
        growth: &[f64; 5],
        draws: &mut Draws,
        rng: &mut Stream,
    ) -> bool {
        let workless = !p.employed();
        if p.condition == Condition::None {
            if p.past_condition != Condition::None {
                if draws.fires(HEALTH, self.relapse(p.past_condition, workless)) {
                    p.condition = p.past_condition;
                    p.severity = from_unit(self.severity[p.condition.index()].sample(rng));
                    return true;
                }
                return false;
            }
            if !draws.may_fire(HEALTH) {
                return false;
            }
            let h = self.onset_hazards(age_months, workless, growth);
            let total: f64 = h.iter().sum();
            if let Some(u) = draws.below(HEALTH, total) {
                let c = pick(&h, u / total);
                p.condition = c;
                p.severity = from_unit(self.severity[c.index()].sample(rng));
                return true;
            }
            return false;
        }
        let c = p.condition;
        if draws.fires(HEALTH, self.recovery[c.index()]) {
            p.past_condition = c;
            p.condition = Condition::None;
            p.severity = 0;
            return true;
        }
        if draws.fires(SEVERITY, self.cfg.severity_change_rate) {
            let drift = match (c, workless) {
                (Condition::Mental, false) => self.cfg.in_work_mental_drift,
                (Condition::Mental, true) => self.cfg.workless_mental_drift,
                _ => self.cfg.physical_drift,
            };
            let s = p.severity() + drift + self.cfg.severity_change_sd * rng.normal();
            p.severity = from_unit(s.clamp(0.01, 1.0));
            return true;
        }
        false
    }

    /// The onset hazard over the base hazard by age: `Σ share · growth` (× the workless
    /// factor for mental health), with one month's growth factors. The engine tabulates it by
    /// month for [`Health::bounds`].
    pub fn onset_mix(&self, growth: &[f64; 5], workless: bool) -> f64 {
        self.onset_hazards_with(1.0, workless, growth).iter().sum()
    }

    /// Upper bounds on the [`HEALTH`] and [`SEVERITY`] hazards of this person, unchanged, at
    /// any age in `ages` and any month whose [`Health::onset_mix`] lies between the two of
    /// `mixes` (the ends of a span of months). The base hazard is log-linear in age and the
    /// mix a sum of exponentials in time, so the largest onset hazard over a span is at a
    /// corner; it is raised by 1e-9 of itself, far above the rounding that separates
    /// `base · mix` from the step's sum of products.
    pub fn bounds(
        &self,
        p: &Person,
        workless: bool,
        ages: [i32; 2],
        mixes: [f64; 2],
    ) -> (f64, f64) {
        if p.condition != Condition::None {
            return (
                self.recovery[p.condition.index()],
                self.cfg.severity_change_rate,
            );
        }
        if p.past_condition != Condition::None {
            return (self.relapse(p.past_condition, workless), 0.0);
        }
        let base = self.base(ages[0]).max(self.base(ages[1]));
        let most = base * mixes[0].max(mixes[1]);
        ((most * (1.0 + 1e-9)).min(1.0), 0.0)
    }
}

/// The condition whose cumulative weight first exceeds `u · Σ weights`.
fn pick(weights: &[f64; 5], u: f64) -> Condition {
    let total: f64 = weights.iter().sum();
    let mut acc = 0.0;
    let target = u * total;
    for (i, w) in weights.iter().enumerate() {
        acc += w;
        if target < acc {
            return Condition::ALL[i];
        }
    }
    // Rounding: fall back to the last condition with weight.
    let last = weights.iter().rposition(|w| *w > 0.0).unwrap_or(0);
    Condition::ALL[last]
}

/// Ages (in months) whose base onset hazard is tabulated: everyone the model holds (16–64),
/// and the ages the screen's bounds look ahead to (`engine::screen::WINDOW` months on).
const MAX_AGE_MONTHS: i32 = 70 * 12;

/// The onset hazard at age `age_months` before condition shares and growth: log-linear in age
/// between `onset_at_16` and `onset_at_64`.
fn onset_base(cfg: &crate::scenario::HealthConfig, age_months: i32) -> f64 {
    let x = ((age_months as f64 / 12.0 - 16.0) / 48.0).clamp(0.0, 1.0);
    (cfg.onset_at_16.max(1e-12).ln() * (1.0 - x) + cfg.onset_at_64.max(1e-12).ln() * x).exp()
}
