//! Training a model from CoNLL-U sentences: the lemmatiser, a jackknifed tagger (so the
//! parser learns from predicted tags) and the parser, with a dynamic oracle and exploration.

use crate::conllu::Sentence;
use crate::hash::SplitMix64;
use crate::lemma::Lemmatizer;
use crate::model::Model;
use crate::parser::{
    forced, label_features, punct_label, tokens, transition_features, Parser, Token,
};
use crate::perceptron::{argmax, Trainer};
use crate::state::{State, ACTIONS};
use crate::tagger::{self, Tagger};
use crate::upos::Upos;

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainConfig {
    /// Seed of every random choice (shuffling, exploration).
    pub seed: u64,
    /// Passes over the data for the tagger.
    pub tagger_epochs: usize,
    /// Passes over the data for the parser.
    pub parser_epochs: usize,
    /// Folds for jackknifed tags (1 = train the parser on gold tags).
    pub folds: usize,
    /// Probability of following the model's own (possibly wrong) transition after the
    /// first epoch.
    pub explore: f64,
    /// Features updated fewer times than this are dropped from the tagger.
    pub min_updates_tagger: u32,
    /// ... from the transition classifier.
    pub min_updates_parser: u32,
    /// ... from the label classifier.
    pub min_updates_labels: u32,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            seed: 1,
            tagger_epochs: 8,
            parser_epochs: 15,
            folds: 5,
            explore: 0.75,
            min_updates_tagger: 2,
            min_updates_parser: 3,
            min_updates_labels: 3,
        }
    }
}

/// Trains a model on `train`; `dev` is only scored, for the progress report.
pub fn train(
    train: &[Sentence],
    dev: &[Sentence],
    cfg: &TrainConfig,
    progress: &mut dyn FnMut(&str),
) -> Model {
    let started = std::time::Instant::now();
    let lemmatizer = Lemmatizer::learn(train);
    progress(&format!(
        "lemmatiser: {} forms, {} suffix rules",
        lemmatizer.table.len(),
        lemmatizer.rules.len()
    ));
    let all: Vec<&Sentence> = train.iter().collect();
    let predicted = jackknife(&all, cfg, progress);
    let tagger = tagger::train(&all, cfg.tagger_epochs, cfg.seed, cfg.min_updates_tagger);
    progress(&format!(
        "tagger: {} features; dev UPOS {:.2}%",
        tagger.weights.len(),
        100.0 * tag_accuracy(&tagger, dev)
    ));
    let parser = train_parser(train, &predicted, dev, &tagger, cfg, progress);
    let meta = format!(
        "ladder-parse model trained on {} sentences; seed {}, tagger epochs {}, parser epochs {}, folds {}, explore {}",
        train.len(),
        cfg.seed,
        cfg.tagger_epochs,
        cfg.parser_epochs,
        cfg.folds,
        cfg.explore
    );
    let model = Model {
        tagger,
        lemmatizer,
        parser,
        meta,
    };
    if !dev.is_empty() {
        let s = crate::eval::evaluate(&model, dev);
        progress(&format!("dev: {s}"));
    }
    progress(&format!(
        "trained in {:.1}s",
        started.elapsed().as_secs_f64()
    ));
    model
}

fn tag_accuracy(tagger: &Tagger, sents: &[Sentence]) -> f64 {
    let (mut ok, mut n) = (0usize, 0usize);
    for s in sents {
        let tags = tagger.tag(&tagger.infos(&s.forms()));
        for (t, w) in tags.iter().zip(&s.words) {
            ok += usize::from(*t == w.upos);
            n += 1;
        }
    }
    ok as f64 / n.max(1) as f64
}

