"""Is this PERSON a person? Evidence from the words around each mention of a name.

The small model tags towns, rivers, plants and companies as PERSON. A name is kept as
a person unless the article shows it to be something else and never shows it to be a
person: "in Goma", "the village of X", "the X reservoir", "Lagos, Seoul and X",
"Mississauga, X." read as places; "X, which is listed", "X, the shipping group",
"X have said", "X ... its plant" read as organisations; a title, a speech verb, a
known first name, "X, who" or a he/she read as a person. The cue words are in
data/name_kinds.json; nothing here knows any particular name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from . import data
from .mentions import Entity, Mention
from .names import first_name_genders, fold

PLACE, ORGANISATION, PERSON, THING = "LOC", "ORG", "PERSON", "THING"  # THING: a common word, no entity
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_ORGANISATION_LABELS = frozenset({"ORG", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"})
_STRONG_PERSON = frozenset({"first name", "title", "title before", ", who", "surname alone", "apposition to someone"})
_STRONG_OTHER = ("part of", ", which", "apposition", "hashtag", "common word")
_POSSESSIVE = frozenset({"'s", "\u2019s", "'", "\u2019"})


@dataclass(frozen=True)
class Cues:
    titles: frozenset[str]
    speech_verbs: frozenset[str]
    quote_verbs: frozenset[str]  # speech.json verbs but "reported": after a quote they say who spoke it
    place_prepositions: frozenset[str]
    motion_prepositions: frozenset[str]
    motion_verbs: frozenset[str]
    origin_nouns: frozenset[str]
    of_place_nouns: frozenset[str]
    place_nouns: frozenset[str]
    organisation_nouns: frozenset[str]
    owned_by_place_nouns: frozenset[str]
    thing_relatives: frozenset[str]
    person_relatives: frozenset[str]
    plural_auxiliaries: frozenset[str]
    thing_pronouns: frozenset[str]
    person_pronouns: frozenset[str]
    plural_pronouns: frozenset[str]
    hash_marks: frozenset[str]
    kind_words: frozenset[str]  # people.json not_name_words: "Motors", "Island", "Airport"
    thing_nouns: frozenset[str]
    kin_nouns: frozenset[str]
    family_first: frozenset[str]
    adjective_suffixes: frozenset[str]

    @classmethod
    def load(cls) -> Cues:
        cues = data.load("name_kinds.json")
        people = data.load("people.json")
        weak = set(cues["weak_titles"])
        titles = {t.lower() for t in people["titles"] if " " not in t} - weak
        return cls(
            titles=frozenset(titles),
            speech_verbs=frozenset(cues["speech_verbs"]),
            quote_verbs=frozenset(data.load("speech.json")["verbs"]) - frozenset(cues["publication_verbs"]),
            place_prepositions=frozenset(cues["place_prepositions"]),
            motion_prepositions=frozenset(cues["motion_prepositions"]),
            motion_verbs=frozenset(cues["motion_verbs"]),
            origin_nouns=frozenset(cues["origin_nouns"]) | titles,
            of_place_nouns=frozenset(cues["of_place_nouns"]),
            place_nouns=frozenset(cues["place_nouns"]),
            organisation_nouns=frozenset(cues["organisation_nouns"]),
            owned_by_place_nouns=frozenset(cues["owned_by_place_nouns"]),
            thing_relatives=frozenset(cues["relative_pronouns_of_things"]),
            person_relatives=frozenset(cues["relative_pronouns_of_people"]),
            plural_auxiliaries=frozenset(cues["plural_auxiliaries"]),
            thing_pronouns=frozenset(cues["thing_pronouns"]),
            person_pronouns=frozenset(cues["person_pronouns"]),
            plural_pronouns=frozenset(cues["plural_pronouns"]),
            hash_marks=frozenset(cues["hash_marks"]),
            kind_words=frozenset(people["not_name_words"]),
            thing_nouns=frozenset(cues["thing_nouns"]),
            kin_nouns=frozenset(cues["kin_nouns"]),
            family_first=frozenset(data.load("name_shapes.json")["family_first_surnames"]),
            adjective_suffixes=frozenset(cues["adjective_suffixes"]),
        )


@dataclass
class Evidence:
    person: list[str]
    place: list[str]
    organisation: list[str]
    thing: list[str] = field(default_factory=list)

    def kind(self) -> str:
        """PERSON unless something else was shown and no sign of a person was. A title, a
        known first name or ", who" outweighs anything; being part of a longer place or
        company name, ", which" or an organisation apposition outweigh a speech verb or
        a pronoun (companies "said" too)."""
        if any(reason in _STRONG_PERSON for reason in self.person):
            return PERSON
        other = self.place + self.organisation + self.thing
        if not other or (self.person and not any(r.startswith(_STRONG_OTHER) for r in other)):
            return PERSON
        if any(r.startswith("common word") for r in self.thing) or not (self.place or self.organisation):
            return THING  # a common word, or a lone word with nothing to say what it names
        strong_organisation = any(r.startswith(_STRONG_OTHER) for r in self.organisation)
        strong_place = any(r.startswith(_STRONG_OTHER) for r in self.place)
        if strong_organisation != strong_place:
            return ORGANISATION if strong_organisation else PLACE
        return ORGANISATION if len(self.organisation) > len(self.place) else PLACE


class NameKinds:
    """Weighs the evidence of a PERSON candidate's mentions; knows no names."""

    def __init__(self, cues: Cues | None = None):
        self.cues = cues or Cues.load()
        self.first_names = first_name_genders()

    def kind_of(self, person: Entity, doc: Doc) -> str:
        return self.evidence(person, doc).kind()

    def evidence(self, person: Entity, doc: Doc) -> Evidence:
        found = Evidence([], [], [])
        tokens = person.name_tokens
        if fold(tokens[0]) in self.first_names and (len(tokens) >= 2 or tokens[0].istitle()):
            found.person.append("first name")  # "Sharon Lund", or "a daughter, Nadine,"
        if person.roles & self.cues.titles:
            found.person.append("title")
        if len(tokens) >= 2 and any(self._surname_alone(m, tokens[-1], doc) for m in person.mentions):
            found.person.append("surname alone")  # "Cruz said": places and firms are not cut short at the end
        located = [doc.char_span(m.start, m.end, alignment_mode="expand") for m in person.mentions]
        spans = [span for span in located if span is not None and len(span)]
        for span in spans:
            self._read_mention(span, found)
        self._read_longer_entities(person, doc, found)
        if len(tokens) == 1 and not found.person and tokens[0].lower() in self.cues.family_first:
            found.person.append("family name")  # "Wu", "Park": a family name on its own is someone's
        if len(tokens) == 1 and not found.person:
            # the small model tags lone capitalised words as PERSON far more often than it
            # meets a person named by one word with nothing around it saying so
            found.thing.append("lone word")
        roots = [s.root for s in spans]
        if len(tokens) == 1 and roots and all(r.tag_ == "NNPS" for r in roots):
            found.thing.append("common word: plural")  # "the Clintons", "Latinos": a family, a people
        if len(tokens) == 1 and self._common_word(tokens[0], doc):
            found.thing.append("common word")  # "Fado was ..." beside "fado singers"
        if tokens[-1].rpartition("-")[2] in self.cues.adjective_suffixes:
            found.thing.append("common word: adjective")  # "Bush-era", "Clinton-backed"
        return found

    # --- one mention ----------------------------------------------------------------------

    def _read_mention(self, span: Span, found: Evidence) -> None:
        doc = span.doc
        before = doc[span.start - 1] if span.start > 0 else None
        after = _after(span)
        possessive = after is not None and after.text in _POSSESSIVE
        cues = self.cues
        if span[0].lower_ in cues.titles or (before is not None and before.lower_ in cues.titles):
            found.person.append("title before")
        if before is not None and before.text in cues.hash_marks and not before.whitespace_:
            found.organisation.append("hashtag")
        if self._speaks(span):
            found.person.append("speech verb")
        following = _next(after) if after is not None and after.text == "," else None
        if following is not None and following.lower_ in cues.person_relatives:
            found.person.append(", who")
        if self._in_apposition_to_someone(span, before):
            found.person.append("apposition to someone")
        if self._followed_by_person_pronoun(span):
            found.person.append("he/she")
        if possessive and after is not None:  # possessive already implies a token after the name
            owned = _next(after)
            if owned is not None and owned.lower_ in cues.owned_by_place_nouns:
                found.place.append("possessed " + owned.lower_)
            return  # "in Putin's view": what follows a possessive says nothing of the name
        self._read_place(span, before, after, found)
        self._read_organisation(span, before, after, found)

    def _read_place(self, span: Span, before: Token | None, after: Token | None, found: Evidence) -> None:
        cues = self.cues
        lead = _coordination_lead(span)  # "around Dadu and X": the preposition governs the first
        lead_before = before
        if 0 < lead.i < span.start and not any(self._a_person(t) for t in [lead] + _coordinated(span)):
            lead_before = span.doc[lead.i - 1]
        for word in {t for t in {before, lead_before} if t is not None}:
            if word.lower_ in cues.place_prepositions:
                found.place.append("preposition " + word.lower_)
            elif word.lower_ in cues.motion_prepositions and self._motion(word, span):
                found.place.append("motion " + word.lower_)
            elif word.lower_ == "of" and word.i > 0 and _noun_before_of(word).lower_ in cues.of_place_nouns:
                found.place.append("the " + _noun_before_of(word).lower_ + " of")
        head_noun = _following_noun(span)
        if head_noun is not None and head_noun.lower_ in cues.place_nouns:
            found.place.append("the X " + head_noun.lower_)
        elif head_noun is not None and head_noun.i == span.end and head_noun.lower_ in cues.thing_nouns and len(span) == 1:
            found.thing.append("the X " + head_noun.lower_)  # "the Brady bill", "Pell grants"
        if before is not None and before.lower_ == "of" and before.i > 0 and self._someone_of(before):
            found.place.append("someone of X")  # "Gonzalez, 55, of Brigantine"
        partners = _coordinated(span)
        if any(t.ent_type_ in _PLACE_LABELS for t in partners) and not any(self._a_person(t) for t in partners):
            found.place.append("coordinated with a place")  # not in a list of people one of whom looks like a town
        if len(span) > 1:
            return  # a lone word beside a place: "Mississauga, Ont.", "Goma, Congo"
        if before is not None and before.text == "," and before.i > 0 and _place_like(before.doc[before.i - 1]):
            if span[-1].text.endswith(".") or (after is not None and after.text == "." and not span[-1].whitespace_):
                found.place.append("after 'Place,'")
        if after is not None and after.text == "," and (region := _next(after)) is not None:
            if region.ent_type_ in ("GPE",) and ((beyond := _next(region)) is None or beyond.is_punct):
                found.place.append("before ', Country'")

    def _read_organisation(self, span: Span, before: Token | None, after: Token | None, found: Evidence) -> None:
        cues = self.cues
        following = _next(after) if after is not None and after.text == "," else None
        if following is not None and following.lower_ in cues.thing_relatives:
            found.organisation.append(", which")
        root = span.root
        for child in root.children:
            if child.dep_ == "appos" and child.lower_ in cues.organisation_nouns:
                found.organisation.append("apposition " + child.lower_)
        if root.dep_ in ("appos", "compound") and root.head.i < span.start and root.head.lower_ in cues.organisation_nouns:
            found.organisation.append("apposition to " + root.head.lower_)  # "the group X"
        elif before is not None and before.dep_ == "compound" and before.head.i in range(span.start, span.end) and (
            before.lower_ in cues.organisation_nouns
        ):
            found.organisation.append("apposition to " + before.lower_)
        if root.dep_ in ("nsubj", "nsubjpass") and not _coordinated(span):
            verb = root.head
            auxiliaries = [a for a in verb.children if a.dep_ in ("aux", "auxpass")]
            if verb.tag_ == "VBP" or any(a.tag_ == "VBP" or a.lower_ in cues.plural_auxiliaries - {"have"} for a in auxiliaries):
                found.organisation.append("plural verb")
            if self._its_follows(span, verb):
                found.organisation.append("its")

    # --- helpers ---------------------------------------------------------------------------

    def _in_apposition_to_someone(self, span: Span, before: Token | None) -> bool:
        """"his wife, Comfort,", "her surname, Wu,", "Lund, a farmer,": a noun for a person
        beside the name."""
        cues = self.cues
        people = cues.kin_nouns | cues.titles
        root = span.root
        if root.dep_ == "appos" and root.head.lower_ in people:
            return True
        if any(child.dep_ == "appos" and child.lower_ in people for child in root.children):
            return True
        return before is not None and before.text == "," and before.i > 0 and before.doc[before.i - 1].lower_ in cues.kin_nouns

    @staticmethod
    def _someone_of(of: Token) -> bool:
        """"of X" right after a person's name or age: where the person is from."""
        doc = of.doc
        previous = doc[of.i - 1]
        if previous.ent_type_ == "PERSON":
            return True
        return previous.text == "," and of.i >= 2 and doc[of.i - 2].like_num and of.i >= 4 and doc[of.i - 3].text == ","

    def _a_person(self, token: Token) -> bool:
        """A name token that is surely a person's: tagged PERSON with a known given name."""
        words = [token] + [c for c in token.children if c.dep_ in ("compound", "flat")]
        return token.ent_type_ == "PERSON" and any(fold(t.text) in self.first_names for t in words)

    @staticmethod
    def _common_word(word: str, doc: Doc) -> bool:
        """The word also appears in lower case inside a sentence: a common noun that a
        sentence start or a headline capitalised."""
        lower = word.lower()
        return lower != word and any(t.text == lower and not t.is_sent_start for t in doc)

    @staticmethod
    def _surname_alone(mention: Mention, surname: str, doc: Doc) -> bool:
        if mention.text != surname:
            return False
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None or len(span) != 1 or span[0].ent_type_ not in ("", "PERSON"):
            return False
        neighbours = [doc[i] for i in (span.start - 1, span.end) if 0 <= i < len(doc)]
        return not any(t.is_title and t.pos_ == "PROPN" for t in neighbours)

    def _speaks(self, span: Span) -> bool:
        """"X said", or any verb of the speech lexicon right after a quotation ('"...," X stated')."""
        root = span.root
        if root.dep_ != "nsubj":
            return False
        verb = root.head.lower_
        return verb in self.cues.speech_verbs or (verb in self.cues.quote_verbs and _right_after_a_quote(span))

    def _motion(self, preposition: Token, span: Span) -> bool:
        """"flew to X", "the road to X", "from X to Y": a move, so X is where."""
        head = preposition.head
        if head.lower_ in self.cues.motion_verbs:
            return True
        if preposition.lower_ == "from":
            after = _after_coordination(span)
            if after is not None and after.lower_ == "to":
                destination = _next(after)  # "from Marco Rubio to Ted Cruz" is no journey
                return destination is None or not self._a_person(_name_head(destination))
            return head.lower_ in self.cues.origin_nouns  # "an engineer from X"
        doc = span.doc
        for j in range(preposition.i - 1, max(-1, preposition.i - 7), -1):
            if doc[j].lower_ == "from":
                return not self._a_person(doc[preposition.i - 1])  # "from Y to X"
            if doc[j].pos_ not in ("PROPN", "CCONJ", "PUNCT"):
                break
        return False

    def _its_follows(self, span: Span, verb: Token) -> bool:
        """"X said its profits rose": the first possessive after the subject is "its"."""
        for token in span.doc[span.end: min(verb.sent.end, span.end + 8)]:
            lower = token.lower_
            if lower in self.cues.thing_pronouns:
                return token.head.head.i == verb.i or token.head.i == verb.i
            if lower in self.cues.person_pronouns or lower in self.cues.plural_pronouns or token.pos_ in ("PROPN", "NOUN", "PRON"):
                return False
        return False

    def _followed_by_person_pronoun(self, span: Span) -> bool:
        """"X said he would ...": a he/she/his in the clause the name is the subject of,
        with no other name before it ("In Goma, he said" says nothing of Goma)."""
        root = span.root
        if root.dep_ != "nsubj":
            return False
        for token in span.doc[span.end: root.head.sent.end]:
            if token.ent_type_ or token.lower_ in self.cues.thing_pronouns:
                return False
            if token.lower_ in self.cues.person_pronouns and token.lower_ != "her" and token.head.i >= root.head.i:
                return True
        return False

    def _read_longer_entities(self, person: Entity, doc: Doc, found: Evidence) -> None:
        """"Song Hong" beside "Song Hong Motors", "Rote" beside "Rote Island": the name is the
        first part of a place's or organisation's name in the same article."""
        words = person.name_tokens
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                continue
            ent_words = ent.text.split()
            if ent_words and ent_words[0].lower() in ("the",):
                ent_words = ent_words[1:]
            if len(ent_words) > len(words) and ent_words[: len(words)] == words:
                rest = {w.lower().strip(".,'\u2019s") for w in ent_words[len(words):]}
                # "Song Hong Motors", "Rote Island" prove it; "the Trump campaign" does not
                reason = ("part of " if rest & self.cues.kind_words else "beside ") + ent.label_
                (found.place if ent.label_ in _PLACE_LABELS else found.organisation).append(reason)
                return


