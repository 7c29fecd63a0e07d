"""The whole path on a real broker: articles in, enriched/diplomacy/dlq out, worker keeps going."""

import json
from pathlib import Path

import pytest

from streams.kafka.dead_letters import read_headers
from tests.support.kafka import produce, read_topic
from tests.support.schema import assert_valid_record

pytestmark = pytest.mark.integration
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"
SEED = (EXAMPLES / "000_seed_bush_putin_letter.txt").read_bytes()
SPORTS = (EXAMPLES / "006_netherlands_norway_qualifier.txt").read_bytes()
BAD_INPUTS = {
    b'{"headline": "broken", "body": ': "invalid_json",
    b"\xff\xfeW\x00a\x00r\x00": "invalid_encoding",
    b'{"headline": "Nothing here", "body": "   "}': "empty_body",
    b'[{"body": "an array, not an object"}]': "invalid_shape",
    # JSON scalars are JSON, not one-word wire stories.
    b"null": "invalid_shape",
    b"true": "invalid_shape",
    b"42": "invalid_shape",
    b'"text"': "invalid_shape",
    b'{"headline": "Too short", "body": "Developing story"}': "empty_body",
}
GOOD_AFTER = json.dumps({"id": "after-the-bad-ones", "headline": "Envoys resume talks", "body": (
    "Foreign ministers from Japan and South Korea met in Seoul on Tuesday for talks on a new fisheries accord, "
    "the first such negotiations in a decade.\n\"We have agreed to keep talking,\" said Japanese Foreign Minister Aiko Tanabe."
)}).encode()


def test_seed_sports_and_bad_inputs_end_where_they_belong(make_settings, start_worker):
    settings = make_settings()
    worker = start_worker(settings)
    produce(settings, [SEED, SPORTS, *BAD_INPUTS, GOOD_AFTER])

    enriched = read_topic(settings, settings.topic_enriched, expected=3)
    diplomacy = read_topic(settings, settings.topic_diplomacy, expected=2)
    dead = read_topic(settings, settings.topic_dlq, expected=len(BAD_INPUTS))

    records = {m.key.decode(): json.loads(m.value) for m in enriched}
    assert len(enriched) == 3, worker.tail()
    for record in records.values():
        assert_valid_record(record)
    seed = next(r for r in records.values() if r["dateline"] == "MOSCOW")
    assert seed["diplomacy"]["is_diplomacy"] and set(seed["countries"]) == {"RU", "US"}
    assert {"Vladimir Putin", "Condoleezza Rice", "Robert Gates", "Dmitry Medvedev", "Bush"} <= set(seed["people"])
    sports = next(r for r in records.values() if "qualifier" in r["body"].lower() or "Norway" in r["body"])
    assert not sports["diplomacy"]["is_diplomacy"]
    assert "after-the-bad-ones" in records, "the good article after the bad ones must still come through"

    routed = {m.key.decode() for m in diplomacy}
    assert seed["id"] in routed and sports["id"] not in routed
    assert all(json.loads(m.value)["diplomacy"]["is_diplomacy"] for m in diplomacy)

    assert len(dead) == len(BAD_INPUTS)
    by_value = {m.value: read_headers(m.headers) for m in dead}
    for raw, reason in BAD_INPUTS.items():
        headers = by_value[raw]  # the original bytes, untouched
        assert headers["error.reason"] == reason
        assert headers["error.message"] and headers["error.class"]
        assert headers["source.topic"] == settings.topic_input
        assert headers["source.offset"].isdigit() and headers["source.partition"].isdigit()

    metrics = worker.metrics_text()
    assert f"newsstreams_articles_consumed_total {3 + len(BAD_INPUTS)}.0" in metrics
    assert worker.process.poll() is None, "the worker must survive bad input"


def test_resending_the_same_article_gives_the_same_key(make_settings, start_worker):
    settings = make_settings()
    start_worker(settings)
    produce(settings, [SEED, SEED])
    enriched = read_topic(settings, settings.topic_enriched, expected=2)
    assert len({m.key for m in enriched}) == 1 and len(enriched) == 2
