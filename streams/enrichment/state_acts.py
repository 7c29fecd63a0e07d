"""Who acts upon whom: acts of relations between states, read from the dependency parse.

An act is a verb of relations ("summoned", "sanctioned", "negotiated with", "urged") whose
subject is a state actor (a country, its government or ministry, an official in office)
and whose object, or the object of one of its prepositions, is another state or an
international organisation. A candidate's pledge ("Trump would negotiate with China") is
not an act: a candidate is not a state. Lexicons in data/diplomacy_acts.json.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from . import data
from .mentions import Entity

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

    @property
    def reason(self) -> str:
        return f"act: {self.actor} {self.verb} {self.target}"


class StateActFinder:
    def __init__(self):
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

    def find(self, doc: Doc, people: list[Entity], country_spans: list[tuple[int, int, str]]) -> list[StateAct]:
        """country_spans: (start, end, code) char spans of country references, sorted by start."""
        starts = [s for s, _, _ in country_spans]
        officials = self._officials(people)
        acts = []
        for token in doc:
            kind = self.act_forms.get(token.lower_) if token.pos_ == "VERB" else None
            if kind is None:
                continue
            subject = next((c for c in token.children if c.dep_ in SUBJECTS), None)
            if subject is None and token.dep_ in ("conj", "xcomp", "advcl"):
                subject = next((c for c in token.head.children if c.dep_ in SUBJECTS), None)
            if subject is None:
                continue
            actor = self._state(subject, country_spans, starts, officials)
            if actor is None:
                continue
            for target_head in self._targets(token):
                target = self._state(target_head, country_spans, starts, officials, organisations=True)
                if target is None:
                    continue
                if actor[1] and target[1] and actor[1] == target[1]:
                    continue  # a state acting on itself is domestic politics
                acts.append(StateAct(token.idx, kind, actor[0], token.text, target[0], actor[1], target[1]))
                break
        return acts

    def _targets(self, verb: Token):
        for child in verb.children:
            if child.dep_ in OBJECTS:
                yield child
            elif child.dep_ == "prep" and child.lower_ in self.prepositions:
                yield from (g for g in child.children if g.dep_ == "pobj")
            elif child.dep_ == "xcomp":  # "urged Iran to ...": the object sits before the infinitive
                yield from (g for g in child.children if g.dep_ in SUBJECTS)

    def _state(self, head: Token, country_spans, starts, officials, organisations: bool = False):
        """(words, code) when the phrase headed here is a state actor, else None."""
        phrase = [t for t in head.subtree][:MAX_PHRASE_TOKENS]
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
        if organisations and self._has(phrase, self.organisations, acronyms=True):
            return text, None
        if any(start <= s < end for s, e in officials):
            return text, None
        if not organisations and _contains(words, self.state_nouns):
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


def _country_in(country_spans, starts, start: int, end: int) -> str | None:
    """The code of a country reference inside [start, end); references never overlap each other."""
    i = bisect_left(starts, end) - 1
    if i >= 0 and country_spans[i][1] > start:
        return country_spans[i][2]
    return None
