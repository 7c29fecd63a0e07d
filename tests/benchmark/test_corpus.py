"""The benchmark corpus: deterministic, within the word range, realistic enough to exercise the enrichment."""

from __future__ import annotations

from streams.benchmark.corpus import MAX_WORDS, MIN_WORDS, generate_corpus
from streams.enrichment.article import decode_article


def test_same_seed_gives_the_same_stories():
    assert generate_corpus(25, seed=3) == generate_corpus(25, seed=3)
    assert [a.to_bytes() for a in generate_corpus(5, seed=3)] == [a.to_bytes() for a in generate_corpus(5, seed=3)]


def test_another_seed_gives_other_stories():
    assert [a.body for a in generate_corpus(5, seed=3)] != [a.body for a in generate_corpus(5, seed=4)]


def test_every_story_is_within_the_word_range():
    words = [a.words for a in generate_corpus(300)]
    assert min(words) >= MIN_WORDS
    assert max(words) <= MAX_WORDS
    assert max(words) - min(words) > 400  # a spread, not one length


def test_about_forty_percent_are_diplomacy():
    corpus = generate_corpus(500)
    share = sum(a.kind == "diplomacy" for a in corpus) / len(corpus)
    assert 0.3 <= share <= 0.5


def test_stories_decode_in_both_input_forms_with_their_words_intact():
    corpus = generate_corpus(40)
    assert {a.as_json for a in corpus} == {True, False}
    for item in corpus:
        article = decode_article(item.to_bytes())
        assert article.headline == item.headline
        assert article.body == item.body
        assert article.input_format == ("json" if item.as_json else "text")


def test_stories_quote_people_in_several_shapes():
    text = "\n".join(a.body for a in generate_corpus(60))
    for shape in ("\u201c", '"', "\u2018", "According to ", " told reporters: ", " said."):
        assert shape in text
