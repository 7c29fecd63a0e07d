"""Quotes typed (direct, partial, term) and attributed to the person who said them.

The marks come from quote_marks and the speakers from speakers; this module decides
where a quote's attribution is: in its own sentence, before a colon, earlier in the
paragraph, in the next sentence, or with whoever spoke at the end of the paragraph
before, and whether the quote is a sentence, a fragment or a mere term.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from . import data
from .countries import CountryTable
from .mentions import Entity, doc_sentences, text_of
from .persons import Persons
from .quote_kind import KindEvidence, QuoteKindModel
from .quote_marks import QuoteSpan, find_quote_spans, paragraph_bounds
from .speaker_choice import QuoteContext, SpeakerChooser
from .speakers import SUBJECT_DEPS, Attribution, SpeakerFinder, inside_any

TERM_MAX_WORDS = 4


@dataclass
class QuotesFound:
    quotes: list[Quote]
    added_speakers: list[Entity]  # people the article names as speakers whom NER did not tag
    spans: list[QuoteSpan]  # every pair of marks, so reported speech can tell quoted words from its own


@dataclass
class Quote:
    text: str
    start: int
    end: int
    type: str
    speaker: str | None
    speaker_text: str | None
    cue: str | None


class QuoteExtractor:
    def __init__(self, countries: CountryTable, speaker_model: dict[str, Any] | None = None,
                 kind_model: dict[str, Any] | None = None) -> None:
        """speaker_model, kind_model: the fitted models' weights, None for the shipped ones."""
        self.speakers = SpeakerFinder(countries)
        self.chooser = SpeakerChooser(speaker_model)
        self.kinds = QuoteKindModel(kind_model)

    def extract(self, doc: Doc, people: Persons, regions: list[tuple[int, int]]) -> QuotesFound:
        """Quotes in the given (start, end) regions of the doc text (headline, body), and the
        speakers added to `people` because the parse names them where NER did not."""
        known_before = len(people.added)
        spans: list[QuoteSpan] = []
        for start, end in regions:
            spans.extend(
                QuoteSpan(s.start + start, s.end + start, s.open_mark, s.continued, s.continues_previous)
                for s in find_quote_spans(text_of(doc)[start:end])
            )
        self.speakers.add_unrecognised_speakers(doc, people, spans)
        people.drop_word_slips(self.speakers.words["verbs"])
        people.complete_lone_names()
        people.learn_genders(self.speakers.words["pronouns"])
        quotes: list[Quote] = []
        attributions: list[Attribution | None] = []
        for span in spans:
            quote, attribution = self._quote(doc, span, spans, people, quotes, attributions)
            quotes.append(quote)
            attributions.append(attribution)
        self._choose_speakers(doc, spans, quotes, attributions, people)
        self._share_speakers_across_continuations(quotes, spans)
        return QuotesFound(quotes, people.added[known_before:], spans)

    def _quote(self, doc: Doc, span: QuoteSpan, spans: list[QuoteSpan], people: Persons, earlier: list[Quote],
               earlier_attributions: list[Attribution | None]) -> tuple[Quote, Attribution | None]:
        text = text_of(doc)[span.start:span.end]
        sentences = _sentences_around(doc, span)
        embedded = _is_embedded(doc, span, sentences)
        if (embedded and _named_not_said(doc, span)) or _is_title_case(text):
            return Quote(text, span.start, span.end, "term", None, None, None), None
        attribution = None if embedded else self._attached_speaker(doc, span, spans, people)
        if attribution is None:
            attribution = self._attribution_in(sentences, spans, people, span)
        if attribution is None and not embedded:
            attribution = self._attribution_from_context(doc, span, spans, people, earlier, earlier_attributions)
        evidence = KindEvidence(
            text=text,
            rules_say_term=attribution is None and len(text.split()) <= TERM_MAX_WORDS,
            embedded=embedded,
            attribution_found=attribution is not None,
            attribution_is_person=_person(attribution) is not None,
            cue_in_sentence=any(self.speakers.is_cue(t) for sent in sentences for t in sent if not inside_any(t, spans)),
        )
        if not self.kinds.is_speech(evidence, len(earlier)):
            return Quote(text, span.start, span.end, "term", None, None, None), None
        kind = "partial" if embedded else "direct"
        if attribution is None:
            # A quoted passage is somebody's words even when the article does not say whose.
            return Quote(text, span.start, span.end, kind, None, None, None), None
        person = _person(attribution)
        speaker = person.canonical if person else None
        return Quote(text, span.start, span.end, kind, speaker, attribution.speaker_text, attribution.cue), attribution

    def _attribution_in(self, sentences: list[Span], spans: list[QuoteSpan], people: Persons, span: QuoteSpan,
                        need_person: bool = False) -> Attribution | None:
        """A speech verb outside the quotes in the given sentence(s), nearest to the quote first.

        need_person: only an attribution naming a person will do (used when borrowing
        the speaker from neighbouring text, where "it put" is no answer).
        """
        cues = [t for sent in sentences for t in sent if not inside_any(t, spans) and self.speakers.is_cue(t)]
        cues.sort(key=lambda t: min(abs(t.idx - span.start), abs(t.idx - span.end)))
        for cue in cues:
            found = self.speakers.speaker_of(cue, people, spans, quote=span if span.end > span.start else None)
            if found is not None and (found.speaker is not None or not need_person):
                return found
        return None

    def _attached_speaker(self, doc: Doc, span: QuoteSpan, spans: list[QuoteSpan], people: Persons) -> Attribution | None:
        """A quote standing on its own whose verb is not a speech verb of the lexicon but, right
        beside it, introduces it all the same ('"...," Lund shot back', '"...," agreed Maria Costa',
        'Costa fired back: "..."'): the person who is that verb's subject said it."""
        verb = _attachment_verb(doc, span)
        if verb is None or verb.pos_ != "VERB" or self.speakers.is_cue(verb) or inside_any(verb, spans):
            return None
        if verb.idx >= span.end:
            subject = {t.i for c in verb.children if c.dep_ == "nsubj" for t in c.subtree}
            between = doc[_token_at_or_after(doc, span.end):verb.i]
        else:
            before = text_of(doc)[verb.idx:span.start - 1].rstrip()
            if not before.endswith((":", ",")):
                return None
            subject = set()
            # 'Sanders delivered a snappy retort: "..."': a colon says the clause before it
            # introduces the quote, whatever the verb's objects are
            between = doc[0:0] if before.endswith(":") else doc[verb.i + 1:_token_at_or_after(doc, span.start - 1)]
        if not all(t.is_punct or t.is_space or t.i in subject or t.pos_ in ("ADV", "PART") for t in between):
            return None  # something else stands between the quote and the verb
        found = self.speakers.speaker_of(verb, people, spans)
        return found if _person(found) is not None else None

    def _attribution_from_context(self, doc: Doc, span: QuoteSpan, spans: list[QuoteSpan], people: Persons,
                                  earlier: list[Quote], earlier_attributions: list[Attribution | None]) -> Attribution | None:
        """A quote with no speech verb of its own takes its speaker from around it, in the order
        news copy does it: "Brandt said:" before it; an attributed quote earlier in the paragraph
        ("...," he said. "..."); the sentence after it ("That was the message from ..."); and for
        a quote opening a paragraph, whoever was speaking at the end of the previous paragraph."""
        text = text_of(doc)
        para_start, para_end = paragraph_bounds(text, span.start)
        around = _sentences_around(doc, span)
        first, last = around[0], around[-1]
        before = _sentence_before(doc, first)
        if before is not None and before.text.rstrip().endswith(":"):
            found = self._attribution_in([before], spans, people, span) or self.speakers.subject_of(before.root, people, spans)
            if found is not None:
                return found
        named = self._name_before_colon(doc, span, people)
        if named is not None:  # headline style: Lund: "We are ready"
            return named
        for quote, attribution in zip(reversed(earlier), reversed(earlier_attributions)):
            if quote.end < para_start:
                break
            if attribution is not None:
                return attribution
        if before is not None and before.start_char >= para_start:  # "X said in an interview. "...""
            found = self._attribution_in([before], spans, people, span, need_person=True)
            if found is not None:
                return found
        after = _sentence_after(doc, last)
        if after is not None and after.start_char < para_end and not _starts_with_quote(after, spans):
            found = self._attribution_in([after], spans, people, span) or self._subject_right_after(after, span, spans, people)
            if found is not None:
                return found
            person = _person_in(after, people, from_only=True)
            if person is not None:
                return Attribution(person, person.canonical, None)
        if span.start - 1 == para_start and para_start > 0:
            return self._speaker_at_end_of(doc, para_start - 1, spans, people, earlier, earlier_attributions)
        return None

    def _subject_right_after(self, after: Span, span: QuoteSpan, spans: list[QuoteSpan], people: Persons) -> Attribution | None:
        """'"You know, it happens, right?" Lund went on, ...': the sentence splitter cut the quote
        from the clause that introduces it. A sentence that opens right after the closing mark
        with a person as its verb's subject is that person speaking."""
        text = text_of(after.doc)
        if text[span.end:after.start_char].strip(" \u201d\"'\u2019") or not len(after):
            return None
        if not text[span.start:span.end].rstrip().endswith(("?", "!")) or _introduced_before(text, span):
            return None  # a quote ending in a full stop, or one introduced before it, ends there
        subject = after[0]
        while subject.dep_ in ("compound", "flat") and subject.head != subject:
            subject = subject.head  # "Tom" in "Tom Hadley went on"
        if subject.dep_ not in SUBJECT_DEPS:
            return None
        if subject.head.pos_ not in ("VERB", "AUX") or inside_any(subject, spans):
            return None
        found = self.speakers.resolve(subject, people, None, spans)
        return found if _person(found) is not None else None

    def _name_before_colon(self, doc: Doc, span: QuoteSpan, people: Persons) -> Attribution | None:
        """A name and a colon right before the opening mark: Lund: "We are ready"."""
        head = text_of(doc)[paragraph_bounds(text_of(doc), span.start)[0]:span.start - 1].rstrip()
        if not head.endswith(":"):
            return None
        name_end = len(head) - 1 + paragraph_bounds(text_of(doc), span.start)[0]
        token = next((t for t in doc if t.idx < name_end <= t.idx + len(t.text) + 1 and not t.is_punct), None)
        if token is None or not token.is_title:
            return None
        known = [p for p in people if token.text in (p.name_tokens[-1], p.canonical)]
        person = people.at(token) or (known[0] if known else None)
        if person is None and token.pos_ == "PROPN":
            person = self.speakers.named_speaker(token, people)
        return Attribution(person, token.text, None) if person is not None else None

    def _speaker_at_end_of(self, doc: Doc, position: int, spans: list[QuoteSpan], people: Persons,
                           earlier: list[Quote], earlier_attributions: list[Attribution | None]) -> Attribution | None:
        """Who was speaking at the end of the paragraph holding `position` (quoted or reported)."""
        start, end = paragraph_bounds(text_of(doc), position)
        last_quote = next(
            (a for q, a in zip(reversed(earlier), reversed(earlier_attributions)) if start <= q.start < end), None
        )
        if last_quote is not None:
            return last_quote
        in_paragraph = [s for s in doc_sentences(doc) if start <= s.start_char < end]
        if not in_paragraph:
            return None
        return self._attribution_in(in_paragraph, spans, people, QuoteSpan(end, end, ""), need_person=True)

    def _choose_speakers(self, doc: Doc, spans: list[QuoteSpan], quotes: list[Quote],
                         attributions: list[Attribution | None], people: Persons) -> None:
        """The fitted chooser has the last word on who said each quote, except where the rules
        found a source that is not a person ("the campaign said"): that stays as written."""
        text = text_of(doc)
        for number, (quote, span, attribution) in enumerate(zip(quotes, spans, attributions)):
            if quote.type == "term" or (attribution is not None and _person(attribution) is None):
                continue
            rule_person = _person(attribution)
            context = QuoteContext(span, rule_person, _previous_speaker(text, spans, attributions, number), spans)
            chosen = self.chooser.choose(doc, people, context, number)
            if chosen is None or chosen is rule_person:
                continue
            quote.speaker = chosen.canonical
            quote.speaker_text = _nearest_mention_text(chosen, span)
            quote.cue = None  # the rules' cue belonged to someone else, or there was none

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


