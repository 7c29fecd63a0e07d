"""Read article messages from files, folders or stdin, the same way for `produce` and `enrich`.

.txt is one raw article, .json one JSON object (sent as written), .jsonl one
message per non-empty line. Folders are walked in sorted order.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from .errors import NewsstreamsError

SUFFIXES = (".txt", ".json", ".jsonl")


class InputError(NewsstreamsError, ValueError):
    pass


def iter_messages(paths: list[str]) -> Iterator[tuple[str, bytes]]:
    """(label, message bytes) for every article in the given paths, in order."""
    for name in paths:
        if name == "-":
            yield from _split("<stdin>", sys.stdin.buffer.read(), jsonl=False)
            continue
        path = Path(name)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in SUFFIXES)
            if not files:
                raise InputError(f"{name}: no .txt, .json or .jsonl files in this folder")
            for file in files:
                yield from _split(str(file), file.read_bytes(), jsonl=file.suffix == ".jsonl")
        elif path.is_file():
            yield from _split(str(path), path.read_bytes(), jsonl=path.suffix == ".jsonl")
        else:
            raise InputError(f"{name}: no such file or folder")


def _split(label: str, content: bytes, jsonl: bool) -> Iterator[tuple[str, bytes]]:
    if not jsonl:
        yield label, content
        return
    for number, line in enumerate(content.splitlines(), start=1):
        if line.strip():
            yield f"{label}:{number}", line.strip()
