"""Where a cue's content lies in the parse: the engine that reads the fitted cue table.

The table (data/statement_cues.json, refitted by `newsstreams fit-models --polnear`)
gives, for each cue form and part of speech ("said/VERB", "according/VERB",
"criticism/NOUN"), how often it is a cue in PolNeAR train and the dependency paths
from the cue to its content, most frequent first:

- `child:ccomp`     the cue's clausal complement: "warned [that differences remained]"
- `child:dobj`      its object, with what is said of it: "called [the plan a betrayal]"
- `prep:about:pobj` the object of one of its prepositions: "spoke about [the economy]"
- `head:parataxis`  the clause the cue interrupts: "[The industry], he said, [was over-supplied]"
- `head2:D1:D2`     the clause two steps up: "[talks will resume], according to the ministry"

Content is returned as a (first, last) token run, or None when no path applies here.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

SUBJECT_PATHS = ("child:nsubjpass",)  # "Clinton is expected to win": the subject is content, nobody the source
ASIDE_DEPS = ("relcl", "advcl", "acl")  # a clause set off by a comma at the end of a content is the reporter's
CONTENT_POS = ("NOUN", "PROPN", "VERB", "ADJ", "NUM")  # a content without one of these says nothing
# Beside its object, all a cue's later dependents are what is said of it ("called [the plan] [a betrayal]",
# "[X] seemed [to win]") except these, which start something else.
NOT_COMPLEMENT_DEPS = ("cc", "conj", "advcl", "parataxis", "mark", "punct", "dep", "nsubj", "aux", "neg")


def content_by_path(cue: Token, path: str, min_words: int) -> tuple[int, int] | None:
    """Clauses joined on inside the content stay in it ("said [she was tired of the status quo
    and wanted a change]"): on PolNeAR train, cutting those led by a cue word cost more than it won."""
    located = _by_path(cue, path)
    if located is None:
        return None
    heads, beside = located
    return bounded(heads, cue, min_words, left_out=[beside] if beside is not None else [])


def _by_path(cue: Token, path: str) -> tuple[list[Token], Token | None] | None:
    """The heads whose subtrees hold the content, and the cue's own phrase when it sits among them."""
    kind, _, rest = path.partition(":")
    if kind == "child":
        matched = next((c for c in cue.children if c.dep_ == rest and not c.is_punct), None)
        if matched is None:
            return None
        heads = [matched, *_complements(cue, matched)] if rest in ("dobj", "nsubj", "nsubjpass") else [matched]
        if rest == "ccomp":
            heads = [*_lost_subject(cue, matched), matched]
        return heads, None
    if kind == "prep":
        preposition, _, dep = rest.partition(":")
        for child in cue.children:
            if child.dep_ in ("prep", "agent") and child.lower_ == preposition:
                matched = next((g for g in child.children if g.dep_ == dep), None)
                if matched is not None:
                    return [matched], None
        return None
    if kind == "head":
        return ([cue.head], cue) if cue.dep_ == rest and cue.head.i != cue.i else None
    if kind == "head2":
        upper, _, lower = rest.partition(":")
        middle = cue.head
        if cue.dep_ == lower and middle.dep_ == upper and middle.head.i != middle.i:
            return [middle.head], cue
        return None
    return None


def is_subject_path(path: str) -> bool:
    return path in SUBJECT_PATHS


def _complements(cue: Token, matched: Token) -> list[Token]:
    """What the cue goes on to say of its object: "described [the dinner] [as a celebration]",
    "called for [the impeachment] [following news that ...]"; not a new clause after it."""
    return [c for c in cue.children if c.i > matched.i and c.dep_ not in NOT_COMPLEMENT_DEPS and not c.is_punct]


def _lost_subject(cue: Token, clause: Token) -> list[Token]:
    """"said a letter from Bush ... was": the parser may take the clause's subject for the cue's object."""
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in clause.children):
        return []
    return [c for c in cue.children if c.dep_ == "dobj" and cue.i < c.i < clause.i]


def bounded(heads: Sequence[Token], cue: Token, min_words: int, left_out: Sequence[Token] = ()) -> tuple[int, int] | None:
    """The heads' subtrees as one run of tokens, without the subtrees left out (the cue's own
    phrase where it sits inside them: "talks, he said, will resume", "according to X, ..."),
    and without punctuation and spaces at the edges; None when fewer than min_words words are left."""
    cut = {t.i for phrase in left_out for t in phrase.subtree}
    kept = sorted({t.i: t for head in heads for t in head.subtree if t.i not in cut}.values(), key=lambda t: t.i)
    if not any(head.is_ancestor(cue) for head in heads):
        # content on one side of its cue: "issues that they agreed [to put on the table]" leaves the fronted "that"
        after = heads[-1].i > cue.i
        kept = [t for t in kept if (t.i > cue.i) == after]
    kept = trim(_without_trailing_aside(kept))
    words = [t for t in kept if not (t.is_punct or t.is_space)]
    if len(words) < min_words or not any(t.pos_ in CONTENT_POS for t in words) or any(t.i == cue.i for t in kept):
        return None  # "which had not previously been": nothing is said; or the parse folds the cue into it
    return kept[0].i, kept[-1].i


def _without_trailing_aside(tokens: list[Token]) -> list[Token]:
    """"he would quarantine people over fears of the virus[, which is spread by mosquitoes]":
    a clause set off by a comma at the very end is the reporter's aside, not the source's words."""
    if not tokens:
        return tokens
    last, doc = tokens[-1].i, tokens[0].doc
    for token in tokens:
        start = token.left_edge.i
        if token.dep_ in ASIDE_DEPS and start > tokens[0].i and doc[start - 1].text == "," and token.right_edge.i >= last:
            return [t for t in tokens if t.i < start - 1]
    return tokens


def that_clause_after(cue: Token) -> tuple[int, int] | None:
    """"said following a vote in 2001 that he had ...": the parser lost the clause, but a
    "that" soon after the cue, in its sentence, opens what was said; it runs to the sentence end."""
    sentence = cue.sent
    for token in cue.doc[cue.i + 1:min(cue.i + 10, sentence.end)]:
        if token.lower_ == "that" and token.dep_ == "mark":
            kept = trim(list(cue.doc[token.i:sentence.end]))
            return (kept[0].i, kept[-1].i) if len(kept) > 2 else None
        if token.is_punct and token.text != ",":
            return None
    return None


def trim(tokens: list[Token]) -> list[Token]:
    """Drop punctuation, spaces and a dangling "and" at both edges, keeping quotation marks
    (they belong to a quote)."""
    def loose(token: Token) -> bool:
        return token.is_space or (token.is_punct and not token.is_quote) or token.dep_ == "cc"
    while tokens and loose(tokens[0]):
        tokens = tokens[1:]
    while tokens and loose(tokens[-1]):
        tokens = tokens[:-1]
    return tokens
