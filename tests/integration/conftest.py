"""Integration tests run against a real Apache Kafka broker on this machine.

The broker is started with deploy/kafka/local-kafka.sh unless one already answers
on the test port; a broker started here is stopped at the end of the session.
"""

import os
import subprocess

import pytest

from tests.support.kafka import (
    FAULT_BROKER_PORT,
    LOCAL_KAFKA,
    TEST_KAFKA_PORT,
    WorkerProcess,
    isolated_settings,
    port_open,
    start_local_kafka,
    stop_local_kafka,
)


@pytest.fixture(scope="session")
def kafka_bootstrap():
    started = start_local_kafka(TEST_KAFKA_PORT)
    yield f"127.0.0.1:{TEST_KAFKA_PORT}"
    if started and not os.environ.get("NEWSSTREAMS_KEEP_KAFKA"):
        stop_local_kafka(TEST_KAFKA_PORT)


@pytest.fixture
def make_settings(kafka_bootstrap):
    def make(**changes):
        return isolated_settings(kafka_bootstrap, **changes)

    return make


@pytest.fixture
def start_worker(tmp_path):
    workers = []

    def start(settings, name="worker"):
        worker = WorkerProcess(settings, tmp_path / f"{name}-{len(workers)}.log").start()
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


@pytest.fixture
def own_broker():
    """A broker of this test's own (own port, own data folder), so stopping it disturbs no other test."""
    # Only the port: listener or SASL extras meant for another broker must not leak into this one.
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAFKA_")}
    env["KAFKA_PORT"] = str(FAULT_BROKER_PORT)

    def control(action: str) -> None:
        subprocess.run([str(LOCAL_KAFKA), action], check=True, env=env, timeout=120)

    control("wipe")  # a broker this test left behind when an earlier run was killed (its own pid file only)
    if port_open("127.0.0.1", FAULT_BROKER_PORT):
        pytest.fail(f"port {FAULT_BROKER_PORT} is taken; set NEWSSTREAMS_FAULT_KAFKA_PORT to a free one")
    try:
        control("start")
        yield control
    finally:
        control("wipe")  # stops it and removes its data folder
