"""The real broker for the benchmark: find or start it, make one run's topics, produce, read the outputs.

Output topics use LogAppendTime, so each output record carries the broker's own clock
at the moment it was written: the end of the measure is when the broker had the records,
not when some reader happened to poll them.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewTopic

from ..errors import CommandError
from ..kafka.admin import admin_client
from ..kafka.local_broker import ensure_local_broker, first_port, local_broker_pid, stop_local_broker
from ..settings import Settings


@dataclass
class Broker:
    bootstrap: str
    started_here: bool
    pid: int | None  # the broker JVM when it is the local script's, so its CPU can be reported

    def stop_if_started(self) -> None:
        if self.started_here:
            stop_local_broker(self.port)

    @property
    def port(self) -> int:
        return int(self.bootstrap.rsplit(":", 1)[1])


def ensure_broker(settings: Settings) -> Broker:
    """Use the configured broker; start the local one when it is on loopback and silent."""
    started = ensure_local_broker(settings)
    return Broker(settings.bootstrap_servers[0], started, local_broker_pid(first_port(settings)))


@dataclass(frozen=True)
class RunTopics:
    """One measured run's own topics and consumer group, shared with no other run."""

    app_id: str
    input: str
    enriched: str
    diplomacy: str
    dlq: str

    @classmethod
    def fresh(cls, label: str) -> RunTopics:
        run = f"bench-{label}-{uuid.uuid4().hex[:8]}"
        return cls(run, f"{run}.articles", f"{run}.enriched", f"{run}.diplomacy", f"{run}.dlq")

    @property
    def outputs(self) -> list[str]:
        return [self.enriched, self.diplomacy, self.dlq]


def create_topics(settings: Settings, topics: RunTopics, partitions: int) -> None:
    admin = admin_client(settings)
    try:
        stamped = {"message.timestamp.type": "LogAppendTime"}
        admin.create_topics(
            [NewTopic(topics.input, partitions, 1)]
            + [NewTopic(name, partitions, 1, topic_configs=stamped) for name in topics.outputs]
        )
    finally:
        admin.close()


def delete_topics(settings: Settings, topics: RunTopics) -> None:
    """Best effort: a benchmark should not leave megabytes of copies on a developer's broker."""
    try:
        admin = admin_client(settings)
        try:
            admin.delete_topics([topics.input, *topics.outputs])
            admin.delete_groups([topics.app_id])
        finally:
            admin.close()
    except Exception:
        pass


def _producer(settings: Settings, linger_ms: int) -> KafkaProducer:
    return KafkaProducer(
        bootstrap_servers=settings.bootstrap_servers, acks="all", linger_ms=linger_ms,
        batch_size=1 << 20, max_request_size=8 << 20,
    )


def produce_burst(settings: Settings, topic: str, payloads: list[bytes], partitions: int) -> dict[str, Any]:
    """Send all payloads as fast as possible, round-robin over partitions; times from the records' own stamps."""
    producer = _producer(settings, linger_ms=20)
    started = time.time()
    futures = [producer.send(topic, value=p, partition=i % partitions) for i, p in enumerate(payloads)]
    producer.flush(120)
    stamps = [f.get(30).timestamp / 1000.0 for f in futures]
    producer.close()
    return {"first_input_ts": min(stamps), "last_input_ts": max(stamps), "produce_seconds": time.time() - started}


def produce_paced(settings: Settings, topic: str, payloads: list[bytes], per_second: float, partitions: int) -> dict[str, Any]:
    """One record every 1/per_second seconds, each sent at once (no lingering), on a fixed schedule."""
    producer = _producer(settings, linger_ms=0)
    interval = 1.0 / per_second
    started = time.monotonic()
    futures = []
    for index, payload in enumerate(payloads):
        delay = started + index * interval - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        futures.append(producer.send(topic, value=payload, partition=index % partitions))
    producer.flush(60)
    stamps = [f.get(30).timestamp / 1000.0 for f in futures]
    producer.close()
    return {"first_input_ts": min(stamps), "last_input_ts": max(stamps), "offered_per_s": per_second}


