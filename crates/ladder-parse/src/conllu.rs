//! Reading CoNLL-U: the syntactic words of each sentence (multiword-token ranges and
//! empty nodes are skipped, except that ranges are kept aside for tokeniser checks).

use crate::upos::Upos;
use thiserror::Error;

/// A CoNLL-U file that could not be read.
#[derive(Debug, Clone, Error, PartialEq, Eq)]
#[error("CoNLL-U line {line}: {message}")]
pub struct ConlluError {
    /// 1-based line number.
    pub line: usize,
    /// What was wrong.
    pub message: String,
}

/// One syntactic word with its gold annotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldWord {
    /// The word form.
    pub form: String,
    /// The lemma.
    pub lemma: String,
    /// The universal part of speech.
    pub upos: Upos,
    /// 0 = root, else the 1-based index of the head.
    pub head: usize,
    /// The full dependency relation, e.g. `nsubj:pass`.
    pub deprel: String,
}

/// A multiword token (`3-4 don't`): its surface form covering words `first..=last`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultiwordToken {
    /// First word (1-based).
    pub first: usize,
    /// Last word (1-based, inclusive).
    pub last: usize,
    /// Surface form.
    pub form: String,
}

/// A sentence of a CoNLL-U file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentence {
    /// The `# text =` comment, when present.
    pub text: Option<String>,
    /// The syntactic words.
    pub words: Vec<GoldWord>,
    /// Multiword-token ranges.
    pub multiword: Vec<MultiwordToken>,
}

impl Sentence {
    /// The word forms.
    pub fn forms(&self) -> Vec<&str> {
        self.words.iter().map(|w| w.form.as_str()).collect()
    }
}

/// Reads every sentence of a CoNLL-U text.
pub fn read(text: &str) -> Result<Vec<Sentence>, ConlluError> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    for (n, raw) in text.lines().enumerate() {
        let line_no = n + 1;
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.words.is_empty() {
                check_heads(&cur, line_no)?;
                out.push(std::mem::take(&mut cur));
            } else {
                cur = Sentence::default();
            }
            continue;
        }
        if let Some(rest) = line.strip_prefix('#') {
            if let Some(t) = rest.trim_start().strip_prefix("text =") {
                cur.text = Some(t.trim().to_string());
            }
            continue;
        }
        read_word_line(line, line_no, &mut cur)?;
    }
    if !cur.words.is_empty() {
        check_heads(&cur, text.lines().count())?;
        out.push(cur);
    }
    Ok(out)
}

fn err(line: usize, message: impl Into<String>) -> ConlluError {
    ConlluError {
        line,
        message: message.into(),
    }
}

fn read_word_line(line: &str, line_no: usize, cur: &mut Sentence) -> Result<(), ConlluError> {
    let cols: Vec<&str> = line.split('\t').collect();
    if cols.len() != 10 {
        return Err(err(
            line_no,
            format!("expected 10 tab-separated columns, found {}", cols.len()),
        ));
    }
    let id = cols[0];
    if id.contains('.') {
        return Ok(()); // empty node
    }
    if let Some((a, b)) = id.split_once('-') {
        let first = a
            .parse::<usize>()
            .map_err(|_| err(line_no, format!("bad range id {id:?}")))?;
        let last = b
            .parse::<usize>()
            .map_err(|_| err(line_no, format!("bad range id {id:?}")))?;
        cur.multiword.push(MultiwordToken {
            first,
            last,
            form: cols[1].to_string(),
        });
        return Ok(());
    }
    let idx = id
        .parse::<usize>()
        .map_err(|_| err(line_no, format!("bad word id {id:?}")))?;
    if idx != cur.words.len() + 1 {
        return Err(err(
            line_no,
            format!(
                "word id {idx} out of sequence (expected {})",
                cur.words.len() + 1
            ),
        ));
    }
    let upos = Upos::parse(cols[3]).unwrap_or(Upos::X);
    let head = if cols[6] == "_" {
        0
    } else {
        cols[6]
            .parse::<usize>()
            .map_err(|_| err(line_no, format!("bad head {:?}", cols[6])))?
    };
    cur.words.push(GoldWord {
        form: cols[1].to_string(),
        lemma: cols[2].to_string(),
        upos,
        head,
        deprel: cols[7].to_string(),
    });
    Ok(())
}

fn check_heads(s: &Sentence, line_no: usize) -> Result<(), ConlluError> {
    let n = s.words.len();
    for (i, w) in s.words.iter().enumerate() {
        if w.head > n {
            return Err(err(
                line_no,
                format!(
                    "word {} has head {} beyond the sentence ({n} words)",
                    i + 1,
                    w.head
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_words_and_skips_ranges() {
        let text = "# text = I don't.\n1\tI\tI\tPRON\t_\t_\t3\tnsubj\t_\t_\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tdo\tdo\tAUX\t_\t_\t3\taux\t_\t_\n3\tn't\tnot\tPART\t_\t_\t0\troot\t_\t_\n3.1\tx\tx\tX\t_\t_\t_\t_\t_\t_\n4\t.\t.\tPUNCT\t_\t_\t3\tpunct\t_\t_\n\n";
        let s = read(text).expect("valid");
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].words.len(), 4);
        assert_eq!(s[0].multiword.len(), 1);
        assert_eq!(s[0].text.as_deref(), Some("I don't."));
    }

    #[test]
    fn reports_line_numbers() {
        let e = read("1\tI\tI\tPRON\n").unwrap_err();
        assert_eq!(e.line, 1);
    }
}
