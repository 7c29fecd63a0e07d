"""The comparable shape of one article's labels, whether hand-made or predicted.

Gold lines and enriched records both become ArticleLabels, so the scoring
never needs to know where the labels came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

QUOTE_TYPES = ("direct", "partial", "term")
# Direct and partial quotes are words someone said; a term is a scare-quoted
# phrase with no speaker, so it is scored on its own line.
SPEECH_TYPES = ("direct", "partial")


@dataclass(frozen=True)
class QuoteLabel:
    text: str
    type: str
    speaker: str | None = None

    @property
    def is_speech(self) -> bool:
        return self.type in SPEECH_TYPES


@dataclass(frozen=True)
class ArticleLabels:
    file: str
    is_diplomacy: bool = False
    countries: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    quotes: tuple[QuoteLabel, ...] = ()
    notes: str = field(default="", compare=False)


class GoldLineError(ValueError):
    """A gold.jsonl line that does not have the agreed shape."""


def labels_from_gold_line(line: dict[str, Any]) -> ArticleLabels:
    try:
        quotes = tuple(
            QuoteLabel(text=q["text"], type=q["type"], speaker=q.get("speaker")) for q in line.get("quotes", [])
        )
        labels = ArticleLabels(
            file=line["file"],
            is_diplomacy=bool(line["is_diplomacy"]),
            countries=tuple(line.get("countries", [])),
            people=tuple(line.get("people", [])),
            quotes=quotes,
            notes=line.get("notes", ""),
        )
    except (KeyError, TypeError) as exc:
        raise GoldLineError(f"missing or malformed field {exc}") from None
    for quote in quotes:
        if quote.type not in QUOTE_TYPES:
            raise GoldLineError(f"quote type {quote.type!r} is not one of {', '.join(QUOTE_TYPES)}")
    return labels


def labels_from_record(file: str, record: dict[str, Any]) -> ArticleLabels:
    """What the enrichment predicted, read from one enriched record."""
    return ArticleLabels(
        file=file,
        is_diplomacy=bool(record["diplomacy"]["is_diplomacy"]),
        countries=tuple(record.get("countries", [])),
        people=tuple(record.get("people", [])),
        quotes=tuple(
            QuoteLabel(text=q["text"], type=q["type"], speaker=q.get("speaker")) for q in record.get("quotes", [])
        ),
    )


def no_prediction(file: str) -> ArticleLabels:
    """Stands in for an article the enrichment rejected: it predicted nothing."""
    return ArticleLabels(file=file)
