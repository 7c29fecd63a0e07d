"""ArticleProcessor.process() with fake topics, a fake enricher and a private registry: no broker.

The fakes stand where Faust's topics and spaCy stand, so these tests pin the
processor's own promises: outputs in input order and keyed by article id, the
diplomacy copy, a dead letter with its headers for each reason, the one-by-one
retry of a batch that failed as a whole, metrics counted once per article, and
no return (so no ack) before every output is acknowledged.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest
from prometheus_client import CollectorRegistry

from streams.articles.outputs import PartitionRevoked
from streams.articles.processing import ArticleProcessor, DeliveryFailed
from streams.articles.transactions import BatchCommitLock
from streams.enrichment.enricher import BatchResult
from streams.kafka.dead_letters import read_headers
from streams.observability.metrics import PipelineMetrics
from streams.settings import Settings

INPUT_TOPIC = "articles"


class FakeTopic:
    """Records every send; acknowledges at once unless told to hold or to fail."""

    def __init__(self, name: str, hold: bool = False, fail: bool = False) -> None:
        self.name = name
        self.hold = hold
        self.fail = fail
        self.revoked: set[int] = set()  # partitions whose transaction this worker lost
        self.sent: list[SimpleNamespace] = []

    async def send(self, key, value, headers, source):
        future = asyncio.get_running_loop().create_future()
        if self.revoked and source.partition in self.revoked:
            raise PartitionRevoked(f"partition {source.partition} was revoked")
        self.sent.append(SimpleNamespace(key=key, value=value, headers=headers, source=source, ack=future))
        if self.fail:
            future.set_exception(RuntimeError("broker refused the record"))
        elif not self.hold:
            future.set_result(None)
        return future

    def records(self) -> list[dict]:
        return [json.loads(sent.value) for sent in self.sent]


class FakeEnricher:
    """A record per article from its text alone; a batch holding a 'crash' article fails as a whole."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def enrich_batch(self, articles) -> BatchResult:
        self.batches.append([article.id for article in articles])
        if any("crash" in article.body for article in articles):
            raise RuntimeError("the parser fell over")
        return BatchResult(outcomes=[self._record(article) for article in articles])

    @staticmethod
    def _record(article) -> dict:
        diplomacy = "summit" in article.body
        return {
            "id": article.id,
            "headline": article.headline,
            "body": article.body,
            "processing": {},
            "diplomacy": {"is_diplomacy": diplomacy, "score": 0.9 if diplomacy else 0.1},
            "entities": [{"label": "GPE"}, {"label": "NEW_KIND"}],
            "quotes": [{"type": "direct"}],
        }


def _event(offset: int, value: bytes | None, key: bytes | None = None, partition: int = 0):
    message = SimpleNamespace(topic=INPUT_TOPIC, partition=partition, offset=offset,
                              timestamp=1_700_000_000.0 + offset, key=key, value=value)
    return SimpleNamespace(value=value, message=message)


def _article(article_id: str, body: str) -> bytes:
    return json.dumps({"id": article_id, "headline": f"Story {article_id}", "body": body}).encode()


@pytest.fixture
def registry() -> CollectorRegistry:
    return CollectorRegistry()


@pytest.fixture
def pipeline(registry):
    """A processor over fresh fakes; `pipeline.run(events)` processes one batch."""
    topics = [FakeTopic("articles.enriched"), FakeTopic("articles.diplomacy"), FakeTopic("articles.dlq")]
    enricher = FakeEnricher()
    executor = ThreadPoolExecutor(max_workers=1)
    settings = dataclasses.replace(Settings(), max_body_chars=2_000)
    lock = BatchCommitLock()
    acked: list[list[int]] = []  # offsets acked, per call, with whether the lock was held then

    def acknowledge(events):
        assert lock.locked(), "events must be acked inside the commit lock"
        assert all(sent.ack.done() for topic in topics for sent in topic.sent), "acked before delivery"
        acked.append([event.message.offset for event in events])

    forgotten: list[int] = []
    processor = ArticleProcessor(settings, enricher, executor, tuple(topics), PipelineMetrics.create(registry),
                                 commit_lock=lock, acknowledge=acknowledge,
                                 forget=lambda events: forgotten.extend(e.message.offset for e in events))
    enriched, diplomacy, dlq = topics
    yield SimpleNamespace(
        processor=processor, enricher=enricher, enriched=enriched, diplomacy=diplomacy, dlq=dlq, lock=lock,
        acked=acked, forgotten=forgotten, run=lambda events: asyncio.run(processor.process(events)),
    )
    executor.shutdown()


