"""The questionnaire through the injected ``ask`` and through prompt_toolkit pipe input."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput

from irtele_cli.errors import IrteleError
from irtele_cli.flows.gather import data_file_name_problem, file_name_problem
from irtele_cli.flows.questionnaire import CONTINUE, REVIEW_KEY, collect, interpret, offer_file, questionary_ask
from irtele_cli.load.answers import answer_problems
from irtele_cli.schema.answers import Profile
from irtele_cli.schema.knowledge import KnowledgeBase, Question
from profiles import PROFILES


class ScriptedAsk:
    """A fake ``ask``: answers by question key from a script, in order, and records what was asked."""

    def __init__(self, script: dict[str, list[Any]]) -> None:
        self.script = {key: list(values) for key, values in script.items()}
        self.asked: list[str] = []
        self.defaults: dict[str, Any] = {}

    def __call__(self, question: Question, default: Any) -> Any:
        self.asked.append(question.key)
        self.defaults[question.key] = default
        answers = self.script.get(question.key)
        if not answers and question.kind == "confirm" and default is None:
            raise AssertionError(f"{question.key} has no default: the script must answer it")
        return answers.pop(0) if answers else default


def resident_script(**changes: list[Any]) -> dict[str, list[Any]]:
    script: dict[str, list[Any]] = {key: [value] for key, value in PROFILES["ir-resident-keeping-procedures"].items()}
    script[REVIEW_KEY] = [CONTINUE]
    return {**script, **changes}


def test_every_question_is_asked_once_in_order_then_reviewed(kb: KnowledgeBase) -> None:
    ask = ScriptedAsk(resident_script())
    answers = collect(kb.questions, {}, ask, answer_problems)
    expected = [q.key for q in kb.questions if q.key != "board_certified"]  # not asked of IR residents
    assert ask.asked == [*expected, REVIEW_KEY]
    assert Profile.model_validate(answers).stage == "ir-resident"


@pytest.mark.parametrize(
    ("licensed", "targets", "suggested"),
    [([], [], 1), (["TX"], [], 1), (["TX"], ["TX", "OK", "NM"], 3), (["TX", "CA"], ["OK"], 3)],
)
def test_the_license_limit_suggests_the_states_already_named(
    kb: KnowledgeBase, licensed: list[str], targets: list[str], suggested: int
) -> None:
    """Someone who names three target states is not offered a limit of one."""
    ask = ScriptedAsk(resident_script(licensed_states=[licensed], target_states=[targets], max_licenses=[]))
    collect(kb.questions, {}, ask, answer_problems)
    assert ask.defaults["max_licenses"] == suggested


def test_each_prompt_says_how_far_along_it_is(kb: KnowledgeBase) -> None:
    prompts: list[str] = []
    script = ScriptedAsk(resident_script())

    def ask(question: Question, default: Any) -> Any:
        prompts.append(question.prompt)
        return script(question, default)

    collect(kb.questions, {}, ask, answer_problems)
    asked = prompts[:-1]  # the review screen is not numbered
    count = len(kb.questions) - 1  # an IR resident is not asked about board certification
    assert asked[0] == f"Question 1 of about {len(kb.questions)}: {kb.questions[0].prompt}"
    assert [prompt.split(":", 1)[0] for prompt in asked] == counted(count, len(kb.questions))
    assert not prompts[-1].startswith("Question")


def test_answers_given_by_flags_are_not_counted_among_the_questions(kb: KnowledgeBase) -> None:
    given = {key: PROFILES["ir-resident-keeping-procedures"][key] for key in ("stage", "home_state", "procedures")}
    prompts: list[str] = []
    script = ScriptedAsk(resident_script())

    def ask(question: Question, default: Any) -> Any:
        prompts.append(question.prompt)
        return script(question, default)

    collect(kb.questions, given, ask, answer_problems)
    count = len(kb.questions) - 1 - len(given)  # given an IR resident's stage: board certification is moot
    assert [prompt.split(":", 1)[0] for prompt in prompts[:-1]] == counted(count, count)


def test_a_resumed_draft_goes_on_counting_where_it_stopped(kb: KnowledgeBase) -> None:
    """The draft's answers were asked in the session that was left: the next question is the fourth, not the first."""
    kept = {"stage": "ir-resident", "home_state": "TX", "licensed_states": []}  # the first three questions
    prompts: list[str] = []
    script = ScriptedAsk(resident_script())

    def ask(question: Question, default: Any) -> Any:
        prompts.append(question.prompt)
        return script(question, default)

    collect(kb.questions, kept, ask, answer_problems, resumed=frozenset(kept))
    total = len(kb.questions) - 1  # an IR resident is not asked about board certification
    assert [prompt.split(":", 1)[0] for prompt in prompts[:-1]] == counted(total, total)[len(kept) :]


