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
ACCESSIBLE_ENV = ("IRTELE_ACCESSIBLE", "ACCESSIBLE")


def state_dir(cwd: Path) -> Path:
    return cwd.parent / f"{cwd.name}-state"


def spawn(cwd: Path, *command: str, columns: int = 100, **extra_env: str) -> pexpect.spawn:
    # A pty under test does not answer cursor-position requests; without this each prompt waits a second.
    inherited = {name: value for name, value in os.environ.items() if name not in ("IRTELE_KB", *ACCESSIBLE_ENV)}
    env = {
        **inherited,
        "COLUMNS": str(columns),
        "LINES": "50",
        "NO_COLOR": "1",
        "TERM": "xterm",
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "IRTELE_PAGER": "cat",  # the plan is taller than 50 rows: paging is tested on its own below
        "IRTELE_STATE_DIR": str(state_dir(cwd)),  # a kept draft goes beside the directory, never into it
        **extra_env,
    }
    return pexpect.spawn(
        sys.executable, ["-m", "irtele_cli", *(command or ("plan",))], cwd=str(cwd), env=env, encoding="utf-8", timeout=30,
        dimensions=(50, columns),
    )  # fmt: skip


def answer(child: pexpect.spawn, prompt: str, keys: str) -> None:
    child.expect_exact(prompt)
    child.send(keys)


def assert_cancelled(child: pexpect.spawn, directory: Path, answered: bool = False) -> None:
    """Ctrl-C: one line, exit code 130, and nothing left in the directory nor kept as a draft.

    Once something is ``answered``, Ctrl-C first offers to keep the answers; 'n' declines.
    """
    if answered:
        answer(child, "Keep your answers so far to resume later?", "n")
    child.expect_exact("Cancelled.")
    child.expect(pexpect.EOF)
    assert "Cancelled." not in (child.before or ""), "said once, not twice"
    child.close()
    assert child.exitstatus == 130
    assert list(directory.iterdir()) == []
    assert not state_dir(directory).exists() or list(state_dir(directory).iterdir()) == []


def accept_defaults(child: pexpect.spawn) -> None:
    """Press Enter at each question an IR resident (the default stage) is asked, prompt by prompt."""
    child.send(ENTER)  # the stage question is already on screen
    kb = load_knowledge_base(default_kb_dir())
    for question in kb.questions[1:]:
        if question.applies({"stage": "ir-resident"}):
            answer(child, question.worded_for({"stage": "ir-resident"}).prompt, ENTER)


