"""Create the Faust app from Settings. The only place that knows Faust's configuration names."""

from __future__ import annotations

import os

import faust
from faust.sensors.prometheus import setup_prometheus_sensors

from .host import cache_dir
from .kafka.clients import ssl_context
from .settings import Settings


def broker_credentials(settings: Settings) -> faust.SASLCredentials | faust.SSLCredentials | None:
    if settings.security_protocol == "PLAINTEXT":
        return None
    context = ssl_context(settings) if settings.security_protocol.endswith("SSL") else None
    if settings.security_protocol.startswith("SASL"):
        return faust.SASLCredentials(
            username=settings.sasl_username,
            password=settings.sasl_password,
            ssl_context=context,
            mechanism=settings.sasl_mechanism,
        )
    return faust.SSLCredentials(context)


def create_app(settings: Settings) -> faust.App:
    data_dir = settings.data_dir or str(cache_dir("faust", settings.app_id))
    os.makedirs(data_dir, exist_ok=True)
    app = faust.App(
        settings.app_id,
        broker=[f"kafka://{server}" for server in settings.bootstrap_servers],
        broker_credentials=broker_credentials(settings),
        datadir=data_dir,
        processing_guarantee=settings.processing_guarantee,
        topic_partitions=settings.partitions,
        topic_replication_factor=settings.replication_factor,
        topic_allow_declare=True,  # only Faust's internal topics; ours are created by streams.kafka.admin
        producer_acks=-1,  # acks=all: an offset is committed only after its output is on every replica
        consumer_auto_offset_reset="earliest",
        broker_commit_every=1000,
        broker_commit_interval=1.0,
        # A long article must not get the worker thrown out of the group.
        broker_max_poll_interval=600.0,
        broker_session_timeout=settings.session_timeout_seconds,
        broker_heartbeat_interval=max(1.0, settings.session_timeout_seconds / 10),
        web_enabled=True,
        web_port=settings.metrics_port,
        web_bind=settings.metrics_bind,
        web_in_thread=False,
        store="memory://",
    )
    setup_prometheus_sensors(app, pattern="/metrics", name_prefix="faust")
    return app
