"""Grafana dashboards for newsstreams, as code (grafanalib).

    python deploy/grafana/dashboards.py           # rewrite dashboards/*.json and import/*.json
    python deploy/grafana/dashboards.py --check   # exit 1 if they are stale

Each dashboard is written twice, with the same panels and queries:
- dashboards/: for Grafana's file provisioning (compose). No `__inputs`:
  provisioning does not resolve them, and a `${DS_...}` left in the file
  shows as "Datasource ${DS_PROMETHEUS} was not found".
- import/: for Dashboards -> New -> Import in any Grafana. Its `__inputs`
  make the import ask which Prometheus to use; that choice becomes the
  default of the `datasource` variable.
Both select the data source with the `datasource` variable and the workers
with `job` (any scrape job name: the values are the jobs that export
newsstreams_build_info) and `instance`.

Importable (put deploy/grafana on sys.path): tests use
`dashboard_expressions()` to run every query against a real Prometheus.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from grafanalib._gen import DashboardEncoder
from grafanalib.core import (
    Dashboard,
    DataSourceInput,
    GridPos,
    Heatmap,
    RowPanel,
    Stat,
    Target,
    Template,
    Templating,
    TimeSeries,
)

OUTPUT_DIR = Path(__file__).resolve().parent / "dashboards"
IMPORT_DIR = Path(__file__).resolve().parent / "import"

# Every panel and variable queries the data source picked in the `datasource` variable.
DATASOURCE = {"type": "prometheus", "uid": "${datasource}"}
# The import wizard replaces ${DS_PROMETHEUS} with the uid of the data source it was given.
IMPORT_INPUT = "DS_PROMETHEUS"
# A metric only newsstreams workers export: its jobs are the scrape jobs of newsstreams.
JOB_QUERY = "label_values(newsstreams_build_info, job)"
INSTANCE_QUERY = 'label_values(up{job="$job"}, instance)'
# Panels and queries are written for a current Grafana (12.x).
SCHEMA_VERSION = 39
# Fixed windows rather than Grafana's $__rate_interval, so every expression
# also runs as-is against Prometheus in the integration test.
RATE_WINDOW = "5m"
# Every query is restricted to the job and the workers chosen in the variables.
WORKERS = 'job="$job", instance=~"$instance"'

ROW_HEIGHT = 1
PANEL_HEIGHT = 8
GRID_WIDTH = 24


def selector(metric: str, extra: str = "") -> str:
    matchers = f"{WORKERS}, {extra}" if extra else WORKERS
    return f"{metric}{{{matchers}}}"


def rate(metric: str, extra: str = "") -> str:
    return f"rate({selector(metric, extra)}[{RATE_WINDOW}])"


def quantile(q: float, histogram: str, by: str = "") -> str:
    """histogram_quantile over the rate of a histogram's buckets, summed across workers."""
    labels = f"{by}, le" if by else "le"
    return f"histogram_quantile({q}, sum by ({labels}) ({rate(histogram + '_bucket')}))"


def target(expr: str, legend: str, ref_id: str, **kwargs) -> Target:
    return Target(expr=expr, legendFormat=legend, refId=ref_id, datasource=DATASOURCE, **kwargs)


def targets(*pairs: tuple[str, str]) -> list[Target]:
    """Targets from (expr, legend) pairs, with refIds A, B, C..."""
    return [target(expr, legend, chr(ord("A") + i)) for i, (expr, legend) in enumerate(pairs)]


def timeseries(title: str, description: str, queries: list[Target], unit: str = "", **kwargs):
    return TimeSeries(
        title=title,
        description=description,
        dataSource=DATASOURCE,
        targets=queries,
        unit=unit,
        legendDisplayMode="table",
        legendCalcs=["mean", "max", "lastNotNull"],
        tooltipMode="multi",
        **kwargs,
    )


def layout(rows: list[tuple[str, list]]) -> list:
    """Row headers, each followed by its panels side by side in equal widths."""
    panels, y = [], 0
    for title, row_panels in rows:
        panels.append(RowPanel(title=title, gridPos=GridPos(h=ROW_HEIGHT, w=GRID_WIDTH, x=0, y=y)))
        y += ROW_HEIGHT
        width = GRID_WIDTH // len(row_panels)
        for i, panel in enumerate(row_panels):
            panel.gridPos = GridPos(h=PANEL_HEIGHT, w=width, x=i * width, y=y)
            panels.append(panel)
        y += PANEL_HEIGHT
    return panels


