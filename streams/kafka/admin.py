"""Create and list the service's topics with kafka-python's admin client."""

from __future__ import annotations

from kafka import KafkaAdminClient
from kafka.admin import NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError

from ..settings import Settings
from .clients import BrokerUnreachable, client_options, describe_failure


def admin_client(settings: Settings, timeout_s: float = 15.0) -> KafkaAdminClient:
    try:
        return KafkaAdminClient(request_timeout_ms=int(timeout_s * 1000), **client_options(settings))
    except Exception as exc:  # NoBrokersAvailable, auth and TLS failures all end here
        raise BrokerUnreachable(describe_failure(settings, exc)) from None


def ensure_topics(settings: Settings, topics: list[str] | None = None) -> list[str]:
    """Create whichever of the service's topics are missing; return the ones created."""
    wanted = topics or settings.all_topics
    admin = admin_client(settings)
    try:
        existing = set(admin.list_topics())
        missing = [t for t in wanted if t not in existing]
        if not missing:
            return []
        new = [NewTopic(t, settings.partitions, settings.replication_factor) for t in missing]
        try:
            admin.create_topics(new)
        except TopicAlreadyExistsError:
            pass  # another worker created them a moment ago
        except KafkaError as exc:
            if "TOPIC_ALREADY_EXISTS" not in str(exc).upper().replace(" ", "_"):
                # e.g. an ACL that lets this user in but not create topics
                raise BrokerUnreachable(f"cannot create topics {', '.join(missing)}: {type(exc).__name__}: {exc}") from None
        return missing
    finally:
        admin.close()


def describe_topics(settings: Settings) -> list[tuple[str, int]]:
    """(topic, partitions) for every non-internal topic on the cluster."""
    admin = admin_client(settings)
    try:
        names = sorted(t for t in admin.list_topics() if not t.startswith("__"))
        described = admin.describe_topics(names) if names else []
        return [(d.get("name") or d.get("topic"), len(d["partitions"])) for d in described]
    finally:
        admin.close()
