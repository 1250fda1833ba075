//! Payment models, budgets, providers as agents, assessment and paired counterfactuals.

use crate::common::{FLAT_PBR, gapsim, stderr, write};
use gapsim::counterfactual;
use gapsim::engine::{Model, World, run_replication};
use gapsim::metrics::Participation;
use gapsim::scenario::load_str;
use std::path::Path;

fn model(text: &str) -> Model {
    Model::new(load_str(text, Path::new("test.toml")).expect("valid scenario"))
}

/// A scenario for funding tests: disabled people out of work, voluntary, one programme with two
/// payment groups by benefit. `funding`, `prices_esa` and `prices_other` are TOML lines.
fn funded(funding: &str, prices_esa: &str, prices_other: &str, accuracy: f64) -> String {
    format!(
        r#"
name = "funded"
start = "2013-04"
months = 30
replications = 2
seed = 11

[population]
n_people = 12000
scale = 100.0

[[programmes]]
name = "P"
start = "2013-04"
end = "2014-09"
duration_months = 12
starts_per_year = 60000
approach = "specialist"
assessment = {{ mode = "day_one_tool", accuracy = {accuracy} }}

[programmes.funding]
{funding}

[[programmes.payment_groups]]
name = "ESA"
benefits = ["esa_wrag", "esa_support", "incapacity"]
disabled_only = true
entry = "voluntary"
voluntary_take_up = 0.05
job_outcome_after_months = 3
{prices_esa}

[[programmes.payment_groups]]
name = "Other"
benefits = ["none", "jsa"]
disabled_only = true
entry = "voluntary"
voluntary_take_up = 0.05
job_outcome_after_months = 3
{prices_other}

[[programmes.providers]]
name = "A"
share = 0.5
hours_per_participant = 3.0
cost_per_hour = 30.0

[[programmes.providers]]
name = "B"
share = 0.5
hours_per_participant = 3.0
cost_per_hour = 30.0
"#
    )
}

const PBR_PRICES: &str = "attachment_fee = 200.0\njob_outcome_fee = 3000.0\nsustainment_fee = 300.0\nsustainment_max_months = 6";

/// Every payment model, alone, with a budget of `budget` £ and the given rule.
fn payment_models(budget: f64, rule: &str) -> Vec<(&'static str, String)> {
    let cap = format!("budget = {budget}\nwhen_budget_runs_out = \"{rule}\"");
    let none = "";
    vec![
        (
            "payment by results",
            funded(&cap, PBR_PRICES, PBR_PRICES, 0.6),
        ),
        (
            "needs-based prices",
            funded(
                &format!("{cap}\nneeds_elasticity = 1.5\nneeds_reference_distance = 0.3"),
                PBR_PRICES,
                PBR_PRICES,
                0.6,
            ),
        ),
        (
            "fee for service",
            funded(&format!("{cap}\nfee_per_hour = 40.0"), none, none, 0.6),
        ),
        (
            "block funding",
            funded(
                &format!("{cap}\nblock_per_month = 400000.0"),
                none,
                none,
                0.6,
            ),
        ),
        (
            "cohort funding",
            funded(
                &cap,
                "attachment_fee = 2500.0",
                "attachment_fee = 2500.0",
                0.6,
            ),
        ),
        (
            "progress payments",
            funded(
                &format!("{cap}\nprogress_fee = 800.0\nprogress_step = 0.01"),
                none,
                none,
                0.6,
            ),
        ),
        (
            "personal budgets",
            funded(
                &format!("{cap}\npersonal_budget_per_month = 150.0"),
                none,
                none,
                0.6,
            ),
        ),
        (
            "outcomes rate card",
            funded(&format!("{cap}\n{RATE_CARD}"), none, none, 0.6),
        ),
    ]
}

const RATE_CARD: &str = "progress_step = 0.01\nrate_card = { job_start = 1000.0, weeks_13 = 1500.0, weeks_26 = 2000.0, distance_fall = 300.0, skills_gain = 500.0, cap_per_participant = 4000.0 }";

/// Total paid by programme 0 over one replication, and its starts [£, agents].
fn paid_and_starts(text: &str) -> (f64, u64) {
    let m = model(text);
    let r =
        run_replication(&m, 0, &gapsim::cancel::Cancel::never(), &|| {}).expect("never cancelled");
    let paid: f64 = r.cells.iter().map(|c| c.payments).sum();
    let starts = r.months.iter().map(|c| c.starts).sum();
    (paid, starts)
}

