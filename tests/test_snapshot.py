"""The validated snapshot of the bundled knowledge base: identical to full validation, never used stale."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from irtele_cli.load.knowledge import default_kb_dir, load_knowledge_base
from irtele_cli.load.snapshot import read_snapshot, snapshot_key, write_snapshot


@pytest.fixture
def data(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(default_kb_dir(), copy)
    return copy


def test_the_snapshot_is_the_fully_validated_knowledge_base(data: Path, tmp_path: Path) -> None:
    full = load_knowledge_base(data)
    write_snapshot(full, data, tmp_path / "snapshot")
    loaded = read_snapshot(data, tmp_path / "snapshot")
    assert loaded == full
    assert loaded is not full
    assert loaded.model_dump() == full.model_dump()


@pytest.mark.parametrize(
    "stale",
    [
        lambda data: (data / "faq.yaml").write_text((data / "faq.yaml").read_text() + "\n"),
        lambda data: (data / "roles" / "extra.yaml").write_text("id: extra\n"),
        lambda data: next((data / "roles").glob("*.yaml")).unlink(),
        lambda data: (data / "faq.yaml").rename(data / "faq-renamed.yaml"),
        lambda data: (
            (data / "roles" / "more").mkdir()
            or next((data / "roles").glob("*.yaml")).rename(data / "roles" / "more" / "moved.yaml")
        ),
        lambda data: (data / b"faq-\xff.yaml".decode("utf-8", "surrogateescape")).write_text("# not UTF-8 named\n"),
    ],
)
def test_a_snapshot_of_other_files_is_never_used(data: Path, tmp_path: Path, stale: object) -> None:
    write_snapshot(load_knowledge_base(data), data, tmp_path / "snapshot")
    stale(data)  # type: ignore[operator]
    assert read_snapshot(data, tmp_path / "snapshot") is None


def test_a_snapshot_from_another_version_or_damaged_is_never_used(data: Path, tmp_path: Path) -> None:
    snapshot = tmp_path / "snapshot"
    write_snapshot(load_knowledge_base(data), data, snapshot)
    key, _, body = snapshot.read_bytes().partition(b"\n")
    snapshot.write_bytes(key.replace(b"irtele ", b"irtele 0.0.0-") + b"\n" + body)
    assert read_snapshot(data, snapshot) is None
    snapshot.write_bytes(snapshot_key(data) + b"\n" + body[: len(body) // 2])
    assert read_snapshot(data, snapshot) is None
    assert read_snapshot(data, tmp_path / "missing") is None


def test_a_checkout_has_no_snapshot_so_it_validates_in_full() -> None:
    """An editable install reads data/ beside src/: there is no snapshot to trust."""
    assert read_snapshot(default_kb_dir()) is None
