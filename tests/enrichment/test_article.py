import json

import pytest

from streams.enrichment.article import decode_article, stable_id
from streams.enrichment.errors import EmptyBody, InvalidEncoding, InvalidJson, InvalidShape, TooLarge

WIRE = """WASHINGTON
Envoys meet in Geneva
The first paragraph of the story.
The second paragraph, with a "quote" in it.
ASSOCIATED PRESS
about the writer
Jane Roe covers foreign affairs for the Daily Planet.
"""


def test_wire_text_is_split_into_dateline_headline_body_source():
    article = decode_article(WIRE.encode())
    assert article.dateline == "WASHINGTON"
    assert article.headline == "Envoys meet in Geneva"
    assert article.source == "ASSOCIATED PRESS"
    assert article.body == 'The first paragraph of the story.\nThe second paragraph, with a "quote" in it.'
    assert "Jane Roe" not in article.body
    assert article.input_format == "text"


def test_boilerplate_without_a_source_line_is_cut_too():
    text = "LONDON\nHeadline here\nStory paragraph one.\nSign up for our newsletter to get more.\nRelated: other story"
    article = decode_article(text.encode())
    assert article.body == "Story paragraph one."
    assert article.source is None


def test_json_object_fields_are_kept():
    obj = {"id": "a-1", "headline": "H", "body": "Body text.\nMore.", "published_at": "2026-11-02T10:00:00Z", "url": "https://x"}
    article = decode_article(json.dumps(obj).encode())
    assert (article.id, article.headline, article.body, article.url) == ("a-1", "H", "Body text.\nMore.", "https://x")
    assert article.input_format == "json"


def test_id_is_stable_for_the_same_text_and_differs_otherwise():
    first = decode_article(WIRE.encode()).id
    assert decode_article(WIRE.encode()).id == first
    assert decode_article(WIRE.replace("first", "third").encode()).id != first
    no_id = decode_article(json.dumps({"headline": "H", "body": "B."}).encode()).id
    assert no_id == stable_id("H\nB.")


@pytest.mark.parametrize(
    "raw, error",
    [
        (b"\xff\xfe\x00", InvalidEncoding),
        (b'{"body": ', InvalidJson),
        (b'[{"body": "x"}]', InvalidShape),
        (b'{"headline": "no body"}', InvalidShape),
        (b'{"body": 42}', InvalidShape),
        (b'{"body": "   \\n  "}', EmptyBody),
        (b"   \n\t ", EmptyBody),
        (b"", EmptyBody),
        (b'{"body": "x", "published_at": "yesterday"}', InvalidShape),
        (b"[" * 100_000 + b"]" * 100_000, InvalidShape),
        (b'{"body": "Hi \\ud800 there"}', InvalidEncoding),  # valid JSON, not text: could not be re-encoded
        (b'{"body": "x", "id": "' + b"i" * 300 + b'"}', TooLarge),
    ],
)
def test_bad_input_raises_a_clear_error_with_a_reason(raw, error):
    with pytest.raises(error) as caught:
        decode_article(raw)
    assert str(caught.value)
    assert caught.value.reason in ("invalid_encoding", "invalid_json", "invalid_shape", "empty_body", "too_large")


def test_too_long_body_is_refused():
    with pytest.raises(TooLarge):
        decode_article(json.dumps({"body": "word " * 50_000}).encode(), max_body_chars=10_000)


def test_control_and_bidi_characters_are_removed():
    article = decode_article(json.dumps({"body": "Peace\u202e talks\x07 resume."}).encode())
    assert article.body == "Peace talks resume."


def test_people_with_one_family_name_never_break_the_merge(enricher):
    body = "Al Smith met Alan Smith. Later Anna Lee Smith spoke. Smith said no."
    record = enricher.enrich(decode_article(json.dumps({"body": body}).encode()))
    assert {"Al Smith", "Alan Smith", "Anna Lee Smith"} <= set(record["people"])
