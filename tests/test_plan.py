"""The plan: preparation for the stage plus the top roles' gaps, ordered by when; the contract checklist."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from irtele_cli.core.plan import EVERY_ROLE, Plan, make_plan
from irtele_cli.schema.answers import Profile
from irtele_cli.schema.knowledge import KnowledgeBase
from irtele_cli.schema.vocabulary import WHEN_ORDER
from profiles import PROFILES

TODAY = dt.date(2026, 11, 27)


def plan_for(kb: KnowledgeBase, name: str, top: int = 3, **changes: object) -> Plan:
    return make_plan(kb, Profile.model_validate({**PROFILES[name], **changes}), top=top, today=TODAY)


def test_top_roles_skip_hard_limited_ones(kb: KnowledgeBase) -> None:
    plan = plan_for(kb, "ir-resident-keeping-procedures")
    by_id = {match.role: match for match in plan.matches}
    assert len(plan.top) == 3
    assert not any(by_id[role].hard_limited for role in plan.top)
    assert plan.top == [match.role for match in plan.matches if not match.hard_limited][:3]


def test_preparation_is_for_the_stage_and_ordered_by_when(kb: KnowledgeBase) -> None:
    plan = plan_for(kb, "medical-student-digital-health")
    actions = {action.id: action for action in kb.preparation}
    assert plan.preparation
    assert all("medical-student" in actions[step.id].stages for step in plan.preparation)
    order = [WHEN_ORDER.index(step.when) for step in plan.preparation]
    assert order == sorted(order)
    assert all(step.reason for step in plan.preparation)


def test_trainee_plan_puts_procedural_training_first(kb: KnowledgeBase) -> None:
    plan = plan_for(kb, "fellow-high-acuity-nights")
    assert plan.trainee
    assert plan.trainee_note is not None
    assert "Procedural training comes first" in plan.trainee_note
    assert plan.preparation[0].id == "procedural-foundation-first"
    assert plan.preparation[0].when == "now"


def test_attending_plan_is_not_framed_for_trainees(kb: KnowledgeBase) -> None:
    plan = plan_for(kb, "established-fully-remote")
    assert not plan.trainee
    assert plan.trainee_note is None


def test_gap_actions_follow_the_top_roles(kb: KnowledgeBase) -> None:
    reader = plan_for(kb, "attending-strong-reader-nights", diagnostic_reading="some")
    assert "teleradiology-ir-focus" in reader.top
    reading = [step for step in reader.preparation if step.area == "diagnostic-reading"]
    assert reading
    assert "teleradiology-ir-focus" in reading[0].for_roles
    strong = plan_for(kb, "attending-strong-reader-nights")
    assert not [step for step in strong.preparation if step.area == "diagnostic-reading"]


def test_multi_state_roles_bring_a_licensing_step(kb: KnowledgeBase) -> None:
    plan = plan_for(kb, "established-fully-remote")
    assert "remote-consult-network" in plan.top
    licensing = [step for step in plan.preparation if step.area == "licensing"]
    assert any("remote-consult-network" in step.for_roles for step in licensing)


def test_checklist_has_every_role_items_and_the_top_roles_items_grouped(kb: KnowledgeBase) -> None:
    plan = plan_for(kb, "established-fully-remote")
    every = {item.id for item in kb.checklist if item.every_role}
    assert every <= {check.id for check in plan.checklist}
    for check in plan.checklist:
        if check.id in every:
            assert check.roles == [EVERY_ROLE]
        else:
            assert set(check.roles) <= set(plan.top)
            assert all(
                check.id in kb.roles_by_id[role].checklist or _job_item(kb, role, check.id) for role in check.roles
            )
    categories = [check.category for check in plan.checklist]
    assert categories == sorted(categories, key=list(dict.fromkeys(categories)).index)
    assert all(check.why for check in plan.checklist)


def _job_item(kb: KnowledgeBase, role: str, item: str) -> bool:
    job = next(job for job in kb.job_types if job.id == kb.roles_by_id[role].job_type)
    return item in job.contract_elements


def test_top_option_changes_how_many_roles_shape_the_plan(kb: KnowledgeBase) -> None:
    assert len(plan_for(kb, "established-fully-remote", top=1).top) == 1
    assert len(plan_for(kb, "established-fully-remote", top=5).top) == 5


def test_sources_are_readable_and_unique(kb: KnowledgeBase) -> None:
    plan = plan_for(kb, "ir-resident-keeping-procedures")
    assert plan.licensing is not None  # its own sources, which name the article too, are merged in
    article, *cited = plan.sources
    assert (
        article
        == 'Article: "Unlocking Telemedicine Opportunities in Interventional Radiology Residency", Residency Advisor'
    )
    assert len(plan.sources) == len(set(plan.sources))
    assert cited == sorted(cited)
    assert not any(source.startswith("seed:") for source in plan.sources)


def test_json_has_the_public_keys(kb: KnowledgeBase) -> None:
    data = json.loads(plan_for(kb, "ir-resident-keeping-procedures").model_dump_json())
    assert next(iter(data)) == "schema_version" and data["schema_version"] == 1
    assert {"profile", "matches", "preparation", "checklist"} <= set(data)
    match = data["matches"][0]
    assert {"role", "title", "score", "fit", "reasons"} <= set(match)
    assert {"text", "effect", "source"} <= set(match["reasons"][0])
    assert {"text", "when", "area", "reason"} <= set(data["preparation"][0])
    assert {"category", "text", "why", "roles"} <= set(data["checklist"][0])
    assert data["profile"]["home_state"] == "TX"


def test_each_outside_source_is_listed_once(kb: KnowledgeBase) -> None:
    """A page cited by several entries appears once in the plan's sources, under one title."""
    plan = plan_for(kb, "attending-strong-reader-nights", licensed_states=["TX"], target_states=["TX", "CA", "NM"])
    urls = [source.split(", http", 1)[1] for source in plan.sources if ", http" in source]
    assert len(urls) > 5
    assert len(urls) == len(set(urls))


