//! Range and consistency checks: every numeric key has a documented valid range, checked here
//! before any work starts. NaN and infinity fail every range check.

use super::*;

/// One invalid value: its key path and what was expected.
#[derive(Debug, Clone, PartialEq)]
pub struct Invalid {
    pub key: String,
    pub expected: String,
}

/// The valid range of one numeric key, as [`validate`] checks it.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyRange {
    /// Key path, e.g. `programmes[0].providers[1].share`.
    pub key: String,
    /// The range, from the key table.
    pub range: super::keys::Range,
    /// Its bounds ([`super::keys::Range::bounds`]), for callers that probe them.
    pub lo: f64,
    pub hi: f64,
    /// `lo` itself is excluded (e.g. "above 0").
    pub lo_open: bool,
    /// Whole numbers only.
    pub integer: bool,
}

impl std::fmt::Display for KeyRange {
    /// As the range prints: `[0, 1]`, `(0, 200]`, `whole number in [1, 1200]`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.range.fmt(f)
    }
}

/// Collects every problem rather than stopping at the first, so a user fixes them in one go,
/// and records the range of every numeric key it checks (see [`ranges`]).
#[derive(Default)]
struct Checker {
    errors: Vec<Invalid>,
    ranges: Vec<KeyRange>,
}

impl Checker {
    /// The key's range from the key table ([`super::keys::KEYS`], the one place ranges are
    /// stated), recorded for [`ranges`].
    fn range_of(&mut self, key: &str) -> Option<super::keys::Range> {
        let Some(def) = super::keys::lookup(key) else {
            // A key the table lacks is a bug in gapsim, caught by the tests; never a user's.
            debug_assert!(false, "{key} is not in the key table");
            return None;
        };
        let (lo, hi, lo_open, integer) = def.range.bounds();
        self.ranges.push(KeyRange {
            key: key.to_string(),
            range: def.range,
            lo,
            hi,
            lo_open,
            integer,
        });
        Some(def.range)
    }

    fn fail(&mut self, key: impl Into<String>, expected: impl Into<String>) {
        self.errors.push(Invalid {
            key: key.into(),
            expected: expected.into(),
        });
    }

    /// Checks a value against its key's range.
    /// Dated points of the path at `key` must be in increasing date order.
    fn increasing(&mut self, key: &str, dates: impl Iterator<Item = crate::calendar::YearMonth>) {
        let mut last = None;
        for (j, d) in dates.enumerate() {
            if last.is_some_and(|l| d <= l) {
                self.fail(
                    format!("{key}[{j}].date"),
                    "expected dates in increasing order",
                );
            }
            last = Some(d);
        }
    }

    fn num(&mut self, key: &str, v: f64) {
        if let Some(range) = self.range_of(key)
            && !range.admits(v)
        {
            self.fail(key, range.expected(v));
        }
    }

    /// As [`Self::num`], for a whole-number key, compared exactly.
    fn whole(&mut self, key: &str, v: u64) {
        if let Some(range) = self.range_of(key)
            && !range.admits_whole(v)
        {
            self.fail(key, range.expected_shown(&v.to_string()));
        }
    }

    fn shares_sum_to_one(&mut self, key: &str, shares: impl IntoIterator<Item = f64>) {
        let sum: f64 = shares.into_iter().sum();
        if (sum - 1.0).abs() > 1e-6 {
            self.fail(
                key,
                format!("expected shares that sum to 1, got a sum of {sum}"),
            );
        }
    }

    /// Names in a list must differ: outputs and `extends` tell elements apart by name. Names
    /// that differ only in Unicode normalisation or invisible characters are the same name
    /// ([`name_key`]).
    fn unique_names<'a>(&mut self, key: &str, names: impl IntoIterator<Item = &'a str>) {
        let mut seen = std::collections::BTreeSet::new();
        for (i, n) in names.into_iter().enumerate() {
            if !seen.insert(name_key(n)) {
                self.fail(
                    format!("{key}[{i}].name"),
                    format!("expected a name not used earlier in `{key}`, got {n:?} again"),
                );
            }
        }
    }

    fn nonempty_name(&mut self, key: &str, name: &str) {
        if name_key(name).trim().is_empty() || name.chars().count() > 200 {
            self.fail(key, "expected a non-empty name of at most 200 characters");
        }
    }
}

