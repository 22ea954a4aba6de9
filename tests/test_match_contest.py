"""A match you can check and contest: rankings that follow the article, evidence that counts, and recourse.

Each profile row cites the article sentence it rests on. The properties check the mechanism on every
kind of answer: points add up, unknowns earn nothing, recourse does what it promises and never asks
anyone to change a preference.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import REPO
from irtele_cli.cli import app
from irtele_cli.core.matching import rank, score_role
from irtele_cli.core.plan import make_plan
from irtele_cli.core.recourse import Rescorer, candidate_changes, with_changes
from irtele_cli.schema.answers import PROFILE_FACTS, Profile
from irtele_cli.schema.facts import role_facts
from irtele_cli.schema.knowledge import KnowledgeBase

TODAY = dt.date(2026, 12, 1)
BASE: dict[str, Any] = {"liability_comfort": "moderate", "screen_tolerance": "moderate", "employment": "either"}
ARTICLE_CASES: list[tuple[str, dict[str, Any], set[str], str, str]] = [
    (
        "a DR resident with strong reading who wants side income on evenings and weekends",
        {**BASE, "stage": "dr-resident", "telehealth_share": "side", "procedures": "preferred",
         "schedule": ["evenings-weekends"], "diagnostic_reading": "strong", "priorities": ["income"]},
        {"teleradiology-ir-focus"},
        "Uses the strong diagnostic reading you keep up.",
        "§3.3: teleradiology companies prefer or pay a premium for IR readers; it can supplement income",
    ),
    (
        "an established physician licensed in several compact states who wants high-acuity rural coverage",
        {**BASE, "stage": "established", "licensed_states": ["CO", "UT", "AZ", "TX"], "board_certified": True,
         "max_licenses": 8, "telehealth_share": "primary", "procedures": "not-needed", "employment": "independent",
         "schedule": ["evenings-weekends", "overnight"], "diagnostic_reading": "some",
         "priorities": ["high-acuity", "access"], "liability_comfort": "high", "screen_tolerance": "high"},
        {"remote-coverage-community", "remote-consult-network"},
        "Serves your priority of access to IR for rural or underserved communities.",
        "§2.2: smaller community sites lack 24/7 IR; §3.2: remote coverage for hospitals without IR presence",
    ),
    (
        "a strong reader who wants overnight work and income",
        {**BASE, "stage": "early-career", "telehealth_share": "part-time", "procedures": "not-needed",
         "schedule": ["overnight"], "diagnostic_reading": "strong", "priorities": ["income"], "max_licenses": 3},
        {"teleradiology-ir-focus"},
        "Works in hours you are open to (overnight).",
        "§3.3: read emergent CT scans overnight for a regional system",
    ),
    (
        "a fellow drawn to innovation and teaching",
        {**BASE, "stage": "ir-fellow", "telehealth_share": "side", "procedures": "essential",
         "schedule": ["weekday-daytime"], "diagnostic_reading": "some", "priorities": ["innovation", "teaching"]},
        {"industry-advisor"},
        "Serves your interest in innovation and digital health.",
        "§3.4: for residents and fellows with a strong interest in digital health, these can become career tracks",
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "answers", "expected", "reason", "cite"), ARTICLE_CASES, ids=[c[0] for c in ARTICLE_CASES]
)
def test_rankings_follow_the_article(
    kb: KnowledgeBase, case: str, answers: dict[str, Any], expected: set[str], reason: str, cite: str
) -> None:
    plan = make_plan(kb, Profile.model_validate(answers))
    assert expected <= set(plan.top), (case, plan.top)
    matches = {match.role: match for match in plan.matches}
    assert any(reason in [r.text for r in matches[role].reasons] for role in expected), cite


def test_low_screen_and_liability_tolerance_do_not_put_a_video_heavy_role_first(kb: KnowledgeBase) -> None:
    """§5.1: back-to-back video is draining; §5.3: IR-specific risk in remote recommendations."""
    answers = {"stage": "established", "telehealth_share": "primary", "procedures": "not-needed", "employment": "either",
               "schedule": ["weekday-daytime"], "diagnostic_reading": "some", "priorities": ["flexibility"],
               "liability_comfort": "low", "screen_tolerance": "low", "max_licenses": 3}  # fmt: skip
    first = rank(kb, Profile.model_validate(answers))[0]
    assert first.role != "industry-advisor"  # its own cons list screen fatigue; it used to win on unknowns
    assert kb.roles_by_id[first.role].requirements.liability_exposure.level != "high"


def test_a_medical_student_is_not_held_to_a_license_limit_they_never_gave(kb: KnowledgeBase) -> None:
    student = {"stage": "medical-student", "telehealth_share": "side", "procedures": "essential", "employment": "either",
               "schedule": ["weekday-daytime"], "liability_comfort": "moderate", "screen_tolerance": "moderate"}  # fmt: skip
    matches = rank(kb, Profile.model_validate(student))
    assert not any("only one" in reason.text for match in matches for reason in match.reasons)


def test_trainees_see_tele_proctoring_as_a_role_for_later(kb: KnowledgeBase) -> None:
    """§2.4: guiding other interventionalists and backing up junior colleagues."""
    fellow = {**ARTICLE_CASES[3][1]}
    match = next(m for m in rank(kb, Profile.model_validate(fellow)) if m.role == "tele-proctoring")
    assert any(reason.rule == "trainees-guide-others-later" for reason in match.reasons)
    attending = next(
        m for m in rank(kb, Profile.model_validate({**fellow, "stage": "established"})) if m.role == "tele-proctoring"
    )
    assert not any(reason.rule == "trainees-guide-others-later" for reason in attending.reasons)


def test_a_role_whose_hours_are_not_given_says_so(kb: KnowledgeBase) -> None:
    match = next(m for m in rank(kb, Profile.model_validate(ARTICLE_CASES[0][1])) if m.role == "industry-advisor")
    note = next(reason for reason in match.reasons if reason.rule == "schedule-unknown")
    assert (note.effect, note.points) == ("note", 0) and "gives no hours" in note.text


def test_fit_bands_are_in_the_plan_and_a_zero_is_not_a_weak_fit(kb: KnowledgeBase) -> None:
    plan = make_plan(kb, Profile.model_validate(ARTICLE_CASES[1][1]))
    labels = {band.label: (band.min, band.max) for band in plan.fit_bands}
    assert labels["poor fit"][0] == 0 and labels["weak fit"][0] > 0
    assert all(match.fit != "weak fit" for match in plan.matches if match.score == 0)
    assert plan.fit_legend.startswith("Fit: strong fit 75-100")


def test_a_priority_no_top_role_serves_is_said(kb: KnowledgeBase) -> None:
    answers = {**BASE, "stage": "established", "telehealth_share": "side", "procedures": "essential",
               "schedule": ["weekday-daytime"], "employment": "employed", "diagnostic_reading": "some",
               "priorities": ["teaching"], "max_licenses": 2}  # fmt: skip
    plan = make_plan(kb, Profile.model_validate(answers), top=2)
    assert "tele-proctoring" not in plan.top
    (note,) = plan.priority_notes
    assert (
        note.startswith("None of your top roles serves teaching and guiding colleagues;") and "tele-proctoring" in note
    )


def test_headlines_set_each_role_apart(kb: KnowledgeBase) -> None:
    plan = make_plan(kb, Profile.model_validate(ARTICLE_CASES[0][1]))
    headlines = [match.top_reason_text for match in plan.matches[:5]]
    assert len(set(headlines)) == len(headlines)


def test_recourse_opens_a_role_held_back_by_one_license(kb: KnowledgeBase) -> None:
    answers = {**ARTICLE_CASES[1][1], "licensed_states": ["TX"], "max_licenses": 1}
    plan = make_plan(kb, Profile.model_validate(answers))
    network = next(match for match in plan.matches if match.role == "remote-consult-network")
    assert network.hard_limited
    first = network.recourse[0]
    assert first.opens and [(c.key, c.before, c.to) for c in first.changes] == [("max_licenses", 1, 2)]
    assert network.recourse_lines[0].startswith("Would open with: Licenses you will hold: 1 → 2 → ")
    dumped = json.loads(plan.model_dump_json())
    change = next(m for m in dumped["matches"] if m["role"] == "remote-consult-network")["recourse"][0]["changes"][0]
    assert set(change) == {"key", "from", "to", "text"}  # the public JSON keys


def test_the_top_roles_say_how_settled_their_order_is(kb: KnowledgeBase) -> None:
    plan = make_plan(kb, Profile.model_validate(ARTICLE_CASES[0][1]))
    first, second = plan.matches[0], plan.matches[1]
    assert first.margin == first.score - second.score
    assert first.margin_line is not None and first.margin_line.startswith(f"Ahead of {second.title} by {first.margin}")


# --- properties --------------------------------------------------------------------------------------


def _profiles() -> st.SearchStrategy[dict[str, Any]]:
    def one(key: str) -> st.SearchStrategy[Any]:
        return st.sampled_from(list(PROFILE_FACTS[key] or ()))

    return st.fixed_dictionaries(
        {
            "stage": one("stage").filter(lambda stage: stage != "medical-student"),
            "telehealth_share": one("telehealth_share"),
            "procedures": one("procedures"),
            "schedule": st.lists(one("schedule"), min_size=1, max_size=3, unique=True),
            "employment": one("employment"),
            "diagnostic_reading": one("diagnostic_reading"),
            "priorities": st.lists(one("priorities"), max_size=3, unique=True),
            "liability_comfort": one("liability_comfort"),
            "screen_tolerance": one("screen_tolerance"),
            "max_licenses": st.integers(min_value=1, max_value=4),
        }
    )


PROPERTY = settings(
    max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@PROPERTY
@given(answers=_profiles())
def test_recourse_does_what_it_promises_and_asks_no_change_of_preference(
    kb: KnowledgeBase, answers: dict[str, Any]
) -> None:
    profile = Profile.model_validate(answers)
    plan = make_plan(kb, profile)
    allowed = {*kb.scoring.recourse.actionable, *kb.scoring.recourse.time_bound}
    for match in plan.matches:
        for option in match.recourse:
            assert {change.key for change in option.changes} <= allowed  # never a preference
            assert option.time_bound == any(c.key in kb.scoring.recourse.time_bound for c in option.changes)
            changed = with_changes(profile, tuple((c.key, c.to) for c in option.changes))
            assert changed is not None
            score, limited, new_rank = ranked(kb, changed)[match.role]
            assert (score, new_rank) == (option.score, option.rank)
            assert option.opens == (match.hard_limited and not limited)
            assert option.opens or (new_rank <= 3 and score > match.score)


@PROPERTY
@given(answers=_profiles())
def test_the_points_shown_add_up_and_an_unknown_trait_never_outranks_a_stated_one(
    small_kb: KnowledgeBase, answers: dict[str, Any]
) -> None:
    profile = Profile.model_validate(answers)
    facts = profile.facts()
    for role in small_kb.roles:
        match = score_role(small_kb, role, facts)
        total = max(0, min(100, match.base + sum(reason.points for reason in match.reasons)))
        assert match.score == (min(total, small_kb.scoring.hard_limit.cap) if match.hard_limited else total)
        stated = role.model_copy(update={"structure": role.structure.model_copy(
            update={"schedules": list(profile.schedule), "schedules_inferred": False})})  # fmt: skip
        inferred = role.model_copy(
            update={"structure": stated.structure.model_copy(update={"schedules_inferred": True})}
        )
        unknown = role.model_copy(update={"structure": stated.structure.model_copy(update={"schedules": []})})
        known = score_role(small_kb, stated, facts).score
        assert score_role(small_kb, inferred, facts).score <= known
        assert score_role(small_kb, unknown, facts).score <= known


def test_what_if_shows_what_a_license_limit_and_a_schedule_change_do(runner: CliRunner) -> None:
    answers = REPO / "examples" / "ir-resident.yaml"
    result = runner.invoke(app, ["plan", "--answers", str(answers), "--format", "json",
                                 "--what-if", "max_licenses=3", "--what-if", "schedule=evenings-weekends,overnight"])  # fmt: skip
    assert result.exit_code == 0, result.output
    change = json.loads(result.stdout)["what_if"]
    assert [(c["key"], c["from"], c["to"]) for c in change["changes"]] == [
        ("max_licenses", 2, 3),
        ("schedule", ["weekday-daytime", "evenings-weekends"], ["evenings-weekends", "overnight"]),
    ]
    assert {"moved", "opened", "closed", "preparation_added", "preparation_dropped"} <= set(change)
    moved = {m["role"]: m for m in change["moved"]}
    assert moved["hybrid-virtual-clinic"]["to_score"] < moved["hybrid-virtual-clinic"]["from_score"]  # weekday clinic
    text = runner.invoke(
        app, ["plan", "--answers", str(answers), "--what-if", "max_licenses=3"], env={"COLUMNS": "100"}
    )
    assert text.exit_code == 0 and "What the change does" in text.stdout


@pytest.mark.parametrize(
    ("what_if", "message"),
    [
        ("max_licenses", "--what-if: 'max_licenses' is not KEY=VALUE"),
        ("stge=ir-fellow", "--what-if: unknown answer key 'stge'; did you mean stage?"),
        ("max_licenses=lots", "--what-if max_licenses: expected a whole number, got 'lots'"),
        ("telehealth_share=lots", "--what-if telehealth_share: 'lots' is not allowed"),
    ],
)
def test_a_bad_what_if_is_refused_as_an_answers_file_would_be(runner: CliRunner, what_if: str, message: str) -> None:
    result = runner.invoke(
        app, ["plan", "--answers", str(REPO / "examples" / "ir-resident.yaml"), "--what-if", what_if]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {message}")


def test_a_plan_with_a_teleradiology_role_on_top_applies_the_acr_rule(kb: KnowledgeBase) -> None:
    """The ACR's policy (licensed where the image is read) shapes the plan as `licensing --teleradiology` does."""
    answers = {**ARTICLE_CASES[2][1], "home_state": "TX", "licensed_states": ["TX"], "target_states": ["OK"]}
    plan = make_plan(kb, Profile.model_validate(answers))
    assert plan.top[0] == "teleradiology-ir-focus"
    assert plan.licensing is not None and plan.licensing.input.teleradiology
    assert [row.state for row in plan.licensing.states] == ["OK", "TX"]
    hybrid = {**answers, "schedule": ["weekday-daytime"], "procedures": "essential", "diagnostic_reading": "some"}
    other = make_plan(kb, Profile.model_validate(hybrid))
    assert "teleradiology-ir-focus" not in other.top and other.licensing is not None
    assert not other.licensing.input.teleradiology


