//! Long-term sickness absence (`[absence]`): employees go off sick from a job they keep, and
//! return or leave work from it; leaving is likelier once statutory sick pay has run out, and
//! the absent count as employed.

use gapsim::engine::{Model, World};
use gapsim::metrics::{idx, metrics};
use gapsim::scenario::load;

fn baseline(sets: &[(&str, f64)], people: u32) -> Model {
    let path = crate::common::root().join("scenarios/baseline.toml");
    let mut s = load(&path).unwrap().into_inner();
    s.population.n_people = people;
    let mut t = toml::Table::try_from(&s).expect("serialises");
    for (k, v) in sets {
        gapsim::scenario::set_path(&mut t, k, toml::Value::Float(*v)).expect("a key");
    }
    let s: gapsim::scenario::Scenario = t.try_into().expect("still a scenario");
    Model::new(gapsim::scenario::Valid::new(s).expect("valid"))
}

/// Months of the run's first `months`, with the absences seen each month: (people absent, of
/// them employed, months into the absence at most).
fn run(m: &Model, months: i32) -> (Vec<gapsim::metrics::MonthCounts>, u64, u64, u8) {
    let mut w = World::new(m, 0);
    let (mut absent, mut employed, mut longest) = (0, 0, 0);
    while w.t < months {
        w.step();
        for p in &w.people {
            if p.absent() {
                absent += 1;
                employed += p.employed() as u64;
                longest = longest.max(p.absence);
            }
        }
    }
    (w.months.clone(), absent, employed, longest)
}

#[test]
fn the_absent_keep_their_jobs_and_return_or_leave() {
    let m = baseline(&[], 20_000);
    let (months, absent, employed, longest) = run(&m, 36);
    assert!(absent > 1000, "{absent} person-months absent");
    assert_eq!(
        employed, absent,
        "only people in work are absent, and they count as employed"
    );
    assert!(longest > 6, "some absences outlast sick pay: {longest}");
    let sum =
        |f: &dyn Fn(&gapsim::metrics::MonthCounts) -> u64| -> u64 { months.iter().map(f).sum() };
    let starts = sum(&|c| c.absence.starts[0] + c.absence.starts[1]);
    let returns = sum(&|c| c.absence.returns[0] + c.absence.returns[1]);
    let exits = sum(&|c| c.absence.exits[0] + c.absence.exits[1]);
    // Most absences end in a return to work; some in leaving it.
    assert!(
        returns > 5 * exits && exits > 0,
        "{returns} returns, {exits} exits"
    );
    // Every absence begun has ended or is still open.
    let open = months.last().unwrap().absence.people;
    assert_eq!(
        starts,
        returns + exits + open[0] + open[1] + aged_out(&m, 36)
    );
    // Disabled people leave work from an absence more often than others.
    let rate = |g: usize| {
        sum(&|c| c.absence.exits[g]) as f64 / sum(&|c| c.absence.people[g]).max(1) as f64
    };
    assert!(rate(1) > 2.0 * rate(0), "{} {}", rate(1), rate(0));
}

/// Absences that ended because the person reached 65 (they leave the population absent).
fn aged_out(m: &Model, months: i32) -> u64 {
    let mut w = World::new(m, 0);
    let mut n = 0;
    while w.t < months {
        let t = w.t;
        let before: Vec<bool> = w
            .people
            .iter()
            .map(|p| p.absent() && p.age_months(t) >= 65 * 12)
            .collect();
        w.step();
        n += before.iter().filter(|&&b| b).count() as u64;
    }
    n
}

#[test]
fn more_leaving_from_absence_lowers_disabled_employment() {
    // A world where those off sick leave work far more readily (say, sick pay cut): fewer
    // disabled people in work after three years, on the same luck.
    let rate = |exit: f64| {
        let m = baseline(&[("absence.exit_intercept", exit)], 20_000);
        let (months, ..) = run(&m, 36);
        let c = months.last().unwrap();
        let ltsa: u64 = months.iter().map(|c| c.absence.exits[1]).sum();
        (metrics(c, 1.0)[idx::RATE_DISABLED], ltsa)
    };
    let (usual, exits) = rate(-3.4682);
    let (harsh, more) = rate(-1.5);
    assert!(more > 2 * exits, "{exits} against {more}");
    assert!(
        harsh < usual - 1.0,
        "disabled employment {usual:.1}% against {harsh:.1}%"
    );
}

