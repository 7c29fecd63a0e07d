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