def variables() -> Templating:
    return Templating(
        list=[
            # Any Prometheus of the Grafana; the default one until someone picks another.
            Template(name="datasource", label="Data source", query="prometheus", type="datasource", refresh=1),
            Template(
                name="job",
                label="Job",
                query=JOB_QUERY,
                dataSource=DATASOURCE,
                default="newsstreams",  # the job of compose's prometheus.yml; else Grafana takes the first
                refresh=2,  # on time range change, like instance
            ),
            Template(
                name="instance",
                label="Worker",
                query=INSTANCE_QUERY,
                dataSource=DATASOURCE,
                includeAll=True,
                multi=True,
                allValue=".*",
                default="$__all",
                refresh=2,  # on time range change: new replicas appear
            ),
        ]
    )


def dashboard(uid: str, title: str, description: str, rows: list[tuple[str, list]]) -> Dashboard:
    return Dashboard(
        uid=uid,
        title=title,
        description=description,
        tags=["newsstreams"],
        panels=layout(rows),
        templating=variables(),
        schemaVersion=SCHEMA_VERSION,
        refresh="30s",
        graphTooltip=1,  # shared crosshair
    ).auto_panel_ids()


_DIPLOMACY_RATE = rate("newsstreams_articles_routed_total", 'route="diplomacy"')
DIPLOMACY_SHARE = (
    f"sum({_DIPLOMACY_RATE}) / sum({rate('newsstreams_articles_routed_total')})"
)


def service_dashboard() -> Dashboard:
    throughput = timeseries(
        "Throughput by route",
        "Articles per second: consumed, enriched per route, and dead-lettered.",
        targets(
            (f'sum({rate("newsstreams_articles_consumed_total")})', "consumed"),
            (f'sum by (route) ({rate("newsstreams_articles_routed_total")})', "{{route}}"),
            (f'sum({rate("newsstreams_articles_dead_lettered_total")})', "dead-lettered"),
        ),
        unit="ops",
    )
    diplomacy_share = timeseries(
        "Diplomacy share",
        "Fraction of enriched articles routed to articles.diplomacy.",
        targets((DIPLOMACY_SHARE, "diplomacy share")),
        unit="percentunit",
        valueMin=0,
        valueMax=1,
    )
    workers_up = Stat(
        title="Workers up",
        description="Worker replicas Prometheus scrapes successfully.",
        dataSource=DATASOURCE,
        targets=targets((f'sum({selector("up")})', "up")),
        reduceCalc="lastNotNull",
        graphMode="area",
        thresholds=[{"color": "red", "value": None}, {"color": "green", "value": 1}],
        thresholdType="absolute",
    )
    end_to_end = timeseries(
        "End-to-end latency",
        "Input record Kafka timestamp to output acknowledged, across workers.",
        targets(
            *(
                (quantile(q, "newsstreams_end_to_end_latency_seconds"), f"p{round(q * 100)}")
                for q in (0.5, 0.95, 0.99)
            )
        ),
        unit="s",
    )
    stages = timeseries(
        "Stage timings (p95)",
        "95th percentile of each processing stage.",
        targets(
            (quantile(0.95, "newsstreams_stage_duration_seconds", by="stage"), "{{stage}}")
        ),
        unit="s",
    )
    batch_sizes = timeseries(
        "Batch sizes",
        "Articles per batch taken from the stream.",
        targets(
            (
                f'sum({rate("newsstreams_batch_size_articles_sum")})'
                f' / sum({rate("newsstreams_batch_size_articles_count")})',
                "mean",
            ),
            (quantile(0.95, "newsstreams_batch_size_articles"), "p95"),
        ),
        unit="short",
    )
    in_flight = timeseries(
        "In flight",
        "Articles consumed but not yet acknowledged, per worker.",
        targets(
            (
                f'sum by (instance) ({selector("newsstreams_articles_in_flight")})',
                "{{instance}}",
            )
        ),
        unit="short",
    )
    lag = timeseries(
        "Consumer lag per partition",
        "Messages behind the end of each partition.",
        targets(
            (
                f'sum by (topic, partition) ({selector("newsstreams_consumer_lag_messages")})',
                "{{topic}}[{{partition}}]",
            )
        ),
        unit="short",
    )
    dead_letters = timeseries(
        "Dead letters by reason",
        "Articles per second sent to articles.dlq.",
        targets(
            (f'sum by (reason) ({rate("newsstreams_articles_dead_lettered_total")})', "{{reason}}")
        ),
        unit="ops",
        stacking={"mode": "normal", "group": "A"},
        fillOpacity=30,
    )
    rebalances = timeseries(
        "Rebalances (Faust)",
        "Rebalances completed per worker in the window, and workers in a rebalance now "
        "(faust_total_rebalances is a gauge of rebalances in progress despite its name).",
        targets(
            (
                "sum by (instance) (increase("
                f'{selector("faust_rebalance_done_latency_count")}[{RATE_WINDOW}]))',
                "completed {{instance}}",
            ),
            (f'sum({selector("faust_total_rebalances")})', "in progress"),
            (f'sum({selector("faust_total_rebalances_recovering")})', "recovering"),
        ),
        unit="short",
    )
    commit_latency = timeseries(
        "Commit latency (Faust)",
        "Offset commit latency reported by Faust's sensor, in milliseconds.",
        targets(
            (quantile(0.5, "faust_consumer_commit_latency"), "p50"),
            (quantile(0.99, "faust_consumer_commit_latency"), "p99"),
        ),
        unit="ms",
    )
    loop_lag = timeseries(
        "Event loop lag",
        "How late the worker's event loop wakes a sleeping task (p99 per worker). spaCy runs in "
        "its own thread; if this climbs towards seconds, heartbeats and commits are being delayed.",
        targets((quantile(0.99, "newsstreams_event_loop_lag_seconds", by="instance"), "p99 {{instance}}")),
        unit="s",
    )
    return dashboard(
        "newsstreams-service",
        "newsstreams / Service",
        "Throughput, latency, backlog and errors of the newsstreams workers.",
        [
            ("Throughput", [throughput, diplomacy_share, workers_up]),
            ("Latency", [end_to_end, stages]),
            ("Batches and backlog", [batch_sizes, in_flight, lag]),
            ("Errors", [dead_letters]),
            ("Faust", [rebalances, commit_latency, loop_lag]),
        ],
    )


