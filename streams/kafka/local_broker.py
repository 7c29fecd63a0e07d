"""The local Apache Kafka of a checkout (deploy/kafka/local-kafka.sh): find it, start it when nothing answers.

Only `demo` and `bench` start a broker, and only on this machine's loopback address:
anywhere else a missing broker is the operator's to fix, and we say so.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from ..errors import CommandError
from ..host import cache_dir, port_answers
from ..settings import Settings
from .admin import admin_client
from .clients import BrokerUnreachable

LOCAL_HOSTS = ("127.0.0.1", "localhost")
# Where a checkout keeps the script; an installed package has no deploy/ folder.
CHECKOUT_SCRIPT = Path(__file__).resolve().parents[2] / "deploy" / "kafka" / "local-kafka.sh"


def local_kafka_script() -> Path:
    """$NEWSSTREAMS_LOCAL_KAFKA, else the checkout's script; a clear error when neither exists."""
    script = Path(os.environ.get("NEWSSTREAMS_LOCAL_KAFKA") or CHECKOUT_SCRIPT)
    if not script.is_file():
        raise CommandError(
            f"no local Kafka script at {script} (an installed package carries none): start a broker and set "
            "NEWSSTREAMS_KAFKA_BOOTSTRAP, or point NEWSSTREAMS_LOCAL_KAFKA at deploy/kafka/local-kafka.sh"
        )
    return script


def first_port(settings: Settings) -> int:
    return int(settings.bootstrap_servers[0].rpartition(":")[2])


def ensure_local_broker(settings: Settings) -> bool:
    """Use the configured broker; start the local one when it is on loopback and nothing answers.

    True when this call started it (the caller stops it). A broker that answers but
    refuses us (credentials, TLS) is reported, never replaced by a local one.
    """
    try:
        admin_client(settings, timeout_s=5).close()
        return False
    except BrokerUnreachable:
        host = settings.bootstrap_servers[0].rpartition(":")[0]
        if host not in LOCAL_HOSTS or len(settings.bootstrap_servers) > 1:
            raise
        if port_answers(first_port(settings)):
            raise
    print(f"no broker at {settings.kafka_bootstrap}; starting the local one ({local_kafka_script().name})", flush=True)
    start_local_broker(first_port(settings))
    return True


def start_local_broker(port: int) -> None:
    """Start the local script's broker on this port; CommandError when it does not come up."""
    if subprocess.run([str(local_kafka_script()), "start"], env=_script_env(port)).returncode != 0:
        raise CommandError("the local Kafka broker did not start (needs Java 17+ and Maven; see its log)")


def stop_local_broker(port: int) -> None:
    subprocess.run([str(local_kafka_script()), "stop"], check=False, env=_script_env(port))


def local_broker_pid(port: int) -> int | None:
    """The local script's broker JVM on that port, when it runs (its CPU is part of a benchmark)."""
    try:
        pid = int(cache_dir(f"kafka-run-{port}", "kafka.pid").read_text().strip())
    except (OSError, ValueError):
        return None
    return pid if Path(f"/proc/{pid}").exists() else None


def _script_env(port: int) -> dict[str, str]:
    return {**os.environ, "KAFKA_PORT": str(port)}
