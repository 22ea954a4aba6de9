"""How scoring works, on a small fixture knowledge base: bounds, order, hard limits, sums, and unknowns.

These tests are about the mechanism, not the article, so they use tests/fixture_kb's made-up roles and
round weights; editing data/ cannot break them. The article's reasoning is tested in test_matching.py.
"""

from __future__ import annotations

from typing import Any

import pytest

from irtele_cli.core.matching import Match, rank
from irtele_cli.schema.answers import Profile
from irtele_cli.schema.knowledge import KnowledgeBase

BASE: dict[str, Any] = {
    "stage": "established",
    "telehealth_share": "primary",
    "procedures": "essential",
    "schedule": ["overnight"],
    "employment": "either",
    "diagnostic_reading": "some",
    "liability_comfort": "moderate",
    "screen_tolerance": "moderate",
    "max_licenses": 3,
}
PROFILES: dict[str, dict[str, Any]] = {
    "nights-several-licenses": BASE,
    "one-license": {**BASE, "max_licenses": 1},
    "weekdays-for-stability": {**BASE, "schedule": ["weekday-daytime"], "priorities": ["stability"]},
    "screen-weary": {**BASE, "screen_tolerance": "low", "priorities": ["income", "innovation"]},
}


def ranked(kb: KnowledgeBase, name: str, **changes: Any) -> dict[str, Match]:
    return {match.role: match for match in rank(kb, Profile.model_validate({**PROFILES[name], **changes}))}


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_scores_are_bounded_ordered_and_deterministic(small_kb: KnowledgeBase, name: str) -> None:
    profile = Profile.model_validate(PROFILES[name])
    first, second = rank(small_kb, profile), rank(small_kb, profile)
    assert first == second
    assert len(first) == len(small_kb.roles) == 3
    assert all(0 <= match.score <= 100 for match in first)
    keys = [(match.hard_limited, -match.score, match.role) for match in first]
    assert keys == sorted(keys)


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_the_points_shown_add_up_to_the_score(small_kb: KnowledgeBase, name: str) -> None:
    """A reader adds the base and the reasons' points and gets the score (a hard limit only caps it)."""
    for match in ranked(small_kb, name).values():
        total = max(0, min(100, match.base + sum(reason.points for reason in match.reasons)))
        assert match.score == (min(total, small_kb.scoring.hard_limit.cap) if match.hard_limited else total)
        assert match.score_sum.startswith(f"Score {match.score}: starts at {small_kb.scoring.base},")
        capped = f"held at {small_kb.scoring.hard_limit.cap} or below by the hard limit."
        assert match.score_sum.endswith(capped) == match.hard_limited


def test_each_rule_moves_the_score_by_its_points(small_kb: KnowledgeBase) -> None:
    matches = ranked(small_kb, "nights-several-licenses")
    hybrid = matches["procedural-hybrid"]  # keeps procedures +20, weekday hours outside nights -10
    assert [(r.rule, r.points) for r in hybrid.reasons] == [("keeps-procedures", 20), ("hours-miss", -10)]
    assert hybrid.score == 40 and hybrid.fit == "weak fit"
    network = matches["remote-network"]  # overnight +10, counted for half: the fixture infers its hours
    assert [(r.rule, r.points, r.text) for r in network.reasons] == [
        ("hours-fit", 5, "Works in hours you are open to (overnight).")
    ]
    assert network.score == 35


def test_a_hard_limit_caps_the_score_and_ranks_below_every_open_role(small_kb: KnowledgeBase) -> None:
    """Capped at 25, a blocked role may still have more points than an open one: the label must win."""
    matches = list(ranked(small_kb, "one-license", schedule=["overnight", "weekday-daytime"]).values())
    network = next(match for match in matches if match.role == "remote-network")
    assert network.hard_limited and network.fit == "not a fit now" and network.score == 5  # 30 - 30 + 10 x 0.5
    assert network.reasons[0].effect == "limit"  # a hard limit is named first
    assert [match.hard_limited for match in matches] == sorted(match.hard_limited for match in matches)
    ordered = rank(small_kb, Profile.model_validate({**PROFILES["one-license"], "schedule": ["overnight"]}))
    assert ordered[-1].role == "remote-network"


def test_fit_labels_follow_the_thresholds_in_data(small_kb: KnowledgeBase) -> None:
    matches = ranked(small_kb, "weekdays-for-stability")
    hybrid = matches["procedural-hybrid"]  # 30 + 20 procedures + 10 hours + 8 stability
    assert hybrid.score == 68 and hybrid.fit == "good fit"
    for match in matches.values():
        if not match.hard_limited:
            assert match.fit == next(f.label for f in small_kb.scoring.fit_labels if match.score >= f.min_score)


def test_unknown_hours_are_not_a_mismatch(small_kb: KnowledgeBase) -> None:
    advisor = ranked(small_kb, "nights-several-licenses")["advisor-unknown-hours"]
    assert small_kb.roles_by_id["advisor-unknown-hours"].structure.schedules == []
    assert not any(reason.rule.startswith("hours-") for reason in advisor.reasons)
    assert advisor.score == small_kb.scoring.base


def test_a_reason_that_rests_on_an_inferred_trait_says_so(small_kb: KnowledgeBase) -> None:
    network = ranked(small_kb, "nights-several-licenses")["remote-network"]
    hours = next(reason for reason in network.reasons if reason.rule == "hours-fit")
    assert hours.inferred  # the fixture marks the network's hours inferred
    assert hours.cited == f"{hours.source}; {small_kb.messages.inferred}"
    assert network.top_reason_text == f"{hours.text} (inferred)"
    hybrid = ranked(small_kb, "nights-several-licenses")["procedural-hybrid"]
    procedures = next(reason for reason in hybrid.reasons if reason.rule == "keeps-procedures")
    assert not procedures.inferred and procedures.cited == procedures.source
    assert hybrid.top_reason_text == procedures.text


def test_a_low_screen_tolerance_marks_down_only_video_heavy_roles(small_kb: KnowledgeBase) -> None:
    tolerant = ranked(small_kb, "screen-weary", screen_tolerance="moderate")
    weary = ranked(small_kb, "screen-weary")
    assert weary["remote-network"].score == tolerant["remote-network"].score - 10
    assert weary["procedural-hybrid"].score == tolerant["procedural-hybrid"].score
