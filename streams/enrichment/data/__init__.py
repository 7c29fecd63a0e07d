"""Lexicons and tables the enrichment reads: data, not code, so they can be reviewed and extended."""

import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    return json.loads(resources.files(__package__).joinpath(name).read_text(encoding="utf-8"))


def boilerplate() -> dict:
    return _boilerplate()


@lru_cache(maxsize=None)
def _boilerplate() -> dict:
    raw = load("boilerplate.json")
    return {"exact_lines": frozenset(raw["exact_lines"]), "line_prefixes": tuple(raw["line_prefixes"])}
