"""Small helpers about personal names shared by entity merging and quote attribution."""

import unicodedata
from functools import lru_cache

from . import data


def fold(word: str) -> str:
    """Lower case without accents, for looking names up in the lexicons."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def first_name_genders() -> dict[str, str]:
    """Given name -> "m" or "f", from data/first_names.json."""
    names = data.load("first_names.json")
    return {name: gender for gender in ("m", "f") for name in names[gender]}


@lru_cache(maxsize=1)
def _surname_endings() -> dict[str, list[str]]:
    endings: dict[str, list[str]] = data.load("first_names.json")["surname_endings"]
    return endings


@lru_cache(maxsize=1)
def _vietnamese_family_names() -> frozenset[str]:
    return frozenset(data.load("first_names.json")["vietnamese_family_names"])


@lru_cache(maxsize=1)
def _vietnamese_middle_names() -> dict[str, str]:
    """In Vietnamese names the middle name Thị is given to women and Văn to men."""
    middle: dict[str, str] = data.load("first_names.json")["vietnamese_middle_names"]
    return middle


def gender_of_name(tokens: list[str]) -> str | None:
    """"m", "f" or None for a full name: the given name first, then family-name endings."""
    if len(tokens) < 2:
        return None
    gender = first_name_genders().get(fold(tokens[0]))
    if gender is None and len(tokens) == 3 and fold(tokens[0]) in _vietnamese_family_names():
        return _vietnamese_middle_names().get(tokens[1])  # "Nguyen Thi Lan", "Tran Van Minh"
    if gender is None:
        surname = tokens[-1].lower()
        for candidate, endings in _surname_endings().items():
            if any(surname.endswith(e) for e in endings):
                return candidate
    return gender


def names_an_organisation(words: list[str], kind_words: set[str] | frozenset[str]) -> bool:
    """Does a kind word ("Motors", "Island", "Bill") make these name words an organisation
    or a thing? A given name leading a longer name is a name even when the same word is a
    kind word: "Bill Maher" is a person, "the Farm Bill" a law."""
    lowered = [w.lower().strip(".,") for w in words]
    if len(lowered) >= 2 and fold(lowered[0]) in first_name_genders():
        lowered = lowered[1:]
    return any(w in kind_words for w in lowered)
