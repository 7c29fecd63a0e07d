"""Pure scoring functions: gold ArticleLabels against predicted ArticleLabels.

All metrics are micro-averaged from counts, so scores over several folders are
simply the scores over all their articles together.

Quote matching rule (within one article, one-to-one):
  * both texts are normalized: casefolded, whitespace collapsed, and any run of
    whitespace, punctuation or quote marks stripped from both ends;
  * two quotes match when the normalized texts are equal, or when one contains
    the other and the shorter is at least 80% of the longer's length (so a
    quote that lost a trailing clause or gained a stray word still counts, but
    a fragment of a longer quote does not);
  * pairs are taken greedily, best first: exact matches, then by length ratio,
    then in article order, each quote used at most once.

Speaker names are compared strictly: equal after casefolding, removing accents
and collapsing whitespace. "Putin" is not "Vladimir Putin".

Statement matching rule (within one article, one-to-one): a statement's text
becomes the multiset of its casefolded \\w+ tokens; two statements match when
the tokens they share are at least half of the longer one's token count (so a
content span that starts at "that" or stops before a trailing clause still
counts). Pairs are taken greedily by that shared share, then in article order.
Articles whose gold line has no statements field are left out entirely.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .labels import ArticleLabels, QuoteLabel, StatementLabel

CONTAINMENT_MIN_RATIO = 0.8
STATEMENT_MIN_SHARED = 0.5  # shared tokens / the longer statement's tokens

SpeakerRule = Callable[[str | None, str | None], bool]


@dataclass(frozen=True)
class PRF:
    """Precision/recall/F1 from counts. None where a denominator is zero (nothing to measure)."""

    true_positives: int
    predicted: int
    expected: int

    @property
    def precision(self) -> float | None:
        return self.true_positives / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.true_positives / self.expected if self.expected else None

    @property
    def f1(self) -> float | None:
        if not self.predicted and not self.expected:
            return None
        denominator = self.predicted + self.expected
        return 2 * self.true_positives / denominator

    def as_dict(self) -> dict[str, Any]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "true_positives": self.true_positives,
            "predicted": self.predicted,
            "expected": self.expected,
        }


@dataclass(frozen=True)
class Accuracy:
    correct: int
    total: int

    @property
    def value(self) -> float | None:
        return self.correct / self.total if self.total else None

    def as_dict(self) -> dict[str, Any]:
        return {"accuracy": self.value, "correct": self.correct, "total": self.total}


# ---------------------------------------------------------------- normalizing

_SPACE = re.compile(r"\s+")


def _is_edge_junk(ch: str) -> bool:
    # Unicode categories P* cover every quote mark, straight or typographic.
    return ch.isspace() or unicodedata.category(ch).startswith("P")


def normalize_quote_text(text: str) -> str:
    text = _SPACE.sub(" ", text.casefold())
    start, end = 0, len(text)
    while start < end and _is_edge_junk(text[start]):
        start += 1
    while end > start and _is_edge_junk(text[end - 1]):
        end -= 1
    return text[start:end]


def normalize_name(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    # control characters go too: decoding drops them from the analysed text ("Sarukh\x83an")
    without_accents = "".join(
        ch for ch in decomposed
        if not unicodedata.combining(ch) and (ch.isspace() or unicodedata.category(ch) != "Cc")
    )
    return _SPACE.sub(" ", without_accents).strip()


def texts_match(first: str, second: str) -> bool:
    return _match_quality(normalize_quote_text(first), normalize_quote_text(second)) > 0


def _match_quality(first: str, second: str) -> float:
    """2 for equal texts, the length ratio for a close-enough containment, else 0."""
    if not first or not second:
        return 0.0
    if first == second:
        return 2.0
    shorter, longer = sorted((first, second), key=len)
    ratio = len(shorter) / len(longer)
    return ratio if shorter in longer and ratio >= CONTAINMENT_MIN_RATIO else 0.0


def same_speaker(gold: str | None, predicted: str | None) -> bool:
    """Strict: both unattributed, or the same name after normalizing."""
    if gold is None or predicted is None:
        return gold is None and predicted is None
    return normalize_name(gold) == normalize_name(predicted)


def same_speaker_or_surname(gold: str | None, predicted: str | None) -> bool:
    """For a baseline that reports raw speaker text: the full gold name or its last token."""
    if same_speaker(gold, predicted):
        return True
    if gold is None or predicted is None:
        return False
    return normalize_name(predicted) == normalize_name(gold).split(" ")[-1]


# ---------------------------------------------------------------- matching

def best_pairs_first(candidates: Sequence[tuple[float, int, int]]) -> list[tuple[int, int]]:
    """One-to-one (gold, predicted) pairs from (-quality, gold, predicted) candidates, best first."""
    pairs, used_gold, used_predicted = [], set(), set()
    for _, g, p in sorted(candidates):
        if g not in used_gold and p not in used_predicted:
            pairs.append((g, p))
            used_gold.add(g)
            used_predicted.add(p)
    return sorted(pairs)


def match_quotes(gold: Sequence[QuoteLabel], predicted: Sequence[QuoteLabel]) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs, best pairs first; see the module rule."""
    gold_texts = [normalize_quote_text(q.text) for q in gold]
    predicted_texts = [normalize_quote_text(q.text) for q in predicted]
    candidates = []
    for g, gold_text in enumerate(gold_texts):
        for p, predicted_text in enumerate(predicted_texts):
            quality = _match_quality(gold_text, predicted_text)
            if quality:
                candidates.append((-quality, g, p))
    return best_pairs_first(candidates)


