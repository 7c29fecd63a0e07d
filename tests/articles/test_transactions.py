"""Exactly-once plumbing, against Faust's own TransactionManager: the ids, the lock, the refusals.

The transactional id is the one fact we take from Faust's internals (faust-streaming
0.15.3): these tests run Faust's real `TransactionManager.commit` with a recording
producer, so an upgrade that changes the id format fails here, not in production.
"""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest
from faust.transport.consumer import TransactionManager
from faust.types import TP

from streams.articles.outputs import PartitionRevoked, TransactionalOutputTopic
from streams.articles.transactions import (
    BatchCommitLock,
    NotTransactional,
    install,
    serialised_transaction_manager,
    transactional_id,
    transactional_id_for,
)

GROUP = 3  # the assignor's group for the input topic; any number must round-trip


class RecordingProducer:
    def __init__(self) -> None:
        self.commits: list[dict] = []
        self.sends: list[tuple] = []
        self._transaction_producers: dict[str, object] = {}
        self.calls: list[str] = []

    async def commit_transactions(self, by_transactional_id, group_id, start_new_transaction=True):
        self.commits.append({tid: dict(offsets) for tid, offsets in by_transactional_id.items()})

    async def flush(self):
        self.calls.append("flush")

    async def stop_transaction(self, transactional_id):
        self.calls.append(f"stop {transactional_id}")
        self._transaction_producers.pop(transactional_id)

    async def send(self, topic, key, value, partition, timestamp, headers, *, transactional_id=None):
        self.sends.append((topic, key, transactional_id))
        future = asyncio.get_running_loop().create_future()
        future.set_result(None)
        return future


def _app(app_id: str = "newsstreams-test"):
    assignor = SimpleNamespace(group_for_topic=lambda topic: GROUP, is_standby=lambda tp: False)
    return SimpleNamespace(conf=SimpleNamespace(id=app_id), assignor=assignor)


def _group(generation: int, rebalancing: bool = False):
    return SimpleNamespace(consumer_generation_id=generation, rebalancing=rebalancing)


def _manager(cls, producer, app):
    return cls(SimpleNamespace(app=app), consumer=SimpleNamespace(_acked={}, _gap={}), producer=producer)


def test_our_transactional_id_is_the_one_faust_commits_offsets_through():
    app, producer = _app(), RecordingProducer()
    manager = _manager(TransactionManager, producer, app)
    asyncio.run(manager.commit({TP("articles", 2): 41, TP("articles", 0): 7}))
    (commit,) = producer.commits
    assert set(commit) == {transactional_id_for(app)("articles", 2), transactional_id_for(app)("articles", 0)}
    assert commit[transactional_id("newsstreams-test", GROUP, 2)] == {TP("articles", 2): 41}


def test_a_commit_waits_for_the_batch_holding_the_lock():
    lock, producer, counted = BatchCommitLock(), RecordingProducer(), []
    manager = _manager(serialised_transaction_manager(lock, counted.append), producer, _app())

    async def scenario():
        async with lock:
            committing = asyncio.ensure_future(manager.commit({TP("articles", 0): 5}))
            await asyncio.sleep(0.05)
            assert not committing.done() and producer.commits == []
        await asyncio.wait_for(committing, timeout=5)

    asyncio.run(scenario())
    assert producer.commits == [{transactional_id("newsstreams-test", GROUP, 0): {TP("articles", 0): 5}}]
    assert counted == [1]  # one transaction: one input partition


def test_a_send_outside_a_transaction_is_refused():
    manager = _manager(serialised_transaction_manager(BatchCommitLock()), RecordingProducer(), _app())
    with pytest.raises(NotTransactional, match="bypass"):
        asyncio.run(manager.send("articles.enriched", b"k", b"v", None, None, None))
    with pytest.raises(NotTransactional):
        manager.send_soon(object())


def test_a_send_with_a_transactional_id_goes_to_that_producer():
    producer = RecordingProducer()
    manager = _manager(serialised_transaction_manager(BatchCommitLock()), producer, _app())
    asyncio.run(manager.send("articles.enriched", b"k", b"v", None, None, None, transactional_id="t-1"))
    assert producer.sends == [("articles.enriched", b"k", "t-1")]


def test_outputs_go_through_the_input_partitions_producer():
    app, producer = _app(), RecordingProducer()
    tid = transactional_id("newsstreams-test", GROUP, 1)
    producer._transaction_producers[tid] = object()
    topic = TransactionalOutputTopic("articles.enriched", producer, transactional_id_for(app), _group(7))
    source = SimpleNamespace(topic="articles", partition=1, offset=9, generation_id=7)
    asyncio.run(topic.send(b"id-1", b"{}", None, source))
    assert producer.sends == [("articles.enriched", b"id-1", tid)]


