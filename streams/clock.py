"""Timestamps as records carry them: ISO 8601 in UTC, to the millisecond."""

from __future__ import annotations

from datetime import UTC, datetime


def iso_ms(timestamp: float | None) -> str | None:
    """A Unix timestamp (Kafka's, in seconds) as ISO 8601 UTC; None stays None."""
    if timestamp is None:
        return None
    return datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="milliseconds")


def now_iso_ms() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")