def _end_offsets(consumer: KafkaConsumer, topic: str) -> int:
    partitions = consumer.partitions_for_topic(topic) or set()
    offsets = consumer.end_offsets([TopicPartition(topic, p) for p in partitions])
    return sum(offsets.values())


def wait_for_records(settings: Settings, topics: list[str], expected: int, timeout: float) -> float:
    """Block until the topics together hold `expected` records; cheap (offsets only), so it barely
    competes for CPU with the worker it waits for. Returns the seconds waited."""
    consumer = KafkaConsumer(bootstrap_servers=settings.bootstrap_servers)
    try:
        return _poll_until(lambda: sum(_end_offsets(consumer, t) for t in topics) >= expected, timeout,
                           f"only part of {expected} records reached {', '.join(topics)} in {timeout:.0f}s")
    finally:
        consumer.close()


def wait_for_commits(settings: Settings, group: str, topic: str, expected: int, timeout: float) -> float:
    """Block until the group has committed `expected` input offsets of the topic in all.

    Exactly once, outputs become visible in the transaction that commits their input offsets,
    so this is when a read_committed consumer has them all. Offsets only, like wait_for_records."""
    admin = admin_client(settings)

    def committed() -> int:
        offsets = admin.list_group_offsets({group: None}).get(group, {})
        return sum(meta.offset for tp, meta in offsets.items() if tp.topic == topic and meta.offset > 0)

    try:
        return _poll_until(lambda: committed() >= expected, timeout,
                           f"{group} committed fewer than {expected} offsets of {topic} in {timeout:.0f}s")
    finally:
        admin.close()


def _poll_until(done: Callable[[], bool], timeout: float, failure: str) -> float:
    """Check `done` four times a second; the seconds waited, or CommandError(failure) after `timeout`."""
    started = time.monotonic()
    while not done():
        if time.monotonic() - started > timeout:
            raise CommandError(failure)
        time.sleep(0.25)
    return time.monotonic() - started


@dataclass(frozen=True)
class OutputRecord:
    topic: str
    id: str | None
    append_ts: float  # broker time the record was written (LogAppendTime), seconds
    input_ts: float | None  # the input record's timestamp, from processing.input.timestamp
    latency_ms: float | None  # the worker's own figure: input timestamp to just before send


def read_records(settings: Settings, topic: str, timeout: float = 60.0,
                 isolation_level: str = "read_uncommitted") -> list[OutputRecord]:
    """Every record now on the topic, with its broker timestamp and the fields the measures need."""
    consumer = KafkaConsumer(
        bootstrap_servers=settings.bootstrap_servers, group_id=None, enable_auto_commit=False,
        max_partition_fetch_bytes=16 << 20, fetch_max_bytes=64 << 20, isolation_level=isolation_level,
    )
    try:
        partitions = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or [])]
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        ends = consumer.end_offsets(partitions)
        records: list[OutputRecord] = []
        deadline = time.monotonic() + timeout
        while any(consumer.position(tp) < ends[tp] for tp in partitions):
            if time.monotonic() > deadline:
                raise CommandError(f"could not read back {topic} in {timeout:.0f}s")
            for batch in consumer.poll(timeout_ms=500).values():
                records.extend(_output_record(topic, message) for message in batch)
        return records
    finally:
        consumer.close()


def _output_record(topic: str, message: Any) -> OutputRecord:  # a kafka-python ConsumerRecord (untyped)
    record_id = input_ts = latency_ms = None
    try:
        value = json.loads(message.value)
        record_id = value.get("id")
        processing = value.get("processing") or {}
        latency_ms = processing.get("latency_ms")
        stamp = (processing.get("input") or {}).get("timestamp")
        input_ts = datetime.fromisoformat(stamp).timestamp() if stamp else None
    except (ValueError, TypeError, AttributeError):
        pass  # dead letters hold the original bytes, not a record
    return OutputRecord(topic, record_id, message.timestamp / 1000.0, input_ts, latency_ms)
