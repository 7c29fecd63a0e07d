"""The benchmark as a PNG: throughput bars beside the latency distribution. Needs the `bench` extra."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

from ..errors import CommandError
from .report import THROUGHPUT_ROWS

SHORT_LABELS = {
    "ceiling": "ceiling\nnlp.pipe alone",
    "enrich_offline": "enrich_batch\noffline",
    "e2e_1w": "Kafka\n1 worker",
    "e2e_1w_eos": "Kafka, 1 worker\nexactly once",
    "e2e_2w": "Kafka\n2 workers",
    "naive_1w": "naive agent\n1 worker",
}


def require_matplotlib() -> ModuleType:
    """pyplot, or a one-line error; called before measuring so a missing extra fails in a second."""
    try:
        import matplotlib

        matplotlib.use("Agg")  # files only: no display on servers and CI
        import matplotlib.pyplot as plt
    except ImportError:
        raise CommandError("--chart needs matplotlib: pip install 'newsstreams[bench]'") from None
    return plt


def draw_chart(results: dict[str, Any], latencies_ms: list[float], path: str | Path) -> None:
    plt = require_matplotlib()

    figure, (bars, spread) = plt.subplots(1, 2, figsize=(12, 4.8))
    rows = [(SHORT_LABELS[name], results[name]["articles_per_s"]) for name, _ in THROUGHPUT_ROWS if results.get(name)]
    labels = [label for label, _ in rows]
    values = [value for _, value in rows]
    drawn = bars.bar(range(len(values)), values, color=["#888888", "#5b8bd0", "#2f6db5", "#1d4f91", "#c65b4f"][: len(values)])
    bars.bar_label(drawn, fmt="%.2f")
    bars.set_xticks(range(len(values)), labels, fontsize=8)
    bars.set_ylabel("articles per second")
    bars.set_title(f"Throughput ({results['corpus']['articles']} articles, {results['machine']['cores']} cores shared with the broker)",
                   fontsize=9)

    latency = (results.get("e2e_1w") or {}).get("latency")
    if latencies_ms and latency:
        summary = latency["broker_timestamps_ms"]
        spread.hist(latencies_ms, bins=min(40, max(10, len(latencies_ms) // 5)), color="#2f6db5")
        for key, style in (("p50_ms", ":"), ("p95_ms", "--"), ("p99_ms", "-")):
            spread.axvline(summary[key], color="black", linestyle=style, label=f"{key[:-3]} {summary[key]:.0f} ms")
        budget = (results["ratios"].get("p99_within_budget") or {}).get("target")
        if budget:
            spread.axvline(budget, color="#c65b4f", label=f"p99 budget {budget:.0f} ms")
        spread.legend(fontsize=8)
        spread.set_xlabel("output append time - input time (ms)")
        spread.set_ylabel("articles")
        spread.set_title(f"Latency, 1 worker at {latency['offered_per_s']:.2f} art/s offered", fontsize=9)
    else:
        spread.set_axis_off()
    figure.tight_layout()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)
