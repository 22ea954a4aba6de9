"""The licensing pathway: can the user use the compact, and how to reach each target state."""

import datetime as dt
import re

from irtele_cli import __version__
from irtele_cli.core.view import View
from irtele_cli.schema.answers import LicensingInput
from irtele_cli.schema.base import fill
from irtele_cli.schema.knowledge import (
    KnowledgeBase,
    Labels,
    Licensing,
    LicensingMessages,
    Source,
    StateStatus,
    Term,
)
from irtele_cli.schema.states import STATES
from irtele_cli.schema.vocabulary import BOARD_CERTIFICATION, TELERADIOLOGY_RULE, Route

COMPACT_ROUTE = frozenset({"member_spl", "member_non_spl", "member_spl_unverified"})
PRINCIPAL_CAPABLE = frozenset({"member_spl", "member_spl_unverified"})


class CompactCheck(View):
    eligible: bool
    principal_state: str | None
    summary: str
    reasons: list[str]


class StateRoute(View):
    state: str
    name: str
    route: Route
    route_label: str
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


class Pathway(View):
    """Everything the licensing view shows, computed; renderers only format it."""

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
    no_targets: str
    check_privately: str
    membership_note: str
    also_check: list[str]
    self_check: list[str]
    process: list[str]
    rules: list[str]
    verify_url: str
    sources: list[str]
    disclaimer: str


def pathway(kb: KnowledgeBase, request: LicensingInput, today: dt.date) -> Pathway:
    """Check the compact for this user, then route every target state (and, for reads, the reading state)."""
    request = _settled_certification(kb, request)
    licensing = kb.licensing
    table = {row.code: row for row in licensing.states}
    compact = check_compact(request, table, today, licensing, kb.labels)
    targets = list(request.target_states)
    reading = request.teleradiology and request.home_state and request.home_state not in targets
    if reading and request.home_state:
        targets.append(request.home_state)
    routes = [_route(request, compact, table[code], today, licensing, kb) for code in targets]
    compact, routes, explained = explain_terms(licensing.terms, compact, routes)
    held = len(request.licensed_states)
    new = sum(1 for route in routes if route.route != "held")
    cited: list[Source] = [*licensing.compact.sources, *licensing.compact.eligibility_sources]
    cited += [source for rule in licensing.rules if _rule_applies(rule.id, request) for source in rule.sources]
    cited += [source for fact in licensing.compact.process for source in fact.sources]
    cited += [source for code in targets for source in table[code].sources]
    cited += [source for term in explained for source in term.sources]
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
        totals=_totals(licensing.messages, held, new, request.max_licenses),
        notes=_pathway_notes(request, licensing.messages),
        no_targets=kb.messages.no_targets,
        check_privately=kb.messages.check_privately,
        membership_note=fill(kb.messages.verify_membership, url=licensing.verify_url),
        also_check=[c.text for c in licensing.compact.eligibility if c.id != BOARD_CERTIFICATION],
        self_check=[c.text for c in licensing.compact.self_check],
        process=[fact.text for fact in licensing.compact.process],
        rules=[f"{rule.title}. {rule.text}" for rule in licensing.rules if _rule_applies(rule.id, request)],
        verify_url=licensing.verify_url,
        sources=kb.source_list(kb.source_label(source) for source in cited),
        disclaimer=kb.messages.disclaimer,
    )


def explain_terms(
    terms: list[Term], compact: CompactCheck, routes: list[StateRoute]
) -> tuple[CompactCheck, list[StateRoute], list[Term]]:
    """Each term ('SPL') explained once, where the output first shows it: the compact's reasons, each state's
    notes, then what the sources say for the uncertain states (the rest is only in JSON)."""
    pending = list(terms)
    explained: list[Term] = []

    def explain(text: str) -> str:
        for term in list(pending):
            found = re.search(rf"\b{re.escape(term.term)}\b", text)
            if found:
                text = f"{text[: found.end()]} ({term.term}: {term.meaning}){text[found.end() :]}"
                pending.remove(term)
                explained.append(term)
        return text

    compact = compact.model_copy(update={"reasons": [explain(reason) for reason in compact.reasons]})
    routes = [route.model_copy(update={"notes": [explain(note) for note in route.notes]}) for route in routes]
    shown_first = sorted(range(len(routes)), key=lambda index: not routes[index].uncertain)
    for index in shown_first:
        routes[index] = routes[index].model_copy(update={"evidence": explain(routes[index].evidence)})
    return compact, routes, explained


def _settled_certification(kb: KnowledgeBase, request: LicensingInput) -> LicensingInput:
    """An unstated certification is 'no' at a stage the questionnaire does not ask it of (a resident)."""
    if request.board_certified is not None or request.stage is None:
        return request
    question = next((q for q in kb.questions if q.key == "board_certified"), None)
    if question is None or question.applies({"stage": request.stage}):
        return request
    return request.model_copy(update={"board_certified": False})