# ---------------------------------------------------------------- per-article findings

@dataclass(frozen=True)
class QuoteFinding:
    """One quote the scoring wants a developer to look at."""

    file: str
    kind: str  # "missed", "spurious", "wrong speaker", "wrong type"
    text: str
    expected: str | None = None
    got: str | None = None


@dataclass
class QuoteScores:
    detection: PRF
    speaker: Accuracy
    findings: list[QuoteFinding] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"detection": self.detection.as_dict(), "speaker": self.speaker.as_dict()}


def score_speech_quotes(
    pairs: Iterable[tuple[ArticleLabels, ArticleLabels]], speaker_rule: SpeakerRule = same_speaker
) -> QuoteScores:
    """Detection of direct and partial quotes, and speaker accuracy over the matched ones."""
    matched = predicted_total = expected_total = correct_speakers = 0
    findings: list[QuoteFinding] = []
    for gold, predicted in pairs:
        gold_quotes = [q for q in gold.quotes if q.is_speech]
        predicted_quotes = [q for q in predicted.quotes if q.is_speech]
        matches = match_quotes(gold_quotes, predicted_quotes)
        matched += len(matches)
        predicted_total += len(predicted_quotes)
        expected_total += len(gold_quotes)
        for g, p in matches:
            gold_quote, predicted_quote = gold_quotes[g], predicted_quotes[p]
            if speaker_rule(gold_quote.speaker, predicted_quote.speaker):
                correct_speakers += 1
            else:
                findings.append(QuoteFinding(
                    gold.file, "wrong speaker", gold_quote.text, gold_quote.speaker, predicted_quote.speaker
                ))
        matched_gold = {g for g, _ in matches}
        matched_predicted = {p for _, p in matches}
        findings += [
            QuoteFinding(gold.file, "missed", q.text, expected=f"{q.type}, {q.speaker}")
            for i, q in enumerate(gold_quotes)
            if i not in matched_gold
        ]
        findings += [
            QuoteFinding(gold.file, "spurious", q.text, got=f"{q.type}, {q.speaker}")
            for i, q in enumerate(predicted_quotes)
            if i not in matched_predicted
        ]
    return QuoteScores(
        detection=PRF(matched, predicted_total, expected_total),
        speaker=Accuracy(correct_speakers, matched),
        findings=findings,
    )


def score_quote_types(pairs: Iterable[tuple[ArticleLabels, ArticleLabels]]) -> tuple[Accuracy, list[QuoteFinding]]:
    """Over quotes of any type that match by text: is the type (direct/partial/term) right?"""
    correct = total = 0
    findings = []
    for gold, predicted in pairs:
        for g, p in match_quotes(gold.quotes, predicted.quotes):
            gold_quote, predicted_quote = gold.quotes[g], predicted.quotes[p]
            total += 1
            if gold_quote.type == predicted_quote.type:
                correct += 1
            else:
                findings.append(
                    QuoteFinding(gold.file, "wrong type", gold_quote.text, gold_quote.type, predicted_quote.type)
                )
    return Accuracy(correct, total), findings


