"""The PolNeAR (brat standoff) reader, on small files written here, never on corpus text."""

import json

import pytest

from streams.evaluation.polnear import PolnearError, Relation, load_split, parse_ann

ANN = (
    "T1\tSource 0 5\tAnna\n"
    "T2\tCue 6 10\tsaid\n"
    "T3\tContent 11 20;25 30\tit rained\n"
    "and more\n"  # a span text may run over lines
    "T4\tAttribution 6 10\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "T5\tContent 40 50\tno source\n"
    "T6\tAttribution-no-source 35 39\tseen\n"
    "E2\tAttribution:T6 Content:T5\n"
)


def test_relations_keep_discontinuous_spans_and_missing_sources():
    first, second = parse_ann(ANN)
    assert first == Relation(content=((11, 20), (25, 30)), source=((0, 5),), cue=((6, 10),))
    assert second == Relation(content=((40, 50),))


def test_a_broken_line_is_a_clear_error():
    with pytest.raises(PolnearError, match="x.ann:1"):
        parse_ann("T1\tSource five six\tAnna\n", "x.ann")


def test_a_split_is_read_with_the_first_annotator(tmp_path):
    split = tmp_path / "data" / "dev"
    (split / "text").mkdir(parents=True)
    (split / "attributions").mkdir()
    (split / "text" / "a.txt").write_text("Headline here\n\nAnna said it rained.\n", encoding="utf-8")
    (split / "attributions" / "a_b2.ann").write_text("T1\tContent 0 4\tHead\nE1\tContent:T1\n", encoding="utf-8")
    (split / "attributions" / "a_a1.ann").write_text(ANN, encoding="utf-8")
    (article,) = load_split(tmp_path, "dev")
    assert article.name == "a" and len(article.relations) == 2  # a1 sorts before b2
    assert article.headline == "Headline here"
    message = json.loads(article.message())
    assert message == {"id": "a", "headline": "Headline here", "body": "\nAnna said it rained.\n"}


def test_a_missing_split_says_where_it_looked(tmp_path):
    with pytest.raises(PolnearError, match="no PolNeAR split 'dev'"):
        load_split(tmp_path, "dev")
