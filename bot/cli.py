"""The ``ddxbot`` command line: ask, chat, eval, and knowledge-base tools."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from knowledge import read_knowledge
from knowledge.lint import lint

app = typer.Typer(add_completion=False, no_args_is_help=True, help="ddxbot: differential diagnosis for clinical teams.")
kb_app = typer.Typer(no_args_is_help=True, help="Knowledge-base tools.")
app.add_typer(kb_app, name="kb")

KnowledgeDir = Annotated[Optional[Path], typer.Option("--knowledge", help="Knowledge data folder (default: bundled).")]


@kb_app.command("lint")
def kb_lint(knowledge: KnowledgeDir = None) -> None:
    """Validate the knowledge base; exit 1 on any error."""
    from knowledge import DATA_DIR

    kb, problems = read_knowledge(knowledge or DATA_DIR)
    if kb is not None:
        problems += lint(kb)
    errors = [p for p in problems if p.severity == "error"]
    for p in problems:
        typer.echo(str(p), err=p.severity == "error")
    if kb is not None:
        typer.echo(
            f"{len(kb.conditions)} conditions, {len(kb.findings)} findings, {len(kb.questions)} questions, "
            f"{len(kb.sources)} sources; version {kb.version}"
        )
    typer.echo(f"{len(errors)} error(s), {len(problems) - len(errors)} warning(s)")
    raise typer.Exit(1 if errors else 0)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="ddxbot")


if __name__ == "__main__":
    sys.exit(main())
