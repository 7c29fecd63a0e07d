"""Long names kept whole, and the short forms that stand for them.

The model often splits a name at its small words ("Ursula von der" + "Leyen"), leaves a
given name off the front ("Inácio Lula da Silva" without "Luiz"), or misses a
family-name-first name. `whole_name` extends a PERSON span over the adjacent parts;
`family_name` and `short_forms` say which shorter mentions ("Van der Berg", "Mr. García",
"Ould Bah", "Wang") name the same person. The particles, connectors and family-first
surnames are data (data/name_shapes.json); this is only the engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from . import data
from .names import first_name_genders, fold


@dataclass(frozen=True)
class Shapes:
    particles: frozenset[str]
    standalone_particles: frozenset[str]
    hyphen_prefixes: frozenset[str]
    connectors: frozenset[str]
    family_first: frozenset[str]


@lru_cache(maxsize=1)
def shapes() -> Shapes:
    table = data.load("name_shapes.json")
    return Shapes(
        particles=frozenset(table["particles"]),
        standalone_particles=frozenset(table["standalone_particles"]),
        hyphen_prefixes=frozenset(table["hyphen_prefixes"]),
        connectors=frozenset(table["connectors"]),
        family_first=frozenset(table["family_first_surnames"]),
    )


def family_first_surnames() -> frozenset[str]:
    return shapes().family_first


def is_particle(word: str) -> bool:
    return word.lower() in shapes().particles


def starts_with_capital(word: str) -> bool:
    """"Sharaa" in "al-Sharaa", "Berg" in "van der Berg": past the particles, capitalised."""
    head, _, rest = word.partition("-")
    if rest and head.lower() in shapes().hyphen_prefixes:
        word = rest
    return word[:1].isupper()


def _is_given_name(word: str) -> bool:
    return fold(word) in first_name_genders()


def _is_initial(word: str) -> bool:
    return len(word.rstrip(".")) == 1 and word[:1].isupper()


# --- the family name of a full name ------------------------------------------------------

def family_first(tokens: list[str]) -> bool:
    """"Wang Yi", "Oh Ji-young", "Nguyen Thi Lan": a family-first surname before a word that
    is not a Western given name ("Kim Clijsters" stays given-name first)."""
    return (
        len(tokens) >= 2
        and fold(tokens[0]) in shapes().family_first
        and (_korean_given_name(tokens[1]) or not _is_given_name(tokens[1]))
        and not any(is_particle(t) for t in tokens[1:])
    )


def _korean_given_name(word: str) -> bool:
    """"Ji-young", "Jong-un": two syllables, the second in lower case."""
    first, _, second = word.partition("-")
    return bool(second) and first[:1].isupper() and second.isalpha() and second.islower()


def family_name(tokens: list[str]) -> list[str]:
    """The family-name words of a full name: "van der Berg" of "Pieter van der Berg",
    "García Márquez" of "José García Márquez", "Wang" of "Wang Yi"."""
    if len(tokens) < 2:
        return list(tokens)
    if family_first(tokens):
        return [tokens[0]]
    for i in range(1, len(tokens) - 1):
        if is_particle(tokens[i]) and not _is_initial(tokens[i]):
            return tokens[i:]  # the family name starts at its first particle
    if len(tokens) >= 3 and _double_family_name(tokens):
        return tokens[-2:]
    return tokens[-1:]


def _double_family_name(tokens: list[str]) -> bool:
    """"José García Márquez": two family names after a given name; not "John Paul Jones"
    (two given names) nor "John F. Kennedy" (an initial)."""
    second = tokens[-2]
    return (
        _is_given_name(tokens[0])
        and not _is_given_name(second)
        and not _is_initial(second)
        and second[:1].isupper()
    ) or second.lower() in shapes().connectors


def short_forms(tokens: list[str]) -> frozenset[tuple[str, ...]]:
    """The shorter ways a text names the person of a full name, folded: the family name,
    its last word, its first word for double family names, and without its particles."""
    return _short_forms(tuple(tokens))


@lru_cache(maxsize=4096)
def _short_forms(tokens: tuple[str, ...]) -> frozenset[tuple[str, ...]]:
    if len(tokens) < 2:
        return frozenset()
    family = family_name(list(tokens))
    forms = {tuple(family), (family[-1],)}
    opening = len(tokens) - len(family)
    if opening >= 2 and is_particle(family[0]):
        forms.add(tuple(tokens[opening - 1:]))  # "Lula da Silva" of "Luiz Inácio Lula da Silva"
    words = [w for w in family if not is_particle(w) and w.lower() not in shapes().connectors]
    if words:
        forms.add((words[0],))  # "Mr. García" for "José García Márquez", "Bah" for "Ould Bah"
        forms.add(tuple(words))
    if family_first(list(tokens)):
        forms.add((tokens[0],))
    return frozenset(tuple(fold(w) for w in form) for form in forms if len(form) < len(tokens))


def is_short_form(short: list[str], full: list[str]) -> bool:
    """"Van der Berg" of "Pieter van der Berg", "Ould Bah" of "Mohamed Lemine Ould Bah"."""
    return len(short) < len(full) and tuple(fold(w) for w in short) in short_forms(full)


def short_form_only(tokens: list[str]) -> bool:
    """A name made only of family-name words ("Van der Berg", "Ould Bah", "Al-Sharaa"):
    it has no given name of its own to compare."""
    return len(tokens) >= 2 and is_particle(tokens[0])


# --- extending a span over the parts the model split off ---------------------------------

def whole_name(ent: Span) -> Span:
    """The PERSON span grown over adjacent name parts: given names and "Per-" before it,
    particles and a family name after it, "al-" or "Van der" in front of a family name."""
    doc = ent.doc
    start, end = ent.start, ent.end
    start = _grow_left(doc, start, end)
    end = _grow_right(doc, start, end)
    return doc[start:end] if (start, end) != (ent.start, ent.end) else ent


def _title(token: Token) -> bool:
    return token.is_title and token.is_alpha


def _glued(left: Token, right: Token) -> bool:
    return right.i == left.i + 1 and not left.whitespace_


def _grow_left(doc: Doc, start: int, end: int) -> int:
    table = shapes()
    # "al-" + "Sharaa", "Per-" + "Olof Berg": a hyphen glued on both sides
    if start >= 2 and doc[start - 1].text == "-" and _glued(doc[start - 2], doc[start - 1]) and _glued(doc[start - 1], doc[start]):
        if doc[start - 2].lower_ in table.hyphen_prefixes or _title(doc[start - 2]):
            start -= 2
    # particles before the family name: "Pieter van der" + "Berg", "Van der" + "Berg"
    i = start
    while i > 0 and doc[i - 1].lower_ in table.particles and i - 1 > start - 4:
        i -= 1
    if i < start:
        if i > 0 and _title(doc[i - 1]) and (doc[i - 1].pos_ == "PROPN" or _is_given_name(doc[i - 1].text)):
            start = i - 1  # "Pieter" + "van der Berg"
        elif doc[i].is_title or doc[i].lower_ in table.standalone_particles:
            start = i  # "Van der Berg said", "said van der Berg"
    # known given names the model left off: "Luiz" + "Inácio Lula da Silva"
    for _ in range(2):
        before = doc[start - 1] if start > 0 else None
        if before is not None and _title(before) and _is_given_name(before.text) and before.ent_type_ in ("", "PERSON", "NORP"):
            start -= 1
    return start


def _grow_right(doc: Doc, start: int, end: int) -> int:
    table = shapes()
    n = len(doc)
    # particles (or a lower-case Spanish/Portuguese connector) then a capitalised family
    # name: "Ursula von der" + "Leyen", "Maria" + "dos Santos", "García" + "y Márquez"
    # "Sofia" + "al-Silva": a hyphen prefix glued to the family name
    if end + 2 < n and doc[end].lower_ in table.hyphen_prefixes and doc[end + 1].text == "-" and (
        _glued(doc[end], doc[end + 1]) and _glued(doc[end + 1], doc[end + 2]) and _title(doc[end + 2])
    ):
        return end + 3
    j = end
    while j < n and j - end < 3 and (
        doc[j].lower_ in table.particles or (doc[j].is_lower and doc[j].lower_ in table.connectors)
    ):
        j += 1
    ends_in_particle = doc[end - 1].lower_ in table.particles
    if (j > end or ends_in_particle) and j < n and _title(doc[j]):
        end = j + 1
    # "Maria Silva" + "Obi": a second family name the model left untagged, right after a
    # given name and a family name, and not the start of a longer proper name
    if (
        end - start == 2 and end < n and _is_given_name(doc[start].text) and _title(doc[end])
        and doc[end].pos_ == "PROPN" and doc[end].ent_type_ == "" and not _is_given_name(doc[end].text)
        and (end + 1 >= n or not (doc[end + 1].pos_ == "PROPN" and doc[end + 1].is_title))
    ):
        end += 1
    # "Silva-" + "Santos", "Ji-" + "young": hyphen joins glued on both sides
    while (end + 1 < n and doc[end].text == "-" and doc[end + 1].is_alpha
           and _glued(doc[end - 1], doc[end]) and _glued(doc[end], doc[end + 1])):
        end += 2
    return end


def family_first_name_end(token: Token) -> int | None:
    """"Oh" + "Ji-young": a family-first surname followed by a hyphenated given name whose
    second part is in lower case (the Korean shape). The end of the name, or None."""
    doc = token.doc
    i = token.i
    if i + 3 >= len(doc) or not _title(token) or fold(token.text) not in shapes().family_first:
        return None
    given, hyphen, second = doc[i + 1], doc[i + 2], doc[i + 3]
    if _title(given) and hyphen.text == "-" and _glued(given, hyphen) and _glued(hyphen, second) and second.is_lower and second.is_alpha:
        return i + 4
    return None
