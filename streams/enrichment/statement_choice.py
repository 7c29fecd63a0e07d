"""Is a cue-and-content candidate a statement the article attributes, or a cue word at work elsewhere?

The cue table proposes every form that is sometimes a cue ("said", "called", "support");
whether this occurrence reports somebody's words or position ("she called the plan a
betrayal") or not ("the plan called for two bridges") is weighed here from the cue's
form, the path to its content, its grammar and its source, by a logistic model fitted on
PolNeAR train (`newsstreams fit-models --only statements`). The weights ship in
data/statement_choice.json.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Token

from .fitted import LogisticModel

MODEL_FILE = "statement_choice.json"
MODALS = frozenset("would could might may will can should must".split())

FEATURES = (
    "bias",
    "form_precision",
    "form_count_log",
    "path_share",
    "first_path",
    "path_clause",
    "path_object",
    "path_infinitive",
    "path_preposition",
    "path_around_cue",
    "path_subject",
    "cue_verb",
    "cue_noun",
    "cue_participle",
    "cue_past_participle",
    "cue_root",
    "cue_negated",
    "cue_after_modal",
    "content_words_log",
    "content_long",
    "holds_quote",
    "source_person",
    "source_pronoun",
    "source_not_person",
    "no_source",
    "inside_other_content",
    "in_headline",
    "in_question",
)


@dataclass(frozen=True)
class StatementEvidence:
    cue: Token
    path: str
    path_rank: int  # 0: the form's most frequent path
    path_share: float
    form_precision: float
    form_count: int
    content_words: int
    holds_quote: bool
    source_kind: str | None
    source_is_pronoun: bool
    in_headline: bool
    inside_other_content: bool = False


def features(evidence: StatementEvidence) -> dict[str, float]:
    cue, path = evidence.cue, evidence.path
    kind = path.split(":", 1)[0]
    return {
        "bias": 1.0,
        "form_precision": evidence.form_precision,
        "form_count_log": math.log1p(evidence.form_count) / 8.0,
        "path_share": evidence.path_share,
        "first_path": float(evidence.path_rank == 0),
        "path_clause": float(path in ("child:ccomp", "child:parataxis")),
        "path_object": float(path in ("child:dobj", "child:oprd", "child:attr", "child:dative")),
        "path_infinitive": float(path == "child:xcomp"),
        "path_preposition": float(kind == "prep"),
        "path_around_cue": float(kind in ("head", "head2")),
        "path_subject": float(path in ("child:nsubj", "child:nsubjpass")),
        "cue_verb": float(cue.pos_ in ("VERB", "AUX")),
        "cue_noun": float(cue.pos_ in ("NOUN", "PROPN")),
        "cue_participle": float(cue.tag_ == "VBG"),
        "cue_past_participle": float(cue.tag_ == "VBN"),
        "cue_root": float(cue.dep_ == "ROOT"),
        "cue_negated": float(any(c.dep_ == "neg" for c in cue.children)),
        "cue_after_modal": float(any(c.dep_ == "aux" and c.lower_ in MODALS for c in cue.children)),
        "content_words_log": math.log1p(evidence.content_words) / 4.0,
        "content_long": float(evidence.content_words > 40),
        "holds_quote": float(evidence.holds_quote),
        "source_person": float(evidence.source_kind == "person" and not evidence.source_is_pronoun),
        "source_pronoun": float(evidence.source_is_pronoun),
        "source_not_person": float(evidence.source_kind in ("organisation", "country", "anonymous")),
        "no_source": float(evidence.source_kind is None),
        "inside_other_content": float(evidence.inside_other_content),
        "in_headline": float(evidence.in_headline),
        "in_question": float(cue.sent.text.rstrip().endswith("?")),
    }


class StatementModel(LogisticModel):
    def __init__(self, model: dict[str, Any] | None = None) -> None:
        super().__init__(MODEL_FILE, FEATURES, model)
        # the fit command sets this to see every candidate's features, in the order proposed
        self.observer: Callable[[int, dict[str, float]], None] | None = None

    def keep(self, evidence: StatementEvidence, number: int) -> bool:
        row = features(evidence)
        if self.observer is not None:
            self.observer(number, row)
        return self.probability(row) >= self.threshold


def untrained_model() -> dict[str, Any]:
    """Keeps every candidate: where fit-models starts, so it sees them all."""
    weights = [0.0] * len(FEATURES)
    weights[FEATURES.index("bias")] = 5.0
    return {"features": list(FEATURES), "weights": weights, "threshold": 0.5}
