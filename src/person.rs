//! The person: a small plain struct, one per agent, in one `Vec`.
//!
//! State is stored as dates rather than counters (month of birth, month the current spell
//! began), so a person is only written when something happens to them. Severity and barriers are
//! fixed-point `u16` in [0, 1]. Distance from work is derived, never stored.
//! Invariant: `size_of::<Person>() + size_of::<Hot>() <= 64` (the project's floor; 58 today) and no
//! heap data.

/// Fixed-point scale of severities and barriers: `u16::MAX` is 1.0.
pub const UNIT: f64 = u16::MAX as f64;

#[inline(always)]
pub fn to_unit(q: u16) -> f64 {
    q as f64 * (1.0 / UNIT)
}

#[inline(always)]
pub fn from_unit(x: f64) -> u16 {
    (x.clamp(0.0, 1.0) * UNIT + 0.5) as u16
}

/// Main long-term health condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[repr(u8)]
pub enum Condition {
    #[default]
    None = 0,
    Mental = 1,
    Musculoskeletal = 2,
    OtherPhysical = 3,
    Learning = 4,
    Multiple = 5,
}

impl Condition {
    pub const ALL: [Condition; 5] = [
        Condition::Mental,
        Condition::Musculoskeletal,
        Condition::OtherPhysical,
        Condition::Learning,
        Condition::Multiple,
    ];

    /// Index into per-condition tables (0..5); `None` has no entry.
    #[inline]
    pub fn index(self) -> usize {
        self as usize - 1
    }
}

/// Labour-market status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[repr(u8)]
pub enum Status {
    Employed = 0,
    Unemployed = 1,
    #[default]
    Inactive = 2,
}

/// Benefit as the system records it (mirrors [`crate::scenario::BenefitKind`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[repr(u8)]
pub enum Benefit {
    #[default]
    None = 0,
    Jsa = 1,
    EsaWrag = 2,
    EsaSupport = 3,
    Incapacity = 4,
    /// Universal Credit, searching for work (in work: working, with or without requirements
    /// by earnings; `benefit::uc`).
    UcSearching = 5,
    /// Universal Credit with limited capability for work (the WCA's "LCW"): preparing for work.
    UcLcw = 6,
    /// Universal Credit with limited capability for work and work-related activity
    /// ("LCWRA", the health element): no work-related requirements.
    UcLcwra = 7,
}

impl Benefit {
    pub const COUNT: usize = 8;

    pub fn from_kind(k: crate::scenario::BenefitKind) -> Self {
        use crate::scenario::BenefitKind as K;
        match k {
            K::None => Benefit::None,
            K::Jsa => Benefit::Jsa,
            K::EsaWrag => Benefit::EsaWrag,
            K::EsaSupport => Benefit::EsaSupport,
            K::Incapacity => Benefit::Incapacity,
            K::UcSearching => Benefit::UcSearching,
            K::UcLcw => Benefit::UcLcw,
            K::UcLcwra => Benefit::UcLcwra,
        }
    }

    /// Universal Credit, in any conditionality regime.
    #[inline]
    pub fn is_uc(self) -> bool {
        self as u8 >= Benefit::UcSearching as u8
    }

    /// A legacy benefit that Universal Credit replaces (JSA, ESA, incapacity benefit).
    #[inline]
    pub fn is_legacy(self) -> bool {
        self != Benefit::None && !self.is_uc()
    }

    /// The Universal Credit claim a legacy claim becomes when it migrates: JSA to searching
    /// for work, the ESA groups to limited capability for work (and work-related activity);
    /// legacy incapacity benefit has no WCA under ESA to carry over (`benefit::migrate`
    /// assesses it). Itself for anything else.
    #[inline]
    pub fn uc_equivalent(self) -> Benefit {
        match self {
            Benefit::Jsa => Benefit::UcSearching,
            Benefit::EsaWrag => Benefit::UcLcw,
            Benefit::EsaSupport => Benefit::UcLcwra,
            b => b,
        }
    }

    /// A health-related benefit: ESA, legacy incapacity benefit, or Universal Credit with
    /// limited capability for work (with or without work-related activity).
    #[inline]
    pub fn is_health(self) -> bool {
        matches!(
            self,
            Benefit::EsaWrag
                | Benefit::EsaSupport
                | Benefit::Incapacity
                | Benefit::UcLcw
                | Benefit::UcLcwra
        )
    }
}

