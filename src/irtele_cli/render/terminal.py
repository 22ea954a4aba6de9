"""Rich renderables for the terminal; they format what the core computed and compute nothing."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from irtele_cli.catalog import Outlook, RoleRow, RoleView
from irtele_cli.knowledge import KnowledgeBase
from irtele_cli.licensing import Pathway
from irtele_cli.matching import Reason
from irtele_cli.offers import COMPARISON_NOTE, YES_NO, Comparison, money, number
from irtele_cli.plan import DISCLAIMER, Plan
from irtele_cli.vocabulary import AREA_LABELS, ROUTE_LABELS, WHEN_LABELS


def console(stderr: bool = False) -> Console:
    """The terminal console; Rich itself honours NO_COLOR and plain output when piped."""
    return Console(stderr=stderr, highlight=False)


def marked(rows: Iterable[tuple[RenderableType, RenderableType]]) -> Table:
    """Rows of (marker, content) whose wrapped lines stay indented under the content."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for mark, content in rows:
        grid.add_row(mark, content)
    return grid


def bullets(items: Iterable[str | Text], marker: str = "•") -> Table:
    return marked((marker, item) for item in items)


def roles_table(rows: list[RoleRow]) -> Table:
    table = Table(title="Telehealth roles for interventional radiologists", title_justify="left")
    # Narrow columns beside the id keep the table inside 80 columns without breaking an id.
    table.add_column("ID and role", min_width=max(len(row.id) for row in rows))
    table.add_column("Job type", max_width=13)
    table.add_column("Telehealth share", max_width=12)
    table.add_column("Schedule", max_width=11)
    for row in rows:
        table.add_row(
            Text.assemble((row.id, "bold cyan"), "\n", row.title), row.job_type, row.share, "\n".join(row.schedules)
        )
    table.caption = "More on one role: irtele roles show ID"
    return table


def role_detail(view: RoleView) -> Group:
    role = view.role
    header = Text()
    header.append(f"{role.title}\n", style="bold")
    header.append(f"{role.id} · {view.job_type}\n", style="dim")
    header.append(f"Domains: {', '.join(view.domains)}\n\n")
    header.append(role.summary)

    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column()
    for label, value in view.facts:
        facts.add_row(label, value)

    needs = Table(show_header=True, header_style="bold", expand=True, show_lines=False)
    needs.add_column("Asks of you", no_wrap=True)
    needs.add_column("Level", no_wrap=True)
    needs.add_column("Why")
    for need in view.needs:
        needs.add_row(need.label, need.level, need.why)

    parts: list[RenderableType] = [
        Panel(header, title="Role", title_align="left"),
        Panel(bullets(role.week), title="What a week looks like", title_align="left"),
        Panel(
            Group(*(Group(Text(line.title, style="bold"), bullets(line.examples, marker="-")) for line in view.work)),
            title="The telehealth work behind it",
            title_align="left",
        ),
        Panel(facts, title="Structure", title_align="left"),
        Panel(bullets(role.pros), title="Pros", title_align="left"),
        Panel(bullets(role.cons), title="Cons", title_align="left"),
        Panel(needs, title="What it asks of you", title_align="left"),
    ]
    if view.pay:
        pay = Group(
            bullets(
                Text.assemble((line.title, "bold"), f": {line.summary} Common in: {line.common_in}.")
                for line in view.pay
            ),
            Text("What can move the pay:", style="italic"),
            bullets(view.pay_factors, marker="-"),
        )
        parts.append(Panel(pay, title="How it is paid", title_align="left"))
    if view.checks:
        checklist = bullets(
            Text.assemble((f"[{check.category}] ", "dim"), check.text, " ", (check.why, "italic"))
            for check in view.checks
        )
        parts.append(Panel(checklist, title="Contract checks for this role", title_align="left"))
    if role.trainee_note:
        parts.append(Panel(Text(role.trainee_note), title="If you are still in training", title_align="left"))
    parts.append(Panel(sources_list(view.sources), title="Sources", title_align="left"))
    parts.append(Text(DISCLAIMER, style="dim"))
    return Group(*parts)


def faq_view(kb: KnowledgeBase, ahead: Outlook) -> Group:
    parts: list[RenderableType] = []
    for index, entry in enumerate(kb.faq, start=1):
        body: list[RenderableType] = [Text(entry.question, style="bold"), Text(""), Text(entry.answer)]
        if entry.points:
            body += [Text(""), bullets(entry.points)]
        sources = ", ".join(kb.source_label(s) for s in entry.sources)
        body += [Text(""), Text(f"Source: {sources}", style="dim")]
        parts.append(Panel(Group(*body), title=f"FAQ {index}", title_align="left"))
    heading = Group(
        Text("What drives it", style="bold"),
        bullets(ahead.drivers),
        Text("What may come", style="bold"),
        bullets(ahead.developments),
        Text(f"Source: {', '.join(ahead.sources)}", style="dim"),
    )
    parts.append(Panel(heading, title="Where the field is heading", title_align="left"))
    parts.append(Text(DISCLAIMER, style="dim"))
    return Group(*parts)


