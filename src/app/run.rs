//! `gapsim run`: one scenario, paired or not, with uncertain inputs and their tornado; the
//! run's files and plots.

use super::*;

/// Default output folder: `output/<scenario file stem>`.
pub fn default_out(scenario: &Path) -> PathBuf {
    let stem = scenario
        .file_stem()
        .map_or("run".into(), |s| s.to_string_lossy().into_owned());
    PathBuf::from("output").join(stem)
}

/// `gapsim run`: everything checked before any work starts; outputs appear all at once.
pub fn run(cfg: &RunConfig, progress: &dyn Progress) -> Result<RunSummary, AppError> {
    parse_guard(&cfg.scenario, cfg.max_memory)?;
    if let Some(against) = &cfg.against {
        parse_guard(against, cfg.max_memory)?;
    }
    let (resolved, models) = load_models(&cfg.scenario, &cfg.overrides)?;
    let baseline_path = cfg.against.clone().or(resolved.baseline.clone());
    let (baseline_resolved, baseline) = match baseline_path.as_deref() {
        Some(p) => {
            let (r, m) = load_baseline(p, &cfg.overrides)?;
            (Some((r, p.to_path_buf())), Some(m))
        }
        None => (None, None),
    };
    let base_for_tornado = baseline_resolved.as_ref().map(|(r, p)| TornadoBaseline {
        resolved: r,
        overrides: cfg.overrides.for_baseline(),
        path: p,
    });
    let out = cfg
        .out
        .clone()
        .unwrap_or_else(|| default_out(&cfg.scenario));
    let pool = thread_pool(cfg.threads)?;
    let (models, baseline) = prepare_pair(models, baseline)?;
    // With uncertain inputs the tornado runs every replication once at the centre and twice
    // per input (its 5th and 95th percentiles) as well, paired with the baseline if there is
    // one: their time counts too.
    let tornado_runs = if resolved.uncertain.is_empty() {
        0
    } else {
        1 + 2 * resolved.uncertain.len()
    };
    let mut runs = vec![(&models.central, baseline.as_ref().map(|b| &b.central))];
    runs.extend(std::iter::repeat_n(
        (&models.central, baseline.as_ref().map(|b| &b.central)),
        tornado_runs,
    ));
    guard(&runs, &pool, &out, cfg.max_memory, progress)?;
    if let Some(shard) = cfg.shard {
        let uncertain = (!resolved.uncertain.is_empty()).then_some(shard::Uncertainty {
            resolved: &resolved,
            overrides: &cfg.overrides,
            path: &cfg.scenario,
            baseline: base_for_tornado.as_ref(),
        });
        return shard::run_shard(
            &models,
            baseline.as_ref(),
            shard,
            uncertain,
            &recorded(cfg, &resolved),
            &out,
            cfg.force,
            &pool,
            progress,
        );
    }
    let staging = Staging::begin(&out, cfg.force)?;

    let model = &models.central;
    // The tornado, if any, runs the scenario (and the baseline) once centrally and twice per
    // uncertain input.
    let runs = 1 + if resolved.uncertain.is_empty() {
        0
    } else {
        (1 + 2 * resolved.uncertain.len() as u64) * (1 + baseline.is_some() as u64)
    };
    progress.start(runs * model.scenario.replications as u64 * model.scenario.months as u64);
    let results = pool.install(|| simulate(&models, baseline.as_ref(), &|| progress.tick()));
    let results = results?;

    let base = baseline.as_ref().map(|b| &b.central);
    let given = recorded(cfg, &resolved);
    let halving = write_run(&staging, model, base, &results, &given)?;
    if !resolved.uncertain.is_empty() {
        let all: Vec<u32> = (0..models.replications()).collect();
        let gaps = pool.install(|| {
            tornado_gaps(
                &resolved,
                &cfg.overrides,
                &cfg.scenario,
                base_for_tornado.as_ref(),
                &all,
                progress,
            )
        })?;
        write_uncertain(
            &staging,
            model,
            &export::parameters_csv(&resolved.uncertain, &models),
            &swings(&resolved.uncertain, &gaps),
        )?;
    }
    progress.finish();
    // The flags as recorded (those that change the scenario), so a merge says the same.
    let mut notes = warnings(&models.central.scenario, &Overrides::for_notes(&given));
    notes.extend(result_warnings(model, &results.reps));
    if let (Some(b), Some(pairs)) = (&baseline, &results.pairs) {
        notes.extend(baseline_warnings(&b.central, pairs));
        if world_differences(&b.central.scenario, &model.scenario).is_empty() {
            let own = match (&cfg.against, &resolved.baseline) {
                (Some(_), Some(own)) => format!(
                    " (--against replaced the scenario's own baseline, {})",
                    own.display()
                ),
                _ => String::new(),
            };
            notes.push(format!(
                "warning: the scenario and its baseline `{}` are the same world (they differ in name \
                 only), so every effect is zero{own}",
                b.central.scenario.name.escape_debug()
            ));
        }
    }
    let impact = match (&baseline, &results.pairs) {
        (Some(b), Some(pairs)) => Some(crate::output::impact::describe(model, &b.central, pairs)),
        _ => None,
    };
    let halving = halving.map(|h| h.describe());
    report::run_page(
        &staging,
        report::RunPage {
            kind: if base.is_some() { "Paired run" } else { "Run" },
            model,
            baseline: base,
            given: &given,
            warnings: &notes,
            answer: impact.iter().chain(&halving).cloned().collect(),
            lead_tables: Vec::new(),
            command: None,
        },
    )?;
    let out = commit(staging, cfg.force)?;
    Ok(RunSummary {
        impact,
        warnings: notes,
        out,
        scenario: models.central.scenario,
        baseline: baseline.map(|b| b.central.scenario.name),
        halving,
    })
}

