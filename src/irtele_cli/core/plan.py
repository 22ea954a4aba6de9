"""The plan: ranked matches, a preparation plan for the user's stage, and the contract checklist."""

import datetime as dt
from typing import Any, Literal

from irtele_cli import __version__
from irtele_cli.core.licensing import Pathway, pathway
from irtele_cli.core.matching import Change, Match, Reason, rank
from irtele_cli.core.recourse import attach
from irtele_cli.core.view import View
from irtele_cli.schema.answers import LicensingInput, Profile
from irtele_cli.schema.base import fill
from irtele_cli.schema.facts import holds, role_facts
from irtele_cli.schema.knowledge import KnowledgeBase, LicensingStep, PreparationAction, Question, Source
from irtele_cli.schema.vocabulary import (
    CATEGORY_ORDER,
    TELERADIOLOGY_RULE,
    WHEN_ORDER,
    ChecklistCategory,
    SkillArea,
    When,
)

EVERY_ROLE = "every role"
MULTI_STATE_LEVELS = frozenset({"moderate", "high"})
SECTIONS = ("matches", "preparation", "checklist", "licensing", "lifestyle", "sources")
"""What of a plan can be printed on its own (--section); the summary shows the answers, 'In short',
the ranked table and the top matches, and --full everything."""
SCHEMA_VERSION: Literal[1] = 1
"""The shape of the plan's JSON (and, later, of the files built from it); raised when a key changes meaning."""


class Answered(View):
    """One answer as the user saw the question, for the plan's header."""

    key: str
    question: str
    answer: str


class Step(View):
    """One preparation action, with when to do it, why, and the top roles it prepares for."""

    id: str
    text: str
    when: When
    when_label: str
    area: SkillArea
    area_label: str
    reason: str
    for_roles: list[str]
    sources: list[str]


class Check(View):
    """One contract check, with why it matters and the roles it applies to."""

    id: str
    category: ChecklistCategory
    category_label: str
    text: str
    why: str
    ask: str | None
    roles: list[str]
    sources: list[str]


class FitBand(View):
    """A fit label and the scores it covers; a hard limit's band is 'not a fit now' at any score up to its cap."""

    label: str
    min: int
    max: int
    hard_limit: bool = False


class Moved(View):
    role: str
    title: str
    from_rank: int
    to_rank: int
    from_score: int
    to_score: int


class Section(View):
    heading: str
    lines: list[str]


class WhatIf(View):
    """What a change of answers does to the plan: roles moved, opened, closed; steps and checks added or dropped."""

    changes: list[Change]
    moved: list[Moved]
    opened: list[str]
    closed: list[str]
    preparation_added: list[str]
    preparation_dropped: list[str]
    checklist_added: list[str]
    checklist_dropped: list[str]
    sections: list[Section]  # the above in words, the parts that have something in them


class LifestyleView(View):
    """The lifestyle upsides and downsides to weigh (article §5.1), for the plan."""

    upsides: list[str]
    downsides: list[str]
    conclusions: list[str]  # what the article makes of the two (§5.1: many find a hybrid mix best)


def lifestyle(kb: KnowledgeBase) -> LifestyleView:
    def lines(kind: str) -> list[str]:
        return [f"{item.title}: {item.text}" for item in kb.lifestyle if item.kind == kind]

    return LifestyleView(upsides=lines("upside"), downsides=lines("downside"), conclusions=lines("conclusion"))


