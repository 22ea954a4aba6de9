"""A broken knowledge base is reported, all problems at once, as exact ``file: location: message`` lines."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import Editor
from irtele_cli.errors import DocumentError
from irtele_cli.load.knowledge import load_knowledge_base

Change = Callable[[Any], None]

STRUCTURE_CASES: list[tuple[str, str, Change, str]] = [
    (
        "unknown key",
        "roles/tele-proctoring.yaml",
        lambda data: data.update(salary=1),
        "salary: unknown key; allowed keys: id, sources, title, job_type, domains, summary, week, structure, "
        "serves, serves_inferred, pros, cons, requirements, checklist, trainee_note",
    ),
    (
        "wrong type",
        "domains.yaml",
        lambda data: data["domains"][1].update(activities="review imaging"),
        "domains[1].activities: expected a list, got 'review imaging'",
    ),
    (
        "value outside the vocabulary",
        "roles/second-opinion-platform.yaml",
        lambda data: data["requirements"]["acuity"].update(level="extreme"),
        "requirements.acuity.level: 'extreme' is not allowed; expected 'none', 'low', 'moderate' or 'high'",
    ),
    (
        "missing key",
        "checklist.yaml",
        lambda data: data["checklist"][0].pop("why"),
        "checklist[0].why: required key is missing",
    ),
    (
        "undated outside source",
        "checklist.yaml",
        lambda data: data["checklist"][0]["sources"].append({"url": "https://example.org/page"}),
        "checklist[0].sources[1].as_of: required key is missing",
    ),
    (
        "undated outside source without a compile date",
        "checklist.yaml",
        lambda data: data["checklist"][0]["sources"].append({"url": "https://example.org/page", "as_of": "undated"}),
        "checklist[0].sources[1]: an undated source needs 'compiled': the date its content was taken down",
    ),
]

REFERENCE_CASES: list[tuple[str, str, Change, str]] = [
    (
        "dangling checklist reference",
        "roles/industry-advisor.yaml",
        lambda data: data["checklist"].append("licensing-suport"),
        "checklist: unknown checklist item 'licensing-suport'; did you mean licensing-support?",
    ),
    (
        "dangling domain reference",
        "roles/tele-proctoring.yaml",
        lambda data: data.update(domains=["teleproctoring"]),
        "domains: unknown domain 'teleproctoring'; did you mean tele-proctoring?",
    ),
    (
        "unknown article section",
        "faq.yaml",
        lambda data: data["faq"][0].update(sources=["seed: faq/fully-remot"]),
        "fully-remote.sources: unknown article section 'seed: faq/fully-remot'; did you mean seed: faq/fully-remote?",
    ),
    (
        "scoring rule on a fact nobody has",
        "scoring.yaml",
        lambda data: data["rules"][0]["when"]["profile"].update(procedure=["essential"]),
        "one-license-multi-state-role.when.profile: unknown fact 'procedure'; did you mean procedures?",
    ),
    (
        "one page cited under two titles",
        "faq.yaml",
        lambda data: data["faq"][0]["sources"].append(
            {"url": "https://telehealth.hhs.gov/licensure/licensure-compacts", "as_of": "2024", "title": "HHS"}
        ),
        "https://telehealth.hhs.gov/licensure/licensure-compacts: cited as 'HHS' (as of 2024) here but as "
        "'HHS, Licensure compacts' (undated page, compiled 2026-11-27) in checklist.yaml; "
        "give it one title and date everywhere",
    ),
    (
        "duplicate id",
        "checklist.yaml",
        lambda data: data["checklist"].append(next(i for i in data["checklist"] if i["id"] == "license-patient-state")),
        "license-patient-state: id is used more than once",
    ),
]


def _problems(root: Path) -> list[str]:
    with pytest.raises(DocumentError) as caught:
        load_knowledge_base(root)
    return caught.value.problems


@pytest.mark.parametrize(
    ("file", "change", "message"),
    [pytest.param(file, change, message, id=name) for name, file, change, message in STRUCTURE_CASES + REFERENCE_CASES],
)
def test_broken_knowledge_base_gives_a_pinned_message(
    kb_copy: Path, edit_yaml: Editor, file: str, change: Change, message: str
) -> None:
    edit_yaml(kb_copy, file, change)
    assert _problems(kb_copy) == [f"{kb_copy / file}: {message}"]


def test_bad_yaml_names_line_and_column(kb_copy: Path) -> None:
    (kb_copy / "trends.yaml").write_text("trends:\n  - id: x\n    text: [unclosed\n", encoding="utf-8")
    # libyaml and the pure-Python parser word the problem differently; both name the spot.
    (problem,) = _problems(kb_copy)
    assert problem.startswith(f"{kb_copy / 'trends.yaml'}: line 4, column 1: ")
    assert "expected ',' or ']'" in problem


def test_every_problem_is_reported_at_once(kb_copy: Path, edit_yaml: Editor) -> None:
    for _, file, change, _ in STRUCTURE_CASES[:3]:
        edit_yaml(kb_copy, file, change)
    (kb_copy / "faq.yaml").unlink()
    problems = _problems(kb_copy)
    assert len(problems) == 4
    assert f"{kb_copy / 'faq.yaml'}: file is missing" in problems


def test_role_file_must_be_named_for_its_id(kb_copy: Path) -> None:
    renamed = kb_copy / "roles" / "proctoring.yaml"
    (kb_copy / "roles" / "tele-proctoring.yaml").rename(renamed)
    assert _problems(kb_copy) == [f"{renamed}: id: 'tele-proctoring' must match the file name 'proctoring'"]


def test_question_for_an_unknown_answer_key(kb_copy: Path, edit_yaml: Editor) -> None:
    edit_yaml(kb_copy, "questions.yaml", lambda data: data["questions"][0].update(key="stages"))
    problems = _problems(kb_copy)
    assert problems == [
        f"{kb_copy / 'questions.yaml'}: questions[0].key: unknown answer key 'stages'; did you mean stage?",
        f"{kb_copy / 'questions.yaml'}: questions: no question asks for 'stage'",
    ]


@pytest.mark.parametrize(
    ("key", "counts", "message"),
    [
        ("max_licenses", ["stage"], "'stage' is not an answer that holds a list"),
        ("home_state", ["licensed_states"], "only a number question can count earlier answers"),
    ],
)
def test_a_suggestion_counts_list_answers_for_a_number_only(
    kb_copy: Path, edit_yaml: Editor, key: str, counts: list[str], message: str
) -> None:
    where: list[int] = []

    def suggest(data: Any) -> None:
        where.append(next(i for i, q in enumerate(data["questions"]) if q["key"] == key))
        data["questions"][where[0]]["default_counts"] = counts

    edit_yaml(kb_copy, "questions.yaml", suggest)
    assert _problems(kb_copy) == [f"{kb_copy / 'questions.yaml'}: questions[{where[0]}].default_counts: {message}"]


def test_question_that_cannot_produce_its_answer(kb_copy: Path, edit_yaml: Editor) -> None:
    edit_yaml(kb_copy, "questions.yaml", lambda data: data["questions"][0].update(kind="number"))
    assert _problems(kb_copy) == [
        f"{kb_copy / 'questions.yaml'}: questions[0].kind: 'number' cannot answer stage; use 'select'"
    ]


def test_a_template_with_an_unknown_placeholder_is_refused_on_load(kb_copy: Path, edit_yaml: Editor) -> None:
    edit_yaml(kb_copy, "licensing.yaml", lambda data: data["messages"].update(route_compact="From {principle}."))
    problems = _problems(kb_copy)
    assert problems == [
        f"{kb_copy / 'licensing.yaml'}: messages.route_compact: unknown placeholder {{principle}}; "
        "this text can use {principal}"
    ]