/// What the run's manifest records of how it was asked for: the record `gapsim rerun` read,
/// else this command line's.
fn recorded(cfg: &RunConfig, resolved: &Resolved) -> export::CommandLine {
    cfg.recorded
        .clone()
        .unwrap_or_else(|| cfg.overrides.recorded_for(resolved))
}

/// The files of a finished run (or of merged shards): the standard outputs, the net impact if
/// paired, and `halving.csv`. Returns when the gap is halved.
pub(super) fn write_run(
    staging: &Staging,
    model: &Model,
    base: Option<&Model>,
    results: &Results,
    given: &export::CommandLine,
) -> Result<Option<goal::Halving>, AppError> {
    write_outputs(staging, model, &results.reps, base, given)?;
    if let (Some(b), Some(pairs)) = (base, &results.pairs) {
        write_impact(staging, model, b, pairs)?;
    }
    let halving = goal::halving(model, &results.reps, goal::default_base_year(model));
    staging.write(
        "halving.csv",
        &export::halving_csv(halving.as_ref(), &goal::horizon_gap(model, &results.reps)),
    )?;
    Ok(halving)
}

/// The baseline of a paired run, for its side of the tornado.
pub(super) struct TornadoBaseline<'a> {
    pub resolved: &'a Resolved,
    /// The run's overrides as they apply to the baseline ([`Overrides::for_baseline`]).
    pub overrides: Overrides,
    pub path: &'a Path,
}