class Plan(View):
    """Everything a renderer needs, already computed: renderers only format it."""

    schema_version: Literal[1] = SCHEMA_VERSION
    version: str
    generated: dt.date
    profile: Profile
    answers: list[Answered]
    trainee: bool
    trainee_note: str | None
    top: list[str]
    top_note: str | None = None  # why fewer, or blocked, roles get a detailed panel than were asked for
    matches: list[Match]
    fit_bands: list[FitBand]
    fit_legend: str  # the bands in one line, for every layout
    priority_notes: list[str]  # a priority none of the top roles serves, and which roles do
    preparation: list[Step]
    checklist: list[Check]
    checklist_note: str | None  # heads a trainee's checklist
    every_role_note: str
    no_licensing: str  # said when a licensing section is asked for and no target states were given
    lifestyle: LifestyleView
    licensing: Pathway | None
    sources: list[str]
    sources_compact: list[str]  # the article once with its sections (§2.1, §3.1), then each outside page once
    given_answers: dict[str, Any]  # only what was answered: a kept plan's front matter, read back by --update
    in_short: list[str]  # the plan's first lines: top roles and why, the next steps, the licensing verdict
    more: str  # the summary's last line: what else there is, and how to see it
    disclaimer: str
    what_if: WhatIf | None = None


def make_plan(
    kb: KnowledgeBase, profile: Profile, top: int = 3, today: dt.date | None = None, blocked_only: bool = False
) -> Plan:
    """Rank the roles, then build the preparation plan and checklist around the best ``top`` of them.

    ``blocked_only`` looks for recourse only for roles a hard limit holds back (what a cohort counts),
    and leaves out the top roles' margins.
    """
    today = today or dt.date.today()
    matches = rank(kb, profile)
    best = [match for match in matches if not match.hard_limited][:top] or matches[:top]
    top_ids = [match.role for match in best]
    reads = _reads_across_states(kb, top_ids)
    route = licensing_pathway(kb, profile, today, teleradiology=reads)
    if route is not None:
        matches = [_with_licensing_note(kb, match, route) for match in matches]
    matches = attach(kb, profile, matches, top, blocked_only)
    best = [next(m for m in matches if m.role == role) for role in top_ids]
    top_note = _top_note(kb, best, min(top, len(matches)))
    licensing_steps = _licensing_steps(kb, route, top_ids) if route is not None else []
    preparation = sorted(
        [*_preparation(kb, profile, top_ids), *licensing_steps], key=lambda step: WHEN_ORDER.index(step.when)
    )
    checklist = _checklist(kb, top_ids)
    note = kb.scoring.trainee_note if profile.trainee else None
    cited: list[Source] = [source for role in top_ids for source in kb.roles_by_id[role].sources]
    cited += [
        source
        for step in preparation
        if step.id in kb.preparation_by_id
        for source in kb.preparation_by_id[step.id].sources
    ]
    cited += [source for check in checklist for source in kb.checklist_by_id[check.id].sources]
    rules = {reason.rule for match in best for reason in match.reasons}
    cited += [source for rule in kb.scoring.rules if rule.id in rules for source in rule.sources]
    cited += note.sources if note else []
    cited += kb.licensing.plan_steps.sources if licensing_steps else []
    cited += [source for item in kb.lifestyle for source in item.sources]
    labels = kb.source_labels(cited) + (route.sources if route is not None else [])
    return Plan(
        version=__version__,
        generated=today,
        profile=profile,
        answers=answered(kb, profile),
        trainee=profile.trainee,
        trainee_note=note.text if note else None,
        top=top_ids,
        top_note=top_note,
        matches=matches,
        fit_bands=fit_bands(kb),
        fit_legend=fit_legend(fit_bands(kb)),
        priority_notes=_priority_notes(kb, profile, matches, top_ids),
        preparation=preparation,
        checklist=checklist,
        checklist_note=kb.messages.trainee_checklist if profile.trainee else None,
        every_role_note=kb.messages.every_role_note,
        no_licensing=kb.messages.no_targets,
        lifestyle=lifestyle(kb),
        licensing=route,
        sources=kb.source_list(labels),
        sources_compact=compact_sources(kb, kb.source_list(labels)),
        given_answers=profile.model_dump(mode="json", exclude_unset=True),
        in_short=_in_short(kb, best, preparation, route),
        more=kb.messages.more_in_plan,
        disclaimer=kb.messages.disclaimer,
    )


