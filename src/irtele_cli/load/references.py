"""Cross-reference checks over a whole knowledge base, run once on load: what no single file can check."""

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence

from irtele_cli.errors import did_you_mean
from irtele_cli.schema.answers import ANSWER_KEYS, PROFILE_FACTS, QUESTION_KINDS
from irtele_cli.schema.facts import ROLE_FACTS
from irtele_cli.schema.knowledge import FILES, Condition, Entry, KnowledgeBase, Role, WebSource, found
from irtele_cli.schema.offer import offer_question_keys
from irtele_cli.schema.states import STATES
from irtele_cli.schema.vocabulary import BOARD_CERTIFICATION, TELERADIOLOGY_RULE

Problem = tuple[str, str]  # (file inside the knowledge base, "location: message")


def reference_problems(kb: KnowledgeBase) -> list[Problem]:
    """Every dangling id, duplicate id, unknown citation and impossible rule condition.

    On a partial knowledge base (some files failed to load) each check that needs a missing part is
    left out, so the references among the files that did load are still listed.
    """
    missing = set(FILES) - kb.model_fields_set
    problems: list[Problem] = []
    for check in CHECKS:
        try:
            problems += check(kb)
        except AttributeError:  # a part this check reads did not load; its file's problem is already said
            if not missing:
                raise
    return problems


def _entry_problems(kb: KnowledgeBase) -> list[Problem]:
    problems: list[Problem] = []
    citations = kb.citation_labels
    seen: Counter[tuple[str, str]] = Counter()
    for file, entry in kb.entries():
        seen[(file, entry.id)] += 1
        if seen[(file, entry.id)] == 2:
            problems.append((file, f"{entry.id}: id is used more than once"))
        for source in entry.sources:
            if isinstance(source, str) and source not in citations:
                hint = did_you_mean(source, citations, cutoff=0.9) or "; see data/article.yaml"
                problems.append((file, f"{entry.id}.sources: unknown article section '{source}'{hint}"))
    return problems


def _role_links(
    where: str, ids: Callable[[Role], list[str]], known: Callable[[KnowledgeBase], list[Entry]], kind: str
) -> Callable[[KnowledgeBase], list[Problem]]:
    """One kind of reference from every role, checked on its own so one failed file hides no other."""

    def check(kb: KnowledgeBase) -> list[Problem]:
        targets = {item.id for item in known(kb)}
        folder = FILES["roles"].name
        return [
            problem
            for role in kb.roles
            for problem in _dangling(f"{folder}/{role.id}.yaml", where, ids(role), targets, kind)
        ]

    return check


def _checklist_references(kb: KnowledgeBase) -> list[Problem]:
    checklist = {item.id for item in kb.checklist}
    problems: list[Problem] = []
    for job in kb.job_types:
        where = f"{job.id}.contract_elements"
        problems += _dangling(FILES["job_types"].name, where, job.contract_elements, checklist, "checklist item")
    return problems


def _verify_references(kb: KnowledgeBase) -> list[Problem]:
    checklist = {item.id for item in kb.checklist}
    return _dangling(FILES["compensation"].name, "verify", kb.compensation.verify, checklist, "checklist item")


def _condition_references(kb: KnowledgeBase) -> list[Problem]:
    problems: list[Problem] = []
    for action in kb.preparation:
        if action.closes_gap is not None:
            where = f"{action.id}.closes_gap"
            problems += [(FILES["preparation"].name, f"{where}.{p}") for p in condition_problems(action.closes_gap)]
    return problems


def _rule_references(kb: KnowledgeBase) -> list[Problem]:
    return [
        (FILES["scoring"].name, f"{rule.id}.when.{p}")
        for rule in kb.scoring.rules
        for p in condition_problems(rule.when)
    ]


def _in(field: str, check: Callable[[KnowledgeBase], list[str]]) -> Callable[[KnowledgeBase], list[Problem]]:
    """A check whose problems all lie in one file."""
    return lambda kb: [(FILES[field].name, problem) for problem in check(kb)]


