"""Scoring on PolNeAR's layout, on small texts written here: gold quotes from annotations, the
map from record offsets back to the source, span matching and the speaker rule."""

from streams.evaluation.alignment import SourceMap
from streams.evaluation.polnear import PolnearArticle, Relation
from streams.evaluation.polnear_gold import gold_quotes, name_words, named_source, quoted_passages
from streams.evaluation.polnear_report import PredictedQuote, match, same_named_speaker, score_split

TEXT = (
    "Mayor  wins vote\n\n"
    "Dana Ortiz, the mayor, spoke on Monday.\n"
    "\u201cWe did it,\u201d Ortiz said.  Her rival called the result \u201ca fluke.\u201d\n"
    "The \u201cBlue Line\u201d project goes ahead.\n"
)


def _span(text: str) -> tuple[int, int]:
    start = TEXT.index(text)
    return start, start + len(text)


def _article(relations) -> PolnearArticle:
    return PolnearArticle("a", "dev", TEXT, tuple(relations))


def test_quoted_passages_pair_marks_per_paragraph_and_close_an_open_one_at_its_end():
    text = 'He said "one" and \u201ctwo\u201d.\n\u201cThree goes on\n\u201cfour.\u201d'
    assert [text[a:b] for a, b in quoted_passages(text)] == ["one", "two", "Three goes on", "four."]


def test_a_gold_quote_is_a_passage_inside_attributed_content_with_its_source_name():
    said = Relation(content=(_span("\u201cWe did it,\u201d"),), source=(_span("Ortiz said")[0:1] + (_span("Ortiz said")[0] + 5,),))
    called = Relation(content=(_span("the result \u201ca fluke.\u201d"),), source=(_span("Her rival"),))
    quotes = gold_quotes(_article([said, called]))
    assert [(q.text, q.speaker) for q in quotes] == [("We did it,", "Dana Ortiz"), ("a fluke.", None)]


def test_source_names_drop_appositions_titles_and_descriptions():
    assert name_words("Edward Alden of the Council on Foreign Relations") == ["Edward", "Alden"]
    assert name_words("White House press secretary Josh Earnest") == ["Josh", "Earnest"]
    assert name_words("Sen. Robert P. Casey Jr. (D-Pa.), a backer") == ["Robert", "P.", "Casey"]
    assert name_words("the senator") == [] and name_words("he") == [] and name_words("Republicans") == []


def test_record_offsets_map_back_through_collapsed_spaces_and_dropped_lines():
    body = "Dana Ortiz, the mayor, spoke on Monday.\n\u201cWe did it,\u201d Ortiz said. Her rival called the result \u201ca fluke.\u201d"
    source = SourceMap(TEXT, "Mayor wins vote", body, TEXT.index("\n") + 1)
    start = body.index("a fluke.")
    assert source.span("body", start, start + len("a fluke.")) == _span("a fluke.")
    assert source.span("headline", 0, 10) == (0, 11)  # "Mayor  win": two spaces in the source


def test_spans_match_one_to_one_on_half_the_longer():
    gold = gold_quotes(_article([Relation(content=(_span("\u201cWe did it,\u201d"),))]))
    start, end = _span("We did it,")
    assert match(gold, [PredictedQuote(start, end - 1, "direct", None)]) == [(0, 0)]
    assert match(gold, [PredictedQuote(start, start + 3, "direct", None)]) == []


def test_speaker_rule():
    assert same_named_speaker("Donald Trump", "Donald Trump")
    assert same_named_speaker("Trump", "Donald Trump")
    assert same_named_speaker("Donald J. Trump", "Donald Trump")
    assert not same_named_speaker("Eric Trump", "Donald Trump")
    assert not same_named_speaker("Donald Trump", None)
    assert same_named_speaker("Donald Trump", "Trump", surname_enough=True)
    # a lone gold name never completed: a family name written first, or a given name
    assert same_named_speaker("Xi", "Xi Jinping") and same_named_speaker("Freddy", "Freddy Trump")
    assert not same_named_speaker("Jinping", "Xi Wang")


def test_a_source_that_is_an_organisation_is_named_by_its_words():
    assert named_source({"speaker": "Donald Trump", "speaker_text": "he"}) == "Donald Trump"
    assert named_source({"speaker": None, "speaker_text": "Politico", "speaker_kind": "organisation"}) == "Politico"
    assert named_source({"speaker": None, "speaker_text": "a senior official", "speaker_kind": "anonymous"}) is None


def test_a_failed_article_counts_as_finding_nothing():
    article = _article([Relation(content=(_span("\u201cWe did it,\u201d"),))])
    scores = score_split("dev", [(article, None)])
    assert scores.failures == ["a"] and scores.detection.recall == 0.0
