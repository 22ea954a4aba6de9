"""The plan as a Markdown file the user keeps: CommonMark with GitHub task lists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from itertools import groupby
from typing import Protocol, assert_never

from irtele_cli.core.checklist import ChecklistView
from irtele_cli.core.cohort import CohortView
from irtele_cli.core.ilp import IlpView
from irtele_cli.core.licensing import Pathway
from irtele_cli.core.matching import Reason
from irtele_cli.core.offers import Comparison, OfferSummary, OfferView, Row
from irtele_cli.core.plan import EVERY_ROLE, Check, Plan, Step
from irtele_cli.render.safe import printable_view

Document = Plan | Pathway | Comparison | OfferView | ChecklistView | CohortView


def markdown(view: Document) -> str:
    """Any view that can be written as a file, as Markdown: the one entry point, picked by the view's type.

    Control characters in the view's text are escaped, so the file is as safe to print as the screen.
    """
    view = printable_view(view)
    match view:
        case Plan():
            return plan_markdown(view)
        case Pathway():
            return pathway_markdown(view)
        case Comparison():
            return comparison_markdown(view)
        case OfferView():
            return offer_markdown(view)
        case ChecklistView():
            return checklist_markdown(view)
        case CohortView():
            return cohort_markdown(view)
        case _:
            assert_never(view)


class Generated(Protocol):
    """A view that says when and by which irtele it was made."""

    @property
    def generated(self) -> dt.date: ...
    @property
    def version(self) -> str: ...
    @property
    def disclaimer(self) -> str: ...


def generated_line(view: Generated) -> str:
    """Every document's second line: when, by which irtele, and that it is career information only."""
    return f"Generated {view.generated.isoformat()} by irtele {view.version}. {view.disclaimer}"


def sources_lines(sources: Iterable[str]) -> list[str]:
    """Every document ends with its sources."""
    return ["## Sources", "", *(f"- {source}" for source in sources), ""]


def cell(text: str) -> str:
    """Text safe inside a table cell: pipes escaped, line breaks folded."""
    return " ".join(text.split()).replace("|", "\\|")


def reason_line(reason: Reason) -> str:
    mark = {"limit": "**hard limit**", "note": "**note**"}.get(reason.effect, f"**{reason.points:+d}**")
    return f"- {mark} {reason.text} _({reason.cited})_"


BEGIN, END = "<!-- irtele:begin -->", "<!-- irtele:end -->"
"""The generated part of a kept plan; `irtele plan --update` rewrites only what lies between them."""


def front_matter(plan: Plan) -> list[str]:
    """YAML front matter (GitHub and Obsidian show it as properties): what --update needs to rebuild the plan."""
    import yaml

    data = {"irtele": plan.version, "schema_version": plan.schema_version, "date": plan.generated.isoformat()}
    data["answers"] = plan.given_answers
    return ["---", yaml.safe_dump(data, sort_keys=False, allow_unicode=True).rstrip(), "---", ""]


def task_id(kind: str, item_id: str) -> str:
    return f"<!-- irtele:{kind}:{item_id} -->"


