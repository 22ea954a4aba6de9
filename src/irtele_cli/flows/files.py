"""Writing files the user asked for: atomically, and never over an existing file unless forced."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from irtele_cli.errors import IrteleError

Kind = Literal["markdown", "answers"]


@dataclass(frozen=True)
class FileRequest:
    """A file to write: the result as Markdown, or the answers; ``force`` allows replacing it."""

    kind: Kind
    path: Path
    force: bool


def refuse_overwrite(path: Path, force: bool) -> None:
    """Fail before any work is done when the target exists and --force was not given."""
    if path.exists() and not force:
        raise IrteleError(f"{path} already exists; use --force to overwrite it")
    if not path.parent.is_dir():
        raise IrteleError(f"{path}: directory {path.parent} does not exist")


def write_atomically(path: Path, text: str, force: bool) -> None:
    """Write via a temporary file in the same directory and rename it into place: no half-written file."""
    refuse_overwrite(path, force)
    import tempfile  # here, not at import: it costs start-up time on every run that writes nothing

    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise IrteleError(f"{path}: cannot write here: {error.strerror}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        Path(temporary).chmod(0o666 & ~_umask())  # mkstemp makes it private; a plan is meant to be shared
        Path(temporary).replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(temporary).unlink()
        raise


def write_files(files: list[tuple[Path, str, bool]]) -> list[Path]:
    """Write every requested file (path, text, force): the one writer of ``-o`` and ``--save-answers``."""
    for path, _, force in files:
        refuse_overwrite(path, force)
    for path, text, force in files:
        write_atomically(path, text, force)
    return [path for path, _, _ in files]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