REASON_STYLES = {"plus": "green", "minus": "yellow", "limit": "red", "note": "blue"}


def score_bar(score: int, width: int = 8) -> Text:
    filled = round(score / 100 * width)
    return Text.assemble(("█" * filled, "cyan"), ("░" * (width - filled), "dim"), f" {score:>3}")


def reasons_text(reasons: Iterable[Reason]) -> Table:
    """Each reason with its effect in front and its source under it."""
    rows = []
    for reason in reasons:
        style = REASON_STYLES[reason.effect]
        effect = {"limit": "limit", "note": "note"}.get(reason.effect, f"{reason.points:+d}")
        rows.append((Text(effect, style=style), Text.assemble(reason.text, "\n", (reason.cited, "dim"))))
    return marked(rows)


def plan_view(plan: Plan) -> Group:
    answers = Table.grid(padding=(0, 2))
    answers.add_column(style="dim")
    answers.add_column()
    for answer in plan.answers:
        answers.add_row(answer.question, answer.answer)
    parts: list[RenderableType] = [
        Panel(answers, title=f"Your IR telemedicine plan · {plan.generated.isoformat()}", title_align="left")
    ]
    if plan.trainee_note:
        parts.append(Panel(Text(plan.trainee_note), title="You are in training", title_align="left"))

    ranked = Table(title="Roles ranked by fit", title_justify="left", expand=True)
    ranked.add_column("#", justify="right", no_wrap=True)
    ranked.add_column("Role, and the reason that weighed most")
    ranked.add_column("Score", no_wrap=True)
    ranked.add_column("Fit", no_wrap=True)
    for rank, match in enumerate(plan.matches, start=1):
        role = Text.assemble((match.title, "bold"), "\n", (match.role, "dim"))
        if match.top_reason:
            role.append(f"\n{match.top_reason_text}", style="italic")
        ranked.add_row(str(rank), role, score_bar(match.score), match.fit)
    parts.append(ranked)

    if plan.top_note:
        parts.append(Text(plan.top_note, style="italic"))
    by_id = {match.role: match for match in plan.matches}
    for rank, role_id in enumerate(plan.top, start=1):
        match = by_id[role_id]
        body = Group(
            Text(match.summary),
            Text(""),
            reasons_text(match.reasons),
            Text(""),
            Text(match.score_sum, style="dim"),
            Text(f"More: irtele roles show {match.role}", style="dim"),
        )
        title = f"{rank}. {match.title} · {match.score}/100 · {match.fit}"
        parts.append(Panel(body, title=title, title_align="left"))

    parts.append(Panel(steps_text(plan), title="Preparation plan", title_align="left"))
    weigh = Group(
        Text("Upsides", style="bold"),
        bullets(plan.lifestyle.upsides, marker="+"),
        Text("Downsides", style="bold"),
        bullets(plan.lifestyle.downsides, marker="-"),
    )
    parts.append(Panel(weigh, title="Lifestyle to weigh", title_align="left"))
    if plan.licensing is not None:
        parts.append(Text("Licensing pathway", style="bold"))
        parts.extend(pathway_parts(plan.licensing, with_sources=False))
    parts.append(Panel(checks_text(plan), title="Contract checklist", title_align="left"))
    parts.append(Panel(sources_list(plan.sources), title="Sources", title_align="left"))
    parts.append(Text(plan.disclaimer, style="dim"))
    return Group(*parts)


def steps_text(plan: Plan) -> Group:
    parts: list[RenderableType] = []
    for when, steps in groupby(plan.preparation, key=lambda step: step.when):
        rows = []
        for step in steps:
            roles = f" For: {', '.join(step.for_roles)}." if step.for_roles else ""
            detail = f"{step.reason} ({AREA_LABELS[step.area]}.{roles})"
            rows.append(("☐", Text.assemble(step.text, "\n", (detail, "dim"))))
        parts += [Text(WHEN_LABELS[when], style="bold"), marked(rows)]
    return Group(*parts)


def checks_text(plan: Plan) -> Group:
    parts: list[RenderableType] = []
    if plan.trainee:
        parts.append(Text("What to check when offers come.", style="italic"))
    for _, group in groupby(plan.checklist, key=lambda check: check.category):
        checks = list(group)
        rows = []
        for check in checks:
            detail = check.why + (f" Ask: “{check.ask}”" if check.ask else "") + f" ({', '.join(check.roles)})"
            rows.append(("☐", Text.assemble(check.text, "\n", (detail, "dim"))))
        parts += [Text(checks[0].category_label, style="bold"), marked(rows)]
    return Group(*parts)


def pathway_view(pathway: Pathway) -> Group:
    """The licensing pathway in one screen: the compact, each target state's route, what to check."""
    return Group(*pathway_parts(pathway), Text(DISCLAIMER, style="dim"))


