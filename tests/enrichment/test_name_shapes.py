"""Long names come out whole and their short forms merge with them (streams.enrichment.name_shapes)."""

import pytest

from streams.enrichment.article import Article
from streams.enrichment.name_shapes import family_name, is_short_form


@pytest.mark.parametrize("full, family", [
    ("Pieter van der Berg", "van der Berg"),
    ("Maria dos Santos", "dos Santos"),
    ("Mohamed Lemine Ould Bah", "Ould Bah"),
    ("José García Márquez", "García Márquez"),
    ("Ana Silva-Santos", "Silva-Santos"),
    ("Wang Yi", "Wang"),
    ("Oh Ji-young", "Oh"),
    ("John F. Kennedy", "Kennedy"),
    ("Li Wei", "Li"),
    ("Kim Jong-un", "Kim"),
])
def test_the_family_name_of_a_full_name(full, family):
    assert family_name(full.split()) == family.split()


@pytest.mark.parametrize("short, full", [
    ("Van der Berg", "Pieter van der Berg"),
    ("Berg", "Pieter van der Berg"),
    ("García", "José García Márquez"),
    ("García Márquez", "José García Márquez"),
    ("Ould Bah", "Mohamed Lemine Ould Bah"),
    ("Bin Salman", "Mohammed bin Salman"),
    ("Wang", "Wang Yi"),
])
def test_short_forms_name_the_full_name(short, full):
    assert is_short_form(short.split(), full.split())


@pytest.mark.parametrize("short, full", [
    ("Pieter", "Pieter van der Berg"),
    ("Márquez Berg", "José García Márquez"),
    ("Yi", "Wang Yi"),
])
def test_other_words_are_no_short_form(short, full):
    assert not is_short_form(short.split(), full.split())


@pytest.mark.parametrize("body, whole, short", [
    ("Ursula von der Leyen said Europe would respond. Von der Leyen spoke in Brussels.", "Ursula von der Leyen", None),
    ("Luiz Inácio Lula da Silva said the plan was good. Lula da Silva said he would travel.", "Luiz Inácio Lula da Silva", None),
    ("Pieter van der Berg, the port director, said the terminal was full. Van der Berg added that cranes were needed.",
     "Pieter van der Berg", "Van der Berg"),
    ("Mohamed Lemine Ould Bah, the minister, spoke first. Ould Bah said the deal was fair.", "Mohamed Lemine Ould Bah", "Ould Bah"),
    ("Oh Ji-young, a lawmaker from the ruling party, defended the plan. Oh said the vote was close.", "Oh Ji-young", "Oh"),
    ("Ahmed al-Sharaa met the delegation in the capital. Al-Sharaa said the meeting was useful.", "Ahmed al-Sharaa", None),
])
def test_long_names_come_out_whole_and_absorb_their_short_forms(enricher, body, whole, short):
    record = enricher.enrich(Article(id="shapes", headline="Talks resume", body=body))
    assert record["people"] == [whole]
    if short is not None:
        person = next(e for e in record["entities"] if e["canonical"] == whole)
        assert short in [m["text"] for m in person["mentions"]]
