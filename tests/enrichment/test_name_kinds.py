"""A PERSON the model tagged is kept only if the article does not show it to be a place or an
organisation (streams.enrichment.name_kinds). The names here are made up: the rules must
work from the words around a name, never from the name itself."""

import pytest

from streams.enrichment.mentions import Entity, Mention
from streams.enrichment.name_kinds import ORGANISATION, PERSON, PLACE, NameKinds


@pytest.fixture(scope="module")
def kinds():
    return NameKinds()


def _candidate(doc, name: str) -> Entity:
    """A PERSON candidate with a mention at every occurrence of `name`."""
    entity = Entity(label="PERSON", canonical=name)
    start = doc.text.find(name)
    while start != -1:
        entity.mentions.append(Mention(start, start + len(name), name, 0))
        start = doc.text.find(name, start + 1)
    return entity


@pytest.mark.parametrize("text, name", [
    ("Aid trucks reached Kavarno on Tuesday. Hundreds waited in Kavarno overnight.", "Kavarno"),
    ("Residents of the Velmaro district said the water rose fast.", "Velmaro"),
    ("Officials will build a monitoring station at the Dorvak reservoir next year.", "Dorvak"),
    ("Engineers inspected the Ostrel enrichment plant and a workshop.", "Ostrel"),
    ("Rescue boats reached villages around Lahore and Tarkavi on Monday.", "Tarkavi"),
    ("The convoy drove from Bresk to Olvany in six hours.", "Olvany"),
    ("The convoy drove from Bresk to Olvany in six hours.", "Bresk"),
    ("Food prices rose in the village of Selny Dar after the floods.", "Selny Dar"),
])
def test_a_name_shown_to_be_a_place_is_a_place(enricher, kinds, text, name):
    doc = enricher.nlp(text)
    assert kinds.kind_of(_candidate(doc, name), doc) == PLACE


@pytest.mark.parametrize("text, name", [
    ("Velkoro, which is listed in Oslo, said profits rose.", "Velkoro"),
    ("Brenmark Line, the Danish container shipping company, said it would buy a stake.", "Brenmark Line"),
    ("The opposition used the hashtag #RejectTheLevy to rally supporters.", "RejectTheLevy"),
    ("Halvenor have confirmed that the plant will reopen.", "Halvenor"),
])
def test_a_name_shown_to_be_an_organisation_is_an_organisation(enricher, kinds, text, name):
    doc = enricher.nlp(text)
    assert kinds.kind_of(_candidate(doc, name), doc) == ORGANISATION


@pytest.mark.parametrize("text, name", [
    ("The prize went to Tomas Orvald on Friday.", "Tomas Orvald"),  # a first name outweighs "went to"
    ("Mr. Orvald said the talks in Brenmark were hard. Orvald arrived in Brenmark late.", "Orvald"),
    ("Talks stalled. Orvald, who chairs the board, blamed the lenders.", "Orvald"),
    ("Halvard Quist spoke first. Quist said the deal was fair.", "Halvard Quist"),
    ("Piet Karsdal arrived on Monday. Later Karsdal said he was tired.", "Piet Karsdal"),
])
def test_a_person_stays_a_person(enricher, kinds, text, name):
    doc = enricher.nlp(text)
    assert kinds.kind_of(_candidate(doc, name), doc) == PERSON


def test_a_full_name_with_no_evidence_either_way_stays_a_person(enricher, kinds):
    doc = enricher.nlp("Tavi Orvald was not available on Monday.")
    assert kinds.kind_of(_candidate(doc, "Tavi Orvald"), doc) == PERSON


def test_a_lone_word_the_article_never_shows_to_be_a_person_is_no_one(enricher, kinds):
    doc = enricher.nlp("Orvald was not available on Monday.")
    assert kinds.kind_of(_candidate(doc, "Orvald"), doc) != PERSON


@pytest.mark.parametrize("text, name", [
    ("He is survived by his wife, Abena, and five children.", "Abena"),
    ("A shop owner, who gave only her surname, Liang, described the storm.", "Liang"),
    ("Orvald, who runs the shop, said little.", "Orvald"),
])
def test_a_lone_word_named_as_someone_is_a_person(enricher, kinds, text, name):
    doc = enricher.nlp(text)
    assert kinds.kind_of(_candidate(doc, name), doc) == PERSON


def test_a_place_the_model_tagged_as_a_person_becomes_a_place_entity(enricher):
    from streams.enrichment.article import Article

    body = ("Floods cut off villages around Dadu and Kemvari on Monday. In Kemvari, residents waited on roofs. "
            "\u201cThe water is moving faster than our boats,\u201d said Amina Shah, a rescue worker.")
    record = enricher.enrich(Article(id="kinds", headline="Floods in Sindh", body=body))
    assert "Kemvari" not in record["people"]
    assert "Amina Shah" in record["people"]


def test_a_common_word_capitalised_at_a_sentence_start_is_no_one(enricher, kinds):
    doc = enricher.nlp("Velvet music filled the hall. Later the velvet curtains fell.")
    assert kinds.kind_of(_candidate(doc, "Velvet"), doc) != PERSON


def test_a_name_ruled_out_is_not_brought_back_as_a_speaker(enricher):
    from streams.enrichment.article import Article

    body = ("Halvenor Line, the Danish container shipping group, said on Monday that it would buy a stake "
            "in the port. Shares in Halvenor rose 3 percent.")
    record = enricher.enrich(Article(id="kinds-speaker", headline="Port stake", body=body))
    assert not any("Halvenor" in name for name in record["people"])


@pytest.mark.parametrize("text", [
    # any verb of speech right after a quotation says the lone name is the one who spoke ...
    '"We need to be careful about the count," Vendrak stated.',
    '"We kept the old songs for the tour," Vendrak continued.',
])
def test_a_lone_name_that_speaks_a_quotation_is_a_person(enricher, kinds, text):
    doc = enricher.nlp(text)
    assert kinds.kind_of(_candidate(doc, "Vendrak"), doc) == PERSON


def test_a_lone_name_that_reports_a_quotation_is_not_shown_to_be_a_person(enricher, kinds):
    # ... but newspapers "report" quotations too
    doc = enricher.nlp('"The count will go on all night," Vendrak reported.')
    assert "speech verb" not in kinds.evidence(_candidate(doc, "Vendrak"), doc).person
