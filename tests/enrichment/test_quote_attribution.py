"""Quote typing and attribution on tiny articles, one news-copy pattern each."""

import json

import pytest

from streams.enrichment.article import decode_article
from streams.enrichment.persons import Persons


def enrich(enricher, body, headline="Talks resume"):
    return enricher.enrich(decode_article(json.dumps({"headline": headline, "body": body}).encode()))


def speakers(record):
    return [(q["text"], q["type"], q["speaker"]) for q in record["quotes"]]


CASES = [
    ('"We are ready," said Foreign Minister Karin Lund.', [("We are ready,", "direct", "Karin Lund")]),
    ('Karin Lund, who led the delegation, said: "We are ready."', [("We are ready.", "direct", "Karin Lund")]),
    ('"We are ready," Karin Lund told reporters in Oslo.', [("We are ready,", "direct", "Karin Lund")]),
    ('In a statement, Karin Lund said the deal was "a first step."', [("a first step.", "partial", "Karin Lund")]),
    ('The deal is "a first step," according to Karin Lund.', [("a first step,", "partial", "Karin Lund")]),
    ('Karin Lund wrote on social media: "The border stays open."', [("The border stays open.", "direct", "Karin Lund")]),
    (
        'Karin Lund met Pavel Novak on Monday.\n"We made progress," she said. "Not enough."',
        [("We made progress,", "direct", "Karin Lund"), ("Not enough.", "direct", "Karin Lund")],
    ),
    (
        'Pavel Novak met Karin Lund on Monday.\n"We made progress," he said.',
        [("We made progress,", "direct", "Pavel Novak")],
    ),
    (
        'Norway\'s foreign minister, Karin Lund, arrived on Monday. Czech Prime Minister Pavel Novak hosted her.\n'
        '"The talks were useful," the foreign minister said.',
        [("The talks were useful,", "direct", "Karin Lund")],
    ),
    (
        '"We are ready," she said, "but not at any price." Karin Lund spoke after the meeting.',
        [("We are ready,", "direct", None), ("but not at any price.", "direct", None)],
    ),
    (
        'Karin Lund said the plan was sound.\n"We checked every figure.\n"We found nothing wrong," she said.',
        [("We checked every figure.", "direct", "Karin Lund"), ("We found nothing wrong,", "direct", "Karin Lund")],
    ),
    ('Officials dubbed the plan a "roadmap" for the region.', [("roadmap", "term", None)]),
    ('"The talks were frank," one diplomat said on condition of anonymity.', [("The talks were frank,", "direct", None)]),
    ('Karin Lund spoke to reporters after the vote. "We did what we promised."', [("We did what we promised.", "direct", "Karin Lund")]),
]


def test_headline_quote_after_a_name_and_colon(enricher):
    record = enrich(enricher, "Karin Lund met her Czech counterpart on Monday.", headline='Lund: "We are ready to sign"')
    assert speakers(record) == [("We are ready to sign", "direct", "Karin Lund")]


@pytest.mark.parametrize("body, expected", CASES, ids=[c[0][:40] for c in CASES])
def test_quote_pattern(enricher, body, expected):
    assert speakers(enrich(enricher, body)) == expected


@pytest.mark.parametrize("body", [
    # the parser may hang the clause before a colon from the quote's own verb; the colon says
    # that clause introduces the quote, whatever objects its verb has
    'Ana Ruiz spoke on Monday. Tom Hadley delivered a sharp retort: "Nobody is tearing this up. '
    'We are going to go forward."',
    'Ana Ruiz spoke on Monday. Tom Hadley has since apologised for what happened: "Yes, I should have '
    'used two addresses. I am sorry about it."',
])
def test_the_clause_before_a_colon_introduces_the_quote(enricher, body):
    found = [q for q in speakers(enrich(enricher, body)) if q[1] != "term"]
    assert found and all(q[2] == "Tom Hadley" for q in found), found


def test_a_question_cut_off_by_the_sentence_splitter_belongs_to_the_subject_after_it(enricher):
    # '"...?" Tom Hadley went on': the splitter ends the sentence at the question mark, and "went
    # on" is no speech verb; the person opening the next sentence still speaks the question
    body = ('Ana Ruiz asked about the vote. "Were you there?" she asked.\n'
            '"You know, it happens, right?" Tom Hadley went on, as if he had not heard her. "But you get over it."')
    found = [q for q in speakers(enrich(enricher, body)) if q[1] != "term"]
    assert [q[2] for q in found] == ["Ana Ruiz", "Tom Hadley", "Tom Hadley"], found


def test_a_day_is_nobody(enricher):
    # "... said Tuesday that ...", "Super Tuesday": a day never becomes a speaker
    doc = enricher.nlp("Voters went to the polls on Super Tuesday. Later Tuesday said little.")
    day = [t for t in doc if t.text == "Tuesday"][-1]
    assert enricher.quotes.speakers.named_speaker(day, Persons(doc)) is None


def test_a_long_description_between_commas_does_not_hide_the_speaker_named_after_the_quote(enricher):
    # the verb inside "the frontrunner ... after winning the primaries" describes Hadley; the
    # speaker is not Ruiz, who only asked the question
    body = ('Ana Ruiz met Tom Hadley on Monday. \u201cVery good reporter, very good reporter this guy,\u201d Hadley, '
            'the 2016 frontrunner nationally and current polling leader in the state by a wide margin after winning '
            'the primaries, said when Ruiz asked him a question.')
    found = [q for q in speakers(enrich(enricher, body)) if q[1] != "term"]
    assert found and found[0][2] == "Tom Hadley", found