def content_dashboard() -> Dashboard:
    entities = timeseries(
        "Entities by label",
        "Named entities found per second, by spaCy NER label.",
        targets((f'sum by (label) ({rate("newsstreams_entities_total")})', "{{label}}")),
        unit="ops",
        stacking={"mode": "normal", "group": "A"},
        fillOpacity=30,
    )
    entities_per_article = timeseries(
        "Entities per article",
        "Named entities found per enriched article.",
        targets(
            (
                f'sum({rate("newsstreams_entities_total")})'
                f' / sum({rate("newsstreams_articles_enriched_total")})',
                "entities / article",
            )
        ),
        unit="short",
    )
    quotes = timeseries(
        "Quotes per article by type",
        "Quotes extracted per enriched article, by quote type.",
        targets(
            (
                f'sum by (type) ({rate("newsstreams_quotes_total")})'
                f' / ignoring(type) group_left sum({rate("newsstreams_articles_enriched_total")})',
                "{{type}}",
            )
        ),
        unit="short",
    )
    statements = timeseries(
        "Statements per article by source",
        "Reported speech extracted per enriched article, by the kind of its source "
        "(person, organisation, country, anonymous, none).",
        targets(
            (
                f'sum by (speaker_kind) ({rate("newsstreams_statements_total")})'
                f' / ignoring(speaker_kind) group_left sum({rate("newsstreams_articles_enriched_total")})',
                "{{speaker_kind}}",
            )
        ),
        unit="short",
    )
    score_distribution = Heatmap(
        title="Diplomacy score distribution",
        description="Articles per diplomacy score bucket over time.",
        dataSource=DATASOURCE,
        targets=[
            target(
                "sum by (le) (increase("
                f'{selector("newsstreams_diplomacy_score_bucket")}[{RATE_WINDOW}]))',
                "{{le}}",
                "A",
                format="heatmap",
            )
        ],
        dataFormat="tsbuckets",
        yBucketBound="upper",
    )
    mean_score = timeseries(
        "Mean diplomacy score",
        "Average diplomacy score of enriched articles.",
        targets(
            (
                f'sum({rate("newsstreams_diplomacy_score_sum")})'
                f' / sum({rate("newsstreams_diplomacy_score_count")})',
                "mean score",
            )
        ),
        unit="none",
        valueMin=0,
        valueMax=1,
    )
    diplomacy_share = timeseries(
        "Diplomacy share over time",
        "Fraction of enriched articles routed to articles.diplomacy.",
        targets((DIPLOMACY_SHARE, "diplomacy share")),
        unit="percentunit",
        valueMin=0,
        valueMax=1,
    )
    return dashboard(
        "newsstreams-content",
        "newsstreams / Content",
        "What the enrichment finds: entities, quotes, statements and diplomacy scores.",
        [
            ("Entities", [entities, entities_per_article]),
            ("Quotes and statements", [quotes, statements]),
            ("Diplomacy", [score_distribution, mean_score, diplomacy_share]),
        ],
    )


