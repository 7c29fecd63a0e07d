"""Domain metrics of the newsstreams pipeline.

Every object lives in prometheus_client's default REGISTRY, the one Faust's
Prometheus sensor serves on the worker's web port, so a single /metrics
endpoint exposes both Faust's view and ours.

Label values come from fixed sets and are pre-initialised at import time:
dashboards and alerts divide and compare series that must exist (at 0)
before the first event, and a closed label set keeps cardinality bounded.
"""

from __future__ import annotations

from importlib import metadata

from prometheus_client import Counter, Gauge, Histogram, Info

from ..enrichment.errors import DLQ_REASONS  # the one list of dead-letter reasons

PREFIX = "newsstreams"

ROUTES = ("diplomacy", "general")
STAGES = ("decode", "nlp", "entities", "quotes", "diplomacy", "produce")
QUOTE_TYPES = ("direct", "partial", "term")
# The labels of spaCy's English NER models (OntoNotes scheme); anything a
# different model emits is folded into OTHER so the series set stays fixed.
ENTITY_LABELS = (
    "PERSON",
    "NORP",
    "FAC",
    "ORG",
    "GPE",
    "LOC",
    "PRODUCT",
    "EVENT",
    "WORK_OF_ART",
    "LAW",
    "LANGUAGE",
    "DATE",
    "TIME",
    "PERCENT",
    "MONEY",
    "QUANTITY",
    "ORDINAL",
    "CARDINAL",
)
OTHER_ENTITY_LABEL = "OTHER"

# Seconds from the input record's Kafka timestamp to the acknowledged output:
# 5 ms for an idle worker up to 2 minutes for a badly lagging one. 30 s is a
# bucket edge because the latency alert fires at p99 > 30 s.
END_TO_END_BUCKETS = (
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
    1.0, 2.5, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0,
)
# Per-stage timings: decoding is sub-millisecond, spaCy parsing of a long
# article can take seconds.
STAGE_BUCKETS = (
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
    0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
)
BATCH_SIZE_BUCKETS = (1, 2, 4, 8, 16, 32, 64, 128, 256)
# round() keeps the `le` labels as 0.1, 0.2 ... rather than 0.30000000000000004.
DIPLOMACY_SCORE_BUCKETS = tuple(round(step / 10, 1) for step in range(1, 11))


ARTICLES_CONSUMED = Counter(
    f"{PREFIX}_articles_consumed",
    "Articles read from the input topic.",
)
ARTICLES_ENRICHED = Counter(
    f"{PREFIX}_articles_enriched",
    "Articles enriched and written to the output topics.",
)
ARTICLES_ROUTED = Counter(
    f"{PREFIX}_articles_routed",
    "Enriched articles by route (diplomacy articles also go to articles.diplomacy).",
    ["route"],
)
ARTICLES_DEAD_LETTERED = Counter(
    f"{PREFIX}_articles_dead_lettered",
    "Articles sent to the dead-letter topic, by reason.",
    ["reason"],
)
STAGE_DURATION = Histogram(
    f"{PREFIX}_stage_duration_seconds",
    "Time spent in each processing stage of one article.",
    ["stage"],
    buckets=STAGE_BUCKETS,
)
END_TO_END_LATENCY = Histogram(
    f"{PREFIX}_end_to_end_latency_seconds",
    "Input record Kafka timestamp to output acknowledged by the broker.",
    buckets=END_TO_END_BUCKETS,
)
BATCH_SIZE = Histogram(
    f"{PREFIX}_batch_size_articles",
    "Articles per batch taken from the stream.",
    buckets=BATCH_SIZE_BUCKETS,
)
IN_FLIGHT = Gauge(
    f"{PREFIX}_articles_in_flight",
    "Articles consumed but not yet acknowledged downstream.",
)
ENTITIES = Counter(
    f"{PREFIX}_entities",
    "Named entities found, by NER label (unknown labels counted as OTHER).",
    ["label"],
)
QUOTES = Counter(
    f"{PREFIX}_quotes",
    "Quotes extracted, by type.",
    ["type"],
)
DIPLOMACY_SCORE = Histogram(
    f"{PREFIX}_diplomacy_score",
    "Diplomacy score (0..1) of each enriched article.",
    buckets=DIPLOMACY_SCORE_BUCKETS,
)
CONSUMER_LAG = Gauge(
    f"{PREFIX}_consumer_lag_messages",
    "Messages between the committed offset and the end offset, per partition.",
    ["topic", "partition"],
)
EVENT_LOOP_LAG = Histogram(
    f"{PREFIX}_event_loop_lag_seconds",
    "How late the worker's event loop wakes a sleeping task: heartbeats, commits and "
    "/metrics wait this long. Stays low because spaCy runs in its own thread.",
    buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)
BUILD_INFO = Info(
    f"{PREFIX}_build",
    "Version of the worker, its NLP model and its main libraries.",
)


def entity_label(label: str) -> str:
    """The `label` value to use on ENTITIES for a spaCy entity label."""
    return label if label in ENTITY_LABELS else OTHER_ENTITY_LABEL


def _installed_version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "unknown"


def set_build_info(model: str) -> None:
    """Fill newsstreams_build_info from the installed packages."""
    from streams import __version__

    BUILD_INFO.info(
        {
            "version": __version__,
            "model": model,
            "faust_version": _installed_version("faust-streaming"),
            "spacy_version": _installed_version("spacy"),
        }
    )


def _preinitialise_label_values() -> None:
    for route in ROUTES:
        ARTICLES_ROUTED.labels(route=route)
    for reason in DLQ_REASONS:
        ARTICLES_DEAD_LETTERED.labels(reason=reason)
    for stage in STAGES:
        STAGE_DURATION.labels(stage=stage)
    for label in (*ENTITY_LABELS, OTHER_ENTITY_LABEL):
        ENTITIES.labels(label=label)
    for quote_type in QUOTE_TYPES:
        QUOTES.labels(type=quote_type)


_preinitialise_label_values()
