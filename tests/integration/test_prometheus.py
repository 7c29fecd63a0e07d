"""Every dashboard query and alert rule, evaluated by a real Prometheus scraping a real worker.

One worker and one Prometheus (1 s scrapes, alerts.yml loaded) are shared by the
tests of this module; Prometheus scrapes the worker under two job names, the
default one and a Kubernetes-style one, and the dashboards must show data for both. Articles go in once; the tests then query Prometheus's
HTTP API, so a renamed metric, a wrong label or a PromQL error in a dashboard
or alert fails here rather than as an empty panel in production.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.support.kafka import WorkerProcess, isolated_settings, produce
from tests.support.prometheus import (
    JOB,
    OTHER_JOB,
    PrometheusServer,
    expressions_without_data,
    vector_selectors,
    wait_for_data,
    wait_until,
)

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "deploy" / "grafana"), str(ROOT / "deploy" / "prometheus")]
import alert_rules  # noqa: E402
import dashboards  # noqa: E402

pytestmark = pytest.mark.integration

EXAMPLES = ROOT / "examples" / "articles"
GOOD = [
    (EXAMPLES / name).read_bytes()
    for name in (
        "000_seed_bush_putin_letter.txt",  # diplomacy, quotes
        "002_brazil_china_state_visit.json",  # diplomacy, JSON input
        "006_netherlands_norway_qualifier.txt",  # general route
        "008_ghana_election_count.txt",  # general route
    )
]
# Dead letters for the DLQ series; 2 of 6 is also above the 5% alert threshold.
BAD = [b'{"headline": "broken", "body": ', b"\xff\xfeW\x00a\x00r\x00"]
# rate()/increase() need two samples after the data, the lag gauge its 5 s timer.
SETTLE_TIMEOUT = 15.0


def alert_selectors() -> dict[str, str]:
    """Each metric selector of the alert rules -> the alert it comes from.

    An alert expression is empty by design while the alert does not fire (e.g.
    `... > 0.05`), so an empty result proves nothing. Each selector inside it
    must return series though, whatever the traffic: our label values are
    pre-initialised, and the lag gauge is set once the worker holds partitions.
    That catches a renamed metric or a wrong label matcher.
    """
    return {
        selector: name
        for name, expr in alert_rules.alert_rules().items()
        for selector in vector_selectors(expr)
    }


@pytest.fixture(scope="module")
def prometheus(kafka_bootstrap, tmp_path_factory):
    """A Prometheus that has scraped the worker before and after it processed the articles."""
    directory = tmp_path_factory.mktemp("prometheus")
    settings = isolated_settings(kafka_bootstrap)
    worker = WorkerProcess(settings, directory / "worker.log")
    server = PrometheusServer(directory, settings.metrics_port, jobs=(JOB, OTHER_JOB))
    try:
        worker.start(timeout=40)
        server.start(timeout=10)
        # Samples from before the data, so rate() over the window sees the counters rise.
        scraped = wait_until(lambda: server.query(f'count_over_time(up{{job="{JOB}"}}[1m]) >= 2'), timeout=10)
        assert scraped, f"prometheus never scraped the worker; log:\n{server.tail()}"
        produce(settings, [*GOOD, *BAD])
        enriched = wait_until(
            lambda: server.query(f'sum(newsstreams_articles_enriched_total{{job="{JOB}"}}) >= {len(GOOD)}'),
            timeout=30,
        )
        assert enriched, f"articles not enriched in time; worker log:\n{worker.tail()}"
        # Settle once for the whole module; the tests below then query without waiting.
        every_job = [e for job in (JOB, OTHER_JOB) for e in dashboards.dashboard_expressions(job)]
        wait_for_data(server, every_job + list(alert_selectors()), SETTLE_TIMEOUT)
        yield server
    finally:
        server.stop()
        worker.stop()


@pytest.mark.parametrize("job", [JOB, OTHER_JOB])
def test_every_dashboard_expression_returns_data(prometheus, job):
    empty = expressions_without_data(prometheus, dashboards.dashboard_expressions(job))
    assert not empty, f"dashboard expressions with no data for job {job}:\n" + "\n".join(empty)


def test_the_job_variable_offers_every_job_that_scrapes_a_worker(prometheus):
    queries = dashboards.variable_queries()
    jobs = {series["metric"]["job"] for series in prometheus.query(queries["job"])}
    assert jobs == {JOB, OTHER_JOB}  # not the prometheus self-scrape or anything else
    for job in jobs:
        instances = prometheus.query(dashboards.substitute(queries["instance"], job))
        assert [s["metric"]["instance"] for s in instances] == [f"127.0.0.1:{prometheus.scraped_port}"]


def test_a_job_nobody_scrapes_shows_nothing(prometheus):
    """The job filter is real: with a job name no scrape uses, no panel has data."""
    exprs = dashboards.dashboard_expressions("nobody-scrapes-this")
    assert expressions_without_data(prometheus, exprs) == exprs


def test_every_metric_selector_of_the_alert_rules_returns_series(prometheus):
    selectors = alert_selectors()
    empty = expressions_without_data(prometheus, list(selectors))
    assert not empty, "alert selectors with no data:\n" + "\n".join(f"{selectors[s]}: {s}" for s in empty)


def test_alert_rules_are_loaded_and_evaluated_without_error(prometheus):
    expected = set(alert_rules.alert_rules())

    def evaluated():
        rules = {rule["name"]: rule for rule in prometheus.rules() if rule["type"] == "alerting"}
        # A rule not yet evaluated reports Go's zero time, 0001-01-01T00:00:00Z.
        done = set(rules) == expected and all(not r["lastEvaluation"].startswith("0001") for r in rules.values())
        return rules if done else None

    rules = wait_until(evaluated, timeout=10)
    assert rules, f"rules not all loaded and evaluated: {[r['name'] for r in prometheus.rules()]}"
    unhealthy = {name: (r["health"], r.get("lastError")) for name, r in rules.items() if r["health"] != "ok"}
    assert not unhealthy


def test_the_dead_letter_alert_goes_pending_on_real_data(prometheus):
    # 2 of the 6 articles are dead-lettered: above 5%, so the rule matches (pending for its `for:`).
    pending = wait_until(
        lambda: prometheus.query('ALERTS{alertname="NewsstreamsDeadLetterRateHigh", alertstate="pending"}'),
        timeout=5,
    )
    assert pending, prometheus.query("ALERTS")


def test_a_misspelt_metric_or_label_is_reported(prometheus):
    """The checker is not vacuous: the same queries with one typo come back as empty."""
    good = 'sum(rate(newsstreams_articles_consumed_total{job="newsstreams"}[5m]))'
    renamed = 'sum(rate(newsstreams_articles_consumed{job="newsstreams"}[5m]))'
    wrong_label = 'sum(rate(newsstreams_articles_routed_total{job="newsstreams", route="diplomatic"}[5m]))'
    assert expressions_without_data(prometheus, [good, renamed, wrong_label]) == [renamed, wrong_label]

    alert = 'sum(newsstreams_consumer_lag{job="newsstreams"}) > 0 and sum(up{job="newsstreams"}) > 0'
    selectors = vector_selectors(alert)
    assert selectors == ['newsstreams_consumer_lag{job="newsstreams"}', 'up{job="newsstreams"}']
    assert expressions_without_data(prometheus, selectors) == [selectors[0]]
