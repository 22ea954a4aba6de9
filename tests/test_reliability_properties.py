"""Property: any answers, offer or knowledge-base edit gives valid output (exit 0) or one refusal (exit 2).

Bounded to keep the suite fast; `HYPOTHESIS_PROFILE=long pytest tests/test_reliability_properties.py`
runs a thousand examples of each.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import REPO
from irtele_cli.cli import app
from irtele_cli.load.knowledge import default_kb_dir
from irtele_cli.schema.answers import ANSWER_KEYS, PROFILE_FACTS
from irtele_cli.schema.offer import Offer

QUIET = {"deadline": None, "database": None, "suppress_health_check": [HealthCheck.too_slow]}  # writes nothing
settings.register_profile("default", max_examples=40, **QUIET)  # type: ignore[arg-type]
settings.register_profile("long", max_examples=1000, **QUIET)  # type: ignore[arg-type]
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.lists(st.text(max_size=8), max_size=4),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
vocabulary = [value for values in PROFILE_FACTS.values() if values for value in values]
answer_value = st.one_of(junk, st.sampled_from(vocabulary), st.lists(st.sampled_from(vocabulary), max_size=4))
answers = st.dictionaries(st.sampled_from([*ANSWER_KEYS, "stge", "extra"]), answer_value, max_size=len(ANSWER_KEYS) + 2)
offer_value = st.one_of(
    junk, st.floats(min_value=0, max_value=1e12), st.sampled_from(["employed", "independent", "advisory"])
)
offers = st.dictionaries(st.sampled_from([*Offer.model_fields, "salary"]), offer_value, max_size=8).map(
    lambda data: {
        **data,
        "compensation": data.get("compensation", [{"model": "salary", "annual": data.get("salary", 1)}]),
    }
)


def check(result: Any, written: Path) -> None:
    """Valid output and the file, or exit 2 with error lines and no file: nothing else, never a traceback."""
    assert "Traceback" not in result.output
    if result.exit_code == 0:
        assert written.exists()
    else:
        assert result.exit_code == 2, result.output
        assert result.stderr and all(line.startswith(("error: ", "hint: ")) for line in result.stderr.splitlines())
        assert not written.exists()
    assert [p.name for p in written.parent.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def dump(data: Any, suffix: str) -> str:
    return json.dumps(data, allow_nan=True) if suffix == ".json" else yaml.safe_dump(data, allow_unicode=True)


@given(data=answers, suffix=st.sampled_from([".yaml", ".json"]))
def test_any_answers_give_a_plan_or_one_refusal(data: dict[str, Any], suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path, out = Path(folder) / f"answers{suffix}", Path(folder) / "plan.md"
        path.write_text(dump(data, suffix), encoding="utf-8")
        result = CliRunner().invoke(app, ["plan", "--answers", str(path), "--format", "json", "-o", str(out)])
        check(result, out)
        if result.exit_code == 0:
            assert json.loads(result.stdout)["schema_version"] == 1


@given(data=offers, suffix=st.sampled_from([".yaml", ".json"]))
def test_any_offer_gives_a_comparison_or_one_refusal(data: dict[str, Any], suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path, out = Path(folder) / f"offer{suffix}", Path(folder) / "compare.md"
        path.write_text(dump(data, suffix), encoding="utf-8")
        other = REPO / "examples" / "offer-remote.yaml"
        check(CliRunner().invoke(app, ["offers", "compare", str(path), str(other), "-o", str(out)]), out)


def _leaves(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(data, dict):
        return [leaf for key, value in data.items() for leaf in _leaves(value, (*path, key))] or [path]
    if isinstance(data, list):
        return [leaf for index, value in enumerate(data) for leaf in _leaves(value, (*path, index))] or [path]
    return [path]


@settings(max_examples=15 if os.environ.get("HYPOTHESIS_PROFILE", "default") == "default" else 300)
@given(seed=st.integers(min_value=0, max_value=10**9), value=junk)
def test_any_knowledge_base_edit_validates_or_is_refused(seed: int, value: Any) -> None:
    """One leaf of one file replaced by anything: kb validate and the plan either work or refuse cleanly."""
    chooser = random.Random(seed)
    with tempfile.TemporaryDirectory() as folder:
        kb = Path(folder) / "kb"
        shutil.copytree(default_kb_dir(), kb)
        file = chooser.choice(sorted(kb.rglob("*.yaml")))
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        where = chooser.choice(_leaves(data))
        if not where:
            data = value
        else:
            parent = data
            for key in where[:-1]:
                parent = parent[key]
            parent[where[-1]] = value
        file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        runner = CliRunner()
        validated = runner.invoke(app, ["kb", "validate", str(kb)])
        assert "Traceback" not in validated.output and validated.exit_code in (0, 2), validated.output
        out = Path(folder) / "plan.md"
        planned = runner.invoke(
            app, ["plan", "--answers", str(REPO / "examples" / "ir-resident.yaml"), "--kb", str(kb), "-o", str(out)]
        )
        check(planned, out)
        assert (planned.exit_code == 0) == (validated.exit_code == 0), (
            planned.output
        )  # validate says what the plan meets
