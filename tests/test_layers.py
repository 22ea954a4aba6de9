"""The layers of the architecture hold, and the check that says so fails on an upward import or a cycle.

import-linter reads the contracts in pyproject.toml: cli > render | flows > core > load > schema > errors,
no import cycle (function-level imports count), and Typer, Rich and questionary each in their one place.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

LINT = Path(sys.executable).parent / "lint-imports"


def lint(package_root: Path) -> subprocess.CompletedProcess[str]:
    """import-linter over the irtele_cli package found under ``package_root``, with the project's contracts."""
    env = {**os.environ, "PYTHONPATH": str(package_root)}
    return subprocess.run(
        [str(LINT), "--no-cache", "--no-logo", str(REPO / "pyproject.toml")],
        cwd=package_root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_layers_and_import_rules_hold() -> None:
    result = lint(REPO / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 kept, 0 broken" in result.stdout


VIOLATIONS = [
    ("an upward import", "schema/base.py", "import irtele_cli.core.plan\n", "Layers"),
    (
        "an upward import hidden in a function",
        "load/knowledge.py",
        "def _late():\n    import irtele_cli.flows.gather\n",
        "Layers",
    ),
    ("a renderer that reaches into flows", "render/markdown.py", "import irtele_cli.flows.files\n", "Layers"),
    (
        "a cycle between siblings",
        "core/licensing.py",
        "def _late():\n    import irtele_cli.core.plan\n",
        "No import cycle",
    ),
    ("Typer below the CLI", "core/plan.py", "import typer\n", "Only the CLI imports Typer"),
    ("Rich outside the terminal renderer", "render/markdown.py", "import rich\n", "Only the terminal renderer"),
    ("questionary outside the questionnaire", "flows/gather.py", "import questionary\n", "Only the questionnaire"),
]


@pytest.mark.parametrize(("case", "module", "added", "contract"), VIOLATIONS, ids=[v[0] for v in VIOLATIONS])
def test_the_check_fails_on(tmp_path: Path, case: str, module: str, added: str, contract: str) -> None:
    shutil.copytree(REPO / "src" / "irtele_cli", tmp_path / "irtele_cli", ignore=shutil.ignore_patterns("__pycache__"))
    target = tmp_path / "irtele_cli" / module
    target.write_text(target.read_text(encoding="utf-8") + "\n\n" + added, encoding="utf-8")
    result = lint(tmp_path)
    assert result.returncode == 1, result.stdout
    broken = [line for line in result.stdout.splitlines() if line.endswith(" BROKEN")]
    assert any(line.startswith(contract) for line in broken), result.stdout  # an upward import is a cycle too
