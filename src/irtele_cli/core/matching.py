"""Explainable matching: every role scored 0-100 by the rules in data/scoring.yaml, with its reasons."""

from typing import Literal

from pydantic import BaseModel, ConfigDict

from irtele_cli.schema.answers import Profile
from irtele_cli.schema.base import fill
from irtele_cli.schema.facts import Facts, holds, inferred_facts, role_facts
from irtele_cli.schema.knowledge import KnowledgeBase, Role, ScoringRule

Effect = Literal["plus", "minus", "limit", "note"]


class Reason(BaseModel):
    """Why a role moved up or down: what the rule says, by how much, and where that comes from."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    text: str
    effect: Effect
    points: int
    rule: str
    source: str
    inferred: bool = False  # rests on a trait of the role that the sources do not state
    cited: str  # the source as shown, saying when the reason rests on an inferred trait


class Match(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    role: str
    title: str
    summary: str
    score: int
    base: int  # every role starts here; the reasons' points move it, kept within 0-100
    cap: int | None = None  # the hard limit's ceiling, when one applies
    fit: str
    hard_limited: bool
    reasons: list[Reason]
    score_sum: str  # how the reasons' points make the score, so a reader can add them up
    top_reason_text: str  # the reason that weighed most, for a ranked table; marked when it rests on an inference

    @property
    def top_reason(self) -> Reason | None:
        return self.reasons[0] if self.reasons else None


def rank(kb: KnowledgeBase, profile: Profile) -> list[Match]:
    """Every role, best fit first; ties broken by id so the same answers always give the same list.

    A role held back by a hard limit ranks below every role that is not, whatever its points: a
    "not a fit now" above a "weak fit" would contradict its own label.
    """
    facts = profile.facts()
    matches = [score_role(kb, role, facts) for role in kb.roles]
    return sorted(matches, key=lambda match: (match.hard_limited, -match.score, match.role))


def score_role(kb: KnowledgeBase, role: Role, profile: Facts) -> Match:
    scoring = kb.scoring
    facts = role_facts(role)
    applied = [rule for rule in scoring.rules if holds(rule.when, profile, facts)]
    limited = any(rule.hard_limit for rule in applied)
    score = max(0, min(100, scoring.base + sum(rule.points for rule in applied)))
    if limited:
        score = min(score, scoring.hard_limit.cap)
        fit = scoring.hard_limit.label
    else:
        fit = next(label.label for label in scoring.fit_labels if score >= label.min_score)
    inferred = inferred_facts(role)
    reasons = [_reason(kb, rule, profile, facts, inferred) for rule in applied if rule.points or rule.hard_limit]
    reasons.sort(key=lambda reason: (reason.effect != "limit", -abs(reason.points)))
    say = kb.messages
    cap = scoring.hard_limit.cap if limited else None
    top = reasons[0] if reasons else None
    return Match(
        role=role.id,
        title=role.title,
        summary=role.summary,
        score=score,
        base=scoring.base,
        cap=cap,
        fit=fit,
        hard_limited=limited,
        reasons=reasons,
        top_reason_text="" if top is None else f"{top.text} ({say.inferred_mark})" if top.inferred else top.text,
        score_sum=fill(
            say.score_sum, score=score, base=scoring.base, limit=fill(say.score_cap, cap=cap) if limited else ""
        ),
    )


def _reason(kb: KnowledgeBase, rule: ScoringRule, profile: Facts, role: Facts, inferred: frozenset[str]) -> Reason:
    """A rule's reason, with {overlap} (shared values) and {offered} (the role's values) in words."""
    when = rule.when
    shared = [
        value
        for profile_fact, role_fact in when.overlaps.items()
        for value in sorted(profile.get(profile_fact, frozenset()) & role.get(role_fact, frozenset()), key=str)
    ]
    offered = [
        value for role_fact in when.misses.values() for value in sorted(role.get(role_fact, frozenset()), key=str)
    ]
    answer_key = next(iter([*when.overlaps, *when.misses]), "")
    effect: Effect = "limit" if rule.hard_limit else ("plus" if rule.points > 0 else "minus")
    text = fill(rule.reason, overlap=in_words(kb, answer_key, shared), offered=in_words(kb, answer_key, offered))
    source = kb.rule_sources[rule.id]
    rests_on_inference = not when.role_fact_names.isdisjoint(inferred)
    return Reason(
        text=text,
        effect=effect,
        points=rule.points,
        rule=rule.id,
        source=source,
        inferred=rests_on_inference,
        cited=f"{source}; {kb.messages.inferred}" if rests_on_inference else source,
    )


def in_words(kb: KnowledgeBase, answer_key: str, values: list[str | int | bool]) -> str:
    """Values as the questionnaire words them ('evenings-weekends' -> 'evenings and weekends')."""
    if not values:
        return ""
    labels = kb.answer_labels.get(answer_key, {})
    words = [labels.get(str(value), str(value)) for value in values]
    return " or ".join(word[:1].lower() + word[1:] for word in words)
