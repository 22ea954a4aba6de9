"""The wheel ships the knowledge base, and an installed copy finds it from any directory."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import REPO, modules_after


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


def test_declared_dependency_floors_are_the_versions_under_test() -> None:
    """A floor below what the suite runs promises what nobody tested (typer 0.16 and 0.28 failed a test).

    When a newer minor version is installed, either test the old floor too or raise it.
    """
    import re
    import tomllib
    from importlib.metadata import version

    declared = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    floors: dict[str, str] = {}
    for requirement in declared:
        name, floor = requirement.split(">=")
        assert re.fullmatch(r"[0-9.]+", floor), f"{requirement}: a floor is one '>=' version"
        floors[name] = floor
    assert set(floors) == {"typer", "rich", "pydantic", "questionary", "PyYAML", "platformdirs"}
    tested = {name: ".".join(version(name).split(".")[:2]) for name in floors}
    assert {name: ".".join(floor.split(".")[:2]) for name, floor in floors.items()} == tested


def test_the_wheel_ships_a_snapshot_that_the_installed_tool_uses(wheel: Path, tmp_path: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "irtele_cli/kb-snapshot.pickle" in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "from irtele_cli.load.knowledge import default_kb_dir, load_knowledge_base\n"
        "from irtele_cli.load.snapshot import read_snapshot\n"
        "kb = read_snapshot(default_kb_dir())\n"
        "assert kb is not None, 'snapshot not used'\n"
        "assert kb == load_knowledge_base(default_kb_dir(), snapshot=False)\n"
        "(default_kb_dir() / 'faq.yaml').write_text((default_kb_dir() / 'faq.yaml').read_text() + '\\n')\n"
        "assert read_snapshot(default_kb_dir()) is None, 'a stale snapshot was used'\n"
        "print('ok')"
    )
    result = subprocess.run([sys.executable, "-I", "-c", probe, str(site)], capture_output=True, text=True)
    assert result.stdout.strip() == "ok", result.stderr


EXAMPLES = REPO / "examples"


@pytest.mark.parametrize(
    ("args", "absent"),
    [
        (
            ["plan", "--answers", str(EXAMPLES / "ir-resident.yaml"), "--format", "json"],
            ["irtele_cli.load.references", "irtele_cli.schema.offer", "rich"],
        ),
        (["licensing", "--answers", str(EXAMPLES / "ir-resident.yaml")], ["irtele_cli.core.plan"]),
        (
            ["offers", "compare", str(EXAMPLES / "offer-hybrid.yaml"), str(EXAMPLES / "offer-remote.yaml")],
            ["irtele_cli.schema.answers", "irtele_cli.core.plan", "irtele_cli.core.licensing"],
        ),
    ],
)
def test_the_installed_tool_imports_only_what_a_command_uses(
    wheel: Path, tmp_path: Path, args: list[str], absent: list[str]
) -> None:
    """With the snapshot (an installed wheel), a command creates no model class it has no use for:
    the cross-file checks and the offer models belong to full validation, the answers' to commands that read them."""
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    assert modules_after(args, site) & set(absent) == set()
