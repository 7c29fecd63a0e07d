"""`newsstreams stats`: a terminal view of one worker's /metrics.

Scrapes the endpoint every `interval` seconds and shows rates between the last
two scrapes, dead letters, end-to-end latency quantiles and consumer lag.
Standard library plus prometheus_client's parser: no Prometheus server needed.
"""

from __future__ import annotations

import math
import sys
import time
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TextIO

from prometheus_client.parser import text_string_to_metric_families

from streams.enrichment.errors import DLQ_REASONS
from streams.observability.metrics import ROUTES

DEFAULT_URL = "http://127.0.0.1:6066/metrics"
DEFAULT_INTERVAL = 2.0
FETCH_TIMEOUT = 5.0
QUANTILES = (0.5, 0.95, 0.99)
# Clear the screen and go home, so the table redraws in place.
CLEAR_SCREEN = "\x1b[H\x1b[2J"

CONSUMED = "newsstreams_articles_consumed_total"
ENRICHED = "newsstreams_articles_enriched_total"
ROUTED = "newsstreams_articles_routed_total"
DEAD_LETTERED = "newsstreams_articles_dead_lettered_total"
LATENCY_BUCKETS = "newsstreams_end_to_end_latency_seconds_bucket"
CONSUMER_LAG = "newsstreams_consumer_lag_messages"
IN_FLIGHT = "newsstreams_articles_in_flight"

Labels = frozenset[tuple[str, str]]  # of (name, value) pairs


@dataclass
class Scrape:
    """One scrape: sample name -> {labels: value}, and when it was taken."""

    taken_at: float
    samples: dict[str, dict[Labels, float]] = field(default_factory=dict)

    def total(self, name: str, **match: str) -> float:
        """Sum of the samples of `name` whose labels include `match`."""
        wanted = set(match.items())
        return sum(v for labels, v in self.samples.get(name, {}).items() if wanted <= labels)

    def series(self, name: str) -> dict[Labels, float]:
        return self.samples.get(name, {})


def parse_scrape(text: str, taken_at: float) -> Scrape:
    samples: dict[str, dict[Labels, float]] = defaultdict(dict)
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            samples[sample.name][frozenset(sample.labels.items())] = sample.value
    return Scrape(taken_at=taken_at, samples=dict(samples))


def fetch_scrape(url: str, timeout: float = FETCH_TIMEOUT) -> Scrape:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        text = response.read().decode("utf-8")
    return parse_scrape(text, taken_at=time.monotonic())


def counter_increase(before: float, after: float) -> float:
    """Increase of a counter; a drop means the worker restarted from 0."""
    return after if after < before else after - before


def rate(before: Scrape | None, after: Scrape, name: str, **match: str) -> float | None:
    if before is None:
        return None
    elapsed = after.taken_at - before.taken_at
    if elapsed <= 0:
        return None
    return counter_increase(before.total(name, **match), after.total(name, **match)) / elapsed


def histogram_quantile(q: float, buckets: Iterable[tuple[float, float]]) -> float | None:
    """Estimate the q-quantile from cumulative (upper bound, count) buckets.

    Like Prometheus: linear interpolation inside the bucket holding the rank,
    the first bucket starting at 0, and the highest finite bound returned when
    the rank falls in the +Inf bucket. None when there are no observations.
    """
    ordered = sorted(buckets)
    if not ordered or not 0 <= q <= 1:
        return None
    if not math.isinf(ordered[-1][0]):
        return None  # without +Inf the total count is unknown
    total = ordered[-1][1]
    if total <= 0:
        return None
    rank = q * total
    lower_bound, lower_count = 0.0, 0.0
    for upper_bound, count in ordered:
        if count >= rank:
            if math.isinf(upper_bound):
                return lower_bound
            if count == lower_count:
                return upper_bound
            return lower_bound + (upper_bound - lower_bound) * (rank - lower_count) / (
                count - lower_count
            )
        lower_bound, lower_count = upper_bound, count
    return lower_bound


def latency_buckets(before: Scrape | None, after: Scrape) -> list[tuple[float, float]]:
    """Cumulative end-to-end latency buckets summed over series: the
    observations between the two scrapes when there were some, else all of them."""

    def summed(scrape: Scrape) -> dict[float, float]:
        by_bound: dict[float, float] = defaultdict(float)
        for labels, value in scrape.series(LATENCY_BUCKETS).items():
            by_bound[float(dict(labels)["le"])] += value
        return by_bound

    now = summed(after)
    if before is not None:
        then = summed(before)
        window = {le: counter_increase(then.get(le, 0.0), n) for le, n in now.items()}
        if window.get(math.inf, 0) > 0:
            return sorted(window.items())
    return sorted(now.items())


