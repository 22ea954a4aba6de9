"""Explainable matching: every role scored 0-100 by the rules in data/scoring.yaml, with its reasons."""

import contextlib
import gc
from collections import Counter
from collections.abc import Iterator
from typing import Any, Literal

from pydantic import ConfigDict, Field

from irtele_cli.core.view import View
from irtele_cli.schema.answers import Profile
from irtele_cli.schema.base import fill
from irtele_cli.schema.facts import Facts, inferred_facts, profile_part_holds, role_facts, role_part_holds
from irtele_cli.schema.knowledge import KnowledgeBase, Role, ScoringRule

Effect = Literal["plus", "minus", "limit", "note"]


class Reason(View):
    """Why a role moved up or down: what the rule says, by how much, and where that comes from."""

    text: str
    effect: Effect
    points: int
    rule: str
    source: str
    inferred: bool = False  # rests on a trait of the role that the sources do not state
    cited: str  # the source as shown, saying when the reason rests on an inferred trait


class Change(View):
    """One answer changed: ``{key, from, to}`` in the JSON, and in words for a reader."""

    model_config = ConfigDict(frozen=True, defer_build=True, serialize_by_alias=True, validate_by_name=True)

    key: str
    before: Any = Field(serialization_alias="from")
    to: Any
    text: str


class Option(View):
    """A set of changes and what the role would then be."""

    changes: list[Change]
    score: int
    fit: str
    rank: int
    opens: bool  # lifts the hard limit
    time_bound: bool  # needs a change that comes with time (a stage, board certification)


class Match(View):
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
    top_reason_text: str  # the reason that sets the role apart, for a ranked table; marked when inferred
    recourse: list[Option] = Field(default=[])  # what would open it, or bring it into the top roles
    recourse_lines: list[str] = Field(default=[])  # the same, in words, for every layout
    margin: int | None = None  # for a top role: points above the next role
    swap: list[Change] | None = None  # for a top role: one change that would put the next role above it
    margin_line: str | None = None  # the margin and the swap, in words

    @property
    def top_reason(self) -> Reason | None:
        return self.reasons[0] if self.reasons else None


def rank(kb: KnowledgeBase, profile: Profile) -> list[Match]:
    """Every role, best fit first; ties broken by id so the same answers always give the same list.

    A role held back by a hard limit ranks below every role that is not, whatever its points: a
    "not a fit now" above a "weak fit" would contradict its own label. Each role's headline reason is
    the one that sets it apart from the others for this user, not one that every role shares.
    """
    with _no_cyclic_gc():
        facts = profile.facts()
        rules = [rule for rule in kb.scoring.rules if profile_part_holds(rule.when, facts)]  # the answers' part
        made: dict[ReasonKey, Reason] = {}
        scored = sorted(
            (_scored(kb, role, facts, rules, made) for role in kb.roles), key=lambda s: (s[2], -s[1], s[0].id)
        )
        return [_match(kb, *entry, headline) for entry, headline in zip(scored, _headlines(kb, scored), strict=True)]


@contextlib.contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Matches and reasons form no cycles, yet the collector walks every one of them: off while ranking.

    With it on, ranking grows faster than the number of roles (each collection walks all survivors).
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


Applied = tuple[ScoringRule, int, bool]  # the rule, the points it counts for, whether it rests on an inference


def applied_rules(
    kb: KnowledgeBase,
    role: Role,
    role_facts_: Facts,
    profile: Facts,
    rules: list[ScoringRule] | None = None,
    inferred: frozenset[str] | None = None,
) -> list[Applied]:
    """The rules that hold for this role and user, each with the points it counts for.

    A rule that rests on a trait the knowledge base infers counts for ``inferred_weight`` of its points
    (rounded towards zero); one the sources leave unstated never holds, so it earns nothing.
    ``inferred`` (the role's inferred facts) may be given by a caller that scores the role many times.
    """
    inferred = inferred_facts(role) if inferred is None else inferred
    weight = kb.scoring.inferred_weight
    applied: list[Applied] = []
    for rule in kb.scoring.rules if rules is None else rules:
        if (rules is not None or profile_part_holds(rule.when, profile)) and role_part_holds(
            rule.when, profile, role_facts_
        ):
            rests = not rule.when.role_fact_names.isdisjoint(inferred)
            applied.append((rule, int(rule.points * weight) if rests else rule.points, rests))
    return applied


def total(kb: KnowledgeBase, applied: list[Applied]) -> tuple[int, bool]:
    """The score the applied rules make, and whether a hard limit holds it back."""
    scoring = kb.scoring
    limited = any(rule.hard_limit for rule, _, _ in applied)
    score = max(0, min(100, scoring.base + sum(points for _, points, _ in applied)))
    return (min(score, scoring.hard_limit.cap), True) if limited else (score, False)


def fit_of(kb: KnowledgeBase, score: int, limited: bool) -> str:
    scoring = kb.scoring
    if limited:
        return scoring.hard_limit.label
    return next(label.label for label in scoring.fit_labels if score >= label.min_score)


Scored = tuple[Role, int, bool, list["Reason"]]


