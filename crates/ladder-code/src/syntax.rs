//! The grammar of one sentence, read from its dependency parse (`ladder-parse`): the
//! parse aligned word for word with the coder's tokens, and the roles a trigger word
//! takes from it — who acts (subject, passive agent, possessor, demonym), who is acted on
//! (object, oblique with a recipient preposition, passive subject), whether the clause is
//! passive.
//!
//! Every function here is pure and works on plain data: a [`Tree`] (heads, relations,
//! tags, lemmas by token index) and the sentence's [`ActorSpan`]s. The coder asks these
//! questions first and falls back to its token-window rules where the tree says nothing.

use crate::actors::{ActorKind, ActorSpan};
use crate::patterns::{RelPattern, RelStep, RolePatterns};
use crate::token::Token;
use ladder_parse::{Model, Upos};

/// Sentences longer than this are not parsed (the coder's window rules read them).
pub const MAX_PARSED_TOKENS: usize = 150;

/// One word of the tree, at the index of the coder token it stands for.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Index of the head word, `None` for the root.
    pub head: Option<usize>,
    /// Full UD relation ("nsubj:pass", "obl", "nmod:poss").
    pub rel: String,
    pub upos: Upos,
    pub lemma: String,
}

/// A sentence's dependency tree over the coder's tokens (same indices).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tree {
    pub nodes: Vec<Node>,
    children: Vec<Vec<usize>>,
}

impl Tree {
    /// Parse the tokens of one sentence (each coder token is one parser word).
    pub fn parse(model: &Model, text: &str, tokens: &[Token]) -> Option<Tree> {
        if tokens.is_empty() || tokens.len() > MAX_PARSED_TOKENS {
            return None;
        }
        let words: Vec<&str> = tokens
            .iter()
            .map(|t| text.get(t.start..t.end).unwrap_or("_"))
            .collect();
        let parse = model.parse(&words);
        if parse.words.len() != tokens.len() {
            return None;
        }
        let nodes: Vec<Node> = parse
            .words
            .iter()
            .map(|w| Node {
                head: (w.head > 0 && w.head <= tokens.len()).then(|| w.head - 1),
                rel: w.deprel.clone(),
                upos: w.upos,
                lemma: w.lemma.clone(),
            })
            .collect();
        Some(Tree::from_nodes(nodes))
    }

    /// A tree from its nodes (tests build trees by hand).
    pub fn from_nodes(nodes: Vec<Node>) -> Tree {
        let mut children = vec![Vec::new(); nodes.len()];
        for (i, n) in nodes.iter().enumerate() {
            if let Some(h) = n.head.filter(|&h| h < nodes.len() && h != i) {
                children[h].push(i);
            }
        }
        Tree { nodes, children }
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The relation without its subtype ("nsubj:pass" → "nsubj").
    pub fn base_rel(&self, i: usize) -> &str {
        let r = self.nodes.get(i).map(|n| n.rel.as_str()).unwrap_or("");
        r.split(':').next().unwrap_or(r)
    }

    pub fn rel(&self, i: usize) -> &str {
        self.nodes.get(i).map(|n| n.rel.as_str()).unwrap_or("")
    }

    pub fn head(&self, i: usize) -> Option<usize> {
        self.nodes.get(i).and_then(|n| n.head)
    }

    pub fn children(&self, i: usize) -> &[usize] {
        self.children.get(i).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Children of `i` whose full relation is one of `rels`.
    pub fn children_rel<'t>(
        &'t self,
        i: usize,
        rels: &'t [&'t str],
    ) -> impl Iterator<Item = usize> + 't {
        self.children(i)
            .iter()
            .copied()
            .filter(move |&c| rels.contains(&self.rel(c)))
    }

    /// The preposition of an oblique or nominal modifier ("to", "with", "on behalf of":
    /// its first word), lowercase.
    pub fn case_of(&self, i: usize, tokens: &[Token]) -> Option<String> {
        self.children(i)
            .iter()
            .find(|&&c| self.rel(c) == "case")
            .and_then(|&c| tokens.get(c))
            .map(|t| t.lower.clone())
    }

    /// The word of `[first, last)` whose head lies outside the range: the syntactic head
    /// of a multi-word trigger ("call for" → "call").
    pub fn head_of_span(&self, first: usize, last: usize) -> usize {
        (first..last.min(self.len()))
            .find(|&i| self.head(i).is_none_or(|h| h < first || h >= last))
            .unwrap_or(first)
    }
}

