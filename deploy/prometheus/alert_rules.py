"""Read the alerting rules in alerts.yml, for tests that check or run them.

Importable after putting deploy/prometheus on sys.path (needs PyYAML).
"""

from __future__ import annotations

from pathlib import Path

import yaml

ALERTS_FILE = Path(__file__).resolve().parent / "alerts.yml"


def alert_rules(path: Path = ALERTS_FILE) -> dict[str, str]:
    """Alert name -> PromQL expression, for every alerting rule in the file."""
    document = yaml.safe_load(path.read_text())
    return {
        rule["alert"]: rule["expr"].strip()
        for group in document["groups"]
        for rule in group["rules"]
        if "alert" in rule
    }


def alert_expressions(path: Path = ALERTS_FILE) -> list[str]:
    """Every alert expression, as Prometheus evaluates it (an instant query)."""
    return list(alert_rules(path).values())
