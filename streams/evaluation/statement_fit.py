"""`newsstreams fit-models --only statements`: fit the cue table and the statement choice on PolNeAR train.

Every train article is parsed once with the worker's pipeline. For each annotated
relation, the cue's syntactic head (the cue word whose head lies outside the cue span)
gives a cue form ("said/VERB", "according/VERB") and the content's head gives the
dependency path from the cue to its content (statement_content's path names). A form's
precision is how often a token of that form heads an annotated cue; its paths are the
frequent ones (data/statement_cues.json). Then every candidate the table proposes is
labelled by matching it with the annotated statements (the scores' half-overlap rule),
and a logistic model over its features decides which to keep, at the probability
threshold with the best content F1 on train (data/statement_choice.json).
"""

from __future__ import annotations

import json
import math
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Token

from ..enrichment import statement_choice
from ..enrichment.admission import read_article
from ..enrichment.article import Article
from ..enrichment.enricher import Enricher
from ..enrichment.statements import CUE_FILE, CueTable, StatementExtractor, cue_table, table_of
from .alignment import SourceMap
from .model_fit import logistic
from .polnear import PolnearArticle, Spans
from .polnear_report import source_map
from .polnear_statements import ArticleWords, gold_statements, match_statements

MIN_COUNT = 5  # a form seen as a cue fewer times says more about its articles than about news
MIN_PATH_SHARE = 0.02  # "X, he said, Y" is 3 % of "said" but common enough to read
MAX_PATHS = 4
MIN_PATH_COUNT = 3
CANDIDATE_FLOOR = 0.1  # forms rarely a cue propose too many candidates for the choice to weigh
THRESHOLDS = tuple(round(0.2 + 0.05 * i, 2) for i in range(11))  # 0.2 .. 0.7


@dataclass
class Parsed:
    article: PolnearArticle
    enriched: Article
    doc: Doc


@dataclass
class CueCounts:
    seen: Counter[str]  # tokens of each form
    as_cue: Counter[str]  # of them, heads of an annotated cue
    paths: defaultdict[str, Counter[str]]  # form -> path to the content -> count


def parse(enricher: Enricher, articles: Sequence[PolnearArticle], max_body_chars: int) -> list[Parsed]:
    enriched = [read_article(a.message(), max_body_chars) for a in articles]
    docs = enricher.nlp.pipe([a.analysed_text for a in enriched], batch_size=32)
    return [Parsed(a, e, d) for a, e, d in zip(articles, enriched, docs)]


def count_cues(parsed: Iterable[Parsed]) -> CueCounts:
    counts = CueCounts(Counter(), Counter(), defaultdict(Counter))
    for item in parsed:
        tokens = _token_index(item)
        cue_heads: set[int] = set()
        for relation in item.article.relations:
            cue = _head(_tokens_in(item.doc, tokens, relation.cue))
            if cue is None:
                continue
            if cue.lower_ == "to" and cue.i > 0 and cue.doc[cue.i - 1].lower_ == "according":
                cue = cue.doc[cue.i - 1]  # "according to": the phrase hangs from "according"
            cue_heads.add(cue.i)
            content = _head([t for t in _tokens_in(item.doc, tokens, relation.content) if not t.is_punct])
            if content is not None:
                counts.paths[form_of(cue)][path_between(cue, content)] += 1
        for token in item.doc:
            counts.seen[form_of(token)] += 1
            if token.i in cue_heads:
                counts.as_cue[form_of(token)] += 1
    return counts


def form_of(token: Token) -> str:
    return f"{token.lower_}/{token.pos_}"


def path_between(cue: Token, content: Token) -> str:
    """The path name (statement_content) from a cue to its content's head, "other" if none fits."""
    if content.head.i == cue.i and content.i != cue.i:
        return f"child:{content.dep_}"
    if content.head.head.i == cue.i and content.head.dep_ in ("prep", "agent"):
        return f"prep:{content.head.lower_}:{content.dep_}"
    if cue.head.i == content.i:
        return f"head:{cue.dep_}"
    if cue.head.head.i == content.i:
        return f"head2:{cue.head.dep_}:{cue.dep_}"
    return "other"


