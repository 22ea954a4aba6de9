"""The README is the manual: its commands are the ones CI runs, and every command is in it."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from conftest import REPO
from irtele_cli.cli import app

README = (REPO / "README.md").read_text(encoding="utf-8")
COMMANDS = [
    "plan",
    "licensing",
    "offers compare",
    "offers new",
    "offers show",
    "roles",
    "roles show",
    "faq",
    "kb validate",
    "kb schema",
    "progress",
    "checklist",
    "completion",
]


def quickstart_commands() -> list[str]:
    quickstart = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", quickstart)


def test_quickstart_is_exactly_two_commands_that_make_their_own_environment() -> None:
    commands = quickstart_commands()
    assert len(commands) == 2
    assert all(command.startswith("python3 -m venv .venv && .venv/bin/pip install") for command in commands)


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert quickstart_commands()[1] in ci.splitlines()


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_is_in_the_readme(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, [*command.split(), "--help"])
    assert result.exit_code == 0, result.output
    assert f"`irtele {command}" in README


def test_every_plan_flag_is_in_the_readme(runner: CliRunner) -> None:
    help_text = runner.invoke(app, ["plan", "--help"], env={"COLUMNS": "200"}).output
    flags = set(re.findall(r"(--[a-z][a-z-]+)", help_text)) - {"--help"}
    assert flags
    assert sorted(flag for flag in flags if flag not in README) == []


def test_the_answers_table_has_every_profile_key_with_its_flag() -> None:
    """The README's table is checked against the Profile model, the one source of keys and flags."""
    from irtele_cli.schema.answers import ANSWER_KEYS, FLAG_NAMES

    rows = re.findall(r"^\| `([a-z_]+)` \| `(--[a-z-]+)`", README, flags=re.M)
    assert rows == [(key, FLAG_NAMES[key]) for key in ANSWER_KEYS]


def test_every_knowledge_base_file_is_in_the_readme() -> None:
    from irtele_cli.schema.knowledge import FILES

    names = [f"{where.name}/*.yaml" if where.folder else where.name for where in FILES.values()]
    assert [name for name in names if f"`{name}`" not in README] == []