/// Benefit history (`Person::benefit_history`): whether the person was ever on a legacy
/// incapacity benefit, and the prognosis of their last Work Capability Assessment.
pub mod history {
    /// Was on a legacy incapacity benefit (Incapacity Benefit, Severe Disablement Allowance,
    /// Income Support on grounds of disability) at some time; never cleared.
    pub const EVER_INCAPACITY: u8 = 1;
    /// Bits 1–3: the prognosis code of the last WCA that found limited capability for work
    /// (0: none, or found fit for work); [`PROGNOSIS_MONTHS`] gives its months.
    pub const PROGNOSIS_SHIFT: u8 = 1;
    pub const PROGNOSIS_MASK: u8 = 0b1110;
    /// Prognosis code of a health claim the proposed PIP gateway decided without a WCA, where
    /// the assessment a WCA would have made found limited capability for work and the claimant
    /// has no PIP daily living award: no prognosis in months, but the claim's work incentive is
    /// measured against ESA (`benefit::uc::kind_of`).
    pub const GATEWAY_LIMITED: u8 = 6;
    /// Months to the expected return to fitness for work of each prognosis code 1–5
    /// ([`crate::scenario::PROGNOSIS_MONTHS`]).
    pub use crate::scenario::PROGNOSIS_MONTHS;
    /// Bits 5–6: the PIP award ([`pip`]).
    pub const PIP_SHIFT: u8 = 5;
    pub const PIP_MASK: u8 = 0b0110_0000;
    /// The person's Universal Credit award would carry elements the model does not simulate
    /// (housing costs, children): drawn for life (`benefit::uc::other_elements`).
    pub const OTHER_ELEMENTS: u8 = 0b1000_0000;
}

/// The extra-costs disability benefit a person is awarded (`Person::pip`), in
/// `Person::benefit_history` bits 5–6.
pub mod pip {
    pub const NONE: u8 = 0;
    /// Disability Living Allowance (working-age awards before their reassessment under PIP).
    pub const DLA: u8 = 1;
    /// PIP, daily living component at the standard rate.
    pub const STANDARD: u8 = 2;
    /// PIP, daily living component at the enhanced rate.
    pub const ENHANCED: u8 = 3;
}

/// Flags of the current programme spell.
pub mod flags {
    /// The current job started while on the programme.
    pub const PROGRAMME_JOB: u8 = 1;
    /// The payment group's job outcome has been reached.
    pub const JOB_OUTCOME: u8 = 2;
    /// The programme job has been counted as a sustained outcome.
    pub const SUSTAINED: u8 = 4;
    /// A job started on the programme (`payment::Event::JobStart`).
    pub const JOB_STARTED: u8 = 8;
    /// 13 and 26 weeks in a programme job reached.
    pub const WEEKS_13: u8 = 16;
    pub const WEEKS_26: u8 = 32;
    /// A gain in skills reached (`payment::Event::SkillsGain`).
    pub const SKILLS_GAINED: u8 = 64;
    /// A retention spell: it began in work, on a long-term sickness absence (a
    /// `sickness_absence` payment group); its job is the one the person had, and its months in
    /// work count from referral. Cleared if they leave that job.
    pub const RETENTION: u8 = 128;
}

