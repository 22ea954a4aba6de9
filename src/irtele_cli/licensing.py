"""The licensing pathway: can the user use the compact, and how to reach each target state."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from irtele_cli import __version__
from irtele_cli.errors import DocumentError
from irtele_cli.knowledge import KnowledgeBase, Source, StateStatus
from irtele_cli.profile import (
    ANSWER_KEYS,
    MaxLicenses,
    StateCode,
    States,
    answer_origins,
    check_answers,
    check_license_limit,
    default_license_limit,
    read_answers,
)
from irtele_cli.states import STATES
from irtele_cli.vocabulary import STATUS_LABELS, STATUS_SHORT

COMPACT_ROUTE = frozenset({"member_spl", "member_non_spl", "member_spl_unverified"})
PRINCIPAL_CAPABLE = frozenset({"member_spl", "member_spl_unverified"})

Route = Literal["held", "compact", "standard"]


class LicensingInput(BaseModel):
    """What the pathway needs: a subset of the plan's answers, plus whether reads cross state lines."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    home_state: StateCode | None = None
    licensed_states: States = []
    target_states: States = []
    board_certified: bool = False
    max_licenses: MaxLicenses = 1
    teleradiology: bool = False

    _default_limit = model_validator(mode="before")(default_license_limit)
    _limit_covers_licenses = field_validator("max_licenses")(check_license_limit)


