"""Is this a diplomacy story? A score in [0, 1] with the reasons an editor can read.

Evidence: how many countries the story involves, the roles of the people in it
(foreign ministers, envoys, heads of state of different countries), and the
vocabulary of relations between states, weighed against the vocabulary of
stories that merely mention several countries (sport, business, disasters,
culture, science, tourism, combat). Weights live in data/diplomacy.json.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from . import data
from .mentions import Entity

MAX_SIGNALS = 8


@dataclass
class Diplomacy:
    is_diplomacy: bool
    score: float
    signals: list[str] = field(default_factory=list)


class DiplomacyScorer:
    def __init__(self, nlp, countries, threshold: float = 0.5):
        self.countries = countries
        self.model = data.load("diplomacy.json")
        self.threshold = threshold
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for term in self.model["terms"]:
            self.matcher.add(term, [nlp.make_doc(term)])
        self.role_words = [w.split() for w in self.model["roles"]["words"]]
        self.leader_titles = set(self.model["leaders"]["titles"])

    def score(self, doc: Doc, people: list[Entity], countries: list[str], headline_end: int) -> Diplomacy:
        evidence: list[tuple[float, str]] = []
        if len(countries) >= 3:
            evidence.append((self.model["countries"]["three_or_more"], f"{len(countries)} countries: {', '.join(countries[:5])}"))
        elif len(countries) == 2:
            evidence.append((self.model["countries"]["two"], f"2 countries: {', '.join(countries)}"))
        evidence.extend(self._role_evidence(people))
        evidence.extend(self._term_evidence(doc, headline_end))
        total = self.model["bias"] + sum(weight for weight, _ in evidence)
        score = 1.0 / (1.0 + math.exp(-total))
        positive = sorted((e for e in evidence if e[0] > 0), key=lambda e: -e[0])
        negative = sorted((e for e in evidence if e[0] < 0), key=lambda e: e[0])
        signals = [reason for _, reason in positive[:MAX_SIGNALS]]
        signals += ["against: " + reason for _, reason in negative[:3]]
        return Diplomacy(is_diplomacy=score >= self.threshold, score=round(score, 4), signals=signals)

    def _role_evidence(self, people: list[Entity]):
        roles_seen = set()
        leaders_by_country: dict[str, str] = {}
        for person in people:
            for words in self.role_words:
                if all(w in person.roles for w in words):
                    roles_seen.add(" ".join(words))
            if any(all(w in person.roles for w in title.split()) for title in self.leader_titles):
                codes = sorted({self.countries.code_for(r.title(), "NORP") for r in person.roles} - {None})
                leaders_by_country.setdefault(codes[0] if codes else person.canonical, person.canonical)
        for role in sorted(roles_seen):
            yield self.model["roles"]["weight"], f"role: {role}"
        if len(leaders_by_country) >= 2:
            names = ", ".join(sorted(leaders_by_country.values())[:3])
            yield self.model["leaders"]["weight"], f"heads of state or government: {names}"

    def _term_evidence(self, doc: Doc, headline_end: int):
        counts: dict[str, float] = {}
        for match_id, start, end in self.matcher(doc):
            term = doc.vocab.strings[match_id]
            counts[term] = counts.get(term, 0.0) + (2.0 if doc[start].idx < headline_end else 1.0)
        weights = self.model["terms"]
        for term, count in counts.items():
            weight = weights[term] * math.log1p(count)
            yield weight, f"term: {term}" + (f" x{int(count)}" if count > 1 else "")
