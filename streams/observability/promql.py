"""Pull the metric names out of PromQL expressions.

Good enough for the expressions this project writes (dashboards, alerts):
it lets a test prove that every metric they query is one the worker exports,
so renaming a metric without updating a query fails the build.
"""

from __future__ import annotations

import re

_STRING = re.compile(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'')
_LABEL_MATCHERS = re.compile(r"\{[^}]*\}")
_RANGE_OR_SUBQUERY = re.compile(r"\[[^\]]*\]")
# `by (topic, le)` and friends list label names, not metrics.
_LABEL_LIST = re.compile(
    r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", re.IGNORECASE
)
_OFFSET = re.compile(r"\boffset\s+-?\w+", re.IGNORECASE)
_IDENTIFIER = re.compile(r"(?<![\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?")
_KEYWORDS = {
    "and", "or", "unless", "bool", "by", "without", "on", "ignoring",
    "group_left", "group_right", "offset", "inf", "nan",
}


def metric_names(expr: str) -> set[str]:
    """Metric names selected in a PromQL expression."""
    text = _STRING.sub(" ", expr)
    text = _LABEL_MATCHERS.sub(" ", text)
    text = _RANGE_OR_SUBQUERY.sub(" ", text)
    text = _LABEL_LIST.sub(" ", text)
    text = _OFFSET.sub(" ", text)
    names = set()
    for match in _IDENTIFIER.finditer(text):
        name, called = match.group(1), match.group(2)
        if called or name.lower() in _KEYWORDS:
            continue
        names.add(name)
    return names
