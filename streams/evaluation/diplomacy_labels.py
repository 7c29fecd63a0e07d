"""Our diplomacy labels for PolNeAR articles: ids and labels only (eval/polnear/diplomacy.tsv).

The convention they follow is written beside them (eval/polnear/DIPLOMACY.md). The file
names each article by split and file name, so the labels apply to anyone's copy of the
corpus without carrying its text.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from .polnear import PolnearError

DEFAULT_LABELS = Path("eval/polnear/diplomacy.tsv")
COLUMNS = ("split", "name", "diplomacy", "countries", "borderline", "kind")


@dataclass(frozen=True)
class DiplomacyLabel:
    split: str
    name: str
    is_diplomacy: bool
    countries: tuple[str, ...]
    borderline: bool
    kind: str


def load_labels(path: Path | str) -> dict[tuple[str, str], DiplomacyLabel]:
    """(split, name) -> label; a malformed row is an error that names its line."""
    path = Path(path)
    if not path.is_file():
        raise PolnearError(f"{path}: no diplomacy labels here (pass --diplomacy-labels PATH)")
    labels: dict[tuple[str, str], DiplomacyLabel] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise PolnearError(f"{path}: expected the columns {', '.join(COLUMNS)}")
        for line, row in enumerate(reader, start=2):
            if row["diplomacy"] not in ("0", "1") or row["borderline"] not in ("0", "1"):
                raise PolnearError(f"{path}:{line}: diplomacy and borderline must be 0 or 1")
            key = (row["split"], row["name"])
            if key in labels:
                raise PolnearError(f"{path}:{line}: {row['split']}/{row['name']} is labelled twice")
            labels[key] = DiplomacyLabel(
                split=row["split"], name=row["name"], is_diplomacy=row["diplomacy"] == "1",
                countries=tuple(c for c in row["countries"].split(";") if c),
                borderline=row["borderline"] == "1", kind=row["kind"],
            )
    return labels