def _attachment_verb(doc: Doc, span: QuoteSpan) -> Token | None:
    """The nearest word outside the quote that the quoted words hang from, if it is a verb."""
    inside = [t for t in doc if span.start <= t.idx < span.end and not t.is_space]
    if not inside:
        return None
    token = inside[0]
    for _ in range(40):
        if not span.start <= token.idx < span.end:
            return token if token.pos_ in ("VERB", "AUX") else None
        if token.head == token:
            # the parser may hang the clause that introduces the quote from the quote's own verb
            return next((c for c in token.children if c.dep_ in ("ccomp", "parataxis") and c.pos_ == "VERB"
                         and not span.start <= c.idx < span.end), None)
        token = token.head
    return None


def _introduced_before(text: str, span: QuoteSpan) -> bool:
    """Do words of the quote's own sentence stand before its opening mark ('As X put it, "..."')?"""
    before = text[paragraph_bounds(text, span.start)[0]:span.start - 1].rstrip()
    return bool(before) and not before.endswith((".", "?", "!", "\u201d", '"'))


def _token_at_or_after(doc: Doc, offset: int) -> int:
    return next((t.i for t in doc if t.idx >= offset), len(doc))


def _person(attribution: Attribution | None) -> Entity | None:
    if attribution is None or attribution.speaker is None or attribution.speaker.label != "PERSON":
        return None
    return attribution.speaker


