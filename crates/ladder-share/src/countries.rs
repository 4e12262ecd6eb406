//! ISO 3166-1 country codes: Ladder codes states by alpha-3, STIX locations want alpha-2,
//! and identities want a readable name. The table is `data/countries.toml`.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

#[derive(Debug, Deserialize)]
struct Country {
    alpha2: String,
    name: String,
}

#[derive(Debug, Deserialize)]
struct Table {
    countries: BTreeMap<String, Country>,
}

fn table() -> &'static BTreeMap<String, Country> {
    static TABLE: OnceLock<BTreeMap<String, Country>> = OnceLock::new();
    TABLE.get_or_init(|| {
        toml::from_str::<Table>(include_str!("../data/countries.toml"))
            .map(|t| t.countries)
            .unwrap_or_default()
    })
}

/// The alpha-2 code of an alpha-3 code ("KOR" → "KR").
pub fn alpha2(alpha3: &str) -> Option<&'static str> {
    table().get(alpha3).map(|c| c.alpha2.as_str())
}

/// The alpha-3 code of an alpha-2 code ("KR" → "KOR").
pub fn alpha3(alpha2: &str) -> Option<&'static str> {
    let wanted = alpha2.to_ascii_uppercase();
    table()
        .iter()
        .find(|(_, c)| c.alpha2 == wanted)
        .map(|(code, _)| code.as_str())
}

/// The common name of a country code ("PRK" → "North Korea").
pub fn name(alpha3: &str) -> Option<&'static str> {
    table().get(alpha3).map(|c| c.name.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_map_both_ways() {
        for (a3, a2) in [("KOR", "KR"), ("PRK", "KP"), ("RUS", "RU"), ("UKR", "UA")] {
            assert_eq!(alpha2(a3), Some(a2));
            assert_eq!(alpha3(a2), Some(a3));
        }
        assert_eq!(alpha2("NATO"), None);
        assert_eq!(name("PRK"), Some("North Korea"));
    }
}
