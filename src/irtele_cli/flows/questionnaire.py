"""The plan's questionnaire: every question goes through one injectable ``ask``; questionary is only here.

The offer questionnaire (flows/offer.py) asks through the same ``ask``.
"""

from __future__ import annotations

import math
import shutil
import textwrap
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

from irtele_cli.errors import IrteleError
from irtele_cli.schema.knowledge import Choice, Question
from irtele_cli.schema.states import STATES, normalize_state

if TYPE_CHECKING:
    from prompt_toolkit.completion import Completer

Ask = Callable[[Question, Any], Any]
"""Ask one question with a default and return the answer, already in its answers-file form."""

REVIEW_KEY = "review"
CONTINUE = "continue"
TRY = "try-a-change"


def interpret(question: Question, raw: Any) -> Any:
    """Turn what was typed or picked into the answer's value; a bad answer raises with what is allowed."""
    if question.kind in ("state", "states"):
        parts = [part.strip() for part in str(raw or "").split(",") if part.strip()]
        codes = list(dict.fromkeys(normalize_state(part) for part in parts))
        if question.kind == "state":
            if len(codes) > 1:
                raise IrteleError("give one state only")
            return codes[0] if codes else None
        return codes
    if question.kind == "number":
        text = str(raw).strip()
        if not (text.isascii() and text.isdecimal()) or int(text) < 1:
            raise IrteleError("enter a whole number, 1 or more")
        return int(text)
    if question.kind == "amount":
        return _amount(question, raw)
    if question.kind == "text":
        text = "" if raw is None else str(raw).strip()  # a default of 0 is an answer, not a blank
        if not text and not question.optional:
            raise IrteleError("this cannot be blank")
        return text or None
    if question.kind == "confirm":
        if not isinstance(raw, bool):
            raise IrteleError("type y or n")
        return raw
    if question.kind == "checkbox":
        chosen = list(raw or [])
        if len(chosen) < question.min_choices:
            raise IrteleError(f"pick at least {question.min_choices}")
        if question.max_choices is not None and len(chosen) > question.max_choices:
            raise IrteleError(f"pick at most {question.max_choices}")
        return chosen
    return raw


def _amount(question: Question, raw: Any) -> float | None:
    """A non-negative amount; '$1,500' is 1500; blank is allowed only for optional questions."""
    text = str(raw if raw is not None else "").strip().replace(",", "").removeprefix("$")
    if not text and question.optional:
        return None
    try:
        value = float(text)
    except ValueError:
        raise IrteleError("enter an amount, e.g. 1500 or 1,500") from None
    if not math.isfinite(value):
        raise IrteleError("enter an ordinary amount, e.g. 1500")
    if value < 0:
        raise IrteleError("enter an amount of 0 or more")
    return int(value) if value.is_integer() else value


Problems = Callable[[dict[str, Any]], dict[str, str]]
"""Problems with a set of answers, by key (e.g. a license limit below the licenses held)."""

Warnings = Callable[[dict[str, Any]], list[str]]
"""Answers that can be used but may not be what was meant, said on the review screen."""


class Leaving(KeyboardInterrupt):
    """Ctrl-C during the questionnaire, carrying the answers given so far so they can be kept."""

    def __init__(self, answers: dict[str, Any]) -> None:
        super().__init__()
        self.answers = answers


