"""`newsstreams fit-speakers --polnear PATH`: fit the speaker chooser on PolNeAR train.

Every train article goes through the worker's enrichment path with an observer on the
chooser, which hands over each quote's candidates and their features. A candidate is
labelled right when it is the annotated source's person (the same name rule as the
scores); quotes whose source is not a name teach nothing and are left out. The fit is
an L2-regularised logistic regression by Newton's method (numpy comes with spaCy), and
the weights go to data/speaker_choice.json with the features' names beside them.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from ..commands.enrich import enrich_messages
from ..enrichment import speaker_choice
from ..enrichment.enricher import Enricher
from ..enrichment.errors import ArticleError
from ..enrichment.speaker_choice import FEATURES
from ..settings import Settings
from .polnear import PolnearArticle, load_split
from .polnear_gold import PRONOUNS, gold_quotes
from .polnear_report import SPEECH, PredictedQuote, match, same_named_speaker, source_map

L2 = 1.0
THRESHOLD = 0.5


@dataclass
class QuoteCandidates:
    article: str
    quote: str  # the quote's text, for reading errors
    names: list[str]  # candidates' canonical names
    rows: list[list[float]]  # their features, in FEATURES order
    right: list[bool]  # is each the annotated speaker
    named: bool = True  # False: the annotated source is an organisation, a group or a description


def collect(enricher: Enricher, articles: list[PolnearArticle], max_body_chars: int) -> list[QuoteCandidates]:
    """The candidates of every matched quote with a named source, labelled from the annotation."""
    collected: list[QuoteCandidates] = []
    chooser = enricher.quotes.chooser
    for article in articles:
        seen: dict[int, tuple[list[str], list[list[float]]]] = {}
        chooser.observer = lambda number, people, rows: seen.__setitem__(
            number, ([p.canonical for p in people], [[r[name] for name in FEATURES] for r in rows])
        )
        try:
            [(_, record)] = enrich_messages(enricher, [(article.name, article.message())], max_body_chars)
        finally:
            chooser.observer = None
        if isinstance(record, ArticleError):
            continue
        source = source_map(article, record)
        speech, numbers = [], []
        for number, quote in enumerate(record["quotes"]):
            span = source.span(quote["field"], quote["start"], quote["end"])
            if span is not None and quote["type"] in SPEECH:
                speech.append(PredictedQuote(span[0], span[1], quote["type"], quote.get("speaker")))
                numbers.append(number)
        gold = gold_quotes(article)
        for g, p in match(gold, speech):
            if numbers[p] not in seen or not seen[numbers[p]][0]:
                continue
            names, rows = seen[numbers[p]]
            text = record["quotes"][numbers[p]]["text"]
            if gold[g].speaker is not None:
                right = [same_named_speaker(gold[g].speaker, n) for n in names]
                collected.append(QuoteCandidates(article.name, text, names, rows, right))
            elif not _is_pronoun(gold[g].source_text):  # "he" is somebody: PolNeAR does not say who
                collected.append(QuoteCandidates(article.name, text, names, rows, [False] * len(names), named=False))
    return collected


def _is_pronoun(source_text: str) -> bool:
    words = source_text.lower().split()
    return not words or words[0] in PRONOUNS


def fit(quotes: list[QuoteCandidates], l2: float = L2, steps: int = 50) -> list[float]:
    """Logistic regression weights (bias unpenalised) by Newton's method, on quotes with named sources."""
    quotes = [q for q in quotes if q.named]
    x = np.array([row for q in quotes for row in q.rows], dtype=float)
    y = np.array([float(r) for q in quotes for r in q.right])
    weights = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[FEATURES.index("bias")] = 0.0
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


def cross_validated(quotes: list[QuoteCandidates], folds: int = 5) -> float:
    """Accuracy on held-out articles, fold by fold: what the fit is worth on unseen copy."""
    articles = sorted({q.article for q in quotes})
    right = total = 0
    for fold in range(folds):
        held = set(articles[fold::folds])
        weights = fit([q for q in quotes if q.article not in held])
        test = [q for q in quotes if q.article in held]
        right += accuracy(test, weights) * len(test)
        total += len(test)
    return right / max(1, total)


def default_output() -> Path:
    return Path(str(resources.files(speaker_choice.__package__).joinpath("data", speaker_choice.MODEL_FILE)))


def run_fit_speakers(settings: Settings, root: str, output: Path | None) -> int:
    started = time.perf_counter()
    enricher = Enricher(settings.spacy_model, settings.diplomacy_threshold)
    rules_only = {"features": list(FEATURES), "weights": rules_only_weights(), "threshold": THRESHOLD}
    enricher.quotes.chooser = speaker_choice.SpeakerChooser(rules_only)  # the fit must not see its own past choices
    quotes = collect(enricher, load_split(root, "train"), settings.max_body_chars)
    if not quotes:
        print(f"no matched quotes with named sources under {root}/data/train", file=sys.stderr)
        return 2
    weights = fit(quotes)
    held_out = cross_validated(quotes)
    model = {
        "about": "Speaker chooser weights: logistic regression over candidate features, fitted by "
                 "`newsstreams fit-speakers` on PolNeAR train.",
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
    path = output or default_output()
    path.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    for name, weight in sorted(zip(FEATURES, weights), key=lambda item: -abs(item[1])):
        print(f"{name:32s} {weight:+.3f}")
    print(json.dumps(model["train_accuracy"]))
    print(json.dumps(model["person_given_where_source_is_no_name"]))
    print(f"wrote {path} from {model['fitted_on']['quotes']} quotes with named sources in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    return 0


def rules_only_weights() -> list[float]:
    """The chooser that only ever repeats the rules' pick."""
    weights = [0.0] * len(FEATURES)
    weights[FEATURES.index("bias")] = -3.0
    weights[FEATURES.index("rule_pick")] = 6.0
    return weights