def counted(asked: int, total: int) -> list[str]:
    """The counter as it should read: a total of the questions that may apply, never jumping."""
    return [f"Question {n} of about {total}" for n in range(1, asked + 1)]


def test_the_counter_does_not_jump_when_an_answer_skips_questions(kb: KnowledgeBase) -> None:
    """A medical student skips three questions the suggested IR resident would be asked: the total stays."""
    prompts: list[str] = []
    script = ScriptedAsk({"stage": ["medical-student"], REVIEW_KEY: [CONTINUE]})

    def ask(question: Question, default: Any) -> Any:
        prompts.append(question.prompt.split(":", 1)[0])
        return script(question, default)

    collect(kb.questions, {}, ask, answer_problems)
    totals = {prompt.rsplit(" ", 1)[1] for prompt in prompts[:-1]}
    assert totals == {str(len(kb.questions))}
    assert len(prompts[:-1]) < len(kb.questions) - 2


def test_medical_students_skip_questions_that_do_not_apply(kb: KnowledgeBase) -> None:
    ask = ScriptedAsk({"stage": ["medical-student"], REVIEW_KEY: [CONTINUE]})
    answers = collect(kb.questions, {}, ask, answer_problems)
    assert "diagnostic_reading" not in ask.asked
    assert "licensed_states" not in ask.asked
    assert "diagnostic_reading" not in answers


def test_review_changes_one_answer_and_asks_what_the_change_opens(kb: KnowledgeBase) -> None:
    ask = ScriptedAsk(
        {
            "stage": ["medical-student", "ir-fellow"],
            "diagnostic_reading": ["strong"],
            "board_certified": [False],  # asked with no default
            REVIEW_KEY: ["stage", CONTINUE],
        }
    )
    answers = collect(kb.questions, {}, ask, answer_problems)
    assert answers["stage"] == "ir-fellow"
    assert answers["diagnostic_reading"] == "strong"
    assert ask.asked.count("stage") == 2
    assert ask.defaults["stage"] == "medical-student"  # the change starts from the current answer
    assert ask.asked[-1] == REVIEW_KEY


def test_given_answers_are_not_asked_again(kb: KnowledgeBase) -> None:
    given = {"stage": "established", "telehealth_share": "primary"}
    ask = ScriptedAsk({"board_certified": [True], REVIEW_KEY: [CONTINUE]})
    answers = collect(kb.questions, given, ask, answer_problems)
    assert "stage" not in ask.asked
    assert "telehealth_share" not in ask.asked
    assert answers["stage"] == "established"


def test_review_lists_the_answers_as_the_user_saw_them(kb: KnowledgeBase) -> None:
    seen: list[Question] = []

    def ask(question: Question, default: Any) -> Any:
        if question.key == REVIEW_KEY:
            seen.append(question)
            return CONTINUE
        return ScriptedAsk(resident_script())(question, default)

    collect(kb.questions, {}, ask, answer_problems)
    labels = [choice.label for choice in seen[0].choices]
    assert labels[0] == "Continue: build my plan"
    assert "Stage: IR resident (integrated or independent)" in labels


def question(kb: KnowledgeBase, key: str) -> Question:
    return next(q for q in kb.questions if q.key == key)


@pytest.mark.parametrize(
    ("key", "raw", "value"),
    [
        ("licensed_states", "tx, california", ["TX", "CA"]),
        ("licensed_states", "", []),
        ("home_state", "new york", "NY"),
        ("home_state", "  ", None),
        ("max_licenses", " 4 ", 4),
        ("priorities", ["income"], ["income"]),
    ],
)
def test_interpret_turns_typed_text_into_answers(kb: KnowledgeBase, key: str, raw: Any, value: Any) -> None:
    assert interpret(question(kb, key), raw) == value


@pytest.mark.parametrize(
    ("key", "raw", "message"),
    [
        ("max_licenses", "0", "enter a whole number, 1 or more"),
        ("max_licenses", "two", "enter a whole number, 1 or more"),
        ("home_state", "TX, CA", "give one state only"),
        ("licensed_states", "TX, Texs", "unknown US state or territory 'Texs'; did you mean Texas?"),
        ("schedule", [], "pick at least 1"),
        ("priorities", ["income", "teaching", "access", "stability"], "pick at most 3"),
    ],
)
def test_bad_answers_are_refused_with_a_reason(kb: KnowledgeBase, key: str, raw: Any, message: str) -> None:
    with pytest.raises(IrteleError) as caught:
        interpret(question(kb, key), raw)
    assert caught.value.message == message