/// What the tree says about one trigger: its grammatical roles, as actor-span indices.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TreeRoles {
    /// The doer: subject, passive agent, possessor or demonym of a noun trigger.
    pub agent: Option<Vec<usize>>,
    /// Who undergoes or receives the act: object, recipient oblique, passive subject.
    pub recipient: Option<Vec<usize>>,
    /// The clause is passive (an auxiliary "be" or a reduced passive participle).
    pub passive: bool,
    /// Which relations gave the roles, for `explain` ("agent=nsubj recipient=obl:to").
    pub how: Vec<String>,
}

/// How the tree should be read for one lexicon entry.
#[derive(Debug, Clone, Copy)]
pub struct RoleFrame<'a> {
    /// The entry's role patterns (`[event.roles]`, or derived from its token fields).
    pub patterns: &'a RolePatterns,
    /// A direct object names the recipient ("attacked Ukraine"); off for transfers of
    /// things ("sent troops to Russia"). Derived patterns only: written ones say it.
    pub direct_object: bool,
}

const SUBJECT_RELS: &[&str] = &["nsubj", "nsubj:outer", "csubj"];
const PASSIVE_SUBJECT_RELS: &[&str] = &["nsubj:pass", "csubj:pass"];
const OBLIQUE_RELS: &[&str] = &["obl", "nmod", "obl:arg"];
/// Relations inside a noun phrase that may carry its actor ("North Korean troops", "the
/// troops of North Korea" are handled by the span itself).
const NP_ACTOR_RELS: &[&str] = &["compound", "amod", "nmod:poss", "flat", "appos"];

/// Verbs whose object noun names the act they perform ("launched an attack", "carried
/// out strikes"): the verb's subject is the act's actor. Any other verb's object is what
/// the verb is about ("condemned the deployment"), not its subject's act.
const LIGHT_VERBS: &[&str] = &[
    "launch",
    "carry",
    "conduct",
    "stage",
    "mount",
    "make",
    "begin",
    "start",
    "hold",
    "step",
    "continue",
    "resume",
    "order",
    "unleash",
    "wage",
    "undertake",
    "complete",
    "intensify",
];

/// The roles of the trigger at tokens `[first, last)`.
pub fn roles(
    tree: &Tree,
    tokens: &[Token],
    actors: &[ActorSpan],
    first: usize,
    last: usize,
    frame: RoleFrame<'_>,
) -> TreeRoles {
    let mut out = TreeRoles::default();
    if tree.len() != tokens.len() || first >= tree.len() {
        return out;
    }
    let h = tree.head_of_span(first, last);
    let is_noun = matches!(tree.nodes[h].upos, Upos::NOUN | Upos::PROPN);
    out.passive = is_passive(tree, h);
    // the agent, when the entry names it apart from the subject ("pressure from X")
    for p in &frame.patterns.actor {
        if let Some(g) = follow(tree, tokens, h, p).find_map(|w| group_at(tree, actors, w)) {
            out.agent = Some(g);
            out.how.push(format!("agent={p}"));
            break;
        }
    }
    if out.agent.is_none() {
        let agent = if is_noun {
            noun_agent(tree, tokens, actors, h, first, last, &mut out.how)
        } else if out.passive {
            passive_agent(tree, tokens, actors, h, &mut out.how)
        } else {
            clause_subject(tree, tokens, actors, h, &mut out.how, 0)
        };
        out.agent = agent;
    }
    // the recipient
    let recipient = if out.passive && !is_noun {
        passive_patient(tree, tokens, actors, h, &mut out.how)
    } else {
        None
    };
    out.recipient =
        recipient.or_else(|| object_recipient(tree, tokens, actors, h, frame, &mut out.how));
    // the agent is never its own recipient
    if let (Some(a), Some(r)) = (&out.agent, &out.recipient) {
        if r.iter().all(|k| a.contains(k)) {
            out.recipient = None;
        }
    }
    out
}

/// Whether the tree negates the trigger at `[first, last)`: "not"/"never" on its verb,
/// or "no"/"neither" on its subject ("no Indian soldier had been killed").
pub fn negated(tree: &Tree, tokens: &[Token], first: usize, last: usize) -> bool {
    if tree.len() != tokens.len() || first >= tree.len() {
        return false;
    }
    let h = tree.head_of_span(first, last);
    let word = |i: usize| tokens.get(i).map(|t| t.lower.as_str()).unwrap_or("");
    let not_on_verb = tree
        .children(h)
        .iter()
        .any(|&c| tree.rel(c) == "advmod" && matches!(word(c), "not" | "n't" | "never"));
    let no_subject = tree.children_rel(h, &["nsubj", "nsubj:pass"]).any(|s| {
        tree.children(s)
            .iter()
            .any(|&d| tree.rel(d) == "det" && matches!(word(d), "no" | "neither"))
    });
    not_on_verb || no_subject
}

