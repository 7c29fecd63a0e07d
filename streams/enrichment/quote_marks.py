"""Find quotations in plain text by their marks: no NLP, just the typography of news copy.

Handles straight and typographic marks, single quotes nested in double ones,
apostrophes that are not quotes ("Kremlin's", "dot the I's", "rock 'n' roll",
"the '90s"), newswire multi-paragraph quotes (an opening mark on every
paragraph, one closing mark at the end), and unbalanced marks, which are
dropped rather than allowed to swallow the rest of the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE_OPEN = "\u201c\u201e"  # “ „
DOUBLE_CLOSE = "\u201d"  # ”
SINGLE_OPEN = "\u2018"  # ‘
SINGLE_CLOSE = "\u2019"  # ’ (also the typographic apostrophe)
STRAIGHT_DOUBLE = '"'
STRAIGHT_SINGLE = "'"
OPENING_CONTEXT = " \t\n([{\u2014\u2013-/:;,\u00a0"
# Words that begin with an elided letter: the mark before them is an apostrophe.
_ELISIONS = re.compile(r"(?:n'|n\u2019|em\b|til\b|tis\b|twas\b|cause\b|bout\b|\d0s\b|\d\d\b)", re.IGNORECASE)
MAX_SINGLE_QUOTE_CHARS = 400


@dataclass(frozen=True)
class QuoteSpan:
    start: int  # first character inside the marks
    end: int  # one past the last character inside the marks
    open_mark: str
    continued: bool = False  # a paragraph of a multi-paragraph quote that closes later
    continues_previous: bool = False  # this paragraph reopens a quote left open above


def find_quote_spans(text: str) -> list[QuoteSpan]:
    spans: list[QuoteSpan] = []
    paragraphs = _paragraphs(text)
    previous_left_open = False
    for index, (start, end) in enumerate(paragraphs):
        next_start = paragraphs[index + 1][0] if index + 1 < len(paragraphs) else None
        next_opens = next_start is not None and _opens_quote(text, next_start)
        found, left_open = _double_quotes(text, start, end, next_opens)
        if previous_left_open and found and found[0].start == start + 1:
            found[0] = QuoteSpan(found[0].start, found[0].end, found[0].open_mark, found[0].continued, True)
        previous_left_open = left_open
        spans.extend(found)
        spans.extend(_single_quotes(text, start, end, found))
    return sorted(spans, key=lambda s: s.start)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    result, position = [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            result.append((position + lead, position + lead + len(stripped)))
        position += len(line) + 1
    return result


def _opens_quote(text: str, position: int) -> bool:
    return position < len(text) and (text[position] in DOUBLE_OPEN or text[position] == STRAIGHT_DOUBLE)


def _double_quotes(text: str, start: int, end: int, next_paragraph_opens: bool) -> tuple[list[QuoteSpan], bool]:
    spans: list[QuoteSpan] = []
    open_at: int | None = None
    open_mark = ""
    for i in range(start, end):
        ch = text[i]
        if ch in DOUBLE_OPEN:
            if open_at is None:
                open_at, open_mark = i + 1, ch
        elif ch == DOUBLE_CLOSE:
            if open_at is not None:
                spans.append(QuoteSpan(open_at, i, open_mark))
                open_at = None
        elif ch == STRAIGHT_DOUBLE:
            if open_at is None:
                if _can_open(text, i, start, end):
                    open_at, open_mark = i + 1, ch
            else:
                spans.append(QuoteSpan(open_at, i, open_mark))
                open_at = None
    if open_at is not None and next_paragraph_opens and open_at - 1 == start:
        # Newswire style: this paragraph's quote goes on in the next paragraph.
        spans.append(QuoteSpan(open_at, end, open_mark, continued=True))
        return _non_empty(text, spans), True
    return _non_empty(text, spans), False  # an unclosed mark is dropped, never extended


def _can_open(text: str, i: int, start: int, end: int) -> bool:
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    return (before in OPENING_CONTEXT or before in DOUBLE_OPEN + SINGLE_OPEN) and not after.isspace()


def _single_quotes(text: str, start: int, end: int, doubles: list[QuoteSpan]) -> list[QuoteSpan]:
    """Top-level single-quoted spans; marks inside double quotes are nested quotes, not new ones."""

    def inside_double(i: int) -> bool:
        return any(s.start - 1 <= i <= s.end for s in doubles)

    spans: list[QuoteSpan] = []
    open_at: int | None = None
    for i in range(start, end):
        ch = text[i]
        if ch not in (SINGLE_OPEN, SINGLE_CLOSE, STRAIGHT_SINGLE) or inside_double(i):
            continue
        before = text[i - 1] if i > start else " "
        after = text[i + 1] if i + 1 < end else " "
        if before.isalnum() and after.isalnum():
            continue  # Kremlin's, don't, I's
        if open_at is None:
            opening = ch == SINGLE_OPEN or (ch == STRAIGHT_SINGLE or ch == SINGLE_CLOSE) and before in OPENING_CONTEXT
            if opening and after.isalnum() and not _ELISIONS.match(text, i + 1, end):
                open_at = i + 1
        elif not before.isspace() and not after.isalnum():
            if before in "sS" and text[open_at:i].count(" ") > 30:
                continue  # plural possessive inside a long span, keep looking
            if i - open_at <= MAX_SINGLE_QUOTE_CHARS:
                spans.append(QuoteSpan(open_at, i, text[open_at - 1]))
            open_at = None
    return _non_empty(text, spans)


def _non_empty(text: str, spans: list[QuoteSpan]) -> list[QuoteSpan]:
    return [s for s in spans if text[s.start:s.end].strip()]


def paragraph_bounds(text: str, position: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return start, len(text) if end == -1 else end
