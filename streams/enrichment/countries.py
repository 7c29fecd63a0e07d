"""Country codes (ISO 3166-1 alpha-2) for the places, peoples and seats of power an article names.

pycountry supplies the official names; data/countries.json the short names,
demonyms, capitals and metonyms ("the Kremlin") that news copy actually uses.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

import pycountry
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from . import data
from .mentions import Entity, sentence_index

PLACE_LABELS = ("GPE", "NORP", "LOC", "FAC", "ORG")


class _Quoted(Protocol):
    """What the ranking reads of a quote: who said it."""

    @property
    def speaker(self) -> str | None: ...


class CountryTable:
    def __init__(self, nlp: Language) -> None:
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
        by_code: dict[str, list[Doc]] = defaultdict(list)
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


def _inside_other_name(span: Span) -> bool:
    """"Bank of America" or "Jordan Peterson" are not country references."""
    for token in span:
        if token.ent_type_ == "PERSON":
            return True
        if token.ent_type_ in ("ORG", "WORK_OF_ART", "EVENT", "PRODUCT"):
            ent = next((e for e in span.doc.ents if e.start <= token.i < e.end), None)
            if ent is not None and (ent.end - ent.start) > (span.end - span.start) + 1:
                return True
    return False


@dataclass
class CountryScore:
    """One country's evidence, kept readable: why the story is (or is not) about it."""

    code: str
    score: float = 0.0
    first: int = 0
    mentions: int = 0
    lead_mentions: int = 0
    acting_mentions: int = 0
    in_headline: bool = False
    dateline: bool = False
    people: int = 0
    quotes: int = 0

    @property
    def reasons(self) -> list[str]:
        said = []
        if self.in_headline:
            said.append("headline")
        if self.dateline:
            said.append("dateline")
        if self.mentions:
            said.append(f"{self.mentions} mentions ({self.lead_mentions} in the lead, {self.acting_mentions} acting)")
        if self.people:
            said.append(f"{self.people} people" + (f", {self.quotes} quotes" if self.quotes else ""))
        return said


@dataclass
class CountryRanking:
    about: list[str]  # the countries the story is about, most salient first
    mentioned: list[str]  # every country named (and the dateline's), most salient first
    scores: dict[str, CountryScore]


class CountryScorer:
    """Scores each mentioned country from its evidence; weights in data/country_salience.json."""

    def __init__(self, table: CountryTable, weights: dict[str, Any] | None = None) -> None:
        self.table = table
        self.w = weights if weights is not None else data.load("country_salience.json")
        self.actor_deps = frozenset(self.w["actor_dependencies"])
        self.climb_deps = frozenset(self.w["modifier_dependencies"]) | frozenset(self.w["join_dependencies"])

    def dateline_code(self, dateline: str | None) -> str | None:
        """"MOSCOW", "CAMBRIDGE, England", "UNITED NATIONS": the country a dateline names, if any."""
        if not dateline:
            return None
        parts = [p.strip() for p in dateline.split(",") if p.strip()]
        for part in parts:
            code = self.table.code_for(part) or self.table.code_for(part.title())
            if code:
                return code
        return None

    def rank(
        self,
        doc: Doc,
        mentions: list[CountryMention],
        people: Iterable[Entity],
        quotes: Iterable[_Quoted],
        headline_end: int,
        dateline_code: str | None,
    ) -> CountryRanking:
        w = self.w
        scores: dict[str, CountryScore] = {}

        def entry(code: str, first: int) -> CountryScore:
            if code not in scores:
                scores[code] = CountryScore(code, first=first)
            return scores[code]

        sentence_of = sentence_index(doc)
        body_first_sentence = _first_body_sentence(doc, headline_end, sentence_of)
        for mention in mentions:
            country = entry(mention.code, mention.start)
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            acting = span is not None and self._acts(span.root)
            if mention.start < headline_end:
                country.in_headline = True
                weight = 1.0
            else:
                sentence = sentence_of.get(span.root.i, 0) - body_first_sentence if span is not None else 0
                weight = self._position_weight(sentence)
                country.mentions += 1
                country.lead_mentions += sentence < w["position"]["lead_sentences"]
            country.acting_mentions += acting
            country.score += w["mention"] * weight * (1.0 + (w["actor_bonus"] if acting else 0.0))
        if dateline_code:
            entry(dateline_code, -1).dateline = True

        nationality: dict[str, set[str]] = {}
        for person in people:
            codes = {code for role in person.roles if (code := self.table.code_for(role.title(), "NORP")) is not None}
            if codes:
                nationality[person.canonical] = codes
                for code in codes:
                    if code in scores:
                        scores[code].people += 1
        for quote in quotes:
            for code in nationality.get(quote.speaker or "", ()):
                if code in scores:
                    scores[code].quotes += 1

        for country in scores.values():
            country.score += w["headline"] * country.in_headline + w["dateline"] * country.dateline
            country.score += w["person"] * min(country.people, w["person_cap"])
            country.score += w["quote"] * min(country.quotes, w["quote_cap"])
            country.score = round(country.score, 3)
        mentioned = sorted(scores, key=lambda code: (-scores[code].score, scores[code].first))
        top = scores[mentioned[0]].score if mentioned else 0.0
        about = [
            code for code in mentioned
            if scores[code].score >= max(w["min_score"], w["keep_ratio"] * top) or code == mentioned[0]
        ]
        return CountryRanking(about=about, mentioned=mentioned, scores=scores)

    def _position_weight(self, sentence: int) -> float:
        p = self.w["position"]
        lead_sentences: int = p["lead_sentences"]
        late = sentence - lead_sentences
        if late < 0:
            return 1.0
        floor: float = p["floor"]
        decay: float = p["decay_per_sentence"]
        return max(floor, 1.0 / (1.0 + decay * (late + 1)))

    def _acts(self, token: Token) -> bool:
        """Is this mention the one doing something: subject of a clause, or part of the subject
        ("Poland's defence minister said", "the Polish army said", "Britain and Canada imposed",
        "negotiators from Australia said"), or the agent of a passive ("drafted by Britain")?"""
        for _ in range(4):
            dep = token.dep_
            if dep in self.actor_deps:
                return True
            if dep == "pobj" and token.head.dep_ == "agent":
                return True
            if dep == "pobj" and token.head.lower_ in ("from", "of") and token.head.head.pos_ in ("NOUN", "PROPN"):
                token = token.head.head
                continue
            if dep in self.climb_deps and token.head.i != token.i:  # spaCy makes a new Token each time: compare indices
                token = token.head
                continue
            return False
        return False


def _first_body_sentence(doc: Doc, headline_end: int, sentence_of: dict[int, int]) -> int:
    """Index of the first sentence after the headline (0 when there is no headline)."""
    if headline_end <= 0:
        return 0
    for token in doc:
        if token.idx >= headline_end and not token.is_space:
            return sentence_of.get(token.i, 0)
    return 0
