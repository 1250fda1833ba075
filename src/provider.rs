//! Providers: agents that hold a programme contract and allocate adviser hours.
//!
//! Each month a provider has the hours its staffing and cash allow. It values an hour spent on
//! a participant by what it expects that hour to earn, as it *perceives* the participant (see
//! `assessment`): the gain in the chance of a job (or of keeping one) times the payments that
//! job would bring, plus, with a social mission weight, a value on the job itself. Support
//! has diminishing returns, `1 − exp(−h/scale)`, so the marginal value of the h-th hour to
//! participant i is `g_i · exp(−h/scale)`. Hours go where they are worth most: the water-
//! filling solution `h_i = clamp(scale · ln(g_i / λ), 0, max)`, with λ set so the hours add up
//! to the budget. Nothing here says "help the easy cases": creaming and parking emerge because
//! under flat prices `g_i` is highest for those who look closest to work.

/// A provider's state over the run.
#[derive(Clone, Debug, Default)]
pub struct ProviderState {
    /// Cash balance [£]: starts at `initial_cash`, plus payments, minus adviser hours.
    pub cash: f64,
}

/// Splits `budget` hours across participants with marginal values at zero hours `gains`
/// (≥ 0), support scale `scale` and at most `max_hours` each. Writes hours into `hours`.
///
/// Deterministic, and monotone: a participant with a higher gain never gets fewer hours.
pub fn allocate(gains: &[f64], budget: f64, scale: f64, max_hours: f64, hours: &mut Vec<f64>) {
    hours.clear();
    hours.resize(gains.len(), 0.0);
    let positive = || gains.iter().copied().filter(|g| *g > 0.0);
    let Some(g_max) = positive().reduce(f64::max) else {
        return;
    };
    if budget <= 0.0 {
        return;
    }
    let at = |ln_lambda: f64| -> f64 {
        gains
            .iter()
            .map(|&g| {
                if g > 0.0 {
                    (scale * (g.ln() - ln_lambda)).clamp(0.0, max_hours)
                } else {
                    0.0
                }
            })
            .sum()
    };
    let g_min = positive().reduce(f64::min).unwrap_or(g_max);
    // At λ = g_min·exp(−max/scale) everyone with a gain gets the maximum.
    let mut lo = g_min.ln() - max_hours / scale - 1.0;
    let mut hi = g_max.ln();
    if at(lo) <= budget {
        hi = lo;
    } else {
        for _ in 0..60 {
            let mid = 0.5 * (lo + hi);
            if at(mid) > budget { lo = mid } else { hi = mid }
        }
    }
    for (h, &g) in hours.iter_mut().zip(gains) {
        *h = if g > 0.0 {
            (scale * (g.ln() - hi)).clamp(0.0, max_hours)
        } else {
            0.0
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_follow_value_and_respect_the_budget() {
        let gains = [10.0, 5.0, 1.0, 0.01, 0.0];
        let mut h = Vec::new();
        allocate(&gains, 12.0, 5.0, 20.0, &mut h);
        let total: f64 = h.iter().sum();
        assert!((total - 12.0).abs() < 1e-6, "{h:?}");
        assert!(h.windows(2).all(|w| w[0] >= w[1]), "{h:?}");
        assert_eq!(h[3], 0.0, "the least valuable participant is parked: {h:?}");
        assert_eq!(h[4], 0.0);
    }

    #[test]
    fn a_big_budget_gives_everyone_with_value_the_maximum() {
        let mut h = Vec::new();
        allocate(&[3.0, 2.0, 0.0], 1000.0, 5.0, 8.0, &mut h);
        assert_eq!(h, vec![8.0, 8.0, 0.0]);
    }

    #[test]
    fn no_budget_means_no_hours() {
        let mut h = Vec::new();
        allocate(&[3.0, 2.0], 0.0, 5.0, 8.0, &mut h);
        assert_eq!(h, vec![0.0, 0.0]);
    }
}