#[test]
fn a_rate_card_pays_each_outcome_once_and_never_more_than_its_cap() {
    // Job starts only, capped at one job start: every payment is exactly one price.
    let one = "rate_card = { job_start = 1000.0, weeks_13 = 500.0, cap_per_participant = 1000.0 }";
    let (paid, starts) = paid_and_starts(&funded(one, "", "", 1.0));
    assert!(paid > 0.0 && starts > 0, "{paid} {starts}");
    assert_eq!(paid % 1000.0, 0.0, "{paid}: only whole job starts are paid");
    assert!(paid <= 1000.0 * starts as f64);
    // The 13-week outcome adds to it once the cap leaves room.
    let room = one.replace(
        "cap_per_participant = 1000.0",
        "cap_per_participant = 1500.0",
    );
    let (more, _) = paid_and_starts(&funded(&room, "", "", 1.0));
    assert!(more > paid * 1.1, "{more} against {paid}");
    // The full menu: every outcome is priced, and no participant earns beyond the cap.
    let (full, starts) = paid_and_starts(&funded(RATE_CARD, "", "", 1.0));
    assert!(full <= 4000.0 * starts as f64, "{full} for {starts} starts");
    let uncapped = RATE_CARD.replace("cap_per_participant = 4000.0", "cap_per_participant = 1e9");
    let (over, _) = paid_and_starts(&funded(&uncapped, "", "", 1.0));
    assert!(over >= full, "{over} < {full}");
}

#[test]
fn the_budget_cap_holds_in_every_month_under_every_payment_model() {
    let budget = 1_500_000.0;
    for rule in ["stop_referrals", "pro_rate"] {
        for (name, text) in payment_models(budget, rule) {
            let m = model(&text);
            let scale = m.scenario.population.scale;
            let r = run_replication(&m, 0, &gapsim::cancel::Cancel::never(), &|| {})
                .expect("never cancelled");
            let mut cumulative = 0.0;
            for (t, row) in r.programme_spend.iter().enumerate() {
                assert!(row[0] >= 0.0, "{name}/{rule}: negative spend");
                cumulative += row[0] * scale;
                assert!(
                    cumulative <= budget * (1.0 + 1e-9),
                    "{name}/{rule}: £{cumulative:.0} paid by month {t}, budget £{budget}"
                );
            }
            // The cap must have bound, or the test tested nothing: payments fell short of
            // what was due, or fewer people started than without a cap.
            let unpaid: f64 = r.providers[0].iter().map(|v| v.unpaid).sum();
            let uncapped = model(&text.replace(&format!("budget = {budget}\n"), ""));
            assert!(uncapped.scenario.programmes[0].funding.budget.is_none());
            let free = run_replication(&uncapped, 0, &gapsim::cancel::Cancel::never(), &|| {})
                .expect("never cancelled");
            let starts = |r: &gapsim::engine::ReplicationResult| -> u64 {
                r.months.iter().map(|c| c.starts).sum()
            };
            assert!(
                unpaid > 0.0 || starts(&r) < starts(&free),
                "{name}/{rule}: the budget never bound (paid £{cumulative:.0})"
            );
        }
    }
}

#[test]
fn pro_rating_scales_payments_down_but_keeps_referring() {
    let budget = 300_000.0;
    let prorate = model(&payment_models(budget, "pro_rate")[0].1);
    let stop = model(&payment_models(budget, "stop_referrals")[0].1);
    let a = run_replication(&prorate, 0, &gapsim::cancel::Cancel::never(), &|| {})
        .expect("never cancelled");
    let b = run_replication(&stop, 0, &gapsim::cancel::Cancel::never(), &|| {})
        .expect("never cancelled");
    let starts =
        |r: &gapsim::engine::ReplicationResult| -> u64 { r.months.iter().map(|c| c.starts).sum() };
    assert!(
        starts(&a) > starts(&b),
        "pro-rating keeps referring ({}) where stopping does not ({})",
        starts(&a),
        starts(&b)
    );
    let unpaid: f64 = a.providers[0].iter().map(|v| v.unpaid).sum();
    assert!(
        unpaid > 0.0,
        "pro-rated payments fall short of what was due"
    );
}

