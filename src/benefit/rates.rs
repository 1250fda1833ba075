//! The legislated amounts of the benefit system by month, April 2013 to December 2030: law,
//! not scenario keys (`scenario::benefits` has the switches that change them).
//!
//! Each table is a step function: a value holds from its month until the next row. Amounts
//! are for a single person aged 25 or over [£ a month, or £ a week where the name says so],
//! converted to months as 52/12 weeks. A rule in force from a date inside a month applies
//! from the first whole month after it. After the last legislated year (2026-27) the amounts
//! are uprated each April from 2027 by an assumed CPI (`benefits.uprating_after_2026`, set by
//! hand): the standard allowance with the Universal Credit Act 2025's real rises (s.1: CPI
//! plus 2.3% in 2026-27, 3.1% in 2027-28, 4.0% in 2028-29, 4.8% in 2029-30, cumulative), work
//! allowances, JSA and PIP with CPI; the health (LCWRA) and LCW elements, for new and earlier
//! claims, frozen to 2029-30 (s.3) and uprated from April 2030 (the protection of s.4, that an
//! earlier claimant's standard allowance and health element together rise at least with CPI,
//! is not modelled). The National Living Wage, and with it the administrative earnings
//! threshold, grows from April 2027 with median pay (`benefit::uc`).
//!
//! Sources (PE: the PolicyEngine UK repository's dated parameters under
//! `policyengine_uk/parameters/gov/`, fetched 2026-11-30; CAL: `../shared/CALIBRATION-UC.md`):
//! - UC standard allowance: PE `dwp/universal_credit/standard_allowance/amount.yaml`; the
//!   2013-14 value £311.55 is derived (2014-15 less the 1% uprating: CAL A3, unverified); the
//!   2020-21 uplifted rate is £409.89 (SI 2020/234 Sch 13; PE's 2020 row is the 2021 rate).
//! - LCWRA (health element): PE `elements/disabled/amount.yaml` from 2016; 2013–2015 held at
//!   the 2016 value (not retrieved). 2026: £429.80 protected (CAL A3, Scope forum), £217.26
//!   for new claims (Universal Credit Act 2025 s.2).
//! - LCW element: £124.86 (2014), £128.25 (2020), £146.31 (2023), £156.11 (2024), £158.76
//!   (2025) (SI 2014/147; SI 2020/234; CAL A3); the years between are interpolated, 2013 held
//!   at 2014, 2026 frozen (Act s.3).
//! - Work allowances and taper: PE `means_test/work_allowance.yaml`, `reduction_rate.yaml`;
//!   2013–2015 allowances held at the 2016 values (not retrieved).
//! - JSA and the ESA assessment-phase rate (25+, weekly): £71.70 (2013), £72.40 (2014),
//!   £73.10 (2015–2019), £74.35, £74.70, £77.00, £84.80, £90.50, £92.05 (2025) (gov.uk
//!   benefit and pension rates; PE `JSA/income/amount_over_25.yaml` to 2022); 2026 £95.55,
//!   derived (+3.8%, September 2025 CPI).
//! - ESA components (weekly): work-related activity £29.05, support £37.65 (2017) (CAL A3);
//!   the support component in other years is scaled with the LCWRA element (derived).
//!   Legacy incapacity benefit is paid at the ESA support group's rate (an approximation).
//! - PIP (weekly, daily living standard/enhanced, mobility standard/enhanced): PE `dwp/pip/`
//!   from 2015; 2013 and 2014 from the DWP benefit rates of those years. A DLA award is
//!   paid at PIP's standard rates (an approximation).
//! - National Living Wage (25+, from 2021 23+, from 2024 21+): PE
//!   `hmrc/minimum_wage/non_apprentice.yaml`; £10.42 (April 2023) from gov.uk (missing in PE).
//! - Administrative earnings threshold: the equivalent of 8.62 hours a week at the National
//!   Living Wage until September 2022, then 12 hours (26 September 2022: £494), 15 hours (30
//!   January 2023), 18 hours (13 May 2024: SI 2024/536) (housingsystems.co.uk; wha.org.uk;
//!   nesaf.co.uk). Before 2022 the threshold was a cash amount (£355 in 2022); holding it at
//!   8.62 hours is an approximation.

