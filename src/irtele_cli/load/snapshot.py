"""The bundled knowledge base, validated once when the wheel is built and loaded without re-validation.

Full validation of data/ costs more than the rest of a plan. The wheel's build hook (hatch_build.py)
validates it and pickles the result beside the package; at run time the snapshot is used only for
the bundled directory, only when its key still matches: the irtele and pydantic versions and a
digest of every data file. An edited data/, an editable install (no snapshot) or --kb validates in
full. Pickle rather than JSON: it restores the validated models exactly, private state included,
without a hand-written constructor; the file ships inside the package, as trusted as its code.
"""

import hashlib
import os
import pickle
from collections.abc import Iterator
from pathlib import Path

from irtele_cli import __version__
from irtele_cli.schema.knowledge import KnowledgeBase

SNAPSHOT_NAME = "kb-snapshot.pickle"
BUNDLED_SNAPSHOT = Path(__file__).parents[1] / SNAPSHOT_NAME


def snapshot_key(directory: Path) -> bytes:
    """What a snapshot was made from: the versions that shape the models, and every data file's bytes."""
    from pydantic.version import VERSION

    digest = hashlib.sha256()
    for name, path in sorted(_files(str(directory), "")):
        digest.update(os.fsencode(name) + b"\0" + Path(path).read_bytes() + b"\0")
    return f"irtele {__version__}; pydantic {VERSION}; data {digest.hexdigest()}".encode()


def _files(folder: str, prefix: str) -> Iterator[tuple[str, str]]:
    """Every file under a folder, as (its path from the top with '/', its path): os.scandir, a tenth of rglob's cost."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                yield from _files(entry.path, f"{prefix}{entry.name}/")
            elif entry.is_file():
                yield f"{prefix}{entry.name}", entry.path


def write_snapshot(kb: KnowledgeBase, directory: Path, target: Path) -> None:
    """The key on the first line, then the pickled knowledge base."""
    target.write_bytes(snapshot_key(directory) + b"\n" + pickle.dumps(kb, protocol=pickle.HIGHEST_PROTOCOL))


def read_snapshot(directory: Path, snapshot: Path = BUNDLED_SNAPSHOT) -> KnowledgeBase | None:
    """The snapshot's knowledge base if it was made from exactly this directory's files, else None."""
    try:
        with snapshot.open("rb") as file:
            key = file.readline().rstrip(b"\n")
            if key != snapshot_key(directory):
                return None
            kb = pickle.load(file)  # noqa: S301  # written by the build hook, shipped inside the package
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None  # no snapshot, or one this code cannot read: validate in full
    return kb if isinstance(kb, KnowledgeBase) else None
