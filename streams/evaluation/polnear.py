"""Read the PolNeAR corpus (brat standoff) from a path: article text and its attribution relations.

PolNeAR is not shipped with newsstreams (its text belongs to its publishers): users
point `newsstreams evaluate --polnear PATH` at their own copy, laid out as
`PATH/data/<split>/text/<name>.txt` (first line the headline, then the body) and
`PATH/data/<split>/attributions/<name>_<annotator>.ann`. Where an article has two
annotators, the first in sorted order is used, so every run reads the same labels.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..inputs import InputError

_RECORD = re.compile(r"^[TE]\d+\t")

SPLITS = ("train", "dev", "test")

Spans = tuple[tuple[int, int], ...]  # one or more (start, end) offsets into the article text


class PolnearError(InputError):
    """A PolNeAR folder that cannot be read as it stands."""


@dataclass(frozen=True)
class Relation:
    """One attribution: who (source), the cue, and what was attributed (content)."""

    content: Spans
    source: Spans = ()
    cue: Spans = ()


@dataclass(frozen=True)
class PolnearArticle:
    name: str
    split: str
    text: str
    relations: tuple[Relation, ...]

    @property
    def headline(self) -> str:
        return self.text.split("\n", 1)[0].strip()

    @property
    def body(self) -> str:
        parts = self.text.split("\n", 1)
        return parts[1] if len(parts) > 1 else ""

    def span_text(self, spans: Spans) -> str:
        return " ".join(self.text[start:end] for start, end in spans)

    def message(self) -> bytes:
        """The article as a JSON message, as a newsroom's producer would send it."""
        return json.dumps({"id": self.name, "headline": self.headline, "body": self.body}, ensure_ascii=False).encode()


def split_folder(root: Path | str, split: str) -> Path:
    root = Path(root)
    folder = root / "data" / split
    if not (folder / "text").is_dir():
        raise PolnearError(f"{root}: no PolNeAR split {split!r} (expected {folder}/text/*.txt)")
    return folder


def load_split(root: Path | str, split: str) -> list[PolnearArticle]:
    """Every article of one split, sorted by name, with its first annotator's relations."""
    folder = split_folder(root, split)
    annotations: dict[str, Path] = {}
    for path in sorted((folder / "attributions").glob("*.ann")):
        name = path.stem.rsplit("_", 1)[0]
        annotations.setdefault(name, path)
    articles = []
    for text_path in sorted((folder / "text").glob("*.txt")):
        text = text_path.read_text(encoding="utf-8")
        ann = annotations.get(text_path.stem)
        relations = parse_ann(ann.read_text(encoding="utf-8"), ann.name) if ann else ()
        articles.append(PolnearArticle(text_path.stem, split, text, relations))
    if not articles:
        raise PolnearError(f"{folder}/text holds no .txt articles")
    return articles


def parse_ann(content: str, label: str = "<ann>") -> tuple[Relation, ...]:
    """The attribution relations of one brat .ann file."""
    spans: dict[str, Spans] = {}
    events: list[dict[str, str]] = []
    for number, line in enumerate(content.splitlines(), start=1):
        if not _RECORD.match(line):
            continue  # a span's text may run over several lines: its continuation lines carry no ids
        fields = line.split("\t")
        try:
            if line.startswith("T"):
                kind_and_offsets = fields[1].split(" ", 1)[1]
                spans[fields[0]] = tuple(
                    (int(a), int(b)) for a, b in (part.split() for part in kind_and_offsets.split(";"))
                )
            elif line.startswith("E"):
                events.append(dict(arg.split(":", 1) for arg in fields[1].split()))
        except (IndexError, ValueError):
            raise PolnearError(f"{label}:{number}: not a brat span or event line") from None
    relations = []
    for event in events:
        quoted = spans.get(event.get("Content", ""))  # `content` is the file's text
        if not quoted:
            continue  # an attribution without content says nothing to score
        relations.append(Relation(quoted, spans.get(event.get("Source", ""), ()), spans.get(event.get("Cue", ""), ())))
    return tuple(relations)
