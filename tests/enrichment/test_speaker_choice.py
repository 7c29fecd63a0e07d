"""The fitted speaker chooser: what the parse contributes, and that the shipped weights pick a
speaker where the rules find none."""

import pytest

from streams.enrichment.article import decode_article
from streams.enrichment.quote_kind import FEATURES as KIND_FEATURES
from streams.enrichment.quote_kind import QuoteKindModel
from streams.enrichment.quote_kind import rules_only_weights as kind_rules_only_weights
from streams.enrichment.quote_marks import find_quote_spans
from streams.enrichment.speaker_choice import FEATURES, QuoteContext, SpeakerChooser, quote_syntax, rules_only_weights


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


def _quotes_with(enricher, story, **models):
    """{quote text: (type, speaker)} with the given models in place of the shipped ones."""
    saved = {name: getattr(enricher.quotes, name) for name in models}
    for name, model in models.items():
        setattr(enricher.quotes, name, model)
    try:
        record = enricher.enrich(decode_article(story.encode()))
    finally:
        for name, model in saved.items():
            setattr(enricher.quotes, name, model)
    return {q["text"]: (q["type"], q["speaker"]) for q in record["quotes"]}


def _speaker_of_the_quote(enricher, chooser):
    ((_, speaker),) = [v for v in _quotes_with(enricher, STORY, chooser=chooser).values() if v[0] != "term"]
    return speaker


def test_the_shipped_model_names_a_speaker_the_rules_miss(enricher):
    rules_only = SpeakerChooser({"features": list(FEATURES), "weights": rules_only_weights(), "threshold": 0.5})
    assert _speaker_of_the_quote(enricher, rules_only) is None  # "used ... to demand" is no speech verb
    assert _speaker_of_the_quote(enricher, SpeakerChooser()) == "Bernie Sanders"


def test_weights_fitted_on_other_features_are_refused():
    with pytest.raises(ValueError, match="fit-models"):
        SpeakerChooser({"features": ["bias"], "weights": [0.0], "threshold": 0.5})


FRAGMENT = (
    "Farm groups reject the plan\n\n"
    "Agriculture Minister Helena Duarte presented the plan in Lisbon on Tuesday.\n"
    "Farm leader Rui Matos called it \u201ca betrayal of farmers\u201d and promised protests.\n"
    "The so-called \u201cgreen corridor\u201d would cross three districts.\n"
)
COLLEAGUES = "Senator mourned\n\nHer colleagues remember a \u201cvery decent man\u201d who loved the chamber.\n"


def _types(enricher, kinds, story=FRAGMENT):
    return _quotes_with(enricher, story, kinds=kinds)


def test_an_attributed_fragment_is_speech_and_a_so_called_name_stays_a_term(enricher):
    found = _types(enricher, QuoteKindModel())
    assert found["a betrayal of farmers"] == ("partial", "Rui Matos")
    assert found["green corridor"][0] == "term"


def test_the_shipped_model_hears_speech_where_the_short_passage_rule_saw_a_term(enricher):
    rules_only = QuoteKindModel({"features": list(KIND_FEATURES), "weights": kind_rules_only_weights(), "threshold": 0.5})
    # short, and no speech verb names a speaker: the rules call it a term; on PolNeAR train such
    # lower-case fragments inside a sentence are mostly someone's words
    assert _types(enricher, rules_only, COLLEAGUES)["very decent man"][0] == "term"
    assert _types(enricher, QuoteKindModel(), COLLEAGUES)["very decent man"][0] == "partial"
