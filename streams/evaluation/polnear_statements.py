"""Statements (reported speech) on PolNeAR: gold statements, predicted ones, and their scores.

A gold statement is an attribution relation whose content is not a pure direct quote:
its content has a word character outside every double-quoted passage (polnear_gold's
quoted_passages), so reported speech ("said that the plan would fail") and mixed
content (`the letter was "a very serious document"`) count, while a content that is
only a quotation is left to the quote scores.

Contents are compared as sets of word tokens (`\\w+` runs of the article text, each
identified by its offset, so a repeated word is two tokens; a word belongs to a span
when at least half of its characters lie inside, which forgives a boundary off by one
character). A predicted content matches a gold one when they share at least half of
the larger token count, one-to-one, best overlaps first. Over matched pairs whose gold
cue has a word (a bare colon has none), the cue is right when every word of the
predicted cue is a word of the gold cue ("said" for "said in part"); the source is
scored, where the gold source is a personal name, with the quotes' speaker rule.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .alignment import SourceMap
from .polnear import PolnearArticle, Relation, Spans
from .polnear_gold import named_source, quoted_passages, source_name
from .scoring import PRF, Accuracy, best_pairs_first

MIN_SHARED_TOKENS = 0.5
_WORD = re.compile(r"\w+")

SpeakerRule = Callable[[str, str | None], bool]


@dataclass(frozen=True)
class GoldStatement:
    content: Spans  # offsets into the article text; may be discontinuous
    cue: str  # lowercased, "" when the relation has no cue
    source_text: str  # the annotated source as written ("he", "the Kremlin", "Putin")
    speaker: str | None  # the source's personal name, when it is one


@dataclass(frozen=True)
class PredictedStatement:
    content: Spans  # mapped back to offsets into the article text
    cue: str | None
    speaker: str | None
    speaker_text: str | None


@dataclass
class StatementScores:
    content: PRF = PRF(0, 0, 0)
    cue: Accuracy = Accuracy(0, 0)
    source: Accuracy = Accuracy(0, 0)
    errors: list[str] = field(default_factory=list)  # developer aid, printed for train only


class ArticleWords:
    """An article's word tokens, found once, so every span's tokens are looked up, not re-tokenized."""

    def __init__(self, text: str):
        self._spans = [m.span() for m in _WORD.finditer(text)]
        self._ends = [end for _, end in self._spans]

    def within(self, spans: Spans) -> frozenset[int]:
        """Start offsets of the words at least half inside the spans (their union, if several)."""
        found = set()
        for start, end in spans:
            i = bisect_right(self._ends, start)  # the first word ending after the span starts
            while i < len(self._spans) and self._spans[i][0] < end:
                word_start, word_end = self._spans[i]
                if 2 * (min(word_end, end) - max(word_start, start)) >= word_end - word_start:
                    found.add(word_start)
                i += 1
        return frozenset(found)


def gold_statements(article: PolnearArticle) -> list[GoldStatement]:
    passages = quoted_passages(article.text)
    return [
        GoldStatement(
            content=relation.content,
            cue=_collapse(article.span_text(relation.cue).lower()),
            source_text=article.span_text(relation.source).strip(),
            speaker=source_name(article, relation),
        )
        for relation in article.relations
        if _has_words(article.text, relation) and not is_pure_direct_quote(article.text, relation.content, passages)
    ]


def is_pure_direct_quote(text: str, content: Spans, passages: list[tuple[int, int]]) -> bool:
    """True when every word character of the content lies inside a double-quoted passage:
    the marks themselves, spaces and punctuation around them do not make it reported speech."""
    for start, end in content:
        for word in _WORD.finditer(text, start, end):
            # A mark is not a word character, so a word is either wholly in a passage or outside all.
            if not any(a <= word.start() and word.end() <= b for a, b in passages):
                return False
    return True


def _has_words(text: str, relation: Relation) -> bool:
    # A content of punctuation alone gives nothing to find or to match.
    return any(_WORD.search(text, start, end) for start, end in relation.content)


def _collapse(text: str) -> str:
    return " ".join(text.split())


def predicted_statements(source: SourceMap, record: dict[str, Any]) -> list[PredictedStatement]:
    """The record's statements at their offsets in the article text. One whose span cannot be
    mapped back is left out, as predicted quotes are (it cannot be placed, so it cannot be judged)."""
    statements = []
    for statement in record.get("statements", []):  # absent in records made before the extractor
        span = source.span(statement["field"], statement["start"], statement["end"])
        if span is not None:
            statements.append(PredictedStatement(
                (span,), statement.get("cue"), named_source(statement), statement.get("speaker_text")
            ))
    return statements


def match_statements(gold: list[frozenset[int]], predicted: list[frozenset[int]]) -> list[tuple[int, int]]:
    """One-to-one (gold, predicted) pairs of token sets sharing at least half of the larger, best first."""
    candidates = []
    for g, gold_tokens in enumerate(gold):
        for p, predicted_tokens in enumerate(predicted):
            shared = len(gold_tokens & predicted_tokens)
            larger = max(len(gold_tokens), len(predicted_tokens))
            if shared and shared >= MIN_SHARED_TOKENS * larger:
                candidates.append((-shared / larger, g, p))
    return best_pairs_first(candidates)


def cue_right(gold_cue: str, predicted_cue: str | None) -> bool:
    """Every predicted cue word is a gold cue word: "said" is right for "said in part"."""
    predicted_words = _WORD.findall((predicted_cue or "").lower())
    return bool(predicted_words) and set(predicted_words) <= set(_WORD.findall(gold_cue.lower()))


def score_statements(
    items: list[tuple[PolnearArticle, list[PredictedStatement] | None]], same_speaker: SpeakerRule
) -> StatementScores:
    """Content P/R/F1, cue and source accuracy over one split. `same_speaker` is the quotes'
    rule (polnear_report.same_named_speaker), passed in so this module does not import the report."""
    scores = StatementScores()
    matched = predicted_total = expected_total = cues_right = cues = sources_right = sources = 0
    for article, predicted in items:
        predicted = predicted or []  # a failed article finds nothing; the quote scores list it
        gold = gold_statements(article)
        words = ArticleWords(article.text)
        pairs = match_statements([words.within(s.content) for s in gold], [words.within(s.content) for s in predicted])
        matched += len(pairs)
        predicted_total += len(predicted)
        expected_total += len(gold)
        for g, p in pairs:
            if _words_in(gold[g].cue):
                cues += 1
                if cue_right(gold[g].cue, predicted[p].cue):
                    cues_right += 1
                else:
                    scores.errors.append(f"wrong cue     {article.name}: “{_excerpt(article, gold[g].content)}” "
                                         f"(cue {gold[g].cue!r}; got {predicted[p].cue!r})")
            gold_speaker = gold[g].speaker
            if gold_speaker is not None:
                sources += 1
                if same_speaker(gold_speaker, predicted[p].speaker):
                    sources_right += 1
                else:
                    scores.errors.append(
                        f"wrong source  {article.name}: “{_excerpt(article, gold[g].content)}” "
                        f"(source {gold[g].source_text[:50]!r} = {gold_speaker}; got {predicted[p].speaker} "
                        f"from {predicted[p].speaker_text!r})"
                    )
        scores.errors += _unmatched_lines(article, gold, predicted, pairs)
    scores.content = PRF(matched, predicted_total, expected_total)
    scores.cue = Accuracy(cues_right, cues)
    scores.source = Accuracy(sources_right, sources)
    return scores


def _unmatched_lines(article: PolnearArticle, gold: list[GoldStatement], predicted: list[PredictedStatement],
                     pairs: list[tuple[int, int]]) -> list[str]:
    matched_gold = {g for g, _ in pairs}
    matched_predicted = {p for _, p in pairs}
    lines = [f"missed        {article.name}: “{_excerpt(article, s.content)}” (cue {s.cue!r}, source {s.source_text[:40]!r})"
             for i, s in enumerate(gold) if i not in matched_gold]
    lines += [f"spurious      {article.name}: “{_excerpt(article, s.content)}” (cue {s.cue!r}, {s.speaker})"
              for i, s in enumerate(predicted) if i not in matched_predicted]
    return lines


def _words_in(text: str) -> bool:
    return _WORD.search(text) is not None


def _excerpt(article: PolnearArticle, spans: Spans) -> str:
    return _collapse(article.span_text(spans))[:70]
