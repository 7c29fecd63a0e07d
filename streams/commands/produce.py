"""`newsstreams produce`: send article files to the input topic."""

from __future__ import annotations

import sys

from kafka import KafkaProducer

from ..inputs import iter_messages
from ..kafka.clients import BrokerUnreachable, client_options, describe_failure
from ..settings import Settings


def open_producer(settings: Settings) -> KafkaProducer:
    try:
        return KafkaProducer(acks="all", linger_ms=5, max_request_size=8 * 1024 * 1024, **client_options(settings))
    except Exception as exc:
        raise BrokerUnreachable(describe_failure(settings, exc)) from None


def run_produce(settings: Settings, paths: list[str], topic: str | None = None, quiet: bool = False) -> int:
    topic = settings.resolve_topic(topic or "input")
    messages = list(iter_messages(paths))
    producer = open_producer(settings)
    sent = failed = 0
    show_progress = not quiet and len(messages) > 10 and sys.stderr.isatty()
    try:
        futures = []
        for label, value in messages:
            try:
                futures.append((label, producer.send(topic, value=value)))
            except Exception as exc:  # refused before sending, e.g. larger than max_request_size
                failed += 1
                print(f"failed to send {label}: {type(exc).__name__}: {exc}", file=sys.stderr)
        for done, (label, future) in enumerate(futures, start=1):
            try:
                future.get(timeout=60)
                sent += 1
            except Exception as exc:
                failed += 1
                print(f"failed to send {label}: {type(exc).__name__}: {exc}", file=sys.stderr)
            if show_progress:
                width = 30
                filled = width * done // len(futures)
                print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{len(futures)}", end="", file=sys.stderr)
        if show_progress:
            print(file=sys.stderr)
    finally:
        producer.close(timeout=10)
    if not quiet:
        print(f"sent {sent}, failed {failed} to {topic}")
    return 0 if failed == 0 else 1
