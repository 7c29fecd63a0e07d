"""What every entity is made of: mentions (char spans of the analysed text) grouped into entities,
and the per-doc caches that the entity, person and quote steps all read.

This module sits below the others and imports none of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

POSSESSIVE = re.compile(r"(?:'s|\u2019s|'|\u2019)$")


@dataclass
class Mention:
    start: int  # char offsets in the analysed text (headline + blank line + body)
    end: int
    text: str
    sentence: int  # index of the sentence holding it


@dataclass(eq=False)  # two entities are the same only if they are the same object
class Entity:
    label: str
    canonical: str
    mentions: list[Mention] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)  # lower-case words of titles seen next to the name
    gender: str | None = None  # "m", "f" or None when the article does not say
    country: str | None = None  # ISO code for places and nationalities

    @property
    def first_start(self) -> int:
        return min(m.start for m in self.mentions)

    @property
    def name_tokens(self) -> list[str]:
        return self.canonical.split()


def mention_of(ent: Span, sentence_of: dict[int, int]) -> Mention:
    """The mention a spaCy span stands for, trimmed of what is not the name."""
    start, end = ent.start_char, ent.end_char
    text = ent.text
    # spaCy may take the blank line after the headline into an entity: never let a
    # mention run across it (its offsets would point past the headline)
    if text != text.strip():
        start += len(text) - len(text.lstrip())
        end -= len(text) - len(text.rstrip())
        text = text.strip()
    cut = text.find("\n")
    if cut != -1:
        text = text[:cut].rstrip()
        end = start + len(text)
    trimmed = POSSESSIVE.sub("", text)
    if trimmed != text and trimmed:
        end -= len(text) - len(trimmed)
        text = trimmed
    if text.lower().startswith("the "):
        start += 4
        text = text[4:]
    return Mention(start=start, end=end, text=text, sentence=sentence_of.get(ent.start, 0))


def text_of(doc: Doc) -> str:
    """doc.text, computed once per doc: spaCy joins every token again on each access."""
    cached = doc.user_data.get("newsstreams.text")
    if cached is None:
        cached = doc.user_data["newsstreams.text"] = doc.text
    return cached


def doc_sentences(doc: Doc) -> list[Span]:
    """doc.sents, computed once per doc: iterating it builds every token again each time."""
    cached = doc.user_data.get("newsstreams.sentences")
    if cached is None:
        cached = doc.user_data["newsstreams.sentences"] = list(doc.sents)
    return cached


def sentence_index(doc: Doc) -> dict[int, int]:
    """Token index -> index of the sentence holding it."""
    cached = doc.user_data.get("newsstreams.sentence_of")
    if cached is None:
        cached = doc.user_data["newsstreams.sentence_of"] = {
            token.i: number for number, sent in enumerate(doc_sentences(doc)) for token in sent
        }
    return cached
