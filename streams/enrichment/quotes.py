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
from .entities import Entity, Mention, doc_sentences, text_of
from .names import first_name_genders, fold, gender_of_name
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
        self.titles = {t.lower() for t in data.load("people.json")["titles"]}
        self.organisation_words = set(data.load("people.json")["not_name_words"])
        self.first_names = first_name_genders()

    def extract(self, doc: Doc, people: list[Entity], regions: list[tuple[int, int]]) -> list[Quote]:
        """Quotes in the given (start, end) regions of the doc text (headline, body).

        `people` may grow: a speaker the NER model missed but the parse names is added.
        """
        spans: list[QuoteSpan] = []
        for start, end in regions:
            spans.extend(
                QuoteSpan(s.start + start, s.end + start, s.open_mark, s.continued, s.continues_previous)
                for s in find_quote_spans(text_of(doc)[start:end])
            )
        self._add_unrecognised_speakers(doc, people, spans)
        self._learn_genders(doc, people)
        quotes: list[Quote] = []
        attributions: list[_Attribution | None] = []
        for span in spans:
            quote, attribution = self._quote(doc, span, spans, people, quotes, attributions)
            quotes.append(quote)
            attributions.append(attribution)
        self._share_speakers_across_continuations(quotes, spans)
        return quotes

    def _add_unrecognised_speakers(self, doc: Doc, people: list[Entity], spans) -> None:
        """People the NER model missed but who are the subject of a speech verb ("Bakare said ...")."""
        for token in doc:
            if _inside_any(token, spans) or not self._is_cue(token):
                continue
            subject = next((c for c in token.children if c.dep_ in SUBJECT_DEPS), None)
            if subject is None:
                continue
            named = [subject] + [c for c in subject.children if c.dep_ == "appos"]
            for candidate in named:
                if candidate.pos_ == "PROPN" and _person_at(candidate, people) is None:
                    if not self.countries.code_for(candidate.text, candidate.ent_type_ or None):
                        self._named_speaker(candidate, people)

    # --- one quote ----------------------------------------------------------------------

    def _quote(self, doc, span, spans, people, earlier, earlier_attributions):
        text = text_of(doc)[span.start:span.end]
        sentences = _sentences_around(doc, span)
        embedded = _is_embedded(doc, span, sentences)
        if (embedded and _named_not_said(doc, span)) or _is_title_case(text):
            return Quote(text, span.start, span.end, "term", None, None, None), None
        attribution = self._attribution_in(sentences, spans, people, span)
        if attribution is None and not embedded:
            attribution = self._attribution_from_context(doc, span, spans, people, earlier, earlier_attributions)
        if attribution is None:
            if len(text.split()) <= TERM_MAX_WORDS or _is_title_case(text):
                return Quote(text, span.start, span.end, "term", None, None, None), None
            # A long quoted passage is somebody's words even when the article does not say whose.
            return Quote(text, span.start, span.end, "partial" if embedded else "direct", None, None, None), None
        kind = "partial" if embedded else "direct"
        person = attribution.speaker if attribution.speaker and attribution.speaker.label == "PERSON" else None
        speaker = person.canonical if person else None
        return Quote(text, span.start, span.end, kind, speaker, attribution.speaker_text, attribution.cue), attribution

    def _attribution_in(self, sentences: list[Span], spans, people, span, need_person: bool = False) -> _Attribution | None:
        """A speech verb outside the quotes in the given sentence(s), nearest to the quote first.

        need_person: only an attribution naming a person will do (used when borrowing
        the speaker from neighbouring text, where "it put" is no answer).
        """
        cues = [t for sent in sentences for t in sent if not _inside_any(t, spans) and self._is_cue(t)]
        cues.sort(key=lambda t: min(abs(t.idx - span.start), abs(t.idx - span.end)))
        for cue in cues:
            found = self._speaker_of(cue, people, spans)
            if found is not None and (found.speaker is not None or not need_person):
                return found
        return None

    def _attribution_from_context(self, doc, span, spans, people, earlier, earlier_attributions) -> _Attribution | None:
        """A quote with no speech verb of its own takes its speaker from around it, in the order
        news copy does it: "Brandt said:" before it; an attributed quote earlier in the paragraph
        ("...," he said. "..."); the sentence after it ("That was the message from ..."); and for
        a quote opening a paragraph, whoever was speaking at the end of the previous paragraph."""
        text = text_of(doc)
        para_start, para_end = _paragraph_bounds(text, span.start)
        first, last = _sentences_around(doc, span)[0], _sentences_around(doc, span)[-1]
        before = _sentence_before(doc, first)
        if before is not None and before.text.rstrip().endswith(":"):
            found = self._attribution_in([before], spans, people, span) or self._subject_of(before.root, people, spans)
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
            found = self._attribution_in([after], spans, people, span)
            if found is not None:
                return found
            person = _person_in(after, people, from_only=True)
            if person is not None:
                return _Attribution(person, person.canonical, None)
        if span.start - 1 == para_start and para_start > 0:
            return self._speaker_at_end_of(doc, para_start - 1, spans, people, earlier, earlier_attributions)
        return None

    def _name_before_colon(self, doc: Doc, span: QuoteSpan, people) -> _Attribution | None:
        """A name and a colon right before the opening mark: Lund: "We are ready"."""
        head = text_of(doc)[_paragraph_bounds(text_of(doc), span.start)[0]:span.start - 1].rstrip()
        if not head.endswith(":"):
            return None
        name_end = len(head) - 1 + _paragraph_bounds(text_of(doc), span.start)[0]
        token = next((t for t in doc if t.idx < name_end <= t.idx + len(t.text) + 1 and not t.is_punct), None)
        if token is None or not token.is_title:
            return None
        known = [p for p in people if token.text in (p.name_tokens[-1], p.canonical)]
        person = _person_at(token, people) or (known[0] if known else None)
        if person is None and token.pos_ == "PROPN":
            person = self._named_speaker(token, people)
        return _Attribution(person, token.text, None) if person is not None else None

    def _speaker_at_end_of(self, doc, position, spans, people, earlier, earlier_attributions) -> _Attribution | None:
        """Who was speaking at the end of the paragraph holding `position` (quoted or reported)."""
        start, end = _paragraph_bounds(text_of(doc), position)
        last_quote = next(
            (a for q, a in zip(reversed(earlier), reversed(earlier_attributions)) if start <= q.start < end), None
        )
        if last_quote is not None:
            return last_quote
        in_paragraph = [s for s in doc_sentences(doc) if start <= s.start_char < end]
        if not in_paragraph:
            return None
        return self._attribution_in(in_paragraph, spans, people, QuoteSpan(end, end, ""), need_person=True)

    def _subject_of(self, verb: Token, people, spans) -> _Attribution | None:
        """"Sophie Berthier ... addressed the crowd:" — the subject introducing a quote."""
        subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is None or _inside_any(subject, spans):
            return None
        found = self._resolve(subject, people, None, spans)
        return found if found is not None and found.speaker is not None else None

    def _is_cue(self, token: Token) -> bool:
        lowered = token.lower_
        if lowered in self.words["verbs"] and (token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB") or token.dep_ == "ROOT"):
            return True
        return lowered == "according" and token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "to"

    def _speaker_of(self, cue: Token, people: list[Entity], spans) -> _Attribution | None:
        if cue.lower_ == "according":
            objects = [t for t in cue.doc[cue.i + 1].children if t.dep_ == "pobj"]
            return self._resolve(objects[0], people, "according to", spans) if objects else None
        fallbacks = []
        for subject in _subjects_up_from(cue):
            if _inside_any(subject, spans):
                continue
            found = self._resolve(subject, people, cue.lower_, spans)
            if found is not None and found.speaker is not None:
                return found
            if found is not None:
                # "the final corner" is nobody's voice: a speaker higher up wins, a body or an
                # unnamed official ("one diplomat") comes next, a thing only as a last resort
                fallbacks.append((_is_thing(subject, self.words["role_heads"]), len(fallbacks), found))
        return min(fallbacks)[2] if fallbacks else None

    def _resolve(self, subject: Token, people: list[Entity], cue: str, spans) -> _Attribution | None:
        person = _person_at(subject, people)
        if person is not None:
            return _Attribution(person, _phrase(subject), cue)
        lowered = subject.lower_
        if lowered in self.words["pronouns"] and lowered in ("he", "she"):
            person = self._antecedent(subject, people, self.words["pronouns"][lowered], spans)
            return _Attribution(person, subject.text, cue)
        if lowered in ("i", "we", "they", "it", "who", "you"):
            if lowered == "who" and subject.head.dep_ == "relcl":
                person = _person_at(subject.head.head, people)
                return _Attribution(person, _phrase(subject.head.head), cue) if person else None
            return _Attribution(None, subject.text, cue)
        if subject.pos_ == "PROPN" and not self.countries.code_for(subject.text, subject.ent_type_ or None):
            # NER may have missed the person or called them an ORG/NORP ("Albanese said")
            person = self._named_speaker(subject, people)
            if person is not None:
                return _Attribution(person, _phrase(subject), cue)
        if _is_age(subject) or (subject.ent_type_ == "NORP" and self.countries.code_for(subject.text, "NORP")):
            # "the 58-year-old said", "the Kenyan added"
            return _Attribution(self._role_holder(subject, people), _phrase(subject), cue)
        if subject.ent_type_ in ("ORG", "GPE", "NORP", "FAC", "LOC"):
            return _Attribution(None, _phrase(subject), cue)
        named = next((c for c in subject.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
        if named is not None:  # "Argentina's foreign minister, Lucía Benavídez, said"
            person = _person_at(named, people) or self._named_speaker(named, people)
            if person is not None:
                return _Attribution(person, _phrase(subject), cue)
        if subject.pos_ in ("NOUN", "PROPN"):
            person = self._role_holder(subject, people)
            return _Attribution(person, _phrase(subject), cue)
        return _Attribution(None, _phrase(subject), cue)  # someone said it; the article does not say who

    def _named_speaker(self, subject: Token, people: list[Entity]) -> Entity | None:
        """A speaker named in the parse whom the NER model missed ("Obi said", "Glaciologist Martín Ruiz said").

        The surname joins a person the article already knows; a full name the article never
        tagged becomes a new person, so the quote has a speaker and the person is listed.
        """
        tokens = [t for t in subject.subtree if t.i <= subject.i and t.dep_ in ("compound", "flat") or t.i == subject.i]
        words = [t.text for t in tokens if t.pos_ == "PROPN" and t.lower_ not in self.titles]
        if not words:
            return None
        if any(w.lower() in self.organisation_words for w in words):
            return None  # "the defence ministry said"
        surname = words[-1]
        known = [p for p in people if p.name_tokens[-1] == surname or p.name_tokens[0] == surname]
        if known:
            return max(known, key=lambda p: max((m.start for m in p.mentions if m.start < subject.idx), default=-1))
        if subject.ent_type_ in ("GPE", "LOC", "FAC"):
            return None  # a place the model recognised, not a speaker
        if len(words) < 2:
            full = _full_name_in(subject.doc, surname, self.countries)
            if full is not None:
                words = full
            elif fold(words[0]) not in self.first_names or subject.ent_type_ not in ("", "PERSON"):
                return None  # a lone unknown capitalised word is as likely a company as a person
        start = next((t for t in tokens if t.text == words[0]), subject).idx
        person = Entity(label="PERSON", canonical=" ".join(words))
        end = subject.idx + len(subject.text)
        person.mentions.append(Mention(start=start, end=end, text=text_of(subject.doc)[start:end], sentence=0))
        person.gender = self.first_names.get(fold(words[0]))
        people.append(person)
        return person

    # --- pronouns and roles -------------------------------------------------------------

    def _antecedent(self, pronoun: Token, people: list[Entity], gender: str, spans=()) -> Entity | None:
        """The person a he/she refers to: the last one named before it, outside quotes, whose
        gender fits — and one whose gender is known to fit beats one of unknown gender
        when both were named in the last few paragraphs."""
        window_start = _paragraph_bounds(text_of(pronoun.doc), pronoun.idx)[0]
        for _ in range(2):  # this paragraph and the two before it
            window_start = _paragraph_bounds(text_of(pronoun.doc), max(0, window_start - 1))[0]
        best, best_key = None, (-1, -1)
        for person in people:
            if person.gender not in (None, gender):
                continue
            if person.gender is None and not person.roles and not _ever_acts(person, pronoun.doc):
                continue  # "São Paulo" tagged as a person never does or says anything: not a "he"
            before = [m.start for m in person.mentions if m.end <= pronoun.idx and not _inside_quote(m.start, spans)]
            if not before:
                continue
            last = max(before)
            known_fit = 1 if person.gender == gender and last >= window_start else 0
            key = (known_fit, last)
            if key > best_key:
                best, best_key = person, key
        return best

    def _role_holder(self, head: Token, people: list[Entity]) -> Entity | None:
        """"the foreign minister", "the Russian leader", "the priest", "the Kenyan", "the
        58-year-old": the person named earlier whom the phrase describes."""
        words = {t.lower_ for t in head.subtree if t.dep_ not in ("det", "punct")}
        definite = any(t.dep_ == "det" and t.lower_ in ("the", "this", "that") for t in head.children)
        nationality = {self.countries.code_for(t.text, "NORP") for t in head.subtree if t.ent_type_ in ("NORP", "GPE")}
        nationality.discard(None)
        demonym = self.countries.code_for(head.text, "NORP")  # "the Kenyan"
        if demonym:
            nationality.add(demonym)
        best, best_key = None, (0.0, -1)
        names_a_person = head.lower_ in self.words["role_heads"] or head.lower_ in self.words["generic"] or demonym
        for person in people:
            before = [m.start for m in person.mentions if m.start < head.idx]
            if not before and not person.roles:
                continue
            if not (names_a_person or head.lower_ in person.roles):
                continue  # "the embassy", "the office", "the text" are nobody's role
            score = float(len(words & person.roles))
            if head.lower_ in person.roles:
                score += 1.0  # the head noun itself: "priest" for "X, a priest who ..."
            elif head.lower_ in self.words["generic"] and person.roles & self.words["leader_titles"]:
                score += 1.0
            elif head.lower_ in self.words["role_heads"]:
                score -= 1.0  # "the minister" for someone never called a minister
            person_codes = {self.countries.code_for(r.title(), "NORP") for r in person.roles} - {None}
            if nationality:
                if nationality & person_codes:
                    score += 1.5
                elif person_codes:
                    score -= 2.0
            last_before = max(before) if before else -1
            if not before:
                score -= 0.5
            key = (score, last_before)
            if score > 0 and key > best_key:
                best, best_key = person, key
        if best is None and definite and (demonym or _is_age(head)):
            # "the 58-year-old said", "the Kenyan added": news copy means the person just named
            best = _last_named_before(head.idx, people)
        return best

    def _learn_genders(self, doc: Doc, people: list[Entity]) -> None:
        """A he/she/his/her right after the only person named so far in that sentence tells their gender."""
        pronouns = self.words["pronouns"]
        votes: dict[int, dict[str, int]] = {}
        for sent in doc_sentences(doc):
            named_here: list[Entity] = []
            for token in sent:
                person = _person_at(token, people)
                if person is not None and person not in named_here:
                    named_here.append(person)
                elif token.lower_ in pronouns and len(named_here) == 1:
                    tally = votes.setdefault(id(named_here[0]), {"m": 0, "f": 0})
                    tally[pronouns[token.lower_]] += 1
        for person in people:
            if person.gender is None:
                person.gender = gender_of_name(person.name_tokens)
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
    found = [s for s in doc_sentences(doc) if s.end_char > span.start - 1 and s.start_char < span.end + 1]
    return found or [doc[0:len(doc)]]


def _inside_any(token: Token, spans: list[QuoteSpan]) -> bool:
    return any(s.start - 1 <= token.idx < s.end + 1 for s in spans)


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
    return bool(window) and any(w.strip(",") in NAMING_WORDS for w in window[-3:])


def _quote_fills(first: Span, last: Span, span: QuoteSpan) -> bool:
    outside = (text_of(first.doc)[first.start_char: span.start - 1] + text_of(first.doc)[span.end + 1: last.end_char]).strip()
    return len(outside.strip(" .,\"'\u201c\u201d\u2018\u2019")) == 0


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


def _subjects_up_from(cue: Token):
    """The cue's subject, then the subjects of the verbs it hangs from ("complaining that the
    corner was given and calling it "a gift"": the corner does not speak, the coach does)."""
    verb = cue
    for _ in range(4):
        subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is not None:
            yield subject
        elif verb.dep_ == "relcl":
            yield verb.head  # "Putin, who said ..."
        if verb.dep_ not in ("conj", "advcl", "xcomp", "ccomp", "relcl") or verb.head is verb:
            return
        verb = verb.head


def _is_thing(subject: Token, role_heads) -> bool:
    """A common noun that names no person or body (not "minister", not "the ministry")."""
    return subject.pos_ == "NOUN" and subject.ent_type_ == "" and subject.lower_ not in role_heads


def _ever_acts(person: Entity, doc: Doc) -> bool:
    """Is any mention the subject of a verb, or set beside a description ("X, a priest")?"""
    for mention in person.mentions:
        for token in doc.char_span(mention.start, mention.end, alignment_mode="expand") or ():
            if token.dep_ in SUBJECT_DEPS or token.dep_ == "appos" or token.head.dep_ in SUBJECT_DEPS and token.dep_ in ("compound", "flat"):
                return True
    return False


def _is_age(token: Token) -> bool:
    """"the 58-year-old" (tokenised 58 - year - old)."""
    phrase = " ".join(t.lower_ for t in token.subtree).replace(" - ", "-")
    return "year-old" in phrase or "year old" in phrase


def _last_named_before(position: int, people: list[Entity]) -> Entity | None:
    best, best_start = None, -1
    for person in people:
        for mention in person.mentions:
            if best_start < mention.start < position:
                best, best_start = person, mention.start
    return best


def _inside_quote(position: int, spans) -> bool:
    return any(s.start <= position < s.end for s in spans)


def _full_name_in(doc: Doc, surname: str, countries) -> list[str] | None:
    """"Chiamaka Obi" somewhere in the article for a speaker written "Obi".

    The model's label on the first name is ignored (it often calls unfamiliar names
    places or organisations); a real place name is not taken for a first name.
    """
    for token in doc:
        if token.text == surname and token.i > 0:
            first = doc[token.i - 1]
            if first.is_title and first.is_alpha and first.pos_ == "PROPN" and not countries.code_for(first.text, "GPE"):
                return [first.text, surname]
    return None


def _paragraph_bounds(text: str, position: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return start, len(text) if end == -1 else end
