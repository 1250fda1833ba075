//! Published UK figures the model is checked against (listed with their sources in `docs/published-figures.md`).

/// Disability employment gap from the Labour Force Survey, ages 16–64.
#[derive(Clone, Copy, Debug)]
pub struct Published {
    /// Calendar year and month of the survey quarter's middle month.
    pub year: i32,
    pub month: u32,
    pub rate_disabled: f64,
    pub rate_non_disabled: f64,
    pub gap_pp: f64,
    pub source: &'static str,
}

pub const EMPLOYMENT_GAP: [Published; 5] = [
    Published {
        year: 2013,
        month: 5,
        rate_disabled: 43.6,
        rate_non_disabled: 76.8,
        gap_pp: 33.1,
        source: "UK Parliament written question 171400 (Sept 2018)",
    },
    Published {
        year: 2016,
        month: 5,
        rate_disabled: 47.9,
        rate_non_disabled: 80.1,
        gap_pp: 32.2,
        source: "UK Parliament written question 171400 (Sept 2018)",
    },
    Published {
        year: 2019,
        month: 5,
        rate_disabled: 52.6,
        rate_non_disabled: 81.5,
        gap_pp: 28.9,
        source: "Commons Library figures (via FE News)",
    },
    Published {
        year: 2021,
        month: 5,
        rate_disabled: 52.7,
        rate_non_disabled: 81.0,
        gap_pp: 28.4,
        source: "DWP, The employment of disabled people 2021",
    },
    Published {
        year: 2023,
        month: 11,
        rate_disabled: 54.2,
        rate_non_disabled: 82.0,
        gap_pp: 27.8,
        source: "Commons Library briefing CBP-7540",
    },
];

impl Published {
    pub fn decimal_year(&self) -> f64 {
        self.year as f64 + (self.month as f64 - 0.5) / 12.0
    }
}

/// What a calibration target measures in a run.
#[derive(Clone, Copy, Debug)]
pub enum Measure {
    /// A monthly metric (index into `METRIC_NAMES`) in one calendar month.
    Metric {
        metric: usize,
        year: i32,
        month: u32,
    },
    /// The mean of a monthly metric over the months from `from` to `to` (years, inclusive).
    MetricMean { metric: usize, from: i32, to: i32 },
    /// The ratio of the means of two monthly metrics over the months from `from` to `to`
    /// (years, inclusive): disabled people's rate of leaving work over non-disabled people's,
    /// say.
    Ratio {
        num: usize,
        den: usize,
        from: i32,
        to: i32,
    },
    /// Share of a programme's spells (in one payment group, or all) with a job outcome.
    JobOutcomeRate {
        programme: &'static str,
        group: Option<&'static str>,
    },
}

/// A published figure the model is checked against.
#[derive(Clone, Copy, Debug)]
pub struct Target {
    pub name: &'static str,
    pub measure: Measure,
    pub published: f64,
    /// Largest acceptable distance from the published figure (in its units).
    pub tolerance: f64,
    /// What the figure is to the fit: an input, fitted, shown, or a check kept out of it.
    pub role: Role,
    pub source: &'static str,
}

impl Target {
    /// Whether `gapsim calibration-report` and the calibration test hold the model to it
    /// (inputs and fitted figures; the others are shown for information).
    pub fn tested(&self) -> bool {
        matches!(self.role, Role::Input | Role::Fitted)
    }
}

/// What a published figure is to the calibration, so that what was fitted is kept apart from
/// what checks the fit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// An input by construction: the scenario's starting employment rates are set from it, so
    /// matching it says nothing about the mechanisms.
    Input,
    /// In the fit's objective (`examples/calibrate.rs`) at full weight: an in-sample fit.
    Fitted,
    /// In the fit's objective at a quarter of the weight, and not held to its tolerance.
    Shown,
    /// Kept out of the fit's objective: an out-of-sample check of the mechanisms.
    Check,
}

impl Role {
    /// The name in `calibration.csv`.
    pub fn name(self) -> &'static str {
        match self {
            Role::Input => "input",
            Role::Fitted => "fitted",
            Role::Shown => "shown",
            Role::Check => "check",
        }
    }

    /// The figure's weight in the fit's objective.
    pub fn weight(self) -> f64 {
        match self {
            Role::Input | Role::Fitted => 1.0,
            Role::Shown => 0.25,
            Role::Check => 0.0,
        }
    }
}