def test_michigan_s_unverified_status_shows_where_it_is_the_principal_state(kb: KnowledgeBase) -> None:
    from irtele_cli.core.licensing import pathway
    from irtele_cli.schema.answers import LicensingInput

    route = pathway(
        kb, LicensingInput(home_state="MI", licensed_states=["MI"], target_states=["OH"], board_certified=True), TODAY
    )
    assert "Note on MI: status after 2026-03-28 not verified." in route.compact.reasons


def test_medical_students_get_the_preparation_section_4_gives_them(kb: KnowledgeBase) -> None:
    """§4: 'If you're still in medical school or residency ... you can already start positioning yourself'."""
    student = {"stage": "medical-student", "telehealth_share": "side", "procedures": "essential", "employment": "either",
               "schedule": ["weekday-daytime"], "liability_comfort": "moderate", "screen_tolerance": "moderate"}  # fmt: skip
    steps = {step.id for step in make_plan(kb, Profile.model_validate(student)).preparation}
    assert {"practice-plain-language", "sit-in-virtual-clinics", "informatics-coursework"} <= steps


def test_the_hybrid_mix_is_the_article_s_conclusion_not_an_upside(kb: KnowledgeBase) -> None:
    plan = make_plan(kb, Profile.model_validate(ARTICLE_CASES[0][1]))
    assert any(line.startswith("Many find a hybrid mix most satisfying") for line in plan.lifestyle.conclusions)
    assert not any("hybrid" in line.lower() for line in plan.lifestyle.upsides)


