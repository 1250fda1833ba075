//! Resource guards: before anything is allocated, estimate the memory, disk and time a request
//! needs, and refuse one that cannot fit, saying how to shrink it.
//!
//! The estimate is an upper bound built from the sizes of the structures the engine keeps:
//! every person of each world being stepped (replications run `threads` at a time; a paired run
//! steps two worlds), and, for every replication until the files are written, its monthly
//! counts and programme spells (at most the programme's starts, from its caps or, without caps,
//! one per person per programme duration), plus the output text held in memory. The time is
//! person-months over a conservative throughput per thread (see the README's performance
//! section for measured figures).

use crate::engine::Model;
use crate::metrics::{METRIC_NAMES, MonthCounts, Participation};
use crate::person::{Hot, Person};
use std::path::Path;

/// Person-months per second one thread is assumed to step (about half the measured rate of
/// the baseline, so estimates err long; programme-heavy scenarios step more people in full).
const PERSON_MONTHS_PER_THREAD_SECOND: f64 = 20.0e6;
/// Bytes of CSV text per metric value of the per-replication trajectories (three bands in
/// the summary are far smaller).
const BYTES_PER_VALUE: f64 = 12.0;

/// What a request is estimated to need.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    /// Peak memory [bytes].
    pub memory: u64,
    /// Size of the output files [bytes].
    pub output: u64,
    /// Wall-clock time [seconds].
    pub seconds: f64,
    /// People held at once (for the message).
    pub people_at_once: u64,
}

/// The estimate for running `runs` (each a model and its baseline, if paired) one after
/// another on `threads` threads, keeping every result until the files are written.
pub fn estimate(runs: &[(&Model, Option<&Model>)], threads: usize) -> Estimate {
    // In f64: at the limits of every count (10^8 people, 10^4 replications, 1200 months,
    // 250 programmes) the products overflow u64; the estimate only needs to be big.
    let size = |bytes: usize| bytes as f64;
    let (mut kept, mut live, mut people_at_once, mut person_months) = (0.0, 0.0, 0.0f64, 0.0);
    for (m, b) in runs {
        let s = &m.scenario;
        let worlds = if b.is_some() { 2.0 } else { 1.0 };
        let reps = s.replications as f64;
        let n = s.population.n_people as f64;
        let at_once = reps.min(threads.max(1) as f64);
        let per_person = size(std::mem::size_of::<Person>() + std::mem::size_of::<Hot>()) * worlds
            + f64::from(b.is_some());
        people_at_once = people_at_once.max(at_once * n * worlds);
        live = f64::max(live, at_once * n * per_person);
        let months = s.months as f64;
        let spells: f64 = m.programmes.iter().map(|p| max_spells(m, p)).sum();
        // Results per (programme, provider, payment group) cell: a replication's totals, and
        // the world's own while it runs (250 programmes × 250 groups × 250 providers is 15.6
        // million cells).
        let cells = m.n_cells as f64 * size(std::mem::size_of::<crate::metrics::CellTotals>());
        live = f64::max(live, at_once * (n * per_person + worlds * cells));
        let per_rep = worlds
            * (months * size(std::mem::size_of::<MonthCounts>())
                + spells * (size(std::mem::size_of::<Participation>()) + 2.0)
                + months * 8.0 * m.programmes.len() as f64
                + cells);
        kept += reps * per_rep;
        person_months += reps * worlds * n * months;
    }
    let output: f64 = runs
        .iter()
        .map(|(m, b)| {
            let values = m.scenario.replications as f64
                * m.scenario.months as f64
                * METRIC_NAMES.len() as f64;
            // trajectories (and impact files when paired), summaries, plots; and
            // metrics_long.csv, one row of about 48 bytes per value.
            values * BYTES_PER_VALUE * if b.is_some() { 3.0 } else { 1.0 }
                + values * 48.0
                + 2.0 * MIB
        })
        .sum();
    let bytes = |x: f64| x.min(u64::MAX as f64) as u64;
    Estimate {
        // Output text is built in memory before it is written.
        memory: bytes(live + kept + output + 64.0 * MIB),
        output: bytes(output),
        seconds: person_months / (PERSON_MONTHS_PER_THREAD_SECOND * threads.max(1) as f64),
        people_at_once: bytes(people_at_once),
    }
}

