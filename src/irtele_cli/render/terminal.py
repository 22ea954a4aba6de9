"""Rich renderables for the terminal; they lay out what the core computed and compute nothing.

Every string from data or the user reaches Rich as ``Text``, never as a markup string: a role title
or offer name with ``[bold]`` or ``[/]`` in it is shown as written.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable
from contextvars import ContextVar
from itertools import groupby
from typing import TYPE_CHECKING

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from irtele_cli.render.safe import printable_view

if TYPE_CHECKING:  # the views are imported when one is printed (see renderable)
    from irtele_cli.core.catalog import FaqView, RolesView, RoleView
    from irtele_cli.core.checklist import ChecklistView
    from irtele_cli.core.cohort import CohortView
    from irtele_cli.core.licensing import Pathway
    from irtele_cli.core.matching import Reason
    from irtele_cli.core.offers import Comparison, OfferSummary, OfferView
    from irtele_cli.core.plan import Plan
    from irtele_cli.core.progress import Progress

    View = (
        Plan | Pathway | Comparison | OfferView | RolesView | RoleView | FaqView | Progress | ChecklistView | CohortView
    )

MIN_WIDTH, DEFAULT_WIDTH = 20, 80
READABLE_WIDTH = 110
STACKED_BELOW = 80  # columns: narrower terminals get stacked lines instead of tables, so nothing is cut
_STACKED: ContextVar[bool] = ContextVar("irtele_stacked", default=False)
_ACCESSIBLE: ContextVar[bool] = ContextVar("irtele_accessible", default=False)
SUMMARY_REASONS = 4  # the weightiest reasons of a top match in the summary; all of them with --full


class PipeConsole(Console):
    """Rich's console, but a closed pipe is left to the CLI, which treats it the same in every format."""

    def on_broken_pipe(self) -> None:
        raise BrokenPipeError


def console() -> Console:
    """The terminal console; Rich itself honours NO_COLOR and plain output when piped.

    A COLUMNS that is not a usable width (0, -5, 'wide') is ignored rather than printing nothing.
    """
    columns = os.environ.get("COLUMNS", "")
    unusable = bool(columns) and not (columns.isdecimal() and int(columns) >= MIN_WIDTH)
    # No markup or emoji codes in any string, ours included: a heading like 'Score' is no markup to parse,
    # and Rich's table of emoji codes (2-3 ms of a text plan) is never imported.
    out = PipeConsole(highlight=False, markup=False, emoji=False, width=DEFAULT_WIDTH if unusable else None)
    if not columns and out.width > READABLE_WIDTH:
        out.width = READABLE_WIDTH  # a very wide terminal keeps prose readable; an explicit COLUMNS wins
    return out


def show(view: View, sections: tuple[str, ...] = (), pager: str | None = None, accessible: bool = False) -> None:
    """Print any view: the one entry point, picked by the view's type; control characters are escaped.

    ``sections`` chooses what of a plan to print (SECTIONS for all; none for the summary). With a
    ``pager`` command and a terminal, output taller than the screen is paged, the way git and gh do.
    ``accessible`` prints the same content as plain lines and sentences, for screen readers.
    """
    safe = printable_view(view)
    out = console()
    stacked_token = _STACKED.set(accessible or out.width < STACKED_BELOW)
    accessible_token = _ACCESSIBLE.set(accessible)
    try:
        shown = renderable(safe, sections)
        if accessible:
            shown = Group(*spoken(shown))
    finally:
        _STACKED.reset(stacked_token)
        _ACCESSIBLE.reset(accessible_token)
    if pager is None or not out.is_terminal:
        out.print(shown)
        return
    with out.capture() as captured:
        out.print(shown)
    text = captured.get()
    if text.count("\n") <= out.height:
        out.file.write(text)
        return
    import shlex
    import subprocess

    try:
        command = shlex.split(pager)
        if not command:
            raise ValueError("empty pager command")
        env = {**os.environ, "LESS": os.environ.get("LESS", "FRX")}  # as git does: colours, quit if it fits
        subprocess.run(command, input=text, text=True, check=False, env=env)
    except (OSError, ValueError):  # no such pager, or one that cannot be parsed: print as if there were none
        out.file.write(text)


