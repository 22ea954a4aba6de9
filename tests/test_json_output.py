"""JSON output: every command's ``--format json`` is exactly what pydantic's own serializer would print.

``render/json.py`` walks the views instead of compiling a serializer per view class (a start-up cost);
these tests hold the two equal for every view and knowledge-base entry a command prints, and check that
no model uses what the walk leaves out.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel
from typer.testing import CliRunner

import irtele_cli.core.cohort  # imported for its models: every view class is checked below
import irtele_cli.core.ilp
import irtele_cli.core.offers
import irtele_cli.core.progress  # noqa: F401
import irtele_cli.render.json as render_json
from irtele_cli.cli import app
from irtele_cli.schema.knowledge import KnowledgeBase
from profiles import PROFILES

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
OFFERS = sorted(str(path) for path in EXAMPLES.glob("offer-*.yaml"))


def _models(base: type[BaseModel]) -> list[type[BaseModel]]:
    found = []
    for sub in base.__subclasses__():
        if sub.__module__.startswith("irtele_cli."):
            found.append(sub)
        found += _models(sub)
    return found


@pytest.fixture
def printed(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every value the CLI hands to ``to_json``."""
    values: list[Any] = []
    real = render_json.to_json

    def recording(value: Any, ascii_only: bool = False) -> str:
        values.append(value)
        return real(value, ascii_only)

    monkeypatch.setattr(render_json, "to_json", recording)
    return values


def _pydantic_json(value: Any) -> str:
    if isinstance(value, BaseModel):
        return value.model_dump_json(indent=2)
    return json.dumps([item.model_dump(mode="json") for item in value], indent=2, ensure_ascii=False)


def _commands(tmp_path: Path) -> list[list[str]]:
    plan_file = tmp_path / "plan.md"
    plans = tmp_path / "cohort"
    plans.mkdir()
    answers = []
    for name, profile in PROFILES.items():
        path = tmp_path / f"{name}.yaml"
        path.write_text(yaml.safe_dump(profile), encoding="utf-8")
        answers.append(path)
        (plans / f"{name}.yaml").write_text(yaml.safe_dump(profile), encoding="utf-8")
    first = str(answers[0])
    return [
        *(["plan", "--answers", str(path), "--format", "json"] for path in answers),
        ["plan", "--answers", first, "--format", "json", "--what-if", "telehealth_share=primary"],
        ["plan", "--answers", first, "--format", "json", "-o", str(plan_file)],
        ["progress", str(plan_file), "--format", "json"],
        ["licensing", "--answers", str(EXAMPLES / "ir-resident.yaml"), "--format", "json"],
        ["offers", "compare", *OFFERS, "--format", "json"],
        ["offers", "show", OFFERS[0], "--format", "json"],
        ["checklist", "--offer", OFFERS[0], "--format", "json"],
        ["cohort", str(plans), "--format", "json"],
        ["roles", "--format", "json"],
        ["roles", "show", "teleradiology-ir-focus", "--format", "json"],
        ["faq", "--format", "json"],
    ]


def test_every_commands_json_is_what_pydantic_prints(runner: CliRunner, printed: list[Any], tmp_path: Path) -> None:
    commands = _commands(tmp_path)
    for args in commands:
        before = len(printed)
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (args, result.output)
        assert len(printed) == before + 1, args  # the command printed through to_json
        value = printed[-1]
        assert render_json.to_json(value) == _pydantic_json(value), args
        assert render_json.to_json(value, ascii_only=True) == json.dumps(json.loads(_pydantic_json(value)), indent=2)


def test_the_whole_knowledge_base_dumps_as_pydantic_dumps_it(kb: KnowledgeBase) -> None:
    assert render_json.as_data(kb) == kb.model_dump(mode="json")


def test_no_model_uses_what_the_json_walk_leaves_out() -> None:
    """Computed fields, custom serializers and excluded fields would print in pydantic's JSON, not in ours."""
    models = _models(BaseModel)
    assert len(models) > 60  # the schema's and every view's, imported above or by the CLI
    for model in models:
        decorators = model.__pydantic_decorators__
        assert not model.__pydantic_computed_fields__, model
        assert not decorators.field_serializers and not decorators.model_serializers, model
        assert not any(field.exclude for field in model.model_fields.values()), model


def test_a_default_is_printed_as_the_type_a_given_value_would_be(
    runner: CliRunner, printed: list[Any], tmp_path: Path
) -> None:
    """Views are not validated, so a model's default reaches the JSON as written: 48 weeks is 48.0, as given."""
    text = (EXAMPLES / "offer-remote.yaml").read_text(encoding="utf-8")
    without = tmp_path / "no-weeks.yaml"
    without.write_text("".join(line for line in text.splitlines(True) if "weeks_per_year" not in line), "utf-8")
    given = tmp_path / "weeks.yaml"
    given.write_text(f"{without.read_text(encoding='utf-8')}weeks_per_year: 48\n", encoding="utf-8")
    shown = []
    for path in (without, given):
        result = runner.invoke(app, ["offers", "show", str(path), "--format", "json"])
        assert result.exit_code == 0, result.output
        shown.append(json.loads(result.stdout)["offer"]["weeks_per_year"])
    assert shown[0] == shown[1] == 48.0 and all(isinstance(value, float) for value in shown)
