"""Fitting the statement cues: paths read off a parse, the cue file's shape, the threshold choice."""

from collections import Counter, defaultdict

from streams.evaluation.statement_fit import CueCounts, best_threshold, path_between, table_from


def _parse(enricher, text):
    return enricher.nlp(text)


def test_paths_from_cue_to_content(enricher):
    doc = _parse(enricher, "The minister said the talks would resume, according to officials.")
    said = next(t for t in doc if t.text == "said")
    resume = next(t for t in doc if t.text == "resume")
    assert path_between(said, resume) == "child:ccomp"
    according = next(t for t in doc if t.text == "according")
    assert path_between(according, according.head).startswith("head:")


def test_a_preposition_path(enricher):
    doc = _parse(enricher, "She spoke about the economy for an hour.")
    spoke = next(t for t in doc if t.text == "spoke")
    economy = next(t for t in doc if t.text == "economy")
    assert path_between(spoke, economy) == "prep:about:pobj"


def test_the_cue_file_keeps_frequent_forms_and_paths():
    counts = CueCounts(Counter({"said/VERB": 100, "plan/NOUN": 50, "rare/VERB": 9}),
                       Counter({"said/VERB": 90, "plan/NOUN": 5, "rare/VERB": 4}), defaultdict(Counter))
    counts.paths["said/VERB"].update({"child:ccomp": 80, "head:parataxis": 6, "child:dobj": 1, "other": 3})
    counts.paths["plan/NOUN"].update({"child:acl": 5})
    table = table_from(counts, 0.2)
    assert table["min_precision"] == 0.2
    assert table["cues"]["said/VERB"] == {"precision": 0.9, "count": 90, "paths": ["child:ccomp", "head:parataxis"],
                                         "shares": [0.889, 0.067]}
    assert table["cues"]["plan/NOUN"]["precision"] == 0.1  # kept in the file; the floor is applied when loading
    assert "rare/VERB" not in table["cues"]  # seen as a cue fewer than five times


def test_the_threshold_with_the_best_f1():
    probabilities = [0.9, 0.8, 0.6, 0.35, 0.3]
    labels = [True, True, False, True, False]
    threshold, f1 = best_threshold(probabilities, labels, gold=4)
    assert threshold == 0.35 and round(f1, 3) == round(2 * 3 / (4 + 4), 3)