def renderable(view: View, sections: tuple[str, ...] = ()) -> RenderableType:
    """Any view's renderable (``sections`` as for show). A family of views is imported here, and only when
    its module already is: a view's class was imported before the view was made, and a pathway's or an
    offer's text would otherwise create the pydantic classes of every other command's views."""
    loaded = sys.modules
    if "irtele_cli.core.plan" in loaded:
        from irtele_cli.core.plan import Plan

        if isinstance(view, Plan):
            return plan_view(view, sections)
    if "irtele_cli.core.licensing" in loaded:
        from irtele_cli.core.licensing import Pathway

        if isinstance(view, Pathway):
            return pathway_view(view)
    if "irtele_cli.core.offers" in loaded:
        from irtele_cli.core.offers import Comparison, OfferView

        if isinstance(view, Comparison):
            return comparison_view(view)
        if isinstance(view, OfferView):
            return offer_view(view)
    if "irtele_cli.core.catalog" in loaded:
        from irtele_cli.core.catalog import FaqView, RolesView, RoleView

        if isinstance(view, RolesView):
            return roles_table(view)
        if isinstance(view, RoleView):
            return role_detail(view)
        if isinstance(view, FaqView):
            return faq_view(view)
    if "irtele_cli.core.progress" in loaded:
        from irtele_cli.core.progress import Progress

        if isinstance(view, Progress):
            return progress_view(view)
    if "irtele_cli.core.checklist" in loaded:
        from irtele_cli.core.checklist import ChecklistView

        if isinstance(view, ChecklistView):
            return checklist_view(view)
    if "irtele_cli.core.cohort" in loaded:
        from irtele_cli.core.cohort import CohortView

        if isinstance(view, CohortView):
            return cohort_view(view)
    raise TypeError(f"no layout for a {type(view).__name__}")  # every view printed is tested (test_cli_*)


SPOKEN_MARKS = {"•": "", " ": "", "☐": "To do:", "✓": "Met:", "✗": "Not met:", "?": "Not stated:"}
"""Markers as words in accessible output; '+' and '-' (upsides, downsides, effects) are read as they are."""


def spoken(part: RenderableType) -> list[Text]:
    """A renderable as plain lines: a panel is its title and body, a table a sentence per row.

    The content is what the boxed layout shows; only boxes, rules and bars are left out.
    """
    match part:
        case Text():
            return [Text(part.plain.replace(" · ", "; "), style=part.style)]
        case str():
            return [Text(part)]
        case Group():
            return [line for child in part.renderables for line in spoken(child)]
        case Panel():
            title = part.title.plain if isinstance(part.title, Text) else str(part.title or "")
            return [Text(""), Text(title.replace(" · ", ", "), style="bold"), *spoken(part.renderable)]
        case Table():
            return _spoken_table(part)
    return [Text(str(part))]


def _spoken_table(table: Table) -> list[Text]:
    columns = [list(column.cells) for column in table.columns]
    headers = [column.header if isinstance(column.header, str) else "" for column in table.columns]
    lines = [Text(table.title.plain if isinstance(table.title, Text) else str(table.title), style="bold")]
    lines = lines if table.title else []
    rows = list(zip(*columns, strict=True))
    for number, row in enumerate(rows, start=1):
        cells = [_one_line(cell) for cell in row]
        if table.show_header and any(headers):
            said = ", ".join(
                f"{head}: {cell}" if head else cell for head, cell in zip(headers, cells, strict=True) if cell
            )
            lines.append(Text(f"Row {number} of {len(rows)}: {said}."))
        else:
            lines.append(Text(_marked_row(cells[0], [_cell_text(cell) for cell in row[1:]]) if len(cells) > 1
                              else cells[0]))  # fmt: skip
    return lines