def test_the_review_screen_offers_a_change_to_try_and_keeps_the_answer(kb: KnowledgeBase) -> None:
    from irtele_cli.flows.questionnaire import CONTINUE, TRY, collect
    from irtele_cli.load.answers import answer_problems

    given = {**ARTICLE_CASES[0][1], "max_licenses": 1, "target_states": [], "licensed_states": [], "home_state": None}
    script = iter([TRY, "max_licenses", 3, CONTINUE])
    asked: list[str] = []

    def ask(question: Any, default: Any) -> Any:
        asked.append(question.key)
        return next(script)

    trials: dict[str, Any] = {}
    answers = collect(kb.questions, given, ask, answer_problems, trials)
    assert asked == ["review", TRY, "max_licenses", "review"]
    assert answers["max_licenses"] == 1 and trials == {"max_licenses": 3}


def ranked(kb: KnowledgeBase, profile: Profile) -> dict[str, tuple[int, bool, int]]:
    """Every role's score, hard limit and place as the full ranking gives them: the oracle for recourse."""
    return {match.role: (match.score, match.hard_limited, place) for place, match in enumerate(rank(kb, profile), 1)}


@PROPERTY
@given(answers=_profiles(), data=st.data())
def test_rescoring_only_the_rules_a_change_touches_is_exact(
    kb: KnowledgeBase, answers: dict[str, Any], data: st.DataObject
) -> None:
    """Recourse rescores a handful of rules per change; the result is what scoring everything gives."""
    profile = Profile.model_validate(answers)
    roles = {role.id: role_facts(role) for role in kb.roles}
    rescorer = Rescorer(kb, profile, roles)
    singles = candidate_changes(kb, profile)
    if not singles:
        return
    picked = data.draw(st.lists(st.sampled_from(singles), min_size=1, max_size=2, unique_by=lambda c: c[0]))
    changed = with_changes(profile, tuple(picked))
    if changed is not None:
        assert rescorer.scores(changed) == ranked(kb, changed)


@PROPERTY
@given(answers=_profiles())
def test_a_cohort_gets_the_same_recourse_for_blocked_roles_as_the_plan(
    kb: KnowledgeBase, answers: dict[str, Any]
) -> None:
    """The cohort's shortcut (only changes a hard limit looks at) finds exactly what the full search finds."""
    profile = Profile.model_validate(answers)
    full, quick = make_plan(kb, profile), make_plan(kb, profile, blocked_only=True)
    blocked = {match.role: match.recourse for match in full.matches if match.hard_limited}
    assert {match.role: match.recourse for match in quick.matches if match.hard_limited} == blocked
    assert quick.top == full.top
    assert all(not match.recourse for match in quick.matches if not match.hard_limited)
