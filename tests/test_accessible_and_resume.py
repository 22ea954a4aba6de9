"""Accessible prompts and output, review warnings, reworded questions, and the kept draft."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from irtele_cli.cli import app
from irtele_cli.errors import IrteleError
from irtele_cli.flows.draft import CorruptDraft, draft_path, read_draft, save_draft
from irtele_cli.flows.gather import review_warnings
from irtele_cli.flows.questionnaire import interpret, plain_ask
from irtele_cli.schema.knowledge import KnowledgeBase, Question

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "ir-resident.yaml"
BOXES = re.compile("[\u2500-\u259f]")


def question(kb: KnowledgeBase, key: str) -> Question:
    return next(q for q in kb.questions if q.key == key)


def typed(*lines: str) -> Any:
    """A fake ``input``: the lines in order."""
    queue = list(lines)
    return lambda prompt: queue.pop(0)


@pytest.mark.parametrize(
    ("key", "lines", "value", "echo"),
    [
        ("stage", ["4"], "ir-fellow", "Chose: IR fellow"),
        ("stage", ["ir-fellow"], "ir-fellow", "Chose: IR fellow"),
        ("stage", ["IR fellow"], "ir-fellow", "Chose: IR fellow"),
        ("stage", [""], "ir-resident", "Chose: IR resident"),
        ("schedule", ["1, 3"], ["weekday-daytime", "overnight"], "Chose: Weekday daytime, Overnight"),
        ("board_certified", ["", "maybe", "Y"], True, "Chose: yes"),
        ("target_states", ["FL GA", "fl, ga"], ["FL", "GA"], "Chose: FL, GA"),
        ("priorities", ["1,2,3,4", "1"], ["stability"], "Chose: Stability"),
    ],
)
def test_plain_prompts_take_numbers_values_and_defaults(
    kb: KnowledgeBase, capsys: pytest.CaptureFixture[str], key: str, lines: list[str], value: Any, echo: str
) -> None:
    shown = question(kb, key)
    default = None if key == "board_certified" else shown.default
    assert plain_ask(shown, default, read=typed(*lines)) == value
    out = capsys.readouterr().out
    assert echo in out
    assert out.count("Cannot use that:") == len(lines) - 1  # each refused line says why, then asks again
    assert BOXES.findall(out) == []


def test_plain_prompts_speak_the_default_and_number_the_choices(
    kb: KnowledgeBase, capsys: pytest.CaptureFixture[str]
) -> None:
    plain_ask(question(kb, "schedule"), ["evenings-weekends"], read=typed(""))
    out = capsys.readouterr().out
    assert "1. Weekday daytime\n2. Evenings and weekends\n3. Overnight" in out
    assert "Press Enter for: 2 (Evenings and weekends)." in out


def test_board_certification_has_no_default(kb: KnowledgeBase) -> None:
    """Enter by habit must not record 'No' for a board-certified attending."""
    assert question(kb, "board_certified").default is None
    with pytest.raises(IrteleError, match="type y or n"):
        interpret(question(kb, "board_certified"), "")


@pytest.mark.parametrize(
    ("answers", "prompt_part"),
    [({"stage": "medical-student"}, "live or study in"), ({"stage": "ir-resident"}, "live or train in"),
     ({"stage": "established"}, "mainly practice in")],
)  # fmt: skip
def test_questions_are_worded_for_the_stage(kb: KnowledgeBase, answers: dict[str, Any], prompt_part: str) -> None:
    assert prompt_part in question(kb, "home_state").worded_for(answers).prompt


@pytest.mark.parametrize(
    ("answers", "counts_states"), [({}, False), ({"target_states": ["TX"]}, True), ({"licensed_states": ["TX"]}, True)]
)
def test_the_license_limit_help_counts_states_only_when_some_were_named(
    kb: KnowledgeBase, answers: dict[str, Any], counts_states: bool
) -> None:
    assert ("counts the states you named" in question(kb, "max_licenses").worded_for(answers).help) is counts_states


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"licensed_states": ["TX"], "target_states": ["OK", "NM"], "max_licenses": 2}, ["3 states", "hold 2"]),
        ({"licensed_states": ["TX"], "target_states": ["TX", "OK"], "max_licenses": 2}, []),
        ({"stage": "ir-resident", "telehealth_share": "primary"}, ["You are in training"]),
        ({"stage": "established", "telehealth_share": "primary"}, []),
    ],
)
def test_the_review_warns_about_answers_that_go_badly_together(
    kb: KnowledgeBase, answers: dict[str, Any], expected: list[str]
) -> None:
    said = " ".join(review_warnings(kb.messages, answers))
    assert all(part in said for part in expected)
    assert bool(said) is bool(expected)


@pytest.fixture
def state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("IRTELE_STATE_DIR", str(tmp_path / "state"))
    return tmp_path / "state"


def test_a_draft_is_private_and_read_back(kb: KnowledgeBase, state: Path) -> None:
    answers = {"stage": "ir-fellow", "home_state": "TX"}
    path = save_draft(kb.questions, answers, dt.date(2026, 12, 1))
    assert path == draft_path() == state / "plan-draft.json"
    assert path.stat().st_mode & 0o777 == 0o600
    draft = read_draft(kb.questions)
    assert draft is not None and draft.answers == answers and draft.saved == dt.date(2026, 12, 1)


def test_a_draft_for_changed_questions_keeps_only_the_unchanged_answers(kb: KnowledgeBase, state: Path) -> None:
    save_draft(kb.questions, {"stage": "ir-fellow", "procedures": "preferred"}, dt.date(2026, 12, 1))
    changed = [q.model_copy(update={"choices": q.choices[:2]}) if q.key == "procedures" else q for q in kb.questions]
    draft = read_draft(changed)
    assert draft is not None and draft.answers == {"stage": "ir-fellow"}


@pytest.mark.parametrize("text", ["{not json", "[]", '{"saved": "yesterday", "answers": {}, "questions": {}}', "\xff"])
def test_a_corrupt_draft_is_set_aside(kb: KnowledgeBase, state: Path, text: str) -> None:
    state.mkdir()
    draft_path().write_bytes(text.encode("latin-1"))
    with pytest.raises(CorruptDraft) as caught:
        read_draft(kb.questions)
    assert caught.value.kept_as == state / "plan-draft.corrupt"
    assert not draft_path().exists() and caught.value.kept_as.exists()
    assert read_draft(kb.questions) is None  # never read twice


def test_fresh_deletes_a_kept_draft(kb: KnowledgeBase, state: Path, runner: CliRunner) -> None:
    save_draft(kb.questions, {"stage": "ir-fellow"}, dt.date(2026, 12, 1))
    result = runner.invoke(app, ["plan", "--answers", str(EXAMPLE), "--fresh", "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["schema_version"] == 1
    assert not draft_path().exists()


@pytest.mark.parametrize("how", [["--accessible"], {"IRTELE_ACCESSIBLE": "1"}, {"ACCESSIBLE": "1"}, {"TERM": "dumb"}])
def test_accessible_output_is_sentences_without_boxes_or_bars(runner: CliRunner, how: Any) -> None:
    flags, env = (how, {}) if isinstance(how, list) else ([], how)
    result = runner.invoke(app, ["plan", "--answers", str(EXAMPLE), "--full", *flags], env={"COLUMNS": "100", **env})
    assert result.exit_code == 0
    assert BOXES.findall(result.stdout) == []
    said = " ".join(result.stdout.split())  # however the lines were folded
    assert re.search(r"Role 1 of 9: [^.]+ \([a-z-]+\), score \d+, [a-z ]+ fit\. Because: ", said)
    assert "To do: " in result.stdout  # preparation items read as words, not ballot boxes
    assert "Stage: IR resident" in result.stdout


def test_accessible_output_holds_what_the_normal_output_holds(runner: CliRunner) -> None:
    plain = runner.invoke(app, ["plan", "--answers", str(EXAMPLE), "--full", "--accessible"], env={"COLUMNS": "100"})
    boxed = runner.invoke(app, ["plan", "--answers", str(EXAMPLE), "--full"], env={"COLUMNS": "100"})
    words = set(re.findall(r"[A-Za-z]{4,}", boxed.stdout))
    missing = {word for word in words if word not in plain.stdout}
    assert missing <= {"Score", "Route", "Compact", "status"}  # table headings: each row says them its own way


def test_accessible_licensing_and_roles_have_no_boxes(runner: CliRunner) -> None:
    for args in (["licensing", "--home", "TX", "--target", "OK,FL", "--licensed", "TX"], ["roles"]):
        result = runner.invoke(app, args, env={"ACCESSIBLE": "1", "COLUMNS": "100"})
        assert result.exit_code == 0, result.output
        assert BOXES.findall(result.stdout) == []