def pathway_parts(pathway: Pathway, with_sources: bool = True) -> list[RenderableType]:
    compact = pathway.compact
    head = Group(
        Text(compact.summary, style="bold green" if compact.eligible else "bold yellow"), bullets(compact.reasons)
    )
    parts: list[RenderableType] = [Panel(head, title="Interstate Medical Licensure Compact", title_align="left")]
    if pathway.states:
        table = Table(title="Your target states", title_justify="left", expand=True, show_lines=True)
        table.add_column("State", no_wrap=True)
        table.add_column("Route", no_wrap=True)
        table.add_column("Compact status", ratio=1)
        table.add_column("What to do", ratio=2)
        for row in pathway.states:
            status = f"{row.status_short}\n{row.as_of} · {row.confidence}"
            table.add_row(Text(row.state, style="bold"), ROUTE_LABELS[row.route], status, "\n".join(row.notes))
        parts.append(table)
        uncertain = [row for row in pathway.states if row.uncertain]
        if uncertain:
            evidence = bullets(
                Text.assemble((f"{row.state} ({row.confidence}): ", "bold"), row.evidence) for row in uncertain
            )
            parts.append(Panel(evidence, title="What the sources say where they are unsure", title_align="left"))
    else:
        parts.append(Text("No target states given: add --target to see a route for each state.", style="italic"))
    parts.append(Text(pathway.totals, style="yellow" if pathway.over_limit else ""))
    parts += [Text(note, style="yellow") for note in pathway.notes]
    check = Group(
        Text("The tool never asks about these; check them yourself before you apply.", style="italic"),
        bullets([*pathway.self_check, *pathway.also_check], marker="☐"),
    )
    parts.append(Panel(check, title="Check privately", title_align="left"))
    parts.append(Panel(bullets(pathway.process), title="How the compact works", title_align="left"))
    parts.append(Panel(bullets(pathway.rules), title="Licensing rules to know", title_align="left"))
    parts.append(Text(f"Membership changes: confirm every state at {pathway.verify_url}", style="bold"))
    if with_sources:
        parts.append(Panel(sources_list(pathway.sources), title="Sources", title_align="left"))
    return parts


def sources_list(sources: Iterable[str]) -> Table:
    """Sources as a list whose long URLs wrap instead of being cut off, so they can be copied."""
    return bullets((Text(source, overflow="fold") for source in sources), marker="-")


STATUS_MARKS = {"met": ("✓ met", "green"), "unmet": ("✗ not met", "red"), "unknown": ("? not stated", "yellow")}


def comparison_view(comparison: Comparison) -> Group:
    """Offers side by side in money and time, then each offer's open contract questions, then the facts."""
    offers = comparison.offers
    table = Table(title="Offers side by side (yearly)", title_justify="left", expand=True, show_lines=True)
    table.add_column("", style="bold", no_wrap=True)
    for offer in offers:
        table.add_column(offer.name, ratio=1)
    rows: list[tuple[str, list[RenderableType]]] = [
        ("Role", [o.role_title or "not given" for o in offers]),
        ("Employment", [o.employment for o in offers]),
        ("Pay", [Text("\n".join(f"{line.formula}\n= {money(line.yearly)}" for line in o.components)) for o in offers]),
        ("Annual cash", [Text(money(o.annual_cash), style="bold") for o in offers]),
        ("Benefits", [money(o.benefits_value) if o.benefits_value is not None else "not given" for o in offers]),
        ("Annual total", [Text(money(o.annual_total), style="bold") for o in offers]),
        (
            "Hours",
            [
                f"{number(o.hours_per_week)} h/week × {number(o.weeks_per_year)} weeks = {number(o.hours_per_year)} h"
                for o in offers
            ],
        ),
        ("Per hour", [Text(money(o.hourly), style="bold") for o in offers]),
        ("Nights/weekends", [YES_NO.get(o.nights_weekends, "not stated") for o in offers]),
        ("Open questions", [f"{o.open_questions} of {len(o.checks)} terms" for o in offers]),
    ]
    for label, cells in rows:
        table.add_row(label, *cells)
    parts: list[RenderableType] = [table]
    for offer in offers:
        terms = Table.grid(padding=(0, 1))
        terms.add_column(no_wrap=True)
        terms.add_column()
        for check in offer.checks:
            mark, style = STATUS_MARKS[check.status]
            body = Text(check.label + (f" ({check.value})" if check.value else ""))
            if check.status != "met":
                body.append(f"\n{check.why or 'No sourced note in the knowledge base.'}", style="dim")
                if check.ask:
                    body.append(f"\nAsk: “{check.ask}”", style="italic")
            terms.add_row(Text(mark, style=style), body)
        parts.append(Panel(terms, title=f"Contract terms · {offer.name}", title_align="left"))
    summary: list[RenderableType] = []
    for offer in offers:
        summary.append(Text(offer.name, style="bold"))
        leads = ", ".join(offer.leads) or "none of the measures"
        trails = ", ".join(offer.trails) or "none of the measures"
        summary.append(marked([(" Leads on:", leads), ("Trails on:", trails)]))
    summary.append(Text("No winner is named: weigh these against the lifestyle you want.", style="italic"))
    parts.append(Panel(Group(*summary), title="Where each offer leads and trails", title_align="left"))
    parts.append(Text(COMPARISON_NOTE, style="dim"))
    parts.append(Panel(sources_list(comparison.sources), title="Sources", title_align="left"))
    parts.append(Text(DISCLAIMER, style="dim"))
    return Group(*parts)