def _place_like(token: Token) -> bool:
    """The town in "Mississauga, Ont.": a place, or a proper noun the model did not place."""
    return token.ent_type_ in ("GPE", "LOC") or (token.pos_ == "PROPN" and token.ent_type_ != "PERSON")


def _right_after_a_quote(span: Span) -> bool:
    """Does a closing quotation mark (after a comma, perhaps) stand right before the name?"""
    doc = span.doc
    before = [doc[i] for i in range(max(0, span.start - 2), span.start)]
    return any(t.is_quote and t.text not in ("\u201c", "\u2018") for t in before)


def _after(span: Span) -> Token | None:
    return span.doc[span.end] if span.end < len(span.doc) else None


def _name_head(token: Token) -> Token:
    """The last word of the name starting at `token` ("Ted" -> "Cruz")."""
    doc, i = token.doc, token.i
    while i + 1 < len(doc) and doc[i + 1].ent_iob_ == "I":
        i += 1
    return doc[i]


def _next(token: Token) -> Token | None:
    """The next word, past spaces ("Griffin,\xa0who")."""
    i = token.i + 1
    while i < len(token.doc) and token.doc[i].is_space:
        i += 1
    return token.doc[i] if i < len(token.doc) else None


def _noun_before_of(of: Token) -> Token:
    return of.doc[of.i - 1]


