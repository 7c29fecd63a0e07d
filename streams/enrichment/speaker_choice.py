"""Which person said a quote: a small fitted model that ranks the people named around it.

The rules in quotes and speakers find an attribution where the copy spells it out
("X said", "said X", "X: ..."). Real news often does not: "Sanders used the question to
demand "...", "Clinton touted her credentials. "..."", "Romney fired back, attacking
Trump for "..."". Here every person named near a quote is a candidate, described by
readable features of where and how they are named (the rules' own pick is one of
them), and a logistic model fitted on PolNeAR train (`newsstreams fit-models`)
scores each. The weights ship in data/speaker_choice.json.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Token

from . import data
from .fitted import LogisticModel
from .mentions import Entity, doc_sentences, sentence_index, text_of
from .names import first_name_genders, fold
from .persons import Persons
from .quote_marks import QuoteSpan, paragraph_bounds

SUBJECT_DEPS = ("nsubj", "nsubjpass")
OBJECT_DEPS = ("dobj", "pobj", "iobj", "dative", "attr", "oprd")
MODEL_FILE = "speaker_choice.json"


@dataclass(frozen=True)
class QuoteContext:
    """What the ranker knows about one quote besides the doc."""

    span: QuoteSpan
    rule_person: Entity | None  # the person the rules chose, if any
    previous_speaker: Entity | None  # the speaker of the quote before, in this or the previous paragraph
    spans: list[QuoteSpan]  # every quote of the article: names inside quotes are not speakers


def candidates(doc: Doc, people: Persons, context: QuoteContext) -> list[Entity]:
    """People named outside quotes from the paragraph before the quote to the end of its own,
    plus the rules' pick and the previous speaker wherever they were named."""
    text = text_of(doc)
    para_start, para_end = paragraph_bounds(text, context.span.start)
    window_start = paragraph_bounds(text, max(0, para_start - 1))[0] if para_start > 0 else 0
    found: list[Entity] = []
    for person in people:
        if any(window_start <= m.start < para_end and not _inside(m.start, context.spans) for m in person.mentions):
            found.append(person)
    for extra in (context.rule_person, context.previous_speaker):
        if extra is not None and all(extra is not p for p in found):
            found.append(extra)
    return found


@dataclass(frozen=True)
class Syntax:
    """Token indices that the parse puts in a speaker's place for one quote."""

    governing_subjects: frozenset[int]  # subjects of the verb the quote hangs from ("Will described Trump as "...")
    chain_subjects: frozenset[int]  # subjects of the verbs above that one
    governing_objects: frozenset[int]  # its objects: the one spoken of, not the speaker
    speech_subjects: frozenset[int]  # subjects of a speech verb in the quote's sentence
    left_of_verb: frozenset[int]  # the words just before that verb: a subject the parser mislabelled ("Skelly called")


