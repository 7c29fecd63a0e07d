"""What the stream accepts as an article: JSON that is not an object and too-short bodies are refused."""

import json

import pytest

from streams.enrichment.admission import MIN_BODY_WORDS, count_words, read_article
from streams.enrichment.errors import ArticleError, EmptyBody, InvalidShape

STORY = "Foreign ministers met in Seoul on Tuesday for talks on a fisheries accord."


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        (b"null", "null"),
        (b"true", "boolean"),
        (b" false\n", "boolean"),
        (b"42", "number"),
        (b"-3.5e2", "number"),
        (b'"text"', "string"),
        (json.dumps(STORY).encode(), "string"),  # a whole story, but as a JSON string
        (b"\xef\xbb\xbfnull", "null"),  # behind a UTF-8 byte-order mark
        (b"[]", "array"),
        (b'[{"body": "one article in an array"}]', "array"),
        (b"[1, 2, 3]", "array"),
    ],
)
def test_json_that_is_not_an_object_is_invalid_shape(raw, kind):
    with pytest.raises(InvalidShape) as caught:
        read_article(raw)
    assert caught.value.reason == "invalid_shape"
    assert f"a JSON {kind}" in str(caught.value) and "not an article" in str(caught.value)


def test_a_long_scalar_is_previewed_not_copied_whole():
    with pytest.raises(InvalidShape) as caught:
        read_article(json.dumps("word " * 10_000).encode())
    assert len(str(caught.value)) < 200


@pytest.mark.parametrize(
    "raw",
    [
        # Wire text that merely starts like a JSON scalar is still wire text.
        b'"We will not sign," the minister said on Tuesday in Geneva.\nTalks resume next week.',
        b"42 countries signed the accord in Geneva on Tuesday, diplomats said.",
        b"null and void: the court struck the treaty down on Monday, its ruling said.",
        b"True to form, the envoys left the talks early on Friday evening.",
    ],
)
def test_wire_text_that_starts_like_a_scalar_is_an_article(raw):
    assert read_article(raw).input_format == "text"


def test_deeply_nested_arrays_still_get_the_decoders_reason():
    with pytest.raises(ArticleError) as caught:
        read_article(b"[" * 30_000 + b"]" * 30_000)
    assert caught.value.reason == "invalid_shape"


@pytest.mark.parametrize(
    "body",
    ["test", "N/A", "Breaking news", "--- ... !!!", "a_b"],
)
def test_a_body_under_the_minimum_is_empty_body(body):
    with pytest.raises(EmptyBody) as caught:
        read_article(json.dumps({"headline": "Something happened", "body": body}).encode())
    assert f"at least {MIN_BODY_WORDS}" in str(caught.value)


def test_wire_text_with_a_too_short_body_is_empty_body():
    with pytest.raises(EmptyBody):
        read_article(b"GENEVA\nTalks collapse\nUpdates follow")


def test_the_minimum_itself_is_an_article():
    body = " ".join(["word"] * MIN_BODY_WORDS)
    assert read_article(json.dumps({"body": body}).encode()).body == body


def test_a_short_story_in_an_unspaced_script_counts_its_characters():
    assert count_words("外交部") == 3
    assert read_article(json.dumps({"body": "中国外交部今天表示"}).encode()).body


@pytest.mark.parametrize(
    ("body", "words"),
    [("", 0), ("one", 1), ("Mr. Putin's letter, 2008.", 5), ("e-mail", 2), ("  \n ", 0), ("Ça va, Zoë?", 3)],
)
def test_count_words(body, words):
    assert count_words(body) == words


def test_objects_are_left_to_the_decoder():
    article = read_article(json.dumps({"id": "a-1", "headline": "Envoys meet", "body": STORY}).encode())
    assert article.id == "a-1" and article.input_format == "json"
    with pytest.raises(InvalidShape, match="body"):
        read_article(b'{"headline": "no body"}')
