"""Nothing lost: crash, stop, broker restart, rebalance, slow and poison input, on a real broker.

Every test drives real `newsstreams worker` processes against Apache Kafka and
checks the outputs by message id: each input must come out (enriched or
dead-lettered); duplicates are allowed only where a crash makes them
unavoidable, and they are counted. Each test prints one `FAULT ...` summary line.
"""

from __future__ import annotations

import json
import random
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
    metric,
    produce_keyed,
    read_outputs,
    report,
    wait_until,
)
from tests.support.kafka import FAULT_BROKER_PORT, free_port, isolated_settings

pytestmark = pytest.mark.integration


@pytest.fixture
def make_settings(make_settings):
    """These are the at-least-once tests: the mode pinned, whatever the default."""

    def make(**changes):
        return make_settings(processing_guarantee="at_least_once", **changes)

    return make


# ---------------------------------------------------------------- a. SIGKILL and restart


def test_sigkill_mid_stream_then_restart_loses_nothing(make_settings, start_worker, capsys):
    started = time.monotonic()
    settings = make_settings(session_timeout_seconds=SHORT_SESSION_SECONDS)
    articles = generated_articles(2000, "kill")
    first = start_worker(settings, "first")
    produce_keyed(settings.bootstrap_servers, settings.topic_input, [(k.encode(), v) for k, v in articles.items()])

    wait_until(lambda: enriched_so_far(first) >= 500, 90, "500 enriched before the kill", first)
    assert first.stop(signal.SIGKILL) == -signal.SIGKILL
    second = start_worker(settings.replace(metrics_port=free_port()), "second")
    outputs = read_outputs(settings, set(articles))

    report(capsys, f"FAULT sigkill: {outputs.summary()} seconds={time.monotonic() - started:.0f}")
    outputs.assert_nothing_lost()
    assert second.process.poll() is None, second.tail()


# ---------------------------------------------------------------- b. SIGTERM: graceful, no duplicates


def test_sigterm_commits_in_flight_work_and_restart_duplicates_nothing(make_settings, start_worker, capsys):
    started = time.monotonic()
    settings = make_settings()
    articles = generated_articles(2000, "term")
    first = start_worker(settings, "first")
    produce_keyed(settings.bootstrap_servers, settings.topic_input, [(k.encode(), v) for k, v in articles.items()])

    wait_until(lambda: enriched_so_far(first) >= 500, 90, "500 enriched before the stop", first)
    stop_began = time.monotonic()
    code = first.stop(signal.SIGTERM, timeout=30)
    stop_seconds = time.monotonic() - stop_began
    assert code == 0, f"worker exited {code} after SIGTERM; log:\n{first.tail()}"
    assert stop_seconds < 30

    second = start_worker(settings.replace(metrics_port=free_port()), "second")
    outputs = read_outputs(settings, set(articles))
    report(capsys, f"FAULT sigterm: {outputs.summary()} exit_code={code} stop_seconds={stop_seconds:.1f} "
                   f"seconds={time.monotonic() - started:.0f}")
    outputs.assert_nothing_lost()
    assert duplicates(outputs.enriched) == duplicates(outputs.diplomacy) == 0, "a graceful stop must not duplicate"
    assert second.process.poll() is None, second.tail()


def test_sigterm_while_spacy_is_busy_waits_for_the_batch(make_settings, start_worker, capsys):
    started = time.monotonic()
    settings = make_settings(partitions=1)  # one partition: the long article is surely in the first batch
    first = start_worker(settings, "first")
    long_id = "term-long-one"
    long_article = json.dumps({"id": long_id, "headline": "A long report", "body": long_body(60_000)}).encode()
    small = generated_articles(200, "busy")
    items = [(long_id.encode(), long_article)] + [(k.encode(), v) for k, v in small.items()]
    produce_keyed(settings.bootstrap_servers, settings.topic_input, items)

    wait_until(lambda: metric(first, "newsstreams_articles_in_flight") > 0, 60, "the long batch in flight", first)
    time.sleep(1)  # spaCy is now seconds into the long article
    stop_began = time.monotonic()
    code = first.stop(signal.SIGTERM, timeout=30)
    stop_seconds = time.monotonic() - stop_began
    assert code == 0, f"worker exited {code} after SIGTERM; log:\n{first.tail()}"

    start_worker(settings.replace(metrics_port=free_port()), "second")
    ids = set(small) | {long_id}
    counts = key_counts(collect(settings, settings.topic_enriched, want=ids, timeout=120))
    line = (f"FAULT sigterm-busy: produced={len(ids)} long_body_chars=60000 enriched_unique={len(counts)} "
            f"duplicates={duplicates(counts)} lost={len(ids - set(counts))} exit_code={code} "
            f"stop_seconds={stop_seconds:.1f} seconds={time.monotonic() - started:.0f}")
    report(capsys, line)
    assert ids <= set(counts) and duplicates(counts) == 0


