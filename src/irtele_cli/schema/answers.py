"""The user's answers (Profile) and the licensing subset of them: one model each, whatever the answers came from.

Each field carries an ``Answer``: how it is asked and which flag gives it. The tables of keys, flags,
question kinds and fact values are derived from these fields, so a new question is one field here.
"""

from typing import Annotated, Any, NamedTuple, Self, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.fields import FieldInfo

from irtele_cli.errors import IrteleError
from irtele_cli.schema.states import STATES, normalize_state
from irtele_cli.schema.vocabulary import (
    TRAINEE_STAGES,
    Comfort,
    EmploymentChoice,
    Priority,
    Procedures,
    QuestionKind,
    Reading,
    Schedule,
    Stage,
    TelehealthShare,
)


class Answer(NamedTuple):  # not a dataclass: start-up makes a NamedTuple in a sixth of the time
    """How an answer is asked (the question kind that can produce it) and given as a flag."""

    kind: QuestionKind
    flag: str = ""  # '--home'; empty: '--' and the key with dashes
    metavar: str = "VALUE"
    negative: str = ""  # for a yes/no answer: the flag that says no


YAML_BOOLEAN_HINT = (
    "expected a state code, got {value}: YAML reads NO, ON, OFF, YES, Y and N as true or false; "
    "put the code in quotes ('NO')"
)


