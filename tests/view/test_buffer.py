"""The view's story buffer: bounded, one entry per article id, newest first."""

import pytest

from streams.view.buffer import StoryBuffer


def story(story_id, **extra):
    return {"id": story_id, "body": f"body of {story_id}", "diplomacy": {"is_diplomacy": False}, **extra}


def ids(buffer):
    return [r["id"] for r in buffer.newest_first()]


def test_newest_first_by_kafka_timestamp_not_by_arrival():
    buffer = StoryBuffer(10)
    # Partitions are read one after another at start: arrival order is not story order.
    for story_id, ts in [("b", 200), ("a", 100), ("c", 300)]:
        assert buffer.add(story(story_id), ts)
    assert ids(buffer) == ["c", "b", "a"]


def test_bounded_the_oldest_go_first():
    buffer = StoryBuffer(3)
    for n in range(5):
        buffer.add(story(f"s{n}"), 1000 + n)
    assert len(buffer) == 3 and ids(buffer) == ["s4", "s3", "s2"]
    assert buffer.get("s0") is None


def test_a_story_older_than_a_full_buffer_is_not_news():
    buffer = StoryBuffer(2)
    buffer.add(story("new1"), 500)
    buffer.add(story("new2"), 600)
    assert buffer.add(story("ancient"), 1) is False
    assert ids(buffer) == ["new2", "new1"]


def test_the_same_record_twice_is_one_story_and_not_news():
    buffer = StoryBuffer(10)
    record = story("x")
    assert buffer.add(record, 100) is True
    assert buffer.add(dict(record), 101) is False  # the copy on the diplomacy topic
    assert len(buffer) == 1


def test_a_changed_record_replaces_the_old_one():
    buffer = StoryBuffer(10)
    buffer.add(story("x", headline="first"), 100)
    buffer.add(story("y"), 150)
    assert buffer.add(story("x", headline="second"), 200) is True
    assert buffer.get("x")["headline"] == "second"
    assert ids(buffer) == ["x", "y"]  # newer: it moves up
    assert buffer.add(story("x", headline="late copy"), 50) is True
    assert ids(buffer) == ["x", "y"] and buffer.get("x")["headline"] == "late copy"
    assert len(buffer) == 2


def test_equal_timestamps_keep_arrival_order():
    buffer = StoryBuffer(10)
    for story_id in "pqr":
        buffer.add(story(story_id), 100)
    assert ids(buffer) == ["r", "q", "p"]


def test_capacity_must_be_positive():
    with pytest.raises(ValueError):
        StoryBuffer(0)
