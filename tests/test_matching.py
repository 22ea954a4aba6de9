"""Matching: realistic profiles get the roles a career adviser would expect, for reasons they can read."""

from __future__ import annotations

import pytest

from irtele_cli.core.matching import Match, rank, score_role
from irtele_cli.schema.answers import Profile
from irtele_cli.schema.knowledge import KnowledgeBase
from profiles import PROFILES


def ranked(kb: KnowledgeBase, name: str, **changes: object) -> list[Match]:
    return rank(kb, Profile.model_validate({**PROFILES[name], **changes}))


def reasons(match: Match) -> list[str]:
    return [reason.text for reason in match.reasons]


@pytest.mark.parametrize(
    ("profile", "top_two"),
    [
        ("ir-resident-keeping-procedures", {"hybrid-virtual-clinic", "hybrid-teleconsult-coverage"}),
        ("fellow-high-acuity-nights", {"hybrid-teleconsult-coverage"}),
        ("established-fully-remote", {"remote-coverage-community", "remote-consult-network"}),
    ],
)
def test_top_roles_for_realistic_profiles(kb: KnowledgeBase, profile: str, top_two: set[str]) -> None:
    matches = ranked(kb, profile)
    assert top_two <= {match.role for match in matches[:2]}


def test_strong_reader_on_nights_is_matched_to_teleradiology_because_of_reading(kb: KnowledgeBase) -> None:
    top = ranked(kb, "attending-strong-reader-nights")[0]
    assert top.role == "teleradiology-ir-focus"
    assert "Uses the strong diagnostic reading you keep up." in reasons(top)
    assert "Works in hours you are open to (overnight)." in reasons(top)
    assert "Serves your priority of income." in reasons(top)


@pytest.mark.parametrize(("share", "rule", "points"), [
    ("side", None, 0),
    ("part-time", "procedures-kept-beside-the-role", -6),
    ("primary", "procedures-essential-role-has-none", -20),
])  # fmt: skip
@pytest.mark.parametrize("role", ["independent-part-time", "teleradiology-ir-focus"])
def test_a_role_without_procedures_is_marked_down_not_ruled_out(
    kb: KnowledgeBase, role: str, share: str, rule: str | None, points: int
) -> None:
    """§2.3 dual practice, §5.1 evening blocks that 'complement on-site IR practice' and FAQ 1 (heavy
    telehealth users 'still perform procedures part of the week') keep procedures in separate on-site
    work: no hard limit, no cost at all for side work, and more the more of the week telehealth takes."""
    match = next(m for m in ranked(kb, "ir-resident-keeping-procedures", telehealth_share=share) if m.role == role)
    assert not match.hard_limited
    about_procedures = [reason for reason in match.reasons if reason.rule.startswith("procedures-")]
    if rule is None:
        assert about_procedures == []
        return
    (reason,) = about_procedures
    assert (reason.rule, reason.effect, reason.points) == (rule, "minus", points)
    assert "Adds no procedures" in reason.text


def test_one_license_blocks_the_multi_state_network_and_says_why(kb: KnowledgeBase) -> None:
    network = next(m for m in ranked(kb, "established-one-license") if m.role == "remote-consult-network")
    assert network.hard_limited
    assert "The role needs licenses in several states, and you plan to hold only one." in reasons(network)
    allowed = next(m for m in ranked(kb, "established-fully-remote") if m.role == "remote-consult-network")
    assert not allowed.hard_limited


def test_no_diagnostic_reading_blocks_teleradiology(kb: KnowledgeBase) -> None:
    telerad = next(
        m
        for m in ranked(kb, "established-one-license", diagnostic_reading="none")
        if m.role == "teleradiology-ir-focus"
    )
    assert telerad.hard_limited
    assert "The role is built on strong diagnostic reading, and you keep none up." in reasons(telerad)


def test_a_student_is_not_judged_on_reading_they_were_never_asked_about(kb: KnowledgeBase) -> None:
    """Students skip the reading question, so no reading rule may speak for them."""
    telerad = next(m for m in ranked(kb, "medical-student-digital-health") if m.role == "teleradiology-ir-focus")
    assert not telerad.hard_limited
    assert not any("diagnostic reading" in text for text in reasons(telerad))


@pytest.mark.parametrize(
    ("profile", "changes", "told"),
    [
        ("ir-resident-keeping-procedures", {}, True),  # FAQ 4: 'For new graduates, ... a solid foundation'
        ("medical-student-digital-health", {}, False),  # not yet a graduate of anything the FAQ means
        ("established-fully-remote", {}, False),
    ],
)
def test_new_graduates_hear_that_procedures_come_first(
    kb: KnowledgeBase, profile: str, changes: dict[str, object], told: bool
) -> None:
    match = next(m for m in ranked(kb, profile, **changes) if m.role == "second-opinion-platform")
    assert any("procedural foundation matters more" in text for text in reasons(match)) is told