/// The tornado's runs over replications `which`: the horizon gap of each of them (in that
/// order), first with every uncertain input central, then with each input in turn at its 5th
/// and at its 95th percentile: 1 + 2 × inputs batches. With a baseline, as many again follow:
/// the baseline's, each with the same values of the inputs it shares (an input of the
/// scenario alone, a `--policy`, leaves it central) on the same seeds, so that [`swings`] can
/// take the effect replication by replication.
pub(super) fn tornado_gaps(
    resolved: &Resolved,
    o: &Overrides,
    path: &Path,
    baseline: Option<&TornadoBaseline>,
    which: &[u32],
    progress: &dyn Progress,
) -> Result<Vec<Vec<f64>>, AppError> {
    let central: Vec<f64> = resolved
        .uncertain
        .iter()
        .map(|u| u.dist.central())
        .collect();
    let gaps_with = |r: &Resolved, values: &[f64], o: &Overrides, path: &Path| {
        let m = model_with(r, values, o)
            .map_err(|e| AppError::BadArgument(format!("{}: {e}", path.display())))?;
        let reps = batch::run_each(which, &|_| &m, &crate::interrupt::token(), &|| {
            progress.tick()
        })?;
        Ok::<_, AppError>(goal::horizon_gaps(&m, &reps))
    };
    let mut settings = vec![central.clone()];
    for (i, u) in resolved.uncertain.iter().enumerate() {
        for q in [0.05, 0.95] {
            let mut v = central.clone();
            v[i] = u.dist.quantile(q);
            settings.push(v);
        }
    }
    let mut gaps = Vec::with_capacity(settings.len() * 2);
    for v in &settings {
        gaps.push(gaps_with(resolved, v, o, path)?);
    }
    if let Some(b) = baseline {
        for v in &settings {
            let shared: Vec<f64> = b
                .resolved
                .uncertain
                .iter()
                .map(|ub| {
                    resolved
                        .uncertain
                        .iter()
                        .position(|u| u.key == ub.key)
                        .map_or(ub.dist.central(), |i| v[i])
                })
                .collect();
            gaps.push(gaps_with(b.resolved, &shared, &b.overrides, b.path)?);
        }
    }
    Ok(gaps)
}

/// The tornado from [`tornado_gaps`] over every replication: the inputs ranked by how far
/// they move the mean gap at the horizon or, in a paired run (twice the runs), the mean
/// effect on it (scenario minus baseline, replication by replication).
pub(super) fn swings(uncertain: &[scenario::Uncertain], gaps: &[Vec<f64>]) -> Vec<Swing> {
    let mean = |g: &[f64]| batch::Band::of(g).mean;
    let runs = 1 + 2 * uncertain.len();
    let paired = gaps.len() == 2 * runs;
    let effect = |k: usize| {
        let d: Vec<f64> = gaps[k]
            .iter()
            .zip(&gaps[runs + k])
            .map(|(s, b)| s - b)
            .collect();
        mean(&d)
    };
    let mut swings: Vec<Swing> = uncertain
        .iter()
        .enumerate()
        .map(|(i, u)| Swing {
            key: u.key.clone(),
            dist: u.dist,
            low: u.dist.quantile(0.05),
            high: u.dist.quantile(0.95),
            gap_central: mean(&gaps[0]),
            gap_at_low: mean(&gaps[1 + 2 * i]),
            gap_at_high: mean(&gaps[2 + 2 * i]),
            effect: paired.then(|| [effect(0), effect(1 + 2 * i), effect(2 + 2 * i)]),
        })
        .collect();
    swings.sort_by(|a, b| {
        b.ranked_size()
            .total_cmp(&a.ranked_size())
            .then_with(|| a.key.cmp(&b.key))
    });
    swings
}

/// Writes `parameters.csv` and the tornado (`tornado.csv`, its plot) of a run with uncertain
/// inputs.
pub(super) fn write_uncertain(
    staging: &Staging,
    model: &Model,
    parameters_csv: &[u8],
    swings: &[Swing],
) -> Result<(), AppError> {
    staging.write("parameters.csv", parameters_csv)?;
    staging.write("tornado.csv", &export::tornado_csv(swings))?;
    put(
        staging,
        plot::tornado_chart("tornado", &tornado_plot(model, swings)),
    )
}

