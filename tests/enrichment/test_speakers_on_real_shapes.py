"""Attribution shapes that real published news uses and our own stories did not (read on PolNeAR
train; the texts here are written for the tests)."""

import json

import pytest
from spacy.tokens import Doc

from streams.enrichment.article import decode_article
from streams.enrichment.mentions import Mention
from streams.enrichment.persons import Persons


def quotes_of(enricher, body):
    record = enricher.enrich(decode_article(json.dumps({"headline": "Vote count goes on", "body": body}).encode()))
    return [(q["text"], q["type"], q["speaker"], q["speaker_text"]) for q in record["quotes"]]


@pytest.mark.parametrize(
    "body, speaker, speaker_text",
    [
        ('"The risk," said Edward Leamer, an economist who directs a forecasting centre, '
         '"is that we are going to be attracting workers and repelling jobs."', "Edward Leamer", "Edward Leamer"),
        ('Maria Lopez spoke on Monday. Her statement said "we will not back down from this fight."',
         "Maria Lopez", "Her statement"),
        ('Ahmed Khan stayed away. Khan\'s letter reads: "The minister is abroad until Friday and will answer then."',
         "Ahmed Khan", None),
        ('Senator Karen Walsh was silent on Monday. "This is a disgrace for the country," her spokesman said.',
         None, "her spokesman"),
    ],
)
def test_who_said_it(enricher, body, speaker, speaker_text):
    found = [q for q in quotes_of(enricher, body) if q[1] != "term"]
    assert found and all(q[2] == speaker for q in found), found
    if speaker_text is not None:
        assert all(q[3] == speaker_text for q in found), found


@pytest.mark.parametrize(
    "body, speaker",
    [
        # the person spoken of is the subject of the reported clause, the speaker that of "said"
        ('Mayor Ana Ruiz said on Friday that Tom Hadley represents "old habits," stating that he '
         '"will not change by himself."', "Ana Ruiz"),
        # "by calling X ...": X is the object, the speaker is the subject of the verb above
        ('Ana Ruiz answered the letter by calling Tom Hadley "a tourist" and accusing him of "hiding from voters."',
         "Ana Ruiz"),
        # the words of a video, a sign or a letter are those of who released, held or signed it
        ('Lena Ortiz released a video that said "the river belongs to everyone."', "Lena Ortiz"),
        ('Nurse Joan Pike held up a sign that read "Staff, not slogans."', "Joan Pike"),
        ('A letter signed by Tom Hadley warned that "the bridge will close in May."', "Tom Hadley"),
    ],
)
def test_speaker_above_the_cue(enricher, body, speaker):
    found = [q for q in quotes_of(enricher, body) if q[1] != "term"]
    assert found and all(q[2] == speaker for q in found), found


def test_verb_beside_a_quote_introduces_it_even_when_it_is_no_speech_verb(enricher):
    # "shot back" is no speech verb of the lexicon ("shot" rarely is), but set right after the
    # quote it says who spoke; the quote after it in the paragraph goes on in the same voice
    body = 'Tom Hadley said the plan was late. "You have had four years," Ana Ruiz shot back. "Let me finish."'
    found = [q for q in quotes_of(enricher, body) if q[1] != "term"]
    assert [q[2] for q in found] == ["Ana Ruiz", "Ana Ruiz"], found


def test_a_speaker_known_by_surname_takes_the_full_name_the_article_writes(enricher):
    body = ('The numbers are worse than ever, according to Bill Tandrey, a pollster who works for the bank. '
            '"Her numbers are terrible," Tandrey said.')
    found = [q for q in quotes_of(enricher, body) if q[1] != "term"]
    assert [q[2] for q in found] == ["Bill Tandrey"], found


def test_name_between_the_quote_and_its_verb_speaks(enricher):
    # the parser may take the name into the quote's clause and leave "tweeted" without a subject
    body = ('The plan has critics. "They are clearly drawing more from the left now," Tom Hadley, '
            'the analyst who founded the survey, tweeted on Wednesday.')
    found = [q for q in quotes_of(enricher, body) if q[1] != "term"]
    assert [q[2] for q in found] == ["Tom Hadley"], found


@pytest.mark.parametrize(
    "body",
    [
        'Ana Ruiz was asked by the moderator Tom Hadley whether the plan would "add another burden to an '
        'already stretched budget."',
        'Asked by Tom Hadley if the mayor "understands" the harbour, Ana Ruiz gave no clear answer.',
    ],
)
def test_who_asks_in_the_passive_speaks(enricher, body):
    found = [q for q in quotes_of(enricher, body) if q[1] != "term"]
    assert found and all(q[2] == "Tom Hadley" for q in found), found


def test_said_opening_a_sentence_is_no_part_of_the_speakers_name(enricher):
    body = ('The agency made a mistake, Director Tom Hadley has said. The error was costly. '
            'Said Hadley, "The thought that our error is connected to this is very painful to us."')
    found = [q for q in quotes_of(enricher, body) if q[1] != "term"]
    assert [q[2] for q in found] == ["Tom Hadley"], found