def table_from(counts: CueCounts, floor: float) -> dict[str, Any]:
    """The cue file: every form seen as a cue often enough, with its frequent content paths."""
    cues = {}
    for form, as_cue in counts.as_cue.most_common():
        if as_cue < MIN_COUNT:
            continue
        paths = counts.paths.get(form, Counter())
        total = max(1, sum(paths.values()))
        kept = [(p, n) for p, n in paths.most_common() if p != "other" and n >= MIN_PATH_SHARE * total
                and n >= MIN_PATH_COUNT][:MAX_PATHS]
        if kept:
            cues[form] = {"precision": round(as_cue / counts.seen[form], 3), "count": as_cue,
                          "paths": [p for p, _ in kept], "shares": [round(n / total, 3) for _, n in kept]}
    return {"min_precision": floor, "cues": cues}


@dataclass
class Candidates:
    rows: list[list[float]]  # features in statement_choice.FEATURES order
    labels: list[bool]  # does the candidate match an annotated statement
    gold: int  # annotated statements, for F1


def collect(enricher: Enricher, parsed: Sequence[Parsed], table: CueTable) -> Candidates:
    """Every candidate's features, labelled by matching it with the annotated statements."""
    enricher.statements = StatementExtractor(enricher.quotes.speakers, enricher.countries, table,
                                             statement_choice.untrained_model())
    collected = Candidates([], [], 0)
    for item in parsed:
        rows: dict[int, list[float]] = {}
        enricher.statements.choice.observer = lambda n, row, rows=rows: rows.__setitem__(
            n, [row[f] for f in statement_choice.FEATURES])
        record = enricher.enrich_parsed(item.enriched, item.doc)
        source = source_map(item.article, record)
        # a candidate that does not map back to the source text matches nothing
        spans = [source.span(s["field"], s["start"], s["end"]) or (0, 0) for s in record["statements"]]
        gold = gold_statements(item.article)
        words = ArticleWords(item.article.text)
        pairs = match_statements([words.within(g.content) for g in gold], [words.within((span,)) for span in spans])
        matched = {p for _, p in pairs}
        if len(rows) != len(spans):
            raise RuntimeError("the untrained statement choice must keep every candidate")
        for number in range(len(spans)):
            collected.rows.append(rows[number])
            collected.labels.append(number in matched)
        collected.gold += len(gold)
    return collected


def best_threshold(probabilities: Sequence[float], labels: Sequence[bool], gold: int) -> tuple[float, float]:
    """The probability threshold with the best content F1 on these candidates, and that F1."""
    best = (0.5, 0.0)
    for threshold in THRESHOLDS:
        kept = [label for p, label in zip(probabilities, labels) if p >= threshold]
        f1 = 2 * sum(kept) / max(1, len(kept) + gold)
        if f1 > best[1]:
            best = (threshold, f1)
    return best


def _probabilities(weights: Sequence[float], rows: Sequence[Sequence[float]]) -> list[float]:
    return [1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, sum(w * x for w, x in zip(weights, row)))))) for row in rows]