def _marked_row(first: str, rest: list[str]) -> str:
    """A grid row read aloud: a marker as a word before its content, a name and its value with a colon."""
    if first in SPOKEN_MARKS or re.fullmatch(r"[+-]\d*|limit|note", first):
        return " ".join(part for part in [SPOKEN_MARKS.get(first, first), *rest] if part)
    return f"{first}: {' '.join(rest)}"


def _cell_text(cell: RenderableType) -> str:
    return "\n".join(line.plain for line in spoken(cell))


def _one_line(cell: RenderableType) -> str:
    return " ".join(_cell_text(cell).split())


def panel(body: RenderableType, title: str) -> Panel:
    return Panel(body, title=Text(title), title_align="left")


def marked(rows: Iterable[tuple[str | Text, str | Text]]) -> Table:
    """Rows of (marker, content) whose wrapped lines stay indented under the content."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for mark, content in rows:
        grid.add_row(
            Text(mark) if isinstance(mark, str) else mark, Text(content) if isinstance(content, str) else content
        )
    return grid


def bullets(items: Iterable[str | Text], marker: str = "•") -> Table:
    return marked((marker, item) for item in items)


def dim(text: str) -> Text:
    return Text(text, style="dim")


def stacked(title: str, entries: Iterable[tuple[Text, Iterable[str | Text]]]) -> Group:
    """A table for a narrow terminal: each row as a bold first line and its other cells indented under it."""
    parts: list[RenderableType] = [Text(title, style="bold")]
    for head, lines in entries:
        parts += [head, marked((" ", line) for line in lines)]
    return Group(*parts)


def roles_table(view: RolesView) -> RenderableType:
    rows = view.rows
    if _STACKED.get():
        return stacked(
            "Telehealth roles for interventional radiologists",
            ((Text(row.id, style="bold cyan"), [row.title, f"{row.job_type} · {row.share}", ", ".join(row.schedules)])
             for row in rows),
        )  # fmt: skip
    table = Table(title=Text("Telehealth roles for interventional radiologists"), title_justify="left")
    # Narrow columns beside the id keep the table inside 80 columns without breaking an id.
    table.add_column("ID and role", min_width=max(len(row.id) for row in rows))
    table.add_column("Job type", max_width=13)
    table.add_column("Telehealth share", max_width=12)
    table.add_column("Schedule", max_width=11)
    for row in rows:
        table.add_row(
            Text.assemble((row.id, "bold cyan"), "\n", row.title),
            Text(row.job_type),
            Text(row.share),
            Text("\n".join(row.schedules)),
        )
    table.caption = Text("More on one role: irtele roles show ID")
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
        facts.add_row(Text(label), Text(value))

    needs = Table(show_header=True, header_style="bold", expand=True, show_lines=False)
    needs.add_column("Asks of you", no_wrap=True)
    needs.add_column("Level", no_wrap=True)
    needs.add_column("Why")
    for need in view.needs:
        needs.add_row(Text(need.label), Text(need.level), Text(need.why))

    parts: list[RenderableType] = [
        panel(header, "Role"),
        panel(bullets(role.week), "What a week looks like"),
        panel(
            Group(*(Group(Text(line.title, style="bold"), bullets(line.examples, marker="-")) for line in view.work)),
            "The telehealth work behind it",
        ),
        panel(facts, "Structure"),
        panel(bullets(role.pros), "Pros"),
        panel(bullets(role.cons), "Cons"),
        panel(needs, "What it asks of you"),
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
        parts.append(panel(pay, "How it is paid"))
    if view.checks:
        checklist = bullets(
            Text.assemble((f"[{check.category}] ", "dim"), check.text, " ", (check.why, "italic"))
            for check in view.checks
        )
        parts.append(panel(checklist, "Contract checks for this role"))
    if role.trainee_note:
        parts.append(panel(Text(role.trainee_note), "If you are still in training"))
    parts.append(panel(sources_list(view.sources), "Sources"))
    parts.append(dim(view.disclaimer))
    return Group(*parts)


def progress_view(view: Progress) -> Group:
    """Items done per section with a bar, then what is next."""
    rows = Table.grid(padding=(0, 2))
    rows.add_column(no_wrap=True)
    rows.add_column(no_wrap=True)
    rows.add_column(no_wrap=True)
    for section in view.sections:
        share = round(100 * section.done / section.total) if section.total else 0
        rows.add_row(
            Text(section.name), score_bar(share, suffix=False), Text(f"{section.done} of {section.total} done")
        )
    parts: list[RenderableType] = [
        Text(f"Plan of {view.plan_date} (irtele {view.version}): {view.file}", style="bold"),
        rows,
    ]
    if view.next:
        parts += [Text(f"Next ({view.next[0].when}):", style="bold"), bullets(item.text for item in view.next)]
    elif any(section.total for section in view.sections if section.name == "Preparation plan"):
        parts.append(Text("Every preparation step is done.", style="italic"))
    return Group(*parts)


def faq_view(view: FaqView) -> Group:
    parts: list[RenderableType] = []
    for index, entry in enumerate(view.entries, start=1):
        body: list[RenderableType] = [Text(entry.question, style="bold"), Text(""), Text(entry.answer)]
        if entry.points:
            body += [Text(""), bullets(entry.points)]
        body += [Text(""), dim(f"Source: {', '.join(entry.sources)}")]
        parts.append(panel(Group(*body), f"FAQ {index}"))
    ahead = view.outlook
    heading = Group(
        Text("What drives it", style="bold"),
        bullets(ahead.drivers),
        Text("What may come", style="bold"),
        bullets(ahead.developments),
        dim(f"Source: {', '.join(ahead.sources)}"),
    )
    parts.append(panel(heading, "Where the field is heading"))
    parts.append(dim(view.disclaimer))
    return Group(*parts)


REASON_STYLES = {"plus": "green", "minus": "yellow", "limit": "red", "note": "blue"}


def score_bar(score: int, width: int = 8, suffix: bool = True) -> Text:
    if _ACCESSIBLE.get():
        return Text(f"score {score}")
    filled = round(score / 100 * width)
    return Text.assemble(("█" * filled, "cyan"), ("░" * (width - filled), "dim"), f" {score:>3}" if suffix else "")


def _more_reasons(more: int) -> str:
    return f"And {more} more reason{'' if more == 1 else 's'}: --section matches"


def reasons_text(reasons: Iterable[Reason], sourced: bool = True) -> Table:
    """Each reason with its effect in front and, when ``sourced``, its source under it."""
    rows = []
    for reason in reasons:
        style = REASON_STYLES[reason.effect]
        effect = {"limit": "limit", "note": "note"}.get(reason.effect, f"{reason.points:+d}")
        source = ("\n", (reason.cited, "dim")) if sourced else ((" (inferred)", "dim") if reason.inferred else "",)
        rows.append((Text(effect, style=style), Text.assemble(reason.text, *source)))
    return marked(rows)


def plan_view(plan: Plan, sections: tuple[str, ...] = ()) -> Group:
    """The summary (about two screens), every section with ``full``, or just the ``sections`` named."""
    from irtele_cli.core.plan import SECTIONS

    full = sections == SECTIONS
    chosen = set(sections)
    parts: list[RenderableType] = []
    if not chosen or full:
        parts += _plan_head(plan)
    if not chosen or full or "matches" in chosen:
        parts += _plan_matches(plan, table=not chosen or full, sourced=bool(chosen))
    if "preparation" in chosen:
        parts.append(panel(steps_text(plan), "Preparation plan"))
    if "lifestyle" in chosen:
        parts.append(panel(_lifestyle(plan), "Lifestyle to weigh"))
    if "licensing" in chosen and plan.licensing is not None:
        parts += [Text("Licensing pathway", style="bold"), *pathway_parts(plan.licensing, with_sources=False)]
    elif "licensing" in chosen:
        parts.append(Text(plan.no_licensing, style="italic"))
    if "checklist" in chosen:  # in --full, a trainee's is condensed to what every offer will ask of them
        parts.append(panel(checks_text(plan, condensed=full and plan.trainee), "Contract checklist"))
    if "sources" in chosen:
        parts.append(panel(sources_list(plan.sources), "Sources"))
    if not chosen:
        parts.append(dim(plan.more))
    parts.append(dim(plan.disclaimer))
    return Group(*parts)


def _plan_head(plan: Plan) -> list[RenderableType]:
    answers = Table.grid(padding=(0, 2))
    answers.add_column(style="dim")
    answers.add_column()
    for answer in plan.answers:
        answers.add_row(Text(answer.question), Text(answer.answer))
    parts: list[RenderableType] = [panel(answers, f"Your IR telemedicine plan · {plan.generated.isoformat()}")]
    if plan.trainee_note:
        parts.append(panel(Text(plan.trainee_note), "You are in training"))
    parts.append(panel(bullets(plan.in_short), "In short"))
    return parts


def _plan_matches(plan: Plan, table: bool, sourced: bool) -> list[RenderableType]:
    """The ranked table and a panel per top match; the summary leaves each reason's source to --full."""
    parts: list[RenderableType] = []
    if table and _ACCESSIBLE.get():
        parts.append(Text("Roles ranked by fit", style="bold"))
        for rank, match in enumerate(plan.matches, start=1):
            because = f" Because: {match.top_reason_text}" if match.top_reason_text else ""
            parts.append(Text(f"Role {rank} of {len(plan.matches)}: {match.title} ({match.role}), score {match.score}, "
                              f"{match.fit}."
                              f"{because}"))  # fmt: skip
            parts += [Text(line) for line in match.recourse_lines]
        parts += [dim(plan.fit_legend), *(Text(note) for note in plan.priority_notes)]
        if plan.what_if is not None:
            parts.append(panel(what_if_text(plan), "What the change does"))
    elif table and _STACKED.get():
        parts.append(stacked("Roles ranked by fit", (
            (Text.assemble(f"{rank}. ", (match.title, "bold"), f" · {match.score} · {match.fit}"),
             [Text(match.role, style="dim"), *([match.top_reason_text] if match.top_reason_text else []),
              *(Text(line, style="cyan") for line in match.recourse_lines)])
            for rank, match in enumerate(plan.matches, start=1)
        )))  # fmt: skip
        parts += [dim(plan.fit_legend), *(Text(note, style="yellow") for note in plan.priority_notes)]
        if plan.what_if is not None:
            parts.append(panel(what_if_text(plan), "What the change does"))
    elif table:
        ranked = Table(title=Text("Roles ranked by fit"), title_justify="left", expand=True)
        ranked.add_column("#", justify="right", no_wrap=True)
        ranked.add_column("Role, and what sets it apart")
        ranked.add_column("Score", no_wrap=True)
        ranked.add_column("Fit", no_wrap=True)
        for rank, match in enumerate(plan.matches, start=1):
            role = Text.assemble((match.title, "bold"), "\n", (match.role, "dim"))
            if match.top_reason_text:
                role.append(f"\n{match.top_reason_text}", style="italic")
            for line in match.recourse_lines:
                role.append(f"\n{line}", style="cyan")
            ranked.add_row(Text(str(rank)), role, score_bar(match.score), Text(match.fit))
        parts += [ranked, dim(plan.fit_legend)]
        parts += [Text(note, style="yellow") for note in plan.priority_notes]
        if plan.what_if is not None:
            parts.append(panel(what_if_text(plan), "What the change does"))
    if not table and plan.what_if is not None:
        parts.append(panel(what_if_text(plan), "What the change does"))
    if plan.top_note:
        parts.append(Text(plan.top_note, style="italic"))
    by_id = {match.role: match for match in plan.matches}
    for rank, role_id in enumerate(plan.top, start=1):
        match = by_id[role_id]
        hidden = 0 if sourced else len(match.reasons) - SUMMARY_REASONS  # the summary shows the weightiest few
        body = Group(
            *([Text(match.summary), Text("")] if sourced else []),
            reasons_text(match.reasons if sourced else match.reasons[:SUMMARY_REASONS], sourced),
            *(
                [dim(_more_reasons(hidden))]
                if not sourced and (hidden := len(match.reasons) - SUMMARY_REASONS) > 0
                else []
            ),
            Text(""),
            *([dim(match.score_sum)] if sourced else []),  # the sum is checkable only with every reason shown
            *([dim(match.margin_line)] if match.margin_line else []),
            *([dim(f"More: irtele roles show {match.role}")] if sourced else []),
        )
        parts.append(panel(body, f"{rank}. {match.title} · {match.score}/100 · {match.fit}"))
    return parts