# ---------------------------------------------------------------- c. broker restart


def test_broker_restart_while_worker_runs_loses_nothing(own_broker, start_worker, capsys):
    started = time.monotonic()
    settings = isolated_settings(f"127.0.0.1:{FAULT_BROKER_PORT}", processing_guarantee="at_least_once")
    articles = generated_articles(2000, "broker")
    worker = start_worker(settings, "worker")
    produce_keyed(settings.bootstrap_servers, settings.topic_input, [(k.encode(), v) for k, v in articles.items()])

    wait_until(lambda: enriched_so_far(worker) >= 400, 90, "400 enriched before the broker stops", worker)
    outage_began = time.monotonic()
    own_broker("stop")
    time.sleep(5)  # long enough for the worker's fetches, commits and produces to fail
    assert worker.process.poll() is None, f"the worker died with the broker; log:\n{worker.tail()}"
    own_broker("start")
    outage = time.monotonic() - outage_began

    outputs = read_outputs(settings, set(articles), timeout=180)
    report(capsys, f"FAULT broker-restart: {outputs.summary()} outage_seconds={outage:.0f} "
                   f"seconds={time.monotonic() - started:.0f}")
    outputs.assert_nothing_lost()
    assert worker.process.poll() is None, f"the worker must reconnect by itself; log:\n{worker.tail()}"


# ---------------------------------------------------------------- d. two workers, one killed


def test_two_workers_one_killed_the_other_takes_over(make_settings, start_worker, capsys):
    started = time.monotonic()
    settings = make_settings(partitions=4, session_timeout_seconds=SHORT_SESSION_SECONDS)
    articles = generated_articles(2000, "pair")
    survivor = start_worker(settings, "survivor")
    victim = start_worker(settings.replace(metrics_port=free_port()), "victim")
    produce_keyed(settings.bootstrap_servers, settings.topic_input, [(k.encode(), v) for k, v in articles.items()])

    wait_until(lambda: enriched_so_far(victim) >= 200 and enriched_so_far(survivor) > 0, 90,
               "both workers enriching", victim)
    victim_enriched = enriched_so_far(victim)
    assert victim.stop(signal.SIGKILL) == -signal.SIGKILL

    outputs = read_outputs(settings, set(articles))
    report(capsys, f"FAULT two-workers-kill-one: {outputs.summary()} victim_enriched={victim_enriched:.0f} "
                   f"survivor_enriched={enriched_so_far(survivor):.0f} seconds={time.monotonic() - started:.0f}")
    outputs.assert_nothing_lost()
    assert survivor.process.poll() is None, survivor.tail()


# ---------------------------------------------------------------- e. one slow article


def long_body(chars: int) -> str:
    sentences = (
        "The foreign minister of Norway met envoys from Chile in Oslo on Monday.",
        "\"We will keep talking,\" said Prime Minister Jonas Berg after the session.",
        "Traders in Hamburg reported steady prices for grain and coffee this week.",
        "Officials in Kenya said the new road would open before the rainy season.",
    )
    paragraphs, size = [], 0
    while size < chars:
        paragraphs.append(f"{sentences[len(paragraphs) % len(sentences)]} Paragraph {len(paragraphs)}.")
        size += len(paragraphs[-1]) + 1
    return "\n".join(paragraphs)[:chars].strip()


