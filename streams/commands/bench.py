"""`newsstreams bench`: measure throughput and latency side by side; the work is in streams.benchmark."""

from __future__ import annotations

from ..benchmark.report import format_table, write_json
from ..benchmark.runner import BenchPlan, run_benchmark
from ..errors import CommandError
from ..settings import Settings


def run_bench(settings: Settings, quick: bool, json_path: str | None, chart_path: str | None,
              articles: int | None) -> int:
    if articles is not None and articles < 10:
        raise CommandError("--articles must be at least 10")
    if chart_path:
        from ..benchmark.chart import draw_chart, require_matplotlib

        require_matplotlib()  # fail on a missing extra before minutes of measuring

    results, latencies = run_benchmark(settings, BenchPlan.choose(quick, articles))
    print(format_table(results), flush=True)
    if json_path:
        write_json(results, json_path)
    if chart_path:
        draw_chart(results, latencies, chart_path)
    return 0
