"""`newsstreams evaluate`: score the enrichment on labelled folders and print a markdown table.

Articles go through enrich_messages, the same code the Kafka agent runs, so the
numbers describe what the service actually emits.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..enrichment.batch import enrich_messages
from ..enrichment.enricher import Enricher
from ..enrichment.errors import ArticleError
from ..errors import CommandError
from ..settings import Settings
from .gold import LabelledSet, labelled_folders, load_labelled_set
from .labels import ArticleLabels, labels_from_record, no_prediction
from .scoring import (
    PRF,
    Accuracy,
    QuoteFinding,
    QuoteScores,
    Scores,
    normalize_name,
    same_speaker_or_surname,
    score_articles,
    score_speech_quotes,
    set_differences,
)
from .textacy_baseline import TextacyBaseline, unavailable_reason

DEFAULT_DATA_ROOT = Path("eval/data")
README = Path("README.md")
README_START = "<!-- evaluation:start -->"
README_END = "<!-- evaluation:end -->"
DEFAULT_MAX_BODY_CHARS: int = Settings.max_body_chars  # the dataclass default, 200_000


@dataclass
class FolderResult:
    labelled: LabelledSet
    pairs: list[tuple[ArticleLabels, ArticleLabels]]
    rejected: list[tuple[str, str]]  # (file, reason) for articles the enrichment refused
    scores: Scores


def predict_folder(enricher: Enricher, labelled: LabelledSet, max_body_chars: int) -> FolderResult:
    messages = [(item.gold.file, item.message) for item in labelled.articles]
    pairs, rejected = [], []
    for item, (file, outcome) in zip(labelled.articles, enrich_messages(enricher, messages, max_body_chars)):
        if isinstance(outcome, ArticleError):
            rejected.append((file, f"{outcome.reason}: {outcome}"))
            pairs.append((item.gold, no_prediction(file)))
        else:
            pairs.append((item.gold, labels_from_record(file, outcome)))
    return FolderResult(labelled, pairs, rejected, score_articles(pairs))


def evaluate_folder(enricher: Enricher, folder: Path | str, max_body_chars: int = DEFAULT_MAX_BODY_CHARS) -> dict[str, Any]:
    """The enrichment's scores on one labelled folder, as plain numbers (for tests and scripts)."""
    result = predict_folder(enricher, load_labelled_set(folder), max_body_chars)
    return {**result.scores.as_dict(), "rejected": [file for file, _ in result.rejected]}


def run_evaluate(settings: Settings, paths: list[str], write_readme: bool, readme: Path = README) -> int:
    started = time.perf_counter()
    sets = [load_labelled_set(folder) for folder in _folders(paths)]
    enricher = Enricher(settings.spacy_model, settings.diplomacy_threshold)
    results = [predict_folder(enricher, labelled, settings.max_body_chars) for labelled in sets]
    overall = score_articles([pair for result in results for pair in result.pairs]) if len(results) > 1 else None
    baseline, baseline_note = _textacy_scores(settings, sets)

    table = render_table(results, overall, baseline, baseline_note, settings.spacy_model)
    print(table)
    _print_developer_lists(_dev_result(results))
    print(f"evaluated {sum(r.scores.articles for r in results)} articles in {time.perf_counter() - started:.1f}s",
          file=sys.stderr)
    if write_readme:
        return replace_readme_table(table, readme)
    return 0


def _folders(paths: list[str]) -> list[Path]:
    if paths:
        return [Path(p) for p in paths]
    folders = labelled_folders(DEFAULT_DATA_ROOT)
    if not folders:
        raise CommandError(
            f"no folder with gold.jsonl under {DEFAULT_DATA_ROOT}/ (run from the project root or name folders)"
        )
    return folders


# ---------------------------------------------------------------- textacy baseline

