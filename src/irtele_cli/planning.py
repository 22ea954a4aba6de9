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
    build_profile,
    check_answers,
    dump_answers,
    read_answers,
    required_keys,
)
from irtele_cli.questionnaire import Ask, collect, offer_file

NOT_A_TERMINAL = (
    "no answers given, and this is not an interactive terminal to ask them in; "
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
    return build_profile(collect(kb.questions, answers, ask), origins), True


def write_requested(plan: Plan, request: PlanRequest) -> list[Path]:
    """Write the files asked for by --save-answers and --output; returns what was written."""
    from irtele_cli.render.markdown import plan_markdown

    written = []
    if request.save_answers is not None:
        write_atomically(
            request.save_answers,
            dump_answers(plan.profile, request.save_answers.suffix.lower()),
            request.force,
        )
        written.append(request.save_answers)
    if request.output is not None:
        write_atomically(request.output, plan_markdown(plan), request.force)
        written.append(request.output)
    return written


def offer_exports(plan: Plan, request: PlanRequest, ask: Ask) -> list[Path]:
    """After an interactive run, offer the files the flags did not ask for; overwriting needs a yes."""
    from irtele_cli.render.markdown import plan_markdown

    written = []
    if request.save_answers is None:
        name = offer_file(ask, "your answers", "Rerun later with --answers FILE.", SUGGESTED_ANSWERS, _exists)
        if name:
            path = Path(name)
            write_atomically(path, dump_answers(plan.profile, path.suffix.lower()), force=True)
            written.append(path)
    if request.output is None:
        name = offer_file(ask, "the plan", "A Markdown file to keep and share.", SUGGESTED_PLAN, _exists)
        if name:
            write_atomically(Path(name), plan_markdown(plan), force=True)
            written.append(Path(name))
    return written


def _exists(name: str) -> bool:
    return Path(name).exists()


def run_plan(kb: KnowledgeBase, request: PlanRequest, ask: Ask | None) -> tuple[Plan, bool, list[Path]]:
    """Gather the profile, build the plan, and write the files the flags asked for."""
    profile, asked = gather_profile(kb, request, ask)
    plan = make_plan(kb, profile, top=request.top)
    return plan, asked, write_requested(plan, request)
