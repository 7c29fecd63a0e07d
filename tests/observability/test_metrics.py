"""The exposition of PipelineMetrics, as Prometheus scrapes it, from a registry of the test's own."""

from __future__ import annotations

from importlib import metadata

import pytest
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.parser import text_string_to_metric_families

import streams
from streams.observability import metrics

# family name (as the parser reports it, without _total) -> (type, label names)
EXPECTED_FAMILIES = {
    "newsstreams_articles_consumed": ("counter", set()),
    "newsstreams_articles_enriched": ("counter", set()),
    "newsstreams_articles_routed": ("counter", {"route"}),
    "newsstreams_articles_dead_lettered": ("counter", {"reason"}),
    "newsstreams_stage_duration_seconds": ("histogram", {"stage"}),
    "newsstreams_end_to_end_latency_seconds": ("histogram", set()),
    "newsstreams_batch_size_articles": ("histogram", set()),
    "newsstreams_articles_in_flight": ("gauge", set()),
    "newsstreams_entities": ("counter", {"label"}),
    "newsstreams_quotes": ("counter", {"type"}),
    "newsstreams_statements": ("counter", {"speaker_kind"}),
    "newsstreams_diplomacy_score": ("histogram", set()),
    "newsstreams_consumer_lag_messages": ("gauge", {"topic", "partition"}),
    "newsstreams_event_loop_lag_seconds": ("histogram", set()),
    "newsstreams_transactions_committed": ("counter", set()),
    # An Info is exposed as a gauge named <name>_info in the text format.
    "newsstreams_build_info": ("gauge", {"version", "model", "faust_version", "spacy_version"}),
}

FIXED_LABEL_VALUES = {
    "route": set(metrics.ROUTES),
    "reason": set(metrics.DLQ_REASONS),
    "stage": set(metrics.STAGES),
    "type": set(metrics.QUOTE_TYPES),
    "label": set(metrics.ENTITY_LABELS) | {"OTHER"},
}


REGISTRY = CollectorRegistry()
WORKER = metrics.PipelineMetrics.create(REGISTRY)


def _families() -> dict:
    """Our families in the scraped text, without the `<counter|histogram>_created`
    companions that the text format exposes as gauge families of their own."""
    text = generate_latest(REGISTRY).decode()
    return {
        family.name: family
        for family in text_string_to_metric_families(text)
        if family.name.startswith("newsstreams") and not family.name.endswith("_created")
    }


@pytest.fixture(autouse=True)
def _some_events():
    """Record a little of everything so every family has samples; then undo it
    where possible so other tests see the registry as the worker starts."""
    WORKER.set_build_info("en_core_web_sm")
    WORKER.consumer_lag.labels(topic="articles", partition="0").set(3)
    WORKER.entities.labels(label=metrics.entity_label("MADE_UP")).inc()
    yield
    WORKER.consumer_lag.remove("articles", "0")


def test_exactly_the_expected_families_with_their_types_and_labels():
    families = _families()
    assert set(families) == set(EXPECTED_FAMILIES)
    for name, (kind, label_names) in EXPECTED_FAMILIES.items():
        family = families[name]
        assert family.type == kind, name
        for sample in family.samples:
            assert set(sample.labels) - {"le"} == label_names, sample


def test_names_follow_prefix_and_unit_rules():
    for family in _families().values():
        for sample in family.samples:
            assert sample.name.startswith("newsstreams_")
            if family.type == "counter":
                assert sample.name.endswith("_total"), sample.name
            else:
                assert not sample.name.endswith("_total"), sample.name
            if family.type == "histogram":
                assert sample.name.endswith(("_bucket", "_sum", "_count"))


def test_every_fixed_label_value_exists_at_start_and_no_other():
    for family in _families().values():
        seen: dict[str, set] = {}
        for sample in family.samples:
            for label, value in sample.labels.items():
                seen.setdefault(label, set()).add(value)
        for label, allowed in FIXED_LABEL_VALUES.items():
            if label in seen:
                assert seen[label] == allowed, (family.name, label)


@pytest.mark.parametrize(
    ("family", "label", "value"),
    [
        ("newsstreams_articles_routed", "route", "general"),
        ("newsstreams_articles_dead_lettered", "reason", "too_large"),
        ("newsstreams_quotes", "type", "partial"),
        ("newsstreams_statements", "speaker_kind", "anonymous"),
        ("newsstreams_entities", "label", "GPE"),
    ],
)
def test_fixed_label_series_are_exported_before_any_event(family, label, value):
    totals = [
        s
        for s in _families()[family].samples
        if s.name.endswith("_total") and s.labels[label] == value
    ]
    assert len(totals) == 1


def test_stage_histogram_has_a_series_per_stage():
    family = _families()["newsstreams_stage_duration_seconds"]
    counts = {s.labels["stage"] for s in family.samples if s.name.endswith("_count")}
    assert counts == set(metrics.STAGES)


def test_bucket_layouts():
    families = _families()

    def upper_bounds(name):
        return [
            float(s.labels["le"])
            for s in families[name].samples
            if s.name.endswith("_bucket") and s.labels["le"] != "+Inf"
        ]

    assert upper_bounds("newsstreams_batch_size_articles") == [1, 2, 4, 8, 16, 32, 64, 128, 256]
    assert upper_bounds("newsstreams_diplomacy_score") == pytest.approx(
        [0.1 * i for i in range(1, 11)]
    )
    latency = upper_bounds("newsstreams_end_to_end_latency_seconds")
    assert latency[0] == 0.005 and latency[-1] == 120 and 30 in latency


def test_entity_label_folds_unknown_labels_into_other():
    assert metrics.entity_label("PERSON") == "PERSON"
    assert metrics.entity_label("GPE") == "GPE"
    assert metrics.entity_label("person") == "OTHER"
    assert metrics.entity_label("MISC") == "OTHER"
    assert metrics.entity_label("") == "OTHER"


def test_build_info_comes_from_installed_packages():
    (sample,) = _families()["newsstreams_build_info"].samples
    assert sample.name == "newsstreams_build_info"
    assert sample.value == 1
    assert sample.labels == {
        "version": streams.__version__,
        "model": "en_core_web_sm",
        "faust_version": metadata.version("faust-streaming"),
        "spacy_version": metadata.version("spacy"),
    }


def test_two_registries_hold_independent_metrics():
    first, second = CollectorRegistry(), CollectorRegistry()
    one, other = metrics.PipelineMetrics.create(first), metrics.PipelineMetrics.create(second)
    one.articles_consumed.inc(3)
    assert first.get_sample_value("newsstreams_articles_consumed_total") == 3
    assert second.get_sample_value("newsstreams_articles_consumed_total") == 0
    assert other.articles_consumed is not one.articles_consumed


def test_the_worker_metrics_are_created_once_in_the_default_registry():
    from prometheus_client import REGISTRY as DEFAULT

    assert metrics.worker_metrics() is metrics.worker_metrics()
    assert DEFAULT.get_sample_value("newsstreams_articles_in_flight") is not None
