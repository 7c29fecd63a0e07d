"""The diplomacy scorer weighs what the story is mainly about, and says why."""

from streams.enrichment.article import decode_article

STATE_TO_STATE = (
    "Norway summons Chile's ambassador over fishing dispute\n\n"
    "OSLO — Norway summoned Chile's ambassador on Tuesday and demanded talks on a fishing accord, "
    "the Foreign Ministry said. Foreign Minister Ola Berg told the envoy that Chile had broken the treaty. "
    "Chile's government rejected the protest and proposed negotiations in Geneva next month."
)
CAMPAIGN = (
    "Senator Dana Price rallies voters in Iowa ahead of the primary\n\n"
    "DES MOINES — The Republican candidate told voters at a rally that she would be tougher on China "
    "than her rival. Her campaign released a new poll on Monday showing her ahead among likely voters "
    "in the primary, and she attacked her opponent in a debate over jobs and taxes."
)


def test_a_state_acting_on_another_outscores_a_campaign_mentioning_one(enricher):
    state = enricher.enrich(decode_article(STATE_TO_STATE.encode()))["diplomacy"]
    campaign = enricher.enrich(decode_article(CAMPAIGN.encode()))["diplomacy"]
    assert state["is_diplomacy"] and not campaign["is_diplomacy"]
    assert any(s.startswith("act: Norway summoned") for s in state["signals"])
    assert any("domestic politics" in s for s in campaign["signals"])