const MIB: f64 = 1048576.0;

/// The memory one [`Model`] holds [bytes]: its month-by-month tables (demand and its range
/// by area, onset growth), its spell table, and its programmes' cells. A run with uncertain
/// inputs builds one per replication.
pub fn model_bytes(m: &Model) -> u64 {
    let months = m.scenario.months as usize;
    let areas = m.demand.len();
    let tables = areas * months * (8 + 16) + months * (40 + 16);
    let programmes = m.n_cells * 64 + m.programmes.len() * 4096;
    (tables + m.spells.heap_bytes() + programmes + std::mem::size_of::<Model>()) as u64
}

/// Most programme spells one replication of `m` can hold for programme `p` [agents].
fn max_spells(m: &Model, p: &crate::programme::Programme) -> f64 {
    let months = m.scenario.months as i32;
    let window = (p.last_month.min(months - 1) - p.first_month.max(0) + 1).max(0) as f64;
    let n = m.scenario.population.n_people as f64;
    let rounds = (window / p.duration.max(1) as f64).ceil() + 1.0;
    let uncapped = n * rounds;
    let by_starts = p
        .starts_per_month
        .map_or(f64::INFINITY, |s| s * window + 1.0);
    let by_places = p.max_caseload.map_or(f64::INFINITY, |c| c as f64 * rounds);
    uncapped.min(by_starts).min(by_places).ceil()
}

/// Memory this process may still use [bytes]: the kernel's `MemAvailable`, lowered to what
/// the cgroup (a container, a Slurm job) still allows. `None` where it cannot be read.
pub fn available_memory() -> Option<u64> {
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
    let available = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemAvailable:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())?
        * 1024;
    let limits = [cgroup_room(), address_space_room()];
    Some(limits.into_iter().flatten().fold(available, u64::min))
}

/// What the process's own cgroup still allows [bytes]: cgroup v2 (`memory.max` less
/// `memory.current` at the path `/proc/self/cgroup` names, and at the root for a container
/// that mounts its own cgroup there) or v1 (`memory.limit_in_bytes` less
/// `memory.usage_in_bytes`). `None` without a limit.
fn cgroup_room() -> Option<u64> {
    let read = |p: &Path| {
        std::fs::read_to_string(p)
            .ok()
            .and_then(|s| s.trim().parse::<u64>().ok())
    };
    let own = std::fs::read_to_string("/proc/self/cgroup").unwrap_or_default();
    let mut rooms = Vec::new();
    for line in own.lines() {
        // `hierarchy:controllers:path`; v2 has an empty controller list.
        let mut parts = line.splitn(3, ':');
        let (_, controllers, path) = (parts.next(), parts.next(), parts.next());
        let (Some(controllers), Some(path)) = (controllers, path) else {
            continue;
        };
        let rel = path.trim_start_matches('/');
        if controllers.is_empty() {
            for dir in [
                Path::new("/sys/fs/cgroup").join(rel),
                "/sys/fs/cgroup".into(),
            ] {
                if let (Some(max), Some(cur)) = (
                    read(&dir.join("memory.max")),
                    read(&dir.join("memory.current")),
                ) {
                    rooms.push(max.saturating_sub(cur));
                }
            }
        } else if controllers.split(',').any(|c| c == "memory") {
            for dir in [
                Path::new("/sys/fs/cgroup/memory").join(rel),
                "/sys/fs/cgroup/memory".into(),
            ] {
                if let (Some(max), Some(cur)) = (
                    read(&dir.join("memory.limit_in_bytes")),
                    read(&dir.join("memory.usage_in_bytes")),
                ) {
                    rooms.push(max.saturating_sub(cur));
                }
            }
        }
    }
    rooms.into_iter().min()
}

