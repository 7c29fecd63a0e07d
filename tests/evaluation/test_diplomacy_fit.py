"""The diplomacy fit: held-out threshold folded into the bias, so 0.5 means the chosen threshold."""

import math
import random

from streams.enrichment import diplomacy
from streams.evaluation import diplomacy_fit
from streams.evaluation.diplomacy_fit import Example


def examples(n=200, seed=3):
    rng = random.Random(seed)
    out = []
    for i in range(n):
        is_diplomacy = i % 4 == 0
        row = [1.0] + [0.0] * (len(diplomacy.FEATURES) - 1)
        row[diplomacy.FEATURES.index("relations_terms_lead")] = rng.gauss(2.0 if is_diplomacy else 0.5, 0.7)
        row[diplomacy.FEATURES.index("domestic_politics_lead")] = rng.gauss(0.3 if is_diplomacy else 1.2, 0.5)
        out.append(Example("synthetic", f"a{i}", row, is_diplomacy))
    return out


def test_fitted_weights_read_the_evidence_the_right_way_round():
    model = diplomacy_fit.fitted_model(examples(), {"weights": [0.0] * len(diplomacy.FEATURES)})
    weights = dict(zip(model["features"], model["weights"]))
    assert weights["relations_terms_lead"] > 0 > weights["domestic_politics_lead"]
    assert model["fitted_on"]["synthetic"]["held_out_f1"] > 0.8


def test_the_chosen_threshold_becomes_half():
    data = examples()
    model = diplomacy_fit.fitted_model(data, {"weights": [0.0] * len(diplomacy.FEATURES)})
    raw = diplomacy_fit.fit(data)
    t = model["chosen_threshold"]
    for example in data:
        before = diplomacy_fit.probabilities([example], raw)[0]
        after = diplomacy_fit.probabilities([example], model["weights"])[0]
        if abs(before - t) > 1e-3:  # rounding of the stored weights aside
            assert (before >= t) == (after >= 0.5)
    assert model["threshold"] == 0.5 and 0.1 <= t <= 0.9 and not math.isnan(model["weights"][0])


def test_the_shipped_model_matches_the_features():
    scorer_features = diplomacy.FEATURES
    from streams.enrichment import data

    assert data.load(diplomacy.MODEL_FILE)["features"] == list(scorer_features)
