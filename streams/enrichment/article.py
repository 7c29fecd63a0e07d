"""Turn the bytes of one input message into an Article, or say clearly why not.

Two input forms are accepted: a JSON object with the fields below, or plain
text pasted from a wire story (dateline line in capitals, headline, body
paragraphs, a source line in capitals, then maybe page furniture that is not
part of the story). Page furniture inside the body is taken out by `furniture`.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from . import furniture
from .errors import EmptyBody, InvalidEncoding, InvalidJson, InvalidShape, TooLarge

MAX_HEADLINE_CHARS = 1_000
# The short fields are copied into every output record (the id also as its key): keep them short.
FIELD_LIMITS = {"id": 256, "dateline": 200, "source": 200, "url": 2_048, "language": 35, "published_at": 64}
JSON_FIELDS = ("id", "headline", "body", "dateline", "source", "published_at", "url", "language")
# Characters that carry no text and confuse tokenisation: C0/C1 controls other than
# tab/newline, and the bidi embedding/override/isolate marks.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")


@dataclass(frozen=True)
class Article:
    id: str
    headline: str
    body: str
    dateline: str | None = None
    source: str | None = None
    published_at: str | None = None
    url: str | None = None
    language: str | None = None
    input_format: str = "text"  # "text" or "json"

    @property
    def analysed_text(self) -> str:
        """Headline, blank line, body: the only parts analysed (never dateline or page furniture)."""
        return f"{self.headline}\n\n{self.body}" if self.headline else self.body

    @property
    def body_offset(self) -> int:
        """Where the body starts in the analysed text."""
        return len(self.headline) + 2 if self.headline else 0


def decode_article(raw: bytes | None, max_body_chars: int = 200_000) -> Article:
    """Decode, parse and validate one message value."""
    if raw is None or len(raw) == 0:
        raise EmptyBody("message value is empty")
    if len(raw) > max_body_chars * 4 + 65_536:
        raise TooLarge(f"message is {len(raw)} bytes; the limit is about {max_body_chars} characters of body")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidEncoding(f"not valid UTF-8: byte 0x{raw[exc.start]:02x} at position {exc.start}") from None
    text = text.lstrip("\ufeff")
    if text.lstrip()[:1] in ("{", "["):
        article = _from_json(text)
    else:
        article = _from_wire_text(text)
    if len(article.body) > max_body_chars:
        raise TooLarge(f"body has {len(article.body)} characters; the limit is {max_body_chars}")
    return article


def _from_json(text: str) -> Article:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidJson(f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:  # the C decoder refuses absurd nesting this way
        raise InvalidShape("JSON nested too deeply") from None
    if not isinstance(obj, dict):
        raise InvalidShape(f"expected a JSON object, got a JSON {type(obj).__name__.replace('dict', 'object')}")
    for name in JSON_FIELDS:
        value = obj.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise InvalidShape(f"field {name!r} must be a string, got {type(value).__name__}")
        if name in FIELD_LIMITS and len(value) > FIELD_LIMITS[name]:
            raise TooLarge(f"field {name!r} has {len(value)} characters; the limit is {FIELD_LIMITS[name]}")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate escape such as "\ud800" is valid JSON, not text
            raise InvalidEncoding(f"field {name!r} holds a lone surrogate escape, which is not text") from None
    if "body" not in obj or obj["body"] is None:
        raise InvalidShape("field 'body' is missing")
    body = _clean_body(obj["body"])
    if not body:
        raise EmptyBody("field 'body' is empty")
    headline = clean_line(obj.get("headline") or "")
    if len(headline) > MAX_HEADLINE_CHARS:
        raise TooLarge(f"headline has {len(headline)} characters; the limit is {MAX_HEADLINE_CHARS}")
    published_at = _valid_timestamp(obj.get("published_at"))
    given_id = (obj.get("id") or "").strip()
    return Article(
        id=given_id or stable_id(headline + "\n" + body),
        headline=headline,
        body=body,
        dateline=clean_line(obj.get("dateline") or "") or None,
        source=clean_line(obj.get("source") or "") or None,
        published_at=published_at,
        url=(obj.get("url") or "").strip() or None,
        language=(obj.get("language") or "").strip() or None,
        input_format="json",
    )


def _from_wire_text(text: str) -> Article:
    lines = [clean_line(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        raise EmptyBody("message holds only whitespace")
    dateline = None
    if len(lines) > 1 and _looks_like_dateline(lines[0]):
        dateline = lines.pop(0).rstrip(" -\u2014\u2013:")
    headline = ""
    if len(lines) > 1 and _looks_like_headline(lines[0]):
        headline = lines.pop(0)
    body_lines, source = _split_off_trailer(lines)
    body = "\n".join(body_lines)
    if not body:
        raise EmptyBody("no body paragraphs after the dateline and headline")
    return Article(
        id=stable_id(text),
        headline=headline,
        body=body,
        dateline=dateline,
        source=source,
        input_format="text",
    )


def _split_off_trailer(lines: list[str]) -> tuple[list[str], str | None]:
    """Body paragraphs up to the source line, page furniture taken out."""
    whole = furniture.clean(lines)
    # A source line comes before the trailer (capitals after it are a byline); the first
    # paragraph is always story; "ADVERTISEMENT" looks like a source line but is furniture.
    for index in range(1, whole.end):
        if _looks_like_source_line(lines[index]) and furniture.kind_of(lines[index]) is None:
            return furniture.clean(lines[:index]).lines, lines[index]
    return whole.lines, None


def _letters(line: str) -> str:
    return "".join(ch for ch in line if ch.isalpha())


def _mostly_capitals(line: str) -> bool:
    letters = _letters(line)
    return len(letters) >= 2 and sum(ch.isupper() for ch in letters) >= 0.85 * len(letters)


def _looks_like_dateline(line: str) -> bool:
    # "MOSCOW", "WASHINGTON, D.C. --", "KYIV, Ukraine (AP) —"
    head = re.split(r"[,(\u2014\u2013]| -", line, maxsplit=1)[0]
    return len(line) <= 60 and _mostly_capitals(head) and not line.rstrip().endswith((".", "?", "!"))


def _looks_like_headline(line: str) -> bool:
    return len(line) <= 250 and not _looks_like_source_line(line)


def _looks_like_source_line(line: str) -> bool:
    # "NEW YORK TIMES", "ASSOCIATED PRESS", "REUTERS": short, all capitals, no sentence.
    return len(line) <= 60 and len(line.split()) <= 6 and _mostly_capitals(line) and not line.endswith((".", "?", "!"))


# Archive text (the New York Times' among them) writes a double quotation mark as two
# apostrophes: ''We are ready,'' she said. Read as one straight double mark, its quotes are found.
TWO_APOSTROPHES = "''"


def clean_line(line: str) -> str:
    """One line as the enrichment sees it: invisible characters out, NFC, two apostrophes read
    as a double quotation mark, spaces collapsed."""
    line = unicodedata.normalize("NFC", _INVISIBLE.sub("", line)).replace(TWO_APOSTROPHES, '"')
    return re.sub(r"[ \t\u00a0]+", " ", line).strip()


def _clean_body(body: str) -> str:
    paragraphs = [clean_line(p) for p in body.splitlines()]
    return "\n".join(furniture.clean([p for p in paragraphs if p]).lines)


def _valid_timestamp(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    candidate = value.strip()
    try:
        parsed = datetime.fromisoformat(candidate.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidShape(f"published_at {candidate[:40]!r} is not an ISO 8601 date-time") from None
    if not 1800 <= parsed.year <= 2200:
        raise InvalidShape(f"published_at year {parsed.year} is out of range")
    return candidate


def stable_id(text: str) -> str:
    """Same article text, same id: NFC, whitespace collapsed, case kept."""
    normalized = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()[:20]