def _state(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError(YAML_BOOLEAN_HINT.format(value="true" if value else "false"))
    if not isinstance(value, str):
        return value
    try:
        return normalize_state(value)
    except IrteleError as error:
        raise ValueError(error.message) from None


def _state_list(value: Any) -> Any:
    """Accept 'TX, CA' as well as a list; each item is then checked on its own, so a bad one is named by index."""
    return [part for part in value.split(",") if part.strip()] if isinstance(value, str) else value


def _once_each(codes: list[str]) -> list[str]:
    """Drop repeats ('TX, Texas'), keeping the order given."""
    return list(dict.fromkeys(codes))


def _choice_list(value: Any) -> Any:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


StateCode = Annotated[str, BeforeValidator(_state)]
States = Annotated[list[StateCode], BeforeValidator(_state_list), AfterValidator(_once_each)]
MaxLicenses = Annotated[int, Field(ge=1, le=60, strict=True)]

HomeState = Annotated[
    StateCode | None,
    Field(description="The state you live or mainly practice in (code or name)."),
    Answer("state", flag="--home", metavar="STATE"),
]
LicensedStates = Annotated[
    States,
    Field(description="States where you hold a full, unrestricted license, comma-separated: TX,CA."),
    Answer("states", flag="--licensed", metavar="STATES"),
]
TargetStates = Annotated[
    States,
    Field(description="States where you want to see patients or cover hospitals, comma-separated."),
    Answer("states", flag="--target", metavar="STATES"),
]
BoardCertified = Annotated[
    bool,
    Field(strict=True, description="Whether you are board certified (ABR or AOBR)."),
    Answer("confirm", negative="--not-board-certified"),
]
LicenseLimit = Annotated[
    MaxLicenses,
    Field(description="How many state licenses you are willing to hold in all."),
    Answer("number", metavar="N"),
]


def _blank_limit_is_unset(data: Any) -> Any:
    """'max_licenses: null' (or a blank flag) means not given, so the default below applies."""
    if isinstance(data, dict) and "max_licenses" in data and data["max_licenses"] is None:
        return {key: value for key, value in data.items() if key != "max_licenses"}
    return data


def reading_required(stage: object) -> bool:
    """Diagnostic reading is asked of everyone but medical students, who have none to keep up."""
    return stage != "medical-student"


def held_licenses(data: dict[str, Any]) -> int:
    """The limit left out: someone who holds three licenses is willing to hold three (at least one).

    A default, not an answer, so the plan can say it was not given.
    """
    return max(1, len(data.get("licensed_states") or []))


def check_license_limit(max_licenses: int, info: ValidationInfo) -> int:
    """The license limit cannot be below the licenses already held (validated just before it)."""
    held = info.data.get("licensed_states") or []
    if max_licenses < len(held):
        raise ValueError(
            f"{max_licenses} is below the {len(held)} licenses you already hold ({', '.join(held)}); "
            "raise it or leave it out"
        )
    return max_licenses


class Profile(BaseModel):
    """Where the user is in training, what they hold, and how they want to work."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    stage: Annotated[Stage, Field(description="Training stage."), Answer("select")]
    home_state: HomeState = None
    licensed_states: LicensedStates = []
    board_certified: BoardCertified = False
    target_states: TargetStates = []
    max_licenses: LicenseLimit = Field(default_factory=held_licenses)
    telehealth_share: Annotated[
        TelehealthShare, Field(description="How much of the work is telehealth."), Answer("select")
    ]
    procedures: Annotated[Procedures, Field(description="How much hands-on procedural work to keep."), Answer("select")]
    schedule: Annotated[
        list[Schedule],
        BeforeValidator(_choice_list),
        Field(min_length=1, description="When you are open to telehealth work, comma-separated."),
        Answer("checkbox", metavar="SLOTS"),
    ]
    employment: Annotated[EmploymentChoice, Field(description="How you want to be engaged."), Answer("select")]
    diagnostic_reading: Annotated[
        Reading | None, Field(description="How much diagnostic reading you keep up."), Answer("select")
    ] = None
    priorities: Annotated[
        list[Priority],
        BeforeValidator(_choice_list),
        Field(max_length=3, description="Up to three priorities, comma-separated."),
        Answer("checkbox", metavar="PRIORITIES"),
    ] = []
    liability_comfort: Annotated[
        Comfort, Field(description="Comfort with IR-specific liability at a distance."), Answer("select")
    ]
    screen_tolerance: Annotated[Comfort, Field(description="Tolerance of back-to-back video work."), Answer("select")]

    _blank_limit = model_validator(mode="before")(_blank_limit_is_unset)
    _limit_covers_licenses = field_validator("max_licenses")(check_license_limit)

    @model_validator(mode="after")
    def _reading_needed_after_medical_school(self) -> Self:
        if self.diagnostic_reading is None and reading_required(self.stage):
            raise ValueError("diagnostic_reading is required after medical school (strong, some or none)")
        return self

    @property
    def trainee(self) -> bool:
        return self.stage in TRAINEE_STAGES

    def facts(self) -> dict[str, frozenset[str | int | bool]]:
        """The answers as facts the data's rules can test: every field, plus the derived ones.

        An answer not given is no fact at all, even where a default stands in for it (a medical
        student's reading, a license limit nobody stated): no rule speaks for what the user did not say.
        """
        given = self.model_fields_set - (set() if reading_required(self.stage) else {"diagnostic_reading"})
        facts = {name: _as_facts(getattr(self, name)) if name in given else frozenset() for name in ANSWER_KEYS}
        return facts | {"trainee": frozenset({self.trainee})}


class LicensingInput(BaseModel):
    """What the pathway needs: a subset of the plan's answers, plus whether reads cross state lines."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    stage: Stage | None = None  # settles an unstated board certification where it cannot apply yet
    home_state: HomeState = None
    licensed_states: LicensedStates = []
    target_states: TargetStates = []
    board_certified: Annotated[
        bool | None,
        Field(strict=True, description="Board certified; not given is not the same as no."),
        Answer("confirm", negative="--not-board-certified"),
    ] = None
    max_licenses: Annotated[
        MaxLicenses | None,
        Field(description="Licenses you are willing to hold; without it totals are not judged."),
        Answer("number", metavar="N"),
    ] = None
    teleradiology: Annotated[
        bool,
        Field(strict=True, description="Your reads cross state lines (adds where you read)."),
        Answer("confirm", negative="--no-teleradiology"),
    ] = False

    @field_validator("max_licenses")
    @classmethod
    def _limit_covers_licenses(cls, value: int | None, info: ValidationInfo) -> int | None:
        return None if value is None else check_license_limit(value, info)


def _as_facts(value: Any) -> frozenset[str | int | bool]:
    if value is None:
        return frozenset()
    return frozenset(value) if isinstance(value, list) else frozenset({value})


def answer_meta(field: FieldInfo) -> Answer | None:
    return next((meta for meta in field.metadata if isinstance(meta, Answer)), None)


def flag_name(key: str, meta: Answer) -> str:
    return meta.flag or f"--{key.replace('_', '-')}"


def answer_fields(model: type[BaseModel]) -> dict[str, tuple[FieldInfo, Answer]]:
    """The fields of an answers model that are asked and given as flags, in the model's order."""
    return {
        name: (field, meta) for name, field in model.model_fields.items() if (meta := answer_meta(field)) is not None
    }


def allowed_values(annotation: Any) -> tuple[str | int | bool, ...] | None:
    """The values a field's type admits, for closed vocabularies; None for open ones (a number)."""
    if annotation is bool:
        return (True, False)
    if annotation is str:
        return tuple(STATES)  # every text answer is a state code
    origin = get_origin(annotation)
    if origin is Annotated:
        return allowed_values(get_args(annotation)[0])  # the rest is metadata (validators, constraints)
    if origin is None:
        return None
    values: list[Any] = []
    for arg in get_args(annotation):
        if arg is type(None) or isinstance(arg, FieldInfo):
            continue
        inner = allowed_values(arg) if get_origin(arg) is not None or isinstance(arg, type) else (arg,)
        if inner is None:
            return None
        values += [value for value in inner if value not in values]
    return tuple(values)


ANSWER_KEYS: tuple[str, ...] = tuple(Profile.model_fields)
QUESTION_KINDS: dict[str, QuestionKind] = {key: meta.kind for key, (_, meta) in answer_fields(Profile).items()}
"""The kind of question that can produce a valid answer for each key."""
FLAG_NAMES: dict[str, str] = {key: flag_name(key, meta) for key, (_, meta) in answer_fields(Profile).items()}
DERIVED_FACTS: dict[str, tuple[str | int | bool, ...] | None] = {"trainee": (True, False)}
PROFILE_FACTS: dict[str, tuple[str | int | bool, ...] | None] = {
    key: allowed_values(field.annotation) for key, field in Profile.model_fields.items()
} | DERIVED_FACTS
"""Every fact a rule's condition can test about the user, with its possible values (None: any number)."""


def flag_table(model: type[BaseModel]) -> list[tuple[str, str, str, str, str]]:
    """Each answer field of a model as (key, option names, kind, metavar, help), for the CLI's options.

    The CLI reads these from ``irtele_cli/flags.py``, generated from this table by
    ``python -m irtele_cli.schema.answers``, so ``--help`` need not import pydantic; a test keeps the two equal.
    """
    rows: list[tuple[str, str, str, str, str]] = []
    for key, (field, meta) in answer_fields(model).items():
        values = allowed_values(field.annotation) if meta.kind in ("select", "checkbox") else None
        among = "Any of" if meta.kind == "checkbox" else "One of"
        choices = f" {among}: {', '.join(map(str, values))}." if values else ""
        names = f"{flag_name(key, meta)}/{meta.negative}" if meta.negative else flag_name(key, meta)
        rows.append((key, names, meta.kind, meta.metavar, f"{field.description}{choices}"))
    return rows


def choice_table(*models: type[BaseModel]) -> dict[str, tuple[str, ...]]:
    """The values each choice answer (select, checkbox) admits, from its type: what shell completion offers."""
    choices: dict[str, tuple[str, ...]] = {}
    for model in models:
        for key, (field, meta) in answer_fields(model).items():
            values = allowed_values(field.annotation) if meta.kind in ("select", "checkbox") else None
            if values and key not in choices:
                choices[key] = tuple(map(str, values))
    return choices


def flags_module() -> str:
    """The text of ``irtele_cli/flags.py``."""
    tables = {"PLAN": flag_table(Profile), "LICENSING": flag_table(LicensingInput)}
    lines = [
        "\"\"\"The answer options of 'plan' and 'licensing', generated from the answers models: do not edit.",
        "",
        "Regenerate with: python -m irtele_cli.schema.answers > src/irtele_cli/flags.py",
        '"""',
        "",
        "# (answers-file key, option names, question kind, metavar, help)",
        "# fmt: off",
    ]
    for name, rows in tables.items():
        lines.append(f"{name}: tuple[tuple[str, str, str, str, str], ...] = (")
        lines += [f"    {row!r}," for row in rows]
        lines.append(")")
    lines += [
        "# The values each choice answer admits, for shell completion: answers-file key -> values",
        "CHOICES: dict[str, tuple[str, ...]] = {",
    ]
    lines += [f"    {key!r}: {values!r}," for key, values in choice_table(Profile, LicensingInput).items()]
    lines.append("}")
    lines.append("# fmt: on")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(flags_module(), end="")
