"""`newsstreams fit-models --polnear PATH`: fit the quote models on PolNeAR train.

Every train article goes through the worker's enrichment path, with the rules-only
models in place (a fit must not learn from its own past choices) and observers that
hand over what the models see:
- the speaker chooser: each quote's candidates and their features. A candidate is
  right when it is the annotated source's person (the scores' name rule); quotes whose
  source is a pronoun teach nothing and are left out, those whose source is an
  organisation or description only measure how often a person is given anyway.
- the speech-or-term model: each quoted passage's features, speech when it matches a
  passage inside annotated content (the scores' span rule), a term otherwise.
Both are L2-regularised logistic regressions fitted by Newton's method (numpy comes with
spaCy); the weights go to data/speaker_choice.json and data/quote_kind.json with the
features' names beside them.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from ..enrichment import diplomacy, quote_kind, speaker_choice
from ..enrichment.batch import enrich_messages
from ..enrichment.enricher import Enricher
from ..enrichment.errors import ArticleError
from ..enrichment.fitted import fitted_on
from ..enrichment.mentions import Entity
from ..enrichment.speaker_choice import FEATURES
from ..settings import Settings
from .diplomacy_labels import DEFAULT_LABELS
from .polnear import PolnearArticle, load_split
from .polnear_gold import PRONOUNS, gold_quotes
from .polnear_report import SPEECH, PredictedQuote, match, same_named_speaker, source_map

L2 = 1.0
THRESHOLD = 0.5
# Calling a term speech puts a quote nobody said in the record, which a newsroom counting
# quotes counts; missing a short fragment costs less. On train, 0.6 instead of 0.5 costs
# 0.07 points of accuracy and keeps scare-quoted phrases ("a formal "strategic framework"")
# terms, as our own sets label them.
KIND_THRESHOLD = 0.6


@dataclass
class QuoteCandidates:
    article: str
    quote: str  # the quote's text, for reading errors
    names: list[str]  # candidates' canonical names
    rows: list[list[float]]  # their features, in FEATURES order
    right: list[bool]  # is each the annotated speaker
    named: bool = True  # False: the annotated source is an organisation, a group or a description


@dataclass
class QuoteKind:
    article: str
    quote: str
    row: list[float]  # features in quote_kind.FEATURES order
    speech: bool  # does it match a passage inside annotated content


def collect(enricher: Enricher, articles: list[PolnearArticle], max_body_chars: int) -> tuple[list[QuoteCandidates], list[QuoteKind]]:
    """Every matched quote's speaker candidates and every quoted passage's kind, labelled from the annotation."""
    collected: list[QuoteCandidates] = []
    kinds: list[QuoteKind] = []
    chooser, kind_model = enricher.quotes.chooser, enricher.quotes.kinds
    for article in articles:
        seen: dict[int, tuple[list[str], list[list[float]]]] = {}
        kind_rows: dict[int, list[float]] = {}

        def see(number: int, people: list[Entity], rows: list[dict[str, float]],
                seen: dict[int, tuple[list[str], list[list[float]]]] = seen) -> None:
            seen[number] = ([p.canonical for p in people], [[r[name] for name in FEATURES] for r in rows])

        def see_kind(number: int, row: dict[str, float], kind_rows: dict[int, list[float]] = kind_rows) -> None:
            kind_rows[number] = [row[n] for n in quote_kind.FEATURES]

        chooser.observer = see
        kind_model.observer = see_kind
        try:
            [(_, record)] = enrich_messages(enricher, [(article.name, article.message())], max_body_chars)
        finally:
            chooser.observer = kind_model.observer = None
        if isinstance(record, ArticleError):
            continue
        source = source_map(article, record)
        speech, numbers, every, every_numbers = [], [], [], []
        for number, quote in enumerate(record["quotes"]):
            span = source.span(quote["field"], quote["start"], quote["end"])
            if span is None:
                continue
            every.append(PredictedQuote(span[0], span[1], quote["type"], quote.get("speaker")))
            every_numbers.append(number)
            if quote["type"] in SPEECH:
                speech.append(every[-1])
                numbers.append(number)
        gold = gold_quotes(article)
        attributed = {every_numbers[p] for _, p in match(gold, every)}
        kinds += [QuoteKind(article.name, record["quotes"][n]["text"], kind_rows[n], n in attributed)
                  for n in every_numbers if n in kind_rows]
        for g, p in match(gold, speech):
            if numbers[p] not in seen or not seen[numbers[p]][0]:
                continue
            names, rows = seen[numbers[p]]
            text = record["quotes"][numbers[p]]["text"]
            gold_speaker = gold[g].speaker
            if gold_speaker is not None:
                right = [same_named_speaker(gold_speaker, n) for n in names]
                collected.append(QuoteCandidates(article.name, text, names, rows, right))
            elif not _is_pronoun(gold[g].source_text):  # "he" is somebody: PolNeAR does not say who
                collected.append(QuoteCandidates(article.name, text, names, rows, [False] * len(names), named=False))
    return collected, kinds


def _is_pronoun(source_text: str) -> bool:
    words = source_text.lower().split()
    return not words or words[0] in PRONOUNS


def fit(quotes: list[QuoteCandidates], l2: float = L2) -> list[float]:
    """Speaker chooser weights, on quotes with named sources."""
    quotes = [q for q in quotes if q.named]
    return logistic([row for q in quotes for row in q.rows], [r for q in quotes for r in q.right], l2)


def fit_kinds(kinds: list[QuoteKind], l2: float = L2) -> list[float]:
    return logistic([k.row for k in kinds], [k.speech for k in kinds], l2)


def kind_accuracy(kinds: list[QuoteKind], weights: list[float]) -> float:
    model = quote_kind.QuoteKindModel({"features": quote_kind.FEATURES, "weights": weights, "threshold": KIND_THRESHOLD})
    right = sum((model.probability(dict(zip(quote_kind.FEATURES, k.row))) >= KIND_THRESHOLD) == k.speech for k in kinds)
    return right / max(1, len(kinds))


def logistic(rows: list[list[float]], labels: list[bool], l2: float = L2, steps: int = 50) -> list[float]:
    """L2-regularised logistic regression by Newton's method; the first column is the unpenalised bias."""
    x = np.array(rows, dtype=float)
    y = np.array([float(label) for label in labels])
    weights = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ weights, -30, 30)))
        gradient = x.T @ (p - y) + penalty * weights
        hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        weights -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return [float(w) for w in weights]


