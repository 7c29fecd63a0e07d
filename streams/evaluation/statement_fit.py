"""`newsstreams fit-models --only statements`: fit the cue table of reported speech on PolNeAR train.

Every train article is parsed once with the worker's pipeline. For each annotated
relation, the cue's syntactic head (the cue word whose head lies outside the cue span)
gives a cue form ("said/VERB", "according/VERB") and the content's head gives the
dependency path from the cue to its content (statement_content's path names). A form's
precision is how often a token of that form is the head of an annotated cue; its paths
are the frequent ones. The threshold on precision is then chosen on train by running the
extractor with each candidate and scoring content F1, so the table ships with the
precision it was chosen for (data/statement_cues.json).
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Token

from ..enrichment.admission import read_article
from ..enrichment.article import Article
from ..enrichment.enricher import Enricher
from ..enrichment.statements import CUE_FILE, CueTable, StatementExtractor, cue_table
from .alignment import SourceMap
from .polnear import PolnearArticle, Spans
from .polnear_report import same_named_speaker, source_map
from .polnear_statements import PredictedStatement, StatementScores, predicted_statements, score_statements

MIN_COUNT = 5  # a form seen as a cue fewer times says more about its articles than about news
MIN_PATH_SHARE = 0.02  # "X, he said, Y" is 3 % of "said" but common enough to read
MAX_PATHS = 4
MIN_PATH_COUNT = 3
THRESHOLDS = (0.15, 0.2, 0.25, 0.3, 0.4, 0.5)


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


def table_from(counts: CueCounts, threshold: float) -> dict[str, Any]:
    cues = {}
    for form, as_cue in counts.as_cue.most_common():
        if as_cue < MIN_COUNT:
            continue
        paths = counts.paths.get(form, Counter())
        total = sum(paths.values())
        kept = [p for p, n in paths.most_common() if p != "other" and n >= MIN_PATH_SHARE * total and n >= MIN_PATH_COUNT][:MAX_PATHS]
        if kept:
            cues[form] = {"precision": round(as_cue / counts.seen[form], 3), "count": as_cue, "paths": kept}
    return {"min_precision": threshold, "cues": cues}


def score_with(enricher: Enricher, parsed: Sequence[Parsed], table: CueTable) -> StatementScores:
    enricher.statements = StatementExtractor(enricher.quotes.speakers, enricher.countries, table)
    items: list[tuple[PolnearArticle, list[PredictedStatement] | None]] = []
    for item in parsed:
        record = enricher.enrich_parsed(item.enriched, item.doc)
        items.append((item.article, predicted_statements(source_map(item.article, record), record)))
    return score_statements(items, same_named_speaker)


def fit_statement_cues(enricher: Enricher, train: Sequence[PolnearArticle], max_body_chars: int, path: Path) -> None:
    parsed = parse(enricher, train, max_body_chars)
    counts = count_cues(parsed)
    shipped = cue_table()
    best: tuple[float, float] | None = None
    for threshold in THRESHOLDS:
        candidate = table_from(counts, threshold)
        table = CueTable(
            paths={f: tuple(c["paths"]) for f, c in candidate["cues"].items() if c["precision"] >= threshold},
            min_content_words=shipped.min_content_words,
        )
        scores = score_with(enricher, parsed, table)
        f1 = scores.content.f1 or 0.0
        print(f"  min precision {threshold:.2f}: {len(table.paths)} cue forms, content P/R/F1 "
              f"{scores.content.precision or 0:.3f}/{scores.content.recall or 0:.3f}/{f1:.3f}, "
              f"source {scores.source.value or 0:.3f}", file=sys.stderr)
        if best is None or f1 > best[1]:
            best = (threshold, f1)
    assert best is not None
    model = table_from(counts, best[0])
    model = {
        "about": "Cue forms of reported speech with their content paths, fitted by `newsstreams fit-models "
                 "--only statements` on PolNeAR train (streams/evaluation/statement_fit.py); a form is used when "
                 "its precision as a cue head is at least min_precision, chosen on train for content F1.",
        "fitted_on": {"articles": len(parsed), "relations": sum(len(p.article.relations) for p in parsed)},
        "train_content_f1": round(best[1], 4),
        **model,
    }
    path.write_text(json.dumps(model, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\n{path.name}: {len(model['cues'])} cue forms, min precision {best[0]} (train content F1 {best[1]:.3f})")


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


def default_path(folder: Path) -> Path:
    return folder / CUE_FILE