def test_fewer_open_roles_than_asked_for_is_said(kb: KnowledgeBase) -> None:
    plan = plan_for(kb, "established-one-license", top=len(kb.roles))  # one license: the network is out
    assert 0 < len(plan.top) < len(kb.roles)
    assert (
        plan.top_note == f"Only {len(plan.top)} roles fit your answers; the others are 'not a fit now' (see the table)."
    )
    assert plan_for(kb, "ir-resident-keeping-procedures", top=3).top_note is None
    everything = plan_for(kb, "established-fully-remote", top=len(kb.roles) + 3)  # more than there are roles
    assert not any(match.hard_limited for match in everything.matches)
    assert everything.top_note is None


def test_when_every_role_is_blocked_the_closest_are_shown_and_it_is_said(kb: KnowledgeBase) -> None:
    blocked = kb.model_copy(update={"roles": [kb.roles_by_id["remote-consult-network"]]})
    plan = plan_for(blocked, "established-one-license", top=1)
    assert plan.top == ["remote-consult-network"]
    assert plan.top_note is not None and plan.top_note.startswith("Every role is held back by a hard limit")


def test_listed_answers_stay_apart_when_their_labels_have_commas(kb: KnowledgeBase) -> None:
    plan = plan_for(kb, "ir-resident-keeping-procedures")
    shown = {answer.question: answer.answer for answer in plan.answers}
    assert shown["Priorities"] == "Stability: salary, benefits, predictable schedule; Continuity with my patients"
    assert shown["Target states"] == "TX, OK"


def test_an_answer_left_to_its_default_says_so(kb: KnowledgeBase) -> None:
    shown = {a.key: a.answer for a in plan_for(kb, "established-one-license").answers}
    assert shown["board_certified"] == "no (not given: the default)"
    assert shown["priorities"] == "none"  # an empty list already reads as unanswered
    given = {a.key: a.answer for a in plan_for(kb, "established-one-license", board_certified=False).answers}
    assert given["board_certified"] == "no"
    assert given["max_licenses"] == "1"
    student = plan_for(kb, "medical-student-digital-health")  # no limit given: it defaults to one
    assert student.profile.max_licenses == 1
    assert {a.key: a.answer for a in student.answers}["max_licenses"] == "1 (not given: the default)"


@pytest.mark.parametrize(
    ("hidden", "said"),
    [(0, None), (1, "And 1 more reason: --section matches"), (2, "And 2 more reasons: --section matches")],
)
def test_the_summary_counts_the_reasons_it_leaves_out(kb: KnowledgeBase, hidden: int, said: str | None) -> None:
    import io

    from rich.console import Console

    from irtele_cli.render.terminal import SUMMARY_REASONS, plan_view

    plan = plan_for(kb, "ir-resident-keeping-procedures", top=1)
    top = next(match for match in plan.matches if match.role == plan.top[0])
    assert len(top.reasons) >= SUMMARY_REASONS + 2  # enough to leave out one or two
    trimmed = top.model_copy(update={"reasons": top.reasons[: SUMMARY_REASONS + hidden]})
    plan = plan.model_copy(update={"matches": [trimmed if m is top else m for m in plan.matches]})
    out = Console(file=io.StringIO(), width=100)
    out.print(plan_view(plan))
    text = " ".join(out.file.getvalue().split())  # type: ignore[attr-defined]
    assert ("more reason" in text) == (said is not None)
    assert said is None or said in text
