"""Browsing views of the knowledge base: roles, the FAQ and the outlook, with references resolved."""

from irtele_cli.core.view import View
from irtele_cli.schema.knowledge import ChecklistItem, KnowledgeBase, Requirement, Role


class RoleRow(View):
    """One line of the roles table."""

    id: str
    title: str
    job_type: str
    share: str
    schedules: list[str]


class NeedRow(View):
    label: str
    level: str
    why: str


class CheckLine(View):
    category: str
    text: str
    why: str


class DomainLine(View):
    title: str
    examples: list[str]


class PayLine(View):
    title: str
    summary: str
    common_in: str


class RoleView(View):
    """Everything 'roles show' prints, with ids resolved to titles and gaps said in words."""

    role: Role
    job_type: str
    domains: list[str]
    work: list[DomainLine]
    facts: list[tuple[str, str]]
    needs: list[NeedRow]
    pay: list[PayLine]
    pay_factors: list[str]
    checks: list[CheckLine]
    sources: list[str]
    disclaimer: str


class RolesView(View):
    """The table of every role."""

    rows: list[RoleRow]


def share(kb: KnowledgeBase, role: Role) -> str:
    """A role's telehealth share in a few words: the article's FTE range where it gives one."""
    if role.structure.fte is not None:
        return f"{role.structure.fte.min:g}-{role.structure.fte.max:g} FTE"
    labels = kb.short_labels["telehealth_share"]
    return " or ".join(labels[level] for level in role.structure.telehealth_share)


def roles_view(kb: KnowledgeBase) -> RolesView:
    titles = {job.id: job.title for job in kb.job_types}
    schedules = kb.short_labels["schedule"]
    return RolesView(
        rows=[
            RoleRow(
                id=role.id,
                title=role.title,
                job_type=titles.get(role.job_type, role.job_type),
                share=share(kb, role),
                schedules=[schedules[slot] for slot in role.structure.schedules] or [kb.messages.not_stated_short],
            )
            for role in kb.roles
        ]
    )


def role_view(kb: KnowledgeBase, role: Role) -> RoleView:
    domains = {domain.id: domain.title for domain in kb.domains}
    pay = {model.id: model.title for model in kb.compensation.models}
    structure = role.structure
    not_stated = kb.messages.not_stated
    words = kb.answer_labels
    facts = [("Telehealth share", structure.share_text)]
    if structure.fte is not None:
        facts.append(("FTE", f"{structure.fte.min:g}-{structure.fte.max:g}"))
    schedules = ", ".join(words["schedule"][slot] for slot in structure.schedules)
    facts += [
        ("Schedule", structure.schedule_text or schedules or not_stated),
        ("Where", ", ".join(place.replace("-", " ") for place in structure.location)),
        ("Employment", ", ".join(words["employment"][way] for way in structure.employment)),
        ("Paid as", ", ".join(pay.get(p, p) for p in structure.compensation) or not_stated),
    ]
    items: list[ChecklistItem] = [kb.checklist_by_id[item] for item in role.checklist if item in kb.checklist_by_id]
    return RoleView(
        role=role,
        job_type=next((job.title for job in kb.job_types if job.id == role.job_type), role.job_type),
        domains=[domains.get(domain, domain) for domain in role.domains],
        work=[
            DomainLine(title=domain.title, examples=domain.examples or domain.activities)
            for domain in kb.domains
            if domain.id in role.domains
        ],
        facts=facts,
        needs=[
            NeedRow(
                label=label,
                level=_level(kb, getattr(role.requirements, name)),
                why=getattr(role.requirements, name).note or "",
            )
            for name, label in kb.labels.requirements.items()
        ],
        pay=[
            PayLine(title=model.title, summary=model.summary, common_in=model.common_in)
            for model in kb.compensation.models
            if model.id in structure.compensation
        ],
        pay_factors=[factor.text for factor in kb.compensation.pay_factors],
        checks=[
            CheckLine(category=kb.labels.categories[item.category], text=item.text, why=item.why) for item in items
        ],
        sources=kb.source_list(kb.source_labels(role.sources)),
        disclaimer=kb.messages.disclaimer,
    )


def _level(kb: KnowledgeBase, requirement: Requirement) -> str:
    """A requirement's level, marked when the knowledge base inferred it rather than took it from a source."""
    return f"{requirement.level} ({kb.messages.inferred_mark})" if requirement.inferred else requirement.level


class Outlook(View):
    """Where telemedicine in IR is heading (article §6), for the FAQ view."""

    drivers: list[str]
    developments: list[str]
    sources: list[str]


class FaqLine(View):
    question: str
    answer: str
    points: list[str]
    sources: list[str]


class FaqView(View):
    """The FAQ, then the outlook."""

    entries: list[FaqLine]
    outlook: Outlook
    disclaimer: str


def faq_view(kb: KnowledgeBase) -> FaqView:
    return FaqView(
        entries=[
            FaqLine(
                question=entry.question,
                answer=entry.answer,
                points=entry.points,
                sources=kb.source_labels(entry.sources),
            )
            for entry in kb.faq
        ],
        outlook=Outlook(
            drivers=[trend.text for trend in kb.trends if trend.kind == "driver"],
            developments=[trend.text for trend in kb.trends if trend.kind == "development"],
            sources=kb.source_list(kb.source_label(source) for trend in kb.trends for source in trend.sources),
        ),
        disclaimer=kb.messages.disclaimer,
    )