def held_out_f1(candidates: Candidates, folds: int = 5) -> float:
    """Content F1 of the fitted choice on candidates it was not fitted on (articles kept in order)."""
    size = len(candidates.rows)
    kept_right = kept_total = 0
    for fold in range(folds):
        test = range(fold * size // folds, (fold + 1) * size // folds)
        train = [i for i in range(size) if not test.start <= i < test.stop]
        weights = logistic([candidates.rows[i] for i in train], [candidates.labels[i] for i in train])
        fit_probabilities = _probabilities(weights, [candidates.rows[i] for i in train])
        threshold, _ = best_threshold(fit_probabilities, [candidates.labels[i] for i in train],
                                      candidates.gold * len(train) // size)
        for i, p in zip(test, _probabilities(weights, [candidates.rows[i] for i in test])):
            if p >= threshold:
                kept_total += 1
                kept_right += candidates.labels[i]
    return 2 * kept_right / max(1, kept_total + candidates.gold)


def fit_statements(enricher: Enricher, train: Sequence[PolnearArticle], max_body_chars: int, folder: Path) -> None:
    fit_statements_on(enricher, parse(enricher, train, max_body_chars), folder)


def fit_statements_on(enricher: Enricher, parsed: Sequence[Parsed], folder: Path) -> None:
    cues = table_from(count_cues(parsed), CANDIDATE_FLOOR)
    cues = {"about": "Cue forms of reported speech with their content paths, mined from PolNeAR train by "
                     "`newsstreams fit-models --only statements` (streams/evaluation/statement_fit.py); forms at or "
                     "over min_precision propose candidates, which statement_choice.json weighs.",
            "fitted_on": {"articles": len(parsed), "relations": sum(len(p.article.relations) for p in parsed)},
            **cues}
    (folder / CUE_FILE).write_text(json.dumps(cues, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    table = table_of(cues, cue_table().min_content_words)
    candidates = collect(enricher, parsed, table)
    if not any(candidates.labels) or all(candidates.labels):
        print("statements: too few candidates on this train split to fit a choice; statement_choice.json left as it is",
              file=sys.stderr)
        return
    weights = logistic(candidates.rows, candidates.labels)
    threshold, f1 = best_threshold(_probabilities(weights, candidates.rows), candidates.labels, candidates.gold)
    every = 2 * sum(candidates.labels) / max(1, len(candidates.labels) + candidates.gold)
    model = {
        "about": "Statement choice weights: logistic regression over a candidate's features, fitted by "
                 "`newsstreams fit-models --only statements` on PolNeAR train; the threshold is the one with the "
                 "best content F1 on train.",
        "features": list(statement_choice.FEATURES),
        "weights": [round(w, 4) for w in weights],
        "threshold": threshold,
        "fitted_on": {"candidates": len(candidates.rows), "statements": sum(candidates.labels), "gold": candidates.gold},
        "train_content_f1": {"every_candidate": round(every, 4), "fitted": round(f1, 4),
                             "fitted_5_fold_held_out": round(held_out_f1(candidates), 4)},
    }
    (folder / statement_choice.MODEL_FILE).write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(f"\n{CUE_FILE}: {len(cues['cues'])} cue forms over precision {CANDIDATE_FLOOR}")
    print(f"{statement_choice.MODEL_FILE}: {json.dumps(model['fitted_on'])}, threshold {threshold}")
    for name, weight in sorted(zip(statement_choice.FEATURES, weights), key=lambda item: -abs(item[1])):
        print(f"  {name:24s} {weight:+.3f}")
    print(f"  train_content_f1: {json.dumps(model['train_content_f1'])}")


def _token_index(item: Parsed) -> dict[int, int]:
    """Token index -> offset of its first character in the PolNeAR text (where it maps back)."""
    fields = {"headline": item.enriched.headline, "body": item.enriched.body}
    source: SourceMap = source_map(item.article, fields)
    headline_end, body_start = len(item.enriched.headline), item.enriched.body_offset
    index = {}
    for token in item.doc:
        if token.is_space:
            continue
        field, start = ("headline", token.idx) if token.idx < headline_end else ("body", token.idx - body_start)
        span = source.span(field, start, start + 1)
        if span is not None:
            index[token.i] = span[0]
    return index


def _tokens_in(doc: Doc, index: dict[int, int], spans: Spans) -> list[Token]:
    return [doc[i] for i, offset in index.items() if any(a <= offset < b for a, b in spans)]


def _head(tokens: list[Token]) -> Token | None:
    """The token of a span whose head lies outside it (the first, if the parse gives several)."""
    inside = {t.i for t in tokens}
    return next((t for t in tokens if t.head.i not in inside or t.head.i == t.i), None)


