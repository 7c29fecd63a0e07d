"""Why a Kafka connection failed, in words a user can act on.

kafka-python retries through authentication and TLS errors and in the end only says
"Unable to bootstrap"; the real cause is in the warnings it logged on the way. This
module keeps those warnings and maps them to one line.
"""

from __future__ import annotations

import collections
import logging
import re

from ..settings import Settings

# Most telling first: a log line matching the pattern becomes the reason on the right.
_CAUSES = [
    ("SaslAuthenticationFailedError",
     "authentication failed for user {user!r} with {mechanism}; check sasl_username, sasl_password and sasl_mechanism"),
    ("(Hostname|IP address) mismatch",
     "the broker's TLS certificate does not name the host in kafka_bootstrap (ssl_check_hostname is on)"),
    ("CERTIFICATE_VERIFY_FAILED",
     "the broker's TLS certificate is not trusted ({verify}); check ssl_cafile"),
    ("ALERT_BAD_CERTIFICATE|CERTIFICATE_REQUIRED|ALERT_UNKNOWN_CA|ALERT_HANDSHAKE_FAILURE",
     "the broker refused our TLS client certificate; check ssl_certfile and ssl_keyfile"),
    ("UnsupportedSaslMechanism|IllegalSaslState",
     "the listener does not take SASL {mechanism}; check security_protocol and sasl_mechanism"),
    (r"UNEXPECTED_EOF|WRONG_VERSION_NUMBER|\bHandshake failed",  # \b: not "SaslHandshake failed"
     "the TLS handshake failed; is this a TLS listener? check security_protocol"),
    # kafka-python 3.0.12 drops a SASL error response that arrives together with the close, so
    # a wrong password often shows up only as a closed connection.
    ("socket disconnected", "the broker closed the connection; {closed_hint}"),
    ("ECONNREFUSED", "connection refused; is the broker running?"),
]


class _ConnectionErrors(logging.Handler):
    """Keeps the last warnings kafka-python logged, so a failed connect can name its cause."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: collections.deque[str] = collections.deque(maxlen=500)

    def watch(self) -> None:
        self.messages.clear()
        kafka_log = logging.getLogger("kafka")
        if self not in kafka_log.handlers:
            kafka_log.addHandler(self)
        if not kafka_log.isEnabledFor(logging.WARNING):
            # The CLI silences kafka-python; let its warnings reach this handler, and only this handler.
            kafka_log.setLevel(logging.WARNING)
            kafka_log.propagate = False

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.messages.append(record.getMessage())
        except Exception:  # a broken log call must never break a connection attempt
            pass

    def reason(self, settings: Settings) -> str | None:
        logged = "\n".join(self.messages)
        for pattern, text in _CAUSES:
            if re.search(pattern, logged):
                verify = re.search(r"certificate verify failed: ([^(\n]+)", logged)
                return text.format(
                    user=settings.sasl_username,
                    mechanism=settings.sasl_mechanism,
                    verify=verify.group(1).strip() if verify else "verify failed",
                    closed_hint=_closed_hint(settings),
                )
        return None


def _closed_hint(settings: Settings) -> str:
    if settings.security_protocol.startswith("SASL"):
        return (f"check sasl_username, sasl_password and sasl_mechanism, "
                f"and that this listener takes {settings.security_protocol}")
    return f"does this listener take {settings.security_protocol}, or does it want TLS or SASL credentials?"


_connection_errors = _ConnectionErrors()


def watch_connection_errors() -> None:
    """Start remembering kafka-python's warnings; call before building a client."""
    _connection_errors.watch()


def likely_cause(settings: Settings) -> str | None:
    """The most telling cause among the warnings logged since the last watch, or None."""
    return _connection_errors.reason(settings)
