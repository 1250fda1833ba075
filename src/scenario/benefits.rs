//! The benefit system after 2013: Universal Credit's rollout and rules (`[benefits.universal_credit]`),
//! PIP and DLA (`[benefits.pip]`), the reforms of 2017–2026 as switches
//! (`[benefits.reforms]`), and the earnings of jobs that in-work claims and work incentives
//! need (`[earnings]`).
//!
//! The legislated amounts (standard allowance, elements, work allowances, taper, JSA, ESA, PIP
//! rates, the minimum wage and the administrative earnings threshold) are not scenario keys:
//! they are law, dated and cited in `crate::benefit::rates`. A scenario turns the reforms on or
//! off, or moves their dates with `[[changes]]`. The defaults here are the rollout as it
//! happened (dates sourced: `../shared/CALIBRATION-UC.md` §A1) with the shares between the
//! dated steps set by hand.

use crate::calendar::YearMonth;
use serde::{Deserialize, Serialize};

/// A dated value of a path, piecewise linear between points and flat outside them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatedValue {
    pub date: YearMonth,
    pub value: f64,
}

/// A point of Universal Credit's rollout: the share of new claims made to UC rather than a
/// legacy benefit, for jobseekers and for claims on health grounds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RolloutPoint {
    pub date: YearMonth,
    /// Share of new jobseeker claims made to UC (searching for work) [0–1].
    pub jobseekers: f64,
    /// Share of new claims on health grounds made to UC (assessed by the WCA under UC) [0–1].
    pub health: f64,
}

fn ym(y: i32, m: u32) -> YearMonth {
    YearMonth::new(y, m).expect("a valid month")
}

fn dated(points: &[(i32, u32, f64)]) -> Vec<DatedValue> {
    points
        .iter()
        .map(|&(y, m, value)| DatedValue {
            date: ym(y, m),
            value,
        })
        .collect()
}

