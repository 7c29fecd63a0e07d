"""The article's people have one owner (streams.enrichment.persons): every person is born with a
mention, the offset index follows every change, and surnames shared by several people merge
with the right one."""

from spacy.tokens import Doc

from streams.enrichment.article import Article
from streams.enrichment.mentions import Mention
from streams.enrichment.persons import Persons, same_person, title_gender_before


def _doc(enricher, text: str) -> Doc:
    return enricher.nlp(text)


def _mention(doc: Doc, words: str, occurrence: int = 0) -> Mention:
    start = -1
    for _ in range(occurrence + 1):
        start = doc.text.index(words, start + 1)
    return Mention(start, start + len(words), words, 0)


def test_a_surname_before_two_people_who_share_it_enriches(enricher):
    # The crash class found on real news: a lone surname met before the full names of two
    # people carrying it, whose merged entries had no mention yet.
    body = ("Smith opened the meeting on Monday. John Smith, the mayor, and his sister Mary Smith, "
            "a senator, then spoke to reporters about the budget.")
    record = enricher.enrich(Article(id="shared-surname", headline="Budget row", body=body))
    assert {"John Smith", "Mary Smith"} <= set(record["people"])
    for entity in record["entities"]:
        assert entity["count"] == len(entity["mentions"]) >= 1


def test_a_person_is_found_from_any_token_of_a_mention(enricher):
    doc = _doc(enricher, "Anna Maria Kowalski met Li Wei in Warsaw.")
    persons = Persons(doc)
    anna = persons.create("Anna Maria Kowalski", _mention(doc, "Anna Maria Kowalski"))
    assert [persons.at(doc[i]) for i in range(3)] == [anna, anna, anna]
    assert persons.at(doc[3]) is None
    assert anna.first_start == 0 and len(persons) == 1


def test_dropping_a_person_clears_them_from_the_index(enricher):
    doc = _doc(enricher, "Jordan met Paris Hilton in Paris.")
    persons = Persons(doc)
    jordan = persons.create("Jordan", _mention(doc, "Jordan"))
    hilton = persons.create("Paris Hilton", _mention(doc, "Paris Hilton"), added=True)
    persons.drop(lambda p: p is jordan)
    assert persons.at(doc[0]) is None and persons.at(doc[2]) is hilton
    assert list(persons) == [hilton] and persons.added == [hilton]


def test_a_titled_surname_goes_to_the_person_its_title_fits(enricher):
    # "Mrs. Clinton" after Bill Clinton is still Hillary Clinton; "Mr. Trump" is the man, not
    # a building the model tagged as a person
    body = ("Hillary Clinton spoke in Iowa. Bill Clinton joined her. Mrs. Clinton said she would win. "
            "Donald Trump left Trump Tower early. Mr. Trump said he was winning.")
    record = enricher.enrich(Article(id="titled-surname", headline="Campaign day", body=body))
    by_name = {e["canonical"]: e for e in record["entities"] if e["label"] == "PERSON"}
    hillary_mentions = [m["text"] for m in by_name["Hillary Clinton"]["mentions"]]
    bill_mentions = [m["text"] for m in by_name["Bill Clinton"]["mentions"]]
    assert hillary_mentions.count("Clinton") == 1 and "Clinton" not in bill_mentions
    assert [m["text"] for m in by_name["Donald Trump"]["mentions"]].count("Trump") == 1


def test_a_title_gives_the_gender_of_the_name_after_it(enricher):
    doc = _doc(enricher, "Mrs. Clinton met Mr. Trump and Clinton.")
    assert [title_gender_before(doc[i:i + 1]) for i in (1, 4, 6)] == ["f", "m", None]


def test_a_lone_surname_goes_to_the_person_named_last_before_it(enricher):
    text = "John Smith spoke first. Mary Smith answered. Smith then left."
    doc = _doc(enricher, text)
    persons = Persons(doc)
    john = persons.create("John Smith", _mention(doc, "John Smith"))
    mary = persons.create("Mary Smith", _mention(doc, "Mary Smith"))
    lone = text.index("Smith then")
    assert persons.owner_of_surname("Smith", lone) is mary
    assert persons.owner_of_surname("Smith", 0) is john  # nobody before: the first named
    assert persons.owner_of_surname("Jones", lone) is None


def test_mentions_stay_in_text_order_whatever_order_they_arrive_in(enricher):
    doc = _doc(enricher, "Lund spoke. Later Karin Lund left. Lund returned.")
    persons = Persons(doc)
    lund = persons.create("Karin Lund", _mention(doc, "Karin Lund"))
    persons.add_mention(lund, _mention(doc, "Lund", 2))
    persons.add_mention(lund, _mention(doc, "Lund", 0))
    assert [m.start for m in lund.mentions] == sorted(m.start for m in lund.mentions)


def test_same_person_needs_the_family_name_and_a_compatible_first_name():
    assert same_person(["George", "Bush"], ["G.", "Bush"])
    assert not same_person(["George", "Bush"], ["Laura", "Bush"])
    assert not same_person(["George", "Bush"], ["George", "Clooney"])


def test_a_speech_verb_or_a_weekday_taken_into_a_name_is_undone(enricher):
    doc = _doc(enricher, "Tom Hadley spoke. Said Hadley, it was late. Fans of Market Friday waited.")
    persons = Persons(doc)
    hadley = persons.create("Tom Hadley", _mention(doc, "Tom Hadley"))
    slip = persons.create("Said Hadley", _mention(doc, "Said Hadley"))
    persons.create("Market Friday", _mention(doc, "Market Friday"))
    persons.drop_word_slips(frozenset({"said", "says"}))
    assert [p.canonical for p in persons] == ["Tom Hadley"]
    assert slip not in persons
    said_hadley = doc[5]  # the "Hadley" of "Said Hadley"
    assert said_hadley.text == "Hadley" and persons.at(said_hadley) is hadley
    assert [m.text for m in hadley.mentions] == ["Tom Hadley", "Hadley"]
