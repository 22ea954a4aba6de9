"""`kb validate` refuses what would break at run time, and what it accepts renders as written.

Each edit below is one a knowledge-base author could make; before, each passed validation and then
crashed a command (a template's placeholder, conversion or format spec) or was shown as styling.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import Editor
from irtele_cli.cli import app

Change = Callable[[Any], None]

RUNTIME_BREAKERS: list[tuple[str, str, Change, str]] = [
    (
        "a placeholder the template does not receive",
        "licensing.yaml",
        lambda data: data["messages"].update(totals="Licenses in {state}: {held}"),
        "licensing.yaml: messages.totals: unknown placeholder {state}; this text can use {held}, {new}, {total}",
    ),
    (
        "a format spec",
        "licensing.yaml",
        lambda data: data["messages"].update(totals="{held:s} held"),
        "licensing.yaml: messages.totals: placeholder {held} takes no conversion or format spec; write it as {held}",
    ),
    (
        "a conversion",
        "licensing.yaml",
        lambda data: data["messages"].update(totals="{held!z} held"),
        "licensing.yaml: messages.totals: placeholder {held} takes no conversion or format spec; write it as {held}",
    ),
    (
        "an absurd width",
        "licensing.yaml",
        lambda data: data["messages"].update(totals="{held:>1500000000}"),
        "licensing.yaml: messages.totals: placeholder {held} takes no conversion or format spec; write it as {held}",
    ),
    (
        "an unbalanced brace",
        "wording.yaml",
        lambda data: data["messages"].update(score_sum="Score {score"),
        "wording.yaml: messages.score_sum: not a valid template: expected '}' before end of string",
    ),
    (
        "a placeholder in a text that takes none",
        "scoring.yaml",
        lambda data: data["rules"][0].update(reason="Needs {licenses}."),
        "scoring.yaml: rules[0].reason: unknown placeholder {licenses}; this text can use {overlap}, {offered}",
    ),
    (
        "a plan step with a placeholder it is not given",
        "licensing.yaml",
        lambda data: data["plan_steps"]["check"].update(text="Check {count} states."),
        "licensing.yaml: plan_steps.check.text: unknown placeholder {count}; this text can use {states}, {principal}",
    ),
    (
        "a label missing for a vocabulary value",
        "wording.yaml",
        lambda data: data["labels"]["categories"].pop("technology"),
        "wording.yaml: labels: categories: no label for 'technology'",
    ),
    (
        "a question whose kind cannot give its answer",
        "questions.yaml",
        lambda data: data["questions"][6].update(kind="confirm"),
        "questions.yaml: questions[6].kind: 'confirm' cannot answer telehealth_share; use 'select'",
    ),
    (
        "a question that leaves out a possible answer",
        "questions.yaml",
        lambda data: data["questions"][6]["choices"].pop(),
        "questions.yaml: questions[6].choices: no choice for 'primary', a possible telehealth_share",
    ),
]


@pytest.mark.parametrize(("case", "file", "change", "expected"), RUNTIME_BREAKERS, ids=[c[0] for c in RUNTIME_BREAKERS])
def test_kb_validate_refuses_what_would_break_a_command(
    runner: CliRunner, kb_copy: Path, edit_yaml: Editor, case: str, file: str, change: Change, expected: str
) -> None:
    edit_yaml(kb_copy, file, change)
    result = runner.invoke(app, ["kb", "validate", str(kb_copy)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stderr.splitlines() == [
        f"error: {kb_copy / expected.split(': ', 1)[0]}: {expected.split(': ', 1)[1]}"
    ]


MARKUP = "[bold red]x[/] [/] [link=https://example.org]y[/link]"


def test_markup_in_knowledge_base_text_is_printed_as_written(
    runner: CliRunner, kb_copy: Path, edit_yaml: Editor
) -> None:
    """Text that Rich would read as styling, or reject as broken markup, is shown character for character."""

    def fits(data: Any) -> None:
        for fit in data["fit_labels"]:
            fit.update(label=f"fit {MARKUP}")

    edit_yaml(kb_copy, "scoring.yaml", fits)
    edit_yaml(kb_copy, "questions.yaml", lambda data: data["questions"][0].update(label=f"Stage {MARKUP}"))
    edit_yaml(kb_copy, "roles/hybrid-virtual-clinic.yaml", lambda data: data.update(title=f"Clinic {MARKUP}"))

    def noted(data: Any) -> None:
        next(row for row in data["states"] if row["code"] == "OK").update(note=f"see {MARKUP}")

    edit_yaml(kb_copy, "licensing.yaml", noted)
    assert runner.invoke(app, ["kb", "validate", str(kb_copy)]).exit_code == 0
    answers = kb_copy.parent / "answers.json"
    answers.write_text(
        json.dumps(
            {
                "stage": "ir-resident",
                "target_states": ["OK"],
                "max_licenses": 2,
                "telehealth_share": "side",
                "procedures": "essential",
                "schedule": ["weekday-daytime"],
                "employment": "employed",
                "diagnostic_reading": "some",
                "liability_comfort": "moderate",
                "screen_tolerance": "moderate",
            }
        ),
        encoding="utf-8",
    )
    result = runner.invoke(
        app, ["plan", "--answers", str(answers), "--kb", str(kb_copy), "--full"], env={"COLUMNS": "400"}
    )
    assert result.exit_code == 0, result.output
    for shown in (f"Stage {MARKUP}", f"Clinic {MARKUP}", f"fit {MARKUP}", f"see {MARKUP}"):
        assert shown in result.stdout
