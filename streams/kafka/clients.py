"""kafka-python client options built from Settings, security included."""

from __future__ import annotations

import ssl
from typing import Any

from kafka.errors import KafkaError

from ..errors import NewsstreamsError
from ..settings import Settings, SettingsError
from .diagnosis import likely_cause, watch_connection_errors

# How long a CLI command waits for a first broker answer before saying so.
BOOTSTRAP_TIMEOUT_MS = 8000


class BrokerUnreachable(NewsstreamsError, RuntimeError):
    """No broker answered at the configured bootstrap servers."""


def client_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments shared by kafka-python's producer, consumer and admin client."""
    # Every client is built right after this call: from here on, remember why connections fail.
    watch_connection_errors()
    options = {
        "bootstrap_servers": settings.bootstrap_servers,
        "security_protocol": settings.security_protocol,
        "client_id": f"{settings.app_id}-cli",
        "bootstrap_timeout_ms": BOOTSTRAP_TIMEOUT_MS,
    }
    if settings.security_protocol.startswith("SASL"):
        options.update(
            sasl_mechanism=settings.sasl_mechanism,
            sasl_plain_username=settings.sasl_username,
            sasl_plain_password=settings.sasl_password,
        )
    if settings.security_protocol.endswith("SSL"):
        # The worker's context: the same TLS rules for both clients, and a bad PEM file fails here,
        # at once, instead of on every connection attempt.
        options["ssl_context"] = ssl_context(settings)
    return options


def ssl_context(settings: Settings) -> ssl.SSLContext:
    """The TLS context for Faust and kafka-python: verify the broker, optionally present a client cert."""
    try:
        context = ssl.create_default_context(cafile=settings.ssl_cafile or None)
    except ssl.SSLError as exc:
        raise SettingsError(f"ssl_cafile {settings.ssl_cafile!r} holds no usable CA certificate ({exc.reason})") from None
    context.check_hostname = settings.ssl_check_hostname
    if settings.ssl_certfile:
        try:
            context.load_cert_chain(settings.ssl_certfile, settings.ssl_keyfile or None)
        except ssl.SSLError as exc:
            raise SettingsError(
                f"ssl_certfile/ssl_keyfile are not a matching PEM certificate and key ({exc.reason})"
            ) from None
    return context


def describe_failure(settings: Settings, exc: Exception) -> str:
    """One line for a user: where we tried to connect and why it failed, no secrets."""
    if isinstance(exc, SettingsError):  # e.g. an unusable TLS file: nothing was tried yet
        return str(exc)
    name = type(exc).__name__
    detail = str(exc).splitlines()[0] if str(exc) else name
    reason = f"{name}: {detail}"
    if isinstance(exc, KafkaError):
        # kafka-python retries through auth and TLS errors and then only says "Unable to bootstrap";
        # the real cause is in what it logged on the way.
        reason = likely_cause(settings) or reason
    for secret in (settings.sasl_password,):
        if secret:
            reason = reason.replace(secret, "***")
    return f"cannot connect to Kafka at {settings.kafka_bootstrap} ({settings.security_protocol}): {reason}"