def web_source_problems(kb: KnowledgeBase) -> list[Problem]:
    """One URL, one title and date: a plan's source list would otherwise show the same page twice."""
    first: dict[str, tuple[str, WebSource]] = {}
    problems: list[Problem] = []
    reported: set[tuple[str, str]] = set()
    for file, part in kb.parts():
        for source in found(part, WebSource):
            known = first.setdefault(source.url, (file, source))
            if known[1] != source and (file, source.url) not in reported:
                reported.add((file, source.url))
                where, seen = known
                problems.append(
                    (file, f"{source.url}: cited as {_cited(source)} here but as {_cited(seen)} in {where}; "
                     "give it one title and date everywhere")
                )  # fmt: skip
    return problems


def _cited(source: WebSource) -> str:
    """A web source as the problem line quotes it: its title and date."""
    return f"'{source.title or 'no title'}' ({source.dated})"


def offer_question_problems(kb: KnowledgeBase) -> list[str]:
    """Offer questions must fill offer-file keys, or '<model>.<key>' of a pay component."""
    known = offer_question_keys()
    return [
        f"questions[{index}].key: unknown offer key '{question.key}'{did_you_mean(question.key, known)}"
        for index, question in enumerate(kb.offer_questions.questions)
        if question.key not in known
    ]


def offer_term_problems(kb: KnowledgeBase) -> list[str]:
    terms = [item.offer_term for item in kb.checklist if item.offer_term]
    return [
        f"offer_term: '{term}' is used by more than one item" for term in sorted(set(terms)) if terms.count(term) > 1
    ]


def state_table_problems(kb: KnowledgeBase) -> list[str]:
    """The licensing table must hold every US state, DC and territory exactly once, by code."""
    codes = [row.code for row in kb.licensing.states]
    problems = [
        f"states[{index}].code: unknown state code '{code}'{did_you_mean(code, STATES)}"
        for index, code in enumerate(codes)
        if code not in STATES
    ]
    problems += [
        f"states: '{code}' appears more than once" for code in sorted({c for c in codes if codes.count(c) > 1})
    ]
    problems += [f"states: no row for {code} ({name})" for code, name in STATES.items() if code not in codes]
    if TELERADIOLOGY_RULE not in {rule.id for rule in kb.licensing.rules}:
        problems.append(f"rules: the teleradiology rule '{TELERADIOLOGY_RULE}' is missing")
    if BOARD_CERTIFICATION not in {item.id for item in kb.licensing.compact.eligibility}:
        problems.append(f"compact.eligibility: the criterion '{BOARD_CERTIFICATION}' is missing")
    return problems


def question_problems(kb: KnowledgeBase) -> list[str]:
    """Questions must fill Profile keys, offer every value the Profile accepts, and skip on real facts."""
    problems: list[str] = []
    order = {question.key: index for index, question in enumerate(kb.questions)}
    for index, question in enumerate(kb.questions):
        where = f"questions[{index}]"
        if question.key not in ANSWER_KEYS:
            problems.append(
                f"{where}.key: unknown answer key '{question.key}'{did_you_mean(question.key, ANSWER_KEYS)}"
            )
            continue
        expected = QUESTION_KINDS[question.key]
        if question.kind != expected:
            problems.append(f"{where}.kind: '{question.kind}' cannot answer {question.key}; use '{expected}'")
        if question.kind in ("select", "checkbox"):
            allowed = PROFILE_FACTS[question.key] or ()
            offered = [choice.value for choice in question.choices]
            problems += [
                f"{where}.choices: {value!r} is not a possible {question.key}"
                for value in offered
                if value not in allowed
            ]
            problems += [
                f"{where}.choices: no choice for '{value}', a possible {question.key}"
                for value in allowed
                if value not in offered
            ]
        for key in question.skip_if:
            if key not in ANSWER_KEYS:
                problems.append(f"{where}.skip_if: unknown answer key '{key}'")
        for number, rewording in enumerate(question.rewordings):
            for key in [*rewording.when, *rewording.blank]:
                if key not in ANSWER_KEYS:
                    problems.append(f"{where}.rewordings[{number}]: unknown answer key '{key}'")
                elif order.get(key, -1) >= index:  # one no question asks is reported once, below
                    problems.append(f"{where}.rewordings[{number}]: '{key}' is not asked before this question")
        if question.default_counts and question.kind != "number":
            problems.append(f"{where}.default_counts: only a number question can count earlier answers")
        for key in question.default_counts:
            if QUESTION_KINDS.get(key) not in ("states", "checkbox"):
                problems.append(f"{where}.default_counts: '{key}' is not an answer that holds a list")
    asked = [question.key for question in kb.questions]
    problems += [f"questions: no question asks for '{key}'" for key in ANSWER_KEYS if key not in asked]
    return problems


