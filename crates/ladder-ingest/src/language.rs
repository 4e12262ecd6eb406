//! Language identification with `whatlang`, reported as ISO 639-1 only when confident.

use whatlang::Lang;

/// How much of a text the detector looks at: enough for a confident call, bounded cost.
const SAMPLE_BYTES: usize = 1024;

/// Function words that are English and not words of other Latin-script languages.
const ENGLISH_MARKERS: &[&str] = &[
    "the", "of", "and", "to", "that", "for", "with", "said", "from", "have", "has", "its", "his",
    "their", "been", "were", "which", "would", "this", "by", "they", "after",
];

/// The ISO 639-1 code of the text's language, or `None` when the detector is not confident.
///
/// English prose is recognised first by its function words (they make up a fifth or more
/// of running English text and almost none of other languages); this costs a few
/// microseconds, where the trigram detector costs a few hundred, and most reports are in
/// English. Everything else goes to `whatlang`.
pub fn detect_language(text: &str) -> Option<&'static str> {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    if looks_english(sample) {
        return Some("en");
    }
    let info = whatlang::detect(sample)?;
    if !info.is_reliable() {
        return None;
    }
    iso639_1(info.lang())
}

/// True when at least 30 words are read and 15% or more of them are English function words.
fn looks_english(sample: &str) -> bool {
    let mut words = 0usize;
    let mut markers = 0usize;
    for word in sample.split(|c: char| !c.is_alphabetic()) {
        if word.is_empty() {
            continue;
        }
        if !word.is_ascii() {
            return false;
        }
        words += 1;
        if word.len() <= 5 && ENGLISH_MARKERS.iter().any(|m| m.eq_ignore_ascii_case(word)) {
            markers += 1;
        }
    }
    words >= 30 && markers * 100 >= words * 15
}

/// A declared language tag (`en-US`, `pt_BR`, `ko`) reduced to its ISO 639-1 subtag.
pub fn language_from_tag(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    let ok = primary.len() == 2 && primary.chars().all(|c| c.is_ascii_lowercase());
    ok.then_some(primary)
}

/// ISO 639-1 for each language whatlang knows.
fn iso639_1(lang: Lang) -> Option<&'static str> {
    Some(match lang {
        Lang::Epo => "eo",
        Lang::Eng => "en",
        Lang::Rus => "ru",
        Lang::Cmn => "zh",
        Lang::Spa => "es",
        Lang::Por => "pt",
        Lang::Ita => "it",
        Lang::Ben => "bn",
        Lang::Fra => "fr",
        Lang::Deu => "de",
        Lang::Ukr => "uk",
        Lang::Kat => "ka",
        Lang::Ara => "ar",
        Lang::Hin => "hi",
        Lang::Jpn => "ja",
        Lang::Heb => "he",
        Lang::Yid => "yi",
        Lang::Pol => "pl",
        Lang::Amh => "am",
        Lang::Jav => "jv",
        Lang::Kor => "ko",
        Lang::Nob => "nb",
        Lang::Dan => "da",
        Lang::Swe => "sv",
        Lang::Fin => "fi",
        Lang::Tur => "tr",
        Lang::Nld => "nl",
        Lang::Hun => "hu",
        Lang::Ces => "cs",
        Lang::Ell => "el",
        Lang::Bul => "bg",
        Lang::Bel => "be",
        Lang::Mar => "mr",
        Lang::Kan => "kn",
        Lang::Ron => "ro",
        Lang::Slv => "sl",
        Lang::Hrv => "hr",
        Lang::Srp => "sr",
        Lang::Mkd => "mk",
        Lang::Lit => "lt",
        Lang::Lav => "lv",
        Lang::Est => "et",
        Lang::Tam => "ta",
        Lang::Vie => "vi",
        Lang::Urd => "ur",
        Lang::Tha => "th",
        Lang::Guj => "gu",
        Lang::Uzb => "uz",
        Lang::Pan => "pa",
        Lang::Aze => "az",
        Lang::Ind => "id",
        Lang::Tel => "te",
        Lang::Pes => "fa",
        Lang::Mal => "ml",
        Lang::Ori => "or",
        Lang::Mya => "my",
        Lang::Nep => "ne",
        Lang::Sin => "si",
        Lang::Khm => "km",
        Lang::Tuk => "tk",
        Lang::Aka => "ak",
        Lang::Zul => "zu",
        Lang::Sna => "sn",
        Lang::Afr => "af",
        Lang::Lat => "la",
        Lang::Slk => "sk",
        Lang::Cat => "ca",
        Lang::Tgl => "tl",
        Lang::Hye => "hy",
        Lang::Cym => "cy",
        #[allow(unreachable_patterns)]
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_confident_languages_only() {
        let cases = [
            ("South Korea's spy agency said on Friday that North Korea had sent troops to Russia to support its war against Ukraine, a move that Seoul called a grave threat.", Some("en")),
            ("Южнокорейская разведка заявила в пятницу, что Северная Корея отправила войска в Россию для участия в войне против Украины.", Some("ru")),
            ("국가정보원은 북한이 러시아에 특수부대를 파병했다고 밝혔다. 정부는 단계별 대응 방안을 검토하고 있다.", Some("ko")),
            ("ok", None),
            ("Le ministère a déclaré que les troupes nord-coréennes étaient arrivées dans la région de Koursk, selon des responsables de la défense qui ont parlé sous couvert d'anonymat.", Some("fr")),
            ("Das Verteidigungsministerium teilte mit, dass nordkoreanische Soldaten in der Region Kursk eingetroffen seien, wie Beamte unter der Bedingung der Anonymität sagten.", Some("de")),
        ];
        for (text, expected) in cases {
            assert_eq!(detect_language(text), expected, "{text}");
        }
    }

    #[test]
    fn english_shortcut_agrees_with_the_detector() {
        let english = "The ministry said that the troops had been moved to the border region after talks with officials from the neighbouring country, which would have to approve the transfer by the end of the month, according to their statement.";
        assert!(looks_english(english));
        assert_eq!(whatlang::detect(english).map(|i| i.lang()), Some(Lang::Eng));
        let spanish = "El ministerio dijo que las tropas habían sido trasladadas a la región fronteriza después de las conversaciones con funcionarios del país vecino, que tendría que aprobar el traslado a finales de mes.";
        assert!(!looks_english(spanish));
        assert!(!looks_english("the of and"));
    }

    #[test]
    fn tags_reduce_to_primary_subtag() {
        assert_eq!(language_from_tag("en-US").as_deref(), Some("en"));
        assert_eq!(language_from_tag("pt_BR").as_deref(), Some("pt"));
        assert_eq!(language_from_tag("english"), None);
    }
}
