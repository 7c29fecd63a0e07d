"""Named entities per article: spaCy's mentions merged into one entry per real-world entity.

People are merged by name ("Vladimir Putin", "Putin", "President Putin", "Putin's"),
titles are peeled off names and kept as roles, and known model mistakes around
titles ("State" out of "Secretary of State") are dropped by rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from . import data
from .countries import CountryTable
from .mentions import POSSESSIVE, Entity, mention_of, sentence_index
from .name_kinds import PERSON, THING, NameKinds
from .name_shapes import (
    family_first_name_end,
    family_first_surnames,
    is_particle,
    is_short_form,
    starts_with_capital,
    whole_name,
)
from .names import first_name_genders, fold, names_an_organisation
from .persons import Persons, merge_names

KEPT_LABELS = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)
_SHORT_FORM_LABELS = frozenset({"ORG", "GPE", "LOC", "NORP", "PRODUCT", "FAC"})  # labels the model gives surnames
_LEADING_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")


@dataclass
class FoundEntities:
    persons: Persons  # grows later: the quote step adds speakers NER missed
    others: list[Entity]  # places, nationalities, organisations, ...


def _titles() -> dict[str, set[str]]:
    people = data.load("people.json")
    return {
        "titles": {t.lower() for t in people["titles"]},
        "role_heads": set(people["role_heads"]),
        "male": set(people["male_titles"]),
        "female": set(people["female_titles"]),
        "not_name": set(people["not_name_words"]) | set(people["troupe_words"]),
        "office": set(people["office_words"]),
    }


class EntityExtractor:
    """Turns a parsed Doc into merged entities; knows nothing of Kafka or records."""

    def __init__(self, countries: CountryTable) -> None:
        self.countries = countries
        self.words = _titles()
        self.first_names = first_name_genders()
        self.kinds = NameKinds()

    def extract(self, doc: Doc) -> FoundEntities:
        sentence_of = sentence_index(doc)
        names: list[tuple[list[str], Span]] = []
        others: dict[tuple[str, str], Entity] = {}
        person_end = 0  # end of the last person span, which may have grown over later entities
        for ent in doc.ents:
            if ent.label_ not in KEPT_LABELS or self._is_title_fragment(ent) or ent.end <= person_end:
                continue
            label = ent.label_
            text = _clean_name(ent.text)
            if not text:
                continue
            code = self.countries.code_for(text, label)
            if label == "PERSON" and code:
                label = "GPE"  # "Kremlin" tagged as a person
            if label == "PERSON":
                ent = _without_run_in_words(whole_name(ent))  # "Ursula von der" + "Leyen", "Per-" + "Olof Berg"
                person_end = ent.end
                text = _clean_name(ent.text)
                tokens = self._person_name(text, ent)
                if tokens:
                    names.append((tokens, ent))
                    continue
                if tokens is None:
                    continue
                label = "ORG"  # "Davis Cup", "Foreign Ministry": an organisation tagged as a person
            key = (label if not code else "PLACE:" + code if label != "NORP" else "NORP:" + code, text.lower())
            entity = others.get(key)
            if entity is None:
                entity = others[key] = Entity(label=label, canonical=text, country=code)
            entity.mentions.append(mention_of(ent, sentence_of))
        names = _join_adjacent(names, self._names_the_model_missed(doc, names))
        persons = Persons(doc)
        for owner, ent in merge_names(persons, names, sentence_of):
            self._learn_roles(owner, ent)
        _claim_short_forms(persons, others, doc, sentence_of)
        persons.add_untagged_surnames(sentence_of)
        self._relabel_non_persons(persons, others, doc)
        return FoundEntities(persons, _merge_acronyms(list(others.values())))

    # --- people -------------------------------------------------------------------------

    def _relabel_non_persons(self, persons: Persons, others: dict[tuple[str, str], Entity], doc: Doc) -> None:
        """Places and companies the model tagged PERSON leave the people and join the others,
        judged by the evidence around their mentions (name_kinds)."""
        relabelled = [(person, self.kinds.kind_of(person, doc)) for person in persons]
        relabelled = [(person, kind) for person, kind in relabelled if kind != PERSON]
        persons.rule_out([person for person, _ in relabelled])
        for person, label in relabelled:
            if label == THING:
                continue  # "Turnout", "Fado": a common word capitalised, no entity at all
            entity = others.setdefault((label, person.canonical.lower()), Entity(label=label, canonical=person.canonical))
            entity.mentions = sorted(entity.mentions + person.mentions, key=lambda m: m.start)

    def _names_the_model_missed(self, doc: Doc, persons: list[tuple[list[str], Span]]) -> list[tuple[list[str], Span]]:
        """A known first name followed by capitalised name words is a person, whatever NER said.

        The small English model often misses unfamiliar names at the start of a sentence
        ("Pavel Novak met ..."); a first-name list (data) catches them without guessing.
        """
        covered = {i for _, ent in persons for i in range(ent.start, ent.end)}
        found: list[tuple[list[str], Span]] = []
        i = 0
        while i < len(doc) - 1:
            token = doc[i]
            family_first_end = family_first_name_end(token) if i not in covered else None
            if family_first_end is not None and not any(k in covered for k in range(i, family_first_end)):
                span = doc[i:family_first_end]  # "Oh Ji-young": a Korean name, family name first
                found.append((span.text.split(), span))
                i = family_first_end
                continue
            if i in covered or not token.is_title or fold(token.text) not in self.first_names:
                i += 1
                continue
            start = i
            if i >= 2 and doc[i - 1].text == "-" and doc[i - 2].is_title:
                start = i - 2  # "Jean-Pierre", "Per-Olof"
            elif i >= 1 and doc[i - 1].is_title and fold(doc[i - 1].text) in family_first_surnames() and i - 1 not in covered:
                start = i - 1  # "Wang Haoran": the family name first
            elif i >= 1 and doc[i - 1].is_title and doc[i - 1].pos_ == "PROPN" and doc[i - 1].lower_ not in self.words["titles"]:
                i += 1  # "San Pedro Sula": a first name inside a longer proper name is no person
                continue
            end = i + 1
            # right after a known first name any capitalised word is the family name, whatever
            # part of speech the tagger gave an unfamiliar one ("Anders Nyström"); further
            # words must be proper nouns or hyphen joins ("Asante-Boateng")
            if end < len(doc) and doc[end].is_title and doc[end].is_alpha and end not in covered:
                end += 1
            while end < len(doc) and end - i < 5 and (
                (doc[end].is_title and doc[end].pos_ == "PROPN")
                or (doc[end].text == "-" and not doc[end - 1].whitespace_ and end + 1 < len(doc) and doc[end + 1].is_title)
                or (doc[end - 1].text == "-" and doc[end].is_title)
            ) and end not in covered:
                end += 1
            span = whole_name(doc[start:end])  # "Ursula" + "von der Leyen", "Maria" + "dos Santos"
            if span.end > end and not any(k in covered for k in range(end, span.end)):
                end = span.end
            span = doc[start:end]
            if (end - i >= 2 or start == i - 1) and not self.countries.code_for(doc[end - 1].text, "GPE") and not names_an_organisation(
                [t.text for t in span], self.words["not_name"]
            ):
                found.append((span.text.split(), span))
            i = end
        return found

    def _person_name(self, text: str, ent: Span) -> list[str] | None:
        """The name words of a PERSON mention; [] when it names an organisation, None when no one."""
        tokens = [t for t in self._strip_titles(text.split()) if not any(c.isdigit() for c in t)]  # "Roig 7-6"
        if not tokens or not starts_with_capital(next((t for t in tokens if not is_particle(t)), "")):
            return None  # "lorry": names are capitalised (after "van der", "al-")
        if names_an_organisation(tokens, self.words["not_name"]):
            return []
        if len(tokens) == 1 and len(ent) == 1 and ent.root.tag_ not in ("NNP", "NNPS"):
            return None  # "Schools", "Turnout" at the start of a sentence
        return tokens

    def _strip_titles(self, tokens: list[str]) -> list[str]:
        titles = self.words["titles"]
        while len(tokens) > 1 and tokens[0].lower() in titles:
            tokens = tokens[1:]
        # "Secretary of State Condoleezza Rice" sometimes arrives whole
        while len(tokens) > 2 and tokens[1].lower() == "of" and tokens[0].lower() in titles:
            tokens = tokens[3:] if len(tokens) > 3 else tokens
        return [t for t in tokens if t not in (",",)]

    def _learn_roles(self, person: Entity, ent: Span) -> None:
        """Collect the title words written before the name ("Russian President ...")."""
        doc = ent.doc
        titles = self.words["titles"]
        i = ent.start
        words = [t.lower_ for t in ent if t.lower_ in titles]
        while i > 0 and len(words) < 8:
            token = doc[i - 1]
            lowered = token.lower_
            if lowered in titles or lowered == "of" or (token.ent_type_ in ("NORP", "GPE") and token.is_title):
                words.append(lowered)
                i -= 1
                continue
            if lowered in ("'s", "\u2019s") and i >= 2 and doc[i - 2].ent_type_ in ("GPE", "NORP"):
                words.append(doc[i - 2].lower_)  # "Kenya's Sharon Jepkosgei"
                i -= 2
                continue
            if token.is_title and token.ent_type_ in ("", "ORG") and doc[i - 1].i > 0 and lowered not in ("the",):
                # "Foreign Minister", "Defense Secretary" parts that are capitalised nouns
                if lowered in self.words["office"]:
                    words.append(lowered)
                    i -= 1
                    continue
            break
        for child in ent.root.children:  # "Sergei Lavrov, the foreign minister,"
            if child.dep_ == "appos":
                words.extend(_description_words(child))
        if ent.root.dep_ == "appos":  # "Norway's foreign minister, Karin Lund,"
            words.extend(_description_words(ent.root.head))
        person.roles.update(w for w in words if w not in ("of", "the", "a", ","))
        for word in words:
            if word in self.words["male"]:
                person.gender = person.gender or "m"
            elif word in self.words["female"]:
                person.gender = person.gender or "f"

    def _is_title_fragment(self, ent: Span) -> bool:
        """spaCy tags "State" in "Secretary of State" and "Defense" in "Defense Secretary" as ORG."""
        if ent.label_ == "PERSON" or len(ent) > 2:
            return False
        doc = ent.doc
        after = doc[ent.end].lower_ if ent.end < len(doc) else ""
        before = [t.lower_ for t in doc[max(0, ent.start - 2): ent.start]]
        heads = self.words["role_heads"]
        if after in heads:
            return True
        return len(before) == 2 and before[1] == "of" and before[0] in heads


def _description_words(noun: Token) -> list[str]:
    """The words that describe a person in an apposition: "the foreign minister", "a priest",
    "Norway's envoy" — not "at the Russian embassy", which says where, not what."""
    words = [noun.lower_]
    for child in noun.children:
        if child.dep_ in ("compound", "amod", "poss", "nmod"):
            words.extend(t.lower_ for t in child.subtree if not t.is_punct and t.dep_ != "case")
    return words


def _join_adjacent(tagged: list[tuple[list[str], Span]], found: list[tuple[list[str], Span]]) -> list[tuple[list[str], Span]]:
    """"Sofia Novak" (found by its first name) right before a lone "Berg" (tagged): one name,
    "Sofia Novak Berg", split by the model at an unfamiliar family name."""
    found_starts = {span.start for _, span in found}
    joined: list[tuple[list[str], Span]] = []
    for tokens, span in sorted(tagged + found, key=lambda pair: pair[1].start):
        previous = joined[-1][1] if joined else None
        if (
            previous is not None and previous.start in found_starts and previous.end == span.start and len(span) == 1
            and previous[-1].whitespace_ == " " and span[0].is_title and fold(span[0].text) not in first_name_genders()
        ):
            previous_tokens, previous = joined[-1]
            joined[-1] = (previous_tokens + tokens, previous.doc[previous.start:span.end])
        else:
            joined.append((tokens, span))
    return joined


def _claim_short_forms(persons: Persons, others: dict[tuple[str, str], Entity], doc: Doc, sentence_of: dict[int, int]) -> None:
    """"Silva-Santos" or "Novak" (of "Van der Novak") tagged as an organisation after the
    person was named in full: the short form of exactly one person is that person."""
    for key, entity in list(others.items()):
        if entity.country or entity.label not in _SHORT_FORM_LABELS:
            continue
        owners = [p for p in persons if is_short_form(entity.name_tokens, p.name_tokens)]
        if len(owners) != 1:
            continue
        for mention in entity.mentions:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is not None:
                grown = whole_name(span)
                if grown.start < span.start and is_short_form(grown.text.split(), owners[0].name_tokens):
                    mention = mention_of(doc[grown.start:span.end], sentence_of)  # "Van der" + "Novak"
            persons.add_mention(owners[0], mention)
        del others[key]


def _merge_acronyms(entities: list[Entity]) -> list[Entity]:
    """"UN" joins "United Nations" when both appear."""
    by_acronym: dict[str, Entity] = {}
    for entity in entities:
        words = [w for w in entity.canonical.split() if w[:1].isupper()]
        if len(words) >= 2:
            by_acronym.setdefault("".join(w[0] for w in words), entity)
    merged: list[Entity] = []
    for entity in entities:
        short = entity.canonical.replace(".", "")
        target = by_acronym.get(short)
        if target is not None and target is not entity and short.isupper():
            target.mentions.extend(entity.mentions)
            target.mentions.sort(key=lambda m: m.start)
        else:
            merged.append(entity)
    return merged


DASHES = frozenset({"-", "\u2013", "\u2014", "--"})
FUNCTION_WORDS = frozenset({"ADP", "SCONJ", "CCONJ", "DET", "ADV", "PRON", "PART"})


def _without_run_in_words(ent: Span) -> Span:
    """The name without the words the model ran into it from before: anything up to a loose
    dash ("Weak - Rubio", "-Fehrman explains" in a list) and a capitalised function word
    opening the sentence ("Without Bloomberg in the mix"). A hyphen glued on both sides
    joins a name ("Per-Olof") and stays."""
    doc = ent.doc
    start = ent.start
    for token in ent:
        joins = token.i > ent.start and _glued(doc[token.i - 1], token) and token.i + 1 < ent.end and _glued(token, doc[token.i + 1])
        if token.text in DASHES and not joins:
            start = token.i + 1
    while start < ent.end - 1 and doc[start].is_stop and doc[start].pos_ in FUNCTION_WORDS:
        start += 1
    return doc[start:ent.end] if start < ent.end else ent


def _glued(left: Token, right: Token) -> bool:
    return right.i == left.i + 1 and not left.whitespace_


def _clean_name(text: str) -> str:
    text = _LEADING_ARTICLE.sub("", text.strip())
    text = POSSESSIVE.sub("", text).strip(" ,.;:\"'\u201c\u201d\u2018\u2019")
    text = text.lstrip("-\u2013\u2014 ")  # "-Tomas Lund explains ...": a list's dash, glued on
    return re.sub(r"\s+", " ", text)