def _previous_speaker(text: str, spans: list[QuoteSpan], attributions: list[Attribution | None], number: int) -> Entity | None:
    """The person who spoke the last attributed quote before this one, in its paragraph or the one before."""
    para_start = paragraph_bounds(text, spans[number].start)[0]
    window_start = paragraph_bounds(text, max(0, para_start - 1))[0] if para_start > 0 else 0
    for earlier in range(number - 1, -1, -1):
        if spans[earlier].end < window_start:
            return None
        person = _person(attributions[earlier])
        if person is not None:
            return person
    return None


def _nearest_mention_text(person: Entity, span: QuoteSpan) -> str:
    nearest = min(person.mentions, key=lambda m: min(abs(m.start - span.start), abs(m.end - span.end)))
    return nearest.text


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


def _person_in(sent: Span, people: Persons, from_only: bool) -> Entity | None:
    """A person named in the sentence after a standalone quote, as in "the message from X"."""
    for token in sent:
        person = people.at(token)
        if person is None:
            continue
        if not from_only:
            return person
        window = [t.lower_ for t in sent.doc[max(sent.start, token.i - 4): token.i]]
        if "from" in window or "by" in window:
            return person
    return None


def _sentences_around(doc: Doc, span: QuoteSpan) -> list[Span]:
    found = [s for s in doc_sentences(doc) if s.end_char > span.start - 1 and s.start_char < span.end + 1]
    return found or [doc[0:len(doc)]]


