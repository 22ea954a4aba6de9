"""'irtele licensing' given nothing says what it needs; the sources' abbreviations ('SPL') are explained where shown."""

from __future__ import annotations

import datetime as dt
import json
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import Editor
from irtele_cli import flags
from irtele_cli.cli import app
from irtele_cli.core.licensing import pathway
from irtele_cli.load.knowledge import load_knowledge_base
from irtele_cli.schema.answers import LicensingInput
from irtele_cli.schema.knowledge import KnowledgeBase

TODAY = dt.date(2026, 11, 27)


@pytest.mark.parametrize("extra", [[], ["--format", "json"], ["--format", "markdown"]])
def test_licensing_with_nothing_to_check_says_what_it_needs(runner: CliRunner, extra: list[str]) -> None:
    result = runner.invoke(app, ["licensing", *extra])
    assert result.exit_code == 2
    assert result.stdout == ""
    message = result.stderr
    assert message.startswith("error: nothing to check: ")
    assert "Licenses: 0 held" not in result.output
    assert "Traceback" not in result.output
    for _, names, *_ in flags.LICENSING:
        assert names.split("/")[0] in message
    assert "--answers FILE" in message


def test_the_example_it_gives_works(runner: CliRunner) -> None:
    message = runner.invoke(app, ["licensing"]).stderr
    example = shlex.split(message.split("e.g. ", 1)[1])
    assert example[:2] == ["irtele", "licensing"]
    result = runner.invoke(app, example[1:])
    assert result.exit_code == 0, result.output
    assert "Your target states" in result.stdout


def test_one_flag_or_an_answers_file_is_enough(runner: CliRunner, tmp_path: Path) -> None:
    assert runner.invoke(app, ["licensing", "--home", "TX"]).exit_code == 0
    answers = tmp_path / "answers.yaml"
    answers.write_text("home_state: TX\n", encoding="utf-8")
    result = runner.invoke(app, ["licensing", "--answers", str(answers)])
    assert result.exit_code == 0, result.output


def spl(kb: KnowledgeBase) -> str:
    term = next(term for term in kb.licensing.terms if term.term == "SPL")
    return f"SPL ({term.term}: {term.meaning})"


def test_spl_is_explained_once_where_it_first_appears(kb: KnowledgeBase) -> None:
    result = pathway(kb, LicensingInput(home_state="TX", target_states=["FL", "HI"]), TODAY)
    florida, hawaii = result.states
    assert florida.uncertain and hawaii.uncertain  # both shown under "what the sources say"
    assert spl(kb) in florida.evidence
    assert "SPL authority pending" in hawaii.evidence  # the second mention is left as it is
    shown = json.dumps(result.model_dump(mode="json"))
    assert shown.count("State of Principal License, the member state") == 1
    assert "IMLCC, member state serving as State of Principal License (SPL), https://www.imlcc.org/" in " ".join(
        result.sources
    )


def test_no_explanation_and_no_extra_source_when_the_term_is_not_shown(kb: KnowledgeBase) -> None:
    result = pathway(kb, LicensingInput(home_state="TX", target_states=["CA"]), TODAY)
    assert "State of Principal License, the member state" not in json.dumps(result.model_dump(mode="json"))
    assert not any("https://www.imlcc.org/" in source for source in result.sources)


def test_the_explanation_is_shown_in_the_terminal_and_markdown(runner: CliRunner, kb: KnowledgeBase) -> None:
    for format in ("text", "markdown"):
        result = runner.invoke(app, ["licensing", "--target", "FL", "--format", format], env={"COLUMNS": "200"})
        assert result.exit_code == 0, result.output
        assert spl(kb) in " ".join(result.stdout.replace("│", " ").split())  # as read, across the panel's lines


def test_the_explanation_is_data(kb_copy: Path, edit_yaml: Editor) -> None:
    edit_yaml(
        kb_copy,
        "licensing.yaml",
        lambda data: data["terms"][0].update(meaning="the home base of a compact application"),
    )
    result = pathway(load_knowledge_base(kb_copy), LicensingInput(target_states=["FL"]), TODAY)
    assert "SPL (SPL: the home base of a compact application)" in result.states[0].evidence