/// The baseline with a retention programme whose payment group has `group` keys, 2013–2015.
fn with_retention(group: &str) -> Model {
    let base = crate::common::root().join("scenarios/baseline.toml");
    let text = format!(
        r#"
extends = "{}"
name = "retention"
months = 36
[population]
n_people = 20000

[[programmes]]
name = "Retention"
start = "2013-04"
end = "2015-03"
duration_months = 6
in_work_support_months = 6
approach = "ips"

[[programmes.payment_groups]]
name = "Off sick"
sickness_absence = true
entry = "mandatory"
job_outcome_fee = 1000.0
job_outcome_after_months = 3
{group}

[[programmes.providers]]
name = "Provider"
share = 1.0
hours_per_participant = 4.0
never_hands_back = true
"#,
        base.display()
    );
    Model::new(load_text(&text).unwrap_or_else(|e| panic!("{e}")))
}

/// Loads a scenario written to a file of its own (so that it can `extend` a bundled one).
fn load_text(text: &str) -> Result<gapsim::scenario::Valid, String> {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("scenario.toml");
    std::fs::write(&path, text).expect("written");
    load(&path).map_err(|e| e.to_string())
}

#[test]
fn a_retention_group_refers_people_off_sick_and_pays_for_the_job_kept() {
    let m = with_retention("benefits = [\"none\"]\nreferral = \"flow\"");
    let mut w = World::new(&m, 0);
    let (mut starters, mut first_month) = (0, 0);
    while w.t < 36 {
        let t = w.t;
        let before: Vec<u8> = w.people.iter().map(|p| p.absence).collect();
        w.step();
        for (i, p) in w.people.iter().enumerate() {
            // The baseline's own programmes come first: the retention programme is the third.
            if p.spell.programme == 3 && p.spell.start as i32 == t {
                starters += 1;
                // Referred from an absence begun the month before.
                first_month += (before[i] == 1) as u32;
                assert!(
                    p.spell.has_flag(gapsim::person::flags::RETENTION) || !p.employed(),
                    "a retention spell while in its job: {:?} absence {} before {}",
                    p.spell,
                    p.absence,
                    before[i]
                );
            }
        }
    }
    assert!(starters > 100, "{starters}");
    assert_eq!(
        first_month, starters,
        "the flow is the absences begun last month"
    );
    let r = w.finish(&gapsim::cancel::Cancel::never(), &|| {}).unwrap();
    // Jobs kept three months after referral, back at work, are job outcomes: most of those
    // off sick return, so most spells reach one.
    let spells: Vec<_> = r
        .participations
        .iter()
        .filter(|p| p.programme == 2)
        .collect();
    let outcomes = spells.iter().filter(|p| p.job_outcome).count();
    assert!(
        outcomes * 2 > spells.len(),
        "{outcomes} of {}",
        spells.len()
    );
    let paid: f64 = r.programme_spend.iter().map(|m| m[2]).sum();
    assert!(paid > 0.0);
}

#[test]
fn a_retention_group_must_admit_people_on_no_benefit() {
    let path = crate::common::root().join("scenarios/baseline.toml");
    let text = format!(
        "extends = \"{}\"\n[[programmes]]\nname = \"R\"\nstart = \"2013-04\"\nend = \"2014-03\"\nduration_months = 6\n\
         [[programmes.payment_groups]]\nname = \"Off sick\"\nsickness_absence = true\n\
         benefits = [\"jsa\"]\nentry = \"mandatory\"\n\
         [[programmes.providers]]\nname = \"P\"\nshare = 1.0\nhours_per_participant = 1.0\n",
        path.display()
    );
    let err = load_text(&text).expect_err("refused");
    assert!(
        err.contains("programmes[2].payment_groups[0].benefits") && err.contains("\"none\""),
        "{err}"
    );
}
