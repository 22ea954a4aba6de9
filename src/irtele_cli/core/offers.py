"""Job offers: the arithmetic of pay, and a side-by-side comparison with no verdict."""

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from irtele_cli import __version__
from irtele_cli.core.view import View
from irtele_cli.errors import IrteleError
from irtele_cli.schema.knowledge import ChecklistItem, KnowledgeBase
from irtele_cli.schema.offer import Component, Offer, PerConsult, PerRvu, Salary, Stipend
from irtele_cli.schema.vocabulary import OFFER_TERMS, OfferTerm, TermStatus

EMPLOYED_ONLY = frozenset({"telehealth_counts_toward_fte"})  # the article ties it to employed arrangements
YES_NO: dict[bool | None, str] = {True: "yes", False: "no"}


class ComponentLine(View):
    model: str
    yearly: float
    formula: str


class TermCheck(View):
    item: str
    label: str
    status: TermStatus
    status_label: str
    value: str | None
    why: str | None  # why it matters; None where no checklist item speaks to the term
    ask: str | None


class OfferSummary(View):
    name: str
    file: str
    role: str | None
    role_title: str | None
    employment: str
    components: list[ComponentLine]
    annual_cash: float
    benefits_value: float | None
    annual_total: float
    weeks_per_year: float
    hours_per_week: float
    hours_per_year: float
    hourly: float
    nights_weekends: bool | None
    checks: list[TermCheck]
    open_questions: int
    leads: list[str]
    trails: list[str]


class Row(View):
    """One measure of the side-by-side table: a label and, per offer, the lines of its cell."""

    label: str
    cells: list[list[str]]
    strong: bool = False  # a total the eye should find first


class Comparison(View):
    version: str
    generated: dt.date
    offers: list[OfferSummary]
    rows: list[Row]
    note: str
    no_verdict: str
    no_measure: str
    no_sourced_note: str
    sources: list[str]
    disclaimer: str


def component_line(component: Component, weeks: float) -> ComponentLine:
    """A component's yearly amount in whole cents, with the formula that produced it."""
    yearly = round(component.yearly(weeks), 2)
    return ComponentLine(model=component.model, yearly=yearly, formula=_formula(component, weeks))


def _formula(component: Component, weeks: float) -> str:
    match component:
        case Salary(annual=annual, bonus_target=bonus):
            return f"salary {money(annual)}" + (f" + bonus target {money(bonus)}" if bonus else "")
        case PerConsult(rate=rate, per_week=per_week):
            return f"{money(rate)} per consult × {number(per_week)} a week × {number(weeks)} weeks"
        case PerRvu(rate=rate, rvus_per_year=rvus):
            return f"{money(rate)} per RVU × {number(rvus)} RVUs"
        case Stipend(amount=amount, per="year"):
            return f"stipend {money(amount)} a year"
        case Stipend(amount=amount, per=per, count_per_year=count):
            return f"stipend {money(amount)} per {per} × {number(count or 1)} a year"
    raise AssertionError(f"unhandled component {component!r}")


MONEY_CENTS_BELOW = 100
"""Amounts under $100 (a rate per RVU, a small hourly rate) keep their cents; larger ones are whole dollars."""


def money(amount: float) -> str:
    """Every dollar figure of every format, by one rule: $62.50 and $5.00, but $194 and $490,000.

    Cents matter to a rate of $62.50 per RVU and not to $193.68 an hour beside $275: showing them on
    one figure and not the next made equal precision look unequal.
    """
    cents = round(amount, 2)
    return f"${cents:,.2f}" if abs(cents) < MONEY_CENTS_BELOW else f"${round(amount):,}"


def number(value: float) -> str:
    """Up to two decimals, without trailing zeros: 12.25 stays 12.25, 48.0 is 48."""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


class OfferView(View):
    """One offer on its own: the same summary and measures as a comparison, without leads and trails."""

    version: str
    generated: dt.date
    offer: OfferSummary
    rows: list[Row]  # each row has one cell: this offer's
    note: str
    no_sourced_note: str
    sources: list[str]
    disclaimer: str


