//! Age bands for reports. We keep only the birth year, so the age is the age a person
//! reaches during the calendar year of the reference date.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum AgeBand {
    Under60,
    From60To64,
    From65To69,
    From70To74,
    From75To79,
    From80To84,
    From85,
}

impl AgeBand {
    pub const ALL: [AgeBand; 7] = [
        AgeBand::Under60,
        AgeBand::From60To64,
        AgeBand::From65To69,
        AgeBand::From70To74,
        AgeBand::From75To79,
        AgeBand::From80To84,
        AgeBand::From85,
    ];

    pub fn of_age(age: i32) -> Self {
        match age {
            ..=59 => AgeBand::Under60,
            60..=64 => AgeBand::From60To64,
            65..=69 => AgeBand::From65To69,
            70..=74 => AgeBand::From70To74,
            75..=79 => AgeBand::From75To79,
            80..=84 => AgeBand::From80To84,
            _ => AgeBand::From85,
        }
    }

    /// The band of someone born in `birth_year`, in the calendar year `year`.
    pub fn of_birth_year(birth_year: i32, year: i32) -> Self {
        Self::of_age(year - birth_year)
    }

    /// Stable code stored in the database and used in exports.
    pub fn code(self) -> &'static str {
        match self {
            AgeBand::Under60 => "u60",
            AgeBand::From60To64 => "60-64",
            AgeBand::From65To69 => "65-69",
            AgeBand::From70To74 => "70-74",
            AgeBand::From75To79 => "75-79",
            AgeBand::From80To84 => "80-84",
            AgeBand::From85 => "85+",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.code() == code)
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            AgeBand::Under60 => "60歳未満",
            AgeBand::From60To64 => "60～64歳",
            AgeBand::From65To69 => "65～69歳",
            AgeBand::From70To74 => "70～74歳",
            AgeBand::From75To79 => "75～79歳",
            AgeBand::From80To84 => "80～84歳",
            AgeBand::From85 => "85歳以上",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            AgeBand::Under60 => "Under 60",
            AgeBand::From60To64 => "60–64",
            AgeBand::From65To69 => "65–69",
            AgeBand::From70To74 => "70–74",
            AgeBand::From75To79 => "75–79",
            AgeBand::From80To84 => "80–84",
            AgeBand::From85 => "85 and over",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn band_edges() {
        assert_eq!(AgeBand::of_age(59), AgeBand::Under60);
        assert_eq!(AgeBand::of_age(60), AgeBand::From60To64);
        assert_eq!(AgeBand::of_age(64), AgeBand::From60To64);
        assert_eq!(AgeBand::of_age(65), AgeBand::From65To69);
        assert_eq!(AgeBand::of_age(84), AgeBand::From80To84);
        assert_eq!(AgeBand::of_age(85), AgeBand::From85);
        assert_eq!(AgeBand::of_age(104), AgeBand::From85);
        assert_eq!(AgeBand::of_birth_year(1945, 2025), AgeBand::From80To84);
    }

    proptest! {
        #[test]
        fn bands_are_ordered_and_codes_round_trip(a in 0i32..120, b in 0i32..120) {
            if a <= b {
                prop_assert!(AgeBand::of_age(a) <= AgeBand::of_age(b));
            }
            let band = AgeBand::of_age(a);
            prop_assert_eq!(AgeBand::from_code(band.code()), Some(band));
        }
    }
}
