"""The generated Grafana dashboards and the alert rules query real metrics."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry

from streams.observability.metrics import PipelineMetrics
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

    ours, faust_registry = CollectorRegistry(), CollectorRegistry()
    PipelineMetrics.create(ours)
    FaustMetrics.create(faust_registry, "faust")  # the name_prefix the app uses
    return (
        _series_names(ours, "newsstreams_")
        | _series_names(faust_registry, "faust_")
        | PROMETHEUS_SYNTHETIC
    )


def test_committed_json_is_what_dashboards_py_generates():
    for path, text in dashboards.rendered_files().items():
        assert path.read_text() == text, f"{path} is stale: run python deploy/grafana/dashboards.py"


def test_check_flag_passes_on_the_committed_json():
    script = ROOT / "deploy" / "grafana" / "dashboards.py"
    result = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_every_dashboard_query_uses_the_job_and_instance_variables():
    for name, text in dashboards.rendered_dashboards().items():
        board = json.loads(text)
        exprs = [t["expr"] for p in board["panels"] for t in p.get("targets", [])]
        assert exprs, name
        for expr in exprs:
            selectors = re.findall(r"\b[a-z_:]+\{[^}]*\}", expr)
            assert selectors, expr
            for sel in selectors:
                assert 'job="$job"' in sel and 'instance=~"$instance"' in sel, (name, expr)
            assert "newsstreams\"" not in expr, f"a hard-coded job in {name}: {expr}"
        variables = [v["name"] for v in board["templating"]["list"]]
        assert variables == ["datasource", "job", "instance"]


def test_the_variables_find_any_job_and_their_workers():
    for text in dashboards.rendered_dashboards().values():
        variables = {v["name"]: v for v in json.loads(text)["templating"]["list"]}
        assert variables["datasource"]["type"] == "datasource" and variables["datasource"]["query"] == "prometheus"
        assert variables["job"]["query"] == "label_values(newsstreams_build_info, job)"
        assert variables["instance"]["query"] == 'label_values(up{job="$job"}, instance)'
        for name in ("job", "instance"):
            assert variables[name]["datasource"] == {"type": "prometheus", "uid": "${datasource}"}


def test_dashboard_expressions_have_the_variables_substituted():
    exprs = dashboards.dashboard_expressions(job="elsewhere")
    assert len(exprs) >= 20
    assert not any("$" in expr for expr in exprs)
    assert all('job="elsewhere"' in expr for expr in exprs)


def test_every_panel_and_query_uses_the_datasource_variable():
    for text in [*dashboards.rendered_dashboards().values(), *dashboards.rendered_imports().values()]:
        for panel in json.loads(text)["panels"]:
            if panel["type"] != "row":
                assert panel["datasource"] == {"type": "prometheus", "uid": "${datasource}"}
                assert all(t["datasource"] == panel["datasource"] for t in panel["targets"])


def test_provisioned_files_have_nothing_only_the_import_wizard_resolves():
    """Grafana's file provisioning leaves ${DS_...} as is: one would empty every panel."""
    for name, text in dashboards.rendered_dashboards().items():
        board = json.loads(text)
        assert "__inputs" not in board and "${DS_" not in text, name
        datasource = board["templating"]["list"][0]
        assert datasource["current"] == {}, "no current value: Grafana's default data source"


def test_import_files_declare_every_input_they_use():
    for name, text in dashboards.rendered_imports().items():
        board = json.loads(text)
        declared = {item["name"] for item in board["__inputs"]}
        used = set(re.findall(r"\$\{(DS_[A-Z_]+)\}", text))
        assert declared == used == {"DS_PROMETHEUS"}, name
        assert board["__inputs"][0]["type"] == "datasource" and board["__inputs"][0]["pluginId"] == "prometheus"
        assert board["templating"]["list"][0]["current"]["value"] == "${DS_PROMETHEUS}"


def test_both_flavours_have_the_same_panels():
    for name in dashboards.DASHBOARDS:
        provisioned = json.loads(dashboards.rendered_dashboards()[name])
        imported = json.loads(dashboards.rendered_imports()[name])
        assert provisioned["panels"] == imported["panels"] and provisioned["uid"] == imported["uid"]


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
