"""One batch of input events: decode, enrich off the event loop, produce, and only then let go.

The agent hands each batch here. Every event ends as an enriched record (plus a
diplomacy copy when it is one) or as a dead letter holding the original bytes;
the events are acked only when the broker has acknowledged all of their outputs,
so the offsets Faust commits never run ahead of the outputs. Sending, waiting for
delivery and acking happen under the commit lock: exactly once, a commit can then
never fall between a batch's outputs and its offsets (see transactions.py).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import Executor
from typing import Protocol

from ..clock import iso_ms
from ..enrichment.article import Article
from ..enrichment.batch import Admitted, admit
from ..enrichment.enricher import BatchResult, Enricher, Record
from ..enrichment.errors import EnrichmentFailed, TooLarge
from ..kafka.dead_letters import dead_letter_headers
from ..observability.metrics import PipelineMetrics
from ..settings import Settings
from .outputs import OutputTopic, PartitionRevoked, SourceMessage
from .transactions import BatchCommitLock

log = logging.getLogger(__name__)

# Kafka's default message.max.bytes is about 1 MB; stay under it with room for headers.
MAX_OUTPUT_BYTES = 950_000


class DeliveryFailed(RuntimeError):
    """An output was not acknowledged after the client's own retries.

    The batch's promise, "committed only once acknowledged", cannot be kept. The
    agent answers by exiting without a commit, so Kafka redelivers the batch to
    whichever worker takes the partitions: duplicates, never gaps.
    """


class InputMessage(SourceMessage, Protocol):
    """What the processor reads of a consumed message (Faust's Message): where it came from, and more."""

    @property
    def timestamp(self) -> float | None: ...
    @property
    def key(self) -> bytes | None: ...
    @property
    def value(self) -> bytes | None: ...


class InputEvent(Protocol):
    """One event of a batch (Faust's Event): the raw value and the message it came in."""

    @property
    def value(self) -> bytes | None: ...
    @property
    def message(self) -> InputMessage: ...


# One produced input: its message, the sends to acknowledge, the route counted, the record (None for a dead letter).
Delivery = tuple[InputMessage, list[Awaitable[object]], str, Record | None]


def _leave_to_caller(events: Sequence[InputEvent]) -> None:
    """Leave acking to the caller (Faust's take_events acks a batch when the agent moves on)."""


class ArticleProcessor:
    def __init__(self, settings: Settings, enricher: Enricher, executor: Executor,
                 topics: tuple[OutputTopic, OutputTopic, OutputTopic], metrics: PipelineMetrics,
                 commit_lock: BatchCommitLock | None = None, acknowledge: Callable[[Sequence[InputEvent]], None] = _leave_to_caller,
                 forget: Callable[[Sequence[InputEvent]], None] = _leave_to_caller) -> None:
        self.settings = settings
        self.enricher = enricher
        self.executor = executor
        self.enriched_topic, self.diplomacy_topic, self.dlq_topic = topics
        self.metrics = metrics
        self.commit_lock = commit_lock or BatchCommitLock()
        self.acknowledge = acknowledge  # marks events committable; called with their outputs delivered
        self.forget = forget  # events skipped as no longer ours: they must never count as processed

    async def process(self, events: Sequence[InputEvent]) -> None:
        """Every event to its outputs, acknowledged; DeliveryFailed when the broker would not take one."""
        self.metrics.batch_size.observe(len(events))
        self.metrics.articles_consumed.inc(len(events))
        self.metrics.in_flight.inc(len(events))
        try:
            admitted = self._admit(events)
            result = await self._enrich([article for _, article in admitted.articles])
            async with self.commit_lock:
                deliveries, skipped = await self._produce(events, admitted, result)
                await self._wait_for_acks(deliveries)
                left_out = {id(event) for event in skipped}
                self.acknowledge([event for event in events if id(event) not in left_out])
                self.forget(skipped)
        finally:
            self.metrics.in_flight.dec(len(events))

    def _admit(self, events: Sequence[InputEvent]) -> Admitted:
        started = time.perf_counter()
        admitted = admit((event.value for event in events), self.settings.max_body_chars)
        self.metrics.observe_stage("decode", time.perf_counter() - started, len(events))
        return admitted

    async def _enrich(self, articles: list[Article]) -> BatchResult:
        if not articles:
            return BatchResult(outcomes=[])
        loop = asyncio.get_running_loop()
        try:
            result = await loop.run_in_executor(self.executor, self.enricher.enrich_batch, articles)
        except Exception as exc:  # the batch as a whole failed: retry one by one to isolate the culprit
            log.warning("batch enrichment failed (%s: %s); retrying articles one by one", type(exc).__name__, exc)
            result = BatchResult(outcomes=[])
            for article in articles:
                try:
                    single = await loop.run_in_executor(self.executor, self.enricher.enrich_batch, [article])
                    result.outcomes.extend(single.outcomes)
                    for stage, seconds in single.stage_seconds.items():
                        result.stage_seconds[stage] += seconds
                except Exception as single_exc:
                    result.outcomes.append(EnrichmentFailed(f"{type(single_exc).__name__}: {single_exc}"))
        for stage, seconds in result.stage_seconds.items():
            self.metrics.observe_stage(stage, seconds, len(articles))
        return result

    async def _produce(self, events: Sequence[InputEvent], admitted: Admitted,
                       result: BatchResult) -> tuple[list[Delivery], list[InputEvent]]:
        started = time.perf_counter()
        deliveries: list[Delivery] = []
        skipped: list[InputEvent] = []
        for event, outcome in zip(events, admitted.merge(result.outcomes)):
            try:
                deliveries.append(await self._send_outputs(event.message, outcome))
            except PartitionRevoked as exc:
                # Exactly once: a rebalance took this record's transaction away; whoever owns the
                # partition now reads it again from the committed offset. The rest of the batch goes on.
                log.info("skipping %s[%s]@%s: %s", event.message.topic, event.message.partition,
                         event.message.offset, exc)
                skipped.append(event)
        self.metrics.observe_stage("produce", time.perf_counter() - started, len(events))
        return deliveries, skipped

    async def _send_outputs(self, message: InputMessage, outcome: Record | Exception) -> Delivery:
        """One event's outputs handed to the producer: (message, futures, route, record)."""
        if isinstance(outcome, Exception):
            return await self._dead_letter(message, outcome)
        outcome["processing"]["input"] = {
            "topic": message.topic,
            "partition": message.partition,
            "offset": message.offset,
            "timestamp": iso_ms(message.timestamp),
        }
        outcome["processing"]["latency_ms"] = round(max(0.0, time.time() - (message.timestamp or time.time())) * 1000, 1)
        try:
            key, value = _serialise(outcome)
        except (ValueError, TooLarge) as exc:  # the record itself cannot travel: dead-letter the input
            error = exc if isinstance(exc, TooLarge) else EnrichmentFailed(f"record not serialisable: {exc}")
            return await self._dead_letter(message, error)
        futures = [await self.enriched_topic.send(key, value, None, message)]
        route = "diplomacy" if outcome["diplomacy"]["is_diplomacy"] else "general"
        if route == "diplomacy":
            futures.append(await self.diplomacy_topic.send(key, value, None, message))
        return (message, futures, route, outcome)

    async def _dead_letter(self, message: InputMessage, error: Exception) -> Delivery:
        reason: str = getattr(error, "reason", "enrichment_failed")
        log.warning(
            "dead-lettering %s[%s]@%s: %s: %s", message.topic, message.partition, message.offset, reason, error
        )
        headers = dead_letter_headers(error, message.topic, message.partition, message.offset, message.timestamp)
        future = await self.dlq_topic.send(message.key, message.value or b"", headers, message)
        return (message, [future], "dlq:" + reason, None)

    async def _wait_for_acks(self, deliveries: list[Delivery]) -> None:
        try:
            await asyncio.gather(*(f for _, futures, _, _ in deliveries for f in futures))
        except Exception as exc:
            raise DeliveryFailed(f"a produce was not acknowledged: {type(exc).__name__}: {exc}") from exc
        acked_at = time.time()
        for message, _, route, record in deliveries:
            if message.timestamp is not None:
                self.metrics.end_to_end_latency.observe(max(0.0, acked_at - message.timestamp))
            self.metrics.count_delivered(route, record)


def _serialise(record: Record) -> tuple[bytes, bytes]:
    """Key and value bytes of an output record; TooLarge when the broker would refuse it."""
    key = record["id"].encode("utf-8")
    value = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if len(key) + len(value) > MAX_OUTPUT_BYTES:
        raise TooLarge(f"the enriched record would be {len(value)} bytes; the broker takes at most {MAX_OUTPUT_BYTES}")
    return key, value
