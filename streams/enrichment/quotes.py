"""Quotes typed (direct, partial, term) and attributed to the person who said them.

The marks come from quote_marks; this module reads the parse around each quote:
a speech verb ("said", "told reporters", "according to") and its subject, which
may be a name, a pronoun ("she added") or a role ("the foreign minister said")
resolved to a person the article has named.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from . import data
from .entities import Entity
from .quote_marks import QuoteSpan, find_quote_spans

SUBJECT_DEPS = ("nsubj", "nsubjpass")
NAMING_WORDS = ("so-called", "dubbed", "named", "titled", "entitled", "known", "term", "word", "phrase", "label", "labelled", "labeled", "slogan", "nicknamed", "branded")
TERM_MAX_WORDS = 4


@dataclass
class Quote:
    text: str
    start: int
    end: int
    type: str
    speaker: str | None
    speaker_text: str | None
    cue: str | None


@dataclass
class _Attribution:
    speaker: Entity | None
    speaker_text: str | None
    cue: str | None


def _lexicon():
    speech = data.load("speech.json")
    people = data.load("people.json")
    return {
        "verbs": frozenset(speech["verbs"]),
        "pronouns": people["pronouns"],
        "role_heads": frozenset(people["role_heads"]) | frozenset(people["generic_leader_heads"]),
        "generic": frozenset(people["generic_leader_heads"]),
        "leader_titles": frozenset(people["leader_titles"]),
    }


class QuoteExtractor:
    def __init__(self, countries):
        self.words = _lexicon()
        self.countries = countries

    def extract(self, doc: Doc, people: list[Entity], regions: list[tuple[int, int]]) -> list[Quote]:
        """Quotes in the given (start, end) regions of the doc text (headline, body)."""
        spans: list[QuoteSpan] = []
        for start, end in regions:
            spans.extend(
                QuoteSpan(s.start + start, s.end + start, s.open_mark, s.continued, s.continues_previous)
                for s in find_quote_spans(doc.text[start:end])
            )
        self._learn_genders(doc, people)
        quotes: list[Quote] = []
        previous: Quote | None = None
        previous_span: QuoteSpan | None = None
        for span in spans:
            quote = self._quote(doc, span, spans, people, previous, previous_span)
            quotes.append(quote)
            previous, previous_span = quote, span
        self._share_speakers_across_continuations(quotes, spans)
        return quotes

    # --- one quote ----------------------------------------------------------------------

    def _quote(self, doc, span, spans, people, previous, previous_span) -> Quote:
        text = doc.text[span.start:span.end]
        sentences = _sentences_around(doc, span)
        attribution = self._attribution_in(sentences, spans, people, span)
        if attribution is None:
            attribution = self._attribution_nearby(doc, span, spans, people, sentences)
        embedded = _is_embedded(doc, span, sentences)
        if attribution is None and previous is not None and previous.type != "term" and not embedded:
            if previous_span is not None and _same_or_next_paragraph(doc.text, previous_span.end, span.start):
                attribution = _Attribution(None, previous.speaker_text, previous.cue)
                return Quote(text, span.start, span.end, "direct", previous.speaker, previous.speaker_text, previous.cue)
        if attribution is None:
            if embedded or len(text.split()) <= TERM_MAX_WORDS:
                return Quote(text, span.start, span.end, "term", None, None, None)
            return Quote(text, span.start, span.end, "direct", None, None, None)
        if embedded and _named_not_said(doc, span):
            return Quote(text, span.start, span.end, "term", None, None, None)
        kind = "partial" if embedded else "direct"
        speaker = attribution.speaker.canonical if attribution.speaker and attribution.speaker.label == "PERSON" else None
        return Quote(text, span.start, span.end, kind, speaker, attribution.speaker_text, attribution.cue)

    def _attribution_in(self, sentences: list[Span], spans, people, span) -> _Attribution | None:
        """A speech verb outside the quotes in the quote's own sentence(s), nearest first."""
        cues = []
        for sent in sentences:
            for token in sent:
                if _inside_any(token, spans):
                    continue
                if self._is_cue(token):
                    cues.append(token)
        cues.sort(key=lambda t: min(abs(t.idx - span.start), abs(t.idx - span.end)))
        for cue in cues:
            found = self._speaker_of(cue, people, spans)
            if found is not None:
                return found
        return None

    def _attribution_nearby(self, doc, span, spans, people, sentences) -> _Attribution | None:
        """A quote standing alone: the attribution sits in the sentence before ("Brandt said:")
        or the one after ("That was the message from ...")."""
        first, last = sentences[0], sentences[-1]
        if not _quote_fills(first, last, span):
            return None
        before = _sentence_before(doc, first)
        if before is not None and before.text.rstrip().endswith(":"):
            found = self._attribution_in([before], spans, people, span)
            if found is not None:
                return found
        after = _sentence_after(doc, last)
        if after is not None and not _starts_with_quote(after, spans):
            found = self._attribution_in([after], spans, people, span)
            if found is not None:
                return found
            person = _person_in(after, people, from_only=True)
            if person is not None:
                return _Attribution(person, person.canonical, None)
        return None

    def _is_cue(self, token: Token) -> bool:
        lowered = token.lower_
        if lowered in self.words["verbs"] and (token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB") or token.dep_ == "ROOT"):
            return True
        return lowered == "according" and token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "to"

    def _speaker_of(self, cue: Token, people: list[Entity], spans) -> _Attribution | None:
        if cue.lower_ == "according":
            objects = [t for t in cue.doc[cue.i + 1].children if t.dep_ == "pobj"]
            return self._resolve(objects[0], people, "according to", spans) if objects else None
        subject = next((c for c in cue.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is None and cue.dep_ in ("conj", "advcl", "xcomp") and cue.head.pos_ in ("VERB", "AUX"):
            subject = next((c for c in cue.head.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is None and cue.dep_ == "relcl":
            subject = cue.head  # "Putin, who said ..."
        if subject is None or _inside_any(subject, spans):
            return None
        return self._resolve(subject, people, cue.lower_, spans)

    def _resolve(self, subject: Token, people: list[Entity], cue: str, spans) -> _Attribution | None:
        person = _person_at(subject, people)
        if person is not None:
            return _Attribution(person, _phrase(subject), cue)
        lowered = subject.lower_
        if lowered in self.words["pronouns"] and lowered in ("he", "she"):
            person = self._antecedent(subject, people, self.words["pronouns"][lowered])
            return _Attribution(person, subject.text, cue)
        if lowered in ("i", "we", "they", "it", "who", "you"):
            if lowered == "who" and subject.head.dep_ == "relcl":
                person = _person_at(subject.head.head, people)
                return _Attribution(person, _phrase(subject.head.head), cue) if person else None
            return _Attribution(None, subject.text, cue)
        if subject.ent_type_ in ("ORG", "GPE", "NORP"):
            return _Attribution(None, _phrase(subject), cue)
        if subject.pos_ in ("NOUN", "PROPN"):
            person = self._role_holder(subject, people)
            return _Attribution(person, _phrase(subject), cue)
        return None

    # --- pronouns and roles -------------------------------------------------------------

    def _antecedent(self, pronoun: Token, people: list[Entity], gender: str) -> Entity | None:
        """The person most recently named before the pronoun whose gender does not clash."""
        best, best_position = None, -1
        for person in people:
            if person.gender not in (None, gender):
                continue
            before = [m.start for m in person.mentions if m.end <= pronoun.idx]
            if before and max(before) > best_position:
                best, best_position = person, max(before)
        return best

    def _role_holder(self, head: Token, people: list[Entity]) -> Entity | None:
        """"the foreign minister", "the Russian leader": the named person who holds that role."""
        words = {t.lower_ for t in head.subtree if t.dep_ not in ("det", "punct")}
        if not words & self.words["role_heads"]:
            return None
        nationality = {self.countries.code_for(t.text, "NORP") for t in head.subtree if t.ent_type_ in ("NORP", "GPE")}
        nationality.discard(None)
        best, best_key = None, (0.0, -1)
        for person in people:
            if not person.roles:
                continue
            score = float(len(words & person.roles))
            if head.lower_ in self.words["generic"] and person.roles & self.words["leader_titles"]:
                score += 1.0
            person_codes = {self.countries.code_for(r.title(), "NORP") for r in person.roles} - {None}
            if nationality:
                if nationality & person_codes:
                    score += 1.5
                elif person_codes:
                    score -= 2.0
            if head.lower_ not in person.roles and head.lower_ not in self.words["generic"]:
                score -= 1.0
            before = [m.start for m in person.mentions if m.start < head.idx]
            last_before = max(before) if before else -1
            if not before:
                score -= 0.5
            key = (score, last_before)
            if score > 0 and key > best_key:
                best, best_key = person, key
        return best

    def _learn_genders(self, doc: Doc, people: list[Entity]) -> None:
        """A he/she/his/her right after the only person named so far in that sentence tells their gender."""
        pronouns = self.words["pronouns"]
        votes: dict[int, dict[str, int]] = {}
        for sent in doc.sents:
            named_here: list[Entity] = []
            for token in sent:
                person = _person_at(token, people)
                if person is not None and person not in named_here:
                    named_here.append(person)
                elif token.lower_ in pronouns and len(named_here) == 1:
                    tally = votes.setdefault(id(named_here[0]), {"m": 0, "f": 0})
                    tally[pronouns[token.lower_]] += 1
        for person in people:
            tally = votes.get(id(person))
            if person.gender is None and tally and tally["m"] != tally["f"]:
                person.gender = "m" if tally["m"] > tally["f"] else "f"

    @staticmethod
    def _share_speakers_across_continuations(quotes: list[Quote], spans: list[QuoteSpan]) -> None:
        """Every paragraph of a multi-paragraph quote has the speaker named anywhere in it."""
        run: list[Quote] = []
        for quote, span in zip(quotes, spans):
            if span.continues_previous and run:
                run.append(quote)
            else:
                _fill_run(run)
                run = [quote]
            if not span.continued:
                _fill_run(run)
                run = []
        _fill_run(run)


def _fill_run(run: list[Quote]) -> None:
    if len(run) < 2:
        return
    source = next((q for q in reversed(run) if q.speaker), None) or next((q for q in run if q.speaker_text), None)
    if source is None:
        return
    for quote in run:
        if not quote.speaker:
            quote.speaker, quote.speaker_text, quote.cue = source.speaker, source.speaker_text, source.cue
            quote.type = "direct"


def _person_at(token: Token, people: list[Entity]) -> Entity | None:
    for person in people:
        for mention in person.mentions:
            if mention.start <= token.idx < mention.end:
                return person
    # "President Putin" as subject: the head is the surname, the title a compound child
    for child in token.children:
        if child.dep_ in ("compound", "appos", "flat"):
            for person in people:
                if any(m.start <= child.idx < m.end for m in person.mentions):
                    return person
    return None


def _person_in(sent: Span, people: list[Entity], from_only: bool) -> Entity | None:
    """A person named in the sentence after a standalone quote, as in "the message from X"."""
    for token in sent:
        person = _person_at(token, people)
        if person is None:
            continue
        if not from_only:
            return person
        window = [t.lower_ for t in sent.doc[max(sent.start, token.i - 4): token.i]]
        if "from" in window or "by" in window:
            return person
    return None


def _phrase(token: Token) -> str:
    tokens = [t for t in token.subtree if t.dep_ not in ("relcl", "punct", "acl") and not t.is_punct]
    left = [t for t in tokens if t.i <= token.i]
    left = left[-6:]
    return " ".join(t.text for t in left) or token.text


def _sentences_around(doc: Doc, span: QuoteSpan) -> list[Span]:
    found = []
    for sent in doc.sents:
        if sent.end_char > span.start - 1 and sent.start_char < span.end + 1:
            found.append(sent)
    if not found:
        return [doc[0:len(doc)]]
    return found


def _inside_any(token: Token, spans: list[QuoteSpan]) -> bool:
    return any(s.start - 1 <= token.idx < s.end + 1 for s in spans)


def _is_embedded(doc: Doc, span: QuoteSpan, sentences: list[Span]) -> bool:
    """Does the quote sit inside the reporter's own clause ("was "a very serious document"")?"""
    opening = span.start - 1
    paragraph_start = doc.text.rfind("\n", 0, opening) + 1
    before = doc.text[max(paragraph_start, sentences[0].start_char):opening].rstrip()
    if not before:
        return False
    if before.endswith((":", ",", "\u2014", "--")) or before.endswith(('."', '.\u201d', "?\u201d", "!\u201d")):
        return False
    return True


def _named_not_said(doc: Doc, span: QuoteSpan) -> bool:
    """"the so-called "strategic framework"": a quoted name or term, not speech."""
    window = doc.text[max(0, span.start - 30): span.start - 1].lower().split()
    return bool(window) and any(w.strip(",") in NAMING_WORDS for w in window[-3:])


def _quote_fills(first: Span, last: Span, span: QuoteSpan) -> bool:
    outside = (first.doc.text[first.start_char: span.start - 1] + first.doc.text[span.end + 1: last.end_char]).strip()
    return len(outside.strip(" .,\"'\u201c\u201d\u2018\u2019")) == 0


def _sentence_before(doc: Doc, sent: Span) -> Span | None:
    return doc[sent.start - 1].sent if sent.start > 0 else None


def _sentence_after(doc: Doc, sent: Span) -> Span | None:
    return doc[sent.end].sent if sent.end < len(doc) else None


def _starts_with_quote(sent: Span, spans: list[QuoteSpan]) -> bool:
    return any(s.start - 1 <= sent.start_char + 1 and s.end >= sent.start_char for s in spans)


def _same_or_next_paragraph(text: str, previous_end: int, start: int) -> bool:
    return text.count("\n", previous_end, start) <= 1
