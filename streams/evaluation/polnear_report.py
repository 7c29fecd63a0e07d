"""`newsstreams evaluate --polnear PATH`: score quotes and speakers on human-annotated real news.

Articles go through enrich_messages, the worker's own path, as JSON messages
({"id", "headline", "body"}). Predicted quotes (direct and partial; terms are not
speech) are mapped back to the source text and matched one-to-one with the gold
quotes of polnear_gold: a pair matches when the two spans overlap by at least half
of the longer one, best overlaps first. Speaker accuracy is over matched quotes whose
gold source is a name: right when the family names agree and the gold's first name,
if it has one, is among the predicted name's words ("Trump" and "Donald J. Trump"
both match "Donald Trump"); a lone gold name the article never completes with a given
name is right as the predicted name's first word (family names written first: "Xi" is Xi
Jinping); a predicted source that is an organisation is compared by the words that name it
(polnear_gold.named_source). Statements (reported speech) are scored beside them, by
polnear_statements.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..enrichment.batch import enrich_messages
from ..enrichment.enricher import Enricher
from ..enrichment.errors import ArticleError
from ..settings import Settings
from .alignment import SourceMap
from .diplomacy_labels import DiplomacyLabel, load_labels
from .polnear import PolnearArticle, load_split
from .polnear_gold import SUFFIXES, GoldQuote, gold_quotes, named_source
from .polnear_statements import PredictedStatement, StatementScores, predicted_statements, score_statements
from .scoring import PRF, Accuracy, best_pairs_first, normalize_name
from .textacy_baseline import TextacyBaseline, unavailable_reason

MIN_OVERLAP = 0.5
SPEECH = ("direct", "partial")
README_START = "<!-- polnear:start -->"
README_END = "<!-- polnear:end -->"


@dataclass(frozen=True)
class PredictedQuote:
    start: int  # offsets into the source text
    end: int
    type: str
    speaker: str | None  # the canonical person, or for a source that is an organisation its words



@dataclass
class SplitScores:
    split: str
    articles: int
    failures: list[str] = field(default_factory=list)
    detection: PRF = PRF(0, 0, 0)
    speaker: Accuracy = Accuracy(0, 0)
    named_gold: int = 0
    as_term: int = 0  # gold quotes that the enrichment typed "term" (an attributed fragment is speech)
    diplomacy: PRF | None = None  # routing against our labels (None: no labels for this split)
    statements: StatementScores = field(default_factory=StatementScores)
    errors: list[str] = field(default_factory=list)  # developer aid, printed for train only


def source_map(article: PolnearArticle, fields: dict[str, Any]) -> SourceMap:
    """Record offsets -> offsets in the PolNeAR file (headline on its first line, body after)."""
    body_offset = article.text.find("\n") + 1 if "\n" in article.text else len(article.text)
    return SourceMap(article.text, fields["headline"], fields["body"], body_offset)


def predicted_quotes(article: PolnearArticle, record: dict[str, Any]) -> list[PredictedQuote]:
    source = source_map(article, record)
    quotes = []
    for quote in record["quotes"]:
        span = source.span(quote["field"], quote["start"], quote["end"])
        if span is not None:
            quotes.append(PredictedQuote(span[0], span[1], quote["type"], named_source(quote)))
    return quotes


def overlap_share(a_start: int, a_end: int, b_start: int, b_end: int) -> float:
    inside = max(0, min(a_end, b_end) - max(a_start, b_start))
    return inside / max(1, a_end - a_start, b_end - b_start)


def match(gold: list[GoldQuote], predicted: list[PredictedQuote]) -> list[tuple[int, int]]:
    return best_pairs_first([
        (-share, g, p)
        for g, gq in enumerate(gold)
        for p, pq in enumerate(predicted)
        if (share := overlap_share(gq.start, gq.end, pq.start, pq.end)) >= MIN_OVERLAP
    ])


def same_named_speaker(gold: str, predicted: str | None, surname_enough: bool = False) -> bool:
    if not predicted:
        return False
    gold_words = _without_suffix(normalize_name(gold).replace(".", "").split())
    predicted_words = _without_suffix(normalize_name(predicted).replace(".", "").split())
    if not gold_words or not predicted_words:
        return False
    if len(gold_words) == 1 and len(predicted_words) >= 2 and gold_words[0] == predicted_words[0]:
        # a lone gold name the article never completed with a given name before it is a family
        # name written first ("Xi" is Xi Jinping, "Ban" is Ban Ki-moon) or a given name ("Freddy")
        return True
    if gold_words[-1] != predicted_words[-1]:
        return False
    return surname_enough or len(gold_words) == 1 or gold_words[0] in predicted_words[:-1]


def _without_suffix(words: list[str]) -> list[str]:
    """"Joseph R. Biden Jr." is Joseph R. Biden: the gold rule drops Jr. and II, so both sides do."""
    while len(words) > 1 and words[-1].rstrip(",") in SUFFIXES:
        words = words[:-1]
    return words


def score_split(
    split: str, items: list[tuple[PolnearArticle, list[PredictedQuote] | None]], surname_enough: bool = False
) -> SplitScores:
    scores = SplitScores(split=split, articles=len(items))
    matched = predicted_total = expected_total = correct = named = as_term = 0
    for article, predicted in items:
        gold = gold_quotes(article)
        if predicted is None:
            scores.failures.append(article.name)
            predicted = []
        speech = [q for q in predicted if q.type in SPEECH]
        terms = [q for q in predicted if q.type == "term"]
        pairs = match(gold, speech)
        matched += len(pairs)
        predicted_total += len(speech)
        expected_total += len(gold)
        matched_gold = {g for g, _ in pairs}
        as_term += sum(1 for g, _ in match([q for i, q in enumerate(gold) if i not in matched_gold], terms))
        for g, p in pairs:
            gold_speaker = gold[g].speaker
            if gold_speaker is None:
                continue
            named += 1
            if same_named_speaker(gold_speaker, speech[p].speaker, surname_enough):
                correct += 1
            else:
                scores.errors.append(f"wrong speaker {article.name}: “{gold[g].text[:70]}” "
                                     f"(source {gold[g].source_text[:50]!r} = {gold[g].speaker}; got {speech[p].speaker})")
        scores.errors += [f"missed        {article.name}: “{gold[i].text[:70]}” ({gold[i].source_text[:40]!r})"
                          for i in range(len(gold)) if i not in matched_gold]
        matched_predicted = {p for _, p in pairs}
        scores.errors += [f"spurious      {article.name}: “{article.text[q.start:q.end][:70]}” ({q.type}, {q.speaker})"
                          for i, q in enumerate(speech) if i not in matched_predicted]
    scores.detection = PRF(matched, predicted_total, expected_total)
    scores.speaker = Accuracy(correct, named)
    scores.named_gold = named
    scores.as_term = as_term
    return scores


def evaluate_split(enricher: Enricher, articles: list[PolnearArticle], max_body_chars: int,
                   labels: dict[tuple[str, str], DiplomacyLabel] | None = None) -> SplitScores:
    messages = [(a.name, a.message()) for a in articles]
    items: list[tuple[PolnearArticle, list[PredictedQuote] | None]] = []
    statements: list[tuple[PolnearArticle, list[PredictedStatement] | None]] = []
    routed: dict[tuple[str, str], bool] = {}
    for article, (_, outcome) in zip(articles, enrich_messages(enricher, messages, max_body_chars)):
        if isinstance(outcome, ArticleError):
            items.append((article, None))
            statements.append((article, None))
            routed[article.split, article.name] = False
        else:
            items.append((article, predicted_quotes(article, outcome)))
            statements.append((article, predicted_statements(source_map(article, outcome), outcome)))
            routed[article.split, article.name] = outcome["diplomacy"]["is_diplomacy"]
    scores = score_split(articles[0].split if articles else "", items)
    scores.statements = score_statements(statements, same_named_speaker)
    scores.diplomacy = diplomacy_routing(routed, labels or {})
    return scores


def diplomacy_routing(routed: dict[tuple[str, str], bool], labels: dict[tuple[str, str], DiplomacyLabel]) -> PRF | None:
    """Routing P/R/F1 over the articles that carry a label; None when none does."""
    labelled = [key for key in routed if key in labels]
    if not labelled:
        return None
    return PRF(
        true_positives=sum(routed[k] and labels[k].is_diplomacy for k in labelled),
        predicted=sum(routed[k] for k in labelled),
        expected=sum(labels[k].is_diplomacy for k in labelled),
    )


def textacy_split(model_name: str, articles: list[PolnearArticle], max_body_chars: int) -> SplitScores:
    baseline = TextacyBaseline(model_name)
    items: list[tuple[PolnearArticle, list[PredictedQuote] | None]] = []
    for article in articles:
        found = baseline.quotes_in_message(article.message(), max_body_chars)
        if found is None:
            items.append((article, []))
            continue
        fields, quotes = found
        source = source_map(article, fields)
        predicted = []
        for quote in quotes:
            span = source.span(quote["field"], quote["start"], quote["end"])
            if span is not None:
                predicted.append(PredictedQuote(span[0], span[1], "direct", quote["speaker"]))
        items.append((article, predicted))
    scores = score_split(articles[0].split, items, surname_enough=True)
    scores.failures = []  # textacy giving up on an article is scored as finding nothing, not a crash
    return scores


def run_polnear(settings: Settings, root: str, splits: list[str], write_readme: bool, readme: Path,
                labels_path: Path | None = None) -> int:
    started = time.perf_counter()
    enricher = Enricher(settings.spacy_model, settings.diplomacy_threshold)
    labels = load_labels(labels_path) if labels_path is not None else {}
    ours, theirs = [], []
    reason = unavailable_reason()
    for split in splits:
        articles = load_split(root, split)
        ours.append(evaluate_split(enricher, articles, settings.max_body_chars, labels))
        if reason is None:
            theirs.append(textacy_split(settings.spacy_model, articles, settings.max_body_chars))
    table = render(ours, theirs, reason)
    print(table)
    for scores in ours:
        for name in scores.failures:
            print(f"failed        {scores.split}/{name}", file=sys.stderr)
        if scores.split == "train":  # errors are read on train only; dev is for reporting
            print("\n## Errors on train (developer aid)", file=sys.stderr)
            for line in scores.errors:
                print(line, file=sys.stderr)
            print("\n## Statement errors on train (developer aid)", file=sys.stderr)
            for line in scores.statements.errors:
                print(line, file=sys.stderr)
    print(f"evaluated {sum(s.articles for s in ours)} PolNeAR articles in {time.perf_counter() - started:.1f}s",
          file=sys.stderr)
    if write_readme:
        from .report import replace_between_markers

        return replace_between_markers(table, readme, README_START, README_END)
    return 1 if any(s.failures for s in ours) else 0


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def render(ours: list[SplitScores], theirs: list[SplitScores], textacy_reason: str | None) -> str:
    header = ["Metric", *[f"PolNeAR {s.split}" for s in ours]]
    if theirs:
        header += [f"textacy {s.split}" for s in theirs]
    else:
        header.append("textacy")

    def prf(score: PRF) -> str:
        return f"{_number(score.precision)} / {_number(score.recall)} / {_number(score.f1)}"

    def accuracy(score: Accuracy) -> str:
        return f"{_number(score.value)} ({score.correct}/{score.total})"

    missing = [f"n/a ({textacy_reason})"] if not theirs else []
    no_textacy = ["" for _ in theirs] + ([""] if missing else [])  # a row textacy has nothing for
    rows = [
        ["Articles", *[str(s.articles) for s in ours], *[str(s.articles) for s in theirs], *([""] if missing else [])],
        ["Articles failed (dead-lettered)", *[str(len(s.failures)) for s in ours], *["" for _ in theirs],
         *([""] if missing else [])],
        ["Quote detection P / R / F1 (in double marks)", *[prf(s.detection) for s in ours],
         *[prf(s.detection) for s in theirs], *missing],
        ["Speaker accuracy (matched quotes, named sources)", *[accuracy(s.speaker) for s in ours],
         *[accuracy(s.speaker) + " ¹" for s in theirs], *([""] if missing else [])],
        ["Gold quotes typed as term", *[str(s.as_term) for s in ours], *["" for _ in theirs],
         *([""] if missing else [])],
        ["Diplomacy routing P / R / F1 (our labels)",
         *[prf(s.diplomacy) + f" ({s.diplomacy.expected} stories)" if s.diplomacy else "no labels" for s in ours],
         *["" for _ in theirs], *([""] if missing else [])],
        ["Statement content P / R / F1 (reported speech, token overlap ≥ half)",
         *[prf(s.statements.content) for s in ours], *no_textacy],
        ["Statement cue accuracy (matched)", *[accuracy(s.statements.cue) for s in ours], *no_textacy],
        ["Statement source accuracy (matched, named sources)", *[accuracy(s.statements.source) for s in ours],
         *no_textacy],
    ]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(["---"] * len(header)) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    notes = [
        "",
        "Gold quotes are passages in double quotation marks lying at least half inside an annotated attribution's "
        "content; a predicted direct or partial quote matches one when their spans overlap by at least half of the "
        "longer, one-to-one. Speakers are scored where the annotated source is a personal name (apposition and "
        "titles cut off, a lone surname completed with the nearest full name before it, a lone number, calendar "
        "or lower-case word such as \"Six\" or \"Poll\" no name): right when the family "
        "names agree and the gold first name, if any, is in the predicted name, or when a lone gold name that "
        "was not completed is the predicted name's first word (\"Xi\" is Xi Jinping); the rule cannot always tell "
        "an outlet from a surname (\"Politico\"), so a predicted source that is an organisation is compared by the "
        "words that name it. Pronoun and role sources are not "
        "scored (PolNeAR does not resolve them). Statements are the attributions whose content is not only a "
        "quotation (reported speech, mixed ones included): a predicted statement's content matches one, one-to-one, "
        "when they share at least half of the larger one's word tokens; its cue is right when all its words are gold "
        "cue words, and its source is scored by the speaker rule over named sources. "
        "Diplomacy is scored against our own labels of every train and "
        "dev article (eval/polnear/diplomacy.tsv, convention in eval/polnear/DIPLOMACY.md); the scorer's weights "
        "and threshold are fitted on PolNeAR train and our own development sets, never on dev.",
    ]
    if theirs:
        notes.append("¹ textacy reports raw speaker text, so its speaker counts as right when its last word is the "
                     "gold family name.")
    return "\n".join(lines) + "\n\n".join(notes)