@dataclass
class Stats:
    consumed: float
    enriched: float
    routed: dict[str, float]
    dead_lettered: dict[str, float]
    consumed_rate: float | None
    enriched_rate: float | None
    routed_rate: dict[str, float | None]
    dead_lettered_rate: float | None
    latency: dict[float, float | None]
    lag: float
    lag_partitions: int
    in_flight: float


def compute_stats(before: Scrape | None, after: Scrape) -> Stats:
    buckets = latency_buckets(before, after)
    return Stats(
        consumed=after.total(CONSUMED),
        enriched=after.total(ENRICHED),
        routed={r: after.total(ROUTED, route=r) for r in ROUTES},
        dead_lettered={r: after.total(DEAD_LETTERED, reason=r) for r in DLQ_REASONS},
        consumed_rate=rate(before, after, CONSUMED),
        enriched_rate=rate(before, after, ENRICHED),
        routed_rate={r: rate(before, after, ROUTED, route=r) for r in ROUTES},
        dead_lettered_rate=rate(before, after, DEAD_LETTERED),
        latency={q: histogram_quantile(q, buckets) for q in QUANTILES},
        lag=after.total(CONSUMER_LAG),
        lag_partitions=len(after.series(CONSUMER_LAG)),
        in_flight=after.total(IN_FLIGHT),
    )


def _count(value: float) -> str:
    return f"{value:,.0f}"


def _per_second(value: float | None) -> str:
    return "-" if value is None else f"{value:,.1f}/s"


def _seconds(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value * 1000:.0f}ms" if value < 1 else f"{value:.2f}s"


def render(stats: Stats, url: str) -> str:
    rows = [
        ("consumed", _count(stats.consumed), _per_second(stats.consumed_rate)),
        ("enriched", _count(stats.enriched), _per_second(stats.enriched_rate)),
    ]
    rows += [
        (f"  {route}", _count(stats.routed[route]), _per_second(stats.routed_rate[route]))
        for route in ROUTES
    ]
    rows.append(
        (
            "dead-lettered",
            _count(sum(stats.dead_lettered.values())),
            _per_second(stats.dead_lettered_rate),
        )
    )
    rows += [
        (f"  {reason}", _count(n), "") for reason, n in stats.dead_lettered.items() if n
    ]
    rows.append(("in flight", _count(stats.in_flight), ""))
    rows.append(
        ("consumer lag", _count(stats.lag), f"{stats.lag_partitions} partitions")
    )
    latency = "  ".join(
        f"p{round(q * 100)} {_seconds(v)}" for q, v in stats.latency.items()
    )
    width = max(len(r[0]) for r in rows) + 2
    lines = [f"newsstreams stats  {url}", f"{'':<{width}}{'total':>14}  rate"]
    lines += [f"{name:<{width}}{total:>14}  {extra}".rstrip() for name, total, extra in rows]
    lines.append(f"{'end-to-end':<{width}}{latency}")
    return "\n".join(lines) + "\n"


def run_stats(
    url: str = DEFAULT_URL,
    interval: float = DEFAULT_INTERVAL,
    once: bool = False,
    *,
    out: TextIO | None = None,
    fetch: Callable[[str], Scrape] = fetch_scrape,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Redraw the table every interval until Ctrl-C (exit 0). With once, print
    one table with rates over one interval (exit 1 if the endpoint is unreadable)."""
    out = out or sys.stdout
    redraw = not once and out.isatty()
    previous: Scrape | None = None
    try:
        while True:
            try:
                current = fetch(url)
            except (urllib.error.URLError, OSError, ValueError) as error:
                if once:
                    print(f"newsstreams stats: cannot read {url}: {error}", file=sys.stderr)
                    return 1
                out.write(f"{CLEAR_SCREEN if redraw else ''}cannot read {url}: {error}\n")
                out.flush()
                previous = None
                sleep(interval)
                continue
            # The first table has no rates yet; --once waits for a second scrape.
            if not (once and previous is None and interval > 0):
                table = render(compute_stats(previous, current), url)
                out.write((CLEAR_SCREEN if redraw else "") + table)
                out.flush()
                if once:
                    return 0
            previous = current
            sleep(interval)
    except KeyboardInterrupt:
        out.write("\n")
        return 0
