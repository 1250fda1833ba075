//! Fits a handful of mechanism parameters of a scenario to the published figures of
//! `docs/published-figures.md` (the tested targets of `gapsim calibration-report`), by Nelder–Mead on
//! common random numbers, and prints the best values to copy into the scenario.
//!
//! `cargo run --release --example calibrate -- scenarios/baseline.toml [people] [reps] [iterations] [KEY=VALUE …]`
//!
//! Settings after the iterations hold for every evaluation (as `--set` would), to fit the
//! parameters with a mechanism switched on or a whole-number setting fixed.
//!
//! The parameters are mechanisms, not one knob per target: how fast people find work and how
//! that fades with time out of work (scarring), how much distance from work matters for finding
//! and keeping a job, the labour market's strength (2019, the 2020 trough and the 2021
//! recovery, 2022, 2024), the growth of mental ill health, the effect of work-first
//! support, how often employees begin a long-term sickness absence and leave work from one,
//! and the benefit system's six free parameters: Universal Credit's take-up by jobseekers,
//! the share of workers whose hours collapsed in May 2020, the WCA's LCWRA line under UC, the
//! pay penalty of a condition, and PIP's claim line and the persistence of its assessment's
//! error (fitted by hand on 2026-12-01 to the two PIP decision shares, at the grid's best;
//! the rest were not refitted).

use gapsim::app::{Overrides, build_models, load_scenario};
use gapsim::calibration;
use gapsim::scenario::Setting;
use std::path::Path;
use toml::Value;

const PARAMS: [&str; 25] = [
    "labour.find_intercept",
    "labour.find_duration",
    "labour.find_distance",
    "labour.loss_distance",
    "areas[0].demand[2].index",
    "health.conditions.mental.onset_trend_per_year",
    "approaches.work_first.find_effect",
    "areas[0].demand[5].index",
    "areas[0].demand[6].index",
    "areas[0].demand[3].index",
    "areas[0].demand[4].index",
    "areas[0].demand[1].index",
    "labour.u_to_i_intercept",
    "labour.i_to_u_intercept",
    "labour.u_to_i_distance",
    "labour.inactive_study",
    "labour.inactive_retirement",
    "absence.entry_intercept",
    "absence.exit_intercept",
    "benefits.universal_credit.jobseeker_take_up",
    "benefits.universal_credit.hours_collapse[1].value",
    "benefits.universal_credit.lcwra_cut",
    "earnings.severity_pay_penalty",
    "benefits.pip.claim_severity",
    "benefits.pip.assessment_persistence",
];

fn objective(path: &Path, x: &[f64], people: u32, reps: u32, fixed: &[Setting]) -> f64 {
    let o = Overrides {
        replications: Some(reps),
        people: Some(people),
        sets: fixed
            .iter()
            .cloned()
            .chain(PARAMS.iter().zip(x).map(|(k, v)| Setting {
                key: k.to_string(),
                value: Value::Float(*v),
            }))
            .collect(),
        ..Overrides::default()
    };
    let Ok(r) = load_scenario(path, &o) else {
        return f64::INFINITY;
    };
    let Ok(models) = build_models(&r, &o, path) else {
        return f64::INFINITY;
    };
    let m = &models.central;
    let results =
        gapsim::batch::run(m, &gapsim::cancel::Cancel::never(), &|| {}).expect("never cancelled");
    calibration::targets()
        .iter()
        .map(|t| {
            // Checks are kept out of the fit: they are what it is checked against.
            let w = t.role.weight();
            calibration::evaluate(m, &results, t)
                .map_or(0.0, |b| w * ((b.mean - t.published) / t.tolerance).powi(2))
        })
        .sum()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = Path::new(args.get(1).map_or("scenarios/baseline.toml", |s| s));
    let people: u32 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(20_000);
    let reps: u32 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(2);
    let iterations: usize = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(120);
    let fixed: Vec<Setting> = args
        .iter()
        .skip(5)
        .map(|a| a.parse().expect("a setting KEY=VALUE"))
        .collect();
    let s = load_scenario(
        path,
        &Overrides {
            sets: fixed.clone(),
            ..Overrides::default()
        },
    )
    .expect("scenario loads");
    let table = toml::Table::try_from(&s.scenario).expect("serialises");
    let x0: Vec<f64> = PARAMS
        .iter()
        .map(|k| gapsim::scenario::value_at(&table, k).expect("parameter in scenario"))
        .collect();
    let f = |x: &[f64]| objective(path, x, people, reps, &fixed);

    // Nelder–Mead with the usual coefficients; initial steps of 0.3 (or 30% for small values).
    let n = x0.len();
    let mut simplex: Vec<(Vec<f64>, f64)> = vec![(x0.clone(), f(&x0))];
    for i in 0..n {
        let mut x = x0.clone();
        x[i] += if x0[i].abs() > 1.0 {
            0.3 * x0[i].signum()
        } else {
            0.3 * x0[i].abs().max(0.1)
        };
        let fx = f(&x);
        simplex.push((x, fx));
    }
    for it in 0..iterations {
        simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
        eprintln!(
            "iteration {it}: best {:.3} at {:?}",
            simplex[0].1, simplex[0].0
        );
        let centroid: Vec<f64> = (0..n)
            .map(|j| simplex[..n].iter().map(|p| p.0[j]).sum::<f64>() / n as f64)
            .collect();
        let worst = simplex[n].clone();
        let along = |t: f64| -> Vec<f64> {
            centroid
                .iter()
                .zip(&worst.0)
                .map(|(c, w)| c + t * (w - c))
                .collect()
        };
        let xr = along(-1.0);
        let fr = f(&xr);
        if fr < simplex[0].1 {
            let xe = along(-2.0);
            let fe = f(&xe);
            simplex[n] = if fe < fr { (xe, fe) } else { (xr, fr) };
        } else if fr < simplex[n - 1].1 {
            simplex[n] = (xr, fr);
        } else {
            let xc = along(0.5);
            let fc = f(&xc);
            if fc < worst.1 {
                simplex[n] = (xc, fc);
            } else {
                let best = simplex[0].0.clone();
                for p in simplex.iter_mut().skip(1) {
                    p.0 = best
                        .iter()
                        .zip(&p.0)
                        .map(|(b, x)| b + 0.5 * (x - b))
                        .collect();
                    p.1 = f(&p.0);
                }
            }
        }
    }
    simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
    println!("objective {:.3}", simplex[0].1);
    for (k, v) in PARAMS.iter().zip(&simplex[0].0) {
        println!("{k} = {v:.4}");
    }
}
