"""Who said it: the speech verbs of news copy and the person behind their subject.

A subject may be a name (also one the NER model missed), a pronoun ("she added")
resolved to the right person, or a role or description ("the foreign minister",
"the 58-year-old", "the Kenyan") resolved to the person the article has named.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypedDict

from spacy.tokens import Doc, Token

from . import data
from .countries import CountryTable
from .mentions import Entity, Mention, text_of
from .names import first_name_genders, fold, names_an_organisation
from .persons import Persons
from .quote_marks import QuoteSpan, paragraph_bounds

SUBJECT_DEPS = ("nsubj", "nsubjpass")
NO_SPEAKER_ENTITIES = ("DATE", "TIME", "PERCENT", "MONEY", "QUANTITY")  # not "One said" (CARDINAL)


@dataclass
class Attribution:
    speaker: Entity | None
    speaker_text: str | None
    cue: str | None


class Lexicon(TypedDict):
    verbs: frozenset[str]
    documents: frozenset[str]
    pronouns: dict[str, str]
    subject_pronouns: frozenset[str]
    role_heads: frozenset[str]
    generic: frozenset[str]
    leader_titles: frozenset[str]


def _lexicon() -> Lexicon:
    speech = data.load("speech.json")
    people = data.load("people.json")
    return {
        "verbs": frozenset(speech["verbs"]),
        "documents": frozenset(speech["document_nouns"]),
        "pronouns": people["pronouns"],
        "subject_pronouns": frozenset(people["gendered_subject_pronouns"]),
        "role_heads": frozenset(people["role_heads"]) | frozenset(people["generic_leader_heads"]),
        "generic": frozenset(people["generic_leader_heads"]),
        "leader_titles": frozenset(people["leader_titles"]),
    }


class SpeakerFinder:
    def __init__(self, countries: CountryTable) -> None:
        self.words = _lexicon()
        self.countries = countries
        self.titles = {t.lower() for t in data.load("people.json")["titles"]}
        people = data.load("people.json")
        self.organisation_words = set(people["not_name_words"]) | set(people["troupe_words"])
        self.weekdays = frozenset(people["weekdays"])
        self.first_names = first_name_genders()

    def add_unrecognised_speakers(self, doc: Doc, people: Persons, spans: Sequence[QuoteSpan]) -> None:
        """People the NER model missed but who are the subject of a speech verb ("Bakare said ...")."""
        for token in doc:
            if inside_any(token, spans) or not self.is_cue(token):
                continue
            subject = next((c for c in token.children if c.dep_ in SUBJECT_DEPS), None)
            if subject is None:
                continue
            named = [subject] + [c for c in subject.children if c.dep_ == "appos"]
            for candidate in named:
                if _proper(candidate) and people.at(candidate) is None:
                    if not self.countries.code_for(candidate.text, candidate.ent_type_ or None):
                        self.named_speaker(candidate, people)

    # --- one quote ----------------------------------------------------------------------

    def is_cue(self, token: Token) -> bool:
        lowered = token.lower_
        if lowered in self.words["verbs"] and (token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB") or token.dep_ == "ROOT"):
            return True
        return lowered == "according" and token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "to"

    def speaker_of(self, cue: Token, people: Persons, spans: Sequence[QuoteSpan],
                   quote: QuoteSpan | None = None) -> Attribution | None:
        if cue.lower_ == "according":
            objects = [t for t in cue.doc[cue.i + 1].children if t.dep_ == "pobj"]
            return self.resolve(objects[0], people, "according to", spans) if objects else None
        fallbacks: list[tuple[bool, int, Attribution]] = []
        for subject in _subjects_up_from(cue, lambda verb: self.is_cue(verb) and not inside_any(verb, spans)):
            if inside_any(subject, spans):
                continue
            if subject.ent_type_ in NO_SPEAKER_ENTITIES and not _is_age(subject):
                # "Saturday at the convention Sen. X said": a date says nothing, but the parser
                # may have hung the speaker's name inside the date's phrase
                person = _person_set_beside(subject, cue, people)
                if person is not None:
                    return Attribution(person, person.canonical, cue.lower_)
                continue
            found = self.resolve(subject, people, cue.lower_, spans)
            if found is not None and found.speaker is not None:
                return found
            if found is not None:
                # "the final corner" is nobody's voice: a speaker higher up wins, a body or an
                # unnamed official ("one diplomat") comes next, a thing only as a last resort
                fallbacks.append((_is_thing(subject, self.words["role_heads"]), len(fallbacks), found))
        if not fallbacks and _inverted(cue):
            after = _subject_after(cue, self.words["role_heads"])  # '"The risk," said Edward Leamer, ...': the parser lost the subject
            if after is not None and not inside_any(after, spans):
                found = self.resolve(after, people, cue.lower_, spans)
                if found is not None and found.speaker is not None:
                    return found
        if not fallbacks and quote is not None:
            person = _named_between(quote, cue, people)
            if person is not None:
                return Attribution(person, person.canonical, cue.lower_)
        return min(fallbacks)[2] if fallbacks else None

    def subject_of(self, verb: Token, people: Persons, spans: Sequence[QuoteSpan]) -> Attribution | None:
        """"Sophie Berthier ... addressed the crowd:" — the subject introducing a quote."""
        subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is None or inside_any(subject, spans):
            return None
        found = self.resolve(subject, people, None, spans)
        return found if found is not None and found.speaker is not None else None

    def resolve(self, subject: Token, people: Persons, cue: str | None, spans: Sequence[QuoteSpan]) -> Attribution | None:
        person = people.at(subject)
        if person is not None:
            return Attribution(person, _phrase(subject), cue)
        lowered = subject.lower_
        if lowered in self.words["pronouns"] and lowered in self.words["subject_pronouns"]:
            person = self.antecedent(subject, people, self.words["pronouns"][lowered], spans)
            return Attribution(person, subject.text, cue)
        if lowered in ("that", "which") and subject.head.dep_ == "relcl" and subject.head.head is not subject:
            # "a video that said ...", "a sign that read ...": the words are the antecedent's
            antecedent = subject.head.head
            found = self.resolve(antecedent, people, cue, spans) if antecedent.pos_ in ("NOUN", "PROPN") else None
            if found is not None and found.speaker is not None:
                return found
            holder = next((c for c in antecedent.head.children if c.dep_ == "nsubj"), None) if antecedent.dep_ == "dobj" else None
            if holder is not None and not inside_any(holder, spans):
                # "X released a video that said ...", "X held up a sign that read ..."
                found = self.resolve(holder, people, cue, spans)
                if found is not None and found.speaker is not None:
                    return Attribution(found.speaker, _phrase(antecedent), cue)
            return Attribution(None, subject.text, cue)
        if lowered in ("i", "we", "they", "it", "who", "you"):
            if lowered == "who" and subject.head.dep_ == "relcl":
                person = people.at(subject.head.head)
                return Attribution(person, _phrase(subject.head.head), cue) if person else None
            return Attribution(None, subject.text, cue)
        if _proper(subject) and not self.countries.code_for(subject.text, subject.ent_type_ or None):
            # NER may have missed the person or called them an ORG/NORP ("Albanese said")
            person = self.named_speaker(subject, people)
            if person is not None:
                return Attribution(person, _phrase(subject), cue)
        owner = next((c for c in subject.children if c.dep_ == "poss"), None)
        if owner is None and subject.lower_ in self.words["documents"]:
            owner = _author(subject)  # "an email sent out by X warned", "a filing by X said"
        if owner is not None and subject.lower_ in self.words["documents"]:
            # "her statement said", "Trump's spokesman said": the words are the owner's
            gender = self.words["pronouns"].get(owner.lower_)
            if gender is not None:
                person = self.antecedent(owner, people, gender, spans)
            else:
                found = self.resolve(owner, people, cue, spans)
                person = found.speaker if found is not None else None
            if person is not None:
                return Attribution(person, _phrase(subject), cue)
        if subject.is_title and subject.pos_ == "NOUN" and people.carrying(subject.text):
            # the tagger may call an unfamiliar surname a noun ("Sanders said")
            return Attribution(people.owner_of_surname(subject.text, subject.idx), _phrase(subject), cue)
        if _is_age(subject) or (subject.ent_type_ == "NORP" and self.countries.code_for(subject.text, "NORP")):
            # "the 58-year-old said", "the Kenyan added"
            return Attribution(self.role_holder(subject, people), _phrase(subject), cue)
        if subject.ent_type_ in ("ORG", "GPE", "NORP", "FAC", "LOC"):
            return Attribution(None, _phrase(subject), cue)
        named = next((c for c in subject.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
        if named is not None:  # "Argentina's foreign minister, Lucía Benavídez, said"
            person = people.at(named) or self.named_speaker(named, people)
            if person is not None:
                return Attribution(person, _phrase(subject), cue)
        if subject.pos_ in ("NOUN", "PROPN"):
            person = self.role_holder(subject, people)
            return Attribution(person, _phrase(subject), cue)
        return Attribution(None, _phrase(subject), cue)  # someone said it; the article does not say who

    def named_speaker(self, subject: Token, people: Persons) -> Entity | None:
        """A speaker named in the parse whom the NER model missed ("Obi said", "Glaciologist Martín Ruiz said").

        The surname joins a person the article already knows; a full name the article never
        tagged becomes a new person, so the quote has a speaker and the person is listed.
        """
        tokens = [t for t in subject.subtree if t.i <= subject.i and t.dep_ in ("compound", "flat", "punct") or t.i == subject.i]
        words = _name_words([t for t in tokens if _proper(t) and t.lower_ not in self.titles or t.text == "-"])
        if not words or any(w.lower() in self.weekdays for w in words):
            return None  # "said Tuesday": a day is nobody ("Super Tuesday" neither)
        if names_an_organisation(words, self.organisation_words):
            return None  # "the defence ministry said"
        if subject.tag_ == "NNPS":
            return None  # "many South Koreans call it": a people, not a person
        if people.ruled_out(subject):
            return None  # a place or company the entity step saw for what it is
        surname = words[-1]
        known = people.carrying(surname)
        if len(known) == 1 and len(words) >= 2 and known[0].name_tokens == [surname]:
            # "Spokeswoman Haley Morris says" where the model tagged only a later "Morris": the
            # full name is that person's
            known[0].canonical = " ".join(words)
        if known:
            return max(known, key=lambda p: max((m.start for m in p.mentions if m.start < subject.idx), default=-1))
        full = _full_name_in(subject.doc, surname, self.countries, self.first_names) if len(words) < 2 else None
        if subject.ent_type_ in ("GPE", "LOC", "FAC") and not (full is not None and fold(full[0]) in self.first_names):
            return None  # a place the model recognised, not a speaker (unless a given name goes with it)
        if len(words) < 2:
            if full is not None:
                words = full
            elif fold(words[0]) not in self.first_names or subject.ent_type_ not in ("", "PERSON"):
                return None  # a lone unknown capitalised word is as likely a company as a person
        elif subject.ent_type_ not in ("", "PERSON") and len(words) > 2 and fold(words[0]) not in self.first_names:
            # "Pacific Andes Copper said": the model calls it an organisation, it is longer than
            # most names, and no first name says otherwise
            return None
        start = next((t for t in tokens if t.text == words[0]), subject).idx
        end = subject.idx + len(subject.text)
        mention = Mention(start=start, end=end, text=text_of(subject.doc)[start:end], sentence=0)
        return people.create(" ".join(words), mention, gender=self.first_names.get(fold(words[0])), added=True)

    # --- pronouns and roles -------------------------------------------------------------

    def antecedent(self, pronoun: Token, people: Persons, gender: str, spans: Sequence[QuoteSpan] = ()) -> Entity | None:
        """The person a he/she refers to: the last one named before it, outside quotes, whose
        gender fits — and one whose gender is known to fit beats one of unknown gender
        when both were named in the last few paragraphs."""
        window_start = paragraph_bounds(text_of(pronoun.doc), pronoun.idx)[0]
        for _ in range(2):  # this paragraph and the two before it
            window_start = paragraph_bounds(text_of(pronoun.doc), max(0, window_start - 1))[0]
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
        return self._recent_subject(pronoun, people, gender, spans) or best

    def _recent_subject(self, pronoun: Token, people: Persons, gender: str, spans: Sequence[QuoteSpan]) -> Entity | None:
        """The person who is the grammatical subject just before the pronoun, in its own
        sentence or the one before: news copy keeps the subject as the topic ("Zhang was more
        subdued. Asked whether he had missed a win, he said ...")."""
        sentence = pronoun.sent
        previous = pronoun.doc[sentence.start - 1].sent if sentence.start > 0 else None
        for sent, limit in ((sentence, pronoun.i), (previous, None)):
            if sent is None:
                continue
            subjects = []
            for token in sent:
                if limit is not None and token.i >= limit:
                    break
                if token.dep_ in SUBJECT_DEPS and not _inside_quote(token.idx, spans):
                    person = people.at(token)
                    if person is not None and person.gender in (None, gender):
                        subjects.append(person)
            if subjects:
                return subjects[-1]
        return None

    def role_holder(self, head: Token, people: Persons) -> Entity | None:
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
            best = people.last_named_before(head.idx)
        return best


_APOSTROPHE_NAME = re.compile(r"^[A-Z][\u2019'][A-Z][a-z]+$")


def _proper(token: Token) -> bool:
    """A proper noun, or a name the tagger called a noun for its apostrophe ("O\u2019Donnell")."""
    return token.pos_ == "PROPN" or bool(_APOSTROPHE_NAME.match(token.text))


def _person_set_beside(phrase: Token, cue: Token, people: Persons) -> Entity | None:
    """The last person named in apposition inside a phrase before the cue ("Saturday at the
    convention Sen. X (D-MA) said")."""
    named = [t for t in phrase.subtree if t.dep_ == "appos" and t.i < cue.i and people.at(t) is not None]
    return people.at(named[-1]) if named else None


def _phrase(token: Token) -> str:
    tokens = [t for t in token.subtree if t.dep_ not in ("relcl", "punct", "acl") and not t.is_punct
              and not (t.pos_ == "VERB" and t.dep_ == "amod" and t.i < token.i - 1)]  # not "tweeted" of "tweeted X Y"
    left = [t for t in tokens if t.i <= token.i]
    left = left[-6:]
    return " ".join(t.text for t in left) or token.text


def inside_any(token: Token, spans: Sequence[QuoteSpan]) -> bool:
    return any(s.start - 1 <= token.idx < s.end + 1 for s in spans)


def _subjects_up_from(cue: Token, is_cue: Callable[[Token], bool] | None = None) -> Iterator[Token]:
    """The cue's subject, then the subjects of the verbs it hangs from ("complaining that the
    corner was given and calling it "a gift"": the corner does not speak, the coach does).

    A clause that is itself what a speech verb reports ("X said that Y represents ..., stating
    ...") has the person spoken of as its subject, not the speaker: above the cue, the subjects
    of such a clause (unless its verb is a speech verb too) are passed over for the speech verb's
    own. "by calling him ..." climbs through "by" to the verb it modifies ("X responded by calling ...")."""
    verb = cue
    for level in range(6):
        reported = level > 0 and verb.dep_ == "ccomp" and is_cue is not None and is_cue(verb.head) and not is_cue(verb)
        # all of them: the parser may also hang a word from inside the quote on the verb
        subjects = [] if reported else [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
        if is_cue is not None and is_cue(verb):
            # "X was asked by Y whether ...", "Asked by Y if ...": Y speaks, X is spoken to
            subjects = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"] + subjects
        if subjects:
            yield from subjects
        elif verb.dep_ == "relcl":
            yield verb.head  # "Putin, who said ..."
        if verb.head is verb:
            return
        if verb.dep_ == "pcomp" and verb.head.lower_ == "by" and verb.head.head.pos_ in ("VERB", "AUX"):
            verb = verb.head.head
            continue
        if verb.dep_ not in ("conj", "advcl", "xcomp", "ccomp", "relcl"):
            return
        verb = verb.head


def _named_between(quote: QuoteSpan, cue: Token, people: Persons) -> Entity | None:
    """'"...," Maria Costa, an adviser to the campaign, said': the person named right after
    the quote and before its speech verb, where the parser hung the name inside the quote and
    left the verb without a subject. Between the name and the verb only its description may
    stand (an apposition, an age, a relative clause), no other verb of the sentence."""
    doc = cue.doc
    if cue.idx < quote.end:
        return None
    i = next((t.i for t in doc if t.idx >= quote.end + 1), None)
    if i is None or i >= cue.i:
        return None
    while i < cue.i and (doc[i].is_punct or doc[i].is_space):
        i += 1
    skipped = 0
    while i < cue.i and people.at(doc[i]) is None and doc[i].is_lower and doc[i].pos_ in ("NOUN", "ADJ") and skipped < 3:
        i += 1  # "screenwriter Tom Hadley wrote"
        skipped += 1
    if i >= cue.i or doc[i].sent != cue.sent:
        return None
    person = people.at(doc[i])
    if person is None:
        return None
    if doc[i + 1].text == "," and doc[cue.i - 1].text == ",":
        return person  # "X, the frontrunner after winning the primaries, said": all of it describes X
    for token in doc[i + 1:cue.i]:
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("relcl", "acl", "aux", "auxpass"):
            return None
    return person


def _author(document: Token) -> Token | None:
    """The X of "a letter signed by X", "an email sent out by X", "a report by X"."""
    for child in document.children:
        if child.dep_ == "prep" and child.lower_ == "by":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
        if child.dep_ == "acl":
            for agent in child.children:
                if agent.dep_ in ("agent", "prep") and agent.lower_ == "by":
                    return next((g for g in agent.children if g.dep_ == "pobj"), None)
    return None


def _inverted(cue: Token) -> bool:
    """Is the speech verb set before its subject, as in '"...," said X' or 'Said X, "..."'
    (not "by calling X ...", where the name after the verb is its object)?"""
    doc = cue.doc
    return cue.i == cue.sent.start or doc[cue.i - 1].is_punct or doc[cue.i - 1].is_quote or doc[cue.i - 1].pos_ in ("ADV", "CCONJ")


def _subject_after(cue: Token, role_heads: frozenset[str]) -> Token | None:
    """The name right after an inverted speech verb ("said Edward Leamer"): the last word of
    the proper-noun run that follows it, where the parse names the run as nobody's subject."""
    doc = cue.doc
    i = cue.i + 1
    if i >= len(doc) or doc[i].pos_ != "PROPN":
        return None
    while i + 1 < len(doc) and doc[i + 1].pos_ == "PROPN" and doc[i + 1].is_title:
        i += 1
    if i + 2 < len(doc) and doc[i + 1].lower_ in role_heads and doc[i + 2].pos_ == "PROPN" and doc[i + 2].is_title:
        # "tweeted Rubio spokesman Alex Conant": the employer's name, the role, then the speaker's
        i += 2
        while i + 1 < len(doc) and doc[i + 1].pos_ == "PROPN" and doc[i + 1].is_title:
            i += 1
    if i + 1 < len(doc) and doc[i + 1].tag_ == "POS":
        return None  # "called Costa's statements ...": the name owns the object
    if doc[i].ent_type_ in NO_SPEAKER_ENTITIES:
        return None  # "..., said Tuesday that ...": when, not who
    return doc[i]


def _name_words(tokens: list[Token]) -> list[str]:
    """Name words from tokens, hyphenated parts joined again: "Asante", "-", "Boateng" -> "Asante-Boateng"."""
    words: list[str] = []
    glue = False
    for token in tokens:
        if token.text == "-":
            glue = bool(words)
            continue
        if glue:
            words[-1] += "-" + token.text
        else:
            words.append(token.text if words else token.text.lstrip("-\u2013\u2014"))  # "-Lund" in a list
        glue = False
    return words


def _is_thing(subject: Token, role_heads: frozenset[str]) -> bool:
    """A common noun that names no person or body (not "minister", not "the ministry")."""
    return subject.pos_ == "NOUN" and subject.ent_type_ == "" and subject.lower_ not in role_heads


def _ever_acts(person: Entity, doc: Doc) -> bool:
    """Is any mention the subject of a verb, or set beside a description ("X, a priest")?"""
    for mention in person.mentions:
        for token in doc.char_span(mention.start, mention.end, alignment_mode="expand") or ():
            if (token.dep_ in SUBJECT_DEPS or token.dep_ == "appos"
                    or (token.head.dep_ in SUBJECT_DEPS and token.dep_ in ("compound", "flat"))):
                return True
    return False


def _is_age(token: Token) -> bool:
    """"the 58-year-old" (tokenised 58 - year - old)."""
    phrase = " ".join(t.lower_ for t in token.subtree).replace(" - ", "-")
    return "year-old" in phrase or "year old" in phrase


def _inside_quote(position: int, spans: Sequence[QuoteSpan]) -> bool:
    return any(s.start <= position < s.end for s in spans)


def _full_name_in(doc: Doc, surname: str, countries: CountryTable, first_names: dict[str, str]) -> list[str] | None:
    """"Chiamaka Obi" somewhere in the article for a speaker written "Obi".

    The model's label on the first name is ignored (it often calls unfamiliar names
    places or organisations), and so is its part of speech when it is a known given name
    ("Will" taken for a verb); a real place name is not taken for a first name. A nickname
    in quotation marks may stand between the two ('John "Tig" Obi').
    """
    for token in doc:
        if token.text == surname and token.i > 0:
            first = _given_name_before(doc, token.i)
            if first.is_title and first.is_alpha and (first.pos_ == "PROPN" or fold(first.text) in first_names) \
                    and not countries.code_for(first.text, "GPE"):
                return [first.text, surname]
    return None


def _given_name_before(doc: Doc, i: int) -> Token:
    """The word before doc[i], or before the quoted nickname right before it ('John "Tig" Obi')."""
    if i >= 4 and doc[i - 1].is_quote and doc[i - 3].is_quote and doc[i - 2].is_title:
        return doc[i - 4]
    return doc[i - 1]