class CompactCheck(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    eligible: bool
    principal_state: str | None
    reasons: list[str]


class StateRoute(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    state: str
    name: str
    route: Route
    compact_status: str
    status_label: str
    status_short: str
    as_of: str
    confidence: str
    verify: bool
    notes: list[str]


class Pathway(BaseModel):
    """Everything the licensing view shows, computed; renderers only format it."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    version: str
    generated: dt.date
    input: LicensingInput
    compact: CompactCheck
    states: list[StateRoute]
    licenses_held: int
    new_licenses: int
    total_licenses: int
    max_licenses: int
    over_limit: bool
    also_check: list[str]
    self_check: list[str]
    process: list[str]
    rules: list[str]
    verify_url: str
    sources: list[str]


def pathway(kb: KnowledgeBase, request: LicensingInput, today: dt.date) -> Pathway:
    """Check the compact for this user, then route every target state (and, for reads, the reading state)."""
    table = {row.code: row for row in kb.licensing.states}
    compact = check_compact(request, table)
    targets = list(request.target_states)
    reading = request.teleradiology and request.home_state and request.home_state not in targets
    if reading and request.home_state:
        targets.append(request.home_state)
    routes = [_route(kb, request, compact, table[code], today, code == request.home_state) for code in targets]
    held = len(request.licensed_states)
    new = sum(1 for route in routes if route.route != "held")
    licensing = kb.licensing
    cited: list[Source] = [*licensing.compact.sources, *licensing.compact.eligibility_sources]
    cited += [source for rule in licensing.rules if _rule_applies(rule.id, request) for source in rule.sources]
    cited += [source for fact in licensing.compact.process for source in fact.sources]
    cited += [source for code in targets for source in table[code].sources]
    return Pathway(
        version=__version__,
        generated=today,
        input=request,
        compact=compact,
        states=routes,
        licenses_held=held,
        new_licenses=new,
        total_licenses=held + new,
        max_licenses=request.max_licenses,
        over_limit=held + new > request.max_licenses,
        also_check=[c.text for c in licensing.compact.eligibility if c.id != "board-certification"],
        self_check=[c.text for c in licensing.compact.self_check],
        process=[fact.text for fact in licensing.compact.process],
        rules=[f"{rule.title}: {rule.text}" for rule in licensing.rules if _rule_applies(rule.id, request)],
        verify_url=licensing.verify_url,
        sources=sorted({kb.source_label(source) for source in cited}),
    )


def _rule_applies(rule_id: str, request: LicensingInput) -> bool:
    return rule_id != "teleradiology-both-ends" or request.teleradiology


def check_compact(request: LicensingInput, table: dict[str, StateStatus]) -> CompactCheck:
    """Whether the compact is open to this user and through which principal state, said plainly."""
    reasons: list[str] = []
    if not request.board_certified:
        reasons.append(
            "Not board certified: the compact requires a current or time-unlimited ABMS or AOA specialty certification."
        )
    capable = [code for code in request.licensed_states if table[code].status in PRINCIPAL_CAPABLE]
    for code in request.licensed_states:
        if code not in capable:
            reasons.append(f"{code} cannot be your state of principal license: {STATUS_LABELS[table[code].status]}.")
    if not request.licensed_states:
        reasons.append(
            "No full license yet: the compact starts from a full license in a member state that can serve "
            "as your state of principal license."
        )
    principal = request.home_state if request.home_state in capable else (capable[0] if capable else None)
    can = "can" if request.board_certified else "could, once you are board certified,"
    if principal is not None and principal == request.home_state:
        reasons.append(
            f"{principal} {can} be your state of principal license: you hold a full license there, it is "
            "your primary residence, and it serves as a principal state in the compact."
        )
    elif principal is not None:
        home = f"You live in {request.home_state}, which cannot serve. " if request.home_state else ""
        reasons.append(
            f"{home}{principal} {can} be your state of principal license only if at least 25% of your "
            "practice or your employer is there (or, if no criterion fits any state, it is your federal tax "
            "residence)."
        )
    elif request.licensed_states:
        reasons.append(
            "None of your licensed states can serve as a principal state, so the compact is not open to you "
            "until you hold a full license in one that can."
        )
    if principal is not None and table[principal].status == "member_spl_unverified":
        reasons.append(f"{principal}'s role as a principal state is not confirmed by the sources; verify it first.")
    eligible = request.board_certified and principal is not None
    if eligible:
        reasons.append("You still need to meet the criteria listed under 'Check privately'; the tool never asks.")
    return CompactCheck(eligible=eligible, principal_state=principal if eligible else None, reasons=reasons)


def _route(
    kb: KnowledgeBase,
    request: LicensingInput,
    compact: CompactCheck,
    row: StateStatus,
    today: dt.date,
    is_home: bool,
) -> StateRoute:
    notes: list[str] = []
    route: Route
    if row.code in request.licensed_states:
        route = "held"
        notes.append("You already hold a full license here.")
    elif compact.eligible and row.status in COMPACT_ROUTE:
        route = "compact"
        notes.append(
            f"Through the compact: letter of qualification from {compact.principal_state}, then this state's license."
        )
    else:
        route = "standard"
        notes.append(_standard_reason(row, compact))
    if request.teleradiology and is_home:
        notes.append("You read images here: the ACR's policy is to be licensed where you read as well.")
    if row.note:
        notes.append(f"Note: {row.note}.")
    verify = row.confidence != "high" or _months_between(row.as_of, today) > kb.licensing.stale_after_months
    if verify:
        notes.append("Verify at the compact's official site before acting (link below).")
    return StateRoute(
        state=row.code,
        name=STATES[row.code],
        route=route,
        compact_status=row.status,
        status_label=STATUS_LABELS[row.status],
        status_short=STATUS_SHORT[row.status],
        as_of=row.as_of,
        confidence=row.confidence,
        verify=verify,
        notes=notes,
    )


def _standard_reason(row: StateStatus, compact: CompactCheck) -> str:
    if row.status in COMPACT_ROUTE:
        return "A compact member, but you cannot use the compact yet (see above): apply to the state board."
    return f"{STATUS_LABELS[row.status].capitalize()}: apply to the state board."


def _months_between(as_of: str, today: dt.date) -> int:
    """Whole months from the start of the as-of period to today; a bare year counts from January."""
    parts = [int(part) for part in as_of.split("-")]
    year, month = parts[0], parts[1] if len(parts) > 1 else 1
    return (today.year - year) * 12 + today.month - month - (1 if len(parts) > 2 and today.day < parts[2] else 0)


def licensing_input(answers_file: Path | None, flags: dict[str, Any]) -> LicensingInput:
    """The licensing answers from a file (a plan's answers file works too) and flags; flags win."""
    from_file = read_answers(answers_file) if answers_file else {}
    allowed = [*ANSWER_KEYS, "teleradiology"]
    unknown = [key for key in from_file if key not in allowed]
    if unknown:
        raise DocumentError(
            [f"{answers_file}: {key}: unknown key; allowed keys: {', '.join(allowed)}" for key in unknown]
        )
    picked = {key: value for key, value in from_file.items() if key in LicensingInput.model_fields}
    answers = {**picked, **flags}
    problems = check_answers(answers, answer_origins(answers_file, picked, flags), LicensingInput)
    if problems:
        raise DocumentError(problems)
    return LicensingInput.model_validate(answers)
