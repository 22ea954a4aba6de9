"""Answers from files and flags to models: every problem names the file or flag its key came from."""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from irtele_cli.errors import DocumentError
from irtele_cli.load.documents import (
    dump_document,
    format_validation_error,
    problems_by_key,
    read_document,
    real_errors,
    unknown_key,
)
from irtele_cli.schema.answers import (
    ANSWER_KEYS,
    FLAG_NAMES,
    LicensingInput,
    Profile,
    answer_fields,
    flag_name,
    reading_required,
)


def required_keys(answers: dict[str, Any]) -> list[str]:
    """The keys still missing before a Profile can be built from these answers."""
    needed = [name for name, field in Profile.model_fields.items() if field.is_required()]
    if reading_required(answers.get("stage")):
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
            if origin.startswith("--"):  # the flag already names the key; an item is counted from 1
                line = line.removeprefix(f": {key}")
                index = detail["loc"][1] if len(detail["loc"]) > 1 else None
                if isinstance(index, int):
                    given = answers.get(key)
                    several = len(given.split(",") if isinstance(given, str) else given or []) > 1
                    line = (f" (item {index + 1})" if several else "") + line.split("]", 1)[1]
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


def answer_origins(
    answers_file: Path | None, from_file: dict[str, Any], flags: Mapping[str, Any], model: type[BaseModel] = Profile
) -> dict[str, str]:
    """Which file or flag each answer came from, for error messages; flags win."""
    names = {key: flag_name(key, meta) for key, (_, meta) in answer_fields(model).items()}
    return {str(key): str(answers_file) for key in from_file} | {key: names.get(key, f"--{key}") for key in flags}


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
    """The answers as an answers file (YAML, TOML or JSON by extension) that --answers reads back.

    Only what was answered: a default saved as an answer would read back as the user's word.
    """
    return dump_document(profile.model_dump(exclude_unset=True, exclude_none=True), suffix)


def licensing_input(answers_file: Path | None, flags: dict[str, Any]) -> LicensingInput:
    """The licensing answers from a file (a plan's answers file works too) and flags; flags win."""
    from_file = read_answers(answers_file) if answers_file else {}
    allowed = [*ANSWER_KEYS, *(key for key in LicensingInput.model_fields if key not in ANSWER_KEYS)]
    unknown = [key for key in from_file if key not in allowed]
    if unknown:
        raise DocumentError([f"{answers_file}: {key}: {unknown_key(key, allowed)}" for key in unknown])
    plan_answers = {key: value for key, value in from_file.items() if key in ANSWER_KEYS}
    problems = check_answers(plan_answers, answer_origins(answers_file, plan_answers, {}))  # a plan's file stays valid
    picked = {key: value for key, value in from_file.items() if key in LicensingInput.model_fields}
    answers = {**picked, **flags}
    problems += check_answers(answers, answer_origins(answers_file, picked, flags, LicensingInput), LicensingInput)
    if problems:
        raise DocumentError(list(dict.fromkeys(problems)))  # a key checked by both models is reported once
    return LicensingInput.model_validate(answers)