def _value(registry, name: str, **labels) -> float:
    return registry.get_sample_value(name, labels) or 0.0


def test_enriched_records_go_out_in_input_order_keyed_by_article_id(pipeline):
    pipeline.run([_event(n, _article(f"a{n}", f"Plain story number {n} with words.")) for n in range(5)])
    assert [sent.key for sent in pipeline.enriched.sent] == [f"a{n}".encode() for n in range(5)]
    records = pipeline.enriched.records()
    assert [record["processing"]["input"]["offset"] for record in records] == list(range(5))
    assert records[0]["processing"]["input"]["topic"] == INPUT_TOPIC
    assert pipeline.diplomacy.sent == [] and pipeline.dlq.sent == []


def test_a_diplomacy_story_is_also_copied_to_the_diplomacy_topic(pipeline):
    pipeline.run([
        _event(0, _article("general", "Rain fell over the valley all week.")),
        _event(1, _article("talks", "Leaders met at the summit on Friday.")),
    ])
    assert [sent.key for sent in pipeline.enriched.sent] == [b"general", b"talks"]
    assert [sent.key for sent in pipeline.diplomacy.sent] == [b"talks"]
    assert pipeline.diplomacy.sent[0].value == pipeline.enriched.sent[1].value


@pytest.mark.parametrize("value, reason", [
    (b"\xff\xfe not text", "invalid_encoding"),
    (b'{"body": "unterminated', "invalid_json"),
    (b"[1, 2, 3]", "invalid_shape"),
    (b'{"headline": "No body at all"}', "invalid_shape"),
    (b'{"body": "N/A"}', "empty_body"),
    (b"", "empty_body"),
    (None, "empty_body"),
    (json.dumps({"body": "word " * 1_000}).encode(), "too_large"),
    (_article("boom", "This article makes the parser crash every time."), "enrichment_failed"),
])
def test_each_kind_of_bad_input_is_dead_lettered_with_its_reason_and_original_bytes(pipeline, registry, value, reason):
    pipeline.run([_event(7, value, key=b"k7")])
    assert pipeline.enriched.sent == []
    (letter,) = pipeline.dlq.sent
    assert letter.key == b"k7" and letter.value == (value or b"")
    headers = read_headers(letter.headers)
    assert headers["error.reason"] == reason
    assert headers["source.topic"] == INPUT_TOPIC and headers["source.offset"] == "7"
    assert headers["error.message"]
    assert _value(registry, "newsstreams_articles_dead_lettered_total", reason=reason) == 1


def test_a_batch_that_fails_as_a_whole_is_retried_one_by_one_and_only_the_culprit_is_dead_lettered(pipeline):
    bodies = ["First calm story here.", "This one makes the parser crash.", "Third calm story here."]
    pipeline.run([_event(n, _article(f"a{n}", body)) for n, body in enumerate(bodies)])
    assert pipeline.enricher.batches == [["a0", "a1", "a2"], ["a0"], ["a1"], ["a2"]]
    assert [sent.key for sent in pipeline.enriched.sent] == [b"a0", b"a2"]
    (letter,) = pipeline.dlq.sent
    assert read_headers(letter.headers)["source.offset"] == "1"


def test_a_refused_input_keeps_its_place_between_enriched_ones(pipeline):
    pipeline.run([
        _event(0, _article("a0", "First calm story here.")),
        _event(1, b"[]"),
        _event(2, _article("a2", "Third calm story here.")),
    ])
    assert pipeline.enricher.batches == [["a0", "a2"]]  # the refused one never reaches the enricher
    assert [r["processing"]["input"]["offset"] for r in pipeline.enriched.records()] == [0, 2]
    assert len(pipeline.dlq.sent) == 1


