"""`newsstreams enrich`: the agent's enrichment on files, with no broker. One JSON line per article."""

from __future__ import annotations

import json
import sys

from ..articles.admission import read_article
from ..enrichment.enricher import Enricher
from ..enrichment.errors import ArticleError
from ..inputs import iter_messages
from ..settings import Settings

CHUNK = 32


def enrich_messages(enricher: Enricher, messages, max_body_chars: int):
    """(label, record or ArticleError) in input order, enriched in batches like the agent does."""
    messages = list(messages)
    for start in range(0, len(messages), CHUNK):
        chunk = messages[start:start + CHUNK]
        decoded = []
        outcomes: dict[int, object] = {}
        for index, (_, raw) in enumerate(chunk):
            try:
                decoded.append((index, read_article(raw, max_body_chars)))
            except ArticleError as exc:
                outcomes[index] = exc
        result = enricher.enrich_batch([a for _, a in decoded])
        for (index, _), outcome in zip(decoded, result.outcomes):
            outcomes[index] = outcome
        for index, (label, _) in enumerate(chunk):
            yield label, outcomes[index]


def run_enrich(settings: Settings, paths: list[str], pretty: bool = False) -> int:
    messages = list(iter_messages(paths))
    enricher = Enricher(settings.spacy_model, settings.diplomacy_threshold)
    failures = 0
    for label, outcome in enrich_messages(enricher, messages, settings.max_body_chars):
        if isinstance(outcome, ArticleError):
            failures += 1
            print(f"{label}: {outcome.reason}: {outcome}", file=sys.stderr)
            print(json.dumps({"input": label, "error": {"reason": outcome.reason, "message": str(outcome)}}))
            continue
        print(json.dumps(outcome, ensure_ascii=False, indent=2 if pretty else None), flush=True)
    return 1 if failures else 0
