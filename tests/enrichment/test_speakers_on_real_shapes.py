"""Attribution shapes that real published news uses and our own stories did not (read on PolNeAR
train; the texts here are written for the tests)."""

import json

import pytest

from streams.enrichment.article import decode_article


def quotes_of(enricher, body):
    record = enricher.enrich(decode_article(json.dumps({"headline": "Vote count goes on", "body": body}).encode()))
    return [(q["text"], q["type"], q["speaker"], q["speaker_text"]) for q in record["quotes"]]


@pytest.mark.parametrize(
    "body, speaker, speaker_text",
    [
        ('"The risk," said Edward Leamer, an economist who directs a forecasting centre, '
         '"is that we are going to be attracting workers and repelling jobs."', "Edward Leamer", "Edward Leamer"),
        ('Maria Lopez spoke on Monday. Her statement said "we will not back down from this fight."',
         "Maria Lopez", "Her statement"),
        ('Ahmed Khan stayed away. Khan\'s letter reads: "The minister is abroad until Friday and will answer then."',
         "Ahmed Khan", None),
        ('Senator Karen Walsh was silent on Monday. "This is a disgrace for the country," her spokesman said.',
         None, "her spokesman"),
    ],
)
def test_who_said_it(enricher, body, speaker, speaker_text):
    found = [q for q in quotes_of(enricher, body) if q[1] != "term"]
    assert found and all(q[2] == speaker for q in found), found
    if speaker_text is not None:
        assert all(q[3] == speaker_text for q in found), found
