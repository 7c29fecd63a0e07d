"""Any input at all ends as a schema-valid record or as an ArticleError with a known reason.

The worker dead-letters exactly what decode_article and Enricher.enrich_batch
reject; anything else they raise would be a crash on someone's bad message.
Hypothesis throws every kind of junk at both.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from streams.enrichment.article import JSON_FIELDS, decode_article
from streams.enrichment.errors import DLQ_REASONS, ArticleError
from tests.support.schema import assert_valid_record

# Small limit: spaCy time grows with text length, and what matters here is either side of it.
MAX_BODY = 600
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ---------------------------------------------------------------- strategies

whitespace = st.text(alphabet=" \t\n\r\u00a0\u2028\u2029\u3000\x0b\x0c", max_size=40)
controls_and_bidi = st.text(
    alphabet=st.one_of(
        st.characters(categories=["Cc", "Cf"]),
        st.sampled_from("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u061c"),
    ),
    max_size=40,
)
non_english = st.sampled_from([
    "Министр иностранных дел России встретился с послом Китая в Москве.",
    "وزير الخارجية المصري يلتقي نظيره الأردني في القاهرة لبحث الأزمة.",
    "日本の外務大臣は北京で中国の外相と会談した。",
    "Der Außenminister traf seinen französischen Amtskollegen in Berlin.",
    "שר החוץ נפגש עם שגריר צרפת בירושלים.",
    "Ο υπουργός Εξωτερικών συναντήθηκε με τον Τούρκο ομόλογό του.",
    "🇺🇦🤝🇵🇱 😀 emoji only 👍🏽",
])
html = st.builds(
    lambda tag, text, attr: f"<{tag} class=\"{attr}\">{text}</{tag}><script>alert('{attr}')</script><br/>&amp;&nbsp;",
    st.sampled_from(["p", "div", "h1", "blockquote", "a"]),
    st.text(max_size=60),
    st.text(alphabet="abc\"'<>&", max_size=10),
)
news = st.sampled_from([
    "Foreign ministers from Japan and South Korea met in Seoul on Tuesday for talks on a fisheries accord.",
    "\"We have agreed to keep talking,\" said Japanese Foreign Minister Aiko Tanabe.",
    "The city council approved a budget for road repairs on Monday, officials said.",
    "“It is a step,” the envoy said, “but only a small one.” Talks resume in Geneva.",
    "President Smith of France and Chancellor Jones of Germany signed the treaty in Brussels.",
])
mixed_text = st.lists(
    st.one_of(news, non_english, html, controls_and_bidi, whitespace, st.text(max_size=80)), min_size=1, max_size=6
).map("".join)
too_long = st.integers(MAX_BODY + 1, MAX_BODY * 3).map(lambda n: ("Talks resumed in Geneva. " * (n // 25 + 1))[:n])
body_text = st.one_of(mixed_text, news, whitespace, controls_and_bidi, html, non_english, too_long)
absurd_dates = st.one_of(
    st.sampled_from([
        "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1799-12-31", "2201-01-01", "2026-02-30", "2026-13-01",
        "+12020-01-01", "yesterday", "", "   ", "2026-11-02T10:00:00+25:00", "2026-11-02T10:00:00Z",
        "1800-01-01", "2200-12-31T23:59:59.999999-23:59",
    ]),
    st.text(max_size=30),
)
json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30))
json_values = st.recursive(
    json_scalars,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children, max_size=4)),
    max_leaves=12,
)
article_objects = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.text(max_size=30), json_values),
        "headline": st.one_of(mixed_text, json_values),
        "body": st.one_of(body_text, body_text, json_values),
        "dateline": st.one_of(st.text(max_size=40), json_values),
        "source": st.text(max_size=40),
        "published_at": st.one_of(absurd_dates, json_values),
        "url": st.text(max_size=40),
        "language": st.sampled_from(["en", "ru", "ar", "", "xx-YY"]),
        "extra": json_values,
    },
)
# Mostly well-shaped objects (so enrichment really runs), plus every wrong shape.
json_messages = st.one_of(article_objects, article_objects, json_values).map(
    lambda obj: json.dumps(obj, ensure_ascii=False).encode("utf-8")
)
wire_messages = st.builds(
    lambda dateline, headline, body, source: "\n".join([dateline, headline, body, source]).encode("utf-8"),
    st.sampled_from(["MOSCOW", "WASHINGTON, D.C. --", "KYIV, Ukraine (AP) —", "", "\u202eCAIRO"]),
    st.one_of(news, st.text(max_size=80)),
    body_text,
    st.sampled_from(["ASSOCIATED PRESS", "REUTERS", "", "Sign up for our newsletter"]),
)
invalid_utf8 = st.builds(
    lambda good, bad, tail: good.encode("utf-8") + bad + tail.encode("utf-8"),
    st.text(max_size=40),
    st.sampled_from([b"\xff", b"\xfe\xff", b"\xc3", b"\xe9t\xe9", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x80"]),
    st.text(max_size=40),
)
# Past a few thousand levels json.loads gives up with RecursionError.
deep_nesting = st.builds(
    lambda depth, array: b"[" * depth + b"]" * depth if array else b'{"a":' * depth + b"1" + b"}" * depth,
    st.integers(1, 60_000),
    st.booleans(),
)
any_message = st.one_of(
    st.binary(max_size=300), invalid_utf8, json_messages, json_messages, wire_messages, deep_nesting,
    mixed_text.map(lambda s: s.encode("utf-8")), whitespace.map(lambda s: s.encode("utf-8")),
)

# ---------------------------------------------------------------- the property


def outcome_of(enricher, raw: bytes) -> str:
    """'enriched' after checking the record, or the dead-letter reason; any other exception escapes."""
    try:
        article = decode_article(raw, MAX_BODY)
    except ArticleError as exc:
        assert exc.reason in DLQ_REASONS, exc.reason
        return exc.reason
    return check_outcome(enricher.enrich_batch([article]).outcomes[0])


def check_outcome(outcome) -> str:
    if isinstance(outcome, ArticleError):
        assert outcome.reason in DLQ_REASONS, outcome.reason
        return outcome.reason
    assert isinstance(outcome, dict), type(outcome)
    assert_valid_record(outcome)
    return "enriched"


@FAST
@given(raw=any_message)
def test_any_message_is_enriched_or_dead_lettered_with_a_known_reason(enricher, raw):
    event(outcome_of(enricher, raw))  # the mix of outcomes shows with --hypothesis-show-statistics


@FAST
@given(raws=st.lists(st.one_of(json_messages, wire_messages), min_size=1, max_size=6))
def test_a_batch_gives_one_outcome_per_article_in_order(enricher, raws):
    articles = []
    for raw in raws:
        try:
            articles.append(decode_article(raw, MAX_BODY))
        except ArticleError as exc:
            assert exc.reason in DLQ_REASONS
    result = enricher.enrich_batch(articles)
    assert len(result.outcomes) == len(articles)
    for article, outcome in zip(articles, result.outcomes):
        if check_outcome(outcome) == "enriched":
            assert outcome["id"] == article.id and outcome["body"] == article.body


@FAST
@given(body=st.one_of(news, mixed_text), extra=st.integers(1, 2_000))
def test_a_body_over_the_limit_is_too_large_whatever_it_holds(body, extra):
    raw = json.dumps({"body": "x" * (MAX_BODY + extra) + body}).encode()
    with pytest.raises(ArticleError) as caught:
        decode_article(raw, MAX_BODY)
    assert caught.value.reason == "too_large"


@FAST
@given(field=st.sampled_from(JSON_FIELDS), value=json_values.filter(lambda v: v is not None and not isinstance(v, str)))
def test_a_non_string_field_is_invalid_shape(field, value):
    obj = {"body": "Talks resumed in Geneva.", field: value}
    with pytest.raises(ArticleError) as caught:
        decode_article(json.dumps(obj).encode(), MAX_BODY)
    assert caught.value.reason == "invalid_shape"


# ---------------------------------------------------------------- spaCy's nlp.max_length and the default limit


def exact_body(chars: int) -> str:
    # Long words keep spaCy fast (few tokens); nlp.max_length counts characters, not tokens.
    line = " ".join(["Abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvw"] * 20) + "."
    text = "\n".join([line] * (chars // (len(line) + 1) + 1))[:chars]
    return text[:-1] + "z"  # no trailing whitespace for the decoder to strip


def test_a_body_at_the_default_limit_enriches(enricher):
    default_limit = 200_000
    raw = json.dumps({"id": "at-limit", "headline": "A long report", "body": exact_body(default_limit)}).encode()
    article = decode_article(raw)
    assert len(article.body) == default_limit
    assert len(article.headline) + len(article.body) + 2 < enricher.nlp.max_length
    record = enricher.enrich(article)
    assert_valid_record(record)


def test_a_body_one_char_over_the_default_limit_is_too_large():
    raw = json.dumps({"body": exact_body(200_001)}).encode()
    with pytest.raises(ArticleError) as caught:
        decode_article(raw)
    assert caught.value.reason == "too_large"


def test_no_message_under_the_default_byte_cap_can_exceed_spacys_max_length(enricher):
    # decode_article refuses messages over max_body_chars * 4 + 64 KiB bytes, and a UTF-8
    # character is at least one byte, so headline + body can never reach nlp.max_length.
    byte_cap = 200_000 * 4 + 65_536
    assert byte_cap < enricher.nlp.max_length


# ---------------------------------------------------------------- found by the properties above


def test_a_mention_never_crosses_from_headline_into_body(enricher):
    # spaCy may tag "@@" plus the "\n\n" whitespace token as one entity; the record must
    # still say only what the headline holds.
    record = enricher.enrich(decode_article(b"@@\n@>"))
    assert_valid_record(record)
