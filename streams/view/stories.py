"""What the page gets as JSON: story summaries, a story cut into marked runs, filters and facets.

Offsets in a record are Python code-point indices; JavaScript strings count UTF-16 units, so
the cutting happens here and the page only ever receives plain strings to put in text nodes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlsplit

import pycountry

ENTITY_KINDS = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT")
SPEAKER_COLOURS = 8  # the stylesheet has .speaker-0 ... .speaker-7
TOP_PEOPLE = 4
# Bidi controls would reorder the text around them (the "Trojan Source" trick), other C0
# controls are invisible: both are shown as their code point instead of acting.
_HIDDEN = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\x00-\x08\x0b-\x1f\x7f]")


def visible(text: str | None) -> str | None:
    if text is None:
        return None
    return _HIDDEN.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    if not country:
        return code
    name = getattr(country, "common_name", None) or getattr(country, "name", code)
    return cast(str, name)  # pycountry's fields are str; getattr with a default loses that


def safe_url(url: str | None) -> str | None:
    """Only http(s) links reach the page: a javascript: or data: URL is dropped, not escaped."""
    if not url or not isinstance(url, str):
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def summary(record: dict[str, Any]) -> dict[str, Any]:
    dip = record["diplomacy"]
    return {
        "id": record["id"],
        "headline": visible(record.get("headline") or record["body"][:120]),
        "source": visible(record.get("source")),
        "dateline": visible(record.get("dateline")),
        "published_at": visible(record.get("published_at")),
        "url": safe_url(record.get("url")),
        "route": "diplomacy" if dip["is_diplomacy"] else "general",
        "score": round(float(dip["score"]), 2),
        "countries": [{"code": c, "name": country_name(c)} for c in record.get("countries", [])],
        "people": [visible(p) for p in record.get("people", [])[:TOP_PEOPLE]],
        "quotes": len(record.get("quotes", [])),
    }


def detail(record: dict[str, Any]) -> dict[str, Any]:
    quotes = record.get("quotes", [])
    colours: dict[str, int] = {}
    for quote in quotes:
        if quote.get("speaker") and quote["speaker"] not in colours:
            colours[quote["speaker"]] = len(colours) % SPEAKER_COLOURS
    shaped_quotes = [
        {
            "text": visible(q["text"]),
            "type": q["type"],
            "speaker": visible(q.get("speaker")),
            "cue": visible(q.get("cue")),
            "colour": colours.get(q.get("speaker")) if q.get("speaker") else None,
            # Scare quotes ("strategic framework") are terms nobody said; others without a speaker are unattributed.
            "label": visible(q["speaker"]) if q.get("speaker") else ("term" if q["type"] == "term" else "unattributed"),
        }
        for q in quotes
    ]
    dip = record["diplomacy"]
    return {
        **summary(record),
        "threshold": dip.get("threshold"),
        "signals": [
            {"text": visible(s[len("against:"):].strip()), "against": True} if s.startswith("against:")
            else {"text": visible(s), "against": False}
            for s in dip.get("signals", [])
        ],
        "quote_list": shaped_quotes,
        "statement_list": [_statement(st) for st in record.get("statements", [])],
        "speakers": [{"name": visible(name), "colour": c} for name, c in colours.items()],
        "all_people": [visible(p) for p in record.get("people", [])],
        "headline_runs": runs(record.get("headline") or "", "headline", record),
        "body_runs": runs(record["body"], "body", record),
    }


def _statement(statement: dict[str, Any]) -> dict[str, Any]:
    """What a source is reported to have said, labelled by who (or what kind of source) said it."""
    who = statement.get("speaker") or statement.get("speaker_text")
    return {
        "text": visible(statement["text"]),
        "label": visible(who) if who else "unnamed source",
        "kind": statement.get("speaker_kind") or "none",
        "cue": visible(statement.get("cue")),
    }


def runs(text: str, field: str, record: dict[str, Any]) -> list[dict[str, Any]]:
    """`text` as consecutive groups [{quote: index|None, parts: [{text, entity, name}]}].

    A group is one quote (or the text between quotes); its parts are the entity mentions and
    the plain text inside it. A span overlapping one already placed is left out rather than nested wrong.
    """
    n = len(text)
    quote_at: list[int | None] = [None] * n
    for index, quote in enumerate(record.get("quotes", [])):
        start, end = max(0, quote["start"]), min(n, quote["end"])
        if quote.get("field") == field and start < end and all(q is None for q in quote_at[start:end]):
            quote_at[start:end] = [index] * (end - start)
    mention_at: list[int | None] = [None] * n  # a number per mention, so adjacent mentions stay apart
    mention_entity: list[dict[str, Any]] = []
    for entity in record.get("entities", []):
        for mention in entity.get("mentions", []):
            start, end = max(0, mention.get("start", 0)), min(n, mention.get("end", 0))
            if mention.get("field") != field or start >= end or any(m is not None for m in mention_at[start:end]):
                continue
            if len(set(quote_at[start:end])) != 1:
                continue  # crosses a quote's edge: it would split across groups
            mention_at[start:end] = [len(mention_entity)] * (end - start)
            mention_entity.append(entity)
    groups: list[dict[str, Any]] = []
    i = 0
    while i < n:
        j = i + 1
        while j < n and quote_at[j] == quote_at[i] and mention_at[j] == mention_at[i]:
            j += 1
        part = {"text": visible(text[i:j]), "entity": None, "name": None}
        at = mention_at[i]
        if at is not None:
            entity = mention_entity[at]
            label = entity.get("label", "")
            part.update(entity=label if label in ENTITY_KINDS else "OTHER", name=visible(entity.get("canonical")))
        if not groups or groups[-1]["quote"] != quote_at[i]:
            groups.append({"quote": quote_at[i], "parts": []})
        groups[-1]["parts"].append(part)
        i = j
    return groups


@dataclass(frozen=True)
class Query:
    diplomacy_only: bool = False
    country: str = ""
    person: str = ""
    text: str = ""
    limit: int = 200

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> Query:
        try:
            limit = int(params.get("limit", 200))
        except ValueError:
            limit = 200
        return cls(
            diplomacy_only=params.get("diplomacy", "").lower() in ("1", "true", "on", "yes"),
            country=params.get("country", "").strip().upper(),
            person=params.get("person", "").strip(),
            text=params.get("q", "").strip(),
            limit=max(1, min(limit, 1000)),
        )

    def matches(self, record: dict[str, Any]) -> bool:
        if self.diplomacy_only and not record["diplomacy"]["is_diplomacy"]:
            return False
        if self.country and self.country not in record.get("countries", []):
            return False
        if self.person and self.person not in record.get("people", []):
            return False
        if self.text:
            haystack = " ".join(
                str(record.get(k) or "") for k in ("headline", "body", "source", "dateline")
            ) + " " + " ".join(record.get("people", []))
            return all(word in haystack.casefold() for word in self.text.casefold().split())
        return True


def select(records: list[dict[str, Any]], query: Query) -> list[dict[str, Any]]:
    """The summaries of the records the query keeps, in the order given (newest first)."""
    return [summary(r) for r in records if query.matches(r)][: query.limit]


def facets(records: list[dict[str, Any]], people: int = 60) -> dict[str, Any]:
    """The choices for the country and person filters, most frequent first."""
    countries = Counter(c for r in records for c in r.get("countries", []))
    named = Counter(p for r in records for p in r.get("people", []))
    return {
        "countries": [{"code": c, "name": country_name(c), "stories": k} for c, k in countries.most_common()],
        "people": [{"name": visible(p), "value": p, "stories": k} for p, k in named.most_common(people)],
    }