def test_offer_file_never_overwrites_without_a_yes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plan.md").write_text("mine", encoding="utf-8")
    ask = ScriptedAsk({"save-the plan": [True], "the plan-file": ["plan.md", "plan-2.md"], "overwrite": [False]})
    assert offer_file(ask, "the plan", "why", "plan.md", file_name_problem) == "plan-2.md"
    assert ask.asked == ["save-the plan", "the plan-file", "overwrite", "the plan-file"]
    declined = ScriptedAsk({"save-the plan": [False]})
    assert offer_file(declined, "the plan", "why", "plan.md", file_name_problem) is None


def test_after_keeping_an_existing_file_a_blank_name_skips_saving(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Declining to overwrite must not trap the user: Ctrl-C would cancel the other export too."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plan.md").write_text("mine", encoding="utf-8")
    defaults: list[Any] = []

    def ask(question: Question, default: Any) -> Any:
        if question.key == "overwrite":
            return False
        if question.kind == "confirm":
            return True
        assert question.optional
        defaults.append(default)
        return interpret(question, "plan.md" if len(defaults) == 1 else "  ")

    assert offer_file(ask, "the plan", "why", "plan.md", file_name_problem) is None
    assert defaults == ["plan.md", ""]
    assert (tmp_path / "plan.md").read_text(encoding="utf-8") == "mine"


def test_a_file_name_that_cannot_be_used_is_asked_again_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    seen: list[str] = []
    names = iter(["answers.txt", "nowhere/answers.yaml", "answers.yaml"])

    def ask(question: Question, default: Any) -> Any:
        if question.kind == "confirm":
            return True
        seen.append(question.help)
        return next(names)

    assert offer_file(ask, "your answers", "why", "irtele-answers.yaml", data_file_name_problem) == "answers.yaml"
    assert seen == [
        "Relative to the current directory. An empty name skips saving.",
        "Cannot use that: the file must end in .yaml, .yml, .toml, .json.",
        "Cannot use that: there is no directory nowhere; give another name.",
    ]


# --- the real questionary prompts, fed through a prompt_toolkit pipe ----------------------------

DOWN, ENTER, SPACE = "\x1b[B", "\r", " "


@pytest.fixture
def pipe() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe_input, create_app_session(input=pipe_input, output=DummyOutput()):
        yield pipe_input


def test_select_through_pipe_input(kb: KnowledgeBase, pipe: PipeInput) -> None:
    pipe.send_text(DOWN + ENTER)
    assert questionary_ask(question(kb, "stage"), "ir-resident") == "ir-fellow"


def test_checkbox_through_pipe_input(kb: KnowledgeBase, pipe: PipeInput) -> None:
    pipe.send_text(DOWN + SPACE + DOWN + SPACE + ENTER)
    assert questionary_ask(question(kb, "schedule"), ["weekday-daytime"]) == [
        "weekday-daytime",
        "evenings-weekends",
        "overnight",
    ]


def test_state_text_through_pipe_input_reasks_after_a_bad_state(kb: KnowledgeBase, pipe: PipeInput) -> None:
    pipe.send_text("tx, Texs" + ENTER + "\x7f" * 4 + "ok" + ENTER)
    assert questionary_ask(question(kb, "target_states"), []) == ["TX", "OK"]


def test_number_default_through_pipe_input(kb: KnowledgeBase, pipe: PipeInput) -> None:
    pipe.send_text(ENTER)
    assert questionary_ask(question(kb, "max_licenses"), 1) == 1


def test_ctrl_c_in_a_prompt_raises_keyboard_interrupt(kb: KnowledgeBase, pipe: PipeInput) -> None:
    pipe.send_text("\x03")
    with pytest.raises(KeyboardInterrupt):
        questionary_ask(question(kb, "stage"), "ir-resident")


def test_a_limit_below_the_licenses_held_is_asked_again_not_fatal(kb: KnowledgeBase) -> None:
    seen: list[str] = []
    script = ScriptedAsk(resident_script(licensed_states=[["TX", "CA", "NY"]], max_licenses=[1, 3]))

    def ask(question: Question, default: Any) -> Any:
        if question.key == "max_licenses":
            seen.append(question.help)
        return script(question, default)

    answers = collect(kb.questions, {}, ask, answer_problems)
    assert answers["max_licenses"] == 3
    assert (
        seen[-1]
        == "Cannot use that: 1 is below the 3 licenses you already hold (TX, CA, NY); raise it or leave it out."
    )
    assert Profile.model_validate(answers).max_licenses == 3