/// The tornado's plot: of the gap, or in a paired run of the effect on it.
fn tornado_plot(model: &Model, swings: &[Swing]) -> plot::Tornado {
    let paired = swings.first().is_some_and(|s| s.effect.is_some());
    let (what, axis) = if paired {
        (
            "What moves the effect on the gap",
            "change in the gap over the last 12 months, scenario − baseline (pp)",
        )
    } else {
        (
            "What moves the gap",
            "gap over the last 12 months (pp), input at its 5th / 95th percentile",
        )
    };
    plot::Tornado {
        title: format!(
            "{what} over the 12 months to {}: {}",
            model.scenario.end(),
            model.scenario.name
        ),
        x_label: axis.into(),
        centre: swings
            .first()
            .map_or(0.0, |s| s.effect.map_or(s.gap_central, |e| e[0])),
        bars: swings
            .iter()
            .map(|s| match s.effect {
                Some([_, low, high]) => (s.key.clone(), low, high),
                None => (s.key.clone(), s.gap_at_low, s.gap_at_high),
            })
            .collect(),
    }
}

/// The net-impact files of a paired run, by name.
pub fn impact_files(
    model: &Model,
    baseline: &Model,
    pairs: &[PairedReplication],
) -> Vec<(&'static str, Vec<u8>)> {
    let differs = crate::counterfactual::differing_programmes(model, baseline);
    let heads: Vec<impact::Headline> = pairs
        .iter()
        .map(|p| impact::headline(model, &differs, p))
        .collect();
    let base_reps: Vec<ReplicationResult> = pairs.iter().map(|p| p.baseline.clone()).collect();
    vec![
        ("impact.csv", impact::monthly_csv(model, pairs)),
        ("impact_summary.csv", impact::summary_csv(&heads)),
        (
            "impact_breakdown.csv",
            impact::breakdown_csv(model, baseline, &differs, pairs),
        ),
        (
            "baseline_summary.csv",
            export::summary_csv(baseline, &base_reps),
        ),
        (
            "impact_decomposition.csv",
            export::impact_decomposition_csv(model, pairs),
        ),
        (
            "trial.csv",
            crate::output::trial::paired_trial_csv(&crate::output::trial::paired_trial_rows(
                model, pairs,
            )),
        ),
    ]
}

/// A vertical marker on a time chart at each provider's first contract hand-back in any
/// replication, labelled with the provider and in how many replications it happened.
pub(super) fn hand_back_markers<R: Borrow<ReplicationResult>>(
    model: &Model,
    reps: &[R],
) -> Vec<(f64, String)> {
    let reps: Vec<&ReplicationResult> = reps.iter().map(Borrow::borrow).collect();
    let mut out = Vec::new();
    for (pi, prog) in model.programmes.iter().enumerate() {
        for (vi, name) in prog.provider_names.iter().enumerate() {
            let months: Vec<i32> = reps
                .iter()
                .filter_map(|r| r.providers.get(pi)?.get(vi)?.handed_back)
                .collect();
            if let Some(&first) = months.iter().min() {
                out.push((
                    model.scenario.date(first).decimal_year(),
                    format!(
                        "{name} hands back its contract ({})",
                        crate::output::share_of(months.len(), reps.len(), "replication")
                    ),
                ));
            }
        }
    }
    out
}

/// The net-impact files and plot of a paired run.
fn write_impact(
    staging: &Staging,
    model: &Model,
    baseline: &Model,
    pairs: &[PairedReplication],
) -> Result<(), AppError> {
    for (name, bytes) in impact_files(model, baseline, pairs) {
        check_interrupt()?;
        staging.write(name, &bytes)?;
    }
    let change = impact::monthly_series(model, pairs, impact::GAP_CHANGE);
    let chart = plot::time_chart(
        "impact_gap",
        &TimeChart {
            markers: hand_back_markers(
                model,
                &pairs.iter().map(|p| &p.scenario).collect::<Vec<_>>(),
            ),
            ..TimeChart::difference(
                format!(
                    "Change in the gap: {} against {}",
                    model.scenario.name, baseline.scenario.name
                ),
                "gap, scenario minus baseline (pp)",
                vec![BandSeries {
                    label: "net change in the gap".into(),
                    color: plot::color(2),
                    points: &change,
                    published: vec![],
                }],
            )
        },
    );
    put(staging, chart)?;
    impact_caseloads(staging, model, baseline, pairs)?;
    trial_plot(staging, model, pairs)
}