/// Passive: an `aux:pass` or passive subject, or a participle reducing a relative clause
/// ("troops sent by Pyongyang").
fn is_passive(tree: &Tree, h: usize) -> bool {
    tree.children(h).iter().any(|&c| {
        matches!(
            tree.rel(c),
            "aux:pass" | "nsubj:pass" | "csubj:pass" | "obl:agent"
        )
    })
}

/// The subject of a verb, looking through control, coordination and relative clauses.
fn clause_subject(
    tree: &Tree,
    tokens: &[Token],
    actors: &[ActorSpan],
    h: usize,
    how: &mut Vec<String>,
    depth: usize,
) -> Option<Vec<usize>> {
    if depth > 4 {
        return None;
    }
    if let Some(s) = tree.children_rel(h, SUBJECT_RELS).next() {
        // "which sent troops": the relative pronoun stands for the noun it modifies
        if tree.nodes[s].upos == Upos::PRON
            && matches!(tokens[s].lower.as_str(), "which" | "who" | "that")
        {
            if let Some(noun) = tree.head(h).filter(|_| tree.rel(h).starts_with("acl")) {
                how.push("agent=relcl".into());
                return group_at(tree, actors, noun);
            }
        }
        how.push(format!("agent={}", tree.rel(s)));
        return group_at(tree, actors, s);
    }
    let parent = tree.head(h)?;
    match tree.rel(h) {
        // "pledged to send troops", "vowed to retaliate": the controller's subject; with
        // an object ("urged Russia to withdraw"), the object
        "xcomp" => {
            if let Some(o) = tree.children_rel(parent, &["obj", "iobj"]).next() {
                how.push("agent=obj-control".into());
                return group_at(tree, actors, o);
            }
            clause_subject(tree, tokens, actors, parent, how, depth + 1)
        }
        // "attacked Kyiv and shelled Kharkiv"; "…, killing five"
        "conj" | "advcl" => {
            let up = if is_passive(tree, parent) {
                passive_agent(tree, tokens, actors, parent, how)
            } else {
                clause_subject(tree, tokens, actors, parent, how, depth + 1)
            };
            up.inspect(|_| how.push(format!("via={}", tree.rel(h))))
        }
        // "North Korea, having sent troops": a participle on its noun
        "acl" => {
            how.push("agent=acl".into());
            group_at(tree, actors, parent)
        }
        _ => None,
    }
}

/// The agent of a passive: "by X" (`obl:agent`), else nobody named.
fn passive_agent(
    tree: &Tree,
    tokens: &[Token],
    actors: &[ActorSpan],
    h: usize,
    how: &mut Vec<String>,
) -> Option<Vec<usize>> {
    let by = tree.children(h).iter().copied().find(|&c| {
        tree.rel(c) == "obl:agent"
            || (tree.base_rel(c) == "obl" && tree.case_of(c, tokens).as_deref() == Some("by"))
    })?;
    how.push("agent=obl:agent".into());
    group_at(tree, actors, by)
}

/// Who undergoes a passive: its subject, or the noun a reduced participle modifies.
fn passive_patient(
    tree: &Tree,
    _tokens: &[Token],
    actors: &[ActorSpan],
    h: usize,
    how: &mut Vec<String>,
) -> Option<Vec<usize>> {
    if let Some(s) = tree.children_rel(h, PASSIVE_SUBJECT_RELS).next() {
        how.push("recipient=nsubj:pass".into());
        return group_at(tree, actors, s);
    }
    None
}

/// The actor of a noun trigger: possessor ("Israel's strikes"), demonym or compound ("a
/// Russian attack"), "by X" ("the use of missiles by Russia"), else the subject of the
/// light verb it is the object of ("Russia launched an attack").
fn noun_agent(
    tree: &Tree,
    tokens: &[Token],
    actors: &[ActorSpan],
    h: usize,
    first: usize,
    last: usize,
    how: &mut Vec<String>,
) -> Option<Vec<usize>> {
    for &c in tree.children(h) {
        if (first..last).contains(&c) {
            continue;
        }
        let rel = tree.rel(c);
        if matches!(rel, "nmod:poss" | "amod" | "compound") {
            if let Some(g) = group_at(tree, actors, c) {
                how.push(format!("agent={rel}"));
                return Some(g);
            }
        }
        if tree.base_rel(c) == "nmod" && tree.case_of(c, tokens).as_deref() == Some("by") {
            if let Some(g) = group_at(tree, actors, c) {
                how.push("agent=nmod:by".into());
                return Some(g);
            }
        }
    }
    let parent = tree.head(h)?;
    let light = LIGHT_VERBS.contains(&tree.nodes[parent].lemma.as_str());
    if tree.rel(h) == "obj" && tree.nodes[parent].upos == Upos::VERB && light {
        how.push("agent=light-verb".into());
        return clause_subject(tree, tokens, actors, parent, how, 1);
    }
    None
}