def show_offer(kb: KnowledgeBase, path: Path, offer: Offer, today: dt.date) -> OfferView:
    """One offer's pay per year and per hour, schedule, and the contract terms still open."""
    by_term = _terms(kb)
    summary = _summary(kb, path, offer, by_term)
    say = kb.messages
    return OfferView(
        version=__version__,
        generated=today,
        offer=summary,
        rows=_rows([summary], kb),
        note=say.comparison_note,
        no_sourced_note=say.no_sourced_note,
        sources=_sources(kb, by_term),
        disclaimer=say.disclaimer,
    )


def compare_or_show(kb: KnowledgeBase, offers: list[tuple[Path, Offer]], today: dt.date) -> Comparison | OfferView:
    """Offers side by side, or one offer on its own: with one file there is nothing to compare it with."""
    return show_offer(kb, *offers[0], today) if len(offers) == 1 else compare(kb, offers, today)


def _terms(kb: KnowledgeBase) -> dict[OfferTerm, ChecklistItem]:
    return {item.offer_term: item for item in kb.checklist if item.offer_term}


def _sources(kb: KnowledgeBase, by_term: dict[OfferTerm, ChecklistItem]) -> list[str]:
    cited = {kb.source_label(source) for item in by_term.values() for source in item.sources}
    cited |= {kb.source_label(source) for model in kb.compensation.models for source in model.sources}
    return kb.source_list(cited)


def compare(kb: KnowledgeBase, offers: list[tuple[Path, Offer]], today: dt.date) -> Comparison:
    """Put the offers side by side: pay per year and per hour, schedule, and the contract terms still open."""
    if len(offers) < 2:
        raise IrteleError("give at least two offer files to compare")
    by_term = _terms(kb)
    summaries = [_summary(kb, path, offer, by_term) for path, offer in offers]
    summaries = _with_leads_and_trails(summaries)
    say = kb.messages
    return Comparison(
        version=__version__,
        generated=today,
        offers=summaries,
        rows=_rows(summaries, kb),
        note=say.comparison_note,
        no_verdict=say.no_verdict,
        no_measure=say.no_measure,
        no_sourced_note=say.no_sourced_note,
        sources=_sources(kb, by_term),
        disclaimer=say.disclaimer,
    )


def _rows(offers: list[OfferSummary], kb: KnowledgeBase) -> list[Row]:
    """The side-by-side table, measure by measure, as every format shows it."""
    not_given, not_stated = kb.messages.not_given, kb.messages.not_stated_short
    employment = kb.answer_labels["employment"]

    def row(label: str, cell: Callable[[OfferSummary], str | list[str]], strong: bool = False) -> Row:
        cells = [cell(offer) for offer in offers]
        return Row(label=label, cells=[[c] if isinstance(c, str) else c for c in cells], strong=strong)

    return [
        row("Role", lambda o: o.role_title or not_given),
        row("Employment", lambda o: employment.get(o.employment, o.employment)),
        row("Pay", lambda o: [f"{line.formula} = {money(line.yearly)}" for line in o.components]),
        row("Annual cash", lambda o: money(o.annual_cash), strong=True),
        row("Benefits", lambda o: money(o.benefits_value) if o.benefits_value is not None else not_given),
        row("Annual total", lambda o: money(o.annual_total), strong=True),
        row(
            "Hours a year",
            lambda o: (
                f"{number(o.hours_per_week)} h/week × {number(o.weeks_per_year)} weeks = {number(o.hours_per_year)}"
            ),
        ),
        row("Per hour", lambda o: money(o.hourly), strong=True),
        row("Nights/weekends", lambda o: YES_NO.get(o.nights_weekends, not_stated)),
        row("Open questions", lambda o: f"{o.open_questions} of {len(o.checks)} terms"),
    ]