/// `impact_caseloads.png`: the benefit caseloads of `caseloads.png`, scenario minus baseline
/// each month, in thousands, with bands: what a benefit reform does to who claims what.
fn impact_caseloads(
    staging: &Staging,
    model: &Model,
    baseline: &Model,
    pairs: &[PairedReplication],
) -> Result<(), AppError> {
    let series: Vec<Vec<(f64, crate::batch::Band)>> = CASELOAD_LINES
        .iter()
        .map(|&(m, _)| {
            impact::metric_difference_series(model, pairs, m)
                .into_iter()
                .map(|(x, b)| (x, b.divided_by(1e3)))
                .collect()
        })
        .collect();
    put(
        staging,
        plot::time_chart(
            "impact_caseloads",
            &TimeChart::difference(
                format!(
                    "Change in benefit caseloads: {} against {}",
                    model.scenario.name, baseline.scenario.name
                ),
                "people, scenario minus baseline (thousands)",
                series
                    .iter()
                    .zip(CASELOAD_LINES)
                    .enumerate()
                    .map(|(i, (points, (_, label)))| BandSeries {
                        label: label.into(),
                        color: plot::color(i),
                        points,
                        published: vec![],
                    })
                    .collect(),
            ),
        ),
    )
}

/// The caseloads of `caseloads.png` and `impact_caseloads.png`: metric and label.
const CASELOAD_LINES: [(usize, &str); 5] = [
    (idx::CLAIMANT_COUNT, "claimant count (JSA and UC searching)"),
    (idx::UC_CLAIMANTS, "people on Universal Credit"),
    (idx::UC_HEALTH, "UC health (LCW and LCWRA)"),
    (idx::ESA_CLAIMANTS, "ESA"),
    (idx::PIP_CLAIMANTS, "PIP"),
];

/// A paired run's trial figure: each differing programme's participants in work by months
/// since referral, in the scenario world and in the baseline world (all groups and years).
fn trial_plot(
    staging: &Staging,
    model: &Model,
    pairs: &[PairedReplication],
) -> Result<(), AppError> {
    let rows = crate::output::trial::paired_trial_rows(model, pairs);
    type Curve = Vec<(f64, crate::batch::Band)>;
    let curves: Vec<(String, Curve, Curve)> = rows
        .iter()
        .filter(|r| r.group == "all" && r.cohort == "all" && r.measure == "employed")
        .fold(Vec::new(), |mut acc, r| {
            if acc.last().is_none_or(|(name, ..)| *name != r.programme) {
                acc.push((r.programme.clone(), Vec::new(), Vec::new()));
            }
            let (_, s, b) = acc.last_mut().expect("pushed");
            let k = r.months_after_referral.unwrap_or(0) as f64;
            // The band of each world's level is not kept; the difference's band is the
            // one that matters, and is in trial.csv.
            let flat = |v: f64| crate::batch::Band {
                mean: v,
                p05: v,
                p95: v,
            };
            s.push((k, flat(r.scenario)));
            b.push((k, flat(r.baseline)));
            acc
        });
    if curves.is_empty() {
        return Ok(());
    }
    let series: Vec<BandSeries> = curves
        .iter()
        .take(4)
        .enumerate()
        .flat_map(|(i, (name, s, b))| {
            [
                BandSeries {
                    label: format!("{name}: participants"),
                    color: plot::color(2 * i),
                    points: s,
                    published: vec![],
                },
                BandSeries {
                    label: format!("{name}: the same people in the baseline"),
                    color: plot::color(2 * i + 1),
                    points: b,
                    published: vec![],
                },
            ]
        })
        .collect();
    let chart = plot::time_chart(
        "trial_employment",
        &TimeChart {
            title: "Participants in work by months since referral, with and without the programme"
                .into(),
            x_label: "months since referral".into(),
            x_format: plot::XFormat::Number,
            y_label: "in work (%), mean across replications".into(),
            series,
            band: "mean",
            references: vec![],
            markers: vec![],
            published: vec![],
            published_label: String::new(),
        },
    );
    put(staging, chart)
}