def _following_noun(span: Span) -> Token | None:
    """The common noun a name modifies: "the X district", "the X enrichment plant", and for
    "the Chu and X rivers" the noun after the coordination."""
    doc = span.doc
    after = _after_coordination(span)
    i = after.i if after is not None else span.end
    for j in range(i, min(i + 2, len(doc))):
        token = doc[j]
        if token.is_punct or token.is_title or token.is_upper:
            return None
        if token.pos_ == "NOUN" and (j + 1 >= len(doc) or doc[j + 1].pos_ != "NOUN"):
            return token
        if token.pos_ != "NOUN":
            return None
    return None


def _coordinated(span: Span) -> list[Token]:
    """The tokens joined to the name by and/or/commas ("Lagos, Seoul, Bamako and X")."""
    lead = _coordination_lead(span)
    members, stack = [], [lead]
    if lead.dep_ == "pobj":  # "for Toulouse and for Hanoi": the prepositions are coordinated
        stack += [obj for prep in lead.head.children if prep.dep_ == "conj" for obj in prep.children if obj.dep_ == "pobj"]
    while stack:
        token = stack.pop()
        members.append(token)
        stack.extend(child for child in token.children if child.dep_ == "conj")
    return [t for t in members if not span.start <= t.i < span.end]


def _coordination_lead(span: Span) -> Token:
    token = span.root
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


def _after_coordination(span: Span) -> Token | None:
    """The token after the last member of the coordination the name belongs to."""
    members = [span.root] + [t for t in _coordinated(span)]
    last = max(t.i for t in members)
    last = max(last, span.end - 1)
    doc = span.doc
    # a coordinated member may be a multi-word name: skip its other proper nouns
    while last + 1 < len(doc) and doc[last + 1].pos_ == "PROPN" and doc[last + 1].is_title:
        last += 1
    return doc[last + 1] if last + 1 < len(doc) else None