/// The calibration targets of the baseline, from `docs/published-figures.md`.
pub fn targets() -> Vec<Target> {
    use crate::metrics::idx;
    let mut v = Vec::new();
    for p in EMPLOYMENT_GAP {
        let at = |metric| Measure::Metric {
            metric,
            year: p.year,
            month: p.month,
        };
        for (name, metric, value) in [
            ("disability employment gap (pp)", idx::GAP, p.gap_pp),
            (
                "employment rate, disabled (%)",
                idx::RATE_DISABLED,
                p.rate_disabled,
            ),
            (
                "employment rate, non-disabled (%)",
                idx::RATE_NON_DISABLED,
                p.rate_non_disabled,
            ),
        ] {
            v.push(Target {
                name,
                measure: at(metric),
                published: value,
                tolerance: 1.5,
                // The 2013 rates set the population's starting employment rates.
                role: if p.year == 2013 {
                    Role::Input
                } else {
                    Role::Fitted
                },
                source: p.source,
            });
        }
    }
    for (year, month, value, source) in [
        (2013, 5, 16.5, "UK Parliament written question 118629"),
        (2017, 5, 17.4, "UK Parliament written question 118629"),
        (2019, 5, 19.0, "Commons Library CBP-7540"),
        (2023, 11, 24.0, "Commons Library CBP-7540"),
    ] {
        v.push(Target {
            name: "disability prevalence, 16-64 (%)",
            measure: Measure::Metric {
                metric: idx::PREVALENCE,
                year,
                month,
            },
            published: value,
            tolerance: 1.5,
            role: Role::Shown,
            source,
        });
    }
    // Labour market status by disability (LFS, ONS A08): shown, not fitted: nothing in the
    // calibration's objective targets them, so they are checks of its mechanisms.
    for (name, metric, year, value, source) in [
        (
            "unemployment rate, disabled (%)",
            idx::UNEMPLOYMENT_DISABLED,
            2017,
            9.0,
            "Commons Library CBP-7540 (Jan 2018), LFS Apr-Jun 2017",
        ),
        (
            "unemployment rate, non-disabled (%)",
            idx::UNEMPLOYMENT_NON_DISABLED,
            2017,
            3.8,
            "Commons Library CBP-7540 (Jan 2018), LFS Apr-Jun 2017",
        ),
        (
            "unemployment rate, disabled (%)",
            idx::UNEMPLOYMENT_DISABLED,
            2019,
            7.3,
            "Commons Library figures (via FE News), LFS Apr-Jun 2019",
        ),
        (
            "unemployment rate, non-disabled (%)",
            idx::UNEMPLOYMENT_NON_DISABLED,
            2019,
            3.4,
            "Commons Library figures (via FE News), LFS Apr-Jun 2019",
        ),
        (
            "economic inactivity rate, disabled (%)",
            idx::INACTIVITY_DISABLED,
            2019,
            43.3,
            "Commons Library figures (via FE News), LFS Apr-Jun 2019",
        ),
        (
            "economic inactivity rate, non-disabled (%)",
            idx::INACTIVITY_NON_DISABLED,
            2019,
            15.6,
            "Commons Library figures (via FE News), LFS Apr-Jun 2019",
        ),
    ] {
        v.push(Target {
            name,
            measure: Measure::Metric {
                metric,
                year,
                month: 5,
            },
            published: value,
            tolerance: 1.5,
            // 2019's split is fitted (the life-stage pulls and the moves' intercepts exist for
            // it); 2017's is kept out of the fit as a check.
            role: if year == 2019 {
                Role::Fitted
            } else {
                Role::Check
            },
            source,
        });
    }
    for (name, group, value) in [
        (
            "Work Programme job outcome rate, JSA 18-24 (%)",
            Some("JSA 18-24"),
            36.4,
        ),
        (
            "Work Programme job outcome rate, JSA 25+ (%)",
            Some("JSA 25+"),
            31.7,
        ),
        (
            "Work Programme job outcome rate, all referrals (%)",
            None,
            27.8,
        ),
    ] {
        v.push(Target {
            name,
            measure: Measure::JobOutcomeRate {
                programme: "Work Programme",
                group,
            },
            published: value,
            tolerance: 3.0,
            role: Role::Fitted,
            source: "Learning and Work Institute analysis of DWP statistics to December 2017",
        });
    }
    v.push(Target {
        name: "monthly entry into work, disabled, out of work up to a year (%)",
        measure: Measure::MetricMean {
            metric: idx::ENTRY_RECENT,
            from: 2013,
            to: 2016,
        },
        published: 5.6,
        tolerance: 1.5,
        role: Role::Fitted,
        source: "Resolution Foundation, Retention deficit (2016): 16% a quarter (derived)",
    });
    v.push(Target {
        name: "monthly entry into work, disabled, out of work over a year (%)",
        measure: Measure::MetricMean {
            metric: idx::ENTRY_LONG,
            from: 2013,
            to: 2016,
        },
        published: 0.8,
        tolerance: 0.4,
        role: Role::Fitted,
        source: "Resolution Foundation, Retention deficit (2016): 2.4% a quarter (derived)",
    });
    v.push(Target {
        name: "rate of leaving work, disabled over non-disabled (ratio)",
        measure: Measure::Ratio {
            num: idx::EXIT_DISABLED,
            den: idx::EXIT_NON_DISABLED,
            from: 2013,
            to: 2016,
        },
        published: 2.5,
        tolerance: 0.5,
        role: Role::Fitted,
        source: "Improving Lives (2017): twice as likely; Rigg (2005): three times",
    });
    // Long-term sickness absence (4 weeks or more). The model starts with nobody absent, so
    // the means are taken from 2014.
    v.push(Target {
        name: "long-term sickness absences begun a month",
        measure: Measure::MetricMean {
            metric: idx::LTSA_STARTS,
            from: 2014,
            to: 2016,
        },
        published: 80_000.0,
        tolerance: 12_000.0,
        role: Role::Fitted,
        source: "DWP analysis of the LFS, Oct 2010-Sep 2013: about 960,000 spells a year \
                 (Employee Benefits and HR Review, Feb 2014)",
    });
    v.push(Target {
        name: "people leaving work after a long-term sickness absence a month",
        measure: Measure::MetricMean {
            metric: idx::LTSA_EXITS,
            from: 2014,
            to: 2018,
        },
        published: 8_333.0,
        tolerance: 2_500.0,
        role: Role::Fitted,
        source: "DWP, Health in the workplace (Jul 2019): over 100,000 a year",
    });
    v.push(Target {
        name: "long-term sickness absences begun by people with a long-term condition (%)",
        measure: Measure::MetricMean {
            metric: idx::LTSA_STARTS_CONDITION,
            from: 2014,
            to: 2016,
        },
        published: 62.0,
        tolerance: 10.0,
        role: Role::Check,
        source: "DWP analysis of the LFS, Oct 2010-Sep 2013 (Employee Benefits, Feb 2014): 62% \
                 of absentees had a long-term condition",
    });
    v.push(Target {
        name: "people leaving work onto a health-related benefit a month",
        measure: Measure::MetricMean {
            metric: idx::WORK_TO_HEALTH_BENEFIT,
            from: 2014,
            to: 2016,
        },
        published: 25_000.0,
        tolerance: 7_500.0,
        role: Role::Check,
        source: "Black & Frost (2011), Health at work (gov.uk press release launching the review): \
                 over 300,000 a year fall out of work onto health-related benefits",
    });
    v.push(Target {
        name: "leaving work from a long-term sickness absence, disabled over non-disabled (ratio)",
        measure: Measure::Ratio {
            num: idx::LTSA_EXIT_RATE_DISABLED,
            den: idx::LTSA_EXIT_RATE_NON_DISABLED,
            from: 2014,
            to: 2018,
        },
        published: 10.0,
        tolerance: 5.0,
        role: Role::Check,
        source: "Health is everyone's business consultation (2019), as summarised by fsp-law.com \
                 (secondary): about ten times as likely",
    });
    benefit_targets(&mut v);
    v
}