def test_full_questionnaire_review_change_and_export(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    answer(child, "Where are you in your training or career?", DOWN + ENTER)  # IR fellow
    answer(child, "Which state do you live or train in?", "texas" + ENTER)
    answer(child, "Which states do you hold a full, unrestricted medical license in?", "tx" + ENTER)
    answer(child, "Are you board certified", ENTER)  # no default: Enter alone is refused beside the input
    answer(child, "Cannot use that: type y or n", "n" + ENTER)
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
    for prompt in ("Where are you", "Which state do you", "hold a full", "In which states"):
        answer(child, prompt, ENTER)
    shown_whole(child, limit.prompt)
    shown_whole(child, limit.worded_for({}).help)  # no states named: the help does not count them
    child.send(CTRL_C)
    assert_cancelled(child, tmp_path, answered=True)


@pytest.mark.parametrize("where", ["first question", "review"])
def test_ctrl_c_cancels_with_one_line_exit_130_and_nothing_written(tmp_path: Path, where: str) -> None:
    child = spawn(tmp_path)
    child.expect_exact("Where are you in your training or career?")
    if where == "review":
        accept_defaults(child)
        child.expect_exact("Review your answers")
    child.send(CTRL_C)
    assert_cancelled(child, tmp_path, answered=where == "review")


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


BOXES = re.compile("[\u2500-\u259f]")  # box drawing and block elements: what a braille display cannot show


def test_accessible_mode_a_whole_plan_in_plain_lines(tmp_path: Path) -> None:
    """Numbered choices, an invalid answer asked again, a change at the review, an export; no boxes."""
    child = spawn(tmp_path, "plan", "--accessible")
    answer(child, "Where are you in your training or career?", "")
    child.expect_exact("2. Diagnostic radiology resident")
    answer(child, "Press Enter for: 3 (IR resident (integrated or independent))", "9" + ENTER)
    answer(child, "Cannot use that: '9' is not one of the choices; type a number from 1 to 6", "4" + ENTER)
    child.expect_exact("Chose: IR fellow")
    answer(child, "Which state do you live or train in?", "FL GA" + ENTER)
    answer(child, "Cannot use that: separate states with commas: 'FL, GA'", "FL" + ENTER)
    answer(child, "hold a full, unrestricted medical license", "FL" + ENTER)
    answer(child, "Are you board certified", ENTER)
    answer(child, "Cannot use that: type y or n", "n" + ENTER)
    child.expect_exact("Chose: no")
    answer(child, "In which states would you like to see patients", "FL, GA" + ENTER)
    answer(child, "How many state licenses", ENTER)
    for prompt in ("How much of your work should be telehealth?", "How much hands-on procedural work"):
        answer(child, prompt, ENTER)
    answer(child, "When are you open to working telehealth?", "1, 2" + ENTER)
    child.expect_exact("Chose: Weekday daytime, Evenings and weekends")
    for prompt in ("How do you want to be engaged?", "How much diagnostic radiology reading", "What matters most",
                   "How comfortable are you with IR-specific liability", "back-to-back video work"):  # fmt: skip
        answer(child, prompt, ENTER)
    answer(child, "Review your answers", "")
    child.expect_exact("1. Continue: build my plan")
    child.expect_exact("Hands-on procedures: It is essential")
    answer(child, "Type the number of your choice.", "procedures" + ENTER)  # a value works as well as a number
    answer(child, "How much hands-on procedural work", "2" + ENTER)
    answer(child, "Review your answers", "1" + ENTER)
    child.expect_exact("Role 1 of ")
    answer(child, "Save your answers to a file?", "n" + ENTER)
    answer(child, "Save the plan to a file?", "y" + ENTER)
    answer(child, "File name for the plan", ENTER)
    child.expect_exact("Wrote irtele-plan.md")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert BOXES.findall(child.before or "") == []
    plan = (tmp_path / "irtele-plan.md").read_text(encoding="utf-8")
    assert "| Hands-on procedures | I would like to keep some |" in plan
    assert "| Stage | IR fellow |" in plan


def test_accessible_output_has_no_boxes_bars_or_tables(tmp_path: Path) -> None:
    answers = Path(__file__).resolve().parents[1] / "examples" / "ir-resident.yaml"
    child = spawn(tmp_path, "plan", "--answers", str(answers), "--full", ACCESSIBLE="1")
    output = child.read()
    child.close()
    assert child.exitstatus == 0
    assert BOXES.findall(output) == []
    assert "Role 1 of 9: " in output and "Role 9 of 9: " in output
    for heading in ("Preparation plan", "Contract checklist", "Sources", "Roles ranked by fit"):
        assert heading in output


def test_leave_keep_and_resume_where_you_left_off(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    answer(child, "Where are you in your training or career?", DOWN + ENTER)  # IR fellow
    answer(child, "Which state do you live or train in?", "texas" + ENTER)
    answer(child, "hold a full, unrestricted medical license", CTRL_C)
    answer(child, "Keep your answers so far to resume later?", "y")
    child.expect_exact("Your answers are kept in")
    child.expect_exact("Run 'irtele plan' to resume, or 'irtele plan --fresh' to start afresh.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert list(tmp_path.iterdir()) == []
    (draft,) = state_dir(tmp_path).iterdir()
    assert draft.stat().st_mode & 0o777 == 0o600

    again = spawn(tmp_path)
    answer(again, "Resume your answers from ", ENTER)
    fellow = [q for q in load_knowledge_base(default_kb_dir()).questions if q.applies({"stage": "ir-fellow"})]
    again.expect_exact(f"(2 of {len(fellow)} answered)")
    again.expect_exact(f"Question 3 of about {len(fellow)}")  # goes on counting where it was left
    answer(again, "Which states do you hold a full, unrestricted medical license in?", "tx" + ENTER)
    answer(again, "Are you board certified", "y" + ENTER)
    for question in load_knowledge_base(default_kb_dir()).questions[4:]:
        answer(again, question.prompt, ENTER)
    again.expect_exact("Review your answers")
    again.expect_exact("Stage: IR fellow")
    again.expect_exact("Home state: TX")
    again.send(ENTER)
    again.expect_exact("Roles ranked by fit")
    answer(again, "Save your answers to a file?", "n")
    answer(again, "Save the plan to a file?", "n")
    again.expect(pexpect.EOF)
    again.close()
    assert again.exitstatus == 0
    assert list(state_dir(tmp_path).iterdir()) == []  # the plan is built: the draft is gone


def test_a_corrupt_draft_is_set_aside_with_one_line(tmp_path: Path) -> None:
    state_dir(tmp_path).mkdir()
    (state_dir(tmp_path) / "plan-draft.json").write_text("{not json", encoding="utf-8")
    child = spawn(tmp_path)
    child.expect_exact("note: your kept answers could not be read back")
    child.expect_exact("Where are you in your training or career?")
    child.send(CTRL_C)
    child.expect_exact("Cancelled.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert [p.name for p in state_dir(tmp_path).iterdir()] == ["plan-draft.corrupt"]


def test_offers_new_accessible_in_plain_lines(tmp_path: Path) -> None:
    """Every question of 'offers new --accessible' is plain lines; Enter takes each default."""
    child = spawn(tmp_path, "offers", "new", "--accessible")
    typed = {"What do you call this offer?": "Plain offer", "Annual salary (USD)?": "300000", "Hours a week": "50"}
    said = ""
    while child.expect_exact(["> ", pexpect.EOF]) == 0:
        asked = child.before or ""
        said += asked
        child.send(next((text for prompt, text in typed.items() if prompt in asked), "") + ENTER)
    said += child.before or ""
    child.close()
    assert child.exitstatus == 0, said[-500:]
    assert "Review the offer" in said and "Chose: " in said
    assert BOXES.findall(said) == []
    assert (tmp_path / "offer-plain-offer.yaml").exists()
