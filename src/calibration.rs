//! Published UK figures the model is checked against (see `../shared/CALIBRATION.md`).

/// Disability employment gap from the Labour Force Survey, ages 16–64.
#[derive(Clone, Copy, Debug)]
pub struct Published {
    /// Calendar year and month of the survey quarter's middle month.
    pub year: i32,
    pub month: u32,
    pub rate_disabled: f64,
    pub rate_non_disabled: f64,
    pub gap_pp: f64,
    pub source: &'static str,
}

pub const EMPLOYMENT_GAP: [Published; 5] = [
    Published {
        year: 2013,
        month: 5,
        rate_disabled: 43.6,
        rate_non_disabled: 76.8,
        gap_pp: 33.1,
        source: "UK Parliament written question 171400 (Sept 2018)",
    },
    Published {
        year: 2016,
        month: 5,
        rate_disabled: 47.9,
        rate_non_disabled: 80.1,
        gap_pp: 32.2,
        source: "UK Parliament written question 171400 (Sept 2018)",
    },
    Published {
        year: 2019,
        month: 5,
        rate_disabled: 52.6,
        rate_non_disabled: 81.5,
        gap_pp: 28.9,
        source: "Commons Library figures (via FE News)",
    },
    Published {
        year: 2021,
        month: 5,
        rate_disabled: 52.7,
        rate_non_disabled: 81.0,
        gap_pp: 28.4,
        source: "DWP, The employment of disabled people 2021",
    },
    Published {
        year: 2023,
        month: 11,
        rate_disabled: 54.2,
        rate_non_disabled: 82.0,
        gap_pp: 27.8,
        source: "Commons Library briefing CBP-7540",
    },
];

impl Published {
    pub fn decimal_year(&self) -> f64 {
        self.year as f64 + (self.month as f64 - 0.5) / 12.0
    }
}