/// Universal Credit: its rollout, managed migration, in-work claims and work incentives.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UniversalCreditConfig {
    /// The share of new claims made to UC, piecewise linear between dated points. Default:
    /// none before the Pathfinder (April 2013); single jobseekers in every jobcentre through
    /// the Live Service (February 2015 to April 2016), about 0.3 of new jobseeker claims (set
    /// by hand); then the full service, which took every claim, by its share of jobcentres:
    /// 0.05 in December 2016 (set by hand), 101 jobcentres by July 2017 and no more until
    /// October (DWP press release, 2 October 2017), 235 by January 2018 after 134 more
    /// (Commons Library, *Universal Credit: how is my constituency affected?*, 2017), each a
    /// share of about 640 jobcentres (approximate), and every jobcentre by December 2018, when
    /// new claims to income-based JSA and income-related ESA ended (DWP, *UC WCA statistics:
    /// background information*). Jobseekers' share is the Live Service's 0.3 plus 0.7 of the
    /// full service's. A claimant already on UC stays on UC whatever the share; workers claim
    /// only where the full service runs (`benefit::in_work_claim`).
    pub new_claims: Vec<RolloutPoint>,
    /// Managed migration: the monthly probability that a legacy claim (JSA, ESA, incapacity
    /// benefit) still open is moved to UC, piecewise linear between dated points. Default: the
    /// Harrogate pilot (July 2019, about 13 moves) is too small to show; the ESA migration
    /// announced on 19 April 2024 sent notices from September 2024 to complete in March 2026
    /// (benefitsandwork.co.uk), when income-based JSA and the rest close (1 April 2026): 0.06 a
    /// month from September 2024 (set by hand to leave about a quarter by February 2026), then
    /// all at the closure (`legacy_closure`). The workers who stand for tax credits have a path
    /// of their own (`tax_credit_migration`).
    pub managed_migration: Vec<DatedValue>,
    /// Managed migration of tax credits: the monthly probability that a worker who stands for
    /// one on them (`benefit::in_work_claim`) is moved to UC, piecewise linear between dated
    /// points, until `tax_credit_closure` moves the rest. Default: migration notices went to
    /// households on tax credits alone from April 2023 to April 2024 and to the rest of tax
    /// credits in 2024-25, all by the end of 2024-25 (DWP's timetable, as published by local
    /// authorities, e.g. City of York Council; revenuebenefits.org.uk, LITRG): 0.06 a month from
    /// April 2023 (set by hand, as the legacy benefits' path: about a quarter are left for the
    /// closure).
    pub tax_credit_migration: Vec<DatedValue>,
    /// The month the legacy benefits close: from it every new claim goes to UC whatever
    /// `new_claims` says, and every legacy claim still open moves to UC (less the notices
    /// closed without a claim), whatever `managed_migration` says. Default March 2026: income-
    /// based JSA, income-related ESA and the rest closed on 1 April 2026 after the migration
    /// notices of September 2024 to March 2026 (benefitsandwork.co.uk). A date after the run
    /// keeps them open.
    pub legacy_closure: YearMonth,
    /// The month tax credits close: their managed migration (`tax_credit_migration`) reaches
    /// the workers who stand for them (entitled to UC and not on it, in a job of
    /// `tax_credit_hours`: the model has no tax credits) until then, and in this month the rest
    /// move (less the notices closed without a claim); never after, as nobody
    /// has been on tax credits since. Default April 2025: tax credits ended on 5 April 2025
    /// (HMRC; Low Incomes Tax Reform Group).
    pub tax_credit_closure: YearMonth,
    /// Weekly hours at or above which a disabled worker, or one aged 60 or over, entitled to UC
    /// and not on it stands for one on Working Tax Credit, and so is reached by tax credits'
    /// managed migration and closure (`benefit::on_tax_credits`; someone with the elements
    /// standing for children or housing costs is reached at any hours) [hours a week]. Default
    /// 16: the Working Tax Credit (Entitlement and Maximum Rate) Regulations 2002, reg. 4;
    /// gov.uk, *Working Tax Credit: eligibility*. Workers not reached may still claim UC of
    /// their own accord (`in_work_claim_rate`).
    pub tax_credit_hours: f64,
    /// The same for other workers aged 25 or over [hours a week]; under 25, only the disabled
    /// and those with children qualified. Default 30, the same sources. Above the full-time
    /// week (`earnings.full_time_hours`) nobody qualifies this way.
    pub tax_credit_hours_others: f64,
    /// Share of migration notices closed without a UC claim: those claimants leave benefit
    /// [0–1]. Default 0.147, derived: 346,271 of 2,351,438 notices to end-September 2025
    /// (DWP managed migration statistics, via policy-wire.co.uk, secondary).
    pub migration_non_claim: f64,
    /// Share of unemployed people without a health claim who claim UC, searching for work,
    /// where UC takes their claim (JSA's is `benefits.jsa_take_up`). UC replaced six benefits,
    /// so people who would have claimed only housing benefit or tax credits now claim it and
    /// are asked to search for work: the claimant count rose about 70% from November 2015 to
    /// November 2019 through the rollout alone (Commons Library CBP-7927). Fitted to the
    /// claimant count of March 2020, 1.24 million (ONS); later counts are checked.
    pub jobseeker_take_up: f64,
    /// Share of those who qualify for new-style JSA beside a UC claim searching for work who
    /// claim it ([`crate::benefit::new_style_jsa`]): it pays them nothing more, so many do not.
    /// It moves only the JSA caseload. Fitted to the JSA caseload of August 2022, 89,000 (DWP
    /// benefits statistics), when legacy JSA had all but gone; later caseloads and that of
    /// February 2019 are checked.
    pub new_style_jsa_take_up: f64,
    /// Assessed severity at or above which the WCA under UC finds limited capability for work
    /// and work-related activity (the health element); the line for limited capability for
    /// work is ESA's (`benefits.wca_wrag_cut`). Under UC far more claimants are placed in the
    /// LCWRA group than were in ESA's support group: fitted to the LCWRA share of the UC
    /// health caseload that has had a WCA, 79% in September 2023 (1.3 million of 1.64
    /// million: DWP, *UC WCA statistics* to September 2023); the 2024 shares are checked.
    pub lcwra_cut: f64,
    /// Monthly probability that someone in work entitled to UC who is not on it claims
    /// [probability per month]. Set by hand.
    pub in_work_claim_rate: f64,
    /// Monthly probability that someone whose hours collapsed while they kept their job
    /// ([`Self::hours_collapse`]) claims UC [probability per month]. Set by hand: most such
    /// claims in 2020 came within weeks (3.7 million claims 13 March to October 2020, DWP UC
    /// statistics via rightsnet).
    pub collapse_claim_rate: f64,
    /// Monthly probability that an in-work UC claim is looked at again (a change of
    /// circumstances or earnings): an award fallen to nothing ends the claim [probability per
    /// month]. Set by hand.
    pub in_work_review_rate: f64,
    /// Share of people whose award would carry elements the model does not simulate (housing
    /// costs or children), drawn for life [0–1]. The model has no households; set by hand.
    pub other_elements_share: f64,
    /// The amount of those elements [£ a month]: housing costs and children together. Set by
    /// hand.
    pub other_elements_amount: f64,
    /// Participation elasticity of job finding with respect to the share of earnings kept on
    /// taking work (1 − the participation tax rate): job finding's log-odds move by this times
    /// the log of that share relative to the legacy system of April 2013. Default 0.25: the
    /// steady-state extensive-margin elasticity of the micro meta-analysis of Chetty, Guren,
    /// Manoli & Weber (2011), *American Economic Review* 101(3): 471–475.
    pub incentive_elasticity: f64,
    /// Share of workers whose hours collapsed to nearly none while they kept their job,
    /// piecewise linear between dated points (the route onto UC of 2020). Default: none
    /// before March 2020 and after September 2021; its level in May 2020 is fitted to the
    /// Alternative Claimant Count's jump (`examples/calibrate.rs`), and the shape (0.9 of the
    /// peak in August 2020, the peak again in January 2021 under the third lockdown, half in
    /// May 2021) is set by hand after the Coronavirus Job Retention Scheme's path.
    pub hours_collapse: Vec<DatedValue>,
}

