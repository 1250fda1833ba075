//! Prints the log-odds offsets the synthesis needed to match the starting employment rates.
//! Offsets near 0 mean the scenario's labour-market flows are in balance at the start.
fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or("scenarios/baseline.toml".into());
    let s = gapsim::scenario::load(std::path::Path::new(&path)).expect("scenario loads");
    let model = gapsim::engine::Model::new(s);
    let w = gapsim::engine::World::new(&model, 0);
    println!("offsets [non-disabled, disabled] = {:?}", w.offsets());
}
