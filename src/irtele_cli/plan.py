"""The plan: ranked matches, a preparation plan for the user's stage, and the contract checklist."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from irtele_cli import __version__
from irtele_cli.conditions import holds, role_facts
from irtele_cli.knowledge import KnowledgeBase, PreparationAction, Source
from irtele_cli.matching import Match, rank
from irtele_cli.profile import Profile
from irtele_cli.vocabulary import CATEGORY_LABELS, WHEN_ORDER, ChecklistCategory, SkillArea, When

EVERY_ROLE = "every role"
DISCLAIMER = "Career information, not legal, financial or medical advice."


class Answered(BaseModel):
    """One answer as the user saw the question, for the plan's header."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    key: str
    question: str
    answer: str


class Step(BaseModel):
    """One preparation action, with when to do it, why, and the top roles it prepares for."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    id: str
    text: str
    when: When
    area: SkillArea
    reason: str
    for_roles: list[str]
    sources: list[str]


class Check(BaseModel):
    """One contract check, with why it matters and the roles it applies to."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    id: str
    category: ChecklistCategory
    category_label: str
    text: str
    why: str
    ask: str | None
    roles: list[str]
    sources: list[str]


class Plan(BaseModel):
    """Everything a renderer needs, already computed: renderers only format it."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    version: str
    generated: dt.date
    profile: Profile
    answers: list[Answered]
    trainee: bool
    trainee_note: str | None
    top: list[str]
    matches: list[Match]
    preparation: list[Step]
    checklist: list[Check]
    sources: list[str]
    disclaimer: str = DISCLAIMER


def make_plan(kb: KnowledgeBase, profile: Profile, top: int = 3, today: dt.date | None = None) -> Plan:
    """Rank the roles, then build the preparation plan and checklist around the best ``top`` of them."""
    matches = rank(kb, profile)
    best = [match for match in matches if not match.hard_limited][:top] or matches[:top]
    top_ids = [match.role for match in best]
    preparation = _preparation(kb, profile, top_ids)
    checklist = _checklist(kb, top_ids)
    note = kb.scoring.trainee_note if profile.trainee else None
    cited: list[Source] = [source for role in top_ids for source in kb.roles_by_id[role].sources]
    cited += [source for step in preparation for source in kb.preparation_by_id[step.id].sources]
    cited += [source for check in checklist for source in kb.checklist_by_id[check.id].sources]
    rules = {reason.rule for match in best for reason in match.reasons}
    cited += [source for rule in kb.scoring.rules if rule.id in rules for source in rule.sources]
    cited += note.sources if note else []
    return Plan(
        version=__version__,
        generated=today or dt.date.today(),
        profile=profile,
        answers=answered(kb, profile),
        trainee=profile.trainee,
        trainee_note=note.text if note else None,
        top=top_ids,
        matches=matches,
        preparation=preparation,
        checklist=checklist,
        sources=list(dict.fromkeys(sorted(_labels(kb, cited)))),
    )


def answered(kb: KnowledgeBase, profile: Profile) -> list[Answered]:
    """The answers in questionnaire order, each with the label the user picked."""
    values = profile.model_dump()
    return [
        Answered(key=question.key, question=question.prompt, answer=question.label_of(values[question.key]))
        for question in kb.questions
        if question.applies(values)
    ]


def _labels(kb: KnowledgeBase, sources: list[Source]) -> list[str]:
    return [kb.source_label(source) for source in sources]


def _preparation(kb: KnowledgeBase, profile: Profile, top_ids: list[str]) -> list[Step]:
    """The stage's actions, plus gap-closing actions that a top role calls for; ordered by when."""
    facts = profile.facts()
    steps: list[Step] = []
    for action in kb.preparation:
        if profile.stage not in action.stages:
            continue
        for_roles = _gap_roles(kb, action, facts, top_ids)
        if action.closes_gap is not None and not for_roles:
            continue
        steps.append(
            Step(
                id=action.id,
                text=action.text,
                when=action.when,
                area=action.area,
                reason=action.reason,
                for_roles=for_roles,
                sources=_labels(kb, action.sources),
            )
        )
    return sorted(steps, key=lambda step: WHEN_ORDER.index(step.when))


def _gap_roles(
    kb: KnowledgeBase,
    action: PreparationAction,
    facts: dict[str, frozenset[str | int | bool]],
    top_ids: list[str],
) -> list[str]:
    if action.closes_gap is None:
        return []
    return [role for role in top_ids if holds(action.closes_gap, facts, role_facts(kb.roles_by_id[role]))]


def _checklist(kb: KnowledgeBase, top_ids: list[str]) -> list[Check]:
    """Checks for every telehealth role, plus those of the top roles and their job types; by category."""
    jobs = {job.id: job for job in kb.job_types}
    wanted: dict[str, list[str]] = {}
    for role_id in top_ids:
        role = kb.roles_by_id[role_id]
        job = jobs.get(role.job_type)
        for item in [*role.checklist, *(job.contract_elements if job else [])]:
            roles = wanted.setdefault(item, [])
            if role_id not in roles:
                roles.append(role_id)
    checks = [
        Check(
            id=item.id,
            category=item.category,
            category_label=CATEGORY_LABELS[item.category],
            text=item.text,
            why=item.why,
            ask=item.ask,
            roles=[EVERY_ROLE] if item.every_role else wanted[item.id],
            sources=_labels(kb, item.sources),
        )
        for item in kb.checklist
        if item.every_role or item.id in wanted
    ]
    order = list(CATEGORY_LABELS)
    return sorted(checks, key=lambda check: order.index(check.category))
