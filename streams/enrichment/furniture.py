"""Take page furniture out of an article body without losing the story around it.

Web copy carries lines that are not the story: photo credits, "Advertisement",
"READ MORE: ..." links, newsletter prompts, author blurbs, copyright lines. The
markers live in data/boilerplate.json; this module is only the engine:

- a *furniture* line is removed where it stands and the story after it is kept;
- a *trailer* line ends the body, but only if no story follows it. Pages put
  prompts and link headings between paragraphs too, so a trailer-looking line
  with prose paragraphs after it is removed like furniture instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from . import data

FURNITURE = "furniture"
TRAILER = "trailer"
# Stripped before an exact-line comparison: '"Related:"', "Advertisement -", "About the writer |".
_EDGE_PUNCTUATION = " .:!|-\u2013\u2014\"'\u201c\u201d\u2018\u2019()[]"
_SENTENCE_END = re.compile(r"[.?!][\"'\u201d\u2019)\]]*$")


@dataclass(frozen=True)
class Cleaned:
    lines: list[str]
    removed_chars: int  # characters of the lines taken out (line breaks not counted)
    end: int  # index of the trailer line the body was cut at; len(lines) when it runs to the end


@dataclass(frozen=True)
class _Markers:
    exact_lines: frozenset[str]
    line_prefixes: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]

    def is_exact(self, line: str) -> bool:
        return line.lower().strip(_EDGE_PUNCTUATION) in self.exact_lines

    def starts_or_matches(self, line: str) -> bool:
        return line.lower().startswith(self.line_prefixes) or any(p.search(line) for p in self.patterns)


@cache
def _rules() -> tuple[dict[str, _Markers], dict[str, Any]]:
    raw = data.load("boilerplate.json")
    markers = {
        kind: _Markers(
            frozenset(raw[kind]["exact_lines"]),
            tuple(raw[kind]["line_prefixes"]),
            tuple(re.compile(p) for p in raw[kind]["patterns"]),
        )
        for kind in (FURNITURE, TRAILER)
    }
    return markers, raw["story"]


def kind_of(line: str) -> str | None:
    """FURNITURE, TRAILER or None (story, as far as the markers know)."""
    markers, _ = _rules()
    # Whole lines first: a bare "Related:" heads a trailer, "Related: Some headline" is one link.
    for test in (_Markers.is_exact, _Markers.starts_or_matches):
        for kind in (FURNITURE, TRAILER):
            if test(markers[kind], line):
                return kind
    return None


def reads_as_prose(line: str) -> bool:
    """A story paragraph: long enough, several words, ending like a sentence."""
    _, story = _rules()
    return (
        len(line) >= story["min_chars"]
        and len(line.split()) >= story["min_words"]
        and _SENTENCE_END.search(line) is not None
    )


def clean(lines: list[str]) -> Cleaned:
    """The story lines, furniture removed, cut at a trailer that no story follows."""
    _, story = _rules()
    kinds = [kind_of(line) for line in lines]
    # prose_after[i]: story-reading paragraphs after line i, marker lines not counted.
    prose_after = [0] * len(lines)
    count = 0
    for index in range(len(lines) - 1, -1, -1):
        prose_after[index] = count
        if kinds[index] is None and reads_as_prose(lines[index]):
            count += 1
    kept: list[str] = []
    end = len(lines)
    for index, (line, kind) in enumerate(zip(lines, kinds)):
        if kind == TRAILER and prose_after[index] < story["paragraphs_after_trailer"]:
            end = index  # the last block of the page: nothing after it reads as story
            break
        if kind is None:
            kept.append(line)
    if not kept:  # all of it looked like furniture: better to analyse it than to refuse the article
        return Cleaned(list(lines), 0, len(lines))
    return Cleaned(kept, sum(map(len, lines)) - sum(map(len, kept)), end)