/// The benefit system's figures (`../shared/CALIBRATION-UC.md`): four fitted, one to each
/// mechanism's free parameter (`scenario::UniversalCreditConfig`, `EarningsConfig`), and the
/// rest checks. Caseloads are people (GB, or E&W for PIP's series, all ages) against the
/// model's UK 16–64: the tolerances are 15%, wide enough for that difference of coverage (the
/// UK is about 3% more than GB, and PIP carries people past 65 who claimed before it) but not
/// for a wrong mechanism.
fn benefit_targets(v: &mut Vec<Target>) {
    use crate::metrics::idx;
    let at = |metric, year, month| Measure::Metric {
        metric,
        year,
        month,
    };
    let fitted: [(&'static str, Measure, f64, f64, &'static str); 7] = [
        (
            "claimant count (people)",
            at(idx::CLAIMANT_COUNT, 2020, 3),
            1_240_000.0,
            124_000.0,
            "ONS claimant count, March 2020 (Guardian/IAB, rightsnet): fits benefits.universal_credit.jobseeker_take_up",
        ),
        (
            "claimant count (people)",
            at(idx::CLAIMANT_COUNT, 2020, 5),
            2_800_000.0,
            280_000.0,
            "ONS claimant count, May 2020 (+126% on March: Guardian/IAB, Indeed Hiring Lab): fits benefits.universal_credit.hours_collapse",
        ),
        (
            "UC health element (LCWRA) share of the assessed UC health caseload",
            Measure::Ratio {
                num: idx::UC_NO_WORK_REQUIREMENTS,
                den: idx::UC_HEALTH,
                from: 2023,
                to: 2023,
            },
            0.79,
            0.05,
            "DWP, UC WCA statistics to September 2023: LCWRA 1.3m, LCW 340k (derived 79%): fits benefits.universal_credit.lcwra_cut",
        ),
        (
            "JSA claimants",
            at(idx::JSA_CLAIMANTS, 2022, 8),
            89_000.0,
            13_350.0,
            "DWP benefits statistics, August 2022 (almost all new-style by then): fits benefits.universal_credit.new_style_jsa_take_up",
        ),
        (
            "disability pay gap, hourly pay (%; model: geometric means)",
            at(idx::PAY_GAP, 2023, 4),
            12.7,
            1.5,
            "ONS, Disability pay gaps in the UK: 2014 to 2023: fits earnings.severity_pay_penalty",
        ),
        (
            "PIP new claims decided with an award (share)",
            Measure::Ratio {
                num: idx::PIP_NEW_CLAIM_AWARDS,
                den: idx::PIP_NEW_CLAIMS,
                from: 2020,
                to: 2024,
            },
            0.43,
            0.03,
            "DWP PIP statistics to April 2025, normal-rules new claims over five years (polimapper, secondary): fits benefits.pip.claim_severity",
        ),
        (
            "PIP award reviews keeping or raising the award (share)",
            Measure::Ratio {
                num: idx::PIP_REVIEWS_KEPT,
                den: idx::PIP_REVIEWS,
                from: 2020,
                to: 2024,
            },
            0.76,
            0.03,
            "DWP PIP statistics to April 2025, planned award reviews over five years (polimapper, secondary): fits benefits.pip.assessment_persistence",
        ),
    ];
    for (name, measure, published, tolerance, source) in fitted {
        v.push(Target {
            name,
            measure,
            published,
            tolerance,
            role: Role::Fitted,
            source,
        });
    }
    let checks: [(&'static str, usize, i32, u32, f64, &'static str); 31] = [
        (
            "claimant count (people)",
            idx::CLAIMANT_COUNT,
            2013,
            6,
            1_480_000.0,
            "JSA claimants 18+, Commons Library RP13-46",
        ),
        (
            "claimant count (people)",
            idx::CLAIMANT_COUNT,
            2014,
            1,
            1_220_000.0,
            "JSA claimants 18+, Commons Library RP14-9",
        ),
        (
            "claimant count (people)",
            idx::CLAIMANT_COUNT,
            2021,
            2,
            2_870_000.0,
            "DWP Alternative Claimant Count, February 2021: a UC-consistent estimate, not the ONS count the metric is (2.69m and 2.8m in May 2020)",
        ),
        (
            "claimant count (people)",
            idx::CLAIMANT_COUNT,
            2021,
            11,
            1_960_000.0,
            "DWP Alternative Claimant Count, November 2021: a UC-consistent estimate, not the ONS count the metric is (2.69m and 2.8m in May 2020)",
        ),
        (
            "claimant count (people)",
            idx::CLAIMANT_COUNT,
            2023,
            5,
            1_540_000.0,
            "ONS claimant count, May 2023 (Commons Library CBP-8748)",
        ),
        (
            "claimant count (people)",
            idx::CLAIMANT_COUNT,
            2024,
            8,
            1_790_000.0,
            "ONS claimant count, August 2024 (movementtowork)",
        ),
        (
            "claimant count (people)",
            idx::CLAIMANT_COUNT,
            2025,
            6,
            1_743_000.0,
            "ONS claimant count, June 2025 (retaileconomics, secondary)",
        ),
        (
            "people on Universal Credit",
            idx::UC_CLAIMANTS,
            2016,
            1,
            197_043.0,
            "DWP UC statistics via benefitsandwork (secondary)",
        ),
        (
            "people on Universal Credit",
            idx::UC_CLAIMANTS,
            2019,
            4,
            1_900_000.0,
            "DWP UC statistics to 9 January 2020",
        ),
        (
            "people on Universal Credit",
            idx::UC_CLAIMANTS,
            2020,
            1,
            2_800_000.0,
            "DWP UC statistics to 9 January 2020",
        ),
        (
            "people on Universal Credit",
            idx::UC_CLAIMANTS,
            2021,
            1,
            6_000_000.0,
            "DWP via PoliticsHome (secondary)",
        ),
        (
            "people on Universal Credit",
            idx::UC_CLAIMANTS,
            2022,
            1,
            5_600_000.0,
            "DWP UC statistics to 13 January 2022",
        ),
        (
            "people on Universal Credit",
            idx::UC_CLAIMANTS,
            2024,
            10,
            7_200_000.0,
            "DWP UC statistics to 10 October 2024",
        ),
        (
            "people on Universal Credit",
            idx::UC_CLAIMANTS,
            2025,
            10,
            8_300_000.0,
            "DWP, November 2025 (brumdaily, secondary)",
        ),
        (
            "UC health caseload (LCW and LCWRA, with those awaiting a WCA)",
            idx::UC_HEALTH,
            2023,
            9,
            1_800_000.0,
            "DWP UC WCA statistics to September 2023",
        ),
        (
            "UC health caseload (LCW and LCWRA, with those awaiting a WCA)",
            idx::UC_HEALTH,
            2024,
            12,
            2_500_000.0,
            "The Independent, 13 March 2025 (reporting DWP)",
        ),
        (
            "ESA and incapacity benefit claimants",
            idx::HEALTH_BENEFIT_CASELOAD,
            2013,
            8,
            2_440_000.0,
            "DWP statistical summaries, August 2013",
        ),
        (
            "ESA claimants",
            idx::ESA_CLAIMANTS,
            2019,
            2,
            2_073_000.0,
            "DWP benefits statistical summary, August 2019",
        ),
        (
            "ESA claimants",
            idx::ESA_CLAIMANTS,
            2022,
            8,
            1_673_000.0,
            "DWP benefits statistics, February 2023",
        ),
        (
            "ESA claimants",
            idx::ESA_CLAIMANTS,
            2024,
            8,
            1_494_000.0,
            "DWP benefits statistics, February 2025",
        ),
        (
            "incapacity benefits: ESA and UC health",
            idx::HEALTH_BENEFIT_CASELOAD,
            2019,
            10,
            2_600_000.0,
            "DWP, Decomposition of growth (29 January 2025): FY2019/20",
        ),
        (
            "incapacity benefits: ESA and UC health",
            idx::HEALTH_BENEFIT_CASELOAD,
            2023,
            10,
            3_300_000.0,
            "DWP, Decomposition of growth (29 January 2025): FY2023/24",
        ),
        (
            "JSA claimants",
            idx::JSA_CLAIMANTS,
            2015,
            5,
            683_000.0,
            "DWP Quarterly Benefits Summary, May 2016 (derived)",
        ),
        (
            "JSA claimants",
            idx::JSA_CLAIMANTS,
            2019,
            2,
            251_000.0,
            "DWP benefits statistics (Lancashire Insight)",
        ),
        (
            "JSA claimants",
            idx::JSA_CLAIMANTS,
            2023,
            8,
            88_000.0,
            "DWP benefits statistics, August 2023",
        ),
        (
            "JSA claimants",
            idx::JSA_CLAIMANTS,
            2024,
            8,
            94_000.0,
            "DWP benefits statistics, August 2024",
        ),
        (
            "people on PIP",
            idx::PIP_CLAIMANTS,
            2019,
            2,
            2_114_000.0,
            "DWP benefits statistical summary, August 2019 (GB)",
        ),
        (
            "people on PIP",
            idx::PIP_CLAIMANTS,
            2022,
            1,
            2_900_000.0,
            "DWP PIP statistics, January 2022 (GB)",
        ),
        (
            "people on PIP",
            idx::PIP_CLAIMANTS,
            2025,
            1,
            3_660_000.0,
            "DWP PIP statistics, January 2025 (E&W; PA via severuss.online, secondary)",
        ),
        (
            "PIP new claims decided a month",
            idx::PIP_NEW_CLAIMS,
            2023,
            4,
            70_000.0,
            "DWP, PIP statistics to April 2023 (E&W): 210,000 new-claim registrations in the quarter, the most since PIP began (derived, a month)",
        ),
        (
            "PIP new claims decided a month",
            idx::PIP_NEW_CLAIMS,
            2024,
            10,
            76_667.0,
            "DWP, PIP statistics to October 2024 (E&W): 230,000 new-claim registrations and clearances in the quarter (derived, a month)",
        ),
    ];
    for (name, metric, year, month, published, source) in checks {
        v.push(Target {
            name,
            measure: at(metric, year, month),
            published,
            tolerance: 0.15 * published,
            role: Role::Check,
            source,
        });
    }
    for (year, month, published) in [(2014, 4, 11.7), (2019, 4, 14.1), (2021, 4, 13.8)] {
        v.push(Target {
            name: "disability pay gap, hourly pay (%; model: geometric means)",
            measure: at(idx::PAY_GAP, year, month),
            published,
            tolerance: 1.5,
            role: Role::Check,
            source: "ONS, Disability pay gaps in the UK: 2014 to 2023",
        });
    }
}

