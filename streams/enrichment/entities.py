"""Named entities per article: spaCy's mentions merged into one entry per real-world entity.

People are merged by name ("Vladimir Putin", "Putin", "President Putin", "Putin's"),
titles are peeled off names and kept as roles, and known model mistakes around
titles ("State" out of "Secretary of State") are dropped by rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from . import data
from .countries import CountryTable
from .names import first_name_genders, fold

KEPT_LABELS = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)
_POSSESSIVE = re.compile(r"(?:'s|\u2019s|'|\u2019)$")
_LEADING_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")


@dataclass
class Mention:
    start: int  # char offsets in the analysed text (headline + blank line + body)
    end: int
    text: str
    sentence: int  # index of the sentence holding it


@dataclass
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


def _titles() -> dict:
    people = data.load("people.json")
    return {
        "titles": {t.lower() for t in people["titles"]},
        "role_heads": set(people["role_heads"]),
        "male": set(people["male_titles"]),
        "female": set(people["female_titles"]),
        "not_name": set(people["not_name_words"]),
        "place_prepositions": set(people["place_prepositions"]),
    }


class EntityExtractor:
    """Turns a parsed Doc into merged entities; knows nothing of Kafka or records."""

    def __init__(self, countries: CountryTable):
        self.countries = countries
        self.words = _titles()
        self.first_names = first_name_genders()

    def extract(self, doc: Doc) -> list[Entity]:
        sentence_of = _sentence_index(doc)
        persons: list[tuple[list[str], Span]] = []
        others: dict[tuple[str, str], Entity] = {}
        for ent in doc.ents:
            if ent.label_ not in KEPT_LABELS or self._is_title_fragment(ent):
                continue
            label = ent.label_
            text = _clean_name(ent.text)
            if not text:
                continue
            code = self.countries.code_for(text, label)
            if label == "PERSON" and code:
                label = "GPE"  # "Kremlin" tagged as a person
            if label == "PERSON":
                ent = _with_whole_name(ent)  # "Per-Olof Berg" tagged as "Olof Berg"
                text = _clean_name(ent.text)
                tokens = self._person_name(text, ent)
                if tokens:
                    persons.append((tokens, ent))
                    continue
                if tokens is None:
                    continue
                label = "ORG"  # "Davis Cup", "Foreign Ministry": an organisation tagged as a person
            key = (label if not code else "PLACE:" + code if label != "NORP" else "NORP:" + code, text.lower())
            entity = others.get(key)
            if entity is None:
                entity = others[key] = Entity(label=label, canonical=text, country=code)
            entity.mentions.append(_mention(ent, sentence_of))
        persons.extend(self._names_the_model_missed(doc, persons))
        persons.sort(key=lambda pair: pair[1].start)
        people = self._merge_people(persons, sentence_of)
        _add_surname_mentions(doc, people, sentence_of)
        organisations = [e for e in others.values() if e.label == "ORG"]
        people = [p for p in people if not _short_for_an_organisation(p, organisations)]
        return people + _merge_acronyms(list(others.values()))

    # --- people -------------------------------------------------------------------------

    def _merge_people(self, persons, sentence_of) -> list[Entity]:
        clusters: list[Entity] = []
        owner_of_full_name: dict[int, Entity] = {}
        # Full names first, so a lone surname can find its owner anywhere in the article.
        for index, (tokens, ent) in enumerate(persons):
            if len(tokens) < 2:
                continue
            name = " ".join(tokens)
            match = next((c for c in clusters if _same_person(c.name_tokens, tokens)), None)
            if match is None:
                match = Entity(label="PERSON", canonical=name)
                clusters.append(match)
            elif len(tokens) > len(match.name_tokens):
                match.canonical = name  # remembered below, so a rename never loses a mention
            owner_of_full_name[index] = match
        for index, (tokens, ent) in enumerate(persons):
            mention = _mention(ent, sentence_of)
            if len(tokens) >= 2:
                owner = owner_of_full_name[index]
            else:
                owner = self._owner_of_surname(tokens[0], mention.start, clusters)
                if owner is None:
                    owner = Entity(label="PERSON", canonical=tokens[0])
                    clusters.append(owner)
            owner.mentions.append(mention)
            self._learn_roles(owner, ent)
        for person in clusters:
            person.mentions.sort(key=lambda m: m.start)
        return [c for c in clusters if c.mentions and not self._only_a_place(c, persons)]

    def _only_a_place(self, person: Entity, persons) -> bool:
        """A "person" only ever met after "in", "at", "near"... is a place the model missed."""
        starts = {m.start for m in person.mentions}
        previous_words = [ent.doc[ent.start - 1].lower_ for _, ent in persons if ent.start_char in starts and ent.start > 0]
        return bool(previous_words) and len(previous_words) == len(starts) and all(
            w in self.words["place_prepositions"] for w in previous_words
        )

    @staticmethod
    def _owner_of_surname(word: str, position: int, clusters: list[Entity]) -> Entity | None:
        """A surname joins the person last named in full before it (or the first after it).

        Two people who share a surname are not merged blindly: the nearest full mention
        before the surname wins.
        """
        candidates = [c for c in clusters if len(c.name_tokens) >= 2 and word in (c.name_tokens[-1], c.name_tokens[0])]
        if not candidates:
            return next((c for c in clusters if c.name_tokens == [word]), None)
        if len(candidates) == 1:
            return candidates[0]

        def last_before(c: Entity) -> int:
            before = [m.start for m in c.mentions if m.start < position]
            return max(before) if before else -1

        best = max(candidates, key=last_before)
        return best if last_before(best) >= 0 else min(candidates, key=lambda c: c.first_start)

    def _names_the_model_missed(self, doc: Doc, persons) -> list[tuple[list[str], Span]]:
        """A known first name followed by capitalised name words is a person, whatever NER said.

        The small English model often misses unfamiliar names at the start of a sentence
        ("Pavel Novak met ..."); a first-name list (data) catches them without guessing.
        """
        covered = {i for _, ent in persons for i in range(ent.start, ent.end)}
        found = []
        i = 0
        while i < len(doc) - 1:
            token = doc[i]
            if i in covered or not token.is_title or fold(token.text) not in self.first_names:
                i += 1
                continue
            start = i
            if i >= 2 and doc[i - 1].text == "-" and doc[i - 2].is_title:
                start = i - 2  # "Jean-Pierre", "Per-Olof"
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
            span = doc[start:end]
            if end - i >= 2 and not self.countries.code_for(doc[end - 1].text, "GPE") and not any(
                t.lower_ in self.words["not_name"] for t in span
            ):
                found.append((span.text.split(), span))
            i = end
        return found

    def _person_name(self, text: str, ent: Span) -> list[str] | None:
        """The name words of a PERSON mention; [] when it names an organisation, None when no one."""
        tokens = [t for t in self._strip_titles(text.split()) if not any(c.isdigit() for c in t)]  # "Roig 7-6"
        if not tokens or not tokens[0][:1].isupper():
            return None  # "lorry": names are capitalised
        if any(t.lower().strip(".,") in self.words["not_name"] for t in tokens):
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
                if lowered in ("foreign", "defense", "defence", "state", "interior", "finance", "trade", "prime"):
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


def _with_whole_name(ent: Span) -> Span:
    """Take back what the model left off the front of a name: "Per-" of "Per-Olof Berg",
    or a known first name ("Anders" when only "Nyström" was tagged)."""
    doc = ent.doc
    if ent.start >= 2 and doc[ent.start - 1].text == "-" and doc[ent.start - 2].is_title and not doc[ent.start - 2].whitespace_:
        return doc[ent.start - 2:ent.end]
    if ent.start >= 1 and len(ent) == 1 and doc[ent.start - 1].is_title and fold(doc[ent.start - 1].text) in first_name_genders():
        return doc[ent.start - 1:ent.end]
    return ent


def _add_surname_mentions(doc: Doc, people: list[Entity], sentence_of: dict[int, int]) -> None:
    """A surname the model did not tag ("Yalçın struck a similar tone") is still its owner's mention.

    Only for a surname one person in the article carries: two people sharing it are not
    merged blindly.
    """
    owners: dict[str, list[Entity]] = {}
    for person in people:
        if len(person.name_tokens) >= 2:
            owners.setdefault(person.name_tokens[-1], []).append(person)
            first = person.name_tokens[0]
            if fold(first) not in first_name_genders():  # family name first: "Zhang Haoran"
                owners.setdefault(first, []).append(person)
    covered = {i for person in people for m in person.mentions for i in range(m.start, m.end)}
    for token in doc:
        candidates = owners.get(token.text)
        if not candidates or len(candidates) > 1 or token.idx in covered or not token.is_title:
            continue
        person = candidates[0]
        person.mentions.append(Mention(token.idx, token.idx + len(token.text), token.text, sentence_of.get(token.i, 0)))
    for person in people:
        person.mentions.sort(key=lambda m: m.start)


def _short_for_an_organisation(person: Entity, organisations: list[Entity]) -> bool:
    """"Kanto" after "Kanto Motors": the company's short name, not a person."""
    return len(person.name_tokens) == 1 and any(
        len(org.canonical.split()) > 1 and org.canonical.split()[0] == person.canonical for org in organisations
    )