def plan_markdown(plan: Plan) -> str:
    lines = [
        *front_matter(plan),
        BEGIN,
        "# IR telemedicine career plan",
        "",
        generated_line(plan),
        "",
        "## In short",
        "",
        *(f"- {line}" for line in plan.in_short),
        "",
        "## Your answers",
        "",
        "| Question | Answer |",
        "| --- | --- |",
        *(f"| {cell(a.question)} | {cell(a.answer)} |" for a in plan.answers),
        "",
    ]
    if plan.trainee_note:
        lines += [f"> {plan.trainee_note}", ""]
    lines += [
        "## Roles ranked by fit",
        "",
        "| # | Role | Score | Fit | What sets it apart |",
        "| ---: | --- | ---: | --- | --- |",
    ]
    for rank, match in enumerate(plan.matches, start=1):
        top = "<br>".join(cell(line) for line in [match.top_reason_text, *match.recourse_lines] if line)
        lines.append(f"| {rank} | {cell(match.title)} (`{match.role}`) | {match.score} | {match.fit} | {top} |")
    lines += ["", plan.fit_legend, "", *(f"{note}\n" for note in plan.priority_notes)]
    if plan.what_if is not None:
        lines += ["## What the change does", "", *(f"- {change.text}" for change in plan.what_if.changes), ""]
        for section in plan.what_if.sections:
            lines += [f"**{section.heading}**", "", *(f"- {line}" for line in section.lines), ""]
    lines += ["## Your top matches", ""]
    if plan.top_note:
        lines += [plan.top_note, ""]
    by_id = {match.role: match for match in plan.matches}
    for rank, role_id in enumerate(plan.top, start=1):
        match = by_id[role_id]
        lines += [
            f"### {rank}. {match.title} (`{match.role}`): {match.score}/100, {match.fit}",
            "",
            match.summary,
            "",
            *(reason_line(reason) for reason in match.reasons),
            "",
            match.score_sum,
            "",
            *([match.margin_line, ""] if match.margin_line else []),
        ]
    lines += ["## Preparation plan", "", *_steps(plan.preparation)]
    lines += ["## Lifestyle to weigh", "", "Upsides:", "", *(f"- {line}" for line in plan.lifestyle.upsides), ""]
    lines += ["Downsides:", "", *(f"- {line}" for line in plan.lifestyle.downsides), ""]
    lines += [*(f"{line}\n" for line in plan.lifestyle.conclusions)]
    if plan.licensing is not None:
        lines += ["## Licensing pathway", "", *pathway_sections(plan.licensing, level=3)]
    lines += ["## Contract checklist", ""]
    if plan.checklist_note:
        lines += [plan.checklist_note, ""]
    lines += [plan.every_role_note, ""]
    lines += [*_checks(plan.checklist), *sources_lines(plan.sources_compact)]
    return "\n".join([*lines, END, ""])


def _steps(steps: list[Step]) -> Iterable[str]:
    for _, group in groupby(steps, key=lambda step: step.when):
        items = list(group)
        yield from (f"### {items[0].when_label}", "")
        for step in items:
            roles = f" For: {', '.join(f'`{role}`' for role in step.for_roles)}." if step.for_roles else ""
            yield f"- [ ] {step.text} _{step.reason}_ ({step.area_label}.{roles}) {task_id('prep', step.id)}"
        yield ""


def _checks(checks: list[Check], statuses: dict[str, str] | None = None, met: set[str] | None = None) -> Iterable[str]:
    """Checks by category as task lines with ids; against an offer, a met term is ticked and each says its status."""
    for _, group in groupby(checks, key=lambda check: check.category):
        items = list(group)
        yield from (f"### {items[0].category_label}", "")
        for check in items:
            ask = f" Ask: “{check.ask}”" if check.ask else ""
            roles = "" if check.roles == [EVERY_ROLE] else " (For: " + ", ".join(f"`{r}`" for r in check.roles) + ".)"
            status = f" **{statuses[check.id]}.**" if statuses and check.id in statuses else ""
            box = "x" if met and check.id in met else " "
            yield f"- [{box}] {check.text}{status} _{check.why}_{ask}{roles} {task_id('check', check.id)}"
        yield ""


def checklist_markdown(view: ChecklistView) -> str:
    statuses = {line.check.id: line.status_label for line in view.lines if line.status_label}
    met = {line.check.id for line in view.lines if line.status == "met"}
    against = f" Against the offer in {view.offer}." if view.offer else ""
    lines = [
        "# Contract checklist",
        "",
        generated_line(view) + against,
        "",
        view.note,
        "",
        *_checks([line.check for line in view.lines], statuses, met),
        *sources_lines(view.sources),
    ]
    return "\n".join(lines)


def pathway_markdown(pathway: Pathway) -> str:
    lines = [
        "# Licensing pathway",
        "",
        generated_line(pathway),
        "",
        *pathway_sections(pathway, level=2),
        *sources_lines(pathway.sources),
    ]
    return "\n".join(lines)


