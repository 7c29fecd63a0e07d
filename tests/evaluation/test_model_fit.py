"""Fitting the quote models: the fit learns what separates right candidates, and the command
reads PolNeAR's layout (a tiny corpus written here) and writes weights both models load."""

import json

import pytest

from streams.enrichment.quote_kind import QuoteKindModel
from streams.enrichment.speaker_choice import FEATURES, SpeakerChooser, rules_only_weights
from streams.evaluation.model_fit import QuoteCandidates, accuracy, fit, run_fit_models
from streams.settings import Settings


def _row(**on):
    return [1.0 if name == "bias" else float(on.get(name, 0.0)) for name in FEATURES]


def test_the_fit_learns_the_feature_that_marks_the_speaker():
    quotes = [
        QuoteCandidates(f"a{i}", "q", ["A", "B"], [_row(subject_of_root=1), _row(rule_pick=1)], [True, False])
        for i in range(30)
    ] + [
        QuoteCandidates(f"b{i}", "q", ["A", "B"], [_row(subject_of_root=1, rule_pick=1), _row()], [True, False])
        for i in range(30)
    ]
    weights = fit(quotes)
    assert weights[FEATURES.index("subject_of_root")] > 0 > weights[FEATURES.index("bias")]
    assert accuracy(quotes, weights) == 1.0
    assert accuracy(quotes[:30], rules_only_weights()) == 0.0  # where the rules pick B, only the fit is right


TEXT = (
    "Mayor wins the vote\n"
    "Dana Ortiz, the mayor, spoke to supporters at city hall on Monday night.\n"
    "Ortiz thanked the volunteers: \u201cWe did it together, street by street, and this city will not forget it.\u201d\n"
)


def _corpus(tmp_path):
    split = tmp_path / "data" / "train"
    (split / "text").mkdir(parents=True)
    (split / "attributions").mkdir()
    content = TEXT.index("\u201cWe")
    source = TEXT.index("Ortiz thanked")
    for n in range(2):
        (split / "text" / f"a{n}.txt").write_text(TEXT, encoding="utf-8")
        (split / "attributions" / f"a{n}_x.ann").write_text(
            f"T1\tSource {source} {source + 5}\tOrtiz\n"
            f"T2\tContent {content} {len(TEXT) - 1}\tquote\n"
            "E1\tAttribution:T2 Content:T2 Source:T1\n",
            encoding="utf-8",
        )
    return tmp_path


def test_the_command_writes_weights_the_chooser_loads(tmp_path, capsys):
    output = tmp_path / "weights" / "not-yet-there"  # the command makes the folder it is told to write to
    assert run_fit_models(Settings(), str(_corpus(tmp_path)), output) == 0
    speakers = json.loads((output / "speaker_choice.json").read_text())
    assert speakers["features"] == list(FEATURES) and speakers["fitted_on"]["quotes"] == 2
    SpeakerChooser(speakers)  # loads
    kinds = json.loads((output / "quote_kind.json").read_text())
    assert kinds["fitted_on"] == {"passages": 2, "speech": 2}
    QuoteKindModel(kinds)
    assert "rules_only" in capsys.readouterr().out


STALE = {"features": ["bias", "a_feature_since_removed"], "weights": [0.0, 1.0], "threshold": 0.5}
MODEL_FILES = ("speaker_choice.json", "quote_kind.json", "diplomacy_model.json")


def _shipped_weights_fitted_on_other_features(monkeypatch):
    from streams.enrichment import data

    real = data.load
    monkeypatch.setattr(data, "load", lambda name: STALE if name in MODEL_FILES else real(name))


def test_an_enricher_for_fitting_starts_when_the_shipped_weights_fit_other_features(monkeypatch, enricher):
    from streams.enrichment import diplomacy, quote_kind, speaker_choice
    from streams.enrichment.enricher import Enricher

    _shipped_weights_fitted_on_other_features(monkeypatch)
    with pytest.raises(ValueError, match="fit-models"):
        Enricher(nlp=enricher.nlp)  # at run time, such weights are still refused
    fitting = Enricher(nlp=enricher.nlp, for_fitting=True)
    assert fitting.quotes.chooser.weights == speaker_choice.rules_only_weights()
    assert fitting.quotes.kinds.weights == quote_kind.rules_only_weights()
    assert fitting.diplomacy.model.features == diplomacy.FEATURES


def test_the_command_refits_after_the_features_changed(tmp_path, monkeypatch):
    from streams.enrichment import diplomacy

    _shipped_weights_fitted_on_other_features(monkeypatch)
    output = tmp_path / "weights"
    output.mkdir()
    assert run_fit_models(Settings(), str(_corpus(tmp_path)), output) == 0
    assert json.loads((output / "speaker_choice.json").read_text())["features"] == list(FEATURES)
    refitted = json.loads((output / diplomacy.MODEL_FILE).read_text())
    assert refitted["features"] == list(diplomacy.FEATURES)
    assert all(figures["before_f1"] is None for figures in refitted["fitted_on"].values())  # no "before" to compare
