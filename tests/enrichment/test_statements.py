"""Reported speech on sentences written for these tests: the content, the source and its kind."""

import pytest

from streams.enrichment.article import Article
from streams.enrichment.speaker_kinds import SpeakerKinds


def _statements(enricher, body, headline="Talks resume"):
    record = enricher.enrich(Article(id="t", headline=headline, body=body))
    return record, record["statements"]


def _one(statements, cue):
    found = [s for s in statements if s["cue"] == cue]
    assert len(found) == 1, statements
    return found[0]


def test_a_that_clause_after_a_cue_with_a_named_speaker(enricher):
    _, statements = _statements(
        enricher, "Foreign Minister Elena Marković warned on Tuesday that the ceasefire could collapse within days.")
    warning = _one(statements, "warned")
    assert warning["text"] == "that the ceasefire could collapse within days"
    assert warning["speaker"] == "Elena Marković" and warning["speaker_kind"] == "person"


def test_a_pronoun_source_resolves_to_the_person_named_before(enricher):
    body = ("Elena Marković arrived in Geneva on Monday for the talks.\n\n"
            "She said the two delegations had agreed on a timetable for the prisoner exchange.")
    _, statements = _statements(enricher, body)
    said = _one(statements, "said")
    assert said["speaker"] == "Elena Marković" and said["speaker_text"] == "She"
    assert said["text"].startswith("the two delegations had agreed")


def test_according_to_takes_the_clause_it_modifies(enricher):
    record, statements = _statements(enricher, "According to the foreign ministry, the talks will resume next week in Vienna.")
    according = _one(statements, "according to")
    assert according["text"] == "the talks will resume next week in Vienna"
    assert according["speaker_kind"] == "organisation"
    assert record["body"][according["start"]:according["end"]] == according["text"]


def test_a_cue_inside_its_content_is_cut_out(enricher):
    _, statements = _statements(enricher, "The delegation, the ambassador said, was ready to sign the agreement on Friday.")
    said = _one(statements, "said")
    assert said["text"].startswith("The delegation") and said["text"].endswith("on Friday")


def test_an_anonymous_source_keeps_its_words(enricher):
    _, statements = _statements(enricher, "A senior official said the summit would be postponed until the spring.")
    said = _one(statements, "said")
    assert said["speaker"] is None and said["speaker_kind"] == "anonymous"
    assert said["speaker_text"].lower().endswith("senior official")


def test_an_urging_reports_what_was_urged(enricher):
    _, statements = _statements(enricher, "The president urged parliament to ratify the treaty before the end of the year.")
    urged = _one(statements, "urged")
    assert "ratify the treaty" in urged["text"]


def test_a_pure_direct_quote_is_a_quote_not_a_statement(enricher):
    record, statements = _statements(enricher, "\u201cWe are ready to sign the agreement tomorrow,\u201d Elena Marković said.")
    assert [q["type"] for q in record["quotes"]] == ["direct"]
    assert statements == []


def test_a_mixed_attribution_holds_its_partial_quote(enricher):
    record, statements = _statements(
        enricher, "Elena Marković said the proposal was \u201ca serious basis for negotiations\u201d and thanked the mediators.")
    partial = next(i for i, q in enumerate(record["quotes"]) if q["type"] == "partial")
    said = _one(statements, "said")
    assert said["quotes"] == [partial]
    assert "a serious basis for negotiations" in said["text"]


def test_narration_without_a_cue_gives_no_statement(enricher):
    _, statements = _statements(enricher, "The two delegations met for four hours in the old town hall and left without a word.")
    assert statements == []


@pytest.fixture(scope="module")
def kinds(enricher):
    return SpeakerKinds(enricher.countries)


@pytest.mark.parametrize("words, kind", [
    ("she", "person"),
    ("the senator", "person"),
    ("a senior official", "anonymous"),
    ("officials", "anonymous"),
    ("the foreign ministry", "organisation"),
    ("the Kremlin", "country"),  # a seat of government stands for its state, as in the country scores
    ("Reuters", "organisation"),
    ("Russia", "country"),
    (None, None),
])
def test_speaker_kinds_from_the_words_of_the_source(kinds, words, kind):
    assert kinds.kind(False, words) == kind


def test_a_resolved_person_is_a_person_whatever_the_words(kinds):
    assert kinds.kind(True, "the ministry") == "person"


def test_the_cue_file_floor_decides_which_forms_propose_candidates():
    from streams.enrichment.statements import table_of

    fitted = {"min_precision": 0.3, "cues": {
        "said/VERB": {"precision": 0.9, "count": 90, "paths": ["child:ccomp"], "shares": [0.9]},
        "plan/NOUN": {"precision": 0.1, "count": 5, "paths": ["child:acl"], "shares": [1.0]},
    }}
    table = table_of(fitted, 2)
    assert set(table.forms) == {"said/VERB"} and table.forms["said/VERB"].paths == ("child:ccomp",)


def test_the_untrained_choice_keeps_every_candidate_and_the_shipped_one_does_not(enricher):
    from streams.enrichment.statement_choice import StatementModel, untrained_model

    body = "The plan called for two new bridges. The mayor said the bridges would open in May."
    keep_all = StatementModel(untrained_model())
    shipped = enricher.statements.choice
    enricher.statements.choice = keep_all
    try:
        every = enricher.enrich(Article(id="t", headline="Bridges", body=body))["statements"]
    finally:
        enricher.statements.choice = shipped
    chosen = enricher.enrich(Article(id="t", headline="Bridges", body=body))["statements"]
    assert {s["cue"] for s in chosen} <= {s["cue"] for s in every}
    assert any(s["cue"] == "said" for s in chosen)