DASHBOARDS = {
    "newsstreams-service.json": service_dashboard,
    "newsstreams-content.json": content_dashboard,
}


def _with_import_inputs(data: dict) -> dict:
    """The dashboard as Grafana's import wizard wants it: an input for the data source."""
    data["__inputs"] = [
        DataSourceInput(
            name=IMPORT_INPUT,
            label="Prometheus",
            pluginId="prometheus",
            pluginName="Prometheus",
            description="The Prometheus that scrapes the newsstreams workers",
        ).to_json_data()
    ]
    data["__requires"] = [
        {"type": "grafana", "id": "grafana", "name": "Grafana", "version": "11.0.0"},
        {"type": "datasource", "id": "prometheus", "name": "Prometheus", "version": "1.0.0"},
    ]
    for variable in data["templating"]["list"]:
        if variable["type"] == "datasource":
            placeholder = "${" + IMPORT_INPUT + "}"
            variable["current"] = {"selected": True, "text": placeholder, "value": placeholder}
    return data


def _encoded(data: dict) -> str:
    return json.dumps(data, cls=DashboardEncoder, sort_keys=True, indent=2) + "\n"


def render(build, for_import: bool = False) -> str:
    # Round trip through JSON first so the import flavour edits plain dicts and lists.
    data = json.loads(_encoded(build().to_json_data()))
    if for_import:
        data = _with_import_inputs(data)
    else:  # no current value: Grafana takes its default data source (compose provisions it so)
        data.pop("__inputs", None)  # grafanalib writes an empty one
        for variable in data["templating"]["list"]:
            if variable["type"] == "datasource":
                variable["current"] = {}
    return _encoded(data)


def rendered_dashboards() -> dict[str, str]:
    """File name -> JSON text of the provisioned flavour, as this module generates it."""
    return {name: render(build) for name, build in DASHBOARDS.items()}


def rendered_imports() -> dict[str, str]:
    """File name -> JSON text of the import flavour."""
    return {name: render(build, for_import=True) for name, build in DASHBOARDS.items()}


def rendered_files() -> dict[Path, str]:
    """Every generated file, by path."""
    files = {OUTPUT_DIR / name: text for name, text in rendered_dashboards().items()}
    files.update({IMPORT_DIR / name: text for name, text in rendered_imports().items()})
    return files


def variable_queries() -> dict[str, str]:
    """The PromQL behind the job and instance variables, as label_values() reads it."""
    return {"job": "newsstreams_build_info", "instance": 'up{job="$job"}'}


def _target_exprs(node) -> list[str]:
    if isinstance(node, dict):
        exprs = [t["expr"] for t in node.get("targets") or [] if t.get("expr")]
        for child in node.get("panels") or []:
            exprs += _target_exprs(child)
        return exprs
    return []


def substitute(expr: str, job: str = "newsstreams") -> str:
    """An expression as Grafana sends it with `job` picked and all workers."""
    return expr.replace("$job", job).replace("$instance", ".*")


def dashboard_expressions(job: str = "newsstreams") -> list[str]:
    """Every PromQL target of every dashboard, for the scrape job `job` and all its workers."""
    exprs = []
    for text in rendered_dashboards().values():
        exprs += _target_exprs(json.loads(text))
    return [substitute(expr, job) for expr in exprs]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the committed JSON differs"
    )
    args = parser.parse_args(argv)
    stale = []
    for path, text in rendered_files().items():
        current = path.read_text() if path.exists() else None
        if current == text:
            continue
        if args.check:
            stale.append(f"{path.parent.name}/{path.name}")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
            print(f"wrote {path}")
    if stale:
        print(
            f"stale: {', '.join(stale)}; run python deploy/grafana/dashboards.py",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
