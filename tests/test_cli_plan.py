"""`irtele plan` without questions: answers files, flags, outputs, and every error path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from conftest import modules_after
from irtele_cli.cli import app
from profiles import PROFILES

RESIDENT = PROFILES["ir-resident-keeping-procedures"]
FLAGS = [
    "--stage", "ir-fellow", "--telehealth-share", "side", "--procedures", "essential",
    "--schedule", "evenings-weekends,overnight", "--employment", "either", "--diagnostic-reading", "some",
    "--priorities", "high-acuity,teaching", "--liability-comfort", "high", "--screen-tolerance", "moderate",
    "--licensed", "tx", "--target", "Texas,ok", "--max-licenses", "2", "--home", "texas", "--board-certified",
]  # fmt: skip


def write_answers(tmp_path: Path, answers: dict[str, Any], name: str = "answers.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(answers), encoding="utf-8")
    return path


def plan_json(runner: CliRunner, *args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["plan", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_answers_file_gives_a_ranked_plan(runner: CliRunner, tmp_path: Path) -> None:
    data = plan_json(runner, "--answers", str(write_answers(tmp_path, RESIDENT)))
    assert data["matches"][0]["role"] in {"hybrid-virtual-clinic", "hybrid-teleconsult-coverage"}
    assert data["profile"]["stage"] == "ir-resident"
    assert data["preparation"] and data["checklist"]


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_answers_file_in_toml_or_json(runner: CliRunner, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"answers{suffix}"
    if suffix == ".json":
        path.write_text(json.dumps(RESIDENT), encoding="utf-8")
    else:
        path.write_text("".join(f"{k} = {json.dumps(v)}\n" for k, v in RESIDENT.items()), encoding="utf-8")
    assert plan_json(runner, "--answers", str(path))["profile"]["home_state"] == "TX"


def test_a_flag_for_every_key(runner: CliRunner) -> None:
    profile = plan_json(runner, *FLAGS)["profile"]
    assert profile == {
        "stage": "ir-fellow",
        "home_state": "TX",
        "licensed_states": ["TX"],
        "board_certified": True,
        "target_states": ["TX", "OK"],
        "max_licenses": 2,
        "telehealth_share": "side",
        "procedures": "essential",
        "schedule": ["evenings-weekends", "overnight"],
        "employment": "either",
        "diagnostic_reading": "some",
        "priorities": ["high-acuity", "teaching"],
        "liability_comfort": "high",
        "screen_tolerance": "moderate",
    }


def test_flags_override_the_answers_file(runner: CliRunner, tmp_path: Path) -> None:
    path = write_answers(tmp_path, RESIDENT)
    profile = plan_json(runner, "--answers", str(path), "--stage", "established", "--procedures", "not-needed")[
        "profile"
    ]
    assert (profile["stage"], profile["procedures"], profile["home_state"]) == (
        "established",
        "not-needed",
        "TX",
    )


def test_no_input_with_missing_answers_names_them(runner: CliRunner) -> None:
    result = runner.invoke(app, ["plan", "--no-input", "--stage", "ir-fellow"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: missing answers: telehealth_share, procedures, schedule,")
    assert "--telehealth-share" in result.stderr


def test_not_a_terminal_and_no_answers_gives_the_remedy(runner: CliRunner) -> None:
    result = runner.invoke(app, ["plan"])
    assert result.exit_code == 2
    assert "not an interactive terminal" in result.stderr
    assert "--answers FILE" in result.stderr


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        (
            {**RESIDENT, "home_state": "Texs"},
            "home_state: unknown US state or territory 'Texs'; did you mean Texas?",
        ),
        ({**RESIDENT, "salary": 1}, "salary: unknown key; allowed keys: stage,"),
        (
            {**RESIDENT, "procedures": "sometimes"},
            "procedures: 'sometimes' is not allowed; expected 'essential', 'preferred' or 'not-needed'",
        ),
    ],
)
def test_bad_answers_file_exits_2_naming_file_key_and_value(
    runner: CliRunner, tmp_path: Path, answers: dict[str, Any], message: str
) -> None:
    path = write_answers(tmp_path, answers)
    result = runner.invoke(app, ["plan", "--answers", str(path)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {path}: {message}")
    assert "Traceback" not in result.output


def test_unknown_state_in_a_flag(runner: CliRunner) -> None:
    result = runner.invoke(app, ["plan", *FLAGS, "--licensed", "Calfornia"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --licensed: unknown US state or territory 'Calfornia'")


def test_broken_and_missing_answers_files(runner: CliRunner, tmp_path: Path) -> None:
    broken = tmp_path / "answers.yaml"
    broken.write_text("stage: [ir-resident\n", encoding="utf-8")
    result = runner.invoke(app, ["plan", "--answers", str(broken)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {broken}: line 2, column 1:")
    missing = runner.invoke(app, ["plan", "--answers", str(tmp_path / "nope.yaml")])
    assert missing.exit_code == 2
    assert missing.stderr == f"error: {tmp_path / 'nope.yaml'}: file not found\n"
    wrong = tmp_path / "answers.txt"
    wrong.write_text("stage: ir-resident", encoding="utf-8")
    assert "unsupported file type '.txt'" in runner.invoke(app, ["plan", "--answers", str(wrong)]).stderr


def test_output_writes_markdown_and_never_overwrites_without_force(runner: CliRunner, tmp_path: Path) -> None:
    answers = str(write_answers(tmp_path, RESIDENT))
    out = tmp_path / "plan.md"
    first = runner.invoke(app, ["plan", "--answers", answers, "-o", str(out), "--format", "json"])
    assert first.exit_code == 0, first.output
    assert (
        out.read_text(encoding="utf-8")
        .split("<!-- irtele:begin -->\n", 1)[1]
        .startswith("# IR telemedicine career plan")
    )
    assert f"Wrote {out}" in first.stderr
    out.write_text("keep me", encoding="utf-8")
    refused = runner.invoke(app, ["plan", "--answers", answers, "--output", str(out)])
    assert refused.exit_code == 2
    assert refused.stderr == f"error: {out} already exists; use --force to overwrite it\n"
    assert refused.stdout == ""
    assert out.read_text(encoding="utf-8") == "keep me"
    forced = runner.invoke(app, ["plan", "--answers", answers, "--output", str(out), "--force"])
    assert forced.exit_code == 0, forced.output
    assert (
        out.read_text(encoding="utf-8")
        .split("<!-- irtele:begin -->\n", 1)[1]
        .startswith("# IR telemedicine career plan")
    )
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_output_into_a_missing_directory(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["plan", *FLAGS, "-o", str(tmp_path / "no" / "plan.md")])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_save_answers_writes_a_file_that_reads_back(runner: CliRunner, tmp_path: Path) -> None:
    saved = tmp_path / "mine.yaml"
    result = runner.invoke(app, ["plan", *FLAGS, "--save-answers", str(saved), "--format", "json"])
    assert result.exit_code == 0, result.output
    again = plan_json(runner, "--answers", str(saved))
    assert again["profile"] == json.loads(result.stdout)["profile"]
    bad = runner.invoke(app, ["plan", *FLAGS, "--save-answers", str(tmp_path / "mine.txt")])
    assert bad.exit_code == 2
    assert "--save-answers" in bad.stderr


def test_markdown_format_prints_the_markdown(runner: CliRunner) -> None:
    result = runner.invoke(app, ["plan", *FLAGS, "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert (
        result.stdout.startswith("---\nirtele: ")
        and "<!-- irtele:begin -->\n# IR telemedicine career plan\n" in result.stdout
    )
    assert "- [ ] " in result.stdout


def test_text_output_reads_at_80_columns_without_colour(runner: CliRunner) -> None:
    result = runner.invoke(app, ["plan", *FLAGS, "--top", "2", "--full"], env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "\x1b[" not in out
    assert max(len(line) for line in out.splitlines()) <= 80
    for heading in [
        "Roles ranked by fit",
        "Preparation plan",
        "Contract checklist",
        "Sources",
        "You are in training",
    ]:
        assert heading in out
    assert out.count("More: irtele roles show") == 2
    assert out.count(": starts at 30, plus the points above, kept within 0-100.") == 2
    assert out.rstrip().endswith("Career information, not legal, financial or medical advice.")


def test_top_must_be_positive(runner: CliRunner) -> None:
    result = runner.invoke(app, ["plan", *FLAGS, "--top", "0"])
    assert result.exit_code == 2


def test_ctrl_c_exits_130_with_one_line_and_writes_nothing(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("irtele_cli.core.plan.make_plan", interrupted)
    out = tmp_path / "plan.md"
    result = runner.invoke(app, ["plan", *FLAGS, "-o", str(out)])
    assert result.exit_code == 130
    assert result.stderr == "Cancelled.\n"
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_plan_does_not_import_questionary_when_answers_are_given(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = write_answers(tmp_path, RESIDENT)
    code = (
        "import sys\nfrom irtele_cli.cli import app\n"
        f"try:\n    app(['plan', '--answers', {str(path)!r}, '--format', 'json'], prog_name='irtele')\n"
        "except SystemExit:\n    pass\n"
        "print('questionary' in sys.modules, 'prompt_toolkit' in sys.modules, file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stderr.strip().splitlines()[-1] == "False False"


def test_output_and_save_answers_must_differ(runner: CliRunner, tmp_path: Path) -> None:
    same = tmp_path / "same.yaml"
    result = runner.invoke(app, ["plan", *FLAGS, "-o", str(same), "--save-answers", str(same)])
    assert result.exit_code == 2
    assert "name the same file" in result.stderr
    assert not same.exists()


def test_file_system_refusals_are_one_line_not_a_traceback(runner: CliRunner, tmp_path: Path) -> None:
    long_name = tmp_path / ("a" * 300 + ".md")
    result = runner.invoke(app, ["plan", *FLAGS, "-o", str(long_name)])
    assert result.exit_code == 2
    assert result.stderr.endswith(": File name too long\n")
    assert "Traceback" not in result.output


def test_written_files_are_readable_by_others_like_any_file(runner: CliRunner, tmp_path: Path) -> None:
    import os
    import stat

    out = tmp_path / "plan.md"
    assert runner.invoke(app, ["plan", *FLAGS, "-o", str(out)]).exit_code == 0
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~mask


def test_same_answers_same_output_across_processes(tmp_path: Path) -> None:
    """Ranking ties and set iteration must not depend on Python's hash seed."""
    import os
    import subprocess
    import sys

    answers = write_answers(tmp_path, PROFILES["established-fully-remote"])
    outputs = {
        subprocess.run(
            [sys.executable, "-m", "irtele_cli", "plan", "--answers", str(answers), "--format", "json"],
            capture_output=True, text=True, check=True, env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout.replace(str(answers), "")
        for seed in ("1", "2", "3")
    }  # fmt: skip
    assert len(outputs) == 1


UNUSED_BY_PLAN = (
    "irtele_cli.core.offers",  # the offer model itself is used: full validation checks the offer questions by it
    "irtele_cli.core.catalog",
    "irtele_cli.core.checklist",
    "irtele_cli.core.cohort",
    "irtele_cli.core.ilp",
    "irtele_cli.core.progress",
    "irtele_cli.flows.keep",
    "irtele_cli.render.markdown",
    "tomllib",
    "tomli_w",
    "json",  # JSON is printed by pydantic-core and answers here are YAML: the json module is not needed
    "rich._emoji_codes",  # the console reads no emoji codes: Rich's table of them is 2-3 ms of a text plan
)


@pytest.mark.parametrize("shown", [["--format", "json"], ["--no-pager"]])
def test_plan_imports_only_what_it_uses(tmp_path: Path, shown: list[str]) -> None:
    """Each module imported creates its pydantic classes at start-up: a plan leaves the other commands' alone."""
    path = write_answers(tmp_path, RESIDENT)
    assert modules_after(["plan", "--answers", str(path), *shown]) & set(UNUSED_BY_PLAN) == set()