def compact_sources(kb: KnowledgeBase, labels: list[str]) -> list[str]:
    """The article as one line with the sections cited ('§2.1, §3.1'), then every other source once."""
    numbers = {label: label.split(" ", 2)[1] for label in kb.citation_labels.values()}  # 'Article §2.1 Title'
    cited = sorted({numbers[label] for label in labels if label in numbers}, key=_section_order)
    others = [label for label in labels if label not in numbers and not label.startswith("Article: ")]
    article = f'Article: "{kb.article.title}", {kb.article.publisher}: {", ".join(cited)}'
    return [article, *others] if cited else others


def _section_order(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.removeprefix("§").split("."))


def _in_short(kb: KnowledgeBase, best: list[Match], preparation: list[Step], route: Pathway | None) -> list[str]:
    """What a reader needs first: the top roles and why, the next three steps, the licensing verdict."""
    lines = [f"{match.title}: {match.score}, {match.fit}. {match.top_reason_text}" for match in best]
    lines += [f"Next: {step.text}" for step in preparation[:3]]
    if route is not None:
        lines.append(f"Licensing: {route.compact.summary} {route.totals}")
    return lines


def fit_bands(kb: KnowledgeBase) -> list[FitBand]:
    """The fit labels with the scores each covers, highest first, then the hard limit's."""
    scoring = kb.scoring
    tops = [100, *(fit.min_score - 1 for fit in scoring.fit_labels[:-1])]
    bands = [
        FitBand(label=fit.label, min=fit.min_score, max=top) for fit, top in zip(scoring.fit_labels, tops, strict=True)
    ]
    return [*bands, FitBand(label=scoring.hard_limit.label, min=0, max=scoring.hard_limit.cap, hard_limit=True)]


def fit_legend(bands: list[FitBand]) -> str:
    """'strong fit 75-100 · good fit 60-74 · … · not a fit now: held back by a hard limit (at most 25)'."""
    scored = " · ".join(f"{band.label} {band.min}-{band.max}" for band in bands if not band.hard_limit)
    limits = " · ".join(
        f"{band.label}: a hard limit holds it at {band.max} or below" for band in bands if band.hard_limit
    )
    return f"Fit: {scored} · {limits}"


def _priority_notes(kb: KnowledgeBase, profile: Profile, matches: list[Match], top_ids: list[str]) -> list[str]:
    """For each priority no top role serves: which roles do, so a choice that lifted nothing is not silent."""
    labels = kb.answer_labels.get("priorities", {})
    notes = []
    for priority in profile.priorities:
        serving = [kb.roles_by_id[m.role] for m in matches if priority in kb.roles_by_id[m.role].serves]
        if any(role.id in top_ids for role in serving):
            continue
        words = labels.get(priority, priority).lower()
        if serving:
            roles = ", ".join(f"{role.title} ({role.id})" for role in serving)
            notes.append(fill(kb.messages.priority_unserved, priority=words, roles=roles))
        else:
            notes.append(fill(kb.messages.priority_unserved_anywhere, priority=words))
    return notes


