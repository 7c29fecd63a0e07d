"""Validate records against the published contract in schemas/."""

import json
from functools import lru_cache
from pathlib import Path

import jsonschema

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "schemas" / "enriched-article.schema.json"


@lru_cache(maxsize=1)
def _validator():
    schema = json.loads(SCHEMA_PATH.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def assert_valid_record(record: dict) -> None:
    errors = sorted(_validator().iter_errors(record), key=lambda e: list(e.path))
    assert not errors, "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
    for quote in record["quotes"]:
        field = record[quote["field"]]
        assert field[quote["start"]:quote["end"]] == quote["text"], quote
    for entity in record["entities"]:
        for mention in entity["mentions"]:
            assert record[mention["field"]][mention["start"]:mention["end"]] == mention["text"], mention
