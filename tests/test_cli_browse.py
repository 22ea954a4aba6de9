"""The browsing commands: roles, roles show, faq, kb validate, kb schema, --version and help."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import modules_after
from irtele_cli import __version__
from irtele_cli.cli import app
from irtele_cli.schema.knowledge import KnowledgeBase


def test_roles_lists_every_role(runner: CliRunner, kb: KnowledgeBase) -> None:
    result = runner.invoke(app, ["roles"], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    for role in kb.roles:
        assert role.id in result.output
    assert "0.2-0.4 FTE" in result.output


def test_roles_json_has_every_role_with_its_structure(runner: CliRunner, kb: KnowledgeBase) -> None:
    result = runner.invoke(app, ["roles", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [role["id"] for role in data] == [role.id for role in kb.roles]
    assert {"title", "job_type", "structure", "requirements", "sources"} <= set(data[0])


def test_roles_show_explains_the_teleradiology_role(runner: CliRunner) -> None:
    result = runner.invoke(app, ["roles", "show", "teleradiology-ir-focus"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    out = result.output
    for heading in ["What a week looks like", "What it asks of you", "Pros", "Cons", "Sources"]:
        assert heading in out
    assert "Diagnostic reading" in out and "high" in out
    assert "Article §3.3" in out
    assert "not legal, financial or medical advice" in out


def test_roles_show_json(runner: CliRunner) -> None:
    result = runner.invoke(app, ["roles", "show", "tele-proctoring", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["id"] == "tele-proctoring"
    assert data["requirements"]["procedural_component"]["level"] in {"none", "low", "moderate", "high"}


@pytest.mark.parametrize(
    ("given", "suggested"),
    [("teleradiology", "teleradiology-ir-focus"), ("tele-proctor", "tele-proctoring")],
)
def test_roles_show_unknown_id_suggests_the_closest(runner: CliRunner, given: str, suggested: str) -> None:
    result = runner.invoke(app, ["roles", "show", given])
    assert result.exit_code == 2
    assert f"error: unknown role id '{given}'; did you mean {suggested}" in result.stderr


def test_roles_show_far_off_id_points_to_the_list(runner: CliRunner) -> None:
    result = runner.invoke(app, ["roles", "show", "zzzz"])
    assert result.exit_code == 2
    assert result.stderr == "error: unknown role id 'zzzz'; run 'irtele roles' to list them\n"


def test_faq_shows_the_four_questions(runner: CliRunner, kb: KnowledgeBase) -> None:
    result = runner.invoke(app, ["faq"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    assert result.output.count("Source:") == 5  # the four answers and where the field is heading
    assert "Where the field is heading" in result.output
    data = json.loads(runner.invoke(app, ["faq", "--format", "json"]).stdout)
    assert [entry["question"] for entry in data] == [entry.question for entry in kb.faq]


def test_kb_validate_says_what_the_bundled_base_holds(runner: CliRunner, kb: KnowledgeBase) -> None:
    result = runner.invoke(app, ["kb", "validate"])
    assert result.exit_code == 0, result.output
    assert "valid knowledge base with" in result.output
    assert f"{len(kb.roles)} roles" in result.output


def test_kb_validate_reports_every_problem_and_exits_2(runner: CliRunner, kb_copy: Path) -> None:
    (kb_copy / "faq.yaml").unlink()
    (kb_copy / "trends.yaml").write_text("trends: [\n", encoding="utf-8")
    result = runner.invoke(app, ["kb", "validate", str(kb_copy)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert f"error: {kb_copy / 'faq.yaml'}: file is missing" in lines
    assert any(line.startswith(f"error: {kb_copy / 'trends.yaml'}: line 2, column 1:") for line in lines)
    assert "Traceback" not in result.output


def test_kb_schema_describes_every_file(runner: CliRunner) -> None:
    result = runner.invoke(app, ["kb", "schema"])
    assert result.exit_code == 0, result.output
    files = json.loads(result.stdout)["files"]
    assert "roles/*.yaml" in files and "checklist.yaml" in files
    role = json.loads(runner.invoke(app, ["kb", "schema", "--file", "roles"]).stdout)
    assert role["additionalProperties"] is False
    assert "requirements" in role["required"]


def test_kb_schema_unknown_file(runner: CliRunner) -> None:
    result = runner.invoke(app, ["kb", "schema", "--file", "salaries"])
    assert result.exit_code == 2
    assert "unknown knowledge-base file 'salaries'" in result.stderr


def test_kb_option_and_environment_load_another_base(runner: CliRunner, kb_copy: Path, edit_yaml: object) -> None:
    role = kb_copy / "roles" / "tele-proctoring.yaml"
    custom = role.read_text(encoding="utf-8").replace("id: tele-proctoring", "id: program-night-float")
    (kb_copy / "roles" / "program-night-float.yaml").write_text(custom, encoding="utf-8")
    by_option = runner.invoke(app, ["roles", "--kb", str(kb_copy), "--format", "json"])
    by_env = runner.invoke(app, ["roles", "--format", "json"], env={"IRTELE_KB": str(kb_copy)})
    for result in (by_option, by_env):
        assert result.exit_code == 0, result.output
        assert "program-night-float" in [role["id"] for role in json.loads(result.stdout)]


def test_missing_kb_directory(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["faq", "--kb", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "not a directory holding a knowledge base" in result.stderr


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"irtele {__version__}\n"


@pytest.mark.parametrize(
    "command",
    [
        [], ["roles"], ["roles", "show"], ["faq"], ["kb"], ["kb", "validate"], ["kb", "schema"],
        ["plan"], ["licensing"], ["offers"], ["offers", "compare"], ["offers", "new"],
    ],
)  # fmt: skip
def test_short_and_long_help_everywhere(runner: CliRunner, command: list[str]) -> None:
    short = runner.invoke(app, [*command, "-h"])
    long = runner.invoke(app, [*command, "--help"])
    assert short.exit_code == long.exit_code == 0
    assert short.output == long.output
    assert "Usage:" in short.output


def test_no_color_means_no_escape_codes(runner: CliRunner) -> None:
    result = runner.invoke(app, ["roles", "show", "industry-advisor"], env={"NO_COLOR": "1", "FORCE_COLOR": ""})
    assert result.exit_code == 0
    assert "\x1b[" not in result.output


@pytest.mark.parametrize("command", [["roles"], ["roles", "show", "industry-advisor"], ["faq"], ["kb", "validate"]])
def test_browsing_never_imports_questionary(command: list[str]) -> None:
    code = (
        "import sys\n"
        "from irtele_cli.cli import app\n"
        f"try:\n    app({command!r}, prog_name='irtele')\nexcept SystemExit:\n    pass\n"
        "print('questionary' in sys.modules, 'prompt_toolkit' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "COLUMNS": "120"},
    )
    assert out.stdout.strip().splitlines()[-1] == "False False"


def test_kb_option_before_the_command(runner: CliRunner, kb_copy: Path) -> None:
    role = kb_copy / "roles" / "tele-proctoring.yaml"
    role.write_text(
        role.read_text(encoding="utf-8").replace("title: Tele-proctor", "title: Custom proctor"), encoding="utf-8"
    )
    result = runner.invoke(app, ["--kb", str(kb_copy), "roles", "show", "tele-proctoring", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["title"].startswith("Custom proctor")


def test_kb_before_the_command_does_not_outlive_it(runner: CliRunner, kb_copy: Path) -> None:
    role = kb_copy / "roles" / "tele-proctoring.yaml"
    role.write_text(
        role.read_text(encoding="utf-8").replace("title: Tele-proctor", "title: Custom proctor"), encoding="utf-8"
    )
    assert runner.invoke(app, ["--kb", str(kb_copy), "roles", "--format", "json"]).exit_code == 0
    after = runner.invoke(app, ["roles", "show", "tele-proctoring", "--format", "json"])
    assert not json.loads(after.stdout)["title"].startswith("Custom proctor")


def test_roles_group_options_reach_show(runner: CliRunner, kb_copy: Path) -> None:
    role = kb_copy / "roles" / "tele-proctoring.yaml"
    role.write_text(
        role.read_text(encoding="utf-8").replace("title: Tele-proctor", "title: Custom proctor"), encoding="utf-8"
    )
    result = runner.invoke(app, ["roles", "--kb", str(kb_copy), "--format", "json", "show", "tele-proctoring"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["title"].startswith("Custom proctor")


EXAMPLES = Path(__file__).parents[1] / "examples"
OFFERS = [str(EXAMPLES / "offer-hybrid.yaml"), str(EXAMPLES / "offer-remote.yaml")]


@pytest.mark.parametrize(
    ("args", "views"),
    [
        (["licensing", "--answers", str(EXAMPLES / "ir-resident.yaml")], {"licensing"}),
        (["offers", "compare", *OFFERS], {"offers"}),
        (["offers", "show", OFFERS[0]], {"offers"}),
        (["roles"], {"catalog"}),
        (["faq"], {"catalog"}),
        (["checklist"], {"checklist", "plan", "licensing", "matching", "recourse", "offers"}),
    ],
)
def test_a_command_in_text_creates_only_the_views_it_prints(args: list[str], views: set[str]) -> None:
    """Each core module imported creates its views' pydantic classes: printing one command's view leaves the
    other commands' alone (a pathway's text used to create the plan's nine view classes)."""
    core = {name.rpartition(".")[2] for name in modules_after(args) if name.startswith("irtele_cli.core.")}
    assert core == {"view", *views}


def test_a_value_with_no_layout_is_a_programming_error_not_an_empty_screen() -> None:
    from irtele_cli.render.terminal import renderable

    with pytest.raises(TypeError, match="no layout for a str"):
        renderable("a plan")  # type: ignore[arg-type]
