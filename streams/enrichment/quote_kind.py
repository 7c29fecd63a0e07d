"""Is a passage in quotation marks somebody's words, or a term the reporter quotes?

"the minister called the plan "a betrayal of farmers"" is speech, though short;
"the so-called "strategic framework"" and "the "Blue Line" project" are terms. A
naming word or title case makes a term by rule (quotes does that before asking here).
For the rest, the rules' verdict (a short passage attributed to nobody is a term) is
weighed with the other evidence by a logistic model fitted on PolNeAR train
(`newsstreams fit-models`), where every attributed passage is speech and every other
one is not. Where a passage sits (headline or body) is left out on purpose: PolNeAR
leaves headlines unannotated, and learning that would be learning the corpus.
The weights ship in data/quote_kind.json.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .fitted import LogisticModel

MODEL_FILE = "quote_kind.json"
FIRST_PERSON = re.compile(r"\b(?:I|I'm|I\u2019m|I've|I\u2019ve|we|We|my|My|our|Our|me|us)\b")

FEATURES = (
    "bias",
    "rules_say_term",
    "embedded",
    "attribution_found",
    "attribution_is_person",
    "one_word",
    "two_to_four_words",
    "words_log",
    "ends_like_a_sentence",
    "starts_with_capital",
    "first_person",
    "cue_in_sentence",
)


@dataclass(frozen=True)
class KindEvidence:
    text: str
    rules_say_term: bool  # short and attributed to nobody
    embedded: bool
    attribution_found: bool
    attribution_is_person: bool
    cue_in_sentence: bool


def features(evidence: KindEvidence) -> dict[str, float]:
    words = evidence.text.split()
    stripped = evidence.text.rstrip()
    return {
        "bias": 1.0,
        "rules_say_term": float(evidence.rules_say_term),
        "embedded": float(evidence.embedded),
        "attribution_found": float(evidence.attribution_found),
        "attribution_is_person": float(evidence.attribution_is_person),
        "one_word": float(len(words) <= 1),
        "two_to_four_words": float(2 <= len(words) <= 4),
        "words_log": math.log1p(len(words)) / 4.0,
        "ends_like_a_sentence": float(stripped.endswith((".", "?", "!", ",", "\u2026"))),
        "starts_with_capital": float(stripped[:1].isupper()),
        "first_person": float(bool(FIRST_PERSON.search(evidence.text))),
        "cue_in_sentence": float(evidence.cue_in_sentence),
    }


class QuoteKindModel(LogisticModel):
    def __init__(self, model: dict[str, Any] | None = None) -> None:
        super().__init__(MODEL_FILE, FEATURES, model)
        # the fit command sets this to see every quote's features
        self.observer: Callable[[int, dict[str, float]], None] | None = None

    def is_speech(self, evidence: KindEvidence, quote_number: int) -> bool:
        row = features(evidence)
        if self.observer is not None:
            self.observer(quote_number, row)
        return self.probability(row) >= self.threshold


def rules_only_weights() -> list[float]:
    """The model that only repeats the rules' verdict."""
    weights = [0.0] * len(FEATURES)
    weights[FEATURES.index("bias")] = 3.0
    weights[FEATURES.index("rules_say_term")] = -6.0
    return weights


def untrained_model() -> dict[str, Any]:
    """The rules-only model as a model file: where fit-models starts when the shipped
    weights were fitted on other features."""
    return {"features": list(FEATURES), "weights": rules_only_weights(), "threshold": 0.5}
