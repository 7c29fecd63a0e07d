"""Test support for the real local broker: start it, name isolated topics, run workers, read topics.

Nothing here fakes Kafka: the broker is Apache Kafka started by deploy/kafka/local-kafka.sh.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

from kafka import KafkaConsumer, KafkaProducer

from streams.host import free_port, port_answers
from streams.kafka.local_broker import CHECKOUT_SCRIPT, start_local_broker, stop_local_broker
from streams.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parents[2]
LOCAL_KAFKA = CHECKOUT_SCRIPT  # for tests that drive the script with environments of their own
TEST_KAFKA_PORT = int(os.environ.get("NEWSSTREAMS_TEST_KAFKA_PORT", "9092"))
# A broker a fault test may stop and restart without disturbing the others.
FAULT_BROKER_PORT = int(os.environ.get("NEWSSTREAMS_FAULT_KAFKA_PORT", "19492"))


def port_open(host: str, port: int) -> bool:
    return port_answers(port, host, timeout=0.5)


def start_local_kafka(port: int = TEST_KAFKA_PORT) -> bool:
    """Start the broker unless one answers already; True when this call started it."""
    if port_open("127.0.0.1", port):
        return False
    start_local_broker(port)
    return True


def stop_local_kafka(port: int = TEST_KAFKA_PORT) -> None:
    stop_local_broker(port)


def isolated_settings(bootstrap: str, **changes) -> Settings:
    """Settings whose app id and topics no other test run shares."""
    run = uuid.uuid4().hex[:10]
    values = {
        "kafka_bootstrap": bootstrap,
        "app_id": f"test-{run}",
        "topic_input": f"t-{run}.articles",
        "topic_enriched": f"t-{run}.enriched",
        "topic_diplomacy": f"t-{run}.diplomacy",
        "topic_dlq": f"t-{run}.dlq",
        "partitions": 2,
        "metrics_port": free_port(),
        "batch_wait_seconds": 0.1,
        "data_dir": f"/tmp/newsstreams-test/{run}",
    }
    values.update(changes)
    return load_settings(values, environ={})


class WorkerProcess:
    """A real `newsstreams worker` in its own process, as users run it."""

    def __init__(self, settings: Settings, log_path: Path):
        self.settings = settings
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 90.0) -> WorkerProcess:
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streams.cli", "worker"],
            env=self.settings.to_environ(os.environ),
            stdout=self.log,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
        self.wait_ready(timeout)
        return self

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        url = f"http://127.0.0.1:{self.settings.metrics_port}/metrics"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited with {self.process.returncode}; log:\n{self.tail()}")
            try:
                with urllib.request.urlopen(url, timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.5)
        raise TimeoutError(f"worker not ready in {timeout}s; log:\n{self.tail()}")

    def metrics_text(self) -> str:
        url = f"http://127.0.0.1:{self.settings.metrics_port}/metrics"
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode()

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30.0) -> int | None:
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else None
        self.process.send_signal(sig)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait(10)
        finally:
            self.log.close()

    def tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


def produce(settings: Settings, values: list[bytes], topic: str | None = None) -> None:
    producer = KafkaProducer(bootstrap_servers=settings.bootstrap_servers, acks="all")
    for value in values:
        producer.send(topic or settings.topic_input, value=value)
    producer.flush(30)
    producer.close()


def read_topic(settings: Settings, topic: str, expected: int = 0, timeout: float = 90.0, settle: float = 2.0,
               want=frozenset(), isolation_level: str = "read_uncommitted"):
    """Every record on the topic from the start. Waits until there are `expected` records and
    every key in `want` has arrived, then `settle` seconds more so late duplicates count too."""
    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=settings.bootstrap_servers,
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        isolation_level=isolation_level,
    )
    records, keys = [], set()
    deadline = time.monotonic() + timeout
    settle_until = None
    try:
        while time.monotonic() < deadline:
            for messages in consumer.poll(timeout_ms=500).values():
                records.extend(messages)
                keys.update(m.key.decode() for m in messages if m.key is not None)
            if len(records) >= expected and want <= keys:
                settle_until = settle_until or time.monotonic() + settle
                if time.monotonic() >= settle_until:
                    break
    finally:
        consumer.close()
    return records
