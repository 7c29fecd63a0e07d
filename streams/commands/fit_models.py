"""`newsstreams fit-models`: refit the speaker, speech-or-term and diplomacy models on PolNeAR train."""

from __future__ import annotations

from pathlib import Path

from ..evaluation.model_fit import run_fit_models
from ..settings import Settings


def run_fit_models_command(settings: Settings, polnear: str, output: str | None, diplomacy_labels: str,
                           only: str | None) -> int:
    return run_fit_models(settings, polnear, Path(output) if output else None, Path(diplomacy_labels), only)
