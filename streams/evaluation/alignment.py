"""Map offsets in an enriched record's `headline` and `body` back to the source text they came from.

decode_article cleans what it is given: invisible characters out, two apostrophes read
as one double mark, runs of spaces collapsed, blank lines and page furniture dropped. Each cleaned line is found again
among the source lines (in order), then its characters are walked against the source
line's, so a quote's record offsets become offsets into the original file, where the
human annotations point.
"""

from __future__ import annotations

from ..enrichment.article import TWO_APOSTROPHES, clean_line


class SourceMap:
    """Offsets of a record's fields -> offsets in the source text (None where a char has no source)."""

    def __init__(self, source: str, headline: str, body: str, body_offset: int):
        self._fields = {
            "headline": _map_lines(source, headline, 0),
            "body": _map_lines(source, body, body_offset),
        }

    def span(self, field: str, start: int, end: int) -> tuple[int, int] | None:
        positions = self._fields.get(field, [])
        if not (0 <= start < end <= len(positions)):
            return None
        first, last = positions[start], positions[end - 1]
        if first is None or last is None:
            return None
        return first, last + 1


def _map_lines(source: str, cleaned: str, search_from: int) -> list[int | None]:
    """Source offset of every char of `cleaned` (its lines joined by "\\n")."""
    source_lines = []
    position = 0
    for line in source.split("\n"):
        source_lines.append((position, line))
        position += len(line) + 1
    positions: list[int | None] = []
    next_line = next((i for i, (start, _) in enumerate(source_lines) if start + len(_) >= search_from), 0)
    for number, line in enumerate(cleaned.split("\n")):
        if number:
            positions.append(None)  # the "\n" between cleaned lines
        for i in range(next_line, len(source_lines)):
            start, original = source_lines[i]
            if clean_line(original) == line:
                positions.extend(_map_chars(original, line, start))
                next_line = i + 1
                break
        else:
            positions.extend([None] * len(line))
    return positions


def _map_chars(original: str, cleaned: str, offset: int) -> list[int | None]:
    positions: list[int | None] = []
    j = 0
    for ch in cleaned:
        while j < len(original) and original[j] != ch and not (ch == " " and original[j] in " \t\u00a0") \
                and not (ch == '"' and original.startswith(TWO_APOSTROPHES, j)):
            j += 1
        if j >= len(original):
            positions.append(None)
            continue
        positions.append(offset + j)
        j += 2 if ch == '"' and original.startswith(TWO_APOSTROPHES, j) else 1  # '' became one "
        if ch == " ":
            while j < len(original) and original[j] in " \t\u00a0":
                j += 1
    return positions