@pytest.mark.parametrize("group, fetched_in", [(_group(8), 7), (_group(7, rebalancing=True), 7)],
                         ids=["fetched in an earlier generation", "during a rebalance"])
def test_a_record_from_before_a_rebalance_is_refused_as_no_longer_ours(group, fetched_in):
    app, producer = _app(), RecordingProducer()
    producer._transaction_producers[transactional_id("newsstreams-test", GROUP, 1)] = object()
    topic = TransactionalOutputTopic("articles.enriched", producer, transactional_id_for(app), group)
    with pytest.raises(PartitionRevoked, match="rebalance"):
        asyncio.run(topic.send(b"id-1", b"{}", None,
                               SimpleNamespace(topic="articles", partition=1, offset=9, generation_id=fetched_in)))
    assert producer.sends == []


def test_an_output_of_a_partition_no_longer_ours_is_refused_as_revoked():
    topic = TransactionalOutputTopic("articles.enriched", RecordingProducer(), transactional_id_for(_app()), _group(1))
    with pytest.raises(PartitionRevoked):
        asyncio.run(topic.send(b"id-1", b"{}", None, SimpleNamespace(topic="articles", partition=5, offset=0)))


def test_install_refuses_an_app_whose_consumer_already_exists():
    app = SimpleNamespace(_consumer=object(), transport=SimpleNamespace())
    with pytest.raises(RuntimeError, match="before the app's consumer exists"):
        install(app, BatchCommitLock())
    fresh = SimpleNamespace(_consumer=None, transport=SimpleNamespace())
    install(fresh, BatchCommitLock())
    assert issubclass(fresh.transport.TransactionManager, TransactionManager)


def test_an_exactly_once_worker_builds_its_consumer_with_our_transaction_manager():
    from prometheus_client import CollectorRegistry

    from streams.app import create_app
    from streams.articles.agents import register_agents
    from streams.observability.metrics import PipelineMetrics
    from streams.settings import load_settings

    settings = load_settings({"processing_guarantee": "exactly_once"}, environ={})
    app = create_app(settings)
    register_agents(app, settings, enricher=None, metrics=PipelineMetrics.create(CollectorRegistry()))
    assert type(app.consumer.transactions).__name__ == "SerialisedTransactionManager"
    assert isinstance(app.consumer.transactions, TransactionManager)


def test_a_revoke_retires_the_partitions_producers_and_forgets_their_acks():
    lock, producer, app = BatchCommitLock(), RecordingProducer(), _app()
    kept, gone = TP("articles", 0), TP("articles", 1)
    for tp in (kept, gone):
        producer._transaction_producers[transactional_id("newsstreams-test", GROUP, tp.partition)] = object()
    other = TP("articles", 2)  # still assigned: its acks stay
    consumer = SimpleNamespace(_acked={kept: [5], gone: [9], other: [3]}, _acked_index={kept: {5}, gone: {9}, other: {3}},
                               _gap={})
    manager = serialised_transaction_manager(lock)(SimpleNamespace(app=app), consumer=consumer, producer=producer)
    asyncio.run(manager.on_partitions_revoked({kept, gone}))
    tid = lambda tp: transactional_id("newsstreams-test", GROUP, tp.partition)  # noqa: E731
    assert producer.calls == ["flush", f"stop {tid(kept)}", f"stop {tid(gone)}"]
    assert producer._transaction_producers == {}  # the next assignment starts fresh ones
    assert consumer._acked == {other: [3]} and consumer._acked_index == {other: {3}}


class _Consumer:
    """The two fields of Faust's consumer that say what is acked: sorted lists and gap trees."""

    def __init__(self, acked, gaps=None):
        from collections import defaultdict

        from intervaltree import IntervalTree

        self._acked = defaultdict(list, acked)
        self._gap = defaultdict(IntervalTree, gaps or {})


def test_a_commit_that_waited_for_a_batch_takes_that_batchs_acks_with_it():
    from streams.articles.transactions import offsets_with_later_acks

    # Faust computed offset 10 (events 0..9 acked); a batch then acked 10..13 and 15 while the commit waited
    consumer = _Consumer({"tp": [10, 11, 12, 13, 15], "other": []})
    assert offsets_with_later_acks(consumer, {"tp": 10, "other": 4}) == {"tp": 14, "other": 4}  # 14 not acked yet


def test_offsets_known_to_be_gaps_count_as_acked():
    from intervaltree import Interval, IntervalTree

    from streams.articles.transactions import offsets_with_later_acks

    consumer = _Consumer({"tp": [10, 13]}, {"tp": IntervalTree([Interval(11, 13)])})  # 11, 12: transaction markers
    assert offsets_with_later_acks(consumer, {"tp": 10}) == {"tp": 14}
    assert "missing" not in consumer._acked and offsets_with_later_acks(consumer, {"missing": 3}) == {"missing": 3}
