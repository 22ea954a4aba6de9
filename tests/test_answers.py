"""Answers from files and flags: one Profile, normalised states, and errors that name key, value and choices."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO
from irtele_cli.errors import DocumentError, IrteleError
from irtele_cli.load.answers import build_profile, dump_answers, read_answers
from irtele_cli.schema.answers import Profile
from irtele_cli.schema.states import normalize_state
from profiles import PROFILES

RESIDENT = PROFILES["ir-resident-keeping-procedures"]


@pytest.mark.parametrize(
    ("given", "code"),
    [("tx", "TX"), ("Texas", "TX"), (" new  york ", "NY"), ("District of Columbia", "DC"), ("gu", "GU")],
)
def test_states_by_code_or_name_in_any_case(given: str, code: str) -> None:
    assert normalize_state(given) == code


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("Texs", "unknown US state or territory 'Texs'; did you mean Texas?"),
        ("Calfornia", "unknown US state or territory 'Calfornia'; did you mean California"),
        ("Qq", "unknown US state or territory 'Qq'; use a two-letter code such as TX"),
    ],
)
def test_unknown_state_names_the_closest(given: str, message: str) -> None:
    with pytest.raises(IrteleError) as caught:
        normalize_state(given)
    assert caught.value.message.startswith(message)


def test_state_lists_accept_text_and_drop_repeats() -> None:
    profile = Profile.model_validate({**RESIDENT, "licensed_states": "tx, California, TX", "target_states": ["ok"]})
    assert profile.licensed_states == ["TX", "CA"]
    assert profile.target_states == ["OK"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"stage": "resident"}, "answers.yaml: stage: 'resident' is not allowed (did you mean ir-resident or dr-resident?); expected 'medical-student', "
         "'dr-resident', 'ir-resident', 'ir-fellow', 'early-career' or 'established'"),
        ({"home_state": "Texs"}, "answers.yaml: home_state: unknown US state or territory 'Texs'; did you mean Texas?"),
        ({"max_licenses": 0}, "answers.yaml: max_licenses: must be at least 1 (got 0)"),
        ({"priorities": ["income", "teaching", "access", "stability"]},
         "answers.yaml: priorities: give at most 3 items (got 4)"),
        ({"favourite_colour": "blue"}, "answers.yaml: favourite_colour: unknown key; allowed keys: stage, home_state, "
         "licensed_states, board_certified, target_states, max_licenses, telehealth_share, procedures, schedule, "
         "employment, diagnostic_reading, priorities, liability_comfort, screen_tolerance"),
        ({"home": "TX"}, "answers.yaml: home: unknown key (did you mean home_state?); allowed keys: stage, "
         "home_state, licensed_states, board_certified, target_states, max_licenses, telehealth_share, procedures, "
         "schedule, employment, diagnostic_reading, priorities, liability_comfort, screen_tolerance"),
        ({"screen_tolerence": "low"}, "answers.yaml: screen_tolerence: unknown key (did you mean screen_tolerance?); "
         "allowed keys: stage, home_state, licensed_states, board_certified, target_states, max_licenses, "
         "telehealth_share, procedures, schedule, employment, diagnostic_reading, priorities, liability_comfort, "
         "screen_tolerance"),
    ],
)  # fmt: skip
def test_bad_answers_name_the_key_the_value_and_what_is_allowed(changes: dict[str, Any], message: str) -> None:
    answers = {**RESIDENT, **changes}
    with pytest.raises(DocumentError) as caught:
        build_profile(answers, dict.fromkeys(answers, "answers.yaml"))
    assert caught.value.problems == [message]


def test_errors_in_flags_name_the_flag() -> None:
    with pytest.raises(DocumentError) as caught:
        build_profile({**RESIDENT, "target_states": "OK, Texs"}, {"target_states": "--target"})
    assert caught.value.problems == ["--target (item 2): unknown US state or territory 'Texs'; did you mean Texas?"]


def test_missing_answers_are_named_with_their_flags() -> None:
    answers = {"stage": "ir-fellow", "telehealth_share": "side"}
    with pytest.raises(DocumentError) as caught:
        build_profile(answers, {})
    assert caught.value.problems == [
        "missing answers: procedures, schedule, employment, liability_comfort, screen_tolerance, diagnostic_reading "
        "(give them in the answers file or as --procedures, --schedule, --employment, --liability-comfort, "
        "--screen-tolerance, --diagnostic-reading)"
    ]


def test_medical_students_are_not_asked_for_diagnostic_reading() -> None:
    profile = Profile.model_validate(PROFILES["medical-student-digital-health"])
    assert profile.diagnostic_reading is None
    assert profile.facts()["diagnostic_reading"] == frozenset()


@pytest.mark.parametrize("suffix", [".yaml", ".toml", ".json"])
def test_saved_answers_read_back_to_the_same_profile(tmp_path: Path, suffix: str) -> None:
    profile = Profile.model_validate(RESIDENT)
    path = tmp_path / f"answers{suffix}"
    path.write_text(dump_answers(profile, suffix), encoding="utf-8")
    assert Profile.model_validate(read_answers(path)) == profile


def test_answers_file_must_be_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(["ir-resident"]), encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        read_answers(path)
    assert caught.value.problems == [f"{path}: expected a mapping of answer keys to values"]


def test_license_limit_defaults_to_the_licenses_held() -> None:
    profile = Profile.model_validate({**RESIDENT, "licensed_states": ["TX", "CA", "ny"], "max_licenses": None})
    assert profile.max_licenses == 3
    assert Profile.model_validate({k: v for k, v in RESIDENT.items() if k != "max_licenses"}).max_licenses == 1


def test_license_limit_below_the_licenses_held_is_refused() -> None:
    answers = {**RESIDENT, "licensed_states": ["TX", "CA"], "max_licenses": 1}
    with pytest.raises(DocumentError) as caught:
        build_profile(answers, {"max_licenses": "--max-licenses"})
    assert caught.value.problems == [
        "--max-licenses: 1 is below the 2 licenses you already hold (TX, CA); raise it or leave it out"
    ]


def test_license_limit_is_a_whole_number_not_a_yes() -> None:
    with pytest.raises(DocumentError) as caught:
        build_profile({**RESIDENT, "max_licenses": True}, dict.fromkeys(RESIDENT, "a.yaml"))
    assert caught.value.problems == ["a.yaml: max_licenses: expected a whole number, got true"]


def test_a_key_written_twice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("stage: ir-resident\nprocedures: essential\nstage: established\n", encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        read_answers(path)
    assert caught.value.problems == [f"{path}: line 3, column 1: duplicate key 'stage'"]


def test_the_cli_options_are_generated_from_the_answers_models() -> None:
    """flags.py keeps --help free of pydantic; it must say what the models say, or regenerate it."""
    from irtele_cli.schema.answers import flags_module

    generated = REPO / "src" / "irtele_cli" / "flags.py"
    assert generated.read_text(encoding="utf-8") == flags_module(), (
        "src/irtele_cli/flags.py is stale: python -m irtele_cli.schema.answers > src/irtele_cli/flags.py"
    )