def test_metrics_count_each_article_once(pipeline, registry):
    pipeline.run([
        _event(0, _article("a0", "Leaders met at the summit on Friday.")),
        _event(1, _article("a1", "Rain fell over the valley all week.")),
        _event(2, b"[]"),
        _event(3, b"{}"),
    ])
    enriched = 2
    assert _value(registry, "newsstreams_articles_consumed_total") == 4
    assert _value(registry, "newsstreams_articles_enriched_total") == enriched
    assert _value(registry, "newsstreams_articles_routed_total", route="diplomacy") == 1
    assert _value(registry, "newsstreams_articles_routed_total", route="general") == 1
    assert _value(registry, "newsstreams_articles_dead_lettered_total", reason="invalid_shape") == 2
    assert _value(registry, "newsstreams_entities_total", label="GPE") == enriched
    assert _value(registry, "newsstreams_entities_total", label="OTHER") == enriched  # an unknown NER label
    assert _value(registry, "newsstreams_quotes_total", type="direct") == enriched
    assert _value(registry, "newsstreams_end_to_end_latency_seconds_count") == 4
    assert _value(registry, "newsstreams_batch_size_articles_count") == 1
    assert _value(registry, "newsstreams_stage_duration_seconds_count", stage="decode") == 4
    assert _value(registry, "newsstreams_articles_in_flight") == 0


def test_process_does_not_return_before_every_output_is_acknowledged(pipeline, registry):
    pipeline.enriched.hold = True

    async def scenario():
        task = asyncio.ensure_future(pipeline.processor.process([_event(0, _article("a0", "A calm story here."))]))
        while not pipeline.enriched.sent:
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.05)
        assert not task.done(), "the batch returned (and would be acked) before its output was acknowledged"
        assert _value(registry, "newsstreams_articles_in_flight") == 1
        assert _value(registry, "newsstreams_articles_enriched_total") == 0
        pipeline.enriched.sent[0].ack.set_result(None)
        await asyncio.wait_for(task, timeout=5)

    asyncio.run(scenario())
    assert _value(registry, "newsstreams_articles_enriched_total") == 1
    assert _value(registry, "newsstreams_articles_in_flight") == 0


def test_an_unacknowledged_output_raises_delivery_failed_and_counts_nothing_as_delivered(pipeline, registry):
    pipeline.enriched.fail = True
    with pytest.raises(DeliveryFailed, match="broker refused"):
        pipeline.run([_event(0, _article("a0", "A calm story here."))])
    assert _value(registry, "newsstreams_articles_enriched_total") == 0
    assert _value(registry, "newsstreams_articles_in_flight") == 0


def test_events_are_acked_once_their_outputs_are_delivered_and_inside_the_commit_lock(pipeline):
    pipeline.run([_event(n, _article(f"a{n}", "A calm story here.")) for n in range(3)])
    assert pipeline.acked == [[0, 1, 2]]
    assert not pipeline.lock.locked()


def test_a_commit_waits_while_a_batch_is_between_its_first_send_and_its_acks(pipeline):
    pipeline.enriched.hold = True
    order: list[str] = []

    async def commit():
        async with pipeline.lock:
            order.append("commit")

    async def scenario():
        batch = asyncio.ensure_future(pipeline.processor.process([_event(0, _article("a0", "A calm story here."))]))
        while not pipeline.enriched.sent:
            await asyncio.sleep(0.01)
        committing = asyncio.ensure_future(commit())
        await asyncio.sleep(0.05)
        assert not committing.done(), "a commit ran between the batch's send and its acks"
        order.append("delivered")
        pipeline.enriched.sent[0].ack.set_result(None)
        await asyncio.wait_for(asyncio.gather(batch, committing), timeout=5)

    asyncio.run(scenario())
    assert order == ["delivered", "commit"] and pipeline.acked == [[0]]


def test_an_event_of_a_revoked_partition_is_skipped_and_the_rest_of_the_batch_goes_out(pipeline, registry):
    for topic in (pipeline.enriched, pipeline.diplomacy, pipeline.dlq):
        topic.revoked = {1}
    pipeline.run([
        _event(0, _article("kept", "A calm story here."), partition=0),
        _event(1, _article("lost-to-another-worker", "A calm story here."), partition=1),
        _event(2, b"[]", partition=1),
        _event(3, _article("kept-too", "Leaders met at the summit."), partition=0),
    ])
    assert [sent.key for sent in pipeline.enriched.sent] == [b"kept", b"kept-too"]
    assert pipeline.dlq.sent == []
    assert pipeline.acked == [[0, 3]] and pipeline.forgotten == [1, 2]  # never acked: read again elsewhere
    assert _value(registry, "newsstreams_articles_enriched_total") == 2