def _lifestyle(plan: Plan) -> Group:
    return Group(
        Text("Upsides", style="bold"),
        bullets(plan.lifestyle.upsides, marker="+"),
        Text("Downsides", style="bold"),
        bullets(plan.lifestyle.downsides, marker="-"),
        *(Text(line, style="italic") for line in plan.lifestyle.conclusions),
    )


def what_if_text(plan: Plan) -> Group:
    assert plan.what_if is not None
    change = plan.what_if
    parts: list[RenderableType] = [bullets(c.text for c in change.changes)]
    for section in change.sections:
        parts += [Text(section.heading, style="bold"), bullets(section.lines, marker="-")]
    return Group(*parts)


def steps_text(plan: Plan) -> Group:
    parts: list[RenderableType] = []
    for _, group in groupby(plan.preparation, key=lambda step: step.when):
        steps = list(group)
        rows = []
        for step in steps:
            roles = f" For: {', '.join(step.for_roles)}." if step.for_roles else ""
            detail = f"{step.reason} ({step.area_label}.{roles})"
            rows.append(("☐", Text.assemble(step.text, "\n", (detail, "dim"))))
        parts += [Text(steps[0].when_label, style="bold"), marked(rows)]
    return Group(*parts)


def checks_text(plan: Plan, condensed: bool = False) -> Group:
    """The checklist by category; ``condensed`` keeps the items for every role (a trainee's, for later)."""
    from irtele_cli.core.plan import EVERY_ROLE

    parts: list[RenderableType] = []
    if plan.checklist_note:
        parts.append(Text(plan.checklist_note, style="italic"))
    checklist = [check for check in plan.checklist if not condensed or check.roles == [EVERY_ROLE]]
    for _, group in groupby(checklist, key=lambda check: check.category):
        checks = list(group)
        rows = []
        for check in checks:
            detail = check.why + (f" Ask: “{check.ask}”" if check.ask else "") + f" ({', '.join(check.roles)})"
            rows.append(("☐", Text.assemble(check.text, "\n", (detail, "dim"))))
        parts += [Text(checks[0].category_label, style="bold"), marked(rows)]
    if condensed and len(checklist) < len(plan.checklist):
        parts.append(dim(f"{len(plan.checklist) - len(checklist)} more for your top roles: --section checklist"))
    return Group(*parts)


