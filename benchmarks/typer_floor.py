"""The floor under every irtele command: a do-nothing Typer app that reads the same answers file.

Typer 0.2x coerces every parameter through pydantic, so running a command (not ``--help``) imports
pydantic and builds its validators; reading the YAML answers file is the other cost no plan avoids.
``run.py`` times this script in the same run, so a budget can say how far above the floor irtele is.
"""

from pathlib import Path
from typing import Annotated

import typer
import yaml

app = typer.Typer()


@app.command()
def plan(answers: Annotated[Path | None, typer.Option("--answers")] = None, format: str = "json") -> None:
    """Read the answers and do nothing else."""
    if answers is not None:
        yaml.load(answers.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@app.command()
def other() -> None:
    """A second command, so the app is a group like irtele."""


if __name__ == "__main__":
    app()
