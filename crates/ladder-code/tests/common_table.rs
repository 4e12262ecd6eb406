//! Shared test entity table (team-written): a few countries, capitals, demonyms,
//! organisations, people and sector nouns, so coder tests do not depend on the
//! gazetteer's data.
#![allow(dead_code)]

use ladder_code::EntityTable;

pub fn table() -> EntityTable {
    let mut t = EntityTable::new();
    for (forms, code) in [
        (&["North Korea", "North Korean", "Pyongyang", "DPRK"][..], "PRK"),
        (&["South Korea", "South Korean", "Seoul"][..], "KOR"),
        (&["Russia", "Russian", "Moscow", "the Kremlin", "Kremlin"][..], "RUS"),
        (&["Ukraine", "Ukrainian", "Kyiv"][..], "UKR"),
        (&["United States", "U.S.", "US", "American", "Washington"][..], "USA"),
        (&["China", "Chinese", "Beijing"][..], "CHN"),
        (&["Japan", "Japanese", "Tokyo"][..], "JPN"),
        (&["Israel", "Israeli"][..], "ISR"),
        (&["Iran", "Iranian", "Tehran"][..], "IRN"),
        (&["Palestinian", "Palestinians", "Hamas"][..], "PSE"),
        (&["France", "French", "Paris"][..], "FRA"),
        (&["Germany", "German", "Berlin"][..], "DEU"),
        (&["India", "Indian", "New Delhi"][..], "IND"),
        (&["Pakistan", "Pakistani", "Islamabad"][..], "PAK"),
        (&["Belarus", "Belarusian", "Minsk"][..], "BLR"),
    ] {
        for f in forms {
            t = t.country(f, code);
        }
    }
    t = t
        .actor("NATO", "NATO", None)
        .actor("United Nations", "UN", None)
        .actor("European Union", "EU", None)
        .actor("Mark Rutte", "NATO", Some("Mark Rutte (Secretary General)"))
        .actor("Rutte", "NATO", Some("Mark Rutte (Secretary General)"))
        .actor("Yoon Suk Yeol", "KOR", Some("Yoon Suk Yeol (President)"))
        .actor("President Yoon", "KOR", Some("Yoon Suk Yeol (President)"))
        .actor("Yoon", "KOR", Some("Yoon Suk Yeol (President)"))
        .actor("Kim Jong Un", "PRK", Some("Kim Jong Un (Supreme Leader)"))
        .actor("Putin", "RUS", Some("Vladimir Putin (President)"))
        .place("Far East", "Russian Far East", "RUS")
        .place("Kursk", "Kursk Oblast", "RUS")
        .place("Gaza", "Gaza Strip", "PSE")
        .place("Vladivostok", "Vladivostok", "RUS");
    for (w, s) in [
        ("spy agency", "intelligence"),
        ("National Security Council", "government"),
        ("special forces", "military"),
        ("troops", "military"),
        ("soldiers", "military"),
        ("forces", "military"),
        ("military", "military"),
        ("army", "military"),
        ("government", "government"),
        ("officials", "government"),
        ("official", "government"),
        ("office", "government"),
        ("foreign ministry", "government"),
        ("defence officials", "government"),
        ("rebels", "rebels"),
        ("police", "police"),
    ] {
        t = t.sector(w, s);
    }
    t
}
