"""What the stream accepts as an article: the decoder's checks, plus two of its own.

`decode_article` tells JSON from wire text by the first character (`{` or `[`),
so a JSON scalar such as `null`, `true`, `42` or `"text"` would be read as a
one-line wire story and enriched. A producer that sends a scalar has a bug;
the dead-letter topic is where its owner will look, so it goes there as
`invalid_shape`, and so does a JSON array (one article per message).

A minimal article has a body of at least MIN_BODY_WORDS words. Below that
there is nothing to enrich (no sentence for entities, quotes or diplomacy),
and such bodies come from broken producers ("test", "N/A", a lone headline),
so they are dead-lettered as `empty_body` rather than published as records.
"""

from __future__ import annotations

import json
import re

from .article import Article, decode_article
from .errors import EmptyBody, InvalidShape

MIN_BODY_WORDS = 3
# Scripts written without spaces between words: each character counts as one word,
# so a short Chinese or Japanese story is not mistaken for a one-word body.
_UNSPACED = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD = re.compile(f"[{_UNSPACED}]|[^\\W_{_UNSPACED}]+")
_JSON_KINDS = {type(None): "null", bool: "boolean", int: "number", float: "number", str: "string", list: "array"}
PREVIEW_CHARS = 40


def read_article(raw: bytes | None, max_body_chars: int = 200_000) -> Article:
    """One message value as an Article, or an ArticleError that says why it is not one."""
    refuse_json_that_is_not_an_object(raw)
    article = decode_article(raw, max_body_chars)
    words = count_words(article.body)
    if words < MIN_BODY_WORDS:
        raise EmptyBody(f"body has {words} word{'' if words == 1 else 's'}; an article needs at least {MIN_BODY_WORDS}")
    return article


def refuse_json_that_is_not_an_object(raw: bytes | None) -> None:
    """InvalidShape when the whole value is a JSON scalar or array; anything else is left to the decoder."""
    if not raw:
        return
    try:
        text = raw.decode("utf-8").lstrip("\ufeff").strip()
    except UnicodeDecodeError:
        return  # the decoder names the bad byte
    if not text or text[0] == "{":
        return
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return  # wire text, or JSON the decoder will explain
    kind = _JSON_KINDS.get(type(value))
    if kind is None:  # json.loads gives no other types for a non-object
        return
    preview = text if len(text) <= PREVIEW_CHARS else text[:PREVIEW_CHARS] + "..."
    raise InvalidShape(
        f"the message is a JSON {kind} ({preview}), not an article: "
        "send one JSON object with a \"body\" field, or wire text"
    )


def count_words(body: str) -> int:
    """Runs of letters or digits; a character of an unspaced script is a word of its own."""
    return len(_WORD.findall(body))
