//! A small English inflector for lexicon verbs and nouns: "send" gives send, sends, sent,
//! sending; "supply" gives supplies, supplied, supplying; irregular verbs come from a table.

/// Verb forms and whether each is a past participle (passives need to know).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbForms {
    pub base: String,
    pub third: String,
    pub past: String,
    pub participle: String,
    pub gerund: String,
}

impl VerbForms {
    /// Every distinct form with a flag: true for the past participle.
    pub fn all(&self) -> Vec<(String, bool)> {
        let mut out: Vec<(String, bool)> = Vec::with_capacity(5);
        let mut push = |s: &str, pp: bool| {
            if let Some(existing) = out.iter_mut().find(|(f, _)| f == s) {
                existing.1 |= pp;
            } else {
                out.push((s.to_string(), pp));
            }
        };
        push(&self.base, false);
        push(&self.third, false);
        push(&self.past, false);
        push(&self.participle, true);
        push(&self.gerund, false);
        out
    }
}

/// base, past, participle for irregular verbs.
const IRREGULAR: &[(&str, &str, &str)] = &[
    ("arise", "arose", "arisen"),
    ("be", "was", "been"),
    ("bear", "bore", "borne"),
    ("beat", "beat", "beaten"),
    ("begin", "began", "begun"),
    ("bid", "bid", "bid"),
    ("bind", "bound", "bound"),
    ("blow", "blew", "blown"),
    ("break", "broke", "broken"),
    ("bring", "brought", "brought"),
    ("broadcast", "broadcast", "broadcast"),
    ("build", "built", "built"),
    ("buy", "bought", "bought"),
    ("catch", "caught", "caught"),
    ("choose", "chose", "chosen"),
    ("come", "came", "come"),
    ("cut", "cut", "cut"),
    ("deal", "dealt", "dealt"),
    ("do", "did", "done"),
    ("draw", "drew", "drawn"),
    ("drive", "drove", "driven"),
    ("fall", "fell", "fallen"),
    ("feel", "felt", "felt"),
    ("fight", "fought", "fought"),
    ("find", "found", "found"),
    ("flee", "fled", "fled"),
    ("fly", "flew", "flown"),
    ("forbid", "forbade", "forbidden"),
    ("forgive", "forgave", "forgiven"),
    ("freeze", "froze", "frozen"),
    ("get", "got", "got"),
    ("give", "gave", "given"),
    ("go", "went", "gone"),
    ("grow", "grew", "grown"),
    ("hang", "hung", "hung"),
    ("have", "had", "had"),
    ("hear", "heard", "heard"),
    ("hide", "hid", "hidden"),
    ("hit", "hit", "hit"),
    ("hold", "held", "held"),
    ("keep", "kept", "kept"),
    ("know", "knew", "known"),
    ("lay", "laid", "laid"),
    ("lead", "led", "led"),
    ("leave", "left", "left"),
    ("lend", "lent", "lent"),
    ("lose", "lost", "lost"),
    ("make", "made", "made"),
    ("meet", "met", "met"),
    ("mislead", "misled", "misled"),
    ("oversee", "oversaw", "overseen"),
    ("overrun", "overran", "overrun"),
    ("overthrow", "overthrew", "overthrown"),
    ("pay", "paid", "paid"),
    ("put", "put", "put"),
    ("quit", "quit", "quit"),
    ("rebuild", "rebuilt", "rebuilt"),
    ("rid", "rid", "rid"),
    ("rise", "rose", "risen"),
    ("run", "ran", "run"),
    ("say", "said", "said"),
    ("see", "saw", "seen"),
    ("seek", "sought", "sought"),
    ("sell", "sold", "sold"),
    ("send", "sent", "sent"),
    ("set", "set", "set"),
    ("shake", "shook", "shaken"),
    ("shed", "shed", "shed"),
    ("shoot", "shot", "shot"),
    ("show", "showed", "shown"),
    ("shut", "shut", "shut"),
    ("sink", "sank", "sunk"),
    ("sit", "sat", "sat"),
    ("slay", "slew", "slain"),
    ("speak", "spoke", "spoken"),
    ("spend", "spent", "spent"),
    ("split", "split", "split"),
    ("spread", "spread", "spread"),
    ("stand", "stood", "stood"),
    ("steal", "stole", "stolen"),
    ("strike", "struck", "struck"),
    ("swear", "swore", "sworn"),
    ("take", "took", "taken"),
    ("teach", "taught", "taught"),
    ("tear", "tore", "torn"),
    ("tell", "told", "told"),
    ("think", "thought", "thought"),
    ("throw", "threw", "thrown"),
    ("undertake", "undertook", "undertaken"),
    ("uphold", "upheld", "upheld"),
    ("upset", "upset", "upset"),
    ("win", "won", "won"),
    ("withdraw", "withdrew", "withdrawn"),
    ("withhold", "withheld", "withheld"),
    ("write", "wrote", "written"),
    ("overtake", "overtook", "overtaken"),
    ("override", "overrode", "overridden"),
    ("forgo", "forwent", "forgone"),
    ("foresee", "foresaw", "foreseen"),
    ("shoot down", "shot down", "shot down"),
    ("understand", "understood", "understood"),
    ("slit", "slit", "slit"),
    ("stab", "stabbed", "stabbed"),
    ("sting", "stung", "stung"),
    ("light", "lit", "lit"),
    ("mistake", "mistook", "mistaken"),
];

