"""Unit tests for the evaluation's scoring rules, on tiny hand-made labels."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from streams.evaluation import report
from streams.evaluation.gold import GoldError, LabelledSet, load_labelled_set
from streams.evaluation.labels import ArticleLabels, QuoteLabel, labels_from_record
from streams.evaluation.scoring import (
    PRF,
    match_quotes,
    normalize_name,
    normalize_quote_text,
    same_speaker,
    same_speaker_or_surname,
    score_articles,
    score_diplomacy,
    score_quote_types,
    score_sets,
    score_speech_quotes,
    score_terms,
    set_differences,
    texts_match,
)


def direct(text, speaker=None):
    return QuoteLabel(text, "direct", speaker)


def partial(text, speaker=None):
    return QuoteLabel(text, "partial", speaker)


def term(text):
    return QuoteLabel(text, "term", None)


def article(file="a.txt", **fields):
    return ArticleLabels(file=file, **fields)


# ---------------------------------------------------------------- normalizing and matching

def test_quote_text_normalization_strips_edges_and_collapses_space():
    assert normalize_quote_text("  \u201cWe Will  ACT\nnow,\u201d ") == "we will act now"
    assert normalize_quote_text("'Routine training flight.'") == "routine training flight"
    assert normalize_quote_text("it's fine") == "it's fine"  # inner apostrophes stay


def test_containment_counts_only_when_the_shorter_is_at_least_80_percent():
    assert texts_match("we expect it within days, not weeks", "we expect it within days, not weeks, said")
    assert not texts_match("within days", "we expect it within days, not weeks")
    assert not texts_match("", "")


def test_matching_is_one_to_one():
    gold = [direct("We are ready.")]
    predicted = [direct("We are ready."), direct("we are ready")]
    assert match_quotes(gold, predicted) == [(0, 0)]


def test_matching_takes_exact_pairs_before_containment():
    # In article order the first gold quote would grab the prediction by containment
    # and leave the second, exact, gold quote unmatched.
    nine_words = "one two three four five six seven eight nine"
    gold = [direct(nine_words), direct(nine_words + " ten")]
    predicted = [direct(nine_words + " ten")]
    assert match_quotes(gold, predicted) == [(1, 0)]


# ---------------------------------------------------------------- speech quotes

def test_a_missed_quote_lowers_recall_to_an_exact_value():
    gold = article(quotes=(direct("A b c."), direct("D e f."), partial("g h i"), direct("J k l.")))
    predicted = article(quotes=(direct("A b c."), direct("D e f."), partial("g h i")))
    detection = score_speech_quotes([(gold, predicted)]).detection
    assert detection.recall == 0.75
    assert detection.precision == 1.0
    assert detection.f1 == pytest.approx(6 / 7)


def test_spurious_quotes_lower_precision_and_are_listed():
    gold = article(quotes=(direct("A b c."),))
    predicted = article(quotes=(direct("A b c."), direct("Nobody said this.")))
    scores = score_speech_quotes([(gold, predicted)])
    assert scores.detection.precision == 0.5
    assert [(f.kind, f.text) for f in scores.findings] == [("spurious", "Nobody said this.")]


def test_terms_are_left_out_of_speech_detection():
    gold = article(quotes=(direct("A b c."), term("special military operation")))
    predicted = article(quotes=(direct("A b c."), term("peace process")))
    detection = score_speech_quotes([(gold, predicted)]).detection
    assert (detection.true_positives, detection.predicted, detection.expected) == (1, 1, 1)


def test_speaker_accuracy_is_strict_about_names():
    gold = article(quotes=(
        direct("one", "Vladimir Putin"),
        direct("two", "Marta Zielińska"),
        direct("three", None),
        direct("four", None),
    ))
    predicted = article(quotes=(
        direct("one", "Putin"),            # a surname alone is wrong
        direct("two", "marta zielinska"),  # case and accents do not matter
        direct("three", None),             # both unattributed is right
        direct("four", "Dmitry Peskov"),   # attributing an unattributed quote is wrong
    ))
    speaker = score_speech_quotes([(gold, predicted)]).speaker
    assert (speaker.correct, speaker.total) == (2, 4)
    assert speaker.value == 0.5


def test_speaker_accuracy_counts_only_matched_quotes():
    gold = article(quotes=(direct("said here", "A Person"), direct("never found", "B Person")))
    predicted = article(quotes=(direct("said here", "A Person"),))
    speaker = score_speech_quotes([(gold, predicted)]).speaker
    assert (speaker.correct, speaker.total) == (1, 1)


def test_surname_rule_for_the_baseline():
    assert same_speaker_or_surname("Vladimir Putin", "Putin")
    assert same_speaker_or_surname("Vladimir Putin", "vladimir putin")
    assert not same_speaker_or_surname("Vladimir Putin", "he")
    assert not same_speaker_or_surname("Vladimir Putin", None)
    assert same_speaker_or_surname(None, None)
    assert not same_speaker("Vladimir Putin", "Putin")


def test_quote_type_accuracy_includes_terms():
    gold = article(quotes=(direct("A b c."), term("frank exchange"), partial("a gift")))
    predicted = article(quotes=(direct("A b c."), partial("frank exchange"), partial("a gift")))
    accuracy, findings = score_quote_types([(gold, predicted)])
    assert (accuracy.correct, accuracy.total) == (2, 3)
    assert [(f.expected, f.got) for f in findings] == [("term", "partial")]


def test_term_detection():
    gold = article(quotes=(term("Ankara framework"), term("red line"), direct("x y z")))
    predicted = article(quotes=(term("ankara framework"),))
    terms = score_terms([(gold, predicted)])
    assert (terms.precision, terms.recall) == (1.0, 0.5)


# ---------------------------------------------------------------- routing and sets

def test_diplomacy_precision_recall_and_error_lists():
    pairs = [
        (article("tp.txt", is_diplomacy=True), article("tp.txt", is_diplomacy=True)),
        (article("fn.txt", is_diplomacy=True), article("fn.txt", is_diplomacy=False)),
        (article("fp.txt", is_diplomacy=False), article("fp.txt", is_diplomacy=True)),
        (article("tn.txt", is_diplomacy=False), article("tn.txt", is_diplomacy=False)),
        (article("tp2.txt", is_diplomacy=True), article("tp2.txt", is_diplomacy=True)),
    ]
    scores = score_diplomacy(pairs)
    assert scores.routing.precision == pytest.approx(2 / 3)
    assert scores.routing.recall == pytest.approx(2 / 3)
    assert scores.false_positives == ["fp.txt"]
    assert scores.false_negatives == ["fn.txt"]


def test_countries_are_micro_averaged_over_article_code_pairs():
    pairs = [
        (article("a", countries=("RU", "US")), article("a", countries=("RU", "US", "UA"))),
        (article("b", countries=("PL",)), article("b", countries=())),
    ]
    countries = score_sets(pairs, lambda labels: labels.countries)
    assert (countries.true_positives, countries.predicted, countries.expected) == (2, 3, 3)
    assert countries.f1 == pytest.approx(2 / 3)


def test_people_compare_normalized_names_and_list_differences():
    gold = article("a", people=("Marta Zielińska", "Tomasz Wilk"))
    pairs = [(gold, article("a", people=("marta zielinska", "Fado")))]
    people = score_sets(pairs, lambda labels: labels.people, normalize_name)
    assert (people.precision, people.recall) == (0.5, 0.5)
    assert set_differences(pairs, lambda labels: labels.people, normalize_name) == [("a", ["Tomasz Wilk"], ["Fado"])]


def test_nothing_to_measure_is_none_not_zero():
    assert PRF(0, 0, 0).precision is None
    assert PRF(0, 0, 0).f1 is None
    assert PRF(0, 0, 3).precision is None
    assert PRF(0, 0, 3).recall == 0.0
    assert PRF(0, 0, 3).f1 == 0.0


def test_scores_over_two_folders_are_the_scores_over_all_their_articles():
    dev = [(article("a", quotes=(direct("x y z"),)), article("a", quotes=(direct("x y z"),)))]
    test = [(article("b", quotes=(direct("p q r"), direct("s t u"))), article("b"))]
    overall = score_articles(dev + test)
    assert overall.quotes.detection.recall == pytest.approx(1 / 3)
    assert overall.articles == 2


# ---------------------------------------------------------------- labels from records and folders

def test_labels_from_an_enriched_record():
    record = {
        "diplomacy": {"is_diplomacy": True},
        "countries": ["PL"],
        "people": ["Tomasz Wilk"],
        "quotes": [{"text": "unacceptable", "type": "partial", "speaker": "Tomasz Wilk", "cue": "said"}],
    }
    labels = labels_from_record("d.txt", record)
    assert labels == article("d.txt", is_diplomacy=True, countries=("PL",), people=("Tomasz Wilk",),
                             quotes=(partial("unacceptable", "Tomasz Wilk"),))


def _write_folder(folder, files, gold_lines):
    folder.mkdir()
    for name, content in files.items():
        (folder / name).write_text(content, encoding="utf-8")
    (folder / "gold.jsonl").write_text("\n".join(json.dumps(line) for line in gold_lines) + "\n", encoding="utf-8")


GOLD_LINE = {"file": "a.txt", "is_diplomacy": False, "countries": [], "people": [], "quotes": []}


def test_a_labelled_folder_loads_gold_and_message_bytes(tmp_path):
    _write_folder(tmp_path / "dev", {"a.txt": "Headline\nBody text here."}, [GOLD_LINE])
    labelled = load_labelled_set(tmp_path / "dev")
    assert labelled.name == "dev"
    assert labelled.articles[0].message == b"Headline\nBody text here."


def test_an_unlabelled_article_file_is_an_error(tmp_path):
    _write_folder(tmp_path / "dev", {"a.txt": "x", "b.json": "{}"}, [GOLD_LINE])
    with pytest.raises(GoldError, match="b.json"):
        load_labelled_set(tmp_path / "dev")


def test_a_bad_quote_type_is_an_error(tmp_path):
    line = {**GOLD_LINE, "quotes": [{"text": "x", "type": "indirect", "speaker": None}]}
    _write_folder(tmp_path / "dev", {"a.txt": "x"}, [line])
    with pytest.raises(GoldError, match="gold.jsonl:1"):
        load_labelled_set(tmp_path / "dev")


# ---------------------------------------------------------------- README

def test_readme_table_goes_between_the_markers(tmp_path):
    (tmp_path / "README.md").write_text("intro\n<!-- evaluation:start -->\nold\n<!-- evaluation:end -->\nrest\n")
    assert report.replace_readme_table("| new |", tmp_path / "README.md") == 0
    expected = "intro\n<!-- evaluation:start -->\n| new |\n<!-- evaluation:end -->\nrest\n"
    assert (tmp_path / "README.md").read_text() == expected


def test_readme_without_markers_is_an_error(tmp_path, capsys):
    (tmp_path / "README.md").write_text("no markers\n")
    assert report.replace_readme_table("| new |", tmp_path / "README.md") == 1
    assert "evaluation:start" in capsys.readouterr().err
    assert (tmp_path / "README.md").read_text() == "no markers\n"


# ---------------------------------------------------------------- table

def _folder_result(name, pairs):
    return report.FolderResult(LabelledSet(name, Path(name), []), pairs, [], score_articles(pairs))


def test_table_without_textacy_says_why():
    pairs = [(article(quotes=(direct("x y z", "A B"),)), article(quotes=(direct("x y z", "A B"),)))]
    table = report.render_table([_folder_result("dev", pairs)], None, None, "n/a (textacy not installed)", "m")
    quote_row = next(line for line in table.splitlines() if line.startswith("| Quote detection"))
    assert quote_row.endswith("| 1.00 / 1.00 / 1.00 | n/a (textacy not installed) |")
    assert "| Metric | dev | textacy |" in table
