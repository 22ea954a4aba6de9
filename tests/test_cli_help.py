"""Help a person can read: -V, whole one-line descriptions in the command list, values never split at hyphens."""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from irtele_cli import __version__, flags
from irtele_cli.cli import app, lean_app


def test_short_version_flag_is_the_long_one(runner: CliRunner) -> None:
    short = runner.invoke(app, ["-V"])
    assert short.exit_code == 0, short.output
    assert short.output == runner.invoke(app, ["--version"]).output == f"irtele {__version__}\n"


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_the_entry_points_fast_version_says_what_the_option_says(runner: CliRunner, flag: str) -> None:
    """'irtele --version' answers before Typer is imported; it must print exactly what the CLI's option does."""
    import subprocess
    import sys

    fast = subprocess.run([sys.executable, "-m", "irtele_cli", flag], capture_output=True, text=True, check=True)
    assert fast.stdout == runner.invoke(app, [flag]).output
    probe = "import sys; sys.argv = ['irtele', '--version']; from irtele_cli.__main__ import main; main(); "
    probe += "print('typer' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True).stdout.endswith("False\n")


@pytest.mark.parametrize(
    ("command", "description"),
    [
        ("plan", "Answer a few questions and get the roles that fit you, a preparation plan and a contract checklist."),
        ("licensing", "Where you need a license, whether the compact can speed it up, and what to check."),
        ("roles", "Browse the telehealth roles open to interventional radiologists."),
    ],
)
def test_the_command_list_shows_each_whole_description(runner: CliRunner, command: str, description: str) -> None:
    result = runner.invoke(app, ["--help"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    listing = result.output.split("Commands:", 1)[1]
    assert "..." not in listing
    assert f" {command} {description} " in " ".join(listing.split()) + " "  # wrapped over lines, never cut


def test_subcommand_lists_show_whole_descriptions_too(runner: CliRunner) -> None:
    result = runner.invoke(app, ["roles", "--help"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert "..." not in result.output.split("Commands:", 1)[1]
    assert "and sources." in result.output


def allowed_values() -> set[str]:
    """Every value the plan's help lists, read from the generated flags table (the models' Literal types)."""
    values: set[str] = set()
    for *_, help_text in flags.PLAN:
        if "of: " in help_text:
            values |= {value.strip(" .") for value in help_text.split("of: ", 1)[1].split(",")}
    return values


@pytest.mark.parametrize("columns", ["40", "60", "80"])
def test_plan_help_never_splits_a_value_at_its_hyphen(runner: CliRunner, columns: str) -> None:
    hyphenated = {value for value in allowed_values() if "-" in value}
    assert {"dr-resident", "part-time", "weekday-daytime"} <= hyphenated
    result = runner.invoke(app, ["plan", "--help"], env={"COLUMNS": columns})
    assert result.exit_code == 0, result.output
    text = result.output
    for value in hyphenated:
        assert value in text, f"{value} split over lines at COLUMNS={columns}"
    assert not re.search(r"[a-z]-\n", text), "a line ends at a hyphen"
    assert "\u2011" not in text  # the stand-in never reaches the terminal


def _names(app_: typer.Typer) -> list[str | None]:
    return [info.name for info in app_.registered_commands] + [info.name for info in app_.registered_groups]


@pytest.mark.parametrize(
    ("args", "only"),
    [
        (["plan", "--answers", "x.yaml"], "plan"),
        (["--kb", "data", "roles", "show", "x"], "roles"),
        (["--kb=data", "offers", "compare"], "offers"),
        (["kb", "validate"], "kb"),
        (["licensing", "--help"], "licensing"),
    ],
)
def test_a_named_command_is_built_alone(args: list[str], only: str) -> None:
    """Typer builds every command's parameters before running one: the app run is the named command's alone."""
    assert _names(lean_app(args, {})) == [only]
    assert _names(app) != [only]  # and the app itself is left whole


@pytest.mark.parametrize(
    ("args", "environ"),
    [
        (["-V"], {}),
        (["pln"], {}),  # an unknown command: click suggests from all of them
        (["--kb", "data"], {}),
        (["--bogus", "plan"], {}),
        (["plan"], {"_IRTELE_COMPLETE": "complete_bash"}),  # completion lists every command
    ],
)
def test_anything_else_gets_the_whole_app(args: list[str], environ: dict[str, str]) -> None:
    assert lean_app(args, environ) is app


@pytest.mark.parametrize("args", [[], ["--help"], ["-h"]])
def test_the_apps_help_lists_every_command_without_building_their_options(runner: CliRunner, args: list[str]) -> None:
    """The app's help shows no command's options: they are left out of what Typer builds, the help is the same."""
    import typer.main

    listed = lean_app(args, {})
    assert listed is not app and _names(listed) == _names(app)

    def leaves(group: Any) -> list[Any]:  # the commands, inside groups too; a group keeps its own callback
        return [
            leaf
            for command in group.commands.values()
            for leaf in (leaves(command) if hasattr(command, "commands") else [command])
        ]

    built = leaves(typer.main.get_command(listed))
    assert len(built) == len(leaves(typer.main.get_command(app))) > 10
    assert [command.name for command in built if command.params] == []
    alone, whole = runner.invoke(listed, args, prog_name="irtele"), runner.invoke(app, args, prog_name="irtele")
    assert (alone.exit_code, alone.output) == (whole.exit_code, whole.output)
    assert "Commands:" in alone.output and "plan " in alone.output


@pytest.mark.parametrize("name", [name for name in _names(app) if name])
def test_a_command_alone_helps_and_fails_as_in_the_whole_app(runner: CliRunner, name: str) -> None:
    for args in ([name, "--help"], [name, "--no-such-option"]):
        alone = runner.invoke(lean_app(args, {}), args, prog_name="irtele")
        whole = runner.invoke(app, args, prog_name="irtele")
        assert (alone.exit_code, alone.output) == (whole.exit_code, whole.output)


@pytest.mark.parametrize("args", [[], ["offers"], ["kb"]])
def test_no_command_shows_the_help_as_help_not_as_an_error(args: list[str]) -> None:
    """click reports a missing command as a usage error holding the help: it is shown as written, exit 2."""
    import subprocess
    import sys

    code = f"import sys\nfrom irtele_cli.cli import main\nsys.argv = ['irtele', *{args!r}]\nmain()"
    bare = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "COLUMNS": "100"}
    )
    helped = subprocess.run(
        [sys.executable, "-c", code.replace("]\nmain()", ", '--help']\nmain()")],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "100"},
    )
    assert bare.returncode == 2 and helped.returncode == 0
    assert "error:" not in bare.stderr
    assert bare.stderr == helped.stdout  # the same help, on stderr as click puts it
