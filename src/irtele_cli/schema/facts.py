"""The small rule language of data/: the facts a condition can test about a role, and when it holds.

The user's facts come from the Profile (``Profile.facts``, ``PROFILE_FACTS``); a role's from its model here.
"""

from collections.abc import Callable, Iterable, Mapping
from operator import attrgetter
from typing import Literal, get_args, get_origin

from pydantic import BaseModel

from irtele_cli.schema.knowledge import Condition, Requirements, Role, Structure
from irtele_cli.schema.vocabulary import Level

Facts = Mapping[str, frozenset[str | int | bool]]


def _vocabulary(model: type[BaseModel], name: str) -> tuple[str, ...] | None:
    """The values a list field admits: its Literal's, or None for ids (any slug)."""
    (item,) = get_args(model.model_fields[name].annotation)
    return get_args(item) if get_origin(item) is Literal else None


REQUIREMENT_FACTS: tuple[str, ...] = tuple(Requirements.model_fields)
STRUCTURE_FACTS = tuple(name for name, field in Structure.model_fields.items() if get_origin(field.annotation) is list)
Getter = Callable[[Role], Iterable[str]]


def _level_of(requirement: str) -> Getter:
    return lambda role: [getattr(role.requirements, requirement).level]


_TABLE: list[tuple[str, Getter, tuple[str, ...] | None]] = [
    ("id", lambda role: [role.id], None),
    ("job_type", lambda role: [role.job_type], None),
    ("domains", lambda role: role.domains, None),
    *((name, attrgetter(f"structure.{name}"), _vocabulary(Structure, name)) for name in STRUCTURE_FACTS),
    ("serves", lambda role: role.serves, _vocabulary(Role, "serves")),
    *((name, _level_of(name), get_args(Level)) for name in REQUIREMENT_FACTS),
]
ROLE_FACTS: dict[str, tuple[str, ...] | None] = {name: values for name, _, values in _TABLE}
"""Every fact a condition can test about a role, with its possible values (None: any id)."""


def role_facts(role: Role) -> dict[str, frozenset[str | int | bool]]:
    """A role seen as the facts conditions can test (the names of ROLE_FACTS)."""
    return {name: frozenset(get(role)) for name, get, _ in _TABLE}


def inferred_facts(role: Role) -> frozenset[str]:
    """The role facts its knowledge-base entry marks as inferred rather than stated by a source."""
    structure = role.structure
    flags = {
        "schedules": structure.schedules_inferred,
        "telehealth_share": structure.share_inferred,
        "employment": structure.employment_inferred,
        "serves": role.serves_inferred,
    }
    names = [name for name in REQUIREMENT_FACTS if getattr(role.requirements, name).inferred]
    return frozenset([*names, *(name for name, inferred in flags.items() if inferred)])


EMPTY: frozenset[str | int | bool] = frozenset()


def holds(condition: Condition, profile: Facts, role: Facts) -> bool:
    """True when every part of the condition is met; an empty condition always holds."""
    return profile_part_holds(condition, profile) and role_part_holds(condition, profile, role)


def profile_part_holds(condition: Condition, profile: Facts) -> bool:
    """Whether the answers meet what the condition asks of them alone: then it holds for some roles, else for none.

    Ranking checks this once per rule, then only the role part per role (loops where it runs per rule and role).
    """
    return all(not profile.get(name, EMPTY).isdisjoint(values) for name, values in condition.compiled[0])


def role_part_holds(condition: Condition, profile: Facts, role: Facts) -> bool:
    _, offered, overlaps, misses, unknown = condition.compiled
    for name in unknown:
        if role.get(name):
            return False
    for name, values in offered:
        if role.get(name, EMPTY).isdisjoint(values):
            return False
    for mine, theirs in overlaps:
        if profile.get(mine, EMPTY).isdisjoint(role.get(theirs, EMPTY)):
            return False
    return not misses or all(_misses(profile.get(mine, EMPTY), role.get(theirs, EMPTY)) for mine, theirs in misses)


def _misses(wanted: frozenset[str | int | bool], offered: frozenset[str | int | bool]) -> bool:
    """A real mismatch needs both sides known: a role whose hours are not stated does not miss yours."""
    return bool(wanted) and bool(offered) and not wanted & offered
