"""The stream logic, kept thin: take batches from the input topic and hand them to the processor."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import faust
from faust.types import TP, AppT

from ..enrichment.enricher import Enricher
from ..observability.health import GroupMembership, register_health_views
from ..observability.metrics import PipelineMetrics
from ..settings import Settings
from . import transactions
from .outputs import FaustOutputTopic, OutputTopic, TransactionalOutputTopic
from .processing import ArticleProcessor, DeliveryFailed

log = logging.getLogger(__name__)
LAG_REFRESH_SECONDS = 5.0
LOOP_PROBE_SECONDS = 0.25
# Exit status when a batch cannot keep "committed only once acknowledged": exiting without a
# commit makes Kafka redeliver the batch to whichever worker takes the partitions.
EXIT_PRODUCE_FAILED = 70


def register_agents(app: faust.App, settings: Settings, enricher: Enricher, metrics: PipelineMetrics) -> None:
    raw: dict[str, Any] = {"key_type": bytes, "value_type": bytes, "key_serializer": "raw", "value_serializer": "raw"}
    articles = app.topic(settings.topic_input, partitions=settings.partitions, **raw)
    commit_lock = transactions.BatchCommitLock()
    outputs: tuple[OutputTopic, ...]
    if settings.processing_guarantee == "exactly_once":
        transactions.install(app, commit_lock, metrics.transactions_committed.inc)
        id_for = transactions.transactional_id_for(app)
        outputs = tuple(TransactionalOutputTopic(name, app.producer, id_for, app) for name in settings.output_topics)
    else:
        outputs = tuple(FaustOutputTopic(app.topic(name, partitions=settings.partitions, **raw))
                        for name in settings.output_topics)

    def acknowledge(events: Sequence[Any]) -> None:
        # Ack inside the commit lock, before take_events would: exactly once, the offsets must be
        # committable in the same transaction as the outputs just delivered.
        for event in events:
            message = event.message
            if message.ack(app.consumer):
                app.sensors.on_message_out(message.tp, message.offset, message)

    def forget(events: Sequence[Any]) -> None:
        # A record skipped as no longer ours is read again from the committed offset: it must not
        # count as acked (take_events acks whatever it handed out), or a commit could pass over it.
        for event in events:
            message = event.message
            message.acked = True  # Message.ack is then a no-op, so no offset is recorded
            consumer: Any = app.consumer  # ConsumerT does not declare the set of unacked messages
            consumer._unacked_messages.discard(message)
            app.sensors.on_message_out(message.tp, message.offset, message)

    # One thread runs spaCy so the event loop stays free for heartbeats, commits and /metrics.
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="enrich")
    enriched, diplomacy, dlq = outputs
    processor = ArticleProcessor(settings, enricher, executor, (enriched, diplomacy, dlq), metrics,
                                 commit_lock=commit_lock, acknowledge=acknowledge, forget=forget)
    loop_lag = {"last": 0.0}  # the probe's last reading, reported by /healthz
    register_health_views(app, GroupMembership(settings.app_id, settings.topic_input), lambda: loop_lag["last"])

    @app.agent(articles, name="enrich-articles")
    async def enrich_articles(stream: faust.StreamT[bytes]) -> None:
        # Raw bytes in: decoding happens in our code, so an undecodable value is
        # dead-lettered instead of crashing the agent and being acked unseen.
        # take_events is Stream's own: Faust's StreamT interface does not declare it
        batches = stream.take_events(settings.batch_size, within=settings.batch_wait_seconds)  # type: ignore[attr-defined]
        async for events in batches:
            try:
                await processor.process(events)
            except DeliveryFailed as exc:
                log.critical("%s; exiting without commit", exc)
                logging.shutdown()
                os._exit(EXIT_PRODUCE_FAILED)
            except Exception:
                # take_events acks a batch when its loop is left, even by an exception: a
                # restarted agent would commit offsets whose outputs never went out. Better to
                # stop here, uncommitted, and let the group redeliver the batch.
                log.critical("a batch failed outside the dead-letter path; exiting without commit", exc_info=True)
                logging.shutdown()
                os._exit(EXIT_PRODUCE_FAILED)

    @app.timer(LAG_REFRESH_SECONDS)  # type: ignore[untyped-decorator]  # Faust types it as returning a bare Callable
    async def refresh_consumer_lag() -> None:
        consumer = app.consumer
        for tp in consumer.assignment():
            if tp.topic != settings.topic_input:
                continue
            highwater = consumer.highwater(tp)
            # Faust keeps no public accessor for it, and ConsumerT does not declare the attribute
            committed = consumer._committed_offset.get(tp)  # type: ignore[attr-defined]
            if highwater is None:
                continue
            lag = max(0, highwater - (committed or 0))
            metrics.consumer_lag.labels(topic=tp.topic, partition=str(tp.partition)).set(lag)

    @app.task  # type: ignore[untyped-decorator]  # Faust's task decorator returns untyped callables
    async def probe_event_loop() -> None:
        # Sleep a fixed time and record how late we wake: the measured proof that
        # inference off the loop keeps heartbeats, commits and /metrics on time.
        loop = asyncio.get_running_loop()
        while not app.should_stop:
            asked = loop.time()
            await asyncio.sleep(LOOP_PROBE_SECONDS)
            loop_lag["last"] = max(0.0, loop.time() - asked - LOOP_PROBE_SECONDS)
            metrics.event_loop_lag.observe(loop_lag["last"])

    # mode's handler type allows only (sender, *args, signal=..., **kwargs): no named `revoked`
    @app.on_partitions_revoked.connect  # type: ignore[arg-type]
    async def forget_revoked_lag(app: AppT, revoked: set[TP], **kwargs: Any) -> None:
        # Another worker reports these partitions now; a stale series here would double-count lag.
        for tp in revoked:
            try:
                metrics.consumer_lag.remove(tp.topic, str(tp.partition))
            except KeyError:
                pass