def choice(quote: QuoteCandidates, chooser: speaker_choice.SpeakerChooser) -> int | None:
    """The candidate SpeakerChooser would pick (None: nobody)."""
    rows = [dict(zip(FEATURES, row)) for row in quote.rows]
    scores = [chooser.probability(r) for r in rows]
    best = max(range(len(rows)), key=lambda i: scores[i])
    if scores[best] >= chooser.threshold:
        return best
    return next((i for i, r in enumerate(rows) if r["rule_pick"]), None)  # the rules' pick stands


def accuracy(quotes: list[QuoteCandidates], weights: list[float], threshold: float = THRESHOLD) -> float:
    """Share of quotes with named sources whose chosen candidate is right."""
    chooser = speaker_choice.SpeakerChooser({"features": FEATURES, "weights": weights, "threshold": threshold})
    named = [q for q in quotes if q.named]
    right = sum(1 for q in named if (pick := choice(q, chooser)) is not None and q.right[pick])
    return right / max(1, len(named))


def person_for_non_person(quotes: list[QuoteCandidates], weights: list[float], threshold: float = THRESHOLD) -> float:
    """Share of quotes whose annotated source is not a person's name that still get a person:
    the price of choosing more often."""
    chooser = speaker_choice.SpeakerChooser({"features": FEATURES, "weights": weights, "threshold": threshold})
    others = [q for q in quotes if not q.named]
    return sum(1 for q in others if choice(q, chooser) is not None) / max(1, len(others))


Item = TypeVar("Item", QuoteCandidates, QuoteKind)  # what is fitted: quotes' candidates or passages' kinds


def cross_validated(items: Sequence[Item], fit_on: Callable[[list[Item]], list[float]],
                    score: Callable[[list[Item], list[float]], float], folds: int = 5) -> float:
    """Accuracy on held-out articles, fold by fold: what the fit is worth on unseen copy."""
    articles = sorted({item.article for item in items})
    right = total = 0.0
    for fold in range(folds):
        held = set(articles[fold::folds])
        weights = fit_on([i for i in items if i.article not in held])
        test = [i for i in items if i.article in held]
        right += score(test, weights) * len(test)
        total += len(test)
    return right / max(1, total)


def default_folder() -> Path:
    return Path(str(resources.files(speaker_choice.__package__).joinpath("data")))


