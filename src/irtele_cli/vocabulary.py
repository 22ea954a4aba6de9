"""Closed vocabularies shared by the knowledge base and the user's answers."""

from __future__ import annotations

from typing import Literal, get_args

Stage = Literal["medical-student", "dr-resident", "ir-resident", "ir-fellow", "early-career", "established"]
TelehealthShare = Literal["side", "part-time", "primary"]
Procedures = Literal["essential", "preferred", "not-needed"]
EmploymentChoice = Literal["employed", "independent", "either"]
Reading = Literal["strong", "some", "none"]
Comfort = Literal["low", "moderate", "high"]
Schedule = Literal["weekday-daytime", "evenings-weekends", "overnight"]
Employment = Literal["employed", "independent"]
Level = Literal["none", "low", "moderate", "high"]
Priority = Literal[
    "stability",
    "flexibility",
    "income",
    "high-acuity",
    "teaching",
    "innovation",
    "patient-continuity",
    "access",
]
Location = Literal["on-site", "hospital-office", "home", "anywhere"]
SkillArea = Literal[
    "communication",
    "platforms-and-workflows",
    "ir-application",
    "informatics",
    "procedural-foundation",
    "diagnostic-reading",
    "licensing",
    "contracts",
]
When = Literal["now", "this-year", "when-applying", "before-job-search", "when-offers-come", "ongoing"]
ChecklistCategory = Literal[
    "contract-terms",
    "compensation",
    "licensing",
    "credentialing",
    "malpractice",
    "technology",
]

TRAINEE_STAGES: frozenset[Stage] = frozenset({"medical-student", "dr-resident", "ir-resident", "ir-fellow"})
WHEN_ORDER: tuple[When, ...] = get_args(When)

CATEGORY_LABELS: dict[ChecklistCategory, str] = {
    "contract-terms": "Contract terms",
    "compensation": "Compensation",
    "licensing": "Licensing",
    "credentialing": "Credentialing and privileges",
    "malpractice": "Malpractice and liability",
    "technology": "Technology, workspace and data security",
}
AREA_LABELS: dict[SkillArea, str] = {
    "communication": "Communication",
    "platforms-and-workflows": "Telehealth platforms and workflows",
    "ir-application": "The IR application and interviews",
    "informatics": "Informatics and systems design",
    "procedural-foundation": "Procedural foundation",
    "diagnostic-reading": "Diagnostic reading",
    "licensing": "Licensing",
    "contracts": "Contracts and offers",
}
WHEN_LABELS: dict[When, str] = {
    "now": "Now",
    "this-year": "This year",
    "when-applying": "When you apply to IR residency",
    "before-job-search": "Before the job search",
    "when-offers-come": "When offers come",
    "ongoing": "Ongoing",
}
STATUS_LABELS: dict[str, str] = {
    "member_spl": "compact member that can serve as a principal state",
    "member_non_spl": "compact member that issues compact licenses but cannot be a principal state",
    "member_spl_unverified": "compact member; its role as a principal state is not confirmed",
    "enacted_not_implemented": "compact law passed, but compact licensing is not confirmed as live",
    "not_member": "not in the compact",
    "disputed": "sources disagree on whether it is in the compact",
}
STATUS_SHORT: dict[str, str] = {
    "member_spl": "member; can be principal",
    "member_non_spl": "member; not principal",
    "member_spl_unverified": "member; principal unconfirmed",
    "enacted_not_implemented": "law passed; not live",
    "not_member": "not a member",
    "disputed": "disputed",
}
ROUTE_LABELS: dict[str, str] = {
    "held": "already licensed",
    "compact": "via the compact",
    "standard": "standard application",
}
OfferTerm = Literal[
    "licensing_support",
    "malpractice_covers_telemedicine",
    "malpractice_covers_all_states",
    "malpractice_covers_ir_recommendations",
    "tail_coverage",
    "telehealth_counts_toward_fte",
    "productivity_expectations_stated",
    "billing_explained",
    "scope",
]
OFFER_TERMS: tuple[OfferTerm, ...] = get_args(OfferTerm)
TERM_LABELS: dict[str, str] = {
    "licensing_support": "Licensing support",
    "malpractice_covers_telemedicine": "Malpractice covers telemedicine",
    "malpractice_covers_all_states": "Malpractice covers every state",
    "malpractice_covers_ir_recommendations": "Malpractice covers IR recommendations",
    "tail_coverage": "Tail coverage",
    "telehealth_counts_toward_fte": "Telehealth counts toward FTE",
    "productivity_expectations_stated": "Productivity expectations stated",
    "billing_explained": "Billing explained",
    "scope": "Scope of practice",
}
SHARE_SHORT: dict[str, str] = {"side": "a few sessions a week", "part-time": "part-time", "primary": "most or all"}

# Ids in data/licensing.yaml that the code relies on; the loader checks they exist.
TELERADIOLOGY_RULE = "teleradiology-both-ends"
BOARD_CERTIFICATION = "board-certification"
