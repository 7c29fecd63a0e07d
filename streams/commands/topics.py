"""`newsstreams topics create|list`."""

from __future__ import annotations

from ..kafka.admin import describe_topics, ensure_topics
from ..settings import Settings


def run_topics(settings: Settings, action: str) -> int:
    if action == "create":
        created = ensure_topics(settings)
        for topic in settings.all_topics:
            state = "created" if topic in created else "exists"
            print(f"{topic}\t{state}")
        return 0
    for topic, partitions in describe_topics(settings):
        print(f"{topic}\t{partitions} partition(s)")
    return 0
