"""Load a labelled folder: its gold.jsonl lines and the message bytes of each article file."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..inputs import SUFFIXES, InputError, iter_messages
from .labels import ArticleLabels, GoldLineError, labels_from_gold_line

GOLD_FILE = "gold.jsonl"


class GoldError(InputError):
    """A labelled folder that cannot be evaluated as it stands."""


@dataclass(frozen=True)
class LabelledArticle:
    gold: ArticleLabels
    message: bytes  # exactly what `newsstreams produce` would send for this file


@dataclass(frozen=True)
class LabelledSet:
    name: str
    folder: Path
    articles: list[LabelledArticle]


def labelled_folders(root: Path) -> list[Path]:
    """Every folder directly under root that holds a gold.jsonl, sorted."""
    return sorted(p.parent for p in root.glob(f"*/{GOLD_FILE}"))


def load_labelled_set(folder: Path | str) -> LabelledSet:
    folder = Path(folder)
    gold_path = folder / GOLD_FILE
    if not gold_path.is_file():
        raise GoldError(f"{folder}: no {GOLD_FILE} in this folder")
    gold = _read_gold(gold_path)
    _check_every_file_is_labelled(folder, gold)
    articles = [LabelledArticle(gold=labels, message=_message_of(folder / labels.file)) for labels in gold]
    return LabelledSet(name=folder.name, folder=folder, articles=articles)


def _read_gold(path: Path) -> list[ArticleLabels]:
    gold: list[ArticleLabels] = []
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            labels = labels_from_gold_line(json.loads(line))
        except (json.JSONDecodeError, GoldLineError) as exc:
            raise GoldError(f"{path}:{number}: {exc}") from None
        if labels.file in seen:
            raise GoldError(f"{path}:{number}: {labels.file} is labelled twice")
        seen.add(labels.file)
        gold.append(labels)
    return gold


def _check_every_file_is_labelled(folder: Path, gold: list[ArticleLabels]) -> None:
    # An unlabelled article would silently drop out of the numbers; a missing one would crash later.
    on_disk = {p.name for p in folder.iterdir() if p.is_file() and p.suffix in SUFFIXES and p.name != GOLD_FILE}
    labelled = {labels.file for labels in gold}
    if on_disk - labelled:
        raise GoldError(f"{folder}: files without a gold line: {', '.join(sorted(on_disk - labelled))}")
    if labelled - on_disk:
        raise GoldError(f"{folder}: gold lines for missing files: {', '.join(sorted(labelled - on_disk))}")


def _message_of(path: Path) -> bytes:
    # Read through iter_messages so evaluation sees the same bytes as `produce` and `enrich`.
    messages = list(iter_messages([str(path)]))
    if len(messages) != 1:
        raise GoldError(f"{path}: a labelled file must hold exactly one article, found {len(messages)}")
    return messages[0][1]