def pathway_sections(pathway: Pathway, level: int) -> list[str]:
    """The pathway's body, at any heading level, so the plan can embed it."""
    h = "#" * level
    compact = pathway.compact
    lines = [f"{h} Interstate Medical Licensure Compact", "", f"**{compact.summary}**", ""]
    lines += [*(f"- {reason}" for reason in compact.reasons), "", f"{h} Target states", ""]
    if pathway.states:
        lines += [
            "| State | Route | Compact status | As of | Confidence | What to do |",
            "| --- | --- | --- | --- | --- | --- |",
            *(
                f"| {row.state} | {row.route_label} | {cell(row.status_label)} | {row.as_of} "
                f"| {row.confidence} | {cell(' '.join(row.notes))} |"
                for row in pathway.states
            ),
            "",
        ]
        uncertain = [row for row in pathway.states if row.uncertain]
        if uncertain:
            lines += ["What the sources say where they are unsure:", ""]
            lines += [*(f"- {row.state} ({row.confidence}): {row.evidence}" for row in uncertain), ""]
    else:
        lines += [pathway.no_targets, ""]
    lines += [pathway.totals, "", *(f"{note}\n" for note in pathway.notes)]
    lines += [
        pathway.membership_note.replace(pathway.verify_url, f"<{pathway.verify_url}>"),  # a CommonMark link
        "",
        f"{h} Check privately",
        "",
        pathway.check_privately,
        "",
        *(f"- {item}" for item in [*pathway.self_check, *pathway.also_check]),  # to read privately, never to tick
        "",
        f"{h} How the compact works",
        "",
        *(f"- {fact}" for fact in pathway.process),
        "",
        f"{h} Licensing rules to know",
        "",
        *(f"- {rule}" for rule in pathway.rules),
        "",
    ]
    return lines


def comparison_markdown(comparison: Comparison) -> str:
    offers = comparison.offers
    lines = [
        "# Offer comparison",
        "",
        generated_line(comparison),
        "",
        *offers_table(offers, comparison.rows),
        "",
    ]
    for offer in offers:
        lines += terms_lines(offer, comparison.no_sourced_note)
    lines += ["## Where each offer leads and trails", ""]
    for offer in offers:
        lines.append(
            f"- **{offer.name}** leads on: {', '.join(offer.leads) or comparison.no_measure}; "
            f"trails on: {', '.join(offer.trails) or comparison.no_measure}."
        )
    lines += ["", comparison.no_verdict, "", comparison.note, "", *sources_lines(comparison.sources)]
    return "\n".join(lines)


def offers_table(offers: list[OfferSummary], rows: list[Row]) -> list[str]:
    """The measures as a table: one column per offer, a cell's lines joined by line breaks."""
    header = "| | " + " | ".join(cell(o.name) for o in offers) + " |"
    cells = [(row.label, ["<br>".join(cell(line) for line in lines) for lines in row.cells]) for row in rows]
    return [
        header,
        "| --- |" + " --- |" * len(offers),
        *(f"| {label} | " + " | ".join(values) + " |" for label, values in cells),
    ]


def terms_lines(offer: OfferSummary, no_sourced_note: str) -> list[str]:
    """An offer's contract terms as task lines: a met term ticked, an open one with why it matters and what to ask."""
    lines = [f"## Contract terms: {offer.name}", ""]
    for check in offer.checks:
        value = f" ({check.value})" if check.value else ""
        box = "x" if check.status == "met" else " "
        detail = ""
        if check.status != "met":
            detail = f" _{check.why or no_sourced_note}_" + (f" Ask: “{check.ask}”" if check.ask else "")
        lines.append(f"- [{box}] {check.label}{value}: {check.status_label}.{detail}")
    return [*lines, ""]


def offer_markdown(view: OfferView) -> str:
    lines = [
        f"# Offer: {view.offer.name}",
        "",
        generated_line(view),
        "",
        *offers_table([view.offer], view.rows),
        "",
        *terms_lines(view.offer, view.no_sourced_note),
        view.note,
        "",
        *sources_lines(view.sources),
    ]
    return "\n".join(lines)


