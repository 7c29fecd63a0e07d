"""Reported speech: what a source is said to have said or held, outside quotation marks.

A statement is a cue (a speech or cognition verb of the lexicon, or "according to"),
its source (the cue's subject, resolved to a person through pronouns and roles as for
quotes) and its content (the clause the cue governs: "warned that significant
differences remained", "urged Congress to act", "according to the ministry, talks
will resume"). Content that lies wholly inside quotation marks is a direct quote and
belongs to quotes; content that only holds a quoted fragment ("said the letter was
"a very serious document"") is one statement that points at its partial quote, so
the two are never counted twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Token

from . import data
from .countries import CountryTable
from .mentions import Entity, text_of
from .persons import Persons
from .quote_marks import QuoteSpan
from .quotes import Quote
from .speaker_kinds import SpeakerKinds
from .speakers import Attribution, SpeakerFinder, inside_any
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
class CueTable:
    """The fitted cue forms ("said/VERB") and their content paths, and the words around them."""

    paths: dict[str, tuple[str, ...]]  # cue form -> content paths, most frequent first
    min_content_words: int


@cache
def cue_table() -> CueTable:
    fitted = data.load(CUE_FILE)
    words = data.load("statements.json")
    threshold = float(fitted["min_precision"])
    return CueTable(
        paths={form: tuple(cue["paths"]) for form, cue in fitted["cues"].items() if cue["precision"] >= threshold},
        min_content_words=int(words["min_content_words"]),
    )


class StatementExtractor:
    def __init__(self, speakers: SpeakerFinder, countries: CountryTable, table: CueTable | None = None) -> None:
        """table: the cue table to use, None for the shipped one (fit-models passes candidates)."""
        self.speakers = speakers
        self.countries = countries
        self.table = table if table is not None else cue_table()
        self.kinds = SpeakerKinds(countries)

    def extract(self, doc: Doc, people: Persons, organisations: Sequence[Entity], spans: Sequence[QuoteSpan],
                quotes: Sequence[Quote], regions: Sequence[tuple[int, int]]) -> list[Statement]:
        """The statements whose cue lies in one of the (start, end) regions (headline, body)."""
        found: list[Statement] = []
        for cue in doc:
            paths = self.table.paths.get(f"{cue.lower_}/{cue.pos_}")
            if not paths or inside_any(cue, spans) or not any(start <= cue.idx < end for start, end in regions):
                continue
            located = self._content(cue, paths)
            if located is None or _wholly_quoted(doc, located[0], spans):
                continue
            (first, last), path = located
            start, end = doc[first].idx, _through_open_quote(doc[last].idx + len(doc[last].text), spans)
            # "Clinton is expected to win": the subject is what is expected, not who expects it
            attribution = None if is_subject_path(path) else self._source(cue, people, spans)
            person = attribution.speaker if attribution and attribution.speaker and attribution.speaker.label == "PERSON" else None
            kind = self.kinds.kind(person is not None, attribution.speaker_text if attribution else None)
            speaker = person.canonical if person is not None else None
            if kind == "organisation" and speaker is None and attribution is not None:
                speaker = _organisation_named(attribution, organisations)
            found.append(Statement(
                text=text_of(doc)[start:end], start=start, end=end, speaker=speaker,
                speaker_text=attribution.speaker_text if attribution else None, speaker_kind=kind,
                cue=_cue_text(cue),
                quotes=[i for i, q in enumerate(quotes) if q.type != "term" and _mostly_inside(q, start, end)],
            ))
        return found

    def _source(self, cue: Token, people: Persons, spans: Sequence[QuoteSpan]) -> Attribution | None:
        """The cue's subject as for quotes; where the parse gives none, the person a participle
        hangs from ("Erin Brockovich ..., saying she ...", "Kasich has taken to urging voters ...")
        or the person named right before the cue ("Saturday at the convention Sen. X said ...")."""
        found = self.speakers.speaker_of(cue, people, spans)
        if found is not None:
            return found
        person = _person_up_from(cue, people) or _person_right_before(cue, people)
        return Attribution(person, _mention_text(person, cue), cue.lower_) if person is not None else None

    def _is_cue(self, token: Token) -> bool:
        return f"{token.lower_}/{token.pos_}" in self.table.paths

    def _content(self, cue: Token, paths: tuple[str, ...]) -> tuple[tuple[int, int], str] | None:
        """The first of the cue's paths that finds content here, and which path it was."""
        for path in paths:
            content = content_by_path(cue, path, self.table.min_content_words, self._is_cue)
            if content is not None:
                return content, path
        if "child:ccomp" in paths:
            content = that_clause_after(cue)
            if content is not None:
                return content, "child:ccomp"
        return None


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
