"""Generated articles full of real-world name shapes must enrich, never crash.

Names with initials, particles (de, da, do, van, von, bin, al-), hyphens, double
family names, family-name-first order, a family name shared by two or three people,
possessives and all capitals, mentioned in any order: in full, by surname, with a
title, as a speaker. The crash on real news (a surname met before the people who
share it) was of exactly this kind.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from streams.enrichment.article import Article
from streams.enrichment.errors import ArticleError
from tests.support.schema import assert_valid_record

NAMES = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

given_names = st.sampled_from([
    "Maria", "José", "Ana", "João", "Pieter", "Ursula", "Mohammed", "Fatima", "Jean-Pierre", "Anne-Marie",
    "Li", "Kim", "Nguyen", "Aiko", "Olusegun", "Chiamaka", "Søren", "Zoë", "Ángel", "Björn", "Kwame",
])
family_names = st.sampled_from([
    "Silva", "Santos", "Berg", "Okafor", "Müller", "Novak", "García", "Obi", "Lund", "Tanaka", "Smith", "Haddad",
])
particles = st.sampled_from(["de", "da", "do", "dos", "van", "von", "van der", "bin", "al-", "Al", "del", "di"])


@st.composite
def person_name(draw) -> str:
    first = draw(given_names)
    family = draw(family_names)
    shape = draw(st.sampled_from([
        "plain", "initial", "middle_initial", "particle", "hyphen", "double", "family_first", "caps", "initials_only",
    ]))
    if shape == "initial":
        return f"{first[0]}. {family}"
    if shape == "middle_initial":
        return f"{first} {draw(st.sampled_from('ABCDEJKLMW'))}. {family}"
    if shape == "particle":
        particle = draw(particles)
        return f"{first} {particle}{family}" if particle.endswith("-") else f"{first} {particle} {family}"
    if shape == "hyphen":
        return f"{first} {family}-{draw(family_names)}"
    if shape == "double":
        return f"{first} {family} {draw(family_names)}"
    if shape == "family_first":
        return f"{family} {first}"
    if shape == "caps":
        return f"{first} {family}".upper()
    if shape == "initials_only":
        return f"{first[0]}.{draw(st.sampled_from('JKLMR'))}. {family}"
    return f"{first} {family}"


def _surname(name: str) -> str:
    return name.split()[-1]


@st.composite
def article_about_people(draw) -> Article:
    names = draw(st.lists(person_name(), min_size=1, max_size=4))
    if draw(st.booleans()):  # two or three people sharing a family name
        shared = _surname(names[0])
        names += [f"{draw(given_names)} {shared}" for _ in range(draw(st.integers(1, 2)))]
    templates = [
        "{name} arrived in the capital on Monday.",
        "{surname} said the talks had been difficult.",
        "\u201cWe will not give up,\u201d {surname} said.",
        "{name}'s office declined to comment.",
        "{surname}'s aides said {pronoun} would travel on Friday.",
        "President {surname} met the delegation.",
        "\u201cIt is a fair deal,\u201d said {name}, the foreign minister.",
        "According to {name}, the vote was close.",
        "{surname} and {other} spoke to reporters.",
        "{pronoun_cap} told reporters that {surname} was wrong.",
    ]
    sentences = []
    for _ in range(draw(st.integers(2, 10))):
        name = draw(st.sampled_from(names))
        other = draw(st.sampled_from(names))
        pronoun = draw(st.sampled_from(["he", "she"]))
        template = draw(st.sampled_from(templates))
        sentences.append(template.format(
            name=name, surname=_surname(name), other=_surname(other), pronoun=pronoun, pronoun_cap=pronoun.title(),
        ))
    paragraphs = ["\n".join(sentences[i:i + 3]) for i in range(0, len(sentences), 3)]
    headline = f"{_surname(names[0])} and {_surname(names[-1])} clash over budget"
    return Article(id="names", headline=headline, body="\n".join(paragraphs))


@NAMES
@given(article=article_about_people())
def test_articles_full_of_real_name_shapes_enrich(enricher, article):
    outcome = enricher.enrich_batch([article]).outcomes[0]
    assert not isinstance(outcome, ArticleError), f"{outcome}\n---\n{article.headline}\n{article.body}"
    assert_valid_record(outcome)
    people = [e for e in outcome["entities"] if e["label"] == "PERSON"]
    assert all(e["mentions"] and e["count"] == len(e["mentions"]) for e in people)
    assert len(outcome["people"]) == len(set(outcome["people"])) or _distinct_people_share_a_name(people)


def _distinct_people_share_a_name(people) -> bool:
    # Two different people may carry the same canonical name only if their mentions differ.
    spans = [tuple((m["field"], m["start"]) for m in e["mentions"]) for e in people]
    return len(spans) == len(set(spans))


# --- long names come out whole and their short forms merge -------------------------------

known_given_names = st.sampled_from([
    "Maria", "José", "Ana", "João", "Pieter", "Ursula", "Mohammed", "Fatima", "Carlos", "Lucía", "Ahmed",
    "Pedro", "Sofia", "Hans", "Anna", "Björn", "Kwame",
])
family_first_names = st.tuples(
    st.sampled_from(["Wang", "Zhang", "Park", "Oh", "Choi", "Liu"]),
    st.sampled_from(["Ji-young", "Min-jun", "Seo-yeon", "Jae-in", "Haoran"]),
)
long_particles = st.sampled_from(["van der", "van", "von", "de", "da", "dos", "bin", "ould", "del"])


@st.composite
def long_name_and_short_form(draw) -> tuple[str, str]:
    """A name of a shape that small models split, and the short form a story uses for it."""
    first = draw(known_given_names)
    family, other = draw(st.lists(family_names, min_size=2, max_size=2, unique=True))
    shape = draw(st.sampled_from(["particle", "hyphen_prefix", "hyphen", "double", "family_first"]))
    if shape == "particle":
        particle = draw(long_particles)
        return f"{first} {particle} {family}", f"{particle[0].upper()}{particle[1:]} {family}"
    if shape == "hyphen_prefix":
        return f"{first} al-{family}", f"Al-{family}"
    if shape == "hyphen":
        return f"{first} {family}-{other}", f"{family}-{other}"
    if shape == "double":
        return f"{first} {family} {other}", family
    surname, given = draw(family_first_names)
    return f"{surname} {given}", surname


@NAMES
@given(pair=long_name_and_short_form(), short_first=st.booleans())
def test_long_names_stay_whole_and_their_short_forms_merge(enricher, pair, short_first):
    full, short = pair
    sentences = [
        f"{full}, the foreign minister, arrived in Geneva on Monday for the talks.",
        f"{short} told reporters that the negotiations had been difficult.",
        f"\u201cWe are close to a deal,\u201d {short} said on Tuesday.",
    ]
    if short_first:
        sentences.insert(0, f"{short} has led the delegation since March.")
    article = Article(id="long-names", headline="Talks resume in Geneva", body="\n".join(sentences))
    outcome = enricher.enrich_batch([article]).outcomes[0]
    assert not isinstance(outcome, ArticleError), f"{outcome}\n{article.body}"
    assert_valid_record(outcome)
    assert full in outcome["people"], article.body
    assert short not in outcome["people"], article.body  # merged, not a person of its own
    person = next(e for e in outcome["entities"] if e["label"] == "PERSON" and e["canonical"] == full)
    assert short in [m["text"] for m in person["mentions"]], article.body
