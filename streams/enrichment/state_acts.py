"""Who acts upon whom: acts of relations between states, read from the dependency parse.

An act is a verb of relations ("summoned", "sanctioned", "negotiated with", "urged") whose
subject is a state actor (a country, its government or ministry, an official in office)
and whose object, or the object of one of its prepositions, is another state or an
international organisation. A candidate's pledge ("Trump would negotiate with China") is
not an act: a candidate is not a state. Lexicons in data/diplomacy_acts.json.

The same act is read in the ways news writes it:
- passive voice: the actor is the agent ("sanctions were imposed on Iran by the United
  States", "the ambassador was summoned by the foreign ministry");
- reported speech: a pronoun subject stands for the speaker of the reporting verb ("the
  ministry said it had summoned the ambassador");
- a noun of relations ("talks", "sanctions", "visit") tied to two parties by a possessive or
  "between" ("Germany's sanctions against Russia", "the talks between Japan and Korea");
- a reaction: a state of a named country, an office of it or its official saying something
  about another state ("the Mexican foreign ministry said Brazil had broken its promise").
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from . import data
from .mentions import Entity

# (start, end, ISO code) char spans of country references, sorted by start
CountrySpans = list[tuple[int, int, str]]

MAX_PHRASE_TOKENS = 6  # a subject or object phrase longer than this is a clause, not an actor
SUBJECTS = ("nsubj", "nsubjpass")
OBJECTS = ("dobj", "dative", "attr", "oprd")


@dataclass(frozen=True)
class StateAct:
    start: int  # char offset of the verb
    kind: str  # talks, agreement, protest, sanctions, ...
    actor: str  # the words as written
    verb: str
    target: str
    actor_code: str | None  # ISO code of the acting state when the article says it
    target_code: str | None
    phrase: str = ""  # a noun of relations: the words as written ("talks between Japan and Korea")

    @property
    def reason(self) -> str:
        if self.phrase:
            return f"act: {self.phrase}"
        return f"act: {self.actor} {self.verb} {self.target}"


class StateActFinder:
    def __init__(self) -> None:
        lexicon = data.load("diplomacy_acts.json")
        # the pipeline runs without spaCy's lemmatizer (it costs time): match the verbs' written forms
        self.act_forms: dict[str, str] = {
            form: kind
            for verb, kind in lexicon["act_verbs"].items()
            for form in (*verb_forms(verb), *lexicon["irregular_forms"].get(verb, []))
        }
        self.prepositions = set(lexicon["target_prepositions"])
        self.state_nouns = [tuple(n.split()) for n in lexicon["state_nouns"]]
        self.titles = [tuple(t.split()) for t in lexicon["official_titles"]]
        self.not_in_office = set(lexicon["not_in_office"])
        self.organisations = [tuple(o.split()) for o in lexicon["international_organisations"]]
        self.act_nouns: dict[str, str] = lexicon["act_nouns"]
        self.speech_forms = {form for verb in lexicon["speech_verbs"] for form in
                             (*verb_forms(verb), *lexicon["irregular_forms"].get(verb, []))}
        self.noun_prepositions = set(lexicon["act_noun_prepositions"])
        self.reporting_pronouns = set(lexicon["reporting_pronouns"])  # in reported speech, the reporting verb's subject

    def find(self, doc: Doc, people: list[Entity], country_spans: CountrySpans) -> list[StateAct]:
        """country_spans: (start, end, code) char spans of country references, sorted by start."""
        starts = [s for s, _, _ in country_spans]
        officials = self._officials(people)
        acts = []
        for token in doc:
            if token.pos_ == "VERB" and token.lower_ in self.act_forms:
                act = self._verbal(token, country_spans, starts, officials)
            elif token.pos_ == "VERB" and token.lower_ in self.speech_forms:
                act = self._reaction(token, country_spans, starts, officials)
            elif token.pos_ in ("NOUN", "PROPN") and token.lower_ in self.act_nouns:
                act = self._nominal(token, country_spans, starts, officials)
            else:
                act = None
            if act is not None:
                acts.append(act)
        return acts

    def _verbal(self, token: Token, country_spans: CountrySpans, starts: list[int], officials: list[tuple[int, int]]) -> StateAct | None:
        """A verb of relations: who acts (subject, or the agent of a passive) upon whom."""
        kind = self.act_forms[token.lower_]
        subject = next((c for c in token.children if c.dep_ in SUBJECTS), None)
        if subject is None and token.dep_ in ("conj", "xcomp", "advcl"):
            subject = next((c for c in token.head.children if c.dep_ in SUBJECTS), None)
        if subject is None:
            return None
        targets = list(self._targets(token))
        if subject.dep_ == "nsubjpass":  # "X was summoned by Y": Y acts upon X
            agent = next((g for c in token.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
            if agent is None:
                return None
            targets.insert(0, subject)
            subject = agent
        elif subject.lower_ in self.reporting_pronouns and token.dep_ == "ccomp":  # "the ministry said it had summoned ..."
            subject = next((c for c in token.head.children if c.dep_ == "nsubj"), subject)
        actor = self._state(subject, country_spans, starts, officials)
        if actor is None:
            return None
        for target_head in targets:
            # an official of no named country is a target only for an actor of a named one
            # ("the British ambassador praised President Smith", not "Senator Jones criticized him")
            target = self._state(target_head, country_spans, starts, officials, target=True,
                                 officials_too=actor[1] is not None)
            if target is None:
                continue
            if actor[1] and target[1] and actor[1] == target[1]:
                continue  # a state acting on itself is domestic politics
            return StateAct(token.idx, kind, actor[0], token.text, target[0], actor[1], target[1])
        return None

    def _reaction(self, token: Token, country_spans: CountrySpans, starts: list[int], officials: list[tuple[int, int]]) -> StateAct | None:
        """A state of a named country saying something about another state ("the Mexican
        foreign ministry said the United States had broken its word"): what a state's officials
        say of another state is its reaction. A candidate, or an official of no named country,
        is not a state of a named country."""
        subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
        clause = next((c for c in token.children if c.dep_ == "ccomp"), None)
        if subject is None or clause is None:
            return None
        actor = self._state(subject, country_spans, starts, officials)
        if actor is None or actor[1] is None or not self._speaks_for_state(subject, country_spans, starts, officials):
            return None
        words = list(clause.subtree)
        if any(w.pos_ == "VERB" and w.lower_ in self.act_forms and self._verbal(w, country_spans, starts, officials)
               for w in words):
            return None  # "said it had summoned the ambassador": the act itself is counted
        start, end = words[0].idx, words[-1].idx + len(words[-1])
        for i in range(bisect_left(starts, start), len(country_spans)):
            begin, finish, code = country_spans[i]
            if begin >= end:
                break
            if code != actor[1]:
                return StateAct(token.idx, "reaction", actor[0], token.text, token.doc.text[begin:finish],
                                actor[1], code)
        return None

    def _speaks_for_state(self, subject: Token, country_spans: CountrySpans, starts: list[int], officials: list[tuple[int, int]]) -> bool:
        """The speaker is the state itself ("China said"), an office of it ("the foreign ministry",
        "a Chinese official") or an official in office, not anyone with a nationality."""
        at = subject.idx
        if _country_in(country_spans, starts, at, at + len(subject)):
            return True
        words = tuple(t.lower_ for t in list(subject.subtree)[:MAX_PHRASE_TOKENS])
        return _contains(words, self.state_nouns) or any(s <= at < e for s, e in officials)

    def _nominal(self, token: Token, country_spans: CountrySpans, starts: list[int], officials: list[tuple[int, int]]) -> StateAct | None:
        """A noun of relations between two parties: a state that owns it and another state or
        organisation after a preposition ("Germany's sanctions against Russia"), or two of them
        after "between" ("talks between Japan and Korea"). One party alone ("sanctions on
        Iran", "a deal with Mexico and Canada") does not say who acts, so it is not counted."""
        owner = next((c for c in token.children if c.dep_ == "poss"), None)
        actor = None
        if owner is not None:
            actor = self._state(owner, country_spans, starts, officials)
            if actor is None:
                return None  # a candidate's visit, a company's talks
        parties = []
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ in self.noun_prepositions:
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        for party in (obj, *(c for c in obj.children if c.dep_ == "conj")):
                            found = self._state(party, country_spans, starts, officials, target=True, own_words=True)
                            if found is not None:
                                parties.append((prep, found))
        owned = actor is not None
        if not owned:  # "between" names both parties; "a deal with A and B" leaves out who deals
            parties = [(prep, party) for prep, party in parties if prep.lower_ == "between"]
            if len(parties) >= 2:
                (_, actor), *parties = parties
        for prep, target in parties:
            if actor is None or (actor[1] and actor[1] == target[1]):
                continue
            phrase = f"{actor[0]} {token.text} {prep.text} {target[0]}" if owned else \
                f"{token.text} {prep.text} {actor[0]} and {target[0]}"
            return StateAct(token.idx, self.act_nouns[token.lower_], actor[0], token.text, target[0],
                            actor[1], target[1], phrase)
        return None

    def _targets(self, verb: Token) -> Iterator[Token]:
        for child in verb.children:
            if child.dep_ in OBJECTS:
                yield child
            elif child.dep_ == "prep" and child.lower_ in self.prepositions:
                yield from (g for g in child.children if g.dep_ == "pobj")
            elif child.dep_ == "xcomp":  # "urged Iran to ...": the object sits before the infinitive
                yield from (g for g in child.children if g.dep_ in SUBJECTS)

    def _state(self, head: Token, country_spans: CountrySpans, starts: list[int], officials: list[tuple[int, int]],
               target: bool = False, own_words: bool = False, officials_too: bool = False) -> tuple[str, str | None] | None:
        """(words, code) when the phrase headed here is a state actor, else None. A target must
        name its state or be an international organisation (officials_too: or be an official in
        office): an official of no named country ("criticized President Smith") may well be of
        the actor's own.
        own_words: the phrase without its conjuncts ("Japan" of "Japan and Korea")."""
        phrase = [t for t in head.subtree][:MAX_PHRASE_TOKENS]
        if own_words:
            phrase = [t for t in phrase if t.i <= head.i] or [head]
        if not phrase:
            return None
        start, end = phrase[0].idx, phrase[-1].idx + len(phrase[-1])
        text = head.doc.text[start:end]
        code = _country_in(country_spans, starts, start, end)
        words = tuple(t.lower_ for t in phrase)
        if any(w in self.not_in_office for w in words):
            return None
        if code:
            return text, code
        if target:
            if self._has(phrase, self.organisations, acronyms=True):
                return text, None
            return (text, None) if officials_too and any(start <= s < end for s, e in officials) else None
        if any(start <= s < end for s, e in officials):
            return text, None
        if _contains(words, self.state_nouns):
            return text, None
        return None

    def _officials(self, people: list[Entity]) -> list[tuple[int, int]]:
        """Mentions of people who hold an office in the article (a title, and no word of candidacy)."""
        spans = []
        for person in people:
            if person.roles & self.not_in_office:
                continue
            if any(all(w in person.roles for w in title) for title in self.titles):
                spans += [(m.start, m.end) for m in person.mentions]
        return spans

    @staticmethod
    def _has(phrase: list[Token], names: list[tuple[str, ...]], acronyms: bool) -> bool:
        words = tuple(t.lower_ for t in phrase)
        for name in names:
            n = len(name)
            for i in range(len(words) - n + 1):
                if words[i:i + n] == name:
                    # short acronyms must be written in capitals ("UN", not "un")
                    if not acronyms or n > 1 or len(name[0]) > 4 or phrase[i].text.isupper() or "." in phrase[i].text:
                        return True
        return False


def verb_forms(verb: str) -> set[str]:
    """The regular forms of an English verb: summon, summons, summoned, summoning."""
    consonant_y = verb.endswith("y") and verb[-2:-1] not in "aeiou"
    third = verb[:-1] + "ies" if consonant_y else verb + ("es" if verb.endswith(("s", "sh", "ch", "x", "z")) else "s")
    past = verb[:-1] + "ied" if consonant_y else verb + ("d" if verb.endswith("e") else "ed")
    gerund = (verb[:-1] if verb.endswith("e") and not verb.endswith("ee") else verb) + "ing"
    return {verb, third, past, gerund}


def _contains(words: tuple[str, ...], phrases: list[tuple[str, ...]]) -> bool:
    return any(words[i:i + len(p)] == p for p in phrases for i in range(len(words) - len(p) + 1))


def _country_in(country_spans: CountrySpans, starts: list[int], start: int, end: int) -> str | None:
    """The code of a country reference inside [start, end); references never overlap each other."""
    i = bisect_left(starts, end) - 1
    if i >= 0 and country_spans[i][1] > start:
        return country_spans[i][2]
    return None