def _summary(kb: KnowledgeBase, path: Path, offer: Offer, by_term: dict[OfferTerm, ChecklistItem]) -> OfferSummary:
    lines = [component_line(component, offer.weeks_per_year) for component in offer.compensation]
    cash = round(sum(line.yearly for line in lines), 2)
    hours = offer.hours_per_year
    terms = [term for term in OFFER_TERMS if offer.employment == "employed" or term not in EMPLOYED_ONLY]
    checks = [_check(kb, term, getattr(offer, term), by_term.get(term)) for term in terms]
    role = kb.roles_by_id.get(offer.role) if offer.role else None
    return OfferSummary(
        name=offer.name,
        file=str(path),
        role=offer.role,
        role_title=role.title if role else None,
        employment=offer.employment,
        components=lines,
        annual_cash=cash,
        benefits_value=offer.benefits_value,
        annual_total=round(cash + (offer.benefits_value or 0), 2),
        weeks_per_year=offer.weeks_per_year,
        hours_per_week=offer.hours_per_week,
        hours_per_year=hours,
        hourly=round(cash / hours, 2),
        nights_weekends=offer.nights_weekends,
        checks=checks,
        open_questions=sum(1 for check in checks if check.status != "met"),
        leads=[],
        trails=[],
    )


def term_status(value: Any) -> TermStatus:
    """An offer's answer to a contract term: stated and kept (met), stated and not (unmet), or left open."""
    return "unknown" if value is None else ("unmet" if value is False else "met")


def _check(kb: KnowledgeBase, term: OfferTerm, value: Any, item: ChecklistItem | None) -> TermCheck:
    status = term_status(value)
    shown = None if value is None or isinstance(value, bool) else str(value)
    return TermCheck(
        item=term,
        label=kb.labels.offer_terms[term],
        status=status,
        status_label=kb.labels.term_status[status],
        value=shown,
        why=item.why if item else None,
        ask=item.ask if item else None,
    )


def _cash(summary: OfferSummary) -> float:
    return summary.annual_cash


def _total(summary: OfferSummary) -> float:
    return summary.annual_total


def _hourly(summary: OfferSummary) -> float:
    return summary.hourly


def _hours(summary: OfferSummary) -> float:
    return summary.hours_per_year


def _open_share(summary: OfferSummary) -> float:
    return summary.open_questions / len(summary.checks)


def _open_count(summary: OfferSummary) -> str:
    return f"{summary.open_questions} of {len(summary.checks)}"


def _with_leads_and_trails(summaries: list[OfferSummary]) -> list[OfferSummary]:
    """Where each offer is best and worst among the offers, measure by measure; no overall verdict."""
    Measure = tuple[str, str, Callable[[OfferSummary], float], Callable[[OfferSummary], str], bool]
    measures: list[Measure] = [
        ("highest annual cash", "lowest annual cash", _cash, lambda s: money(s.annual_cash), True),
        ("highest total with benefits", "lowest total with benefits", _total, lambda s: money(s.annual_total), True),
        ("highest effective hourly rate", "lowest effective hourly rate", _hourly, lambda s: money(s.hourly), True),
        ("fewest hours a year", "most hours a year", _hours, lambda s: number(s.hours_per_year), False),
        # Offers may have different numbers of terms (the FTE term is for employed offers): compare shares.
        ("fewest open contract terms", "most open contract terms", _open_share, _open_count, False),
    ]
    leads: list[list[str]] = [[] for _ in summaries]
    trails: list[list[str]] = [[] for _ in summaries]
    for lead, trail, value, shown, higher_is_better in measures:
        values = [value(s) for s in summaries]
        if max(values) == min(values):
            continue
        best, worst = (max(values), min(values)) if higher_is_better else (min(values), max(values))
        for index, amount in enumerate(values):
            if amount == best:
                leads[index].append(f"{lead} ({shown(summaries[index])})")
            elif amount == worst:
                trails[index].append(f"{trail} ({shown(summaries[index])})")
    return [s.model_copy(update={"leads": leads[i], "trails": trails[i]}) for i, s in enumerate(summaries)]
