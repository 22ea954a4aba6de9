"""The contract checklist on its own: for chosen roles or all of them, and against one offer when given."""

import datetime as dt
from pathlib import Path

from irtele_cli import __version__
from irtele_cli.core.offers import EMPLOYED_ONLY, term_status
from irtele_cli.core.plan import Check, checklist_for
from irtele_cli.core.view import View
from irtele_cli.schema.knowledge import KnowledgeBase
from irtele_cli.schema.offer import Offer
from irtele_cli.schema.vocabulary import TermStatus


class ChecklistLine(View):
    check: Check
    status: TermStatus | None  # against the offer, for items an offer file answers
    status_label: str | None


class ChecklistView(View):
    version: str
    generated: dt.date
    roles: list[str]
    offer: str | None
    lines: list[ChecklistLine]
    note: str
    sources: list[str]
    disclaimer: str


def checklist_view(
    kb: KnowledgeBase, role_ids: list[str], offer: tuple[Path, Offer] | None, today: dt.date
) -> ChecklistView:
    """Each check with why it matters and what to ask; met, not met or not stated where the offer says."""
    lines = []
    for check in checklist_for(kb, role_ids):
        term = kb.checklist_by_id[check.id].offer_term
        applies = (
            offer is not None and term is not None and (offer[1].employment == "employed" or term not in EMPLOYED_ONLY)
        )
        status = term_status(getattr(offer[1], term)) if applies and offer is not None and term is not None else None
        label = kb.labels.term_status[status] if status is not None else None
        lines.append(ChecklistLine(check=check, status=status, status_label=label))
    cited = [source for line in lines for source in kb.checklist_by_id[line.check.id].sources]
    return ChecklistView(
        version=__version__,
        generated=today,
        roles=role_ids,
        offer=str(offer[0]) if offer is not None else None,
        lines=lines,
        note=kb.messages.every_role_note,
        sources=kb.source_list(kb.source_labels(cited)),
        disclaimer=kb.messages.disclaimer,
    )
