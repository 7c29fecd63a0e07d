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
# Who a statement (reported speech outside quotation marks) is attributed to;
# see eval/data/STATEMENTS.md. Only person speakers have a canonical name to score.
SPEAKER_KINDS = ("person", "organisation", "country", "anonymous")


@dataclass(frozen=True)
class QuoteLabel:
    text: str
    type: str
    speaker: str | None = None

    @property
    def is_speech(self) -> bool:
        return self.type in SPEECH_TYPES


@dataclass(frozen=True)
class StatementLabel:
    text: str
    speaker: str | None = None
    speaker_kind: str = "anonymous"
    cue: str = ""


@dataclass(frozen=True)
class ArticleLabels:
    file: str
    is_diplomacy: bool = False
    countries: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    quotes: tuple[QuoteLabel, ...] = ()
    statements: tuple[StatementLabel, ...] = ()
    # False for a gold line written before statements were labelled: its empty
    # list means "not labelled", not "no statements", so scoring skips it.
    # Metadata like notes, hence left out of equality.
    statements_labelled: bool = field(default=False, compare=False)
    notes: str = field(default="", compare=False)


class GoldLineError(ValueError):
    """A gold.jsonl line that does not have the agreed shape."""


def labels_from_gold_line(line: dict[str, Any]) -> ArticleLabels:
    try:
        quotes = tuple(
            QuoteLabel(text=q["text"], type=q["type"], speaker=q.get("speaker")) for q in line.get("quotes", [])
        )
        statements = tuple(_statement_from_gold(item) for item in line.get("statements", []))
        labels = ArticleLabels(
            file=line["file"],
            is_diplomacy=bool(line["is_diplomacy"]),
            countries=tuple(line.get("countries", [])),
            people=tuple(line.get("people", [])),
            quotes=quotes,
            statements=statements,
            statements_labelled="statements" in line,
            notes=line.get("notes", ""),
        )
    except (KeyError, TypeError) as exc:
        raise GoldLineError(f"missing or malformed field {exc}") from None
    for quote in quotes:
        if quote.type not in QUOTE_TYPES:
            raise GoldLineError(f"quote type {quote.type!r} is not one of {', '.join(QUOTE_TYPES)}")
    for statement in statements:
        if statement.speaker_kind not in SPEAKER_KINDS:
            raise GoldLineError(
                f"statement speaker_kind {statement.speaker_kind!r} is not one of {', '.join(SPEAKER_KINDS)}"
            )
    return labels


def _statement_from_gold(item: dict[str, Any]) -> StatementLabel:
    # Hand labels must say everything; a missing key is a labelling slip, not a default.
    return StatementLabel(text=item["text"], speaker=item["speaker"], speaker_kind=item["speaker_kind"], cue=item["cue"])


def _statement_from_record(item: dict[str, Any]) -> StatementLabel:
    return StatementLabel(
        text=item["text"],
        speaker=item.get("speaker"),
        speaker_kind=item.get("speaker_kind", "anonymous"),
        cue=item.get("cue", ""),
    )


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
        statements=tuple(_statement_from_record(item) for item in record.get("statements", [])),
        statements_labelled=True,
    )


def no_prediction(file: str) -> ArticleLabels:
    """Stands in for an article the enrichment rejected: it predicted nothing."""
    return ArticleLabels(file=file)
