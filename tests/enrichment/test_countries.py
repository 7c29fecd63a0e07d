"""Country salience: `countries` is what the story is about, `countries_mentioned` everything named."""

import pytest

from streams.enrichment.article import Article


def _article(headline, body, dateline=None):
    return Article(id="t", headline=headline, body=body, dateline=dateline)


@pytest.fixture(scope="module")
def passing(enricher):
    return enricher.enrich(_article(
        "Kenya and Tanzania agree to scrap border trade barriers",
        "Kenya and Tanzania agreed on Monday to remove barriers that traders say choke commerce at their "
        "busiest crossings. Kenya's trade minister said the list had waited too long. Her Tanzanian "
        "counterpart said his government wanted trade to double. Traders at the border were sceptical. "
        "The ministers will meet again in September. Officials said they expected Uganda to seek a "
        "similar arrangement.",
        dateline="NAIROBI",
    ))


def test_passing_mention_is_mentioned_not_about(passing):
    assert "UG" not in passing["countries"]
    assert "UG" in passing["countries_mentioned"]
    assert set(passing["countries"]) == {"KE", "TZ"}


def test_order_is_by_salience_and_about_is_a_prefix(passing):
    assert passing["countries"][0] == "KE"  # headline, dateline, lead and its minister acting
    assert passing["countries_mentioned"][: len(passing["countries"])] == passing["countries"]


def test_headline_and_dateline_country_leads(enricher):
    record = enricher.enrich(_article(
        "Wildfire forces evacuation of villages north of Athens",
        "A fast-moving wildfire forced the evacuation of nine villages on Monday, Greek authorities said. "
        "Firefighters battled fronts stretching over 25 kilometres. Two planes from Italy arrived in the "
        "afternoon under a European assistance scheme. Residents loaded cars as ash fell.",
        dateline="ATHENS",
    ))
    assert record["countries"] == ["GR"]
    assert record["countries_mentioned"][0] == "GR" and "IT" in record["countries_mentioned"]


def test_next_opponent_is_not_about(enricher):
    record = enricher.enrich(_article(
        "Spain edge Italy to reach Davis Cup final",
        "Spain reached the Davis Cup final on Saturday, beating Italy 2-1 in front of a home crowd. "
        "Italy had taken the lead in the opening singles. Spain's captain praised his players. Italy's "
        "captain said his team had its chances. The players rested on Sunday. Spain will face the "
        "United States in the final.",
    ))
    assert set(record["countries"]) == {"ES", "IT"}
    assert "US" in record["countries_mentioned"]
