//! Throughput of the engine on the bundled baseline scenario.
//!
//! `cargo bench` reports person-months per second (criterion "elements") for 12 months of
//! stepping, and for a whole run of the baseline's 213 months with the population's synthesis
//! included; people per second for synthesis alone. Bytes of state per person (the `Person`
//! and its `Hot` column) are printed once at start. Population and months are set here so the
//! bench is quick to repeat.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gapsim::engine::{Model, World};
use std::path::Path;

fn baseline(n_people: u32) -> Model {
    let mut s = gapsim::scenario::load(Path::new("scenarios/baseline.toml"))
        .expect("baseline loads")
        .into_inner();
    s.population.n_people = n_people;
    s.replications = 1;
    Model::new(gapsim::scenario::Valid::new(s).expect("valid scenario"))
}

fn step_baseline(c: &mut Criterion) {
    let n = 1_000_000;
    let months = 12;
    eprintln!(
        "bytes of state per person: {} (Person {} + Hot {})",
        std::mem::size_of::<gapsim::person::Person>() + std::mem::size_of::<gapsim::person::Hot>(),
        std::mem::size_of::<gapsim::person::Person>(),
        std::mem::size_of::<gapsim::person::Hot>()
    );
    let model = baseline(n);
    let mut g = c.benchmark_group("baseline");
    g.sample_size(10);
    g.throughput(Throughput::Elements(n as u64 * months as u64));
    // The Work Programme is active from month 0, so programmes are in the measured months.
    g.bench_function("1M people x 12 months (person-months)", |b| {
        b.iter_batched(
            || World::new(&model, 0),
            |mut w| {
                for _ in 0..months {
                    w.step();
                }
                w
            },
            criterion::BatchSize::PerIteration,
        )
    });
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function("1M people synthesis (people)", |b| {
        b.iter(|| World::new(&model, 0))
    });
    let all = model.scenario.months;
    g.throughput(Throughput::Elements(n as u64 * all as u64));
    g.bench_function(
        "1M people x 213 months with synthesis (person-months)",
        |b| {
            b.iter(|| {
                World::new(&model, 0)
                    .finish(&gapsim::cancel::Cancel::never(), &|| ())
                    .expect("never cancelled")
            })
        },
    );
    g.finish();
}

criterion_group!(benches, step_baseline);
criterion_main!(benches);
