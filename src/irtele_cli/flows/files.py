"""Writing files the user asked for: all or none, atomically, and never over a file unless forced.

Each file is first written in full to a temporary file beside it (flushed and synced), then every one
is put in place. Without --force a file is put in place by a hard link, which fails if a file of that
name appeared in the meantime; with --force the old file is kept aside until every file is in place.
Anything that fails, Ctrl-C included, undoes what was placed and removes the temporary files.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import time
from pathlib import Path
from typing import Literal, NamedTuple

from irtele_cli.errors import IrteleError

Kind = Literal["markdown", "answers", "ilp"]
TEMP_SUFFIX = ".irtele-tmp"
STALE_SECONDS = 60  # a temporary file of ours this old was left by a killed run: writing takes milliseconds
NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.EMLINK}


class FileRequest(NamedTuple):  # not a dataclass: start-up makes a NamedTuple in a sixth of the time
    """A file to write: the result as Markdown, or the answers; ``force`` allows replacing it."""

    kind: Kind
    path: Path
    force: bool


def refuse_overwrite(path: Path, force: bool) -> None:
    """Fail before any work is done: an existing file without --force, or anything that is not a file."""
    if not path.parent.is_dir():
        raise IrteleError(f"{path}: directory {path.parent} does not exist")
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode):
        raise IrteleError(f"{path} is a symbolic link; give the path of a regular file")
    if not stat.S_ISREG(info.st_mode):
        kind = "a directory" if stat.S_ISDIR(info.st_mode) else "a device or other special file"
        raise IrteleError(f"{path} is {kind}, not a regular file; give another name")
    if not force:
        raise IrteleError(f"{path} already exists; use --force to overwrite it")


def write_files(files: list[tuple[Path, str, bool]]) -> list[Path]:
    """Write every requested file (path, text, force): the one writer of ``-o`` and ``--save-answers``."""
    for path, _, force in files:
        refuse_overwrite(path, force)
    staged: list[_Staged] = []
    placed: list[_Staged] = []
    try:
        for path, text, force in files:
            _remove_stale(path)
            staged.append(_Staged(path, _write_temporary(path, text), force))
        for item in staged:
            item.place()
            placed.append(item)
        for item in staged:
            _sync_folder(item.path.parent)
    except BaseException:
        for item in reversed(placed):
            item.undo()
        for item in staged:
            item.discard()
        raise
    for item in staged:
        item.discard()
    return [path for path, _, _ in files]


class _Staged:
    """A file written in full beside its place; a plain class, as a dataclass costs start-up most of a millisecond."""

    __slots__ = ("backup", "force", "path", "replaced", "temporary")

    def __init__(self, path: Path, temporary: Path, force: bool) -> None:
        self.path, self.temporary, self.force = path, temporary, force
        self.backup: Path | None = None
        self.replaced = False

    def place(self) -> None:
        if not self.force:
            _link_new(self.temporary, self.path)
            return
        if self.path.exists():
            self.backup = self.temporary.with_name(self.temporary.name + ".old")
            try:
                os.link(self.path, self.backup)
            except OSError:
                self.backup = None  # no hard links here: the old file cannot be kept aside
            self.replaced = True
        self.temporary.replace(self.path)

    def undo(self) -> None:
        with contextlib.suppress(OSError):
            if self.backup is not None:
                self.backup.replace(self.path)
            elif not self.replaced:
                self.path.unlink()

    def discard(self) -> None:
        for leftover in (self.temporary, self.backup):
            if leftover is not None:
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()


def _link_new(source: Path, target: Path) -> None:
    """Put a file in place only if nothing has that name, even one created a moment ago."""
    try:
        os.link(source, target)
    except FileExistsError:
        raise IrteleError(f"{target} already exists; use --force to overwrite it") from None
    except OSError as error:
        if error.errno not in NO_HARD_LINKS:
            raise
        if os.path.lexists(target):  # a file system without hard links: check, then rename
            raise IrteleError(f"{target} already exists; use --force to overwrite it") from None
        source.rename(target)


def _write_temporary(path: Path, text: str) -> Path:
    import tempfile  # here, not at import: it costs start-up time on every run that writes nothing

    try:
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    except OSError as error:
        raise IrteleError(f"{path}: cannot write here: {error.strerror}") from None
    temporary = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        temporary.chmod(0o666 & ~_umask())  # mkstemp makes it private; a plan is meant to be shared
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise
    return temporary


def _remove_stale(path: Path) -> None:
    """Temporary files of ours for this name that a killed run left behind (SIGKILL leaves no chance to clean)."""
    now = time.time()
    for pattern in (f".{path.name}.*{TEMP_SUFFIX}", f".{path.name}.*{TEMP_SUFFIX}.old", f".{path.name}.*.tmp"):
        for leftover in path.parent.glob(_escaped(pattern)):
            with contextlib.suppress(OSError):
                if now - leftover.lstat().st_mtime > STALE_SECONDS and leftover.is_file():
                    leftover.unlink()


def _escaped(pattern: str) -> str:
    """A glob pattern whose file-name part matches literally ('[draft].md' is a name, not a class)."""
    import glob

    name, _, rest = pattern.partition(".*")
    return glob.escape(name) + ".*" + rest


def _sync_folder(folder: Path) -> None:
    """Make the new names durable: a crash after we said 'Wrote' must not lose the file."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
