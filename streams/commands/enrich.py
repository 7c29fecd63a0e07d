"""`newsstreams enrich`: the agent's enrichment on files, with no broker. One JSON line per article."""

from __future__ import annotations

import json
import sys

from ..enrichment.batch import enrich_messages
from ..enrichment.enricher import Enricher
from ..enrichment.errors import ArticleError
from ..inputs import iter_messages
from ..settings import Settings


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