def condition_problems(condition: Condition) -> list[str]:
    """Names and values in a condition that no profile or role has: a typo would silently never match."""
    problems: list[str] = []
    for name, values in condition.profile.items():
        problems += _fact_problems("profile", name, values, PROFILE_FACTS)
    for name, levels in condition.role.items():
        problems += _fact_problems("role", name, levels, ROLE_FACTS)
    problems += [f"unknown: unknown role fact '{name}'" for name in condition.unknown if name not in ROLE_FACTS]
    for kind, pairs in (("overlaps", condition.overlaps), ("misses", condition.misses)):
        for profile_name, role_name in pairs.items():
            if profile_name not in PROFILE_FACTS:
                problems.append(f"{kind}: unknown profile fact '{profile_name}'")
            if role_name not in ROLE_FACTS:
                problems.append(f"{kind}.{profile_name}: unknown role fact '{role_name}'")
    return problems


def _fact_problems(
    side: str,
    name: str,
    values: Sequence[str | int | bool],
    known: Mapping[str, tuple[str | int | bool, ...] | None],
) -> list[str]:
    if name not in known:
        return [f"{side}: unknown fact '{name}'{did_you_mean(name, known) or '; known: ' + ', '.join(known)}"]
    allowed = known[name]
    if allowed is None:
        return []
    return [
        f"{side}.{name}: {value!r} is not a possible value; expected one of {', '.join(map(str, allowed))}"
        for value in values
        if value not in allowed
    ]


CHECKS: list[Callable[[KnowledgeBase], list[Problem]]] = [
    _entry_problems,
    _role_links("job_type", lambda role: [role.job_type], lambda kb: list(kb.job_types), "job type"),
    _role_links("domains", lambda role: role.domains, lambda kb: list(kb.domains), "domain"),
    _role_links("checklist", lambda role: role.checklist, lambda kb: list(kb.checklist), "checklist item"),
    lambda kb: [
        (FILES["licensing"].name, problem)
        for rule in kb.licensing.rules
        for problem in _dangling_ids(f"rules.{rule.id}.for_roles", rule.for_roles, set(kb.roles_by_id), "role")
    ],
    _role_links(
        "structure.compensation",
        lambda role: role.structure.compensation,
        lambda kb: list(kb.compensation.models),
        "pay model",
    ),
    _checklist_references,
    _verify_references,
    _condition_references,
    _rule_references,
    _in("questions", lambda kb: question_problems(kb)),
    _in("licensing", lambda kb: state_table_problems(kb)),
    _in("offer_questions", lambda kb: offer_question_problems(kb)),
    _in("checklist", lambda kb: offer_term_problems(kb)),
    lambda kb: web_source_problems(kb),
]


def _dangling_ids(where: str, ids: Iterable[str], known: set[str], kind: str) -> list[str]:
    return [f"{where}: unknown {kind} '{ref}'{did_you_mean(ref, known)}" for ref in ids if ref not in known]


def _dangling(file: str, where: str, ids: Iterable[str], known: set[str], kind: str) -> list[Problem]:
    return [(file, f"{where}: unknown {kind} '{ref}'{did_you_mean(ref, known)}") for ref in ids if ref not in known]