def test_low_screen_tolerance_counts_against_video_heavy_roles(kb: KnowledgeBase) -> None:
    tolerant = {m.role: m.score for m in ranked(kb, "established-fully-remote")}
    weary = {m.role: m.score for m in ranked(kb, "established-fully-remote", screen_tolerance="low")}
    heavy = [role.id for role in kb.roles if role.requirements.screen_time.level == "high"]
    assert heavy
    assert all(weary[role] < tolerant[role] for role in heavy)


def test_every_reason_cites_a_source(kb: KnowledgeBase) -> None:
    for name in PROFILES:
        for match in ranked(kb, name):
            assert all(reason.source.startswith("Article §") for reason in match.reasons)


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_scores_are_bounded_ordered_and_deterministic(kb: KnowledgeBase, name: str) -> None:
    first, second = ranked(kb, name), ranked(kb, name)
    assert first == second
    assert len(first) == len(kb.roles)
    assert all(0 <= match.score <= 100 for match in first)
    keys = [(match.hard_limited, -match.score, match.role) for match in first]
    assert keys == sorted(keys)


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_the_points_shown_add_up_to_the_score(kb: KnowledgeBase, name: str) -> None:
    """A reader adds the base and the reasons' points and gets the score (a hard limit only caps it)."""
    for match in ranked(kb, name):
        total = max(0, min(100, match.base + sum(reason.points for reason in match.reasons)))
        if match.hard_limited:
            assert match.score == min(total, kb.scoring.hard_limit.cap)
        else:
            assert match.score == total
        assert match.score_sum.startswith(f"Score {match.score}: starts at {kb.scoring.base},")
        assert match.score_sum.endswith(f"held at {kb.scoring.hard_limit.cap} or below by the hard limit.") == (
            match.hard_limited
        )


def test_a_reason_that_rests_on_an_inferred_trait_says_so(kb: KnowledgeBase) -> None:
    """The article gives the virtual clinic no hours, so 'its hours are outside yours' is marked inferred."""
    clinic = next(
        m
        for m in ranked(kb, "ir-resident-keeping-procedures", schedule=["overnight"])
        if m.role == "hybrid-virtual-clinic"
    )
    by_rule = {reason.rule: reason for reason in clinic.reasons}
    hours = by_rule["schedule-does-not-fit"]
    assert hours.inferred
    assert hours.cited == f"{hours.source}; this trait of the role is inferred, not stated by the sources"
    procedures = by_rule["procedures-essential-role-keeps-them"]  # §3.1: mostly on-site procedures
    assert not procedures.inferred
    assert procedures.cited == procedures.source
    # §5.3 names IR-specific risk but grades no role's liability: 'high' for remote coverage is inferred,
    # so the rule counts for half its points, and says so
    coverage = next(m for m in ranked(kb, "medical-student-digital-health") if m.role == "remote-coverage-community")
    liability = next(reason for reason in coverage.reasons if reason.rule == "liability-low-role-exposed")
    rule = next(rule for rule in kb.scoring.rules if rule.id == "liability-low-role-exposed")
    assert liability.inferred and liability.points == int(rule.points * kb.scoring.inferred_weight)
    assert procedures.points == next(r.points for r in kb.scoring.rules if r.id == procedures.rule)  # stated: in full


def test_a_role_with_little_procedural_work_is_marked_down_for_someone_keeping_procedures(kb: KnowledgeBase) -> None:
    advisor = next(m for m in ranked(kb, "ir-resident-keeping-procedures") if m.role == "industry-advisor")
    little = next(reason for reason in advisor.reasons if reason.rule == "procedures-wanted-role-has-little")
    assert little.points < 0
    assert little.inferred  # the article gives the advisory role no procedure level of its own
    relaxed = next(m for m in ranked(kb, "attending-strong-reader-nights") if m.role == "industry-advisor")
    assert "procedures-wanted-role-has-little" not in {reason.rule for reason in relaxed.reasons}


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_views_are_built_as_model_construct_builds_them(kb: KnowledgeBase, name: str) -> None:
    """A view's constructor validates nothing (see core/view.py); it must make what model_construct makes."""
    for match in rank(kb, Profile.model_validate(PROFILES[name])):
        for view in [match, *match.reasons]:
            given = {key: getattr(view, key) for key in view.model_fields_set}
            built = type(view).model_construct(**given)
            assert built == view
            assert built.model_dump() == view.model_dump()
            assert built.model_fields_set == view.model_fields_set


def test_a_default_list_is_never_shared_between_views() -> None:
    first, second = Match.model_construct(role="a"), Match(role="b")  # type: ignore[call-arg]
    assert first.recourse == second.recourse == []
    assert first.recourse is not second.recourse


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_reasons_shared_between_roles_are_equal_to_ones_made_alone(kb: KnowledgeBase, name: str) -> None:
    """Ranking makes a reason once for every role whose rule, points and words match; alone, each role's are the same."""
    profile = Profile.model_validate(PROFILES[name])
    for match in rank(kb, profile):
        alone = score_role(kb, kb.roles_by_id[match.role], profile.facts())
        assert sorted(alone.reasons, key=str) == sorted(match.reasons, key=str)
