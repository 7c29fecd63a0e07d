"""/healthz and /readyz of real workers in a real consumer group.

The input topic has one partition and two workers share the group: one must be
ready holding partition 0, the other must say the group has no partition for it;
when the ready one stops, the other takes the partition and turns ready.
"""

import signal

import pytest

from tests.support.health import liveness, readiness, wait_for_readiness
from tests.support.kafka import free_port

pytestmark = pytest.mark.integration
# A graceful leave starts the rebalance at once; the session timeout bounds a missed one.
REBALANCE_TIMEOUT = 45.0


def is_ready(status, body):
    return status == 200 and body["ready"]


def has_no_partitions(status, body):
    return status == 503 and body["reason"] == "no_partitions"


def test_one_partition_two_workers_one_ready_one_waiting(make_settings, start_worker):
    settings = make_settings(partitions=1, session_timeout_seconds=10)
    first = start_worker(settings, "first")

    status, body = wait_for_readiness(settings.metrics_port, is_ready, REBALANCE_TIMEOUT)
    assert (status, body["partitions"]) == (200, [0]), (body, first.tail())
    assert body["group"] == settings.app_id and body["topic"] == settings.topic_input
    status, live = liveness(settings.metrics_port)
    assert status == 200 and live["live"] is True and live["event_loop_lag_seconds"] >= 0

    second = start_worker(settings.replace(metrics_port=free_port()), "second")
    ports = {first: settings.metrics_port, second: second.settings.metrics_port}
    # After the rebalance exactly one of them holds the only partition; which one is the assignor's choice.
    answers = {}
    for worker, port in ports.items():
        answers[worker] = wait_for_readiness(
            port, lambda s, b: is_ready(s, b) or has_no_partitions(s, b), REBALANCE_TIMEOUT)
    ready = [w for w, answer in answers.items() if is_ready(*answer)]
    waiting = [w for w, answer in answers.items() if has_no_partitions(*answer)]
    assert len(ready) == 1 and len(waiting) == 1, (answers, first.tail(), second.tail())
    _, waiting_body = answers[waiting[0]]
    assert waiting_body["partitions"] == [] and "no partition" in waiting_body["detail"]
    # Not ready is not dead: the idle worker's loop answers its liveness probe.
    assert liveness(ports[waiting[0]])[0] == 200
    # A state, not a start-up moment: still waiting seconds later, nothing pretends to be ready.
    assert has_no_partitions(*wait_for_readiness(ports[waiting[0]], is_ready, 5.0))
    assert is_ready(*readiness(ports[ready[0]]))

    assert ready[0].stop(signal.SIGTERM) == 0
    status, body = wait_for_readiness(ports[waiting[0]], is_ready, REBALANCE_TIMEOUT)
    assert (status, body["partitions"]) == (200, [0]), (body, waiting[0].tail())