/// One agent. Months are counted from the scenario's start month (month 0).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
#[repr(C)]
pub struct Person {
    /// Month of birth [model month, negative before the start].
    pub born: i16,
    /// Month the current job began (employed) or the month the person last left work (not
    /// employed) [model month].
    pub since: i16,
    /// Severity of the condition [fixed point, 0–1]; 0 without a condition.
    pub severity: u16,
    /// Skills, confidence, isolation, caring, chaotic circumstances [fixed point, 0–1].
    pub barriers: [u16; 5],
    /// The current programme spell (`spell.programme == 0` off programme). A second spell, of
    /// a programme that can be combined with others, is kept outside the person
    /// (`engine::SecondSpells`).
    pub spell: Spell,
    pub condition: Condition,
    /// The last condition the person recovered from (relapse can bring it back).
    pub past_condition: Condition,
    pub status: Status,
    pub benefit: Benefit,
    pub area: u8,
    /// Readiness for work, fixed for life: the person's percentile in the population, 0–255
    /// (`scenario::ReadinessConfig`; `labour::percentile_z` gives its normal value).
    pub readiness: u8,
    /// Match quality of the current job, fixed for the job: its percentile among jobs, 0–255
    /// (`labour::percentile_z` gives its normal value), drawn when the job starts and shifted
    /// by a programme's `match_effect`; how well the job fits the hours wanted, the condition
    /// and its adjustments. Meaningless out of work.
    pub job_match: u8,
    /// [`history`] flags and the prognosis of the last Work Capability Assessment.
    pub benefit_history: u8,
    /// Month of the current long-term sickness absence (1 in the month it began, saturating
    /// at 255); 0 when not on one. Only someone in work can be absent (`scenario::AbsenceConfig`).
    pub absence: u8,
    /// Month the current benefit claim began [model month]; meaningless without a benefit. A
    /// claim begins when a benefit is first awarded after none, when JSA gives way to a
    /// health-related benefit or back, and when legacy incapacity benefit is converted to ESA;
    /// a move between the ESA groups continues the claim. Claims held at the start began when
    /// the person last left work.
    pub claim_start: i16,
    /// The current job: bit 0 [`job::SUBSIDISED`], bits 1–7 its hours percentile (0–127),
    /// drawn when the job starts (`employer::draw_job`). The job is part-time when the
    /// percentile is below the part-time share of the person's group now, and underemployed
    /// (part-time and wanting more hours) below that share times the share of part-timers who
    /// want more (`employer::part_time`, `employer::underemployed`): hours follow the
    /// condition. Meaningless out of work.
    pub job: u8,
    /// The current job's adjustment percentile, 0–255: the job is adjusted to a condition when
    /// it is below the share adjusted (`employer::adjusted`). Meaningless out of work.
    pub adjust: u8,
    /// The current job's pay as a standard normal value on a grid of 1/32 from −4 to +4
    /// (`benefit::uc::wage_z`): hourly pay is the month's median times exp(`earnings.log_sd` ×
    /// it), less the penalty of a condition, drawn when the job starts from the worker's
    /// readiness (`benefit::uc::pay_z`). Meaningless out of work.
    pub wage: u8,
}

/// Parts of the current job (`Person::job`).
pub mod job {
    /// A wage subsidy is paid for the job (`employers.wage_subsidy`).
    pub const SUBSIDISED: u8 = 1;
    /// The hours percentile is the byte's top 7 bits.
    pub const HOURS_SHIFT: u8 = 1;
}

/// The part of a person's state the monthly pass reads for everyone, kept in its own column
/// beside the `Vec<Person>` so that the pass streams through 12 bytes per person, not 46; the
/// `Person` is read only for the few people something may happen to (`engine::screen`).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
#[repr(C)]
pub struct Hot {
    /// Per random process, the coarse screening limit for the person's window: the process
    /// can fire this month only if the top byte of its uniform is below it (`engine::screen`).
    /// Byte `i` is process `i`'s ([`crate::rng::Process`]); the byte after the processes (in
    /// what would otherwise be padding) holds the window's end ([`Hot::window_end`]).
    pub limits: [u8; 8],
    /// [`hot`] flags.
    pub flags: u8,
    /// What the person adds to the month's counts while nothing happens to them.
    pub class: u8,
    /// The next month in which the person must be looked at though nothing happens to them:
    /// their [`Hot::class`] changes with time alone (a spell passes 12 months, a job reaches
    /// sustained, they reach 65), or their limits' window ends (`engine::screen::WINDOW`,
    /// [`Hot::window_end`]) [model month].
    pub touch: i16,
}

/// Flags of [`Hot`].
pub mod hot {
    /// On a programme: stepped in full every month.
    pub const ON_PROGRAMME: u8 = 1;
    /// The limits are unknown (state changed outside the pass) or an event is nearly certain:
    /// look at the person next month.
    pub const LOOK: u8 = 2;
    /// On a long-term sickness absence: stepped in full every month.
    pub const ABSENT: u8 = 4;
}

/// The byte of [`Hot::limits`] after the processes' limits: [`Hot::window_end`], in months
/// after [`Hot::touch`].
const WINDOW_BYTE: usize = crate::rng::PROCESSES;

impl Hot {
    /// The limits as a word, byte `i` process `i`'s (for `engine::screen::selected`).
    #[inline(always)]
    pub fn limit_word(&self) -> u64 {
        u64::from_le_bytes(self.limits)
    }