/// Multi-syllable verbs stressed on the last syllable that double their final consonant.
const DOUBLING: &[&str] = &[
    "commit", "submit", "admit", "permit", "refer", "occur", "compel", "expel", "repel", "propel",
    "control", "patrol", "rebel", "regret", "equip", "transfer", "deter", "prefer", "acquit",
    "embed", "abet", "confer", "defer", "infer", "incur", "recur", "omit", "remit", "outstrip",
    "unplug", "extol", "enrol", "instil", "handicap", "kidnap", "worship", "format", "label",
    "level", "signal", "travel", "cancel", "channel", "model", "total", "fuel", "dial", "quarrel",
    "shovel", "tunnel",
];

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// Whether a one-syllable word ends consonant-vowel-consonant and so doubles ("ship").
fn doubles_final(word: &str) -> bool {
    if DOUBLING.contains(&word) {
        return true;
    }
    let chars: Vec<char> = word.chars().collect();
    let n = chars.len();
    if n < 3 {
        return false;
    }
    let (a, b, c) = (chars[n - 3], chars[n - 2], chars[n - 1]);
    let vowels = chars.iter().filter(|&&x| is_vowel(x)).count();
    vowels == 1 && !is_vowel(a) && is_vowel(b) && !is_vowel(c) && !matches!(c, 'w' | 'x' | 'y')
}

/// Inflect a single-word verb lemma.
/// Past and participle of an irregular verb, also behind a prefix ("retake" → "retook",
/// "retaken"; "overrun" → "overran").
fn irregular(lemma: &str) -> Option<(String, String)> {
    if let Some(&(_, past, pp)) = IRREGULAR.iter().find(|(b, _, _)| *b == lemma) {
        return Some((past.to_string(), pp.to_string()));
    }
    const PREFIXES: &[&str] = &["re", "over", "under", "out", "mis", "fore", "up"];
    PREFIXES.iter().find_map(|prefix| {
        let rest = lemma.strip_prefix(prefix)?;
        let &(_, past, pp) = IRREGULAR
            .iter()
            .find(|(b, _, _)| *b == rest && b.len() >= 3)?;
        Some((format!("{prefix}{past}"), format!("{prefix}{pp}")))
    })
}

fn inflect_word(lemma: &str) -> VerbForms {
    let third =
        if lemma.ends_with('y') && lemma.len() > 1 && !lemma[..lemma.len() - 1].ends_with(is_vowel)
        {
            format!("{}ies", &lemma[..lemma.len() - 1])
        } else if lemma.ends_with("ss")
            || lemma.ends_with("sh")
            || lemma.ends_with("ch")
            || lemma.ends_with('x')
            || lemma.ends_with('z')
            || lemma.ends_with('o')
        {
            format!("{lemma}es")
        } else {
            format!("{lemma}s")
        };
    let gerund = if let Some(stem) = lemma.strip_suffix("ie") {
        format!("{stem}ying")
    } else if lemma.ends_with('e')
        && !lemma.ends_with("ee")
        && !lemma.ends_with("ye")
        && lemma.len() > 2
    {
        format!("{}ing", &lemma[..lemma.len() - 1])
    } else if doubles_final(lemma) {
        format!("{lemma}{}ing", lemma.chars().last().unwrap_or_default())
    } else {
        format!("{lemma}ing")
    };
    if let Some((past, pp)) = irregular(lemma) {
        return VerbForms {
            base: lemma.to_string(),
            third,
            past,
            participle: pp,
            gerund,
        };
    }
    let past = if lemma.ends_with('e') {
        format!("{lemma}d")
    } else if lemma.ends_with('y')
        && lemma.len() > 1
        && !lemma[..lemma.len() - 1].ends_with(is_vowel)
    {
        format!("{}ied", &lemma[..lemma.len() - 1])
    } else if doubles_final(lemma) {
        format!("{lemma}{}ed", lemma.chars().last().unwrap_or_default())
    } else {
        format!("{lemma}ed")
    };
    VerbForms {
        base: lemma.to_string(),
        third,
        participle: past.clone(),
        past,
        gerund,
    }
}