/// What the process's resource limits (`ulimit -v`, `ulimit -d`) still allow [bytes]: the
/// smaller limit less what the process has mapped. `None` without a limit.
fn address_space_room() -> Option<u64> {
    let limit = |resource| {
        let mut r = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit writes one `rlimit` into the struct we own.
        let ok = unsafe { libc::getrlimit(resource, &mut r) } == 0;
        // `rlim_t` is `u64` on Linux but not on every system.
        #[allow(clippy::unnecessary_cast)]
        let cur = r.rlim_cur as u64;
        (ok && r.rlim_cur != libc::RLIM_INFINITY).then_some(cur)
    };
    let cap = [limit(libc::RLIMIT_AS), limit(libc::RLIMIT_DATA)]
        .into_iter()
        .flatten()
        .min()?;
    // VmSize is what RLIMIT_AS counts; the process's own mappings come off the limit.
    let used = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmSize:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .map_or(0, |kb| kb * 1024);
    Some(cap.saturating_sub(used))
}

/// Free space for an unprivileged writer on the file system holding `path` [bytes].
#[cfg(unix)]
pub fn free_disk(path: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let mut p = path;
    while !p.exists() {
        p = match p.parent() {
            Some(q) if q.as_os_str().is_empty() => Path::new("."),
            Some(q) => q,
            None => return None,
        };
    }
    let c = std::ffi::CString::new(p.as_os_str().as_bytes()).ok()?;
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: `c` is a valid NUL-terminated path and `st` a writable statvfs.
    if unsafe { libc::statvfs(c.as_ptr(), &mut st) } != 0 {
        return None;
    }
    Some(st.f_bavail as u64 * st.f_frsize as u64)
}

#[cfg(not(unix))]
pub fn free_disk(_: &Path) -> Option<u64> {
    None
}

/// A size in bytes as people read it: `512 MiB`, `37.2 GiB`.
pub fn human(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = bytes as f64;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{bytes} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

/// A duration as people read it: `40 s`, `12 min`, `3.5 h`.
pub fn human_time(seconds: f64) -> String {
    if seconds < 90.0 {
        format!("{:.0} s", seconds.max(1.0))
    } else if seconds < 5400.0 {
        format!("{:.0} min", seconds / 60.0)
    } else {
        format!("{:.1} h", seconds / 3600.0)
    }
}

/// Parses a size such as `512M`, `8G`, `8GiB` or `1000000` (bytes).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let num: f64 = num
        .trim()
        .parse()
        .map_err(|_| format!("expected a size such as 512M or 8G, got {s:?}"))?;
    let mult: u64 = match unit
        .trim()
        .to_ascii_uppercase()
        .trim_end_matches("IB")
        .trim_end_matches('B')
    {
        "" => 1,
        "K" => 1 << 10,
        "M" => 1 << 20,
        "G" => 1 << 30,
        "T" => 1 << 40,
        _ => return Err(format!("expected a size such as 512M or 8G, got {s:?}")),
    };
    if !(num.is_finite() && num > 0.0) {
        return Err(format!("expected a size above 0, got {s:?}"));
    }
    Ok((num * mult as f64).min(u64::MAX as f64) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_and_print() {
        assert_eq!(parse_size("512M"), Ok(512 << 20));
        assert_eq!(parse_size("8GiB"), Ok(8 << 30));
        assert_eq!(parse_size("1.5g"), Ok(3 << 29));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert!(
            parse_size("lots").is_err() && parse_size("-1G").is_err() && parse_size("5X").is_err()
        );
        assert_eq!(human(512), "512 B");
        assert_eq!(human(3 << 29), "1.5 GiB");
        assert_eq!(human_time(30.0), "30 s");
        assert_eq!(human_time(7200.0), "2.0 h");
    }

    #[test]
    fn this_machine_reports_its_memory_and_disk() {
        let m = available_memory().expect("/proc/meminfo on Linux");
        assert!(m > 1 << 20, "{m}");
        assert!(free_disk(Path::new("no/such/folder/here")).is_some());
    }
}
