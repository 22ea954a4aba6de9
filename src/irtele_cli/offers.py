"""Job offers: the offer file, the arithmetic of pay, and a side-by-side comparison with no verdict."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal, cast

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, TypeAdapter, ValidationError, model_validator

from irtele_cli import __version__
from irtele_cli.documents import dump_document, first_problem, format_validation_error, read_document
from irtele_cli.errors import DocumentError, IrteleError, did_you_mean
from irtele_cli.knowledge import KnowledgeBase
from irtele_cli.vocabulary import OFFER_TERMS, TERM_LABELS

# Bounds far above any real offer keep every product finite (1e300 x 1e300 would be infinity).
Money = Annotated[float, Field(ge=0, le=1e9, allow_inf_nan=False)]
Count = Annotated[float, Field(gt=0, le=1e6, allow_inf_nan=False)]
Status = Literal["met", "unmet", "unknown"]
EMPLOYED_ONLY = frozenset({"telehealth_counts_toward_fte"})  # the article ties it to employed arrangements
YES_NO: dict[bool | None, str] = {True: "yes", False: "no"}
COMPARISON_NOTE = (
    "Bonus targets count in full; benefits only where you gave them. The hourly rate is annual cash "
    "divided by all hours the job asks."
)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Salary(Strict):
    model: Literal["salary"]
    annual: Money
    bonus_target: Money = 0


class PerConsult(Strict):
    model: Literal["per-consult"]
    rate: Money
    per_week: Count


class PerRvu(Strict):
    model: Literal["per-rvu"]
    rate: Money
    rvus_per_year: Count


class Stipend(Strict):
    model: Literal["stipend"]
    amount: Money
    per: Literal["shift", "week", "month", "year"]
    count_per_year: Count | None = None

    @model_validator(mode="after")
    def _count_unless_yearly(self) -> Stipend:
        if self.per != "year" and self.count_per_year is None:
            raise ValueError(f"count_per_year is required when the stipend is paid per {self.per}")
        if self.per == "year" and self.count_per_year is not None:
            raise ValueError("count_per_year applies only to stipends paid per shift, week or month")
        return self


def _pay_model(value: Any) -> str | None:
    """The tag of a pay component, in parentheses so error locations do not show it as a key."""
    model = value.get("model") if isinstance(value, dict) else getattr(value, "model", None)
    return f"({model})" if model is not None else None


Component = Annotated[
    Annotated[Salary, Tag("(salary)")]
    | Annotated[PerConsult, Tag("(per-consult)")]
    | Annotated[PerRvu, Tag("(per-rvu)")]
    | Annotated[Stipend, Tag("(stipend)")],
    Discriminator(_pay_model, custom_error_type="pay_model", custom_error_message="unknown or missing pay model"),
]
COMPONENT_MODELS: dict[str, type[Strict]] = {
    "salary": Salary,
    "per-consult": PerConsult,
    "per-rvu": PerRvu,
    "stipend": Stipend,
}


class Offer(Strict):
    """One offer, as the user wrote it down; contract terms left out mean 'not stated'."""

    name: Annotated[str, Field(min_length=1)]
    role: str | None = None
    employment: Literal["employed", "independent"]
    compensation: Annotated[list[Component], Field(min_length=1)]
    weeks_per_year: Annotated[float, Field(gt=0, le=52)] = 48
    hours_per_week: Annotated[float, Field(gt=0, le=168)]
    nights_weekends: bool | None = None
    benefits_value: Money | None = None
    licensing_support: bool | None = None
    malpractice_covers_telemedicine: bool | None = None
    malpractice_covers_all_states: bool | None = None
    malpractice_covers_ir_recommendations: bool | None = None
    tail_coverage: bool | None = None
    telehealth_counts_toward_fte: bool | None = None
    productivity_expectations_stated: bool | None = None
    billing_explained: bool | None = None
    scope: Literal["advisory", "arranges-transfers", "performs-procedures"] | None = None


class ComponentLine(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    model: str
    yearly: float
    formula: str


class TermCheck(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    item: str
    label: str
    status: Status
    value: str | None
    why: str | None
    ask: str | None


class OfferSummary(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

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


class Comparison(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    version: str
    generated: dt.date
    offers: list[OfferSummary]
    sources: list[str]


def load_offer(path: Path, kb: KnowledgeBase) -> Offer:
    """Read and validate one offer file; every problem names the file and key."""
    data = read_document(path)
    if not isinstance(data, dict):
        raise DocumentError([f"{path}: expected a mapping of offer keys to values"])
    try:
        offer = Offer.model_validate(data)
    except ValidationError as error:
        raise DocumentError(format_validation_error(str(path), error, Offer)) from None
    if offer.role is not None and offer.role not in kb.roles_by_id:
        hint = did_you_mean(offer.role, kb.roles_by_id) or "; run 'irtele roles' to list them"
        raise DocumentError([f"{path}: role: unknown role id '{offer.role}'{hint}"])
    return offer


def component_line(component: Component, weeks: float) -> ComponentLine:
    """A component's yearly amount in whole cents, with the formula that produced it."""
    line = _component_line(component, weeks)
    return line.model_copy(update={"yearly": round(line.yearly, 2)})


