"""A program's view across its trainees: stages, roles, hard limits, open preparation and progress, computed once."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from irtele_cli import __version__
from irtele_cli.core.plan import Plan, make_plan
from irtele_cli.core.progress import Progress
from irtele_cli.core.view import View
from irtele_cli.schema.answers import Profile
from irtele_cli.schema.base import fill
from irtele_cli.schema.knowledge import KnowledgeBase

SCHEMA_VERSION: Literal[1] = 1
"""The shape of the cohort report's JSON (and the CSV's columns); raised when a key changes meaning."""
TOP = 3  # "in their top three"
STALE_AFTER = dt.timedelta(days=365)
CSV_COLUMNS = (
    "id",
    "stage",
    "top_1",
    "top_1_score",
    "top_2",
    "top_3",
    "hard_limits",
    "progress_done",
    "progress_total",
    "plan_date",
    "version",
)


@dataclass(frozen=True)
class TraineeInput:
    """One trainee as read from a file: answers, and for a kept plan its progress (ticks) as well."""

    id: str
    file: str
    profile: Profile
    progress: Progress | None = None  # None for an answers file: nothing is ticked there


class TopRole(View):
    role: str
    title: str
    score: int
    fit: str


class Limit(View):
    """One hard limit holding a trainee back: the rule, its reason, the roles it closes, the change that opens them."""

    rule: str
    text: str
    roles: list[str]
    opens_with: list[str]  # the smallest changes that would open the first of those roles, in words


class TraineeRow(View):
    id: str
    file: str
    kind: Literal["plan", "answers"]
    stage: str
    stage_label: str
    top: list[TopRole]
    hard_limits: list[Limit]
    progress_done: int | None
    progress_total: int | None
    sections: list[dict[str, int | str]]  # {name, done, total}, as 'irtele progress' counts them
    plan_date: str | None
    version: str | None
    stale: bool  # the plan was written more than a year ago


class Count(View):
    key: str
    label: str
    count: int


class RoleCount(View):
    role: str
    title: str
    in_top: int  # trainees with it in their top three
    blocked: int  # trainees a hard limit holds back from it


class LimitCount(View):
    rule: str
    text: str
    count: int
    line: str  # "7 of 12 limited by: ..."
    opens_with: list[Count]  # changes that would lift it, with how many trainees each would open it for


class OpenItem(View):
    id: str
    text: str
    when: str
    count: int  # trainees for whom it is still open at their current 'when'


class Unreadable(View):
    file: str
    reason: str


class CohortView(View):
    """``{schema_version, generated, version, total, stages, roles, limits, open_items, trainees, unreadable}``."""

    schema_version: Literal[1] = SCHEMA_VERSION
    generated: dt.date
    version: str
    total: int
    stages: list[Count]
    roles: list[RoleCount]
    limits: list[LimitCount]
    no_limits: str | None
    open_items: list[OpenItem]
    trainees: list[TraineeRow]
    unreadable: list[Unreadable]
    unreadable_note: str
    stale_note: str
    none_note: str | None
    disclaimer: str

    @property
    def counted(self) -> str:
        """The report's size in words for every layout: '1 trainee', '12 trainees'."""
        return f"{self.total} trainee{'' if self.total == 1 else 's'}"


def cohort_view(
    kb: KnowledgeBase, trainees: list[TraineeInput], unreadable: list[Unreadable], today: dt.date | None = None
) -> CohortView:
    """Build each trainee's plan (the same ranking and recourse as ``irtele plan``) and count across them."""
    today = today or dt.date.today()
    plans: dict[str, Plan] = {}  # trainees with the same answers share a plan: it depends on nothing else
    rows: list[TraineeRow] = []
    open_counts: Counter[str] = Counter()
    open_items: dict[str, OpenItem] = {}
    for trainee in trainees:
        key = trainee.profile.model_dump_json(exclude_unset=True)
        plan = plans.get(key) or plans.setdefault(
            key, make_plan(kb, trainee.profile, top=TOP, today=today, blocked_only=True)
        )
        rows.append(_row(kb, trainee, plan, today))
        for item in _open_now(plan, trainee.progress):  # one item, as worded: a licensing step names states
            key = f"{item.id}\0{item.text}"
            open_counts[key] += 1
            open_items.setdefault(key, item)
    total = len(rows)
    say = kb.messages
    stage_labels = kb.answer_labels.get("stage", {})
    stages = Counter(row.stage for row in rows)
    in_order = [question_value for question_value in stage_labels if stages[question_value]]
    roles = [
        RoleCount(
            role=role.id,
            title=role.title,
            in_top=sum(any(top.role == role.id for top in row.top) for row in rows),
            blocked=sum(any(role.id in limit.roles for limit in row.hard_limits) for row in rows),
        )
        for role in kb.roles
    ]
    roles.sort(key=lambda count: (-count.in_top, count.blocked, count.role))
    return CohortView(
        generated=today,
        version=__version__,
        total=total,
        stages=[Count(key=stage, label=stage_labels[stage], count=stages[stage]) for stage in in_order],
        roles=roles,
        limits=_limits(kb, rows),
        no_limits=say.cohort_no_limits if rows and not any(row.hard_limits for row in rows) else None,
        open_items=[
            open_items[item].model_copy(update={"count": count})
            for item, count in sorted(open_counts.items(), key=lambda pair: (-pair[1], pair[0]))
        ],
        trainees=rows,
        unreadable=unreadable,
        unreadable_note=say.cohort_unreadable,
        stale_note=say.cohort_stale,
        none_note=say.cohort_none if not rows else None,
        disclaimer=say.disclaimer,
    )