/// Inflect a verb lemma; in a multi-word lemma ("call for") only the first word changes.
pub fn verb_forms(lemma: &str) -> VerbForms {
    let lemma = lemma.trim().to_lowercase();
    match lemma.split_once(' ') {
        None => inflect_word(&lemma),
        Some((head, rest)) => {
            let f = inflect_word(head);
            VerbForms {
                base: format!("{} {rest}", f.base),
                third: format!("{} {rest}", f.third),
                past: format!("{} {rest}", f.past),
                participle: format!("{} {rest}", f.participle),
                gerund: format!("{} {rest}", f.gerund),
            }
        }
    }
}

/// Plural of a noun ("strike" → "strikes", "talks" stays, "ally" → "allies").
pub fn plural(noun: &str) -> String {
    let n = noun.trim().to_lowercase();
    if n.ends_with("ss") || n.ends_with("sh") || n.ends_with("ch") || n.ends_with('x') {
        format!("{n}es")
    } else if n.ends_with('s') {
        n
    } else if n.ends_with('y') && n.len() > 1 && !n[..n.len() - 1].ends_with(is_vowel) {
        format!("{}ies", &n[..n.len() - 1])
    } else if n.ends_with("man") {
        format!("{}men", &n[..n.len() - 3])
    } else {
        format!("{n}s")
    }
}

/// A noun phrase and its plural (only the last word changes).
pub fn noun_forms(phrase: &str) -> Vec<String> {
    let p = phrase.trim().to_lowercase();
    let (head, last) = match p.rsplit_once(' ') {
        Some((h, l)) => (format!("{h} "), l.to_string()),
        None => (String::new(), p.clone()),
    };
    let pl = format!("{head}{}", plural(&last));
    if pl == p {
        vec![p]
    } else {
        vec![p, pl]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verb_table() {
        let cases = [
            ("send", "sends", "sent", "sent", "sending"),
            ("supply", "supplies", "supplied", "supplied", "supplying"),
            ("ship", "ships", "shipped", "shipped", "shipping"),
            ("provide", "provides", "provided", "provided", "providing"),
            ("expel", "expels", "expelled", "expelled", "expelling"),
            (
                "withdraw",
                "withdraws",
                "withdrew",
                "withdrawn",
                "withdrawing",
            ),
            ("deploy", "deploys", "deployed", "deployed", "deploying"),
            (
                "call for",
                "calls for",
                "called for",
                "called for",
                "calling for",
            ),
            ("visit", "visits", "visited", "visited", "visiting"),
            ("seize", "seizes", "seized", "seized", "seizing"),
            ("reach", "reaches", "reached", "reached", "reaching"),
            ("retake", "retakes", "retook", "retaken", "retaking"),
            ("resend", "resends", "resent", "resent", "resending"),
            ("repel", "repels", "repelled", "repelled", "repelling"),
        ];
        for (b, t, p, pp, g) in cases {
            let f = verb_forms(b);
            assert_eq!(
                (
                    f.third.as_str(),
                    f.past.as_str(),
                    f.participle.as_str(),
                    f.gerund.as_str()
                ),
                (t, p, pp, g),
                "{b}"
            );
        }
    }

    #[test]
    fn nouns() {
        assert_eq!(noun_forms("air strike"), vec!["air strike", "air strikes"]);
        assert_eq!(noun_forms("talks"), vec!["talks"]);
        assert_eq!(noun_forms("ally"), vec!["ally", "allies"]);
        assert_eq!(noun_forms("serviceman"), vec!["serviceman", "servicemen"]);
    }
}