impl Default for UniversalCreditConfig {
    fn default() -> Self {
        Self {
            new_claims: [
                (2013, 4, 0.0, 0.0),
                (2015, 2, 0.05, 0.0),
                (2016, 4, 0.3, 0.0),
                (2016, 12, 0.335, 0.05),
                (2017, 7, 0.41, 0.16),
                (2017, 9, 0.41, 0.16),
                (2018, 1, 0.56, 0.37),
                (2018, 12, 1.0, 1.0),
            ]
            .iter()
            .map(|&(y, m, jobseekers, health)| RolloutPoint {
                date: ym(y, m),
                jobseekers,
                health,
            })
            .collect(),
            managed_migration: dated(&[
                (2024, 8, 0.0),
                (2024, 9, 0.06),
                (2026, 2, 0.06),
                (2026, 3, 1.0),
            ]),
            tax_credit_migration: dated(&[(2023, 3, 0.0), (2023, 4, 0.06)]),
            legacy_closure: ym(2026, 3),
            tax_credit_closure: ym(2025, 4),
            tax_credit_hours: 16.0,
            tax_credit_hours_others: 30.0,
            migration_non_claim: 0.147,
            jobseeker_take_up: 0.9,
            new_style_jsa_take_up: 0.26,
            lcwra_cut: 0.6,
            in_work_claim_rate: 0.01,
            collapse_claim_rate: 0.5,
            in_work_review_rate: 0.0833,
            other_elements_share: 0.25,
            other_elements_amount: 550.0,
            incentive_elasticity: 0.25,
            hours_collapse: dated(&[
                (2020, 3, 0.0),
                (2020, 5, 0.078),
                (2020, 8, 0.0702),
                (2021, 1, 0.078),
                (2021, 5, 0.039),
                (2021, 9, 0.0),
            ]),
        }
    }
}

/// Personal Independence Payment (and Disability Living Allowance before it): the extra-costs
/// benefit, paid in or out of work.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PipConfig {
    /// Severity at or above which a person claims PIP (at `claim_rate`) [severity]. Default
    /// 0.25, fitted to the award rate of new claims under normal rules, 43% over the five
    /// years to April 2025 (DWP PIP statistics, via polimapper, secondary): the model's
    /// 2020–2024 rate (`examples/calibrate.rs`; `pip_new_claim_awards` ÷ `pip_new_claims`).
    pub claim_severity: f64,
    /// Monthly probability that someone who would claim does [probability per month].
    pub claim_rate: f64,
    /// Sd of the error the PIP assessment adds to severity [severity].
    pub assessment_noise_sd: f64,
    /// Share of the assessment error's variance that is the person's own, the same at each
    /// of their assessments (how their condition presents against the descriptors), the rest
    /// fresh at each [0–1]. It sets how often a review ends or cuts an award whose holder's
    /// condition has not changed. Default 1.0, fitted to the planned award reviews that kept
    /// or raised the award, 76% over the five years to April 2025 (DWP PIP statistics, via
    /// polimapper, secondary): the model's 2020–2024 share (`pip_reviews_kept` ÷
    /// `pip_reviews`) is 74% at 0.95 and 77% at 1, every loss at review then coming from
    /// a change of severity (a corner: the model's severity drifts more than a review sees).
    pub assessment_persistence: f64,
    /// Assessed severity for the standard rate of the daily living component [severity]. Set
    /// by hand.
    pub standard_cut: f64,
    /// Assessed severity for the enhanced rate [severity]; no lower than `standard_cut`.
    pub enhanced_cut: f64,
    /// Monthly probability that an award is reviewed (reassessed) [probability per month].
    /// Default 0.0171, derived: 130,000 planned award reviews registered and 24,000 changes
    /// of circumstances cleared in the quarter to April 2023, on a caseload of 3.0 million
    /// in England and Wales (DWP, *PIP statistics to April 2023*): 154,000 ÷ 3 ÷ 3.0m.
    pub review_rate: f64,
    /// Share of people with a claim-level condition who are on DLA at the start [0–1]. Set by
    /// hand.
    pub dla_share_at_start: f64,
    /// DLA reassessment: the monthly probability that a working-age DLA award is reassessed
    /// under PIP, piecewise linear between dated points. Default: from 28 October 2013 (DWP
    /// press release), the rest of working-age DLA from October 2015, about 1.9 million
    /// reassessments cleared by 2025 (DWP PIP statistics); the rates (0.01, then 0.03 to 2019,
    /// then 0.01) are set by hand.
    pub dla_reassessment: Vec<DatedValue>,
}

