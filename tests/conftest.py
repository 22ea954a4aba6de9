"""Shared fixtures: the bundled knowledge base, a writable copy of it, and a CLI runner."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from irtele_cli.load.knowledge import default_kb_dir, load_knowledge_base
from irtele_cli.schema.knowledge import KnowledgeBase

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge_base(default_kb_dir())


@pytest.fixture(scope="session")
def small_kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    """The bundled knowledge base with tests/fixture_kb's three roles and six rules in place of the real ones."""
    target = tmp_path_factory.mktemp("small") / "kb"
    shutil.copytree(default_kb_dir(), target)
    shutil.rmtree(target / "roles")
    shutil.copytree(REPO / "tests" / "fixture_kb" / "roles", target / "roles")
    shutil.copy(REPO / "tests" / "fixture_kb" / "scoring.yaml", target / "scoring.yaml")
    licensing = target / "licensing.yaml"  # the real roles it names are not in the fixture
    text = licensing.read_text(encoding="utf-8")
    licensing.write_text(
        text.replace("for_roles: [teleradiology-ir-focus]", "for_roles: [remote-network]"), encoding="utf-8"
    )
    return load_knowledge_base(target)


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled knowledge base, for tests that break it on purpose."""
    target = tmp_path / "kb"
    shutil.copytree(default_kb_dir(), target)
    return target


Editor = Callable[[Path, str, Callable[[Any], None]], None]


@pytest.fixture
def edit_yaml() -> Editor:
    """Load a YAML file of a knowledge base, let the test change the data, write it back."""

    def edit(root: Path, name: str, change: Callable[[Any], None]) -> None:
        path = root / name
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")

    return edit


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def modules_after(args: list[str], site: Path | None = None) -> set[str]:
    """The modules one irtele command imports, run to success in a fresh interpreter (from an installed
    wheel at ``site``, isolated from this checkout): what a command creates at start-up."""
    code = (
        "import sys\n"
        + ("sys.path.insert(0, sys.argv[1])\n" if site else "")
        + "from irtele_cli.cli import main\n"
        + f"sys.argv = ['irtele', *{args!r}]\n"
        + "try:\n    main()\nexcept SystemExit as end:\n    assert not end.code, end.code\n"
        + "print(sorted(sys.modules), file=sys.stderr)"
    )
    isolated = ["-I", "-c", code, str(site)] if site else ["-c", code]
    env = {**os.environ, "COLUMNS": "100", "IRTELE_PAGER": "cat"}
    run = subprocess.run([sys.executable, *isolated], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    return set(ast.literal_eval(run.stderr.strip().splitlines()[-1]))