/// Largest amount of money any key may hold [£]: £10 trillion, far above any programme, and
/// small enough that sums over a full-UK run stay exact to the penny in `f64`.
pub const MAX_MONEY: f64 = 1.0e13;

/// What makes two names the same name: their NFC normalisation without invisible characters
/// (format characters such as zero-width spaces and joiners, bidirectional marks, the soft
/// hyphen and the byte-order mark) or control characters.
pub fn name_key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    name.nfc()
        .filter(|&c| {
            !c.is_control()
                && !matches!(c,
                    '\u{00AD}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
                    | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FEFF}')
        })
        .collect()
}

/// A scenario that has passed every check of [`validate`]: the only input
/// [`crate::engine::Model::new`] accepts, so an unchecked scenario (an override applied after
/// loading, a draw of an uncertain input, a scenario read back from a shard's manifest) cannot
/// reach the engine. Reads through to the [`Scenario`]; to change it, take it out with
/// [`Valid::into_inner`] and check it again.
#[derive(Clone, Debug, Serialize)]
#[serde(transparent)]
pub struct Valid(Scenario);

impl Valid {
    /// Checks `s`.
    ///
    /// # Errors
    /// Every value out of its range, and every inconsistency, as [`Invalid`]s.
    pub fn new(s: Scenario) -> Result<Self, Vec<Invalid>> {
        validate(&s)?;
        Ok(Self(s))
    }

    pub fn into_inner(self) -> Scenario {
        self.0
    }
}

impl std::ops::Deref for Valid {
    type Target = Scenario;
    fn deref(&self) -> &Scenario {
        &self.0
    }
}

