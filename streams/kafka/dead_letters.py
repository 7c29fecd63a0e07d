"""The shape of a dead letter: the original bytes untouched, the reason in headers."""

from __future__ import annotations

from collections.abc import Iterable

from ..enrichment.errors import ArticleError

HEADER_PREFIX = "newsstreams."


def dead_letter_headers(error: Exception, topic: str, partition: int, offset: int, timestamp: float | None) -> list[tuple[str, bytes]]:
    reason = error.reason if isinstance(error, ArticleError) else "enrichment_failed"
    fields = {
        "error.reason": reason,
        "error.class": type(error).__name__,
        "error.message": str(error)[:1000],
        "source.topic": topic,
        "source.partition": str(partition),
        "source.offset": str(offset),
        "source.timestamp": "" if timestamp is None else f"{timestamp:.3f}",
    }
    return [(HEADER_PREFIX + name, value.encode("utf-8")) for name, value in fields.items()]


def read_headers(headers: Iterable[tuple[str, bytes | None]] | None) -> dict[str, str]:
    """Headers as a str dict, from kafka-python's list of (key, bytes) tuples."""
    result = {}
    for key, value in headers or []:
        if key.startswith(HEADER_PREFIX):
            result[key[len(HEADER_PREFIX):]] = (value or b"").decode("utf-8", "replace")
    return result