    /// The month the limits' window ends (valid unless [`hot::LOOK`] is set), kept in the
    /// byte after the processes' limits as months after [`Hot::touch`].
    #[inline(always)]
    pub fn window_end(&self) -> i32 {
        self.touch as i32 + self.limits[WINDOW_BYTE] as i32
    }

    /// Sets the next look to month `touch`, at or before `window_end`, the month the limits'
    /// window ends.
    #[inline]
    pub fn set_touch(&mut self, touch: i32, window_end: i32) {
        debug_assert!(touch <= window_end);
        self.touch = touch as i16;
        self.limits[WINDOW_BYTE] = (window_end - touch).clamp(0, 255) as u8;
    }

    /// The limits of the processes.
    #[inline]
    pub fn process_limits(&self) -> [u8; crate::rng::PROCESSES] {
        std::array::from_fn(|i| self.limits[i])
    }

    #[inline(always)]
    pub fn on_programme(&self) -> bool {
        self.flags & hot::ON_PROGRAMME != 0
    }
}

impl Person {
    #[inline(always)]
    pub fn age_months(&self, t: i32) -> i32 {
        t - self.born as i32
    }

    #[inline(always)]
    pub fn severity(&self) -> f64 {
        to_unit(self.severity)
    }

    #[inline(always)]
    pub fn barrier(&self, b: usize) -> f64 {
        to_unit(self.barriers[b])
    }

    #[inline(always)]
    pub fn on_programme(&self) -> bool {
        self.spell.programme != 0
    }

    /// On a long-term sickness absence (in work, off sick).
    #[inline(always)]
    pub fn absent(&self) -> bool {
        self.absence != 0
    }

    #[inline(always)]
    pub fn employed(&self) -> bool {
        self.status == Status::Employed
    }

    /// Months since the current spell (in work, or out of work) began.
    #[inline(always)]
    pub fn months_in_spell(&self, t: i32) -> i32 {
        t - self.since as i32
    }

    /// Months to fitness for work the last WCA expected, if it found limited capability.
    #[inline]
    pub fn prognosis_months(&self) -> Option<u32> {
        let code = self.prognosis_code();
        (1..=5)
            .contains(&code)
            .then(|| history::PROGNOSIS_MONTHS[code as usize - 1])
    }

    /// The prognosis code of the last WCA ([`history`]): 0 none, 1–5 a WCA's, or
    /// [`history::GATEWAY_LIMITED`] for a claim the PIP gateway decided without one.
    #[inline]
    pub fn prognosis_code(&self) -> u8 {
        (self.benefit_history & history::PROGNOSIS_MASK) >> history::PROGNOSIS_SHIFT
    }

    /// The PIP award ([`pip`]).
    #[inline]
    pub fn pip(&self) -> u8 {
        (self.benefit_history & history::PIP_MASK) >> history::PIP_SHIFT
    }

    #[inline]
    pub fn set_pip(&mut self, award: u8) {
        self.benefit_history = (self.benefit_history & !history::PIP_MASK)
            | (award << history::PIP_SHIFT) & history::PIP_MASK;
    }

    #[inline]
    pub fn ever_incapacity(&self) -> bool {
        self.benefit_history & history::EVER_INCAPACITY != 0
    }

    /// Records a change of benefit in month `t`: the claim's start if it is a new claim
    /// (`claim_start`), the history of incapacity benefit, and the prognosis of a WCA that
    /// decided it (`prognosis`: a code of [`history`], 0 for none, `None` when no WCA was
    /// made).
    #[inline]
    pub fn set_benefit(&mut self, benefit: Benefit, t: i32, prognosis: Option<u8>) {
        // Migration from a legacy benefit to Universal Credit continues the claim (JSA to
        // searching for work, ESA to UC with limited capability): the claim's start is what
        // transitional protection and the rules for new claims look at (`benefit::uc`).
        let family = |b: Benefit| match b {
            Benefit::None => 0,
            Benefit::Jsa | Benefit::UcSearching => 1,
            Benefit::EsaWrag | Benefit::EsaSupport | Benefit::UcLcw | Benefit::UcLcwra => 2,
            Benefit::Incapacity => 3,
        };
        if benefit != Benefit::None && family(benefit) != family(self.benefit) {
            self.claim_start = t as i16;
        }
        if benefit == Benefit::Incapacity {
            self.benefit_history |= history::EVER_INCAPACITY;
        }
        if let Some(code) = prognosis {
            self.benefit_history = (self.benefit_history & !history::PROGNOSIS_MASK)
                | (code << history::PROGNOSIS_SHIFT) & history::PROGNOSIS_MASK;
        }
        self.benefit = benefit;
    }
}

