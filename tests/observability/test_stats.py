"""streams.observability.stats over exposition text from a private registry."""

from __future__ import annotations

import io
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from streams.observability import metrics
from streams.observability.stats import (
    compute_stats,
    histogram_quantile,
    parse_scrape,
    render,
    run_stats,
)

URL = "http://worker:6066/metrics"


class FakeWorker:
    """The worker's metrics in a registry of their own, scraped on demand."""

    def __init__(self):
        self.registry = CollectorRegistry()
        r = self.registry
        self.consumed = Counter("newsstreams_articles_consumed", "", registry=r)
        self.enriched = Counter("newsstreams_articles_enriched", "", registry=r)
        self.routed = Counter("newsstreams_articles_routed", "", ["route"], registry=r)
        self.dead = Counter("newsstreams_articles_dead_lettered", "", ["reason"], registry=r)
        self.latency = Histogram(
            "newsstreams_end_to_end_latency_seconds",
            "",
            buckets=metrics.END_TO_END_BUCKETS,
            registry=r,
        )
        self.lag = Gauge("newsstreams_consumer_lag_messages", "", ["topic", "partition"], registry=r)
        self.in_flight = Gauge("newsstreams_articles_in_flight", "", registry=r)
        for route in metrics.ROUTES:
            self.routed.labels(route)
        for reason in metrics.DLQ_REASONS:
            self.dead.labels(reason)

    def process(self, diplomacy=0, general=0, dead=None, latencies=()):
        dead = dead or {}
        self.consumed.inc(diplomacy + general + sum(dead.values()))
        self.enriched.inc(diplomacy + general)
        self.routed.labels("diplomacy").inc(diplomacy)
        self.routed.labels("general").inc(general)
        for reason, n in dead.items():
            self.dead.labels(reason).inc(n)
        for seconds in latencies:
            self.latency.observe(seconds)

    def scrape(self, at: float):
        return parse_scrape(generate_latest(self.registry).decode(), taken_at=at)


@pytest.fixture
def worker():
    return FakeWorker()


# --- histogram_quantile -------------------------------------------------------

BUCKETS = [(1.0, 90.0), (30.0, 97.0), (60.0, 100.0), (math.inf, 100.0)]


def test_quantile_interpolates_inside_the_bucket():
    assert histogram_quantile(0.99, BUCKETS) == pytest.approx(50.0)
    assert histogram_quantile(0.5, BUCKETS) == pytest.approx(50 / 90)
    assert histogram_quantile(0.95, BUCKETS) == pytest.approx(1 + 29 * 5 / 7)


def test_quantile_order_of_buckets_does_not_matter():
    assert histogram_quantile(0.99, list(reversed(BUCKETS))) == pytest.approx(50.0)


def test_quantile_in_the_inf_bucket_is_the_highest_finite_bound():
    buckets = [(1.0, 10.0), (5.0, 20.0), (math.inf, 100.0)]
    assert histogram_quantile(0.99, buckets) == 5.0


def test_quantile_without_observations_or_inf_bucket_is_none():
    assert histogram_quantile(0.5, [(1.0, 0.0), (math.inf, 0.0)]) is None
    assert histogram_quantile(0.5, [(1.0, 3.0), (2.0, 4.0)]) is None
    assert histogram_quantile(0.5, []) is None


@given(
    increments=st.lists(st.integers(min_value=0, max_value=1000), min_size=2, max_size=12),
    qs=st.tuples(st.floats(0, 1), st.floats(0, 1)),
)
def test_quantile_is_monotonic_and_within_the_bounds(increments, qs):
    bounds = [0.01 * 2**i for i in range(len(increments) - 1)] + [math.inf]
    counts, running = [], 0
    for n in increments:
        running += n
        counts.append(float(running))
    buckets = list(zip(bounds, counts))
    low, high = sorted(qs)
    q_low, q_high = histogram_quantile(low, buckets), histogram_quantile(high, buckets)
    if running == 0:
        assert q_low is None and q_high is None
    else:
        assert 0 <= q_low <= q_high <= bounds[-2]


# --- stats between two scrapes ------------------------------------------------


def test_rates_per_route_between_two_scrapes(worker):
    worker.process(diplomacy=4, general=6)
    before = worker.scrape(at=100.0)
    worker.process(diplomacy=10, general=30, dead={"invalid_json": 2})
    after = worker.scrape(at=102.0)

    stats = compute_stats(before, after)

    assert stats.routed == {"diplomacy": 14, "general": 36}
    assert stats.routed_rate == {"diplomacy": pytest.approx(5.0), "general": pytest.approx(15.0)}
    assert stats.consumed == 52
    assert stats.consumed_rate == pytest.approx(21.0)
    assert stats.enriched_rate == pytest.approx(20.0)
    assert stats.dead_lettered_rate == pytest.approx(1.0)


def test_first_scrape_has_totals_but_no_rates(worker):
    worker.process(general=3)
    stats = compute_stats(None, worker.scrape(at=1.0))
    assert stats.routed["general"] == 3
    assert stats.consumed_rate is None
    assert stats.routed_rate == {"diplomacy": None, "general": None}


def test_restarted_worker_counts_from_zero(worker):
    worker.process(general=100)
    before = worker.scrape(at=0.0)
    restarted = FakeWorker()
    restarted.process(general=8)
    stats = compute_stats(before, restarted.scrape(at=4.0))
    assert stats.routed_rate["general"] == pytest.approx(2.0)


def test_dead_letters_by_reason_cover_every_reason(worker):
    worker.process(dead={"too_large": 3, "invalid_json": 1})
    stats = compute_stats(None, worker.scrape(at=0.0))
    assert set(stats.dead_lettered) == set(metrics.DLQ_REASONS)
    assert stats.dead_lettered["too_large"] == 3
    assert stats.dead_lettered["empty_body"] == 0


