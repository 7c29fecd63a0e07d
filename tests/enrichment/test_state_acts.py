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


def test_in_the_passive_voice_the_agent_acts(acts_in):
    [act] = acts_in("Fresh sanctions were imposed on Iran by the United States on Monday.")
    assert act.kind == "sanctions" and act.actor_code == "US" and act.target_code == "IR"
    [act] = acts_in("Russia's ambassador was summoned by the German foreign ministry.")
    assert act.kind == "protest" and act.actor_code == "DE" and act.target_code == "RU"


def test_a_passive_without_an_agent_names_no_actor(acts_in):
    assert acts_in("Russia's ambassador was summoned on Friday.") == []


def test_in_reported_speech_the_pronoun_is_the_speaker(acts_in):
    [act] = acts_in("The Chinese foreign ministry said it had summoned the Japanese ambassador.")
    assert act.kind == "protest" and act.actor_code == "CN" and act.target_code == "JP"


def test_a_candidate_reporting_his_own_pledge_is_still_no_state(acts_in):
    assert acts_in("The candidate said he would impose tariffs on China.") == []


def test_a_noun_of_relations_tied_to_states_is_an_act(acts_in):
    [act] = acts_in("Germany's sanctions against Russia remain in force.")
    assert act.kind == "sanctions" and act.actor_code == "DE" and act.target_code == "RU"
    [act] = acts_in("The talks between Japan and South Korea ended without a deal.")
    assert act.kind == "talks" and (act.actor_code, act.target_code) == ("JP", "KR")
    assert act.reason == "act: talks between Japan and South Korea"


def test_a_noun_of_relations_needs_two_parties_both_states(acts_in):
    assert acts_in("The businessman's visit to Mexico angered his shareholders.") == []
    assert acts_in("The candidate's visit to Mexico pleased the crowd.") == []
    assert acts_in("He wants higher tariffs on China.") == []  # one party: who imposes them?
    assert acts_in("He attacked the trade deal with Mexico and Canada.") == []  # who deals with them?


def test_a_target_must_be_another_state_not_an_official_of_no_named_country(acts_in):
    assert acts_in("Senate Majority Leader Tom Baker criticized President Ann Miller on Tuesday.") == []


def test_an_official_of_no_named_country_is_a_target_for_an_actor_of_a_named_one(acts_in):
    [act] = acts_in("The British ambassador praised President Ann Miller on Tuesday.")
    assert act.actor_code == "GB" and act.target_code is None


def test_what_a_state_says_of_another_state_is_its_reaction(acts_in):
    [act] = acts_in("The Mexican foreign ministry said Brazil had broken its promise.")
    assert act.kind == "reaction" and act.actor_code == "MX" and act.target_code == "BR"
    [act] = acts_in("A Chinese official said Japan was making a mistake.")
    assert act.kind == "reaction" and (act.actor_code, act.target_code) == ("CN", "JP")


def test_a_speaker_with_a_nationality_or_of_no_named_country_is_not_a_state_reacting(acts_in):
    assert acts_in("Chinese economists said Japan was making a mistake.") == []
    assert acts_in("The senator said Japan was making a mistake.") == []
    assert acts_in("The French government said France would cut taxes.") == []