def _scored(
    kb: KnowledgeBase,
    role: Role,
    profile: Facts,
    rules: list[ScoringRule] | None = None,
    made: "dict[ReasonKey, Reason] | None" = None,
) -> Scored:
    """A role's score, hard limit and reasons (a hard limit first, then the weightiest; notes last).

    ``made`` holds the reasons already made for other roles: the same rule, points and words make the same
    (immutable) reason, and most rules' words name no value of the role at all.
    """
    facts = role_facts(role)
    applied = applied_rules(kb, role, facts, profile, rules)
    score, limited = total(kb, applied)
    made = {} if made is None else made
    reasons = [_reason(kb, rule, points, rests, profile, facts, made) for rule, points, rests in applied]
    reasons.sort(key=lambda reason: (reason.effect != "limit", reason.effect == "note", -abs(reason.points)))
    return role, score, limited, reasons


def score_role(kb: KnowledgeBase, role: Role, profile: Facts) -> Match:
    """One role's match on its own, its headline the weightiest reason (``rank`` picks one that sets it apart)."""
    entry = _scored(kb, role, profile)
    reasons = entry[3]
    return _match(kb, *entry, _headline(kb, reasons[0]) if reasons else "")


def _match(kb: KnowledgeBase, role: Role, score: int, limited: bool, reasons: list[Reason], headline: str) -> Match:
    scoring = kb.scoring
    say = kb.messages
    cap = scoring.hard_limit.cap if limited else None
    return Match(
        role=role.id,
        title=role.title,
        summary=role.summary,
        score=score,
        base=scoring.base,
        cap=cap,
        fit=fit_of(kb, score, limited),
        hard_limited=limited,
        reasons=reasons,
        top_reason_text=headline,
        score_sum=fill(
            say.score_sum, score=score, base=scoring.base, limit=fill(say.score_cap, cap=cap) if limited else ""
        ),
    )


def _headline(kb: KnowledgeBase, reason: Reason) -> str:
    return f"{reason.text} ({kb.messages.inferred_mark})" if reason.inferred else reason.text


def _headlines(kb: KnowledgeBase, scored: list[Scored]) -> list[str]:
    """Each role's headline: a hard limit first, else the reason fewest other roles share, then the weightiest.

    A role in the upper half is told by what it does for the user, one in the lower half by what it does not.
    """
    counts = Counter(reason.rule for *_, reasons in scored for reason in reasons)
    scores = sorted(score for _, score, _, _ in scored)
    median = scores[len(scores) // 2] if scores else 0
    headlines = []
    used: set[str] = set()  # a headline a higher role already gives is a poor way to tell this one apart
    for _, score, _, reasons in scored:
        candidates = [reason for reason in reasons if reason.effect != "note"] or reasons
        if not candidates:
            headlines.append("")
            continue
        wanted = "plus" if score >= median else "minus"
        best = min(
            candidates,
            key=lambda r: (
                r.effect != "limit",
                r.effect != wanted,
                r.rule in used,
                counts[r.rule],
                -abs(r.points),
                r.rule,
            ),
        )
        used.add(best.rule)
        headlines.append(_headline(kb, best))
    return headlines


ReasonKey = tuple[str, int, bool, tuple[str | int | bool, ...], tuple[str | int | bool, ...]]
"""A reason's rule, points, whether it rests on an inference, and the values its words name."""


def _reason(
    kb: KnowledgeBase,
    rule: ScoringRule,
    points: int,
    inferred: bool,
    profile: Facts,
    role: Facts,
    made: dict[ReasonKey, Reason],
) -> Reason:
    """A rule's reason, with {overlap} (shared values) and {offered} (the role's values) in words."""
    when = rule.when
    shared = tuple(
        value
        for profile_fact, role_fact in when.overlaps.items()
        for value in sorted(profile.get(profile_fact, frozenset()) & role.get(role_fact, frozenset()), key=str)
    )
    offered = tuple(
        value for role_fact in when.misses.values() for value in sorted(role.get(role_fact, frozenset()), key=str)
    )
    key = (rule.id, points, inferred, shared, offered)
    if (known := made.get(key)) is not None:
        return known
    answer_key = next(iter([*when.overlaps, *when.misses]), "")
    effect: Effect = "limit" if rule.hard_limit else ("plus" if points > 0 else "minus" if points < 0 else "note")
    text = fill(
        rule.reason, overlap=in_words(kb, answer_key, list(shared)), offered=in_words(kb, answer_key, list(offered))
    )
    source = kb.rule_sources[rule.id]
    made[key] = reason = Reason(
        text=text,
        effect=effect,
        points=points,
        rule=rule.id,
        source=source,
        inferred=inferred,
        cited=f"{source}; {kb.messages.inferred}" if inferred else source,
    )
    return reason


def in_words(kb: KnowledgeBase, answer_key: str, values: list[str | int | bool]) -> str:
    """Values as the questionnaire words them ('evenings-weekends' -> 'evenings and weekends')."""
    if not values:
        return ""
    labels = kb.answer_labels.get(answer_key, {})
    words = [labels.get(str(value), str(value)) for value in values]
    return " or ".join(word[:1].lower() + word[1:] for word in words)
