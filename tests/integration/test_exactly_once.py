"""Exactly once on a real broker: kills, a rebalance under load, a broker restart, poison input.

Workers run with NEWSSTREAMS_PROCESSING_GUARANTEE=exactly_once and every check reads the
output topics with `isolation_level=read_committed`, as a consumer that must count each
article once would: every input id must be there exactly once (enriched, and on the
diplomacy topic when routed there; dead letters likewise). Each test prints one
`EXACTLY-ONCE ...` line with what a read_uncommitted reader would have seen besides.
"""

from __future__ import annotations

import signal
import time
from collections import Counter

import pytest

from streams.enrichment.admission import read_article
from streams.enrichment.errors import ArticleError
from streams.kafka.dead_letters import read_headers
from tests.support.faults import (
    SHORT_SESSION_SECONDS,
    collect,
    duplicates,
    enriched_so_far,
    generated_articles,
    key_counts,
    produce_keyed,
    read_outputs,
    report,
    wait_until,
)
from tests.support.kafka import FAULT_BROKER_PORT, free_port, isolated_settings

pytestmark = pytest.mark.integration

COMMITTED = "read_committed"


@pytest.fixture
def eos_settings(make_settings):
    def make(**changes):
        return make_settings(processing_guarantee="exactly_once", session_timeout_seconds=SHORT_SESSION_SECONDS,
                             **changes)

    return make


def assert_exactly_once(outputs) -> None:
    outputs.assert_nothing_lost()
    twice = {key: n for key, n in outputs.enriched.items() if n > 1}
    assert not twice, f"{len(twice)} articles enriched more than once, e.g. {sorted(twice.items())[:5]}"
    twice = {key: n for key, n in outputs.diplomacy.items() if n > 1}
    assert not twice, f"{len(twice)} diplomacy copies more than once, e.g. {sorted(twice.items())[:5]}"


def uncommitted_duplicates(settings, ids: set[str]) -> int:
    """What a read_uncommitted reader sees twice: the aborted transactions' records."""
    return duplicates(key_counts(collect(settings, settings.topic_enriched, want=ids, timeout=60)))


@pytest.mark.parametrize("kill_after", [300, 900, 1500])
def test_sigkill_mid_stream_then_restart_writes_each_article_once(eos_settings, start_worker, capsys, kill_after):
    started = time.monotonic()
    settings = eos_settings()
    articles = generated_articles(2000, f"eos-kill-{kill_after}")
    first = start_worker(settings, "first")
    produce_keyed(settings.bootstrap_servers, settings.topic_input, [(k.encode(), v) for k, v in articles.items()])

    wait_until(lambda: enriched_so_far(first) >= kill_after, 120, f"{kill_after} enriched before the kill", first)
    assert first.stop(signal.SIGKILL) == -signal.SIGKILL
    second = start_worker(settings.replace(metrics_port=free_port()), "second")
    outputs = read_outputs(settings, set(articles), timeout=180, isolation_level=COMMITTED)

    report(capsys, f"EXACTLY-ONCE sigkill-after-{kill_after}: {outputs.summary()} "
                   f"read_uncommitted_duplicates={uncommitted_duplicates(settings, set(articles))} "
                   f"seconds={time.monotonic() - started:.0f}")
    assert_exactly_once(outputs)
    assert second.process.poll() is None, second.tail()


def test_one_of_two_workers_killed_and_a_third_joining_under_load(eos_settings, start_worker, capsys):
    started = time.monotonic()
    settings = eos_settings(partitions=4)
    articles = generated_articles(2000, "eos-rebalance")
    survivor = start_worker(settings, "survivor")
    victim = start_worker(settings.replace(metrics_port=free_port()), "victim")
    produce_keyed(settings.bootstrap_servers, settings.topic_input, [(k.encode(), v) for k, v in articles.items()])

    wait_until(lambda: enriched_so_far(victim) >= 200 and enriched_so_far(survivor) > 0, 120,
               "both workers enriching", victim)
    assert victim.stop(signal.SIGKILL) == -signal.SIGKILL
    wait_until(lambda: enriched_so_far(survivor) >= 900, 120, "the survivor taking over", survivor)
    joiner = start_worker(settings.replace(metrics_port=free_port()), "joiner")
    outputs = read_outputs(settings, set(articles), timeout=180, isolation_level=COMMITTED)

    report(capsys, f"EXACTLY-ONCE kill-one-of-two-then-join: {outputs.summary()} "
                   f"survivor_enriched={enriched_so_far(survivor):.0f} joiner_enriched={enriched_so_far(joiner):.0f} "
                   f"seconds={time.monotonic() - started:.0f}")
    assert_exactly_once(outputs)
    assert survivor.process.poll() is None, survivor.tail()
    assert joiner.process.poll() is None, joiner.tail()


def test_broker_restart_under_a_running_worker(own_broker, start_worker, capsys):
    started = time.monotonic()
    settings = isolated_settings(f"127.0.0.1:{FAULT_BROKER_PORT}", processing_guarantee="exactly_once")
    articles = generated_articles(2000, "eos-broker")
    worker = start_worker(settings, "worker")
    produce_keyed(settings.bootstrap_servers, settings.topic_input, [(k.encode(), v) for k, v in articles.items()])

    wait_until(lambda: enriched_so_far(worker) >= 400, 120, "400 enriched before the broker stops", worker)
    own_broker("stop")
    time.sleep(5)
    assert worker.process.poll() is None, f"the worker died with the broker; log:\n{worker.tail()}"
    own_broker("start")

    outputs = read_outputs(settings, set(articles), timeout=240, isolation_level=COMMITTED)
    report(capsys, f"EXACTLY-ONCE broker-restart: {outputs.summary()} seconds={time.monotonic() - started:.0f}")
    assert_exactly_once(outputs)
    assert worker.process.poll() is None, f"the worker must recover by itself; log:\n{worker.tail()}"


def test_poison_among_good_messages_each_dead_letter_once(eos_settings, start_worker, capsys):
    started = time.monotonic()
    settings = eos_settings()
    good = generated_articles(500, "eos-poison")
    poison = {f"eos-poison-bad-{n:03d}": value for n, value in enumerate(
        [b"\xff\xfe not text", b'{"body": "unterminated', b"[1, 2]", b'{"body": "N/A"}'] * 25)}
    items = [(k.encode(), v) for k, v in good.items()] + [(k.encode(), v) for k, v in poison.items()]
    worker = start_worker(settings, "worker")
    produce_keyed(settings.bootstrap_servers, settings.topic_input, items)

    outputs = read_outputs(settings, set(good), timeout=180, isolation_level=COMMITTED)
    letters = collect(settings, settings.topic_dlq, want=set(poison), timeout=120, isolation_level=COMMITTED)
    letter_counts = key_counts(letters)
    reasons = Counter(read_headers(r.headers)["error.reason"] for r in letters)
    report(capsys, f"EXACTLY-ONCE poison: {outputs.summary()} dead_letters={len(letters)} "
                   f"dead_letter_duplicates={duplicates(letter_counts)} reasons={dict(reasons)} "
                   f"seconds={time.monotonic() - started:.0f}")
    assert_exactly_once(outputs)
    assert set(letter_counts) == set(poison) and duplicates(letter_counts) == 0
    for record in letters:  # a dead letter keeps the original bytes
        assert record.value == poison[record.key.decode()]
        with pytest.raises(ArticleError):
            read_article(record.value)
    assert set(outputs.enriched) <= set(good), "only good articles are enriched"
    assert worker.process.poll() is None, worker.tail()
