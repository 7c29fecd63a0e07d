"""Liveness and readiness of a worker, served beside /metrics on the same port.

- `/healthz` (liveness): answered by the event loop itself, so an answer is the
  proof that heartbeats, commits and /metrics are being served. A loop blocked
  long enough to miss the probe's timeout is the one thing a restart cures.
- `/readyz` (readiness): 200 once the worker is in the consumer group and holds
  at least one partition of the input topic. Otherwise 503 with the reason:
  `joining` (no assignment received yet), `rebalancing` (the group is moving
  partitions), or `no_partitions` (in the group, but every partition of the
  input topic went to other workers: more workers than partitions).

Both answer JSON, so a person with curl sees the same reason as the kubelet.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import faust
    from faust.types import TP, AppT
    from faust.web import Request, Response, View

LIVENESS_PATH = "/healthz"
READINESS_PATH = "/readyz"


@dataclass
class GroupMembership:
    """This worker's place in the consumer group, as Faust's rebalance signals tell it."""

    group: str
    topic: str
    joined: bool = False
    partitions: tuple[int, ...] = ()
    assigned_at: float | None = None

    def assigned(self, topic_partitions: Iterable[TP]) -> None:
        """Record an assignment: Faust sends the whole new one, empty when the group gave us nothing."""
        self.joined = True
        self.assigned_at = time.time()
        self.partitions = tuple(sorted(tp.partition for tp in topic_partitions if tp.topic == self.topic))

    def readiness(self, rebalancing: bool) -> tuple[int, dict[str, Any]]:
        """HTTP status and body of /readyz."""
        body: dict[str, Any] = {"group": self.group, "topic": self.topic, "partitions": list(self.partitions)}
        if not self.joined:
            return 503, {**body, "ready": False, "reason": "joining",
                         "detail": "waiting for the consumer group to assign partitions"}
        if rebalancing:
            return 503, {**body, "ready": False, "reason": "rebalancing",
                         "detail": "the consumer group is reassigning partitions"}
        if not self.partitions:
            return 503, {**body, "ready": False, "reason": "no_partitions",
                         "detail": f"in consumer group {self.group}, but the group has no partition of "
                                   f"{self.topic} for this worker yet (more workers than partitions?)"}
        return 200, {**body, "ready": True}


def register_health_views(app: faust.App, membership: GroupMembership, loop_lag_seconds: Callable[[], float]) -> None:
    """Add /healthz and /readyz to the Faust app's web server and keep `membership` current.

    `loop_lag_seconds` returns the event loop's last measured lateness, reported by /healthz.
    """

    # mode's handler type allows only (sender, *args, signal=..., **kwargs): no named `assigned`
    @app.on_partitions_assigned.connect  # type: ignore[arg-type]
    async def remember_assignment(app: AppT, assigned: set[TP], **kwargs: Any) -> None:
        membership.assigned(assigned)

    @app.page(LIVENESS_PATH, name="liveness")
    async def liveness(self: View, request: Request) -> Response:
        return self.json({"live": True, "event_loop_lag_seconds": round(loop_lag_seconds(), 4)})

    @app.page(READINESS_PATH, name="readiness")
    async def readiness(self: View, request: Request) -> Response:
        status, body = membership.readiness(rebalancing=bool(app.rebalancing))
        return self.json(body, status=status)