def _component_line(component: Component, weeks: float) -> ComponentLine:
    match component:
        case Salary(annual=annual, bonus_target=bonus):
            formula = f"salary {money(annual)}" + (f" + bonus target {money(bonus)}" if bonus else "")
            return ComponentLine(model="salary", yearly=annual + bonus, formula=formula)
        case PerConsult(rate=rate, per_week=per_week):
            formula = f"{money(rate)} per consult × {number(per_week)} a week × {number(weeks)} weeks"
            return ComponentLine(model="per-consult", yearly=rate * per_week * weeks, formula=formula)
        case PerRvu(rate=rate, rvus_per_year=rvus):
            return ComponentLine(
                model="per-rvu", yearly=rate * rvus, formula=f"{money(rate)} per RVU × {number(rvus)} RVUs"
            )
        case Stipend(amount=amount, per="year"):
            return ComponentLine(model="stipend", yearly=amount, formula=f"stipend {money(amount)} a year")
        case Stipend(amount=amount, per=per, count_per_year=count):
            assert count is not None  # the model requires it unless paid per year
            formula = f"stipend {money(amount)} per {per} × {number(count)} a year"
            return ComponentLine(model="stipend", yearly=amount * count, formula=formula)
    raise AssertionError(f"unhandled component {component!r}")


def money(amount: float) -> str:
    return f"${amount:,.0f}" if amount == round(amount) else f"${amount:,.2f}"


def number(value: float) -> str:
    """Up to two decimals, without trailing zeros: 12.25 stays 12.25, 48.0 is 48."""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def compare(kb: KnowledgeBase, offers: list[tuple[Path, Offer]], today: dt.date) -> Comparison:
    """Put the offers side by side: pay per year and per hour, schedule, and the contract terms still open."""
    if len(offers) < 2:
        raise IrteleError("give at least two offer files to compare")
    by_term = {item.offer_term: item for item in kb.checklist if item.offer_term}
    summaries = [_summary(kb, path, offer, by_term) for path, offer in offers]
    summaries = _with_leads_and_trails(summaries)
    cited = {kb.source_label(source) for item in by_term.values() for source in item.sources}
    cited |= {kb.source_label(source) for model in kb.compensation.models for source in model.sources}
    return Comparison(version=__version__, generated=today, offers=summaries, sources=kb.source_list(cited))


def _summary(kb: KnowledgeBase, path: Path, offer: Offer, by_term: dict[Any, Any]) -> OfferSummary:
    lines = [component_line(component, offer.weeks_per_year) for component in offer.compensation]
    cash = round(sum(line.yearly for line in lines), 2)
    hours = offer.hours_per_week * offer.weeks_per_year
    terms = [term for term in OFFER_TERMS if offer.employment == "employed" or term not in EMPLOYED_ONLY]
    checks = [_check(term, getattr(offer, term), by_term.get(term)) for term in terms]
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


def _check(term: str, value: Any, item: Any) -> TermCheck:
    status: Status = "unknown" if value is None else ("unmet" if value is False else "met")
    shown = None if value is None or isinstance(value, bool) else str(value)
    return TermCheck(
        item=term,
        label=TERM_LABELS[term],
        status=status,
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


def offer_question_keys() -> set[str]:
    """Every key the offer questionnaire may ask: offer-file keys, and '<model>.<key>' of a component."""
    keys = {key for key in Offer.model_fields if key != "compensation"} | {"compensation.model", "compensation.more"}
    for name, model in COMPONENT_MODELS.items():
        keys |= {f"{name}.{field}" for field in model.model_fields if field != "model"}
    return keys


def offer_file_text(answers: dict[str, Any], suffix: str) -> str:
    """A validated offer as a file 'irtele offers compare' reads, in the format its name asks for."""
    try:
        offer = Offer.model_validate(answers)
    except ValidationError as error:
        raise DocumentError(format_validation_error("offer", error, Offer)) from None
    return dump_document(offer.model_dump(exclude_none=True), suffix)


def offer_answer_problem(key: str, value: Any) -> str | None:
    """Why one answer of the offer questionnaire cannot go into an offer file, checked as it is given."""
    model_name, _, field_name = key.rpartition(".")
    model = COMPONENT_MODELS.get(model_name, Offer)
    field = model.model_fields.get(field_name)
    if field is None or value is None:
        return None
    try:
        annotation = Annotated[field.annotation, *field.metadata] if field.metadata else field.annotation
        TypeAdapter(cast(Any, annotation)).validate_python(value)
    except ValidationError as error:
        return first_problem(error)
    return None


def suggested_offer_file(name: str) -> str:
    """'Regional hospital hybrid' -> 'offer-regional-hospital-hybrid.yaml'."""
    slug = "-".join("".join(c if c.isalnum() else " " for c in name.lower()).split())
    return f"offer-{slug or 'new'}.yaml"
