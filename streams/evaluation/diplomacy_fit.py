"""Fit the diplomacy scorer's weights on labelled news: PolNeAR train and our development sets.

Every article goes through the worker's enrichment path with an observer on the scorer,
which hands over the named features it computed (diplomacy.FEATURES). Labels come from
our PolNeAR labels (train split only) and the gold of our own development folders
(eval/data/dev and dev2; never the held-out test). An L2-regularised logistic regression
gives the weights; the threshold that maximises F1 on 5-fold held-out predictions is then
folded into the bias, so the setting's default of 0.5 is the threshold chosen on train.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from ..enrichment import diplomacy
from ..enrichment.batch import enrich_messages
from ..enrichment.enricher import Enricher
from ..enrichment.errors import ArticleError
from .diplomacy_labels import load_labels
from .gold import load_labelled_set
from .model_fit import logistic
from .polnear import PolnearArticle
from .scoring import PRF

L2 = 2.0
FOLDS = 5
OWN_DEVELOPMENT_SETS = (Path("eval/data/dev"), Path("eval/data/dev2"))


@dataclass(frozen=True)
class Example:
    source: str  # "polnear train" or an own folder's name
    name: str
    row: list[float]  # diplomacy.FEATURES order
    is_diplomacy: bool


def collect(enricher: Enricher, messages: list[tuple[str, bytes]], gold: dict[str, bool], source: str,
            max_body_chars: int) -> list[Example]:
    rows: dict[str, list[float]] = {}
    for name, message in messages:
        seen: list[list[float]] = []

        def observe(evidence: diplomacy.Evidence, seen: list[list[float]] = seen) -> None:
            seen.append([evidence.row[f] for f in diplomacy.FEATURES])

        enricher.diplomacy.observer = observe
        try:
            [(_, outcome)] = enrich_messages(enricher, [(name, message)], max_body_chars)
        finally:
            enricher.diplomacy.observer = None
        if not isinstance(outcome, ArticleError) and seen:
            rows[name] = seen[0]
    return [Example(source, name, row, gold[name]) for name, row in rows.items()]


def collect_all(enricher: Enricher, train: list[PolnearArticle], labels_path: Path, max_body_chars: int) -> list[Example]:
    labels = load_labels(labels_path)
    labelled = [a for a in train if (a.split, a.name) in labels]
    examples = collect(enricher, [(a.name, a.message()) for a in labelled],
                       {a.name: labels[a.split, a.name].is_diplomacy for a in labelled}, "polnear train", max_body_chars)
    for folder in OWN_DEVELOPMENT_SETS:
        if folder.is_dir():
            own = load_labelled_set(folder)
            examples += collect(enricher, [(i.gold.file, i.message) for i in own.articles],
                                {i.gold.file: i.gold.is_diplomacy for i in own.articles}, folder.name, max_body_chars)
    return examples


def fit(examples: list[Example], l2: float | None = None) -> list[float]:
    return logistic([e.row for e in examples], [e.is_diplomacy for e in examples], L2 if l2 is None else l2)


def probabilities(examples: list[Example], weights: list[float]) -> list[float]:
    z = np.array([e.row for e in examples]) @ np.array(weights)
    return list(1.0 / (1.0 + np.exp(-np.clip(z, -30, 30))))


def held_out_probabilities(examples: list[Example], folds: int = FOLDS) -> list[float]:
    """Each example scored by weights fitted without its fold: what the fit is worth on unseen copy."""
    order = sorted(range(len(examples)), key=lambda i: (examples[i].source, examples[i].name))
    result = [0.0] * len(examples)
    for fold in range(folds):
        held = set(order[fold::folds])
        weights = fit([e for i, e in enumerate(examples) if i not in held])
        for i, p in zip(sorted(held), probabilities([examples[i] for i in sorted(held)], weights)):
            result[i] = p
    return result


def routing(examples: list[Example], scores: list[float], threshold: float) -> PRF:
    predicted = [s >= threshold for s in scores]
    return PRF(
        true_positives=sum(p and e.is_diplomacy for p, e in zip(predicted, examples)),
        predicted=sum(predicted),
        expected=sum(e.is_diplomacy for e in examples),
    )


def best_threshold(examples: list[Example], scores: list[float]) -> float:
    """The threshold with the best F1, ties to the higher one (fewer false routes)."""
    candidates = [t / 100 for t in range(10, 91, 5)]
    return max(candidates, key=lambda t: ((routing(examples, scores, t).f1 or 0.0), t))


def fitted_model(examples: list[Example], prior: dict[str, Any] | None) -> dict[str, Any]:
    """prior: the weights in use before the fit, for "before_f1"; None where they were fitted
    on other features (before_f1 is then None)."""
    held = held_out_probabilities(examples)
    threshold = best_threshold(examples, held)
    weights = fit(examples)
    weights[0] -= math.log(threshold / (1 - threshold))  # the chosen threshold becomes 0.5
    prior_scores = probabilities(examples, prior["weights"]) if prior is not None else None
    by_source = {}
    for source in sorted({e.source for e in examples}):
        picked = [i for i, e in enumerate(examples) if e.source == source]
        subset = [examples[i] for i in picked]
        by_source[source] = {
            "articles": len(subset),
            "diplomacy": sum(e.is_diplomacy for e in subset),
            "before_f1": None if prior_scores is None else _round(routing(subset, [prior_scores[i] for i in picked], 0.5).f1),
            "held_out_f1": _round(routing(subset, [held[i] for i in picked], threshold).f1),
            "held_out_precision": _round(routing(subset, [held[i] for i in picked], threshold).precision),
        }
    return {
        "about": "Diplomacy scorer weights: logistic regression over diplomacy.FEATURES, fitted by "
                 "`newsstreams fit-models` on PolNeAR train (our labels) and our own development sets; "
                 "the threshold chosen on 5-fold held-out F1 is folded into the bias.",
        "features": list(diplomacy.FEATURES),
        "weights": [round(w, 4) for w in weights],
        "threshold": 0.5,
        "chosen_threshold": threshold,
        "l2": L2,
        "fitted_on": by_source,
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 4)


def print_model(model: dict[str, Any], out: TextIO | None = None) -> None:
    """out: sys.stdout as it is when called (a default bound at import would keep a stream
    that was swapped out since, as pytest's capture does, and write to it once closed)."""
    out = out if out is not None else sys.stdout
    print(f"\n{diplomacy.MODEL_FILE}: threshold chosen on train {model['chosen_threshold']}", file=out)
    for name, weight in sorted(zip(model["features"], model["weights"]), key=lambda item: -abs(item[1])):
        print(f"  {name:28s} {weight:+.3f}", file=out)
    for source, figures in model["fitted_on"].items():
        print(f"  {source}: {figures}", file=out)