def checklist_view(view: ChecklistView) -> Group:
    """The checklist by category; against an offer, each term the offer answers shows met, not met or not stated."""
    from irtele_cli.core.plan import EVERY_ROLE

    parts: list[RenderableType] = [Text(view.note, style="italic")]
    for _, group in groupby(view.lines, key=lambda line: line.check.category):
        lines = list(group)
        rows = []
        for line in lines:
            check = line.check
            roles = "" if check.roles == [EVERY_ROLE] else f" (For: {', '.join(check.roles)}.)"
            detail = check.why + (f" Ask: “{check.ask}”" if check.ask else "") + roles
            mark = "☐"
            body = Text.assemble(check.text, "\n", (detail, "dim"))
            if line.status is not None:
                glyph, style = STATUS_MARKS[line.status]
                mark = glyph
                body = Text.assemble((f"{line.status_label}: ", style), check.text, "\n", (detail, "dim"))
            rows.append((mark, body))
        parts += [Text(lines[0].check.category_label, style="bold"), marked(rows)]
    parts.append(panel(sources_list(view.sources), "Sources"))
    parts.append(dim(view.disclaimer))
    return Group(*parts)


def pathway_view(pathway: Pathway) -> Group:
    """The licensing pathway in one screen: the compact, each target state's route, what to check."""
    return Group(*pathway_parts(pathway), dim(pathway.disclaimer))


