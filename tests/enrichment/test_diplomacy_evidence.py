"""The evidence the diplomacy scorer reads: institutions apart from acts, and what share of the
story's sentences speak of domestic politics."""

import pytest

from streams.enrichment.article import decode_article

INQUIRY = (
    "Inquiry faults the ministry over the embassy's security\n\n"
    "A parliamentary inquiry found that the State Department ignored warnings about the embassy. "
    "The ambassador and two diplomats had asked the foreign ministry for more guards. "
    "The committee will question the secretary of state next week."
)
TALKS = (
    "Neighbours resume talks on a border treaty\n\n"
    "The two governments resumed negotiations on Monday. "
    "Voters in both countries remain sceptical, a poll found. "
    "The weather was mild. "
    "A summit is planned for the spring."
)


@pytest.fixture(scope="module")
def evidence_of(enricher):
    def evidence(text: str):
        seen = []
        enricher.diplomacy.observer = seen.append
        try:
            enricher.enrich(decode_article(text.encode()))
        finally:
            enricher.diplomacy.observer = None
        return seen[0]

    return evidence


def test_institutions_named_are_not_acts_of_relations(evidence_of):
    evidence = evidence_of(INQUIRY)
    assert evidence.row["institution_terms"] > 0
    assert evidence.row["relations_terms_lead"] == evidence.row["relations_terms_body"] == 0
    assert any("state department" in r for r in evidence.reasons["institution_terms"])


def test_acts_of_relations_count_as_relations_terms(evidence_of):
    evidence = evidence_of(TALKS)
    assert evidence.row["relations_terms_lead"] > 0 and evidence.row["institution_terms"] == 0


def test_the_share_of_sentences_on_domestic_politics_does_not_grow_with_length(evidence_of):
    evidence = evidence_of(TALKS)  # headline and four sentences, one of them on domestic politics
    assert evidence.row["domestic_sentence_share"] == pytest.approx(10 * 1 / 5)
    assert evidence.reasons["domestic_sentence_share"] == ["domestic politics in 1 of 5 sentences: voters, poll"]
    longer = evidence_of(TALKS + " The talks will continue. Both delegations went home. The treaty is old.")
    assert longer.row["domestic_sentence_share"] == pytest.approx(10 * 1 / 8)
