"""The fitted speaker chooser: what the parse contributes, and that the shipped weights pick a
speaker where the rules find none."""

import pytest

from streams.enrichment.article import decode_article
from streams.enrichment.quote_marks import find_quote_spans
from streams.enrichment.speaker_choice import FEATURES, QuoteContext, SpeakerChooser, quote_syntax
from streams.evaluation.speaker_fit import rules_only_weights


def _syntax(enricher, text):
    doc = enricher.nlp(text)
    spans = find_quote_spans(text)
    syntax = quote_syntax(doc, QuoteContext(spans[0], None, None, spans), frozenset({"said"}))
    return doc, syntax


def _words(doc, indices):
    return {doc[i].text for i in indices}


def test_the_word_before_the_governing_verb_counts_whatever_the_tagger_called_it(enricher):
    doc, syntax = _syntax(enricher, "And Skelly called Braynard \u201ca real smart guy.\u201d")
    assert _words(doc, syntax.left_of_verb) == {"Skelly"}
    assert "Braynard" in _words(doc, syntax.governing_objects)  # the one spoken of, not the speaker


def test_the_subject_of_the_verb_a_quote_hangs_from(enricher):
    doc, syntax = _syntax(enricher, "\u201cJeb wants to be a tough guy tonight,\u201d Trump shot back.")
    assert _words(doc, syntax.governing_subjects) == {"Trump"}


STORY = (
    "Unions back the senator\n\n"
    "Bernie Sanders spoke to union members in Des Moines on Monday.\n"
    "Sanders used the question to demand that the wealthy \u201cpay their fair share into the system, "
    "every single one of them, starting this year.\u201d\n"
)


def _speaker_of_the_quote(enricher, chooser):
    saved = enricher.quotes.chooser
    enricher.quotes.chooser = chooser
    try:
        record = enricher.enrich(decode_article(STORY.encode()))
    finally:
        enricher.quotes.chooser = saved
    (quote,) = [q for q in record["quotes"] if q["type"] != "term"]
    return quote["speaker"]


def test_the_shipped_model_names_a_speaker_the_rules_miss(enricher):
    rules_only = SpeakerChooser({"features": list(FEATURES), "weights": rules_only_weights(), "threshold": 0.5})
    assert _speaker_of_the_quote(enricher, rules_only) is None  # "used ... to demand" is no speech verb
    assert _speaker_of_the_quote(enricher, SpeakerChooser()) == "Bernie Sanders"


def test_weights_fitted_on_other_features_are_refused():
    with pytest.raises(ValueError, match="fit-speakers"):
        SpeakerChooser({"features": ["bias"], "weights": [0.0], "threshold": 0.5})
