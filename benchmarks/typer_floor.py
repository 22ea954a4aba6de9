"""The cheapest Typer command there is: what any Typer app pays to run one command.

Typer 0.2x coerces every parameter through pydantic, so running a command (not ``--help``) imports
pydantic and builds its validators. ``run.py`` times this script to show how much of a budget is
Typer's own before irtele does anything.
"""

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer()


@app.command()
def plan(answers: Annotated[Path | None, typer.Option("--answers")] = None, format: str = "json") -> None:
    """Do nothing: the floor under every command."""


@app.command()
def other() -> None:
    """A second command, so the app is a group like irtele."""


if __name__ == "__main__":
    app()