def _row(kb: KnowledgeBase, trainee: TraineeInput, plan: Plan, today: dt.date) -> TraineeRow:
    by_id = {match.role: match for match in plan.matches}
    top = [by_id[role] for role in plan.top]
    limits: dict[str, Limit] = {}
    for match in plan.matches:
        for reason in match.reasons:
            if reason.effect != "limit":
                continue
            found = limits.get(reason.rule)
            if found is None:
                opens = [" and ".join(change.text for change in option.changes) for option in match.recourse]
                limits[reason.rule] = Limit(rule=reason.rule, text=reason.text, roles=[match.role], opens_with=opens)
            else:
                limits[reason.rule] = found.model_copy(update={"roles": [*found.roles, match.role]})
    progress = trainee.progress
    plan_date = progress.plan_date if progress is not None and progress.plan_date else None
    return TraineeRow(
        id=trainee.id,
        file=trainee.file,
        kind="plan" if progress is not None else "answers",
        stage=trainee.profile.stage,
        stage_label=kb.answer_labels.get("stage", {}).get(trainee.profile.stage, trainee.profile.stage),
        top=[TopRole(role=m.role, title=m.title, score=m.score, fit=m.fit) for m in top],
        hard_limits=list(limits.values()),
        progress_done=sum(s.done for s in progress.sections) if progress is not None else None,
        progress_total=sum(s.total for s in progress.sections) if progress is not None else None,
        sections=[{"name": s.name, "done": s.done, "total": s.total} for s in progress.sections] if progress else [],
        plan_date=plan_date,
        version=progress.version or None if progress is not None else None,
        stale=_stale(plan_date, today),
    )


def _stale(plan_date: str | None, today: dt.date) -> bool:
    try:
        written = dt.date.fromisoformat(plan_date or "")
    except ValueError:
        return False  # no date, or one a person edited into something else: nothing to flag by
    return today - written > STALE_AFTER


def _open_now(plan: Plan, progress: Progress | None) -> list[OpenItem]:
    """What is still open at the trainee's current 'when': from the file's ticks, else the plan's first steps."""
    if progress is not None:
        return [OpenItem(id=item.id, text=item.text, when=item.when, count=0) for item in progress.next]
    first = plan.preparation[0].when if plan.preparation else None
    return [
        OpenItem(id=step.id, text=step.text, when=step.when_label, count=0)
        for step in plan.preparation
        if step.when == first
    ]


def _limits(kb: KnowledgeBase, rows: list[TraineeRow]) -> list[LimitCount]:
    """Each hard limit with the trainees it holds back and the changes that would lift it, most common first."""
    held: Counter[str] = Counter()
    texts: dict[str, str] = {}
    opens: dict[str, Counter[str]] = {}
    for row in rows:
        for limit in row.hard_limits:
            held[limit.rule] += 1
            texts.setdefault(limit.rule, limit.text)
            opens.setdefault(limit.rule, Counter()).update(dict.fromkeys(limit.opens_with, 1))
    say = kb.messages
    return [
        LimitCount(
            rule=rule,
            text=texts[rule],
            count=count,
            line=fill(say.cohort_limited, count=count, total=len(rows), limit=texts[rule]),
            opens_with=[
                Count(key=change, label=fill(say.cohort_opens, count=times, change=change), count=times)
                for change, times in sorted(opens[rule].items(), key=lambda pair: (-pair[1], pair[0]))[:3]
            ],
        )
        for rule, count in sorted(held.items(), key=lambda pair: (-pair[1], pair[0]))
    ]
