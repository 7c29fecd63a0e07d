"""The generated Grafana dashboards and the alert rules query real metrics."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from prometheus_client import REGISTRY, CollectorRegistry

import streams.observability.metrics  # noqa: F401  (registers our metrics)
from streams.observability.promql import metric_names

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "deploy" / "grafana"), str(ROOT / "deploy" / "prometheus")]

dashboards = pytest.importorskip("dashboards", reason="grafanalib is not installed")
alert_rules = pytest.importorskip("alert_rules", reason="PyYAML is not installed")

# Series Prometheus itself adds to every scrape target.
PROMETHEUS_SYNTHETIC = {"up", "scrape_duration_seconds", "scrape_samples_scraped"}
SERIES_SUFFIXES = {
    "counter": ("_total", "_created"),
    "histogram": ("_bucket", "_sum", "_count", "_created"),
    "summary": ("", "_sum", "_count", "_created"),
    "info": ("_info",),
    "gauge": ("",),
}


def _series_names(registry: CollectorRegistry, prefix: str) -> set[str]:
    names = set()
    for family in registry.collect():
        if family.name.startswith(prefix):
            names.update(family.name + suffix for suffix in SERIES_SUFFIXES[family.type])
    return names


@pytest.fixture(scope="module")
def exported_series() -> set[str]:
    """Every series name a worker's /metrics can expose: ours and Faust's sensor."""
    from faust.sensors.prometheus import FaustMetrics

    faust_registry = CollectorRegistry()
    FaustMetrics.create(faust_registry, "faust")  # the name_prefix the app uses
    return (
        _series_names(REGISTRY, "newsstreams_")
        | _series_names(faust_registry, "faust_")
        | PROMETHEUS_SYNTHETIC
    )


def test_committed_json_is_what_dashboards_py_generates():
    for name, text in dashboards.rendered_dashboards().items():
        committed = (ROOT / "deploy" / "grafana" / "dashboards" / name).read_text()
        assert committed == text, f"{name} is stale: run python deploy/grafana/dashboards.py"


def test_check_flag_passes_on_the_committed_json():
    script = ROOT / "deploy" / "grafana" / "dashboards.py"
    result = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_every_dashboard_query_uses_the_instance_variable():
    for name, text in dashboards.rendered_dashboards().items():
        board = json.loads(text)
        exprs = [t["expr"] for p in board["panels"] for t in p.get("targets", [])]
        assert exprs, name
        for expr in exprs:
            selectors = re.findall(r"\b[a-z_:]+\{[^}]*\}", expr)
            assert selectors, expr
            for sel in selectors:
                assert 'instance=~"$instance"' in sel, (name, expr)
        variables = [v["name"] for v in board["templating"]["list"]]
        assert variables == ["instance"]


def test_dashboard_expressions_have_the_variable_substituted():
    exprs = dashboards.dashboard_expressions()
    assert len(exprs) >= 20
    assert not any("$" in expr for expr in exprs)


def test_dashboards_use_the_provisioned_datasource():
    for text in dashboards.rendered_dashboards().values():
        for panel in json.loads(text)["panels"]:
            if panel["type"] != "row":
                assert panel["datasource"] == {"type": "prometheus", "uid": "prometheus"}


def test_dashboard_metrics_exist(exported_series):
    used = set().union(*(metric_names(e) for e in dashboards.dashboard_expressions()))
    assert used - exported_series == set()
    # the Faust-side panels really read Faust's sensor
    assert {"faust_total_rebalances", "faust_consumer_commit_latency_bucket"} <= used


def test_alert_metrics_exist(exported_series):
    rules = alert_rules.alert_rules()
    assert set(rules) == {
        "NewsstreamsWorkerDown",
        "NewsstreamsConsumerLagGrowing",
        "NewsstreamsDeadLetterRateHigh",
        "NewsstreamsEndToEndLatencyHigh",
        "NewsstreamsStalled",
    }
    for name, expr in rules.items():
        used = metric_names(expr)
        assert used, name
        assert used - exported_series == set(), name


def test_a_renamed_metric_would_be_caught(exported_series):
    renamed = 'sum(rate(newsstreams_articles_consumed{job="newsstreams"}[5m]))'
    assert metric_names(renamed) - exported_series == {"newsstreams_articles_consumed"}


@pytest.mark.parametrize(
    ("expr", "names"),
    [
        ('up{job="x"} == 0', {"up"}),
        (
            'histogram_quantile(0.99, sum by (le) (rate(a_bucket{le="+Inf"}[5m])))',
            {"a_bucket"},
        ),
        ("deriv(sum by (topic) (lag)[10m:1m]) > 0 and sum(x_total) > 1e3", {"lag", "x_total"}),
        ("sum by (type) (q_total) / ignoring(type) group_left sum(e_total)", {"q_total", "e_total"}),
        ("rate(a_total[5m] offset 1h) unless on (instance) b", {"a_total", "b"}),
    ],
)
def test_metric_names_parser(expr, names):
    assert metric_names(expr) == names
