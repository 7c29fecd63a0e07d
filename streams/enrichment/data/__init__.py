"""Lexicons and tables the enrichment reads: data, not code, so they can be reviewed and extended."""

import json
from functools import cache
from importlib import resources


@cache
def load(name: str) -> dict:
    return json.loads(resources.files(__package__).joinpath(name).read_text(encoding="utf-8"))
