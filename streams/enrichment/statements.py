"""Reported speech: what a source is said to have said or held, outside quotation marks.

A statement is a cue (a form of the cue table fitted on PolNeAR train: "said/VERB",
"according/VERB", "criticism/NOUN"), its content (found along the form's dependency
paths, statement_content: "warned [that significant differences remained]", "urged
Congress [to act]", "according to the ministry, [talks will resume]") and its source
(the cue's subject, resolved to a person through pronouns and roles as for quotes).
The fitted choice (statement_choice) keeps the candidates that are statements. Content
that lies wholly inside quotation marks is a direct quote and
belongs to quotes; content that only holds a quoted fragment ("said the letter was
"a very serious document"") is one statement that points at its partial quote, so
the two are never counted twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from spacy.tokens import Doc, Token

from . import data
from .countries import CountryTable
from .mentions import Entity, text_of
from .persons import Persons
from .quote_marks import QuoteSpan
from .quotes import Quote
from .speaker_kinds import SpeakerKinds
from .speakers import Attribution, SpeakerFinder, inside_any
from .statement_choice import StatementEvidence, StatementModel
from .statement_content import content_by_path, is_subject_path, that_clause_after

CUE_FILE = "statement_cues.json"


@dataclass
class Statement:
    text: str
    start: int  # offsets into the analysed text (headline, blank line, body)
    end: int
    speaker: str | None
    speaker_text: str | None
    speaker_kind: str | None  # one of speaker_kinds.SPEAKER_KINDS; None: no source ("it was revealed that")
    cue: str
    quotes: list[int] = field(default_factory=list)  # indices of the quotes inside the content


@dataclass(frozen=True)
class CueForm:
    precision: float  # how often a token of this form heads an annotated cue on train
    count: int
    paths: tuple[str, ...]  # content paths, most frequent first
    shares: tuple[float, ...]  # each path's share of the form's annotated contents


@dataclass(frozen=True)
class CueTable:
    """The fitted cue forms ("said/VERB") that propose candidates, and the shortest content."""

    forms: dict[str, CueForm]
    min_content_words: int


def table_of(fitted: dict[str, Any], min_content_words: int) -> CueTable:
    """The forms of a cue file at or over its precision floor."""
    floor = float(fitted["min_precision"])
    return CueTable(
        forms={form: CueForm(float(cue["precision"]), int(cue["count"]), tuple(cue["paths"]), tuple(cue["shares"]))
               for form, cue in fitted["cues"].items() if cue["precision"] >= floor},
        min_content_words=min_content_words,
    )


@cache
def cue_table() -> CueTable:
    return table_of(data.load(CUE_FILE), int(data.load("statements.json")["min_content_words"]))


@dataclass
class _Candidate:
    statement: Statement
    evidence: StatementEvidence


class StatementExtractor:
    def __init__(self, speakers: SpeakerFinder, countries: CountryTable, table: CueTable | None = None,
                 model: dict[str, Any] | None = None) -> None:
        """table, model: the cue table and the choice model's weights, None for the shipped ones."""
        self.speakers = speakers
        self.countries = countries
        self.table = table if table is not None else cue_table()
        self.choice = StatementModel(model)
        self.kinds = SpeakerKinds(countries)

    def extract(self, doc: Doc, people: Persons, organisations: Sequence[Entity], spans: Sequence[QuoteSpan],
                quotes: Sequence[Quote], regions: Sequence[tuple[int, int]]) -> list[Statement]:
        """The statements whose cue lies in one of the (start, end) regions (headline, body)."""
        candidates = [c for cue in doc if (c := self._candidate(cue, people, organisations, spans, quotes, regions))]
        kept = []
        for number, candidate in enumerate(candidates):
            cue_at = candidate.evidence.cue.idx
            inside = any(o is not candidate and o.statement.start <= cue_at < o.statement.end for o in candidates)
            evidence = replace(candidate.evidence, inside_other_content=inside)
            if self.choice.keep(evidence, number):
                kept.append(candidate.statement)
        return kept

    def _candidate(self, cue: Token, people: Persons, organisations: Sequence[Entity], spans: Sequence[QuoteSpan],
                   quotes: Sequence[Quote], regions: Sequence[tuple[int, int]]) -> _Candidate | None:
        form = self.table.forms.get(f"{cue.lower_}/{cue.pos_}")
        if form is None or inside_any(cue, spans) or not any(start <= cue.idx < end for start, end in regions):
            return None
        doc = cue.doc
        located = self._content(cue, form.paths)
        if located is None or _wholly_quoted(doc, located[0], spans):
            return None
        (first, last), rank = located
        path = form.paths[rank]
        start, end = doc[first].idx, _through_open_quote(doc[last].idx + len(doc[last].text), spans)
        # "Clinton is expected to win": a passive subject is what is expected, not who expects it
        attribution = None if is_subject_path(path) else self._source(cue, people, spans)
        person = attribution.speaker if attribution and attribution.speaker and attribution.speaker.label == "PERSON" else None
        speaker_text = attribution.speaker_text if attribution else None
        kind = self.kinds.kind(person is not None, speaker_text)
        speaker = person.canonical if person is not None else None
        if kind == "organisation" and attribution is not None:
            speaker = _organisation_named(attribution, organisations)
        held = [i for i, q in enumerate(quotes) if q.type != "term" and _mostly_inside(q, start, end)]
        statement = Statement(text=text_of(doc)[start:end], start=start, end=end, speaker=speaker,
                              speaker_text=speaker_text, speaker_kind=kind, cue=_cue_text(cue), quotes=held)
        evidence = StatementEvidence(
            cue=cue, path=path, path_rank=rank, path_share=form.shares[rank], form_precision=form.precision,
            form_count=form.count, content_words=sum(1 for t in doc[first:last + 1] if not (t.is_punct or t.is_space)),
            holds_quote=bool(held), source_kind=kind,
            source_is_pronoun=(speaker_text or "").lower() in self.speakers.words["pronouns"],
            in_headline=cue.idx < regions[0][1] and len(regions) > 1,
        )
        return _Candidate(statement, evidence)

    def _content(self, cue: Token, paths: tuple[str, ...]) -> tuple[tuple[int, int], int] | None:
        """The first of the cue's paths that finds content here, and its rank among them."""
        for rank, path in enumerate(paths):
            content = content_by_path(cue, path, self.table.min_content_words)
            if content is not None:
                return content, rank
        if "child:ccomp" in paths:
            content = that_clause_after(cue)
            if content is not None:
                return content, paths.index("child:ccomp")
        return None

    def _source(self, cue: Token, people: Persons, spans: Sequence[QuoteSpan]) -> Attribution | None:
        """The cue's subject as for quotes; where the parse gives none, the person a participle
        hangs from ("Erin Brockovich ..., saying she ...", "Kasich has taken to urging voters ...")
        or the person named right before the cue ("Saturday at the convention Sen. X said ...")."""
        found = self.speakers.speaker_of(cue, people, spans)
        if found is not None:
            return found
        person = _person_up_from(cue, people) or _person_right_before(cue, people)
        return Attribution(person, _mention_text(person, cue), cue.lower_) if person is not None else None


