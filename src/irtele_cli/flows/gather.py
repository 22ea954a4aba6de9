"""Gathering ``irtele plan``'s answers (file, flags, questions) and the files it is asked to write."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from irtele_cli.errors import Cancelled, DocumentError, IrteleError, did_you_mean
from irtele_cli.flows.files import FileRequest, Kind, refuse_overwrite
from irtele_cli.flows.questionnaire import Ask, Leaving, collect, offer_file
from irtele_cli.load.answers import (
    answer_origins,
    answer_problems,
    build_profile,
    check_answers,
    read_answers,
    required_keys,
)
from irtele_cli.load.documents import SUFFIXES
from irtele_cli.schema.answers import ANSWER_KEYS, QUESTION_KINDS, Profile
from irtele_cli.schema.base import fill
from irtele_cli.schema.knowledge import KnowledgeBase, Messages, Question
from irtele_cli.schema.vocabulary import TRAINEE_STAGES

NOT_A_TERMINAL = (
    "no answers given, and no questions can be asked here (not an interactive terminal, or --no-input); "
    "give an answers file (--answers FILE) or flags (--stage, --telehealth-share, ...), "
    "or run 'irtele plan' in a terminal"
)
SUGGESTED_ANSWERS = "irtele-answers.yaml"
NO_ANSWERS: Mapping[str, Any] = MappingProxyType({})
SUGGESTED_PLAN = "irtele-plan.md"


class PlanRequest(NamedTuple):  # not a dataclass: start-up makes a NamedTuple in a sixth of the time
    """What the user asked of ``irtele plan``, already parsed."""

    answers_file: Path | None = None
    flags: Mapping[str, Any] = NO_ANSWERS
    kept_answers: Mapping[str, Any] = NO_ANSWERS  # a kept plan's front matter, under the file and flags
    kept_file: Path | None = None
    top: int = 3
    output: Path | None = None
    save_answers: Path | None = None
    force: bool = False
    fresh: bool = False  # ignore and delete a kept draft

    @property
    def files(self) -> list[FileRequest]:
        """The files the flags ask for, answers first."""
        named: list[tuple[Kind, Path | None]] = [("answers", self.save_answers), ("markdown", self.output)]
        return [FileRequest(kind, path, self.force) for kind, path in named if path is not None]


def check_files(request: PlanRequest) -> None:
    """Refuse before any question is asked: an existing file without --force, one name twice, a bad suffix."""
    for target in request.files:
        refuse_overwrite(target.path, target.force)
    if request.output is not None and request.output == request.save_answers:
        raise IrteleError("--output and --save-answers name the same file; give two different names")
    if request.save_answers is not None and request.save_answers.suffix.lower() not in SUFFIXES:
        raise IrteleError(f"--save-answers: {request.save_answers} must end in {', '.join(SUFFIXES)}")


def gather_profile(
    kb: KnowledgeBase,
    request: PlanRequest,
    ask: Ask | None,
    trials: dict[str, Any] | None = None,
    note: Callable[[str], None] = lambda line: None,
) -> tuple[Profile, bool]:
    """The Profile from file and flags (flags win), asking what is open when ``ask`` is given.

    Returns the profile and whether any question was asked; changes to try go into ``trials``.
    A questionnaire without an answers file first offers to resume a kept draft; Ctrl-C during it
    offers to keep one (``KeptDraft``). ``note`` hears what is worth a line, such as a draft set aside.
    """
    check_files(request)
    questions = kb.questions
    from_file = read_answers(request.answers_file) if request.answers_file else {}
    if request.fresh:
        from irtele_cli.flows.draft import discard_draft

        discard_draft()
    resumed = _resumed(questions, ask, note) if request.answers_file is None and not request.fresh else {}
    answers = {**request.kept_answers, **from_file, **resumed, **request.flags}
    origins = dict.fromkeys(request.kept_answers, f"{request.kept_file} (front matter)")
    origins |= dict.fromkeys(resumed, "the kept draft")
    origins |= answer_origins(request.answers_file, from_file, request.flags)

    problems = check_answers(answers, origins)
    if problems:
        raise DocumentError(problems)
    if answers and not required_keys(answers) and not resumed:
        return build_profile(answers, origins), False
    if ask is None:
        if not answers:
            raise IrteleError(NOT_A_TERMINAL)
        return build_profile(answers, origins), False
    try:
        collected = collect(
            questions,
            answers,
            ask,
            answer_problems,
            trials,
            partial(review_warnings, kb.messages),
            resumed=frozenset(resumed.keys() - request.flags.keys()),
        )
    except Leaving as leaving:
        if any(answers.get(key) != value for key, value in leaving.answers.items()) and _keep(ask):
            from irtele_cli.flows.draft import save_draft

            raise KeptDraft(save_draft(questions, leaving.answers, dt.date.today())) from None
        raise KeyboardInterrupt from None
    return build_profile(collected, origins), True


class KeptDraft(Cancelled):
    """The questionnaire was left and its answers kept: not an error, but the end of this run (exit 130)."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"Your answers are kept in {path}. Run 'irtele plan' to resume, or 'irtele plan --fresh' to start afresh."
        )
        self.path = path