/// A target's value in a run: the band across replications; `None` if the run does not cover
/// it (a date outside the run, a programme it lacks).
pub fn evaluate(
    model: &crate::engine::Model,
    reps: &[crate::engine::ReplicationResult],
    target: &Target,
) -> Option<crate::batch::Band> {
    use crate::metrics::metrics;
    let s = &model.scenario;
    let scale = s.population.scale;
    let months_of = |from: i32, to: i32| -> Vec<usize> {
        (0..s.months as usize)
            .filter(|&t| (from..=to).contains(&s.date(t as i32).year()))
            .collect()
    };
    let per_rep: Vec<f64> = match target.measure {
        Measure::Metric {
            metric,
            year,
            month,
        } => {
            let t = crate::calendar::YearMonth::new(year, month)?.months_since(s.start);
            if t < 0 || t >= s.months as i32 {
                return None;
            }
            reps.iter()
                .map(|r| metrics(&r.months[t as usize], scale)[metric])
                .collect()
        }
        Measure::MetricMean { metric, from, to } => {
            let ts = months_of(from, to);
            if ts.is_empty() {
                return None;
            }
            reps.iter()
                .map(|r| {
                    ts.iter()
                        .map(|&t| metrics(&r.months[t], scale)[metric])
                        .sum::<f64>()
                        / ts.len() as f64
                })
                .collect()
        }
        Measure::Ratio { num, den, from, to } => {
            let ts = months_of(from, to);
            if ts.is_empty() {
                return None;
            }
            reps.iter()
                .map(|r| {
                    let mean = |k| {
                        ts.iter()
                            .map(|&t| metrics(&r.months[t], scale)[k])
                            .sum::<f64>()
                            / ts.len() as f64
                    };
                    let d = mean(den);
                    if d > 0.0 { mean(num) / d } else { 0.0 }
                })
                .collect()
        }
        Measure::JobOutcomeRate { programme, group } => {
            let pi = model.programmes.iter().position(|p| p.name == programme)?;
            let gi = match group {
                Some(g) => Some(
                    s.programmes[pi]
                        .payment_groups
                        .iter()
                        .position(|x| x.name == g)?,
                ),
                None => None,
            };
            reps.iter()
                .map(|r| {
                    let spells: Vec<_> = r
                        .participations
                        .iter()
                        .filter(|p| {
                            p.programme as usize == pi && gi.is_none_or(|g| p.group as usize == g)
                        })
                        .collect();
                    let hits = spells.iter().filter(|p| p.job_outcome).count();
                    100.0 * hits as f64 / spells.len().max(1) as f64
                })
                .collect()
        }
    };
    Some(crate::batch::Band::of(&per_rep))
}
