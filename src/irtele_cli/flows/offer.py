"""The questionnaire of 'irtele offers new': one offer, pay component by pay component, then a review."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from irtele_cli.core.offers import component_line, money, number
from irtele_cli.flows.questionnaire import REVIEW_KEY, Ask
from irtele_cli.schema.knowledge import Choice, KnowledgeBase, Question
from irtele_cli.schema.offer import COMPONENT_MODELS, MONEY_KEYS, Offer
from irtele_cli.schema.vocabulary import OFFER_TERMS

NOT_STATED = {"not-stated", "none"}


Check = Callable[[str, Any], str | None]
"""Why an answer to the question with this key cannot be used, or None."""


SAVE = "save"
PAY = "compensation"


def collect_offer(kb: KnowledgeBase, ask: Ask, check: Check) -> dict[str, Any]:
    """Ask for one offer, pay component by pay component, then review it; returns offer-file keys and values.

    Every answer is checked as it is given, so a figure the offer file would refuse is asked again.
    A question that does not apply (FTE credit for a contractor) is not asked, and its answer is
    dropped when a change at the review makes it moot.
    """
    questions = kb.offer_questions.questions
    answers: dict[str, Any] = {}  # None: asked, and not stated
    _ask_offer_open(kb, questions, answers, ask, check)
    while True:
        choice = ask(_offer_review(kb, questions, answers), SAVE)
        if choice == SAVE:
            return {key: value for key, value in answers.items() if value is not None}
        if choice == PAY:
            answers[PAY] = _collect_components(questions, ask, check)
        else:
            question = _offer_question(kb, next(q for q in questions if q.key == choice))
            answers[choice] = _ask_checked(ask, question, _as_picked(question, answers.get(choice)), check)
        _ask_offer_open(kb, questions, answers, ask, check)


def _ask_offer_open(
    kb: KnowledgeBase, questions: list[Question], answers: dict[str, Any], ask: Ask, check: Check
) -> None:
    """Ask, in order, each question that applies and is not answered; drop answers that no longer apply."""
    for question in questions:
        if question.key == "compensation.model":
            if PAY not in answers:
                answers[PAY] = _collect_components(questions, ask, check)
        elif "." in question.key:
            continue  # a pay component's, asked by _collect_components
        elif not question.applies(answers):
            answers.pop(question.key, None)
        elif question.key not in answers:
            shown = _offer_question(kb, question)
            answers[question.key] = _ask_checked(ask, shown, shown.default, check)


def _offer_review(kb: KnowledgeBase, questions: list[Question], answers: dict[str, Any]) -> Question:
    """The review screen: 'Save' first, then every answer as the user gave it, money as every view shows it."""
    words = kb.offer_questions.review
    choices = [Choice(value=SAVE, label=words.save)]
    for question in questions:
        if question.key == "compensation.model":
            choices.append(Choice(value=PAY, label=f"{words.pay}: {_pay_label(answers)}"))
        elif "." not in question.key and question.applies(answers):
            shown = _offer_question(kb, question)
            choices.append(Choice(value=question.key, label=f"{shown.short}: {_offer_label(shown, answers)}"))
    return Question(key=REVIEW_KEY, kind="select", prompt=words.prompt, help=words.help, choices=choices)


def _offer_label(question: Question, answers: dict[str, Any]) -> str:
    value = answers.get(question.key)
    if question.kind == "select":
        return question.label_of(_as_picked(question, value))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return money(value) if question.key in MONEY_KEYS else number(value)
    return question.label_of(value)


def _pay_label(answers: dict[str, Any]) -> str:
    """Each pay component as its formula and yearly amount, the way 'offers show' writes it."""
    weeks = answers.get("weeks_per_year", Offer.model_fields["weeks_per_year"].default)
    lines = []
    for component in answers.get(PAY, []):
        line = component_line(COMPONENT_MODELS[component["model"]].model_validate(component), weeks)  # type: ignore[arg-type]
        lines.append(f"{line.formula} = {money(line.yearly)}")
    return "; ".join(lines)


def _as_picked(question: Question, value: Any) -> Any:
    """An offer-file value as the choice that gives it, to offer it again: true is 'yes', left out 'not stated'."""
    if question.kind != "select":
        return value
    if value is None:
        return question.default
    return {True: "yes", False: "no"}.get(value, value) if isinstance(value, bool) else value


def _offer_value(question: Question, value: Any) -> Any:
    """A picked choice as the offer file writes it: yes/no terms as true/false, 'not stated' left out."""
    if question.kind != "select":
        return value
    if value in NOT_STATED:
        return None
    return {"yes": True, "no": False}.get(value, value) if question.key in OFFER_TERMS else value


def _ask_checked(ask: Ask, question: Question, default: Any, check: Check) -> Any:
    """Ask until the answer passes ``check``; the reason is shown where the help line was.

    An amount is asked as text and judged by ``check`` alone: the offer file's bounds are the only
    ones, so -5 and 0 hours are refused in the same words ("must be more than 0").
    """
    convert = _typed_amount if question.kind == "amount" else _offer_value
    if question.kind == "amount":
        question = question.model_copy(update={"kind": "text"})
    while True:
        raw = ask(question, default)
        value = convert(question, raw)
        problem = check(question.key, value)
        if problem is None:
            return value
        question = question.model_copy(update={"help": f"Cannot use {raw}: {problem}."})  # the default stays


def _typed_amount(question: Question, raw: Any) -> Any:
    """'$1,500' is 1500 and '37.5' is 37.5; anything else is left as typed, for ``check`` to name it."""
    if not isinstance(raw, str):
        return raw
    text = raw.strip().replace(",", "").removeprefix("$")
    try:
        value = float(text)
    except ValueError:
        return raw.strip()
    return int(value) if value.is_integer() else value


def _collect_components(questions: list[Question], ask: Ask, check: Check) -> list[dict[str, Any]]:
    by_key = {question.key: question for question in questions}
    components: list[dict[str, Any]] = []
    while True:
        model = ask(by_key["compensation.model"], by_key["compensation.model"].default)
        component: dict[str, Any] = {"model": model}
        for question in questions:
            prefix, _, field = question.key.partition(".")
            if prefix == model and question.applies({f"{model}.{k}": v for k, v in component.items()}):
                component[field] = _ask_checked(ask, question, question.default, check)
        components.append({key: value for key, value in component.items() if value is not None})
        if not ask(by_key["compensation.more"], by_key["compensation.more"].default):
            return components


def _is_term(question: Question) -> bool:
    return question.kind == "select" and not question.choices


def _offer_question(kb: KnowledgeBase, question: Question) -> Question:
    """Fill in the choices that come from elsewhere: the knowledge base's roles, or the shared term choices."""
    if question.key == "role":
        roles = [Choice(value=role.id, label=role.title) for role in kb.roles]
        return question.model_copy(update={"choices": [*roles, Choice(value="none", label="None of these / not sure")]})
    if _is_term(question):
        return question.model_copy(update={"choices": kb.offer_questions.term_choices, "default": "not-stated"})
    return question