/// The words reached from `h` by a pattern's steps, in tree order.
fn follow<'t>(
    tree: &'t Tree,
    tokens: &'t [Token],
    h: usize,
    pattern: &'t RelPattern,
) -> impl Iterator<Item = usize> + 't {
    let mut frontier = vec![h];
    for step in &pattern.steps {
        frontier = frontier
            .iter()
            .flat_map(|&n| tree.children(n).iter().copied())
            .filter(|&c| step_matches(tree, tokens, c, step))
            .collect();
    }
    frontier.into_iter()
}

/// Whether the word `c` stands in the step's relation to its head: the exact relation,
/// or an oblique or nominal modifier (`obl`, `nmod`, `obl:arg`) with the step's
/// preposition.
fn step_matches(tree: &Tree, tokens: &[Token], c: usize, step: &RelStep) -> bool {
    match &step.case {
        None => tree.rel(c) == step.rel,
        Some(prep) => {
            OBLIQUE_RELS.contains(&tree.base_rel(c))
                && tree.case_of(c, tokens).as_deref() == Some(prep.as_str())
        }
    }
}

/// The recipient: the first of the entry's recipient patterns that reaches a party
/// ("provided Ukraine with shells": `iobj`; "attacked Ukraine": `obj`; "to Russia":
/// `obl:to`). A one-step pattern that lands on a thing takes the party it belongs to
/// ("strikes on targets in Iran").
fn object_recipient(
    tree: &Tree,
    tokens: &[Token],
    actors: &[ActorSpan],
    h: usize,
    frame: RoleFrame<'_>,
    how: &mut Vec<String>,
) -> Option<Vec<usize>> {
    for p in &frame.patterns.recipient {
        if p.is_direct_object() && !frame.patterns.explicit && !frame.direct_object {
            continue;
        }
        for w in follow(tree, tokens, h, p) {
            let direct = p.steps.len() == 1 && p.steps[0].case.is_none();
            let named =
                named_group_at(tree, actors, w).filter(|g| !(direct && origin_only(actors, g)));
            if let Some(g) = named {
                how.push(format!("recipient={p}"));
                return Some(g);
            }
            if p.steps.len() == 1 {
                if let Some(g) = owner_of(tree, tokens, actors, w) {
                    how.push(format!("recipient={p}>nmod"));
                    return Some(g);
                }
            }
        }
    }
    None
}

/// The group at `w` when it names a party (a name with codes, not a sector word such as
/// "military" whose codes were only guessed): a recipient must be a party.
fn named_group_at(tree: &Tree, actors: &[ActorSpan], w: usize) -> Option<Vec<usize>> {
    group_at(tree, actors, w).filter(|g| {
        g.iter()
            .any(|&k| !actors[k].codes.is_empty() && actors[k].kind != ActorKind::Generic)
    })
}

/// The party a noun is in or of ("targets in Iran", "the deployment of North Korean
/// troops"): only a named party, never a sector word ("containers of military
/// equipment").
fn owner_of(tree: &Tree, tokens: &[Token], actors: &[ActorSpan], w: usize) -> Option<Vec<usize>> {
    tree.children(w).iter().copied().find_map(|c| {
        let case = tree.case_of(c, tokens)?;
        (tree.base_rel(c) == "nmod" && matches!(case.as_str(), "in" | "inside" | "of"))
            .then(|| named_group_at(tree, actors, c))
            .flatten()
    })
}

/// A demonym before a transferred thing says where it comes from ("Iranian drones").
fn origin_only(actors: &[ActorSpan], g: &[usize]) -> bool {
    g.iter()
        .all(|&k| actors.get(k).is_some_and(|a| a.adjective))
}

/// The actor span standing for the noun phrase headed by word `w`, with the spans
/// coordinated to it ("Russia and North Korea"): the span holding `w`, else one on a
/// modifier of `w` ("North Korean troops", "the regime's forces").
pub fn group_at(tree: &Tree, actors: &[ActorSpan], w: usize) -> Option<Vec<usize>> {
    let k = span_of_phrase(tree, actors, w)?;
    let mut group = vec![k];
    // "Taiwan's Vice Foreign Minister", "French paper workers": a title or sector noun
    // with no country of its own takes the state that modifies it
    if actors[k].codes.is_empty() {
        if let Some(m) = np_modifiers(tree, w)
            .into_iter()
            .filter_map(|c| span_covering(actors, c))
            .find(|&m| m != k && !actors[m].codes.is_empty())
        {
            group.push(m);
        }
    }
    for &c in tree.children(w) {
        if tree.rel(c) != "conj" {
            continue;
        }
        if let Some(j) = span_of_phrase(tree, actors, c) {
            let usable = !(actors[j].kind == ActorKind::Named && actors[j].codes.is_empty());
            if usable && !group.contains(&j) {
                group.push(j);
            }
        }
    }
    group.sort_unstable();
    Some(group)
}

