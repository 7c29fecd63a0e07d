"""Follows the enriched and diplomacy topics for the page, in a thread of its own.

No consumer group: partitions are assigned by hand, nothing is committed, so the view can
never take partitions from a worker or move anyone's offsets. It starts `history` records
before the end of every partition and keeps going; read_committed, so a record from a
transaction that is later aborted is never shown.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeGuard

from kafka import KafkaConsumer, TopicPartition

from ..kafka.clients import client_options, describe_failure
from ..settings import Settings

log = logging.getLogger(__name__)

POLL_MS = 500
CHECK_SECONDS = 5.0  # how often the reader asks the broker for end offsets: the liveness probe
CHECK_TIMEOUT_MS = 5000
RETRY_SECONDS = 3.0

# What the callbacks return is ignored (the service hands them to loop.call_soon_threadsafe).
OnRecord = Callable[[dict[str, Any], int], object]
OnStatus = Callable[[str, str], object]


def is_story(record: object) -> TypeGuard[dict[str, Any]]:
    """An enriched record the page can show; anything else on the topics is skipped."""
    return (
        isinstance(record, dict) and isinstance(record.get("id"), str) and isinstance(record.get("body"), str)
        and isinstance(record.get("diplomacy"), dict) and "is_diplomacy" in record["diplomacy"]
    )


def start_offset(beginning: int, end: int, history: int) -> int:
    return max(beginning, end - history)


class TopicReader:
    """Calls on_record(record, timestamp_ms) for every story and on_status(state, detail) when the
    connection changes; both from the reader's thread."""

    def __init__(self, settings: Settings, topics: list[str], history: int, on_record: OnRecord, on_status: OnStatus):
        self.settings = settings
        self.topics = topics
        self.history = history
        self.on_record = on_record
        self.on_status = on_status
        self.skipped = 0
        self._positions: dict[TopicPartition, int] = {}  # where to resume after a reconnect
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="view-reader", daemon=True)
        self._state: tuple[str, str] | None = None

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _status(self, state: str, detail: str) -> None:
        if (state, detail) != self._state:
            self._state = (state, detail)
            if state == "unreachable":
                log.warning("view: %s", detail)
            self.on_status(state, detail)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                consumer = KafkaConsumer(
                    group_id=None,
                    enable_auto_commit=False,
                    isolation_level="read_committed",
                    **client_options(self.settings),
                )
            except Exception as exc:  # unreachable, refused credentials, bad TLS: the page says which
                self._status("unreachable", describe_failure(self.settings, exc))
                self._stop.wait(RETRY_SECONDS)
                continue
            try:
                self._follow(consumer)
            except Exception as exc:
                self._status("unreachable", describe_failure(self.settings, exc))
                self._stop.wait(RETRY_SECONDS)
            finally:
                consumer.close(autocommit=False)

    def _follow(self, consumer: KafkaConsumer) -> None:
        next_check = 0.0
        while not self._stop.is_set():
            if time.monotonic() >= next_check:
                missing = self._assign(consumer)
                # end_offsets is a real request: when it answers, the broker is there.
                consumer.end_offsets(list(consumer.assignment()) or [], timeout_ms=CHECK_TIMEOUT_MS)
                waiting = f"; waiting for topic {', '.join(missing)}" if missing else ""
                self._status("connected", f"reading {len(consumer.assignment())} partition(s) of {', '.join(self.topics)}{waiting}")
                next_check = time.monotonic() + CHECK_SECONDS
            for partition, messages in consumer.poll(timeout_ms=POLL_MS).items():
                for message in messages:
                    self._deliver(message)
                    self._positions[partition] = message.offset + 1

    def _assign(self, consumer: KafkaConsumer) -> list[str]:
        """Take every partition of the topics (new ones too); return the topics that do not exist yet."""
        wanted: set[TopicPartition] = set()
        missing: list[str] = []
        for topic in self.topics:
            partitions = consumer.partitions_for_topic(topic)
            if not partitions:
                missing.append(topic)
            wanted.update(TopicPartition(topic, p) for p in partitions)
        new = wanted - set(consumer.assignment())
        if new:
            consumer.assign(sorted(wanted))
            fresh = [tp for tp in new if tp not in self._positions]
            if fresh:
                ends = consumer.end_offsets(fresh, timeout_ms=CHECK_TIMEOUT_MS)
                beginnings = consumer.beginning_offsets(fresh, timeout_ms=CHECK_TIMEOUT_MS)
                for tp in fresh:
                    self._positions[tp] = start_offset(beginnings[tp], ends[tp], self.history)
            for tp in wanted:  # assign() replaces the whole assignment: put every position back
                consumer.seek(tp, self._positions[tp])
        return missing

    def _deliver(self, message: Any) -> None:  # kafka-python's ConsumerRecord: the library ships no types
        try:
            record = json.loads(message.value)
        except (TypeError, ValueError):
            record = None
        if not is_story(record):
            self.skipped += 1
            return
        timestamp = message.timestamp if message.timestamp and message.timestamp > 0 else int(time.time() * 1000)
        self.on_record(record, timestamp)
