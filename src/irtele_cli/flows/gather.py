"""Gathering ``irtele plan``'s answers (file, flags, questions) and the files it is asked to write."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from irtele_cli.errors import DocumentError, IrteleError, did_you_mean
from irtele_cli.flows.files import FileRequest, Kind, refuse_overwrite
from irtele_cli.flows.questionnaire import Ask, collect, offer_file
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
from irtele_cli.schema.knowledge import Question

NOT_A_TERMINAL = (
    "no answers given, and no questions can be asked here (not an interactive terminal, or --no-input); "
    "give an answers file (--answers FILE) or flags (--stage, --telehealth-share, ...), "
    "or run 'irtele plan' in a terminal"
)
SUGGESTED_ANSWERS = "irtele-answers.yaml"
SUGGESTED_PLAN = "irtele-plan.md"


@dataclass(frozen=True)
class PlanRequest:
    """What the user asked of ``irtele plan``, already parsed."""

    answers_file: Path | None = None
    flags: dict[str, Any] = field(default_factory=dict)
    kept_answers: dict[str, Any] = field(default_factory=dict)  # a kept plan's front matter, under the file and flags
    kept_file: Path | None = None
    top: int = 3
    output: Path | None = None
    save_answers: Path | None = None
    force: bool = False

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
    questions: list[Question], request: PlanRequest, ask: Ask | None, trials: dict[str, Any] | None = None
) -> tuple[Profile, bool]:
    """The Profile from file and flags (flags win), asking what is open when ``ask`` is given.

    Returns the profile and whether any question was asked; changes to try go into ``trials``.
    """
    check_files(request)
    from_file = read_answers(request.answers_file) if request.answers_file else {}
    answers = {**request.kept_answers, **from_file, **request.flags}
    origins = dict.fromkeys(request.kept_answers, f"{request.kept_file} (front matter)")
    origins |= answer_origins(request.answers_file, from_file, request.flags)

    problems = check_answers(answers, origins)
    if problems:
        raise DocumentError(problems)
    if answers and not required_keys(answers):
        return build_profile(answers, origins), False
    if ask is None:
        if not answers:
            raise IrteleError(NOT_A_TERMINAL)
        return build_profile(answers, origins), False
    return build_profile(collect(questions, answers, ask, answer_problems, trials), origins), True


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
