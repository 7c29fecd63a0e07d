"""What the fault tests share: generated articles, producing them, and reading back what came out, by id."""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from dataclasses import dataclass

from kafka import KafkaProducer

from tests.support.kafka import read_topic

RESULTS: list[str] = []
# The dead worker's group membership lingers until its session times out; a short one
# (the session_timeout_seconds setting) keeps the crash tests fast. The slow-article test
# uses it too: a worker whose loop were blocked by spaCy would be thrown out of the group.
SHORT_SESSION_SECONDS = 10

DIPLOMACY_BODY = (
    "Foreign ministers from Japan and South Korea met in Seoul on Tuesday for talks on a new fisheries accord, "
    "the first such negotiations in a decade.\n\"We have agreed to keep talking,\" said Japanese Foreign Minister "
    "Aiko Tanabe after the meeting."
)
GENERAL_BODIES = (
    "The city council approved a new budget for road repairs on Monday, officials said. Work starts in May.",
    "Heavy rain flooded several streets in the old town overnight, and firefighters pumped out two basements.",
    "The local football club signed a young goalkeeper on a three-year contract, the club said on Friday.",
)


# ---------------------------------------------------------------- helpers


def report(capsys, line: str) -> None:
    """Record the summary and show it even without `pytest -s`."""
    RESULTS.append(line)
    with capsys.disabled():
        print("\n" + line, flush=True)


def generated_articles(count: int, run: str) -> dict[str, bytes]:
    """Short JSON articles with explicit ids; every 10th is diplomacy-like."""
    articles = {}
    for n in range(count):
        article_id = f"{run}-{n:05d}"
        body = DIPLOMACY_BODY if n % 10 == 0 else GENERAL_BODIES[n % len(GENERAL_BODIES)]
        value = {"id": article_id, "headline": f"Story number {n}", "body": f"{body}\nReference {n}."}
        articles[article_id] = json.dumps(value).encode()
    return articles


def produce_keyed(bootstrap: list[str], topic: str, items: list[tuple[bytes | None, bytes | None]]):
    """Send (key, value) pairs; return the (partition, offset) each landed on, in order."""
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5)
    try:
        futures = [producer.send(topic, key=key, value=value) for key, value in items]
        producer.flush(60)
        return [(meta.partition, meta.offset) for meta in (f.get(30) for f in futures)]
    finally:
        producer.close()


def collect(settings, topic: str, want=frozenset(), minimum: int = 0, timeout: float = 120.0,
            isolation_level: str = "read_uncommitted"):
    return read_topic(settings, topic, expected=minimum, timeout=timeout, settle=3.0, want=want,
                      isolation_level=isolation_level)


def key_counts(records) -> Counter:
    return Counter(r.key.decode() for r in records)


def metric(worker, name: str) -> float:
    """Sum of a metric's samples (all label sets) on the worker's /metrics."""
    pattern = re.compile(rf"^{re.escape(name)}(?:\{{[^}}]*\}})? ([0-9.e+-]+)$", re.M)
    return sum(float(value) for value in pattern.findall(worker.metrics_text()))


def wait_until(predicate, timeout: float, what: str, worker=None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}" + (f"; log:\n{worker.tail()}" if worker else ""))


def enriched_so_far(*workers) -> float:
    total = 0.0
    for worker in workers:
        try:
            total += metric(worker, "newsstreams_articles_enriched_total")
        except OSError:
            pass  # a worker that is not serving (yet) has enriched nothing we can see
    return total


@dataclass
class Outputs:
    """What the output topics hold for a set of input ids."""

    ids: set[str]
    enriched: Counter  # id -> times written
    diplomacy: Counter
    routed: set[str]  # ids whose enriched record says is_diplomacy

    @property
    def lost(self) -> set[str]:
        return self.ids - set(self.enriched)

    def summary(self) -> str:
        return (f"produced={len(self.ids)} enriched_unique={len(self.enriched)} "
                f"diplomacy_unique={len(self.diplomacy)} duplicates={duplicates(self.enriched)} "
                f"diplomacy_duplicates={duplicates(self.diplomacy)} lost={len(self.lost)}")

    def assert_nothing_lost(self) -> None:
        assert not self.lost, f"{len(self.lost)} articles lost, e.g. {sorted(self.lost)[:5]}"
        missing = self.routed - set(self.diplomacy)
        assert self.routed and not missing, f"diplomacy topic misses {sorted(missing)[:5]}"
        assert set(self.diplomacy) <= self.routed, "only diplomacy stories may be on the diplomacy topic"


def read_outputs(settings, ids: set[str], timeout: float = 150.0, isolation_level: str = "read_uncommitted"):
    enriched = collect(settings, settings.topic_enriched, want=ids, timeout=timeout, isolation_level=isolation_level)
    routed = {r.key.decode() for r in enriched if json.loads(r.value)["diplomacy"]["is_diplomacy"]}
    diplomacy = collect(settings, settings.topic_diplomacy, want=routed, timeout=30, isolation_level=isolation_level)
    return Outputs(ids, key_counts(enriched), key_counts(diplomacy), routed)


def duplicates(counts: Counter) -> int:
    return sum(n - 1 for n in counts.values())
