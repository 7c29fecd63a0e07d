import pytest

from streams.articles.processing import MAX_OUTPUT_BYTES, _serialise
from streams.enrichment.errors import TooLarge


def test_a_record_is_serialised_to_key_and_json_value():
    key, value = _serialise({"id": "a-1", "body": "Text \u2019quoted\u2019."})
    assert key == b"a-1" and value.startswith(b"{") and "\u2019".encode() in value


def test_a_record_the_broker_would_refuse_is_too_large():
    with pytest.raises(TooLarge):
        _serialise({"id": "a-1", "body": "x" * MAX_OUTPUT_BYTES})


def test_a_lone_surrogate_cannot_slip_into_a_record():
    with pytest.raises(ValueError):  # UnicodeEncodeError: caught and dead-lettered by the processor
        _serialise({"id": "a-1", "body": "\ud800"})
