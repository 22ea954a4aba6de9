"""Closed vocabularies shared by the knowledge base, the answers and an offer; their words live in data/."""

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
CompactStatus = Literal[
    "member_spl",
    "member_non_spl",
    "member_spl_unverified",
    "enacted_not_implemented",
    "not_member",
    "disputed",
]
Confidence = Literal["high", "medium", "low"]
Route = Literal["held", "compact", "standard"]
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
TermStatus = Literal["met", "unmet", "unknown"]
Scope = Literal["advisory", "arranges-transfers", "performs-procedures"]

TRAINEE_STAGES: frozenset[Stage] = frozenset({"medical-student", "dr-resident", "ir-resident", "ir-fellow"})
WHEN_ORDER: tuple[When, ...] = get_args(When)
CATEGORY_ORDER: tuple[ChecklistCategory, ...] = get_args(ChecklistCategory)
OFFER_TERMS: tuple[OfferTerm, ...] = get_args(OfferTerm)

# Ids in data/licensing.yaml that the code relies on; the loader checks they exist.
TELERADIOLOGY_RULE = "teleradiology-both-ends"
BOARD_CERTIFICATION = "board-certification"
QuestionKind = Literal["select", "checkbox", "confirm", "state", "states", "number", "amount", "text"]