/// The noun-phrase modifiers of `w` and of its modifiers, nearest first ("Ghana's Deputy
/// Foreign Minister Ama Mensah-Bonsu": the name's title, then the title's possessor).
fn np_modifiers(tree: &Tree, w: usize) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    let mut frontier = vec![w];
    for _ in 0..2 {
        let mut next = Vec::new();
        for &x in &frontier {
            for &c in tree.children(x) {
                if NP_ACTOR_RELS.contains(&tree.rel(c)) && !out.contains(&c) {
                    out.push(c);
                    next.push(c);
                }
            }
        }
        frontier = next;
    }
    out
}

/// The span covering word `w`, else one covering a noun-phrase modifier of it.
fn span_of_phrase(tree: &Tree, actors: &[ActorSpan], w: usize) -> Option<usize> {
    if let Some(k) = span_covering(actors, w) {
        return Some(k);
    }
    tree.children(w)
        .iter()
        .copied()
        .filter(|&c| NP_ACTOR_RELS.contains(&tree.rel(c)))
        .find_map(|c| span_covering(actors, c))
}

fn span_covering(actors: &[ActorSpan], w: usize) -> Option<usize> {
    actors.iter().position(|a| {
        a.first <= w && w < a.last && !(a.kind == ActorKind::Pronoun && a.word == "its")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::tokenize;

    fn node(head: usize, rel: &str, upos: Upos) -> Node {
        Node {
            head: head.checked_sub(1),
            rel: rel.into(),
            upos,
            lemma: String::new(),
        }
    }

    fn actor(first: usize, code: &str) -> ActorSpan {
        ActorSpan {
            first,
            last: first + 1,
            codes: vec![code.into()],
            detail: None,
            kind: ActorKind::Named,
            word: String::new(),
            possessive: false,
            definite: false,
            adjective: false,
        }
    }

    fn patterns() -> RolePatterns {
        RolePatterns::of_entry(None, &["to", "against", "on"], &[]).expect("valid")
    }

    #[test]
    fn subject_and_object_beside_a_late_frame() {
        // "Russia attacked Ukraine , Kyiv said ."
        let text = "Russia attacked Ukraine , Kyiv said .";
        let tokens = tokenize(text, 0, text.len());
        let tree = Tree::from_nodes(vec![
            node(2, "nsubj", Upos::PROPN),
            node(0, "root", Upos::VERB),
            node(2, "obj", Upos::PROPN),
            node(6, "punct", Upos::PUNCT),
            node(6, "nsubj", Upos::PROPN),
            node(2, "parataxis", Upos::VERB),
            node(2, "punct", Upos::PUNCT),
        ]);
        let actors = vec![actor(0, "RUS"), actor(2, "UKR"), actor(4, "UKR")];
        let p = patterns();
        let frame = RoleFrame {
            patterns: &p,
            direct_object: true,
        };
        let r = roles(&tree, &tokens, &actors, 1, 2, frame);
        assert_eq!(r.agent, Some(vec![0]));
        assert_eq!(r.recipient, Some(vec![1]));
        assert!(!r.passive);
    }

    #[test]
    fn passive_agent_and_patient() {
        // "Ukraine was attacked by Russia"
        let text = "Ukraine was attacked by Russia";
        let tokens = tokenize(text, 0, text.len());
        let tree = Tree::from_nodes(vec![
            node(3, "nsubj:pass", Upos::PROPN),
            node(3, "aux:pass", Upos::AUX),
            node(0, "root", Upos::VERB),
            node(5, "case", Upos::ADP),
            node(3, "obl:agent", Upos::PROPN),
        ]);
        let actors = vec![actor(0, "UKR"), actor(4, "RUS")];
        let p = patterns();
        let frame = RoleFrame {
            patterns: &p,
            direct_object: true,
        };
        let r = roles(&tree, &tokens, &actors, 2, 3, frame);
        assert!(r.passive);
        assert_eq!(r.agent, Some(vec![1]));
        assert_eq!(r.recipient, Some(vec![0]));
    }
}
