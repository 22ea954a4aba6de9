"""The small rule language of data/: which answer and role facts exist, and when a condition holds."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, get_args

from irtele_cli.errors import did_you_mean
from irtele_cli.vocabulary import (
    Comfort,
    Employment,
    EmploymentChoice,
    Level,
    Location,
    Priority,
    Procedures,
    Reading,
    Schedule,
    Stage,
    TelehealthShare,
)

if TYPE_CHECKING:
    from irtele_cli.knowledge import Condition, Role

Facts = Mapping[str, frozenset[str | int | bool]]

LEVELS: tuple[str, ...] = get_args(Level)

PROFILE_FACTS: dict[str, tuple[str | int | bool, ...] | None] = {
    "stage": get_args(Stage),
    "trainee": (True, False),
    "board_certified": (True, False),
    "max_licenses": None,  # any whole number
    "telehealth_share": get_args(TelehealthShare),
    "procedures": get_args(Procedures),
    "schedule": get_args(Schedule),
    "employment": get_args(EmploymentChoice),
    "diagnostic_reading": get_args(Reading),
    "priorities": get_args(Priority),
    "liability_comfort": get_args(Comfort),
    "screen_tolerance": get_args(Comfort),
}
REQUIREMENT_FACTS = (
    "multi_state_licensing",
    "diagnostic_reading",
    "procedural_component",
    "acuity",
    "liability_exposure",
    "screen_time",
)
ROLE_FACTS: dict[str, tuple[str, ...] | None] = {
    "id": None,
    "job_type": None,
    "domains": None,
    "telehealth_share": get_args(TelehealthShare),
    "schedules": get_args(Schedule),
    "location": get_args(Location),
    "employment": get_args(Employment),
    "compensation": None,
    "serves": get_args(Priority),
    **dict.fromkeys(REQUIREMENT_FACTS, LEVELS),
}


def role_facts(role: Role) -> dict[str, frozenset[str | int | bool]]:
    """A role seen as the facts conditions can test."""
    structure = role.structure
    facts: dict[str, frozenset[str | int | bool]] = {
        "id": frozenset({role.id}),
        "job_type": frozenset({role.job_type}),
        "domains": frozenset(role.domains),
        "telehealth_share": frozenset(structure.telehealth_share),
        "schedules": frozenset(structure.schedules),
        "location": frozenset(structure.location),
        "employment": frozenset(structure.employment),
        "compensation": frozenset(structure.compensation),
        "serves": frozenset(role.serves),
    }
    for name in REQUIREMENT_FACTS:
        facts[name] = frozenset({getattr(role.requirements, name).level})
    return facts


def inferred_facts(role: Role) -> frozenset[str]:
    """The role facts its knowledge-base entry marks as inferred rather than stated by a source."""
    names = [name for name in REQUIREMENT_FACTS if getattr(role.requirements, name).inferred]
    return frozenset([*names, *(["schedules"] if role.structure.schedules_inferred else [])])


def holds(condition: Condition, profile: Facts, role: Facts) -> bool:
    """True when every part of the condition is met; an empty condition always holds."""
    empty: frozenset[str | int | bool] = frozenset()
    wanted, offered, overlaps, misses = condition.compiled
    return (
        all(not profile.get(name, empty).isdisjoint(values) for name, values in wanted)
        and all(not role.get(name, empty).isdisjoint(values) for name, values in offered)
        and all(not profile.get(p, empty).isdisjoint(role.get(r, empty)) for p, r in overlaps)
        and all(_misses(profile.get(p, empty), role.get(r, empty)) for p, r in misses)
    )


def _misses(wanted: frozenset[str | int | bool], offered: frozenset[str | int | bool]) -> bool:
    """A real mismatch needs both sides known: a role whose hours are not stated does not miss yours."""
    return bool(wanted) and bool(offered) and not wanted & offered


def condition_problems(condition: Condition) -> list[str]:
    """Names and values in a condition that no profile or role has: a typo would silently never match."""
    problems: list[str] = []
    for name, values in condition.profile.items():
        problems += _fact_problems("profile", name, values, PROFILE_FACTS)
    for name, levels in condition.role.items():
        problems += _fact_problems("role", name, levels, ROLE_FACTS)
    for kind, pairs in (("overlaps", condition.overlaps), ("misses", condition.misses)):
        for profile_name, role_name in pairs.items():
            if profile_name not in PROFILE_FACTS:
                problems.append(f"{kind}: unknown profile fact '{profile_name}'")
            if role_name not in ROLE_FACTS:
                problems.append(f"{kind}.{profile_name}: unknown role fact '{role_name}'")
    return problems


def _fact_problems(
    side: str,
    name: str,
    values: Sequence[str | int | bool],
    known: Mapping[str, tuple[str | int | bool, ...] | None],
) -> list[str]:
    if name not in known:
        return [f"{side}: unknown fact '{name}'{did_you_mean(name, known) or '; known: ' + ', '.join(known)}"]
    allowed = known[name]
    if allowed is None:
        return []
    return [
        f"{side}.{name}: {value!r} is not a possible value; expected one of {', '.join(map(str, allowed))}"
        for value in values
        if value not in allowed
    ]
