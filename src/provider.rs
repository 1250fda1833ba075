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
//!
//! When no participant has any value to the provider (block or fee-for-service funding with
//! no social mission), nothing favours anyone: the hours are shared out equally.
//!
//! A provider's balance starts at 0 on the contract; once its loss exceeds its reserves it
//! hands the contract back (the engine moves or drops its participants).

/// A provider's state over the run [£ per agent-scaled unit].
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct ProviderState {
    /// Payments received so far.
    pub income: f64,
    /// Adviser hours paid for so far.
    pub costs: f64,
    /// Payments that fell due but were not made because the budget ran short.
    pub unpaid: f64,
    /// Model month in which the contract was handed back; `None` while it is held.
    pub handed_back: Option<i32>,
    /// At the hand-back: participants moved to the remaining providers, and participants
    /// whose spell ended there (`on_hand_back = "drop_out"`, or no provider left) [agents].
    #[serde(default)]
    pub moved: u64,
    #[serde(default)]
    pub dropped: u64,
}

impl ProviderState {
    pub fn active(&self) -> bool {
        self.handed_back.is_none()
    }

    /// Income minus costs on this contract so far.
    pub fn balance(&self) -> f64 {
        self.income - self.costs
    }
}

/// Splits `budget` hours across participants with marginal values at zero hours `gains`
/// (≥ 0), support scale `scale` and at most `caps[i]` hours each. Writes hours into `hours`.
///
/// Deterministic, and monotone: of two participants with the same cap, the one with the
/// higher gain never gets fewer hours. Hours that no participant with a gain can absorb go
/// in equal shares to those without one.
pub fn allocate(gains: &[f64], caps: &[f64], budget: f64, scale: f64, hours: &mut Vec<f64>) {
    debug_assert_eq!(gains.len(), caps.len());
    hours.clear();
    hours.resize(gains.len(), 0.0);
    if budget <= 0.0 {
        return;
    }
    let valued = |i: usize| gains[i] > 0.0 && caps[i] > 0.0;
    let idx = || (0..gains.len()).filter(|&i| valued(i));
    // ln g_i, taken once rather than in each of the bisection's 60 passes (same values).
    let ln_gains: Vec<f64> = gains.iter().map(|g| g.ln()).collect();
    let mut used = 0.0;
    if let Some(g_max) = idx().map(|i| gains[i]).reduce(f64::max) {
        let at = |ln_lambda: f64| -> f64 {
            idx()
                .map(|i| (scale * (ln_gains[i] - ln_lambda)).clamp(0.0, caps[i]))
                .sum()
        };
        let g_min = idx().map(|i| gains[i]).reduce(f64::min).unwrap_or(g_max);
        let cap_max = idx().map(|i| caps[i]).fold(0.0, f64::max);
        // At λ = g_min·exp(−cap_max/scale) everyone with a gain gets their cap.
        let mut lo = g_min.ln() - cap_max / scale - 1.0;
        let mut hi = g_max.ln();
        if at(lo) <= budget {
            hi = lo;
        } else {
            for _ in 0..60 {
                let mid = 0.5 * (lo + hi);
                if at(mid) > budget { lo = mid } else { hi = mid }
            }
        }
        for i in idx() {
            hours[i] = (scale * (ln_gains[i] - hi)).clamp(0.0, caps[i]);
            used += hours[i];
        }
    }
    // What is left goes equally to those the provider sees no value in (water-filling on caps).
    let rest = budget - used;
    let unvalued: Vec<usize> = (0..gains.len())
        .filter(|&i| !valued(i) && caps[i] > 0.0)
        .collect();
    if rest > 1e-9 && !unvalued.is_empty() {
        let total = |level: f64| unvalued.iter().map(|&i| caps[i].min(level)).sum::<f64>();
        let top = unvalued.iter().map(|&i| caps[i]).fold(0.0, f64::max);
        let level = if total(top) <= rest {
            top
        } else {
            let (mut lo, mut hi) = (0.0, top);
            for _ in 0..60 {
                let mid = 0.5 * (lo + hi);
                if total(mid) > rest {
                    hi = mid
                } else {
                    lo = mid
                }
            }
            lo
        };
        for &i in &unvalued {
            hours[i] = caps[i].min(level);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_follow_value_and_respect_the_budget() {
        let gains = [10.0, 5.0, 1.0, 0.01, 0.0];
        let mut h = Vec::new();
        allocate(&gains, &[20.0; 5], 12.0, 5.0, &mut h);
        let total: f64 = h.iter().sum();
        assert!((total - 12.0).abs() < 1e-6, "{h:?}");
        assert!(h.windows(2).all(|w| w[0] >= w[1]), "{h:?}");
        assert_eq!(h[3], 0.0, "the least valuable participant is parked: {h:?}");
        assert_eq!(h[4], 0.0);
    }

    #[test]
    fn hours_nobody_values_are_shared_equally() {
        let mut h = Vec::new();
        allocate(
            &[3.0, 2.0, 0.0, 0.0],
            &[8.0, 8.0, 8.0, 2.0],
            30.0,
            5.0,
            &mut h,
        );
        assert_eq!(&h[..2], &[8.0, 8.0]);
        assert_eq!(h[3], 2.0, "capped");
        assert!((h[2] - 8.0).abs() < 1e-6, "{h:?}");
        allocate(&[0.0; 4], &[8.0; 4], 10.0, 5.0, &mut h);
        assert!(h.iter().all(|x| (x - 2.5).abs() < 1e-6), "{h:?}");
    }

    #[test]
    fn no_budget_means_no_hours() {
        let mut h = Vec::new();
        allocate(&[3.0, 2.0], &[8.0, 8.0], 0.0, 5.0, &mut h);
        assert_eq!(h, vec![0.0, 0.0]);
    }
}