def _person_up_from(cue: Token, people: Persons) -> Entity | None:
    """A person the cue's clause hangs from, or the subject of a verb it hangs from, climbing
    through participles and prepositions but never out of a reported clause (ccomp)."""
    token = cue
    for _ in range(4):
        if token.dep_ in ("ccomp", "ROOT") or token.head.i == token.i:
            return None
        token = token.head
        person = people.at(token)
        if person is not None:
            return person
        subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
        if subject is not None:
            return people.at(subject)
    return None


def _person_right_before(cue: Token, people: Persons) -> Entity | None:
    """The person named just before the cue in its sentence, with no verb in between."""
    for token in reversed(cue.doc[cue.sent.start:cue.i]):
        person = people.at(token)
        if person is not None:
            return person
        if token.pos_ == "VERB":
            return None
    return None


def _mention_text(person: Entity, cue: Token) -> str:
    before = [m for m in person.mentions if m.start < cue.idx]
    return (max(before, key=lambda m: m.start) if before else person.mentions[0]).text


def _organisation_named(attribution: Attribution, organisations: Sequence[Entity]) -> str | None:
    """"the Kremlin said": the organisation entity the article names with these words, if any."""
    said = (attribution.speaker_text or "").lower()
    for entity in organisations:
        if entity.label == "ORG" and any(m.text.lower() in said for m in entity.mentions):
            return entity.canonical
    return None


def _through_open_quote(end: int, spans: Sequence[QuoteSpan]) -> int:
    """A content that ends inside a quotation ("said that "ethanol people" "do a fantastic job.
    And ..."") ends where the quotation does: the source said all of it."""
    holding = next((q for q in spans if q.start < end < q.end), None)
    return holding.end if holding is not None else end


def _mostly_inside(quote: Quote, start: int, end: int) -> bool:
    inside = max(0, min(end, quote.end) - max(start, quote.start))
    return inside * 2 > quote.end - quote.start


def _wholly_quoted(doc: Doc, content: tuple[int, int], spans: Sequence[QuoteSpan]) -> bool:
    """Every word of the content is inside quotation marks: a direct quote, which quotes own."""
    words = [t for t in doc[content[0]:content[1] + 1] if not (t.is_punct or t.is_space)]
    return all(any(s.start <= t.idx < s.end for s in spans) for t in words)


def _cue_text(cue: Token) -> str:
    if cue.lower_ == "according":
        return "according to"
    return cue.lower_
