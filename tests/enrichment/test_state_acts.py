"""Who acts upon whom: acts between states are found, candidates' pledges and domestic acts are not."""

import pytest

from streams.enrichment.countries import country_mentions
from streams.enrichment.state_acts import StateActFinder, verb_forms


@pytest.fixture(scope="module")
def acts_in(enricher):
    finder = StateActFinder()

    def find(text: str):
        doc = enricher.nlp(text)
        found = enricher.entities.extract(doc)
        spans = [(m.start, m.end, m.code) for m in country_mentions(doc, enricher.countries)]
        return finder.find(doc, list(found.persons), spans)

    return find


def test_regular_verb_forms():
    assert verb_forms("summon") == {"summon", "summons", "summoned", "summoning"}
    assert verb_forms("rebuke") == {"rebuke", "rebukes", "rebuked", "rebuking"}
    assert verb_forms("deny") >= {"denies", "denied"}
    assert "presses" in verb_forms("press")


def test_a_state_summoning_another_states_envoy_is_an_act(acts_in):
    [act] = acts_in("Poland summoned Belarus's ambassador on Wednesday after the incident.")
    assert act.kind == "protest" and act.actor_code == "PL" and act.target_code == "BY"
    assert act.reason.startswith("act: Poland summoned")


def test_an_official_in_office_acts_for_the_state(acts_in):
    acts = acts_in("Foreign Minister Anna Kowalska urged Russia to withdraw its troops.")
    assert [a.kind for a in acts] == ["pressure"]


def test_a_candidates_pledge_is_not_an_act_of_a_state(acts_in):
    assert acts_in("The Republican candidate, John Harper, promised voters he would negotiate with China.") == []


def test_a_state_acting_on_itself_is_domestic(acts_in):
    assert acts_in("France sanctioned France's largest bank for fraud.") == []
