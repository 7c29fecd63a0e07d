"""Statement scoring on PolNeAR's layout, on a small text written here: which relations are
statements, the token-overlap match, the cue and source rules, the headline mapping, the table."""

from streams.evaluation.polnear import PolnearArticle, Relation
from streams.evaluation.polnear_report import SplitScores, render, same_named_speaker, source_map
from streams.evaluation.polnear_statements import (
    ArticleWords,
    PredictedStatement,
    StatementScores,
    cue_right,
    gold_statements,
    match_statements,
    predicted_statements,
    score_statements,
)
from streams.evaluation.scoring import PRF, Accuracy

HEADLINE = "Ortiz  says budget will pass"  # two spaces: the record's cleaned headline has one
BODY = (
    "Dana Ortiz said on Monday that the budget would pass easily.\n"
    "\u201cWe have the votes,\u201d Ortiz said.\n"
    "According to a council aide, the vote was \u201ca formality.\u201d\n"
    "He told reporters: the plan was sound.\n"
)
TEXT = HEADLINE + "\n" + BODY


def _span(text: str, after: str = "") -> tuple[int, int]:
    start = TEXT.index(text, TEXT.index(after) if after else 0)
    return start, start + len(text)


def _relation(content: str, source: str = "", cue: str = "", after: str = "") -> Relation:
    return Relation(
        content=(_span(content, after),),
        source=(_span(source, after),) if source else (),
        cue=(_span(cue, after),) if cue else (),
    )


HEADLINE_SAYS = _relation("budget will pass", "Ortiz", "says")
REPORTED = _relation("that the budget would pass easily", "Dana Ortiz", "said")
PURE_QUOTE = _relation("\u201cWe have the votes,\u201d", "Ortiz", "said", after="\u201cWe")
MIXED = _relation("the vote was \u201ca formality.\u201d", "a council aide", "According to")
PRONOUN = _relation("the plan was sound", "He", "told")


def _article(*relations: Relation) -> PolnearArticle:
    return PolnearArticle("a", "train", TEXT, relations)


def _predicted(content: str, cue: str | None = "said", speaker: str | None = None, after: str = "") -> PredictedStatement:
    return PredictedStatement((_span(content, after),), cue, speaker, None)


def _tokens(*contents: str) -> list[frozenset[int]]:
    words = ArticleWords(TEXT)
    return [words.within((_span(content),)) for content in contents]


def test_a_pure_direct_quote_is_not_a_statement_but_reported_and_mixed_content_are():
    gold = gold_statements(_article(HEADLINE_SAYS, REPORTED, PURE_QUOTE, MIXED, PRONOUN))
    assert [TEXT[s.content[0][0]:s.content[0][1]] for s in gold] == [
        "budget will pass", "that the budget would pass easily", "the vote was \u201ca formality.\u201d",
        "the plan was sound",
    ]
    assert [s.cue for s in gold] == ["says", "said", "according to", "told"]
    assert [s.speaker for s in gold] == ["Dana Ortiz", "Dana Ortiz", None, None]  # "Ortiz" completed; "He" is no name


def test_a_quote_split_over_two_pieces_is_still_pure():
    first, second = _span("\u201cWe have"), _span("the votes,\u201d")
    assert gold_statements(_article(Relation(content=(first, second)))) == []


def test_words_are_tokens_by_offset_and_a_word_clipped_by_one_character_still_counts():
    budget, vote = _tokens("the budget", "the vote")
    assert len(budget) == len(vote) == 2 and not budget & vote  # the same "the", twice: two tokens
    start, end = _span("the plan was sound")
    words = ArticleWords(TEXT)
    assert words.within(((start, end - 1),)) == words.within(((start, end),))
    assert words.within(((start - 3, end),)) == words.within(((start, end),))  # one letter of "reporters:" is not half


def test_contents_match_from_half_of_the_larger_token_count():
    gold = _tokens("that the budget would pass easily")  # 6 tokens
    assert match_statements(gold, _tokens("budget would pass")) == [(0, 0)]  # 3 of 6: at half
    assert match_statements(gold, _tokens("would pass")) == []  # 2 of 6: below
    sound = _tokens("the plan was sound")  # 4 tokens, all inside both predictions below
    assert match_statements(sound, _tokens("reporters: the plan was sound")) == [(0, 0)]  # 4 of 5
    words = ArticleWords(TEXT)
    nine = words.within(((_span("a formality")[0], _span("the plan was sound")[1]),))
    eight = words.within(((_span("formality")[0], _span("the plan was sound")[1]),))
    assert len(nine) == 9 and match_statements(sound, [nine]) == []  # 4 of 9: below
    assert len(eight) == 8 and match_statements(sound, [eight]) == [(0, 0)]  # 4 of 8: at half


def test_matching_is_one_to_one_best_overlap_first():
    gold = _tokens("that the budget would pass easily", "the plan was sound")
    predicted = _tokens("budget would pass", "that the budget would pass easily", "the plan was sound.")
    assert match_statements(gold, predicted) == [(0, 1), (1, 2)]
    scores = score_statements([(_article(REPORTED, PRONOUN), [
        _predicted("budget would pass"), _predicted("that the budget would pass easily"),
    ])], same_named_speaker)
    assert scores.content == PRF(1, 2, 2)
    assert sum(line.startswith("spurious") for line in scores.errors) == 1
    assert sum(line.startswith("missed") for line in scores.errors) == 1


