"""`newsstreams worker`: run the Faust worker that enriches the input topic."""

from __future__ import annotations

import logging

import faust

from ..app import create_app
from ..articles.agents import register_agents
from ..enrichment.enricher import Enricher
from ..kafka.admin import ensure_topics
from ..observability.metrics import worker_metrics
from ..settings import Settings

log = logging.getLogger(__name__)


def run_worker(settings: Settings) -> int:
    # Everything that can be wrong with the configuration fails here, before Faust starts.
    enricher = Enricher(settings.spacy_model, settings.diplomacy_threshold)
    created = ensure_topics(settings)
    if created:
        print(f"created topics: {', '.join(created)}", flush=True)
    app = create_app(settings)
    # The default registry: the one Faust's Prometheus sensor serves on /metrics.
    metrics = worker_metrics()
    metrics.set_build_info(settings.spacy_model)
    register_agents(app, settings, enricher, metrics)
    print(
        f"worker {settings.app_id}: {settings.topic_input} -> {settings.topic_enriched}, "
        f"{settings.topic_diplomacy}, {settings.topic_dlq}; metrics on "
        f"http://{settings.metrics_bind}:{settings.metrics_port}/metrics",
        flush=True,
    )
    worker = faust.Worker(app, loglevel=settings.log_level.upper(), quiet=True)
    worker.execute_from_commandline()
    return 0
