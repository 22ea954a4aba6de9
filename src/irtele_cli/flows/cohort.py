"""Reading a cohort: plan files and answers files, given one by one or by folder, each file one trainee.

A file that cannot be read is set aside with its one-line reason; the report is made from the rest.
Nothing personal is read beyond the answers the plan needs: a trainee is named by their file (or the
``title`` of a plan's front matter).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

from irtele_cli.core.cohort import TraineeInput, Unreadable
from irtele_cli.core.plan import SCHEMA_VERSION
from irtele_cli.errors import IrteleError
from irtele_cli.flows.keep import progress, read_plan
from irtele_cli.load.answers import build_profile, read_answers
from irtele_cli.load.documents import SUFFIXES, read_text

PLAN_SUFFIXES = (".md", ".markdown")


def cohort_files(paths: list[Path], recursive: bool = False) -> list[Path]:
    """The files to read, in order, each once: a folder gives its plan and answers files (sorted by name).

    The same file named twice (directly and through its folder, or by two spellings) counts once.
    """
    found: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            pattern = "**/*" if recursive else "*"
            candidates = sorted(
                (p for p in path.glob(pattern) if p.suffix.lower() in (*PLAN_SUFFIXES, *SUFFIXES) and p.is_file()),
                key=lambda p: p.as_posix(),
            )
        else:
            candidates = [path]
        for candidate in candidates:
            resolved = candidate.resolve()
            if resolved not in seen:
                seen.add(resolved)
                found.append(candidate)
    return found


def read_trainee(path: Path) -> TraineeInput:
    """One trainee from a plan file (its front matter's answers and its ticks) or an answers file."""
    if path.suffix.lower() in PLAN_SUFFIXES:
        kept = read_plan(path, SCHEMA_VERSION)
        origin = f"{path} (front matter)"
        profile = build_profile(kept.meta["answers"], dict.fromkeys(kept.meta["answers"], origin))
        title = kept.meta.get("title")
        name = title.strip() if isinstance(title, str) and title.strip() else path.stem
        return TraineeInput(id=name, file=str(path), profile=profile, progress=progress(kept))
    answers = read_answers(path)
    return TraineeInput(id=path.stem, file=str(path), profile=build_profile(answers, dict.fromkeys(answers, str(path))))


def read_cohort(paths: list[Path], recursive: bool = False) -> tuple[list[TraineeInput], list[Unreadable]]:
    """Every trainee that can be read, and every file that cannot, with its first problem as the reason."""
    trainees: list[TraineeInput] = []
    unreadable: list[Unreadable] = []
    for path in cohort_files(paths, recursive):
        if not path.exists() and not path.is_symlink():
            unreadable.append(Unreadable(file=str(path), reason="no such file or directory"))
            continue
        try:
            trainees.append(read_trainee(path))
        except IrteleError as error:
            if path.suffix.lower() in PLAN_SUFFIXES and _is_ilp(path):
                continue  # a learning plan page kept beside its plan ('plan --ilp'): no trainee of its own
            first = error.message.splitlines()[0] if error.message else "cannot be read"
            more = error.message.count("\n")
            reason = first.removeprefix(f"{path}: ") + (f" (and {more} more problems)" if more else "")
            unreadable.append(Unreadable(file=str(path), reason=reason))
        except OSError as error:
            unreadable.append(Unreadable(file=str(path), reason=f"cannot read: {error.strerror or error}"))
    names = Counter(trainee.id for trainee in trainees)  # two alice.md in two folders stay two trainees
    trainees = [replace(t, id=t.file) if names[t.id] > 1 else t for t in trainees]
    return trainees, unreadable


def _is_ilp(path: Path) -> bool:
    """A page 'irtele plan --ilp' wrote: its front matter says ``kind: ilp``."""
    try:
        head = read_text(path).replace("\r\n", "\n").split("\n---\n", 1)[0]
    except IrteleError:
        return False
    return head.startswith("---\n") and "\nkind: ilp\n" in head + "\n"
