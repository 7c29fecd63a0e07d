"""A logistic model whose weights ship as a data file, named feature by feature.

The file lists the features it was fitted on; a file fitted on other features is refused
with the command that refits it, instead of scoring with weights that mean something else.
"""

from __future__ import annotations

import math
from typing import Any

from . import data

REFIT = "newsstreams fit-models --polnear PATH"


class LogisticModel:
    def __init__(self, file_name: str, features: tuple[str, ...], model: dict[str, Any] | None = None):
        model = model if model is not None else data.load(file_name)
        if list(model["features"]) != list(features):
            raise ValueError(f"{file_name} was fitted on other features: refit with `{REFIT}`")
        self.features = features
        self.weights = [float(w) for w in model["weights"]]
        self.threshold = float(model["threshold"])

    def probability(self, row: dict[str, float]) -> float:
        z = sum(w * row[name] for w, name in zip(self.weights, self.features))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def fitted_on(file_name: str, features: tuple[str, ...]) -> bool:
    """Were the shipped weights in data/<file_name> fitted on these features?"""
    return list(data.load(file_name)["features"]) == list(features)
