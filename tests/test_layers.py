"""Imports point down: commands over agents and tools over the Kafka-free enrichment core.

Each top-level part of `streams` has a rank; a module may import its own part and any
part of a lower rank, never one of its own rank or above. Imports inside functions
count too: a lazy import upward is still a dependency upward.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "streams"

RANKS = {
    "streams": 0,  # the package itself: its version
    "streams.errors": 0,
    "streams.clock": 0,
    "streams.host": 0,
    "streams.settings": 1,
    "streams.inputs": 1,
    "streams.enrichment": 2,
    "streams.kafka": 3,
    "streams.observability": 3,
    "streams.app": 4,  # the Faust app over the Kafka client options
    "streams.articles": 4,
    "streams.evaluation": 4,
    "streams.benchmark": 4,
    "streams.view": 4,
    "streams.commands": 5,
    "streams.cli": 6,
}


def part_of(module: str) -> str:
    """The top-level part a dotted module name belongs to."""
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 else parts[0]


def module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path) -> set[str]:
    """Every streams module this file imports, relative imports resolved."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            # `from . import x` / `from ..x import y` may name submodules
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return {m for m in found if m == "streams" or m.startswith("streams.")}


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_part_of_the_package_has_a_rank():
    parts = {part_of(module_name(path)) for path in MODULES}
    assert parts <= set(RANKS), f"give these a rank in RANKS: {sorted(parts - set(RANKS))}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_no_module_imports_a_layer_at_or_above_its_own(path):
    own = part_of(module_name(path))
    upward = []
    for target in imported_modules(path):
        other = part_of(target)
        if other not in RANKS:  # `from .x import name`: the name was taken for a submodule
            other = part_of(target.rsplit(".", 1)[0])
        if other != own and RANKS.get(other, -1) >= RANKS[own]:
            upward.append(target)
    assert not upward, f"{module_name(path)} (rank {RANKS[own]}) imports {sorted(upward)}"


def test_the_checker_sees_an_upward_import(tmp_path):
    """The walk above would pass vacuously if it resolved nothing; pin it on a known import."""
    assert "streams.enrichment.enricher" in imported_modules(PACKAGE / "articles" / "agents.py")


def test_the_command_line_reaches_everything_through_a_command_module():
    allowed = {"streams.commands", "streams.errors", "streams.settings"}
    reached = {part_of(target) for target in imported_modules(PACKAGE / "cli.py")}
    assert reached <= allowed, f"streams.cli imports {sorted(reached - allowed)}: give it a module in commands/"
