import pytest


@pytest.fixture(scope="session")
def enricher():
    """One loaded pipeline for the whole test session: loading spaCy is the slow part."""
    from streams.enrichment.enricher import Enricher

    return Enricher()
