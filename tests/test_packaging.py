"""The wheel ships the knowledge base, and an installed copy finds it from any directory."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(REPO),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("irtele-*.whl")
    return built


def test_wheel_contains_every_knowledge_base_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    data_files = sorted(p.relative_to(REPO / "data").as_posix() for p in (REPO / "data").rglob("*.yaml"))
    assert data_files
    assert [f for f in data_files if f"irtele_cli/data/{f}" not in names] == []


def test_unpacked_wheel_runs_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site), "COLUMNS": "160"}
    env.pop("IRTELE_KB", None)
    result = subprocess.run(
        [
            sys.executable,
            "-I",
            "-c",
            "import sys; sys.path.insert(0, sys.argv[1]); "
            "from irtele_cli.cli import main; sys.argv = ['irtele', 'kb', 'validate']; main()",
            str(site),
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert str(site / "irtele_cli" / "data") in result.stdout
