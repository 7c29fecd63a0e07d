"""Exactly once with Faust: the outputs and the offsets of an input partition in one Kafka transaction.

Faust (0.15.3) keeps one transactional producer per assigned input partition, with
the id `{app id}-{assignor group}-{partition}`, and commits each partition's offsets
through its producer (`TransactionManager.commit`). It sends an agent's outputs by
the *output* topic's partition instead, finds no producer for topics it does not
consume, and sends them outside any transaction (faust-streaming issues #177, #323,
#517). So newsstreams sends every output itself through the producer of its input
record's partition (`outputs.TransactionalOutputTopic`), and:

- serialises commits with batches: the agent holds `BatchCommitLock` from a batch's
  first send until its events are acked, and `SerialisedTransactionManager.commit`
  takes the same lock, so a transaction never commits a batch's outputs without its
  offsets, or its offsets without its outputs;
- refuses any send that would go outside a transaction (`send` without our
  transactional id, `send_soon`), instead of letting it through the plain producer.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from typing import Any

from faust.transport.consumer import TransactionManager


class NotTransactional(RuntimeError):
    """A send in exactly-once mode that would bypass the input partition's transaction."""


class BatchCommitLock:
    """One lock per worker: a batch's send-deliver-ack, or a commit; never both at once."""

    def __init__(self) -> None:
        self._lock = asyncio.Lock()

    async def __aenter__(self) -> None:
        await self._lock.acquire()

    async def __aexit__(self, *exc_info: object) -> None:
        self._lock.release()

    def locked(self) -> bool:
        return self._lock.locked()


def transactional_id(app_id: str, group: int, partition: int) -> str:
    """The id Faust's TransactionManager gives the producer of an input partition (pinned by a test)."""
    return f"{app_id}-{group}-{partition}"


def transactional_id_for(app: Any) -> Any:
    """A function (topic, partition) -> that partition's transactional id, in this app."""

    def for_partition(topic: str, partition: int) -> str:
        return transactional_id(app.conf.id, app.assignor.group_for_topic(topic), partition)

    return for_partition


def _count_nothing(transactions: int) -> None:
    return None


def serialised_transaction_manager(lock: BatchCommitLock,
                                   committed: Callable[[int], None] = _count_nothing) -> type[TransactionManager]:
    """Faust's TransactionManager, with commits behind `lock` and no send outside a transaction.

    `committed(n)` hears of every n transactions committed (one per input partition with new offsets).
    """

    class SerialisedTransactionManager(TransactionManager):
        async def commit(self, offsets: Mapping[Any, int], start_new_transaction: bool = True) -> bool:
            async with lock:
                # Faust computed `offsets` before this waited for the lock; a batch that held it
                # meanwhile sent its outputs into the open transactions and acked its events, so
                # those offsets must commit with them, or a crash before the next commit would
                # read that batch again and write its outputs twice.
                offsets = offsets_with_later_acks(self.consumer, offsets)
                done: bool = await super().commit(offsets, start_new_transaction=start_new_transaction)
            if done:
                committed(len({(tp.topic, tp.partition) for tp in offsets}))
            return done

        async def send(self, topic: str, key: bytes | None, value: bytes | None, partition: int | None,
                       timestamp: float | None, headers: Any, *, transactional_id: str | None = None) -> Any:
            if not transactional_id:
                raise NotTransactional(
                    f"a send to {topic} without a transactional id would bypass the input partition's "
                    "transaction; send through streams.articles.outputs.TransactionalOutputTopic"
                )
            return await self.producer.send(topic, key, value, partition, timestamp, headers,
                                            transactional_id=transactional_id)

        def send_soon(self, fut: Any) -> None:
            raise NotTransactional("send_soon cannot join a transaction in exactly-once mode")

        async def on_partitions_revoked(self, revoked: set[Any]) -> None:
            """Retire every revoked partition's producer, and forget what was acked through it.

            Faust forgets the acked offsets of revoked partitions and reads them again from the
            committed offset, but it never stops their producers (its own `on_rebalance` sees
            no revoked partitions by then). A producer kept that way either holds an open
            transaction whose offsets will never be committed with it (the partition comes
            back: its articles would be written twice), or has been fenced by the partition's
            new owner (the worker would crash on its next send). Stopped here, each assigned
            partition gets a fresh producer when the assignment arrives, and initialising it
            aborts whatever transaction its id left open, here or on a dead worker.
            """
            await super().on_partitions_revoked(revoked)
            producer: Any = self.producer  # Faust's aiokafka Producer; ProducerT lacks its producer table
            async with lock:  # no batch is between its sends and its acks now
                for transactional_id in sorted(self._tps_to_transactional_ids(revoked)):
                    if transactional_id in producer._transaction_producers:
                        await producer.stop_transaction(transactional_id)
                forget_acks(self.consumer, revoked)

    return SerialisedTransactionManager


def offsets_with_later_acks(consumer: Any, offsets: Mapping[Any, int]) -> dict[Any, int]:
    """Each partition's offset to commit, moved past the events acked since `offsets` was
    computed (Faust's offset is one past the last acked event; offsets Faust knows to be
    gaps, such as transaction markers, count as acked)."""
    moved = {}
    for tp, offset in offsets.items():
        acked = set(consumer._acked.get(tp, ()))
        gaps = consumer._gap.get(tp)
        while offset in acked or (gaps is not None and gaps.overlaps(offset)):
            offset += 1
        moved[tp] = offset
    return moved


def forget_acks(consumer: Any, partitions: set[Any]) -> None:
    """Drop acked offsets of these partitions, as Faust does on revoke (a batch may have acked since)."""
    for tp in partitions:
        consumer._acked.pop(tp, None)
        consumer._acked_index.pop(tp, None)
        consumer._gap.pop(tp, None)


def install(app: Any, lock: BatchCommitLock, committed: Callable[[int], None] = _count_nothing) -> None:
    """Make the app's consumer build our TransactionManager; call before anything touches app.consumer."""
    if app._consumer is not None:  # Faust builds the consumer, and its TransactionManager, on first use
        raise RuntimeError("install the transaction manager before the app's consumer exists")
    app.transport.TransactionManager = serialised_transaction_manager(lock, committed)