def test_cue_rule():
    assert cue_right("according to", "according to")
    assert cue_right("said in part", "said")
    assert cue_right("said", "Said")
    assert not cue_right("said", "says")
    assert not cue_right("said", "said that")
    assert not cue_right("told", None) and not cue_right("told", "")


def test_cue_accuracy_is_over_matched_statements_whose_gold_cue_has_words():
    colon = _relation("the plan was sound", "He", ":")
    items = [(_article(REPORTED, MIXED, colon), [
        _predicted("that the budget would pass easily", cue="said", speaker="Dana Ortiz"),
        _predicted("the vote was \u201ca formality.\u201d", cue="said"),
        _predicted("the plan was sound", cue=None),
    ])]
    scores = score_statements(items, same_named_speaker)
    # The third gold cue is a wordless span (nothing to judge a cue against), so only two count.
    assert scores.cue == Accuracy(1, 2)
    assert [line.split(":")[0] for line in scores.errors] == ["wrong cue     a"]


def test_source_accuracy_is_over_matched_statements_with_a_named_gold_source():
    items = [(_article(HEADLINE_SAYS, REPORTED, MIXED, PRONOUN), [
        _predicted("budget will pass", cue="says", speaker="Ortiz"),  # gold "Dana Ortiz": a surname is not enough
        _predicted("that the budget would pass easily", speaker="Dana Ortiz"),
        _predicted("the vote was \u201ca formality.\u201d", cue="according to", speaker=None),  # gold: an aide
        _predicted("the plan was sound", cue="told", speaker="Someone Else"),  # gold: "He", unscored
    ])]
    scores = score_statements(items, same_named_speaker)
    assert scores.content == PRF(4, 4, 4)
    assert scores.source == Accuracy(1, 2)
    assert scores.cue == Accuracy(4, 4)
    assert any(line.startswith("wrong source") and "Dana Ortiz" in line for line in scores.errors)


def test_a_failed_article_finds_no_statements():
    scores = score_statements([(_article(REPORTED), None)], same_named_speaker)
    assert scores.content == PRF(0, 0, 1)


def test_record_statements_map_back_to_the_article_from_the_headline_and_the_body():
    record_headline = "Ortiz says budget will pass"
    record_body = BODY.rstrip("\n")
    in_headline = record_headline.index("budget will pass")
    in_body = record_body.index("the plan was sound")
    record = {"headline": record_headline, "body": record_body, "statements": [
        {"field": "headline", "start": in_headline, "end": in_headline + len("budget will pass"),
         "cue": "says", "speaker": "Dana Ortiz", "speaker_text": "Ortiz"},
        {"field": "body", "start": in_body, "end": in_body + len("the plan was sound"),
         "cue": "told", "speaker": None, "speaker_text": "He"},
    ]}
    article = _article(HEADLINE_SAYS, PRONOUN)
    predicted = predicted_statements(source_map(article, record), record)
    assert [p.content for p in predicted] == [(_span("budget will pass"),), (_span("the plan was sound"),)]
    assert [(p.cue, p.speaker, p.speaker_text) for p in predicted] == [("says", "Dana Ortiz", "Ortiz"), ("told", None, "He")]
    scores = score_statements([(article, predicted)], same_named_speaker)
    assert scores.content == PRF(2, 2, 2) and scores.source == Accuracy(1, 1)


def test_a_record_made_before_the_extractor_has_no_statements():
    record = {"headline": "Ortiz says budget will pass", "body": BODY.rstrip("\n")}
    assert predicted_statements(source_map(_article(), record), record) == []


def _split(name: str) -> SplitScores:
    scores = SplitScores(split=name, articles=3, detection=PRF(1, 2, 2), speaker=Accuracy(1, 1))
    scores.statements = StatementScores(content=PRF(3, 4, 5), cue=Accuracy(2, 3), source=Accuracy(1, 2))
    return scores


def _rows(table: str) -> list[list[str]]:
    lines = [line for line in table.split("\n") if line.startswith("|")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines]


def test_the_table_stays_rectangular_with_statement_rows_and_textacy_blank_there():
    for theirs, reason in (([_split("train"), _split("dev")], None), ([], "textacy not installed")):
        rows = _rows(render([_split("train"), _split("dev")], theirs, reason))
        assert len({len(row) for row in rows}) == 1, rows
        by_metric = {row[0]: row[1:] for row in rows}
        content = by_metric["Statement content P / R / F1 (reported speech, token overlap ≥ half)"]
        assert content[:2] == ["0.75 / 0.60 / 0.67"] * 2 and set(content[2:]) == {""}
        assert by_metric["Statement cue accuracy (matched)"][:2] == ["0.67 (2/3)"] * 2
        assert by_metric["Statement source accuracy (matched, named sources)"][2:] == [""] * (len(rows[0]) - 3)
