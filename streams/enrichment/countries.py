"""Country codes (ISO 3166-1 alpha-2) for the places, peoples and seats of power an article names.

pycountry supplies the official names; data/countries.json the short names,
demonyms, capitals and metonyms ("the Kremlin") that news copy actually uses.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pycountry
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from . import data

PLACE_LABELS = ("GPE", "NORP", "LOC", "FAC", "ORG")


class CountryTable:
    def __init__(self, nlp):
        table = data.load("countries.json")
        self.aliases: dict[str, str] = {}
        for country in pycountry.countries:
            for attr in ("name", "official_name", "common_name"):
                name = getattr(country, attr, None)
                if name and "," not in name and "(" not in name:
                    self.aliases[name] = country.alpha_2
        for code, names in table["aliases"].items():
            for name in names:
                self.aliases[name] = code
        self.ambiguous = {name: code for code, names in table["ambiguous"].items() for name in names}
        for name in table["not_countries"]:
            self.aliases.pop(name, None)
        by_code: dict[str, list] = defaultdict(list)
        for name, code in self.aliases.items():
            by_code[code].append(nlp.make_doc(name))
        self.matcher = PhraseMatcher(nlp.vocab)
        for code, patterns in by_code.items():
            self.matcher.add(code, patterns)

    def code_for(self, text: str, label: str | None = None) -> str | None:
        text = text.strip()
        if text.startswith("the "):
            text = text[4:]
        code = self.aliases.get(text)
        if code is None and label == "GPE":
            code = self.ambiguous.get(text)
        if code is None and text.isupper() and len(text) > 3:
            code = self.aliases.get(text.title())  # datelines: "MOSCOW"
        return code


@dataclass
class CountryMention:
    code: str
    start: int
    end: int


def country_mentions(doc: Doc, table: CountryTable) -> list[CountryMention]:
    """Every reference to a country, from the NER spans and from the alias list."""
    found: dict[int, CountryMention] = {}
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS or ent.label_ == "PERSON":
            code = table.code_for(ent.text.rstrip("'\u2019s").rstrip("'\u2019"), ent.label_)
            if code:
                found[ent.start_char] = CountryMention(code, ent.start_char, ent.end_char)
    for match_id, start, end in table.matcher(doc):
        span = doc[start:end]
        if span.start_char in found or _inside_other_name(span):
            continue
        found[span.start_char] = CountryMention(doc.vocab.strings[match_id], span.start_char, span.end_char)
    return sorted(found.values(), key=lambda m: m.start)


def _inside_other_name(span) -> bool:
    """"Bank of America" or "Jordan Peterson" are not country references."""
    for token in span:
        if token.ent_type_ == "PERSON":
            return True
        if token.ent_type_ in ("ORG", "WORK_OF_ART", "EVENT", "PRODUCT"):
            ent = next((e for e in span.doc.ents if e.start <= token.i < e.end), None)
            if ent is not None and (ent.end - ent.start) > (span.end - span.start) + 1:
                return True
    return False


def rank_countries(mentions: list[CountryMention], headline_end: int, dateline_code: str | None) -> list[str]:
    """Most salient first: how often, whether in the headline, how early."""
    score: dict[str, float] = defaultdict(float)
    first: dict[str, int] = {}
    for mention in mentions:
        score[mention.code] += 1.0
        if mention.start < headline_end:
            score[mention.code] += 2.0
        first.setdefault(mention.code, mention.start)
    if dateline_code:
        score[dateline_code] += 1.0
        first.setdefault(dateline_code, -1)
    return sorted(score, key=lambda code: (-score[code], first[code]))