def pathway_parts(pathway: Pathway, with_sources: bool = True) -> list[RenderableType]:
    compact = pathway.compact
    head = Group(
        Text(compact.summary, style="bold green" if compact.eligible else "bold yellow"), bullets(compact.reasons)
    )
    parts: list[RenderableType] = [panel(head, "Interstate Medical Licensure Compact")]
    if pathway.states and _STACKED.get():
        parts.append(stacked("Your target states", (
            (Text.assemble((row.state, "bold"), f" · {row.route_label}"),
             [f"{row.status_short} · {row.as_of} · {row.confidence}", *row.notes])
            for row in pathway.states
        )))  # fmt: skip
    if pathway.states and not _STACKED.get():
        table = Table(title=Text("Your target states"), title_justify="left", expand=True, show_lines=True)
        table.add_column("State", no_wrap=True)
        table.add_column("Route", no_wrap=True)
        table.add_column("Compact status", ratio=1)
        table.add_column("What to do", ratio=2)
        for row in pathway.states:
            status = f"{row.status_short}\n{row.as_of} · {row.confidence}"
            table.add_row(
                Text(row.state, style="bold"), Text(row.route_label), Text(status), Text("\n".join(row.notes))
            )
        parts.append(table)
    if pathway.states:
        uncertain = [row for row in pathway.states if row.uncertain]
        if uncertain:
            evidence = bullets(
                Text.assemble((f"{row.state} ({row.confidence}): ", "bold"), row.evidence) for row in uncertain
            )
            parts.append(panel(evidence, "What the sources say where they are unsure"))
    else:
        parts.append(Text(pathway.no_targets, style="italic"))
    parts.append(Text(pathway.totals, style="yellow" if pathway.over_limit else ""))
    parts += [Text(note, style="yellow") for note in pathway.notes]
    check = Group(
        Text(pathway.check_privately, style="italic"),
        bullets([*pathway.self_check, *pathway.also_check], marker="☐"),
    )
    parts.append(panel(check, "Check privately"))
    parts.append(panel(bullets(pathway.process), "How the compact works"))
    parts.append(panel(bullets(pathway.rules), "Licensing rules to know"))
    parts.append(Text(pathway.membership_note, style="bold"))
    if with_sources:
        parts.append(panel(sources_list(pathway.sources), "Sources"))
    return parts


