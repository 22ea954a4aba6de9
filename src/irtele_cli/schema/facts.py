"""The small rule language of data/: the facts a condition can test about a role, and when it holds.

The user's facts come from the Profile (``Profile.facts``, ``PROFILE_FACTS``); a role's from its model here.
"""

from collections.abc import Mapping
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
STRUCTURE_FACTS = ("telehealth_share", "schedules", "location", "employment", "compensation")
ROLE_FACTS: dict[str, tuple[str, ...] | None] = {
    "id": None,
    "job_type": None,
    "domains": None,
    **{name: _vocabulary(Structure, name) for name in STRUCTURE_FACTS},
    "serves": _vocabulary(Role, "serves"),
    **dict.fromkeys(REQUIREMENT_FACTS, get_args(Level)),
}
"""Every fact a condition can test about a role, with its possible values (None: any id)."""


def role_facts(role: Role) -> dict[str, frozenset[str | int | bool]]:
    """A role seen as the facts conditions can test (the names of ROLE_FACTS)."""
    structure = role.structure
    facts: dict[str, frozenset[str | int | bool]] = {
        "id": frozenset({role.id}),
        "job_type": frozenset({role.job_type}),
        "domains": frozenset(role.domains),
        **{name: frozenset(getattr(structure, name)) for name in STRUCTURE_FACTS},
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
