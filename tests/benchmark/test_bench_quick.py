"""`newsstreams bench --quick` end to end on the real local broker: every figure present, ratios sane.

Ratios are checked loosely and wall-clock figures not at all: the machine is shared and slow
CI must not fail a correct benchmark. The issue's targets are reported by the JSON, not asserted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.support.kafka import ROOT, TEST_KAFKA_PORT, start_local_kafka, stop_local_kafka

pytestmark = pytest.mark.integration

THROUGHPUT_MEASURES = ("ceiling", "enrich_offline", "e2e_1w", "e2e_1w_eos", "e2e_2w", "naive_1w")


@pytest.fixture(scope="module")
def quick_bench(tmp_path_factory):
    started = start_local_kafka(TEST_KAFKA_PORT)
    out = tmp_path_factory.mktemp("bench")
    try:
        finished = subprocess.run(
            [sys.executable, "-m", "streams.cli", "bench", "--quick", "--json", str(out / "x.json"),
             "--chart", str(out / "x.png"), "--kafka-bootstrap", f"127.0.0.1:{TEST_KAFKA_PORT}"],
            cwd=ROOT, capture_output=True, text=True, timeout=600,
            env={k: v for k, v in os.environ.items() if not k.startswith("NEWSSTREAMS_")},
        )
    finally:
        if started and not os.environ.get("NEWSSTREAMS_KEEP_KAFKA"):
            stop_local_kafka(TEST_KAFKA_PORT)
    assert finished.returncode == 0, finished.stderr[-3000:]
    return json.loads((out / "x.json").read_text()), finished.stdout, out


def test_every_figure_is_there(quick_bench):
    results, table, _ = quick_bench
    assert results["mode"] == "quick"
    articles = results["corpus"]["articles"]
    for name in THROUGHPUT_MEASURES:
        row = results[name]
        assert row["articles"] == articles
        assert row["articles_per_s"] > 0 and row["words_per_s"] > 0 and row["seconds"] > 0
        assert row["articles_per_cpu_s"] > 0
    for name in ("e2e_1w", "e2e_1w_eos", "e2e_2w"):
        outputs = results[name]["outputs"]
        assert outputs["enriched"] == articles and outputs["dlq"] == 0
        assert 0 < outputs["diplomacy"] < articles
    assert results["e2e_1w"]["workers"] == 1 and results["e2e_2w"]["workers"] == 2
    assert results["e2e_2w"]["partitions"] >= 2
    latency = results["e2e_1w"]["latency"]
    assert latency["offered_per_s"] == pytest.approx(results["e2e_1w"]["articles_per_s"] / 2, rel=0.01)
    summary = latency["broker_timestamps_ms"]
    assert summary["count"] >= 20
    assert 0 < summary["p50_ms"] <= summary["p95_ms"] <= summary["p99_ms"] <= summary["max_ms"]
    for name, workers in (("e2e_1w", 1), ("e2e_2w", 2), ("naive_1w", 1)):
        memory = results[name]["memory_mb"]
        assert len(memory) == workers
        for row in memory:
            assert 0 < row["rss_start"] and 0 < row["rss_end"] <= row["peak_hwm"]
    assert set(results["ratios"]) >= {
        "e2e_1w_over_ceiling", "e2e_2w_over_e2e_1w", "product_over_naive", "p99_within_budget",
        "exactly_once_over_at_least_once", "exactly_once_p99_over_at_least_once",
    }
    eos = results["e2e_1w_eos"]
    assert eos["processing_guarantee"] == "exactly_once" and results["e2e_1w"]["processing_guarantee"] == "at_least_once"
    assert eos["transactions"] >= 1 and eos["transactions_per_s"] > 0  # the outputs really went in transactions
    assert eos["latency"]["broker_timestamps_ms"]["count"] >= 20
    assert "ratios" in table and "naive" in table


def test_ratios_are_loosely_sane(quick_bench):
    ratios = quick_bench[0]["ratios"]
    assert ratios["e2e_1w_over_ceiling"]["value"] >= 0.5
    # Two workers on two cores scale ~1.3-1.6x on an idle machine, but a CI machine is shared: with other
    # jobs on both cores one run measured 0.89. Only a collapse (a rebalance storm, a serialised group) fails.
    assert ratios["e2e_2w_over_e2e_1w"]["value"] >= 0.8
    # Measured at parity (0.9-1.1): batching gains ~10% over nlp() per message, and the product spends about
    # as much again on quotes, entities and diplomacy that the naive agent does not do. Only a collapse fails.
    assert ratios["product_over_naive"]["value"] >= 0.75


def test_chart_is_a_png(quick_bench):
    assert (quick_bench[2] / "x.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
