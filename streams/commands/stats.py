"""`newsstreams stats`: a live terminal table from one worker's /metrics."""

from __future__ import annotations

from ..observability.stats import run_stats
from ..settings import Settings


def run_stats_command(settings: Settings, url: str | None, interval: float, once: bool) -> int:
    """Scrape `url`, or the worker the metrics settings describe, every `interval` seconds."""
    url = url or f"http://{settings.metrics_bind}:{settings.metrics_port}/metrics"
    return run_stats(url, interval, once=once) or 0