/// Mean support hours of the most distant decile of participants (true distance at referral),
/// pooled over replications.
fn most_distant_hours(m: &Model) -> f64 {
    let mut spells: Vec<Participation> = (0..m.scenario.replications)
        .flat_map(|r| {
            run_replication(m, r, &gapsim::cancel::Cancel::never(), &|| {})
                .expect("never cancelled")
                .participations
        })
        .collect();
    spells.sort_by(|a, b| a.true_distance.total_cmp(&b.true_distance));
    let top = &spells[spells.len() * 9 / 10..];
    assert!(top.len() >= 30, "enough participants: {}", top.len());
    let hours: f64 = top.iter().map(|p| p.hours as f64).sum();
    let months: f64 = top.iter().map(|p| p.months as f64).sum();
    hours / months
}

#[test]
fn benefit_group_pbr_parks_the_most_distant_where_needs_based_and_cohort_funding_do_not() {
    // Flat prices within each benefit group, a good day-one tool (providers see who is far),
    // and no budget cap, so that every model supports the same people.
    let budget = "";
    let pbr = model(&funded(budget, PBR_PRICES, PBR_PRICES, 0.9));
    let needs = model(&funded(
        &format!("{budget}\nneeds_elasticity = 1.5\nneeds_reference_distance = 0.3"),
        PBR_PRICES,
        PBR_PRICES,
        0.9,
    ));
    let cohort = model(&funded(
        budget,
        "attachment_fee = 2000.0",
        "attachment_fee = 2000.0",
        0.9,
    ));
    let (h_pbr, h_needs, h_cohort) = (
        most_distant_hours(&pbr),
        most_distant_hours(&needs),
        most_distant_hours(&cohort),
    );
    assert!(
        h_pbr < 0.75 * h_needs && h_pbr < 0.75 * h_cohort,
        "most distant decile: PbR {h_pbr:.2} h/month, needs-based {h_needs:.2}, cohort {h_cohort:.2}"
    );
}

#[test]
fn a_provider_whose_losses_exceed_its_reserves_hands_back_its_contract() {
    // Provider A is paid nothing and has £1,000 of reserves; B costs nothing to run.
    let text = funded("", "", "", 0.6)
        .replacen(
            "cost_per_hour = 30.0",
            "cost_per_hour = 30.0\nreserves = 1000.0",
            1,
        )
        .replacen(
            "name = \"B\"\nshare = 0.5\nhours_per_participant = 3.0\ncost_per_hour = 30.0",
            "name = \"B\"\nshare = 0.5\nhours_per_participant = 3.0\ncost_per_hour = 0.0",
            1,
        );
    for rule in ["transfer", "drop_out"] {
        let m = model(&text.replace(
            "approach = \"specialist\"",
            &format!("approach = \"specialist\"\non_hand_back = \"{rule}\""),
        ));
        let mut w = World::new(&m, 0);
        let mut handed = None;
        for _ in 0..m.scenario.months {
            let closed = w.participations.len();
            let starts = w.step().starts as usize;
            if handed.is_none()
                && let Some(t) = w.providers[0][0].handed_back
            {
                handed = Some(t);
                let on_a = w
                    .people
                    .iter()
                    .filter(|p| p.on_programme() && p.spell.provider == 0)
                    .count();
                assert_eq!(on_a, 0, "{rule}: nobody is left with A");
                let dropped = w.participations[closed..]
                    .iter()
                    .filter(|p| p.provider == 0)
                    .count();
                if rule == "drop_out" {
                    assert!(dropped > 0, "{rule}: A's participants dropped out");
                } else {
                    let kept = w
                        .people
                        .iter()
                        .filter(|p| p.on_programme() && p.spell.start as i32 == t)
                        .count();
                    assert!(
                        kept * 10 >= starts * 9,
                        "{rule}: A's new participants moved to B ({kept} of {starts} kept)"
                    );
                }
            }
        }
        assert!(handed.is_some(), "{rule}: A handed back its contract");
        assert!(w.providers[0][1].active(), "{rule}: B kept its contract");
        let r = w
            .finish(&gapsim::cancel::Cancel::never(), &|| {})
            .expect("never cancelled");
        let late_on_a = r
            .participations
            .iter()
            .filter(|p| p.provider == 0 && p.start as i32 > handed.unwrap())
            .count();
        assert_eq!(
            late_on_a, 0,
            "{rule}: no referrals to A after it handed back"
        );
        assert!(
            r.participations
                .iter()
                .any(|p| p.provider == 1 && p.start as i32 > handed.unwrap()),
            "{rule}: referrals carry on to B"
        );
    }
}

