"""The measured runs on the real broker: throughput with 1 and 2 workers, the naive baseline, paced latency.

How a throughput run is timed (the same for every run, product or naive):
  1. fresh topics; the worker processes start, load the model, join the consumer group;
     we wait until the group is Stable with every worker holding partitions;
  2. warm-up: two articles per partition go through, so the first nlp call, metadata and
     producer connections are paid before the clock;
  3. the corpus is produced in one burst to the idle, ready workers; the producer is much
     faster than the workers, so they are never starved after the first fetch;
  4. start = the first corpus record's input timestamp (the moment a worker could consume it);
     end = the broker's LogAppendTime of the last output record (enriched or diplomacy copy)
     of the corpus. Process start-up and model load are outside [start, end] by construction.
Latency: after the 1-worker throughput run the same worker gets articles at a fixed pace of
half its measured capacity; latency = output LogAppendTime minus the input record timestamp.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..enrichment.article import decode_article
from ..errors import CommandError
from ..settings import Settings
from . import broker as kafka
from .broker import Broker, OutputRecord, RunTopics
from .corpus import generate_corpus
from .procinfo import CpuWindow
from .stats import LatencySummary, rate, summarise_latencies
from .workers import WorkerProcess, naive_worker, product_workers, wait_for_group

WARM_UP_SEED = 7
LATENCY_SEED = 11
START_TIMEOUT = 180.0
# The diplomacy copy is appended just after its enriched record, which is what the wait counts.
# The end of a measure comes from broker timestamps, so this pause is not inside it.
OUTPUT_SETTLE_SECONDS = 1.0


@dataclass
class StreamRun:
    name: str
    workers: int
    partitions: int
    articles: int
    words: int
    seconds: float = 0.0
    produce_seconds: float = 0.0
    outputs: dict[str, int] = field(default_factory=dict)
    cpu: dict[str, Any] = field(default_factory=dict)
    memory: list[dict[str, Any]] = field(default_factory=list)
    latency: LatencySummary | None = None
    latencies_ms: list[float] = field(default_factory=list)
    worker_reported_latency: LatencySummary | None = None
    offered_per_s: float | None = None
    guarantee: str = "at_least_once"
    transactions: float | None = None  # committed during the burst, exactly once

    @property
    def articles_per_second(self) -> float:
        return rate(self.articles, self.seconds)

    def as_dict(self) -> dict[str, Any]:
        worker_cpu = sum(v or 0.0 for k, v in self.cpu.get("process_cpu_seconds", {}).items() if k.startswith("worker"))
        figures = {
            "workers": self.workers,
            "partitions": self.partitions,
            "articles": self.articles,
            "words": self.words,
            "seconds": round(self.seconds, 3),
            "articles_per_s": round(self.articles_per_second, 3),
            "words_per_s": round(rate(self.words, self.seconds), 1),
            "produce_seconds": round(self.produce_seconds, 3),
            "outputs": self.outputs,
            "cpu": self.cpu,
            # throughput per CPU second the workers used: robust to a busy machine
            "articles_per_cpu_s": round(rate(self.articles, worker_cpu), 3) if worker_cpu else None,
            "memory_mb": self.memory,
            "processing_guarantee": self.guarantee,
        }
        if self.transactions is not None:
            figures["transactions"] = self.transactions
            figures["transactions_per_s"] = round(rate(int(self.transactions), self.seconds), 2)
        if self.latency is not None:
            assert self.offered_per_s is not None  # the latency run sets both
            figures["latency"] = {
                "offered_per_s": round(self.offered_per_s, 3),
                "broker_timestamps_ms": self.latency.as_dict(),
                "worker_reported_ms": self.worker_reported_latency.as_dict() if self.worker_reported_latency else None,
            }
        return figures


def _payloads(count: int, seed: int, prefix: str) -> list[bytes]:
    return [a.to_bytes() for a in generate_corpus(count, seed=seed, id_prefix=prefix)]


def _start(settings: Settings, workers: list[WorkerProcess], group: str) -> None:
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.wait_http(START_TIMEOUT)
    wait_for_group(settings, group, len(workers), workers, START_TIMEOUT)


def article_ids(payloads: list[bytes]) -> set[str]:
    """The ids the workers will give these messages (wire text has no id field: it gets a hash of the text)."""
    return {decode_article(p).id for p in payloads}


def _records_of(records: list[OutputRecord], ids: set[str]) -> list[OutputRecord]:
    return [r for r in records if r.id in ids]


class _Session:
    """Workers on one run's topics, with the bookkeeping every run shares."""

    def __init__(self, settings: Settings, broker: Broker, topics: RunTopics, partitions: int,
                 workers: list[WorkerProcess], counted_topics: list[str]):
        self.settings, self.broker, self.topics, self.partitions = settings, broker, topics, partitions
        self.workers = workers
        self.counted_topics = counted_topics  # one record per article lands on exactly one of these
        self.expected = 0
        # Exactly once, a record counts when its transaction commits, as a read_committed reader sees it.
        self.exactly_once = settings.processing_guarantee == "exactly_once"

    def open(self) -> _Session:
        kafka.create_topics(self.settings, self.topics, self.partitions)
        _start(self.settings, self.workers, self.topics.app_id)
        warm = _payloads(2 * self.partitions, WARM_UP_SEED, "warm")
        self.send_burst(warm)
        self.wait_all(timeout=START_TIMEOUT)
        for worker in self.workers:
            worker.memory_at_start = worker.memory()
        return self

    def send_burst(self, payloads: list[bytes]) -> dict[str, Any]:
        self.expected += len(payloads)
        return kafka.produce_burst(self.settings, self.topics.input, payloads, self.partitions)

    def send_paced(self, payloads: list[bytes], per_second: float) -> dict[str, Any]:
        self.expected += len(payloads)
        return kafka.produce_paced(self.settings, self.topics.input, payloads, per_second, self.partitions)

    def wait_all(self, timeout: float) -> None:
        if self.exactly_once:  # transaction markers take offsets too: count committed inputs instead
            kafka.wait_for_commits(self.settings, self.topics.app_id, self.topics.input, self.expected, timeout)
        else:
            kafka.wait_for_records(self.settings, self.counted_topics, self.expected, timeout)

    def cpu_window(self) -> CpuWindow:
        pids = {f"worker_{i}": w.pid for i, w in enumerate(self.workers)}
        return CpuWindow({**pids, "broker": self.broker.pid}).start()

    def outputs(self, names: list[str]) -> list[OutputRecord]:
        isolation = "read_committed" if self.exactly_once else "read_uncommitted"
        return [r for name in names for r in kafka.read_records(self.settings, name, isolation_level=isolation)]

    def transactions(self) -> float:
        return sum(worker.metric("newsstreams_transactions_committed_total") for worker in self.workers)

    def memory(self) -> list[dict[str, Any]]:
        rows = []
        for worker in self.workers:
            end = worker.memory()
            start = worker.memory_at_start
            rows.append({
                "rss_start": round(start.rss_mb, 1) if start else None,
                "rss_end": round(end.rss_mb, 1) if end else None,
                "peak_hwm": round(end.hwm_mb, 1) if end else None,
            })
        return rows

    def close(self) -> None:
        for worker in self.workers:
            worker.stop()
        kafka.delete_topics(self.settings, self.topics)


