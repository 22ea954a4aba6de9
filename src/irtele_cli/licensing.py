"""The licensing pathway: can the user use the compact, and how to reach each target state."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator

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
    read_answers,
)
from irtele_cli.states import STATES
from irtele_cli.vocabulary import BOARD_CERTIFICATION, STATUS_LABELS, STATUS_SHORT, TELERADIOLOGY_RULE

COMPACT_ROUTE = frozenset({"member_spl", "member_non_spl", "member_spl_unverified"})
PRINCIPAL_CAPABLE = frozenset({"member_spl", "member_spl_unverified"})

Route = Literal["held", "compact", "standard"]


class LicensingInput(BaseModel):
    """What the pathway needs: a subset of the plan's answers, plus whether reads cross state lines."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    home_state: StateCode | None = None
    licensed_states: States = []
    target_states: States = []
    board_certified: bool | None = None  # not given is not the same as 'no'
    max_licenses: MaxLicenses | None = None  # without a limit, totals are not judged against one
    teleradiology: bool = False

    @field_validator("max_licenses")
    @classmethod
    def _limit_covers_licenses(cls, value: int | None, info: ValidationInfo) -> int | None:
        return None if value is None else check_license_limit(value, info)


class CompactCheck(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    eligible: bool
    principal_state: str | None
    summary: str
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
    evidence: str
    verify: bool
    notes: list[str]

    @property
    def uncertain(self) -> bool:
        """Below high confidence: the renderers show what the sources say for such rows."""
        return self.confidence != "high"


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
    max_licenses: int | None
    over_limit: bool
    totals: str
    notes: list[str]
    also_check: list[str]
    self_check: list[str]
    process: list[str]
    rules: list[str]
    verify_url: str
    sources: list[str]


def pathway(kb: KnowledgeBase, request: LicensingInput, today: dt.date) -> Pathway:
    """Check the compact for this user, then route every target state (and, for reads, the reading state)."""
    table = {row.code: row for row in kb.licensing.states}
    stale_after = kb.licensing.stale_after_months
    compact = check_compact(request, table, today, stale_after)
    targets = list(request.target_states)
    reading = request.teleradiology and request.home_state and request.home_state not in targets
    if reading and request.home_state:
        targets.append(request.home_state)
    routes = [_route(request, compact, table[code], today, stale_after) for code in targets]
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
        over_limit=request.max_licenses is not None and held + new > request.max_licenses,
        totals=_totals(held, new, request.max_licenses),
        notes=_pathway_notes(request),
        also_check=[c.text for c in licensing.compact.eligibility if c.id != BOARD_CERTIFICATION],
        self_check=[c.text for c in licensing.compact.self_check],
        process=[fact.text for fact in licensing.compact.process],
        rules=[f"{rule.title}. {rule.text}" for rule in licensing.rules if _rule_applies(rule.id, request)],
        verify_url=licensing.verify_url,
        sources=sorted({kb.source_label(source) for source in cited}),
    )


def _totals(held: int, new: int, limit: int | None) -> str:
    text = f"Licenses: {held} held + {new} new = {held + new}"
    if limit is None:
        return text + "."
    text += f", against the {limit} you are willing to hold."
    return text + (" That is more than you planned: drop targets or raise max_licenses." if held + new > limit else "")


def _pathway_notes(request: LicensingInput) -> list[str]:
    if request.teleradiology and request.home_state is None:
        return ["Give your home state (--home) to include the state you read from, as the ACR's policy asks."]
    return []


def _rule_applies(rule_id: str, request: LicensingInput) -> bool:
    return rule_id != TELERADIOLOGY_RULE or request.teleradiology


def check_compact(
    request: LicensingInput, table: dict[str, StateStatus], today: dt.date, stale_after: int
) -> CompactCheck:
    """Whether the compact is open to this user and through which principal state, said plainly."""
    reasons: list[str] = []
    if request.board_certified is None:
        reasons.append(
            "You did not say whether you are board certified (--board-certified): the compact requires a "
            "current or time-unlimited ABMS or AOA specialty certification."
        )
    elif not request.board_certified:
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
    member = "is a compact member that can serve as a principal state"
    if principal is not None and table[principal].status == "member_spl_unverified":
        member = "is a compact member, though its role as a principal state is not confirmed by the sources"
    conditional = principal is not None and principal != request.home_state
    if principal is not None and not conditional:
        reasons.append(
            f"{principal} {can} be your state of principal license: you hold a full license there, it is your "
            f"home state (where you live or mainly practice), and it {member}."
        )
    elif principal is not None:
        reasons.append(
            f"{_home_note(request)}{principal} {can} be your state of principal license only if it is your "
            "primary residence, at least 25% of your practice is there, or your employer is there (if none of "
            f"these fits any state, the state you use for federal income tax decides). {principal} {member}."
        )
    elif request.licensed_states:
        reasons.append(
            "None of your licensed states can serve as a principal state, so the compact is not open to you "
            "until you hold a full license in one that can."
        )
    if principal is not None and _needs_verifying(table[principal], today, stale_after):
        row = table[principal]
        reasons.append(
            f"{principal}'s compact status is uncertain ({row.confidence} confidence, as of {row.as_of}): "
            "verify it before you rely on it."
        )
    eligible = bool(request.board_certified) and principal is not None
    if eligible:
        reasons.append("You still need to meet the criteria listed under 'Check privately'; the tool never asks.")
    if eligible and not conditional:
        summary = "You can use the compact, if you meet the criteria below."
    elif eligible:
        summary = "You may be able to use the compact."
    else:
        summary = "The compact is not open to you yet."
    return CompactCheck(
        eligible=eligible, principal_state=principal if eligible else None, summary=summary, reasons=reasons
    )


def _home_note(request: LicensingInput) -> str:
    home = request.home_state
    if home is None:
        return ""
    if home not in request.licensed_states:
        return f"You hold no license in {home}, your home state. "
    return ""  # a licensed home state that cannot serve is explained on its own line


def _needs_verifying(row: StateStatus, today: dt.date, stale_after: int) -> bool:
    return row.confidence != "high" or _months_between(row.as_of, today) > stale_after


def _route(
    request: LicensingInput, compact: CompactCheck, row: StateStatus, today: dt.date, stale_after: int
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
        notes.append(_standard_reason(row))
    if request.teleradiology and row.code == request.home_state:
        notes.append("You read images here: the ACR's policy is to be licensed where you read as well.")
    if row.note:
        notes.append(f"Note: {row.note}.")
    verify = route != "held" and _needs_verifying(row, today, stale_after)
    if verify:
        notes.append("Verify before acting: see the compact's official site below.")
    return StateRoute(
        state=row.code,
        name=STATES[row.code],
        route=route,
        compact_status=row.status,
        status_label=STATUS_LABELS[row.status],
        status_short=STATUS_SHORT[row.status],
        as_of=row.as_of,
        confidence=row.confidence,
        evidence=row.basis,
        verify=verify,
        notes=notes,
    )


def _standard_reason(row: StateStatus) -> str:
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
    plan_answers = {key: value for key, value in from_file.items() if key != "teleradiology"}
    problems = check_answers(plan_answers, answer_origins(answers_file, plan_answers, {}))  # a plan's file stays valid
    picked = {key: value for key, value in from_file.items() if key in LicensingInput.model_fields}
    answers = {**picked, **flags}
    problems += check_answers(answers, answer_origins(answers_file, picked, flags), LicensingInput)
    if problems:
        raise DocumentError(list(dict.fromkeys(problems)))  # a key checked by both models is reported once
    return LicensingInput.model_validate(answers)