def _textacy_scores(settings: Settings, sets: list[LabelledSet]) -> tuple[dict[str, QuoteScores] | None, str]:
    """Quote scores per folder name, or None and the reason the baseline could not run."""
    reason = unavailable_reason()
    if reason:
        return None, f"n/a ({reason})"
    baseline = TextacyBaseline(settings.spacy_model)
    scores, gave_up = {}, {}
    for labelled in sets:
        predictions = baseline.predict(labelled, settings.max_body_chars)
        gold = [item.gold for item in labelled.articles]
        scores[labelled.name] = score_speech_quotes(zip(gold, predictions.labels), same_speaker_or_surname)
        gave_up[labelled.name] = predictions.gave_up
        for file in predictions.gave_up:
            print(f"textacy gave up on {labelled.name}/{file}: odd number of quote marks", file=sys.stderr)
    if not any(gave_up.values()):
        return scores, ""
    counts = ", ".join(f"{len(files)} of {_column_title(name)}" for name, files in gave_up.items())
    note = (f"textacy refuses a whole article whose quote marks do not pair up (multi-paragraph quotes, "
            f"apostrophes read as quote marks); that happened to {counts}, scored as finding no quotes.")
    return scores, note


# ---------------------------------------------------------------- rendering

def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _prf(score: PRF) -> str:
    return f"{_number(score.precision)} / {_number(score.recall)} / {_number(score.f1)}"


def _accuracy(score: Accuracy) -> str:
    return f"{_number(score.value)} ({score.correct}/{score.total})"


def _column_title(name: str) -> str:
    return "test (held-out)" if name == "test" else name


def render_table(
    results: list[FolderResult],
    overall: Scores | None,
    baseline: dict[str, QuoteScores] | None,
    baseline_note: str,
    model_name: str,
) -> str:
    ours = [(_column_title(r.labelled.name), r.scores) for r in results]
    if overall is not None:
        ours.append(("all", overall))
    names = [r.labelled.name for r in results]
    if baseline is not None:
        textacy_titles = [f"textacy {_column_title(name)}" for name in names]
    else:
        textacy_titles = ["textacy"]

    def textacy_cells(render: Callable[[QuoteScores], str]) -> list[str]:
        if baseline is None:
            return [baseline_note]
        return [render(baseline[name]) for name in names]

    blank = [""] * len(textacy_titles)
    rows = [
        ["Articles", *[str(s.articles) for _, s in ours], *blank],
        ["Diplomacy routing P / R / F1", *[_prf(s.diplomacy.routing) for _, s in ours], *blank],
        ["Quote detection P / R / F1 (direct + partial)", *[_prf(s.quotes.detection) for _, s in ours],
         *textacy_cells(lambda q: _prf(q.detection))],
        ["Speaker accuracy (matched speech quotes)", *[_accuracy(s.quotes.speaker) for _, s in ours],
         *textacy_cells(lambda q: _accuracy(q.speaker) + " ¹")],
        ["Quote type accuracy (matched quotes, incl. terms)", *[_accuracy(s.quote_types) for _, s in ours], *blank],
        ["Term detection P / R / F1", *[_prf(s.terms) for _, s in ours], *blank],
        ["Countries P / R / F1 (micro)", *[_prf(s.countries) for _, s in ours], *blank],
        ["People P / R / F1 (micro)", *[_prf(s.people) for _, s in ours], *blank],
        *_statement_rows(ours, blank),
    ]
    header = ["Metric", *[title for title, _ in ours], *textacy_titles]
    lines = [_row(header), _row(["---"] * len(header)), *[_row(r) for r in rows]]
    footnotes = [
        "",
        f"Model `{model_name}`. P / R / F1 are micro-averaged over articles; “–” means nothing to measure.",
        "Quotes match within an article, one-to-one, when their texts are equal after casefolding, collapsing "
        "whitespace and stripping edge punctuation and quote marks, or when one contains the other and the shorter "
        "is at least 80% of the longer. Speakers must be equal after casefolding and removing accents.",
        "Statements (reported speech outside quotation marks, eval/data/STATEMENTS.md) match one-to-one when "
        "their shared word tokens are at least half of the longer one's; speaker accuracy counts matched "
        "statements whose gold speaker is a person, with the quote speaker rule; cues must be equal after "
        "casefolding. Folders without statement labels are left out of these rows.",
        "¹ textacy reports raw speaker text, so its speaker counts as right when it equals the gold speaker "
        "or the gold speaker's surname (last token); pronouns and role nouns count as wrong.",
    ]
    if baseline is not None and baseline_note:
        footnotes.append(baseline_note)
    return "\n".join(lines) + "\n\n".join(footnotes)


