"""`newsstreams consume`: read an output topic, as readable text or as JSON lines."""

from __future__ import annotations

import json
import sys
from typing import Any

from kafka import KafkaConsumer

from ..kafka.clients import BrokerUnreachable, client_options, describe_failure
from ..kafka.dead_letters import read_headers
from ..settings import Settings

# A kafka-python ConsumerRecord (topic, partition, offset, key, value, headers): the library ships no types.
Message = Any


def run_consume(settings: Settings, topic: str, from_beginning: bool, max_records: int | None, timeout: float, as_json: bool) -> int:
    name = settings.resolve_topic(topic)
    try:
        consumer = KafkaConsumer(
            name,
            group_id=None,  # reading must not move any group's offsets
            auto_offset_reset="earliest" if from_beginning else "latest",
            enable_auto_commit=False,
            # Exactly once, records of aborted transactions are on the topic too; a reader sees
            # only committed ones (at least once there are no transactions, so nothing changes).
            isolation_level="read_committed",
            consumer_timeout_ms=int(timeout * 1000),
            **client_options(settings),
        )
    except Exception as exc:
        raise BrokerUnreachable(describe_failure(settings, exc)) from None
    count = 0
    try:
        for message in consumer:
            print(_render(message, as_json), flush=True)
            count += 1
            if max_records and count >= max_records:
                break
    except KeyboardInterrupt:
        pass
    finally:
        consumer.close()
    if not as_json:
        print(f"-- {count} record(s) from {name}", file=sys.stderr)
    return 0


def _render(message: Message, as_json: bool) -> str:
    headers = read_headers(message.headers)
    if headers.get("error.reason"):
        return _render_dead_letter(message, headers, as_json)
    try:
        record = json.loads(message.value)
    except (ValueError, TypeError):
        record = None
    if as_json:
        return message.value.decode("utf-8", "replace") if record is not None else json.dumps(_raw(message))
    if not isinstance(record, dict) or "diplomacy" not in record:
        return f"[{message.partition}:{message.offset}] {message.value[:200]!r}"
    return format_record(record)


def format_record(record: dict[str, Any]) -> str:
    """A few lines an editor can scan: headline, route and why, countries, people, quotes."""
    dip = record["diplomacy"]
    route = "DIPLOMACY" if dip["is_diplomacy"] else "general"
    lines = [
        f"== {record.get('headline') or record['body'][:80]}",
        f"   id {record['id']}  {record.get('dateline') or ''}  {record.get('source') or ''}".rstrip(),
        f"   route {route}  score {dip['score']:.2f}  because {'; '.join(dip['signals'][:5]) or '-'}",
        f"   countries {', '.join(record['countries']) or '-'}",
        f"   people {', '.join(record.get('people', [])[:8]) or '-'}",
    ]
    for quote in record["quotes"][:6]:
        text = quote["text"] if len(quote["text"]) < 90 else quote["text"][:87] + "..."
        who = quote["speaker"] or ("(term)" if quote["type"] == "term" else "(unattributed)")
        lines.append(f"   \u201c{text}\u201d  {quote['type']} - {who}")
    return "\n".join(lines)


def _render_dead_letter(message: Message, headers: dict[str, str], as_json: bool) -> str:
    if as_json:
        return json.dumps({**_raw(message), "headers": headers}, ensure_ascii=False)
    preview = message.value[:80].decode("utf-8", "replace").replace("\n", " ")
    return (
        f"!! dead letter from {headers.get('source.topic')}[{headers.get('source.partition')}]@{headers.get('source.offset')}: "
        f"{headers.get('error.reason')} - {headers.get('error.message')}\n   value: {preview!r}"
    )


def _raw(message: Message) -> dict[str, Any]:
    return {
        "topic": message.topic,
        "partition": message.partition,
        "offset": message.offset,
        "key": message.key.decode("utf-8", "replace") if message.key else None,
        "value": message.value.decode("utf-8", "replace") if message.value is not None else None,
    }