def what_if(before: Plan, after: Plan, changes: list[Change]) -> WhatIf:
    """Compare two plans for the same person: the one from their answers and the one with the changes."""
    old = {match.role: (rank, match) for rank, match in enumerate(before.matches, start=1)}
    moved = [
        Moved(role=match.role, title=match.title, from_rank=old[match.role][0], to_rank=rank,
              from_score=old[match.role][1].score, to_score=match.score)
        for rank, match in enumerate(after.matches, start=1)
        if (old[match.role][0], old[match.role][1].score) != (rank, match.score)
    ]  # fmt: skip
    was = {match.role for match in before.matches if match.hard_limited}
    now = {match.role for match in after.matches if match.hard_limited}
    steps_before, steps_after = ({step.text for step in plan.preparation} for plan in (before, after))
    checks_before, checks_after = ({check.text for check in plan.checklist} for plan in (before, after))
    parts = {
        "opened": sorted(was - now),
        "closed": sorted(now - was),
        "preparation_added": sorted(steps_after - steps_before),
        "preparation_dropped": sorted(steps_before - steps_after),
        "checklist_added": sorted(checks_after - checks_before),
        "checklist_dropped": sorted(checks_before - checks_after),
    }
    headings = {
        "moved": "Roles that moved", "opened": "Opened (no longer held back)", "closed": "Closed (now held back)",
        "preparation_added": "Preparation steps added", "preparation_dropped": "Preparation steps dropped",
        "checklist_added": "Contract checks added", "checklist_dropped": "Contract checks dropped",
    }  # fmt: skip
    lines = {"moved": [f"{m.title}: #{m.from_rank} → #{m.to_rank}, score {m.from_score} → {m.to_score}" for m in moved]}
    lines |= parts
    sections = [Section(heading=headings[key], lines=lines[key]) for key in headings if lines[key]]
    return WhatIf(
        changes=changes,
        moved=moved,
        **parts,
        sections=sections or [Section(heading="Nothing in the plan moves", lines=[])],
    )


def _top_note(kb: KnowledgeBase, best: list[Match], asked: int) -> str | None:
    """Why the detailed matches are fewer than asked for (``asked`` is at most the number of roles)."""
    if best and best[0].hard_limited:
        return kb.messages.all_blocked
    if len(best) < asked:
        fitting = "1 role fits" if len(best) == 1 else f"{len(best)} roles fit"
        return fill(kb.messages.few_fit, fitting=fitting, label=kb.scoring.hard_limit.label)
    return None


def _reads_across_states(kb: KnowledgeBase, top_ids: list[str]) -> bool:
    """A top role that reads images remotely brings in the ACR's rule: licensed where the image is read too."""
    rule = next(rule for rule in kb.licensing.rules if rule.id == TELERADIOLOGY_RULE)
    return any(role in rule.for_roles for role in top_ids)


def licensing_pathway(
    kb: KnowledgeBase, profile: Profile, today: dt.date, teleradiology: bool = False
) -> Pathway | None:
    """The licensing pathway for the profile's target states; None when there are none."""
    if not profile.target_states:
        return None
    request = LicensingInput.model_construct(  # the profile's own values, validated with it by the same rules
        stage=profile.stage,
        home_state=profile.home_state,
        licensed_states=profile.licensed_states,
        target_states=profile.target_states,
        board_certified=profile.board_certified if "board_certified" in profile.model_fields_set else None,
        max_licenses=profile.max_licenses if "max_licenses" in profile.model_fields_set else None,
        teleradiology=teleradiology,
    )
    return pathway(kb, request, today)


def _multi_state(kb: KnowledgeBase, role_id: str) -> bool:
    return kb.roles_by_id[role_id].requirements.multi_state_licensing.level in MULTI_STATE_LEVELS


def _with_licensing_note(kb: KnowledgeBase, match: Match, route: Pathway) -> Match:
    """A multi-state role says how many new licenses the user's targets need and whether the compact helps."""
    new = [row.state for row in route.states if row.route != "held"]
    if not _multi_state(kb, match.role) or not new:
        return match
    via = sum(1 for row in route.states if row.route == "compact")
    say = kb.licensing.messages
    if route.compact.eligible and via:
        compact = fill(say.role_compact_some, count=via, principal=route.compact.principal_state)
    else:
        compact = say.role_compact_none if route.compact.eligible else say.role_compact_closed
    steps = kb.licensing.plan_steps
    text = fill(steps.role_note, count=len(new), states=", ".join(new), compact=compact)
    source = "; ".join(kb.source_labels(steps.sources))
    note = Reason(text=text, effect="note", points=0, rule="licensing-pathway", source=source, cited=source)
    return match.model_copy(update={"reasons": [*match.reasons, note]})