def test_slow_article_causes_no_rebalance(make_settings, start_worker, capsys):
    started = time.monotonic()
    # A short session makes the test strict: a blocked event loop would miss heartbeats for
    # the ~20 s spaCy spends on this article and get the worker thrown out of the group.
    settings = make_settings(session_timeout_seconds=SHORT_SESSION_SECONDS)
    worker = start_worker(settings)
    wait_until(lambda: "Worker ready" in worker.log_path.read_text(errors="replace"), 30, "assignment", worker)
    joins_before = worker.log_path.read_text(errors="replace").count("Joined group")
    rebalances_before = metric(worker, "faust_total_rebalances")

    small = generated_articles(100, "slow")
    slow_id = "slow-the-long-one"
    slow = json.dumps({"id": slow_id, "headline": "A very long report", "body": long_body(150_000)}).encode()
    items = [(k.encode(), v) for k, v in small.items()]
    items.insert(50, (slow_id.encode(), slow))
    produce_keyed(settings.bootstrap_servers, settings.topic_input, items)

    ids = set(small) | {slow_id}
    enriched = collect(settings, settings.topic_enriched, want=ids, timeout=180)
    counts = key_counts(enriched)
    joins_after = worker.log_path.read_text(errors="replace").count("Joined group")
    rebalances_after = metric(worker, "faust_total_rebalances")
    line = (f"FAULT slow-article: produced={len(ids)} body_chars=150000 enriched_unique={len(counts)} "
            f"duplicates={duplicates(counts)} lost={len(ids - set(counts))} "
            f"rebalances={rebalances_after - rebalances_before:.0f} group_joins={joins_after - joins_before} "
            f"seconds={time.monotonic() - started:.0f}")
    report(capsys, line)
    assert ids <= set(counts), f"lost {sorted(ids - set(counts))[:5]}"
    assert duplicates(counts) == 0
    assert joins_after == joins_before and rebalances_after == rebalances_before, worker.tail()


# ---------------------------------------------------------------- f. poison input


ABSURD_DATES = ("99999-01-01", "0001-01-01T00:00:00Z", "yesterday")


