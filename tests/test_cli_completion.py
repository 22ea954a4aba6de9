"""Shell completion: 'irtele completion SHELL' prints a script, and the shell's requests get real candidates.

The requests are made as the printed scripts make them (click's completion protocol, as Typer speaks it):
``_IRTELE_COMPLETE=complete_bash`` with ``COMP_WORDS``/``COMP_CWORD``, or ``complete_zsh``/``complete_fish``
with ``_TYPER_COMPLETE_ARGS``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import get_args

import pytest
from typer.testing import CliRunner

from irtele_cli import flags
from irtele_cli.cli import app
from irtele_cli.schema.knowledge import KnowledgeBase
from irtele_cli.schema.states import STATES
from irtele_cli.schema.vocabulary import Priority, Schedule, Stage


def bash_candidates(runner: CliRunner, line: str, env: dict[str, str] | None = None) -> list[str]:
    """What bash is offered for the last word of ``line`` (an empty last word: a trailing space)."""
    words = line.split(" ")
    result = runner.invoke(
        app,
        [],
        prog_name="irtele",
        env={"_IRTELE_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1), **(env or {})},
    )
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return [line for line in result.stdout.splitlines() if line]  # nothing to offer prints an empty line


def test_role_ids_complete_from_the_knowledge_base(runner: CliRunner, kb: KnowledgeBase) -> None:
    assert bash_candidates(runner, "irtele roles show ") == [role.id for role in kb.roles]
    assert bash_candidates(runner, "irtele roles show tele") == ["tele-proctoring", "teleradiology-ir-focus"]


def test_checklist_role_ids_complete(runner: CliRunner) -> None:
    assert bash_candidates(runner, "irtele checklist --role ind") == ["independent-part-time", "industry-advisor"]


def test_role_ids_come_from_the_knowledge_base_in_use(runner: CliRunner, kb_copy: Path, kb: KnowledgeBase) -> None:
    (kb_copy / "roles" / "industry-advisor.yaml").unlink()
    offered = bash_candidates(runner, f"irtele --kb {kb_copy} roles show ")
    assert offered == [role.id for role in kb.roles if role.id != "industry-advisor"]
    assert bash_candidates(runner, "irtele roles show ", env={"IRTELE_KB": str(kb_copy)}) == offered


def test_a_broken_knowledge_base_completes_nothing_and_says_nothing(runner: CliRunner, tmp_path: Path) -> None:
    assert bash_candidates(runner, f"irtele --kb {tmp_path} roles show ") == []


@pytest.mark.parametrize(
    ("line", "values"),
    [
        ("irtele plan --stage ", get_args(Stage)),
        ("irtele plan --schedule ", get_args(Schedule)),
        ("irtele plan --priorities ", get_args(Priority)),
    ],
)
def test_choice_values_are_the_models_values(runner: CliRunner, line: str, values: tuple[str, ...]) -> None:
    assert bash_candidates(runner, line) == list(values)


def test_every_choice_option_completes_what_its_help_lists(runner: CliRunner) -> None:
    for key, names, kind, _, help_text in flags.PLAN:
        if kind not in ("select", "checkbox"):
            continue
        listed = [value.strip(" .") for value in help_text.split("of: ", 1)[1].split(",")]
        assert bash_candidates(runner, f"irtele plan {names} ") == listed == list(flags.CHOICES[key])


def test_a_choice_completes_from_its_prefix(runner: CliRunner) -> None:
    assert bash_candidates(runner, "irtele plan --stage ir") == ["ir-resident", "ir-fellow"]
    assert bash_candidates(runner, "irtele plan --telehealth-share p") == ["part-time", "primary"]


def test_a_list_completes_the_part_after_the_last_comma(runner: CliRunner) -> None:
    assert bash_candidates(runner, "irtele plan --schedule overnight,") == [
        "overnight,weekday-daytime",
        "overnight,evenings-weekends",
    ]
    assert bash_candidates(runner, "irtele plan --priorities income,te") == ["income,teaching"]


@pytest.mark.parametrize("command", ["plan", "licensing"])
def test_state_codes_complete(runner: CliRunner, command: str) -> None:
    assert bash_candidates(runner, f"irtele {command} --home ") == list(STATES)
    assert bash_candidates(runner, f"irtele {command} --home T") == ["TN", "TX"]
    assert bash_candidates(runner, f"irtele {command} --home t") == ["tn", "tx"]  # accepted as typed
    assert bash_candidates(runner, f"irtele {command} --target TX,C") == ["TX,CA", "TX,CO", "TX,CT"]
    assert bash_candidates(runner, f"irtele {command} --licensed TX,CA,T") == ["TX,CA,TN"]  # TX is there already


def test_commands_complete_with_their_whole_description_for_zsh(runner: CliRunner) -> None:
    result = runner.invoke(
        app, [], prog_name="irtele", env={"_IRTELE_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "irtele li"}
    )
    assert result.exit_code == 0, result.output
    offered = " ".join(result.stdout.split())  # Typer's zsh answer wraps long descriptions at the terminal's width
    assert '"licensing":"Where you need a license, whether the compact can speed it up, and what to check."' in offered


def test_fish_gets_role_ids_with_their_titles(runner: CliRunner) -> None:
    env = {
        "_IRTELE_COMPLETE": "complete_fish",
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",
        "_TYPER_COMPLETE_ARGS": "irtele roles show industry",
    }
    result = runner.invoke(app, [], prog_name="irtele", env=env)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["industry-advisor\tIndustry advisor and program builder"]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_each_shell_gets_a_script_that_names_irtele(runner: CliRunner, shell: str) -> None:
    result = runner.invoke(app, ["completion", shell])
    assert result.exit_code == 0, result.output
    script = result.stdout
    assert script.strip()
    assert re.search(r"\birtele\b", script)
    assert f"_IRTELE_COMPLETE=complete_{shell}" in script  # the request the tests above make


def test_an_unknown_shell_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["completion", "tcsh"])
    assert result.exit_code == 2
    assert "'tcsh' is not one of 'bash', 'zsh', 'fish'" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_the_bash_script_completes_in_a_real_bash() -> None:
    """Source the printed script in bash and ask its function, as bash does on TAB."""
    program = Path(sys.executable).parent / "irtele"
    assert program.exists(), "the console script is installed next to the interpreter"
    script = (
        "source <(irtele completion bash)\n"
        "COMP_WORDS=(irtele plan --stage ir); COMP_CWORD=3\n"
        "_irtele_completion irtele\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    env = {**os.environ, "PATH": f"{program.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    out = subprocess.run(["bash", "--norc", "-c", script], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.splitlines() == ["ir-resident", "ir-fellow"]
