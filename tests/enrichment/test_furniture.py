"""Page furniture is removed where it stands; only a trailer that no story follows ends the body.

All texts here are invented for these tests.
"""

import json

import pytest

from streams.enrichment import furniture
from streams.enrichment.article import decode_article

LEAD = "The harbour authority of Port Elsen approved a new ferry route on Tuesday, ending a dispute that had lasted two years."
SECOND = "Officials said the route would open in the spring and carry about four hundred passengers on each crossing of the bay."
QUOTE = '"We listened to the islanders, and this is what they asked for," said Marta Olin, who chairs the authority board.'
LAST = "Opponents said they would keep watching the costs, and a review of the fares is planned for the end of next year."


def body_of(*lines: str) -> str:
    return decode_article(json.dumps({"headline": "Ferry route approved", "body": "\n".join(lines)}).encode()).body


@pytest.mark.parametrize(
    "line",
    [
        "Advertisement",
        "Story continues below advertisement",
        "READ MORE: Ferry operators warn of higher fuel costs",
        "RELATED: How the bay bridge plan collapsed",
        "Click here to see the new timetable",
        "Photo: Jane Doe/Reuters",
        "The first ferry leaves the harbour on a trial run. (AP Photo/Lee Park)",
        "Getty Images",
        "Sam Rowe via Getty Images.",
        "Do you support the new route? Like the page:",
    ],
)
def test_furniture_in_the_middle_is_removed_and_the_story_after_it_kept(line):
    body = body_of(LEAD, line, SECOND, QUOTE, LAST)
    assert body.split("\n") == [LEAD, SECOND, QUOTE, LAST]


def test_a_newsletter_prompt_between_paragraphs_does_not_end_the_story():
    body = body_of(LEAD, SECOND, "Sign up for our Harbour Briefing newsletter to get the week's top stories.", QUOTE, LAST)
    assert QUOTE in body and LAST in body and "Sign up" not in body


@pytest.mark.parametrize(
    "trailer",
    [
        ["About the writer", "Nils Berg covers shipping for the paper. He previously reported from Oslo and Riga."],
        ["Related:", "Island school to reopen after storm repairs", "Bay fishermen protest new quotas"],
        ["Sign up for our newsletter to get the week's harbour news in your inbox."],
        ["Jo Vance is a reporter for the Coastal Herald.", "Copyright 2026 Coastal Herald. All rights reserved."],
        ["Comments", "Leave a comment below"],
    ],
)
def test_a_trailer_at_the_end_is_cut_with_everything_after_it(trailer):
    body = body_of(LEAD, SECOND, QUOTE, LAST, *trailer)
    assert body.split("\n") == [LEAD, SECOND, QUOTE, LAST]


def test_a_trailer_looking_line_followed_by_story_is_only_removed():
    body = body_of(LEAD, "Related stories", SECOND, QUOTE, LAST)
    assert body.split("\n") == [LEAD, SECOND, QUOTE, LAST]


def test_one_prose_paragraph_after_a_trailer_heading_is_a_blurb_not_story():
    blurb = "In interviews with the Coastal Herald, Olin described how the ferry dispute began with a single letter to the board."
    body = body_of(LEAD, SECOND, "About the author", blurb)
    assert body.split("\n") == [LEAD, SECOND]


def test_a_story_sentence_that_starts_like_furniture_words_is_kept():
    line = "Reporting by the Coastal Herald last year found that the old ferry had failed two safety inspections."
    assert body_of(LEAD, line, LAST).split("\n") == [LEAD, line, LAST]


def test_the_cleaner_counts_what_it_removes():
    lines = [LEAD, "Advertisement", SECOND, "About the writer", "Nils Berg covers shipping."]
    cleaned = furniture.clean(lines)
    assert cleaned.lines == [LEAD, SECOND]
    assert cleaned.removed_chars == len("Advertisement") + len("About the writer") + len("Nils Berg covers shipping.")
    assert cleaned.end == 3


def test_a_body_of_nothing_but_furniture_is_left_as_it_is():
    assert furniture.clean(["Advertisement"]).lines == ["Advertisement"]


WIRE = f"""OSLO
Ferry route approved after two-year dispute
{LEAD}
Photo: Kari Dahl/Coastal Herald
{SECOND}
ADVERTISEMENT
{QUOTE}
{LAST}
COASTAL HERALD
About the writer
NILS BERG
Nils Berg covers shipping for the paper.
"""


def test_wire_text_keeps_the_story_around_furniture_and_finds_the_source_line():
    article = decode_article(WIRE.encode())
    assert article.dateline == "OSLO"
    assert article.source == "COASTAL HERALD"
    assert article.body.split("\n") == [LEAD, SECOND, QUOTE, LAST]


def test_wire_text_without_a_source_line_stops_at_the_trailer_and_takes_no_byline_for_a_source():
    article = decode_article(WIRE.replace("COASTAL HERALD\n", "").encode())
    assert article.source is None
    assert article.body.split("\n") == [LEAD, SECOND, QUOTE, LAST]
