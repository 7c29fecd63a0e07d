"""Is this a diplomacy story? A score in [0, 1] with the reasons an editor can read.

The score is a logistic model over a few named features, each an editor's question:
how many countries does the story involve and is it about more than one; does the
vocabulary of relations between states (data/diplomacy.json) stand in the headline and
lead or only further down; does the vocabulary of other topics (sport, business,
campaigns, disasters) outweigh it; do diplomats or the leaders of two countries appear;
who acts upon whom (state_acts.py); and how much of the story, however long, is domestic
politics: the share of its sentences with that vocabulary. Institutions of relations (an embassy, the State Department) count apart from
acts of relations (talks, sanctions, a treaty): a story can name them throughout without
being about what one state does towards another. The weights are fitted on labelled news by
`newsstreams fit-models` and ship in data/diplomacy_model.json; the lexicon's own
weights only say how strongly each phrase speaks for or against.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from . import data
from .countries import CountryMention, CountryRanking, CountryTable
from .fitted import LogisticModel
from .mentions import Entity
from .state_acts import StateActFinder

Row = dict[str, float]  # feature name -> value
Reasons = dict[str, list[str]]  # feature name -> the readable evidence behind it
Matches = list[tuple[int, int, int]]  # spaCy matcher output: (match id, start token, end token)

MODEL_FILE = "diplomacy_model.json"
MAX_SIGNALS = 8
LEAD_SENTENCES = 3  # the lead: headline and the body's first sentences, what an editor reads first
FEATURES = (
    "bias",
    "countries_two",
    "countries_three_plus",
    "countries_about_two_plus",
    "countries_in_headline",
    "second_country_share",
    "relations_terms_lead",
    "relations_terms_body",
    "institution_terms",
    "other_topic_terms",
    "domestic_politics_lead",
    "diplomatic_roles",
    "leaders_of_two_countries",
    "state_acts_lead",
    "state_acts_body",
    "domestic_sentence_share",
)

# Evidence an editor reads as speaking against diplomacy. Other features can get a small
# negative weight from the fit (two countries named, once "about two countries" is counted)
# without meaning that; they are not shown as reasons against.
AGAINST = ("other_topic_terms", "domestic_politics_lead", "domestic_sentence_share")


@dataclass
class Diplomacy:
    is_diplomacy: bool
    score: float
    signals: list[str] = field(default_factory=list)


@dataclass
class Evidence:
    """Feature values and, for each feature, the readable reasons behind its value."""
    row: dict[str, float]
    reasons: dict[str, list[str]]


class DiplomacyScorer:
    def __init__(self, nlp: Language, countries: CountryTable, threshold: float = 0.5,
                 model: dict[str, Any] | None = None) -> None:
        self.countries = countries
        self.lexicon = data.load("diplomacy.json")
        self.institutions = set(self.lexicon["institutions"]["terms"])
        self.model = LogisticModel(MODEL_FILE, FEATURES, model)
        self.threshold = threshold
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for term in self.lexicon["terms"]:
            self.matcher.add(term, [nlp.make_doc(term)])
        self.domestic = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.domestic.add("domestic", [nlp.make_doc(p) for p in self.lexicon["domestic_politics"]["phrases"]])
        self.role_words = [w.split() for w in self.lexicon["roles"]["words"]]
        self.leader_titles = set(self.lexicon["leaders"]["titles"])
        self.acts = StateActFinder()
        self.observer: Callable[[Evidence], None] | None = None  # fit-models: called with every article's Evidence

    def score(self, doc: Doc, people: list[Entity], ranking: CountryRanking,
              mentions: list[CountryMention], headline_end: int) -> Diplomacy:
        evidence = self.evidence(doc, people, ranking, mentions, headline_end)
        if self.observer is not None:
            self.observer(evidence)
        probability = self.model.probability(evidence.row)
        contributions = [
            (weight * evidence.row[name], name)
            for weight, name in zip(self.model.weights, self.model.features)
            if name != "bias" and evidence.row[name]
        ]
        # the strongest kinds of evidence first: one reason of each kind, then a second of each,
        # so a few kinds cannot crowd out the rest
        kinds = [name for c, name in sorted(contributions, reverse=True) if c > 0 and name not in AGAINST]
        signals = [evidence.reasons[name][i] for i in (0, 1) for name in kinds if len(evidence.reasons[name]) > i]
        against = ["against: " + r for c, name in sorted(contributions)
                   if c < 0 and name in AGAINST for r in evidence.reasons[name][:2]]
        return Diplomacy(is_diplomacy=probability >= self.threshold, score=round(probability, 4),
                         signals=signals[:MAX_SIGNALS] + against[:3])

    def evidence(self, doc: Doc, people: list[Entity], ranking: CountryRanking,
                 mentions: list[CountryMention], headline_end: int) -> Evidence:
        row = dict.fromkeys(FEATURES, 0.0)
        reasons: dict[str, list[str]] = {name: [] for name in FEATURES}
        row["bias"] = 1.0
        mentioned, about = ranking.mentioned, ranking.about
        if len(mentioned) >= 3:
            row["countries_three_plus"] = 1.0
            reasons["countries_three_plus"].append(f"{len(mentioned)} countries: {', '.join(mentioned[:5])}")
        elif len(mentioned) == 2:
            row["countries_two"] = 1.0
            reasons["countries_two"].append(f"2 countries: {', '.join(mentioned)}")
        if len(about) >= 2:
            row["countries_about_two_plus"] = 1.0
            reasons["countries_about_two_plus"].append(f"about {', '.join(about[:4])}")
        in_headline = sorted({m.code for m in mentions if m.start < headline_end})
        if in_headline:
            row["countries_in_headline"] = float(min(2, len(in_headline)))
            reasons["countries_in_headline"].append(f"headline names {', '.join(in_headline)}")
        row["second_country_share"] = _second_country_share(mentions)
        if row["second_country_share"] >= 0.2:
            reasons["second_country_share"].append(f"a second country in {row['second_country_share']:.0%} of country mentions")
        lead_end = _lead_end(doc, headline_end)
        terms, domestic = self.matcher(doc), self.domestic(doc)
        self._terms(doc, terms, headline_end, lead_end, row, reasons)
        self._domestic(doc, domestic, headline_end, lead_end, row, reasons)
        self._roles(people, row, reasons)
        country_spans = [(m.start, m.end, m.code) for m in mentions]
        for act in self.acts.find(doc, people, country_spans):
            name = "state_acts_lead" if act.start < lead_end else "state_acts_body"
            row[name] += 1.0
            reasons[name].append(act.reason)
        for name in ("state_acts_lead", "state_acts_body"):
            row[name] = math.log1p(row[name])
        return Evidence(row, reasons)

    def _terms(self, doc: Doc, matches: Matches, headline_end: int, lead_end: int, row: Row, reasons: Reasons) -> None:
        counts: dict[tuple[str, str], float] = {}
        for match_id, start, _ in matches:
            term = doc.vocab.strings[match_id]
            where = "lead" if doc[start].idx < lead_end else "body"
            counts[term, where] = counts.get((term, where), 0.0) + (2.0 if doc[start].idx < headline_end else 1.0)
        weights = self.lexicon["terms"]
        for (term, where), count in sorted(counts.items(), key=lambda item: -abs(weights[item[0][0]]) * item[1]):
            weight = weights[term]
            if weight <= 0:
                name = "other_topic_terms"
            elif term in self.institutions:  # an embassy named is not yet an act of relations
                name = "institution_terms"
            else:
                name = f"relations_terms_{where}"
            row[name] += abs(weight) * math.log1p(count)
            reasons[name].append(f"term: {term}" + (f" x{int(count)}" if count > 1 else "") +
                                 (" (lead)" if where == "lead" and weight > 0 else ""))

    def _domestic(self, doc: Doc, matches: Matches, headline_end: int, lead_end: int, row: Row, reasons: Reasons) -> None:
        """Domestic politics in the lead (a count, the headline's twice), and how much of the whole
        story it fills however long the story is: the share of its sentences (headline included)
        with a term of it, in tenths (0 to 10) so the fit weighs it like the counts. A long report
        on talks mentions the election in passing; a campaign story speaks of it throughout."""
        lead = 0.0
        words: dict[str, dict[str, int]] = {"lead": {}, "story": {}}
        holding = set()
        for _, start, end in matches:
            at = doc[start].idx
            phrase = doc[start:end].text.lower()
            if at < lead_end:
                lead += 2.0 if at < headline_end else 1.0
                words["lead"][phrase] = words["lead"].get(phrase, 0) + 1
            words["story"][phrase] = words["story"].get(phrase, 0) + 1
            holding.add(doc[start].sent.start)
        row["domestic_politics_lead"] = math.log1p(lead)
        sentences = len(list(doc.sents))
        if sentences:
            row["domestic_sentence_share"] = 10 * len(holding) / sentences
        for name, where, what in (("domestic_politics_lead", "lead", "domestic politics (lead)"),
                                  ("domestic_sentence_share", "story", f"domestic politics in {len(holding)} of {sentences} sentences")):
            common = sorted(words[where].items(), key=lambda item: -item[1])[:3]
            if common:
                reasons[name].append(f"{what}: " + ", ".join(w for w, _ in common))

    def _roles(self, people: list[Entity], row: Row, reasons: Reasons) -> None:
        roles_seen = set()
        leaders_by_country: dict[str, str] = {}
        for person in people:
            for words in self.role_words:
                if all(w in person.roles for w in words):
                    roles_seen.add(" ".join(words))
            if any(all(w in person.roles for w in title.split()) for title in self.leader_titles):
                found = (self.countries.code_for(role.title(), "NORP") for role in person.roles)
                codes = sorted({code for code in found if code is not None})
                leaders_by_country.setdefault(codes[0] if codes else person.canonical, person.canonical)
        row["diplomatic_roles"] = float(min(3, len(roles_seen)))
        reasons["diplomatic_roles"] = [f"role: {role}" for role in sorted(roles_seen)]
        if len(leaders_by_country) >= 2:
            row["leaders_of_two_countries"] = 1.0
            names = ", ".join(sorted(leaders_by_country.values())[:3])
            reasons["leaders_of_two_countries"].append(f"heads of state or government: {names}")


def untrained_model() -> dict[str, Any]:
    """Zero weights for the current FEATURES, the bias routing nothing: where fit-models starts
    when the shipped weights were fitted on other features (the fit reads the evidence rows,
    not the scores)."""
    weights = [0.0] * len(FEATURES)
    weights[FEATURES.index("bias")] = -3.0
    return {"features": list(FEATURES), "weights": weights, "threshold": 0.5}


def _second_country_share(mentions: list[CountryMention]) -> float:
    """Share of country mentions that go to the second most named country: near 0 when one
    country fills the story (a national campaign), up to 0.5 when two share it."""
    counts: dict[str, int] = {}
    for mention in mentions:
        counts[mention.code] = counts.get(mention.code, 0) + 1
    if len(counts) < 2:
        return 0.0
    return sorted(counts.values(), reverse=True)[1] / sum(counts.values())


def _lead_end(doc: Doc, headline_end: int) -> int:
    """Char offset where the lead ends: after the body's first LEAD_SENTENCES sentences."""
    seen = 0
    for sentence in doc.sents:
        if sentence.start_char >= headline_end:
            seen += 1
            if seen == LEAD_SENTENCES:
                return sentence.end_char
    return len(doc.text)
