"""Real published news: every PolNeAR train and dev article enriches, and the record keeps the contract.

This runs the worker's own path (JSON message -> decode_article -> Enricher.enrich_batch
in batches) over the 924 articles; about three minutes on a 2-core machine.
"""

import pytest

from streams.enrichment.article import decode_article
from streams.enrichment.errors import ArticleError
from streams.evaluation.polnear import load_split
from tests.support.schema import assert_valid_record

BATCH = 32

pytestmark = pytest.mark.real_news


@pytest.mark.parametrize("split", ["train", "dev"])
def test_every_article_enriches_to_a_valid_record(enricher, polnear_root, split):
    articles = load_split(polnear_root, split)
    failures, invalid = [], []
    for start in range(0, len(articles), BATCH):
        batch = articles[start:start + BATCH]
        outcomes = enricher.enrich_batch([decode_article(a.message()) for a in batch]).outcomes
        assert len(outcomes) == len(batch)
        for article, outcome in zip(batch, outcomes):
            if isinstance(outcome, ArticleError):
                failures.append(f"{article.name}: {outcome.reason}: {outcome}")
                continue
            assert outcome["id"] == article.name
            try:
                assert_valid_record(outcome)
            except AssertionError as exc:
                invalid.append(f"{article.name}: {exc}")
    assert not failures, f"{len(failures)} of {len(articles)} failed:\n" + "\n".join(failures[:20])
    assert not invalid, f"{len(invalid)} invalid records:\n" + "\n".join(invalid[:20])