def quote_syntax(doc: Doc, context: QuoteContext, speech_verbs: frozenset[str]) -> Syntax:
    span = context.span
    inside = [t for t in doc if span.start <= t.idx < span.end]
    verb = _attachment_verb(inside, span) if inside else None
    governing: set[int] = set()
    chain: set[int] = set()
    objects: set[int] = set()
    level = 0
    while verb is not None and level < 4:
        subjects = {c.i for c in verb.children if c.dep_ in SUBJECT_DEPS and not _inside(c.idx, context.spans)}
        (governing if level == 0 else chain).update(subjects)
        if level == 0:
            objects = {c.i for c in verb.children if c.dep_ in OBJECT_DEPS and not _inside(c.idx, context.spans)}
            objects |= {g.i for c in verb.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"}
        if verb.dep_ == "relcl" and not subjects:
            (governing if level == 0 else chain).add(verb.head.i)  # "Putin, who said ..."
        if verb.head is verb or verb.dep_ not in ("conj", "advcl", "xcomp", "ccomp", "relcl", "pcomp", "prep", "pobj"):
            break
        verb = verb.head
        level += 1
    left = set()
    first_verb = _attachment_verb(inside, span) if inside else None
    if first_verb is not None:
        i = first_verb.i - 1
        while i >= 0 and doc[i].pos_ in ("ADV", "AUX", "PART") and doc[i].is_lower and first_verb.i - i < 4:
            i -= 1  # "Trump also said", "Clinton would describe"
        # a capitalised word, whatever the tagger called it ("Will" as an auxiliary, "Skelly" as an adverb)
        if i >= 0 and not _inside(doc[i].idx, context.spans) and (doc[i].pos_ in ("PROPN", "NOUN") or doc[i].is_title):
            left.add(i)
    speech = set()
    sentence_of = sentence_index(doc)
    numbers = set(_sentences_of(doc, span, sentence_of))
    sentences = doc_sentences(doc)
    for number in range(min(numbers), max(numbers) + 1):
        for token in sentences[number]:
            if token.lower_ in speech_verbs and not _inside(token.idx, context.spans):
                speech |= {c.i for c in token.children if c.dep_ in SUBJECT_DEPS}
    return Syntax(frozenset(governing), frozenset(chain), frozenset(objects - governing), frozenset(speech), frozenset(left))


def _attachment_verb(inside: list[Token], span: QuoteSpan) -> Token | None:
    """The nearest verb outside the quote that the quoted words hang from."""
    token = inside[0]
    for _ in range(40):
        if not span.start <= token.idx < span.end and token.pos_ in ("VERB", "AUX"):
            return token
        if token.head is token:
            return token if token.pos_ in ("VERB", "AUX") and not span.start <= token.idx < span.end else None
        token = token.head
    return None


def features(doc: Doc, person: Entity, context: QuoteContext, nearest: Entity | None, syntax: Syntax) -> dict[str, float]:
    """Readable evidence that `person` is the quote's speaker (1.0 = yes, 0.0 = no, unless named)."""
    text = text_of(doc)
    span = context.span
    para_start, para_end = paragraph_bounds(text, span.start)
    sentences = doc_sentences(doc)
    sentence_of = sentence_index(doc)
    quote_sentences = _sentences_of(doc, span, sentence_of)
    first_sentence, last_sentence = min(quote_sentences), max(quote_sentences)

    f = dict.fromkeys(FEATURES, 0.0)
    f["bias"] = 1.0
    f["rule_pick"] = float(person is context.rule_person)
    f["rule_found_nobody"] = float(context.rule_person is None)
    f["previous_speaker"] = float(person is context.previous_speaker)
    f["nearest_named"] = float(person is nearest)
    f["mentions_log"] = math.log1p(len(person.mentions)) / 3.0
    distances = []
    for mention in person.mentions:
        if _inside(mention.start, context.spans):
            continue
        head = _head_token(doc, mention.start, mention.end)
        if head is None:
            continue
        number = sentence_of.get(head.i, -1)
        in_paragraph = para_start <= mention.start < para_end
        before = mention.end <= span.start
        if first_sentence <= number <= last_sentence:
            f["in_quote_sentence"] = 1.0
            f["before_quote_in_sentence"] = max(f["before_quote_in_sentence"], float(before))
            f["after_quote_in_sentence"] = max(f["after_quote_in_sentence"], float(not before))
            role = _grammatical_role(head)
            f[f"{role}_in_quote_sentence"] = 1.0
            if role == "subject" and head.head == sentences[number].root:
                f["subject_of_root"] = 1.0
        elif number == first_sentence - 1 and in_paragraph:
            f["in_sentence_before"] = 1.0
            if _grammatical_role(head) == "subject":
                f["subject_in_sentence_before"] = 1.0
        elif number == last_sentence + 1 and in_paragraph:
            f["in_sentence_after"] = 1.0
            if _grammatical_role(head) == "subject":
                f["subject_in_sentence_after"] = 1.0
        elif in_paragraph:
            f["elsewhere_in_paragraph"] = 1.0
        elif mention.end <= para_start:
            f["in_paragraph_before"] = max(f["in_paragraph_before"], float(para_start - mention.end < 2000))
        name_tokens = {t.i for t in doc.char_span(mention.start, mention.end, alignment_mode="expand") or ()}
        for name, indices in (("subject_of_governing_verb", syntax.governing_subjects),
                              ("subject_up_the_chain", syntax.chain_subjects),
                              ("object_of_governing_verb", syntax.governing_objects),
                              ("subject_of_speech_verb", syntax.speech_subjects),
                              ("name_right_before_governing_verb", syntax.left_of_verb)):
            if name_tokens & indices:
                f[name] = 1.0
        if mention.text.endswith(("'s", "\u2019s")) or head.dep_ == "poss":
            f["possessive_near"] = max(f["possessive_near"], float(abs(mention.start - span.start) < 400))
        distances.append(min(abs(mention.start - span.start), abs(mention.end - span.end)))
    first = person.canonical.split()[0]
    f["known_first_name"] = float(len(person.canonical.split()) > 1 and fold(first) in _first_names())
    f["one_word_name"] = float(len(person.canonical.split()) == 1)
    if distances:
        f["distance_log"] = math.log1p(min(distances)) / 8.0
    else:
        f["not_named_near"] = 1.0
    return f


FEATURES = (
    "bias",
    "rule_pick",
    "rule_found_nobody",
    "previous_speaker",
    "nearest_named",
    "mentions_log",
    "in_quote_sentence",
    "before_quote_in_sentence",
    "after_quote_in_sentence",
    "subject_in_quote_sentence",
    "object_in_quote_sentence",
    "other_in_quote_sentence",
    "subject_of_root",
    "in_sentence_before",
    "subject_in_sentence_before",
    "in_sentence_after",
    "subject_in_sentence_after",
    "elsewhere_in_paragraph",
    "in_paragraph_before",
    "possessive_near",
    "distance_log",
    "not_named_near",
    "subject_of_governing_verb",
    "subject_up_the_chain",
    "object_of_governing_verb",
    "subject_of_speech_verb",
    "known_first_name",
    "one_word_name",
    "name_right_before_governing_verb",
)


class SpeakerChooser(LogisticModel):
    """Scores the candidates of a quote and picks one, or keeps the rules' answer."""

    def __init__(self, model: dict[str, Any] | None = None) -> None:
        super().__init__(MODEL_FILE, FEATURES, model)
        self.speech_verbs = frozenset(data.load("speech.json")["verbs"])
        # the fit command sets this to see every candidate with its features
        self.observer: Callable[[int, list[Entity], list[dict[str, float]]], None] | None = None

    def choose(self, doc: Doc, people: Persons, context: QuoteContext, quote_number: int) -> Entity | None:
        found = candidates(doc, people, context)
        nearest = _nearest_named(doc, found, context)
        syntax = quote_syntax(doc, context, self.speech_verbs)
        rows = [features(doc, person, context, nearest, syntax) for person in found]
        if self.observer is not None:
            self.observer(quote_number, found, rows)
        if not found:
            return context.rule_person
        scored = max(zip((self.probability(r) for r in rows), range(len(found))))
        if scored[0] < self.threshold:
            return context.rule_person
        return found[scored[1]]


def rules_only_weights() -> list[float]:
    """The chooser that only ever repeats the rules' pick."""
    weights = [0.0] * len(FEATURES)
    weights[FEATURES.index("bias")] = -3.0
    weights[FEATURES.index("rule_pick")] = 6.0
    return weights


def untrained_model() -> dict[str, Any]:
    """The rules-only chooser as a model file: where fit-models starts when the shipped
    weights were fitted on other features."""
    return {"features": list(FEATURES), "weights": rules_only_weights(), "threshold": 0.5}


def _first_names() -> dict[str, str]:
    return first_name_genders()  # cached by names


def _nearest_named(doc: Doc, found: list[Entity], context: QuoteContext) -> Entity | None:
    best, best_distance = None, None
    for person in found:
        for mention in person.mentions:
            if _inside(mention.start, context.spans):
                continue
            distance = min(abs(mention.start - context.span.start), abs(mention.end - context.span.end))
            if best_distance is None or distance < best_distance:
                best, best_distance = person, distance
    return best


def _grammatical_role(token: Token) -> str:
    """subject, object or other, for the head word of a name (compounds climb to their head)."""
    while token.dep_ in ("compound", "flat") and token.head is not token:
        token = token.head
    if token.dep_ in SUBJECT_DEPS or (token.dep_ == "appos" and token.head.dep_ in SUBJECT_DEPS):
        return "subject"
    if token.dep_ in OBJECT_DEPS:
        return "object"
    return "other"


def _head_token(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _sentences_of(doc: Doc, span: QuoteSpan, sentence_of: dict[int, int]) -> list[int]:
    first = doc.char_span(span.start, max(span.start + 1, span.end), alignment_mode="expand")
    if first is None or not len(first):
        return [0]
    return [sentence_of.get(first[0].i, 0), sentence_of.get(first[-1].i, 0)]


def _inside(position: int, spans: list[QuoteSpan]) -> bool:
    return any(s.start <= position < s.end for s in spans)
