"""The in-process measures: spaCy alone (the ceiling) and the whole Enricher, on the same pipeline object.

Both use the Enricher's own `nlp` (same model, same components: the lemmatizer excluded),
the same texts (headline and body, as the Enricher analyses them) and the same batch size
as the worker. A short warm-up runs first so one-off initialisation is not counted.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import Any

from ..enrichment.article import Article, decode_article
from ..enrichment.enricher import Enricher
from .corpus import CorpusArticle
from .procinfo import CpuWindow, process_cpu_seconds
from .stats import rate

WARM_UP_ARTICLES = 4


@dataclass
class OfflineRun:
    name: str
    articles: int
    words: int
    seconds: float
    cpu_seconds: float
    stage_seconds: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, Any] = field(default_factory=dict)

    @property
    def articles_per_second(self) -> float:
        return rate(self.articles, self.seconds)

    @property
    def words_per_second(self) -> float:
        return rate(self.words, self.seconds)

    def as_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "words": self.words,
            "seconds": round(self.seconds, 3),
            "articles_per_s": round(self.articles_per_second, 3),
            "words_per_s": round(self.words_per_second, 1),
            "cpu_seconds": round(self.cpu_seconds, 2),
            # >1 means the process used more than one core (spaCy's own threads)
            "cpu_per_wall": round(self.cpu_seconds / self.seconds, 2) if self.seconds else None,
            "articles_per_cpu_s": round(rate(self.articles, self.cpu_seconds), 3),
            "cpu": self.cpu,
            "stage_seconds": {k: round(v, 3) for k, v in self.stage_seconds.items()},
        }


def decode_corpus(corpus: list[CorpusArticle]) -> list[Article]:
    """The Articles the worker would decode from these messages."""
    return [decode_article(item.to_bytes()) for item in corpus]


def _word_count(articles: list[Article]) -> int:
    return sum(len(a.analysed_text.split()) for a in articles)


def measure_ceiling(enricher: Enricher, articles: list[Article], batch_size: int) -> OfflineRun:
    """nlp.pipe alone: what no amount of Kafka or Python tuning can beat on this machine."""
    texts = [a.analysed_text for a in articles]
    for _ in enricher.nlp.pipe(texts[:WARM_UP_ARTICLES], batch_size=batch_size):
        pass
    window = CpuWindow({}).start()
    cpu, started = _own_cpu(), time.perf_counter()
    for _ in enricher.nlp.pipe(texts, batch_size=batch_size):
        pass
    seconds = time.perf_counter() - started
    return OfflineRun("ceiling", len(texts), _word_count(articles), seconds, _own_cpu() - cpu, cpu=window.stop())


def measure_enrich(enricher: Enricher, articles: list[Article], batch_size: int) -> OfflineRun:
    """Enricher.enrich_batch in batches of the worker's size: the enrichment without Kafka."""
    enricher.enrich_batch(articles[:WARM_UP_ARTICLES])
    stage_seconds: dict[str, float] = {}
    window = CpuWindow({}).start()
    cpu, started = _own_cpu(), time.perf_counter()
    for start in range(0, len(articles), batch_size):
        result = enricher.enrich_batch(articles[start:start + batch_size])
        for stage, seconds in result.stage_seconds.items():
            stage_seconds[stage] = stage_seconds.get(stage, 0.0) + seconds
    seconds = time.perf_counter() - started
    return OfflineRun("enrich_offline", len(articles), _word_count(articles), seconds, _own_cpu() - cpu,
                      stage_seconds, window.stop())


def _own_cpu() -> float:
    return process_cpu_seconds(os.getpid()) or time.process_time()