def run_fit_models(settings: Settings, root: str, folder: Path | None, diplomacy_labels: Path | None = None,
                   only: str | None = None) -> int:
    started = time.perf_counter()
    folder = folder or default_folder()
    folder.mkdir(parents=True, exist_ok=True)  # --output may name a folder that does not exist yet
    train = load_split(root, "train")
    if only in (None, "quotes"):
        code = _fit_quote_models(settings, train, folder)
        if code:
            return code
    if only in (None, "diplomacy"):
        _fit_diplomacy(settings, train, diplomacy_labels or DEFAULT_LABELS, folder)
    if only in (None, "statements"):
        from .statement_fit import fit_statements

        enricher = Enricher(settings.spacy_model, settings.diplomacy_threshold, for_fitting=True)
        fit_statements(enricher, train, settings.max_body_chars, folder)
    print(f"fitted on {root}/data/train in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    return 0


def _fit_quote_models(settings: Settings, train: list[PolnearArticle], folder: Path) -> int:
    enricher = Enricher(settings.spacy_model, settings.diplomacy_threshold, for_fitting=True)
    rules_only = {"features": list(FEATURES), "weights": speaker_choice.rules_only_weights(), "threshold": THRESHOLD}
    enricher.quotes.chooser = speaker_choice.SpeakerChooser(rules_only)
    enricher.quotes.kinds = quote_kind.QuoteKindModel(
        {"features": list(quote_kind.FEATURES), "weights": quote_kind.rules_only_weights(), "threshold": THRESHOLD}
    )
    quotes, kinds = collect(enricher, train, settings.max_body_chars)
    if not any(q.named for q in quotes):
        print("no matched quotes with named sources in PolNeAR train", file=sys.stderr)
        return 2
    _write_kind_model(kinds, folder / quote_kind.MODEL_FILE)
    _write_speaker_model(quotes, rules_only, folder / speaker_choice.MODEL_FILE)
    return 0


def _fit_diplomacy(settings: Settings, train: list[PolnearArticle], labels: Path, folder: Path) -> None:
    from . import diplomacy_fit

    # the features do not depend on the diplomacy weights; the shipped ones, where they fit the
    # features, are the "before" the fit is compared with
    enricher = Enricher(settings.spacy_model, settings.diplomacy_threshold, for_fitting=True)
    examples = diplomacy_fit.collect_all(enricher, train, labels, settings.max_body_chars)
    shipped = fitted_on(diplomacy.MODEL_FILE, diplomacy.FEATURES)
    prior = {"weights": enricher.diplomacy.model.weights} if shipped else None
    model = diplomacy_fit.fitted_model(examples, prior)
    (folder / diplomacy.MODEL_FILE).write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    diplomacy_fit.print_model(model)


def _write_kind_model(kinds: list[QuoteKind], path: Path) -> None:
    weights = fit_kinds(kinds)
    model = {
        "about": "Speech-or-term weights: logistic regression over a quoted passage's features, fitted by "
                 "`newsstreams fit-models` on PolNeAR train.",
        "features": list(quote_kind.FEATURES),
        "weights": [round(w, 4) for w in weights],
        "threshold": KIND_THRESHOLD,
        "fitted_on": {"passages": len(kinds), "speech": sum(k.speech for k in kinds)},
        "train_accuracy": {
            "rules_only": round(kind_accuracy(kinds, quote_kind.rules_only_weights()), 4),
            "fitted": round(kind_accuracy(kinds, weights), 4),
            "fitted_5_fold_held_out": round(cross_validated(kinds, fit_kinds, kind_accuracy), 4),
        },
    }
    _write(path, model, quote_kind.FEATURES, weights)


def _write_speaker_model(quotes: list[QuoteCandidates], rules_only: dict[str, Any], path: Path) -> None:
    weights = fit(quotes)
    held_out = cross_validated([q for q in quotes if q.named], fit, accuracy)
    model = {
        "about": "Speaker chooser weights: logistic regression over candidate features, fitted by "
                 "`newsstreams fit-models` on PolNeAR train.",
        "features": list(FEATURES),
        "weights": [round(w, 4) for w in weights],
        "threshold": THRESHOLD,
        "fitted_on": {"quotes": sum(q.named for q in quotes), "candidates": sum(len(q.names) for q in quotes if q.named)},
        "train_accuracy": {
            "rules_only": round(accuracy(quotes, rules_only["weights"]), 4),
            "fitted": round(accuracy(quotes, weights), 4),
            "fitted_5_fold_held_out": round(held_out, 4),
        },
        "person_given_where_source_is_no_name": {  # descriptions ("the senator") are often rightly a person
            "rules_only": round(person_for_non_person(quotes, rules_only["weights"]), 4),
            "fitted": round(person_for_non_person(quotes, weights), 4),
        },
    }
    _write(path, model, FEATURES, weights)


def _write(path: Path, model: dict[str, Any], features: tuple[str, ...], weights: list[float]) -> None:
    path.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(f"\n{path.name}: {json.dumps(model['fitted_on'])}")
    for name, weight in sorted(zip(features, weights), key=lambda item: -abs(item[1])):
        print(f"  {name:34s} {weight:+.3f}")
    for key in ("train_accuracy", "person_given_where_source_is_no_name"):
        if key in model:
            print(f"  {key}: {json.dumps(model[key])}")
