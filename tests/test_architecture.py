"""The boundaries, read from the code: platforms go through the one port, the core wires no
platform, and no package's modules import each other in a circle (issue 17)."""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "adapters", "knowledge")
BELOW_THE_PORT = ("bot.store", "bot.engine", "bot.service", "bot.turns")  # what only bot.conversations uses


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, at the top or inside a function (``from a import b`` gives
    ``a`` and, when ``a.b`` is a module of ours, ``a.b`` too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


MODULES = {
    _module_name(path): path for package in PACKAGES for path in (ROOT / package).rglob("*.py") if "migrations" not in path.parts
}
IMPORTS = {name: {m for m in _imports(path) if m in MODULES} for name, path in MODULES.items()}


def _reaches(name: str, prefixes: tuple[str, ...]) -> list[str]:
    return sorted(m for m in IMPORTS[name] if m.startswith(prefixes))


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n.startswith("adapters")))
def test_a_platform_imports_nothing_below_the_port(name: str) -> None:
    assert _reaches(name, BELOW_THE_PORT) == []


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n.startswith("adapters")))
def test_a_platform_reaches_no_store_or_core_through_the_port(name: str) -> None:
    """No ``service.store.x`` or ``service.core.x`` either: the port's own methods only."""
    source = MODULES[name].read_text(encoding="utf-8")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in ("store", "core", "_store", "_service"):
            owner = ast.unparse(node.value)
            assert not owner.endswith(("service", "conversations")), f"{name}: {ast.unparse(node)}"


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n.startswith(("bot", "knowledge"))))
def test_the_core_imports_no_platform(name: str) -> None:
    assert _reaches(name, ("adapters",)) == []


def test_the_packages_modules_import_each_other_in_no_circle() -> None:
    """A package's ``__init__`` re-exporting its own modules is no circle of design: left out."""
    graph = {
        name: {m for m in targets if m != name and not m.startswith(f"{name}.") and not name.startswith(f"{m}.")}
        for name, targets in IMPORTS.items()
    }
    try:
        graphlib.TopologicalSorter(graph).prepare()
    except graphlib.CycleError as exc:
        pytest.fail(f"import cycle: {' -> '.join(exc.args[1])}")


def test_the_rules_see_the_modules_they_guard() -> None:
    """A rule that reads nothing would pass whatever the code does."""
    assert "bot.conversations" in IMPORTS["adapters.slack.app"] and "bot.conversations" in IMPORTS["adapters.telegram.app"]
    assert "bot.store" in IMPORTS["bot.service"]