def sources_list(sources: Iterable[str]) -> Table:
    """Sources as a list whose long URLs wrap instead of being cut off, so they can be copied."""
    return bullets((Text(source, overflow="fold") for source in sources), marker="-")


STATUS_MARKS = {"met": ("✓", "green"), "unmet": ("✗", "red"), "unknown": ("?", "yellow")}


def comparison_view(comparison: Comparison) -> Group:
    """Offers side by side in money and time, then each offer's open contract questions, then the facts."""
    offers = comparison.offers
    table = Table(title=Text("Offers side by side (yearly)"), title_justify="left", expand=True, show_lines=True)
    table.add_column("", style="bold", no_wrap=True)
    for offer in offers:
        table.add_column(Text(offer.name), ratio=1)
    for row in comparison.rows:
        style = "bold" if row.strong else ""
        table.add_row(Text(row.label), *(Text("\n".join(lines), style=style) for lines in row.cells))
    side_by_side: RenderableType = table
    if _STACKED.get():
        side_by_side = stacked("Offers side by side (yearly)", (
            (Text(offer.name, style="bold"), [f"{row.label}: {'; '.join(row.cells[index])}" for row in comparison.rows])
            for index, offer in enumerate(offers)
        ))  # fmt: skip
    parts: list[RenderableType] = [side_by_side]
    parts += [terms_panel(offer, comparison.no_sourced_note) for offer in offers]
    summary: list[RenderableType] = []
    for offer in offers:
        summary.append(Text(offer.name, style="bold"))
        leads = ", ".join(offer.leads) or comparison.no_measure
        trails = ", ".join(offer.trails) or comparison.no_measure
        summary.append(marked([(" Leads on:", leads), ("Trails on:", trails)]))
    summary.append(Text(comparison.no_verdict, style="italic"))
    parts.append(panel(Group(*summary), "Where each offer leads and trails"))
    parts.append(dim(comparison.note))
    parts.append(panel(sources_list(comparison.sources), "Sources"))
    parts.append(dim(comparison.disclaimer))
    return Group(*parts)


