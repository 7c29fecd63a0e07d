"""The stories the page can show: a bounded set, one entry per article id, newest first."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Entry:
    timestamp_ms: int
    seq: int
    record: dict[str, Any] = field(compare=False)

    @property
    def order(self) -> tuple[int, int]:
        return (self.timestamp_ms, self.seq)


class StoryBuffer:
    """At most `capacity` stories keyed by article id, ordered by their Kafka timestamp.

    The same article arrives twice (on the enriched and on the diplomacy topic) and again
    whenever it is resent; the page shows it once, so a repeat replaces the record in place.
    """

    def __init__(self, capacity: int):
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.capacity = capacity
        self._entries: dict[str, Entry] = {}
        self._order: list[tuple[int, int, str]] = []  # ascending (timestamp, seq, id)
        self._seq = 0

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, story_id: str) -> bool:
        return story_id in self._entries

    def add(self, record: dict[str, Any], timestamp_ms: int) -> bool:
        """Keep the record; True when the page has something new to show (a new id or a changed record)."""
        story_id = record["id"]
        old = self._entries.get(story_id)
        if old is not None:
            if old.record == record:
                return False
            # A re-enrichment keeps its place unless it is newer: a late copy never jumps the list.
            if timestamp_ms <= old.timestamp_ms:
                old.record = record
                return True
            self._order.remove((*old.order, story_id))
            del self._entries[story_id]
        self._seq += 1
        entry = Entry(timestamp_ms, self._seq, record)
        self._entries[story_id] = entry
        bisect.insort(self._order, (*entry.order, story_id))
        while len(self._entries) > self.capacity:
            _, _, oldest = self._order.pop(0)
            del self._entries[oldest]
        return story_id in self._entries  # False when it was older than everything kept in a full buffer

    def get(self, story_id: str) -> dict[str, Any] | None:
        entry = self._entries.get(story_id)
        return entry.record if entry else None

    def newest_first(self) -> list[dict[str, Any]]:
        return [self._entries[story_id].record for *_, story_id in reversed(self._order)]
