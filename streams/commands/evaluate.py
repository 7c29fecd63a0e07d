"""`newsstreams evaluate`: score the enrichment on our labelled sets, or on a PolNeAR copy."""

from __future__ import annotations

from pathlib import Path

from ..settings import Settings

# Where a checkout keeps our diplomacy labels of PolNeAR; elsewhere they are named by option.
CHECKOUT_DIPLOMACY_LABELS = Path("eval/polnear/diplomacy.tsv")


def run_evaluate_command(settings: Settings, paths: list[str], write_readme: bool, readme: Path,
                         polnear: str | None, splits: list[str] | None, diplomacy_labels: str | None) -> int:
    if polnear:
        from ..evaluation.polnear_report import run_polnear

        return run_polnear(settings, polnear, splits or ["dev"], write_readme, readme,
                           _diplomacy_labels(diplomacy_labels))
    from ..evaluation.report import run_evaluate

    return run_evaluate(settings, paths, write_readme, readme)


def _diplomacy_labels(option: str | None) -> Path | None:
    """The labels named on the command line, else the checkout's own when present."""
    if option:
        return Path(option)
    return CHECKOUT_DIPLOMACY_LABELS if CHECKOUT_DIPLOMACY_LABELS.is_file() else None