def poison_inputs(max_body_chars: int) -> list[tuple[str, bytes | None]]:
    """(kind, value) for 200 messages that are broken or odd in every way we know of."""
    kinds = {
        "invalid_utf8": lambda n: b"caf\xe9 au lait " + bytes([0x80 + n % 64]) * 3,
        "utf16": lambda n: "Story\nBody text of the story.".encode("utf-16"),
        "invalid_json": lambda n: b'{"headline": "broken", "body": "cut off' + str(n).encode(),
        "json_array": lambda n: json.dumps([{"body": f"an array {n}"}]).encode(),
        "json_scalar_number": lambda n: b"[" + str(n).encode() + b"]",
        "wrong_type_body": lambda n: json.dumps({"headline": "H", "body": n}).encode(),
        "wrong_type_headline": lambda n: json.dumps({"headline": ["a", n], "body": "Text."}).encode(),
        "wrong_type_id": lambda n: json.dumps({"id": n, "body": "Text."}).encode(),
        "missing_body": lambda n: json.dumps({"headline": f"No body {n}"}).encode(),
        "empty_value": lambda n: b"",
        "null_value": lambda n: None,
        "whitespace_only": lambda n: b" \n\t \r\n " * (n % 5 + 1),
        "empty_body_field": lambda n: json.dumps({"headline": "H", "body": " \n "}).encode(),
        "controls_only_body": lambda n: json.dumps({"body": "\x00\x01\x02\u202e\u2066\ufeff"}).encode(),
        "too_long_body": lambda n: json.dumps({"body": "word " * (max_body_chars // 4 + n)}).encode(),
        "too_many_bytes": lambda n: b"x" * (max_body_chars * 4 + 70_000),
        # Deep enough for a RecursionError in json, small enough to pass the size check.
        "deep_nesting": lambda n: b"[" * 30_000 + b"]" * 30_000 if n % 2 else b'{"a":' * 10_000 + b"1" + b"}" * 10_000,
        "absurd_date": lambda n: json.dumps({"body": "Text.", "published_at": ABSURD_DATES[n % 3]}).encode(),
        "html": lambda n: f"<html><body><h1>Title {n}</h1><p>Ministers met in <b>Paris</b>.</p>"
                          f"<script>alert({n})</script></body></html>".encode(),
        "control_chars": lambda n: json.dumps({"id": f"ctl-{n}", "body": f"Te\x00xt\x07 \u202ebidi {n}\x1b[0m"}).encode(),
    }
    names = sorted(kinds)
    return [(names[n % len(names)], kinds[names[n % len(names)]](n)) for n in range(200)]


def expected_outcome(value: bytes | None, max_body_chars: int) -> str:
    """What the decoder says about a message: 'enriched' or the dead-letter reason."""
    try:
        read_article(value, max_body_chars)
    except ArticleError as exc:
        return exc.reason
    return "enriched"


def test_poison_mix_is_fully_accounted_for(make_settings, start_worker, capsys):
    started = time.monotonic()
    max_body_chars = 1000
    settings = make_settings(max_body_chars=max_body_chars)
    worker = start_worker(settings)

    good = generated_articles(1000, "mix")
    bad = poison_inputs(max_body_chars)
    items = [(f"good-{k}", v) for k, v in good.items()] + [(f"bad-{n}-{kind}", v) for n, (kind, v) in enumerate(bad)]
    random.Random(7).shuffle(items)  # the bad among the good, so most batches meet some
    positions = produce_keyed(settings.bootstrap_servers, settings.topic_input, [(k.encode(), v) for k, v in items])
    # An input is known by where it landed: enriched records and dead letters both name it.
    value_at = {position: value for position, (_, value) in zip(positions, items)}
    expected = {position: expected_outcome(value, max_body_chars) for position, value in value_at.items()}
    want_dlq = sum(outcome != "enriched" for outcome in expected.values())

    enriched = collect(settings, settings.topic_enriched, minimum=len(items) - want_dlq, timeout=120)
    dead = collect(settings, settings.topic_dlq, minimum=want_dlq, timeout=30)
    seen: dict[tuple[int, int], list[str]] = {}
    for record in enriched:
        source = json.loads(record.value)["processing"]["input"]
        seen.setdefault((source["partition"], source["offset"]), []).append("enriched")
    for record in dead:
        headers = read_headers(record.headers)
        position = (int(headers["source.partition"]), int(headers["source.offset"]))
        seen.setdefault(position, []).append(headers["error.reason"])
        assert record.value == (value_at[position] or b""), "a dead letter must hold the original bytes"
    outcomes = Counter(got[0] for got in seen.values())

    # The worker counts right after the broker's ack, a moment after a reader may see the record.
    def counted() -> float:
        return metric(worker, "newsstreams_articles_enriched_total") + metric(
            worker, "newsstreams_articles_dead_lettered_total")

    wait_until(lambda: counted() >= len(items), 30, "the worker's counters", worker)
    consumed = metric(worker, "newsstreams_articles_consumed_total")
    enriched_metric = metric(worker, "newsstreams_articles_enriched_total")
    dead_metric = metric(worker, "newsstreams_articles_dead_lettered_total")
    line = (f"FAULT poison-mix: produced={len(items)} good=1000 bad=200 enriched={len(enriched)} "
            f"dead_lettered={len(dead)} metrics_consumed={consumed:.0f} metrics_enriched={enriched_metric:.0f} "
            f"metrics_dead_lettered={dead_metric:.0f} reasons={dict(sorted(outcomes.items()))} "
            f"seconds={time.monotonic() - started:.0f}")
    report(capsys, line)

    assert all(len(got) == 1 for got in seen.values()), "an input came out twice"
    assert set(seen) == set(expected), "every input must come out exactly once, enriched or dead-lettered"
    wrong = {pos: (expected[pos], got[0]) for pos, got in seen.items() if got[0] != expected[pos]}
    assert not wrong, f"unexpected outcomes (expected, got): {list(wrong.values())[:10]}"
    assert len(enriched) + len(dead) == len(items) == consumed
    assert enriched_metric == len(enriched) and dead_metric == len(dead)
    assert worker.process.poll() is None, worker.tail()
