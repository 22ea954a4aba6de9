"""The bundled knowledge base: it validates, covers the article, and holds the roles the product promises."""

from __future__ import annotations

import re

import pytest

from irtele_cli.schema.knowledge import KnowledgeBase, WebSource
from irtele_cli.schema.vocabulary import CATEGORY_ORDER

REQUIRED_ROLES = [
    "hybrid-virtual-clinic",
    "hybrid-teleconsult-coverage",
    "independent-part-time",
    "remote-consult-network",
    "second-opinion-platform",
    "remote-coverage-community",
    "teleradiology-ir-focus",
    "tele-proctoring",
    "industry-advisor",
]


@pytest.mark.parametrize("role_id", REQUIRED_ROLES)
def test_required_role_exists_with_sources(kb: KnowledgeBase, role_id: str) -> None:
    role = kb.roles_by_id[role_id]
    assert role.sources
    assert role.week and role.pros and role.cons


def test_every_numbered_section_and_part_of_the_article_is_cited(kb: KnowledgeBase) -> None:
    cited = {source for _, entry in kb.entries() for source in entry.sources if isinstance(source, str)}
    assert [label for label in kb.citation_labels if label not in cited] == []
    assert [section.number for section in kb.article.sections] == [1, 2, 3, 4, 5, 6, 7]


def test_the_four_domains_carry_the_articles_examples(kb: KnowledgeBase) -> None:
    assert [domain.id for domain in kb.domains] == [
        "virtual-clinics",
        "remote-consults",
        "teleradiology-enhanced",
        "tele-proctoring",
    ]
    examples = " ".join(" ".join([*d.activities, *d.examples]) for d in kb.domains)
    for term in ["UFE", "TACE", "PICC", "post-embolization syndrome", "GI bleeding", "PE", "tumor board"]:
        assert term.lower() in examples.lower(), term


def test_roles_are_tied_to_the_job_types_they_come_from(kb: KnowledgeBase) -> None:
    job_of = {role.id: role.job_type for role in kb.roles}
    assert job_of["hybrid-virtual-clinic"] == job_of["hybrid-teleconsult-coverage"] == "employed-hybrid"
    assert job_of["teleradiology-ir-focus"] == "teleradiology-ir-focus"
    assert job_of["industry-advisor"] == "industry-innovation"
    fte = kb.roles_by_id["independent-part-time"].structure.fte
    assert fte is not None and (fte.min, fte.max) == (0.2, 0.4)


def test_teleradiology_role_asks_for_strong_diagnostic_reading(kb: KnowledgeBase) -> None:
    role = kb.roles_by_id["teleradiology-ir-focus"]
    assert role.requirements.diagnostic_reading.level == "high"
    assert "overnight" in role.structure.schedules


HEDGED = re.compile(r"inferred|judgment|does not (say|rate|quantify|describe)|is silent|assumed|depends on", re.I)


@pytest.mark.parametrize("role_id", REQUIRED_ROLES)
def test_a_role_trait_its_note_calls_inferred_is_flagged_inferred(kb: KnowledgeBase, role_id: str) -> None:
    """The flag is what the plan shows next to a reason; a hedged note without it would read as fact."""
    role = kb.roles_by_id[role_id]
    for name, requirement in role.requirements:
        hedged = bool(HEDGED.search(requirement.note or ""))
        assert requirement.inferred == hedged, f"{role_id}.requirements.{name}: {requirement.note}"
    structure = role.structure
    hedged_hours = bool(structure.schedules and HEDGED.search(structure.schedule_text or ""))
    assert structure.schedules_inferred == hedged_hours, f"{role_id}.structure.schedule_text"


def test_checklist_covers_every_category(kb: KnowledgeBase) -> None:
    assert {item.category for item in kb.checklist} == set(CATEGORY_ORDER)  # every category has items
    assert all(item.why for item in kb.checklist)


def test_preparation_reaches_every_stage_and_skill_area_of_the_article(kb: KnowledgeBase) -> None:
    stages = {stage for action in kb.preparation for stage in action.stages}
    assert stages == {
        "medical-student",
        "dr-resident",
        "ir-resident",
        "ir-fellow",
        "early-career",
        "established",
    }
    areas = {action.area for action in kb.preparation}
    assert {"communication", "platforms-and-workflows", "ir-application", "informatics"} <= areas


def test_faq_has_the_four_answers(kb: KnowledgeBase) -> None:
    assert [entry.id for entry in kb.faq] == ["fully-remote", "when-to-start", "pay", "competitiveness"]


def _phrases(text: str, size: int = 4) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9-]+", text.lower())
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


@pytest.mark.parametrize("entry_id", ["fully-remote", "when-to-start", "pay", "competitiveness"])
def test_each_faq_answer_is_said_once(kb: KnowledgeBase, entry_id: str) -> None:
    """The short answer, then the points behind it: no point restates the answer (no four words in common)."""
    entry = next(entry for entry in kb.faq if entry.id == entry_id)
    assert entry.points
    assert [point for point in entry.points if _phrases(point) & _phrases(entry.answer)] == []
    shared = [(a, b) for i, a in enumerate(entry.points) for b in entry.points[i + 1 :] if _phrases(a) & _phrases(b)]
    assert shared == []


def test_compensation_models_and_what_to_verify(kb: KnowledgeBase) -> None:
    assert {model.id for model in kb.compensation.models} == {
        "salary-plus-bonus",
        "per-consult-or-rvu",
        "remote-call-stipend",
    }
    assert len(kb.compensation.verify) == 3


def test_outside_sources_carry_a_date(kb: KnowledgeBase) -> None:
    web = [source for _, entry in kb.entries() for source in entry.sources if isinstance(source, WebSource)]
    assert all(source.as_of for source in web)


def test_source_labels_read_as_article_sections(kb: KnowledgeBase) -> None:
    label = kb.source_label("seed: types-of-jobs/independent-telehealth-roles")
    assert label == "Article §3.2 Independent telehealth physician roles"
    assert kb.source_label("seed: looking-ahead") == "Article §6 Looking Ahead: The Future of Telemedicine in IR"