def _totals(say: LicensingMessages, held: int, new: int, limit: int | None) -> str:
    text = fill(say.totals, held=held, new=new, total=held + new)
    if limit is None:
        return text + "."
    text += fill(say.totals_against_limit, limit=limit)
    return text + (" " + say.over_limit if held + new > limit else "")


def _pathway_notes(request: LicensingInput, say: LicensingMessages) -> list[str]:
    return [say.teleradiology_without_home] if request.teleradiology and request.home_state is None else []


def _rule_applies(rule_id: str, request: LicensingInput) -> bool:
    return rule_id != TELERADIOLOGY_RULE or request.teleradiology


def check_compact(
    request: LicensingInput, table: dict[str, StateStatus], today: dt.date, licensing: Licensing, labels: Labels
) -> CompactCheck:
    """Whether the compact is open to this user and through which principal state, said plainly."""
    say = licensing.messages
    reasons: list[str] = []
    if request.board_certified is None:
        reasons.append(say.certification_unknown)
    elif not request.board_certified:
        reasons.append(say.not_certified)
    capable = [code for code in request.licensed_states if table[code].status in PRINCIPAL_CAPABLE]
    reasons += [
        fill(say.cannot_be_principal, state=code, status=labels.compact_status[table[code].status].long)
        for code in request.licensed_states
        if code not in capable
    ]
    if not request.licensed_states:
        reasons.append(say.no_license_yet)
    principal = request.home_state if request.home_state in capable else (capable[0] if capable else None)
    conditional = principal is not None and principal != request.home_state
    if principal is not None:
        row = table[principal]
        words = {
            "state": principal,
            "can": say.can if request.board_certified else say.could,
            "member": say.member_unconfirmed if row.status == "member_spl_unverified" else say.member,
        }
        if conditional:
            home_note = _home_note(request, say.home_without_license)
            reasons.append(fill(say.principal_elsewhere, home_note=home_note, **words))
        else:
            reasons.append(fill(say.principal_at_home, **words))
        if _needs_verifying(row, today, licensing.stale_after_months):
            reasons.append(fill(say.uncertain_principal, state=principal, confidence=row.confidence, as_of=row.as_of))
        if row.note:  # e.g. Michigan: status after 2026-03-28 not verified, wherever the state appears
            reasons.append(fill(say.principal_note, state=principal, note=row.note))
    elif request.licensed_states:
        reasons.append(say.none_can_serve)
    eligible = bool(request.board_certified) and principal is not None
    if eligible:
        reasons.append(say.check_privately)
    summary = say.summary_closed if not eligible else (say.summary_conditional if conditional else say.summary_open)
    return CompactCheck(
        eligible=eligible, principal_state=principal if eligible else None, summary=summary, reasons=reasons
    )


def _home_note(request: LicensingInput, template: str) -> str:
    """Why the home state is not the principal state, when that is not already said on its own line."""
    home = request.home_state
    if home is None or home in request.licensed_states:
        return ""
    return fill(template, state=home) + " "


def _needs_verifying(row: StateStatus, today: dt.date, stale_after: int) -> bool:
    return row.confidence != "high" or _months_between(row.as_of, today) > stale_after


def _route(
    request: LicensingInput,
    compact: CompactCheck,
    row: StateStatus,
    today: dt.date,
    licensing: Licensing,
    kb: KnowledgeBase,
) -> StateRoute:
    say = licensing.messages
    status = kb.labels.compact_status[row.status]
    notes: list[str] = []
    route: Route
    if row.code in request.licensed_states:
        route = "held"
        notes.append(say.route_held)
    elif compact.eligible and row.status in COMPACT_ROUTE:
        route = "compact"
        notes.append(fill(say.route_compact, principal=compact.principal_state))
    elif row.status in COMPACT_ROUTE:
        route = "standard"
        notes.append(say.route_member_closed)
    else:
        route = "standard"
        notes.append(fill(say.route_standard, status=status.long.capitalize()))
    if request.teleradiology and row.code == request.home_state:
        notes.append(say.reads_here)
    if row.note:
        notes.append(fill(kb.messages.state_note, note=row.note))
    verify = route != "held" and _needs_verifying(row, today, licensing.stale_after_months)
    if verify:
        notes.append(say.verify)
    return StateRoute(
        state=row.code,
        name=STATES[row.code],
        route=route,
        route_label=kb.labels.routes[route],
        compact_status=row.status,
        status_label=status.long,
        status_short=status.short,
        as_of=row.as_of,
        confidence=row.confidence,
        evidence=row.basis,
        verify=verify,
        notes=notes,
    )


def _months_between(as_of: str, today: dt.date) -> int:
    """Whole months from the start of the as-of period to today; a bare year counts from January."""
    parts = [int(part) for part in as_of.split("-")]
    year, month = parts[0], parts[1] if len(parts) > 1 else 1
    return (today.year - year) * 12 + today.month - month - (1 if len(parts) > 2 and today.day < parts[2] else 0)