def _same_person(known: list[str], tokens: list[str]) -> bool:
    """Same family name and the same first name, or an initial of it ("G. Bush", "George Bush")."""
    if known[-1] != tokens[-1]:
        return False
    first_a, first_b = known[0], tokens[0]
    def is_initial(word: str) -> bool:
        return len(word.rstrip(".")) == 1
    return first_a == first_b or first_a[0] == first_b[0] and (is_initial(first_a) or is_initial(first_b))


def _merge_acronyms(entities: list[Entity]) -> list[Entity]:
    """"UN" joins "United Nations" when both appear."""
    by_acronym = {}
    for entity in entities:
        words = [w for w in entity.canonical.split() if w[:1].isupper()]
        if len(words) >= 2:
            by_acronym.setdefault("".join(w[0] for w in words), entity)
    merged = []
    for entity in entities:
        short = entity.canonical.replace(".", "")
        target = by_acronym.get(short)
        if target is not None and target is not entity and short.isupper():
            target.mentions.extend(entity.mentions)
            target.mentions.sort(key=lambda m: m.start)
        else:
            merged.append(entity)
    return merged


def _clean_name(text: str) -> str:
    text = _LEADING_ARTICLE.sub("", text.strip())
    text = _POSSESSIVE.sub("", text).strip(" ,.;:\"'\u201c\u201d\u2018\u2019")
    return re.sub(r"\s+", " ", text)


def _mention(ent: Span, sentence_of: dict[int, int]) -> Mention:
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
        end = start + cut
        text = text[:cut].rstrip()
        end = start + len(text)
    trimmed = _POSSESSIVE.sub("", text)
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


def _sentence_index(doc: Doc) -> dict[int, int]:
    index = {}
    for number, sent in enumerate(doc_sentences(doc)):
        for token in sent:
            index[token.i] = number
    return index