def test_a_given_name_that_is_also_a_kind_word_leads_a_person(enricher):
    # "bill" makes "the Farm Bill" a law, but "Bill Hartley" is a person, whose surname alone
    # then names him as a speaker
    body = ('The Farm Bill passed on Monday. Bill Hartley, who hosts a radio show, was not impressed. '
            '"Nobody read it," Hartley said.')
    record = enricher.enrich(decode_article(json.dumps({"headline": "Vote count goes on", "body": body}).encode()))
    labels = {e["text"]: e["label"] for e in record["entities"]}
    assert labels.get("Bill Hartley") == "PERSON", labels
    assert [q["speaker"] for q in record["quotes"] if q["type"] != "term"] == ["Bill Hartley"]


@pytest.mark.parametrize(
    "body, speaker",
    [
        # a loose dash, a list's dash or a sentence-opening function word is no part of a name
        ('Ana Lund spoke first. He kept at it: "Soft on crime, you know that. Soft - Lund - soft on crime." '
         'Lund did not answer. "I was there in 2013," Lund said later.', "Ana Lund"),
        ('Ana Lund is not running. Without Lund in the race, Tom Berg leads by ten points. '
         '"I am not running," Lund told a radio station in 2013.', "Ana Lund"),
        ('Highlights of the week:\n-Tomas Lund explains why the county is "weird."', "Tomas Lund"),
        # a programme or a team named after a person is not that person
        ('Sitting down with "The Anna Berg Show" on Thursday, Lund spoke for an hour. "We will see," Berg said.',
         "Anna Berg"),
    ],
)
def test_words_run_into_a_name_are_not_the_speaker(enricher, body, speaker):
    found = [q for q in quotes_of(enricher, body) if q[1] != "term"]
    assert found and found[-1][2] == speaker, found


def test_a_nickname_in_quotation_marks_does_not_hide_the_given_name(enricher):
    # 'John "Tig" Vendrak ... Vendrak stated': the lone surname is completed over the nickname
    doc = enricher.nlp('Former soldier John "Tig" Vendrak found both issues troubling. Later Vendrak stated his view.')
    subject = [t for t in doc if t.text == "Vendrak"][-1]
    person = enricher.quotes.speakers.named_speaker(subject, Persons(doc))
    assert person is not None and person.canonical == "John Vendrak"


def test_a_speaker_named_in_full_completes_the_lone_surname_the_model_tagged(enricher):
    # the model tagged only a later "Dorvan" as a person; "Spokeswoman Haley Dorvan says" gives her full name
    text = "Spokeswoman Haley Dorvan says the plan holds. Later Dorvan says it again."
    doc = enricher.nlp(text)
    people = Persons(doc)
    later = text.rindex("Dorvan")
    lone = people.create("Dorvan", Mention(later, later + len("Dorvan"), "Dorvan", 1))
    subject = [t for t in doc if t.text == "Dorvan"][0]
    assert enricher.quotes.speakers.named_speaker(subject, people) is lone
    assert lone.canonical == "Haley Dorvan"


def test_a_surname_with_an_apostrophe_is_a_name_whatever_the_tagger_called_it(enricher):
    # the small model tags "O’Kenney" a common noun; the speaker is still Brett O’Kenney
    doc = enricher.nlp("Brett O\u2019Kenney ran the tour. “It was taxing,” O\u2019Kenney said.")
    for token in doc:
        if token.text == "O\u2019Kenney":
            token.pos_ = "NOUN"
    subject = [t for t in doc if t.text == "O\u2019Kenney"][-1]
    person = enricher.quotes.speakers.named_speaker(subject, Persons(doc))
    assert person is not None and person.canonical == "Brett O\u2019Kenney"


def test_a_speaker_the_parser_hung_inside_a_date_phrase_still_speaks(enricher):
    # "Saturday at the convention Sen. Karin Lund said ...": the parser made the date the subject
    # and the name an apposition inside it; the date says nothing, the name does
    words = "Saturday at the convention Sen. Karin Lund said Tom Hadley was a failure .".split()
    heads = [7, 0, 3, 1, 6, 6, 3, 7, 9, 10, 7, 12, 10, 7]
    deps = ["nsubj", "prep", "det", "pobj", "compound", "compound", "appos", "ROOT", "compound", "nsubj",
            "ccomp", "det", "attr", "punct"]
    pos = ["PROPN", "ADP", "DET", "NOUN", "PROPN", "PROPN", "PROPN", "VERB", "PROPN", "PROPN", "AUX", "DET",
           "NOUN", "PUNCT"]
    ents = ["B-DATE", "O", "O", "O", "O", "B-PERSON", "I-PERSON", "O", "B-PERSON", "I-PERSON", "O", "O", "O", "O"]
    doc = Doc(enricher.nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, ents=ents)
    people = Persons(doc)
    lund = people.create("Karin Lund", Mention(doc[5].idx, doc[6].idx + 4, "Karin Lund", 0))
    people.create("Tom Hadley", Mention(doc[8].idx, doc[9].idx + 6, "Tom Hadley", 0))
    found = enricher.quotes.speakers.speaker_of(doc[7], people, [])
    assert found is not None and found.speaker is lund


def test_after_an_inverted_verb_the_speaker_follows_the_employer_and_the_role(enricher):
    # '"...," tweeted Lund spokesman Tom Hadley': Lund employs the speaker, Hadley speaks
    body = 'Karin Lund spoke on Monday. "Debate recap," tweeted Lund spokesman Tom Hadley. "We won."'
    found = [q for q in quotes_of(enricher, body) if q[1] != "term"]
    assert found and all(q[2] == "Tom Hadley" for q in found), found
    assert found[0][3] == "Lund spokesman Tom Hadley", found