def terms_panel(offer: OfferSummary, no_sourced_note: str) -> Panel:
    """An offer's contract terms: met, not met or not stated, and for each open one why it matters and what to ask."""
    terms = Table.grid(padding=(0, 1))
    terms.add_column(no_wrap=True)
    terms.add_column()
    for check in offer.checks:
        glyph, style = STATUS_MARKS[check.status]
        mark = f"{glyph} {check.status_label}"
        body = Text(check.label + (f" ({check.value})" if check.value else ""))
        if check.status != "met":
            body.append(f"\n{check.why or no_sourced_note}", style="dim")
            if check.ask:
                body.append(f"\nAsk: “{check.ask}”", style="italic")
        terms.add_row(Text(mark, style=style), body)
    return panel(terms, f"Contract terms · {offer.name}")


def offer_view(view: OfferView) -> Group:
    """One offer: its figures a year and an hour as label and value, then its contract terms, then the facts."""
    figures = Table.grid(padding=(0, 2))
    figures.add_column(style="bold", no_wrap=True)
    figures.add_column()
    for row in view.rows:
        figures.add_row(Text(row.label), Text("\n".join(row.cells[0]), style="bold" if row.strong else ""))
    return Group(
        panel(figures, f"{view.offer.name} (yearly)"),
        terms_panel(view.offer, view.no_sourced_note),
        dim(view.note),
        panel(sources_list(view.sources), "Sources"),
        dim(view.disclaimer),
    )


def cohort_view(view: CohortView) -> Group:
    """The cohort report: stages, roles, hard limits and open items as grids, then one line per trainee."""
    parts: list[RenderableType] = [Text(f"Cohort report: {view.counted} ({view.generated.isoformat()})", style="bold")]
    if view.none_note:
        parts.append(Text(view.none_note))
        return Group(*parts, *_unreadable(view))
    parts.append(panel(marked((str(stage.count), stage.label) for stage in view.stages), "Trainees by stage"))
    roles = Table(show_header=True, header_style="bold", expand=False)
    roles.add_column("Role")
    roles.add_column("In top three", justify="right")
    roles.add_column("Blocked", justify="right")
    for role in view.roles:
        roles.add_row(Text(f"{role.title} ({role.role})"), Text(str(role.in_top)), Text(str(role.blocked)))
    parts.append(panel(roles, "Roles"))
    limits: list[RenderableType] = [Text(view.no_limits)] if view.no_limits else []
    for limit in view.limits:
        limits += [Text(limit.line, style="bold"), bullets((change.label for change in limit.opens_with), "-")]
    parts.append(panel(Group(*limits), "Hard limits"))
    opened = marked((str(item.count), f"{item.text} ({item.when})") for item in view.open_items)
    parts.append(panel(opened, "Preparation still open now"))
    rows: list[tuple[str | Text, str | Text]] = []
    for row in view.trainees:
        top = ", ".join(f"{role.role} {role.score}" for role in row.top)
        line = Text(f"{row.stage_label}; top: {top}")
        if row.progress_total is not None:
            sections = "; ".join(f"{s['name']} {s['done']}/{s['total']}" for s in row.sections)
            line.append(f"; done {row.progress_done}/{row.progress_total} ({sections}); plan of {row.plan_date}")
        if row.stale:
            line.append(f" ({view.stale_note})", style="yellow")
        rows.append((Text(row.id, style="bold"), line))
    parts.append(panel(marked(rows), "Trainees"))
    return Group(*parts, *_unreadable(view), dim(view.disclaimer))


def _unreadable(view: CohortView) -> list[RenderableType]:
    if not view.unreadable:
        return []
    return [
        Text(view.unreadable_note, style="bold"),
        bullets(f"{item.file}: {item.reason}" for item in view.unreadable),
    ]
