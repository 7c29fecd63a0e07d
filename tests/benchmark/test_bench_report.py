"""The benchmark's arithmetic: percentiles, latency summaries, ratios against targets, the table."""

from __future__ import annotations

import json
import os

import pytest

from streams.benchmark.procinfo import CpuWindow, process_cpu_seconds, process_memory
from streams.benchmark.report import compute_ratios, format_table, write_json
from streams.benchmark.stats import percentile, rate, ratio, summarise_latencies


def test_percentile_interpolates_between_ranks_like_numpy():
    values = [10.0, 20.0, 30.0, 40.0]
    assert percentile(values, 0) == 10.0
    assert percentile(values, 100) == 40.0
    assert percentile(values, 50) == 25.0
    assert percentile(values, 99) == pytest.approx(39.7)
    assert percentile([5.0], 99) == 5.0


def test_percentile_ignores_input_order_and_refuses_nonsense():
    assert percentile([3.0, 1.0, 2.0], 50) == 2.0
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile([1.0], 101)


def test_latency_summary():
    summary = summarise_latencies([float(v) for v in range(1, 101)])
    assert summary.count == 100
    assert summary.mean_ms == 50.5
    assert summary.p50_ms == pytest.approx(50.5)
    assert summary.p99_ms == pytest.approx(99.01)
    assert summary.max_ms == 100.0
    assert summary.as_dict()["p95_ms"] == 95.0


def test_rate_and_ratio_do_not_divide_by_zero():
    assert rate(10, 0.0) == 0.0
    assert rate(10, 4.0) == 2.5
    assert ratio(None, 2.0) is None
    assert ratio(1.0, 0.0) is None
    assert ratio(3.0, 2.0) == 1.5


def _results(one=4.0, two=7.2, naive=2.0, p99=900.0):
    def row(speed):
        return {"articles_per_s": speed, "words_per_s": speed * 700, "seconds": 100 / speed, "articles_per_cpu_s": speed,
                "cpu": {"machine_busy_share": 0.9, "process_cpu_seconds": {}}}

    e2e_1w = row(one)
    e2e_1w["latency"] = {"offered_per_s": one / 2, "broker_timestamps_ms": {
        "count": 50, "mean_ms": 400.0, "p50_ms": 350.0, "p95_ms": 700.0, "p99_ms": p99, "max_ms": p99 + 10}}
    e2e_1w["memory_mb"] = [{"rss_start": 300.0, "rss_end": 310.0, "peak_hwm": 500.0}]
    return {
        "mode": "quick",
        "corpus": {"articles": 100, "words": 70000},
        "settings": {"batch_size": 32, "batch_wait_seconds": 0.2},
        "machine": {"cores": 2, "load_average_1m_start": 0.1, "load_average_1m_end": 1.9},
        "ceiling": row(5.0), "enrich_offline": row(4.5), "e2e_1w": e2e_1w, "e2e_2w": row(two), "naive_1w": row(naive),
    }


def test_ratios_say_value_target_and_verdict():
    results = _results()
    ratios = compute_ratios(results, batch_wait_seconds=0.2)
    assert ratios["e2e_1w_over_ceiling"] == {"value": 0.8, "target": 0.85, "met": False}
    assert ratios["e2e_2w_over_e2e_1w"] == {"value": 1.8, "target": 1.7, "met": True}
    assert ratios["product_over_naive"]["value"] == 2.0
    assert ratios["enrich_offline_over_ceiling"] == 0.9
    assert ratios["cpu_efficiency"]["e2e_1w_over_ceiling"] == 0.8
    # budget: 3 x (1000 / 4.5) ms + 200 ms = 866.7 ms; p99 900 ms is over it
    assert ratios["p99_within_budget"]["target"] == pytest.approx(866.7)
    assert ratios["p99_within_budget"]["met"] is False


def test_missing_measures_give_no_verdict_rather_than_a_crash():
    results = _results()
    del results["naive_1w"]
    assert compute_ratios(results, 0.2)["product_over_naive"] == {"value": None, "target": 1.0, "met": None}


def test_table_and_json_hold_every_row(tmp_path):
    results = _results()
    results["ratios"] = compute_ratios(results, 0.2)
    results["notes"] = ["a note"]
    table = format_table(results)
    for label in ("nlp.pipe alone", "enrich_batch", "1 worker", "2 workers", "naive", "p99", "NOT met", "a note"):
        assert label in table
    write_json(results, tmp_path / "out" / "bench.json")
    assert json.loads((tmp_path / "out" / "bench.json").read_text())["ratios"]["e2e_2w_over_e2e_1w"]["met"] is True


def test_proc_readings_of_this_process():
    assert process_cpu_seconds(os.getpid()) > 0
    memory = process_memory(os.getpid())
    assert 0 < memory.rss_mb <= memory.hwm_mb
    window = CpuWindow({"me": os.getpid()}).start()
    sum(i * i for i in range(200_000))
    used = window.stop()
    assert used["process_cpu_seconds"]["me"] >= 0
    assert 0 <= used["machine_busy_share"] <= 1
