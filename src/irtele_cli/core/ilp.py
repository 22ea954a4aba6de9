"""An individual learning plan (ILP): one page in the fields programs use, built from a plan."""

import datetime as dt
from typing import Literal

from irtele_cli.core.plan import Plan
from irtele_cli.core.view import View
from irtele_cli.schema.knowledge import KnowledgeBase

SCHEMA_VERSION: Literal[1] = 1
YEAR = ("now", "this-year")  # the 'when' of the goals for this training year


class Goal(View):
    id: str
    text: str
    when: str
    done: bool


class CareerGoal(View):
    role: str
    title: str
    score: int
    fit: str
    why: str


class Activity(View):
    kind: str
    id: str
    text: str


class IlpView(View):
    """What the ILP page shows; ``plan`` is the plan file it came from, when there is one."""

    schema_version: Literal[1] = SCHEMA_VERSION
    version: str
    generated: dt.date
    plan: str | None
    stage: str
    career_goals: list[CareerGoal]
    year_goals: list[Goal]
    activities: list[Activity]
    intro: str
    blank: str
    disclaimer: str


def ilp_view(
    kb: KnowledgeBase, plan: Plan, plan_file: str | None = None, done: list[Activity] | None = None
) -> IlpView:
    """The plan's top roles and why, its 'now' and 'this year' steps, and what was ticked (from a kept plan)."""
    done = done or []
    ticked = {item.id for item in done if item.kind == "prep"}
    by_id = {match.role: match for match in plan.matches}
    return IlpView(
        version=plan.version,
        generated=plan.generated,
        plan=plan_file,
        stage=kb.answer_labels.get("stage", {}).get(plan.profile.stage, plan.profile.stage),
        career_goals=[
            CareerGoal(role=m.role, title=m.title, score=m.score, fit=m.fit, why=m.top_reason_text)
            for m in (by_id[role] for role in plan.top)
        ],
        year_goals=[
            Goal(id=step.id, text=step.text, when=step.when_label, done=step.id in ticked)
            for step in plan.preparation
            if step.when in YEAR
        ],
        activities=done,
        intro=kb.messages.ilp_intro,
        blank=kb.messages.ilp_blank,
        disclaimer=plan.disclaimer,
    )
