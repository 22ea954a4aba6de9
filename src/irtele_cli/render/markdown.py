"""The plan as a Markdown file the user keeps: CommonMark with GitHub task lists."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby

from irtele_cli.licensing import Pathway
from irtele_cli.matching import Reason
from irtele_cli.offers import COMPARISON_NOTE, YES_NO, Comparison, money, number
from irtele_cli.plan import DISCLAIMER, EVERY_ROLE, Check, Plan, Step
from irtele_cli.vocabulary import AREA_LABELS, ROUTE_LABELS, WHEN_LABELS


def cell(text: str) -> str:
    """Text safe inside a table cell: pipes escaped, line breaks folded."""
    return " ".join(text.split()).replace("|", "\\|")


def reason_line(reason: Reason) -> str:
    mark = {"limit": "**hard limit**", "note": "**note**"}.get(reason.effect, f"**{reason.points:+d}**")
    return f"- {mark} {reason.text} _({reason.cited})_"


def plan_markdown(plan: Plan) -> str:
    lines = [
        "# IR telemedicine career plan",
        "",
        f"Generated {plan.generated.isoformat()} by irtele {plan.version}. {plan.disclaimer}",
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
        "| # | Role | Score | Fit | Top reason |",
        "| ---: | --- | ---: | --- | --- |",
    ]
    for rank, match in enumerate(plan.matches, start=1):
        top = match.top_reason_text
        lines.append(f"| {rank} | {cell(match.title)} (`{match.role}`) | {match.score} | {match.fit} | {cell(top)} |")
    lines += ["", "## Your top matches", ""]
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
            f"{match.score_sum} More: `irtele roles show {match.role}`",
            "",
        ]
    lines += ["## Preparation plan", "", *_steps(plan.preparation)]
    lines += ["## Lifestyle to weigh", "", "Upsides:", "", *(f"- {line}" for line in plan.lifestyle.upsides), ""]
    lines += ["Downsides:", "", *(f"- {line}" for line in plan.lifestyle.downsides), ""]
    if plan.licensing is not None:
        lines += ["## Licensing pathway", "", *pathway_sections(plan.licensing, level=3)]
    lines += ["## Contract checklist", ""]
    if plan.trainee:
        lines += ["What to check when offers come.", ""]
    lines += [*_checks(plan.checklist), "## Sources", "", *(f"- {source}" for source in plan.sources), ""]
    return "\n".join(lines)


def _steps(steps: list[Step]) -> Iterable[str]:
    for when, group in groupby(steps, key=lambda step: step.when):
        yield from (f"### {WHEN_LABELS[when]}", "")
        for step in group:
            roles = f" For: {', '.join(f'`{role}`' for role in step.for_roles)}." if step.for_roles else ""
            yield f"- [ ] {step.text} _{step.reason}_ ({AREA_LABELS[step.area]}.{roles})"
        yield ""


def _checks(checks: list[Check]) -> Iterable[str]:
    for _, group in groupby(checks, key=lambda check: check.category):
        items = list(group)
        yield from (f"### {items[0].category_label}", "")
        for check in items:
            ask = f" Ask: “{check.ask}”" if check.ask else ""
            roles = ", ".join(role if role == EVERY_ROLE else f"`{role}`" for role in check.roles)
            yield f"- [ ] {check.text} _{check.why}_{ask} (Applies to: {roles}.)"
        yield ""


def pathway_markdown(pathway: Pathway) -> str:
    lines = [
        "# Licensing pathway",
        "",
        f"Generated {pathway.generated.isoformat()} by irtele {pathway.version}. {DISCLAIMER}",
        "",
        *pathway_sections(pathway, level=2),
        "## Sources",
        "",
        *(f"- {source}" for source in pathway.sources),
        "",
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
                f"| {row.state} | {ROUTE_LABELS[row.route]} | {cell(row.status_label)} | {row.as_of} "
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
        lines += ["No target states given.", ""]
    lines += [pathway.totals, "", *(f"{note}\n" for note in pathway.notes)]
    lines += [
        f"Membership changes: confirm every state at <{pathway.verify_url}>.",
        "",
        f"{h} Check privately",
        "",
        "The tool never asks about these; check them yourself before you apply.",
        "",
        *(f"- [ ] {item}" for item in [*pathway.self_check, *pathway.also_check]),
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


STATUS_WORDS = {"met": "met", "unmet": "not met", "unknown": "not stated"}


def comparison_markdown(comparison: Comparison) -> str:
    offers = comparison.offers
    header = "| | " + " | ".join(cell(o.name) for o in offers) + " |"
    rows = [
        ("Role", [o.role_title or "not given" for o in offers]),
        ("Employment", [o.employment for o in offers]),
        ("Pay", ["<br>".join(f"{line.formula} = {money(line.yearly)}" for line in o.components) for o in offers]),
        ("Annual cash", [money(o.annual_cash) for o in offers]),
        ("Benefits", [money(o.benefits_value) if o.benefits_value is not None else "not given" for o in offers]),
        ("Annual total", [money(o.annual_total) for o in offers]),
        (
            "Hours a year",
            [
                f"{number(o.hours_per_week)} h/week × {number(o.weeks_per_year)} weeks = {number(o.hours_per_year)}"
                for o in offers
            ],
        ),
        ("Per hour", [money(o.hourly) for o in offers]),
        ("Nights/weekends", [YES_NO.get(o.nights_weekends, "not stated") for o in offers]),
        ("Open questions", [f"{o.open_questions} of {len(o.checks)} terms" for o in offers]),
    ]
    lines = [
        "# Offer comparison",
        "",
        f"Generated {comparison.generated.isoformat()} by irtele {comparison.version}. {DISCLAIMER}",
        "",
        header,
        "| --- |" + " --- |" * len(offers),
        *(f"| {label} | " + " | ".join(cell(value) for value in values) + " |" for label, values in rows),
        "",
    ]
    for offer in offers:
        lines += [f"## Contract terms: {offer.name}", ""]
        for check in offer.checks:
            value = f" ({check.value})" if check.value else ""
            box = "x" if check.status == "met" else " "
            detail = ""
            if check.status != "met":
                why = check.why or "No sourced note in the knowledge base."
                detail = f" _{why}_" + (f" Ask: “{check.ask}”" if check.ask else "")
            lines.append(f"- [{box}] {check.label}{value}: {STATUS_WORDS[check.status]}.{detail}")
        lines.append("")
    lines += ["## Where each offer leads and trails", ""]
    for offer in offers:
        lines.append(
            f"- **{offer.name}** leads on: {', '.join(offer.leads) or 'none of the measures'}; "
            f"trails on: {', '.join(offer.trails) or 'none of the measures'}."
        )
    lines += [
        "",
        "No winner is named: weigh these against the lifestyle you want.",
        "",
        COMPARISON_NOTE,
        "",
        "## Sources",
        "",
    ]
    lines += [*(f"- {source}" for source in comparison.sources), ""]
    return "\n".join(lines)