def cohort_markdown(view: CohortView) -> str:
    """The program director's page: stages, roles, hard limits, open preparation, each trainee's progress."""
    lines = [
        "# Cohort report",
        "",
        f"Generated {view.generated.isoformat()} by irtele {view.version}: {view.counted}. {view.disclaimer}",
        "",
    ]
    if view.none_note:
        lines += [view.none_note, ""]
    else:
        lines += ["## Trainees by stage", "", "| Stage | Trainees |", "| --- | ---: |"]
        lines += [*(f"| {cell(stage.label)} | {stage.count} |" for stage in view.stages), ""]
        lines += ["## Roles", "", "| Role | In top three | Blocked by a hard limit |", "| --- | ---: | ---: |"]
        lines += [*(f"| {cell(r.title)} (`{r.role}`) | {r.in_top} | {r.blocked} |" for r in view.roles), ""]
        lines += ["## Hard limits", ""]
        lines += [view.no_limits, ""] if view.no_limits else []
        for limit in view.limits:
            lines += [f"- {limit.line}", *(f"  - {change.label}" for change in limit.opens_with)]
        lines += ["", "## Preparation still open now", ""]
        lines += ["| Item | Trainees | When |", "| --- | ---: | --- |"]
        lines += [*(f"| {cell(item.text)} | {item.count} | {cell(item.when)} |" for item in view.open_items), ""]
        lines += ["## Trainees", "", "| Trainee | Stage | Top roles | Progress | Plan date |"]
        lines += ["| --- | --- | --- | --- | --- |"]
        for row in view.trainees:
            top = ", ".join(f"`{role.role}` {role.score}" for role in row.top)
            done = "; ".join(f"{s['name']} {s['done']}/{s['total']}" for s in row.sections)
            progress = f"{row.progress_done}/{row.progress_total} ({done})" if row.progress_total is not None else ""
            date = (row.plan_date or "") + (f" **{view.stale_note}**" if row.stale else "")
            lines.append(f"| {cell(row.id)} | {cell(row.stage_label)} | {top} | {cell(progress)} | {cell(date)} |")
        lines.append("")
    if view.unreadable:
        lines += ["## Unreadable files", "", view.unreadable_note, ""]
        lines += [*(f"- `{item.file}`: {item.reason}" for item in view.unreadable), ""]
    return "\n".join(lines)


ILP_SECTIONS = (
    "Career goals",
    "Goals for this training year",
    "Activities done",
    "Mentors and meetings",
    "Next review",
)
"""The fields of an individual learning plan, in the order programs use them."""


def ilp_markdown(view: IlpView) -> str:
    """One page: front matter linking it to its plan, then the ILP's fields; task lines keep the plan's ids."""
    import yaml

    view = printable_view(view)
    data = {"irtele": view.version, "schema_version": view.schema_version, "kind": "ilp"}
    data |= {"date": view.generated.isoformat(), "plan": view.plan}
    career, year, done, mentors, review = ILP_SECTIONS
    lines = ["---", yaml.safe_dump(data, sort_keys=False, allow_unicode=True).rstrip(), "---", ""]
    lines += ["# Individual learning plan", "", f"{view.intro} Stage: {view.stage}. {view.disclaimer}", ""]
    lines += [f"## {career}", ""]
    lines += [*(f"- **{g.title}** (`{g.role}`): {g.score}/100, {g.fit}. {g.why}" for g in view.career_goals), ""]
    lines += [f"## {year}", ""]
    for goal in view.year_goals:
        lines.append(f"- [{'x' if goal.done else ' '}] {goal.text} _({goal.when})_ {task_id('prep', goal.id)}")
    lines += ["", f"## {done}", ""]
    activities = [f"- {item.text} {task_id(item.kind, item.id)}" for item in view.activities]
    lines += [*(activities or ["-"]), ""]
    lines += [f"## {mentors}", "", view.blank, "", "- Mentor:", "- Meeting (date, with, agreed):"]
    lines += ["- Meeting (date, with, agreed):", "", f"## {review}", "", "- Date:", "- Reviewed by:", ""]
    return "\n".join(lines)