def score_terms(pairs: Iterable[tuple[ArticleLabels, ArticleLabels]]) -> PRF:
    matched = predicted_total = expected_total = 0
    for gold, predicted in pairs:
        gold_terms = [q for q in gold.quotes if q.type == "term"]
        predicted_terms = [q for q in predicted.quotes if q.type == "term"]
        matched += len(match_quotes(gold_terms, predicted_terms))
        predicted_total += len(predicted_terms)
        expected_total += len(gold_terms)
    return PRF(matched, predicted_total, expected_total)


# ---------------------------------------------------------------- statements

_WORD = re.compile(r"\w+")


def statement_tokens(text: str) -> Counter[str]:
    return Counter(_WORD.findall(text.casefold()))


def shared_token_share(first: str, second: str) -> float:
    """Shared tokens (as multisets) over the longer text's token count; 0 when either has none."""
    first_tokens, second_tokens = statement_tokens(first), statement_tokens(second)
    longer = max(first_tokens.total(), second_tokens.total())
    if not first_tokens or not second_tokens:
        return 0.0
    return (first_tokens & second_tokens).total() / longer


def match_statements(
    gold: Sequence[StatementLabel], predicted: Sequence[StatementLabel]
) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs, best shared share first; see the module rule."""
    candidates = []
    for g, gold_statement in enumerate(gold):
        for p, predicted_statement in enumerate(predicted):
            share = shared_token_share(gold_statement.text, predicted_statement.text)
            if share >= STATEMENT_MIN_SHARED:
                candidates.append((-share, g, p))
    return best_pairs_first(candidates)


def normalize_cue(cue: str) -> str:
    return _SPACE.sub(" ", cue.casefold()).strip()


@dataclass
class StatementScores:
    articles: int  # articles whose gold has statement labels; the others are not scored
    detection: PRF
    speaker: Accuracy  # over matched pairs whose gold speaker is a person
    cue: Accuracy
    findings: list[QuoteFinding] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"articles": self.articles, "detection": self.detection.as_dict(),
                "speaker": self.speaker.as_dict(), "cue": self.cue.as_dict()}


@dataclass
class _StatementCounts:
    articles: int = 0
    matched: int = 0
    predicted: int = 0
    expected: int = 0
    person_pairs: int = 0
    right_speakers: int = 0
    right_cues: int = 0
    findings: list[QuoteFinding] = field(default_factory=list)


def score_statements(pairs: Iterable[tuple[ArticleLabels, ArticleLabels]]) -> StatementScores:
    """Statement content detection, and speaker and cue accuracy over the matched statements."""
    counts = _StatementCounts()
    for gold, predicted in pairs:
        if gold.statements_labelled:
            _count_article_statements(gold, predicted, counts)
    return StatementScores(
        articles=counts.articles,
        detection=PRF(counts.matched, counts.predicted, counts.expected),
        speaker=Accuracy(counts.right_speakers, counts.person_pairs),
        cue=Accuracy(counts.right_cues, counts.matched),
        findings=counts.findings,
    )


def _count_article_statements(gold: ArticleLabels, predicted: ArticleLabels, counts: _StatementCounts) -> None:
    matches = match_statements(gold.statements, predicted.statements)
    counts.articles += 1
    counts.matched += len(matches)
    counts.predicted += len(predicted.statements)
    counts.expected += len(gold.statements)
    for g, p in matches:
        expected, got = gold.statements[g], predicted.statements[p]
        # Organisations and countries have no canonical name to compare, so only people are scored.
        if expected.speaker_kind == "person":
            counts.person_pairs += 1
            if same_speaker(expected.speaker, got.speaker):
                counts.right_speakers += 1
            else:
                counts.findings.append(
                    QuoteFinding(gold.file, "wrong speaker", expected.text, expected.speaker, got.speaker)
                )
        if normalize_cue(expected.cue) == normalize_cue(got.cue):
            counts.right_cues += 1
        else:
            counts.findings.append(QuoteFinding(gold.file, "wrong cue", expected.text, expected.cue, got.cue))
    matched_gold = {g for g, _ in matches}
    matched_predicted = {p for _, p in matches}
    counts.findings += [
        QuoteFinding(gold.file, "missed", s.text, expected=f"{s.cue}, {s.speaker}")
        for i, s in enumerate(gold.statements)
        if i not in matched_gold
    ]
    counts.findings += [
        QuoteFinding(gold.file, "spurious", s.text, got=f"{s.cue}, {s.speaker}")
        for i, s in enumerate(predicted.statements)
        if i not in matched_predicted
    ]


# ---------------------------------------------------------------- sets and routing

def score_sets(
    pairs: Iterable[tuple[ArticleLabels, ArticleLabels]],
    items: Callable[[ArticleLabels], Iterable[str]],
    normalize: Callable[[str], str] = lambda value: value,
) -> PRF:
    """Micro P/R/F1 over (article, item) pairs, e.g. countries or people."""
    matched = predicted_total = expected_total = 0
    for gold, predicted in pairs:
        expected = {normalize(item) for item in items(gold)}
        got = {normalize(item) for item in items(predicted)}
        matched += len(expected & got)
        predicted_total += len(got)
        expected_total += len(expected)
    return PRF(matched, predicted_total, expected_total)


def set_differences(
    pairs: Iterable[tuple[ArticleLabels, ArticleLabels]],
    items: Callable[[ArticleLabels], Iterable[str]],
    normalize: Callable[[str], str] = lambda value: value,
) -> list[tuple[str, list[str], list[str]]]:
    """(file, missed, extra) for every article whose predicted set differs from the gold one."""
    differences = []
    for gold, predicted in pairs:
        expected = {normalize(item): item for item in items(gold)}
        got = {normalize(item): item for item in items(predicted)}
        missed = sorted(expected[key] for key in expected.keys() - got.keys())
        extra = sorted(got[key] for key in got.keys() - expected.keys())
        if missed or extra:
            differences.append((gold.file, missed, extra))
    return differences


@dataclass
class DiplomacyScores:
    routing: PRF
    false_positives: list[str]
    false_negatives: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.routing.as_dict(),
            "false_positives": self.false_positives,
            "false_negatives": self.false_negatives,
        }


def score_diplomacy(pairs: Iterable[tuple[ArticleLabels, ArticleLabels]]) -> DiplomacyScores:
    """Routing to the diplomacy topic, diplomacy being the positive class."""
    true_positives = predicted = expected = 0
    false_positives, false_negatives = [], []
    for gold, prediction in pairs:
        predicted += prediction.is_diplomacy
        expected += gold.is_diplomacy
        if gold.is_diplomacy and prediction.is_diplomacy:
            true_positives += 1
        elif prediction.is_diplomacy:
            false_positives.append(gold.file)
        elif gold.is_diplomacy:
            false_negatives.append(gold.file)
    return DiplomacyScores(PRF(true_positives, predicted, expected), false_positives, false_negatives)


# ---------------------------------------------------------------- everything at once

@dataclass
class Scores:
    articles: int
    diplomacy: DiplomacyScores
    quotes: QuoteScores
    quote_types: Accuracy
    terms: PRF
    countries: PRF
    people: PRF
    statements: StatementScores
    type_findings: list[QuoteFinding] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "diplomacy": self.diplomacy.as_dict(),
            "quotes": self.quotes.detection.as_dict(),
            "speaker_accuracy": self.quotes.speaker.as_dict(),
            "quote_type_accuracy": self.quote_types.as_dict(),
            "terms": self.terms.as_dict(),
            "countries": self.countries.as_dict(),
            "people": self.people.as_dict(),
            "statements": self.statements.detection.as_dict(),
            "statement_speaker_accuracy": self.statements.speaker.as_dict(),
            "statement_cue_accuracy": self.statements.cue.as_dict(),
        }


def score_articles(pairs: Sequence[tuple[ArticleLabels, ArticleLabels]]) -> Scores:
    pairs = list(pairs)
    quote_types, type_findings = score_quote_types(pairs)
    return Scores(
        articles=len(pairs),
        diplomacy=score_diplomacy(pairs),
        quotes=score_speech_quotes(pairs),
        quote_types=quote_types,
        terms=score_terms(pairs),
        countries=score_sets(pairs, lambda labels: labels.countries, str.upper),
        people=score_sets(pairs, lambda labels: labels.people, normalize_name),
        statements=score_statements(pairs),
        type_findings=type_findings,
    )
