"""`newsstreams demo`: the whole product in one command, cleaned up on exit or Ctrl-C.

Uses a reachable broker or starts the local one, creates fresh topics for this
run, starts a worker and the newsroom view, sends the sample articles, and shows
what was routed to diplomacy and what was not.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

from kafka import KafkaConsumer

from ..errors import CommandError
from ..host import free_port, port_answers
from ..inputs import iter_messages
from ..kafka.admin import admin_client, ensure_topics
from ..kafka.clients import client_options
from ..kafka.local_broker import ensure_local_broker, first_port, stop_local_broker
from ..settings import Settings
from ..view.service import view_url
from .consume import format_record
from .produce import run_produce

# The sample articles of a checkout; an installed package names its own with --articles.
CHECKOUT_ARTICLES = Path(__file__).resolve().parents[2] / "examples" / "articles"
WAIT_FOR_RESULTS_SECONDS = 180


def run_demo(settings: Settings, articles: str | None, keep: bool) -> int:
    folder = Path(articles) if articles else CHECKOUT_ARTICLES
    if not folder.is_dir():
        raise CommandError(f"no articles folder at {folder}: name one with --articles")
    expected = len(list(iter_messages([str(folder)])))
    started_kafka = ensure_local_broker(settings)
    if not started_kafka:
        print(f"using the broker at {settings.kafka_bootstrap}")
    run = uuid.uuid4().hex[:6]
    # Fresh topics per run: the demo shows this run's articles only, and never touches real topics.
    settings = settings.replace(
        metrics_port=free_port(),  # a worker already running here keeps 6066
        view_port=settings.view_port if not port_answers(settings.view_port) else free_port(),
        app_id=f"newsstreams-demo-{run}",
        topic_input=f"demo-{run}.articles",
        topic_enriched=f"demo-{run}.articles.enriched",
        topic_diplomacy=f"demo-{run}.articles.diplomacy",
        topic_dlq=f"demo-{run}.articles.dlq",
    )
    worker = view = None
    try:
        ensure_topics(settings)
        print(f"topics: {', '.join(settings.all_topics)}")
        worker = _start_worker(settings)
        metrics_url = f"http://{settings.metrics_bind}:{settings.metrics_port}/metrics"
        _wait_for(metrics_url, worker)
        print(f"worker running (pid {worker.pid}); metrics at {metrics_url}")
        # The page beside the worker, in its own process as in production: open it and watch the stories arrive.
        view = _start_process(settings, "view")
        _wait_for(view_url(settings) + "api/status", view, what="the newsroom view")
        print(f"newsroom view: {view_url(settings)}", flush=True)
        run_produce(settings, [str(folder)])
        records = _collect(settings, expected, worker)
        _show(settings, records, expected)
        print(f"\nmetrics: {metrics_url}   (try: newsstreams stats --url {metrics_url} --once)")
        print(f"newsroom view: {view_url(settings)}")
        if keep:
            print("--keep: leaving the worker, the view, their topics and the broker running")
            worker = view = None
            started_kafka = False
        elif sys.stdin.isatty():
            _hold(view_url(settings))
        return 0
    finally:
        if view is not None:
            _stop(view)
        if worker is not None:
            _stop(worker)
            _delete_demo_topics(settings)
        if started_kafka:
            stop_local_broker(first_port(settings))


def _delete_demo_topics(settings: Settings) -> None:
    try:
        admin = admin_client(settings, timeout_s=5)
        try:
            names = [t for t in admin.list_topics() if t in settings.all_topics or t.startswith(settings.app_id)]
            admin.delete_topics(names)
        finally:
            admin.close()
    except Exception as exc:  # cleanup is best effort: say so, never hide the demo's own outcome
        print(f"could not delete the demo topics ({type(exc).__name__}: {exc})", file=sys.stderr)


def _start_worker(settings: Settings) -> subprocess.Popen[bytes]:
    return _start_process(settings, "worker")


def _start_process(settings: Settings, command: str) -> subprocess.Popen[bytes]:
    env = settings.to_environ(os.environ)
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"{settings.app_id}{'' if command == 'worker' else '-' + command}.log"
    print(f"{command} log: {path}")
    with open(path, "ab") as log:  # the child keeps its own copy of the descriptor
        return subprocess.Popen([sys.executable, "-m", "streams.cli", command], env=env, stdout=log, stderr=subprocess.STDOUT)


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()


def _hold(url: str) -> None:
    """Someone at a terminal gets time to look at the page before everything is cleaned up."""
    print(f"\nThe newsroom view stays open at {url} until you press Enter (or Ctrl-C).")
    try:
        input()
    except (EOFError, KeyboardInterrupt):
        pass


def _wait_for(url: str, worker: subprocess.Popen[bytes], timeout: float = 120, what: str = "the worker") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            raise CommandError(f"{what} exited with status {worker.returncode}; see its log")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.5)
    raise CommandError(f"{what} did not answer on {url} within {timeout:.0f}s")


def _collect(settings: Settings, expected: int, worker: subprocess.Popen[bytes]) -> dict[str, list[Any]]:
    consumer = KafkaConsumer(
        settings.topic_enriched, settings.topic_dlq, group_id=None, auto_offset_reset="earliest",
        enable_auto_commit=False, **client_options(settings),
    )
    records: dict[str, list[Any]] = {"enriched": [], "dlq": []}
    deadline = time.monotonic() + WAIT_FOR_RESULTS_SECONDS
    try:
        while sum(map(len, records.values())) < expected and time.monotonic() < deadline:
            if worker.poll() is not None:
                raise CommandError(f"the worker exited with status {worker.returncode}; see its log")
            for messages in consumer.poll(timeout_ms=500).values():
                for message in messages:
                    bucket = "enriched" if message.topic == settings.topic_enriched else "dlq"
                    records[bucket].append(message)
    finally:
        consumer.close()
    return records


def _show(settings: Settings, records: dict[str, list[Any]], expected: int) -> None:
    enriched = [json.loads(m.value) for m in records["enriched"]]
    diplomacy = [r for r in enriched if r["diplomacy"]["is_diplomacy"]]
    general = [r for r in enriched if not r["diplomacy"]["is_diplomacy"]]
    print(f"\n### {len(diplomacy)} article(s) routed to {settings.topic_diplomacy}\n")
    for record in diplomacy:
        print(format_record(record) + "\n")
    print(f"### {len(general)} article(s) on {settings.topic_enriched} only (not diplomacy)\n")
    for record in general:
        print(format_record(record) + "\n")
    if records["dlq"]:
        print(f"### {len(records['dlq'])} dead letter(s) on {settings.topic_dlq}")
    received = len(enriched) + len(records["dlq"])
    if received < expected:
        raise CommandError(f"only {received} of {expected} articles came back within {WAIT_FOR_RESULTS_SECONDS}s")
