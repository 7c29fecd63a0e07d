"""Domain metrics of the newsstreams pipeline, built against a registry passed in.

`PipelineMetrics.create(registry)` makes every collector in that registry, as
Faust's own Prometheus sensor does. The worker uses the default REGISTRY, the one
Faust's sensor serves on the worker's web port, so a single /metrics endpoint
exposes both Faust's view and ours; tests pass a private registry of their own.

Label values come from fixed sets and are pre-initialised when the metrics are
created: dashboards and alerts divide and compare series that must exist (at 0)
before the first event, and a closed label set keeps cardinality bounded.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from typing import Any

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Gauge, Histogram, Info

from ..enrichment.errors import DLQ_REASONS  # the one list of dead-letter reasons
from ..enrichment.speaker_kinds import SPEAKER_KINDS

PREFIX = "newsstreams"

ROUTES = ("diplomacy", "general")
STAGES = ("decode", "nlp", "entities", "quotes", "diplomacy", "produce")
QUOTE_TYPES = ("direct", "partial", "term")
# the record's speaker kinds, and "none" for a statement whose source is not given: a bounded label
STATEMENT_SOURCE_KINDS = (*SPEAKER_KINDS, "none")
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


EVENT_LOOP_LAG_BUCKETS = (0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


@dataclass(frozen=True)
class PipelineMetrics:
    """Every domain collector of one worker, all in one registry."""

    articles_consumed: Counter
    articles_enriched: Counter
    articles_routed: Counter
    articles_dead_lettered: Counter
    stage_duration: Histogram
    end_to_end_latency: Histogram
    batch_size: Histogram
    in_flight: Gauge
    entities: Counter
    quotes: Counter
    statements: Counter
    diplomacy_score: Histogram
    consumer_lag: Gauge
    event_loop_lag: Histogram
    transactions_committed: Counter
    build_info: Info

    @classmethod
    def create(cls, registry: CollectorRegistry = REGISTRY) -> PipelineMetrics:
        """The collectors, registered in `registry`, with their fixed label values at 0."""
        created = cls(
            articles_consumed=Counter(
                f"{PREFIX}_articles_consumed", "Articles read from the input topic.", registry=registry),
            articles_enriched=Counter(
                f"{PREFIX}_articles_enriched", "Articles enriched and written to the output topics.",
                registry=registry),
            articles_routed=Counter(
                f"{PREFIX}_articles_routed",
                "Enriched articles by route (diplomacy articles also go to articles.diplomacy).",
                ["route"], registry=registry),
            articles_dead_lettered=Counter(
                f"{PREFIX}_articles_dead_lettered", "Articles sent to the dead-letter topic, by reason.",
                ["reason"], registry=registry),
            stage_duration=Histogram(
                f"{PREFIX}_stage_duration_seconds", "Time spent in each processing stage of one article.",
                ["stage"], buckets=STAGE_BUCKETS, registry=registry),
            end_to_end_latency=Histogram(
                f"{PREFIX}_end_to_end_latency_seconds",
                "Input record Kafka timestamp to output acknowledged by the broker.",
                buckets=END_TO_END_BUCKETS, registry=registry),
            batch_size=Histogram(
                f"{PREFIX}_batch_size_articles", "Articles per batch taken from the stream.",
                buckets=BATCH_SIZE_BUCKETS, registry=registry),
            in_flight=Gauge(
                f"{PREFIX}_articles_in_flight", "Articles consumed but not yet acknowledged downstream.",
                registry=registry),
            entities=Counter(
                f"{PREFIX}_entities", "Named entities found, by NER label (unknown labels counted as OTHER).",
                ["label"], registry=registry),
            quotes=Counter(f"{PREFIX}_quotes", "Quotes extracted, by type.", ["type"], registry=registry),
            statements=Counter(
                f"{PREFIX}_statements", "Statements (reported speech) extracted, by the kind of their source.",
                ["speaker_kind"], registry=registry),
            diplomacy_score=Histogram(
                f"{PREFIX}_diplomacy_score", "Diplomacy score (0..1) of each enriched article.",
                buckets=DIPLOMACY_SCORE_BUCKETS, registry=registry),
            consumer_lag=Gauge(
                f"{PREFIX}_consumer_lag_messages",
                "Messages between the committed offset and the end offset, per partition.",
                ["topic", "partition"], registry=registry),
            event_loop_lag=Histogram(
                f"{PREFIX}_event_loop_lag_seconds",
                "How late the worker's event loop wakes a sleeping task: heartbeats, commits and "
                "/metrics wait this long. Stays low because spaCy runs in its own thread.",
                buckets=EVENT_LOOP_LAG_BUCKETS, registry=registry),
            transactions_committed=Counter(
                f"{PREFIX}_transactions_committed",
                "Kafka transactions committed with their input offsets (exactly once: one per input partition "
                "per commit; stays 0 at least once).", registry=registry),
            build_info=Info(
                f"{PREFIX}_build", "Version of the worker, its NLP model and its main libraries.",
                registry=registry),
        )
        created._preinitialise_label_values()
        return created

    def _preinitialise_label_values(self) -> None:
        for route in ROUTES:
            self.articles_routed.labels(route=route)
        for reason in DLQ_REASONS:
            self.articles_dead_lettered.labels(reason=reason)
        for stage in STAGES:
            self.stage_duration.labels(stage=stage)
        for label in (*ENTITY_LABELS, OTHER_ENTITY_LABEL):
            self.entities.labels(label=label)
        for quote_type in QUOTE_TYPES:
            self.quotes.labels(type=quote_type)
        for kind in STATEMENT_SOURCE_KINDS:
            self.statements.labels(speaker_kind=kind)

    def set_build_info(self, model: str) -> None:
        """Fill newsstreams_build_info from the installed packages."""
        from streams import __version__

        self.build_info.info(
            {
                "version": __version__,
                "model": model,
                "faust_version": _installed_version("faust-streaming"),
                "spacy_version": _installed_version("spacy"),
            }
        )

    def observe_stage(self, stage: str, seconds: float, count: int) -> None:
        """Per-article time in a stage: a batch's time shared over its articles."""
        if count:
            per_article = seconds / count
            histogram = self.stage_duration.labels(stage=stage)
            for _ in range(count):
                histogram.observe(per_article)

    def count_delivered(self, route: str, record: dict[str, Any] | None) -> None:
        """One acknowledged output: a dead letter by its reason, or an enriched record and what it holds."""
        if route.startswith("dlq:"):
            self.articles_dead_lettered.labels(reason=route[len("dlq:"):]).inc()
            return
        assert record is not None, route
        self.articles_enriched.inc()
        self.articles_routed.labels(route=route).inc()
        self.diplomacy_score.observe(record["diplomacy"]["score"])
        for entity in record["entities"]:
            self.entities.labels(label=entity_label(entity["label"])).inc()
        for quote in record["quotes"]:
            self.quotes.labels(type=quote["type"]).inc()
        for statement in record.get("statements", []):
            self.statements.labels(speaker_kind=statement["speaker_kind"] or "none").inc()


@lru_cache(maxsize=1)
def worker_metrics() -> PipelineMetrics:
    """The worker's metrics, in the default REGISTRY that Faust's sensor serves; created once per process."""
    return PipelineMetrics.create(REGISTRY)


def entity_label(label: str) -> str:
    """The `label` value of the entities counter for a spaCy entity label."""
    return label if label in ENTITY_LABELS else OTHER_ENTITY_LABEL


def _installed_version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "unknown"
