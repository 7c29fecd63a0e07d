"""The readiness answer for each state of group membership (the real group is in tests/integration)."""

from collections import namedtuple

from streams.observability.health import GroupMembership

TP = namedtuple("TP", "topic partition")


def membership():
    return GroupMembership(group="newsstreams", topic="articles")


def test_before_any_assignment_it_is_joining():
    status, body = membership().readiness(rebalancing=False)
    assert (status, body["ready"], body["reason"]) == (503, False, "joining")


def test_partitions_of_the_input_topic_make_it_ready():
    state = membership()
    state.assigned({TP("articles", 3), TP("articles", 1), TP("newsstreams-__assignor-__leader", 0)})
    status, body = state.readiness(rebalancing=False)
    assert (status, body["ready"], body["partitions"]) == (200, True, [1, 3])


def test_an_empty_assignment_says_the_group_has_no_partitions_for_it():
    state = membership()
    state.assigned(set())
    status, body = state.readiness(rebalancing=False)
    assert (status, body["reason"]) == (503, "no_partitions")
    assert "newsstreams" in body["detail"] and "articles" in body["detail"]


def test_only_other_topics_assigned_is_no_partitions_too():
    state = membership()
    state.assigned({TP("newsstreams-__assignor-__leader", 0)})
    assert state.readiness(rebalancing=False)[1]["reason"] == "no_partitions"


def test_a_rebalance_in_progress_is_not_ready_even_with_partitions():
    state = membership()
    state.assigned({TP("articles", 0)})
    status, body = state.readiness(rebalancing=True)
    assert (status, body["reason"], body["partitions"]) == (503, "rebalancing", [0])
