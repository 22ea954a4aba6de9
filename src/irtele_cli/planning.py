"""Running ``irtele plan``: gather answers (file, flags, questions), then the same steps for every path."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from irtele_cli.errors import DocumentError, IrteleError
from irtele_cli.knowledge import KnowledgeBase
from irtele_cli.output import refuse_overwrite, write_atomically
from irtele_cli.plan import Plan, make_plan
from irtele_cli.profile import (
    ANSWER_SUFFIXES,
    Profile,
    answer_origins,
    answer_problems,
    build_profile,
    check_answers,
    dump_answers,
    read_answers,
    required_keys,
)
from irtele_cli.questionnaire import Ask, collect, offer_file

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
    top: int = 3
    output: Path | None = None
    save_answers: Path | None = None
    force: bool = False


def gather_profile(kb: KnowledgeBase, request: PlanRequest, ask: Ask | None) -> tuple[Profile, bool]:
    """The Profile from file and flags (flags win), asking what is open when ``ask`` is given.

    Returns the profile and whether any question was asked.
    """
    for target in (request.output, request.save_answers):
        if target is not None:
            refuse_overwrite(target, request.force)
    if request.output is not None and request.output == request.save_answers:
        raise IrteleError("--output and --save-answers name the same file; give two different names")
    if request.save_answers is not None and request.save_answers.suffix.lower() not in ANSWER_SUFFIXES:
        raise IrteleError(f"--save-answers: {request.save_answers} must end in {', '.join(ANSWER_SUFFIXES)}")
    from_file = read_answers(request.answers_file) if request.answers_file else {}
    answers = {**from_file, **request.flags}
    origins = answer_origins(request.answers_file, from_file, request.flags)

    problems = check_answers(answers, origins)
    if problems:
        raise DocumentError(problems)
    if answers and not required_keys(answers):
        return build_profile(answers, origins), False
    if ask is None:
        if not answers:
            raise IrteleError(NOT_A_TERMINAL)
        return build_profile(answers, origins), False
    return build_profile(collect(kb.questions, answers, ask, answer_problems), origins), True


def write_requested(plan: Plan, request: PlanRequest) -> list[Path]:
    """Write the files asked for by --save-answers and --output; returns what was written."""
    written = []
    if request.save_answers is not None:
        write_atomically(
            request.save_answers,
            dump_answers(plan.profile, request.save_answers.suffix.lower()),
            request.force,
        )
        written.append(request.save_answers)
    if request.output is not None:
        from irtele_cli.render.markdown import plan_markdown  # only when writing: it is not needed otherwise

        write_atomically(request.output, plan_markdown(plan), request.force)
        written.append(request.output)
    return written


def offer_exports(plan: Plan, request: PlanRequest, ask: Ask) -> list[Path]:
    """After an interactive run, offer the files the flags did not ask for, then write them together.

    Every name is asked for before anything is written, so Ctrl-C during the questions writes nothing.
    """
    from irtele_cli.render.markdown import plan_markdown

    files: list[tuple[Path, str]] = []
    if request.save_answers is None:
        name = offer_file(
            ask, "your answers", "Rerun later with --answers FILE.", SUGGESTED_ANSWERS, data_file_name_problem
        )
        if name:
            files.append((Path(name), dump_answers(plan.profile, Path(name).suffix.lower())))
    if request.output is None:
        name = offer_file(ask, "the plan", "A Markdown file to keep and share.", SUGGESTED_PLAN, file_name_problem)
        if name:
            files.append((Path(name), plan_markdown(plan)))
    for path, text in files:
        write_atomically(path, text, force=True)  # overwriting was confirmed when the name was given
    return [path for path, _ in files]


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
    if Path(name).suffix.lower() not in ANSWER_SUFFIXES:
        return f"the file must end in {', '.join(ANSWER_SUFFIXES)}"
    return file_name_problem(name)


def run_plan(kb: KnowledgeBase, request: PlanRequest, ask: Ask | None) -> tuple[Plan, bool, list[Path]]:
    """Gather the profile, build the plan, and write the files the flags asked for."""
    profile, asked = gather_profile(kb, request, ask)
    plan = make_plan(kb, profile, top=request.top)
    return plan, asked, write_requested(plan, request)