/// The problems of [`validate`] in one line: "key `k`: expected …; key `j`: …".
pub fn describe(errors: &[Invalid]) -> String {
    errors
        .iter()
        .map(|e| format!("key `{}`: {}", e.key, e.expected))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Checks every value of a scenario against its documented range.
pub fn validate(s: &Scenario) -> Result<(), Vec<Invalid>> {
    let c = check(s);
    if c.errors.is_empty() {
        Ok(())
    } else {
        Err(c.errors)
    }
}

/// The valid range of every numeric key present in `s` (lists such as programmes and
/// providers contribute one entry per element), in the order [`validate`] checks them.
pub fn ranges(s: &Scenario) -> Vec<KeyRange> {
    check(s).ranges
}

fn check(s: &Scenario) -> Checker {
    let mut c = Checker::default();
    c.nonempty_name("name", &s.name);
    c.whole("months", s.months as u64);
    c.whole("replications", s.replications as u64);
    // TOML integers are signed 64-bit: a larger seed could not be written to the manifest.
    c.whole("seed", s.seed);

    let p = &s.population;
    c.whole("population.n_people", p.n_people as u64);
    c.num("population.scale", p.scale);
    c.num(
        "population.start_employment_rate_disabled",
        p.start_employment_rate_disabled,
    );
    c.num(
        "population.start_employment_rate_non_disabled",
        p.start_employment_rate_non_disabled,
    );

    if s.areas.is_empty() || s.areas.len() > 255 {
        c.fail("areas", "expected between 1 and 255 areas");
    }
    for (i, a) in s.areas.iter().enumerate() {
        c.nonempty_name(&format!("areas[{i}].name"), &a.name);
        c.num(&format!("areas[{i}].share"), a.share);
        for (j, pt) in a.demand.iter().enumerate() {
            c.num(&format!("areas[{i}].demand[{j}].index"), pt.index);
            if j > 0 && pt.date <= a.demand[j - 1].date {
                c.fail(
                    format!("areas[{i}].demand[{j}].date"),
                    "expected dates in increasing order",
                );
            }
        }
    }
    if !s.areas.is_empty() {
        c.shares_sum_to_one("areas", s.areas.iter().map(|a| a.share));
    }
    c.unique_names("areas", s.areas.iter().map(|a| a.name.as_str()));

    let h = &s.health;
    c.num("health.disability_threshold", h.disability_threshold);
    c.num("health.prevalence_at_16", h.prevalence_at_16);
    c.num("health.prevalence_at_64", h.prevalence_at_64);
    c.num("health.onset_at_16", h.onset_at_16);
    c.num("health.onset_at_64", h.onset_at_64);
    c.num(
        "health.workless_mental_onset_factor",
        h.workless_mental_onset_factor,
    );
    c.num("health.relapse", h.relapse);
    c.num("health.severity_change_rate", h.severity_change_rate);
    c.num("health.severity_change_sd", h.severity_change_sd);
    c.num("health.in_work_mental_drift", h.in_work_mental_drift);
    c.num("health.workless_mental_drift", h.workless_mental_drift);
    c.num("health.physical_drift", h.physical_drift);
    let names = [
        "mental",
        "musculoskeletal",
        "other_physical",
        "learning",
        "multiple",
    ];
    for (name, cond) in names.iter().zip(h.conditions.all()) {
        let k = |f: &str| format!("health.conditions.{name}.{f}");
        c.num(&k("prevalence_share"), cond.prevalence_share);
        c.num(&k("onset_share"), cond.onset_share);
        c.num(&k("severity[0]"), cond.severity[0]);
        c.num(&k("severity[1]"), cond.severity[1]);
        c.num(&k("recovery"), cond.recovery);
        c.num(&k("distance_weight"), cond.distance_weight);
        c.num(&k("onset_trend_per_year"), cond.onset_trend_per_year);
    }
    c.shares_sum_to_one(
        "health.conditions",
        h.conditions.all().iter().map(|c| c.prevalence_share),
    );
    let onset_sum: f64 = h.conditions.all().iter().map(|c| c.onset_share).sum();
    if (onset_sum - 1.0).abs() > 1e-6 {
        c.fail(
            "health.conditions",
            format!("expected onset_share values that sum to 1, got a sum of {onset_sum}"),
        );
    }

    let b = &s.barriers;
    let bnames = ["skills", "confidence", "isolation", "caring", "chaotic"];
    for (name, spec) in bnames.iter().zip(b.all()) {
        let k = |f: &str| format!("barriers.{name}.{f}");
        c.num(&k("mean"), spec.mean);
        c.num(&k("sd"), spec.sd);
        c.num(&k("health_loading"), spec.health_loading);
        c.num(&k("distance_weight"), spec.distance_weight);
    }
    c.num("barriers.common_sd", b.common_sd);
    c.num(
        "barriers.long_workless_worsening",
        b.long_workless_worsening,
    );
    c.num("barriers.in_work_easing", b.in_work_easing);
    c.num("barriers.worsening_step", b.worsening_step);
    c.num(
        "readiness.confidence_correlation",
        s.readiness.confidence_correlation,
    );
    c.num("readiness.take_up_effect", s.readiness.take_up_effect);

    let l = &s.labour;
    for (k, v) in [
        ("find_intercept", l.find_intercept),
        ("find_distance", l.find_distance),
        ("find_duration", l.find_duration),
        ("find_demand", l.find_demand),
        ("find_isolation", l.find_isolation),
        ("find_readiness", l.find_readiness),
        ("find_inactive", l.find_inactive),
        ("find_young", l.find_young),
        ("find_old", l.find_old),
        ("loss_intercept", l.loss_intercept),
        ("loss_distance", l.loss_distance),
        ("loss_new_job", l.loss_new_job),
        ("loss_demand", l.loss_demand),
        ("loss_match", l.loss_match),
        ("loss_old", l.loss_old),
        ("loss_young", l.loss_young),
        ("exit_inactive_intercept", l.exit_inactive_intercept),
        ("exit_inactive_distance", l.exit_inactive_distance),
        ("u_to_i_intercept", l.u_to_i_intercept),
        ("u_to_i_distance", l.u_to_i_distance),
        ("u_to_i_duration", l.u_to_i_duration),
        ("i_to_u_intercept", l.i_to_u_intercept),
        ("i_to_u_distance", l.i_to_u_distance),
        ("inactive_study", l.inactive_study),
        ("inactive_retirement", l.inactive_retirement),
        ("inactive_caring", l.inactive_caring),
    ] {
        c.num(&format!("labour.{k}"), v);
    }
    c.whole(
        "labour.find_duration_max_months",
        l.find_duration_max_months as u64,
    );

    let a = &s.absence;
    for (k, x) in [
        ("entry_intercept", a.entry_intercept),
        ("entry_distance", a.entry_distance),
        ("onset_entry", a.onset_entry),
        ("worsening", a.worsening),
        ("return_intercept", a.return_intercept),
        ("return_duration", a.return_duration),
        ("return_distance", a.return_distance),
        ("exit_intercept", a.exit_intercept),
        ("exit_distance", a.exit_distance),
        ("sick_pay_end_exit", a.sick_pay_end_exit),
    ] {
        c.num(&format!("absence.{k}"), x);
    }
    c.whole("absence.sick_pay_months", a.sick_pay_months as u64);

    let e = &s.employers;
    for (k, x) in [
        ("hiring_penalty", e.hiring_penalty),
        ("attitude_change", e.attitude_change),
        ("wage_subsidy", e.wage_subsidy),
        ("wage_subsidy_effect", e.wage_subsidy_effect),
        ("quota", e.quota),
        ("quota_coverage", e.quota_coverage),
        ("quota_effect", e.quota_effect),
        ("adjusted_share", e.adjusted_share),
        ("access_to_work", e.access_to_work),
        ("access_to_work_cost", e.access_to_work_cost),
        ("adjusted_loss_effect", e.adjusted_loss_effect),
        (
            "part_time_share_non_disabled",
            e.part_time_share_non_disabled,
        ),
        ("part_time_share_disabled", e.part_time_share_disabled),
        ("wants_more_hours", e.wants_more_hours),
        ("underemployed_loss_effect", e.underemployed_loss_effect),
        ("new_vacancy_share", e.new_vacancy_share),
    ] {
        c.num(&format!("employers.{k}"), x);
    }
    c.whole(
        "employers.wage_subsidy_months",
        e.wage_subsidy_months as u64,
    );

    let bf = &s.benefits;
    c.num("benefits.jsa_take_up", bf.jsa_take_up);
    c.num("benefits.esa_claim_severity", bf.esa_claim_severity);
    c.num("benefits.esa_take_up", bf.esa_take_up);
    c.num("benefits.wca_noise_sd", bf.wca_noise_sd);
    c.num("benefits.wca_support_cut", bf.wca_support_cut);
    c.num("benefits.wca_wrag_cut", bf.wca_wrag_cut);
    if bf.wca_wrag_cut > bf.wca_support_cut {
        c.fail(
            "benefits.wca_wrag_cut",
            "expected a cut no higher than benefits.wca_support_cut",
        );
    }
    c.num(
        "benefits.incapacity_share_at_start",
        bf.incapacity_share_at_start,
    );
    c.num(
        "benefits.incapacity_reassessment",
        bf.incapacity_reassessment,
    );
    c.num("benefits.esa_reassessment", bf.esa_reassessment);
    c.num("benefits.sanction_rate", bf.sanction_rate);
    c.num("benefits.sanction_find_effect", bf.sanction_find_effect);
    c.num("benefits.sanction_off_benefit", bf.sanction_off_benefit);
    c.num("benefits.sanction_health_harm", bf.sanction_health_harm);
    c.num("benefits.uprating_after_2026", bf.uprating_after_2026);
    benefit_system(&mut c, s);

    for (name, a) in [
        ("work_first", &s.approaches.work_first),
        ("specialist", &s.approaches.specialist),
        ("ips", &s.approaches.ips),
    ] {
        let k = |f: &str| format!("approaches.{name}.{f}");
        c.num(&k("find_effect"), a.find_effect);
        c.num(&k("hours_scale"), a.hours_scale);
        c.num(&k("distance_fade"), a.distance_fade);
        c.num(&k("barrier_reduction"), a.barrier_reduction);
        c.num(&k("retention_effect"), a.retention_effect);
        c.num(&k("match_effect"), a.match_effect);
        c.num(&k("health_effect"), a.health_effect);
        let e = &a.condition_effect;
        for (cond, v) in [
            ("none", e.none),
            ("mental", e.mental),
            ("musculoskeletal", e.musculoskeletal),
            ("other_physical", e.other_physical),
            ("learning", e.learning),
            ("multiple", e.multiple),
        ] {
            c.num(&k(&format!("condition_effect.{cond}")), v);
        }
        c.num(&k("severity_effect.mild"), a.severity_effect.mild);
        c.num(&k("severity_effect.severe"), a.severity_effect.severe);
    }

    if s.programmes.len() > 250 {
        c.fail("programmes", "expected at most 250 programmes");
    }
    for (i, pr) in s.programmes.iter().enumerate() {
        validate_programme(&mut c, &format!("programmes[{i}]"), pr);
        for (j, name) in pr.areas.iter().enumerate() {
            if !s.areas.iter().any(|a| &a.name == name) {
                let known: Vec<&str> = s.areas.iter().map(|a| a.name.as_str()).collect();
                c.fail(
                    format!("programmes[{i}].areas[{j}]"),
                    format!(
                        "expected the name of one of the scenario's areas ({}), found {name:?}",
                        known.join(", ")
                    ),
                );
            }
        }
    }
    c.unique_names("programmes", s.programmes.iter().map(|p| p.name.as_str()));

    // Each dated change's regime is a scenario of its own, checked like this one; its errors
    // are blamed on the change's key. A key no change sets that is wrong in the scenario
    // itself is wrong in every regime too: it is reported once, for the scenario.
    let failed: std::collections::HashSet<String> =
        c.errors.iter().map(|e| e.key.clone()).collect();
    match s.regimes() {
        Err(e) => c.fail(e.key, e.expected),
        Ok(regimes) => {
            for (from, r) in regimes {
                for e in check(&r).errors {
                    let set_by_change = s
                        .changes
                        .iter()
                        .any(|ch| ch.from <= from && ch.set.contains_key(&e.key));
                    if !set_by_change && failed.contains(&e.key) {
                        continue;
                    }
                    let i = s
                        .changes
                        .iter()
                        .rposition(|ch| ch.from <= from && ch.set.contains_key(&e.key))
                        .or_else(|| s.changes.iter().position(|ch| ch.from == from));
                    let key = match i {
                        Some(i) if s.changes[i].set.contains_key(&e.key) => {
                            format!("changes[{i}].set.{:?}", e.key)
                        }
                        Some(i) => format!("changes[{i}].set"),
                        None => "changes".to_string(),
                    };
                    c.fail(
                        key,
                        format!("{} (key `{}` as changed from {from})", e.expected, e.key),
                    );
                }
            }
        }
    }

    let o = &s.outputs;
    c.num("outputs.parked_threshold_hours", o.parked_threshold_hours);
    c.whole(
        "outputs.sustained_job_months",
        o.sustained_job_months as u64,
    );
    c
}

fn validate_programme(c: &mut Checker, at: &str, pr: &ProgrammeConfig) {
    let k = |f: &str| format!("{at}.{f}");
    c.nonempty_name(&k("name"), &pr.name);
    if pr.end < pr.start {
        c.fail(
            k("end"),
            format!("expected an end month no earlier than start ({})", pr.start),
        );
    }
    c.whole(&k("priority"), pr.priority as u64);
    for (j, name) in pr.areas.iter().enumerate() {
        if pr.areas[..j].contains(name) {
            c.fail(
                format!("{at}.areas[{j}]"),
                format!("expected each area once, got {name:?} again"),
            );
        }
    }
    c.whole(&k("duration_months"), pr.duration_months as u64);
    c.whole(
        &k("in_work_support_months"),
        pr.in_work_support_months as u64,
    );
    if let Some(v) = pr.starts_per_year {
        c.num(&k("starts_per_year"), v);
    }
    if let Some(v) = pr.max_caseload {
        c.num(&k("max_caseload"), v);
    }
    let f = &pr.funding;
    if let Some(b) = f.budget {
        c.num(&k("funding.budget"), b);
    }
    c.num(&k("funding.fee_per_hour"), f.fee_per_hour);
    c.num(&k("funding.block_per_month"), f.block_per_month);
    c.num(&k("funding.needs_elasticity"), f.needs_elasticity);
    c.num(
        &k("funding.needs_reference_distance"),
        f.needs_reference_distance,
    );
    c.num(&k("funding.needs_max_multiplier"), f.needs_max_multiplier);
    c.num(&k("funding.progress_fee"), f.progress_fee);
    c.num(&k("funding.progress_step"), f.progress_step);
    c.whole(
        &k("funding.progress_max_payments"),
        f.progress_max_payments as u64,
    );
    c.num(
        &k("funding.personal_budget_per_month"),
        f.personal_budget_per_month,
    );
    if let Some(card) = &f.rate_card {
        for (key, v) in [
            ("job_start", card.job_start),
            ("weeks_13", card.weeks_13),
            ("weeks_26", card.weeks_26),
            ("distance_fall", card.distance_fall),
            ("skills_gain", card.skills_gain),
            ("cap_per_participant", card.cap_per_participant),
        ] {
            c.num(&k(&format!("funding.rate_card.{key}")), v);
        }
    }
    c.num(&k("assessment.accuracy"), pr.assessment.accuracy);
    c.num(
        &k("assessment.learning_months"),
        pr.assessment.learning_months,
    );

    if pr.payment_groups.is_empty() || pr.payment_groups.len() > 250 {
        c.fail(
            k("payment_groups"),
            "expected between 1 and 250 payment groups",
        );
    }
    for (j, g) in pr.payment_groups.iter().enumerate() {
        let k = |f: &str| format!("{at}.payment_groups[{j}].{f}");
        c.nonempty_name(&k("name"), &g.name);
        if g.benefits.is_empty() {
            c.fail(k("benefits"), "expected at least one benefit");
        }
        c.whole(&k("min_age"), g.min_age as u64);
        c.whole(&k("max_age"), g.max_age as u64);
        if g.max_age < g.min_age {
            c.fail(k("max_age"), "expected max_age no lower than min_age");
        }
        c.whole(&k("min_months_out"), g.min_months_out as u64);
        for (key, v) in [
            ("max_prognosis_months", g.max_prognosis_months),
            ("min_prognosis_months", g.min_prognosis_months),
        ] {
            if let Some(v) = v {
                c.whole(&k(key), v as u64);
            }
        }
        if g.sickness_absence && g.benefits != [super::BenefitKind::None] {
            c.fail(
                k("benefits"),
                "expected benefits = [\"none\"] for a sickness_absence group: people in work \
                 claim no out-of-work benefit"
                    .to_string(),
            );
        }
        if g.sickness_absence && g.min_months_out > 0 {
            c.fail(
                k("min_months_out"),
                "expected no min_months_out in a sickness_absence group: its people are in \
                 work (write the months of absence with referral = \"flow\" or the stock)"
                    .to_string(),
            );
        }
        if let Some((lo, hi)) = g.prognosis_range() {
            let months = super::PROGNOSIS_MONTHS;
            if !months.iter().any(|m| (lo..=hi).contains(m)) {
                let key = if g.min_prognosis_months.is_some() {
                    "min_prognosis_months"
                } else {
                    "max_prognosis_months"
                };
                c.fail(
                    k(key),
                    format!(
                        "expected prognosis months from {lo} to {} to hold at least one of the \
                         WCA's prognoses (3, 6, 12, 18 or 24 months); none would ever qualify",
                        g.max_prognosis_months
                            .map_or("any".to_string(), |m| m.to_string())
                    ),
                );
            }
        }
        c.num(&k("voluntary_take_up"), g.voluntary_take_up);
        c.num(&k("attachment_fee"), g.attachment_fee);
        c.num(&k("job_outcome_fee"), g.job_outcome_fee);
        c.whole(
            &k("job_outcome_after_months"),
            g.job_outcome_after_months as u64,
        );
        c.num(&k("sustainment_fee"), g.sustainment_fee);
        c.whole(
            &k("sustainment_max_months"),
            g.sustainment_max_months as u64,
        );
    }

    if pr.providers.is_empty() || pr.providers.len() > 250 {
        c.fail(k("providers"), "expected between 1 and 250 providers");
    }
    for (j, p) in pr.providers.iter().enumerate() {
        let k = |f: &str| format!("{at}.providers[{j}].{f}");
        c.nonempty_name(&k("name"), &p.name);
        c.num(&k("share"), p.share);
        c.num(&k("hours_per_participant"), p.hours_per_participant);
        c.num(&k("max_hours_per_participant"), p.max_hours_per_participant);
        c.num(&k("cost_per_hour"), p.cost_per_hour);
        c.num(&k("social_weight"), p.social_weight);
        c.num(&k("social_value_per_job"), p.social_value_per_job);
        c.num(&k("reserves"), p.reserves);
    }
    if !pr.providers.is_empty() {
        c.shares_sum_to_one(&k("providers"), pr.providers.iter().map(|p| p.share));
    }
    c.unique_names(
        &k("providers"),
        pr.providers.iter().map(|p| p.name.as_str()),
    );
    c.unique_names(
        &k("payment_groups"),
        pr.payment_groups.iter().map(|g| g.name.as_str()),
    );
}

/// The keys of the benefit system after 2013 (`scenario::benefits`) and of earnings.
fn benefit_system(c: &mut Checker, s: &Scenario) {
    let uc = &s.benefits.universal_credit;
    let k = |f: &str| format!("benefits.universal_credit.{f}");
    for (j, pt) in uc.new_claims.iter().enumerate() {
        c.num(&k(&format!("new_claims[{j}].jobseekers")), pt.jobseekers);
        c.num(&k(&format!("new_claims[{j}].health")), pt.health);
    }
    c.increasing(&k("new_claims"), uc.new_claims.iter().map(|p| p.date));
    for (name, path) in [
        ("managed_migration", &uc.managed_migration),
        ("tax_credit_migration", &uc.tax_credit_migration),
        ("hours_collapse", &uc.hours_collapse),
    ] {
        for (j, pt) in path.iter().enumerate() {
            c.num(&k(&format!("{name}[{j}].value")), pt.value);
        }
        c.increasing(&k(name), path.iter().map(|p| p.date));
    }
    for (name, v) in [
        ("migration_non_claim", uc.migration_non_claim),
        ("tax_credit_hours", uc.tax_credit_hours),
        ("tax_credit_hours_others", uc.tax_credit_hours_others),
        ("jobseeker_take_up", uc.jobseeker_take_up),
        ("new_style_jsa_take_up", uc.new_style_jsa_take_up),
        ("lcwra_cut", uc.lcwra_cut),
        ("in_work_claim_rate", uc.in_work_claim_rate),
        ("collapse_claim_rate", uc.collapse_claim_rate),
        ("in_work_review_rate", uc.in_work_review_rate),
        ("other_elements_share", uc.other_elements_share),
        ("other_elements_amount", uc.other_elements_amount),
        ("incentive_elasticity", uc.incentive_elasticity),
    ] {
        c.num(&k(name), v);
    }
    if uc.lcwra_cut < s.benefits.wca_wrag_cut {
        c.fail(
            k("lcwra_cut"),
            "expected a cut no lower than benefits.wca_wrag_cut",
        );
    }
    let pip = &s.benefits.pip;
    let k = |f: &str| format!("benefits.pip.{f}");
    for (name, v) in [
        ("claim_severity", pip.claim_severity),
        ("claim_rate", pip.claim_rate),
        ("assessment_noise_sd", pip.assessment_noise_sd),
        ("assessment_persistence", pip.assessment_persistence),
        ("standard_cut", pip.standard_cut),
        ("enhanced_cut", pip.enhanced_cut),
        ("review_rate", pip.review_rate),
        ("dla_share_at_start", pip.dla_share_at_start),
    ] {
        c.num(&k(name), v);
    }
    if pip.enhanced_cut < pip.standard_cut {
        c.fail(
            k("enhanced_cut"),
            "expected a cut no lower than benefits.pip.standard_cut",
        );
    }
    for (j, pt) in pip.dla_reassessment.iter().enumerate() {
        c.num(&k(&format!("dla_reassessment[{j}].value")), pt.value);
    }
    c.increasing(
        &k("dla_reassessment"),
        pip.dla_reassessment.iter().map(|p| p.date),
    );

    let e = &s.earnings;
    let k = |f: &str| format!("earnings.{f}");
    for (j, pt) in e.median_hourly.iter().enumerate() {
        c.num(&k(&format!("median_hourly[{j}].value")), pt.value);
    }
    if e.median_hourly.is_empty() {
        c.fail(k("median_hourly"), "expected at least one dated point");
    }
    c.increasing(&k("median_hourly"), e.median_hourly.iter().map(|p| p.date));
    for (name, v) in [
        ("log_sd", e.log_sd),
        ("readiness_loading", e.readiness_loading),
        ("severity_pay_penalty", e.severity_pay_penalty),
        ("full_time_hours", e.full_time_hours),
        ("part_time_hours_min", e.part_time_hours_min),
        ("part_time_hours_max", e.part_time_hours_max),
    ] {
        c.num(&k(name), v);
    }
    if e.part_time_hours_max > e.full_time_hours {
        c.fail(
            k("full_time_hours"),
            format!(
                "expected at least earnings.part_time_hours_max ({}), got {}",
                e.part_time_hours_max, e.full_time_hours
            ),
        );
    }
    if e.part_time_hours_min > e.part_time_hours_max {
        c.fail(
            k("part_time_hours_min"),
            "expected no more hours than earnings.part_time_hours_max",
        );
    }
}