/// The two panels of a parking plot (by assessed distance, by true distance), one line per
/// `(name, its curves)`.
pub(super) fn parking_panels(
    lines: &[(String, &export::ParkingCurves)],
) -> Vec<plot::CategoryPanel> {
    use export::DistanceKind;
    DistanceKind::BOTH
        .iter()
        .enumerate()
        .map(|(k, &by)| plot::CategoryPanel {
            x_label: match by {
                DistanceKind::Assessed => "decile of assessed distance (what the provider sees)",
                DistanceKind::True => "decile of true distance from work",
            }
            .into(),
            lines: lines
                .iter()
                .map(|(name, curves)| (name.clone(), curves[k].iter().map(|d| d.hours).collect()))
                .collect(),
        })
        .collect()
}

/// Writes a drawn chart's files.
/// `caseloads.png`: the benefit caseloads each month with their bands (the claimant count,
/// UC, UC health, ESA with legacy incapacity benefit, PIP), with the published figures of
/// `calibration::targets` as dots in each line's colour where the world is the UK's size.
fn caseloads(staging: &Staging, model: &Model, reps: &[ReplicationResult]) -> Result<(), AppError> {
    let s = &model.scenario;
    // In millions, so that the axis reads as the published series do.
    let series: Vec<Vec<(f64, crate::batch::Band)>> = CASELOAD_LINES
        .iter()
        .map(|&(m, _)| {
            export::metric_series(model, reps, m)
                .into_iter()
                .map(|(x, b)| (x, b.divided_by(1e6)))
                .collect()
        })
        .collect();
    let targets = crate::calibration::targets();
    // Published counts are a yardstick only for a world of the UK's size.
    let published = |metric: usize| -> Vec<(f64, f64)> {
        if !s.stands_for_uk() {
            return vec![];
        }
        targets
            .iter()
            .filter_map(|t| match t.measure {
                crate::calibration::Measure::Metric {
                    metric: m,
                    year,
                    month,
                } if m == metric => {
                    let at = crate::calendar::YearMonth::new(year, month)?;
                    Some((at.decimal_year(), t.published / 1e6))
                }
                _ => None,
            })
            .collect()
    };
    put(
        staging,
        plot::time_chart(
            "caseloads",
            &TimeChart {
                x_label: "year".into(),
                x_format: plot::XFormat::Year,
                title: format!("Benefit caseloads — {}", s.name),
                y_label: "people (millions)".into(),
                series: series
                    .iter()
                    .zip(CASELOAD_LINES)
                    .enumerate()
                    .map(|(i, (points, (metric, label)))| BandSeries {
                        label: label.into(),
                        color: plot::color(i),
                        points,
                        published: published(metric),
                    })
                    .collect(),
                band: "mean, 5–95% band",
                references: vec![],
                markers: vec![],
                published: vec![],
                published_label: "published (DWP, ONS: dots in the line's colour)".into(),
            },
        ),
    )
}

pub(super) fn put(
    staging: &Staging,
    drawn: Result<plot::Rendered, String>,
) -> Result<(), AppError> {
    let files = drawn.map_err(|e| AppError::Other(anyhow::anyhow!("cannot draw plots: {e}")))?;
    for (name, bytes) in files {
        check_interrupt()?;
        staging.write(&name, &bytes)?;
    }
    Ok(())
}

/// The standard files of a run, by name (the plots are drawn separately); the manifest
/// records the command-line settings `given`; `parking` is
/// [`export::programme_parking_curves`] (computed once, for the plot too).
pub fn output_files(
    model: &Model,
    reps: &[ReplicationResult],
    baseline: Option<&Model>,
    given: &export::CommandLine,
    parking: &[export::ParkingCurves],
) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("summary.csv", export::summary_csv(model, reps)),
        ("trajectories.csv", export::trajectories_csv(model, reps)),
        ("metrics_long.csv", export::metrics_long_csv(model, reps)),
        ("programmes.csv", export::programmes_csv(model, reps)),
        ("providers.csv", export::providers_csv(model, reps)),
        ("events.csv", export::events_csv(model, reps)),
        ("areas.csv", export::areas_csv(model, reps)),
        ("groups.csv", export::groups_csv(model, reps)),
        ("decomposition.csv", export::decomposition_csv(model, reps)),
        ("spending.csv", export::spending_csv(model, reps)),
        ("parking.csv", export::parking_csv(model, parking)),
        (
            "manifest.json",
            export::manifest_json(model, baseline, given),
        ),
    ]
}

