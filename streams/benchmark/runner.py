"""Runs every measure of `newsstreams bench` once, in order, on one machine, and gathers the figures."""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.about import __version__ as spacy_version

from ..enrichment.enricher import Enricher
from ..settings import Settings
from .broker import ensure_broker
from .corpus import DEFAULT_SEED, generate_corpus, total_words
from .endtoend import run_naive, run_product
from .offline import decode_corpus, measure_ceiling, measure_enrich
from .procinfo import load_average
from .report import compute_ratios

PARTITIONS = 4  # the same topic layout for 1 and 2 workers, so only the worker count changes


@dataclass(frozen=True)
class BenchPlan:
    mode: str
    articles: int
    latency_articles: int

    @classmethod
    def choose(cls, quick: bool, articles: int | None) -> BenchPlan:
        # quick: a CI smoke run well inside 3 minutes; full: the figures to quote, a few minutes
        count = articles or (60 if quick else 400)
        return cls("quick" if quick else "full", count, max(20, count // (3 if quick else 2)))


def _say(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def run_benchmark(settings: Settings, plan: BenchPlan) -> tuple[dict[str, Any], list[float]]:
    """All figures as one dict, and the raw latencies for the chart."""
    began = time.monotonic()
    load_start = load_average()[0]
    corpus = generate_corpus(plan.articles, seed=DEFAULT_SEED)
    articles = decode_corpus(corpus)
    payloads = [item.to_bytes() for item in corpus]
    words = total_words(corpus)
    results: dict[str, Any] = {
        "mode": plan.mode,
        "corpus": {
            "articles": len(corpus), "words": words, "seed": DEFAULT_SEED,
            "mean_words": round(words / len(corpus), 1),
            "diplomacy_share": round(sum(a.kind == "diplomacy" for a in corpus) / len(corpus), 3),
            "bytes": sum(len(p) for p in payloads),
        },
        "method": {
            "ceiling": "Enricher's own nlp object (same model and components), nlp.pipe over headline+body, "
                       "worker batch size, in this process after a short warm-up",
            "end_to_end": "workers started, group Stable, warm-up done; corpus produced in one burst to idle workers; "
                          "start = first corpus record's input timestamp, end = LogAppendTime of the last output "
                          "record (enriched or diplomacy copy); start-up and model load excluded",
            "latency": "1-worker run, paced producer at half its measured rate; output LogAppendTime minus input "
                       "record timestamp",
            "exactly_once": "the 1-worker runs again with processing_guarantee=exactly_once: end = when the group's "
                            "committed input offsets reach the corpus (its outputs are readable read_committed then); "
                            "outputs read read_committed; latency by LogAppendTime, so it leaves out the wait for "
                            "the commit (at most the 1 s commit interval)",
            "memory": "/proc/<pid>/status of each worker: VmRSS after warm-up and at the end, VmHWM at the end",
        },
        "settings": {"batch_size": settings.batch_size, "batch_wait_seconds": settings.batch_wait_seconds,
                     "partitions": PARTITIONS, "spacy_model": settings.spacy_model},
    }

    _say(f"{plan.mode} run, {len(corpus)} articles ({words} words); loading {settings.spacy_model}")
    enricher = Enricher(settings.spacy_model, settings.diplomacy_threshold)
    _say("measuring the ceiling: nlp.pipe alone")
    results["ceiling"] = measure_ceiling(enricher, articles, settings.batch_size).as_dict()
    _say("measuring Enricher.enrich_batch offline")
    results["enrich_offline"] = measure_enrich(enricher, articles, settings.batch_size).as_dict()
    results["ceiling"]["pipe_names"] = list(enricher.nlp.pipe_names)
    del enricher  # its memory should not sit beside the workers' for the rest of the run

    broker = ensure_broker(settings)
    results["broker"] = {"bootstrap": broker.bootstrap, "started_here": broker.started_here, "pid_known": bool(broker.pid)}
    # The at-least-once runs are the reference; exactly once runs beside the 1-worker one.
    settings = settings.replace(kafka_bootstrap=broker.bootstrap, processing_guarantee="at_least_once")
    latencies: list[float] = []
    log_dir = Path(tempfile.mkdtemp(prefix="newsstreams-bench-"))
    try:
        _say("end to end, 1 worker, then paced latency at half its rate")
        one = run_product(settings, broker, payloads, words, 1, PARTITIONS, log_dir, plan.latency_articles)
        results["e2e_1w"] = one.as_dict()
        latencies = one.latencies_ms
        _say("end to end, 1 worker, exactly once, then paced latency at half its rate")
        eos = run_product(settings.replace(processing_guarantee="exactly_once"), broker, payloads, words, 1,
                          PARTITIONS, log_dir, plan.latency_articles)
        results["e2e_1w_eos"] = eos.as_dict()
        _say("end to end, 2 workers")
        results["e2e_2w"] = run_product(settings, broker, payloads, words, 2, PARTITIONS, log_dir).as_dict()
        _say("naive baseline, 1 worker")
        results["naive_1w"] = run_naive(settings, broker, payloads, words, PARTITIONS, log_dir).as_dict()
    finally:
        broker.stop_if_started()
    results["machine"] = {
        "cores": os.cpu_count(), "python": platform.python_version(), "spacy": spacy_version,
        "load_average_1m_start": round(load_start, 2), "load_average_1m_end": round(load_average()[0], 2),
        "wall_seconds": round(time.monotonic() - began, 1), "worker_logs": str(log_dir),
    }
    results["ratios"] = compute_ratios(results, settings.batch_wait_seconds)
    results["notes"] = _honesty_notes(results)
    return results, latencies


def _honesty_notes(results: dict[str, Any]) -> list[str]:
    """What a reader must know before quoting the figures."""
    notes = []
    cores = results["machine"]["cores"]
    for name in ("e2e_1w", "e2e_2w"):
        cpu = results[name]["cpu"]
        broker_cpu = cpu["process_cpu_seconds"].get("broker")
        seconds = results[name]["seconds"]
        if broker_cpu is not None and seconds:
            notes.append(f"{name}: the broker used {broker_cpu / seconds:.0%} of one core; the machine was "
                         f"{cpu['machine_busy_share']:.0%} busy over its {cores} cores")
    if results["machine"]["load_average_1m_start"] > 0.5 * cores:
        notes.append("the machine was already busy when the run began (load average above half the cores): "
                     "expect lower, noisier figures")
    notes.append("2 workers on 2 cores share them with the broker and this process: the ceiling for e2e_2w is "
                 "below 2x by construction on this machine")
    return notes
