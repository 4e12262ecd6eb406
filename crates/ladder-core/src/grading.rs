//! Grading and handling scales: Admiralty source reliability (A–F), information
//! credibility (1–6), and the Traffic Light Protocol 2.0.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Admiralty (STANAG 2511 / AJP-2.1) source reliability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Reliability {
    /// Completely reliable.
    A,
    /// Usually reliable.
    B,
    /// Fairly reliable.
    C,
    /// Not usually reliable.
    D,
    /// Unreliable.
    E,
    /// Reliability cannot be judged.
    F,
}

impl Reliability {
    /// The grade's letter.
    pub fn letter(self) -> char {
        match self {
            Reliability::A => 'A',
            Reliability::B => 'B',
            Reliability::C => 'C',
            Reliability::D => 'D',
            Reliability::E => 'E',
            Reliability::F => 'F',
        }
    }

    /// The standard wording of the grade.
    pub fn label(self) -> &'static str {
        match self {
            Reliability::A => "completely reliable",
            Reliability::B => "usually reliable",
            Reliability::C => "fairly reliable",
            Reliability::D => "not usually reliable",
            Reliability::E => "unreliable",
            Reliability::F => "reliability cannot be judged",
        }
    }
}

impl fmt::Display for Reliability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.letter())
    }
}

/// Error for a grade that is not one of the scale's values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{value}' is not a valid {scale} (expected {expected})")]
pub struct GradeParseError {
    pub value: String,
    pub scale: &'static str,
    pub expected: &'static str,
}

impl FromStr for Reliability {
    type Err = GradeParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_uppercase().as_str() {
            "A" => Ok(Reliability::A),
            "B" => Ok(Reliability::B),
            "C" => Ok(Reliability::C),
            "D" => Ok(Reliability::D),
            "E" => Ok(Reliability::E),
            "F" => Ok(Reliability::F),
            _ => Err(GradeParseError {
                value: s.to_string(),
                scale: "source reliability",
                expected: "one of A, B, C, D, E, F",
            }),
        }
    }
}

/// Admiralty information credibility, 1 (confirmed by other sources) to 6 (cannot be judged).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Credibility(u8);

impl Credibility {
    pub const CONFIRMED: Credibility = Credibility(1);
    pub const PROBABLY_TRUE: Credibility = Credibility(2);
    pub const POSSIBLY_TRUE: Credibility = Credibility(3);
    pub const DOUBTFUL: Credibility = Credibility(4);
    pub const IMPROBABLE: Credibility = Credibility(5);
    pub const CANNOT_BE_JUDGED: Credibility = Credibility(6);

    /// A credibility grade from its number; `None` outside 1–6.
    pub fn new(value: u8) -> Option<Credibility> {
        (1..=6).contains(&value).then_some(Credibility(value))
    }

    /// The grade's number (1–6).
    pub fn value(self) -> u8 {
        self.0
    }

    /// The standard wording of the grade.
    pub fn label(self) -> &'static str {
        match self.0 {
            1 => "confirmed by other sources",
            2 => "probably true",
            3 => "possibly true",
            4 => "doubtful",
            5 => "improbable",
            _ => "truth cannot be judged",
        }
    }
}

impl TryFrom<u8> for Credibility {
    type Error = GradeParseError;
    fn try_from(value: u8) -> Result<Self, Self::Error> {
        Credibility::new(value).ok_or(GradeParseError {
            value: value.to_string(),
            scale: "information credibility",
            expected: "a number from 1 to 6",
        })
    }
}

impl From<Credibility> for u8 {
    fn from(c: Credibility) -> u8 {
        c.0
    }
}

impl fmt::Display for Credibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Traffic Light Protocol 2.0 handling level, ordered from least to most restrictive.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Tlp {
    #[default]
    Clear,
    Green,
    Amber,
    AmberStrict,
    Red,
}

impl Tlp {
    /// The level as written in TLP 2.0 ("TLP:AMBER+STRICT").
    pub fn label(self) -> &'static str {
        match self {
            Tlp::Clear => "TLP:CLEAR",
            Tlp::Green => "TLP:GREEN",
            Tlp::Amber => "TLP:AMBER",
            Tlp::AmberStrict => "TLP:AMBER+STRICT",
            Tlp::Red => "TLP:RED",
        }
    }

    /// The stricter of two levels: what carries to anything derived from both.
    pub fn strictest(self, other: Tlp) -> Tlp {
        self.max(other)
    }
}

impl fmt::Display for Tlp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl FromStr for Tlp {
    type Err = GradeParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_uppercase();
        let t = t.strip_prefix("TLP:").unwrap_or(&t);
        match t {
            "CLEAR" | "WHITE" => Ok(Tlp::Clear),
            "GREEN" => Ok(Tlp::Green),
            "AMBER" => Ok(Tlp::Amber),
            "AMBER+STRICT" | "AMBER-STRICT" | "AMBER_STRICT" => Ok(Tlp::AmberStrict),
            "RED" => Ok(Tlp::Red),
            _ => Err(GradeParseError {
                value: s.to_string(),
                scale: "TLP level",
                expected: "clear, green, amber, amber+strict or red",
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_parse_and_order() {
        assert_eq!("b".parse::<Reliability>().unwrap(), Reliability::B);
        assert!("G".parse::<Reliability>().is_err());
        assert!(Credibility::new(0).is_none());
        assert_eq!(Credibility::new(2).unwrap().value(), 2);
        assert_eq!("TLP:AMBER+STRICT".parse::<Tlp>().unwrap(), Tlp::AmberStrict);
        assert_eq!(Tlp::Green.strictest(Tlp::Amber), Tlp::Amber);
    }
}