def _licensing_steps(kb: KnowledgeBase, route: Pathway, top_ids: list[str]) -> list[Step]:
    """Dated licensing steps: check now, then the compact and standard applications before the job search.

    None when every target state is licensed already: there is nothing to apply for.
    """
    steps = kb.licensing.plan_steps
    for_roles = [role for role in top_ids if _multi_state(kb, role)]
    sources = kb.source_labels(steps.sources)
    by_route = {name: [row.state for row in route.states if row.route == name] for name in ("compact", "standard")}
    if not any(by_route.values()):
        return []
    made = [_step(kb, "licensing-check", steps.check, steps.check.text, for_roles, sources)]
    templates = {"compact": steps.compact, "standard": steps.standard}
    for name, template in templates.items():
        if by_route[name]:
            text = fill(template.text, states=", ".join(by_route[name]), principal=route.compact.principal_state)
            text = f"{steps.over_limit} {text}" if route.over_limit else text
            made.append(_step(kb, f"licensing-{name}", template, text, for_roles, sources))
    return made


def _step(
    kb: KnowledgeBase, step_id: str, template: LicensingStep, text: str, for_roles: list[str], sources: list[str]
) -> Step:
    return Step(
        id=step_id,
        text=text,
        when=template.when,
        when_label=kb.labels.when[template.when],
        area="licensing",
        area_label=kb.labels.areas["licensing"],
        reason=template.reason,
        for_roles=for_roles,
        sources=sources,
    )


def answered(kb: KnowledgeBase, profile: Profile) -> list[Answered]:
    """The answers in questionnaire order, each with the label the user picked; defaults say so."""
    values = profile.model_dump()
    return [
        Answered(
            key=question.key, question=question.short, answer=_shown(kb, question, values, profile.model_fields_set)
        )
        for question in kb.questions
        if question.applies(values)
    ]


def _shown(kb: KnowledgeBase, question: Question, values: dict[str, Any], given: set[str]) -> str:
    """An answer's label; a default that reads like an answer ('no') says it was not given."""
    label = question.label_of(values[question.key])
    defaulted = question.key not in given and values[question.key] not in (None, [])
    return fill(kb.messages.default_answer, answer=label) if defaulted else label


def _preparation(kb: KnowledgeBase, profile: Profile, top_ids: list[str]) -> list[Step]:
    """The stage's actions, plus gap-closing actions that a top role calls for, in file order."""
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
                when_label=kb.labels.when[action.when],
                area=action.area,
                area_label=kb.labels.areas[action.area],
                reason=action.reason,
                for_roles=for_roles,
                sources=kb.source_labels(action.sources),
            )
        )
    return steps


def _gap_roles(
    kb: KnowledgeBase,
    action: PreparationAction,
    facts: dict[str, frozenset[str | int | bool]],
    top_ids: list[str],
) -> list[str]:
    if action.closes_gap is None:
        return []
    return [role for role in top_ids if holds(action.closes_gap, facts, role_facts(kb.roles_by_id[role]))]


def _checklist(kb: KnowledgeBase, top_ids: list[str], every_item: bool = False) -> list[Check]:
    """Checks for every telehealth role, plus those of the top roles and their job types; by category.

    ``every_item`` gives the whole checklist, each item still naming the roles it belongs to.
    """
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
            category_label=kb.labels.categories[item.category],
            text=item.text,
            why=item.why,
            ask=item.ask,
            roles=[EVERY_ROLE] if item.every_role else wanted.get(item.id, []),
            sources=kb.source_labels(item.sources),
        )
        for item in kb.checklist
        if item.every_role or item.id in wanted or every_item
    ]
    return sorted(checks, key=lambda check: CATEGORY_ORDER.index(check.category))


def checklist_for(kb: KnowledgeBase, role_ids: list[str]) -> list[Check]:
    """The contract checklist for these roles, or every item of it when none is named."""
    if role_ids:
        return _checklist(kb, role_ids)
    return _checklist(kb, [role.id for role in kb.roles], every_item=True)
