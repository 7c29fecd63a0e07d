"""Every key of every data file is read by the code: a lexicon nobody reads is a rule nobody applies."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "streams"
DATA = PACKAGE / "enrichment" / "data"
CODE = "\n".join(path.read_text(encoding="utf-8") for path in PACKAGE.rglob("*.py"))
DATA_FILES = sorted(DATA.glob("*.json"))
NOT_READ_BY_DESIGN = {"_comment"}  # a file's note to the people who edit it


def _named_in_code(key: str) -> bool:
    return f'"{key}"' in CODE or f"'{key}'" in CODE


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_the_file_is_loaded_by_name(path):
    assert _named_in_code(path.name), f"nothing loads {path.name}"


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_every_top_level_key_is_read(path):
    content = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(content, dict), path.name
    unread = [key for key in content if key not in NOT_READ_BY_DESIGN and not _named_in_code(key)]
    assert not unread, f"{path.name}: no code reads {unread}"


def test_the_check_notices_an_unread_key():
    assert not _named_in_code("a key no module names " + "anywhere")
