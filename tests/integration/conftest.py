"""Integration tests run against a real Apache Kafka broker on this machine.

The broker is started with deploy/kafka/local-kafka.sh unless one already answers
on the test port; a broker started here is stopped at the end of the session.
"""

import os

import pytest

from tests.support.kafka import TEST_KAFKA_PORT, WorkerProcess, isolated_settings, start_local_kafka, stop_local_kafka


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
