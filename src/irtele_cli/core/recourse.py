"""What would change a role that does not fit: the smallest changes of actionable answers, computed exactly.

Scoring is additive, so trying a change is scoring again: single changes first, then pairs of two
different answers, never a preference (which answers count as actionable is data: scoring.yaml).
"""

from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import ValidationError

from irtele_cli.core.matching import Change, Match, Option, applied_rules, fit_of, total
from irtele_cli.schema.answers import PROFILE_FACTS, QUESTION_KINDS, Profile
from irtele_cli.schema.base import fill
from irtele_cli.schema.facts import Facts, inferred_facts, profile_part_holds, role_facts
from irtele_cli.schema.knowledge import KnowledgeBase
from irtele_cli.schema.vocabulary import Stage

Changes = tuple[tuple[str, Any], ...]


def candidate_changes(kb: KnowledgeBase, profile: Profile) -> list[tuple[str, Any]]:
    """Every single change a person could make to their answers, in the order of the questions."""
    scoring = kb.scoring.recourse
    keys = [*scoring.actionable, *scoring.time_bound]
    questions = {question.key: question for question in kb.questions}
    values = profile.model_dump()
    found: list[tuple[str, Any]] = []
    for key in [q.key for q in kb.questions if q.key in keys]:
        if not questions[key].applies(values):
            continue  # a medical student keeps up no reading to change
        found += [(key, value) for value in _alternatives(kb, key, values[key])]
    return found


def _alternatives(kb: KnowledgeBase, key: str, current: Any) -> Iterator[Any]:
    kind = QUESTION_KINDS[key]
    allowed = PROFILE_FACTS.get(key) or ()
    if kind == "checkbox":
        yield from ((*current, value) for value in allowed if value not in current)  # hashable: a tuple
    elif kind == "number":
        stated = {
            value for rule in kb.scoring.rules for value in rule.when.profile.get(key, []) if isinstance(value, int)
        }
        yield from sorted(value for value in {*stated, *(v + 1 for v in stated)} if value > current)
    elif key == "stage":
        stages: tuple[Stage, ...] = tuple(allowed)  # type: ignore[arg-type]
        yield from stages[stages.index(current) + 1 :]  # only forward: training moves one way
    elif kind == "confirm":
        if current is False:
            yield True
    elif key in kb.scoring.recourse.upward:
        scale = kb.scoring.recourse.upward[key]
        yield from scale[scale.index(current) + 1 :] if current in scale else ()
    else:
        yield from (value for value in allowed if value != current)


class Rescorer:
    """Each role's score, hard limit and rank for changed answers, rescoring only the rules a change touches.

    Scoring is additive, so the rules a change leaves alone keep what they gave for the answers as
    they are; recourse tries dozens of changes, and each rescores a handful of rules, not all of them.
    """

    def __init__(self, kb: KnowledgeBase, profile: Profile, roles: Mapping[str, Facts]) -> None:
        self.kb, self.roles = kb, roles
        self.facts = profile.facts()
        self.inferred = {role.id: inferred_facts(role) for role in kb.roles}
        self.applied = {role.id: applied_rules(kb, role, roles[role.id], self.facts) for role in kb.roles}

    def moved(self, facts: Facts) -> set[str]:
        """The facts that changed answers make different."""
        return {name for name in facts.keys() | self.facts.keys() if facts.get(name) != self.facts.get(name)}

    def scores(self, changed: Profile) -> dict[str, tuple[int, bool, int]]:
        kb, facts = self.kb, changed.facts()
        moved = self.moved(facts)
        touched = [rule for rule in kb.scoring.rules if not rule.when.profile_fact_names.isdisjoint(moved)]
        again = {rule.id for rule in touched}
        rules = [rule for rule in touched if profile_part_holds(rule.when, facts)]
        raw = {
            role.id: total(
                kb,
                [entry for entry in self.applied[role.id] if entry[0].id not in again]
                + applied_rules(kb, role, self.roles[role.id], facts, rules, self.inferred[role.id]),
            )
            for role in kb.roles
        }
        order = sorted(raw, key=lambda role: (raw[role][1], -raw[role][0], role))
        return {role: (*raw[role], order.index(role) + 1) for role in order}


def with_changes(profile: Profile, changes: Changes) -> Profile | None:
    """The profile with the changes applied, or None when the answers would not be valid together."""
    answers = {**profile.model_dump(exclude_unset=True), **dict(changes)}
    try:
        return Profile.model_validate(answers)
    except ValidationError:
        return None