#[test]
fn assessment_accuracy_one_sees_true_distance() {
    let m = model(FLAT_PBR);
    let r =
        run_replication(&m, 0, &gapsim::cancel::Cancel::never(), &|| {}).expect("never cancelled");
    assert!(r.participations.len() > 100);
    for p in &r.participations {
        assert_eq!(p.assessed_distance, p.true_distance);
    }
    // And a poor tool does not.
    let m = model(&FLAT_PBR.replace("accuracy = 1.0", "accuracy = 0.3"));
    let r =
        run_replication(&m, 0, &gapsim::cancel::Cancel::never(), &|| {}).expect("never cancelled");
    let differ = r
        .participations
        .iter()
        .filter(|p| p.assessed_distance != p.true_distance)
        .count();
    assert!(differ * 2 > r.participations.len());
}

#[test]
fn a_scenario_paired_against_itself_has_exactly_zero_impact() {
    let m = model(&funded("budget = 2000000.0", PBR_PRICES, PBR_PRICES, 0.6));
    let b = model(&funded("budget = 2000000.0", PBR_PRICES, PBR_PRICES, 0.6));
    let pair = counterfactual::run_pair(&m, &b, 0, &gapsim::cancel::Cancel::never(), &|| {})
        .expect("never cancelled");
    assert!(
        pair.spells.iter().any(|s| s.scenario),
        "some sustained jobs"
    );
    assert!(pair.spells.iter().all(|s| s.scenario == s.baseline));
    assert_eq!(pair.scenario.months, pair.baseline.months);

    // Through the command line, every impact number is exactly zero.
    let tmp = tempfile::tempdir().unwrap();
    let path = write(tmp.path(), "s.toml", FLAT_PBR);
    let out = tmp.path().join("out");
    let o = gapsim(&[
        "run",
        path.to_str().unwrap(),
        "--against",
        path.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let summary = std::fs::read_to_string(out.join("impact_summary.csv")).unwrap();
    for metric in [
        "net_additional_sustained_jobs",
        "additional_spend_gbp",
        "gap_change_pp_at_end",
        "additional_employed_at_end",
        "additional_employer_spend_gbp",
        "additional_hires_displaced",
    ] {
        let line = summary
            .lines()
            .find(|l| l.starts_with(&format!("{metric},")))
            .unwrap();
        assert_eq!(line, format!("{metric},0.0000,0.0000,0.0000"));
    }
    let monthly = std::fs::read_to_string(out.join("impact.csv")).unwrap();
    for line in monthly.lines().skip(1) {
        for v in line.split(',').skip(2) {
            assert_eq!(v.parse::<f64>().unwrap(), 0.0, "{line}");
        }
    }
}

#[test]
fn a_programme_adds_jobs_against_a_world_without_it() {
    let with = model(&funded("", PBR_PRICES, PBR_PRICES, 0.6));
    let without = Model::new(
        gapsim::scenario::Valid::new(gapsim::app::without_programmes(&with.scenario))
            .expect("valid scenario"),
    );
    let mut net = 0.0;
    for r in 0..2 {
        let pair =
            counterfactual::run_pair(&with, &without, r, &gapsim::cancel::Cancel::never(), &|| {})
                .expect("never cancelled");
        let reached = |months: &[gapsim::metrics::MonthCounts]| -> u64 {
            months
                .iter()
                .map(|c| c.jobs_reaching_sustained[0] + c.jobs_reaching_sustained[1])
                .sum()
        };
        net += reached(&pair.scenario.months) as f64 - reached(&pair.baseline.months) as f64;
        let (s, b) = pair.spells.iter().fold((0, 0), |(s, b), x| {
            (s + x.scenario as u32, b + x.baseline as u32)
        });
        assert!(
            s >= b,
            "participants do at least as well with support: {s} vs {b}"
        );
    }
    assert!(net > 0.0, "support adds sustained jobs: {net}");
}

#[test]
fn compare_writes_one_table_and_plots_for_several_scenarios() {
    let tmp = tempfile::tempdir().unwrap();
    let a = write(
        tmp.path(),
        "a.toml",
        &funded("budget = 1000000.0", PBR_PRICES, PBR_PRICES, 0.6),
    );
    let b = write(
        tmp.path(),
        "b.toml",
        &funded(
            "budget = 1000000.0",
            "attachment_fee = 1500.0",
            "attachment_fee = 1500.0",
            0.6,
        )
        .replace("name = \"funded\"", "name = \"cohort\""),
    );
    let out = tmp.path().join("cmp");
    let o = gapsim(&[
        "compare",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--people",
        "4000",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = std::fs::read_to_string(out.join("comparison.csv")).unwrap();
    let header = csv.lines().next().unwrap();
    for col in [
        "scenario",
        "spend_gbp",
        "job_outcomes",
        "sustained_outcomes",
        "net_additional_sustained_jobs",
        "deadweight_share",
        "cost_per_additional_sustained_job_gbp",
        "parked_share",
        "gap_pp_at_end",
        "spend_gbp_p05",
        "spend_gbp_p95",
    ] {
        assert!(header.split(',').any(|h| h == col), "missing {col}");
    }
    assert_eq!(csv.lines().count(), 3, "one row per scenario");
    assert!(csv.contains("\nfunded,") && csv.contains("\ncohort,"));
    for f in [
        "comparison.md",
        "parking.csv",
        "gap.png",
        "gap.svg",
        "cost_per_additional_job.png",
        "parking_curve.png",
        "manifest.json",
    ] {
        assert!(out.join(f).exists(), "{f}");
    }
    let md = std::fs::read_to_string(out.join("comparison.md")).unwrap();
    assert!(
        md.contains("| funded |") && md.contains("| cohort |"),
        "{md}"
    );
}

#[test]
fn extends_overrides_only_what_differs() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "base.toml", FLAT_PBR);
    let child = write(
        tmp.path(),
        "child.toml",
        "extends = \"base.toml\"\nname = \"child\"\n\n[[programmes]]\nname = \"Flat PbR\"\nduration_months = 6\n\n[[programmes.payment_groups]]\nname = \"Everyone out of work\"\njob_outcome_fee = 500.0\n",
    );
    let s = gapsim::scenario::load(&child).unwrap();
    let base = load_str(FLAT_PBR, Path::new("base.toml")).unwrap();
    assert_eq!(s.name, "child");
    assert_eq!(s.programmes.len(), 1, "merged by name, not appended");
    let p = &s.programmes[0];
    assert_eq!(p.duration_months, 6);
    assert_eq!(p.payment_groups[0].job_outcome_fee, 500.0);
    assert_eq!(
        p.payment_groups[0].sustainment_fee,
        base.programmes[0].payment_groups[0].sustainment_fee
    );
    assert_eq!(s.population.n_people, base.population.n_people);
}

#[test]
fn personal_budgets_buy_hours_with_or_without_a_budget_cap() {
    let pb = "personal_budget_per_month = 150.0";
    for funding in [pb.to_string(), format!("budget = 1000000000.0\n{pb}")] {
        // Providers staff no hours of their own: every hour is bought by a personal budget.
        let text = funded(&funding, "", "", 0.6)
            .replace("hours_per_participant = 3.0", "hours_per_participant = 0.0");
        let r = run_replication(&model(&text), 0, &gapsim::cancel::Cancel::never(), &|| {})
            .expect("never cancelled");
        let hours: f64 = r.months.iter().map(|c| c.support_hours).sum();
        assert!(hours > 0.0, "{funding}: personal budgets bought no hours");
    }
}

/// Money has one unit inside the engine, £ per agent: sums of real money (a budget, block
/// funding, a provider's reserves) are divided by `population.scale` once, when the programme
/// is prepared, and prices per participant are kept as they are (each agent participant is
/// paid them once). Outputs multiply by the scale again.
#[test]
fn real_money_is_converted_to_pounds_per_agent_once() {
    let text = funded(
        "budget = 3000000.0\nblock_per_month = 50000.0",
        "attachment_fee = 200.0",
        "attachment_fee = 200.0",
        0.6,
    )
    .replace(
        "cost_per_hour = 30.0",
        "cost_per_hour = 30.0\nreserves = 700000.0",
    );
    let m = model(&text);
    let scale = m.scenario.population.scale;
    assert_eq!(scale, 100.0);
    let p = &m.programmes[0];
    assert_eq!(p.budget, Some(3_000_000.0 / scale));
    assert_eq!(p.payments.each_month(), 50_000.0 / scale);
    assert_eq!(p.providers[0].reserves, 700_000.0 / scale);
    assert_eq!(
        p.payments.on_start(0),
        200.0,
        "a price per participant is not scaled"
    );
    // What the engine paid, scaled back, never exceeds the real budget.
    let r = run_replication(&m, 0, &gapsim::cancel::Cancel::never(), &|| {}).expect("runs");
    let spent: f64 = r.months.iter().map(|c| c.spend).sum::<f64>() * scale;
    assert!(spent > 0.0 && spent <= 3_000_000.0 + 1e-6, "{spent}");
}

/// The sum of column `col` over the rows of CSV `file` (only those whose first column is
/// `only`, if given).
fn column_sum(file: &Path, col: &str, only: Option<&str>) -> f64 {
    let mut r = csv::Reader::from_path(file).expect("csv");
    let at = r
        .headers()
        .expect("header")
        .iter()
        .position(|h| h == col)
        .unwrap_or_else(|| panic!("{col} in {}", file.display()));
    r.records()
        .map(|rec| rec.expect("row"))
        .filter(|rec| only.is_none_or(|s| &rec[0] == s))
        .map(|rec| rec[at].parse::<f64>().unwrap_or(0.0))
        .sum()
}

/// Every payment model's payments appear in `programmes.csv`, `providers.csv` and
/// `impact_breakdown.csv`, and each adds up to `summary.csv`'s spend (block funding was once
/// missing from the first and the last).
#[test]
fn money_adds_up_in_every_output_under_every_payment_model() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(
        tmp.path(),
        "base.toml",
        &funded("", "", "", 0.6)
            .replace("[[programmes]]", "[[ignored]]")
            .split("[[ignored]]")
            .next()
            .expect("text before the programme")
            .replace("name = \"funded\"", "name = \"no programme\""),
    );
    for (label, text) in payment_models(1.0e9, "stop_referrals") {
        let file = write(
            tmp.path(),
            "s.toml",
            &format!("baseline = \"base.toml\"\n{text}"),
        );
        let out = tmp.path().join("out");
        let o = gapsim(&[
            "run",
            file.to_str().expect("utf-8"),
            "--replications",
            "1",
            "--people",
            "4000",
            "--out",
            out.to_str().expect("utf-8"),
            "--force",
        ]);
        assert!(o.status.success(), "{label}: {}", stderr(&o));
        let spend = column_sum(&out.join("summary.csv"), "spend_gbp_mean", None);
        assert!(spend > 0.0, "{label}: something was paid");
        for (csv, col, only) in [
            ("programmes.csv", "payments_gbp", None),
            ("providers.csv", "income_gbp", None),
            ("impact_breakdown.csv", "payments_gbp", Some("total")),
            (
                "impact_breakdown.csv",
                "payments_gbp",
                Some("payment_group"),
            ),
        ] {
            let got = column_sum(&out.join(csv), col, only);
            assert!(
                (got - spend).abs() <= 1e-6 * spend + 0.01,
                "{label}: {csv} says £{got}, summary.csv £{spend}"
            );
        }
    }
}

/// A programme with a budget and no `starts_per_year` plans its places from the budget: a
/// bigger budget buys more starts and spends more, and never more than itself.
#[test]
fn a_budget_buys_places() {
    let run = |budget: f64| -> (usize, f64) {
        let text = FLAT_PBR
            .replace("months = 18", "months = 36")
            .replace("end = \"2014-09\"", "end = \"2015-09\"")
            .replace(
                "max_caseload = 300000",
                &format!("funding = {{ budget = {budget} }}"),
            );
        let m = model(&text);
        assert!(m.programmes[0].places_from_budget);
        let r = run_replication(&m, 0, &gapsim::cancel::Cancel::never(), &|| {}).expect("run");
        let spend: f64 = r.programme_spend.iter().map(|row| row[0]).sum::<f64>() * 1000.0;
        assert!(spend <= budget * 1.000001, "spent {spend} of {budget}");
        assert!(!r.plans.is_empty(), "the starts were planned");
        (r.participations.len(), spend)
    };
    let (small, small_spend) = run(2.0e7);
    let (large, large_spend) = run(8.0e7);
    assert!(small > 0, "a budget buys some places");
    assert!(
        large as f64 > 2.0 * small as f64,
        "four times the budget buys well over twice the starts: {small} against {large}"
    );
    assert!(
        large_spend > 2.0 * small_spend,
        "{small_spend} against {large_spend}"
    );
}

/// Paired runs report the deadweight and cost of the programmes that differ between the two
/// worlds, never pooled with programmes that are the same in both (the Work Programme and the
/// WHP in both worlds once made national IPS look 93% deadweight).
#[test]
fn impact_covers_only_the_programmes_that_differ_from_the_baseline() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("o");
    let o = gapsim(&[
        "run",
        "scenarios/library/ips_mental_health_national.toml",
        "--against",
        "scenarios/baseline.toml",
        "--people",
        "20000",
        "--replications",
        "2",
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let said = String::from_utf8_lossy(&o.stdout).into_owned() + &stderr(&o);
    assert!(said.contains("deadweight of IPS national"), "{said}");
    let mut r = csv::Reader::from_path(out.join("impact_breakdown.csv")).expect("csv");
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.expect("row")).collect();
    let together = rows
        .iter()
        .find(|x| &x[0] == "together")
        .expect("a together row");
    assert_eq!(&together[1], "IPS national");
    for x in rows.iter().filter(|x| &x[0] == "total") {
        assert_eq!(&x[2] == "true", &x[1] == "IPS national", "{x:?}");
    }
    let summary = std::fs::read_to_string(out.join("impact_summary.csv")).expect("summary");
    let deadweight: f64 = summary
        .lines()
        .find_map(|l| l.strip_prefix("deadweight_share,"))
        .and_then(|l| l.split(',').next())
        .expect("deadweight row")
        .parse()
        .expect("number");
    let pooled_ips: f64 = together[9].parse().expect("number");
    assert!(
        (deadweight - pooled_ips).abs() < 0.05,
        "the headline deadweight is IPS's: {deadweight} against {pooled_ips}"
    );
    assert!(
        deadweight < 0.8,
        "not pooled with the Work Programme: {deadweight}"
    );
}

/// A budget that buys places but is mostly left is explained by what limited the starts: the
/// places filled (the plans priced starts above what they came to cost), or take-up.
#[test]
fn a_budget_left_unspent_is_explained_by_what_limited_the_starts() {
    // The run's note on its budget.
    let note = |text: &str| -> String {
        let m = model(text);
        let r = run_replication(&m, 0, &gapsim::cancel::Cancel::never(), &|| {}).expect("run");
        let said = gapsim::app::result_warnings(&m, &[r]);
        said.iter()
            .find(|w| w.contains("budget, with"))
            .unwrap_or_else(|| panic!("{said:?}"))
            .clone()
    };
    let world = FLAT_PBR
        .replace("months = 18", "months = 36")
        .replace("end = \"2014-09\"", "end = \"2015-09\"")
        .replace("max_caseload = 300000", "funding = { budget = 4.0e8 }");
    let filled = note(&world);
    assert!(filled.contains("places were filled"), "{filled}");
    let few = world.replace(
        "entry = \"mandatory\"",
        "entry = \"voluntary\"\nvoluntary_take_up = 0.002",
    );
    assert_ne!(few, world);
    let untaken = note(&few);
    assert!(untaken.contains("not all taken up"), "{untaken}");
}

/// The sustained-outcome yardstick measures; it buys no one hours: participants kept attached
/// for their sustained outcome are no longer supported, and providers staff only for those
/// they support, so every month's hours, jobs and payments are the same whatever it is.
#[test]
fn the_sustained_yardstick_buys_no_hours() {
    let run = |months: u32| {
        // Places by starts, not by caseload: attached participants count towards
        // `max_caseload`, so a cap would tie starts to the yardstick.
        let text = FLAT_PBR
            .replace("max_caseload = 300000", "starts_per_year = 60000")
            .replace(
                "[population]",
                &format!("[outputs]\nsustained_job_months = {months}\n\n[population]"),
            );
        assert_ne!(text, FLAT_PBR);
        let m = model(&text);
        run_replication(&m, 0, &gapsim::cancel::Cancel::never(), &|| {}).expect("run")
    };
    let (short, long) = (run(3), run(12));
    for (a, b) in short.months.iter().zip(&long.months) {
        assert_eq!(a.support_hours, b.support_hours);
        assert_eq!(a.employed, b.employed);
        assert_eq!(a.spend, b.spend);
    }
    assert!(
        long.months.iter().map(|c| c.caseload).sum::<u64>()
            > short.months.iter().map(|c| c.caseload).sum::<u64>()
    );
}