use crate::calendar::YearMonth;
use crate::scenario::ReformConfig;

/// Weeks in a month.
pub const WEEKS_PER_MONTH: f64 = 52.0 / 12.0;

type Row = (i32, u32, f64);

const STANDARD_ALLOWANCE: &[Row] = &[
    (2013, 4, 311.55),
    (2014, 4, 314.67),
    (2015, 4, 317.82),
    (2020, 4, 409.89),
    (2021, 4, 411.51),
    (2021, 10, 324.84),
    (2022, 4, 334.91),
    (2023, 4, 368.74),
    (2024, 4, 393.45),
    (2025, 4, 400.14),
    (2026, 4, 424.90),
];

const LCWRA: &[Row] = &[
    (2013, 4, 315.60),
    (2017, 4, 318.76),
    (2018, 4, 328.32),
    (2019, 4, 336.20),
    (2020, 4, 341.92),
    (2021, 4, 343.63),
    (2022, 4, 354.28),
    (2023, 4, 390.06),
    (2024, 4, 416.19),
    (2025, 4, 423.27),
    (2026, 4, 429.80),
];

/// The health element for claims made from April 2026 under the Universal Credit Act 2025,
/// frozen to 2029-30.
pub const LCWRA_NEW_CLAIMS_2026: f64 = 217.26;

const LCW: &[Row] = &[
    (2013, 4, 124.86),
    (2015, 4, 125.42),
    (2016, 4, 125.98),
    (2017, 4, 126.55),
    (2018, 4, 127.11),
    (2019, 4, 127.68),
    (2020, 4, 128.25),
    (2021, 4, 134.27),
    (2022, 4, 140.29),
    (2023, 4, 146.31),
    (2024, 4, 156.11),
    (2025, 4, 158.76),
];

/// Work allowance with housing costs (lower) [£ a month].
const WORK_ALLOWANCE_LOWER: &[Row] = &[
    (2013, 4, 192.0),
    (2018, 4, 198.0),
    (2019, 4, 287.0),
    (2020, 4, 292.0),
    (2021, 4, 293.0),
    (2021, 12, 335.0),
    (2022, 4, 344.0),
    (2023, 4, 379.0),
    (2024, 4, 404.0),
    (2025, 4, 411.0),
    (2026, 4, 427.0),
];

/// Work allowance without housing costs (higher) [£ a month].
const WORK_ALLOWANCE_HIGHER: &[Row] = &[
    (2013, 4, 397.0),
    (2018, 4, 409.0),
    (2019, 4, 503.0),
    (2020, 4, 512.0),
    (2021, 4, 515.0),
    (2021, 12, 557.0),
    (2022, 4, 573.0),
    (2023, 4, 631.0),
    (2024, 4, 673.0),
    (2025, 4, 684.0),
    (2026, 4, 710.0),
];

/// The allowances before the November 2021 rise, uprated as they were (2022–2026: the
/// legislated allowances less the rise, £42 lower and £42 higher in 2021 cash, uprated with
/// them: derived).
const WORK_ALLOWANCE_LOWER_NO_2021: &[Row] = &[
    (2021, 12, 293.0),
    (2022, 4, 301.0),
    (2023, 4, 331.0),
    (2024, 4, 353.0),
    (2025, 4, 359.0),
    (2026, 4, 373.0),
];
const WORK_ALLOWANCE_HIGHER_NO_2021: &[Row] = &[
    (2021, 12, 515.0),
    (2022, 4, 530.0),
    (2023, 4, 583.0),
    (2024, 4, 622.0),
    (2025, 4, 632.0),
    (2026, 4, 656.0),
];

const TAPER: &[Row] = &[(2013, 4, 0.65), (2017, 4, 0.63), (2021, 12, 0.55)];

