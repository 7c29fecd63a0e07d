"""Fitting the speaker chooser: the fit learns what separates right candidates, and the command
reads PolNeAR's layout (a tiny corpus written here) and writes weights the chooser loads."""

import json

from streams.enrichment.speaker_choice import FEATURES, SpeakerChooser
from streams.evaluation.speaker_fit import QuoteCandidates, rules_only_weights, accuracy, fit, run_fit_speakers
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
    output = tmp_path / "speaker_choice.json"
    assert run_fit_speakers(Settings(), str(_corpus(tmp_path)), output) == 0
    model = json.loads(output.read_text())
    assert model["features"] == list(FEATURES) and model["fitted_on"]["quotes"] == 2
    SpeakerChooser(model)  # loads
    assert "rules_only" in capsys.readouterr().out