def _is_embedded(doc: Doc, span: QuoteSpan, sentences: list[Span]) -> bool:
    """Does the quote sit inside the reporter's own clause ("was "a very serious document"")?"""
    opening = span.start - 1
    paragraph_start = text_of(doc).rfind("\n", 0, opening) + 1
    before = text_of(doc)[max(paragraph_start, sentences[0].start_char):opening].rstrip()
    if not before:
        return False
    if before.endswith((":", ",", "\u2014", "--")) or before.endswith(('."', '.\u201d', "?\u201d", "!\u201d")):
        return False
    return True


def _named_not_said(doc: Doc, span: QuoteSpan) -> bool:
    """"the so-called "strategic framework"": a quoted name or term, not speech."""
    window = text_of(doc)[max(0, span.start - 30): span.start - 1].lower().split()
    return bool(window) and any(w.strip(",") in _naming_words() for w in window[-3:])


@cache
def _naming_words() -> frozenset[str]:
    """"so-called", "dubbed", ...: the words that make the quoted words after them a term."""
    return frozenset(data.load("speech.json")["naming_words"])


def _sentence_before(doc: Doc, sent: Span) -> Span | None:
    return doc[sent.start - 1].sent if sent.start > 0 else None


def _sentence_after(doc: Doc, sent: Span) -> Span | None:
    return doc[sent.end].sent if sent.end < len(doc) else None


def _starts_with_quote(sent: Span, spans: list[QuoteSpan]) -> bool:
    return any(s.start - 1 <= sent.start_char + 1 and s.end >= sent.start_char for s in spans)


def _is_title_case(text: str) -> bool:
    """"Lunch With the Minister", "Operation Sea Guardian": a name or title, not speech."""
    words = text.strip(" ,.").split()
    if not 2 <= len(words) <= 8 or text.rstrip().endswith((".", "?", "!", ",")):
        return False
    significant = [w for w in words if len(w) > 3 or w == words[0]]
    return all(w[:1].isupper() for w in significant)