/// Tags each training sentence with a tagger trained on the other folds.
fn jackknife(
    all: &[&Sentence],
    cfg: &TrainConfig,
    progress: &mut dyn FnMut(&str),
) -> Vec<Vec<Upos>> {
    if cfg.folds < 2 {
        return all
            .iter()
            .map(|s| s.words.iter().map(|w| w.upos).collect())
            .collect();
    }
    let mut out = vec![Vec::new(); all.len()];
    let (mut ok, mut n) = (0usize, 0usize);
    for f in 0..cfg.folds {
        let rest: Vec<&Sentence> = all
            .iter()
            .enumerate()
            .filter(|(i, _)| i % cfg.folds != f)
            .map(|(_, s)| *s)
            .collect();
        let t = tagger::train(
            &rest,
            cfg.tagger_epochs,
            cfg.seed ^ (f as u64 + 1),
            cfg.min_updates_tagger,
        );
        for (i, s) in all.iter().enumerate().filter(|(i, _)| i % cfg.folds == f) {
            let tags = t.tag(&t.infos(&s.forms()));
            for (a, w) in tags.iter().zip(&s.words) {
                ok += usize::from(*a == w.upos);
                n += 1;
            }
            out[i] = tags;
        }
        progress(&format!("jackknife fold {}/{} done", f + 1, cfg.folds));
    }
    progress(&format!(
        "jackknifed UPOS {:.2}%",
        100.0 * ok as f64 / n.max(1) as f64
    ));
    out
}

struct Prepared {
    toks: Vec<Token>,
    gold: Vec<usize>,
    labels: Vec<u16>,
}

fn prepare(
    sents: &[Sentence],
    tags: &[Vec<Upos>],
    names: &[String],
    tagger: &Tagger,
) -> Vec<Prepared> {
    sents
        .iter()
        .zip(tags)
        .map(|(s, t)| {
            let infos = tagger.infos(&s.forms());
            let ids: Vec<usize> = t.iter().map(|u| u.index()).collect();
            let mut gold = vec![0];
            let mut labels = vec![0];
            for w in &s.words {
                gold.push(w.head);
                labels.push(names.binary_search(&w.deprel).map_or(0, |i| i as u16));
            }
            Prepared {
                toks: tokens(&infos, &ids),
                gold,
                labels,
            }
        })
        .collect()
}

struct Learners {
    trans: Trainer,
    labels: Trainer,
    root: u16,
    label_mask: Vec<bool>,
    feats: Vec<u64>,
    scratch: Vec<f32>,
}

impl Learners {
    /// One sentence: returns (correct transitions, transitions).
    fn sentence(
        &mut self,
        p: &Prepared,
        explore: bool,
        p_explore: f64,
        rng: &mut SplitMix64,
    ) -> (usize, usize) {
        let n = p.toks.len() - 1;
        let mut st = State::new(n);
        let (mut right, mut total) = (0, 0);
        let mut scores = [0f32; ACTIONS];
        while !st.terminal() {
            let valid = st.valid();
            if let Some(a) = forced(&valid) {
                let label = self.arc_label(&st, p, a);
                st.apply(a, label);
                continue;
            }
            let costs = st.costs(&p.gold);
            transition_features(&st, &p.toks, &mut self.feats);
            self.trans.score(&self.feats, &mut scores);
            let pred = argmax(&scores, Some(&valid));
            let min = costs.iter().copied().min().unwrap_or(0);
            let zero: [bool; ACTIONS] = std::array::from_fn(|a| valid[a] && costs[a] == min);
            let best = argmax(&scores, Some(&zero));
            if costs[pred] > min {
                self.trans.update(&self.feats, best, pred);
            } else {
                right += 1;
            }
            total += 1;
            self.trans.tick();
            let action = if explore && rng.next_f64() < p_explore {
                pred
            } else {
                best
            };
            let label = self.arc_label(&st, p, action);
            st.apply(action, label);
        }
        (right, total)
    }

    /// Labels the arc `action` makes (training the label classifier on correct arcs).
    fn arc_label(&mut self, st: &State, p: &Prepared, action: usize) -> u16 {
        match st.arc(action) {
            Some((0, _)) => self.root,
            Some((h, d)) => {
                label_features(st, &p.toks, h, d, &mut self.feats);
                let lp = self
                    .labels
                    .predict(&self.feats, &mut self.scratch, Some(&self.label_mask))
                    as u16;
                if p.gold[d] == h {
                    self.labels
                        .update(&self.feats, usize::from(p.labels[d]), usize::from(lp));
                    self.labels.tick();
                    p.labels[d]
                } else {
                    lp
                }
            }
            None => 0,
        }
    }
}

