"""A batch of raw message values through admission and enrichment, outcomes in input order.

The worker's processor and the broker-free commands (`enrich`, `evaluate`,
`fit-models`) share these steps, so a file enriched on a laptop is judged exactly
as the stream would judge it. An outcome is either the enriched record or the
ArticleError that sends the input to the dead-letter topic.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from .admission import read_article
from .article import Article
from .enricher import Enricher, Record
from .errors import ArticleError, EnrichmentFailed

# Articles per nlp.pipe call off the stream: the agent's default batch size.
CHUNK = 32

Outcome = Record | ArticleError


@dataclass
class Admitted:
    """The values of one batch split into articles to enrich and the refused, by input position."""

    articles: list[tuple[int, Article]] = field(default_factory=list)
    refused: dict[int, ArticleError] = field(default_factory=dict)

    def merge(self, enriched: Sequence[Outcome]) -> list[Outcome]:
        """Every position's outcome: the refusals where they stood, the enrichments in between."""
        outcomes: dict[int, Outcome] = dict(self.refused)
        for (index, _), outcome in zip(self.articles, enriched):
            outcomes[index] = outcome
        return [outcomes[index] for index in range(len(outcomes))]


def admit(values: Iterable[bytes | None], max_body_chars: int) -> Admitted:
    """Read every value as an article; a value that is not one is refused with its reason."""
    admitted = Admitted()
    for index, raw in enumerate(values):
        try:
            admitted.articles.append((index, read_article(raw, max_body_chars)))
        except ArticleError as exc:
            admitted.refused[index] = exc
        except Exception as exc:  # a decoder bug must dead-letter, not kill the worker
            admitted.refused[index] = EnrichmentFailed(f"decoding crashed: {type(exc).__name__}: {exc}")
    return admitted


def enrich_messages(enricher: Enricher, messages: Iterable[tuple[str, bytes | None]],
                    max_body_chars: int) -> Iterator[tuple[str, Outcome]]:
    """(label, record or ArticleError) in input order, enriched in chunks as the agent batches them."""
    messages = list(messages)
    for start in range(0, len(messages), CHUNK):
        chunk = messages[start:start + CHUNK]
        admitted = admit((raw for _, raw in chunk), max_body_chars)
        result = enricher.enrich_batch([article for _, article in admitted.articles])
        for (label, _), outcome in zip(chunk, admitted.merge(result.outcomes)):
            yield label, outcome