def collect(
    questions: list[Question],
    given: dict[str, Any],
    ask: Ask,
    problems: Problems,
    trials: dict[str, Any] | None = None,
    warnings: Warnings | None = None,
    resumed: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """Ask what the given answers leave open, then let the user review and change any answer.

    Answers that only fail together (a limit below the licenses held) are asked again with the reason,
    so a session never ends in an error after every question was answered. With ``trials`` the review
    also offers 'Try a change': an answer to try without changing it, which the plan then compares.
    Ctrl-C raises ``Leaving`` with the answers so far. The ``resumed`` answers (a kept draft) were asked
    in an earlier session: they count in 'Question N of about M', which goes on where it stopped.
    """
    answers = dict(given)
    try:
        _ask_open(questions, answers, ask, skip=set(given), counted=resumed)
        _ask_again(questions, answers, ask, problems)
        while True:
            review = _review_question(questions, answers, trials is not None, warnings)
            choice = ask(review, CONTINUE)
            if choice == CONTINUE:
                return answers
            if choice == TRY and trials is not None:
                _try_a_change(questions, answers, ask, trials)
                continue
            question = next(q for q in questions if q.key == choice)
            answers[question.key] = ask(question.worded_for(answers), answers.get(question.key, question.default))
            _ask_open(questions, answers, ask, skip=set(answers))
            _ask_again(questions, answers, ask, problems)
    except KeyboardInterrupt:
        raise Leaving(answers) from None


def _ask_again(questions: list[Question], answers: dict[str, Any], ask: Ask, problems: Problems) -> None:
    while found := {key: text for key, text in problems(answers).items() if key in answers}:
        for question in questions:
            if question.key in found:
                shown = question.model_copy(update={"help": f"Cannot use that: {found[question.key]}."})
                answers[question.key] = ask(shown, answers[question.key])


def _ask_open(
    questions: list[Question], answers: dict[str, Any], ask: Ask, skip: set[str], counted: frozenset[str] = frozenset()
) -> None:
    """Ask, in order, each question that applies and is not answered; drop answers that no longer apply.

    Each prompt says where it stands, 'Question 3 of about 14': the total counts every question that
    may still apply, so it never jumps when an answer makes later questions moot; the ``counted``
    answers were asked before (a resumed draft), so they count as asked.
    """
    applying = [q.key for q in questions if q.applies(answers) and (q.key not in skip or q.key in counted)]
    total = len(applying)
    asked = sum(1 for key in applying if key in skip)
    for question in questions:
        if not question.applies(answers):
            answers.pop(question.key, None)
        elif question.key not in skip:
            asked += 1
            worded = question.worded_for(answers)
            numbered = worded.model_copy(update={"prompt": f"Question {asked} of about {total}: {worded.prompt}"})
            answers[question.key] = ask(numbered, answers.get(question.key, question.default_for(answers)))


def _review_question(
    questions: list[Question], answers: dict[str, Any], trying: bool, warnings: Warnings | None
) -> Question:
    said = warnings(answers) if warnings else []
    shown = [
        Choice(value=question.key, label=f"{question.short}: {question.label_of(answers.get(question.key))}")
        for question in questions
        if question.applies(answers)
    ]
    extra = [Choice(value=TRY, label="Try a change: see what another answer would do, keeping yours")] if trying else []
    return Question(
        key=REVIEW_KEY,
        kind="select",
        prompt="Review your answers: pick one to change, or continue",
        help=" ".join(["'Continue' builds your plan.", *(f"Note: {text}" for text in said)]),
        choices=[Choice(value=CONTINUE, label="Continue: build my plan"), *extra, *shown],
    )


def _try_a_change(questions: list[Question], answers: dict[str, Any], ask: Ask, trials: dict[str, Any]) -> None:
    """Ask which answer to try another value for, and that value; the answer itself stays as it is."""
    applying = [question for question in questions if question.applies(answers)]
    which = Question(
        key=TRY,
        kind="select",
        prompt="Which answer do you want to try another value for?",
        help="Your answer stays; the plan shows what this change would do.",
        choices=[Choice(value=question.key, label=question.short) for question in applying],
    )
    key = ask(which, applying[0].key)
    question = next(q for q in applying if q.key == key)
    trials[key] = ask(question.worded_for(answers), trials.get(key, answers.get(key, question.default)))


YES, NO = ("y", "yes"), ("n", "no")


def questionary_ask(question: Question, default: Any) -> Any:
    """Ask one question in the terminal with questionary; Ctrl-C raises KeyboardInterrupt.

    A refused answer is asked again with the reason in the help line, beside the input, rather than
    in questionary's toolbar on the terminal's bottom row.
    """
    while True:
        raw = _questionary_once(question, default)
        try:
            value = interpret(question, raw)
        except IrteleError as error:
            question = question.model_copy(update={"help": f"Cannot use that: {error.message}."})
            default = default if question.kind == "confirm" else raw  # what was typed, to correct it
            continue
        if question.kind == "checkbox" and len(value) > 1:  # questionary itself only says 'done (2 selections)'
            print(f"  Chose: {question.label_of(value)}", flush=True)
        return value


def _questionary_once(question: Question, default: Any) -> Any:
    import questionary

    message = _wrapped(question.prompt, indent="")  # questionary puts '? ' before it
    instruction = f"\n{_wrapped(' '.join(filter(None, [question.help, question.keys])))}\n "
    if question.kind == "confirm" and default is None:  # no default: Enter by habit must not answer
        typed = questionary.text(message, instruction=f"(y/n){instruction}").unsafe_ask()
        return _yes_or_no(typed)
    if question.kind == "confirm":  # our help replaces questionary's own (Y/n) hint, so keep it
        instruction = f"({'Y/n' if default else 'y/N'}){instruction}"
        return questionary.confirm(message, default=bool(default), instruction=instruction).unsafe_ask()
    if question.kind == "select":
        room = shutil.get_terminal_size().columns - 6
        choices = [questionary.Choice(title=_ellipsis(c.label, room), value=c.value) for c in question.choices]
        known = {c.value for c in question.choices}
        return questionary.select(
            message, choices=choices, default=default if default in known else None, instruction=instruction
        ).unsafe_ask()
    if question.kind == "checkbox":
        chosen = set(default or [])
        boxes = [questionary.Choice(title=c.label, value=c.value, checked=c.value in chosen) for c in question.choices]
        return questionary.checkbox(message, choices=boxes, instruction=instruction).unsafe_ask()
    text = ", ".join(default) if isinstance(default, list) else ("" if default is None else str(default))
    return questionary.text(
        message,
        default=text,
        instruction=instruction,
        completer=_state_completer() if question.kind in ("state", "states") else None,
        complete_while_typing=True,
    ).unsafe_ask()


def _yes_or_no(typed: Any) -> bool | str:
    """'y' or 'n' in any case, else the text as typed, which ``interpret`` refuses."""
    word = str(typed or "").strip().lower()
    return True if word in YES else False if word in NO else word


def _ellipsis(text: str, room: int) -> str:
    """A line that fits ``room`` columns, ending in '…' when it had to be cut."""
    return text if len(text) <= max(room, 20) else text[: max(room, 20) - 1].rstrip() + "…"


def plain_ask(question: Question, default: Any, read: Callable[[str], str] = input) -> Any:
    """Ask one question as plain lines, for screen readers and braille displays: no redraws, no cursor moves.

    The question, its help, then numbered choices; the user types a number (numbers, comma-separated,
    for several) or the value; the answer is echoed as a sentence; a refused answer says why and asks again.
    """
    print(f"\n{question.prompt}\n{question.help}", flush=True)
    for index, choice in enumerate(question.choices, start=1):
        print(f"{index}. {choice.label}")
    print(_how_to_answer(question, default), flush=True)
    while True:
        typed = read("> ").strip()
        try:
            value = interpret(question, _plain_value(question, typed, default))
        except IrteleError as error:
            print(f"Cannot use that: {error.message.rstrip('.?')}. Try again.", flush=True)
            continue
        print(f"Chose: {_spoken(question, value)}", flush=True)
        return value


def _how_to_answer(question: Question, default: Any) -> str:
    if question.kind == "select":
        how = "Type the number of your choice."
    elif question.kind == "checkbox":
        how = "Type the numbers of your choices, separated by commas."
    elif question.kind == "confirm":
        how = "Type y for yes or n for no."
    else:
        how = "Type your answer."
    if default is None or (default == [] and question.kind != "checkbox"):
        return how
    return f"{how} Press Enter for: {_default_words(question, default)}."


def _default_words(question: Question, default: Any) -> str:
    values = {choice.value: number for number, choice in enumerate(question.choices, start=1)}
    if question.kind in ("select", "checkbox") and values:
        picked = default if isinstance(default, list) else [default]
        numbers = [str(values[value]) for value in picked if value in values]
        return f"{', '.join(numbers)} ({question.label_of(default)})" if numbers else "none"
    return _spoken(question, default)


def _plain_value(question: Question, typed: str, default: Any) -> Any:
    """What was typed, as questionary would have returned it: a number picks a choice."""
    if not typed:
        if question.kind == "confirm" and default is None:
            raise IrteleError("type y or n")
        return default
    if question.kind == "confirm":
        return _yes_or_no(typed)
    if question.kind not in ("select", "checkbox"):
        return typed
    picked = [_choice_value(question, part.strip()) for part in typed.split(",") if part.strip()]
    if question.kind == "select":
        if len(picked) != 1:
            raise IrteleError("pick one choice")
        return picked[0]
    return list(dict.fromkeys(picked))


def _choice_value(question: Question, typed: str) -> str:
    values = [choice.value for choice in question.choices]
    if typed.isdecimal() and 1 <= int(typed) <= len(values):
        return values[int(typed) - 1]
    for choice in question.choices:
        if typed.lower() in (choice.value.lower(), choice.label.lower()):
            return choice.value
    raise IrteleError(f"'{typed}' is not one of the choices; type a number from 1 to {len(values)}")


def _spoken(question: Question, value: Any) -> str:
    if question.kind in ("state", "states", "text") and value in (None, []):
        return "none"
    return question.label_of(value)


def _wrapped(text: str, indent: str = "  ") -> str:
    """Text folded to the terminal: prompt_toolkit cuts a long line off at the edge instead of wrapping."""
    width = max(40, shutil.get_terminal_size().columns - 4)
    return textwrap.fill(text, width=width, initial_indent=indent, subsequent_indent="  ")


def _state_completer() -> Completer:
    """Completes the state being typed after the last comma, by code or by name."""
    from prompt_toolkit.completion import Completer, Completion
    from prompt_toolkit.document import Document

    class StateCompleter(Completer):
        def get_completions(self, document: Document, complete_event: object) -> Iterable[Completion]:
            typed = document.text_before_cursor.split(",")[-1].lstrip()
            if not typed:
                return
            for code, name in STATES.items():
                if code.lower().startswith(typed.lower()) or name.lower().startswith(typed.lower()):
                    yield Completion(code, start_position=-len(typed), display=f"{code}  {name}")

    return StateCompleter()


def offer_file(ask: Ask, what: str, why: str, suggested: str, problem: Callable[[str], str | None]) -> str | None:
    """Offer to write a file: None when declined or left blank, else a usable name (see ``choose_path``)."""
    if not ask(Question(key=f"save-{what}", kind="confirm", prompt=f"Save {what} to a file?", help=why), True):
        return None
    return choose_path(ask, what, suggested, problem, skippable=True)


@overload
def choose_path(
    ask: Ask, what: str, suggested: str, problem: Callable[[str], str | None], *, skippable: Literal[False] = False
) -> str: ...
@overload
def choose_path(
    ask: Ask, what: str, suggested: str, problem: Callable[[str], str | None], *, skippable: Literal[True]
) -> str | None: ...
def choose_path(
    ask: Ask, what: str, suggested: str, problem: Callable[[str], str | None], *, skippable: bool = False
) -> str | None:
    """Ask for a file name until it can be written and is new, or the user confirms overwriting it.

    When saving is optional (``skippable``), a blank name skips it: someone who declines to overwrite
    the suggested file must be able to walk away without Ctrl-C, which would cancel everything.
    """
    usual = "Relative to the current directory." + (" An empty name skips saving." if skippable else "")
    help_text = usual
    while True:
        name = Question(
            key=f"{what}-file", kind="text", prompt=f"File name for {what}", help=help_text, optional=skippable
        )
        path = str(ask(name, suggested) or "").strip()
        if not path and skippable:
            return None
        reason = problem(path) if path else "give a file name"
        if reason:
            help_text = f"Cannot use that: {reason}."
            continue
        if not Path(path).exists():
            return path
        overwrite = Question(
            key="overwrite", kind="confirm", prompt=f"{path} exists. Overwrite it?", help="No keeps the file as it is."
        )
        if ask(overwrite, False):
            return path
        help_text = usual
        suggested = "" if skippable else suggested