impl Default for PipConfig {
    fn default() -> Self {
        Self {
            claim_severity: 0.25,
            claim_rate: 0.01,
            assessment_noise_sd: 0.15,
            assessment_persistence: 1.0,
            standard_cut: 0.5,
            enhanced_cut: 0.7,
            review_rate: 0.0171,
            dla_share_at_start: 0.6,
            dla_reassessment: dated(&[
                (2013, 9, 0.0),
                (2013, 10, 0.01),
                (2015, 9, 0.01),
                (2015, 10, 0.03),
                (2019, 12, 0.03),
                (2020, 1, 0.01),
            ]),
        }
    }
}

/// The reforms of the benefit system from 2017, each a switch (`true`: in force at its date).
/// The first three are law; the last was only proposed. Dates are fixed here; `[[changes]]`
/// can turn a switch on or off from any month.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReformConfig {
    /// The Welfare Reform and Work Act 2016, s.15–16: no ESA work-related activity component
    /// and no UC limited-capability-for-work element for claims made from 3 April 2017
    /// (legislated; askcpag.org.uk, *ESA and UC components axed*). Default `true`.
    pub lcw_element_removal_2017: bool,
    /// The Autumn Budget 2021: the UC taper from 63% to 55% and work allowances raised by £500
    /// a year, from 24 November 2021 (legislated; ICAEW, 27 October 2021; PolicyEngine UK
    /// `means_test/reduction_rate.yaml`, `work_allowance.yaml`). In the model from December
    /// 2021, the first whole month. Default `true`.
    pub taper_cut_2021: bool,
    /// The Universal Credit Act 2025, s.2–3: the health element (LCWRA) £217.26 a month for
    /// claims made from 6 April 2026, frozen to 2029-30, while earlier claims keep the
    /// protected £429.80 (legislated; legislation.gov.uk/ukpga/2025/22). The severe-conditions
    /// and terminally-ill exemptions are not modelled. Default `true`.
    pub health_element_2026: bool,
    /// The Pathways to Work Green Paper (18 March 2025): the WCA abolished and the health
    /// element paid only to new claimants on the PIP daily living component; without it, a new
    /// health claim is treated as searching for work (proposed only: PQ 51603; not before the
    /// Timms review reports). Default `false`; the library scenario turns it on from a date.
    pub pip_gateway: bool,
}

impl Default for ReformConfig {
    fn default() -> Self {
        Self {
            lcw_element_removal_2017: true,
            taper_cut_2021: true,
            health_element_2026: true,
            pip_gateway: false,
        }
    }
}

/// The earnings of a job: an hourly wage drawn when the job starts, hours from its hours
/// percentile (`Person::job`).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EarningsConfig {
    /// Median gross hourly pay of non-disabled employees, piecewise linear between dated
    /// points [£ an hour]. Default: £14.03 (2021) and £15.69 (2023) from ONS, *Disability pay
    /// gaps in the UK: 2014 to 2023*; the 2013 value is derived (2021 less 2.6% a year), and
    /// after 2023 it grows 3% a year (set by hand).
    pub median_hourly: Vec<DatedValue>,
    /// Sd of log hourly pay among jobs [log points]. Set by hand.
    pub log_sd: f64,
    /// Correlation of a job's pay percentile with the worker's readiness for work [0–1]. Set
    /// by hand.
    pub readiness_loading: f64,
    /// Log points of hourly pay lost per unit of severity of the worker's condition now (a
    /// condition that begins in work lowers pay; recovery restores it). Fitted to the
    /// disability pay gap of 2023, 12.7% (ONS, above); the 2014, 2019 and 2021 gaps are
    /// checked.
    pub severity_pay_penalty: f64,
    /// Hours a week of a full-time job.
    pub full_time_hours: f64,
    /// Hours a week of the shortest and longest part-time jobs: a part-time job's hours are
    /// spread evenly between them by its hours percentile.
    pub part_time_hours_min: f64,
    pub part_time_hours_max: f64,
}

impl Default for EarningsConfig {
    fn default() -> Self {
        Self {
            median_hourly: dated(&[
                (2013, 4, 11.43),
                (2021, 4, 14.03),
                (2023, 4, 15.69),
                (2030, 12, 19.72),
            ]),
            log_sd: 0.45,
            readiness_loading: 0.5,
            severity_pay_penalty: 0.24,
            full_time_hours: 37.5,
            part_time_hours_min: 8.0,
            part_time_hours_max: 30.0,
        }
    }
}
