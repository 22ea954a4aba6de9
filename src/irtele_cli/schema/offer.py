"""A job offer as the user writes it down: pay components, hours, and the contract terms it states."""

from typing import Annotated, Any, Literal, Self, get_args

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, ValidationInfo, field_validator, model_validator

from irtele_cli.schema.vocabulary import Employment, Scope

# Bounds far above any real offer keep every product finite (1e300 x 1e300 would be infinity).
# Strict: 'annual: true' is not $1 and 'annual: "400000"' is not a number.
Money = Annotated[float, Field(ge=0, le=1e9, allow_inf_nan=False, strict=True)]
Count = Annotated[float, Field(gt=0, le=1e6, allow_inf_nan=False, strict=True)]
Term = Annotated[bool | None, Field(strict=True)]
MIN_HOURS_A_YEAR = 1


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Salary(Strict):
    model: Literal["salary"]
    annual: Money
    bonus_target: Money = 0

    def yearly(self, weeks: float) -> float:
        return self.annual + self.bonus_target


class PerConsult(Strict):
    model: Literal["per-consult"]
    rate: Money
    per_week: Count

    def yearly(self, weeks: float) -> float:
        return self.rate * self.per_week * weeks


class PerRvu(Strict):
    model: Literal["per-rvu"]
    rate: Money
    rvus_per_year: Count

    def yearly(self, weeks: float) -> float:
        return self.rate * self.rvus_per_year


class Stipend(Strict):
    model: Literal["stipend"]
    amount: Money
    per: Literal["shift", "week", "month", "year"]
    count_per_year: Count | None = None

    @model_validator(mode="after")
    def _count_unless_yearly(self) -> Self:
        if self.per != "year" and self.count_per_year is None:
            raise ValueError(f"count_per_year is required when the stipend is paid per {self.per}")
        if self.per == "year" and self.count_per_year is not None:
            raise ValueError("count_per_year applies only to stipends paid per shift, week or month")
        return self

    def yearly(self, weeks: float) -> float:
        return self.amount * (self.count_per_year or 1)


COMPONENT_MODELS: dict[str, type[Strict]] = {
    model.model_fields["model"].annotation.__args__[0]: model  # type: ignore[union-attr]
    for model in (Salary, PerConsult, PerRvu, Stipend)
}
"""Each pay model's name (its ``model`` value) and its component model: the one list of pay models."""


def _pay_model(value: Any) -> str | None:
    """The tag of a pay component, in parentheses so error locations do not show it as a key."""
    model = value.get("model") if isinstance(value, dict) else getattr(value, "model", None)
    return f"({model})" if model is not None else None


Component = Annotated[
    Annotated[Salary, Tag("(salary)")]
    | Annotated[PerConsult, Tag("(per-consult)")]
    | Annotated[PerRvu, Tag("(per-rvu)")]
    | Annotated[Stipend, Tag("(stipend)")],
    Discriminator(
        _pay_model,
        custom_error_type="pay_model",
        custom_error_message=f"unknown or missing pay model; 'model' must be one of {', '.join(COMPONENT_MODELS)}",
    ),
]


class Offer(Strict):
    """One offer, as the user wrote it down; contract terms left out mean 'not stated'.

    The contract-term fields are named by ``OfferTerm``; a test keeps the two the same.
    """

    name: Annotated[str, Field(min_length=1)]
    role: str | None = None
    employment: Employment
    compensation: Annotated[list[Component], Field(min_length=1)]
    weeks_per_year: Annotated[float, Field(gt=0, le=52, strict=True)] = (
        48.0  # a float, as a given value becomes: defaults skip validation
    )
    hours_per_week: Annotated[float, Field(gt=0, le=168, strict=True)]
    nights_weekends: Term = None
    benefits_value: Money | None = None
    licensing_support: Term = None
    malpractice_covers_telemedicine: Term = None
    malpractice_covers_all_states: Term = None
    malpractice_covers_ir_recommendations: Term = None
    tail_coverage: Term = None
    telehealth_counts_toward_fte: Term = None
    productivity_expectations_stated: Term = None
    billing_explained: Term = None
    scope: Scope | None = None

    @property
    def hours_per_year(self) -> float:
        return self.hours_per_week * self.weeks_per_year

    @field_validator("hours_per_week")
    @classmethod
    def _hours_a_year_are_meaningful(cls, hours: float, info: ValidationInfo) -> float:
        """The derived figure, not only the input: an hourly rate needs hours to divide by."""
        weeks = info.data.get("weeks_per_year")
        if weeks is not None and hours * weeks < MIN_HOURS_A_YEAR:
            raise ValueError(
                f"{hours:g} hours a week × {weeks:g} weeks is {hours * weeks:.3g} hours a year; "
                f"an offer needs at least {MIN_HOURS_A_YEAR}"
            )
        return hours


MONEY_KEYS = frozenset(
    key for key, field in Offer.model_fields.items() if Money in (field.annotation, *get_args(field.annotation))
)
"""The offer's own dollar figures (a pay component's are shown by its formula), for review screens."""


def offer_question_keys() -> set[str]:
    """Every key the offer questionnaire may ask: offer-file keys, and '<model>.<key>' of a component."""
    keys = {key for key in Offer.model_fields if key != "compensation"} | {"compensation.model", "compensation.more"}
    for name, model in COMPONENT_MODELS.items():
        keys |= {f"{name}.{field}" for field in model.model_fields if field != "model"}
    return keys