def _measure_burst(session: _Session, run: StreamRun, payloads: list[bytes], output_topics: list[str]) -> None:
    window = session.cpu_window()
    transactions_before = session.transactions() if session.exactly_once else 0.0
    sent = session.send_burst(payloads)
    session.wait_all(timeout=START_TIMEOUT + 10.0 * len(payloads))
    run.cpu = window.stop()
    committed_at = time.time()
    if session.exactly_once:
        run.transactions = session.transactions() - transactions_before
    time.sleep(OUTPUT_SETTLE_SECONDS)
    records = _records_of(session.outputs(output_topics), article_ids(payloads))
    if sum(r.topic != session.topics.diplomacy for r in records) < len(payloads):
        raise CommandError(f"{run.name}: {len(payloads)} articles sent but fewer came out; see the worker logs")
    run.outputs = {t.rsplit(".", 1)[1]: sum(1 for r in records if r.topic == t) for t in output_topics}
    # At least once a record is readable when the broker appends it; exactly once, when its transaction
    # commits, which is when the group's input offsets reach the end (wait_all returned).
    end = committed_at if session.exactly_once else max(r.append_ts for r in records)
    run.seconds = end - sent["first_input_ts"]
    run.produce_seconds = sent["produce_seconds"]


def run_product(settings: Settings, broker: Broker, payloads: list[bytes], words: int, worker_count: int,
                partitions: int, log_dir: Path, latency_articles: int = 0, load_fraction: float = 0.5) -> StreamRun:
    topics = RunTopics.fresh(f"{worker_count}w" + ("-eos" if settings.processing_guarantee == "exactly_once" else ""))
    workers = product_workers(settings, topics, worker_count, partitions, log_dir)
    session = _Session(settings, broker, topics, partitions, workers, [topics.enriched, topics.dlq])
    eos = settings.processing_guarantee == "exactly_once"
    run = StreamRun(f"e2e_{worker_count}w" + ("_eos" if eos else ""), worker_count, partitions, len(payloads), words,
                    guarantee=settings.processing_guarantee)
    try:
        session.open()
        _measure_burst(session, run, payloads, topics.outputs)
        if latency_articles:
            _measure_latency(session, run, latency_articles, load_fraction * run.articles_per_second)
        run.memory = session.memory()
    finally:
        session.close()
    return run


def _measure_latency(session: _Session, run: StreamRun, count: int, per_second: float) -> None:
    paced = _payloads(count, LATENCY_SEED, "lat")
    session.send_paced(paced, per_second)
    session.wait_all(timeout=START_TIMEOUT + 10.0 * count)
    records = _records_of(session.outputs([session.topics.enriched]), article_ids(paced))
    run.offered_per_s = per_second
    run.latencies_ms = [(r.append_ts - r.input_ts) * 1000.0 for r in records if r.input_ts is not None]
    run.latency = summarise_latencies(run.latencies_ms)
    reported = [r.latency_ms for r in records if r.latency_ms is not None]
    run.worker_reported_latency = summarise_latencies(reported) if reported else None


def run_naive(settings: Settings, broker: Broker, payloads: list[bytes], words: int, partitions: int,
              log_dir: Path) -> StreamRun:
    topics = RunTopics.fresh("naive")
    workers = [naive_worker(settings, topics, log_dir)]
    session = _Session(settings, broker, topics, partitions, workers, [topics.enriched])
    run = StreamRun("naive_1w", 1, partitions, len(payloads), words)
    try:
        session.open()
        _measure_burst(session, run, payloads, [topics.enriched])
        run.memory = session.memory()
    finally:
        session.close()
    return run
