"""Statement labels and scoring: parsing, the token-overlap matching rule, accuracies, the table,
and the hand labels themselves (every labelled text must occur verbatim in its article)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from streams.evaluation import report
from streams.evaluation.gold import LabelledArticle, LabelledSet, load_labelled_set
from streams.evaluation.labels import (
    ArticleLabels,
    GoldLineError,
    StatementLabel,
    labels_from_gold_line,
    labels_from_record,
)
from streams.evaluation.scoring import match_statements, score_articles, score_statements, shared_token_share

DATA = Path(__file__).resolve().parents[2] / "eval" / "data"
OWN_SETS = ("test", "dev", "dev2")
BASE_LINE = {"file": "a.txt", "is_diplomacy": False, "countries": [], "people": [], "quotes": []}


def stated(text, speaker=None, kind="anonymous", cue="said"):
    return StatementLabel(text, speaker, kind, cue)


def labelled(*statements, file="a.txt"):
    return ArticleLabels(file=file, statements=statements, statements_labelled=True)


def predicted(*statements, file="a.txt"):
    return ArticleLabels(file=file, statements=statements)


# ---------------------------------------------------------------- parsing

def test_an_old_gold_line_without_statements_is_marked_unlabelled():
    labels = labels_from_gold_line(BASE_LINE)
    assert labels.statements == ()
    assert labels.statements_labelled is False


def test_an_empty_statements_list_means_labelled_with_none():
    labels = labels_from_gold_line({**BASE_LINE, "statements": []})
    assert labels.statements == ()
    assert labels.statements_labelled is True


def test_gold_statements_are_parsed():
    item = {"text": "that talks would resume", "speaker": "Jane Roe", "speaker_kind": "person", "cue": "said"}
    labels = labels_from_gold_line({**BASE_LINE, "statements": [item]})
    assert labels.statements == (stated("that talks would resume", "Jane Roe", "person", "said"),)


@pytest.mark.parametrize("item", [
    {"text": "x", "speaker": None, "speaker_kind": "crowd", "cue": "said"},  # unknown kind
    {"text": "x", "speaker": None, "speaker_kind": "anonymous"},             # no cue
])
def test_a_malformed_gold_statement_is_an_error(item):
    with pytest.raises(GoldLineError):
        labels_from_gold_line({**BASE_LINE, "statements": [item]})


def test_statements_are_read_from_a_record_and_default_to_none():
    record = {"diplomacy": {"is_diplomacy": False}, "statements": [
        {"text": "that x", "field": "body", "start": 0, "end": 6, "speaker": "A B", "speaker_text": "A B",
         "speaker_kind": "person", "cue": "warned", "quotes": []},
    ]}
    assert labels_from_record("a.txt", record).statements == (stated("that x", "A B", "person", "warned"),)
    assert labels_from_record("a.txt", {"diplomacy": {"is_diplomacy": False}}).statements == ()


# ---------------------------------------------------------------- matching rule

def test_half_of_the_longer_statements_tokens_is_enough():
    assert shared_token_share("a b c d", "a b x y") == 0.5
    assert match_statements([stated("a b c d")], [stated("a b x y")]) == [(0, 0)]


def test_just_under_half_is_not_a_match():
    assert shared_token_share("a b c d", "a b x y z") == pytest.approx(0.4)
    assert match_statements([stated("a b c d")], [stated("a b x y z")]) == []
    # The longer text decides, whichever side it is on.
    assert match_statements([stated("a b c d e")], [stated("a b")]) == []


def test_tokens_are_lowercased_words_counted_as_a_multiset():
    assert shared_token_share('That "Talks" resume.', "that talks resume") == 1.0
    assert shared_token_share("the the the", "the") == pytest.approx(1 / 3)


def test_matching_is_one_to_one():
    gold = [stated("the talks will resume")]
    assert match_statements(gold, [stated("the talks will resume"), stated("talks will resume")]) == [(0, 0)]


def test_matching_takes_the_best_pair_first():
    # In article order gold 0 would take the prediction (4 of 6 shared) and leave gold 1, its exact twin.
    gold = [stated("a b c d"), stated("a b c d e f")]
    assert match_statements(gold, [stated("a b c d e f")]) == [(1, 0)]


# ---------------------------------------------------------------- scores

def test_detection_counts_missed_and_spurious_statements():
    gold = labelled(stated("the talks will resume next week"), stated("nobody was hurt in the blast"))
    got = predicted(stated("that the talks will resume next week"), stated("the weather was fine"))
    detection = score_statements([(gold, got)]).detection
    assert (detection.true_positives, detection.predicted, detection.expected) == (1, 2, 2)
    assert detection.precision == 0.5


def test_articles_without_statement_labels_are_not_scored():
    unlabelled_gold = ArticleLabels(file="old.txt")
    scores = score_statements([(unlabelled_gold, predicted(stated("x y z"), file="old.txt"))])
    assert (scores.articles, scores.detection.predicted) == (0, 0)
    empty_gold = labelled()
    assert score_statements([(empty_gold, predicted(stated("x y z")))]).detection.precision == 0.0


def test_speaker_accuracy_counts_only_gold_person_statements_with_the_strict_name_rule():
    gold = labelled(
        stated("one two three", "Marta Zielińska", "person"),
        stated("four five six", "Vladimir Putin", "person"),
        stated("seven eight nine", "Foreign Ministry", "organisation"),
    )
    got = predicted(
        stated("one two three", "marta zielinska", "person"),  # case and accents do not matter
        stated("four five six", "Putin", "person"),            # a surname alone is wrong
        stated("seven eight nine", "ministry", "organisation"),  # not scored: no canonical name
    )
    speaker = score_statements([(gold, got)]).speaker
    assert (speaker.correct, speaker.total) == (1, 2)


def test_cue_accuracy_is_over_all_matched_statements():
    gold = labelled(stated("one two three", cue="warned"), stated("four five six", cue="according to"),
                    stated("never found at all", cue="said"))
    got = predicted(stated("one two three", cue="Warned"), stated("four five six", cue="said"))
    cue = score_statements([(gold, got)]).cue
    assert (cue.correct, cue.total) == (1, 2)


def test_statement_scores_are_part_of_every_score_and_its_dict():
    gold = labelled(stated("one two three", "A B", "person", "said"))
    scores = score_articles([(gold, predicted(stated("one two three", "A B", "person", "said")))])
    as_dict = scores.as_dict()
    assert as_dict["statements"]["f1"] == 1.0
    assert as_dict["statement_speaker_accuracy"]["accuracy"] == 1.0
    assert as_dict["statement_cue_accuracy"]["accuracy"] == 1.0


# ---------------------------------------------------------------- table

def _folder_result(name, pairs):
    return report.FolderResult(LabelledSet(name, Path(name), []), pairs, [], score_articles(pairs))


def test_the_table_has_statement_rows_and_stays_rectangular():
    pairs = [(labelled(stated("one two three", "A B", "person", "said")),
              predicted(stated("one two three", "A B", "person", "told")))]
    results = [_folder_result("test", pairs), _folder_result("dev", pairs)]
    table = report.render_table(results, score_articles(pairs + pairs), None, "n/a (textacy not installed)", "m")
    rows = [line for line in table.splitlines() if line.startswith("|")]
    assert len({line.count(" | ") for line in rows}) == 1
    cells = {line.split(" | ")[0].lstrip("| "): line.split(" | ")[1:] for line in rows}
    assert cells["Statement content P / R / F1"] == ["1.00 / 1.00 / 1.00"] * 3 + [" |"]
    assert cells["Statement speaker accuracy (matched, gold person)"][0] == "1.00 (1/1)"
    assert cells["Statement cue accuracy (matched)"][0] == "0.00 (0/1)"


# ---------------------------------------------------------------- the hand labels

def _article_text(folder: Path, article: LabelledArticle) -> str:
    """The article as a reader sees it: a .txt file's text, or a .json file's string fields."""
    text = article.message.decode("utf-8")
    if (folder / article.gold.file).suffix == ".json":
        return "\n".join(value for value in json.loads(text).values() if isinstance(value, str))
    return text


@pytest.fixture(scope="module", params=OWN_SETS)
def own_set(request) -> LabelledSet:
    return load_labelled_set(DATA / request.param)


def test_every_labelled_statement_occurs_verbatim_in_its_article(own_set):
    missing = [
        (article.gold.file, statement.text)
        for article in own_set.articles
        for statement in article.gold.statements
        if statement.text not in _article_text(own_set.folder, article)
    ]
    assert missing == []


def test_every_person_speaker_is_one_of_the_articles_people(own_set):
    # A person speaker must be the canonical name from the people labels, not a surname or a typo.
    strays = [
        (article.gold.file, statement.speaker)
        for article in own_set.articles
        for statement in article.gold.statements
        if statement.speaker_kind == "person" and statement.speaker not in article.gold.people
    ]
    assert strays == []


def test_anonymous_statements_have_no_speaker(own_set):
    named = [
        (article.gold.file, statement.text)
        for article in own_set.articles
        for statement in article.gold.statements
        if (statement.speaker_kind == "anonymous") != (statement.speaker is None)
    ]
    assert named == []


def test_every_article_of_the_own_sets_has_statement_labels(own_set):
    assert [a.gold.file for a in own_set.articles if not a.gold.statements_labelled] == []
