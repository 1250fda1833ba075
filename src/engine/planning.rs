//! Places that budgets buy: a programme with a budget whose places are planned from it
//! (`places_from_budget`) gets a starts allowance per month, planned at its first referral
//! month and re-planned at the start of each programme year (every 12 months from its first
//! referral month).
//!
//! The plan spreads what the budget can still buy evenly over the referral months left:
//!
//! ```text
//! starts per month = (budget left − payments still to come for past starts)
//!                    / cost per start / referral months left
//! ```
//!
//! - **Cost per start.** In the first programme year, before the programme has a history, the
//!   most one participant can cost ([`Programme::first_plan_price`]): a prudent plan that
//!   assumes every outcome is paid. From the second year, what starts have cost in this run
//!   (the payments fallen due so far, paid or left unpaid by a budget that ran short, over the
//!   starts so far, each start counted by the share of its payment window (duration, in-work
//!   support and outcome lags) that has passed), trusted in proportion to how much of a
//!   payment window the run has seen: `w × realised + (1 − w) × prudent price`, where `w` is
//!   the share of its window that has passed for the first month's starts. Outcome payments
//!   come late in the window, so early realised costs are low; taken alone they planned
//!   millions of places for a local programme (an absurd plan a commissioner would never make).
//! - **Payments still to come** for past starts: each start's cost times the share of its
//!   payment window still ahead.
//!
//! A programme whose payments are not per participant (block funding only) has no cost per
//! start: its starts are not capped by the plan. The plan is an allowance like
//! `starts_per_year`'s, so places, the budget rule and the caseload cap still apply.

use super::World;
use crate::programme::Programme;

impl World<'_> {
    /// Plans or re-plans the starts of each programme whose places come from its budget, at
    /// its first referral month and every 12 months after (month `t`).
    pub(super) fn plan_places(&mut self, t: i32) {
        let model = self.model;
        for (pi, prog) in model.programmes.iter().enumerate() {
            if !prog.places_from_budget || !prog.referring(t) {
                continue;
            }
            let year = t - prog.first_month;
            if year % 12 != 0 && self.planned[pi].is_some() {
                continue;
            }
            // What fell due, paid or not: payments a budget scaled down still cost a start.
            let due: f64 = self.programme_spend.iter().map(|m| m[pi]).sum::<f64>()
                + self.providers[pi].iter().map(|v| v.unpaid).sum::<f64>();
            let plan = plan(
                prog,
                t,
                &self.start_log[pi],
                due,
                self.budgets[pi].remaining,
            );
            self.planned[pi] = Some(plan);
            self.plans.push((pi, t, plan));
        }
    }
}

/// Starts per month [agents] for programme `prog` planned in month `t`, given its starts so
/// far `log` (month, starts), the payments fallen due so far (paid or not) and the budget
/// left [£ per agent].
fn plan(prog: &Programme, t: i32, log: &[(i32, u64)], due: f64, remaining: f64) -> f64 {
    let window = (prog.payment_end - prog.last_month).max(1) as f64;
    let passed = |m: i32| ((t - m) as f64 / window).clamp(0.0, 1.0);
    let effective: f64 = log.iter().map(|&(m, n)| n as f64 * passed(m)).sum();
    let prudent = prog.first_plan_price();
    let cost = match log.first() {
        Some(&(first, _)) if t - prog.first_month >= 12 && effective > 0.0 => {
            let w = passed(first);
            w * (due / effective) + (1.0 - w) * prudent
        }
        _ => prudent,
    };
    if cost <= 0.0 {
        return f64::INFINITY;
    }
    let to_come: f64 = log
        .iter()
        .map(|&(m, n)| n as f64 * (1.0 - passed(m)) * cost)
        .sum();
    let months_left = (prog.last_month - t + 1).max(1) as f64;
    ((remaining - to_come).max(0.0) / cost / months_left).max(0.0)
}
