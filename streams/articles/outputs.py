"""Where a processed article's outputs go, in each processing guarantee.

`ArticleProcessor` sends every output through an `OutputTopic`, naming the input
message it came from. At least once, that is the Faust topic itself. Exactly once,
it is Faust's transactional producer for the *input* record's partition, so the
outputs join the very transaction that will commit that partition's offsets (see
`transactions.py` and docs/exactly-once.md).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Protocol


class SourceMessage(Protocol):
    """What the processor knows of an input record (Faust's Message has these)."""

    @property
    def topic(self) -> str: ...
    @property
    def partition(self) -> int: ...
    @property
    def offset(self) -> int: ...


class GroupState(Protocol):
    """What Faust's app says of this worker's place in the consumer group."""

    @property
    def consumer_generation_id(self) -> int: ...  # the group generation of the current assignment
    @property
    def rebalancing(self) -> bool: ...  # between a revoke and the end of the next assignment


class OutputTopic(Protocol):
    name: str

    async def send(self, key: bytes | None, value: bytes, headers: list[tuple[str, bytes]] | None,
                   source: SourceMessage) -> Awaitable[Any]:
        """Hand the record to the producer; the awaitable completes when the broker has it."""
        ...


class PartitionRevoked(RuntimeError):
    """The input record no longer belongs to this worker's current assignment.

    Its partition went to another worker, or a rebalance came between fetching the
    record and sending its outputs. Either way the partition's transaction was
    abandoned and the partition is read again from its committed offset, so the
    right answer is to drop this record's outputs (and not ack it), not to crash.
    """


class FaustOutputTopic:
    """At least once: Faust's own topic, outside any transaction."""

    def __init__(self, topic: Any) -> None:
        self.topic = topic
        self.name = topic.get_topic_name()

    async def send(self, key: bytes | None, value: bytes, headers: list[tuple[str, bytes]] | None,
                   source: SourceMessage) -> Awaitable[Any]:
        sent: Awaitable[Any]
        if headers is None:
            sent = await self.topic.send(key=key, value=value)
        else:
            sent = await self.topic.send(key=key, value=value, headers=headers)
        return sent


class TransactionalOutputTopic:
    """Exactly once: through the transactional producer that Faust keeps for the source's partition."""

    def __init__(self, name: str, producer: Any, transactional_id_for: Callable[[str, int], str],
                 group: GroupState) -> None:
        self.name = name
        self.producer = producer  # faust.transport.drivers.aiokafka.Producer
        self.transactional_id_for = transactional_id_for
        self.group = group

    async def send(self, key: bytes | None, value: bytes, headers: list[tuple[str, bytes]] | None,
                   source: SourceMessage) -> Awaitable[Any]:
        fetched_in = getattr(source, "generation_id", None)
        if self.group.rebalancing or (fetched_in is not None and fetched_in != self.group.consumer_generation_id):
            raise PartitionRevoked(f"{source.topic}[{source.partition}]@{source.offset} was fetched before a "
                                   "rebalance; it is read again from the committed offset")
        transactional_id = self.transactional_id_for(source.topic, source.partition)
        if transactional_id not in self.producer._transaction_producers:  # Faust keeps no public accessor
            # Faust stops a partition's producer when the partition is revoked.
            raise PartitionRevoked(f"{source.topic}[{source.partition}] is no longer ours ({transactional_id})")
        sent: Awaitable[Any] = await self.producer.send(self.name, key, value, None, None, headers,
                                                        transactional_id=transactional_id)
        return sent