/// JSA (and the ESA assessment-phase rate), 25+ [£ a week].
const JSA_WEEKLY: &[Row] = &[
    (2013, 4, 71.70),
    (2014, 4, 72.40),
    (2015, 4, 73.10),
    (2020, 4, 74.35),
    (2021, 4, 74.70),
    (2022, 4, 77.00),
    (2023, 4, 84.80),
    (2024, 4, 90.50),
    (2025, 4, 92.05),
    (2026, 4, 95.55),
];

const ESA_WRAG_WEEKLY: f64 = 29.05;
/// The ESA support component's ratio to the LCWRA element: £37.65 a week against £318.76 a
/// month in 2017 (derived).
const ESA_SUPPORT_TO_LCWRA: f64 = 37.65 * WEEKS_PER_MONTH / 318.76;

/// PIP weekly rates: daily living standard, enhanced; mobility standard, enhanced.
const PIP_WEEKLY: &[(i32, u32, [f64; 4])] = &[
    (2013, 4, [53.00, 79.15, 21.00, 55.25]),
    (2014, 4, [54.45, 81.30, 21.55, 56.75]),
    (2015, 4, [55.10, 82.30, 21.80, 57.45]),
    (2017, 4, [55.65, 83.10, 22.00, 58.00]),
    (2018, 4, [57.30, 85.60, 22.65, 59.75]),
    (2019, 4, [58.70, 87.65, 23.20, 61.20]),
    (2020, 4, [59.70, 89.15, 23.60, 62.25]),
    (2021, 4, [60.00, 89.60, 23.70, 62.55]),
    (2022, 4, [61.85, 92.40, 24.45, 64.50]),
    (2023, 4, [68.10, 101.75, 26.90, 71.00]),
    (2024, 4, [72.65, 108.55, 28.70, 75.75]),
    (2025, 4, [73.90, 110.40, 29.20, 77.05]),
    (2026, 4, [76.70, 114.60, 30.30, 80.00]),
];

/// National Living Wage (the adult minimum wage) [£ an hour].
const NATIONAL_LIVING_WAGE: &[Row] = &[
    (2013, 4, 6.19),
    (2013, 10, 6.31),
    (2014, 10, 6.50),
    (2015, 10, 6.70),
    (2016, 4, 7.20),
    (2017, 4, 7.50),
    (2018, 4, 7.83),
    (2019, 4, 8.21),
    (2020, 4, 8.72),
    (2021, 4, 8.91),
    (2022, 4, 9.50),
    (2023, 4, 10.42),
    (2024, 4, 11.44),
    (2025, 4, 12.21),
    (2026, 4, 12.71),
];

/// Hours a week at the National Living Wage of the administrative earnings threshold.
const AET_HOURS: &[Row] = &[
    (2013, 4, 8.62),
    (2022, 10, 12.0),
    (2023, 2, 15.0),
    (2024, 6, 18.0),
];

fn at<T: Copy>(rows: &[(i32, u32, T)], d: YearMonth) -> T {
    let key = d.year() * 12 + d.month() as i32;
    rows.iter()
        .take_while(|(y, m, _)| y * 12 + *m as i32 <= key)
        .last()
        .unwrap_or(&rows[0])
        .2
}

/// The amounts in force in one month [£ a month unless stated].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rates {
    pub standard_allowance: f64,
    /// The LCWRA (health) element of a claim made before the month's new-claim rules.
    pub lcwra: f64,
    /// The LCWRA element of a claim made from April 2026 (`health_element_2026`).
    pub lcwra_new: f64,
    /// The month from which a health claim counts as new for `lcwra_new` [model-independent
    /// calendar month], if that rule is in force.
    pub lcwra_new_from: Option<YearMonth>,
    pub lcw: f64,
    /// The month from which new claims get no LCW element or ESA work-related activity
    /// component, if that rule is in force.
    pub lcw_removed_from: Option<YearMonth>,
    /// Work allowances [with housing costs, without].
    pub work_allowance: [f64; 2],
    /// Share of earnings above the work allowance withdrawn from the award.
    pub taper: f64,
    /// The administrative earnings threshold: earning less, an in-work claimant is searching
    /// for work (and counted in the claimant count).
    pub aet: f64,
    /// The National Living Wage [£ an hour].
    pub national_living_wage: f64,
    pub jsa: f64,
    pub esa_wrag_component: f64,
    pub esa_support_component: f64,
    /// PIP [none, standard, enhanced] with the mobility component at the same rate; DLA at
    /// the standard rates.
    pub pip: [f64; 3],
}