pub(super) fn write_outputs(
    staging: &Staging,
    model: &Model,
    reps: &[ReplicationResult],
    baseline: Option<&Model>,
    given: &export::CommandLine,
) -> Result<(), AppError> {
    // The parking curves sort every spell: once, for the CSV and the plot.
    let parking = export::programme_parking_curves(model, reps);
    for (name, bytes) in output_files(model, reps, baseline, given, &parking) {
        check_interrupt()?;
        staging.write(name, &bytes)?;
    }
    plots(staging, model, reps, &parking)
}

fn plots(
    staging: &Staging,
    model: &Model,
    reps: &[ReplicationResult],
    parking: &[export::ParkingCurves],
) -> Result<(), AppError> {
    let s = &model.scenario;
    let gap = export::metric_series(model, reps, idx::GAP);
    // The goal of halving.csv and the terminal: half the base year's gap, named by its year.
    let goal = crate::goal::halving(model, reps, crate::goal::default_base_year(model));
    put(
        staging,
        plot::time_chart(
            "gap",
            &TimeChart {
                x_label: "year".into(),
                x_format: plot::XFormat::Year,
                title: format!("Disability employment gap — {}", s.name),
                y_label: "gap (percentage points)".into(),
                series: vec![BandSeries {
                    label: "modelled gap".into(),
                    color: plot::color(0),
                    points: &gap,
                    published: vec![],
                }],
                band: "mean, 5–95% band",
                references: goal_line(goal.as_ref()),
                markers: hand_back_markers(model, reps),
                // National survey figures are no yardstick for a local world.
                published: if s.is_national() {
                    plot::published_gap()
                } else {
                    vec![]
                },
                published_label: "published (LFS)".into(),
            },
        ),
    )?;
    let dis = export::metric_series(model, reps, idx::RATE_DISABLED);
    let non = export::metric_series(model, reps, idx::RATE_NON_DISABLED);
    let mut published: Vec<(f64, f64)> = crate::calibration::EMPLOYMENT_GAP
        .iter()
        .flat_map(|p| {
            [
                (p.decimal_year(), p.rate_disabled),
                (p.decimal_year(), p.rate_non_disabled),
            ]
        })
        .collect();
    published.sort_by(|a, b| a.0.total_cmp(&b.0));
    if !s.is_national() {
        published.clear();
    }
    put(
        staging,
        plot::time_chart(
            "employment_rates",
            &TimeChart {
                x_label: "year".into(),
                x_format: plot::XFormat::Year,
                title: format!("Employment rates, ages 16–64 — {}", s.name),
                y_label: "employment rate (%)".into(),
                series: vec![
                    BandSeries {
                        label: "disabled".into(),
                        color: plot::color(1),
                        points: &dis,
                        published: vec![],
                    },
                    BandSeries {
                        label: "non-disabled".into(),
                        color: plot::color(0),
                        points: &non,
                        published: vec![],
                    },
                ],
                band: "mean, 5–95% band",
                references: vec![],
                markers: vec![],
                published,
                published_label: "published (LFS)".into(),
            },
        ),
    )?;
    let status: Vec<Vec<(f64, crate::batch::Band)>> = [
        idx::UNEMPLOYMENT_DISABLED,
        idx::UNEMPLOYMENT_NON_DISABLED,
        idx::INACTIVITY_DISABLED,
        idx::INACTIVITY_NON_DISABLED,
    ]
    .iter()
    .map(|&m| export::metric_series(model, reps, m))
    .collect();
    let checks: Vec<(f64, f64)> = if s.is_national() {
        crate::calibration::targets()
            .iter()
            .filter_map(|t| match t.measure {
                crate::calibration::Measure::Metric {
                    metric,
                    year,
                    month,
                } if (idx::UNEMPLOYMENT_DISABLED..=idx::INACTIVITY_NON_DISABLED)
                    .contains(&metric) =>
                {
                    let at = crate::calendar::YearMonth::new(year, month)?;
                    Some((at.decimal_year(), t.published))
                }
                _ => None,
            })
            .collect()
    } else {
        vec![]
    };
    let names = [
        "unemployment rate, disabled",
        "unemployment rate, non-disabled",
        "inactivity rate, disabled",
        "inactivity rate, non-disabled",
    ];
    put(
        staging,
        plot::time_chart(
            "status_by_disability",
            &TimeChart {
                x_label: "year".into(),
                x_format: plot::XFormat::Year,
                title: format!("Unemployment and inactivity by disability — {}", s.name),
                y_label: "% (unemployment: of the active; inactivity: of all 16–64s)".into(),
                series: status
                    .iter()
                    .zip(names)
                    .enumerate()
                    .map(|(i, (points, label))| BandSeries {
                        label: label.into(),
                        color: plot::color([1, 0, 3, 2][i]),
                        points,
                        published: vec![],
                    })
                    .collect(),
                band: "mean, 5–95% band",
                references: vec![],
                markers: vec![],
                published: checks,
                published_label: "published (LFS; 2019 fitted, 2017 a check)".into(),
            },
        ),
    )?;
    caseloads(staging, model, reps)?;
    // Where each year's change in the gap came from (`decomposition.csv`), the whole run's
    // window (the last, when there are several) left out; a run of one month has none.
    let decomposition = export::decomposition_bands(model, reps);
    let years = match decomposition.len() {
        0 | 1 => &decomposition[..],
        n => &decomposition[..n - 1],
    };
    if !years.is_empty() {
        // A year the run covers only part of is starred.
        let label = |(from, to): (usize, usize)| {
            let (a, b) = (s.date(from as i32), s.date(to as i32));
            let whole = a.month() == 12 && a.year() + 1 == b.year() && b.month() == 12;
            format!("{}{}", b.year(), if whole { "" } else { "*" })
        };
        let names = [
            "moves into work",
            "moves out of work",
            "onset (into the disabled group)",
            "recovery (out of the disabled group)",
            "ageing (leaving at 65, entering at 16)",
            "months with a group empty (no gap measured)",
        ];
        let parts = names
            .iter()
            .enumerate()
            .map(|(k, name)| {
                let means: Vec<f64> = years.iter().map(|(_, b)| b[k + 1].mean).collect();
                (name.to_string(), means)
            })
            // The last part only where it happened.
            .filter(|(name, means)| *name != names[5] || means.iter().any(|m| *m != 0.0))
            .collect();
        let partial = years.iter().any(|(w, _)| label(*w).ends_with('*'));
        put(
            staging,
            plot::stacked_bars(
                "decomposition",
                &plot::StackedBars {
                    title: format!(
                        "Where each year's change in the gap comes from — {}",
                        s.name
                    ),
                    y_label: format!(
                        "change in the gap (pp): above 0 widens it{}",
                        if partial { "; * part of a year" } else { "" }
                    ),
                    categories: years.iter().map(|(w, _)| label(*w)).collect(),
                    parts,
                    net_label: "change in the gap (mean, 5–95% band)".into(),
                    net: years.iter().map(|(_, b)| b[0]).collect(),
                },
            ),
        )?;
    }
    let panels = parking_panels(
        &model
            .programmes
            .iter()
            .zip(parking)
            .map(|(p, c)| (p.name.clone(), c))
            .collect::<Vec<_>>(),
    );
    put(
        staging,
        plot::category_chart(
            "parking_curve",
            &CategoryChart {
                title: format!("Support by distance from work — {}", s.name),
                y_label: "support hours per participant-month".into(),
                panels,
            },
        ),
    )
}
