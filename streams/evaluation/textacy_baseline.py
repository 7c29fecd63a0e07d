"""A reference point for quote extraction: textacy's rule-based direct_quotations.

textacy is an evaluation-only dependency (the `eval` extra), never needed at
runtime. It runs on the same analysed text as the enrichment (headline, blank
line, body, as decoded by decode_article) with the same spaCy model, loaded
with every component because textacy matches speech verbs by lemma.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..enrichment.article import Article, decode_article
from ..enrichment.errors import ArticleError
from .gold import LabelledSet
from .labels import ArticleLabels, QuoteLabel

if TYPE_CHECKING:  # spaCy and textacy are imported only when the baseline runs
    from spacy.tokens import Doc, Span, Token
    from textacy.extract.triples import DQTriple

# Every textacy quotation is words someone said, so it is scored as "direct".
TEXTACY_QUOTE_TYPE = "direct"
_QUOTE_MARK_EDGES = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\u201a\u2039\u203a` "


def unavailable_reason() -> str | None:
    """None when textacy can be used, else a short reason for the report."""
    if importlib.util.find_spec("textacy") is None:
        return "textacy not installed"
    try:
        import textacy.extract.triples  # noqa: F401
    except Exception as exc:  # a broken install must not stop our own evaluation
        return f"textacy does not import: {type(exc).__name__}: {exc}"
    return None


@dataclass
class BaselinePredictions:
    labels: list[ArticleLabels]
    gave_up: list[str]  # files where textacy refused the whole article (odd number of quote marks)


class TextacyBaseline:
    def __init__(self, model_name: str) -> None:
        import spacy

        self.nlp = spacy.load(model_name)

    def _quotations(self, message: bytes, max_body_chars: int) -> tuple[Article, Doc, list[DQTriple], bool] | None:
        """(article, doc, triples, gave_up) for one message, or None when it does not decode.

        textacy bails out on an odd count of quote marks rather than guess: gave_up, no triples.
        """
        from textacy.extract.triples import direct_quotations

        try:
            article = decode_article(message, max_body_chars)
        except ArticleError:
            return None
        text = article.analysed_text
        doc = self.nlp(text)
        try:
            return article, doc, list(direct_quotations(doc)), False
        except ValueError:
            return article, doc, [], True

    def predict(self, labelled: LabelledSet, max_body_chars: int) -> BaselinePredictions:
        labels, gave_up = [], []
        for item in labelled.articles:
            file = item.gold.file
            found = self._quotations(item.message, max_body_chars)
            if found is None:
                labels.append(ArticleLabels(file=file))
                continue
            article, doc, triples, refused = found
            if refused:
                gave_up.append(file)
            quotes = tuple(
                QuoteLabel(_content_text(t.content), TEXTACY_QUOTE_TYPE, _speaker_text(doc, t.speaker))
                for t in triples
            )
            labels.append(ArticleLabels(file=file, quotes=quotes))
        return BaselinePredictions(labels=labels, gave_up=gave_up)

    def quotes_in_message(self, message: bytes, max_body_chars: int) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
        """The decoded article's fields and textacy's quotes with record-style offsets
        ({"field", "start", "end", "speaker"}); None when the article is not decodable."""
        found = self._quotations(message, max_body_chars)
        if found is None:
            return None
        article, doc, triples, _ = found
        body_start = article.body_offset
        quotes = []
        for triple in triples:
            content = triple.content
            inner = content.text.strip(_QUOTE_MARK_EDGES)
            start = content.start_char + content.text.index(inner) if inner else content.start_char
            end = start + len(inner)
            field = "headline" if start < len(article.headline) else "body"
            offset = 0 if field == "headline" else body_start
            quotes.append({"field": field, "start": start - offset, "end": end - offset,
                           "speaker": _speaker_text(doc, triple.speaker)})
        return {"headline": article.headline, "body": article.body}, quotes


def _content_text(content: Span) -> str:
    # textacy's content span includes the opening and closing quote marks.
    return content.text.strip(_QUOTE_MARK_EDGES)


def _speaker_text(doc: Doc, speaker_tokens: list[Token]) -> str | None:
    if not speaker_tokens:
        return None
    start = min(token.i for token in speaker_tokens)
    end = max(token.i for token in speaker_tokens) + 1
    return doc[start:end].text