impl Rates {
    /// The amounts of calendar month `d` with the reforms `r`.
    pub fn at(d: YearMonth, r: &ReformConfig, cpi: f64) -> Self {
        let month = |y, m| YearMonth::new(y, m).expect("a valid month");
        // Aprils from 2027 reached by `d`: the CPI upratings beyond the legislated years.
        let year = if d.month() >= 4 {
            d.year()
        } else {
            d.year() - 1
        };
        let upratings = (year - 2026).max(0);
        let prices = (1.0 + cpi).powi(upratings);
        // The Act's real rise of the standard allowance by 2029-30, over 2026-27's (in the
        // table already).
        let real = match year {
            ..=2026 => 1.0,
            2027 => 1.031 / 1.023,
            2028 => 1.040 / 1.023,
            _ => 1.048 / 1.023,
        };
        // The elements frozen to 2029-30, uprated from April 2030.
        let elements = (1.0 + cpi).powi((year - 2029).max(0));
        let lcwra = at(LCWRA, d) * elements;
        let after_2021 = d >= month(2021, 12);
        let (taper, lower, higher) = if !r.taper_cut_2021 && after_2021 {
            (
                0.63,
                at(WORK_ALLOWANCE_LOWER_NO_2021, d),
                at(WORK_ALLOWANCE_HIGHER_NO_2021, d),
            )
        } else {
            (
                at(TAPER, d),
                at(WORK_ALLOWANCE_LOWER, d),
                at(WORK_ALLOWANCE_HIGHER, d),
            )
        };
        let nlw = at(NATIONAL_LIVING_WAGE, d);
        let pip = at(PIP_WEEKLY, d).map(|x| x * prices);
        Self {
            standard_allowance: at(STANDARD_ALLOWANCE, d) * prices * real,
            lcwra,
            lcwra_new: if r.health_element_2026 && d >= month(2026, 4) {
                LCWRA_NEW_CLAIMS_2026 * elements
            } else {
                lcwra
            },
            lcwra_new_from: r.health_element_2026.then(|| month(2026, 4)),
            lcw: at(LCW, d) * elements,
            lcw_removed_from: r.lcw_element_removal_2017.then(|| month(2017, 4)),
            work_allowance: [lower * prices, higher * prices],
            taper,
            aet: at(AET_HOURS, d) * nlw * WEEKS_PER_MONTH,
            national_living_wage: nlw,
            jsa: at(JSA_WEEKLY, d) * WEEKS_PER_MONTH * prices,
            esa_wrag_component: ESA_WRAG_WEEKLY * WEEKS_PER_MONTH,
            esa_support_component: lcwra * ESA_SUPPORT_TO_LCWRA,
            pip: [
                0.0,
                (pip[0] + pip[2]) * WEEKS_PER_MONTH,
                (pip[1] + pip[3]) * WEEKS_PER_MONTH,
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32) -> YearMonth {
        YearMonth::new(y, m).unwrap()
    }

    #[test]
    fn the_tables_are_in_date_order() {
        let tables: [&[Row]; 11] = [
            STANDARD_ALLOWANCE,
            LCWRA,
            LCW,
            WORK_ALLOWANCE_LOWER,
            WORK_ALLOWANCE_HIGHER,
            WORK_ALLOWANCE_LOWER_NO_2021,
            WORK_ALLOWANCE_HIGHER_NO_2021,
            TAPER,
            JSA_WEEKLY,
            NATIONAL_LIVING_WAGE,
            AET_HOURS,
        ];
        for t in tables {
            assert!(t.windows(2).all(|w| (w[0].0, w[0].1) < (w[1].0, w[1].1)));
        }
    }

    #[test]
    fn after_2026_27_the_amounts_are_uprated_as_the_act_and_the_cpi_assumption_say() {
        let r = ReformConfig::default();
        let (y26, y27) = (
            Rates::at(d(2027, 3), &r, 0.02),
            Rates::at(d(2027, 4), &r, 0.02),
        );
        // 2026-27 is law whatever the assumption.
        assert_eq!(y26, Rates::at(d(2027, 3), &r, 0.10));
        // The standard allowance: CPI and the Act's further real rise (3.1% over 2.3%).
        let sa = 424.90 * 1.02 * 1.031 / 1.023;
        assert!((y27.standard_allowance - sa).abs() < 1e-9);
        assert!((y27.jsa / y26.jsa - 1.02).abs() < 1e-12);
        assert!((y27.pip[2] / y26.pip[2] - 1.02).abs() < 1e-12);
        assert!((y27.work_allowance[0] / y26.work_allowance[0] - 1.02).abs() < 1e-12);
        // The health element, new claims' and earlier ones', frozen to 2029-30.
        let y29 = Rates::at(d(2030, 3), &r, 0.02);
        assert_eq!((y29.lcwra, y29.lcwra_new), (429.80, 217.26));
        let y30 = Rates::at(d(2030, 4), &r, 0.02);
        assert!((y30.lcwra - 429.80 * 1.02).abs() < 1e-9);
        assert!((y30.lcwra_new - 217.26 * 1.02).abs() < 1e-9);
        let sa30 = 424.90 * 1.02f64.powi(4) * 1.048 / 1.023;
        assert!((y30.standard_allowance - sa30).abs() < 1e-9);
    }

    #[test]
    fn the_legislated_steps_fall_in_their_months() {
        let r = ReformConfig::default();
        assert_eq!(Rates::at(d(2017, 3), &r, 0.02).taper, 0.65);
        assert_eq!(Rates::at(d(2017, 4), &r, 0.02).taper, 0.63);
        assert_eq!(Rates::at(d(2021, 11), &r, 0.02).taper, 0.63);
        assert_eq!(Rates::at(d(2021, 12), &r, 0.02).taper, 0.55);
        assert_eq!(Rates::at(d(2021, 9), &r, 0.02).standard_allowance, 411.51);
        assert_eq!(Rates::at(d(2021, 10), &r, 0.02).standard_allowance, 324.84);
        let y2026 = Rates::at(d(2026, 5), &r, 0.02);
        assert_eq!((y2026.lcwra, y2026.lcwra_new), (429.80, 217.26));
        // The 18-hour threshold of May 2024: £892 a month at £11.44 (SI 2024/536).
        assert!((Rates::at(d(2024, 6), &r, 0.02).aet - 892.0).abs() < 1.0);
        // Without the 2021 budget, the taper stays at 63% and the allowances lower.
        let no = ReformConfig {
            taper_cut_2021: false,
            ..r.clone()
        };
        let (with, without) = (
            Rates::at(d(2023, 5), &r, 0.02),
            Rates::at(d(2023, 5), &no, 0.02),
        );
        assert_eq!(without.taper, 0.63);
        assert!(without.work_allowance[0] < with.work_allowance[0]);
        assert_eq!(
            Rates::at(d(2021, 5), &no, 0.02),
            Rates::at(d(2021, 5), &r, 0.02)
        );
        // Without the 2026 Act, new claims get the same element as the rest.
        let no = ReformConfig {
            health_element_2026: false,
            ..r
        };
        let x = Rates::at(d(2027, 1), &no, 0.02);
        assert_eq!(x.lcwra_new, x.lcwra);
    }
}