def attach(
    kb: KnowledgeBase, profile: Profile, matches: list[Match], top: int, blocked_only: bool = False
) -> list[Match]:
    """Matches with their recourse (roles outside the top or held back) and, for the top, how settled the order is."""
    options = kb.scoring.recourse.options
    time_bound = set(kb.scoring.recourse.time_bound)
    singles = candidate_changes(kb, profile)
    roles = {role.id: role_facts(role) for role in kb.roles}
    rescorer = Rescorer(kb, profile, roles)
    if blocked_only:  # only a change to a fact some hard limit looks at can lift one (pairs included)
        blocked = any(match.hard_limited for match in matches)
        limiting = frozenset().union(*(rule.when.profile_fact_names for rule in kb.scoring.rules if rule.hard_limit))
        singles = [
            change
            for change in singles
            if blocked
            and (changed := with_changes(profile, (change,))) is not None
            and not rescorer.moved(changed.facts()).isdisjoint(limiting)
        ]
    outcomes: dict[Changes, dict[str, tuple[int, bool, int]]] = {}
    for change in singles:
        changed = with_changes(profile, (change,))
        if changed is not None:
            outcomes[(change,)] = rescorer.scores(changed)
    targets = [m for index, m in enumerate(matches) if m.hard_limited or (index >= top and not blocked_only)]

    def helps(match: Match, outcome: tuple[int, bool, int]) -> bool:
        """Lifts its hard limit, or raises its own score into the top (not by pushing others down)."""
        score, limited, rank = outcome
        return not limited if match.hard_limited else rank <= top and score > match.score

    found: dict[str, list[Changes]] = {m.role: [c for c, o in outcomes.items() if helps(m, o[m.role])] for m in targets}
    needy = [m for m in targets if len(found[m.role]) < options]
    if needy:
        for pair in _pairs(singles):
            if all(any(set(single) <= set(pair) for single in found[m.role]) for m in needy):
                continue  # a pair holding a change that works alone is not the smallest
            changed = with_changes(profile, pair)
            if changed is None:
                continue
            outcome = rescorer.scores(changed)
            for match in needy:
                minimal = not any(set(single) <= set(pair) for single in found[match.role])
                if minimal and helps(match, outcome[match.role]):
                    found[match.role].append(pair)
                    outcomes[pair] = outcome
    updated = []
    for index, match in enumerate(matches):
        update: dict[str, Any] = {}
        if match.role in found:
            chosen = _distinct(found[match.role], outcomes, match.role, profile)[:options]
            update["recourse"] = [
                _option(kb, profile, time_bound, changes, outcomes[changes][match.role], match) for changes in chosen
            ]
            update["recourse_lines"] = [_line(kb, match, option, top) for option in update["recourse"]]
        if index < top and index + 1 < len(matches) and not blocked_only:  # margins need every change
            below = matches[index + 1]
            update["margin"] = match.score - below.score
            swap = next(
                (c for c, o in outcomes.items() if len(c) == 1 and c[0][0] not in time_bound
                 and o[below.role][2] < o[match.role][2]),
                None,
            )  # fmt: skip
            say = kb.messages
            line = fill(say.margin, points=update["margin"], role=below.title)
            if swap is not None:
                update["swap"] = [describe_change(kb, profile, *swap[0])]
                line += "; " + fill(say.swap, role=below.title, change=update["swap"][0].text)
            update["margin_line"] = line[:1].upper() + line[1:] + "."
        updated.append(match.model_copy(update=update) if update else match)
    return updated


def _distinct(
    found: list[Changes], outcomes: dict[Changes, dict[str, tuple[int, bool, int]]], role: str, profile: Profile
) -> list[Changes]:
    """Smallest first; of the options that change the same answers, only the one that does most for the role."""
    best: dict[frozenset[str], Changes] = {}
    for changes in found:
        keys = frozenset(key for key, _ in changes)
        if keys not in best or outcomes[changes][role][0] > outcomes[best[keys]][role][0]:
            best[keys] = changes
    return sorted(best.values(), key=lambda changes: (len(changes), _size(profile, changes)))


def _line(kb: KnowledgeBase, match: Match, option: Option, top: int) -> str:
    """'Would open with: Licenses you will hold: 1 → 2 → 64, good fit (comes with time)'."""
    say = kb.messages
    lead = say.recourse_opens if match.hard_limited else fill(say.recourse_top, top=top)
    changes = "; ".join(change.text for change in option.changes)
    timing = f" ({say.time_bound})" if option.time_bound else ""
    return f"{lead}: {changes} → {option.score}, {option.fit}{timing}"


def _pairs(singles: list[tuple[str, Any]]) -> Iterator[Changes]:
    for index, first in enumerate(singles):
        for second in singles[index + 1 :]:
            if first[0] != second[0]:
                yield (first, second)


def _size(profile: Profile, changes: Changes) -> int:
    """How far the changes go: a license limit raised by one is smaller than by three."""
    current = profile.model_dump()
    return sum(abs(value - current[key]) if isinstance(value, int) and not isinstance(value, bool) else 1
               for key, value in changes)  # fmt: skip


def describe_change(kb: KnowledgeBase, profile: Profile, key: str, value: Any) -> Change:
    """A change of one answer, with its words: 'Telehealth share: a few sessions a week → part-time'."""
    question = next(question for question in kb.questions if question.key == key)
    shorts = kb.short_labels.get(key, {})

    def words(answer: Any) -> str:
        if isinstance(answer, (list, tuple)):
            return (
                question.label_of([shorts.get(item, item) for item in answer])
                if shorts
                else question.label_of(list(answer))
            )
        return shorts.get(answer) or question.label_of(answer) if isinstance(answer, str) else question.label_of(answer)

    before = getattr(profile, key)
    return Change(key=key, before=before, to=value, text=f"{question.short}: {words(before)} → {words(value)}")


def _option(
    kb: KnowledgeBase,
    profile: Profile,
    time_bound: set[str],
    changes: Changes,
    outcome: tuple[int, bool, int],
    match: Match,
) -> Option:
    score, limited, rank = outcome
    return Option(
        changes=[describe_change(kb, profile, key, value) for key, value in changes],
        score=score,
        fit=fit_of(kb, score, limited),
        rank=rank,
        opens=match.hard_limited and not limited,
        time_bound=any(key in time_bound for key, _ in changes),
    )
