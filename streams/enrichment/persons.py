"""The people of one article, in one place: each person with its mentions, one offset index
from a token to the person it names, and the only ways to add, merge or drop people.

Every person is born with its first mention and mentions are only added through here,
so the index can never go stale and no person exists without a mention (a person
without one is what crashed the merge on real news: its "first mention" was empty).
The entity step fills it from NER; the quote step adds the speakers NER missed and
says which it added.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache

from spacy.tokens import Doc, Span, Token

from . import data
from .mentions import Entity, Mention, doc_sentences, mention_of
from .name_shapes import is_particle, is_short_form, short_form_only, short_forms
from .names import first_name_genders, fold, gender_of_name

PERSON = "PERSON"


class Persons:
    def __init__(self, doc: Doc):
        self.doc = doc
        self._people: list[Entity] = []
        self._index: dict[int, Entity] = {}  # token start offset -> the person whose mention covers it
        self.added: list[Entity] = []  # people the quote step added: speakers NER did not tag
        self._ruled_out: set[int] = set()  # token offsets of names shown not to be people

    def __iter__(self) -> Iterator[Entity]:
        return iter(list(self._people))  # a copy: callers may add people while they iterate

    def __len__(self) -> int:
        return len(self._people)

    def __contains__(self, person: object) -> bool:
        return any(p is person for p in self._people)

    # --- adding -------------------------------------------------------------------------

    def create(self, canonical: str, first: Mention, gender: str | None = None, added: bool = False) -> Entity:
        person = Entity(label=PERSON, canonical=canonical, gender=gender)
        self._people.append(person)
        if added:
            self.added.append(person)
        self.add_mention(person, first)
        return person

    def add_mention(self, person: Entity, mention: Mention) -> None:
        mentions = person.mentions
        mentions.append(mention)
        if len(mentions) > 1 and mentions[-2].start > mention.start:
            mentions.sort(key=lambda m: m.start)
        self._index_mention(person, mention)

    def _index_mention(self, person: Entity, mention: Mention) -> None:
        for token in self.doc.char_span(mention.start, mention.end, alignment_mode="expand") or ():
            if mention.start <= token.idx < mention.end:
                self._index.setdefault(token.idx, person)

    def drop(self, unwanted: Callable[[Entity], bool]) -> None:
        """Remove the people `unwanted` picks (a place or company tagged as a person)."""
        gone = [p for p in self._people if unwanted(p)]
        if not gone:
            return
        self._people = [p for p in self._people if not any(p is g for g in gone)]
        self.added = [p for p in self.added if p in self]
        self._index = {}
        for person in self._people:
            for mention in person.mentions:
                self._index_mention(person, mention)

    def rule_out(self, not_people: list[Entity]) -> None:
        """Drop names the article shows to be places or organisations, and remember their
        tokens so that no later step (the quote step's missed speakers) brings them back."""
        for entity in not_people:
            for mention in entity.mentions:
                for token in self.doc.char_span(mention.start, mention.end, alignment_mode="expand") or ():
                    self._ruled_out.add(token.idx)
        self.drop(lambda person: any(person is gone for gone in not_people))

    def ruled_out(self, token: Token) -> bool:
        return token.idx in self._ruled_out

    # --- looking up ---------------------------------------------------------------------

    def at(self, token: Token) -> Entity | None:
        """The person a token names, or, for "President Putin" as a subject, whom its compound
        or apposition names."""
        person = self._index.get(token.idx)
        if person is not None:
            return person
        for child in token.children:
            if child.dep_ in ("compound", "appos", "flat") and child.idx in self._index:
                return self._index[child.idx]
        return None

    def covers(self, offset: int) -> bool:
        return offset in self._index

    def carrying(self, word: str) -> list[Entity]:
        """People whose family name (or, for family-name-first names, first word) is `word`."""
        return [
            p for p in self._people
            if word in (p.name_tokens[-1], p.name_tokens[0]) or (fold(word),) in short_forms(p.name_tokens)
        ]

    def owner_of_surname(self, word: str, position: int, gender: str | None = None) -> Entity | None:
        """A lone surname belongs to the person last named in full before it (or the first
        named after it): two people who share a surname are never merged blindly. `gender`,
        from a title ("Mrs. Clinton"), keeps to the people whose given name fits it, and
        prefers them to names of no known gender ("Trump Tower" tagged as a person)."""
        candidates = [p for p in self.carrying(word) if len(p.name_tokens) >= 2]
        if gender is not None and len(candidates) > 1:
            genders = [(p, p.gender or gender_of_name(p.name_tokens)) for p in candidates]
            fitting = [p for p, g in genders if g == gender] or [p for p, g in genders if g is None]
            candidates = fitting or candidates
        if not candidates:
            return next((p for p in self._people if p.name_tokens == [word]), None)
        if len(candidates) == 1:
            return candidates[0]
        best = max(candidates, key=lambda p: _last_start_before(p, position))
        return best if _last_start_before(best, position) >= 0 else min(candidates, key=lambda p: p.first_start)

    def last_named_before(self, position: int) -> Entity | None:
        best, best_start = None, -1
        for person in self._people:
            for mention in person.mentions:
                if best_start < mention.start < position:
                    best, best_start = person, mention.start
        return best

    # --- learning from the text ---------------------------------------------------------

    def learn_genders(self, pronouns: dict[str, str]) -> None:
        """Gender from the given name, or from a he/she/his/her right after the only person named
        so far in a sentence, voted over the article."""
        votes: dict[int, dict[str, int]] = {}
        for sent in doc_sentences(self.doc):
            named_here: list[Entity] = []
            for token in sent:
                person = self.at(token)
                if person is not None and not any(person is p for p in named_here):
                    named_here.append(person)
                elif token.lower_ in pronouns and len(named_here) == 1:
                    tally = votes.setdefault(id(named_here[0]), {"m": 0, "f": 0})
                    tally[pronouns[token.lower_]] += 1
        for person in self._people:
            if person.gender is None:
                person.gender = gender_of_name(person.name_tokens)
            counted = votes.get(id(person))
            if person.gender is None and counted and counted["m"] != counted["f"]:
                person.gender = "m" if counted["m"] > counted["f"] else "f"

    def drop_word_slips(self, speech_verbs: frozenset[str]) -> None:
        """Two slips of the model around names: a sentence-opening speech verb taken into the
        name ("Said Ortiz, ...", "Asserting Ortiz ...": the mentions go to the person the rest
        of the name is, or the name loses the verb), and a day of the week taken for a name
        ("Market Friday": a day is nobody)."""
        for person in self:
            tokens = person.name_tokens
            if any(t.lower() in _weekdays() for t in tokens):
                self.drop(_just(person))
                continue
            if len(tokens) < 2 or tokens[0].lower() not in speech_verbs:
                continue
            rest = tokens[1:]
            owner = next((p for p in self._people if p is not person and (
                p.name_tokens == rest or (len(rest) == 1 and p.name_tokens[-1] == rest[0]) or
                (len(rest) >= 2 and len(p.name_tokens) >= 2 and same_person(p.name_tokens, rest)))), None)
            trimmed = []
            for mention in person.mentions:
                cut = mention.text.find(" ")
                if mention.text.split(" ", 1)[0].lower() in speech_verbs and cut > 0:
                    start = mention.start + cut + 1
                    trimmed.append(Mention(start, mention.end, mention.text[cut + 1:], mention.sentence))
                else:
                    trimmed.append(mention)
            if owner is None:
                person.canonical = " ".join(rest)
                person.mentions = []
                self._index = {k: v for k, v in self._index.items() if v is not person}
                for mention in trimmed:
                    self.add_mention(person, mention)
            else:
                self.drop(_just(person))
                for mention in trimmed:
                    self.add_mention(owner, mention)

    def complete_lone_names(self) -> None:
        """A person known only by one word ("Tandrey said") whose full name the article also
        writes, untagged or inside a longer entity ("according to Bill Tandrey, a pollster"):
        the known given name right before the word completes the name. Only when exactly one
        such given name precedes it, and no other person carries that name already."""
        first_names = first_name_genders()
        for person in self._people:
            if len(person.name_tokens) != 1 or not person.canonical[:1].isupper():
                continue
            word = person.canonical
            givens = set()
            for token in self.doc:
                if token.text != word or token.i == 0:
                    continue
                before = self.doc[token.i - 1]
                if before.is_title and before.is_alpha and fold(before.text) in first_names and before.whitespace_:
                    givens.add(before.text)
            if len(givens) != 1:
                continue
            full = [givens.pop(), word]
            if any(p is not person and p.name_tokens[-1] == word for p in self._people):
                continue  # another person of that family name: which one is meant is not clear
            person.canonical = " ".join(full)
            if person.gender is None:
                person.gender = first_names.get(fold(full[0]))

    def add_untagged_surnames(self, sentence_of: dict[int, int]) -> None:
        """A surname the model did not tag ("Yalçın struck a similar tone") is still its owner's
        mention, when exactly one person in the article carries it."""
        owners: dict[str, list[Entity]] = {}
        for person in self._people:
            if len(person.name_tokens) >= 2:
                words = {fold(person.name_tokens[-1])} | {form[0] for form in short_forms(person.name_tokens) if len(form) == 1}
                first = person.name_tokens[0]
                if fold(first) not in first_name_genders():  # family name first: "Zhang Haoran"
                    words.add(fold(first))
                for word in words:
                    owners.setdefault(word, []).append(person)
        text = self.doc.text
        for token in self.doc:
            end = _hyphen_compound_end(token)  # "Obi-Santos" is three tokens
            word = text[token.idx:end]
            candidates = owners.get(fold(word))
            if not candidates or len(candidates) > 1 or token.idx in self._index or not token.is_title:
                continue
            start = _particles_before(token, candidates[0].name_tokens, end)  # "Van der" + "Obi"
            mention = Mention(start, end, text[start:end], sentence_of.get(token.i, 0))
            self.add_mention(candidates[0], mention)


def merge_names(persons: Persons, names: list[tuple[list[str], Span]], sentence_of: dict[int, int]) -> list[tuple[Entity, Span]]:
    """Group the name mentions of an article into persons; (owner, span) for each mention.

    Full names go first, so that a lone surname can find its owner anywhere in the
    article; each person is created together with its first mention.
    """
    names = sorted(names, key=lambda pair: pair[1].start)
    owned: list[tuple[Entity, Span]] = []
    for tokens, ent in (pair for pair in names if len(pair[0]) >= 2):
        mention = mention_of(ent, sentence_of)
        owner = next((p for p in persons if len(p.name_tokens) >= 2 and same_person(p.name_tokens, tokens)), None)
        if owner is None:
            owner = _owner_of_short_form(persons, tokens, mention.start)
        if owner is None:
            owner = persons.create(" ".join(tokens), mention)
        else:
            if len(tokens) > len(owner.name_tokens):
                owner.canonical = " ".join(tokens)
            persons.add_mention(owner, mention)
        owned.append((owner, ent))
    for tokens, ent in (pair for pair in names if len(pair[0]) < 2):
        mention = mention_of(ent, sentence_of)
        owner = persons.owner_of_surname(tokens[0], mention.start, title_gender_before(ent))
        if owner is None:
            owner = persons.create(tokens[0], mention)
        else:
            persons.add_mention(owner, mention)
        owned.append((owner, ent))
    return owned


def title_gender_before(name: Span) -> str | None:
    """"m" for "Mr. Clinton", "f" for "Mrs. Clinton" or "Ms. Warren": the gender a title right
    before the name (or first inside it) gives, None without one."""
    doc = name.doc
    for token in (doc[name.start - 1] if name.start > 0 else None, name[0]):
        if token is not None:
            gender = _gender_of_title().get(token.lower_)
            if gender is not None:
                return gender
    return None


def _owner_of_short_form(persons: Persons, tokens: list[str], position: int) -> Entity | None:
    """"Van der Berg" or "Ould Bah" after the full name: the person last named in full before
    it; a full name after its own short form ("Van der Berg" in the headline) takes it over."""
    longer = [p for p in persons if is_short_form(tokens, p.name_tokens)]
    if longer:
        return max(longer, key=lambda p: _last_start_before(p, position))
    return next((p for p in persons if short_form_only(p.name_tokens) and is_short_form(p.name_tokens, tokens)), None)


def same_person(known: list[str], tokens: list[str]) -> bool:
    """Same family name and the same first name, or an initial of it ("G. Bush", "George Bush")."""
    if known[-1] != tokens[-1]:
        return False
    first_a, first_b = known[0], tokens[0]

    def is_initial(word: str) -> bool:
        return len(word.rstrip(".")) == 1

    return first_a == first_b or first_a[0] == first_b[0] and (is_initial(first_a) or is_initial(first_b))


def _particles_before(token: Token, full_name: list[str], end: int) -> int:
    """Where a short form starts when particles precede its family name ("Van der Obi")."""
    doc, start = token.doc, token.i
    while start > 0 and is_particle(doc[start - 1].text) and token.i - start < 3:
        start -= 1
    while start < token.i and not is_short_form(doc.text[doc[start].idx:end].split(), full_name):
        start += 1
    return doc[start].idx


def _hyphen_compound_end(token: Token) -> int:
    """The end offset of "Obi-Santos" from its first token; the token's own end otherwise."""
    doc, i = token.doc, token.i
    while i + 2 < len(doc) and doc[i + 1].text == "-" and not doc[i].whitespace_ and not doc[i + 1].whitespace_:
        i += 2
    return doc[i].idx + len(doc[i].text)


def _last_start_before(person: Entity, position: int) -> int:
    return max((m.start for m in person.mentions if m.start < position), default=-1)


def _just(person: Entity) -> Callable[[Entity], bool]:
    """The predicate that picks this one person (bound now, not when the loop has moved on)."""
    return lambda p: p is person


@cache
def _gender_of_title() -> dict[str, str]:
    titles = data.load("people.json")
    return {**dict.fromkeys(titles["male_titles"], "m"), **dict.fromkeys(titles["female_titles"], "f")}


@cache
def _weekdays() -> frozenset[str]:
    """A day of the week is never a name ("Market Friday")."""
    return frozenset(data.load("people.json")["weekdays"])
