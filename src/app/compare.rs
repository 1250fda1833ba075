//! `gapsim compare`: several scenarios, each paired with its baseline, in one table and one
//! set of plots.

use super::*;

/// How to compare.
#[derive(Clone, Debug)]
pub struct CompareConfig {
    pub scenarios: Vec<PathBuf>,
    /// One baseline for all; `None`: each scenario's `baseline` key, else the scenario
    /// without its programmes.
    pub baseline: Option<PathBuf>,
    pub out: PathBuf,
    pub force: bool,
    pub threads: Option<usize>,
    pub overrides: Overrides,
    /// As for [`RunConfig::max_memory`].
    pub max_memory: Option<u64>,
}

/// The counterfactual of a scenario that names none: the same world with no programmes.
pub fn without_programmes(s: &Scenario) -> Scenario {
    let mut b = s.clone();
    b.name = format!("{} without programmes", s.name);
    b.programmes.clear();
    b.baseline = None;
    // Dated changes to the programmes go with them; changes to the world stay.
    for c in &mut b.changes {
        c.set
            .retain(|key, _| key.split(['.', '[']).next() != Some("programmes"));
    }
    b.changes.retain(|c| !c.set.is_empty());
    b
}

/// `gapsim compare`: several scenarios, each paired against its baseline, side by side.
/// Returns the output folder and the warnings a reader must see ([`result_warnings`] of
/// every scenario, each line prefixed with its label).
pub fn compare(
    cfg: &CompareConfig,
    progress: &dyn Progress,
) -> Result<(PathBuf, Vec<String>), AppError> {
    use crate::output::comparison::{self, Compared};
    if cfg.scenarios.is_empty() {
        return Err(AppError::BadArgument(
            "compare: expected at least one scenario file".into(),
        ));
    }
    for p in cfg.scenarios.iter().chain(&cfg.baseline) {
        parse_guard(p, cfg.max_memory)?;
    }
    // Everything is loaded and checked before any work starts. Baselines take the `--set`s
    // (the same world) but not the `--policy`s.
    let shared = cfg
        .baseline
        .as_deref()
        .map(|p| load_baseline(p, &cfg.overrides).map(|(_, m)| m))
        .transpose()?;
    let mut models = Vec::new();
    for path in &cfg.scenarios {
        let (r, m) = load_models(path, &cfg.overrides)?;
        let baseline = match (&shared, &r.baseline) {
            (Some(b), _) => b.clone(),
            (None, Some(p)) => load_baseline(p, &cfg.overrides)?.1,
            (None, None) => {
                // The same world without programmes: the scenario without its policies.
                let without_policies;
                let world = if cfg.overrides.policies.is_empty() {
                    &m
                } else {
                    without_policies = load_models(path, &cfg.overrides.for_baseline())?.1;
                    &without_policies
                };
                world.map(without_programmes).map_err(|e| {
                    AppError::BadArgument(format!("{}: {}", path.display(), scenario::describe(&e)))
                })?
            }
        };
        let (m, b) = prepare_pair(m, Some(baseline))?;
        let given = cfg.overrides.recorded_for(&r);
        models.push((path.clone(), m, b.expect("baseline given"), given));
    }
    let pool = thread_pool(cfg.threads)?;
    let runs: Vec<(&Model, Option<&Model>)> = models
        .iter()
        .map(|(_, m, b, _)| (&m.central, Some(&b.central)))
        .collect();
    guard(&runs, &pool, &cfg.out, cfg.max_memory, progress)?;
    let staging = Staging::begin(&cfg.out, cfg.force)?;

    let total: u64 = models
        .iter()
        .map(|(_, m, _, _)| m.replications() as u64 * m.central.scenario.months as u64)
        .sum();
    progress.start(total);
    let mut rows: Vec<Compared> = Vec::new();
    for (path, models, baselines, _) in &models {
        let pairs = pool.install(|| {
            let all: Vec<u32> = (0..models.replications()).collect();
            counterfactual::run_each(
                &all,
                &|r| (models.get(r), baselines.get(r)),
                &crate::interrupt::token(),
                &|| progress.tick(),
            )
        })?;
        let (model, baseline) = (&models.central, &baselines.central);
        let mut label = model.scenario.name.clone();
        if rows.iter().any(|r| r.label == label) {
            label = format!("{label} ({})", path.display());
        }
        let differs = crate::counterfactual::differing_programmes(model, baseline);
        let heads = pairs
            .iter()
            .map(|p| impact::headline(model, &differs, p))
            .collect();
        let gap_change = impact::monthly_series(model, &pairs, impact::GAP_CHANGE);
        let reps: Vec<ReplicationResult> = pairs.into_iter().map(|p| p.scenario).collect();
        rows.push(Compared {
            label,
            file: path.display().to_string(),
            model,
            baseline,
            heads,
            gap_change,
            parking: export::parking_curves(model, &reps, None),
            reps,
        });
    }
    progress.finish();

    let title = format!(
        "Comparison: {}",
        rows.iter()
            .map(|r| r.label.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let files = [
        ("comparison.csv", comparison::comparison_csv(&rows)),
        ("comparison.md", comparison::comparison_md(&rows, &title)),
        ("parking.csv", comparison::parking_csv(&rows)),
        ("areas.csv", comparison::areas_csv(&rows)),
        ("events.csv", comparison::events_csv(&rows)),
        (
            "manifest.json",
            comparison::manifest_json(&rows, &cfg.overrides.recorded()),
        ),
    ];
    for (name, bytes) in files {
        check_interrupt()?;
        staging.write(name, &bytes)?;
    }
    comparison_plots(&staging, &rows)?;
    // What the command line changed (a smaller --people world) applies to every scenario.
    let mut notes = rows
        .first()
        .map(|r| warnings(&r.model.scenario, &cfg.overrides))
        .unwrap_or_default();
    notes.extend(rows.iter().flat_map(|r| {
        result_warnings(r.model, &r.reps)
            .into_iter()
            .map(move |w| format!("{}: {w}", r.label.escape_debug()))
    }));
    let pages: Vec<super::report::Compared> = rows
        .iter()
        .zip(&models)
        .map(|(r, (_, _, _, given))| super::report::Compared {
            label: &r.label,
            model: r.model,
            baseline: r.baseline,
            given,
        })
        .collect();
    let command = format!(
        "gapsim compare {}{}{}",
        cfg.scenarios
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(" "),
        cfg.baseline
            .as_ref()
            .map_or(String::new(), |b| format!(" --baseline {}", b.display())),
        super::report::flags_text(&cfg.overrides.recorded()),
    );
    super::report::compare_page(&staging, &pages, &notes, command)?;
    Ok((commit(staging, cfg.force)?, notes))
}

fn comparison_plots(
    staging: &Staging,
    rows: &[crate::output::comparison::Compared],
) -> Result<(), AppError> {
    let gaps: Vec<Vec<(f64, crate::batch::Band)>> = rows
        .iter()
        .map(|c| export::metric_series(c.model, &c.reps, idx::GAP))
        .collect();
    // The goal of the first scenario's halving.csv: half its base year's gap.
    let goal = rows.first().and_then(|c| {
        crate::goal::halving(c.model, &c.reps, crate::goal::default_base_year(c.model))
    });
    put(
        staging,
        plot::time_chart(
            "gap",
            &TimeChart {
                x_label: "year".into(),
                x_format: plot::XFormat::Year,
                title: "Disability employment gap by scenario".into(),
                y_label: "gap (percentage points)".into(),
                series: rows
                    .iter()
                    .zip(&gaps)
                    .enumerate()
                    .map(|(i, (c, g))| BandSeries {
                        label: c.label.clone(),
                        color: plot::color(i),
                        points: g,
                        published: vec![],
                    })
                    .collect(),
                band: "mean, 5–95% band",
                references: super::goal_line(goal.as_ref()),
                markers: rows
                    .iter()
                    .flat_map(|c| {
                        super::run::hand_back_markers(c.model, &c.reps)
                            .into_iter()
                            .map(|(x, label)| (x, format!("{}: {label}", c.label)))
                    })
                    .collect(),
                // National survey figures are no yardstick for local worlds.
                published: if rows.iter().all(|c| c.model.scenario.is_national()) {
                    plot::published_gap()
                } else {
                    vec![]
                },
                published_label: "published (LFS)".into(),
            },
        ),
    )?;
    put(
        staging,
        plot::time_chart(
            "gap_change",
            &TimeChart::difference(
                "Change in the gap against each scenario's baseline".into(),
                "gap, scenario minus baseline (pp)",
                rows.iter()
                    .enumerate()
                    .map(|(i, c)| BandSeries {
                        label: c.label.clone(),
                        color: plot::color(i),
                        points: &c.gap_change,
                        published: vec![],
                    })
                    .collect(),
            ),
        ),
    )?;
    let cost = impact::HEADLINE
        .iter()
        .find(|(k, _)| *k == "cost_per_additional_sustained_job_gbp")
        .map(|(_, g)| *g)
        .expect("known column");
    put(
        staging,
        plot::bar_chart(
            "cost_per_additional_job",
            &plot::BarChart {
                value: plot::BarValue::Pounds,
                title: "Cost per additional sustained job (mean, 5–95%)".into(),
                y_label: "£ per additional sustained job".into(),
                bars: rows
                    .iter()
                    .map(|c| (c.label.clone(), impact::headline_band(&c.heads, cost)))
                    .collect(),
            },
        ),
    )?;
    let lines: Vec<_> = rows.iter().map(|c| (c.label.clone(), &c.parking)).collect();
    put(
        staging,
        plot::category_chart(
            "parking_curve",
            &CategoryChart {
                title: "Support by distance from work, all programmes of each scenario".into(),
                y_label: "support hours per participant-month".into(),
                panels: super::run::parking_panels(&lines),
            },
        ),
    )
}