def test_latency_uses_the_observations_between_scrapes(worker):
    worker.process(general=100, latencies=[100.0] * 100)  # an old, slow backlog
    before = worker.scrape(at=0.0)
    worker.process(general=100, latencies=[0.04] * 100)
    stats = compute_stats(before, worker.scrape(at=2.0))
    for q in (0.5, 0.95, 0.99):
        assert 0.025 < stats.latency[q] <= 0.05


def test_latency_falls_back_to_all_observations_when_idle(worker):
    worker.process(general=10, latencies=[2.0] * 10)
    before = worker.scrape(at=0.0)
    stats = compute_stats(before, worker.scrape(at=2.0))
    assert 1.0 < stats.latency[0.5] <= 2.5


def test_latency_is_unknown_without_observations(worker):
    stats = compute_stats(None, worker.scrape(at=0.0))
    assert stats.latency == {0.5: None, 0.95: None, 0.99: None}


def test_total_lag_sums_partitions(worker):
    worker.lag.labels("articles", "0").set(120)
    worker.lag.labels("articles", "1").set(30)
    worker.in_flight.set(7)
    stats = compute_stats(None, worker.scrape(at=0.0))
    assert stats.lag == 150
    assert stats.lag_partitions == 2
    assert stats.in_flight == 7


def test_parse_ignores_unrelated_metrics():
    text = "# TYPE other_total counter\nother_total 5\n"
    stats = compute_stats(None, parse_scrape(text, taken_at=0.0))
    assert stats.consumed == 0 and stats.lag == 0


# --- rendering ----------------------------------------------------------------


def test_render_shows_routes_reasons_latency_and_lag(worker):
    worker.process(diplomacy=2, general=2, dead={"empty_body": 1}, latencies=[0.2, 0.3, 12])
    before = worker.scrape(at=0.0)
    worker.process(diplomacy=4, general=6, latencies=[0.2] * 10)
    worker.lag.labels("articles", "0").set(1234)
    table = render(compute_stats(before, worker.scrape(at=2.0)), URL)

    lines = table.splitlines()
    assert lines[0] == f"newsstreams stats  {URL}"
    line = {row.split()[0]: row for row in lines[2:]}
    assert line["diplomacy"].split()[1:] == ["6", "2.0/s"]
    assert line["general"].split()[1:] == ["8", "3.0/s"]
    assert line["empty_body"].split()[1:] == ["1"]
    assert "too_large" not in line  # reasons at zero are left out
    assert line["consumer"].split()[2:] == ["1,234", "1", "partitions"]
    assert line["end-to-end"].startswith("end-to-end")
    assert "p50 " in line["end-to-end"] and "p99 " in line["end-to-end"]


def test_render_without_rates_uses_dashes(worker):
    table = render(compute_stats(None, worker.scrape(at=0.0)), URL)
    assert "-" in table.splitlines()[2]
    assert "p99 -" in table


# --- the refresh loop -----------------------------------------------------------


class ScriptedEndpoint:
    """fetch() returning prepared scrapes, then raising what it is given."""

    def __init__(self, *results):
        self.results = list(results)
        self.urls = []

    def __call__(self, url):
        self.urls.append(url)
        result = self.results.pop(0)
        if isinstance(result, BaseException):
            raise result
        return result


def test_once_prints_one_table_with_rates(worker):
    before = worker.scrape(at=0.0)
    worker.process(general=4)
    endpoint = ScriptedEndpoint(before, worker.scrape(at=2.0))
    out, sleeps = io.StringIO(), []

    code = run_stats(URL, 2.0, once=True, out=out, fetch=endpoint, sleep=sleeps.append)

    assert code == 0
    assert sleeps == [2.0]
    assert endpoint.urls == [URL, URL]
    assert out.getvalue().count("newsstreams stats") == 1
    assert "2.0/s" in out.getvalue()
    assert "\x1b[" not in out.getvalue()  # no screen control when not a terminal


def test_loop_redraws_until_ctrl_c_and_exits_zero(worker):
    first = worker.scrape(at=0.0)
    worker.process(diplomacy=2)
    endpoint = ScriptedEndpoint(first, worker.scrape(at=2.0), KeyboardInterrupt())
    out = io.StringIO()

    code = run_stats(URL, 2.0, once=False, out=out, fetch=endpoint, sleep=lambda s: None)

    assert code == 0
    assert out.getvalue().count("newsstreams stats") == 2


def test_loop_reports_an_unreachable_worker_and_keeps_trying(worker):
    import urllib.error

    endpoint = ScriptedEndpoint(
        urllib.error.URLError("connection refused"), worker.scrape(at=0.0), KeyboardInterrupt()
    )
    out = io.StringIO()
    code = run_stats(URL, 1.0, once=False, out=out, fetch=endpoint, sleep=lambda s: None)
    assert code == 0
    assert "cannot read" in out.getvalue()
    assert "newsstreams stats" in out.getvalue()


def test_once_fails_when_the_worker_is_unreachable(capsys):
    endpoint = ScriptedEndpoint(ConnectionRefusedError("refused"))
    code = run_stats(URL, 1.0, once=True, out=io.StringIO(), fetch=endpoint, sleep=lambda s: None)
    assert code == 1
    assert "cannot read" in capsys.readouterr().err


def test_ctrl_c_during_sleep_exits_zero(worker):
    def interrupted(seconds):
        raise KeyboardInterrupt

    endpoint = ScriptedEndpoint(worker.scrape(at=0.0))
    assert run_stats(URL, 2.0, out=io.StringIO(), fetch=endpoint, sleep=interrupted) == 0