/// Labelled attachment score of a parser on prepared sentences.
fn attachment(parser: &Parser, data: &[Prepared]) -> f64 {
    let (mut ok, mut n) = (0usize, 0usize);
    for p in data {
        let (heads, labels) = parser.parse(&p.toks);
        for d in 1..p.gold.len() {
            ok += usize::from(heads[d] == p.gold[d] && labels[d] == p.labels[d]);
            n += 1;
        }
    }
    ok as f64 / n.max(1) as f64
}

fn train_parser(
    train: &[Sentence],
    tags: &[Vec<Upos>],
    dev: &[Sentence],
    tagger: &Tagger,
    cfg: &TrainConfig,
    progress: &mut dyn FnMut(&str),
) -> Parser {
    let mut names: Vec<String> = train
        .iter()
        .flat_map(|s| s.words.iter().map(|w| w.deprel.clone()))
        .collect();
    names.sort();
    names.dedup();
    let root = names.binary_search(&"root".to_string()).unwrap_or(0) as u16;
    let data = prepare(train, tags, &names, tagger);
    let dev_tags: Vec<Vec<Upos>> = dev
        .iter()
        .map(|s| tagger.tag(&tagger.infos(&s.forms())))
        .collect();
    let dev_data = prepare(dev, &dev_tags, &names, tagger);
    let mut learners = Learners {
        trans: Trainer::new(ACTIONS),
        labels: Trainer::new(names.len().max(1)),
        root,
        label_mask: (0..names.len().max(1))
            .map(|i| i != usize::from(root))
            .collect(),
        feats: Vec::with_capacity(128),
        scratch: Vec::new(),
    };
    let mut rng = SplitMix64::new(cfg.seed.wrapping_mul(31).wrapping_add(7));
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut best: Option<(f64, usize, Parser)> = None;
    for epoch in 0..cfg.parser_epochs {
        rng.shuffle(&mut order);
        let (mut right, mut total) = (0, 0);
        for &i in &order {
            let (r, t) = learners.sentence(&data[i], epoch > 0, cfg.explore, &mut rng);
            right += r;
            total += t;
        }
        let mut line = format!(
            "parser epoch {}/{}: {:.2}% oracle-agreeing transitions",
            epoch + 1,
            cfg.parser_epochs,
            100.0 * right as f64 / total.max(1) as f64
        );
        // From the middle of training on, keep the epoch that labels dev best.
        if !dev_data.is_empty() && 2 * (epoch + 1) >= cfg.parser_epochs {
            let parser = Parser {
                transitions: learners.trans.finish(cfg.min_updates_parser),
                labels: learners.labels.finish(cfg.min_updates_labels),
                label_names: names.clone(),
                root_label: root,
                punct_label: punct_label(&names),
            };
            let las = attachment(&parser, &dev_data);
            line.push_str(&format!("; dev LAS {:.2}%", 100.0 * las));
            if best.as_ref().is_none_or(|(b, _, _)| las > *b) {
                best = Some((las, epoch + 1, parser));
            }
        }
        progress(&line);
    }
    let parser = match best {
        Some((las, epoch, parser)) => {
            progress(&format!("kept epoch {epoch} (dev LAS {:.2}%)", 100.0 * las));
            parser
        }
        None => Parser {
            transitions: learners.trans.finish(cfg.min_updates_parser),
            labels: learners.labels.finish(cfg.min_updates_labels),
            punct_label: punct_label(&names),
            label_names: names,
            root_label: root,
        },
    };
    progress(&format!(
        "parser: {} transition features, {} label features, {} labels",
        parser.transitions.len(),
        parser.labels.len(),
        parser.label_names.len()
    ));
    parser
}
