"""The user's answers (Profile): one model, whether answers come from questions, a file or flags."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from irtele_cli.documents import (
    SUFFIXES,
    dump_document,
    format_validation_error,
    problems_by_key,
    read_document,
    real_errors,
)
from irtele_cli.errors import DocumentError, IrteleError
from irtele_cli.states import normalize_state
from irtele_cli.vocabulary import (
    TRAINEE_STAGES,
    Comfort,
    EmploymentChoice,
    Priority,
    Procedures,
    Reading,
    Schedule,
    Stage,
    TelehealthShare,
)


def _state(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return normalize_state(value)
    except IrteleError as error:
        raise ValueError(error.message) from None


def _state_list(value: Any) -> Any:
    """Accept 'TX, CA' as well as a list; normalise each, drop repeats, keep the order given."""
    items = [part for part in value.split(",") if part.strip()] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        return items  # the list's own validation names the item that is not a state
    return list(dict.fromkeys(_state(item) for item in items))


def _choice_list(value: Any) -> Any:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


StateCode = Annotated[str, BeforeValidator(_state)]
States = Annotated[list[StateCode], BeforeValidator(_state_list)]
MaxLicenses = Annotated[int, Field(ge=1, le=60, strict=True)]


def _blank_limit_is_unset(data: Any) -> Any:
    """'max_licenses: null' (or a blank flag) means not given, so the default below applies."""
    if isinstance(data, dict) and "max_licenses" in data and data["max_licenses"] is None:
        return {key: value for key, value in data.items() if key != "max_licenses"}
    return data


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

    stage: Stage
    home_state: StateCode | None = None
    licensed_states: States = []
    board_certified: bool = False
    target_states: States = []
    max_licenses: MaxLicenses = Field(default_factory=held_licenses)
    telehealth_share: TelehealthShare
    procedures: Procedures
    schedule: Annotated[list[Schedule], BeforeValidator(_choice_list), Field(min_length=1)]
    employment: EmploymentChoice
    diagnostic_reading: Reading | None = None
    priorities: Annotated[list[Priority], BeforeValidator(_choice_list), Field(max_length=3)] = []
    liability_comfort: Comfort
    screen_tolerance: Comfort

    _blank_limit = model_validator(mode="before")(_blank_limit_is_unset)
    _limit_covers_licenses = field_validator("max_licenses")(check_license_limit)

    @model_validator(mode="after")
    def _reading_needed_after_medical_school(self) -> Profile:
        if self.diagnostic_reading is None and self.stage != "medical-student":
            raise ValueError("diagnostic_reading is required after medical school (strong, some or none)")
        return self

    @property
    def trainee(self) -> bool:
        return self.stage in TRAINEE_STAGES

    def facts(self) -> dict[str, frozenset[str | int | bool]]:
        """The answers as facts the data's rules can test."""
        return {
            "stage": frozenset({self.stage}),
            "trainee": frozenset({self.trainee}),
            "board_certified": frozenset({self.board_certified}),
            "max_licenses": frozenset({self.max_licenses}),
            "telehealth_share": frozenset({self.telehealth_share}),
            "procedures": frozenset({self.procedures}),
            "schedule": frozenset(self.schedule),
            "employment": frozenset({self.employment}),
            # unknown for a medical student, who is not asked: no reading rule speaks for them
            "diagnostic_reading": frozenset({self.diagnostic_reading} if self.diagnostic_reading else ()),
            "priorities": frozenset(self.priorities),
            "liability_comfort": frozenset({self.liability_comfort}),
            "screen_tolerance": frozenset({self.screen_tolerance}),
        }


ANSWER_KEYS: tuple[str, ...] = tuple(Profile.model_fields)
ANSWER_SUFFIXES = SUFFIXES
QUESTION_KINDS: dict[str, str] = {
    "stage": "select",
    "home_state": "state",
    "licensed_states": "states",
    "board_certified": "confirm",
    "target_states": "states",
    "max_licenses": "number",
    "telehealth_share": "select",
    "procedures": "select",
    "schedule": "checkbox",
    "employment": "select",
    "diagnostic_reading": "select",
    "priorities": "checkbox",
    "liability_comfort": "select",
    "screen_tolerance": "select",
}
"""The kind of question that can produce a valid answer for each key."""


def required_keys(answers: dict[str, Any]) -> list[str]:
    """The keys still missing before a Profile can be built from these answers."""
    needed = [name for name, field in Profile.model_fields.items() if field.is_required()]
    if answers.get("stage") != "medical-student":
        needed.append("diagnostic_reading")
    return [key for key in needed if answers.get(key) is None]


def read_answers(path: Path) -> dict[str, Any]:
    """The answers file as a mapping (YAML, TOML or JSON by extension), not yet validated."""
    data = read_document(path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise DocumentError([f"{path}: expected a mapping of answer keys to values"])
    return data


FLAG_NAMES: dict[str, str] = {
    **{key: f"--{key.replace('_', '-')}" for key in ANSWER_KEYS},
    "home_state": "--home",
    "licensed_states": "--licensed",
    "target_states": "--target",
}


def check_answers(answers: dict[str, Any], origins: dict[str, str], model: type[BaseModel] = Profile) -> list[str]:
    """Problems with the answers given so far, ignoring the ones still to be asked.

    Each problem starts with where its key came from: the answers file or the flag.
    """
    try:
        model.model_validate(answers)
    except ValidationError as error:
        problems = []
        for line, detail in zip(format_validation_error("", error, model), real_errors(error), strict=True):
            if detail["type"] == "missing" or not detail["loc"]:
                continue
            key = str(detail["loc"][0])
            origin = origins.get(key, "answers")
            if origin.startswith("--") and len(detail["loc"]) == 1:
                line = line.removeprefix(f": {key}")  # the flag already names the key
            problems.append(f"{origin}{line}")
        return problems
    return []


def answer_problems(answers: dict[str, Any]) -> dict[str, str]:
    """Problems with answers given so far, by key, so the questionnaire can ask those keys again."""
    try:
        Profile.model_validate(answers)
    except ValidationError as error:
        return problems_by_key(error, Profile)
    return {}


def answer_origins(answers_file: Path | None, from_file: dict[str, Any], flags: dict[str, Any]) -> dict[str, str]:
    """Which file or flag each answer came from, for error messages; flags win."""
    return {str(key): str(answers_file) for key in from_file} | {key: FLAG_NAMES.get(key, f"--{key}") for key in flags}


def build_profile(answers: dict[str, Any], origins: dict[str, str]) -> Profile:
    """Validate complete answers; every error names the file or flag its key came from."""
    problems = check_answers(answers, origins)
    missing = required_keys(answers)
    if missing:
        flags = ", ".join(FLAG_NAMES[key] for key in missing)
        problems.append(f"missing answers: {', '.join(missing)} (give them in the answers file or as {flags})")
    if problems:
        raise DocumentError(problems)
    try:
        return Profile.model_validate(answers)
    except ValidationError as error:  # a rule across keys, after every key passed on its own
        raise DocumentError(format_validation_error("answers", error, Profile)) from None


def dump_answers(profile: Profile, suffix: str) -> str:
    """The answers as an answers file (YAML, TOML or JSON by extension) that --answers reads back."""
    return dump_document(profile.model_dump(exclude_none=True), suffix)
