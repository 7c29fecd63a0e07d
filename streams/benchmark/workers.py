"""Worker processes for the measured runs: the real `newsstreams worker` and the naive baseline.

Each is its own OS process, started the way users start it, so its memory and CPU can
be read from /proc and nothing of the benchmark process leaks into it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from kafka.errors import KafkaError
from prometheus_client.parser import text_string_to_metric_families

from ..errors import CommandError
from ..host import free_port
from ..kafka.admin import admin_client
from ..settings import Settings
from .broker import RunTopics
from .procinfo import Memory, process_memory


class WorkerProcess:
    def __init__(self, name: str, command: list[str], env: dict[str, str], port: int, log_path: Path) -> None:
        self.name = name
        self.command = command
        self.env = env
        self.port = port  # its HTTP port: answering there means the app is up
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None
        self.memory_at_start: Memory | None = None

    @property
    def pid(self) -> int:
        return self._started().pid

    def _started(self) -> subprocess.Popen[bytes]:
        if self.process is None:
            raise RuntimeError(f"{self.name} has not been started")
        return self.process

    def start(self) -> WorkerProcess:
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen(self.command, env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        return self

    def wait_http(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.check_alive()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=1):
                    return
            except urllib.error.HTTPError:
                return  # any HTTP answer, even 404, means the web server is up
            except OSError:
                time.sleep(0.3)
        raise CommandError(f"{self.name} did not come up in {timeout:.0f}s; see {self.log_path}")

    def metric(self, name: str) -> float:
        """The sum of a metric's samples on the worker's /metrics (0 when it has none)."""
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/metrics", timeout=5) as response:
            text = response.read().decode()
        return sum(sample.value for family in text_string_to_metric_families(text)
                   for sample in family.samples if sample.name == name)

    def check_alive(self) -> None:
        process = self._started()
        if process.poll() is not None:
            raise CommandError(f"{self.name} exited with {process.returncode}; see {self.log_path}")

    def memory(self) -> Memory | None:
        return process_memory(self.pid)

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.log.close()


def product_workers(settings: Settings, topics: RunTopics, count: int, partitions: int,
                    log_dir: Path) -> list[WorkerProcess]:
    """`count` real workers sharing one consumer group on the run's topics."""
    workers: list[WorkerProcess] = []
    for index in range(count):
        port = free_port()
        worker_settings = settings.replace(
            app_id=topics.app_id, topic_input=topics.input, topic_enriched=topics.enriched,
            topic_diplomacy=topics.diplomacy, topic_dlq=topics.dlq, partitions=partitions,
            metrics_port=port, metrics_bind="127.0.0.1", data_dir=str(log_dir / f"{topics.app_id}-{index}"),
            log_level="warning",
        )
        command = [sys.executable, "-m", "streams.cli", "worker"]
        log_path = log_dir / f"{topics.app_id}-worker-{index}.log"
        workers.append(WorkerProcess(f"worker {index}", command, worker_settings.to_environ(os.environ), port, log_path))
    return workers


def naive_worker(settings: Settings, topics: RunTopics, log_dir: Path) -> WorkerProcess:
    port = free_port()
    env = {
        **os.environ,
        "NAIVE_BOOTSTRAP": settings.kafka_bootstrap,
        "NAIVE_APP_ID": topics.app_id,
        "NAIVE_INPUT": topics.input,
        "NAIVE_OUTPUT": topics.enriched,
        "NAIVE_MODEL": settings.spacy_model,
        "NAIVE_WEB_PORT": str(port),
        "NAIVE_DATA_DIR": str(log_dir / topics.app_id),
    }
    command = [sys.executable, "-m", "streams.benchmark.naive_agent"]
    return WorkerProcess("naive worker", command, env, port, log_dir / f"{topics.app_id}-naive.log")


def wait_for_group(settings: Settings, group_id: str, members: int, workers: list[WorkerProcess], timeout: float) -> None:
    """Until the consumer group is Stable with every worker holding partitions: no rebalance in the measure."""
    deadline = time.monotonic() + timeout
    admin = admin_client(settings)
    try:
        while time.monotonic() < deadline:
            for worker in workers:
                worker.check_alive()
            try:
                group = admin.describe_groups([group_id]).get(group_id) or {}
            except KafkaError:  # e.g. no coordinator yet on a broker that just started
                group = {}
            joined = group.get("members") or []
            if group.get("group_state") == "Stable" and len(joined) == members and all(_holds_partitions(m) for m in joined):
                return
            time.sleep(0.5)
    finally:
        admin.close()
    raise CommandError(f"consumer group {group_id} did not settle with {members} members in {timeout:.0f}s")


def _holds_partitions(member: dict[str, Any]) -> bool:
    assignment = member.get("member_assignment")
    if not isinstance(assignment, dict):
        return True  # cannot tell: the Stable state is then the only evidence
    partitions = assignment.get("assigned_partitions") or assignment.get("partitions") or assignment.get("assignment")
    return bool(partitions) if partitions is not None else True
