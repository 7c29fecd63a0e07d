"""kafka-python client options built from Settings, security included."""

from __future__ import annotations

import ssl

from ..settings import Settings


# How long a CLI command waits for a first broker answer before saying so.
BOOTSTRAP_TIMEOUT_MS = 8000


class BrokerUnreachable(RuntimeError):
    """No broker answered at the configured bootstrap servers."""


def client_options(settings: Settings) -> dict:
    """Keyword arguments shared by kafka-python's producer, consumer and admin client."""
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
        options.update(
            ssl_check_hostname=settings.ssl_check_hostname,
            ssl_cafile=settings.ssl_cafile or None,
            ssl_certfile=settings.ssl_certfile or None,
            ssl_keyfile=settings.ssl_keyfile or None,
        )
    return options


def ssl_context(settings: Settings) -> ssl.SSLContext:
    """The TLS context the Faust worker uses: verify the broker, optionally present a client cert."""
    context = ssl.create_default_context(cafile=settings.ssl_cafile or None)
    context.check_hostname = settings.ssl_check_hostname
    if settings.ssl_certfile:
        context.load_cert_chain(settings.ssl_certfile, settings.ssl_keyfile or None)
    return context


def describe_failure(settings: Settings, exc: Exception) -> str:
    """One line for a user: where we tried to connect and why it failed, no secrets."""
    name = type(exc).__name__
    detail = str(exc).splitlines()[0] if str(exc) else name
    for secret in (settings.sasl_password,):
        if secret:
            detail = detail.replace(secret, "***")
    return f"cannot reach Kafka at {settings.kafka_bootstrap} ({settings.security_protocol}): {name}: {detail}"
