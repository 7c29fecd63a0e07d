"""The small shared helpers: free ports, the cache folder, record timestamps, the local broker's script."""

from __future__ import annotations

import socket

import pytest

from streams.clock import iso_ms, now_iso_ms
from streams.errors import CommandError
from streams.host import cache_dir, free_port, port_answers
from streams.kafka import local_broker


def test_a_free_port_is_free_until_something_listens_on_it():
    port = free_port()
    assert not port_answers(port, timeout=0.2)
    with socket.socket() as server:
        server.bind(("127.0.0.1", port))
        server.listen()
        assert port_answers(port, timeout=0.2)


def test_the_cache_folder_follows_the_same_rule_as_the_local_kafka_script(monkeypatch, tmp_path):
    monkeypatch.delenv("NEWSSTREAMS_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir("faust", "app") == tmp_path / "xdg" / "newsstreams" / "faust" / "app"
    monkeypatch.setenv("NEWSSTREAMS_CACHE", str(tmp_path / "own"))
    assert cache_dir("kafka-run-9092") == tmp_path / "own" / "kafka-run-9092"


def test_record_timestamps_are_utc_to_the_millisecond():
    assert iso_ms(1_700_000_000.1234) == "2023-11-14T22:13:20.123+00:00"
    assert iso_ms(None) is None
    assert now_iso_ms().endswith("+00:00")


def test_the_checkout_carries_the_local_kafka_script():
    assert local_broker.local_kafka_script() == local_broker.CHECKOUT_SCRIPT


def test_without_the_script_the_error_says_what_to_do(monkeypatch, tmp_path):
    monkeypatch.setenv("NEWSSTREAMS_LOCAL_KAFKA", str(tmp_path / "missing.sh"))
    with pytest.raises(CommandError, match="NEWSSTREAMS_KAFKA_BOOTSTRAP"):
        local_broker.local_kafka_script()