def _keep(ask: Ask) -> bool:
    """Ask once whether to keep the answers; a second Ctrl-C means no."""
    question = Question(
        key="keep-draft",
        kind="confirm",
        prompt="Keep your answers so far to resume later?",
        help="They stay on this computer, readable by you only, until your plan is built.",
    )
    try:
        return bool(ask(question, False))
    except (KeyboardInterrupt, EOFError):
        return False


def _resumed(questions: list[Question], ask: Ask | None, note: Callable[[str], None]) -> dict[str, Any]:
    """A kept draft's answers that still fit the questions, if the user wants them."""
    if ask is None:
        return {}
    from irtele_cli.flows.draft import CorruptDraft, read_draft  # only where a person can be asked

    try:
        draft = read_draft(questions)
    except CorruptDraft as corrupt:
        note(f"your kept answers could not be read back, so the questions start afresh; the file is set aside "
             f"as {corrupt.kept_as} ({corrupt.reason})")  # fmt: skip
        return {}
    if draft is None:
        return {}
    answers = dict(draft.answers)
    for key in answer_problems(answers):
        answers.pop(key, None)
    applying = [question for question in questions if question.applies(answers)]
    answered = sum(1 for question in applying if question.key in answers)
    if not answered:
        return {}
    question = Question(
        key="resume",
        kind="confirm",
        prompt=f"Resume your answers from {draft.saved.isoformat()} ({answered} of {len(applying)} answered)?",
        help="No starts again; the kept answers stay until a plan is built.",
    )
    return {key: answers[key] for key in answers if key in {q.key for q in applying}} if ask(question, True) else {}


def review_warnings(say: Messages, answers: dict[str, Any]) -> list[str]:
    """Answers that go together badly, said on the review screen before the plan is built."""
    warnings = []
    named = {*(answers.get("licensed_states") or []), *(answers.get("target_states") or [])}
    limit = answers.get("max_licenses")
    if isinstance(limit, int) and len(named) > limit:
        warnings.append(fill(say.review_over_limit, states=len(named), limit=limit))
    if answers.get("stage") in TRAINEE_STAGES and answers.get("telehealth_share") == "primary":
        warnings.append(say.review_trainee_share)
    return warnings


def offer_exports(request: PlanRequest, ask: Ask) -> list[FileRequest]:
    """After an interactive run, offer the files the flags did not ask for.

    Every name is asked for before anything is written, so Ctrl-C during the questions writes nothing;
    overwriting was confirmed when a name was given.
    """
    files: list[FileRequest] = []
    if request.save_answers is None:
        name = offer_file(
            ask, "your answers", "Rerun later with --answers FILE.", SUGGESTED_ANSWERS, data_file_name_problem
        )
        if name:
            files.append(FileRequest("answers", Path(name), force=True))
    if request.output is None:
        name = offer_file(ask, "the plan", "A Markdown file to keep and share.", SUGGESTED_PLAN, file_name_problem)
        if name:
            files.append(FileRequest("markdown", Path(name), force=True))
    return files


def file_name_problem(name: str) -> str | None:
    """Why a typed file name cannot be written, or None: the question is asked again with the reason."""
    path = Path(name)
    if path.is_dir():
        return f"{name} is a directory; give a file name"
    if not path.parent.is_dir():
        return f"there is no directory {path.parent}; give another name"
    return None


def data_file_name_problem(name: str) -> str | None:
    """Answers and offer files must be a format irtele reads back."""
    if Path(name).suffix.lower() not in SUFFIXES:
        return f"the file must end in {', '.join(SUFFIXES)}"
    return file_name_problem(name)


def parse_what_if(changes: list[str]) -> dict[str, Any]:
    """'--what-if key=value' as typed answers: a whole number, true or false, or text as in an answers file."""
    parsed: dict[str, Any] = {}
    for change in changes:
        key, equals, value = change.partition("=")
        key = key.strip()
        if not equals:
            raise IrteleError(f"--what-if: '{change}' is not KEY=VALUE, e.g. --what-if max_licenses=3")
        if key not in ANSWER_KEYS:
            raise IrteleError(f"--what-if: unknown answer key '{key}'{did_you_mean(key, ANSWER_KEYS)}")
        parsed[key] = _typed(key, value.strip())
    return parsed


def what_if_answers(profile: Profile, changes: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The answers with the changes applied, and where each came from, for validation."""
    answers = profile.model_dump(exclude_unset=True) | changes
    origins = dict.fromkeys(answers, "answers") | {key: f"--what-if {key}" for key in changes}
    return answers, origins


def _typed(key: str, value: str) -> Any:
    """A typed value as an answers file would hold it: a whole number, true or false, or text."""
    kind = QUESTION_KINDS[key]
    if kind == "number":
        if not (value.isascii() and value.isdecimal()):
            raise IrteleError(f"--what-if {key}: expected a whole number, got '{value}'")
        return int(value)
    if kind == "confirm":
        if value.lower() not in ("true", "false"):
            raise IrteleError(f"--what-if {key}: expected true or false, got '{value}'")
        return value.lower() == "true"
    return value