def _statement_rows(ours: list[tuple[str, Scores]], blank: list[str]) -> list[list[str]]:
    # textacy has no statement extractor, so its cells stay empty.
    return [
        ["Statement content P / R / F1", *[_prf(s.statements.detection) for _, s in ours], *blank],
        ["Statement speaker accuracy (matched, gold person)", *[_accuracy(s.statements.speaker) for _, s in ours],
         *blank],
        ["Statement cue accuracy (matched)", *[_accuracy(s.statements.cue) for _, s in ours], *blank],
    ]


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


# ---------------------------------------------------------------- developer aid and README

def _dev_result(results: list[FolderResult]) -> FolderResult:
    # Error lists are shown for dev only: looking at test errors would leak the held-out set into tuning.
    return next((r for r in results if r.labelled.name == "dev"), results[0])


def _print_developer_lists(result: FolderResult) -> None:
    out = sys.stderr
    notes = {item.gold.file: item.gold.notes for item in result.labelled.articles}
    print(f"\n## Errors on {result.labelled.name} (developer aid; test errors are not shown)", file=out)
    for file, reason in result.rejected:
        print(f"rejected  {file}: {reason}", file=out)
    for kind, files in (("false positive", result.scores.diplomacy.false_positives),
                        ("false negative", result.scores.diplomacy.false_negatives)):
        for file in files:
            print(f"diplomacy {kind}: {file} — {notes.get(file, '')}", file=out)
    pairs = result.pairs
    for name, items, normalize in (("countries", lambda labels: labels.countries, str.upper),
                                   ("people", lambda labels: labels.people, normalize_name)):
        for file, missed, extra in set_differences(pairs, items, normalize):
            print(f"{name:9} {file}: missed {missed or '-'}; extra {extra or '-'}", file=out)
    for finding in result.scores.quotes.findings + result.scores.type_findings:
        _print_finding("", finding)
    for finding in result.scores.statements.findings:
        _print_finding("statement ", finding)


def _print_finding(prefix: str, finding: QuoteFinding) -> None:
    if finding.kind in ("missed", "spurious"):
        detail = f" ({finding.expected or finding.got})"
    else:
        detail = f" (expected {finding.expected}; got {finding.got})"
    print(f"{prefix}{finding.kind:13} {finding.file}: “{finding.text}”{detail}", file=sys.stderr)


def replace_readme_table(table: str, readme: Path) -> int:
    """Put the table between the evaluation markers of the README; 1 with a message if it cannot."""
    return replace_between_markers(table, readme, README_START, README_END)


def replace_between_markers(table: str, readme: Path, start_marker: str, end_marker: str) -> int:
    if not readme.is_file():
        print(f"newsstreams evaluate: {readme} not found (run from the project root)", file=sys.stderr)
        return 1
    text = readme.read_text(encoding="utf-8")
    start, end = text.find(start_marker), text.find(end_marker)
    if start < 0 or end < start:
        print(f"newsstreams evaluate: {readme} lacks the markers {start_marker} … {end_marker}; "
              "add them where the table belongs", file=sys.stderr)
        return 1
    updated = text[: start + len(start_marker)] + "\n" + table + "\n" + text[end:]
    readme.write_text(updated, encoding="utf-8")
    print(f"updated the evaluation table in {readme}", file=sys.stderr)
    return 0