/// One programme spell: the programme, provider and payment group, and what the spell has
/// reached so far. A person's first spell is [`Person::spell`]; a second one, when a programme
/// can be combined with others, lives in `engine::SecondSpells`. 14 bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
#[repr(C)]
pub struct Spell {
    /// Month the spell began [model month].
    pub start: i16,
    /// Support hours received on the spell so far [quarter hours, saturating at 16,383.75
    /// hours; the longest spell validation allows needs under 16,000].
    pub hours_total: u16,
    /// Programme: 0 = none, else programme index + 1.
    pub programme: u8,
    /// Provider index within the programme.
    pub provider: u8,
    /// Payment group index within the programme.
    pub group: u8,
    /// Support hours allocated for this month [quarter hours].
    pub hours_month: u8,
    /// Assessment error drawn at referral [standard normal × 32, saturating].
    pub assessment_noise: i8,
    /// Distance from work as assessed at referral [fixed point 0–255].
    pub assessed_at_referral: u8,
    /// True distance from work at referral [fixed point 0–255].
    pub true_at_referral: u8,
    /// Sustainment months reached after the job outcome.
    pub sustainment_months: u8,
    /// [`flags`] of the spell.
    pub flags: u8,
    /// Steps of distance travelled reached.
    pub progress_steps: u8,
}

impl Spell {
    #[inline(always)]
    pub fn has_flag(&self, f: u8) -> bool {
        self.flags & f != 0
    }

    /// Months of the spell's in-work support and of its job's tenure, as its milestones count
    /// them: from referral on a retention spell, from the job's start otherwise.
    #[inline(always)]
    pub fn months_in_work(&self, p: &Person, t: i32) -> i32 {
        if self.has_flag(flags::RETENTION) {
            t - self.start as i32
        } else {
            p.months_in_spell(t)
        }
    }

    /// Index of the spell's programme; the spell must be open.
    #[inline(always)]
    pub fn programme_index(&self) -> usize {
        self.programme as usize - 1
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn person_is_lean() {
        let bytes = std::mem::size_of::<super::Person>() + std::mem::size_of::<super::Hot>();
        assert!(bytes <= 64, "{bytes}");
        // The figure ARCHITECTURE.md and docs/performance.md give.
        assert_eq!(std::mem::size_of::<super::Person>(), 46);
        assert_eq!(std::mem::size_of::<super::Spell>(), 14);
    }

    #[test]
    fn a_claim_begins_with_a_new_benefit_and_continues_between_esa_groups() {
        use super::{Benefit, Person};
        let mut p = Person::default();
        p.set_benefit(Benefit::Jsa, 10, None);
        assert_eq!((p.claim_start, p.prognosis_months()), (10, None));
        // JSA to ESA after a WCA: a new claim, with its prognosis.
        p.set_benefit(Benefit::EsaWrag, 14, Some(2));
        assert_eq!((p.claim_start, p.prognosis_months()), (14, Some(6)));
        // Between the ESA groups: the same claim.
        p.set_benefit(Benefit::EsaSupport, 20, Some(5));
        assert_eq!((p.claim_start, p.prognosis_months()), (14, Some(24)));
        assert!(!p.ever_incapacity());
        // Incapacity benefit is remembered; its conversion to ESA is a new claim.
        p.set_benefit(Benefit::Incapacity, 30, Some(0));
        p.set_benefit(Benefit::EsaWrag, 40, Some(1));
        assert_eq!((p.claim_start, p.prognosis_months()), (40, Some(3)));
        p.set_benefit(Benefit::None, 50, None);
        assert!(p.ever_incapacity());
        assert_eq!(p.claim_start, 40);
    }

    #[test]
    fn fixed_point_round_trips() {
        for x in [0.0, 0.25, 0.5, 1.0] {
            assert!((super::to_unit(super::from_unit(x)) - x).abs() < 1e-4);
        }
    }
}
