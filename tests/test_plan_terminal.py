"""`irtele plan` in a real pseudo-terminal: answer everything, change one answer, export, and Ctrl-C."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pexpect
import pytest
import yaml

from irtele_cli.load.knowledge import default_kb_dir, load_knowledge_base

pytestmark = pytest.mark.pty  # the fast suite leaves these out: pytest -m "not pty"

DOWN, ENTER, SPACE, CTRL_C = "\x1b[B", "\r", " ", "\x03"


def spawn(cwd: Path, *command: str, columns: int = 100) -> pexpect.spawn:
    # A pty under test does not answer cursor-position requests; without this each prompt waits a second.
    env = {
        **os.environ,
        "COLUMNS": str(columns),
        "LINES": "50",
        "NO_COLOR": "1",
        "TERM": "xterm",
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "IRTELE_PAGER": "cat",  # the plan is taller than 50 rows: paging is tested on its own below
    }
    env.pop("IRTELE_KB", None)
    return pexpect.spawn(
        sys.executable, ["-m", "irtele_cli", *(command or ("plan",))], cwd=str(cwd), env=env, encoding="utf-8", timeout=30,
        dimensions=(50, columns),
    )  # fmt: skip


def answer(child: pexpect.spawn, prompt: str, keys: str) -> None:
    child.expect_exact(prompt)
    child.send(keys)


def assert_cancelled(child: pexpect.spawn, directory: Path) -> None:
    """Ctrl-C: one line, exit code 130, and nothing left in the directory."""
    child.expect_exact("Cancelled.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert list(directory.iterdir()) == []


def accept_defaults(child: pexpect.spawn) -> None:
    """Press Enter at each question an IR resident (the default stage) is asked, prompt by prompt."""
    child.send(ENTER)  # the stage question is already on screen
    kb = load_knowledge_base(default_kb_dir())
    for question in kb.questions[1:]:
        if question.applies({"stage": "ir-resident"}):
            answer(child, question.prompt, ENTER)


def test_full_questionnaire_review_change_and_export(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    answer(child, "Where are you in your training or career?", DOWN + ENTER)  # IR fellow
    answer(child, "Which state do you live or mainly practice in?", "texas" + ENTER)
    answer(child, "Which states do you hold a full, unrestricted medical license in?", "tx" + ENTER)
    answer(child, "Are you board certified", "n")
    answer(child, "In which states would you like to see patients", "tx, ok" + ENTER)
    answer(child, "How many state licenses are you willing to hold in all?", "\x7f2" + ENTER)
    answer(child, "How much of your work should be telehealth?", ENTER)
    answer(child, "How much hands-on procedural work do you want to keep?", ENTER)
    answer(child, "When are you open to working telehealth?", DOWN + SPACE + ENTER)
    answer(child, "How do you want to be engaged?", ENTER)
    answer(child, "How much diagnostic radiology reading do you keep up?", ENTER)
    answer(child, "What matters most to you?", DOWN * 3 + SPACE + ENTER)
    answer(child, "How comfortable are you with IR-specific liability", ENTER)
    answer(child, "How well do you tolerate back-to-back video work?", ENTER)
    # Review: Continue, then Try a change; the procedures question is the eighth answer below them.
    answer(child, "Review your answers", DOWN * 9 + ENTER)
    answer(child, "How much hands-on procedural work do you want to keep?", DOWN + ENTER)
    answer(child, "Review your answers", ENTER)
    child.expect_exact("Roles ranked by fit")
    answer(child, "Save your answers to a file?", "n")
    answer(child, "Save the plan to a file?", "y")
    answer(child, "File name", ENTER)
    child.expect_exact("Wrote irtele-plan.md")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    plan = (tmp_path / "irtele-plan.md").read_text(encoding="utf-8")
    assert "| Hands-on procedures | I would like to keep some |" in plan
    assert "| Stage | IR fellow |" in plan
    assert "| Target states | TX, OK |" in plan
    assert plan.count("- [ ] ") > 10
    assert sorted(p.name for p in tmp_path.iterdir()) == ["irtele-plan.md"]


def shown_whole(child: pexpect.spawn, text: str) -> None:
    """Wait until every word of ``text`` is on screen in order, however the terminal folded the lines."""
    gap = r"(?:\s|\x1b\[[0-9;?]*[A-Za-z])+"  # spaces, line breaks and the escape codes between lines
    child.expect(gap.join(re.escape(word) for word in text.split()))


def test_long_prompts_and_help_fold_in_a_narrow_terminal(tmp_path: Path) -> None:
    """prompt_toolkit cuts a line at the edge; prompt and help are folded so every word still shows."""
    child = spawn(tmp_path, columns=60)
    limit = next(q for q in load_knowledge_base(default_kb_dir()).questions if q.key == "max_licenses")
    assert len(limit.prompt) > 50 and len(limit.help) > 60
    for prompt in ("Where are you", "live or mainly practice", "hold a full", "would you like to see patients"):
        answer(child, prompt, ENTER)
    shown_whole(child, limit.prompt)
    shown_whole(child, limit.help)
    child.send(CTRL_C)
    assert_cancelled(child, tmp_path)


@pytest.mark.parametrize("where", ["first question", "review"])
def test_ctrl_c_cancels_with_one_line_exit_130_and_nothing_written(tmp_path: Path, where: str) -> None:
    child = spawn(tmp_path)
    child.expect_exact("Where are you in your training or career?")
    if where == "review":
        accept_defaults(child)
        child.expect_exact("Review your answers")
    child.send(CTRL_C)
    assert_cancelled(child, tmp_path)


def test_ctrl_c_while_offering_files_writes_none_of_them(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    child.expect_exact("Where are you in your training or career?")
    accept_defaults(child)
    answer(child, "Review your answers", ENTER)
    answer(child, "Save your answers to a file?", "y")
    answer(child, "File name for your answers", ENTER)
    answer(child, "Save the plan to a file?", CTRL_C)
    assert_cancelled(child, tmp_path)


def test_offers_new_in_a_terminal_writes_an_offer_file(tmp_path: Path) -> None:
    child = spawn(tmp_path, "offers", "new")
    answer(child, "What do you call this offer?", "Nights at Mercy" + ENTER)
    answer(child, "Which role is closest to this job?", ENTER)
    answer(child, "Are you employed, or independent", ENTER)
    answer(child, "Add a pay component: which kind?", ENTER)
    answer(child, "Annual salary (USD)?", "$300,000" + ENTER)
    answer(child, "Bonus target per year (USD)?", ENTER)
    answer(child, "Add another pay component?", "n")
    answer(child, "Weeks worked a year?", "\x7f\x7f60" + ENTER)  # refused: more than 52
    answer(child, "Cannot use 60", "\x7f\x7f46" + ENTER)
    answer(child, "Hours a week, all in?", "-5" + ENTER)  # refused in the same words as 0
    answer(child, "Cannot use -5: must be more than 0 (got -5).", "\x7f\x7f50" + ENTER)
    answer(child, "Does it include nights or weekends?", "y")
    answer(child, "Yearly value of benefits (USD)?", ENTER)
    for prompt in ["help with licensing", "explicitly cover telemedicine", "every state", "IR recommendations",
                   "count toward your clinical FTE", "productivity expectations", "billed"]:  # fmt: skip
        answer(child, prompt, ENTER)
    answer(child, "What is your scope?", ENTER)
    answer(child, "Review the offer", ENTER)  # Save
    answer(child, "File name for the offer", ENTER)
    child.expect_exact("Nights at Mercy (yearly)")  # the summary 'offers show' gives
    child.expect_exact("$130")  # $300,000 / (50 h × 46 weeks)
    child.expect_exact("Wrote offer-nights-at-mercy.yaml")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    written = yaml.safe_load((tmp_path / "offer-nights-at-mercy.yaml").read_text(encoding="utf-8"))
    assert written == {
        "name": "Nights at Mercy",
        "employment": "employed",
        "compensation": [{"model": "salary", "annual": 300000, "bonus_target": 0}],
        "weeks_per_year": 46,
        "hours_per_week": 50,
        "nights_weekends": True,
    }


def test_offers_new_ctrl_c_writes_nothing(tmp_path: Path) -> None:
    child = spawn(tmp_path, "offers", "new")
    answer(child, "What do you call this offer?", "Half done" + ENTER)
    answer(child, "Which role is closest to this job?", CTRL_C)
    assert_cancelled(child, tmp_path)


def test_a_plan_taller_than_the_terminal_is_paged(tmp_path: Path) -> None:
    marker = tmp_path / "paged.txt"
    answers = Path(__file__).resolve().parents[1] / "examples" / "ir-resident.yaml"
    env = {**os.environ, "IRTELE_PAGER": f"tee {marker}", "COLUMNS": "100", "LINES": "40"}
    child = pexpect.spawn(sys.executable, ["-m", "irtele_cli", "plan", "--answers", str(answers)],
                          cwd=str(tmp_path), env=env, encoding="utf-8", timeout=30, dimensions=(40, 100))  # fmt: skip
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Roles ranked by fit" in marker.read_text(encoding="utf-8")
    no_pager = pexpect.spawn(sys.executable, ["-m", "irtele_cli", "plan", "--answers", str(answers), "--no-pager"],
                             cwd=str(tmp_path), env={**env, "IRTELE_PAGER": f"tee {tmp_path / 'other.txt'}"},
                             encoding="utf-8", timeout=30, dimensions=(40, 100))  # fmt: skip
    no_pager.expect(pexpect.EOF)
    assert not (tmp_path / "other.txt").exists()
